"""The saved scenarios' weighted view for `pmdash export --format html` (no command here)."""

from __future__ import annotations

from pathlib import Path

from pmdash.model import Market
from pmdash.scenario_store import ScenarioStore, database_url
from pmdash.scenarios import available_presets, frame_of
from pmdash.store import DataStore
from pmdash.uncertainty.saved import weigh_saved
from pmdash.uncertainty.weights import Weighted


def saved_weights(store: DataStore, market: Market) -> Weighted | list[str] | None:
    """The market's saved scenarios weighed by their probabilities, when two or more have
    one; ``None`` otherwise, and when there is no scenario database (none is created)."""
    url = database_url(store.root)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        return None
    saved = ScenarioStore(url).list(market.id)
    frame = frame_of(market.figures)
    return weigh_saved(
        market.figures, saved, frame, available_presets(market.figures, market.estimates, frame)
    )
