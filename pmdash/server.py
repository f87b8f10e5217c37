"""What the server adds around the pages, for ``streamlit run app.py`` and ``serve.py``.

Both files hand Streamlit an ``st.App`` (its ASGI mode) built from these parts:
settings checked once at start (a bad value stops the server with every problem
listed), JSON logs, security headers on every response (:class:`SecurityHeaders`),
gzip for browsers that ask, ``GET /health`` for load balancers, and a lifespan hook
that warms imports and the manifest before the first visitor (:mod:`pmdash.warmup`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib.util
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Final

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pmdash import config, health, logs, warmup
from pmdash.compression import Compression

HEALTH_TOKEN_HEADER: Final = "X-Pmdash-Health-Token"
# Streamlit's page, found without importing streamlit here (only the UI layer does).
_STREAMLIT = importlib.util.find_spec("streamlit")
_INDEX_HTML: Final = Path(str(_STREAMLIT and _STREAMLIT.origin)).parent / "static" / "index.html"
_INLINE_SCRIPT: Final = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)


def inline_script_hashes(index_html: str) -> list[str]:
    """CSP sources (``'sha256-…'``) for the inline scripts of Streamlit's ``index.html``.

    >>> inline_script_hashes("<script>x = 1</script><script src='a.js'></script>")
    ["'sha256-j/Q23vFFEoVZmhsa1wgASTuNyv3ikS4aODRWMwVOTCY='"]
    """
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(index_html)
    ]


def content_security_policy(index_html: str | None = None) -> str:
    """The Content-Security-Policy for every response: this origin only, never framed elsewhere.

    Streamlit's frontend needs inline styles (its CSS-in-JS), one inline script in
    its ``index.html`` (allowed by hash, not by ``'unsafe-inline'``), WebAssembly
    (its protobuf decoder; ``'wasm-unsafe-eval'`` allows no JavaScript ``eval``), ``blob:``
    scripts (how a browser-side component's JS is loaded), ``data:`` and
    ``blob:`` images (plotly, downloads) and its websocket to this origin (``'self'``
    covers ``ws:``/``wss:`` to the same host). No remote host is allowed anywhere,
    so text or data can never make the browser fetch from elsewhere.
    """
    html = index_html if index_html is not None else _INDEX_HTML.read_text(encoding="utf-8")
    directives = {
        "default-src": ["'self'"],
        # blob: is how Streamlit loads an st.components.v2 component's JS (the studio):
        # a blob can only be made by script already running here, so no outside code.
        "script-src": ["'self'", "blob:", "'wasm-unsafe-eval'", *inline_script_hashes(html)],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def security_headers() -> dict[str, str]:
    """The headers :class:`SecurityHeaders` puts on every HTTP response."""
    return {
        "Content-Security-Policy": content_security_policy(),
        "X-Frame-Options": "SAMEORIGIN",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }


class SecurityHeaders:
    """ASGI middleware: :func:`security_headers` on every HTTP response, static files included.

    Outermost in the stack (``st.App`` runs user middleware before its own), so
    Streamlit's pages, assets, media, uploads and the routes of :func:`routes` all get
    them; a header a route set itself is replaced, never doubled.
    """

    def __init__(self, app: ASGIApp, headers: dict[str, str] | None = None) -> None:
        self.app = app
        self.headers = headers if headers is not None else security_headers()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def start() -> None:
    """Check the settings and configure logging; exit with the problems if any."""
    try:
        settings = config.current()
    except config.ConfigError as error:
        raise SystemExit("pmdash: cannot start:\n  " + "\n  ".join(error.problems)) from None
    logs.configure()
    logs.event("start", **settings.redacted())


async def _health(request: Request) -> JSONResponse:
    result = await run_in_threadpool(health.check)
    body = result.to_dict() if _may_see_details(request) else result.public()
    return JSONResponse(body, status_code=result.status_code)


def _may_see_details(request: Request) -> bool:
    token = config.current().health_token
    given = request.headers.get(HEALTH_TOKEN_HEADER, "")
    return token is not None and hmac.compare_digest(given.encode(), token.encode())


def routes() -> list[BaseRoute]:
    """The routes served beside the pages: ``GET /health``."""
    return [Route("/health", _health)]


def middleware() -> list[Middleware]:
    """Around every request, outermost first: :class:`SecurityHeaders`, then gzip for
    browsers that ask (:mod:`pmdash.compression`)."""
    return [Middleware(SecurityHeaders), Middleware(Compression)]


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """Warm imports and the manifest in a thread while the server starts accepting."""
    warmup.warm_in_background()
    yield
