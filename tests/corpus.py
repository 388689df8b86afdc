"""A corpus of broken data roots: each case breaks the tiny data set one way, on disk.

Each case is ``(name, break_it, lines, loaded)``: ``break_it(root)`` changes the files of a valid tiny
root; ``lines`` are the exact problem lines ``python -m caucasus_atlas validate`` must print (in order);
``loaded`` are the event ids that must still load. ``test_corpus.py`` runs them; a case whose messages
change must be reviewed here, line by line.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

from caucasus_atlas import settings
from tests.conftest import ADMIN0

EVENTS = Path("events/test.yaml")
ALL = ("e-denial", "e-fire", "e-nowhere", "e-road")


def _edit(rel: Path, old: str | bytes, new: str | bytes, count: int = 1) -> Callable[[Path], None]:
    """Replace text in one file of the root (the first ``count`` occurrences; the text must be there)."""

    def break_it(root: Path) -> None:
        path = root / rel
        data = path.read_bytes() if isinstance(old, bytes) else path.read_text(encoding="utf-8")
        assert old in data, f"{old!r} not in {rel}"
        data = data.replace(old, new, count)
        path.write_bytes(data) if isinstance(data, bytes) else path.write_text(data, encoding="utf-8")

    return break_it


def _record(ident: str) -> re.Pattern[str]:
    """A pattern for the YAML text of one top-level record of the tiny events file."""
    return re.compile(rf"^- (?:(?!^- ).)*?id: {re.escape(ident)}\n(?:(?!^- ).)*", re.MULTILINE | re.DOTALL)


def _field(ident: str, line: str, new: str) -> Callable[[Path], None]:
    """Replace one YAML line (e.g. ``"  topic: regional"``) inside the record ``ident`` of the events file."""

    def break_it(root: Path) -> None:
        path = root / EVENTS
        text = path.read_text(encoding="utf-8")
        match = _record(ident).search(text)
        assert match and line in match.group(0), f"{line!r} not in record {ident}"
        block = match.group(0).replace(line, new, 1)
        path.write_text(text[: match.start()] + block + text[match.end() :], encoding="utf-8")

    return break_it


def _write(rel: str, data: str | bytes) -> Callable[[Path], None]:
    def break_it(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data) if isinstance(data, bytes) else path.write_text(data, encoding="utf-8")

    return break_it


def _both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def break_it(root: Path) -> None:
        for step in steps:
            step(root)

    return break_it


def _remove(rel: str) -> Callable[[Path], None]:
    return lambda root: (root / rel).unlink()


def _symlink_loop(rel: str) -> Callable[[Path], None]:
    def break_it(root: Path) -> None:
        path = root / rel
        path.unlink()
        other = path.with_name("loop-b.yaml")
        other.symlink_to(path.name)
        path.symlink_to(other.name)

    return break_it


def _admin0_with_iran(root: Path) -> None:
    """Countries with ISO codes: the tiny AZ square and an IR square south of it."""
    features = [dict(f, properties=dict(f["properties"], ISO_A2_EH="AZ")) for f in ADMIN0["features"]]
    iran = [[[45, 37], [47, 37], [47, 39], [45, 39], [45, 37]]]
    features.append(
        {
            "type": "Feature",
            "properties": {"ADM0_A3": "IRN", "NAME": "Iran", "ISO_A2_EH": "IR"},
            "geometry": {"type": "Polygon", "coordinates": iran},
        }
    )
    (root / settings.ADMIN0_FILE).write_text(json.dumps({"type": "FeatureCollection", "features": features}))


def _null_geometry(root: Path) -> None:
    path = root / settings.ADMIN1_FILE
    data = json.loads(path.read_text())
    data["features"][0]["geometry"] = None
    path.write_text(json.dumps(data))


def _copy_of(ident: str, new_id: str, root: Path) -> str:
    """The YAML text of record ``ident`` of the events file, with another id."""
    match = _record(ident).search((root / EVENTS).read_text(encoding="utf-8"))
    assert match
    return match.group(0).replace(f"- id: {ident}\n", f"- id: {new_id}\n", 1)


def _non_utf8_name(root: Path) -> None:
    name = os.fsencode(root / "events") + b"/caf\xe9.yaml"
    text = _copy_of("e-road", "e-latin", root).replace("topic: regional", "topic: weather")
    with open(name, "wb") as out:
        out.write(text.encode())


def _duplicate(root: Path) -> None:
    (root / "events" / "dup.yaml").write_text(_copy_of("e-road", "e-road", root), encoding="utf-8")


BOMB = "".join(
    f"  lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 9)}]\n" if i > 1 else '  lol1: &lol1 ["lol", "lol"]\n'
    for i in range(1, 10)
)

SOURCES = Path("events/sources/sources.yaml")
PLACES = Path("geodata/places.yaml")

# (name, break_it, exact problem lines, event ids that must still load)
CASES: list[tuple[str, Callable[[Path], None], list[str], tuple[str, ...]]] = []


def case(name: str, break_it: Callable[[Path], None], lines: list[str], loaded: tuple[str, ...] = ALL) -> None:
    CASES.append((name, break_it, lines, loaded))


# -- one bad value must not take everything down
case(
    "impossible date, unquoted",
    _field("e-road", "  date_start: '1994-01-01'", "  date_start: 1994-02-30"),
    [
        "events/test.yaml: e-road: date_start: is not a date (got '1994-02-30', expected an ISO date, YYYY-MM-DD)",
    ],
    ("e-denial", "e-fire", "e-nowhere"),
)
case(
    "month 13, unquoted",
    _field("e-road", "  date_start: '1994-01-01'", "  date_start: 1994-13-45"),
    [
        "events/test.yaml: e-road: date_start: is not a date (got '1994-13-45', expected an ISO date, YYYY-MM-DD)",
    ],
    ("e-denial", "e-fire", "e-nowhere"),
)
case(
    "boundary feature without geometry",
    _null_geometry,
    [
        "geodata/boundaries/ne10m_admin1_AZE_ARM.geojson: AZE-T1: geometry: is empty or null; the feature is left out",
    ],
)
case(
    "alias bomb in a field",
    _both(
        _edit(EVENTS, "- id: e-road\n", "- id: e-road\n  bombs:\n" + BOMB),
        _field("e-road", "  actors:\n  - Builders\n", "  actors: *lol9\n"),
    ),
    [
        "events/test.yaml: e-road (line 43): -: expands to more than 10000 values through YAML aliases (*name); the record is left out (write the values out, or use fewer aliases)",
    ],
    ("e-denial", "e-fire", "e-nowhere"),
)
case(
    "non-UTF-8 file name beside a problem record",
    _non_utf8_name,
    [
        "events/caf�.yaml: -: -: file name is not UTF-8 (shown with �); its records are read",
        "events/caf�.yaml: e-latin: topic: is not in the vocabulary (got 'weather', expected one of: border, regional, reconstruction, reintegration, foreign_fighters, military, covid)",
    ],
)
case(
    "date before 1700",
    _field("e-road", "  date_start: '1994-01-01'", "  date_start: '1500-01-01'"),
    [
        "events/test.yaml: e-road: date_start: is outside the dates the atlas can show (got 1500-01-01, expected 1700-01-01 to 2199-12-31)",
    ],
    ("e-denial", "e-fire", "e-nowhere"),
)
case(
    "date after 2199",
    _field("e-road", "  date_end: '1994-12-31'", "  date_end: '2300-01-01'"),
    [
        "events/test.yaml: e-road: date_end: is outside the dates the atlas can show (got 2300-01-01, expected 1700-01-01 to 2199-12-31)",
    ],
    ("e-denial", "e-fire", "e-nowhere"),
)
# -- valid records must not be lost
case(
    "syntax error in one record",
    _field("e-road", "  summary: A road opens.", "  summary: [A road opens."),
    [
        "events/test.yaml: e-road (line 43): -: is not valid YAML (did not find expected ',' or ']' at line 59, column 10); this record is left out, the others are read",
    ],
    ("e-denial", "e-fire", "e-nowhere"),
)
case(
    "Latin-1 byte in one record",
    _edit(EVENTS, b"A road opens.", "A road op\xe9ns.".encode("latin-1")),
    [
        "events/test.yaml: e-road (line 43): -: is not UTF-8 text (byte 0xe9 on line 58; save the file as UTF-8); this record is left out, the others are read",
    ],
    ("e-denial", "e-fire", "e-nowhere"),
)
case(
    "one unknown place",
    _field("e-fire", "  - place: alpha", "  - place: atlantis"),
    [
        "events/test.yaml: e-fire: places: refers to an unknown place (got 'atlantis', expected an id in geodata/places.yaml); the event is shown without it",
    ],
)
case(
    "places.yaml missing",
    _remove("geodata/places.yaml"),
    [
        "geodata/places.yaml: -: -: file is missing (expected it at {root}/geodata/places.yaml)",
        "events/test.yaml: 3 record(s) (e-fire, e-denial, e-road): places: refer to places, but geodata/places.yaml has no readable record: they are listed unmapped",
    ],
)
case(
    "empty event file",
    _write("events/empty.yaml", ""),
    [
        "events/empty.yaml: -: -: is empty (expected a list of events)",
    ],
)
case(
    "event file named .yml",
    _write("events/more.yml", "- id: e-more\n"),
    [
        "events/more.yml: -: -: is not read: event files end in '.yaml' (rename it to more.yaml)",
    ],
)
case(
    "subfolder in events",
    _write("events/extra/more.yaml", "- id: e-more\n"),
    [
        "events/extra: -: -: is a folder: event files are read from events/ itself, not from subfolders",
    ],
)
case(
    "sources.yaml missing",
    _remove("events/sources/sources.yaml"),
    [
        "events/sources/sources.yaml: -: -: file is missing (expected it at {root}/events/sources/sources.yaml)",
        "events/test.yaml: 4 record(s) (e-fire, e-denial, e-road, …): source: cite a source, but events/sources/sources.yaml has no readable record",
    ],
    (),
)
# -- wrong data must not pass silently
case(
    "point in another country",
    _both(_admin0_with_iran, _edit(PLACES, "  - 46.25\n  - 40.25", "  - 46.25\n  - 38.6")),
    [
        "geodata/places.yaml: alpha: country: does not fit the geometry: the point [46.25, 38.6] lies in Iran (IR) per Natural Earth, not in AZ (fix the point or the country)",
        "events/test.yaml: e-fire: places: refers to place 'alpha', which has problems of its own; the event is shown without it",
        "events/test.yaml: e-denial: places: refers to place 'alpha', which has problems of its own; the event is shown without it",
    ],
)
case(
    "swapped coordinates far away",
    _edit(
        PLACES,
        "- adm1: ARM-T2",
        (
            "- id: moscow\n  name: Moscow\n  kind: capital\n  country: RU\n  point: [55.75204, 37.61781]\n"
            "  geo_precision: 1\n  coord_source: GeoNames 524901\n- adm1: ARM-T2"
        ),
    ),
    [
        "geodata/places.yaml: moscow: country: does not fit the geometry: the point [55.75204, 37.61781] lies outside RU (Natural Earth boxes): are longitude and latitude swapped? (fix the point or the country)",
    ],
)
case(
    "repeated key",
    _field("e-road", "  topic: regional", "  topic: regional\n  topic: border"),
    [
        "events/test.yaml: e-road: topic: is given 2 times in one record (lines 48, 49); keep one: the record is left out until then",
    ],
    ("e-denial", "e-fire", "e-nowhere"),
)
case(
    "responds_to loop",
    _field("e-fire", "  stance: asserts", "  stance: asserts\n  responds_to: e-denial"),
    [
        "events/test.yaml: e-fire: responds_to: forms a loop (e-fire → e-denial → e-fire); a claim thread must start at a statement that responds to nothing, so this thread is not drawn until the loop is broken",
        "events/test.yaml: e-denial: responds_to: forms a loop (e-fire → e-denial → e-fire); a claim thread must start at a statement that responds to nothing, so this thread is not drawn until the loop is broken",
    ],
)
case(
    "place without role",
    _field("e-road", "  - place: road\n    role: at", "  - place: road"),
    [
        "events/test.yaml: e-road: places: role is missing for place 'road' (expected one of: at, about)",
    ],
    ("e-denial", "e-fire", "e-nowhere"),
)
case(
    "id with a comma",
    _edit(EVENTS, "- id: e-road", "- id: e-road,e-fire"),
    [
        "events/test.yaml: e-road,e-fire: id: is not a valid id (got 'e-road,e-fire', expected lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at most 100 characters)",
    ],
    ("e-denial", "e-fire", "e-nowhere"),
)
case(
    "id with Markdown",
    _edit(EVENTS, "- id: e-road", "- id: '[x](javascript:alert(1))'"),
    [
        "events/test.yaml: [x](javascript:alert(1)): id: is not a valid id (got '[x](javascript:alert(1))', expected lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at most 100 characters)",
    ],
    ("e-denial", "e-fire", "e-nowhere"),
)
# -- messages must not mislead
case(
    "symlink loop",
    _symlink_loop("geodata/places.yaml"),
    [
        "geodata/places.yaml: -: -: is a symbolic link that loops (it points, through other links, back at itself)",
        "events/test.yaml: 3 record(s) (e-fire, e-denial, e-road): places: refer to places, but geodata/places.yaml has no readable record: they are listed unmapped",
    ],
)
case(
    "id that YAML reads as a date",
    _edit(EVENTS, "- id: e-road", "- id: 2021-05-28"),
    [],
    ("2021-05-28", "e-denial", "e-fire", "e-nowhere"),
)
case(
    "CRLF source text",
    _edit(Path("events/sources/doc.txt"), b"\n", b"\r\n", -1),
    [
        "events/sources/sources.yaml: test-src: sha256: does not match the file (got 'ed04d81171a02976326aab002d2a1f0913bb59a0635aac97d7cd2e92b6e3a8ea', expected 24413877129df64bbf5ebde94b83bfdd539584ad3758444f2ab7aed50134419c)",
        "events/sources/sources.yaml: test-src: path: the text has Windows (CRLF) line ends, so no excerpt offset can match: restore the file byte for byte (git keeps events/sources/ as binary through .gitattributes; a copy made on Windows may have converted it)",
        "events/test.yaml: 4 record(s) (e-fire, e-denial, e-road, …): source: cite source 'test-src', which did not load (see events/sources/sources.yaml)",
    ],
    (),
)
case(
    "a record that is a list",
    _edit(EVENTS, "- id: e-road\n", "- - e-road\n  - id: e-road\n- id: e-road2\n"),
    [
        "events/test.yaml: record #3 (line 43): -: must be a mapping of fields (got a list: ['e-road', {'id': 'e-road'}])",
    ],
    ("e-denial", "e-fire", "e-nowhere", "e-road2"),
)
case(
    "number as id",
    _edit(EVENTS, "- id: e-road", "- id: 42"),
    [
        "events/test.yaml: record #3 (line 43): id: must be text (got 42; quote it: id: '42')",
    ],
    ("e-denial", "e-fire", "e-nowhere"),
)
# -- confinement and bounds
case(
    "source path leaving the root",
    _edit(SOURCES, "path: doc.txt", "path: ../../../../etc/hostname"),
    [
        "events/sources/sources.yaml: test-src: path: leaves the data folder (got '../../../../etc/hostname', expected a file inside events/sources)",
        "events/test.yaml: 4 record(s) (e-fire, e-denial, e-road, …): source: cite source 'test-src', which did not load (see events/sources/sources.yaml)",
    ],
    (),
)
case(
    "50 MB event file",
    _write("events/huge.yaml", "# padding\n" * 5_000_000),
    [
        "events/huge.yaml: -: -: is too large to load (got 50.0 MB, expected at most 5 MB: split it into several files)",
    ],
)
case(
    "deeply nested value",
    _write("events/deep.yaml", "- id: e-deep\n  actors: " + "[" * 5000 + "]" * 5000 + "\n"),
    [
        "events/deep.yaml: e-deep (line 1): -: is not valid YAML (exceeded maximum nesting depth at line 2, column 1009); this record is left out, the others are read",
    ],
)
# -- malformed files
case(
    "malformed GeoJSON",
    _write(str(settings.ADMIN1_FILE), "{not json"),
    [
        "geodata/boundaries/ne10m_admin1_AZE_ARM.geojson: -: -: cannot be read as GeoJSON ('geodata/boundaries/ne10m_admin1_AZE_ARM.geojson' not recognized as being in a supported file format.)",
        "geodata/places.yaml: eastshire: adm1: cannot be resolved: the admin-1 boundaries did not load",
        "events/test.yaml: e-denial: places: refers to place 'eastshire', which has problems of its own; the event is shown without it",
    ],
)
case(
    "top-level mapping",
    _write("events/map.yaml", "id: e-map\ntopic: border\n"),
    [
        "events/map.yaml: -: -: must be a list of records (got a mapping)",
    ],
)
case(
    "Python tag",
    _write("events/tag.yaml", "- id: e-tag\n  summary: !!python/object/apply:os.system ['true']\n"),
    [
        "events/tag.yaml: -: -: is not valid atlas YAML: could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system' at line 2, column 12",
    ],
)
case("BOM at the start", _edit(EVENTS, b"- id: e-fire", b"\xef\xbb\xbf- id: e-fire"), [])
case("CRLF in a YAML file", _edit(EVENTS, b"\n", b"\r\n", -1), [])
# -- wrong types, missing fields, unknown ids
case(
    "text where a number goes",
    _field("e-road", "  source_end: 186", "  source_end: many"),
    [
        "events/test.yaml: e-road: source_end: must be a whole number (got 'many')",
    ],
    ("e-denial", "e-fire", "e-nowhere"),
)
case(
    "missing summary",
    _field("e-road", "  summary: A road opens.\n", ""),
    [
        "events/test.yaml: e-road: summary: is missing (expected a non-empty text)",
    ],
    ("e-denial", "e-fire", "e-nowhere"),
)
case(
    "unknown source id",
    _field("e-road", "  source: test-src", "  source: other-src"),
    [
        "events/test.yaml: e-road: source: refers to an unknown source (got 'other-src', expected an id in events/sources/sources.yaml)",
    ],
    ("e-denial", "e-fire", "e-nowhere"),
)
case(
    "duplicate id in another file",
    _duplicate,
    [
        "events/test.yaml: e-road: id: is not unique (got 'e-road', already used by an event in events/dup.yaml)",
    ],
)
case(
    "reversed dates",
    _field("e-road", "  date_end: '1994-12-31'", "  date_end: '1993-12-31'"),
    [
        "events/test.yaml: e-road: date_end: is before date_start (got 1993-12-31, expected 1994-01-01 or later)",
    ],
    ("e-denial", "e-fire", "e-nowhere"),
)
case(
    "latitude out of range",
    _edit(PLACES, "  - 46.25\n  - 40.25", "  - 46.25\n  - 140.25"),
    [
        "geodata/places.yaml: alpha: point: coordinates out of range (got lon 46.25, lat 140.25, expected -180..180, -90..90)",
        "events/test.yaml: e-fire: places: refers to place 'alpha', which has problems of its own; the event is shown without it",
        "events/test.yaml: e-denial: places: refers to place 'alpha', which has problems of its own; the event is shown without it",
    ],
)
case(
    "empty point",
    _edit(PLACES, "  point:\n  - 46.25\n  - 40.25", "  point: []"),
    [
        "geodata/places.yaml: alpha: point: must be [longitude, latitude] (got [])",
        "events/test.yaml: e-fire: places: refers to place 'alpha', which has problems of its own; the event is shown without it",
        "events/test.yaml: e-denial: places: refers to place 'alpha', which has problems of its own; the event is shown without it",
    ],
)
case(
    "invalid line geometry",
    _edit(PLACES, "  - - 46.4\n    - 40.4", "  - - 46.1\n    - 40.1"),
    [
        "geodata/places.yaml: road: geometry: is not valid (Too few points in geometry component[46.1 40.1])",
        "events/test.yaml: e-road: places: refers to place 'road', which has problems of its own; the event is shown without it",
    ],
)
case(
    "excerpt not verbatim",
    _field("e-road", "was opened in 1994.", "was built in 1994."),
    [
        "events/test.yaml: e-road: excerpt: is not verbatim in the source (got 'A road from Alpha to Gamma was built in 1994.', expected text found in the source)",
    ],
    ("e-denial", "e-fire", "e-nowhere"),
)
case(
    "offsets off",
    _field("e-road", "  source_start: 140", "  source_start: 141"),
    [
        "events/test.yaml: e-road: source_start: offsets do not point at the excerpt (got 141..186, expected 140..186)",
    ],
    ("e-denial", "e-fire", "e-nowhere"),
)
case(
    "sha256 mismatch",
    _edit(SOURCES, "sha256: ed04", "sha256: 0d04"),
    [
        "events/sources/sources.yaml: test-src: sha256: does not match the file (got '0d04d81171a02976326aab002d2a1f0913bb59a0635aac97d7cd2e92b6e3a8ea', expected ed04d81171a02976326aab002d2a1f0913bb59a0635aac97d7cd2e92b6e3a8ea)",
        "events/test.yaml: 4 record(s) (e-fire, e-denial, e-road, …): source: cite source 'test-src', which did not load (see events/sources/sources.yaml)",
    ],
    (),
)
case(
    "unknown responds_to",
    _field("e-denial", "  responds_to: e-fire", "  responds_to: e-ghost"),
    [
        "events/test.yaml: e-denial: responds_to: refers to an unknown event (got 'e-ghost', expected an event id)",
    ],
    ("e-fire", "e-nowhere", "e-road"),
)


# -- imports: a damaged import costs itself only ------------------------------------------------------

REGISTRY = "imports/imports.yaml"


def _imported(*changes: Callable[[Path], None]) -> Callable[[Path], None]:
    """Import the three-row ACLED file as 'mine' (a valid import), then apply ``changes``."""

    def break_it(root: Path) -> None:
        from caucasus_atlas.imports import import_file
        from tests.import_fixtures import acled_minimal_csv

        (root / "incoming").mkdir(exist_ok=True)
        import_file(root, "acled", acled_minimal_csv(root / "incoming" / "a.csv"), name="mine")
        for change in changes:
            change(root)

    return break_it


def _store(mutate: Callable[[object], object]) -> Callable[[Path], None]:
    """Rewrite the stored import 'mine' after changing its table."""

    def break_it(root: Path) -> None:
        import pandas as pd

        path = root / "imports" / "mine.parquet"
        frame = pd.read_parquet(path)
        pd.DataFrame(mutate(frame)).to_parquet(path, index=False)

    return break_it


def _text_dates(frame):
    frame["date_start"] = frame["date_start"].astype(str)
    return frame


def _device_link(root: Path) -> None:
    path = root / "imports" / "mine.parquet"
    path.unlink()
    path.symlink_to("/dev/zero")


def _registry_twice(root: Path) -> None:
    text = (root / REGISTRY).read_text(encoding="utf-8")
    (root / REGISTRY).write_text(text + text, encoding="utf-8")


case(
    "imports registry not UTF-8",
    _imported(_edit(Path(REGISTRY), b"name: mine", b"name: m\xe9ine")),
    [
        "imports/imports.yaml: -: -: is not UTF-8 text (byte 0xe9 at position 9); no import is loaded",
        "imports/mine.parquet: -: -: is not in imports/imports.yaml, so it is not loaded (import the file again)",
    ],
)
case(
    "imports registry entry outside the data folder",
    _imported(_edit(Path(REGISTRY), "name: mine", "name: ../../outside")),
    [
        "imports/imports.yaml: ../../outside: name: is not an import name (got '../../outside', expected lower-case letters, digits, '.', '_', '-')",
        "imports/mine.parquet: -: -: is not in imports/imports.yaml, so it is not loaded (import the file again)",
    ],
)
case(
    "imports file missing",
    _imported(_remove("imports/mine.parquet")),
    ["imports/mine.parquet: -: -: file is missing (imports/imports.yaml lists it)"],
)
case(
    "imports column of the wrong type",
    _imported(_store(lambda f: f.assign(latitude=f["latitude"].astype(str)))),
    [
        "imports/mine.parquet: -: latitude: has columns of the wrong type (latitude is str): not loaded",
    ],
)
case(
    "imports dates stored as text",
    _imported(_store(_text_dates)),
    [
        "imports/mine.parquet: -: date_start: has columns of the wrong type (date_start is str): not loaded",
    ],
)
case(
    "imports column missing",
    _imported(_store(lambda f: f.drop(columns=["excerpt"]))),
    ["imports/mine.parquet: -: -: cannot be read as an import ('Column excerpt does not exist in schema')"],
)
case(
    "imports id repeated",
    _imported(_store(lambda f: f.iloc[[*range(len(f)), 0]])),
    ["imports/mine.parquet: -: id: repeats an id"],
)
case(
    "imports file a link to a device",
    _imported(_device_link),
    ["imports/mine.parquet: -: -: is not a regular file (a link, a device or a folder): not read"],
)
case(
    "imports is a file",
    _write("imports", "not a folder"),
    ["imports: -: -: is not a folder (expected the folder of your imports)"],
)
case(
    "imports registry count not a number",
    _imported(_edit(Path(REGISTRY), "kept: 3", "kept: abc")),
    [
        "imports/imports.yaml: mine: kept: is not a count (got 'abc')",
        "imports/mine.parquet: -: -: is not in imports/imports.yaml, so it is not loaded (import the file again)",
    ],
)
case(
    "imports registered twice",
    _imported(_registry_twice),
    ["imports/imports.yaml: mine: name: is registered twice ('mine'); the first record is loaded, this one is not"],
)
case(
    "imports half-written file of a killed import",
    _imported(_write("imports/.mine2.parquet.4242.partial", b"PAR1 half")),
    [
        "imports/.mine2.parquet.4242.partial: -: -: is what a stopped import left half-written; it is not loaded, and the next import removes it",
    ],
)
