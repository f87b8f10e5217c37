"""How every part of the UI shows text from data and a missing number."""

from __future__ import annotations

# Messages and lists are longer than names; plain() shortens to this many characters.
LONG_TEXT = 2000
# How every table shows a missing number (st.dataframe shows 'None' otherwise).
MISSING = "—"
