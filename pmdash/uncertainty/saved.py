"""Saved scenarios weighed by the probabilities saved with them (the brief's and the
compare view's weighted view). Pure: saved scenarios in, a :class:`Weighted` out.

A scenario is weighed when it has a probability (0 % included); one without is left
out. The view exists once two or more scenarios have one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from pmdash import urlstate
from pmdash.scenario_store import SavedScenario
from pmdash.scenarios import Frame, PresetName, Scenario, project
from pmdash.schema import TOTAL_SEGMENT
from pmdash.uncertainty.weights import Weighted, expected


def totals_of(
    figures: pd.DataFrame, named: Mapping[str, Scenario], frame: Frame
) -> dict[str, pd.Series]:
    """Each scenario's projected market total, USD bn by year."""
    found: dict[str, pd.Series] = {}
    for name, scenario in named.items():
        projection = project(figures, scenario, frame)
        total = projection[projection["segment"] == TOTAL_SEGMENT]
        found[name] = pd.Series(
            total["size_usd_bn"].to_numpy(dtype=float),
            index=total["year"].astype(int).to_numpy(),
            name=name,
        )
    return found


def weigh_saved(
    figures: pd.DataFrame,
    saved: Sequence[SavedScenario],
    frame: Frame,
    presets: Mapping[PresetName, Scenario],
) -> Weighted | list[str] | None:
    """The weighted view of the saved scenarios that have a probability: ``None`` when
    fewer than two have one, the problems when they cannot be used together."""
    weighed = [item for item in saved if item.probability_pct is not None]
    if len(weighed) < 2:
        return None
    named = {item.name: urlstate.parse(item.params, frame, presets)[0] for item in weighed}
    return expected(
        totals_of(figures, named, frame), {item.name: item.probability_pct for item in weighed}
    )
