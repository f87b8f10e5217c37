"""The audit's findings and the report's claims as alert boxes, most severe first."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pmdash.audit import Finding
from pmdash.formatting import plain
from pmdash.model import Market
from pmdash.tables import severity_counts
from pmdash.ui.display import LONG_TEXT

SEVERITY_ICON = {
    "error": ":material/error:",
    "warning": ":material/warning:",
    "info": ":material/info:",
}


def findings_list(
    findings: list[Finding], market: Market, *, empty: str = "No findings.", columns: int = 1
) -> None:
    """Findings as alert boxes, most severe first (in ``columns`` side by side)."""
    if not findings:
        st.success(empty, icon=":material/check_circle:")
    slots = st.columns(columns) if columns > 1 else [st.container()]
    for index, finding in enumerate(findings):
        box = {"error": st.error, "warning": st.warning, "info": st.info}[finding.severity]
        with slots[index % len(slots)]:
            box(
                f"**{plain(finding_title(finding, market))}**  \n{plain(finding.message, LONG_TEXT)}",
                icon=SEVERITY_ICON[finding.severity],
            )


def finding_title(finding: Finding, market: Market) -> str:
    """The finding's subject, with a source id replaced by its publisher."""
    subject = finding.subject
    if finding.source and subject.startswith(f"{finding.source}: "):
        label = market.source_label(finding.source).split(" — ")[0]
        subject = f"{label}: {subject.removeprefix(finding.source + ': ')}"
    return subject[:1].upper() + subject[1:]


def audit_by_severity(findings: list[Finding], market: Market) -> None:
    """The full audit, one expander per severity (errors and warnings open)."""
    counts = severity_counts(findings)
    titles = {"error": "Errors", "warning": "Warnings", "info": "Checks passed and notes"}
    for severity in ("error", "warning", "info"):
        group = [f for f in findings if f.severity == severity]
        with st.expander(
            f"{titles[severity]} ({counts[severity]})", expanded=severity != "info" and bool(group),
            icon=SEVERITY_ICON[severity],
        ):  # fmt: skip
            findings_list(group, market, columns=2, empty=f"No {titles[severity].lower()}.")


def claims_view(claims: pd.DataFrame) -> None:
    """The report's claims next to what its numbers say, one box each."""
    if claims.empty:
        st.caption("The report makes no claim about its segments that could be checked.")
        return
    slots = st.columns(min(3, len(claims)))
    for index, row in enumerate(claims.itertuples(index=False)):
        verdict = str(row.verdict)
        box, icon = _VERDICT_BOX.get(verdict, (st.info, ":material/help:"))
        with slots[index % len(slots)]:
            box(
                f"**{plain(verdict)}**  \nThe report says: *{plain(row.claim, LONG_TEXT)}*.  \n{plain(row.numbers_say, LONG_TEXT)}",
                icon=icon,
            )


_VERDICT_BOX = {
    "Supported": (st.success, ":material/check_circle:"),
    "Not shown by the numbers": (st.warning, ":material/help:"),
    "Contradicted": (st.error, ":material/cancel:"),
}
