"""GET /health: a bare public status; details only with the health token; a broken
scenario database degrades (200) instead of taking the replica out (503)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from starlette.applications import Starlette

from pmdash import health, server
from pmdash.store import DataStore
from tests import asgi


def test_the_public_answer_is_the_status_word_only(data_dir: Path, tmp_path: Path) -> None:
    result = health.check(DataStore(data_dir), f"sqlite:///{tmp_path / 'ok.db'}")
    assert result.public() == {"status": "ok"} and result.status_code == 200
    details = result.to_dict()
    assert "personalized-medicine" in details["data"]["markets"] and ":" in details["replica"]


def test_a_corrupt_scenario_database_degrades_but_keeps_serving(
    data_dir: Path, tmp_path: Path
) -> None:
    corrupt = tmp_path / "bad.db"
    corrupt.write_bytes(b"not a database" * 100)
    result = health.check(DataStore(data_dir), f"sqlite:///{corrupt}")
    assert result.public() == {"status": "degraded"} and result.status_code == 200
    assert "not a database" in result.to_dict()["database"]["error"]


def test_unreadable_data_take_the_replica_out(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "manifest.json").write_text("{broken", encoding="utf-8")
    result = health.check(DataStore(tmp_path / "data"), f"sqlite:///{tmp_path / 'ok.db'}")
    assert result.public() == {"status": "unavailable"} and result.status_code == 503


TOKEN = "a-health-token-of-32-characters!"


@pytest.fixture
def with_token(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMDASH_HEALTH_TOKEN", TOKEN)


def _get(headers: list[tuple[bytes, bytes]]) -> tuple[int, dict[str, object]]:
    """``GET /health`` through the server's routes."""
    answer = asgi.get(Starlette(routes=server.routes()), "/health", headers)
    return answer.status, json.loads(answer.body)


@pytest.mark.usefixtures("with_token")
def test_the_route_answers_anyone_with_the_status_word_only() -> None:
    assert _get([]) == (200, {"status": "ok"})
    assert _get([(b"x-pmdash-health-token", b"guess-guess-guess-guess")]) == (
        200,
        {"status": "ok"},
    )


@pytest.mark.usefixtures("with_token")
def test_the_route_shows_the_details_to_the_token() -> None:
    status, body = _get([(b"x-pmdash-health-token", TOKEN.encode())])
    assert status == 200 and body["status"] == "ok"
    assert {"replica", "data", "database"} <= set(body)


@pytest.mark.usefixtures("data_dir")
def test_without_a_token_configured_nobody_sees_details() -> None:
    assert _get([(b"x-pmdash-health-token", b"")]) == (200, {"status": "ok"})
