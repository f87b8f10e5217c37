"""The app for a server: app.py plus ``GET /health`` for the load balancer.

    streamlit run serve.py --server.address 127.0.0.1 --server.port 8501

serves the same pages as ``streamlit run app.py`` (see docs/deploy.md).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from pmdash import config, health, logs, warmup


async def _health(_request: Request) -> JSONResponse:
    result = await run_in_threadpool(health.check)
    return JSONResponse(result.to_dict(), status_code=200 if result.ok else 503)


try:
    settings = config.load()
except config.ConfigError as error:
    raise SystemExit("pmdash: cannot start:\n  " + "\n  ".join(error.problems)) from None
logs.configure()
logs.event("start", **settings.redacted())


@asynccontextmanager
async def _lifespan(_app: st.App) -> AsyncIterator[None]:
    warmup.warm_in_background()  # imports and the manifest, before the first visitor
    yield


app = st.App("app.py", routes=[Route("/health", _health)], lifespan=_lifespan)

if __name__ == "__main__":
    app.run()
