"""The shipped Parquet datasets are exactly what the source bundle builds, and cite the report."""

from __future__ import annotations

import pandas as pd

from pmdash.model import Market
from pmdash.store import DataStore, content_version
from tests.conftest import SHIPPED_DATA


def test_the_shipped_datasets_match_the_source_bundle(seed_market: Market) -> None:
    store = DataStore(SHIPPED_DATA)
    assert store.version("personalized-medicine") == content_version(seed_market), (
        "data/ is stale: run `pmdash import data/sources/personalized-medicine`"
    )


def test_every_seed_figure_is_there_and_cited(seed_market: Market) -> None:
    f = seed_market.figures
    sizes = {
        (r.dimension, r.segment, int(r.year)): r.value
        for r in f[f["metric"] == "size"].itertuples()
    }
    assert sizes[("total", "All", 2024)] == 578.14
    assert sizes[("total", "All", 2025)] == 616.26
    assert sizes[("total", "All", 2034)] == 1094.83
    assert sizes[("region", "North America", 2034)] == 492.24
    assert sizes[("region", "LAMEA", 2024)] == 50.76
    shares = f[f["metric"] == "share"].set_index("segment")["value"]
    assert shares["Asia-Pacific"] == 17.54 and shares["Hospitals"] == 41
    assert (f["source"] == "cervicorn-2025").all()
    assert (f["basis"] == "reported").all()
    source = seed_market.sources.set_index("source").loc["cervicorn-2025"]
    assert source["publisher"] == "Cervicorn Consulting" and source["accessed"] == "2026-11-25"


def test_named_segments_companies_and_claims_are_recorded(seed_market: Market) -> None:
    named = seed_market.segments.groupby("dimension")["segment"].apply(set)
    assert named["product"] == {
        "Personalized Medicine Therapeutics",
        "Personalized Medicine Diagnostics",
    }
    assert len(named["application"]) == 5 and len(named["country"]) == 10
    assert len(seed_market.companies) == 16
    assert set(seed_market.claims["claim"]) == {"largest", "fastest_growing"}
    countries = seed_market.segments[seed_market.segments["dimension"] == "country"]
    assert (countries["parent"] != "").all()


def test_other_publishers_estimates_are_cited_sources(seed_market: Market) -> None:
    estimates: pd.DataFrame = seed_market.estimates
    assert estimates["source"].nunique() >= 5
    assert set(estimates["source"]) <= set(seed_market.sources["source"])
    assert (seed_market.sources["url"].str.startswith("http")).all()
