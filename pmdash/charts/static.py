"""Static images of figures (PNG) through kaleido, which drives the system Chromium."""

from __future__ import annotations

import importlib.util

import plotly.graph_objects as go

NO_CHROMIUM = "PNG export needs Chromium on the server (apt-get install chromium)"


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


def to_png(fig: go.Figure, width: int = 1200, height: int = 600, scale: float = 2.0) -> bytes:
    """The figure as a PNG (2× scale by default, crisp on slides)."""
    try:
        image = fig.to_image(format="png", width=width, height=height, scale=scale)
    except (RuntimeError, OSError, ValueError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise StaticExportUnavailable(f"{NO_CHROMIUM}: {message}") from exc
    return bytes(image)
