import streamlit as st

from pmdash.ui import active_market

market, info = active_market()
st.title("overview")
st.write(market.meta.name)
