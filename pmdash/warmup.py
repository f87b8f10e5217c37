"""Start-up warm-up: what the first visitor of a fresh server would otherwise wait for.

The first page a fresh server shows pays for importing pandas, pyarrow, plotly and
the page modules (about 0.9 s of its 1.5 s on the bench machine) and for parsing the
datasets' manifest. The server (pmdash.server, behind both ``streamlit run app.py`` and
``serve.py``) runs :func:`warm` in a thread at start, so the first visitor finds them done.
"""

from __future__ import annotations

import importlib
import threading
import time
from typing import Final

from pmdash import logs

MODULES: Final = (
    "pandas",
    "pyarrow.parquet",
    "plotly.graph_objects",
    "pmdash.ui.page",
    "pmdash.ui.grids",
    "pmdash.ui.charts",
    "pmdash.ui.studio",
    "pmdash.scenario_store",
)


def warm() -> float:
    """Import what every page needs and read the manifest; seconds taken.

    Never raises: a failure here only means the first visitor pays the cost, and
    the page itself reports any real problem with the data.
    """
    started = time.perf_counter()
    try:
        for name in MODULES:
            importlib.import_module(name)
        from pmdash.store import DataStore, default_data_dir

        DataStore(default_data_dir()).markets()
    except Exception as exc:  # a warm-up must never stop the server
        logs.event("warmup_failed", error=f"{type(exc).__name__}: {exc}")
    seconds = time.perf_counter() - started
    logs.event("warmup", seconds=round(seconds, 3))
    return seconds


def warm_in_background() -> threading.Thread:
    """Run :func:`warm` in a daemon thread (the server accepts requests meanwhile)."""
    thread = threading.Thread(target=warm, name="pmdash-warmup", daemon=True)
    thread.start()
    return thread
