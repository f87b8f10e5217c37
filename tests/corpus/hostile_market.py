"""Hostile text for the display: names, links and scenario names that try to become
links, images, colours or reversed text on a page (issue 14, items 1 and 2), and
formula cells for the tables' own CSV download (item 3).

The market is the shipped one with every name, note, side-table cell and metadata
field replaced by one of :func:`hostile_texts`. It is written to the store as it is
(``DataStore.save`` does not validate), so the pages are tested on text that import
checks might one day refuse: the display must hold on its own.

Images point at ``image_host`` (a loopback server in the browser test), links at
``evil.example``: every check looks for those hosts.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Final

import pandas as pd

from pmdash.model import Market

HOSTILE_ID: Final = "hostile"
EVIL_HOSTS: Final = ("evil.example", "ev.il")
DEFAULT_IMAGE_HOST: Final = "127.0.0.1:9999"


def hostile_texts(image_host: str = DEFAULT_IMAGE_HOST) -> list[str]:
    """One string per way text can turn into markup somewhere on a page."""
    return [
        "[Sign in again](https://evil.example/login)",  # markdown link
        f"![px](http://{image_host}/p.png)",  # markdown image: a request per view
        "https://evil.example/login",  # bare URL: GFM auto-link, escapes or not
        "www.evil.example",  # www auto-link
        "help@evil.example",  # e-mail auto-link
        "North\u202eevil.example",  # right-to-left override flips what follows
        ":red[Pay now at evil.example]",  # Streamlit colour directive
        '<a href="https://evil.example/h">Europe</a>',  # HTML: plotly draws <a href>
        "&#91;x&#93;(https&#58;//evil.example/e)",  # entities resolved before auto-links
        "x\n\n[Sign in again](https://evil.example/n)",  # a blank line ends the label
        "<https://evil.example/a>",  # CommonMark auto-link
        f'<img src="http://{image_host}/h.png">',  # raw HTML image
        '=HYPERLINK("https://evil.example/f","Open")',  # formula cells (CSV download)
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "+1+cmd",
        "\t=1+1",
    ]


def hostile_scenario_names(image_host: str = DEFAULT_IMAGE_HOST) -> list[str]:
    """Names a user could save a scenario under, shown to every user of the market."""
    return [
        "[Session expired, sign in](https://evil.example/d)",
        f"![p](http://{image_host}/n.png)",
        "https://evil.example/s",
        '=HYPERLINK("https://evil.example/f","Open")',
    ]


def hostile_urls(image_host: str = DEFAULT_IMAGE_HOST) -> list[tuple[str, dict[str, str]]]:
    """(page, query) pairs whose values try to put a link or an image into a notice
    (``overview`` is the page served at ``/``)."""
    image = f"\n\n![p](http://{image_host}/u2.png)"
    link = "\n\n[Sign in again](https://ev.il/x)"
    return [
        ("scenarios", {"cagr": link}),
        ("scenarios", {"to": image}),
        ("scenarios", {"cagr_[a](https://ev.il/k)": "1"}),
        ("scenarios", {"preset": "https://evil.example/login"}),
        ("overview", {"market": "https://evil.example/login"}),
        ("segments", {"market": link}),
        ("regions", {"[Sign in again](https://ev.il/p)": "1"}),
        ("sources", {"https://evil.example/q": image}),
        ("data", {"market": image}),
    ]


def hostile_market(seed: Market, image_host: str = DEFAULT_IMAGE_HOST) -> Market:
    """``seed`` with every name and text field replaced by hostile text."""
    texts = hostile_texts(image_host)
    names = _renames(seed, texts)

    def rename(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        out["segment"] = [
            names.get((d, s), s) for d, s in zip(out["dimension"], out["segment"], strict=True)
        ]
        if "parent" in out.columns:
            parents = {s: n for (d, s), n in names.items() if d == "region"}
            out["parent"] = [parents.get(p, p) for p in out["parent"]]
        if "market" in out.columns:
            out["market"] = HOSTILE_ID
        return out

    def noted(frame: pd.DataFrame, column: str = "note") -> pd.DataFrame:
        return frame.assign(**{column: [texts[i % len(texts)] for i in range(len(frame))]})

    sources = seed.sources.copy()
    sources["publisher"] = [texts[i % len(texts)] for i in range(len(sources))]
    sources["title"] = texts[0]
    sources["url"] = "https://evil.example/login"
    sources = noted(sources)
    companies = pd.DataFrame(
        {
            "market": HOSTILE_ID,
            "company": texts,
            "source": seed.meta.primary_source,
            "note": list(reversed(texts)),
        }
    )
    meta = replace(
        seed.meta,
        id=HOSTILE_ID,
        name=texts[0],
        geography=texts[2],
        currency=texts[6],
        description=texts[1],
        notes=texts[9],
        definitions={
            f"{d}/{names.get((d, s), s)}": texts[i % len(texts)]
            for i, (d, s) in enumerate(k.split("/", 1) for k in seed.meta.definitions if "/" in k)
        },
    )
    return Market(
        meta=meta,
        figures=noted(rename(seed.figures)),
        segments=noted(rename(seed.segments)),
        companies=companies,
        claims=noted(rename(seed.claims)),
        sources=sources,
        estimates=noted(rename(seed.estimates).assign(market=HOSTILE_ID)),
    )


def _renames(seed: Market, texts: list[str]) -> dict[tuple[str, str], str]:
    """(dimension, segment) → a hostile name, unique within its dimension."""
    names: dict[tuple[str, str], str] = {}
    frames = (seed.figures, seed.segments)
    pairs = dict.fromkeys(
        (str(d), str(s))
        for frame in frames
        for d, s in zip(frame["dimension"], frame["segment"], strict=True)
        if s != "All"
    )
    counts: dict[str, int] = {}
    for dimension, segment in pairs:
        index = counts.get(dimension, 0)
        counts[dimension] = index + 1
        suffix = "" if index < len(texts) else f" {index}"
        names[(dimension, segment)] = texts[index % len(texts)] + suffix
    return names


def write_bundle(market: Market, folder: Path) -> None:
    """``market`` as a source bundle (``market.toml`` and a CSV a table), as
    ``pmdash import FOLDER`` reads one; hostile text is written exactly as it is."""
    folder.mkdir(parents=True, exist_ok=True)
    meta = market.meta.to_dict()
    definitions = meta.pop("definitions", {})
    lines = [f"{key} = {_toml(value)}" for key, value in meta.items() if value is not None]
    lines += ["", "[definitions]"] + [f"{_toml(k)} = {_toml(v)}" for k, v in definitions.items()]
    (folder / "market.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    market.figures.to_csv(folder / "figures.csv", index=False)
    for name in ("segments", "companies", "claims", "sources", "estimates"):
        market.table(name).to_csv(folder / f"{name}.csv", index=False)


def _toml(value: object) -> str:
    # A JSON string is a TOML basic string (same escapes); numbers are the same too.
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)
