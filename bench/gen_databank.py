"""A synthetic databank of many markets, written in the layout :class:`DataStore` reads.

Every market has a total, regions, countries (each inside one region), end users,
products and applications, sized every year 2018–2040, with shares and two CAGR
periods per segment. The figures are consistent: regions add up to the total,
countries to their region, every dimension's shares to 100 (up to rounding).

Markets are generated from ``(seed, index)`` alone, so a smaller databank holds the
first markets of a larger one. Markets are written directly with pyarrow (same
files, schema, sort order and manifest as ``DataStore.save``) on all cores.

    python bench/gen_databank.py                   # 10k, 100k, 1M, 10M under bench/out/
    python bench/gen_databank.py --sizes 10k -o /tmp/bank
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pmdash.model import TABLES, MarketMeta, empty_table  # noqa: E402
from pmdash.schema import COLUMNS, empty_figures  # noqa: E402
from pmdash.store import MANIFEST  # noqa: E402

SEED: Final = 20_260_101
YEARS: Final = np.arange(2018, 2041)
BASE_YEAR: Final = 2025
FORECAST_YEAR: Final = 2034
CAGR_PERIODS: Final = ((2018, 2024), (BASE_YEAR, FORECAST_YEAR))
SIZES: Final = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000, "10M": 10_000_000}
SORT_KEYS: Final = [("dimension", "ascending"), ("segment", "ascending"),
                    ("metric", "ascending"), ("year", "ascending")]  # fmt: skip

COUNTRIES: Final = {
    "North America": ["United States", "Canada", "Mexico"],
    "Europe": ["Germany", "United Kingdom", "France", "Italy", "Spain", "Netherlands",
               "Switzerland", "Sweden", "Poland", "Belgium", "Austria", "Norway", "Denmark",
               "Ireland", "Finland", "Portugal", "Czechia", "Greece", "Rest of Europe"],
    "Asia-Pacific": ["China", "Japan", "India", "South Korea", "Australia", "Indonesia",
                     "Thailand", "Singapore", "Malaysia", "Vietnam", "Philippines",
                     "New Zealand", "Taiwan", "Rest of Asia-Pacific"],
    "Latin America": ["Brazil", "Argentina", "Colombia", "Chile", "Peru",
                      "Rest of Latin America"],
    "Middle East & Africa": ["Saudi Arabia", "United Arab Emirates", "Israel", "Turkey",
                             "South Africa", "Egypt", "Nigeria", "Kenya",
                             "Rest of Middle East & Africa"],
}  # fmt: skip
END_USERS: Final = ["Hospitals", "Clinics", "Diagnostic Centers", "Research Institutes",
                    "Home Care", "Pharmaceutical Companies", "Government", "Others"]  # fmt: skip
PRODUCTS: Final = ["Instruments", "Consumables", "Software", "Services", "Reagents", "Kits",
                   "Platforms", "Devices", "Implants", "Wearables", "Analytics", "Others",
                   "Accessories", "Subscriptions"]  # fmt: skip
APPLICATIONS: Final = ["Oncology", "Cardiology", "Neurology", "Infectious Diseases",
                       "Immunology", "Orthopedics", "Diabetes", "Respiratory", "Ophthalmology",
                       "Dermatology", "Rare Diseases", "Others", "Gastroenterology",
                       "Nephrology"]  # fmt: skip
TOPICS: Final = ["cardiac", "digital", "molecular", "surgical", "genomic", "dental", "robotic",
                 "wound", "renal", "sleep", "vision", "hearing", "spine", "vaccine", "cell",
                 "gene", "imaging", "infusion", "respiratory", "diabetes", "oncology", "pain",
                 "fertility", "allergy", "blood", "skin", "liver", "neuro", "bone", "ai"]  # fmt: skip
KINDS: Final = ["diagnostics", "devices", "therapeutics", "monitoring", "software", "services",
                "consumables", "implants", "testing", "analytics", "platforms", "care"]  # fmt: skip
PUBLISHERS: Final = ["acme-research", "northstar-insights", "meridian-analytics",
                     "bluepeak-consulting", "atlas-market-data", "orbit-intelligence",
                     "quantia-reports", "sigma-foresight"]  # fmt: skip


def _templates() -> dict[str, pa.Schema]:
    """The exact Arrow schema (pandas metadata included) DataStore.save writes per table."""
    out = {"figures": pa.Table.from_pandas(empty_figures(), preserve_index=False).schema}
    for name in TABLES:
        out[name] = pa.Table.from_pandas(
            empty_table(name).reset_index(drop=True), preserve_index=False
        ).schema
    return out


def market_shape(index: int, seed: int = SEED) -> dict[str, Any]:
    """Name, dimensions and segment lists of market ``index`` (cheap; no figures)."""
    rng = np.random.default_rng([seed, index])
    topic, kind = TOPICS[index % len(TOPICS)], KINDS[(index // len(TOPICS)) % len(KINDS)]
    market_id = f"{topic}-{kind}-{index:05d}"
    regions = list(COUNTRIES)
    countries = {
        r: sorted(rng.choice(COUNTRIES[r], size=rng.integers(1, len(COUNTRIES[r]) + 1), replace=False).tolist())
        for r in regions
    }  # fmt: skip
    pick = lambda names: sorted(  # noqa: E731
        rng.choice(names, size=rng.integers(3, len(names) + 1), replace=False).tolist()
    )
    return {
        "id": market_id,
        "name": f"{topic.capitalize()} {kind} ({index})",
        "publisher": PUBLISHERS[int(rng.integers(len(PUBLISHERS)))],
        "regions": regions,
        "countries": countries,
        "end_user": pick(END_USERS),
        "product": pick(PRODUCTS),
        "application": pick(APPLICATIONS),
        "rng": rng,
    }


def _partition(rng: np.random.Generator, whole: np.ndarray, parts: int) -> np.ndarray:
    """Split a yearly series into ``parts`` series that add up to it, each growing its own way."""
    weights = 0.8 * rng.dirichlet(np.full(parts, 1.5)) + 0.2 / parts
    growth = rng.normal(0.0, 0.03, parts)
    raw = weights[:, None] * (1.0 + growth[:, None]) ** (YEARS - YEARS[0])[None, :]
    return raw / raw.sum(axis=0, keepdims=True) * whole[None, :]


def market_figures(index: int, seed: int = SEED) -> tuple[dict[str, Any], pa.Table, pa.Table]:
    """One market's shape, its figures table (sorted like DataStore.save) and segments table."""
    shape = market_shape(index, seed)
    rng: np.random.Generator = shape["rng"]
    start = max(float(rng.lognormal(np.log(15.0), 1.0)), 0.5)
    rate = float(rng.normal(0.08, 0.03))
    regions = _partition(rng, start * (1.0 + rate) ** (YEARS - YEARS[0]), len(shape["regions"]))
    total = regions.sum(axis=0)
    series: list[tuple[str, str, np.ndarray]] = [("total", "All", total)]
    series += [("region", r, regions[i]) for i, r in enumerate(shape["regions"])]
    parents: dict[str, str] = {}
    for i, region in enumerate(shape["regions"]):
        names = shape["countries"][region]
        split = _partition(rng, regions[i], len(names))
        series += [("country", c, split[j]) for j, c in enumerate(names)]
        parents.update(dict.fromkeys(names, region))
    for dimension in ("end_user", "product", "application"):
        split = _partition(rng, total, len(shape[dimension]))
        series += [(dimension, s, split[j]) for j, s in enumerate(shape[dimension])]

    n_years = len(YEARS)
    sized = np.maximum(np.round(np.vstack([s[2] for s in series]), 4), 0.0001)
    dims = np.array([s[0] for s in series], dtype=object)
    segs = np.array([s[1] for s in series], dtype=object)
    shares = np.round(sized / sized[0][None, :] * 100.0, 2)[1:]
    cagr_values, cagr_years, cagr_bases = [], [], []
    for y0, y1 in CAGR_PERIODS:
        v0, v1 = sized[:, y0 - YEARS[0]], sized[:, y1 - YEARS[0]]
        cagr_values.append(np.round(((v1 / v0) ** (1.0 / (y1 - y0)) - 1.0) * 100.0, 2))
        cagr_years.append(np.full(len(series), y1))
        cagr_bases.append(np.full(len(series), y0))
    n_size, n_share, n_cagr = sized.size, shares.size, len(series) * len(CAGR_PERIODS)
    year = np.concatenate(
        [np.tile(YEARS, len(series)), np.tile(YEARS, len(series) - 1), *cagr_years]
    )
    columns = {
        "market": pa.array(np.full(n_size + n_share + n_cagr, shape["id"], dtype=object)),
        "dimension": np.concatenate(
            [np.repeat(dims, n_years), np.repeat(dims[1:], n_years), *(dims,) * len(CAGR_PERIODS)]
        ),
        "segment": np.concatenate(
            [np.repeat(segs, n_years), np.repeat(segs[1:], n_years), *(segs,) * len(CAGR_PERIODS)]
        ),
        "year": year,
        "metric": np.array(
            ["size"] * n_size + ["share"] * n_share + ["cagr"] * n_cagr, dtype=object
        ),
        "value": np.concatenate([sized.ravel(), shares.ravel(), *cagr_values]),
        "base_year": pa.array(
            np.concatenate([np.zeros(n_size + n_share, dtype=np.int64), *cagr_bases]),
            mask=np.arange(n_size + n_share + n_cagr) < n_size + n_share,
        ),
        "basis": np.where(year > FORECAST_YEAR, "assumed", "reported").astype(object),
        "source": np.full(year.size, shape["publisher"], dtype=object),
        "note": np.where(
            year > FORECAST_YEAR, "extended past the publisher's forecast at its last rate", ""
        ).astype(object),
    }
    schemas = _templates_cached()
    table = pa.table(
        {
            name: pa.array(columns[name], type=schemas["figures"].field(name).type)
            for name in COLUMNS
        },
        schema=schemas["figures"],
    )
    table = table.take(pc.sort_indices(table, sort_keys=SORT_KEYS))
    segment_rows = [(d, s) for d, s in zip(dims[1:], segs[1:], strict=True)]
    segments = pa.table(
        {
            "market": [shape["id"]] * len(segment_rows),
            "dimension": [d for d, _ in segment_rows],
            "segment": [s for _, s in segment_rows],
            "parent": [parents.get(s, "") if d == "country" else "" for d, s in segment_rows],
            "source": [shape["publisher"]] * len(segment_rows),
            "note": [""] * len(segment_rows),
        },
        schema=schemas["segments"],
    )
    return shape, table, segments


_SCHEMAS: dict[str, pa.Schema] = {}


def _templates_cached() -> dict[str, pa.Schema]:
    if not _SCHEMAS:
        _SCHEMAS.update(_templates())
    return _SCHEMAS


def write_market(root: Path, index: int, seed: int = SEED) -> tuple[str, dict[str, Any]]:
    """Write one market's version folder; returns its id and manifest entry."""
    shape, figures, segments = market_figures(index, seed)
    schemas = _templates_cached()
    meta = MarketMeta(
        id=shape["id"],
        name=shape["name"],
        description="Synthetic market for benchmarks.",
        primary_source=shape["publisher"],
        base_year=BASE_YEAR,
        forecast_year=FORECAST_YEAR,
        notes="Generated by bench/gen_databank.py; not real figures.",
    )
    given = {
        "source": shape["publisher"],
        "publisher": shape["publisher"].replace("-", " ").title(),
        "title": shape["name"],
    }
    source_schema = schemas["sources"]
    sources = pa.table(
        {  # text columns not given are empty; numeric ones (edition year …) are null
            name: [
                given.get(name, "" if pa.types.is_string(source_schema.field(name).type) else None)
            ]
            for name in TABLES["sources"]
        },
        schema=source_schema,
    )
    digest = hashlib.sha256(f"{seed}/{index}/{figures.num_rows}".encode()).hexdigest()[:16]
    folder = root / "markets" / shape["id"] / digest
    folder.mkdir(parents=True, exist_ok=True)
    tables = {"figures": figures, "segments": segments, "sources": sources}
    for name in ("figures", *TABLES):
        table = tables[name] if name in tables else schemas[name].empty_table()
        pq.write_table(table, folder / f"{name}.parquet", compression="zstd")
    (folder / "meta.json").write_text(
        json.dumps(meta.to_dict(), indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    dimensions = ["total", "region", "country", "end_user", "product", "application"]
    entry = {
        "name": shape["name"],
        "version": digest,
        "years": [int(YEARS[0]), int(YEARS[-1])],
        "dimensions": dimensions,
        "sources": [shape["publisher"]],
        "rows": figures.num_rows,
    }
    return shape["id"], entry


def rows_of(index: int, seed: int = SEED) -> int:
    """The number of figure rows market ``index`` has (without generating it)."""
    shape = market_shape(index, seed)
    segments = (
        1 + len(shape["regions"]) + sum(len(c) for c in shape["countries"].values())
        + len(shape["end_user"]) + len(shape["product"]) + len(shape["application"])
    )  # fmt: skip
    return segments * len(YEARS) + (segments - 1) * len(YEARS) + segments * len(CAGR_PERIODS)


def markets_for(rows: int, seed: int = SEED) -> int:
    """How many markets make at least ``rows`` figure rows."""
    count = total = 0
    while total < rows:
        total += rows_of(count, seed)
        count += 1
    return count


def _write_chunk(args: tuple[str, list[int], int]) -> list[tuple[str, dict[str, Any]]]:
    root, indices, seed = args
    return [write_market(Path(root), i, seed) for i in indices]


def generate(root: Path, rows: int, seed: int = SEED, workers: int | None = None) -> int:
    """Write a databank of at least ``rows`` figure rows to ``root``; returns its row count."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    count = markets_for(rows, seed)
    workers = workers or os.cpu_count() or 1
    chunks = [(str(root), list(range(i, count, workers * 4)), seed) for i in range(workers * 4)]
    entries: dict[str, dict[str, Any]] = {}
    if workers == 1 or count < 8:
        for chunk in chunks:
            entries.update(_write_chunk(chunk))
    else:
        with ProcessPoolExecutor(workers) as pool:
            for done in pool.map(_write_chunk, chunks):
                entries.update(done)
    manifest = {"format": 1, "markets": dict(sorted(entries.items()))}
    (root / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return sum(e["rows"] for e in entries.values())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--sizes", nargs="+", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    for size in args.sizes:
        started = time.perf_counter()
        target = args.out / f"databank-{size}"
        rows = generate(target, SIZES[size], args.seed)
        markets = len(json.loads((target / MANIFEST).read_text())["markets"])
        megabytes = sum(p.stat().st_size for p in target.rglob("*.parquet")) / 1e6
        print(
            f"{size:>4}: {rows:>10,} rows in {markets:>5,} markets, {megabytes:8.1f} MB "
            f"-> {target}  ({time.perf_counter() - started:.1f} s)",
            flush=True,
        )


if __name__ == "__main__":
    main()
