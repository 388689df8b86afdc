"""Event tables, the filters, and the excerpt shown in context."""

import datetime as dt

import pytest

from caucasus_atlas.events import (
    event_places_frame,
    events_frame,
    excerpt_in_context,
    filter_events,
    periods_for,
    section_at,
)
from caucasus_atlas.validate import load_atlas
from tests.conftest import SOURCE_TEXT


@pytest.fixture
def tables(tiny_root):
    atlas = load_atlas(tiny_root)
    return events_frame(atlas.events), event_places_frame(atlas.events)


def test_events_are_sorted_by_date(tables):
    events, _ = tables
    assert list(events.index) == ["e-road", "e-fire", "e-denial", "e-nowhere"]


def test_event_places_keep_roles(tables):
    _, links = tables
    rows = links[links["event_id"] == "e-denial"][["place_id", "role"]].values.tolist()
    assert rows == [["eastshire", "at"], ["alpha", "about"]]


@pytest.mark.parametrize(
    ("start", "end", "topics", "expected"),
    [
        (None, None, None, {"e-road", "e-fire", "e-denial", "e-nowhere"}),
        (dt.date(2021, 5, 1), dt.date(2021, 5, 31), None, {"e-fire", "e-denial", "e-nowhere"}),
        # a span is kept when any of its days is in range: e-denial runs 1-3 May
        (dt.date(2021, 5, 3), dt.date(2021, 5, 9), None, {"e-denial"}),
        (dt.date(2021, 5, 4), dt.date(2021, 5, 9), None, set()),
        (None, None, ["regional"], {"e-road", "e-nowhere"}),
        (dt.date(1994, 6, 1), dt.date(1994, 6, 1), ["regional"], {"e-road"}),
        (None, None, [], set()),
    ],
)
def test_filter_by_date_overlap_and_topic(tables, start, end, topics, expected):
    events, _ = tables
    assert set(filter_events(events, start=start, end=end, topics=topics).index) == expected


def test_periods_start_with_the_bulletins_month_and_reach_everything():
    periods = periods_for(dt.date(1994, 1, 1), dt.date(2021, 5, 31))
    assert next(iter(periods.values())) == (dt.date(2021, 5, 1), dt.date(2021, 5, 31))
    assert list(periods.values())[-1] == (dt.date(1994, 1, 1), dt.date(2021, 5, 31))


def test_periods_are_clipped_to_the_data():
    periods = periods_for(dt.date(1994, 1, 1), dt.date(1994, 12, 31))
    assert list(periods.values()) == [(dt.date(1994, 1, 1), dt.date(1994, 12, 31))]


def test_section_at_finds_the_enclosing_heading():
    offset = SOURCE_TEXT.index("A road")
    assert section_at(SOURCE_TEXT, offset) == "II. Roads"
    assert section_at(SOURCE_TEXT, SOURCE_TEXT.index("soldiers")) == "I. Border things"


def test_excerpt_in_context_cuts_at_words():
    start = SOURCE_TEXT.index("The ministry")
    end = SOURCE_TEXT.index("shooting.") + len("shooting.")
    context = excerpt_in_context(SOURCE_TEXT, start, end, chars=20)
    assert context.excerpt == "The ministry in Beta denied any shooting."
    assert context.before.startswith("…") and context.before.endswith("village. ")
    assert context.after.endswith("…")
    assert context.section == "I. Border things"
