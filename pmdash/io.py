"""Reading market files: CSV, XLSX and Parquet tables, and market bundles.

A *bundle* is either one figures file (CSV/XLSX/Parquet) or a folder holding
``figures.csv`` (or .xlsx/.parquet) with optional side tables ``segments.csv``,
``companies.csv``, ``claims.csv``, ``sources.csv``, ``estimates.csv`` and a
``market.toml`` of metadata. An XLSX file may carry the side tables as sheets of
those names. Nothing here writes; see :mod:`pmdash.store`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Final

import pandas as pd

from pmdash import config, readers
from pmdash.model import CLAIMS, TABLES, Market, MarketMeta, coerce_table, empty_table
from pmdash.problems import InvalidInput, Problem, errors_only
from pmdash.schema import LINK_SCHEMES, MAX_FILE_BYTES, MAX_META_BYTES, MAX_ROWS, URL_SCHEME
from pmdash.side_tables import check_meta, check_side_table
from pmdash.validate import check_figures

SUFFIXES: Final = (".csv", ".xlsx", ".parquet")


def max_file_bytes() -> int:
    """The largest market file accepted: ``PMDASH_MAX_UPLOAD_MB`` (see pmdash.config), else 20 MB."""
    try:
        return config.current().max_upload_mb * 1024 * 1024
    except config.ConfigError:
        return MAX_FILE_BYTES


def _size_problem(size: int, name: str) -> Problem | None:
    cap = max_file_bytes()
    if size <= cap:
        return None
    mb = size / 1024 / 1024
    limit = cap // 1024 // 1024
    return Problem(name, f"is {mb:.1f} MB; the limit is {limit} MB. Split the file by market.")


def _read_capped(path: Path) -> bytes:
    """A file's bytes, refused by its size before it is read."""
    refusal = _size_problem(path.stat().st_size, str(path))
    if refusal:
        raise InvalidInput([refusal])
    return path.read_bytes()


def read_raw(data: bytes, name: str) -> tuple[pd.DataFrame, list[Problem], int]:
    """Parse one table's bytes into text cells; returns (frame, problems, first data row).

    The frame has normalised column names; every cell is text (or None).
    """
    suffix = Path(name).suffix.lower()
    refusal = _size_problem(len(data), name)
    if refusal:
        return pd.DataFrame(), [refusal], 2
    if not data.strip():
        return _fail(name, "is empty; expected a header row and at least one figure")
    if suffix == ".csv":
        return readers.read_csv(data, name)
    if suffix == ".xlsx":
        return readers.read_xlsx(data, name, sheet=0)
    if suffix == ".parquet":
        return readers.read_parquet(data, name)
    return _fail(name, f"has the extension '{suffix}'; expected .csv, .xlsx or .parquet")


def _fail(name: str, message: str) -> tuple[pd.DataFrame, list[Problem], int]:
    return pd.DataFrame(), [Problem(name, message)], 2


def _read_xlsx(data: bytes, name: str, sheet: int | str) -> tuple[pd.DataFrame, list[Problem], int]:
    return readers.read_xlsx(data, name, sheet)


def parse_figures(data: bytes, name: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Read and check a figures file; the typed frame and every problem."""
    raw, problems, first_row = read_raw(data, name)
    if errors_only(problems):
        return pd.DataFrame(), problems
    if raw.empty and not len(raw.columns):
        return pd.DataFrame(), [*problems, Problem(name, "has no header row")]
    if len(raw) > MAX_ROWS:
        message = f"has {len(raw):,} rows; the limit is {MAX_ROWS:,} a file. Split it by market."
        return pd.DataFrame(), [*problems, Problem(name, message)]
    typed, more = check_figures(raw, name, first_row)
    return typed, problems + more


def read_bundle(path: Path) -> Market:
    """Read a market bundle (a folder or one file); raises :class:`InvalidInput`."""
    if path.is_dir():
        return _read_folder(path)
    if not path.exists():
        raise InvalidInput([Problem(str(path), "does not exist")])
    data = _read_capped(path)
    return bundle_from_bytes(data, path.name)


def bundle_from_bytes(data: bytes, name: str) -> Market:
    """A market from one uploaded file; XLSX side tables come from sheets of their names."""
    figures, problems = parse_figures(data, name)
    if errors_only(problems):
        raise InvalidInput(problems)
    tables: dict[str, tuple[pd.DataFrame, str]] = {}
    if name.lower().endswith(".xlsx"):
        for table in readers.xlsx_sheet_names(data):
            if table in TABLES:
                label = f"{name} [{table}]"
                raw, more, _ = _read_xlsx(data, label, sheet=table)
                problems += more
                tables[table] = (raw, label)
    return _assemble(figures, tables, None, name, problems)


def _read_folder(folder: Path) -> Market:
    candidates = [folder / f"figures{s}" for s in SUFFIXES if (folder / f"figures{s}").exists()]
    if not candidates:
        raise InvalidInput(
            [Problem(str(folder), "has no figures.csv, figures.xlsx or figures.parquet")]
        )
    figures_path = candidates[0]
    figures, problems = parse_figures(_read_capped(figures_path), str(figures_path))
    tables: dict[str, tuple[pd.DataFrame, str]] = {}
    for table in TABLES:
        side = folder / f"{table}.csv"
        if side.exists():
            raw, more, _ = read_raw(_read_capped(side), str(side))
            problems += more
            tables[table] = (raw, str(side))
    meta: tuple[dict[str, object], str] | None = None
    toml_path = folder / "market.toml"
    if toml_path.exists():
        meta = _read_meta(toml_path, problems)
    return _assemble(figures, tables, meta, str(figures_path), problems)


def _read_meta(path: Path, problems: list[Problem]) -> tuple[dict[str, object], str] | None:
    size = path.stat().st_size
    if size > MAX_META_BYTES:
        limit = MAX_META_BYTES // 1024
        problems.append(Problem(str(path), f"is {size // 1024:,} KB; the limit is {limit:,} KB"))
        return None
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")), str(path)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        problems.append(Problem(str(path), f"is not valid TOML: {exc}"))
        return None


def _assemble(
    figures: pd.DataFrame,
    raw_tables: dict[str, tuple[pd.DataFrame, str]],
    meta: tuple[dict[str, object], str] | None,
    name: str,
    problems: list[Problem],
) -> Market:
    for table, (raw, label) in raw_tables.items():
        if table != "estimates" and len(raw.columns):
            problems += check_side_table(table, raw, label)
    if errors_only(problems):
        raise InvalidInput(problems)
    tables = {t: raw for t, (raw, _) in raw_tables.items()}
    markets = sorted(set(figures["market"]))
    if len(markets) != 1:
        listed = ", ".join(markets)
        raise InvalidInput(
            [
                Problem(
                    name,
                    f"holds {len(markets)} markets ({listed}); import one market a file",
                    None,
                    "market",
                )
            ]
        )
    market_id = markets[0]
    if meta is not None:
        problems += check_meta(meta[0], meta[1], market_id)
    side = {t: coerce_table(t, frame) for t, frame in tables.items() if t != "estimates"}
    if "estimates" in tables:
        side["estimates"] = _checked_estimates(tables["estimates"], name, problems)
    problems += _side_table_problems(side, market_id, name)
    if errors_only(problems):
        raise InvalidInput(problems)
    meta_obj = _meta(meta[0] if meta else {}, market_id, figures)
    sources = side.get("sources", empty_table("sources"))
    sources = _with_unlisted_sources(sources, figures)
    return Market(
        meta=meta_obj,
        figures=figures.reset_index(drop=True),
        segments=_with_figure_segments(side.get("segments", empty_table("segments")), figures),
        companies=side.get("companies", empty_table("companies")),
        claims=side.get("claims", empty_table("claims")),
        sources=sources,
        estimates=side.get("estimates", empty_table("estimates")),
    )


def _checked_estimates(raw: pd.DataFrame, name: str, problems: list[Problem]) -> pd.DataFrame:
    """Other publishers' figures: the figures format, with the source part of the identity."""
    typed, more = check_figures(raw.assign(market=raw.get("market")), f"{name} [estimates]")
    duplicate_rule = [p for p in more if p.message.startswith("duplicate figure")]
    if duplicate_rule:
        key = ["market", "dimension", "segment", "year", "metric", "base_year", "source"]
        if not typed[typed.duplicated(key, keep=False)].empty:
            problems += duplicate_rule
        more = [p for p in more if p not in duplicate_rule]
    problems += more
    return typed


def _side_table_problems(side: dict[str, pd.DataFrame], market_id: str, name: str) -> list[Problem]:
    found: list[Problem] = []
    for table, frame in side.items():
        if "market" not in frame.columns:
            continue
        wrong = frame[(frame["market"] != "") & (frame["market"] != market_id)]
        for index in wrong.index:
            found.append(
                Problem(
                    f"{name} [{table}]",
                    f"names market '{wrong.at[index, 'market']!s}', not '{market_id}'",
                    int(str(index)) + 2,
                    "market",
                )
            )
        frame["market"] = market_id
    claims = side.get("claims")
    if claims is not None:
        for index, claim in claims["claim"].items():
            if claim not in CLAIMS:
                found.append(
                    Problem(
                        f"{name} [claims]",
                        f"'{claim}' is not a known claim; expected one of {', '.join(CLAIMS)}",
                        int(str(index)) + 2,
                        "claim",
                    )
                )
    return found


def _meta(meta: dict[str, object], market_id: str, figures: pd.DataFrame) -> MarketMeta:
    section = meta.get("market", meta)
    data: dict[str, object] = dict(section) if isinstance(section, dict) else {}
    data.setdefault("id", market_id)
    data["id"] = market_id
    data.setdefault("name", market_id.replace("-", " ").replace("_", " ").capitalize())
    sizes = figures[figures["metric"] == "size"]["year"].dropna()
    if not sizes.empty:
        data.setdefault("base_year", int(sizes.min()))
        data.setdefault("forecast_year", int(sizes.max()))
    sources = [s for s in figures["source"] if s]
    if sources:
        data.setdefault("primary_source", max(set(sources), key=sources.count))
    return MarketMeta.from_dict(data)


def _with_unlisted_sources(sources: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    listed = set(sources["source"])
    missing = sorted({s for s in figures["source"] if s and s not in listed})
    if not missing:
        return sources
    extra = pd.DataFrame({"source": missing, "url": [s if _is_link(s) else "" for s in missing]})
    return coerce_table("sources", pd.concat([sources, extra], ignore_index=True))


def _is_link(text: str) -> bool:
    scheme = URL_SCHEME.match(text)
    return scheme is not None and scheme.group(1).lower() in LINK_SCHEMES


def _with_figure_segments(segments: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """The segment catalogue: the named segments, plus every segment that has a figure."""
    sized = figures[figures["dimension"] != "total"][["market", "dimension", "segment"]]
    known = set(zip(segments["dimension"], segments["segment"], strict=True))
    extra = sized[
        [(d, s) not in known for d, s in zip(sized["dimension"], sized["segment"], strict=True)]
    ]
    extra = extra.drop_duplicates()
    return coerce_table("segments", pd.concat([segments, extra], ignore_index=True))


ReadBytes = Callable[[Path], bytes]
