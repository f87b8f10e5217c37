"""The `pmdash` command: thin over the library. Exit codes: 0 ok, 1 invalid input
or failed check (message on stderr), 2 usage error.

Each command lives in a module of this package and registers itself on :data:`app`."""

from __future__ import annotations

import sys

import pandas as pd
import typer

from pmdash.cli import datasets, extract, goal, projection, simulate  # noqa: F401  (they register their commands)
from pmdash.cli.common import app

__all__ = ["app", "main"]


def main() -> None:
    """Console entry point: no traceback reaches the user."""
    try:
        app(standalone_mode=True)
    except KeyboardInterrupt:
        typer.echo("pmdash: interrupted", err=True)
        sys.exit(1)
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        typer.echo(f"pmdash: {exc}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
