"""The executive brief: standalone HTML with the scenario, numbers, charts, sources, caveats."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmdash import brief
from pmdash.brief import LIGHT_LIMIT_BYTES, brief_html
from pmdash.charts.static import StaticExportUnavailable, unavailable_reason
from pmdash.cli import app as cli
from pmdash.model import Market
from pmdash.scenarios import Scenario
from pmdash.triangulation import triangulate


@pytest.fixture(scope="module")
def seed_brief(seed_market: Market) -> str:
    return brief_html(seed_market, Scenario("custom", 2024, 2036, cagr_pct=8.5, shock_year=2027, shock_pct=-10.0),
                      name="APAC push", link="http://example.test/scenarios?cagr=8.5")  # fmt: skip


def test_the_brief_is_one_standalone_document(seed_brief: str) -> None:
    assert seed_brief.startswith("<!DOCTYPE html>") and seed_brief.rstrip().endswith("</html>")
    assert not re.search(r"<script[^>]+src=", seed_brief)  # plotly.js is inlined: works offline
    assert "Plotly.newPlot" in seed_brief
    assert "@media print" in seed_brief and "@page" in seed_brief


def test_the_brief_states_assumptions_numbers_sources_and_caveats(seed_brief: str) -> None:
    for text in ("APAC push", "8.50 % a year", "-10 % from 2027", "Market size 2036", "USD 1,384.9 bn",
                 "past 2034 extrapolated", "Cervicorn Consulting", "(primary source)",
                 "does not follow from the stated sizes", "http://example.test/scenarios?cagr=8.5"):  # fmt: skip
        assert text in seed_brief, text


def test_data_text_is_escaped(seed_market: Market) -> None:
    hostile = replace(seed_market, meta=replace(seed_market.meta, name="<script>alert(1)</script>"))
    page = brief_html(hostile, name='<img src=x onerror="boom">')
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert '<img src=x onerror="boom">' not in page


def test_without_a_scenario_the_brief_is_as_reported(seed_market: Market) -> None:
    page = brief_html(seed_market)
    assert "As reported" in page and "USD 1,094.8 bn" in page


def test_the_sample_market_gets_a_brief_too(sample_market: Market) -> None:
    page = brief_html(sample_market)
    assert "Sample robotics" in page and "APAC" in page


def test_pmdash_export_html_writes_the_brief(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    result = CliRunner().invoke(cli, ["export", "--market", "personalized-medicine", "--format", "html",
                                      "-o", str(out), "--data-dir", str(data_dir)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("<!DOCTYPE html>")


needs_chromium = pytest.mark.skipif(
    unavailable_reason() is not None, reason=str(unavailable_reason())
)


@pytest.fixture(scope="module")
def light_brief(seed_market: Market) -> str:
    return brief_html(seed_market, light=True)


@needs_chromium
def test_the_light_brief_is_small_enough_to_email(light_brief: str) -> None:
    assert len(light_brief.encode()) <= LIGHT_LIMIT_BYTES
    assert "<script" not in light_brief and "Plotly.newPlot" not in light_brief
    assert light_brief.count('<img src="data:image/svg+xml;base64,') == 3


@needs_chromium
def test_the_light_brief_keeps_the_numbers_sources_and_caveats(light_brief: str) -> None:
    for text in ("USD 1,094.8 bn", "Cervicorn Consulting", "(primary source)",
                 "does not follow from the stated sizes", "@media print"):  # fmt: skip
        assert text in light_brief, text


def test_the_brief_credits_the_publisher_not_a_source_id(seed_market: Market) -> None:
    page = brief_html(seed_market)
    assert "Made with pmdash from Cervicorn Consulting (2025)." in page
    assert f"from {seed_market.meta.primary_source}." not in page


def test_without_chromium_the_light_brief_says_so_and_keeps_its_tables(
    seed_market: Market, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_browser(*_: object, **__: object) -> bytes:
        raise StaticExportUnavailable("PNG export needs Chromium on the server")

    monkeypatch.setattr(brief, "to_image", no_browser)
    page = brief_html(seed_market, light=True)
    assert page.count("This chart could not be drawn here") == 3
    assert "<img" not in page and "<script" not in page and "USD 1,094.8 bn" in page


def test_pmdash_export_light_writes_the_light_brief(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(brief, "to_image", lambda *_, **__: b"<svg/>")
    out = tmp_path / "brief.html"
    result = CliRunner().invoke(cli, ["export", "--market", "personalized-medicine", "--format", "html",
                                      "--light", "-o", str(out), "--data-dir", str(data_dir)])  # fmt: skip
    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert page.count("data:image/svg+xml;base64,") == 3 and "<script" not in page


def test_light_is_refused_for_a_spreadsheet(data_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--market", "personalized-medicine", "--format", "csv",
                                      "--light", "--data-dir", str(data_dir)])  # fmt: skip
    assert result.exit_code == 2 and "--light" in result.output


def test_the_brief_compares_publishers_by_the_audits_rules(
    seed_market: Market, seed_brief: str
) -> None:
    consensus = triangulate(seed_market).consensus.explanation
    assert html.escape(consensus) in seed_brief  # the same sentence as the audit's
    assert "Other publishers of this market's scope (personalized medicine)" in seed_brief
    assert "Precedence Research (2022): edition 2022 (published 2022-01-25)" in seed_brief
    assert "11.61 % a year implied by its sizes (2020–2030)" in seed_brief
    assert "6 publishers of other scopes (precision medicine)" in seed_brief
    assert "BIS Research: edition" not in seed_brief  # another scope: counted, not compared
