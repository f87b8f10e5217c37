"""/data, "From a report page": paste or upload a page, review its figures, see the
problems and the audit before import, import; bad files and hostile pages."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pmdash.store import DataStore
from tests.app.test_overview import run, shown
from tests.conftest import ROOT
from tests.corpus.hostile_market import DEFAULT_IMAGE_HOST, hostile_texts
from tests.markup import page_injections

REPORTS = ROOT / "tests" / "corpus" / "reports"
SEED_PAGE = ROOT / "tests" / "corpus" / "seed" / "personalized-medicine.txt"


def report_tab() -> AppTest:
    at = run("pages/data.py")
    at.session_state["data_import_tab"] = "From a report page"
    return at.run()


def pasted(text: str) -> AppTest:
    at = report_tab()
    at.text_area(key="report_text_0").input(text)
    return at.button(key="report_find").click().run()


def uploaded(name: str, data: bytes) -> AppTest:
    at = report_tab()
    return at.file_uploader(key="report_file_0").set_value((name, data, "")).run()


def edit(at: AppTest, **state: object) -> AppTest:
    """The review table as the browser reports an edit (rows by position from 0)."""
    at.session_state[at.data_editor[0].key] = {
        "edited_rows": {}, "added_rows": [], "deleted_rows": [], **state,
    }  # fmt: skip
    return at.run()


def field(at: AppTest, label: str) -> object:
    return next(t for t in at.text_input if t.label == label)


def problems_shown(at: AppTest) -> object:
    """The problems table (the review table is a data frame too, an editable one)."""
    return next(d for d in at.dataframe if d.editing_mode == "read_only").value


def bodies(at: AppTest) -> str:
    return "\n".join(shown(e.value) for e in [*at.error, *at.warning, *at.success, *at.info])


def test_the_seed_page_pasted_proposes_its_2024_market_size(data_dir: Path) -> None:
    text = SEED_PAGE.read_text(encoding="utf-8")
    stated = re.search(r"USD ([\d,.]+) billion in 2024", text)
    assert stated is not None
    at = pasted(text)
    assert not at.exception
    table = at.data_editor[0].value
    total = table[(table["dimension"] == "total") & (table["metric"] == "size")]
    assert float(stated.group(1).replace(",", "")) in set(total[total["year"] == 2024]["value"])
    assert table["note"].str.len().min() > 20, "each row shows its sentence"
    assert field(at, "Market id").value == "personalized-medicine"
    download = next(b for b in at.get("download_button") if b.key == "report_csv")
    assert download.proto.label == "Reviewed rows (CSV)" and not download.proto.disabled


def test_the_audit_shows_the_stated_cagr_error_before_import(data_dir: Path) -> None:
    at = pasted(SEED_PAGE.read_text(encoding="utf-8"))
    assert any("does not follow from the stated sizes" in shown(e.value) for e in at.error)
    assert [m.id for m in DataStore(data_dir).markets()] == ["personalized-medicine"]


def test_an_edited_size_changes_the_audit(data_dir: Path) -> None:
    at = pasted(SEED_PAGE.read_text(encoding="utf-8"))
    table = at.data_editor[0].value.reset_index(drop=True)
    size_2025 = table[(table["metric"] == "size") & (table["year"] == 2025)]["value"].iloc[0]
    cagr = table[table["metric"] == "cagr"].iloc[0]
    end = table[(table["dimension"] == "total") & (table["year"] == 2034)]
    at = edit(at, edited_rows={
        int(end[end["metric"] == "size"].index[0]): {
            "value": round(size_2025 * (1 + cagr["value"] / 100) ** 9, 2)
        }
    })  # fmt: skip
    assert not any("does not follow" in shown(e.value) for e in at.error)
    assert any("matches the 11.37" in shown(i.value) for i in at.info)


def test_import_adds_the_market_makes_it_active_and_starts_afresh(data_dir: Path) -> None:
    at = pasted(SEED_PAGE.read_text(encoding="utf-8"))
    field(at, "Market id").input("pm-from-page")
    field(at, "Market name").input("Personalized medicine (from the page)")
    at.run()
    at.button(key="report_import").click().run()
    assert not at.exception
    assert [m.id for m in DataStore(data_dir).markets()] == [
        "personalized-medicine",
        "pm-from-page",
    ]
    assert at.session_state["market"] == "pm-from-page"
    assert any("Imported" in s.value and "from the page" in shown(s.value) for s in at.success)
    assert at.text_area(key="report_text_1").value == "" and not at.data_editor


def test_replacing_a_market_from_a_page_asks_first(data_dir: Path) -> None:
    at = pasted(SEED_PAGE.read_text(encoding="utf-8"))
    assert at.button(key="report_import").disabled
    at.checkbox(key="report_replace").check().run()
    assert not at.button(key="report_import").disabled


def test_a_dropped_row_and_an_added_one_are_checked_before_import(data_dir: Path) -> None:
    at = pasted(SEED_PAGE.read_text(encoding="utf-8"))
    rows = len(at.data_editor[0].value)
    added = {"dimension": "region", "segment": "Mars", "year": 2024, "metric": "size"}
    at = edit(at, deleted_rows=[0], added_rows=[added])
    assert any("1 problem to fix before import" in shown(e.value) for e in at.error)
    problems = problems_shown(at)
    assert list(zip(problems["row"], problems["column"], strict=True)) == [(rows + 1, "value")]
    assert at.button(key="report_import_blocked").disabled


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("figures.txt", bytes((i * 97 + 13) % 255 + 1 for i in range(4000)), "it is not a text"),
        ("huge.txt", (b"The market was USD 5 bn in 2024. " * 2**21)[: 50 * 2**20], "50.0 MB"),
        ("photo.pdf", b"\x89PNG\r\n\x1a\n" + bytes(200), "is named .pdf but is not a PDF"),
    ],
    ids=["empty", "binary", "50 MB", "not a PDF"],
)
def test_a_bad_file_is_named_with_its_problem(
    data_dir: Path, name: str, data: bytes, says: str
) -> None:
    at = uploaded(name, data)
    assert not at.exception
    assert [name in shown(e.value) and says in shown(e.value) for e in at.error] == [True]
    assert "cannot be read" in at.error[0].value
    assert not at.data_editor


def test_a_pdf_of_images_only_is_named_as_a_scan(data_dir: Path) -> None:
    fpdf = pytest.importorskip("fpdf")
    from PIL import Image

    pdf = fpdf.FPDF()
    pdf.add_page()
    picture = io.BytesIO()
    Image.new("RGB", (200, 100), "grey").save(picture, format="PNG")
    pdf.image(picture, x=10, y=10, w=180)
    at = uploaded("scan.pdf", bytes(pdf.output()))
    assert any("scan.pdf" in shown(e.value) and "images only" in shown(e.value) for e in at.error)


def test_pasted_text_with_no_figures_says_so_with_a_hint(data_dir: Path) -> None:
    at = pasted((REPORTS / "10_no_figures.txt").read_text(encoding="utf-8"))
    assert [i.value for i in at.info if "No figures found" in i.value]
    assert any("USD 1.27 billion in 2024" in shown(i.value) for i in at.info)
    assert not at.data_editor


def test_finding_figures_in_nothing_asks_for_the_text(data_dir: Path) -> None:
    at = pasted("   \n ")
    assert [shown(e.value) for e in at.error] == [
        "**the pasted text** cannot be read: it is empty; paste the report's text first."
    ]


def test_figures_the_page_cannot_place_are_listed_as_questions(data_dir: Path) -> None:
    at = uploaded("ayurveda.txt", (REPORTS / "17_questions_not_guesses.txt").read_bytes())
    listed = bodies(at)
    assert "Not placed: “The global ayurvedic products market is currently worth" in listed
    assert "because no year for USD 16.5 billion" in listed


def test_a_page_about_two_markets_is_reviewed_one_market_at_a_time(data_dir: Path) -> None:
    at = uploaded("ev.txt", (REPORTS / "09_two_markets.txt").read_bytes())
    picker = next(s for s in at.selectbox if "sizes 2 markets" in s.label)
    assert picker.options == ["Electric bus", "Electric truck"]
    picker.set_value("electric-truck").run()
    assert set(at.data_editor[0].value["value"]) == {9.7, 45.3, 21.2}
    assert field(at, "Market id").value == "electric-truck"
    assert field(at, "Source").value == "ev.txt"


def test_an_uploaded_html_page_is_read_without_its_navigation(data_dir: Path) -> None:
    at = uploaded("page.html", (REPORTS / "12_html_with_navigation.html").read_bytes())
    assert not at.exception and len(at.data_editor[0].value) > 0
    assert not any("Subscribe" in n for n in at.data_editor[0].value["note"])


def hostile_page() -> str:
    """A page whose every sentence carries hostile text beside a figure it states."""
    lines = [
        f"{text} The global widget market was valued at USD {n}.5 billion in {2000 + n}."
        for n, text in enumerate(hostile_texts())
    ]
    return "\n\n".join([*lines, "It was worth USD 77 billion per [this](https://evil.example/q)."])


def test_a_hostile_page_makes_no_markup_and_hands_a_spreadsheet_no_formula(
    data_dir: Path,
) -> None:
    name = "[Sign in](https://evil.example/u)\u202e.txt"
    at = uploaded(name, hostile_page().encode())
    assert not at.exception
    assert page_injections(at, DEFAULT_IMAGE_HOST) == []
    notes = list(at.data_editor[0].value["note"])
    assert len(notes) >= 10 and any("HYPERLINK" in n for n in notes)
    assert not [n for n in notes if n.startswith(("=", "+", "-", "@", "\t"))]
    at = edit(at, added_rows=[{"dimension": "region", "segment": "=HYPERLINK(\"https://evil.example\")", "year": 2030, "metric": "size", "value": 1.0}])  # fmt: skip
    assert page_injections(at, DEFAULT_IMAGE_HOST) == []
    problems = problems_shown(at)
    assert list(problems["column"]) == ["segment"] and "formula" in problems["message"][0]
    assert not [c for c in problems.astype(str).to_numpy().ravel() if c.startswith(("=", "@"))]
