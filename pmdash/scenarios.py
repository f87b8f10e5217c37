"""Growth scenarios: grow each part of the market at its own rate to a target year.

The *parts* are the market's regions when it has region sizes in at least two
years, else the market total itself. Each part starts from its size in the start
year (stated or interpolated) and grows at its rate: a per-part override, else the
scenario's global rate, else the rate its own stated endpoints imply. The total
is the sum of the parts; shares follow. An optional one-off shock scales every
part from the shock year on.

With no rate and no shock the projection is the source's own: the total is the
stated (or interpolated) total wherever the source has one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Final, Literal

import pandas as pd

from pmdash.metrics import expand, implied_cagrs, shares_of_total
from pmdash.schema import TOTAL_DIMENSION, TOTAL_SEGMENT

PresetName = Literal["reported", "headline", "conservative", "optimistic", "consensus", "custom"]
PRESETS: Final[tuple[PresetName, ...]] = (
    "reported", "headline", "conservative", "optimistic", "consensus", "custom",
)  # fmt: skip
PRESET_LABELS: Final = {
    "reported": "As reported",
    "headline": "Headline CAGR",
    "conservative": "Conservative",
    "optimistic": "Optimistic",
    "consensus": "Consensus",
    "custom": "Custom",
}
PRESET_DELTA_PCT: Final = 2.0
CAGR_LIMITS_PCT: Final = (-50.0, 100.0)
SHOCK_LIMITS_PCT: Final = (-90.0, 100.0)
MAX_YEAR: Final = 2060
HORIZON_YEAR: Final = 2040


@dataclass(frozen=True)
class Scenario:
    """A growth scenario; ``None`` means "as the source implies"."""

    preset: PresetName = "reported"
    start_year: int | None = None
    end_year: int | None = None
    cagr_pct: float | None = None
    segment_cagr_pct: tuple[tuple[str, float], ...] = ()
    shock_year: int | None = None
    shock_pct: float = 0.0

    @property
    def overrides(self) -> dict[str, float]:
        return dict(self.segment_cagr_pct)

    def is_as_reported(self) -> bool:
        return self.cagr_pct is None and not self.segment_cagr_pct and not self.shock_pct

    def with_segment_rate(self, segment: str, rate_pct: float) -> Scenario:
        rates = {**self.overrides, segment: rate_pct}
        return replace(self, segment_cagr_pct=tuple(sorted(rates.items())), preset="custom")


@dataclass(frozen=True)
class Frame:
    """What the source offers a scenario: the parts, their years and implied rates."""

    dimension: str
    parts: tuple[str, ...]
    first_year: int
    last_year: int
    implied_pct: dict[str, float]
    start_sizes: pd.DataFrame  # index year, one column per part
    total: pd.Series  # the source's total by year (stated or interpolated)
    reported: frozenset[tuple[str, int]]  # (segment, year) sizes stated by the source

    def default_end(self) -> int:
        return self.last_year


def frame_of(figures: pd.DataFrame) -> Frame:
    """The scenario frame of a market's figures."""
    full = expand(figures)
    sized = full[full["metric"] == "size"]
    regions = sized[sized["dimension"] == "region"]
    dimension = "region" if regions["year"].nunique() >= 2 else TOTAL_DIMENSION
    parts = sized[sized["dimension"] == dimension]
    wide = parts.pivot_table(index="year", columns="segment", values="value", aggfunc="first")
    wide = wide.dropna()
    wide.index = wide.index.astype(int)
    if wide.empty:
        raise ValueError("the market has no sizes to project from")
    rates = implied_cagrs(figures, dimension)
    implied = dict(zip(rates["segment"], rates["cagr_pct"].astype(float), strict=True))
    total_rows = sized[(sized["dimension"] == TOTAL_DIMENSION) & (sized["segment"] == TOTAL_SEGMENT)]
    total = pd.Series(total_rows["value"].to_numpy(), index=total_rows["year"].astype(int))
    stated = pd.concat([parts, total_rows])
    stated = stated[stated["basis"] == "reported"]
    order = tuple(wide.loc[wide.index.min()].sort_values(ascending=False).index)
    return Frame(
        dimension=dimension,
        parts=order,
        first_year=int(wide.index.min()),
        last_year=int(max(wide.index.max(), total.index.max() if not total.empty else 0)),
        implied_pct={p: implied.get(p, 0.0) for p in order},
        start_sizes=wide[list(order)],
        total=total.sort_index(),
        reported=frozenset(zip(stated["segment"], stated["year"].astype(int), strict=True)),
    )


def rates_for(frame: Frame, scenario: Scenario) -> dict[str, float]:
    """Each part's growth rate under the scenario, percent a year."""
    overrides = scenario.overrides
    return {
        part: overrides.get(
            part, scenario.cagr_pct if scenario.cagr_pct is not None else frame.implied_pct[part]
        )
        for part in frame.parts
    }


def years_of(frame: Frame, scenario: Scenario) -> tuple[int, int]:
    """The scenario's (start, end) years, defaults filled in."""
    start = scenario.start_year if scenario.start_year is not None else frame.first_year
    end = scenario.end_year if scenario.end_year is not None else frame.default_end()
    return start, end


def project(figures: pd.DataFrame, scenario: Scenario, frame: Frame | None = None) -> pd.DataFrame:
    """Projected sizes by part and year, plus the total as segment ``All``.

    Columns: segment, year, size_usd_bn, share_pct, basis (``reported``,
    ``derived``, ``scenario`` or ``extrapolated`` past the source's last year).
    """
    frame = frame or frame_of(figures)
    start, end = years_of(frame, scenario)
    if start not in frame.start_sizes.index:
        raise ValueError(f"no sizes for every part in {start}")
    if end <= start:
        raise ValueError("the target year must be after the start year")
    rates = rates_for(frame, scenario)
    years = list(range(start, end + 1))
    rows = []
    for part in frame.parts:
        base = float(frame.start_sizes.at[start, part])
        for year in years:
            value = base * (1.0 + rates[part] / 100.0) ** (year - start)
            if scenario.shock_year is not None and year >= scenario.shock_year:
                value *= 1.0 + scenario.shock_pct / 100.0
            rows.append({"segment": part, "year": year, "size_usd_bn": value})
    parts = pd.DataFrame(rows)
    parts["share_pct"] = shares_of_total(parts, value="size_usd_bn")
    total = parts.groupby("year", as_index=False)["size_usd_bn"].sum()
    if scenario.is_as_reported():
        summed = total.set_index("year")["size_usd_bn"]
        total["size_usd_bn"] = frame.total.reindex(summed.index).fillna(summed).to_numpy()
    total = total.assign(segment=TOTAL_SEGMENT, share_pct=100.0)
    out = pd.concat([total, parts], ignore_index=True)
    out["basis"] = [
        _basis(frame, scenario, s, int(y)) for s, y in zip(out["segment"], out["year"], strict=True)
    ]
    if frame.dimension == TOTAL_DIMENSION:
        out = out[out["segment"] == TOTAL_SEGMENT]
    return out[["segment", "year", "size_usd_bn", "share_pct", "basis"]].reset_index(drop=True)


def _basis(frame: Frame, scenario: Scenario, segment: str, year: int) -> str:
    if year > frame.last_year:
        return "extrapolated"
    if not scenario.is_as_reported():
        return "scenario"
    return "reported" if (segment, year) in frame.reported else "derived"


def target_total(projection: pd.DataFrame) -> float:
    """The total in the projection's last year."""
    total = projection[projection["segment"] == TOTAL_SEGMENT]
    return float(total.sort_values("year")["size_usd_bn"].iloc[-1])


def sensitivity(
    figures: pd.DataFrame, scenario: Scenario, delta_pct: float = 1.0, frame: Frame | None = None
) -> pd.DataFrame:
    """Target-year total when each part's rate moves by ±``delta_pct`` points."""
    frame = frame or frame_of(figures)
    rates = rates_for(frame, scenario)
    base = target_total(project(figures, _explicit(scenario, rates), frame))
    rows = []
    for part in frame.parts:
        low = _explicit(scenario, {**rates, part: rates[part] - delta_pct})
        high = _explicit(scenario, {**rates, part: rates[part] + delta_pct})
        rows.append(
            {
                "segment": part,
                "low_usd_bn": target_total(project(figures, low, frame)),
                "base_usd_bn": base,
                "high_usd_bn": target_total(project(figures, high, frame)),
            }
        )
    out = pd.DataFrame(rows)
    out["swing_usd_bn"] = out["high_usd_bn"] - out["low_usd_bn"]
    return out.sort_values("swing_usd_bn").reset_index(drop=True)


def _explicit(scenario: Scenario, rates: dict[str, float]) -> Scenario:
    return replace(scenario, cagr_pct=None, segment_cagr_pct=tuple(sorted(rates.items())), preset="custom")


def stated_headline(figures: pd.DataFrame) -> tuple[int, int, float] | None:
    """The total's stated CAGR as (base_year, year, cagr_pct); the latest period wins."""
    rows = figures[
        (figures["dimension"] == TOTAL_DIMENSION)
        & (figures["metric"] == "cagr")
        & (figures["basis"] == "reported")
    ].sort_values(["year", "base_year"])
    if rows.empty:
        return None
    row = rows.iloc[-1]
    return int(row["base_year"]), int(row["year"]), float(row["value"])


def consensus_cagr(estimates: pd.DataFrame) -> float | None:
    """The median of other publishers' stated CAGRs for the total, percent a year."""
    rows = estimates[(estimates["metric"] == "cagr") & (estimates["dimension"] == TOTAL_DIMENSION)]
    return None if rows.empty else float(rows["value"].median())


def preset(
    name: PresetName,
    figures: pd.DataFrame,
    estimates: pd.DataFrame | None = None,
    frame: Frame | None = None,
) -> Scenario | None:
    """The scenario a preset stands for, or ``None`` when the market cannot offer it.

    - reported: each part at the rate its own endpoints imply;
    - headline: the stated total CAGR for every part, from the stated base year;
    - conservative / optimistic: each part's implied rate −/+ 2 points;
    - consensus: the median of other publishers' stated CAGRs for every part.
    """
    frame = frame or frame_of(figures)
    if name == "reported":
        return Scenario()
    if name == "headline":
        headline = stated_headline(figures)
        if headline is None or headline[0] not in frame.start_sizes.index:
            return None
        start, end, rate = headline
        return Scenario("headline", start_year=start, end_year=end, cagr_pct=rate)
    if name in ("conservative", "optimistic"):
        sign = -1.0 if name == "conservative" else 1.0
        rates = {p: round(r + sign * PRESET_DELTA_PCT, 2) for p, r in frame.implied_pct.items()}
        return Scenario(name, segment_cagr_pct=tuple(sorted(rates.items())))
    if name == "consensus":
        rate = consensus_cagr(estimates) if estimates is not None else None
        return None if rate is None else Scenario("consensus", cagr_pct=rate)
    return None


def slug(segment: str) -> str:
    """A segment name as a URL/CLI key: 'North America' → 'north_america'."""
    return re.sub(r"[^a-z0-9]+", "_", segment.lower()).strip("_")


def resolve_segment(name: str, parts: tuple[str, ...]) -> str | None:
    """The part a user typed (name or slug, any case), or ``None``."""
    wanted = slug(name)
    return next((p for p in parts if slug(p) == wanted), None)

