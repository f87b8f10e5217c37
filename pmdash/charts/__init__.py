"""Plotly figures built from DataFrames: no I/O, no Streamlit."""

from pmdash.charts.theme import BASIS_STYLE, color_map, layout

__all__ = ["BASIS_STYLE", "color_map", "layout"]
