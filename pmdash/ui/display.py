"""How every part of the UI shows text from data and a missing number.

Text from data or a URL is never markup (docs/security.md, "Text from data and
links"): markdown (titles, captions, boxes, metric labels and values, widget labels,
pills, tabs) takes :func:`pmdash.formatting.plain`; plain-text options (select box,
multiselect) :func:`pmdash.formatting.shown_text`; plotly text
:func:`pmdash.formatting.chart_text` and :func:`pmdash.ui.charts.unmarked`; tables
:func:`pmdash.ui.grids.show_table`.
"""

from __future__ import annotations

# Messages and lists are longer than names; plain() shortens to this many characters.
LONG_TEXT = 2000
# How every table shows a missing number (st.dataframe shows 'None' otherwise).
MISSING = "—"
