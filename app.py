"""pmdash: the router. Pages (see pmdash.ui.router.PAGES, one file each in pages/):
overview (/), segments, regions, scenarios, sources, data."""

from pmdash.ui.router import serve

serve()
