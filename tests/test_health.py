"""/health: a bare status for anyone, the details only with the health token."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.types import Message

from pmdash import health, server
from pmdash.store import DataStore

TOKEN = "a-health-token-of-32-characters!"
ROOT = Path(__file__).resolve().parents[1]


def _get(headers: list[tuple[bytes, bytes]]) -> tuple[int, dict[str, object]]:
    sent: list[Message] = []
    scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.4"},
             "method": "GET", "path": "/health", "raw_path": b"/health", "query_string": b"",
             "headers": headers, "http_version": "1.1", "scheme": "http",
             "server": ("test", 80), "client": ("test", 1), "root_path": ""}  # fmt: skip
    requests = iter([{"type": "http.request", "body": b"", "more_body": False}])

    async def receive() -> Message:
        return next(requests, {"type": "http.disconnect"})

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(Starlette(routes=server.routes())(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return int(start["status"]), json.loads(body)


@pytest.fixture(autouse=True)
def _settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PMDASH_DATA_DIR", str(ROOT / "data"))
    monkeypatch.setenv("PMDASH_DATABASE_URL", f"sqlite:///{tmp_path / 'scenarios.db'}")
    monkeypatch.setenv("PMDASH_HEALTH_TOKEN", TOKEN)


def test_anyone_gets_the_status_word_only() -> None:
    assert _get([]) == (200, {"status": "ok"})


def test_a_wrong_token_gets_the_status_word_only() -> None:
    assert _get([(b"x-pmdash-health-token", b"guess-guess-guess-guess")]) == (
        200,
        {"status": "ok"},
    )


def test_the_token_shows_replica_data_and_database() -> None:
    status, body = _get([(b"x-pmdash-health-token", TOKEN.encode())])
    assert status == 200 and body["status"] == "ok"
    assert {"replica", "data", "database"} <= set(body)


def test_without_a_token_configured_nobody_sees_details(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PMDASH_HEALTH_TOKEN")
    assert _get([(b"x-pmdash-health-token", b"")]) == (200, {"status": "ok"})


def test_a_corrupt_scenario_database_is_degraded_not_down(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(b"not sqlite" * 100)
    result = health.check(DataStore(ROOT / "data"), f"sqlite:///{path}")
    assert (result.status, result.status_code) == ("degraded", 200)
    assert result.public() == {"status": "degraded"}
