"""ACLED and UCDP imports: every usable row kept, every other row reported, nothing lost or doubled."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from caucasus_atlas.__main__ import main
from caucasus_atlas.imports import ImportRefused, import_file, load_imports, read_acled, read_ucdp
from tests.import_fixtures import (
    ACLED_BROKEN,
    FORMULA,
    UCDP_BROKEN,
    acled_csv,
    acled_minimal_csv,
    ucdp_csv,
)


def test_an_acled_export_with_a_bom_and_both_date_formats(tmp_path):
    events, problems, rows = read_acled(acled_csv(tmp_path / "acled.csv"))
    assert rows == 2000
    # a problem names the spreadsheet's line (the header is line 1: data row n is line n + 1)
    assert [(p.row, p.column) for p in problems] == [(n + 1, c) for n, (c, _) in sorted(ACLED_BROKEN.items())]
    assert len(events) == 2000 - len(ACLED_BROKEN)
    first, second = events.iloc[0], events.iloc[1]  # row 1 has an ISO date, row 2 "27 May 2021"
    assert isinstance(first["date_start"], pd.Timestamp) and isinstance(second["date_start"], pd.Timestamp)
    assert events["dataset_id"].iloc[0] == "AZE00001"  # the byte-order mark is not part of the first header
    assert events.loc[events["dataset_id"] == "AZE00003", "excerpt"].item() == FORMULA


def test_acled_row_problems_name_row_column_value_and_reason(tmp_path):
    _, problems, _ = read_acled(acled_csv(tmp_path / "acled.csv"))
    assert [str(p) for p in problems] == [
        "line 8 (AZE00007): event_date: is not a date (expected 2021-05-27 or 27 May 2021) (got '2021-02-30')",
        "line 20 (AZE00019): latitude: is not a latitude (expected a number from -90 to 90) (got 'forty')",
        "line 24 (AZE00023): longitude: is not a longitude (expected a number from -180 to 180) (got '181')",
        "line 43: event_id_cnty: is empty (expected the dataset's event id) (got '')",
        "line 78 (AZE00077): time_precision: is not 1, 2 or 3 (got '9')",
        "line 102 (AZE00101): fatalities: is not a count (expected a whole number from 0 to 2147483647) (got '-3')",
    ]


def test_missing_optional_columns_are_tolerated(tmp_path):
    events, problems, rows = read_acled(acled_minimal_csv(tmp_path / "min.csv"))
    assert (rows, problems, len(events)) == (3, [], 3)
    assert list(events["time_precision"]) == [1, 1, 1]
    assert list(events["date_start"].dt.day) == [12, 13, 14]


def test_a_file_without_the_needed_columns_is_refused_whole(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(ImportRefused, match=r"other.csv is not a ACLED file: it lacks the column\(s\) event_id_cnty"):
        read_acled(path)


def test_a_ucdp_file(tmp_path):
    events, problems, rows = read_ucdp(ucdp_csv(tmp_path / "ged.csv"))
    assert rows == 1000
    assert [(p.row, p.column) for p in problems] == [(n + 1, c) for n, (c, _) in sorted(UCDP_BROKEN.items())]
    assert len(events) == 1000 - len(UCDP_BROKEN)
    assert set(events["event_type"]) == {"State-based conflict"}
    assert (events["date_end"] >= events["date_start"]).all()
    assert events["excerpt"].iloc[0] == "Made-up headline 1"


def test_an_import_is_stored_registered_and_never_doubled(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    source = acled_csv(tmp_path / "ACLED export.csv", rows=300)
    result = import_file(root, "acled", source)
    assert (result.name, result.rows, result.kept) == ("acled-export", 300, 300 - len(ACLED_BROKEN))
    events, registry, problems = load_imports(root)
    assert problems == []
    assert len(events) == result.kept and events["id"].iloc[0] == "acled-export:AZE00001"
    assert registry[0]["sha256"] and registry[0]["rows"] == 300 and "redistribution" in registry[0]["licence"]

    again = import_file(root, "acled", source)
    assert again.already == "acled-export"
    assert len(load_imports(root)[0]) == result.kept

    other = acled_csv(tmp_path / "other.csv", rows=10, seed=1)
    with pytest.raises(ImportRefused, match="exists already"):
        import_file(root, "acled", other, name="acled-export")
    import_file(root, "ucdp", ucdp_csv(tmp_path / "ged.csv", rows=50), name="ged")
    events, registry, _ = load_imports(root)
    assert [r["name"] for r in registry] == ["acled-export", "ged"]
    assert len(events) == result.kept + 50 - len(UCDP_BROKEN)


def test_the_command_reports_each_skipped_row(tmp_path, capsys):
    root = tmp_path / "root"
    root.mkdir()
    source = acled_csv(tmp_path / "acled.csv", rows=120)
    assert main(["--data", str(root), "import", "acled", str(source), "--name", "mine"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        out[0]
        == "acled.csv: skipped line 8 (AZE00007): event_date: is not a date (expected 2021-05-27 or 27 May 2021) "
        "(got '2021-02-30')"
    )
    assert out[-1].startswith("imported 114 of 120 rows from acled.csv as 'mine' (ACLED; 6 skipped)")
    assert main(["--data", str(root), "import", "acled", str(source)]) == 0
    assert "already imported as 'mine'" in capsys.readouterr().out


def test_a_broken_import_file_is_reported_not_loaded(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    import_file(root, "acled", acled_minimal_csv(tmp_path / "a.csv"), name="a")
    (root / "imports" / "a.parquet").write_bytes(b"not parquet")
    (root / "imports" / "stray.parquet").write_bytes(b"x")
    events, _, problems = load_imports(root)
    assert len(events) == 0
    assert [p[:3] for p in problems] == [("imports/a.parquet", "-", "-"), ("imports/stray.parquet", "-", "-")]
    assert problems[0][3].startswith("cannot be read as an import")


def test_imported_events_join_the_export_and_formula_cells_are_defused(tiny_root, tmp_path, capsys):
    import csv
    import io

    import_file(tiny_root, "acled", acled_csv(tmp_path / "acled.csv", rows=40), name="mine")
    assert main(["--data", str(tiny_root), "export", "events"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    mine = [r for r in rows if r["source_id"] == "mine"]
    assert len(mine) == 40 - 3  # rows 7, 19 and 23 are broken
    third = next(r for r in mine if r["event_id_cnty"] == "mine:AZE00003")
    assert third["notes"] == "'" + FORMULA and third["claimed_by"] == "ACLED"
    assert "excerpt=the dataset's paraphrase" in third["tags"]
    curated = [r for r in rows if r["source_id"] == "test-src"]
    assert curated and all(r["nearby_independent"].isdigit() for r in curated)


def test_validate_counts_imports_and_reports_a_broken_one(tiny_root, tmp_path, capsys):
    import_file(tiny_root, "ucdp", ucdp_csv(tmp_path / "ged.csv", rows=20), name="ged")
    assert main(["--data", str(tiny_root), "validate"]) == 0
    assert "17 imported events in 1 import(s)" in capsys.readouterr().out
    (tiny_root / "imports" / "ged.parquet").unlink()
    assert main(["--data", str(tiny_root), "validate"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "imports/ged.parquet: -: -: file is missing (imports/imports.yaml lists it)"
    ]


@pytest.mark.parametrize("page", ["home.py", "data_export.py", "incidents_map.py", "border_demarcation.py"])
def test_pages_open_with_imports(tiny_root, tmp_path, monkeypatch, page):
    from streamlit.testing.v1 import AppTest

    from caucasus_atlas import settings

    import_file(tiny_root, "acled", acled_csv(tmp_path / "acled.csv", rows=200), name="mine")
    monkeypatch.setenv(settings.DATA_ENV_VAR, str(tiny_root))
    at = AppTest.from_file(str(settings.PROJECT_ROOT / "pages" / page), default_timeout=60).run()
    assert not at.exception, at.exception
    assert at.multiselect(key="datasets").value == ["mine"]
    assert at.number_input(key="near_km").value == 25.0


def test_the_server_upload_limit_is_the_import_limit():
    import tomllib

    from caucasus_atlas import settings
    from caucasus_atlas.imports import UPLOAD_MB

    config = tomllib.loads((settings.PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == UPLOAD_MB


def test_the_panel_lists_independent_records_nearby(tiny_root, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from caucasus_atlas import settings

    path = tmp_path / "near.csv"
    path.write_text(
        "event_id_cnty,event_date,latitude,longitude,notes\n"
        "N1,2021-05-02,40.30,46.25,Clash reported 5 km north of Alpha.\n"  # a day after, 5.5 km: nearby
        "N2,2021-05-09,40.25,46.25,A week later at Alpha.\n"  # too late
        "N3,2021-05-01,41.25,46.25,Far away.\n",  # 110 km: too far
        encoding="utf-8",
    )
    import_file(tiny_root, "acled", path, name="near")
    monkeypatch.setenv(settings.DATA_ENV_VAR, str(tiny_root))
    at = AppTest.from_file(str(settings.PROJECT_ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["event"] = "e-fire"
    at.run()
    assert not at.exception, at.exception
    labels = [e.label for e in at.expander]
    assert "Independent records nearby: 1 within 25 km and ±2 days" in labels
    assert any("Clash reported 5 km north of Alpha\\." in m.value for m in at.markdown)
    at.number_input(key="near_days").set_value(10).run()
    assert "Independent records nearby: 2 within 25 km and ±10 days" in [e.label for e in at.expander]


def test_a_broken_registry_refuses_the_import_and_keeps_everything(tiny_root, tmp_path, capsys):
    (tiny_root / "imports").mkdir()
    (tiny_root / "imports" / "imports.yaml").write_text("- name: [unclosed\n")
    assert main(["--data", str(tiny_root), "import", "acled", str(acled_minimal_csv(tmp_path / "a.csv"))]) == 2
    err = capsys.readouterr().err
    assert "imports/imports.yaml is not valid YAML" in err and "Traceback" not in err
    assert (tiny_root / "imports" / "imports.yaml").read_text() == "- name: [unclosed\n"


def _write_acled(path, lines):
    path.write_text("event_id_cnty,event_date,latitude,longitude,time_precision,fatalities,notes\n" + lines)
    return path


def test_values_the_atlas_cannot_hold_are_reported_rows_never_changed_silently(tmp_path):
    path = _write_acled(
        tmp_path / "odd.csv",
        "A1,1600-01-01,40.1,45.1,1,0,too early\n"
        "A2,2262-04-11,40.1,45.1,1,0,too late\n"
        "A3,1678-01-01,40.1,45.1,1,0,before 1700\n"
        "A4,2021-05-01,40.1,45.1,x,0,bad precision\n"
        "A5,2021-05-01,40.1,45.1,1,many,bad count\n"
        "A6,2021-05-01,40.1,45.1,1,3000000000,too many\n"
        "A7,2021-05-01,40.1,45.1,,,empty precision and count: the defaults\n",
    )
    events, problems, rows = read_acled(path)
    assert rows == 7 and list(events["dataset_id"]) == ["A7"]
    assert [str(p) for p in problems] == [
        "line 2 (A1): event_date: is outside the dates the atlas can show (expected 1700 to 2199) (got '1600-01-01')",
        "line 3 (A2): event_date: is outside the dates the atlas can show (expected 1700 to 2199) (got '2262-04-11')",
        "line 4 (A3): event_date: is outside the dates the atlas can show (expected 1700 to 2199) (got '1678-01-01')",
        "line 5 (A4): time_precision: is not 1, 2 or 3 (got 'x')",
        "line 6 (A5): fatalities: is not a count (expected a whole number from 0 to 2147483647) (got 'many')",
        "line 7 (A6): fatalities: is not a count (expected a whole number from 0 to 2147483647) (got '3000000000')",
    ]
    assert events["time_precision"].tolist() == [1] and events["fatalities"].isna().all()


def test_a_good_row_is_kept_when_an_earlier_bad_row_had_its_id(tmp_path):
    path = _write_acled(tmp_path / "dup.csv", "A1,not a date,40.1,45.1,1,0,bad\nA1,2021-05-02,40.1,45.1,1,0,good\n")
    events, problems, _ = read_acled(path)
    assert list(events["excerpt"]) == ["good"] and [p.row for p in problems] == [2]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (
            "event_id_cnty,event_date,latitude,longitude,notes\nA1,2021-05-01,40,45,Гюмри\n".encode("cp1251"),
            "is not UTF-8 text (byte 0xc3 at position 70 (it looks like a Windows code page",
        ),
        (b"\x1f\x8b\x08\x00rest", "is a gzip archive, not a CSV file: unpack it first"),
        (b"PK\x03\x04rest", "is a zip archive (or a spreadsheet), not a CSV file"),
        (b"", "is empty (expected a header row and events)"),
    ],
)
def test_a_file_in_another_encoding_or_format_is_refused_with_the_reason(tmp_path, data, words):
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    with pytest.raises(ImportRefused, match=re.escape(words)):
        read_acled(path)


def test_a_utf16_export_is_read(tmp_path):
    path = tmp_path / "u16.csv"
    path.write_bytes("event_id_cnty,event_date,latitude,longitude,notes\nA1,2021-05-01,40,45,Гюмри\n".encode("utf-16"))
    events, problems, _ = read_acled(path)
    assert (list(events["excerpt"]), problems) == (["Гюмри"], [])


def test_only_a_regular_file_is_read(tmp_path):
    with pytest.raises(ImportRefused, match="is not a regular file"):
        read_acled(Path("/dev/zero"))
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(ImportRefused, match="is not a regular file"):
        import_file(tmp_path, "acled", fifo)


def _cli_import(root, path, name):
    return subprocess.Popen(
        [sys.executable, "-m", "caucasus_atlas", "--data", str(root), "import", "acled", str(path), "--name", name],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


@pytest.mark.slow  # runs the import command in processes of its own
def test_two_imports_under_one_name_at_once_one_is_stored_the_other_refused(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    first, second = acled_csv(tmp_path / "a.csv", rows=20000, seed=1), acled_csv(tmp_path / "b.csv", rows=15000, seed=2)
    runs = [_cli_import(root, first, "same"), _cli_import(root, second, "same")]
    outcomes = [(run.wait(timeout=120), *run.communicate()) for run in runs]
    codes = sorted(code for code, _, _ in outcomes)
    assert codes == [0, 2], outcomes
    refused = next(err for code, _, err in outcomes if code == 2)
    assert "an import named 'same' exists already" in refused and "Traceback" not in refused
    frame, records, problems = load_imports(root)
    assert problems == [] and [r["name"] for r in records] == ["same"]
    winner = first if outcomes[0][0] == 0 else second
    assert records[0]["file"] == winner.name and len(frame) == records[0]["kept"]


@pytest.mark.slow  # runs the import command in processes of its own
def test_two_imports_under_different_names_at_once_are_both_stored(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    runs = [_cli_import(root, acled_csv(tmp_path / f"{n}.csv", rows=8000, seed=n), f"n{n}") for n in (1, 2)]
    assert [run.wait(timeout=120) for run in runs] == [0, 0]
    frame, records, problems = load_imports(root)
    assert problems == [] and sorted(r["name"] for r in records) == ["n1", "n2"] and len(frame) == 16000 - 12


@pytest.mark.slow  # runs the import command in processes of its own
def test_a_killed_import_leaves_nothing_half_done_and_a_retry_succeeds(tmp_path):
    """kill -9 at several moments of one import: afterwards the import is either whole and registered or
    absent (what it left half-written is reported and removed by the next import), and a retry works."""
    root = tmp_path / "root"
    root.mkdir()
    source = acled_csv(tmp_path / "big.csv", rows=60000, seed=3)
    for delay in (0.3, 0.9, 1.6, 2.4):
        run = _cli_import(root, source, "big")
        time.sleep(delay)
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
        frame, records, problems = load_imports(root)
        if records:  # it finished before the kill: whole and registered
            assert problems == [] and len(frame) == records[0]["kept"]
            break
        assert all("half-written" in p[3] or "is not in imports/imports.yaml" in p[3] for p in problems), problems
    result = import_file(root, "acled", source, name="big")
    frame, records, problems = load_imports(root)
    assert problems == [] and [r["name"] for r in records] == ["big"]
    assert result.already == "big" or result.kept == len(frame) == 60000 - len(ACLED_BROKEN)
    assert not list((root / "imports").glob("*.partial"))


def test_the_command_line_never_overwrites_curated_data_nor_reads_devices(tiny_root, tmp_path, capsys):
    places = tiny_root / "geodata" / "places.yaml"
    before = places.read_bytes()
    assert main(["--data", str(tiny_root), "export", "places", "-o", str(places)]) == 2
    assert "inside the data folder's geodata/, events/ or imports/" in capsys.readouterr().err
    assert places.read_bytes() == before
    assert main(["--data", str(tiny_root), "export", "places", "-o", str(tmp_path / "places.csv")]) == 0
    assert main(["--data", str(tiny_root), "candidates", "/dev/zero", "--published", "2021-05-01"]) == 2
    assert "is not a regular file" in capsys.readouterr().err
    text = tmp_path / "s.txt"
    text.write_text("Yesterday soldiers fired near Alpha.")
    assert main(["--data", str(tiny_root), "candidates", str(text), "--published", "0001-01-01"]) == 2
    assert "outside the dates the atlas can show" in capsys.readouterr().err


@pytest.mark.slow  # 257 imports, about 30 s
def test_the_257th_import_keeps_its_own_name_and_colour_on_the_map(tmp_path):
    """The map's payload names each dot's import by index: the 257th must not wrap onto the first."""
    import base64

    import numpy as np

    from caucasus_atlas.map.imported import IMPORT_COLOURS, Positions, Viewport, view_payload

    csv = acled_minimal_csv(tmp_path / "one.csv")
    for i in range(257):
        csv.write_text(f"event_id_cnty,event_date,latitude,longitude\nE{i},2021-05-12,40.{i:03d},45.6\n")
        import_file(tmp_path, "acled", csv, name=f"import-{i:03d}")
    imported, records, problems = load_imports(tmp_path)
    assert problems == [] and len(records) == 257
    names = [record["name"] for record in records]
    # every event drawn as itself: a view around them at zoom 9
    view = Viewport.around(40.128, 45.6, 9)
    payload = view_payload(Positions.of(imported, names), np.arange(len(imported)), view, names, points_from_zoom=9)
    assert payload["mode"] == "points" and payload["n"] == 257
    codes = np.frombuffer(base64.b64decode(payload["src"]), "<u2")
    rows = np.frombuffer(base64.b64decode(payload["row"]), "<i4")
    shown = [payload["sources"][code]["name"] for code in codes]
    assert shown == imported["source_id"].iloc[rows].tolist()
    last = imported.index.get_loc(imported.index[imported["source_id"] == "import-256"][0])
    assert payload["sources"][codes[list(rows).index(last)]] == {
        "name": "import-256",
        "colour": IMPORT_COLOURS[256 % len(IMPORT_COLOURS)],
    }


def test_downloads_of_an_import_larger_than_a_slice_equal_the_whole(tiny_root, tmp_path, monkeypatch):
    """A large import is written into a download a slice at a time (bounded memory); the file is the same
    as written in one piece: every row once, in order, whole numbers whole, one header."""
    import json

    from caucasus_atlas import export
    from caucasus_atlas.tables import tables
    from caucasus_atlas.validate import load_atlas

    import_file(tiny_root, "acled", acled_csv(tmp_path / "acled.csv", rows=120), name="mine")
    imported, _, _ = load_imports(tiny_root)
    t = tables(load_atlas(tiny_root))
    args = (t.events, t.event_places, t.places, load_atlas(tiny_root).sources)
    whole_csv = export.events_csv(*args, imported=imported)
    whole_geojson = export.events_geojson(*args, imported=imported)
    monkeypatch.setattr(export, "EXPORT_SLICE_ROWS", 7)
    assert export.events_csv(*args, imported=imported) == whole_csv
    assert export.events_geojson(*args, imported=imported) == whole_geojson
    lines = whole_csv.splitlines()
    assert lines[0].startswith("event_id_cnty,") and sum(line.startswith("event_id_cnty,") for line in lines) == 1
    assert sum(line.startswith("mine:") for line in lines) == len(imported) > 100
    features = json.loads(whole_geojson)["features"]
    assert [f["id"] for f in features if f["id"].startswith("mine:")] == imported["id"].tolist()
    assert all(isinstance(f["properties"]["year"], int) for f in features if f["id"].startswith("mine:"))


def test_an_import_reads_its_file_a_chunk_at_a_time_and_stores_what_a_whole_read_gives(tmp_path, monkeypatch):
    """The stored table, the problems and their lines are the same read in chunks of 7 rows (286 of them)
    as read whole; a repeated id is found across chunks; the file holds a row group per chunk."""
    import pyarrow.parquet as pq

    from caucasus_atlas import imports

    export = acled_csv(tmp_path / "acled.csv")
    lines = export.read_text(encoding="utf-8-sig").splitlines()
    lines.append(lines[40])  # row 40's id again, 1,961 rows later: a later chunk
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    events, problems, rows = read_acled(export)
    monkeypatch.setattr(imports, "CHUNK_ROWS", 7)
    result = import_file(tmp_path / "root", "acled", export, name="chunked")
    assert (result.rows, result.kept, result.skipped) == (rows, len(events), len(problems))
    assert (rows, len(problems)) == (2001, len(ACLED_BROKEN) + 1)
    assert result.problems == problems
    assert str(problems[-1]).startswith("line 2002 (AZE00040): event_id_cnty: repeats an earlier row's id")
    assert pq.ParquetFile(result.path).num_row_groups == 286
    stored, _, trouble = load_imports(tmp_path / "root")
    assert trouble == []
    expected = imports.to_store(events, "chunked")
    pd.testing.assert_frame_equal(stored[imports.COLUMNS], pd.DataFrame(expected[imports.COLUMNS]), check_dtype=False)
    import geopandas as gpd

    assert gpd.read_parquet(result.path).crs == "EPSG:4326"  # GeoParquet, as geopandas wrote it before


def test_every_skipped_row_is_counted_and_the_first_ones_listed(tmp_path, monkeypatch, capsys):
    from caucasus_atlas import imports

    monkeypatch.setattr(imports, "MAX_LISTED_PROBLEMS", 2)
    monkeypatch.setattr(imports, "CHUNK_ROWS", 5)
    export = acled_csv(tmp_path / "acled.csv")
    result = import_file(tmp_path / "root", "acled", export, name="counted")
    assert (len(result.problems), result.skipped) == (2, len(ACLED_BROKEN))
    [record] = load_imports(tmp_path / "root")[1]
    assert record["skipped"] == len(ACLED_BROKEN)


def test_a_bad_byte_is_found_wherever_it_lies_and_a_character_across_blocks_is_not_one(tmp_path, monkeypatch):
    from caucasus_atlas import imports

    monkeypatch.setattr(imports, "SCAN_BLOCK", 16)  # every multi-byte character below lies across blocks
    head = "event_id_cnty,event_date,latitude,longitude,notes\n"
    good = head + "".join(f"A{n},2021-05-01,40,45,Гюмри Ջերմուկ\n" for n in range(20))
    path = tmp_path / "x.csv"
    path.write_text(good, encoding="utf-8")
    assert imports.scan(path).encoding == "utf-8-sig"
    data = good.encode() + "A99,2021-05-01,40,45,Гюмри".encode("cp1251") + b"\n"
    path.write_bytes(data)
    at = len(good.encode()) + len("A99,2021-05-01,40,45,")
    with pytest.raises(ImportRefused, match=re.escape(f"is not UTF-8 text (byte 0xc3 at position {at} (it looks")):
        imports.scan(path)


# -- the memory-mapped Arrow file each server process maps instead of reading the import -----------------


def _mapped_files(root: Path) -> list[Path]:
    return sorted((root / "imports" / ".mapped").glob("*.arrow"))


def test_an_import_is_mapped_once_and_read_the_same(tmp_path):
    import pyarrow.parquet as pq

    kept = import_file(tmp_path, "acled", acled_csv(tmp_path / "a.csv", rows=40), name="mine").kept
    first, _, problems = load_imports(tmp_path)
    assert not problems and len(first) == kept > 30
    [mapped] = _mapped_files(tmp_path)
    written = mapped.stat().st_mtime_ns
    again, _, _ = load_imports(tmp_path)  # a second process, or a reload: the same file, not written again
    assert _mapped_files(tmp_path) == [mapped] and mapped.stat().st_mtime_ns == written
    pd.testing.assert_frame_equal(first, again)
    stored = pq.read_table(tmp_path / "imports" / "mine.parquet").to_pandas()
    assert first["excerpt"].tolist() == stored["excerpt"].tolist()
    assert first["fatalities"].dtype == "Int32" and first["latitude"].tolist() == stored["latitude"].tolist()


def test_a_changed_import_is_mapped_afresh_and_the_old_file_goes(tmp_path):
    kept = import_file(tmp_path, "acled", acled_csv(tmp_path / "a.csv", rows=40), name="mine").kept
    load_imports(tmp_path)
    [old] = _mapped_files(tmp_path)
    path = tmp_path / "imports" / "mine.parquet"
    frame = pd.read_parquet(path)
    frame.iloc[:30].to_parquet(path, index=False)
    registry = tmp_path / "imports" / "imports.yaml"
    registry.write_text(registry.read_text().replace(f"kept: {kept}", "kept: 30"))
    loaded, _, problems = load_imports(tmp_path)
    assert not problems and len(loaded) == 30
    [new] = _mapped_files(tmp_path)
    assert new != old and not old.exists()


def test_a_large_import_is_checked_and_mapped_by_a_child_process(tmp_path, monkeypatch):
    import caucasus_atlas.imports as imports

    monkeypatch.setattr(imports, "CHILD_FROM_ROWS", 1)
    kept = import_file(tmp_path, "acled", acled_csv(tmp_path / "a.csv", rows=40), name="mine").kept
    loaded, _, problems = load_imports(tmp_path)
    assert not problems and len(loaded) == kept and len(_mapped_files(tmp_path)) == 1
    # the same file with an id twice: the child says so, nothing is mapped, the import is not loaded
    path = tmp_path / "imports" / "mine.parquet"
    frame = pd.read_parquet(path)
    frame.iloc[[*range(kept), 0]].to_parquet(path, index=False)
    registry = tmp_path / "imports" / "imports.yaml"
    registry.write_text(registry.read_text().replace(f"kept: {kept}", f"kept: {kept + 1}"))
    loaded, _, problems = load_imports(tmp_path)
    assert loaded.empty and problems == [("imports/mine.parquet", "-", "id", "repeats an id")]
    assert len(_mapped_files(tmp_path)) == 1  # the earlier file only: none for the file with the repeat


def test_an_import_whose_arrow_file_cannot_be_written_is_read_as_before(tmp_path):
    """A full disk or a folder that cannot be written to (here: a file where the folder would be)."""
    kept = import_file(tmp_path, "acled", acled_csv(tmp_path / "a.csv", rows=10), name="mine").kept
    (tmp_path / "imports" / ".mapped").write_text("in the way")
    loaded, _, problems = load_imports(tmp_path)
    assert not problems and len(loaded) == kept
    assert loaded["excerpt"].tolist() == pd.read_parquet(tmp_path / "imports" / "mine.parquet")["excerpt"].tolist()


def test_the_maps_positions_are_mapped_files_every_process_shares(tmp_path):
    """The positions a view needs are written once beside the Arrow files, mapped (not copied) by each
    process, and equal what the map would work out; two imports are joined in the registry's order."""
    import numpy as np

    from caucasus_atlas.imports import stored_positions
    from caucasus_atlas.map.imported import Positions

    import_file(tmp_path, "acled", acled_csv(tmp_path / "a.csv", rows=40), name="first")
    _, records, _ = load_imports(tmp_path)
    one = stored_positions(tmp_path, records)
    assert one is not None and all(isinstance(v.base, np.memmap) for v in one.values())  # lies in the file
    written = sorted((tmp_path / "imports" / ".mapped").glob("*.position.*.npy"))
    assert [p.name.split(".")[-2] for p in written] == ["lat", "lon", "mx", "my"]
    times = [p.stat().st_mtime_ns for p in written]
    stored_positions(tmp_path, records)  # another process: mapped, not written again
    assert [p.stat().st_mtime_ns for p in written] == times

    import_file(tmp_path, "acled", acled_csv(tmp_path / "b.csv", rows=30, seed=8), name="second")
    imported, records, problems = load_imports(tmp_path)
    assert not problems and [r["name"] for r in records] == ["first", "second"]
    names = [r["name"] for r in records]
    mapped = Positions.of(imported, names, stored_positions(tmp_path, records))
    worked_out = Positions.of(imported, names)
    for part in ("lat", "lon", "mx", "my", "src"):
        assert getattr(mapped, part).tolist() == getattr(worked_out, part).tolist(), part
    assert set(mapped.src.tolist()) == {0, 1}


def test_positions_that_cannot_be_stored_are_worked_out(tmp_path):
    from caucasus_atlas.imports import stored_positions

    import_file(tmp_path, "acled", acled_csv(tmp_path / "a.csv", rows=10), name="mine")
    (tmp_path / "imports" / ".mapped").write_text("in the way")  # no Arrow file, no positions' files
    _, records, _ = load_imports(tmp_path)
    assert stored_positions(tmp_path, records) is None


def test_the_imports_shown_are_the_ones_chosen(tiny_root, tmp_path):
    """The sidebar's "Show" choice of imports narrows the imported events to those imports' own."""
    import datetime as dt
    from types import SimpleNamespace

    from caucasus_atlas.ui.data import build_frames
    from caucasus_atlas.ui.imported import rows_in_filter

    import_file(tiny_root, "acled", acled_csv(tmp_path / "a.csv", rows=40), name="first")
    import_file(tiny_root, "acled", acled_csv(tmp_path / "b.csv", rows=30, seed=8), name="second")
    data = build_frames(str(tiny_root))

    def shown(*names: str) -> list[str]:
        chosen = SimpleNamespace(
            start=dt.date(2018, 1, 1), end=dt.date(2026, 12, 31), datasets=names, query="",
            imported_datasets=None, imported_types=None, fatalities=None,
        )  # fmt: skip
        return sorted(set(data.imported["source_id"].iloc[rows_in_filter(data, chosen)]))

    assert shown("second") == ["second"]
    assert shown("first") == ["first"]
    assert shown("first", "second") == ["first", "second"]
    assert len(rows_in_filter(data, SimpleNamespace(datasets=()))) == 0
