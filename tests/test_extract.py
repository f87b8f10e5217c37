"""Extracting figures from a report page (pmdash.extract): the rules as examples, the seed
page against the shipped market, the corpus's scores, and bad files."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pmdash.extract
from pmdash.audit import audit
from pmdash.extract import Extraction, Question, extract_file, extract_text, read_report
from pmdash.io import parse_figures
from pmdash.model import Market
from pmdash.problems import InvalidInput
from pmdash.schema import COLUMNS
from scripts.extract_scores import PAGES as PAGE_SUFFIXES
from scripts.extract_scores import scores
from tests.conftest import ROOT, SEED_BUNDLE

CORPUS = Path(__file__).parent / "corpus"
# The seed report page (../shared/seed/ beside the repository), kept with the tests.
SEED_PAGE = CORPUS / "seed" / "personalized-medicine.txt"
IDENTITY = ["market", "dimension", "segment", "year", "metric", "base_year", "value"]
FIGURE_CHECKS = {"cagr_vs_sizes", "parts_vs_total", "share_vs_size", "shares_sum"}


def rows(found: Extraction) -> set[tuple[object, ...]]:
    frame = found.rows[IDENTITY].astype(object).where(found.rows[IDENTITY].notna(), None)
    return {tuple(r) for r in frame.itertuples(index=False)}


def one(text: str, **kwargs: str) -> tuple[object, ...]:
    (row,) = rows(extract_text(text, **kwargs))
    return row


def test_public_names_are_the_api() -> None:
    assert sorted(pmdash.extract.__all__) == [
        "Extraction", "Question", "extract_file", "extract_text", "read_report",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "value", "year"),
    [
        ("The global widget market was valued at USD 578.14 billion in 2024.", 578.14, 2024),
        ("In 2024, the widget market stood at US$ 1,270 million.", 1.27, 2024),
        ("By 2030 the widget market will be worth $1.27 bn.", 1.27, 2030),
        ("The widget market is set to reach 1.27 billion US dollars by 2031.", 1.27, 2031),
        ("The widget market size was USD 820 thousand in 2024.", 0.00082, 2024),
        ("The widget market reached USD 6.3 trillion in 2024.", 6300.0, 2024),
        ("Widget market revenue (2024): USD 12.5 bn.", 12.5, 2024),
    ],
)
def test_a_total_size_with_its_year_currency_and_unit(
    sentence: str, value: float, year: int
) -> None:
    assert one(sentence) == ("widget", "total", "All", year, "size", None, pytest.approx(value))


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        ("The widget market will grow at a CAGR of 9.1% from 2025 to 2034.", (2025, 2034)),
        ("The widget market grows at a 9.1% CAGR during 2022-2032.", (2022, 2032)),
        (
            "A compound annual growth rate of 9.1% is expected over 2022–32 for the widget market.",
            (2022, 2032),
        ),
        ("From 2024 to 2030, the widget market will expand at a CAGR of 9.1%.", (2024, 2030)),
    ],
)
def test_a_cagr_with_its_period(sentence: str, period: tuple[int, int]) -> None:
    assert one(sentence) == ("widget", "total", "All", period[1], "cagr", period[0], 9.1)


def test_over_the_forecast_period_takes_the_pages_own_years() -> None:
    page = (
        "Forecast period: 2025-2033.\n"
        "The widget market was USD 5 bn in 2024 and grows at a CAGR of 9.1% over the forecast period."
    )
    cagr = [r for r in rows(extract_text(page)) if r[4] == "cagr"]
    assert cagr == [("widget", "total", "All", 2033, "cagr", 2025, 9.1)]


def test_a_region_country_or_segment_is_never_the_total() -> None:
    found = extract_text(
        "The global widget market was USD 10 billion in 2024. The U.S. widget market was USD 4 "
        "billion in 2024. The Asia Pacific widget market was USD 3 billion in 2024. By product, "
        "the sensors segment was USD 2 billion in 2024."
    )
    assert rows(found) == {
        ("widget", "total", "All", 2024, "size", None, 10.0),
        ("widget", "country", "United States", 2024, "size", None, 4.0),
        ("widget", "region", "Asia-Pacific", 2024, "size", None, 3.0),
        ("widget", "product", "Sensors", 2024, "size", None, 2.0),
    }


@pytest.mark.parametrize(
    ("sentence", "part"),
    [
        (
            "The global widget market, led by North America, was USD 10 bn in 2024.",
            ("total", "All"),
        ),
        (
            "In North America, the widget market was valued at USD 4 bn in 2024.",
            ("region", "North America"),
        ),
        ("The widget market in Europe was USD 5 bn in 2024.", ("region", "Europe")),
        ("Europe's widget market was USD 5 bn in 2024.", ("region", "Europe")),
        ("China accounted for USD 2 bn of the APAC widget market in 2024.", ("country", "China")),
    ],
)
def test_a_size_belongs_to_the_part_its_market_is_named_with(
    sentence: str, part: tuple[str, str]
) -> None:
    assert one(sentence)[1:3] == part


def test_shares_of_regions_and_segments() -> None:
    found = extract_text(
        "North America held 44.96% of the widget market in 2024. By end user, hospitals "
        "accounted for 41% in 2024."
    )
    assert rows(found) == {
        ("widget", "region", "North America", 2024, "share", None, 44.96),
        ("widget", "end_user", "Hospitals", 2024, "share", None, 41.0),
    }


def test_several_markets_on_one_page_are_kept_apart() -> None:
    found = extract_text(
        "The global electric bus market was USD 28.4 billion in 2024. "
        "The global electric truck market was USD 9.7 billion in 2024."
    )
    assert found.markets == ("electric bus", "electric truck")
    assert set(found.rows["market"]) == {"electric-bus", "electric-truck"}


@pytest.mark.parametrize(
    ("sentence", "why"),
    [
        ("The widget market is worth USD 12.3 bn today.", "no year for USD 12.3 bn"),
        ("The widget market was INR 4,500 crore in 2024.", "currency INR not converted"),
        ("The widget market was USD 4,500 crore in 2024.", "unit 'crore' not known"),
        ("The widget market was EUR 12.3 billion in 2024.", "currency EUR not converted"),
        ("The widget market grows at a CAGR of 7% in the coming years.", "no period for the CAGR"),
        ("Widgets: the market was USD 12.3 in 2024.", "no unit for USD 12.3"),
        ("The widget market grows at a CAGR of 11-12% from 2025 to 2030.", "a range (11-12%)"),
        (
            "Acme holds a 15% share of the widget market in 2024.",
            "no dimension for the 15% share of Acme",
        ),
        ("The widget market grows at a CAGR of 5% to 7% until 2030.", "a range (5% to 7%)"),
    ],
)
def test_what_cannot_be_placed_is_asked_not_guessed(sentence: str, why: str) -> None:
    found = extract_text(sentence)
    assert found.rows.empty
    assert [q.sentence for q in found.questions] == [sentence]
    assert why in found.questions[0].why


def test_a_figure_stated_twice_alike_is_one_row_unalike_a_question() -> None:
    alike = extract_text(
        "The widget market was USD 5 bn in 2024. Widget market size in 2024: USD 5 bn."
    )
    assert len(alike.rows) == 1 and not alike.questions
    clash = extract_text(
        "The widget market was USD 5 bn in 2024. Widget market size in 2024: USD 6 bn."
    )
    assert clash.rows.empty and "stated twice: 5 and 6" in clash.questions[0].why


def test_rows_are_valid_interchange_rows_with_their_sentence() -> None:
    sentence = "The global widget market was valued at USD 1,270 million in 2024."
    found = extract_text(sentence, market="widgets", source="acme-2025")
    assert list(found.rows.columns) == list(COLUMNS)
    row = found.rows.iloc[0]
    assert (row["market"], row["basis"], row["source"]) == ("widgets", "reported", "acme-2025")
    assert row["note"].startswith(sentence) and "USD 1,270 million = USD 1.27 bn" in row["note"]
    typed, problems = parse_figures(found.rows.to_csv(index=False).encode(), "proposals.csv")
    assert not problems and len(typed) == 1


@given(st.text(max_size=300))
def test_any_text_gives_rows_or_questions_never_an_exception(text: str) -> None:
    found = extract_text(text)
    assert list(found.rows.columns) == list(COLUMNS)
    assert all(isinstance(q, Question) for q in found.questions)


@given(
    st.decimals(min_value="0.01", max_value="99999", places=2),
    st.sampled_from([("thousand", 1e-6), ("million", 1e-3), ("billion", 1.0), ("trillion", 1e3)]),
)
def test_a_size_in_any_unit_is_converted_to_usd_billions(
    value: object, unit: tuple[str, float]
) -> None:
    sentence = f"The widget market was valued at USD {value:,} {unit[0]} in 2024."
    assert one(sentence)[-1] == pytest.approx(float(str(value)) * unit[1])


SIZE_PHRASES = (
    "The {where} widget market was valued at {money} in {year}.",
    "In {year}, the {where} widget market stood at {money}.",
    "By {year}, the {where} widget market is expected to reach {money}.",
    "The {where} widget market size is projected to be worth {money} by {year}.",
)


@given(
    phrase=st.sampled_from(SIZE_PHRASES),
    where=st.sampled_from(["global", "North America", "Europe", "Asia Pacific", "Latin America"]),
    value=st.decimals(min_value="0.1", max_value="9999", places=1),
    year=st.integers(2000, 2050),
    currency=st.sampled_from(["USD {v} billion", "US$ {v} bn", "${v}B", "{v} billion US dollars"]),
)
def test_a_stated_size_is_found_whatever_the_phrasing_place_and_currency_sign(
    phrase: str, where: str, value: object, year: int, currency: str
) -> None:
    sentence = phrase.format(where=where, money=currency.format(v=f"{value:,}"), year=year)
    part = ("total", "All") if where == "global" else ("region", where.replace("a P", "a-P"))
    assert one(sentence) == ("widget", *part, year, "size", None, float(str(value)))


def seed_extraction() -> Extraction:
    return extract_file(SEED_PAGE.name, SEED_PAGE.read_bytes(), source="cervicorn-2025")


def test_the_kept_seed_page_is_the_shared_one() -> None:
    shared = [ROOT.parent / "shared" / "seed", ROOT.parent.parent / "shared" / "seed"]
    pages = [page for folder in shared for page in sorted(folder.glob("*.txt"))]
    if not pages:
        pytest.skip("no ../shared/seed/ beside this checkout")
    assert pages[0].read_bytes() == SEED_PAGE.read_bytes()


def test_every_corpus_page_has_its_expected_rows_and_every_kind_is_there() -> None:
    pages = sorted(p for p in (CORPUS / "reports").iterdir() if p.suffix in PAGE_SUFFIXES)
    expected = sorted((CORPUS / "reports").glob("*.expected.csv"))
    assert [p.stem for p in pages] == [e.name.removesuffix(".expected.csv") for e in expected]
    assert len(pages) >= 20 and {p.suffix for p in pages} == set(PAGE_SUFFIXES)


def test_the_seed_page_gives_every_reported_figure_of_the_shipped_market() -> None:
    shipped = pd.read_csv(SEED_BUNDLE / "figures.csv")
    reported = shipped[shipped["basis"] == "reported"]
    expected = {
        (
            r.market,
            r.dimension,
            r.segment,
            r.year,
            r.metric,
            None if pd.isna(r.base_year) else int(r.base_year),
            r.value,
        )
        for r in reported.itertuples()
    }
    found = seed_extraction()
    assert rows(found) == expected and not found.questions
    assert found.markets == ("personalized medicine",)


def test_the_audit_of_the_seed_proposals_equals_the_audit_of_the_shipped_figures(
    seed_market: Market,
) -> None:
    proposals = Market(seed_market.meta, seed_extraction().rows)
    shipped_figures = Market(seed_market.meta, seed_market.figures)
    on_proposals = [f.to_dict() for f in audit(proposals)]
    assert on_proposals == [f.to_dict() for f in audit(shipped_figures)]
    # The shipped market's side tables (claims, named segments, other publishers) add
    # findings a page's figures cannot; those the figures determine are the same.
    # (The shipped market names its source, "Cervicorn Consulting …", from sources.csv.)
    own = [
        {**f.to_dict(), "source_label": f.source}
        for f in audit(seed_market)
        if f.check in FIGURE_CHECKS and f.source in ("", "cervicorn-2025")
    ]
    from_figures = [f for f in on_proposals if f["check"] in FIGURE_CHECKS]
    assert sorted(from_figures, key=str) == sorted(own, key=str)


def test_the_corpus_meets_the_aim_on_total_sizes_and_cagrs() -> None:
    by_kind = {s.kind: s for s in scores()}
    for kind in ("total sizes", "CAGRs"):
        assert by_kind[kind].recall >= 0.95 and by_kind[kind].precision >= 0.95, by_kind[kind]
    assert by_kind["total sizes"].expected >= 30
    assert by_kind["parts"].recall >= 0.9 and by_kind["parts"].precision >= 0.9, by_kind["parts"]


def test_an_html_page_is_read_for_its_main_text_not_its_menus_and_footer() -> None:
    page = CORPUS / "reports" / "12_html_with_navigation.html"
    text = read_report(page.name, page.read_bytes())
    assert "dental implants market size was valued" in text
    assert "Pricing" not in text and "All rights reserved" not in text


def test_an_html_fragment_is_read_too() -> None:
    found = extract_file("pasted.html", b"<p>The widget market was USD 5 bn in 2024.</p>")
    assert rows(found) == {("widget", "total", "All", 2024, "size", None, 5.0)}


def _image_only_pdf() -> bytes:
    from fpdf import FPDF
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (200, 80), "white").save(picture, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(picture, x=10, y=10, w=150)
    return bytes(pdf.output())


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("noise.html", bytes(range(256)) * 64, "looks like binary data"),
        ("photo.md", b"\x89PNG\r\n\x1a\n" + bytes(100), "looks like a PNG image"),
        ("fake.pdf", b"just text, no PDF", "is named .pdf but is not a PDF"),
        ("broken.pdf", b"%PDF-1.7\n garbage", "is a PDF that cannot be read"),
        ("scan.pdf", None, "is a PDF of images only"),
        ("sheet.xlsx", b"The widget market was USD 5 bn in 2024.", "has the extension '.xlsx'"),
        ("figures.csv", b"market,dimension\nx,total\n", "import figures with `pmdash import`"),
        ("book.txt", b"Chapter text. " * 80_000, "1,119,999 characters of text; at most 1,000,000"),
    ],
)
def test_a_bad_file_gets_a_clear_message_naming_it(
    name: str, data: bytes | None, message: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        read_report(name, _image_only_pdf() if data is None else data)
    (problem,) = caught.value.problems
    assert problem.file == name and message in problem.message


def test_a_50_mb_file_is_refused_before_it_is_read() -> None:
    big = b"The widget market was USD 5 bn in 2024. " * (50 * 1024 * 1024 // 40)
    with pytest.raises(InvalidInput, match=r"big\.txt: error: the file is 50\.0 MB; at most 20 MB"):
        extract_file("big.txt", big)
