"""Records and the excerpt locator."""

import datetime as dt

import pytest
from shapely import Point

from caucasus_atlas.models import Event, find_excerpt, normalise_whitespace


@pytest.mark.parametrize(
    ("text", "excerpt", "expected"),
    [
        ("One  two\nthree.", "two three", (5, 14)),
        ("a b\n\nc d", "b c", (2, 6)),
        ("price \\$2 (approx.)", "\\$2 (approx.)", (6, 19)),
        ("abc", "abd", None),
        ("abc", "   ", None),
    ],
)
def test_find_excerpt_matches_across_line_breaks(text, excerpt, expected):
    assert find_excerpt(text, excerpt) == expected


def test_normalise_whitespace():
    assert normalise_whitespace("  a\n\n b\tc ") == "a b c"


def _event(start, end, precision):
    return Event(
        id="x", source="s", date_start=start, date_end=end, time_precision=precision, topic="border",
        event_type="statement", sub_event_type="claim", actors=("A",), claimed_by="A", stance="asserts",
        summary="s", excerpt="e", source_start=0, source_end=1,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("start", "end", "precision", "label"),
    [
        (dt.date(2021, 5, 12), dt.date(2021, 5, 12), 1, "2021-05-12"),
        (dt.date(2021, 5, 27), dt.date(2021, 5, 28), 2, "2021-05-27 – 2021-05-28"),
        (dt.date(2021, 5, 1), dt.date(2021, 5, 31), 3, "May 2021"),
        (dt.date(1994, 1, 1), dt.date(1994, 12, 31), 4, "1994"),
        (dt.date(1991, 1, 1), dt.date(1994, 12, 31), 4, "1991–1994"),
    ],
)
def test_date_label_never_shows_a_false_day(start, end, precision, label):
    assert _event(start, end, precision).date_label == label


def test_place_precision_label():
    from caucasus_atlas.models import Place

    place = Place("p", "P", (), "settlement", "AZ", Point(47, 40), 2, "test")
    assert place.precision_label == "near / part of an area"
