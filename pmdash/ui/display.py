"""How every part of the UI shows text from data and a missing number.

Text from data or a URL is never markup (docs/security.md, "Text from data and
links"): markdown (titles, captions, boxes, metric labels and values, widget labels,
pills, tabs) takes :func:`pmdash.formatting.plain`; plain-text options (select box,
multiselect) :func:`pmdash.formatting.shown_text`; plotly text
:func:`pmdash.formatting.chart_text` and :func:`pmdash.ui.charts.unmarked`; tables
:func:`pmdash.ui.grids.show_table`.
"""

from __future__ import annotations

from pmdash.formatting import MISSING

__all__ = ["LONG_TEXT", "MISSING"]

# Messages and lists are longer than names; plain() shortens to this many characters.
LONG_TEXT = 2000
# MISSING ('—', from pmdash.formatting, the one formatter for people) is how every table,
# editor and card shows a missing number: st.dataframe and st.data_editor write 'None'
# in an empty cell unless given it as their placeholder.
