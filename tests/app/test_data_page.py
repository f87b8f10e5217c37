"""The data page: templates, upload with every problem listed, import, exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmdash.store import DataStore
from tests.app.test_overview import run
from tests.conftest import SAMPLE_FILE

BAD = b"market,dimension,segment,year,metric,value\nx,region,EU,20x4,size,-3\nx,region,EU,2025,share,140\n"


def test_templates_and_exports_are_offered(data_dir: Path) -> None:
    at = run("pages/data.py")
    assert not at.exception
    keys = {b.key for b in at.get("download_button")}
    assert {"template_csv", "template_xlsx", "export_csv", "export_xlsx", "data_png"} <= keys


def test_a_bad_file_lists_every_problem_and_imports_nothing(data_dir: Path) -> None:
    at = run("pages/data.py")
    at.file_uploader(key="upload_0").set_value(("bad.csv", BAD, "text/csv")).run()
    assert any("cannot be imported" in e.value for e in at.error)
    problems = at.dataframe[0].value
    assert {(3, "value")} <= set(zip(problems["row"], problems["column"], strict=True))
    assert (2, "year") in set(zip(problems["row"], problems["column"], strict=True))
    assert [m.id for m in DataStore(data_dir).markets()] == ["personalized-medicine"]


def test_a_good_file_is_previewed_then_imported_and_becomes_active(data_dir: Path) -> None:
    at = run("pages/data.py")
    at.file_uploader(key="upload_0").set_value(
        ("sample.csv", SAMPLE_FILE.read_bytes(), "text/csv")
    ).run()
    assert any("is valid" in s.value for s in at.success)
    at.button(key="upload_import").click().run()
    assert not at.exception
    assert [m.id for m in DataStore(data_dir).markets()] == [
        "personalized-medicine",
        "sample-robotics",
    ]
    assert any("Imported" in s.value for s in at.success)
    assert at.session_state["market"] == "sample-robotics"


def test_replacing_a_market_needs_confirmation(store_with_both: DataStore) -> None:
    at = run("pages/data.py")
    at.file_uploader(key="upload_0").set_value(
        ("sample.csv", SAMPLE_FILE.read_bytes(), "text/csv")
    ).run()
    assert at.button(key="upload_import").disabled
    at.checkbox(key="upload_replace").check().run()
    assert not at.button(key="upload_import").disabled


def test_the_data_page_picks_the_active_market(store_with_both: DataStore) -> None:
    at = run("pages/data.py")
    at.selectbox(key="data_market_picker").set_value("sample-robotics").run()
    assert at.title[0].value == "Data"
    assert at.session_state["market"] == "sample-robotics"
    assert "4 · Export Sample robotics" in [h.value for h in at.subheader]


def test_with_no_market_the_template_and_import_come_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PMDASH_DATA_DIR", str(tmp_path / "empty"))
    at = run("pages/data.py")
    assert not at.exception
    assert [h.value for h in at.subheader] == [
        "1 · Start from the template",
        "2 · Import a market",
    ]
    assert {b.key for b in at.get("download_button")} == {"template_csv", "template_xlsx"}
    assert at.file_uploader(key="upload_0") is not None
    assert any("No market yet" in m.value for m in at.markdown)


def test_an_empty_template_says_which_sheet_was_read(data_dir: Path) -> None:
    from pmdash.export import template_xlsx

    at = run("pages/data.py")
    at.file_uploader(key="upload_0").set_value(("template.xlsx", template_xlsx(), "")).run()
    assert any("no data rows" in m for m in at.dataframe[0].value["message"])
    assert any("first sheet, 'figures'" in c.value for c in at.caption)


def test_a_random_binary_file_is_named_as_such_and_its_problem_wraps(data_dir: Path) -> None:
    at = run("pages/data.py")
    noise = bytes((i * 97 + 13) % 255 + 1 for i in range(400))
    at.file_uploader(key="upload_0").set_value(("figures.csv", noise, "text/csv")).run()
    table = at.dataframe[0]
    assert (
        list(table.value["message"])
        == [m for m in table.value["message"] if m.startswith("is not a CSV, XLSX or Parquet file")]
        and len(table.value) == 1
    )
    assert table.proto.row_height > 64  # above 4 rem the grid wraps a cell's text
