"""Reading market files: CSV, XLSX and Parquet tables, and market bundles.

A *bundle* is either one figures file (CSV/XLSX/Parquet) or a folder holding
``figures.csv`` (or .xlsx/.parquet) with optional side tables ``segments.csv``,
``companies.csv``, ``claims.csv``, ``sources.csv``, ``estimates.csv`` and a
``market.toml`` of metadata. An XLSX file may carry the side tables as sheets of
those names. Nothing here writes; see :mod:`pmdash.store`.
"""

from __future__ import annotations

import csv
import io
import tomllib
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Final

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pmdash import config
from pmdash.model import CLAIMS, TABLES, Market, MarketMeta, coerce_table, empty_table
from pmdash.problems import InvalidInput, Problem, errors_only
from pmdash.schema import normalise_column_name
from pmdash.sniff import kind_problem
from pmdash.validate import check_figures

MAX_FILE_BYTES: Final = 20 * 1024 * 1024  # unless PMDASH_MAX_UPLOAD_MB says otherwise
MAX_ROWS: Final = 200_000
SUFFIXES: Final = (".csv", ".xlsx", ".parquet")
_XLSX_MAGIC: Final = b"PK\x03\x04"
_PARQUET_MAGIC: Final = b"PAR1"


def max_file_bytes() -> int:
    """The largest market file accepted: ``PMDASH_MAX_UPLOAD_MB`` (see pmdash.config), else 20 MB."""
    try:
        return config.load().max_upload_mb * 1024 * 1024
    except config.ConfigError:
        return MAX_FILE_BYTES


def read_raw(data: bytes, name: str) -> tuple[pd.DataFrame, list[Problem], int]:
    """Parse one table's bytes into text cells; returns (frame, problems, first data row).

    The frame has normalised column names; every cell is text (or None).
    """
    suffix = Path(name).suffix.lower()
    cap = max_file_bytes()
    if len(data) > cap:
        mb = len(data) / 1024 / 1024
        limit = cap // 1024 // 1024
        return _fail(name, f"is {mb:.1f} MB; the limit is {limit} MB. Split the file by market.")
    if not data.strip():
        return _fail(name, "is empty; expected a header row and at least one figure")
    wrong_kind = kind_problem(data, name)  # what the bytes are, whatever the name says
    if wrong_kind is not None:
        return pd.DataFrame(), [wrong_kind], 2
    if suffix == ".csv":
        return _read_csv(data, name)
    if suffix == ".xlsx":
        return _read_xlsx(data, name, sheet=0)
    if suffix == ".parquet":
        return _read_parquet(data, name)
    return _fail(name, f"has the extension '{suffix}'; expected .csv, .xlsx or .parquet")


def _fail(name: str, message: str) -> tuple[pd.DataFrame, list[Problem], int]:
    return pd.DataFrame(), [Problem(name, message)], 2


def _normalised(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame.columns = [normalise_column_name(c) for c in frame.columns]
    return frame


def _read_csv(data: bytes, name: str) -> tuple[pd.DataFrame, list[Problem], int]:
    problems: list[Problem] = []
    if data.startswith((_XLSX_MAGIC, _PARQUET_MAGIC)) or b"\x00" in data[:4096]:
        return _fail(name, "is not a text CSV file (it looks binary); save it as CSV UTF-8")
    try:
        text = data.decode("utf-8-sig")
        if data.startswith(b"\xef\xbb\xbf"):
            problems.append(Problem(name, "read past a UTF-8 byte-order mark", severity="notice"))
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        problems.append(
            Problem(name, "is not UTF-8; read it as Latin-1 (ISO-8859-1)", severity="notice")
        )
    lines = text.splitlines()
    skipped = 0
    while skipped < len(lines) and lines[skipped].startswith("#"):
        skipped += 1  # documentation lines of the template
    text = "\n".join(lines[skipped:])
    header = lines[skipped] if skipped < len(lines) else ""
    delimiter = ","
    if header.count(";") > header.count(","):
        delimiter = ";"
        problems.append(Problem(name, "is separated by ';'; read it as such", severity="notice"))
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=True,
            quoting=csv.QUOTE_MINIMAL,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else "unreadable"
        return pd.DataFrame(), [*problems, Problem(name, f"is not a readable CSV: {first_line}")], 2
    return _normalised(frame), problems, 2 + skipped


def _read_xlsx(data: bytes, name: str, sheet: int | str) -> tuple[pd.DataFrame, list[Problem], int]:
    if not data.startswith(_XLSX_MAGIC):
        return _fail(name, "is not an XLSX workbook; save it from your spreadsheet as .xlsx")
    try:
        frame = pd.read_excel(io.BytesIO(data), sheet_name=sheet, dtype=object, engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        detail = type(exc).__name__
        return _fail(name, f"is not a readable XLSX workbook ({detail}); re-save it as .xlsx")
    frame = frame.dropna(how="all")
    frame = frame.astype(object).where(frame.notna(), None)
    return _normalised(frame), [], 2


def _read_parquet(data: bytes, name: str) -> tuple[pd.DataFrame, list[Problem], int]:
    try:
        table = pq.read_table(pa.BufferReader(data))
    except (pa.ArrowException, OSError, ValueError) as exc:
        detail = str(exc).splitlines()[0][:120]
        return _fail(name, f"is not a readable Parquet file ({detail})")
    frame = table.to_pandas().astype(object)
    frame = frame.where(frame.notna(), None)
    return _normalised(frame), [], 1


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
    data = path.read_bytes()
    return bundle_from_bytes(data, path.name)


def bundle_from_bytes(data: bytes, name: str) -> Market:
    """A market from one uploaded file; XLSX side tables come from sheets of their names."""
    figures, problems = parse_figures(data, name)
    if errors_only(problems):
        raise InvalidInput(problems)
    tables: dict[str, pd.DataFrame] = {}
    if name.lower().endswith(".xlsx"):
        for table in _xlsx_sheet_names(data):
            if table in TABLES:
                raw, more, _ = _read_xlsx(data, f"{name} [{table}]", sheet=table)
                problems += more
                tables[table] = raw
    return _assemble(figures, tables, {}, name, problems)


def _xlsx_sheet_names(data: bytes) -> list[str]:
    try:
        return [str(s) for s in pd.ExcelFile(io.BytesIO(data), engine="openpyxl").sheet_names]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return []


def _read_folder(folder: Path) -> Market:
    candidates = [folder / f"figures{s}" for s in SUFFIXES if (folder / f"figures{s}").exists()]
    if not candidates:
        raise InvalidInput(
            [Problem(str(folder), "has no figures.csv, figures.xlsx or figures.parquet")]
        )
    figures_path = candidates[0]
    figures, problems = parse_figures(figures_path.read_bytes(), str(figures_path))
    tables: dict[str, pd.DataFrame] = {}
    for table in TABLES:
        side = folder / f"{table}.csv"
        if side.exists():
            raw, more, _ = read_raw(side.read_bytes(), str(side))
            problems += more
            tables[table] = raw
    meta: dict[str, object] = {}
    toml_path = folder / "market.toml"
    if toml_path.exists():
        try:
            meta = tomllib.loads(toml_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            problems.append(Problem(str(toml_path), f"is not valid TOML: {exc}"))
    return _assemble(figures, tables, meta, str(figures_path), problems)


def _assemble(
    figures: pd.DataFrame,
    tables: dict[str, pd.DataFrame],
    meta: dict[str, object],
    name: str,
    problems: list[Problem],
) -> Market:
    if errors_only(problems):
        raise InvalidInput(problems)
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
    side = {t: coerce_table(t, frame) for t, frame in tables.items() if t != "estimates"}
    if "estimates" in tables:
        side["estimates"] = _checked_estimates(tables["estimates"], name, problems)
    problems += _side_table_problems(side, market_id, name)
    if errors_only(problems):
        raise InvalidInput(problems)
    meta_obj = _meta(meta, market_id, figures)
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
    extra = pd.DataFrame(
        {"source": missing, "url": [s if s.startswith("http") else "" for s in missing]}
    )
    return coerce_table("sources", pd.concat([sources, extra], ignore_index=True))


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
