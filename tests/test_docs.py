"""Docs that cannot drift: every public metric is defined in docs/methodology.md, the
CLI reference in the README matches `pmdash --help`, and `__all__` is what it says."""

from __future__ import annotations

import inspect
import re
from types import ModuleType

import pytest
from typer.testing import CliRunner

import pmdash
from pmdash import audit, audit_publishers, metrics, triangulation
from pmdash.cli import app
from pmdash.scenarios import band, frame, model, outcome, presets, projection
from pmdash.uncertainty import funnel, saved, weights
from tests.conftest import ROOT

METHODOLOGY = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _public_functions(module: ModuleType) -> list[str]:
    return [
        name
        for name, value in vars(module).items()
        if inspect.isfunction(value)
        and not name.startswith("_")
        and value.__module__ == module.__name__
    ]


@pytest.mark.parametrize(
    "module",
    [
        metrics,
        model,
        frame,
        projection,
        presets,
        outcome,
        band,
        audit,
        triangulation,
        audit_publishers,
        weights,
        funnel,
        saved,
    ],
    ids=lambda m: m.__name__,
)
def test_every_public_function_has_a_methodology_entry(module: ModuleType) -> None:
    headings = set(
        re.findall(
            r"`(\w+)`", "\n".join(line for line in METHODOLOGY.splitlines() if line.startswith("#"))
        )
    )
    missing = sorted(set(_public_functions(module)) - headings)
    assert not missing, f"document these in docs/methodology.md: {missing}"


def test_every_cli_command_is_in_the_readme() -> None:
    commands = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]
    help_text = CliRunner().invoke(app, ["--help"]).output
    for command in commands:
        assert command in help_text
        assert f"pmdash {command}" in README, f"README does not document `pmdash {command}`"


def test_dunder_all_lists_exactly_the_public_names() -> None:
    assert pmdash.__all__ == sorted(pmdash._WHERE)
    for name in pmdash.__all__:
        assert getattr(pmdash, name).__name__ == name  # each one resolves
    assert set(dir(pmdash)) == {*pmdash.__all__, "__version__"}
