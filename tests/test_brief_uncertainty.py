"""The brief's weighted scenarios and TAM → SAM → SOM sections, in the studio's brief and
in `pmdash export --format html`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pmdash.brief import brief_html
from pmdash.cli import app as cli
from pmdash.model import Market
from pmdash.scenario_store import Draft, ScenarioStore
from pmdash.scenarios import Scenario
from pmdash.uncertainty import FunnelSettings, expected

MARKET = "personalized-medicine"


def _weighted() -> object:
    years = pd.Index([2024, 2034])
    return expected(
        {
            "Slow <b>": pd.Series([578.14, 776.97], years),
            "Fast": pd.Series([578.14, 1795.62], years),
        },
        {"Slow <b>": 25.0, "Fast": 75.0},
    )


def test_without_probabilities_or_a_funnel_the_brief_has_neither_section(
    seed_market: Market,
) -> None:
    page = brief_html(seed_market)
    assert "Weighted scenarios" not in page and "TAM, SAM and SOM" not in page


def test_the_weighted_section_gives_the_expected_market_and_range(seed_market: Market) -> None:
    page = brief_html(seed_market, weighted=_weighted())  # type: ignore[arg-type]
    assert "<h2>Weighted scenarios</h2>" in page
    assert "Expected market 2034: USD 1,541.0 bn" in page
    assert "range USD 777.0 bn to USD 1,795.6 bn" in page
    assert "Slow &lt;b&gt;" in page and "Slow <b>" not in page  # names are escaped
    assert "75.0 %" in page


def test_probabilities_that_do_not_add_up_are_named_not_weighed(seed_market: Market) -> None:
    page = brief_html(seed_market, weighted=["The probabilities add up to 90 %, not 100 %."])
    assert "The saved probabilities cannot be used yet" in page
    assert "add up to 90 %, not 100 %" in page


def test_the_funnel_section_marks_what_is_assumed(seed_market: Market) -> None:
    settings = FunnelSettings((("Europe", 50.0),), "end_user", ("Hospitals",), year=2034)
    page = brief_html(seed_market, Scenario(), funnel=settings)
    assert "<h2>TAM, SAM and SOM</h2>" in page
    assert "SOM 2034: USD 19.2 bn</b> of a serviceable market (SAM) of USD 384.4 bn" in page
    assert "50.0 % (assumed)" in page
    assert "Hospitals 41.0 % = 41.0 % (reported shares, 2024)" in page
    assert "TAM · the market, computed from the report" in page


def _export(data_dir: Path) -> str:
    result = CliRunner().invoke(
        cli, ["export", "--market", MARKET, "--format", "html", "--data-dir", str(data_dir)]
    )
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.usefixtures("data_dir")
def test_export_html_shows_the_saved_probabilities(data_dir: Path) -> None:
    store = ScenarioStore()
    store.save(MARKET, Draft("Slow", {"preset": "custom", "cagr": "3"}))
    store.save(MARKET, Draft("Fast", {"preset": "custom", "cagr": "12"}))
    assert "Weighted scenarios" not in _export(data_dir)
    store.set_probabilities(MARKET, {"Slow": 25.0, "Fast": 75.0})
    assert "Expected market 2034: USD 1,541.0 bn" in _export(data_dir)


def test_export_html_creates_no_scenario_database(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PMDASH_DATABASE_URL")
    assert "Weighted scenarios" not in _export(data_dir)
    assert not (data_dir / "scenarios.db").exists()


def test_with_the_fan_on_the_brief_gives_the_range_of_paths(seed_market: Market) -> None:
    from pmdash.uncertainty import Settings, end_bands, simulate
    from pmdash.uncertainty.fan_url import FanView

    scenario = Scenario("custom", cagr_pct=9.0)
    assert "<h2>Uncertainty</h2>" not in brief_html(seed_market, scenario)
    assert "<h2>Uncertainty</h2>" not in brief_html(seed_market, scenario, fan=FanView(on=False))

    view = FanView(on=True, spread_pts=3.0, correlation=0.5, pass_usd_bn=1300.0, pass_year=2034)
    page = brief_html(seed_market, scenario, fan=view)
    assert "<h2>Uncertainty</h2>" in page
    # The same paths as the studio's and `pmdash simulate`: same seed, same settings.
    run = simulate(seed_market.figures, scenario, Settings(3.0, correlation=0.5))
    low, high = end_bands(run)["All"]
    assert f"8 paths in 10 end between USD {low:,.1f} bn and USD {high:,.1f} bn" in page
    europe_low, _ = end_bands(run)["Europe"]
    assert f"USD {europe_low:,.1f} bn" in page
    assert "Chance the market passes USD 1,300.0 bn by 2034" in page
    assert "±3.0 pts, as you set it" in page and "Correlation between regions: 0.5" in page


def test_the_fan_section_draws_on_the_publishers_spread_by_default(seed_market: Market) -> None:
    from pmdash.uncertainty.fan_url import FanView

    page = brief_html(seed_market, Scenario("custom", cagr_pct=9.0), fan=FanView(on=True))
    assert "±2.7 pts: half the range" in page
    assert "Precedence Research (2022), implied by its sizes: 11.61 %" in page
