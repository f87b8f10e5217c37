"""Sign-in: open without [auth], a sign-in screen with it (AppTest)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

SCRIPT = """
from pmdash.ui.auth import current_user, require_login
require_login()
import streamlit as st
st.write("page body, for " + (current_user() or "anyone"))
"""

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-long-random-string",
    "client_id": "pmdash",
    "client_secret": "secret",
    "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
}


def test_without_auth_configured_the_app_is_open() -> None:
    app = AppTest.from_string(SCRIPT).run()
    assert not app.exception
    assert [m.value for m in app.markdown] == ["page body, for anyone"]
    assert not app.button


def test_with_auth_configured_a_page_waits_for_sign_in() -> None:
    app = AppTest.from_string(SCRIPT)
    app.secrets["auth"] = AUTH
    app.run()
    assert not app.exception
    assert [b.label for b in app.button] == ["Sign in"]
    assert all("page body" not in m.value for m in app.markdown)
