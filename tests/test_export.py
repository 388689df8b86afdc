"""Exports in ACLED's columns and as GeoJSON."""

import csv
import io
import json

import pytest

from caucasus_atlas.export import (
    EVENT_COLUMN_DOCS,
    EVENT_CSV_COLUMNS,
    EVENT_PLACE_COLUMNS,
    PLACE_CSV_COLUMNS,
    event_places_csv,
    events_csv,
    events_geojson,
    places_csv,
    places_geojson,
)
from caucasus_atlas.tables import tables
from caucasus_atlas.validate import load_atlas


@pytest.fixture
def frames(tiny_root):
    atlas = load_atlas(tiny_root)
    t = tables(atlas)
    return t.events, t.event_places, t.places, atlas.sources


def test_events_csv_has_one_row_per_event_at_its_primary_place(frames):
    rows = list(csv.DictReader(io.StringIO(events_csv(*frames))))
    assert list(rows[0]) == EVENT_CSV_COLUMNS
    keys = [(r["event_id_cnty"], r["place_id"], r["other_places"]) for r in rows]
    assert keys == [
        ("e-road", "road", ""),
        ("e-fire", "alpha", ""),
        ("e-denial", "alpha", "eastshire (at)"),  # a statement: what it concerns, never where it was made
        ("e-nowhere", "", ""),
    ]
    fire = rows[1]
    assert fire["event_date"] == "2021-05-01" and fire["year"] == "2021" and fire["time_precision"] == "1"
    assert (fire["latitude"], fire["longitude"], fire["admin1"]) == ("40.25", "46.25", "Westshire")
    assert (fire["country"], fire["iso"]) == ("Azerbaijan", "31")
    assert (fire["disorder_type"], fire["event_type"], fire["sub_event_type"]) == (
        "Political violence", "Battles", "Armed clash",
    )  # fmt: skip
    assert (fire["atlas_event_type"], fire["atlas_sub_event_type"]) == ("armed_incident", "exchange_of_fire")
    assert fire["excerpt"] == "On 1 May, soldiers fired near Alpha village."
    assert fire["claimed_by"] == "France – Test claimant" and fire["source"] == "Test publisher"
    assert fire["tags"] == "place_role=at; stance=asserts"
    assert (fire["inter1"], fire["interaction"], fire["region"], fire["source_scale"]) == (
        "", "", "Caucasus and Central Asia", "International",  # "Test claimant" is a third party
    )  # fmt: skip
    denial = rows[2]
    assert (denial["event_type"], denial["sub_event_type"]) == ("Strategic developments", "Other")
    assert (denial["location"], denial["place_role"], denial["statement_venue"]) == ("Alpha", "about", "Eastshire")
    assert (denial["stance"], denial["responds_to"], denial["country"]) == ("denies", "e-fire", "Azerbaijan")


def test_the_event_place_table_has_every_place(frames):
    rows = list(csv.DictReader(io.StringIO(event_places_csv(frames[0], frames[1], frames[2]))))
    assert list(rows[0]) == EVENT_PLACE_COLUMNS
    assert [(r["event_id"], r["place_id"], r["role"]) for r in rows] == [
        ("e-fire", "alpha", "at"), ("e-denial", "eastshire", "at"), ("e-denial", "alpha", "about"),
        ("e-road", "road", "at"),
    ]  # fmt: skip


def test_events_geojson_writes_numbers_as_numbers(frames, tmp_path):
    import geopandas as gpd

    text = events_geojson(*frames)
    data = json.loads(text)
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 4
    nowhere = [f for f in data["features"] if f["properties"]["event_id_cnty"] == "e-nowhere"]
    assert nowhere[0]["geometry"] is None and nowhere[0]["properties"]["latitude"] is None
    assert {f["geometry"]["type"] for f in data["features"] if f["geometry"]} == {"Point", "LineString"}
    path = tmp_path / "events.geojson"
    path.write_text(text, encoding="utf-8")
    frame = gpd.read_file(path)
    for column in ("latitude", "longitude", "fatalities", "time_precision", "iso", "source_start"):
        assert frame[column].dtype.kind in "if", (column, frame[column].dtype)


def test_every_column_is_documented_on_the_data_page():
    assert all(EVENT_COLUMN_DOCS[c] for c in EVENT_CSV_COLUMNS)


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
    from caucasus_atlas.validate import load_atlas

    def mutate(data):
        data["events"][0]["summary"] = "=cmd|' /C calc'!A0"
        data["events"][0]["actors"] = ["+SUM(1,2)"]  # claimed_by starts with its party's name: it cannot
        data["places"][0]["name"] = '@HYPERLINK("http://x")'
        data["places"][0]["point"] = [46.25, 40.25]

    atlas = load_atlas(make_root(mutate))
    t = tables(atlas)
    text = export.events_csv(t.events, t.event_places, t.places, atlas.sources)
    rows = {r["event_id_cnty"] + "@" + r["place_id"]: r for r in csv.DictReader(io.StringIO(text))}
    fire = rows["e-fire@alpha"]
    assert fire["notes"] == "'=cmd|' /C calc'!A0"
    assert fire["actor1"] == "'+SUM(1,2)"
    assert fire["location"] == '\'@HYPERLINK("http://x")'
    assert fire["latitude"] == "40.25"
    gazetteer = list(csv.DictReader(io.StringIO(export.places_csv(t.places))))
    assert gazetteer[0]["name"] == '\'@HYPERLINK("http://x")'
