"""Page data: search, threads, histogram, timeline, construction status, the source reader, border districts."""

import datetime as dt

import pytest

from caucasus_atlas.events import (
    claim_threads,
    event_places_frame,
    events_frame,
    events_with_place_kinds,
    filter_events,
    fold,
    search_events,
)
from caucasus_atlas.gazetteer import places_frame
from caucasus_atlas.validate import load_atlas
from caucasus_atlas.views import (
    border_districts,
    construction_status,
    histogram,
    reader_sections,
    timeline_groups,
    timeline_spans,
)
from tests.conftest import SOURCE_TEXT


@pytest.fixture
def tables(tiny_root):
    atlas = load_atlas(tiny_root)
    return atlas, events_frame(atlas.events), event_places_frame(atlas.events), places_frame(atlas.places, None)


def test_search_matches_words_and_alternative_place_names(tables):
    _, events, links, places = tables
    assert search_events(events, links, places, "alfa") == {"e-fire", "e-denial"}  # Alpha's alt name
    assert search_events(events, links, places, "ministry denied") == {"e-denial"}
    assert search_events(events, links, places, "") == set(events.index)
    assert search_events(events, links, places, "nowhere-at-all") == set()


def test_fold_ignores_case_and_accents():
    assert fold("QARAGÖL") == fold("qaragol")


def test_more_filters(tables):
    _, events, links, places = tables
    assert set(filter_events(events, event_types=["statement"]).index) == {"e-denial"}
    assert set(filter_events(events, actors=["Ministry", "Builders"]).index) == {"e-denial", "e-road"}
    assert set(filter_events(events, claimants=["France – Test claimant"]).index) == {"e-fire"}
    assert set(filter_events(events, event_ids=["e-road"]).index) == {"e-road"}
    assert events_with_place_kinds(links, places, ["corridor"]) == {"e-road"}


def test_claim_threads_start_at_the_claim(tables):
    _, events, *_ = tables
    assert claim_threads(events) == [["e-fire", "e-denial"]]


def test_histogram_counts_per_week_and_topic(tables):
    _, events, *_ = tables
    bars = histogram(events)
    assert int(bars["events"].sum()) == 4
    may = bars[bars["week"] == "2021-04-26"]  # 1 May 2021 was a Saturday
    assert dict(zip(may["topic"], may["events"], strict=True)) == {"I. Border demarcation and incidents": 2}


def test_timeline_groups_by_the_date_the_source_allows(tables):
    _, events, *_ = tables
    groups = timeline_groups(events, background=True)
    assert [label for label, _ in groups] == ["1994", "2021-05-01", "2021-05-01 – 2021-05-03", "2021-05-10"]
    assert next(label for label, _ in timeline_groups(events, background=False)) == "2021-05-01"
    spans = timeline_spans(events)
    road = spans[spans["event"] == "e-road"].iloc[0]
    assert (road["end"] - road["start"]).days == 365 and road["precision"] == "longer span"


def test_construction_status(tables):
    _, events, *_ = tables
    status = construction_status(events)
    assert status.loc["e-road", "status"] == "finished"


def test_reader_highlights_every_excerpt(tables):
    _atlas, events, *_ = tables
    sections = dict(reader_sections(SOURCE_TEXT, events))
    border = sections["border"][0]
    highlighted = [s for s in border if s.event_ids]
    assert [s.event_ids for s in highlighted] == [("e-fire",), ("e-denial",)]
    assert "".join(s.text for s in border).startswith("On 1 May")


def test_overlapping_excerpts_merge_into_one_highlight(make_root):
    def mutate(data):
        data["events"][1].update(excerpt=data["events"][0]["excerpt"], source_start=data["events"][0]["source_start"],
                                 source_end=data["events"][0]["source_end"])  # fmt: skip

    atlas = load_atlas(make_root(mutate))
    spans = dict(reader_sections(SOURCE_TEXT, events_frame(atlas.events)))["border"][0]
    assert [s.event_ids for s in spans if s.event_ids] == [("e-denial", "e-fire")]


def test_border_districts_touch_the_border(real_root):
    atlas = load_atlas(real_root)
    names = set(border_districts(atlas.admin1, atlas.admin0)["name_en"])
    assert {"Lachin", "Kalbajar", "Syunik", "Gegharkunik", "Babek", "Qazakh"} <= names
    assert "Baku city" not in names


def test_dates_of_background_are_kept(tables):
    _, events, *_ = tables
    assert filter_events(events, start=dt.date(1994, 6, 1), end=dt.date(1994, 6, 2)).index.tolist() == ["e-road"]


def test_border_districts_without_both_countries_is_empty(tiny_root):
    atlas = load_atlas(tiny_root)  # its outlines hold only Azerbaijan
    assert border_districts(atlas.admin1, atlas.admin0).empty
