"""The address is read without trusting it: garbage falls back to the defaults with a note, never an exception."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from caucasus_atlas import settings
from caucasus_atlas.urlstate import MAX_QUERY_CHARS, parse_url_state

OPTIONS = {"topics": ["border", "regional"], "event_types": ["statement"], "actors": [], "claimants": []}
BOUNDS = (dt.date(1991, 1, 1), dt.date(2021, 5, 31))


def parse(params: dict[str, list[str]]):
    return parse_url_state(params, options=OPTIONS, bounds=BOUNDS, event_ids={"e-1"})


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"from": ["2021-13-45"]}, "from: '2021-13-45' is not a date (expected YYYY-MM-DD); the default range is shown."),
        ({"from": ["9999-01-01"], "to": ["0001-01-01"]}, "from: 9999-01-01 is outside the data (1991-01-01 to 2021-05-31); the default range is shown."),
        ({"from": ["2030-01-01"]}, "from: 2030-01-01 is outside the data (1991-01-01 to 2021-05-31); the default range is shown."),
        ({"from": ["2021-05-20"], "to": ["2021-05-10"]}, "from 2021-05-20 is after to 2021-05-10; the default range is shown."),
        ({"from": ["20210510"]}, "from: '20210510' is not a date (expected YYYY-MM-DD); the default range is shown."),
        ({"from": ["2021-05-01", "2021-05-02"]}, "from: given 2 times; ignored."),
        ({"q": ["x" * 100_000]}, f"q: the search text is 100000 characters (at most {MAX_QUERY_CHARS}); ignored."),
        ({"topic": ["weather"]}, "topic: 'weather' not known; ignored."),
        ({"tiles": ["maybe"]}, "tiles: 'maybe' is not 'on' or 'off'; ignored."),
        ({"event": ["<script>alert(1)</script>"]}, "event: '<script>alert(1)</script>' is not an event of this atlas; ignored."),
    ],
)  # fmt: skip
def test_garbage_falls_back_to_the_default_with_a_note(params, note):
    state = parse(params)
    assert state.notes == [note]
    assert (state.start, state.end, state.query, state.tiles, state.event) == (None, None, None, None, None)


def test_good_values_are_taken():
    state = parse(
        {"from": ["2021-05-12"], "to": ["2021-05-16"], "topic": ["border", "weather"], "q": ["Sev Lich"],
         "tiles": ["off"], "event": ["e-1"]}
    )  # fmt: skip
    assert (state.start, state.end) == (dt.date(2021, 5, 12), dt.date(2021, 5, 16))
    assert state.lists == {"topics": ["border"]}
    assert (state.query, state.tiles, state.event) == ("Sev Lich", False, "e-1")
    assert state.notes == ["topic: 'weather' not known; ignored."]


def test_an_empty_list_parameter_means_none_chosen():
    assert parse({"topic": [""]}).lists == {"topics": []}


@pytest.mark.parametrize(
    "query",
    [
        {"from": "9999-01-01", "to": "0001-01-01"},
        {"to": "0001-01-01"},
        {"from": "2021-13-45"},
        {"q": "x" * 100_000},
        {"topic": ["weather", "<b>x</b>"], "event": "a,b", "tiles": "`${x}`"},
    ],
)
def test_the_dashboard_opens_on_garbage_addresses(monkeypatch, query):
    monkeypatch.delenv(settings.DATA_ENV_VAR, raising=False)
    at = AppTest.from_file(str(settings.PROJECT_ROOT / "dashboard.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    assert any(w.value.startswith("Parts of the address could not be used") for w in at.warning)
    start, end = at.slider(key="date_range_May 2021").value
    assert (start, end) == settings.DEFAULT_DATE_RANGE


def test_an_old_id_renamed_to_a_neutral_one_still_opens():
    from caucasus_atlas.settings import FORMER_IDS

    state = parse_url_state(
        {"event": ["border-1991-border-territories-occupied"]}, options={},
        bounds=(dt.date(1991, 1, 1), dt.date(2021, 12, 31)), event_ids={FORMER_IDS["border-1991-border-territories-occupied"]},
    )  # fmt: skip
    assert (state.event, state.notes) == ("border-1991-border-territories-held", [])


def test_each_map_has_its_own_view_parameter():
    state = parse_url_state(
        {"view": ["39.6,45.3,10"], "incident_view": ["40.05,45.75,11"]},
        options={}, bounds=(dt.date(2021, 1, 1), dt.date(2021, 12, 31)), event_ids=[],
    )  # fmt: skip
    assert state.view == (39.6, 45.3, 10) and state.incident_view == (40.05, 45.75, 11) and not state.notes
    bad = parse_url_state(
        {"incident_view": ["40,45,99"]}, options={}, bounds=(dt.date(2021, 1, 1), dt.date(2021, 12, 31)), event_ids=[]
    )
    assert bad.incident_view is None
    assert bad.notes == ["incident_view: '40,45,99' is not latitude,longitude,zoom (2 to 18); ignored."]
