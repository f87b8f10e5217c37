"""Download buttons: a market as CSV/XLSX, the template, a chart as PNG (rendered
only when clicked, and disabled with the reason when this server cannot render)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from pmdash.audit import Finding
from pmdash.charts.static import to_png
from pmdash.model import Market
from pmdash.store import MarketInfo
from pmdash.ui import cache
from pmdash.ui.charts import chart_builders


def market_downloads(market: Market, findings: list[Finding], key: str = "export") -> None:
    """Download the market as interchange CSV and as a formatted XLSX workbook."""
    from pmdash import export  # openpyxl costs ~0.1 s of every page's cold start otherwise

    left, right = st.columns(2)
    left.download_button(
        "Figures (CSV)", export.to_csv(market), icon=":material/download:", file_name=f"{market.id}.csv", mime="text/csv",
        key=f"{key}_csv", width="stretch", on_click="ignore",
    )  # fmt: skip
    right.download_button(
        "Workbook (XLSX)", lambda: export.to_xlsx(market, findings), icon=":material/download:", file_name=f"{market.id}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx", width="stretch", on_click="ignore",
    )  # fmt: skip


def png_download(fig: go.Figure, name: str, key: str, label: str = "Chart as PNG") -> None:
    """A download button that renders the chart to PNG only when clicked (~3 s)."""
    png_button(lambda: to_png(fig), f"{name}.png", key=key, label=label)


def png_button(
    render: Callable[[], bytes], file_name: str, key: str, label: str, **button: Any
) -> None:
    """A PNG download rendered on click; disabled, with the reason shown, when this
    server cannot render PNGs (no Chromium for kaleido)."""
    reason = cache.png_unavailable()
    if reason:
        st.download_button(
            label, b"", file_name=file_name, mime="image/png", key=key, disabled=True,
            icon=":material/hide_image:", help=reason, **button,
        )  # fmt: skip
        st.caption(f":red[{reason}.]")
        return
    st.download_button(
        label, render, file_name=file_name, mime="image/png", icon=":material/image:", key=key,
        on_click="ignore", help="Rendered when you click, at 2× for slides.", **button,
    )  # fmt: skip


def template_downloads() -> None:
    """The empty, documented template as CSV and as XLSX."""
    from pmdash import export  # openpyxl costs ~0.1 s of every page's cold start otherwise

    left, right, _ = st.columns([1, 1, 2])
    left.download_button(
        "Template (CSV)", export.template_csv(), file_name="pmdash-template.csv", mime="text/csv",
        key="template_csv", icon=":material/download:", on_click="ignore", width="stretch",
    )  # fmt: skip
    right.download_button(
        "Template (XLSX)", export.template_xlsx, file_name="pmdash-template.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="template_xlsx", icon=":material/download:", on_click="ignore", width="stretch",
    )  # fmt: skip


def chart_png_picker(market: Market, info: MarketInfo) -> None:
    """Pick any chart of the app and download it as a PNG (rendered on click)."""
    builders = chart_builders(market, info)
    if not builders:
        st.caption("This market has no figures to chart yet.")
        return
    name = st.selectbox("Chart", list(builders), key="data_png_chart")
    fig = builders[name]()
    png_download(
        fig, f"{market.id}-{name.lower().replace(' ', '-')}", key="data_png", label="Download PNG"
    )
