"""Page-ready tables: what the analyst pages show, as plain DataFrames.

Pure functions over a :class:`~pmdash.model.Market`, its expanded figures
(:func:`pmdash.metrics.expand`) and its audit findings. Pages render these
tables as they are; they never group, merge or compute themselves.

- :mod:`~pmdash.tables.market`: headline KPIs, sized dimensions, segment views
- :mod:`~pmdash.tables.regions`: growth per region and the countries it names
- :mod:`~pmdash.tables.audit`: the report's claims, findings, severity counts
- :mod:`~pmdash.tables.sources`: every figure with its source, metadata, definitions
- :mod:`~pmdash.tables.triangulation`: other publishers' estimates compared
"""

from pmdash.tables.audit import SEVERITIES, claims_table, findings_table, severity_counts
from pmdash.tables.market import (
    Kpis,
    catalogue,
    dimension_years,
    headline_kpis,
    publisher,
    segment_view,
    sized_dimensions,
    unattributed,
)
from pmdash.tables.regions import growth_by_year, named_children, region_growth
from pmdash.tables.sources import (
    definitions_table,
    figures_table,
    filter_rows,
    meta_table,
    sources_table,
)
from pmdash.tables.triangulation import (
    COMPARED,
    ESTIMATE_COLUMNS,
    NOT_COMPARED,
    NOT_STATED,
    THIS_REPORT,
    cagr_paths,
    in_view,
    publisher_cagrs,
    publisher_estimates,
    spread_at,
    spread_summary,
    status_of,
)

__all__ = [
    "COMPARED",
    "ESTIMATE_COLUMNS",
    "NOT_COMPARED",
    "NOT_STATED",
    "SEVERITIES",
    "THIS_REPORT",
    "Kpis",
    "cagr_paths",
    "catalogue",
    "claims_table",
    "definitions_table",
    "dimension_years",
    "figures_table",
    "filter_rows",
    "findings_table",
    "growth_by_year",
    "headline_kpis",
    "in_view",
    "meta_table",
    "named_children",
    "publisher",
    "publisher_cagrs",
    "publisher_estimates",
    "region_growth",
    "segment_view",
    "severity_counts",
    "sized_dimensions",
    "sources_table",
    "spread_at",
    "spread_summary",
    "status_of",
    "unattributed",
]
