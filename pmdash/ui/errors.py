"""A friendly page instead of a traceback when a page fails."""

from __future__ import annotations

import logging
import os
import traceback
import uuid

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from pmdash import logs


def run_safely(page: StreamlitPage) -> None:
    """Run the page; on an unexpected error, log it and show a short, actionable message.

    With PMDASH_DEBUG=1 (tests, development) the error is raised as usual.
    """
    logs.configure()
    if os.environ.get("PMDASH_DEBUG"):
        page.run()
        return
    try:
        page.run()
    except Exception as exc:
        incident = uuid.uuid4().hex[:8]
        logs.event(
            "page_error",
            logging.ERROR,
            incident=incident,
            page=page.url_path,
            error=type(exc).__name__,
            detail=str(exc)[:500],
            trace=traceback.format_exc(limit=8),
        )
        st.error(
            f"This page hit an unexpected problem and could not finish (incident {incident}). "
            "Your data and saved scenarios are safe. Reload the page; if it happens again, "
            "send the incident number to your pmdash administrator."
        )
