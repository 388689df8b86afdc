"""AppTest smoke tests for every page: logic, not rendering (the browser tests look at the rendering)."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from caucasus_atlas import settings
from tests.test_validate import _set

DASHBOARD = str(settings.PROJECT_ROOT / "dashboard.py")
PAGES = ["pages/incidents_map.py", "pages/about.py"]


@pytest.fixture(autouse=True)
def _real_data(monkeypatch):
    monkeypatch.delenv("CAUCASUS_ATLAS_DATA", raising=False)


def _metric(at: AppTest) -> int:
    return int(at.metric[0].value)


def test_dashboard_opens_on_the_map():
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Incidents map"
    assert "Source:" in at.info[0].value and "AIR Center" in at.info[0].value


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs(page):
    at = AppTest.from_file(str(settings.PROJECT_ROOT / page), default_timeout=60).run()
    assert not at.exception, at.exception
    assert at.title


def test_filters_change_the_count():
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    may = _metric(at)
    assert may > 0
    every = at.radio(key="period").options[-1]
    assert every.startswith("All dates (from ")
    at.radio(key="period").set_value(every).run()
    assert _metric(at) > may
    at.radio(key="period").set_value("May 2021").run()
    at.slider(key="date_range_May 2021").set_value((dt.date(2021, 5, 1), dt.date(2021, 5, 1))).run()
    assert 0 < _metric(at) < may
    at.multiselect(key="topics").set_value(["covid"]).run()
    assert _metric(at) == 0


def test_broken_data_is_reported_on_the_page(make_root, monkeypatch):
    root = make_root(_set("event", "e-road", "topic", "weather"))
    monkeypatch.setenv("CAUCASUS_ATLAS_DATA", str(root))
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert not at.exception
    assert "1 problem(s)" in at.error[0].value
    assert "e-road: topic" in at.code[0].value


def test_about_lists_sources_and_licences():
    at = AppTest.from_file(str(settings.PROJECT_ROOT / "pages/about.py"), default_timeout=60).run()
    text = " ".join(m.value for m in at.markdown)
    assert "Natural Earth" in text and "GeoNames" in text and "OpenStreetMap" in text
