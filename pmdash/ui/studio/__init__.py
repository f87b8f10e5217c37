"""The scenario studio, one concern a module.

- :mod:`.state`: the scenario in session state, the market's context, cached results
- :mod:`.callbacks`: what each widget does to the scenario
- :mod:`.controls`: the preset picker and the sliders
- :mod:`.results`: KPIs, the path chart, the regional tabs
- :mod:`.sharing`: the link, the brief and the chart PNG
- :mod:`.library`: saving, loading, deleting; picking scenarios to compare
- :mod:`.comparison`: saved scenarios side by side

The maths is in :mod:`pmdash.scenarios` and :mod:`pmdash.tables.studio`; the
figures in :mod:`pmdash.charts.scenario`; the caches in :mod:`pmdash.ui.cache`.
"""

from pmdash.ui.studio.controls import preset_control, sliders
from pmdash.ui.studio.library import save_form, saved_list
from pmdash.ui.studio.results import details, kpis, path
from pmdash.ui.studio.sharing import share_box, share_link
from pmdash.ui.studio.state import Context, context, current, start

__all__ = [
    "Context",
    "context",
    "current",
    "details",
    "kpis",
    "path",
    "preset_control",
    "save_form",
    "saved_list",
    "share_box",
    "share_link",
    "sliders",
    "start",
]
