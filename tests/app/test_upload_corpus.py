"""Every file of the bad-input corpus uploaded on the /data page: its problems listed,
no exception, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, snapshot
from tests.corpus.make_corpus import BAD

FILES = sorted(p for p in BAD.iterdir() if p.suffix in {".csv", ".xlsx", ".parquet"})


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_a_bad_upload_lists_its_problems_and_writes_nothing(data_dir: Path, path: Path) -> None:
    before = snapshot(data_dir)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="upload_0").set_value(
        (path.name, path.read_bytes(), "application/octet-stream")
    ).run()
    assert not at.exception
    shown = [e.value.replace("\\", "") for e in at.error]  # markdown escapes removed
    assert any(path.name in text and "cannot be imported" in text for text in shown)
    assert snapshot(data_dir) == before
