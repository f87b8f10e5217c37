"""Running `pmdash` as a user does, on this checkout's code (not another installed copy)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PMDASH = shutil.which("pmdash") or "pmdash"


def run(*args: str, data_dir: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """`pmdash ARGS [--data-dir DIR]`, this checkout first on the import path."""
    extra = ["--data-dir", str(data_dir)] if data_dir is not None else []
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run(
        [PMDASH, *args, *extra],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": path, **env},
        timeout=120,
    )
