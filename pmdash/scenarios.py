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

import math
import re
from dataclasses import dataclass, replace
from typing import Final, Literal

import pandas as pd

from pmdash.metrics import cagr_pct, expand, implied_cagrs, shares_of_total
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
    assumed: frozenset[tuple[str, int]] = frozenset()  # (segment, year) sizes analysts assumed

    def default_end(self) -> int:
        return self.last_year

    def assumed_years(self) -> tuple[int, int] | None:
        """The first and last year of the market total (or its parts) that are assumptions."""
        years = sorted({year for _, year in self.assumed})
        return (years[0], years[-1]) if years else None


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
    total_rows = sized[
        (sized["dimension"] == TOTAL_DIMENSION) & (sized["segment"] == TOTAL_SEGMENT)
    ]
    total = pd.Series(total_rows["value"].to_numpy(), index=total_rows["year"].astype(int))
    both = pd.concat([parts, total_rows])
    stated = both[both["basis"] == "reported"]
    assumed = both[both["basis"] == "assumed"]
    order = tuple(wide.sort_index().iloc[0].sort_values(ascending=False).index)
    return Frame(
        dimension=dimension,
        parts=order,
        first_year=int(wide.index.min()),
        last_year=int(max(wide.index.max(), total.index.max() if not total.empty else 0)),
        implied_pct={p: implied.get(p, 0.0) for p in order},
        start_sizes=wide[list(order)],
        total=total.sort_index(),
        reported=frozenset(zip(stated["segment"], stated["year"].astype(int), strict=True)),
        assumed=frozenset(zip(assumed["segment"], assumed["year"].astype(int), strict=True)),
    )


def coverage(frame: Frame) -> str:
    """Whose figures the frame's years are, in a sentence fragment (no final full stop)."""
    span = f"{frame.first_year}\u2013{frame.last_year}"
    assumed = frame.assumed_years()
    if assumed is None:
        return f"The source's figures run {span}"
    first, last = assumed
    if first == last:
        return f"The figures run {span}; {first} is an analyst's assumption, not the source's"
    return (
        f"The figures run {span}; {first}\u2013{last} are analysts' assumptions, not the source's"
    )


def is_assumed_year(frame: Frame, year: int) -> bool:
    """Whether the market's figure for ``year`` is an analyst's assumption."""
    return any(assumed_year == year for _, assumed_year in frame.assumed)


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

    Columns: segment, year, size_usd_bn, share_pct, basis (``reported``, ``assumed``
    by an analyst, ``derived``, ``scenario`` or ``extrapolated`` past the last year).
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
        base = float(frame.start_sizes[part][start])
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
    if frame.dimension != TOTAL_DIMENSION:
        total = pd.concat([total, parts], ignore_index=True)
    out = total.assign(
        basis=[
            _basis(frame, scenario, s, int(y))
            for s, y in zip(total["segment"], total["year"], strict=True)
        ]
    )
    columns = ["segment", "year", "size_usd_bn", "share_pct", "basis"]
    return pd.DataFrame(out[columns].reset_index(drop=True))


def _basis(frame: Frame, scenario: Scenario, segment: str, year: int) -> str:
    if year > frame.last_year:
        return "extrapolated"
    if not scenario.is_as_reported():
        return "scenario"
    if (segment, year) in frame.reported:
        return "reported"
    return "assumed" if (segment, year) in frame.assumed else "derived"


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
    # The centre is the scenario's own target total, so the tornado meets the headline KPI.
    base = target_total(project(figures, scenario, frame))
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
    return replace(
        scenario, cagr_pct=None, segment_cagr_pct=tuple(sorted(rates.items())), preset="custom"
    )


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
        median = consensus_cagr(estimates) if estimates is not None else None
        return None if median is None else Scenario("consensus", cagr_pct=median)
    return None


def slug(segment: str) -> str:
    """A segment name as a URL/CLI key: 'North America' → 'north_america'."""
    return re.sub(r"[^a-z0-9]+", "_", segment.lower()).strip("_")


def resolve_segment(name: str, parts: tuple[str, ...]) -> str | None:
    """The part a user typed (name or slug, any case), or ``None``."""
    wanted = slug(name)
    return next((p for p in parts if slug(p) == wanted), None)


def pinned(scenario: Scenario, frame: Frame) -> Scenario:
    """The scenario with its start and target years written out (same projection)."""
    start, end = years_of(frame, scenario)
    return replace(scenario, start_year=start, end_year=end)


def available_presets(
    figures: pd.DataFrame, estimates: pd.DataFrame | None, frame: Frame
) -> dict[PresetName, Scenario]:
    """Every preset the market can offer, years pinned, in :data:`PRESETS` order."""
    found: dict[PresetName, Scenario] = {}
    for name in PRESETS:
        scenario = preset(name, figures, estimates, frame)
        if scenario is not None:
            found[name] = pinned(scenario, frame)
    return found


def same_assumptions(a: Scenario, b: Scenario) -> bool:
    """Whether two scenarios set the same growth rates and shock (years aside)."""
    return (a.cagr_pct, a.overrides, a.shock_year if a.shock_pct else None, a.shock_pct) == (
        b.cagr_pct,
        b.overrides,
        b.shock_year if b.shock_pct else None,
        b.shock_pct,
    )


def as_reported(scenario: Scenario, frame: Frame) -> Scenario:
    """The source's own path from its first year to the scenario's target year."""
    return Scenario("reported", start_year=frame.first_year, end_year=years_of(frame, scenario)[1])


@dataclass(frozen=True)
class Outcome:
    """The headline numbers of a scenario: its target-year total against "As reported"."""

    start_year: int
    end_year: int
    last_year: int  # the source's last year; later years are extrapolated
    start_usd_bn: float
    end_usd_bn: float
    reported_usd_bn: float  # "As reported" in the target year
    cagr_pct: float  # the total's effective growth, start to target year

    @property
    def delta_usd_bn(self) -> float:
        return self.end_usd_bn - self.reported_usd_bn

    @property
    def delta_pct(self) -> float:
        return (
            self.delta_usd_bn / self.reported_usd_bn * 100.0 if self.reported_usd_bn else math.nan
        )

    @property
    def extrapolated(self) -> bool:
        return self.end_year > self.last_year


def outcome(
    figures: pd.DataFrame,
    scenario: Scenario,
    frame: Frame,
    *,
    projection: pd.DataFrame | None = None,
    baseline: pd.DataFrame | None = None,
) -> Outcome:
    """Target-year total, the as-reported total for the same year, the effective CAGR.

    ``projection`` (of ``scenario``) and ``baseline`` (of ``as_reported(scenario)``) save
    projecting again when the caller has them.
    """
    if projection is None:
        projection = project(figures, scenario, frame)
    if baseline is None:
        baseline = project(figures, as_reported(scenario, frame), frame)
    start, end = years_of(frame, scenario)
    total = projection[projection["segment"] == TOTAL_SEGMENT].set_index("year")["size_usd_bn"]
    first, last = float(total[start]), float(total[end])
    return Outcome(
        start_year=start,
        end_year=end,
        last_year=frame.last_year,
        start_usd_bn=first,
        end_usd_bn=last,
        reported_usd_bn=target_total(baseline),
        cagr_pct=cagr_pct(first, last, end - start),
    )


def region_table(projection: pd.DataFrame) -> pd.DataFrame:
    """Per part: size and share in the first and last year of a projection, and growth.

    Columns: segment, start_usd_bn, end_usd_bn, start_share_pct, end_share_pct,
    share_change_pts, cagr_pct; the parts in projection order, the total excluded.
    """
    parts = projection[projection["segment"] != TOTAL_SEGMENT]
    if parts.empty:
        parts = projection
    first, last = int(parts["year"].min()), int(parts["year"].max())
    start = parts[parts["year"] == first].set_index("segment")
    end = parts[parts["year"] == last].set_index("segment")
    out = pd.DataFrame(
        {
            "start_usd_bn": start["size_usd_bn"],
            "end_usd_bn": end["size_usd_bn"],
            "start_share_pct": start["share_pct"],
            "end_share_pct": end["share_pct"],
        }
    )
    out["share_change_pts"] = out["end_share_pct"] - out["start_share_pct"]
    out["cagr_pct"] = [
        cagr_pct(a, b, last - first)
        for a, b in zip(out["start_usd_bn"], out["end_usd_bn"], strict=True)
    ]
    return out.rename_axis("segment").reset_index()


def compare(figures: pd.DataFrame, named: dict[str, Scenario], frame: Frame) -> pd.DataFrame:
    """Several scenarios side by side: one row each, in the order given.

    Columns: name, preset, start_year, end_year, end_usd_bn, reported_usd_bn,
    delta_usd_bn, delta_pct, cagr_pct, then one ``<part>_usd_bn`` column per part.
    """
    rows: list[dict[str, object]] = []
    for name, scenario in named.items():
        result = outcome(figures, scenario, frame)
        projection = project(figures, scenario, frame)
        last = projection[projection["year"] == result.end_year].set_index("segment")["size_usd_bn"]
        row: dict[str, object] = {
            "name": name,
            "preset": PRESET_LABELS[scenario.preset],
            "start_year": result.start_year,
            "end_year": result.end_year,
            "end_usd_bn": result.end_usd_bn,
            "reported_usd_bn": result.reported_usd_bn,
            "delta_usd_bn": result.delta_usd_bn,
            "delta_pct": result.delta_pct,
            "cagr_pct": result.cagr_pct,
        }
        if frame.dimension != TOTAL_DIMENSION:
            row.update({f"{part}_usd_bn": float(last[part]) for part in frame.parts})
        rows.append(row)
    return pd.DataFrame(rows)


def publisher_range(
    estimates: pd.DataFrame, years: range, quantiles: tuple[float, float] = (0.25, 0.75)
) -> pd.DataFrame:
    """Other publishers' market totals over ``years``: a band across their paths.

    Each publisher's path runs through its latest stated size, grown at the rate its
    two latest sizes imply (else its stated CAGR). A publisher with no size is left
    out. The band is the given quantiles across publishers (by default the middle
    half, so one publisher with a far broader scope does not swamp it).
    Columns: year, low_usd_bn, high_usd_bn, publishers.
    """
    paths: list[pd.Series] = []
    total = estimates[
        (estimates["dimension"] == TOTAL_DIMENSION) & (estimates["segment"] == TOTAL_SEGMENT)
    ]
    for _, rows in total.groupby("source", sort=True):
        sized = rows[rows["metric"] == "size"].sort_values("year")
        if sized.empty:
            continue
        points = dict(zip(sized["year"].astype(int), sized["value"].astype(float), strict=True))
        rates = rows[rows["metric"] == "cagr"]
        if len(points) >= 2:
            (y0, v0), (y1, v1) = sorted(points.items())[-2:]
            rate = cagr_pct(v0, v1, y1 - y0)
        elif not rates.empty:
            rate = float(rates["value"].iloc[-1])
        else:
            continue
        anchor_year, anchor = max(points.items())
        paths.append(
            pd.Series(
                {y: anchor * (1.0 + rate / 100.0) ** (y - anchor_year) for y in years}, dtype=float
            )
        )
    if not paths:
        return pd.DataFrame(columns=["year", "low_usd_bn", "high_usd_bn", "publishers"])
    wide = pd.concat(paths, axis=1)
    return pd.DataFrame(
        {
            "year": list(years),
            "low_usd_bn": wide.quantile(quantiles[0], axis=1).to_numpy(),
            "high_usd_bn": wide.quantile(quantiles[1], axis=1).to_numpy(),
            "publishers": len(paths),
        }
    )
