"""The page list and the frame around every page: URL-parameter notices and the
friendly error page. ``app.py`` calls :func:`serve`; tests call it with another
default page to run any page through the real router."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from pmdash.ui.auth import require_login
from pmdash.ui.errors import run_safely
from pmdash.ui.params import report_ignored_params

# The browser tab's icon, inlined into the page (a Material icon here is fetched from a
# font CDN on every page load).
ICON: Final = Path(__file__).resolve().parents[1] / "assets" / "icon.svg"
# (script, title, icon, url path); the paths are part of the outside contract.
PAGES: Final = (
    ("pages/overview.py", "Overview", ":material/home:", "overview"),
    ("pages/segments.py", "Segments", ":material/stacked_bar_chart:", "segments"),
    ("pages/regions.py", "Regions", ":material/public:", "regions"),
    ("pages/scenarios.py", "Scenarios", ":material/tune:", "scenarios"),
    ("pages/sources.py", "Sources & audit", ":material/fact_check:", "sources"),
    ("pages/data.py", "Data", ":material/upload_file:", "data"),
)


def serve(default: str | None = None) -> None:
    """Configure the app, route to the current page and run it.

    The page served at ``/`` is the overview, unless ``default`` (or, for tests that
    must run another page through this router, ``PMDASH_DEFAULT_PAGE``) names another.
    """
    default = default or os.environ.get("PMDASH_DEFAULT_PAGE") or "overview"
    st.set_page_config(page_title="pmdash", page_icon=str(ICON), layout="wide")
    require_login()  # no-op unless [auth] is configured in .streamlit/secrets.toml
    pages = [
        st.Page(script, title=title, icon=icon, url_path=path, default=path == default)
        for script, title, icon, path in PAGES
    ]
    page = st.navigation(pages)
    # The default page's url_path is "" (it is served at /): name the page by its entry.
    current = next((path for p, (*_, path) in zip(pages, PAGES, strict=True) if p == page), "")
    report_ignored_params(current)
    run_safely(page)


def ensure_routed() -> None:
    """Make sure the page runs inside :func:`serve`, not on its own.

    Until the first ``st.navigation`` call in a server process, Streamlit treats a
    ``pages/`` folder as a legacy multipage app: the first session after a restart
    that opens a deep link such as ``/scenarios?cagr=9`` would run that page alone,
    without the router. Every page calls this first; in that one case it switches
    Streamlit to the router for the whole process and reruns (URL and query kept).
    """
    # Only a browser session (it has a Host header) can be in that state; AppTest runs
    # pages standalone on purpose (switch_page) and must be left alone.
    if PagesManager.uses_pages_directory and st.context.headers.get("Host"):
        PagesManager.uses_pages_directory = False
        st.rerun()
