"""GET /health: a bare public status; details only with the health token; a broken
scenario database degrades (200) instead of taking the replica out (503)."""

from __future__ import annotations

from pathlib import Path

from pmdash import health
from pmdash.store import DataStore


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
