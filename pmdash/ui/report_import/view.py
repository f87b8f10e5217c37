"""The "From a report page" flow of /data: paste a report's text or upload its page,
review the figures it states (edit, drop, add), see the importer's problems and the
audit while the page is still open, then import, or take the rows away as CSV.

Everything the page said reaches the screen as text: alerts and captions through
:func:`~pmdash.formatting.plain`, the review table through the grids' neutralising
(:func:`~pmdash.ui.report_import.review.review_table`), problems through
:func:`~pmdash.ui.grids.problems_table`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import pandas as pd
import streamlit as st

from pmdash.extract import Extraction, Question, extract_file, extract_text
from pmdash.formatting import dimension_label, plain
from pmdash.problems import InvalidInput, Problem
from pmdash.schema import BASES, METRICS, TOTAL_DIMENSION, TOTAL_SEGMENT, YEAR_RANGE
from pmdash.ui.data import MARKET_PARAM
from pmdash.ui.display import MISSING
from pmdash.ui.findings import audit_by_severity
from pmdash.ui.grids import WRAP_ROW_PX, fit_height, problems_table
from pmdash.ui.importer import display_name, import_controls
from pmdash.ui.report_import.review import (
    REVIEW_COLUMNS,
    Review,
    interchange_csv,
    market_name,
    markets_of,
    page_digest,
    review,
    review_table,
)

KEY: Final = "report"
PAGE_TYPES: Final = ["txt", "md", "html", "htm", "pdf"]
PASTED: Final = "the pasted text"
MAX_PASTE_CHARS: Final = 1_000_000
EXAMPLE: Final = (
    "e.g. The global widget market was valued at USD 1.27 billion in 2024 and is expected "
    "to reach USD 2.5 billion by 2030, growing at a CAGR of 12% from 2024 to 2030. "
    "Europe held a 30% share in 2024."
)
NO_FIGURES_HINT: Final = (
    "pmdash reads sentences and tables that state a market size with its year and unit "
    "(“USD 1.27 billion in 2024”), a CAGR with its period (“12% from 2024 to 2030”) or a "
    "share (“Europe held 30%”). Paste the report's own summary or key-figures section, "
    "not a table of contents or a chart's caption alone."
)


@dataclass(frozen=True)
class LoadedPage:
    """A page read in this session: its name and digest, then what it states, or why
    it could not be read."""

    round: int
    name: str
    digest: str
    extraction: Extraction | None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Pending:
    """A page just pasted or uploaded, read in the script run that follows (a spinner
    shows while a long page is read)."""

    round: int
    name: str
    data: bytes
    pasted: bool


def report_import_flow() -> None:
    """Paste or upload a report page, review its figures, see problems and audit, import."""
    round_ = st.session_state.setdefault(f"{KEY}_round", 0)
    _imported_notice()
    st.caption(
        "Paste a market report's text or upload the page: every size, CAGR and share it "
        "states is proposed as a row with the sentence it came from. Review them, see what "
        "the audit says, then import."
    )
    paste, upload = st.columns([3, 2], gap="large")
    with paste, st.form(f"{KEY}_paste_form", border=False, enter_to_submit=False):
        st.text_area(
            "Report text", key=f"{KEY}_text_{round_}", height=180, max_chars=MAX_PASTE_CHARS,
            placeholder=EXAMPLE,
        )  # fmt: skip
        st.form_submit_button(
            "Find the figures", key=f"{KEY}_find", icon=":material/manage_search:",
            on_click=_read_pasted, args=(round_,),
        )  # fmt: skip
    with upload:
        st.file_uploader(
            "Or the report page as a file (.txt, .md, .html or .pdf, up to 20 MB)",
            type=PAGE_TYPES, key=f"{KEY}_file_{round_}", on_change=_read_uploaded, args=(round_,),
            help="HTML: the page's main text is read, not its menus and footers. PDF: its "
            "text layer (a scanned PDF has none).",
        )  # fmt: skip
    pending = st.session_state.pop(f"{KEY}_pending", None)
    if isinstance(pending, Pending):
        with st.spinner(f"Reading {plain(pending.name)}…"):
            st.session_state[f"{KEY}_page"] = _load(pending)
    page = st.session_state.get(f"{KEY}_page")
    if isinstance(page, LoadedPage) and page.round == round_:
        _show(page)


def _read_pasted(round_: int) -> None:
    text = str(st.session_state.get(f"{KEY}_text_{round_}") or "")
    st.session_state[f"{KEY}_pending"] = Pending(round_, PASTED, text.encode("utf-8"), True)


def _read_uploaded(round_: int) -> None:
    upload = st.session_state.get(f"{KEY}_file_{round_}")
    if upload is None:
        st.session_state.pop(f"{KEY}_page", None)
        return
    name = display_name(upload.name)
    st.session_state[f"{KEY}_pending"] = Pending(round_, name, upload.getvalue(), False)


def _load(pending: Pending) -> LoadedPage:
    """What the page states, or why it cannot be read (naming it)."""
    name, data, digest = pending.name, pending.data, page_digest(pending.data)
    if pending.pasted:
        text = data.decode("utf-8")
        if not text.strip():
            empty = Problem(name, "is empty; paste the report's text first")
            return LoadedPage(pending.round, name, digest, None, (empty,))
        return LoadedPage(pending.round, name, digest, extract_text(text))
    try:
        return LoadedPage(pending.round, name, digest, extract_file(name, data))
    except InvalidInput as refused:
        return LoadedPage(pending.round, name, digest, None, tuple(refused.problems))


def _show(page: LoadedPage) -> None:
    if page.extraction is None:
        for problem in page.problems:
            st.error(f"**{plain(page.name)}** cannot be read: {_reason(problem)}", icon=":material/error:")  # fmt: skip
        return
    found = page.extraction
    if found.rows.empty:
        st.info(
            f"No figures found in **{plain(page.name)}**. {NO_FIGURES_HINT}",
            icon=":material/search_off:",
        )
        _questions(found.questions)
        return
    ids = markets_of(found.rows)
    which = ids[0]
    if len(ids) > 1:
        which = st.selectbox(
            f"This page sizes {len(ids)} markets; review and import one at a time",
            ids, key=f"{KEY}_which_{page.digest}", format_func=market_name,
        )  # fmt: skip
    _review(page, found, which)


def _reason(problem: Problem) -> str:
    """The reader's refusal as the end of a sentence that names the file first."""
    message = problem.message.rstrip(".")
    if message.startswith(("is ", "has ")):
        message = "it " + message
    return plain(message, 400) + "."


def _review(page: LoadedPage, found: Extraction, market: str) -> None:
    scope = page_digest(f"{page.digest}/{market}".encode())
    table = review_table(found.rows, market)
    st.markdown(f"**Review {_summary(table)} found in {plain(page.name)}**")
    id_box, name_box, source_box = st.columns(3)
    market_id = id_box.text_input(
        "Market id", value=market, key=f"{KEY}_id_{scope}", max_chars=80,
        help="Lower-case letters and digits joined by '-', e.g. electric-bus. An existing id "
        "replaces that market (you are asked first).",
    )  # fmt: skip
    name = name_box.text_input(
        "Market name", value=market_name(market), key=f"{KEY}_name_{scope}", max_chars=120
    )
    source = source_box.text_input(
        "Source", value=_source_of(found.rows), key=f"{KEY}_source_{scope}", max_chars=200,
        placeholder="The page's URL or a short id, e.g. acme-2025",
        help="Set on every row: where the figures come from.",
    )  # fmt: skip
    edited = _editor(table, f"{KEY}_rows_{scope}")
    _questions(found.questions)
    checked = review(edited, market_id=market_id, name=name, source=source)
    _verdict(checked)
    _actions(checked, market_id)


def _summary(table: pd.DataFrame) -> str:
    parts = table["dimension"].map(
        lambda d: "the total market" if d == TOTAL_DIMENSION else dimension_label(str(d)).lower()
    )
    counts = parts.value_counts(sort=False)
    listed = ", ".join(f"{n} for {plain(part)}" for part, n in counts.items())
    noun = "figure" if len(table) == 1 else "figures"
    return f"{len(table)} {noun} ({listed})"


def _source_of(rows: pd.DataFrame) -> str:
    named = [str(s) for s in rows["source"] if str(s).strip()]
    return named[0] if named else ""


def _editor(table: pd.DataFrame, key: str) -> pd.DataFrame:
    """The review table: every cell editable, rows deleted or added; the sentence last."""
    edited = st.data_editor(
        table, key=key, num_rows="dynamic", hide_index=False, width="stretch",
        placeholder=MISSING, row_height=WRAP_ROW_PX,
        height=fit_height(len(table) + 1, WRAP_ROW_PX), column_order=list(REVIEW_COLUMNS),
        column_config={
            "_index": st.column_config.NumberColumn("Row", width=44),
            "dimension": st.column_config.TextColumn(
                "Dimension", width=100, required=True, default=TOTAL_DIMENSION,
                help="total, region, country, end_user, product, application or another "
                "snake_case name",
            ),
            "segment": st.column_config.TextColumn(
                "Segment", width=130, required=True, default=TOTAL_SEGMENT,
                help="'All' for the total market",
            ),
            "year": st.column_config.NumberColumn(
                "Year", format="%d", width=64, step=1, required=True,
                min_value=YEAR_RANGE[0], max_value=YEAR_RANGE[1],
                help="The year the figure is for; for a CAGR, the period's end year",
            ),
            "metric": st.column_config.SelectboxColumn(
                "Metric", options=list(METRICS), width=76, required=True, default="size",
                help="size (USD bn), share (% of the market), cagr (% a year)",
            ),
            "value": st.column_config.NumberColumn(
                "Value", width=80, required=True,
                help="size in USD billions, share in %, cagr in % a year",
            ),
            "base_year": st.column_config.NumberColumn(
                "From", format="%d", width=64, step=1,
                min_value=YEAR_RANGE[0], max_value=YEAR_RANGE[1],
                help="For a CAGR: the period's start year",
            ),
            "basis": st.column_config.SelectboxColumn(
                "Basis", options=list(BASES), width=84, required=True, default="reported",
            ),
            "note": st.column_config.TextColumn(
                "Sentence", width=300, help="The sentence the figure was read from (hover or open a cell "
                "to read it all)"
            ),
        },
    )  # fmt: skip
    return edited


def _questions(questions: tuple[Question, ...]) -> None:
    if not questions:
        return
    lines = "\n".join(
        f"- Not placed: “{plain(q.sentence, 240)}”, because {plain(q.why, 160)}." for q in questions
    )
    st.warning(
        f"**{len(questions)} figure(s) the page states could not be placed**, so none is "
        f"guessed. Add a row for any you can place.\n\n{lines}",
        icon=":material/help:",
    )


def _verdict(checked: Review) -> None:
    if checked.market is None:
        count = len(checked.errors)
        st.error(
            f"**{count} problem{'s' if count != 1 else ''} to fix before import**, named by "
            "their row of the table above. Nothing is saved until every row is valid.",
            icon=":material/error:",
        )
        problems_table(list(checked.problems))
        return
    market = checked.market
    years = market.figures["year"]
    st.success(
        f"**{plain(market.meta.name)}** ({plain(market.id)}) is valid: {len(market.figures)} "
        f"figures, {int(years.min())}–{int(years.max())}, dimensions: "
        f"{plain(', '.join(dimension_label(d) for d in market.dimensions()))}.",
        icon=":material/task_alt:",
    )
    st.markdown("**Audit of these figures, before import**")
    audit_by_severity(list(checked.findings), market)


def _actions(checked: Review, market_id: str) -> None:
    left, right = st.columns([2, 1], vertical_alignment="bottom")
    with left:
        if checked.market is not None:
            import_controls(checked.market, KEY)
        else:
            st.button(
                "Import", type="primary", disabled=True, key=f"{KEY}_import_blocked",
                icon=":material/upload:", help="Fix the problems above first.",
            )  # fmt: skip
    stem = market_id.strip() if checked.market is not None else "report-page"
    right.download_button(
        "Reviewed rows (CSV)", interchange_csv(checked.rows), file_name=f"{stem}-figures.csv",
        mime="text/csv", key=f"{KEY}_csv", icon=":material/download:", on_click="ignore",
        help="The rows as they stand, in the interchange format of the template: fix them "
        "in a spreadsheet and upload the file, or keep them.",
    )  # fmt: skip


def _imported_notice() -> None:
    done = st.session_state.pop(f"{KEY}_imported", None)
    if done:
        st.success(
            f"Imported **{plain(done)}** from the report page. It is now the active market.",
            icon=":material/check_circle:",
        )
        st.page_link(
            "pages/overview.py", label="Open its overview", icon=":material/home:",
            query_params={MARKET_PARAM: str(st.session_state.get(MARKET_PARAM, ""))},
        )  # fmt: skip
