"""URL parameters the analyst pages understand; anything else is reported, never fatal."""

from __future__ import annotations

from typing import Final

import streamlit as st

from pmdash.formatting import plain

COMMON_PARAMS: Final = frozenset({"market"})
# Pages that parse their own parameters (and report what they ignore themselves).
SELF_PARSING: Final = frozenset({"scenarios"})


def ignored_params(url_path: str, names: list[str]) -> list[str]:
    """The parameter names a page does not understand."""
    if url_path in SELF_PARSING:
        return []
    return sorted(n for n in names if n not in COMMON_PARAMS)


def report_ignored_params(url_path: str) -> None:
    """Show a notice naming every URL parameter this page ignores."""
    ignored = ignored_params(url_path, list(st.query_params.keys()))
    if ignored:
        names = ", ".join(plain(n, 40) for n in ignored[:10])
        more = f" and {len(ignored) - 10} more" if len(ignored) > 10 else ""
        st.warning(
            f"Ignored URL parameter(s): {names}{more}. This page takes only `market`.",
            icon=":material/link_off:",
        )
