"""The consistency audit as tables: the report's claims, the findings, counts by severity."""

from __future__ import annotations

import pandas as pd

from pmdash.audit import Finding
from pmdash.formatting import number

SEVERITIES = ("error", "warning", "info")


_VERDICT = {"info": "Supported", "warning": "Not shown by the numbers", "error": "Contradicted"}


def claims_table(findings: list[Finding]) -> pd.DataFrame:
    """The report's narrative claims next to what its numbers say."""
    rows = [
        {
            "claim": f.subject.removeprefix("claim: "),
            "verdict": _VERDICT[f.severity],
            "numbers_say": f.message,
            "source": f.source_label or f.source,
        }
        for f in findings
        if f.check.startswith("claim_")
    ]
    return pd.DataFrame(rows, columns=["claim", "verdict", "numbers_say", "source"])


def findings_table(findings: list[Finding]) -> pd.DataFrame:
    """The audit as a table, most severe first."""
    rows = [
        {
            "severity": f.severity,
            "check": f.check,
            "subject": f.subject,
            "stated": _cell(f.stated),
            "computed": _cell(f.computed),
            "message": f.message,
            "source": f.source_label or f.source,
        }
        for f in findings
    ]
    columns = ["severity", "check", "subject", "stated", "computed", "message", "source"]
    frame = pd.DataFrame(rows, columns=columns)
    order = frame["severity"].map({s: i for i, s in enumerate(SEVERITIES)})
    return (
        frame.assign(_o=order)
        .sort_values("_o", kind="stable")
        .drop(columns="_o")
        .reset_index(drop=True)
    )


def _cell(value: float | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return number(value, 2)
    return str(value)


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    """How many findings of each severity (every severity present as a key)."""
    return {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
