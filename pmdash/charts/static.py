"""Static images of figures (PNG) through kaleido, which drives the system Chromium.

Starting Chromium costs seconds, so one renderer is kept warm: a Chromium started on
the first export (or by :func:`warm_up`) on a thread of its own, serving every later
export; exports queue for it one at a time. Every picture carries a title and the
source line the figure's builder recorded (:func:`pmdash.charts.theme.set_export_info`),
on a white background whatever the screen's theme.
"""

from __future__ import annotations

import asyncio
import importlib.util
import threading
from concurrent.futures import Future
from typing import Any, Final

import plotly.graph_objects as go

from pmdash.charts.theme import FONT, INK, export_info

NO_CHROMIUM = "PNG export needs Chromium on the server (apt-get install chromium)"
RENDER_TIMEOUT_S: Final = 60.0
SOURCE_PREFIX: Final = "Source: "
MADE_WITH: Final = "Chart: pmdash"


class StaticExportUnavailable(RuntimeError):
    """Raised when no Chromium is available for kaleido to render with."""


def unavailable_reason() -> str | None:
    """Why PNG export cannot work on this machine, or ``None`` when it can.

    Cheap (no browser is started): kaleido must be installed and a Chromium found
    where kaleido looks for one (``BROWSER_PATH``, ``PATH``, kaleido's own download).
    """
    if importlib.util.find_spec("kaleido") is None:
        return "PNG export needs the kaleido package (pip install kaleido)"
    try:
        from choreographer.browsers.chromium import Chromium
    except ImportError:
        return None  # another kaleido backend: let the render itself decide
    return None if Chromium.find_browser(skip_local=False) else NO_CHROMIUM


def for_export(
    fig: go.Figure, width: int = 1200, height: int = 600, *, source: str | None = None
) -> go.Figure:
    """A copy of the figure as a picture shows it: its title on top, its source line
    under it, a white background. The figure itself is not changed.

    The title is the one recorded by the builder, else the figure's own title; the
    source line names ``source`` (when given), else the source the builder recorded,
    then pmdash.
    """
    title, recorded = export_info(fig)
    source = source or recorded
    copy = go.Figure(fig)
    own_title = copy.layout.title.text if copy.layout.title else None
    title = title or own_title or ""
    credit = _fit(f"{SOURCE_PREFIX}{source} · {MADE_WITH}" if source else MADE_WITH, width)
    muted = {"size": 12, "color": "#5B6478", "family": FONT}
    # The source line sits under the title (plotly's subtitle), where nothing else is
    # drawn: at the bottom it met legends that wrap into more rows on a narrow picture.
    heading = (
        {"text": title, "font": {"size": 18, "color": INK, "family": FONT},
         "subtitle": {"text": credit, "font": muted}}
        if title
        else {"text": credit, "font": muted}
    )  # fmt: skip
    copy.update_layout(
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"t": max(int(copy.layout.margin.t or 0), 92 if title else 52)},
        title={**heading, "x": 0.01, "xanchor": "left", "y": 0.98, "yanchor": "top"},
    )
    return copy


def _fit(text: str, width: int) -> str:
    """The source line cut to what fits across ``width`` pixels at 11 px."""
    limit = max(40, width // 6)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def to_png(
    fig: go.Figure,
    width: int = 1200,
    height: int = 600,
    scale: float = 2.0,
    *,
    source: str | None = None,
) -> bytes:
    """The figure as a PNG (2× scale by default, crisp on slides), with its title and
    source line (:func:`for_export`; ``source`` for a figure whose builder cannot know
    it, e.g. a scenario chart), drawn by the warm renderer."""
    return to_image(fig, width=width, height=height, scale=scale, source=source)


def to_image(
    fig: go.Figure,
    *,
    width: int = 1200,
    height: int = 600,
    scale: float = 2.0,
    fmt: str = "png",
    decorate: bool = True,
    source: str | None = None,
) -> bytes:
    """The figure as a picture (``fmt`` png or svg) by the warm renderer; ``decorate``
    adds the title and source line (:func:`for_export`), else only a white background."""
    shown = (
        for_export(fig, width, height, source=source)
        if decorate
        else go.Figure(fig).update_layout(paper_bgcolor="white", plot_bgcolor="white")
    )
    spec = shown.to_plotly_json()
    opts = {"format": fmt, "width": width, "height": height, "scale": scale}
    try:
        image = _RENDERER.render(spec, opts)
    except (RuntimeError, OSError, ValueError, TimeoutError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise StaticExportUnavailable(f"{NO_CHROMIUM}: {message}") from exc
    return bytes(image)


def warm_up() -> None:
    """Start the renderer's Chromium now (in the background), so the first export is quick."""
    _RENDERER.start()


class _WarmRenderer:
    """One kaleido (one Chromium, one tab) on its own thread and event loop, started once.

    ``render`` may be called from any thread: the work is handed to the renderer's loop
    and kaleido's tab queue takes the calls one at a time. A renderer whose Chromium died
    is started afresh on the next call.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido: Any = None
        self._ready: Future[None] | None = None

    def start(self) -> Future[None]:
        with self._lock:
            if self._ready is not None and not (
                self._ready.done() and self._ready.exception() is not None
            ):
                return self._ready
            ready: Future[None] = Future()
            self._ready = ready
            threading.Thread(target=self._serve, args=(ready,), daemon=True).start()
            return ready

    def _serve(self, ready: Future[None]) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            # mathjax=False: no MathJax from a CDN (no network here, and no chart uses it).
            renderer = _kaleido_class()(n=1, timeout=RENDER_TIMEOUT_S, mathjax=False)
            loop.run_until_complete(renderer.open())
        except Exception as exc:  # handed to the caller as a value
            ready.set_exception(exc)
            loop.close()
            return
        self._loop, self._kaleido = loop, renderer
        ready.set_result(None)
        loop.run_forever()

    def render(self, spec: dict[str, Any], opts: dict[str, Any]) -> bytes:
        self.start().result(timeout=RENDER_TIMEOUT_S)
        assert self._loop is not None
        job = asyncio.run_coroutine_threadsafe(self._kaleido.calc_fig(spec, opts=opts), self._loop)
        try:
            return bytes(job.result(timeout=RENDER_TIMEOUT_S))
        except Exception:
            self._restart()
            raise

    def _restart(self) -> None:
        """Forget a renderer that failed, so the next export starts a fresh Chromium."""
        with self._lock:
            loop, renderer = self._loop, self._kaleido
            self._ready, self._loop, self._kaleido = None, None, None
        if loop is not None and renderer is not None:
            asyncio.run_coroutine_threadsafe(renderer.close(), loop)
            loop.call_soon_threadsafe(loop.stop)


def _kaleido_class() -> type[Any]:
    """kaleido's ``Kaleido``, but one that hands a picture back before it reloads its tab.

    kaleido reloads the tab (and with it plotly.js) after every picture, and only then
    returns the picture: a second a picture on this machine. Here the reload runs in the
    background and the next picture waits for the tab as kaleido's own queue already
    makes it do. Should kaleido rename the hook, its own (slower) order is kept.
    """
    import kaleido

    base: type[Any] = kaleido.Kaleido
    if not hasattr(base, "_return_kaleido_tab"):
        return base

    class ReturnEarly(base):  # type: ignore[misc]
        async def _return_kaleido_tab(self, tab: Any) -> None:
            reload = asyncio.ensure_future(super()._return_kaleido_tab(tab))
            _PENDING.add(reload)
            reload.add_done_callback(_PENDING.discard)

    return ReturnEarly


_PENDING: Final[set[asyncio.Future[None]]] = set()  # background reloads, kept from the GC
_RENDERER: Final = _WarmRenderer()
