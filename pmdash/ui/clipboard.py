"""A "Copy" button that puts a text (a share link) on the clipboard.

A small browser-side island (``st.components.v2``): the text goes in as data, the
button and its "Copied" note are static markup, and the script only copies on click.
The text is never markup: it is written with ``textContent`` and copied as is.
``navigator.clipboard`` needs a secure page (https or localhost); elsewhere the
button falls back to the browser's copy command, and says so if that fails too.
"""

from __future__ import annotations

from typing import Final

import streamlit as st

_HTML: Final = """
<div class="copy">
  <button type="button">Copy link</button>
  <span class="note" role="status" aria-live="polite"></span>
</div>
"""

_CSS: Final = """
.copy { display: flex; align-items: center; gap: 0.75rem; font-family: var(--st-font); }
button {
  font: inherit; font-size: 0.9rem; cursor: pointer; padding: 0.3rem 0.9rem;
  color: var(--st-text-color); background: var(--st-background-color);
  border: 1px solid var(--st-border-color, rgba(49, 51, 63, 0.2));
  border-radius: var(--st-base-radius, 0.5rem);
}
button:hover, button:focus-visible { border-color: var(--st-primary-color); color: var(--st-primary-color); }
.note { font-size: 0.85rem; color: var(--st-text-color); opacity: 0.75; }
"""

_JS: Final = """
async function copy(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try { await navigator.clipboard.writeText(text); return true; } catch (e) { /* fall back */ }
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  let done = false;
  try { done = document.execCommand("copy"); } catch (e) { done = false; }
  area.remove();
  return done;
}

export default function (component) {
  const { data, parentElement } = component;
  const button = parentElement.querySelector("button");
  const note = parentElement.querySelector(".note");
  note.textContent = "";
  button.onclick = async () => {
    const done = await copy(String(data.text));
    note.textContent = done ? "Copied" : "Could not copy: select the link and copy it";
  };
}
"""

_COPY_BUTTON: Final = st.components.v2.component("pmdash.copy_button", html=_HTML, css=_CSS, js=_JS)


def copy_button(text: str, key: str) -> None:
    """A button that copies ``text`` to the clipboard, with a "Copied" note."""
    _COPY_BUTTON(data={"text": text}, key=key, height=40)
