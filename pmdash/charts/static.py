"""Static images of figures (PNG) through kaleido, which drives the system Chromium."""

from __future__ import annotations

import plotly.graph_objects as go


class StaticExportUnavailable(RuntimeError):
    """Raised when no Chromium is available for kaleido to render with."""


def to_png(fig: go.Figure, width: int = 1200, height: int = 600, scale: float = 2.0) -> bytes:
    """The figure as a PNG (2× scale by default, crisp on slides)."""
    try:
        image = fig.to_image(format="png", width=width, height=height, scale=scale)
    except (RuntimeError, OSError, ValueError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise StaticExportUnavailable(
            f"PNG export needs Chromium (apt-get install chromium): {message}"
        ) from exc
    return bytes(image)
