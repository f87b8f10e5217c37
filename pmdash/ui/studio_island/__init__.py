"""The studio island: the scenario studio's controls, KPI cards and path chart, in the browser.

One ``st.components.v2`` component, rendered in the page (a shadow root, no iframe).
Python hands it the market's spec (:func:`pmdash.studio_spec.studio_spec`), the
scenario to show and a revision number; the browser recomputes and redraws on every
input event and reports the scenario (as the URL's parameters) when the user pauses.
The browser shows a new scenario from Python only when the revision changes (a link
opened, a saved scenario loaded), so Python's echo of a report never fights a drag.

``fan.js`` (the Monte Carlo, as :mod:`pmdash.uncertainty.simulate`), ``studio.js`` and
``studio.css`` are hand-written and need no build step; the two scripts are one module
(:func:`script`). The chart is an SVG drawn by ``studio.js``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final, TypedDict

import streamlit as st

ASSETS: Final = Path(__file__).resolve().parent
NAME: Final = "pmdash_studio"


class Report(TypedDict):
    """What the browser reports on a pause: the scenario's URL parameters."""

    params: dict[str, str]
    seq: int
    rev: int


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


SCRIPTS: Final = ("fan.js", "studio.js")


def script() -> str:
    """The island's JavaScript: one ES module, the fan's maths first."""
    return "\n".join(_asset(name) for name in SCRIPTS)


_mount = st.components.v2.component(NAME, js=script(), css=_asset("studio.css"))


def _ignore() -> None:
    """The scenario is read from the component's value; nothing to do on the event."""


def studio(
    spec: dict[str, Any], scenario: dict[str, Any], fan: dict[str, Any], rev: int, *, key: str
) -> None:
    """Mount the studio. What it reports is ``st.session_state[key]["scenario"]``
    (read it with :func:`reported` before mounting, to draw the page from it); ``fan``
    is the uncertainty switch and its settings (:func:`pmdash.studio_spec.fan_json`)."""
    _mount(
        key=key,
        data={"spec": spec, "scenario": scenario, "fan": fan, "rev": rev},
        default={"scenario": None},
        on_scenario_change=_ignore,
        height="content",
    )


def reported(value: object) -> Report | None:
    """A browser report, checked: ``None`` unless it has the shape the browser sends."""
    if not isinstance(value, dict):
        return None
    params, seq, rev = value.get("params"), value.get("seq"), value.get("rev")
    if not isinstance(params, dict) or not isinstance(seq, int) or not isinstance(rev, int):
        return None
    return Report(params={str(k): str(v) for k, v in params.items()}, seq=seq, rev=rev)
