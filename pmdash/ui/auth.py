"""Sign-in through Streamlit's OIDC login (``st.login``) when ``[auth]`` is configured.

Without an ``[auth]`` section in ``.streamlit/secrets.toml`` the app stays open, as
for one analyst on a laptop, and :func:`current_user` is ``""``. With one (see
docs/deploy.md), every page asks for a sign-in first, the sidebar shows who is
signed in with a sign-out button, and :func:`current_user` names the person, for
"saved by" on saved scenarios. Needs ``Authlib>=1.3.2`` when enabled.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from pmdash.formatting import plain


def auth_section() -> dict[str, Any]:
    """The ``[auth]`` secrets, or ``{}`` when there is no secrets file or no section."""
    try:
        section = st.secrets.get("auth")
    except FileNotFoundError:  # no secrets.toml at all (StreamlitSecretNotFoundError)
        return {}
    return dict(section) if section else {}


def require_login() -> None:
    """Stop the page behind a sign-in screen until the user has signed in (no-op when open)."""
    section = auth_section()
    if not section:
        return
    if not _signed_in():
        st.title("pmdash")
        st.write("Sign in with your organisation's account to open the dashboard.")
        provider = _provider(section)
        st.button(
            "Sign in",
            type="primary",
            icon=":material/login:",
            key="auth_login",
            on_click=st.login,
            args=(provider,) if provider else (),
        )
        st.stop()
    with st.sidebar:
        st.caption(f"Signed in as {plain(current_user())}")
        st.button("Sign out", key="auth_logout", on_click=st.logout)


def current_user() -> str:
    """The signed-in person's name, else e-mail; ``""`` when sign-in is off or pending."""
    if not auth_section() or not _signed_in():
        return ""
    for claim in ("name", "email", "preferred_username", "sub"):
        value = st.user.get(claim)
        if value:
            return str(value)[:80]
    return ""


def _signed_in() -> bool:
    # .get, not the attribute: the claim is absent until Streamlit has read [auth].
    return bool(st.user.get("is_logged_in"))


def _provider(section: dict[str, Any]) -> str | None:
    """The provider to sign in with: none named when ``[auth]`` holds one provider's keys
    itself, else the first ``[auth.NAME]`` table."""
    if "client_id" in section:
        return None
    tables = [name for name, value in section.items() if hasattr(value, "keys")]
    return tables[0] if tables else None
