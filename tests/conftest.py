"""Shared fixtures: a tiny hand-made data root whose every value is worked out here, and the real one."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from caucasus_atlas import settings
from caucasus_atlas.models import find_excerpt

SOURCE_TEXT = """# TEST BULLETIN

## I. Border things

On 1 May, soldiers fired near Alpha village. The ministry in Beta denied any shooting.

## II. Roads

A road from Alpha to Gamma was opened in 1994. Nobody says where the meeting was.
"""

#: Two 0.5-degree squares side by side: "Westshire" (AZ) and "Eastshire" (AM).
ADMIN1 = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"adm1_code": "AZE-T1", "name_en": "Westshire", "iso_a2": "AZ"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[46, 40], [46.5, 40], [46.5, 40.5], [46, 40.5], [46, 40]]],
            },
        },
        {
            "type": "Feature",
            "properties": {"adm1_code": "ARM-T2", "name_en": "Eastshire", "iso_a2": "AM"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[45.5, 40], [46, 40], [46, 40.5], [45.5, 40.5], [45.5, 40]]],
            },
        },
    ],
}
ADMIN0 = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"ADM0_A3": "AZE", "NAME": "Testland"},
            "geometry": {"type": "Polygon", "coordinates": [[[45, 39], [47, 39], [47, 41], [45, 41], [45, 39]]]},
        }
    ],
}


def _excerpt(text: str) -> dict[str, Any]:
    start, end = find_excerpt(SOURCE_TEXT, text)
    return {"excerpt": text, "source_start": start, "source_end": end}


SOURCES = [
    {
        "id": "test-src",
        "title": "Test bulletin",
        "publisher": "Test publisher",
        "date": "2021-05",
        "language": "en",
        "path": "doc.txt",
        "sha256": hashlib.sha256(SOURCE_TEXT.encode()).hexdigest(),
    }
]
PLACES = [
    {
        "id": "alpha",
        "name": "Alpha",
        "alt_names": ["Alfa"],
        "kind": "settlement",
        "country": "AZ",
        "point": [46.25, 40.25],
        "geo_precision": 1,
        "coord_source": "hand-made test point",
    },
    {
        "id": "eastshire",
        "name": "Eastshire",
        "kind": "district",
        "country": "AM",
        "adm1": "ARM-T2",
        "geo_precision": 3,
        "coord_source": "test admin-1 ARM-T2",
    },
    {
        "id": "road",
        "name": "Alpha-Gamma road",
        "kind": "corridor",
        "country": "AZ",
        "line": [[46.1, 40.1], [46.4, 40.4]],
        "geo_precision": 2,
        "coord_source": "hand-made test line",
    },
]
EVENTS = [
    {
        "id": "e-fire",
        "source": "test-src",
        "date_start": "2021-05-01",
        "date_end": "2021-05-01",
        "time_precision": 1,
        "topic": "border",
        "event_type": "armed_incident",
        "sub_event_type": "exchange_of_fire",
        "actors": ["Soldiers"],
        "claimed_by": "France – Test claimant",
        "stance": "asserts",
        "places": [{"place": "alpha", "role": "at"}],
        "fatalities": 0,
        "summary": "Soldiers fire near Alpha.",
        **_excerpt("On 1 May, soldiers fired near Alpha village."),
    },
    {
        "id": "e-denial",
        "source": "test-src",
        "date_start": "2021-05-01",
        "date_end": "2021-05-03",
        "time_precision": 2,
        "topic": "border",
        "event_type": "statement",
        "sub_event_type": "denial",
        "actors": ["Ministry"],
        "claimed_by": "Russia – Test ministry",
        "stance": "denies",
        "responds_to": "e-fire",
        "places": [{"place": "eastshire", "role": "at"}, {"place": "alpha", "role": "about"}],
        "summary": "The ministry denies the shooting.",
        **_excerpt("The ministry in Beta denied any shooting."),
    },
    {
        "id": "e-road",
        "source": "test-src",
        "date_start": "1994-01-01",
        "date_end": "1994-12-31",
        "time_precision": 4,
        "topic": "regional",
        "event_type": "construction",
        "sub_event_type": "completed",
        "actors": ["Builders"],
        "claimed_by": "France – Test publisher",
        "stance": "asserts",
        "places": [{"place": "road", "role": "at"}],
        "summary": "A road opens.",
        **_excerpt("A road from Alpha to Gamma was opened in 1994."),
    },
    {
        "id": "e-nowhere",
        "source": "test-src",
        "date_start": "2021-05-10",
        "date_end": "2021-05-10",
        "time_precision": 1,
        "topic": "regional",
        "event_type": "meeting",
        "sub_event_type": "bilateral_meeting",
        "actors": ["Somebody"],
        "claimed_by": "France – Test publisher",
        "stance": "asserts",
        "summary": "A meeting with no place.",
        **_excerpt("Nobody says where the meeting was."),
    },
]

Mutator = Callable[[dict[str, Any]], None]


def write_root(root: Path, mutate: Mutator | None = None) -> Path:
    """Write the tiny data set under ``root``; ``mutate`` may change the records first.

    ``mutate`` receives ``{"sources": [...], "places": [...], "events": [...]}`` (deep copies) and
    changes them in place; the text of the source document stays as above.
    """
    data = copy.deepcopy({"sources": SOURCES, "places": PLACES, "events": EVENTS})
    if mutate:
        mutate(data)
    (root / "geodata" / "boundaries").mkdir(parents=True, exist_ok=True)
    (root / "events" / "sources").mkdir(parents=True, exist_ok=True)
    (root / settings.ADMIN1_FILE).write_text(json.dumps(ADMIN1))
    (root / settings.ADMIN0_FILE).write_text(json.dumps(ADMIN0))
    (root / "events" / "sources" / "doc.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    (root / settings.SOURCES_FILE).write_text(yaml.safe_dump(data["sources"], allow_unicode=True))
    (root / settings.PLACES_FILE).write_text(yaml.safe_dump(data["places"], allow_unicode=True))
    (root / "events" / "test.yaml").write_text(yaml.safe_dump(data["events"], allow_unicode=True, sort_keys=False))
    return root


@pytest.fixture
def tiny_root(tmp_path: Path) -> Path:
    """A valid tiny data root: 1 source, 3 places (point, district polygon, line), 4 events."""
    return write_root(tmp_path)


@pytest.fixture
def make_root(tmp_path: Path) -> Callable[[Mutator], Path]:
    """Build a tiny data root after applying a change to its records (to break one rule at a time)."""
    return lambda mutate: write_root(tmp_path, mutate)


@pytest.fixture(scope="session")
def real_root() -> Path:
    """The project's own data."""
    return settings.PROJECT_ROOT


@pytest.fixture(scope="session")
def atlas():
    """The project's own data, loaded once for the tests that draft from it (they only read it)."""
    from caucasus_atlas.validate import load_atlas

    return load_atlas(settings.PROJECT_ROOT)
