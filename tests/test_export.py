"""Exports in ACLED's columns and as GeoJSON."""

import csv
import io
import json

import pytest

from caucasus_atlas.events import event_places_frame, events_frame
from caucasus_atlas.export import (
    EVENT_CSV_COLUMNS,
    PLACE_CSV_COLUMNS,
    events_csv,
    events_geojson,
    places_csv,
    places_geojson,
)
from caucasus_atlas.gazetteer import places_frame
from caucasus_atlas.validate import load_atlas


@pytest.fixture
def frames(tiny_root):
    atlas = load_atlas(tiny_root)
    places = places_frame(atlas.places, atlas.admin1)
    return events_frame(atlas.events), event_places_frame(atlas.events), places, atlas.sources


def test_events_csv_has_acled_columns_and_one_row_per_event_and_place(frames):
    rows = list(csv.DictReader(io.StringIO(events_csv(*frames))))
    assert list(rows[0]) == EVENT_CSV_COLUMNS
    keys = [(r["event_id_cnty"], r["place_id"]) for r in rows]
    assert keys == [
        ("e-road", "road"),
        ("e-fire", "alpha"),
        ("e-denial", "eastshire"),
        ("e-denial", "alpha"),
        ("e-nowhere", ""),
    ]
    fire = rows[1]
    assert fire["event_date"] == "2021-05-01" and fire["year"] == "2021" and fire["time_precision"] == "1"
    assert (fire["latitude"], fire["longitude"], fire["admin1"]) == ("40.25", "46.25", "Westshire")
    assert fire["excerpt"] == "On 1 May, soldiers fired near Alpha village."
    assert fire["claimed_by"] == "Test claimant" and fire["source"] == "Test publisher"
    assert fire["tags"] == "place_role=at; stance=asserts"
    assert rows[3]["tags"] == "place_role=about; stance=denies"


def test_events_geojson_is_valid_and_keeps_unplaced_events(frames):
    data = json.loads(events_geojson(*frames))
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 5
    nowhere = [f for f in data["features"] if f["properties"]["event_id_cnty"] == "e-nowhere"]
    assert nowhere[0]["geometry"] is None
    assert {f["geometry"]["type"] for f in data["features"] if f["geometry"]} == {"Point", "Polygon", "LineString"}


def test_places_csv_and_geojson(frames):
    places = frames[2]
    rows = list(csv.DictReader(io.StringIO(places_csv(places))))
    assert list(rows[0]) == PLACE_CSV_COLUMNS
    assert rows[0]["place_id"] == "alpha" and rows[0]["alt_names"] == "Alfa"
    data = json.loads(places_geojson(places))
    assert [f["properties"]["place_id"] for f in data["features"]] == ["alpha", "eastshire", "road"]


def test_cells_a_spreadsheet_would_run_are_defused(make_root):
    import csv
    import io

    from caucasus_atlas import export
    from caucasus_atlas.events import event_places_frame, events_frame
    from caucasus_atlas.gazetteer import places_frame
    from caucasus_atlas.validate import load_atlas

    def mutate(data):
        data["events"][0]["summary"] = "=cmd|' /C calc'!A0"
        data["events"][0]["claimed_by"] = "+SUM(1,2)"
        data["places"][0]["name"] = '@HYPERLINK("http://x")'
        data["places"][0]["point"] = [46.25, 40.25]

    atlas = load_atlas(make_root(mutate))
    places = places_frame(atlas.places, atlas.admin1)
    text = export.events_csv(events_frame(atlas.events), event_places_frame(atlas.events), places, atlas.sources)
    rows = {r["event_id_cnty"] + "@" + r["place_id"]: r for r in csv.DictReader(io.StringIO(text))}
    fire = rows["e-fire@alpha"]
    assert fire["notes"] == "'=cmd|' /C calc'!A0"
    assert fire["claimed_by"] == "'+SUM(1,2)"
    assert fire["location"] == '\'@HYPERLINK("http://x")'
    assert fire["latitude"] == "40.25"
    gazetteer = list(csv.DictReader(io.StringIO(export.places_csv(places))))
    assert gazetteer[0]["name"] == '\'@HYPERLINK("http://x")'
