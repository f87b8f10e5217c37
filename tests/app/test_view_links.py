"""/segments and /regions keep their view in the URL: a link reopens it, the widgets
write it back, a bad value is ignored with a notice (never an exception, never markup)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.test_overview import metrics, run


def _warnings(at: AppTest) -> str:
    return " ".join(w.value for w in at.warning).replace("\\", "")  # as a reader sees it


def test_a_segments_link_reopens_its_view(data_dir: Path) -> None:
    at = run("pages/segments.py", dimension="end_user", year="2024", mode="shares")
    assert not at.exception and not at.warning
    assert at.button_group(key="segments_dimension").value == "end_user"
    assert at.button_group(key="segments_mode").value == "share"
    assert at.query_params["dimension"] == "end_user" and at.query_params["mode"] == "share"
    assert at.query_params["to"] == "2024" and "year" not in at.query_params


def test_moving_the_segments_widgets_writes_the_url(data_dir: Path) -> None:
    at = run("pages/segments.py")
    at.select_slider(key="segments_years_region").set_value((2028, 2030)).run()
    at.button_group(key="segments_kind").set_value("area").run()
    params = dict(at.query_params)
    assert {k: params[k] for k in ("dimension", "from", "to", "chart")} == {
        "dimension": "region", "from": "2028", "to": "2030", "chart": "area",
    }  # fmt: skip
    assert params["market"] == "personalized-medicine"


def test_a_link_copied_from_segments_reopens_the_same_view(data_dir: Path) -> None:
    at = run("pages/segments.py")
    at.select_slider(key="segments_years_region").set_value((2026, 2031)).run()
    at.button_group(key="segments_mode").set_value("share").run()
    copied = {k: str(v) for k, v in at.query_params.items()}
    reopened = run("pages/segments.py", **copied)
    assert reopened.select_slider(key="segments_years_region").value == (2026, 2031)
    assert reopened.button_group(key="segments_mode").value == "share"


def test_bad_segments_values_are_ignored_with_a_notice(data_dir: Path) -> None:
    at = run("pages/segments.py", dimension="[x](javascript:alert(1))", mode="pie", to="1990")
    assert not at.exception
    text = _warnings(at)
    for fragment in ("dimension=[x](javascript:alert(1))", "mode=pie", "to=1990"):
        assert fragment in text  # escaped: shown as typed, never a link
    assert at.button_group(key="segments_dimension").value == "region"
    assert at.query_params["dimension"] == "region" and at.query_params["to"] == "2034"


def test_coming_back_through_the_sidebar_restores_the_view(data_dir: Path) -> None:
    at = run("pages/segments.py", dimension="end_user", mode="share")
    at.query_params.clear()
    at.switch_page("pages/overview.py").run()
    at.query_params.clear()
    at.switch_page("pages/segments.py").run()
    assert at.button_group(key="segments_dimension").value == "end_user"
    assert at.query_params["dimension"] == "end_user" and at.query_params["mode"] == "share"


def test_a_regions_link_opens_its_year(data_dir: Path) -> None:
    at = run("pages/regions.py", year="2030")
    assert not at.exception and "ignored" not in _warnings(at)
    assert at.select_slider(key="regions_year").value == 2030
    assert metrics(at)["Europe"] == "243.6 bn"
    at.select_slider(key="regions_year").set_value(2027).run()
    assert at.query_params["year"] == "2027"


def test_a_bad_regions_year_is_ignored_with_a_notice(data_dir: Path) -> None:
    at = run("pages/regions.py", year="soon")
    assert not at.exception
    assert "year=soon" in _warnings(at)
    assert at.select_slider(key="regions_year").value == 2034
    assert at.query_params["year"] == "2034"


def test_fast_slider_steps_win_over_an_address_bar_that_lags_behind(data_dir: Path) -> None:
    # Keys pressed fast: the next run can leave the browser before it has taken the URL
    # the previous run wrote, so it carries the year before. The slider must win.
    at = run("pages/regions.py")
    at.select_slider(key="regions_year").set_value(2033).run()
    at.query_params["year"] = "2034"  # the browser has not yet taken year=2033
    at.select_slider(key="regions_year").set_value(2032).run()
    assert at.select_slider(key="regions_year").value == 2032
    assert at.query_params["year"] == "2032"
    assert metrics(at)["Europe"] != "314.4 bn"  # the 2034 figure


def test_fast_segments_steps_win_over_an_address_bar_that_lags_behind(data_dir: Path) -> None:
    at = run("pages/segments.py")
    at.button_group(key="segments_dimension").set_value("end_user").run()
    at.query_params["dimension"] = "region"  # the browser has not yet taken the last URL
    at.button_group(key="segments_mode").set_value("share").run()
    assert at.button_group(key="segments_dimension").value == "end_user"
    assert at.button_group(key="segments_mode").value == "share"
    assert at.query_params["dimension"] == "end_user"


def test_a_link_opened_after_moving_the_slider_still_sets_the_year(data_dir: Path) -> None:
    at = run("pages/regions.py")
    at.select_slider(key="regions_year").set_value(2033).run()
    at.query_params["year"] = "2027"  # a pasted link or the back button: no widget moved
    at.run()
    assert at.select_slider(key="regions_year").value == 2027
