"""The scenario studio, one concern a module.

- :mod:`.state`: the scenario in session state, the market's context, cached results
- :mod:`.controls`: the browser-side studio (presets, growth, years, shock, KPI
  cards, path chart) and the scenario it reports
- :mod:`.fan`: the "Show uncertainty" settings (the fan itself is drawn in the browser)
- :mod:`.results`: the regional tabs
- :mod:`.sharing`: the link, the brief and the chart PNG
- :mod:`.library`: saving, loading, deleting; picking scenarios to compare
- :mod:`.comparison`: saved scenarios side by side

The maths is in :mod:`pmdash.scenarios` and :mod:`pmdash.tables.studio` (mirrored in
the browser by ``pmdash/ui/studio_island/studio.js``, from :mod:`pmdash.studio_spec`);
the figures in :mod:`pmdash.charts.scenario`; the caches in :mod:`pmdash.ui.cache`.
"""

from pmdash.ui.studio.controls import island
from pmdash.ui.studio.library import save_form, saved_list
from pmdash.ui.studio.results import details
from pmdash.ui.studio.sharing import share_box, share_link
from pmdash.ui.studio.state import Context, context, current, start

__all__ = [
    "Context",
    "context",
    "current",
    "details",
    "island",
    "save_form",
    "saved_list",
    "share_box",
    "share_link",
    "start",
]
