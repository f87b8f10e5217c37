"""One Streamlit session over the app's own websocket, spoken the way the browser speaks it,
so that one process can drive many sessions cheaply (see load_sessions).

    session = await Session.connect("http://127.0.0.1:8501", "scenarios")
    step = await session.step_slider(+1)    # the page's first slider, one step right
    step.seconds, step.errors, step.kpi_before, step.kpi_after
    await session.close()

The browser's handshake: GET /_stcore/health sets the ``_streamlit_xsrf`` cookie; the
websocket at /_stcore/stream is opened with that cookie, a same-origin Origin header
and the subprotocols ``["streamlit", <xsrf cookie>]``. Every run is a ``rerun_script``
BackMsg (ClientState) and ends with a ``script_finished`` ForwardMsg. A slider inside an
``st.fragment`` reruns only that fragment, as in the browser. Cacheable elements are
kept and their hashes sent back, so the server may answer with ``ref_hash`` references.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Origin, Subprotocol

XSRF_COOKIE = "_streamlit_xsrf"
TIMEOUT_S = 60.0
EARLY = ForwardMsg.FINISHED_EARLY_FOR_RERUN
FAILED = ForwardMsg.FINISHED_WITH_COMPILE_ERROR
DeltaPath = tuple[int, ...]


@dataclass
class Shown:
    """An element on the page: what it is, and the fragment that drew it ("" outside one)."""

    element: Element
    fragment_id: str
    run: int


@dataclass
class Run:
    """One script run as the client saw it: time from sending to ``script_finished``."""

    seconds: float
    status: int
    fragment_ids: list[str]
    errors: list[str] = field(default_factory=list)


@dataclass
class Step:
    """One slider move: its run (the fragments it reran), and the page's KPI before and after."""

    seconds: float
    errors: list[str]
    kpi_before: str
    kpi_after: str
    fragment_ids: list[str]


def xsrf_cookie(base: str) -> str:
    """The XSRF cookie the health endpoint sets, as the browser gets it before connecting."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only
    with opener.open(f"{base}/_stcore/health", timeout=TIMEOUT_S) as response:
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == XSRF_COOKIE:
                return rest.split(";")[0]
    return ""


class MessageCache:
    """The browser's ForwardMsg cache: cacheable elements by hash, aged by script runs."""

    def __init__(self) -> None:
        self.messages: dict[str, tuple[bytes, int, str]] = {}
        self.runs = 0

    def resolve(self, msg: ForwardMsg, raw: bytes) -> ForwardMsg:
        """Keep a cacheable message; replace a ``ref_hash`` by the message it names."""
        if msg.WhichOneof("type") != "ref_hash":
            if msg.metadata.cacheable and msg.hash not in self.messages:
                self.messages[msg.hash] = (raw, self.runs, msg.delta.fragment_id)
            return msg
        if msg.ref_hash not in self.messages:
            raise LookupError(f"cached ForwardMsg miss (hash {msg.ref_hash})")
        raw_cached, _, fragment = self.messages[msg.ref_hash]
        self.messages[msg.ref_hash] = (raw_cached, self.runs, fragment)
        cached = ForwardMsg.FromString(raw_cached)
        cached.metadata.CopyFrom(msg.metadata)
        return cached

    def finish_run(self, max_age: int, fragment_ids: list[str]) -> None:
        """Age the cache after a run; a fragment run ages only that fragment's messages."""
        self.runs += 1
        for key, (_, seen, fragment) in list(self.messages.items()):
            if fragment_ids and fragment not in fragment_ids:
                continue
            if self.runs - seen > max_age:
                del self.messages[key]


class Session:
    """A browser-less Streamlit session on one page of a running app."""

    def __init__(self, socket: ClientConnection, base: str, page: str, query: str) -> None:
        self.socket, self.base, self.page, self.query = socket, base, page, query
        self.page_hash = ""
        self.max_cache_age = 2
        self.cache = MessageCache()
        self.shown: dict[DeltaPath, Shown] = {}
        self.values: dict[str, list[float]] = {}  # slider id -> value (select slider: indices)
        self.sent: dict[str, WidgetState] = {}  # widget states this session has set
        self.runs = 0
        self.reports = 0  # studio reports sent (their sequence numbers)

    @classmethod
    async def connect(cls, base: str, page: str, query: str = "") -> tuple[Session, Run]:
        """Open the websocket and run the page once, as a browser opening ``base/page?query``."""
        cookie = await asyncio.to_thread(xsrf_cookie, base)
        host = base.split("://", 1)[1]
        socket = await connect(
            f"ws://{host}/_stcore/stream",
            origin=Origin(base),
            subprotocols=[Subprotocol(p) for p in ("streamlit", cookie) if p],
            additional_headers={"Cookie": f"{XSRF_COOKIE}={cookie}"} if cookie else None,
            proxy=None,
            open_timeout=TIMEOUT_S,
            ping_interval=None,  # the browser sends no websocket pings
            max_size=None,
        )
        session = cls(socket, base, page, query)
        return session, await session.run()

    async def close(self) -> None:
        await self.socket.close()

    async def run(self, fragment_id: str = "") -> Run:
        """Send ``rerun_script`` with this session's widget states; wait for the run's end."""
        msg = BackMsg()
        self._client_state(msg.rerun_script, fragment_id)
        start = time.monotonic()
        await self.socket.send(msg.SerializeToString())
        try:
            async with asyncio.timeout(TIMEOUT_S):
                return await self._receive_run(start)
        except TimeoutError:
            raise TimeoutError(f"/{self.page}: no script_finished in {TIMEOUT_S:.0f} s") from None

    def _client_state(self, state: ClientState, fragment_id: str) -> None:
        state.query_string = self.query
        state.page_script_hash = self.page_hash
        state.page_name = "" if self.page_hash else self.page
        state.fragment_id = fragment_id
        state.widget_states.widgets.extend(self.sent.values())
        state.cached_message_hashes.extend(self.cache.messages)
        info = state.context_info
        info.timezone, info.timezone_offset, info.locale = "UTC", 0, "en-US"
        info.url = f"{self.base}/{self.page}" + (f"?{self.query}" if self.query else "")
        info.is_embedded, info.color_scheme = False, "light"

    async def _receive_run(self, start: float) -> Run:
        errors: list[str] = []
        started = False
        while True:
            raw = await self.socket.recv(decode=False)
            msg = self.cache.resolve(ForwardMsg.FromString(raw), raw)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                started = True
                self.runs += 1
                self.max_cache_age = msg.new_session.config.max_cached_message_age or 2
                if not msg.metadata.run.fragment_ids:  # a full run names the page afresh
                    self.page_hash = msg.new_session.page_script_hash
            elif kind == "navigation" and msg.navigation.page_script_hash:
                self.page_hash = msg.navigation.page_script_hash
            elif kind == "delta":
                errors += self._apply_delta(msg)
            elif kind == "page_not_found":
                errors.append(f"page not found: {msg.page_not_found.page_name or self.page}")
            elif kind == "session_event" and msg.session_event.HasField(
                "script_compilation_exception"
            ):
                errors.append(_exception_text(msg.session_event.script_compilation_exception))
            elif kind == "script_finished" and started and msg.script_finished != EARLY:
                return self._finish(msg, start, errors)

    def _finish(self, msg: ForwardMsg, start: float, errors: list[str]) -> Run:
        fragment_ids = list(msg.metadata.run.fragment_ids)
        self._drop_stale(fragment_ids)
        self.cache.finish_run(self.max_cache_age, fragment_ids)
        if msg.script_finished == FAILED:
            errors.append("script finished with a compile error")
        return Run(time.monotonic() - start, msg.script_finished, fragment_ids, errors)

    def _apply_delta(self, msg: ForwardMsg) -> list[str]:
        """Record what the delta draws; an exception element is an error."""
        delta = msg.delta
        if delta.WhichOneof("type") != "new_element":
            return []
        element = delta.new_element
        self.shown[tuple(msg.metadata.delta_path)] = Shown(element, delta.fragment_id, self.runs)
        if element.WhichOneof("type") == "slider":
            self._track_slider(element.slider)
        if element.WhichOneof("type") == "exception":
            return [_exception_text(element.exception)]
        return []

    def _track_slider(self, slider: Slider) -> None:
        """The browser's value: the server's when it sets one, else its own, else the default."""
        if slider.set_value:
            if slider.type == Slider.SELECT_SLIDER:
                options = list(slider.options)
                self.values[slider.id] = [float(options.index(v)) for v in slider.raw_value]
            else:
                self.values[slider.id] = list(slider.value)
        self.values.setdefault(slider.id, list(slider.default))

    def _drop_stale(self, fragment_ids: list[str]) -> None:
        """Forget elements the run did not draw again (within the rerun fragments)."""
        for path, shown in list(self.shown.items()):
            in_run = not fragment_ids or shown.fragment_id in fragment_ids
            if in_run and shown.run != self.runs:
                del self.shown[path]

    def sliders(self) -> list[tuple[Slider, str]]:
        """The page's sliders in page order, each with its fragment id."""
        return [
            (s.element.slider, s.fragment_id)
            for _, s in sorted(self.shown.items())
            if s.element.WhichOneof("type") == "slider" and not s.element.slider.disabled
        ]

    def kpi(self, fragment_id: str = "") -> str:
        """The page's first metric; on a page without one, the first heading in the fragment."""
        ordered = [s for _, s in sorted(self.shown.items())]
        for shown in ordered:
            if shown.element.WhichOneof("type") == "metric":
                return f"{shown.element.metric.label}: {shown.element.metric.body}"
        for shown in ordered:
            if shown.element.WhichOneof("type") == "heading" and shown.fragment_id == fragment_id:
                return shown.element.heading.body
        return ""

    def studio(self) -> tuple[Any, str] | None:
        """The browser-side studio (a components v2 element) and its fragment id, if shown."""
        for _, shown in sorted(self.shown.items()):
            if shown.element.WhichOneof("type") == "bidi_component":
                return shown.element.bidi_component, shown.fragment_id
        return None

    async def step_studio(self, direction: int) -> Step:
        """What the studio in a browser sends when the user pauses after a growth step:
        the scenario's parameters, every region's growth 0.1 point up or down."""
        found = self.studio()
        assert found is not None, f"/{self.page}: no slider and no studio"
        component, fragment_id = found
        data = json.loads(component.json)
        rate = data["scenario"]["cagr"]
        rate = round((6.6 if rate is None else rate) + direction * 0.1, 1)
        self.reports += 1
        report = {"params": {"preset": "custom", "cagr": str(rate)},
                  "seq": self.reports, "rev": data["rev"]}  # fmt: skip
        self.sent[component.id] = WidgetState(
            id=component.id, json_value=json.dumps({"scenario": report})
        )
        before = self.kpi(fragment_id)
        run = await self.run(fragment_id)
        after = self.kpi(fragment_id)
        errors = list(run.errors)
        if after == before:
            errors.append(f"/{self.page}: the studio's report left the KPI at {before!r}")
        return Step(run.seconds, errors, before, after, run.fragment_ids)

    async def step_slider(self, direction: int, index: int = 0) -> Step:
        """Move the page's ``index``-th slider one step (the other way at its end); on a
        page whose controls are the browser-side studio, send its report instead."""
        if not self.sliders():
            return await self.step_studio(direction)
        slider, fragment_id = self.sliders()[index]
        before = self.kpi(fragment_id)
        self.values[slider.id] = _moved(slider, self.values[slider.id], direction)
        self.sent[slider.id] = _widget_state(slider, self.values[slider.id])
        run = await self.run(fragment_id)
        after = self.kpi(fragment_id)
        errors = list(run.errors)
        if after == before:
            errors.append(f"/{self.page}: moving {_key(slider.id)} left the KPI at {before!r}")
        return Step(run.seconds, errors, before, after, run.fragment_ids)


def _moved(slider: Slider, value: list[float], direction: int) -> list[float]:
    """The first thumb one step in ``direction``, or the other way when that leaves the range."""
    high = value[1] if len(value) > 1 else slider.max
    moved = round(value[0] + direction * slider.step, 6)
    if not slider.min <= moved <= high:
        moved = round(value[0] - direction * slider.step, 6)
    return [moved, *value[1:]]


def _widget_state(slider: Slider, value: list[float]) -> WidgetState:
    """A slider's value as the browser sends it: numbers, or a select slider's option labels."""
    state = WidgetState(id=slider.id)
    if slider.type == Slider.SELECT_SLIDER:
        state.string_array_value.data.extend(slider.options[int(i)] for i in value)
    else:
        state.double_array_value.data.extend(value)
    return state


def _key(widget_id: str) -> str:
    """The user key at the end of a keyed widget's id (``$$ID-<hash>-<key>``)."""
    return widget_id.split("-", 2)[-1]


def _exception_text(exc: Any) -> str:
    where = " ".join(exc.stack_trace[-1].split()) if exc.stack_trace else ""
    return f"{exc.type}: {exc.message[:300]}" + (f" (at {where})" if where else "")
