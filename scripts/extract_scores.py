"""Recall and precision of `pmdash extract` on the corpus of report pages we wrote.

Each page ``tests/corpus/reports/NAME.{txt,md,html,pdf}`` has its expected rows in
``NAME.expected.csv``; a proposal is right when its identity (market, dimension,
segment, year, metric, base_year) and its value match an expected row. Prints one line
per kind (total sizes, CAGRs, parts: regions', countries' and segments' sizes and
shares) and, with ``-v``, every miss.

    python scripts/extract_scores.py [-v]
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pmdash.extract import extract_file

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "reports"
PAGES = (".txt", ".md", ".html", ".pdf")
KINDS = ("total sizes", "CAGRs", "parts")
Figure = tuple[str, str, str, int, str, int | None, float]


@dataclass(frozen=True)
class Score:
    kind: str
    expected: int
    proposed: int
    right: int

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.proposed if self.proposed else 1.0


def kind_of(figure: Figure) -> str:
    if figure[4] == "cagr":
        return "CAGRs"
    return "total sizes" if figure[1] == "total" and figure[4] == "size" else "parts"


def figures(frame: pd.DataFrame) -> set[Figure]:
    out: set[Figure] = set()
    for row in frame.to_dict("records"):
        base = row.get("base_year")
        base_year = None if base is None or pd.isna(base) else int(base)
        value = round(float(row["value"]), 6)
        out.add((str(row["market"]), str(row["dimension"]), str(row["segment"]),
                 int(row["year"]), str(row["metric"]), base_year, value))  # fmt: skip
    return out


def pages() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.suffix in PAGES)


def compare(page: Path) -> tuple[set[Figure], set[Figure]]:
    """(expected, proposed) figures of one page."""
    expected = figures(pd.read_csv(CORPUS / f"{page.stem}.expected.csv"))
    proposed = figures(extract_file(page.name, page.read_bytes()).rows)
    return expected, proposed


def scores(verbose: bool = False) -> list[Score]:
    counts = {kind: [0, 0, 0] for kind in KINDS}
    for page in pages():
        expected, proposed = compare(page)
        for figure in expected:
            counts[kind_of(figure)][0] += 1
        for figure in proposed:
            counts[kind_of(figure)][1] += 1
            counts[kind_of(figure)][2] += figure in expected
        if verbose:
            for figure in sorted(expected - proposed, key=str):
                print(f"  {page.name}: missed {figure}")
            for figure in sorted(proposed - expected, key=str):
                print(f"  {page.name}: wrong  {figure}")
    return [Score(kind, *counts[kind]) for kind in KINDS]


def main() -> None:
    results = scores(verbose="-v" in sys.argv[1:])
    print(f"{len(pages())} report pages in tests/corpus/reports")
    print(
        f"{'kind':12} {'expected':>8} {'proposed':>8} {'right':>6} {'recall':>7} {'precision':>9}"
    )
    for s in results:
        print(
            f"{s.kind:12} {s.expected:8} {s.proposed:8} {s.right:6} {s.recall:7.3f} {s.precision:9.3f}"
        )


if __name__ == "__main__":
    main()
