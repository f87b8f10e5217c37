"""The bare reference page for bench/bench_app.py: one slider, one metric, one line chart."""

import plotly.graph_objects as go
import streamlit as st

st.title("Bare reference")
rate = st.slider("Growth, % a year", 0.0, 20.0, 8.0, 0.5)
years = list(range(2024, 2035))
sizes = [100.0 * (1 + rate / 100) ** (y - years[0]) for y in years]
st.metric("Size in 2034, USD bn", f"{sizes[-1]:,.1f}")
st.plotly_chart(go.Figure(go.Scatter(x=years, y=sizes, mode="lines")), key="bare_chart")
