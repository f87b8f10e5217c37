"""The studio's "Show uncertainty" switch in AppTest: off by default, on from a link,
kept in the URL when the browser reports it, the region cards' P10–P90 from Python,
bad values ignored with a notice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "scenarios.py")


def _open(data_dir: Path, **params: str) -> AppTest:
    del data_dir  # sets PMDASH_DATA_DIR and PMDASH_DATABASE_URL
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _island(at: AppTest) -> dict[str, Any]:
    (element,) = at.get("bidi_component")
    data: dict[str, Any] = json.loads(element.proto.json)
    return data


def _pause(at: AppTest, **params: str) -> AppTest:
    """The browser reporting what the user set, as it does when they pause."""
    rev = _island(at)["rev"]
    seq = (
        at.session_state["sc_studio_applied"][1] + 1
        if "sc_studio_applied" in at.session_state
        else 1
    )
    at.session_state["sc_studio"] = {"scenario": {"params": params, "seq": seq, "rev": rev}}
    return at.run()


def _bands(at: AppTest) -> list[str]:
    return [c.value for c in at.caption if c.value.startswith("P10–P90")]


def test_the_fan_is_off_by_default_and_the_studio_knows_its_spread(data_dir: Path) -> None:
    at = _open(data_dir)
    data = _island(at)
    assert data["fan"]["on"] is False
    assert _bands(at) == []
    uncertainty = data["spec"]["uncertainty"]
    assert (uncertainty["draws"], uncertainty["spread"]["origin"]) == (10_000, "publishers")
    assert "Grand View Research (2021): 6.2 %" in uncertainty["spread"]["reason"]


def test_a_link_switches_the_fan_on_with_its_settings(data_dir: Path) -> None:
    at = _open(data_dir, cagr="9", mc="1", spread="1.5", corr="0.5")
    fan = _island(at)["fan"]
    assert (fan["on"], fan["spread"], fan["corr"]) == (True, 1.5, 0.5)
    bands = _bands(at)
    assert len(bands) == 4  # one a region card
    assert all(b.startswith("P10–P90: USD ") and b.endswith(" bn") for b in bands)


def test_the_switch_reported_by_the_browser_goes_into_the_link(data_dir: Path) -> None:
    at = _open(data_dir)
    at = _pause(at, preset="custom", cagr="9", **{"from": "2024", "to": "2034"},
                mc="1", corr="0.25", shock_p="40", **{"pass": "1200", "pass_year": "2034"})  # fmt: skip
    url = at.query_params
    assert (url["mc"], url["corr"], url["shock_p"], url["pass"]) == ("1", "0.25", "40", "1200")
    assert url["cagr"] == "9"
    assert len(_bands(at)) == 4
    assert not [w for w in at.warning if "ignored" in w.value]


def test_a_wider_spread_widens_the_region_bands(data_dir: Path) -> None:
    def width(spread: str) -> float:
        at = _open(data_dir, cagr="9", mc="1", spread=spread)
        low, high = _bands(at)[0].removeprefix("P10–P90: USD ").removesuffix(" bn").split("–")
        return float(high.replace(",", "")) - float(low.replace(",", ""))

    assert width("4") > width("1") > 0


def test_switching_off_drops_the_fan_from_the_link(data_dir: Path) -> None:
    at = _open(data_dir, mc="1", spread="3")
    at = _pause(at, preset="reported", **{"from": "2024", "to": "2034"})
    assert "mc" not in at.query_params and "spread" not in at.query_params
    assert _island(at)["fan"]["on"] is False
    assert _bands(at) == []


def test_bad_fan_values_are_ignored_with_a_notice(data_dir: Path) -> None:
    at = _open(data_dir, mc="1", spread="99", corr="high")
    assert not at.exception
    notice = next(w.value for w in at.warning if "ignored" in w.value)
    assert "spread=99" in notice and "outside 0 to 20" in notice
    assert "corr=high" in notice and "not a number" in notice
    assert _island(at)["fan"]["on"] is True
