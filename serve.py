"""The app for a server, the same as ``streamlit run app.py``; kept for existing setups.

    streamlit run serve.py --server.address 127.0.0.1 --server.port 8501

serves the pages (with security headers) plus ``GET /health`` and warms up at start (see pmdash.server
and docs/deploy.md).
"""

from __future__ import annotations

import streamlit as st

from pmdash import server

server.start()
app = st.App(
    "app.py", routes=server.routes(), middleware=server.middleware(), lifespan=server.lifespan
)

if __name__ == "__main__":
    app.run()
