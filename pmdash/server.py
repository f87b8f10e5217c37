"""What the server adds around the pages, for ``streamlit run app.py`` and ``serve.py``.

Both files hand Streamlit an ``st.App`` (its ASGI mode) built from these parts:
settings checked once at start (a bad value stops the server with every problem
listed), JSON logs, gzip for browsers that ask, ``GET /health`` for load balancers,
and a lifespan hook that warms imports and the manifest before the first visitor (:mod:`pmdash.warmup`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from pmdash import config, health, logs, warmup
from pmdash.compression import Compression


def start() -> None:
    """Check the settings and configure logging; exit with the problems if any."""
    try:
        settings = config.load()
    except config.ConfigError as error:
        raise SystemExit("pmdash: cannot start:\n  " + "\n  ".join(error.problems)) from None
    logs.configure()
    logs.event("start", **settings.redacted())


async def _health(_request: Request) -> JSONResponse:
    result = await run_in_threadpool(health.check)
    return JSONResponse(result.to_dict(), status_code=200 if result.ok else 503)


def routes() -> list[BaseRoute]:
    """The routes served beside the pages: ``GET /health``."""
    return [Route("/health", _health)]


def middleware() -> list[Middleware]:
    """Around every request: gzip for browsers that ask (:mod:`pmdash.compression`)."""
    return [Middleware(Compression)]


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """Warm imports and the manifest in a thread while the server starts accepting."""
    warmup.warm_in_background()
    yield
