import streamlit as st

from pmdash.ui import active_market

market, info = active_market()
st.title("scenarios")
st.write(market.meta.name)
