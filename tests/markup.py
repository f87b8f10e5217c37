"""What a page's text would turn into in the browser: every markdown body of an
AppTest element tree, and the links, images, colours and reversed text it would make.

Used by tests/app/test_markup.py and the self-test (``markup injected``). A body is
parsed as CommonMark (markdown-it) and, like Streamlit's renderer, GFM's auto-links
are then looked for in the text that remains once escapes and entities are resolved
(the same expressions as Streamlit 1.67's bundled mdast-util-gfm-autolink-literal).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from pmdash.model import Market
from pmdash.scenario_store import Draft, ScenarioStore
from pmdash.store import DataStore
from pmdash.ui.router import PAGES
from tests.conftest import ROOT
from tests.corpus.hostile_market import (
    DEFAULT_IMAGE_HOST,
    EVIL_HOSTS,
    HOSTILE_ID,
    hostile_market,
    hostile_scenario_names,
    hostile_urls,
)

PAGE_PATHS = [path for *_, path in PAGES]

# Proto fields that Streamlit renders as markdown (labels, bodies, tooltips, options of
# pills and segmented controls). Select box, multiselect and slider options are plain.
MARKDOWN_FIELDS = frozenset({"body", "label", "help", "delta", "delta_description", "content"})
PLAIN_ELEMENTS = frozenset({"text", "code", "exception", "html", "json", "arrow_data_frame"})
_AUTOLINK_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE)
_AUTOLINK_EMAIL = re.compile(r"(?:(?<=^)|(?<=[\s\W]))([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)")
_DIRECTIVE = re.compile(r"(?<!\\):[a-z][a-z0-9-]*\[")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_PLOTLY_LINK = re.compile(r"<\s*a[\s>]", re.IGNORECASE)
_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def injected(body: str, image_host: str) -> list[str]:
    """What in ``body`` would become a link, image or colour pointing at a hostile host,
    or flip the text (a bidirectional control)."""
    found: list[str] = []
    hostile = (*EVIL_HOSTS, image_host)
    for kind, target in rendered(body):
        if any(host in target for host in hostile):
            found.append(f"{kind} {target!r} in {body[:120]!r}")
    for match in _DIRECTIVE.finditer(body):
        rest = body[match.end() : match.end() + 80]
        if any(host in rest for host in hostile):
            found.append(f"colour {body[match.start() : match.end() + 40]!r}")
    if _BIDI.search(body):
        found.append(f"bidi control in {body[:120]!r}")
    return found


def rendered(body: str) -> Iterator[tuple[str, str]]:
    for block in _MD.parse(body):
        for token in block.children or []:
            if token.type == "link_open":
                yield "link", str(token.attrs.get("href", ""))
            elif token.type == "image":
                yield "image", str(token.attrs.get("src", ""))
            elif token.type == "html_inline":
                yield "html", token.content
            elif token.type == "text":
                for match in _AUTOLINK_URL.finditer(token.content):
                    yield "auto-link", match.group(0)
                for match in _AUTOLINK_EMAIL.finditer(token.content):
                    yield "e-mail link", match.group(0)
        if block.type == "html_block":
            yield "html", block.content


def markdown_bodies(at: AppTest) -> Iterator[str]:
    """Every string of the page that Streamlit renders as markdown."""
    yield from _bodies(at._tree)


def chart_links(at: AppTest, image_host: str) -> list[str]:
    """``<a …>`` tags in the plotly figures' text that carry a hostile host."""
    found = []
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec or "{}")
        for text in _strings(spec):
            if _PLOTLY_LINK.search(text) and any(h in text for h in (*EVIL_HOSTS, image_host)):
                found.append(f"chart link {text[:120]!r}")
    return found


def page_injections(at: AppTest, image_host: str) -> list[str]:
    """Every injection on the page: markdown bodies and chart text."""
    found = [f for body in markdown_bodies(at) for f in injected(body, image_host)]
    return found + chart_links(at, image_host)


def _bodies(node: Any) -> Iterator[str]:
    proto = getattr(node, "proto", None)
    plain = getattr(node, "type", None) in PLAIN_ELEMENTS
    if proto is not None and hasattr(proto, "ListFields") and not plain:
        yield from _proto_strings(proto)
    for child in getattr(node, "children", {}).values():
        yield from _bodies(child)


def _proto_strings(message: Any) -> Iterator[str]:
    for field, value in message.ListFields():
        if field.message_type is not None:
            for item in [value] if hasattr(value, "ListFields") else value:
                if hasattr(item, "ListFields"):
                    yield from _proto_strings(item)
        elif field.name in MARKDOWN_FIELDS and isinstance(value, str):
            yield value


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


# --- the pages, every way they can be drawn with hostile text ------------------------


def store_hostile(data: Path, database_url: str, seed: Market) -> Market:
    """Save the hostile market into ``data`` and its hostile scenario names into the database."""
    market = hostile_market(seed)
    DataStore(data).save(market)
    store = ScenarioStore(database_url)
    for name in hostile_scenario_names():
        store.save(HOSTILE_ID, Draft(name, {"cagr": "9"}, author=name, note=name))
    return market


def open_page(page: str, **params: str) -> AppTest:
    """``page`` through the real router (``app.py``) with a query string. The page is
    named in ``PMDASH_DEFAULT_PAGE``, read on every rerun, so it stays set: tests
    restore it (monkeypatch)."""
    os.environ["PMDASH_DEFAULT_PAGE"] = page
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update(params)
    return at.run()


def views(page: str, at: AppTest) -> Iterator[AppTest]:
    """The page as first drawn, then each tab, dimension or panel that draws more."""
    yield at
    if page == "sources":
        for label in [t.label for t in at.tabs][1:]:
            at.session_state["sources_tab"] = label
            yield at.run()
    elif page == "segments":
        for dimension in ("end_user", "product", "application", "country"):
            at.session_state["segments_dimension"] = dimension
            yield at.run()
    elif page == "regions":
        at.session_state["regions_table_open"] = True
        yield at.run()
    elif page == "scenarios":
        at.session_state["sc_details"] = "Regions, stacked"
        yield at.run()
        # The browser-side studio reporting a moved rate, as it does when the user pauses:
        # the region cards, tabs and notices below it are drawn again from the report.
        element = at.get("bidi_component")[0]
        revision = json.loads(element.proto.json)["rev"]
        report = {"params": {"cagr": "9.5"}, "seq": 1, "rev": revision}
        at.session_state["sc_studio"] = {"scenario": report}
        yield at.run()


def scenario_library_views() -> Iterator[AppTest]:
    """The saved-scenario library on the hostile market: each hostile name picked and
    its delete confirmation shown, three compared, then a save under a new and a taken name."""
    at = open_page("scenarios", market=HOSTILE_ID)
    names = hostile_scenario_names()
    for name in names:
        yield at.selectbox(key="sc_pick").set_value(name).run()
        yield at.button(key="sc_delete").click().run()
    yield at.multiselect(key="sc_compare").set_value(names[:3]).run()
    for name in (names[0] + " 2", names[0]):
        at.text_input(key="sc_name").input(name)
        yield next(b for b in at.button if b.label == "Save scenario").click().run()


def every_hostile_view() -> Iterator[tuple[str, AppTest]]:
    """Every page and panel on the hostile market, every crafted link, the library."""
    for page in PAGE_PATHS:
        for at in views(page, open_page(page, market=HOSTILE_ID)):
            yield page, at
    for page, params in hostile_urls():
        yield f"{page}?{params}", open_page(page, **params)
    for at in scenario_library_views():
        yield "scenarios (library)", at


def markup_injected() -> tuple[int, int, list[str]]:
    """(views, injections, the first few) over :func:`every_hostile_view`; the hostile
    market must be in the store (:func:`store_hostile`)."""
    count = injections = 0
    first: list[str] = []
    for label, at in every_hostile_view():
        count += 1
        found = page_injections(at, DEFAULT_IMAGE_HOST)
        found += [f"exception {e.value}"[:200] for e in at.exception]
        injections += len(found)
        first += [f"{label}: {f}" for f in found][: max(0, 5 - len(first))]
    return count, injections, first
