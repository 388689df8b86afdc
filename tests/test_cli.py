"""The command line: validate, export."""

import csv
import io
import json

from caucasus_atlas.__main__ import main
from caucasus_atlas.export import EVENT_CSV_COLUMNS
from tests.test_validate import _set


def test_validate_ok(tiny_root, capsys):
    assert main(["--data", str(tiny_root), "validate"]) == 0
    assert capsys.readouterr().out.startswith("ok: 1 source(s), 3 places, 4 events")


def test_validate_broken_prints_one_line_per_problem(make_root, capsys):
    root = make_root(_set("event", "e-road", "date_end", "1993-01-01"))
    assert main(["--data", str(root), "validate"]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [
        "events/test.yaml: e-road: date_end: is before date_start (got 1993-01-01, expected 1994-01-01 or later)"
    ]


def test_data_root_from_environment(tiny_root, monkeypatch, capsys):
    monkeypatch.setenv("CAUCASUS_ATLAS_DATA", str(tiny_root))
    assert main(["validate"]) == 0
    assert "4 events" in capsys.readouterr().out


def test_export_events_csv_to_stdout(tiny_root, capsys):
    assert main(["--data", str(tiny_root), "export", "events"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == EVENT_CSV_COLUMNS
    assert len(rows) == 5  # a header and one row per event


def test_export_places_geojson_to_file(tiny_root, tmp_path):
    out = tmp_path / "places.geojson"
    assert main(["--data", str(tiny_root), "export", "places", "--format", "geojson", "-o", str(out)]) == 0
    assert len(json.loads(out.read_text())["features"]) == 3
