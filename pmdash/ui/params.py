"""URL parameters the analyst pages understand; anything else is reported, never fatal.

Every page takes ``market``; /segments and /regions also keep their view in the URL
(:data:`PAGE_PARAMS`, parsed by :mod:`pmdash.urlstate`). A view's parameters are read
when they come from outside (a link opened, the back button, a switch back to the
page) and written back after the widgets, so the address bar is always a link to
what the page shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Final

import streamlit as st

from pmdash.formatting import plain
from pmdash.ui.display import LONG_TEXT
from pmdash.urlstate import REGIONS_KEYS, SEGMENTS_KEYS, VIEW_ALIASES

COMMON_PARAMS: Final = frozenset({"market"})
PAGE_PARAMS: Final[Mapping[str, tuple[str, ...]]] = {
    "segments": (*SEGMENTS_KEYS, *VIEW_ALIASES),
    "regions": REGIONS_KEYS,
}
# Pages that parse their own parameters (and report what they ignore themselves).
SELF_PARSING: Final = frozenset({"scenarios"})
_WRITTEN: Final = "view_params_{}"
_CHANGED: Final = "view_changed_{}"


def ignored_params(url_path: str, names: list[str]) -> list[str]:
    """The parameter names a page does not understand."""
    if url_path in SELF_PARSING:
        return []
    known = COMMON_PARAMS | set(PAGE_PARAMS.get(url_path, ()))
    return sorted(n for n in names if n.strip().lower() not in known)


def report_ignored_params(url_path: str) -> None:
    """Show a notice naming every URL parameter this page ignores."""
    ignored = ignored_params(url_path, list(st.query_params.keys()))
    if ignored:
        names = ", ".join(plain(n, 40) for n in ignored[:10])
        more = f" and {len(ignored) - 10} more" if len(ignored) > 10 else ""
        takes = ", ".join(f"`{k}`" for k in ("market", *PAGE_PARAMS.get(url_path, ())))
        st.warning(
            f"Ignored URL parameter(s): {names}{more}. This page takes {takes}.",
            icon=":material/link_off:",
        )


def view_from_url(page: str) -> dict[str, str] | None:
    """The page's view parameters when they come from outside, else ``None``.

    From outside: the first run, a pasted link, the back button; a switch back through
    the sidebar (which drops the query string) brings back the view last shown. ``None``
    when the URL holds what :func:`write_view` last wrote, or when a view widget started
    this run (:func:`view_changed`): the widgets are the truth.

    The second case matters when keys are pressed fast: a rerun can start before the
    browser has taken the URL the previous run wrote, so it arrives with an older query
    string; read as a link, it would move the slider back and swallow key presses.
    """
    if st.session_state.pop(_CHANGED.format(page), False):
        return None  # the user moved a view widget: it wins over an address bar lagging behind
    keys = PAGE_PARAMS[page]
    current = {k: str(v) for k, v in st.query_params.items() if k.strip().lower() in keys}
    written = st.session_state.get(_WRITTEN.format(page))
    if isinstance(written, dict):
        if current == written:
            return None
        if not current:
            return dict(written)
    return current


def view_changed(page: str) -> Callable[[], None]:
    """The ``on_change`` callback for a widget of the page's view (see :func:`view_from_url`)."""

    def mark() -> None:
        st.session_state[_CHANGED.format(page)] = True

    return mark


def write_view(page: str, params: Mapping[str, str]) -> None:
    """Put the view in the URL after ``market`` (and any other key), replacing the
    page's other view keys; the address bar then reads in the view's own order."""
    st.session_state[_WRITTEN.format(page)] = dict(params)
    st.session_state.pop(_CHANGED.format(page), None)  # a fragment rerun wrote it
    keys = PAGE_PARAMS[page]
    others = {k: v for k, v in st.query_params.to_dict().items() if k.strip().lower() not in keys}
    wanted = {**others, **params}
    if st.query_params.to_dict() != wanted or list(st.query_params) != list(wanted):
        st.query_params.from_dict(wanted)


def link_notices(notices: Sequence[str]) -> None:
    """One warning listing the settings of a link that were ignored (as in the studio)."""
    if notices:
        st.warning(
            "Some settings in the link were ignored:\n\n"
            + "\n".join(f"- {plain(n, LONG_TEXT)}" for n in notices),
            icon=":material/link_off:",
        )
