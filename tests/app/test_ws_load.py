"""Concurrent websocket sessions on a running app (the load test's client, briefly):
every slider step reruns only its fragment and moves the page's KPI."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from tests.e2e.harness import ROOT, streamlit_server
from tests.load.ws_client import Session, Step

PAGES = ("scenarios", "scenarios", "segments")


async def slide(base: str, page: str, seconds: float) -> list[Step]:
    """Open ``page`` and move its first slider back and forth for ``seconds``."""
    session, first = await Session.connect(base, page)
    assert first.errors == []
    steps: list[Step] = []
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            steps.append(await session.step_slider(1 if len(steps) % 2 == 0 else -1))
    finally:
        await session.close()
    return steps


async def sessions(base: str, seconds: float) -> list[list[Step]]:
    return await asyncio.gather(*(slide(base, page, seconds) for page in PAGES))


def test_concurrent_sessions_move_the_kpi_on_every_step(data_dir: Path, tmp_path: Path) -> None:
    full = ("--client.showErrorDetails", "full")
    with streamlit_server(ROOT / "app.py", {}, tmp_path / "streamlit.log", *full) as (base, _):
        results = asyncio.run(sessions(base, seconds=5.0))
    for page, steps in zip(PAGES, results, strict=True):
        assert steps, f"/{page}: no step finished"
        assert [error for step in steps for error in step.errors] == []
        assert all(step.kpi_before != step.kpi_after for step in steps)
        assert all(step.fragment_ids for step in steps), f"/{page}: a step reran the whole page"
