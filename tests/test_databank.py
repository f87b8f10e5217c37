"""The databank data layer returns exactly what DataStore.load and pandas would, on
small generated databanks (bench/gen_databank.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from bench.gen_databank import generate, market_figures
from pmdash.databank import SHARE_COLUMNS, Databank
from pmdash.io import parse_figures
from pmdash.model import Market
from pmdash.store import DataStore


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> DataStore:
    """A databank of three generated markets."""
    root = tmp_path_factory.mktemp("bank") / "databank"
    generate(root, rows=6_000, workers=1)
    return DataStore(root)


def _all_figures(store: DataStore) -> pd.DataFrame:
    frames = [store.load(m.id, tables=("figures",)).figures for m in store.markets()]
    return pd.concat(frames, ignore_index=True)


def test_the_generator_writes_several_markets_with_their_row_counts(bank: DataStore) -> None:
    markets = bank.markets()
    assert len(markets) >= 2
    for info in markets:
        assert len(bank.load(info.id, tables=("figures",)).figures) == info.rows


def test_generated_markets_pass_the_import_checks(bank: DataStore) -> None:
    info = bank.markets()[0]
    csv = bank.load(info.id, tables=("figures",)).figures.to_csv(index=False).encode()
    typed, problems = parse_figures(csv, "generated.csv")
    assert [p for p in problems if p.severity == "error"] == []
    assert len(typed) == info.rows


@pytest.mark.parametrize("dimension", ["region", "country", "end_user", "product", "application"])
def test_generated_parts_add_up_to_the_total_and_shares_to_100(
    bank: DataStore, dimension: str
) -> None:
    figures = _all_figures(bank)
    sizes = figures[figures["metric"] == "size"]
    total = sizes[sizes["dimension"] == "total"].set_index(["market", "year"])["value"]
    parts = sizes[sizes["dimension"] == dimension].groupby(["market", "year"])["value"].sum()
    assert ((parts - total.loc[parts.index]).abs() <= 0.01 + 1e-3 * total).all()
    shares = figures[(figures["metric"] == "share") & (figures["dimension"] == dimension)]
    summed = shares.groupby(["market", "year"])["value"].sum()
    assert ((summed - 100.0).abs() <= 0.5).all()


def test_countries_add_up_to_their_region(bank: DataStore) -> None:
    market = bank.load(bank.markets()[0].id)
    parent = market.segments.set_index("segment")["parent"]
    sizes = market.figures[market.figures["metric"] == "size"]
    countries = sizes[sizes["dimension"] == "country"].assign(
        region=lambda f: f["segment"].map(parent)
    )
    summed = countries.groupby(["region", "year"])["value"].sum()
    regions = sizes[sizes["dimension"] == "region"].set_index(["segment", "year"])["value"]
    assert ((summed - regions.loc[summed.index]).abs() < 0.01).all()


def test_generated_files_are_what_datastore_save_writes(bank: DataStore, tmp_path: Path) -> None:
    info = bank.markets()[0]
    loaded = bank.load(info.id)
    saved = DataStore(tmp_path)
    saved.save(Market(meta=loaded.meta, **{n: loaded.table(n) for n in _TABLES}))
    again = saved.load(info.id)
    for name in _TABLES:
        pd.testing.assert_frame_equal(again.table(name), loaded.table(name))
    ours, theirs = bank.figures_file(info.id), saved.figures_file(info.id)
    assert pq.read_schema(ours).equals(pq.read_schema(theirs), check_metadata=True)


_TABLES = ("figures", "segments", "companies", "claims", "sources", "estimates")


def test_the_generator_is_deterministic() -> None:
    _, first, _ = market_figures(7)
    _, second, _ = market_figures(7)
    assert first.equals(second)


def test_a_smaller_databank_holds_the_first_markets_of_a_larger_one(
    bank: DataStore, tmp_path: Path
) -> None:
    generate(tmp_path / "small", rows=1, workers=1)
    small = DataStore(tmp_path / "small")
    (only,) = small.markets()
    assert only == bank.markets()[0]
    assert small.figures_file(only.id).read_bytes() == bank.figures_file(only.id).read_bytes()


def test_a_market_read_whole_equals_datastore_load(bank: DataStore) -> None:
    databank = Databank(bank)
    for info in bank.markets():
        expected = bank.load(info.id, tables=("figures",)).figures
        pd.testing.assert_frame_equal(databank.figures(info.id), expected)


def test_the_shipped_market_read_whole_equals_datastore_load(data_dir: Path) -> None:
    store = DataStore(data_dir)
    expected = store.load("personalized-medicine").figures
    pd.testing.assert_frame_equal(Databank(store).figures("personalized-medicine"), expected)


SLICES = [
    ({"dimensions": ["region"]}, lambda f: f["dimension"] == "region"),
    ({"metrics": ["cagr"]}, lambda f: f["metric"] == "cagr"),
    ({"years": (2024, 2034)}, lambda f: f["year"].between(2024, 2034)),
    (
        {"dimensions": ["country", "total"], "metrics": ["size", "share"], "years": (2030, 2030)},
        lambda f: (
            f["dimension"].isin(["country", "total"])
            & f["metric"].isin(["size", "share"])
            & (f["year"] == 2030)
        ),
    ),
    ({"dimensions": ["no_such_dimension"]}, lambda f: f["dimension"] == "no_such_dimension"),
]


@pytest.mark.parametrize(("kwargs", "mask"), SLICES)
@pytest.mark.parametrize("columns", [None, ["segment", "year", "value"], ["base_year", "basis"]])
def test_a_slice_equals_the_pandas_filter_of_the_loaded_market(
    bank: DataStore, kwargs: dict[str, object], mask: object, columns: list[str] | None
) -> None:
    info = bank.markets()[1]
    full = bank.load(info.id, tables=("figures",)).figures
    expected = full[mask(full)]  # type: ignore[operator]
    expected = (expected if columns is None else expected[columns]).reset_index(drop=True)
    got = Databank(bank).figures(info.id, columns=columns, **kwargs)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(got, expected)


def test_columns_come_back_in_the_interchange_order(bank: DataStore) -> None:
    info = bank.markets()[0]
    got = Databank(bank).figures(info.id, columns=["value", "segment"])
    assert list(got.columns) == ["segment", "value"]


def test_an_unknown_column_is_refused(bank: DataStore) -> None:
    with pytest.raises(ValueError, match="unknown figures columns: size_usd"):
        Databank(bank).figures(bank.markets()[0].id, columns=["size_usd"])


def test_an_unknown_market_raises_key_error(bank: DataStore) -> None:
    with pytest.raises(KeyError):
        Databank(bank).figures("no-such-market")


def _pandas_shares(figures: pd.DataFrame, dimension: str) -> pd.DataFrame:
    rows = figures[(figures["dimension"] == dimension) & (figures["metric"] == "size")]
    out = (
        rows.groupby(["segment", "year"])
        .agg(size_usd_bn=("value", "sum"), markets=("market", "nunique"))
        .reset_index()
    )
    out["share_pct"] = (
        out["size_usd_bn"] / out.groupby("year")["size_usd_bn"].transform("sum") * 100
    )
    out["year"] = out["year"].astype("int64")
    return out[list(SHARE_COLUMNS)]


@pytest.mark.parametrize("dimension", ["region", "country", "application"])
def test_segment_shares_across_markets_equal_pandas(bank: DataStore, dimension: str) -> None:
    got = Databank(bank).segment_shares(dimension)
    pd.testing.assert_frame_equal(got, _pandas_shares(_all_figures(bank), dimension))


def test_segment_shares_of_a_year_add_up_to_100(bank: DataStore) -> None:
    got = Databank(bank).segment_shares("product")
    assert (got.groupby("year")["share_pct"].sum() - 100.0).abs().max() < 1e-9


def test_segment_shares_of_chosen_markets_and_years(bank: DataStore) -> None:
    chosen = [m.id for m in bank.markets()[:2]]
    got = Databank(bank).segment_shares("region", years=(2024, 2025), markets=chosen)
    figures = _all_figures(bank)
    figures = figures[figures["market"].isin(chosen) & figures["year"].between(2024, 2025)]
    pd.testing.assert_frame_equal(got, _pandas_shares(figures, "region"))


def test_segment_shares_of_an_unsized_dimension_are_empty(bank: DataStore) -> None:
    got = Databank(bank).segment_shares("technology")
    assert got.empty
    assert list(got.columns) == list(SHARE_COLUMNS)


def test_the_market_list_follows_a_new_import(
    data_dir: Path, sample_market: Market, seed_market: Market
) -> None:
    store = DataStore(data_dir)
    before = [m.id for m in store.markets()]
    store.save(sample_market)
    assert [m.id for m in DataStore(data_dir).markets()] == sorted([*before, sample_market.id])
    changed = Market(meta=seed_market.meta, figures=seed_market.figures.iloc[:-1].copy())
    version = store.save(changed)
    assert store.version(seed_market.id) == version
    assert store.figures_file(seed_market.id).parent.name == version
    assert Databank(store).figures(seed_market.id).shape[0] == len(changed.figures)


def test_the_market_list_is_a_fresh_list_each_time(data_dir: Path) -> None:
    store = DataStore(data_dir)
    first = store.markets()
    first.clear()
    assert store.markets() != []
