"""Text from data or a URL shown as typed: never a link, an image, a colour, an icon
or reversed text in markdown; never markup in a chart; never a formula in a sheet."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmdash.formatting import WORD_JOINER, chart_text, neutralise, plain, shown_text, unlinked
from pmdash.ui.charts import unmarked
from pmdash.ui.grids import safe_cells
from tests.corpus.hostile_market import hostile_texts
from tests.markup import _MD, injected, rendered

PIECES = [
    "https://", "http://", "www.", "WWW.", "@", "[", "](", ")", "!", "<", ">", "a", "x.com",
    ".", ":", "red[", "material/", "&#58;", "&amp;", "\n", "\n\n", " ", "\t", "\\", "`",
    "*", "_", "$", "\u202e", "\u2066", "évil", "1",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=24).map("".join)


@pytest.mark.parametrize("text", hostile_texts(), ids=repr)
def test_hostile_text_escaped_makes_no_markup(text: str) -> None:
    assert injected(plain(text, 200), "127.0.0.1:9999") == []


@given(texts)
def test_escaped_text_never_renders_a_link_or_an_image(text: str) -> None:
    assert list(rendered(plain(text, 500))) == []


@given(texts)
def test_escaped_text_reads_as_typed(text: str) -> None:
    """What markdown shows is the text itself, on one line, without bidi controls."""
    shown = "".join(
        token.content
        for block in _MD.parse(plain(text, 500))
        for token in block.children or []
        if token.type == "text"
    )
    assert shown.replace(WORD_JOINER, "") == shown_text(text, 500).strip()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abc\u202edef", "abcdef"),
        ("\u2066x\u2069\u200f", "x"),
        ("a\nb\tc\r", "a b c "),
        ("x" * 100, "x" * 79 + "…"),
    ],
)
def test_shown_text_is_one_line_in_reading_order(text: str, expected: str) -> None:
    assert shown_text(text) == expected


def test_auto_links_and_shortcodes_are_broken_invisibly() -> None:
    j = WORD_JOINER
    assert unlinked("https://e.x www.e.x a@e.x :smile:") == (
        f"https://{j}e.x www{j}.e.x a@{j}e.x :{j}smile:"
    )
    assert unlinked("12:30, javascript:x") == "12:30, javascript:x"


def test_chart_text_escapes_the_html_plotly_draws() -> None:
    assert chart_text('<a href="https://e.x">x</a> & <b>') == (
        '&lt;a href="https://e.x"&gt;x&lt;/a&gt; &amp; &lt;b&gt;'
    )


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("https://e.x","Open")', '\'=HYPERLINK("https://e.x","Open")'),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("\t=1", "'\t=1"),
        ("Illumina", "Illumina"),
        (-1.5, -1.5),
    ],
)
def test_a_formula_cell_gets_an_apostrophe(cell: object, expected: object) -> None:
    assert neutralise(cell) == expected


def test_table_cells_are_neutralised_and_the_input_left_alone() -> None:
    frame = pd.DataFrame(
        {"company": ["=cmd", "Roche\u202e"], "value": [-1.0, 2.0], "=x": ["a", "b"]}
    )
    before = frame.copy()
    shown = safe_cells(frame)
    assert list(shown.columns) == ["company", "value", "'=x"]
    assert list(shown["company"]) == ["'=cmd", "Roche"]
    assert list(shown["value"]) == [-1.0, 2.0]
    pd.testing.assert_frame_equal(frame, before)


def test_chart_labels_from_data_lose_their_markup_once() -> None:
    fig = go.Figure(
        [
            go.Bar(x=pd.Series(['<a href="https://e.x">Europe</a>', "Asia"]), y=[1, 2], name="<b>"),
            go.Pie(labels=["&lt;already&gt;", "<a>"], values=[1, 2]),
        ]
    )
    once = unmarked(fig).to_dict()
    assert list(once["data"][0]["x"]) == ['&lt;a href="https://e.x"&gt;Europe&lt;/a&gt;', "Asia"]
    assert once["data"][0]["name"] == "&lt;b&gt;" and list(once["data"][0]["y"]) == [1, 2]
    assert list(once["data"][1]["labels"]) == ["&lt;already&gt;", "&lt;a&gt;"]
    assert unmarked(fig).to_dict() == once
