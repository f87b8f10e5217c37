"""Like-for-like triangulation: the rules for comparing a market's publishers.

One pure function, :func:`triangulation_of` (or :func:`triangulate` on a
:class:`~pmdash.model.Market`), applies them; the Sources page, the audit, the
executive brief and the Consensus preset all read its result, so they cannot
disagree. The rules (docs/methodology.md, "Triangulation"):

- **Scope first.** The market's scope is its primary source's ``scope``
  (sources.csv). Only other publishers of that scope are compared; other scopes
  are shown beside, never merged.
- **Common years.** A publisher's size in a year is stated, interpolated between
  two stated sizes, or projected here from its nearest stated size at its own
  stated CAGR, else the CAGR its sizes imply (marked *implied*).
- **Edition age.** Counted from the market's base year; an edition more than
  ``max_age_years`` before it is *old*; an edition year that is neither
  published nor given is *unknown*, never guessed.
- **Consensus.** The median of the compared publishers' rates, offered only when
  at least :data:`MIN_PUBLISHERS` have one.

>>> result = triangulate(market)  # doctest: +SKIP
>>> result.consensus.cagr_pct, [e.label for e in result.consensus.publishers]  # doctest: +SKIP
(8.91, ['Grand View Research (2021)', 'Precedence Research (2022)'])
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

import pandas as pd

from pmdash.metrics import implied_rate, median_of, size_in_year
from pmdash.model import Market
from pmdash.schema import TOTAL_DIMENSION

DEFAULT_MAX_AGE_YEARS: Final = 4
MIN_PUBLISHERS: Final = 2
UNKNOWN: Final = "unknown"
NOT_STATED: Final = "not stated"

RateKind = Literal["stated", "implied", ""]


@dataclass(frozen=True, eq=False)
class Estimate:
    """One source's estimate of the market total, with what is known of its basis."""

    source: str
    label: str  # 'Grand View Research (2021)'
    scope: str  # '' when sources.csv does not say
    is_primary: bool
    edition_year: int | None
    edition_how: str  # 'published 2022-01-25', "inferred in the source's note", 'unknown'
    currency: str
    price_basis: str  # 'nominal', 'real' or '' (not stated)
    price_base_year: int | None
    fx_basis: str
    sizes: Mapping[int, float] = field(default_factory=dict)
    stated_cagr_pct: float = math.nan
    stated_period: tuple[int, int] | None = None
    implied_cagr_pct: float = math.nan
    implied_period: tuple[int, int] | None = None

    @property
    def rate_kind(self) -> RateKind:
        """Which rate projects the estimate: its stated CAGR, else the implied one."""
        if not math.isnan(self.stated_cagr_pct):
            return "stated"
        return "implied" if not math.isnan(self.implied_cagr_pct) else ""

    @property
    def rate_pct(self) -> float:
        """The rate that projects the estimate (NaN when there is none)."""
        return self.stated_cagr_pct if self.rate_kind == "stated" else self.implied_cagr_pct

    @property
    def rate_period(self) -> tuple[int, int] | None:
        return self.stated_period if self.rate_kind == "stated" else self.implied_period

    @property
    def edition(self) -> str:
        """The edition year for people: '2021', or 'unknown'."""
        return str(self.edition_year) if self.edition_year is not None else UNKNOWN

    @property
    def prices(self) -> str:
        """'nominal', 'real (2020 prices)', or 'not stated'."""
        if self.price_basis == "real":
            return f"real ({self.price_base_year} prices)" if self.price_base_year else "real"
        return self.price_basis or NOT_STATED

    @property
    def basis(self) -> str:
        """Currency, price basis and exchange-rate basis in one phrase.

        >>> Estimate("s", "S", "x", False, None, "unknown", "USD", "real", 2020, "").basis
        'USD, real (2020 prices), exchange rates not stated'
        """
        prices = self.price_basis or "price basis not stated"
        if self.price_basis == "real":
            prices += f" ({self.price_base_year} prices)" if self.price_base_year else " (year?)"
        fx = f"exchange rates: {self.fx_basis}" if self.fx_basis else "exchange rates not stated"
        return f"{self.currency or 'currency not stated'}, {prices}, {fx}"


@dataclass(frozen=True, eq=False)
class Consensus:
    """The Consensus growth rate: the median of the compared publishers' rates, or why not."""

    cagr_pct: float | None
    publishers: tuple[Estimate, ...]
    explanation: str  # how it was formed, or why it is not offered


@dataclass(frozen=True, eq=False)
class Triangulation:
    """Every estimate of a market, sorted by the rules; see the module's docstring."""

    scope: str  # the market's own scope ('' when not recorded)
    reference_year: int | None  # editions' age is counted from this year
    max_age_years: int
    estimates: tuple[Estimate, ...]  # the market's own source first
    consensus: Consensus

    @property
    def own(self) -> Estimate | None:
        """The market's own source's estimate."""
        return next((e for e in self.estimates if e.is_primary), None)

    @property
    def peers(self) -> tuple[Estimate, ...]:
        """Other publishers of the market's own scope: the ones compared."""
        return tuple(e for e in self.estimates if not e.is_primary and self.same_scope(e))

    @property
    def others(self) -> tuple[Estimate, ...]:
        """Publishers of another (or an unrecorded) scope: shown beside, never compared."""
        return tuple(e for e in self.estimates if not e.is_primary and not self.same_scope(e))

    def same_scope(self, estimate: Estimate) -> bool:
        return bool(self.scope) and _scope_key(estimate.scope) == _scope_key(self.scope)

    def age(self, estimate: Estimate) -> int | None:
        """Years from the edition to the market's base year (None when either is unknown)."""
        if estimate.edition_year is None or self.reference_year is None:
            return None
        return self.reference_year - estimate.edition_year

    def is_old(self, estimate: Estimate) -> bool:
        """Older than the threshold; an unknown edition is not *old*, it is unknown."""
        age = self.age(estimate)
        return age is not None and age > self.max_age_years

    def age_note(self, estimate: Estimate) -> str:
        """'' for a recent edition; otherwise what a reader must know about its age."""
        age = self.age(estimate)
        if estimate.edition_year is None:
            return "edition year unknown"
        if age is None or age <= self.max_age_years:
            return ""
        return f"old edition: {estimate.edition_year}, {age} years before {self.reference_year}"


def _scope_key(scope: str) -> str:
    return " ".join(scope.casefold().replace("-", " ").split())


def triangulate(market: Market, *, max_age_years: int = DEFAULT_MAX_AGE_YEARS) -> Triangulation:
    """The rules applied to a market (its figures, estimates, sources and metadata)."""
    return triangulation_of(
        market.figures,
        market.estimates,
        market.sources,
        market.meta.primary_source,
        reference_year=market.meta.base_year,
        max_age_years=max_age_years,
    )


def triangulation_of(
    figures: pd.DataFrame,
    estimates: pd.DataFrame,
    sources: pd.DataFrame,
    primary_source: str,
    *,
    reference_year: int | None = None,
    max_age_years: int = DEFAULT_MAX_AGE_YEARS,
) -> Triangulation:
    """The rules applied to the tables of a market.

    ``figures`` are the market's own (interchange columns; its reported total is
    the primary source's estimate), ``estimates`` the other publishers', ``sources``
    the sources table; ``reference_year`` (the market's base year; else the first
    year the market's own figures size) is the year editions' age is counted from.
    """
    own = figures[(figures["basis"] == "reported")].assign(source=primary_source or "")
    others = estimates[estimates["source"] != primary_source] if primary_source else estimates
    rows = pd.concat([own.assign(_primary=True), others.assign(_primary=False)])
    rows = rows[(rows["dimension"] == TOTAL_DIMENSION) & rows["metric"].isin(["size", "cagr"])]
    info: dict[str, Mapping[str, object]] = {
        str(r["source"]): {str(k): v for k, v in r.items()} for r in sources.to_dict("records")
    }
    found = [
        _estimate(str(source), bool(primary), group, info.get(str(source), {}))
        for (primary, source), group in rows.groupby(["_primary", "source"], sort=False)
    ]
    found.sort(key=lambda e: (not e.is_primary, e.label.casefold()))
    if reference_year is None:
        sized = figures[(figures["metric"] == "size") & (figures["basis"] == "reported")]
        reference_year = int(sized["year"].min()) if not sized.empty else None
    scope = str(info.get(primary_source, {}).get("scope", "") or "").strip()
    partial = Triangulation(
        scope, reference_year, max_age_years, tuple(found), Consensus(None, (), "")
    )
    return Triangulation(
        scope,
        reference_year,
        max_age_years,
        tuple(found),
        _consensus(partial, primary_source),
    )


def _estimate(
    source: str, primary: bool, rows: pd.DataFrame, info: Mapping[str, object]
) -> Estimate:
    sized = rows[rows["metric"] == "size"]
    sizes = {
        int(y): float(v)
        for y, v in zip(sized["year"], sized["value"], strict=True)
        if not math.isnan(float(v))
    }
    stated = rows[rows["metric"] == "cagr"].sort_values(["year", "base_year"])
    stated_pct, period = math.nan, None
    if not stated.empty:
        row = stated.iloc[0]
        stated_pct, period = float(row["value"]), (int(row["base_year"]), int(row["year"]))
    implied, span = implied_rate(sizes, period)
    edition_year, how = _edition(info)
    return Estimate(
        source=source,
        label=_label(source, info, edition_year),
        scope=_text(info, "scope"),
        is_primary=primary,
        edition_year=edition_year,
        edition_how=how,
        currency=_text(info, "currency"),
        price_basis=_text(info, "price_basis").lower(),
        price_base_year=_year(info.get("price_base_year")),
        fx_basis=_text(info, "fx_basis"),
        sizes=sizes,
        stated_cagr_pct=stated_pct,
        stated_period=period,
        implied_cagr_pct=implied,
        implied_period=span,
    )


def _text(info: Mapping[str, object], key: str) -> str:
    value = info.get(key)
    return (
        ""
        if value is None or (isinstance(value, float) and math.isnan(value))
        else str(value).strip()
    )


def _year(value: object) -> int | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()[:4]
    return int(text) if text.isdigit() else None


def _edition(info: Mapping[str, object]) -> tuple[int | None, str]:
    """The edition's year: published, else the ``edition_year`` the sources table gives
    (inferred in the source's note), else unknown."""
    published = _text(info, "published")
    if _year(published) is not None:
        return _year(published), f"published {published}"
    given = _year(info.get("edition_year"))
    if given is not None:
        return given, "inferred in the source's note"
    return None, UNKNOWN


def _label(source: str, info: Mapping[str, object], edition_year: int | None) -> str:
    """'Publisher (edition year)'; the publisher alone when the edition is unknown."""
    publisher = _text(info, "publisher") or source or "This report"
    return f"{publisher} ({edition_year})" if edition_year is not None else publisher


def _consensus(result: Triangulation, primary_source: str) -> Consensus:
    if not result.peers and not result.others:
        return Consensus(
            None, (), "Consensus is not offered: no other publisher's estimate is recorded."
        )
    if not result.scope:
        why = (
            f"the market's own scope is not recorded (its primary source '{primary_source}' "
            "has no scope in the sources table)"
            if primary_source
            else "the market names no primary source, so its scope is not known"
        )
        return Consensus(None, (), f"Consensus is not offered: {why}.")
    rated = tuple(e for e in result.peers if e.rate_kind)
    named = "; ".join(f"{e.label}: {rate_text(e)}" for e in rated)
    if len(rated) < MIN_PUBLISHERS:
        have = (
            f"only one other publisher of {result.scope} gives a growth rate ({named})"
            if rated
            else f"no other publisher of {result.scope} gives a growth rate"
        )
        return Consensus(
            None,
            rated,
            f"Consensus is not offered: {have}; it needs at least {MIN_PUBLISHERS}.",
        )
    median = round(median_of(pd.Series([e.rate_pct for e in rated])), 2)
    return Consensus(
        median,
        rated,
        f"Consensus: {median:.2f} % a year, the median of {len(rated)} other publishers "
        f"of {result.scope} ({named}).",
    )


def rate_text(estimate: Estimate) -> str:
    """'6.20 % a year stated (2021–2028)' or '11.61 % a year implied by its sizes (2020–2030)'."""
    if not estimate.rate_kind:
        return "no growth rate"
    period = estimate.rate_period
    years = f" ({period[0]}–{period[1]})" if period else ""
    kind = "stated" if estimate.rate_kind == "stated" else "implied by its sizes"
    return f"{estimate.rate_pct:.2f} % a year {kind}{years}"


def size_at(estimate: Estimate, year: int) -> tuple[float, str]:
    """The estimate's size in ``year`` (NaN when it cannot be had) and how it was obtained.

    >>> e = Estimate("s", "S", "x", False, 2021, "", "USD", "", None, "", {2020: 100.0},
    ...              stated_cagr_pct=10.0, stated_period=(2020, 2025))
    >>> value, how = size_at(e, 2022)
    >>> round(value, 2), how
    (121.0, 'projected here from 2020 (USD 100.0 bn) at its stated 10.00 % a year')
    """
    return size_and_method(estimate.sizes, year, estimate.rate_pct, estimate.rate_kind)


def size_and_method(
    sizes: Mapping[int, float], year: int, rate_pct: float, rate_kind: str
) -> tuple[float, str]:
    """:func:`size_at` on the parts of an estimate: its stated sizes and its rate."""
    found = size_in_year(sizes, year, rate_pct)
    if found.how == "stated":
        return found.value, f"stated for {year}"
    if found.how == "interpolated":
        first, last = found.from_years
        return found.value, f"interpolated between its {first} and {last} sizes"
    if found.how == "projected":
        anchor = found.from_years[0]
        return found.value, (
            f"projected here from {anchor} (USD {sizes[anchor]:,.1f} bn) "
            f"at its {rate_kind} {rate_pct:.2f} % a year"
        )
    reason = (
        "no size stated"
        if not sizes
        else "one size and no growth rate"
        if math.isnan(rate_pct)
        else "too large to compute"
    )
    return math.nan, f"cannot be projected: {reason}"


def peer_estimates(market: Market, estimates: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows of ``estimates`` (default: the market's) from publishers that are compared:
    other publishers of the market's own scope."""
    rows = market.estimates if estimates is None else estimates
    peers = {e.source for e in triangulate(market).peers}
    return rows[rows["source"].isin(peers)]
