"""The examples in pmdash's docstrings run, and give what they say."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import pmdash

MODULES = sorted(info.name for info in pkgutil.walk_packages(pmdash.__path__, prefix="pmdash."))


@pytest.mark.parametrize("name", MODULES)
def test_the_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_the_examples_are_found() -> None:
    found = sum(
        len(t.examples)
        for name in ("pmdash.metrics", "pmdash.scenarios.model")
        for t in doctest.DocTestFinder().find(importlib.import_module(name))
    )
    assert found >= 10
