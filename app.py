"""pmdash. Pages (see pmdash.ui.router.PAGES, one file each in pages/): overview (/),
segments, regions, scenarios, sources, data.

This file has two roles. ``streamlit run app.py`` imports it (as module ``app``) and
finds the ``st.App`` below: Streamlit's ASGI mode, which adds security headers, ``GET /health`` and a
start-up warm-up (pmdash.server). Each session then runs this same file as the
page script (as ``__main__``, as AppTest does too), which routes to the current page.
"""

import streamlit as st

if __name__ == "__main__":
    from pmdash.ui.router import serve

    serve()
else:
    from pmdash import server

    server.start()
    app = st.App(
        "app.py",
        routes=server.routes(),
        middleware=server.middleware(),
        lifespan=server.lifespan,
    )
