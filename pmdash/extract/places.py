"""Who a figure is about: the whole market, a region, a country or another segment, and
which market. Names are written one way (``Asia Pacific``, ``APAC`` → ``Asia-Pacific``).

>>> [(e.dimension, e.segment) for e in entities("North America and the U.S. lead; APAC grows")]
[('region', 'North America'), ('country', 'United States'), ('region', 'Asia-Pacific')]
>>> dimension_of("End Users"), dimension_of("Product Type"), dimension_of("Regions")
('end_user', 'product', 'region')
>>> market_name("The global personalized medicine market size was"), market_id("Personalized Medicine")
('personalized medicine', 'personalized-medicine')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from pmdash.schema import DIMENSION_ID as DIMENSION_NAME
from pmdash.schema import TOTAL_DIMENSION, TOTAL_SEGMENT

REGIONS: Final = {
    "North America": ("North America", "North American"),
    "Europe": ("Europe", "European", "EU"),
    "Asia-Pacific": ("Asia-Pacific", "Asia Pacific", "APAC", "Asia and Pacific", "Asia Pacific region"),
    "Latin America": ("Latin America", "Latin American", "South America", "South American"),
    "Middle East & Africa": ("Middle East & Africa", "Middle East and Africa", "MEA", "Middle East, and Africa"),
    "LAMEA": ("LAMEA",),
    "Asia": ("Asia", "Asian"),
    "Rest of the World": ("Rest of the World", "Rest of World", "RoW"),
}  # fmt: skip
COUNTRIES: Final = {
    "United States": ("United States", "U.S.", "US", "USA", "U.S.A.", "American"),
    "Canada": ("Canada", "Canadian"),
    "Mexico": ("Mexico", "Mexican"),
    "Brazil": ("Brazil", "Brazilian"),
    "Argentina": ("Argentina",),
    "United Kingdom": ("United Kingdom", "U.K.", "UK", "Britain", "British"),
    "Germany": ("Germany", "German"),
    "France": ("France", "French"),
    "Italy": ("Italy", "Italian"),
    "Spain": ("Spain", "Spanish"),
    "Netherlands": ("Netherlands", "Dutch"),
    "Switzerland": ("Switzerland", "Swiss"),
    "Sweden": ("Sweden", "Swedish"),
    "China": ("China", "Chinese"),
    "Japan": ("Japan", "Japanese"),
    "India": ("India", "Indian"),
    "South Korea": ("South Korea", "Korea", "Korean"),
    "Australia": ("Australia", "Australian"),
    "Singapore": ("Singapore",),
    "Indonesia": ("Indonesia",),
    "Saudi Arabia": ("Saudi Arabia", "Saudi"),
    "United Arab Emirates": ("United Arab Emirates", "UAE"),
    "South Africa": ("South Africa", "South African"),
    "Israel": ("Israel", "Israeli"),
}  # fmt: skip
_DIMENSIONS: Final = {
    "region": "region", "geography": "region", "country": "country",
    "end user": "end_user", "end-user": "end_user", "end use": "end_user", "user": "end_user",
    "product": "product", "product type": "product", "offering": "product",
    "application": "application", "type": "type", "component": "component",
    "technology": "technology", "indication": "indication", "distribution channel": "channel",
    "channel": "channel", "deployment": "deployment", "service": "service",
}  # fmt: skip
# Words that start or stop a market's name: articles, prepositions, scope words.
_NOT_NAME: Final = frozenset(
    """a an the this that these those its their our of in on for and or to by with from at
    as is was are be been will would global worldwide world overall total entire whole
    international domestic regional local national emerging key major expected projected
    estimated forecast anticipated current largest fastest leading dominant growing target
    addressable share size value revenue report scope area focus details segment country
    region accounted account accounts accounting held hold holds holding captured captures
    contributed contributes represented represents comprised made makes generated generates
    dominated dominates led leads commanded commands registered registers has had have
    occupied occupies market markets industry sector""".split()  # noqa: SIM905 (a word list to read)
)
_NAME_WORD: Final = re.compile(r"[A-Za-z][A-Za-z&'’\-]*$")
_SEGMENT_WORD: Final = re.compile(r"\b(?:segments?|sub-segments?|categor(?:y|ies))\b", re.I)


@dataclass(frozen=True)
class Entity:
    """A named part of the market (or the whole, ``total``/``All``) at ``span``."""

    dimension: str
    segment: str
    span: tuple[int, int]


def _alternation(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {alias.lower(): name for name, aliases in table.items() for alias in aliases}


_REGION_OF: Final = _alternation(REGIONS)
_COUNTRY_OF: Final = _alternation(COUNTRIES)
_CASE_SENSITIVE: Final = frozenset({"US", "EU", "UK", "MEA", "RoW", "UAE"})
_GLOBAL: Final = r"global(?:ly)?|worldwide|world(?:'s)?|overall|entire|total market"
_ENTITY: Final = re.compile(
    r"(?<![\w.])(?P<name>"
    + "|".join(
        re.escape(a)
        for a in sorted([*_REGION_OF, *_COUNTRY_OF], key=len, reverse=True)
        if a.upper() not in {c.upper() for c in _CASE_SENSITIVE}
    )
    + rf"|(?-i:{'|'.join(sorted(_CASE_SENSITIVE, key=len, reverse=True))})|{_GLOBAL})(?![\w])",
    re.IGNORECASE,
)


def entities(text: str) -> list[Entity]:
    """Regions, countries and "global" named in ``text``, in order; a name in parentheses
    right after another (``LAMEA (Latin America, Middle East and Africa)``) is its gloss."""
    found: list[Entity] = []
    for m in _ENTITY.finditer(text):
        name = m.group("name")
        key = name.lower()
        if key in _REGION_OF:
            entity = Entity("region", _REGION_OF[key], m.span())
        elif key in _COUNTRY_OF:
            entity = Entity("country", _COUNTRY_OF[key], m.span())
        else:
            entity = Entity(TOTAL_DIMENSION, TOTAL_SEGMENT, m.span())
        if found and _in_gloss(text, found[-1].span[1], m.start()):
            continue
        found.append(entity)
    return found


def _in_gloss(text: str, after: int, at: int) -> bool:
    """Is position ``at`` inside parentheses opened right after position ``after``?"""
    between = text[after:at]
    return between.lstrip().startswith("(") and ")" not in between


def segment_before(text: str) -> str | None:
    """The segment a clause is about: ``the hospitals segment`` → ``Hospitals``, or the
    noun phrase that opens it (``Hospitals accounted for``); ``None`` if there is none."""
    pieces = re.split(r"[;:]|,\s(?:while|whereas|and|with)\s|\bwhile\b|\bwhereas\b", text)
    clause = next((p for p in reversed(pieces) if p.strip()), "")
    named = list(
        re.finditer(r"([\w&'’\-]+(?:\s+[\w&'’\-]+){0,3})\s+" + _SEGMENT_WORD.pattern, clause, re.I)
    )
    phrase = named[-1].group(1) if named else clause
    phrase = re.sub(r"^(?:.*?,\s*)?(?:in\s+\d{4},?\s*)?", "", phrase.strip(), flags=re.I)
    words = [w for w in re.split(r"\s+", phrase) if w]
    while words and words[0].lower() in _NOT_NAME | {"by", "among", "within"}:
        words.pop(0)
    kept: list[str] = []
    for word in words:
        if not _NAME_WORD.match(word) or (
            word.lower() in _NOT_NAME and word.lower() not in ("and", "&")
        ):
            break
        kept.append(word)
    while kept and kept[-1].lower() in ("and", "&"):
        kept.pop()
    if not kept or len(kept) > 5:
        return None
    name = " ".join(kept)
    return name[0].upper() + name[1:]


def dimension_of(header: str) -> str | None:
    """A header or ``by …`` phrase → the dimension name of the schema, or ``None``."""
    key = re.sub(r"[^a-z\- ]", "", header.lower()).strip()
    key = re.sub(r"^by\s+", "", key)
    for word, dimension in sorted(_DIMENSIONS.items(), key=lambda kv: -len(kv[0])):
        if key in (word, word + "s", word + "es") or key.startswith(word + " "):
            return dimension
    if key.endswith("ies") and key[:-3] + "y" in _DIMENSIONS:
        return _DIMENSIONS[key[:-3] + "y"]
    return None


def dimension_named(text: str) -> str | None:
    """The dimension a phrase names: ``by end user``, ``among end users``, ``segmented by
    product``; or a heading or sentence that opens with ``By <name>`` (``By connectivity``
    → ``connectivity``), if any.

    >>> dimension_named("Among end users, clinics led"), dimension_named("By Connectivity, 2024")
    ('end_user', 'connectivity')
    """
    for m in re.finditer(r"\b(?:by|among|across)\s+([A-Za-z\- ]{3,24})", text, re.I):
        words = m.group(1).split()
        for n in (3, 2, 1):
            found = dimension_of(" ".join(words[:n]))
            if found:
                return found
    opening = re.match(r"\s*by\s+([A-Za-z][A-Za-z\- ]{2,30}?)\s*(?:[,:(]|$)", text, re.I)
    if opening and opening.group(1).split()[0].lower() not in _NOT_NAME:
        name = re.sub(r"[^a-z]+", "_", opening.group(1).lower()).strip("_")
        return name if DIMENSION_NAME.match(name) and name.count("_") <= 2 else None
    return None


def market_name(text: str) -> str | None:
    """The market a sentence names (``the global X market``, ``the market for X``),
    lower case, or ``None``."""
    text = _ENTITY.sub(" | ", text)
    for m in re.finditer(r"\b(markets?|industry|sector)\b", text, re.I):
        before = text[: m.start()].split()
        words: list[str] = []
        for word in reversed(before[-6:]):
            bare = word.strip('"“”()')
            if not _NAME_WORD.match(bare) or len(bare) < 2 or bare.lower() in _NOT_NAME:
                break
            words.insert(0, bare.lower())
        if words:
            return " ".join(words)
        after = re.match(r"\s+for\s+((?:[A-Za-z][\w&'’\-]*\s?){1,4})", text[m.end() :])
        if after:
            stop = next(
                (i for i, w in enumerate(after.group(1).split()) if w.lower() in _NOT_NAME), None
            )
            name = after.group(1).split()[:stop]
            if name:
                return " ".join(name).lower()
    return None


def market_id(name: str) -> str:
    """A market's name → its id (lower-case words joined by ``-``)."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "market"
