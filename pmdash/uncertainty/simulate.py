"""Monte Carlo around a growth scenario: every region's growth drawn, 10,000 paths.

Each part (region) grows at a rate drawn from a symmetric triangular distribution
around the rate the scenario gives it (:func:`pmdash.scenarios.rates_for`): low and
high are that rate ∓ the *spread* (points). The draws share one market-wide factor:
with probability √ρ a region takes the path's common draw instead of its own, so any
two regions' draws have correlation ρ (0: independent, 1: all regions move together)
and each region's rate stays exactly triangular. The scenario's one-off shock, if
any, happens on a path with the given probability. A path's sizes follow the same
formula as :func:`pmdash.scenarios.project`, so a zero spread gives exactly its path.

The uniforms come from a counter-based hash (seed, stream, path → one 32-bit number),
written here with NumPy and in ``studio.js`` with 32-bit integer maths, so the
browser draws the very same paths as Python from the same seed.

>>> run = simulate(market.figures, Scenario(cagr_pct=8.0), Settings(2.0))  # doctest: +SKIP
>>> percentiles(run).columns.tolist()  # doctest: +SKIP
['segment', 'year', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95']
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from pmdash.metrics import grow
from pmdash.scenarios import Frame, Scenario, frame_of, rates_for, years_of
from pmdash.schema import TOTAL_DIMENSION, TOTAL_SEGMENT

PERCENTILES: Final = (5, 10, 25, 50, 75, 90, 95)
PERCENTILE_COLUMNS: Final = tuple(f"p{p}" for p in PERCENTILES)
DRAWS: Final = 10_000
MAX_DRAWS: Final = 100_000
DEFAULT_SEED: Final = 1
SPREAD_LIMITS_PTS: Final = (0.0, 20.0)
SEED_LIMIT: Final = 2**32 - 1
# Streams of the hash: one a part (its own draw), then the shared draw, then the
# choice "own or shared" (one a part), then the shock. Mirrored in studio.js.
SHARED_STREAM: Final = 1000
CHOICE_STREAM: Final = 2000
SHOCK_STREAM: Final = 3000

Floats = NDArray[np.float64]
_M32: Final = 0xFFFFFFFF


@dataclass(frozen=True)
class Settings:
    """How to simulate: spread (half-width, points), paths, seed, correlation, shock chance."""

    spread_pts: float = 2.0
    draws: int = DRAWS
    seed: int = DEFAULT_SEED
    correlation: float = 0.0
    shock_probability: float = 1.0


@dataclass(frozen=True)
class Simulation:
    """Every path's sizes, USD bn: ``sizes`` (parts × years × draws), ``total`` (years × draws).

    Paths run along the last axis, so each year's draws sit side by side in memory.
    """

    segments: tuple[str, ...]  # "All", then the parts (when the market has them)
    parts: tuple[str, ...]
    years: NDArray[np.int64]
    sizes: Floats
    total: Floats
    rates: Floats  # parts × draws, percent a year

    def of(self, segment: str) -> Floats:
        """The paths of one segment (``All`` or a part), years × draws."""
        if segment == TOTAL_SEGMENT:
            return self.total
        part: Floats = self.sizes[self.parts.index(segment)]
        return part


def _mix32(x: NDArray[np.uint32]) -> NDArray[np.uint32]:
    """Chris Wellons' lowbias32 integer hash (32-bit arithmetic, wrapping)."""
    x = x ^ (x >> np.uint32(16))
    x = x * np.uint32(0x7FEB352D)
    x = x ^ (x >> np.uint32(15))
    x = x * np.uint32(0x846CA68B)
    return x ^ (x >> np.uint32(16))


def _key(seed: int, stream: int) -> int:
    """One stream's 32-bit key (plain integers, so no NumPy scalar overflow warnings)."""
    x = (seed * 0x9E3779B1 + stream * 0x85EBCA77 + 0x165667B1) & _M32
    mixed = _mix32(np.array([x], dtype=np.uint32))
    return int(mixed[0])


def uniforms(seed: int, stream: int, draws: int) -> Floats:
    """``draws`` numbers in (0, 1), one a path, from the hash of (seed, stream, path).

    >>> u = uniforms(1, 0, 4)
    >>> bool(((0 < u) & (u < 1)).all()), u.tolist() == uniforms(1, 0, 4).tolist()
    (True, True)
    """
    counter = np.arange(draws, dtype=np.uint32) * np.uint32(0x9E3779B9)
    x = _mix32(_mix32(counter + np.uint32(_key(seed, stream))))
    return (x.astype(np.float64) + 0.5) / 4294967296.0


def triangular(mode: Floats, spread: float, u: Floats) -> Floats:
    """The symmetric triangular distribution on [mode − spread, mode + spread] at ``u``.

    >>> triangular(np.array([8.0]), 2.0, np.array([0.5])).tolist()
    [8.0]
    """
    low = mode + spread * (np.sqrt(2.0 * u) - 1.0)
    high = mode + spread * (1.0 - np.sqrt(2.0 - 2.0 * u))
    return np.where(u < 0.5, low, high)


def draw_rates(rates_pct: Floats, settings: Settings) -> Floats:
    """Each part's rate on each path, parts × draws (see the module's docstring)."""
    n = settings.draws
    weight = math.sqrt(min(max(settings.correlation, 0.0), 1.0))
    shared = uniforms(settings.seed, SHARED_STREAM, n)
    u = np.empty((len(rates_pct), n))
    for i in range(len(rates_pct)):
        follows = uniforms(settings.seed, CHOICE_STREAM + i, n) < weight
        u[i] = np.where(follows, shared, uniforms(settings.seed, i, n))
    return triangular(rates_pct[:, None], settings.spread_pts, u)


def simulate(
    figures: pd.DataFrame, scenario: Scenario, settings: Settings, frame: Frame | None = None
) -> Simulation:
    """The scenario's paths under the settings' draws (as :func:`~pmdash.scenarios.project`)."""
    frame = frame or frame_of(figures)
    start, end = years_of(frame, scenario)
    if start not in frame.start_sizes.index:
        raise ValueError(f"no sizes for every part in {start}")
    if end <= start:
        raise ValueError("the target year must be after the start year")
    by_part = rates_for(frame, scenario)
    rates = np.array([by_part[p] for p in frame.parts], dtype=float)
    years = np.arange(start, end + 1, dtype=np.int64)
    base = frame.start_sizes.to_numpy(dtype=float)[frame.start_sizes.index.get_loc(start)]
    drawn = draw_rates(rates, settings)
    sizes = _paths(base, drawn, rates, years, settings)
    if scenario.shock_year is not None and scenario.shock_pct:
        # As grow(size, shock, 1): the shocked paths' sizes times (1 + shock/100), in place.
        hit = uniforms(settings.seed, SHOCK_STREAM, settings.draws) < settings.shock_probability
        factor = np.where(hit, grow(1.0, scenario.shock_pct, 1.0), 1.0)
        if not sizes.flags.writeable:  # a zero spread's paths are one path, broadcast
            sizes = np.array(sizes)
        later = sizes[:, int(np.searchsorted(years, scenario.shock_year)) :, :]
        with np.errstate(all="ignore"):
            np.multiply(later, factor, out=later)
        np.copyto(later, np.nan, where=~np.isfinite(later))
    with np.errstate(all="ignore"):
        total = sizes.sum(axis=0)
    total = np.where(np.isfinite(total), total, np.nan)
    if scenario.is_as_reported():
        total = _anchored(total, base, rates, years, frame)
    parts = frame.parts if frame.dimension != TOTAL_DIMENSION else ()
    return Simulation((TOTAL_SEGMENT, *parts), frame.parts, years, sizes, total, drawn)


def _paths(
    base: Floats, drawn: Floats, rates: Floats, years: NDArray[np.int64], settings: Settings
) -> Floats:
    """Sizes, parts × years × draws: each year the year before times (1 + rate/100).

    With no spread every path is the scenario's own: :func:`~pmdash.metrics.grow`, as
    :func:`~pmdash.scenarios.project` computes it, to the last bit.
    """
    elapsed = (years - years[0]).astype(float)
    if settings.spread_pts == 0:
        central = grow(base[:, None], rates[:, None], elapsed[None, :])
        return np.broadcast_to(central[:, :, None], (*central.shape, settings.draws))
    factor = 1.0 + drawn / 100.0
    factor = np.where(factor >= 0, factor, np.nan)  # below −100 % a year: not computable
    sizes = np.empty((len(base), len(years), settings.draws))
    sizes[:, 0, :] = base[:, None]
    with np.errstate(all="ignore"):
        for j in range(1, len(years)):
            np.multiply(sizes[:, j - 1, :], factor, out=sizes[:, j, :])
    np.copyto(sizes, np.nan, where=~np.isfinite(sizes))
    return sizes


def _anchored(
    total: Floats, base: Floats, rates: Floats, years: NDArray[np.int64], frame: Frame
) -> Floats:
    """Each path's total scaled, in the years the source states one, by the source's
    total over the sum of its parts: the fan sits on the source's own path."""
    stated = frame.total.reindex(years).to_numpy(dtype=float)
    central = grow(base[:, None], rates[:, None], (years - years[0])[None, :].astype(float))
    with np.errstate(all="ignore"):
        anchored = stated[:, None] * (total / central.sum(axis=0)[:, None])
    return np.where(np.isnan(stated)[:, None], total, anchored)


def percentiles(run: Simulation) -> pd.DataFrame:
    """P5 … P95 of every segment (``All`` first) in every year, USD bn.

    Columns: segment, year, p5, p10, p25, p50, p75, p90, p95. The paths are sorted and
    each percentile read at rank q·(n − 1), linearly between the two nearest paths
    (NumPy's default method; ``studio.js`` reads them the same way). A path that is
    not computable (NaN) sorts last.
    """
    wide = np.empty((len(run.segments), *run.total.shape))  # segments × years × draws
    wide[0] = run.total
    if len(run.segments) > 1:
        wide[1:] = run.sizes
    rows = wide.reshape(-1, wide.shape[-1])
    rows.sort(axis=1)
    n_years = len(run.years)
    out = pd.DataFrame(
        {
            "segment": [s for s in run.segments for _ in range(n_years)],
            "year": np.tile(run.years, len(run.segments)),
        }
    )
    for column, q in zip(PERCENTILE_COLUMNS, PERCENTILES, strict=True):
        out[column] = at_rank(rows, q)
    return out


def at_rank(ordered: Floats, q: float) -> Floats:
    """The ``q``-th percentile of each row of ``ordered`` (rows sorted ascending).

    >>> at_rank(np.array([[1.0, 2.0, 3.0, 4.0]]), 50).tolist()
    [2.5]
    """
    rank = q / 100.0 * (ordered.shape[-1] - 1)
    low = math.floor(rank)
    high = min(low + 1, ordered.shape[-1] - 1)
    a, b = ordered[..., low], ordered[..., high]
    with np.errstate(all="ignore"):
        return np.where(a == b, a, a + (b - a) * (rank - low))


def chance_of_passing(
    run: Simulation, size_usd_bn: float, year: int, segment: str = TOTAL_SEGMENT
) -> float:
    """The share of paths on which ``segment`` reaches ``size_usd_bn`` in some year up to ``year``.

    A path that passes the size and falls back (a shock) still counts: it passed.
    """
    if not run.years[0] <= year <= run.years[-1]:
        raise ValueError(f"{year} is outside the simulated years {run.years[0]}–{run.years[-1]}")
    paths = run.of(segment)[: int(year - run.years[0]) + 1]
    return float((paths >= size_usd_bn).any(axis=0).mean())


def end_bands(run: Simulation, low: float = 10, high: float = 90) -> dict[str, tuple[float, float]]:
    """Each segment's ``low`` and ``high`` percentiles in the last year (P10, P90 by default)."""
    ordered = np.sort(np.stack([run.of(s)[-1] for s in run.segments]), axis=1)
    lows, highs = at_rank(ordered, low), at_rank(ordered, high)
    return {s: (float(a), float(b)) for s, a, b in zip(run.segments, lows, highs, strict=True)}
