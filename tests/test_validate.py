"""Each validation rule, one broken field at a time, on the tiny data set."""

from __future__ import annotations

from typing import Any

import pytest

from caucasus_atlas.validate import ValidationError, load_atlas, require_valid, validate


def test_tiny_data_is_valid(tiny_root):
    atlas = load_atlas(tiny_root)
    assert atlas.problems == []
    assert sorted(atlas.events) == ["e-denial", "e-fire", "e-nowhere", "e-road"]
    assert sorted(atlas.places) == ["alpha", "eastshire", "road"]


def _event(data: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(e for e in data["events"] if e["id"] == ident)


def _place(data: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(p for p in data["places"] if p["id"] == ident)


def _set(kind: str, ident: str, field: str, value: Any):
    def mutate(data):
        record = (_event if kind == "event" else _place)(data, ident)
        if value is _DELETE:
            del record[field]
        else:
            record[field] = value

    return mutate


_DELETE = object()

# (change, file, record, field, words the message must contain)
CASES = [
    (_set("event", "e-fire", "date_start", "2021-13-01"), "events/test.yaml", "e-fire", "date_start", "not a date"),
    (_set("event", "e-fire", "date_end", "2021-04-30"), "events/test.yaml", "e-fire", "date_end", "before date_start"),
    (_set("event", "e-fire", "topic", "weather"), "events/test.yaml", "e-fire", "topic", "got 'weather'"),
    (_set("event", "e-fire", "event_type", "party"), "events/test.yaml", "e-fire", "event_type", "vocabulary"),
    (_set("event", "e-fire", "sub_event_type", "signed"), "events/test.yaml", "e-fire", "sub_event_type", "vocabulary"),
    (_set("event", "e-fire", "time_precision", 7), "events/test.yaml", "e-fire", "time_precision", "got 7"),
    (_set("event", "e-fire", "stance", "shouts"), "events/test.yaml", "e-fire", "stance", "vocabulary"),
    (_set("event", "e-fire", "claimed_by", _DELETE), "events/test.yaml", "e-fire", "claimed_by", "missing"),
    (_set("event", "e-fire", "fatalities", -1), "events/test.yaml", "e-fire", "fatalities", "too small"),
    (_set("event", "e-fire", "source", "nope"), "events/test.yaml", "e-fire", "source", "unknown"),
    (
        _set("event", "e-fire", "places", [{"place": "atlantis", "role": "at"}]),
        "events/test.yaml", "e-fire", "places", "unknown place (got 'atlantis'",
    ),
    (
        _set("event", "e-fire", "places", [{"place": "alpha", "role": "near"}]),
        "events/test.yaml", "e-fire", "places", "role",
    ),
    (_set("event", "e-denial", "responds_to", "e-ghost"), "events/test.yaml", "e-denial", "responds_to", "unknown"),
    (_set("event", "e-denial", "responds_to", None), "events/test.yaml", "e-denial", "responds_to", "denies"),
    (
        _set("event", "e-fire", "excerpt", "On 1 May, soldiers fired near Omega village."),
        "events/test.yaml", "e-fire", "excerpt", "not verbatim",
    ),
    (_set("event", "e-fire", "source_start", 3), "events/test.yaml", "e-fire", "source_start", "expected"),
    (
        _set("event", "e-fire", "date_end", "2021-05-02"),
        "events/test.yaml", "e-fire", "time_precision", "got 1 for 2021-05-01 .. 2021-05-02, 2 day(s), expected 2",
    ),
    (_set("event", "e-fire", "colour", "red"), "events/test.yaml", "e-fire", "colour", "unknown field"),
    (
        _set("place", "alpha", "point", [146.25, 40.25]),
        "geodata/places.yaml", "alpha", "geometry", "outside the region",
    ),
    (_set("place", "alpha", "point", [46.25, 95]), "geodata/places.yaml", "alpha", "point", "out of range"),
    (_set("place", "alpha", "point", "46, 40"), "geodata/places.yaml", "alpha", "point", "[longitude, latitude]"),
    (_set("place", "alpha", "kind", "castle"), "geodata/places.yaml", "alpha", "kind", "vocabulary"),
    (_set("place", "alpha", "country", "Azerbaijan"), "geodata/places.yaml", "alpha", "country", "ISO 3166-1"),
    (_set("place", "alpha", "geo_precision", 0), "geodata/places.yaml", "alpha", "geo_precision", "got 0"),
    (_set("place", "alpha", "coord_source", _DELETE), "geodata/places.yaml", "alpha", "coord_source", "missing"),
    (
        _set("place", "alpha", "line", [[46, 40], [46.1, 40.1]]),
        "geodata/places.yaml", "alpha", "geometry", "exactly one",
    ),
    (_set("place", "eastshire", "adm1", "ARM-T9"), "geodata/places.yaml", "eastshire", "adm1", "unknown adm1_code"),
    (
        _set("place", "road", "line", [[46.1, 40.1], [46.1, 40.1], [46.1, 40.1]]),
        "geodata/places.yaml", "road", "geometry", "not valid",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("mutate", "file", "record", "field", "words"), CASES)
def test_each_rule_names_file_record_and_field(make_root, mutate, file, record, field, words):
    problems = validate(make_root(mutate))
    lines = [str(p) for p in problems]
    prefix = f"{file}: {record}: {field}: "
    matching = [line for line in lines if line.startswith(prefix)]
    assert matching, f"no problem starting {prefix!r} in {lines}"
    assert any(words in line for line in matching), matching


def test_duplicate_ids_are_reported(make_root):
    def mutate(data):
        data["events"].append(dict(_event(data, "e-fire")))

    lines = [str(p) for p in validate(make_root(mutate))]
    assert any(line.startswith("events/test.yaml: e-fire: id: is not unique") for line in lines), lines


def test_source_checksum_is_checked(make_root):
    def mutate(data):
        data["sources"][0]["sha256"] = "0" * 64

    lines = [str(p) for p in validate(make_root(mutate))]
    assert any("events/sources/sources.yaml: test-src: sha256: does not match" in line for line in lines)


def test_a_broken_record_leaves_the_others_loaded(make_root):
    atlas = load_atlas(make_root(_set("event", "e-road", "topic", "weather")))
    assert "e-road" not in atlas.events
    assert {"e-fire", "e-denial", "e-nowhere"} <= set(atlas.events)
    assert len(atlas.problems) == 1


def test_an_event_pointing_at_a_broken_place_is_reported_not_crashing(make_root):
    atlas = load_atlas(make_root(_set("place", "alpha", "kind", "castle")))
    assert "alpha" not in atlas.places
    lines = [str(p) for p in atlas.problems]
    assert any("e-fire: places: refers to place 'alpha', which has problems of its own" in line for line in lines)


def test_an_unknown_field_is_reported_but_the_record_kept(make_root):
    atlas = load_atlas(make_root(_set("event", "e-fire", "colour", "red")))
    assert "e-fire" in atlas.events
    assert [p.field for p in atlas.problems] == ["colour"]


def test_unparseable_yaml_is_one_clear_problem(tiny_root):
    (tiny_root / "events" / "broken.yaml").write_text("- id: x\n  date_start: [unclosed\n")
    atlas = load_atlas(tiny_root)
    lines = [str(p) for p in atlas.problems]
    assert lines == [
        "events/broken.yaml: x (line 1): -: is not valid YAML (did not find expected ',' or ']' at line 3, "
        "column 1); this record is left out, the others are read"
    ]
    assert len(atlas.events) == 4


def test_missing_files_are_reported(tmp_path):
    lines = [str(p) for p in validate(tmp_path)]
    assert any(line.startswith("geodata/places.yaml: -: -: file is missing") for line in lines)
    assert any(line.startswith("events/sources/sources.yaml: -: -: file is missing") for line in lines)


def test_require_valid_raises_with_every_problem(make_root):
    root = make_root(_set("event", "e-fire", "topic", "weather"))
    with pytest.raises(ValidationError) as info:
        require_valid(root)
    # the denial that responds to the broken event is named too: its thread is broken
    assert "2 problem(s)" in str(info.value)
    assert "e-fire: topic" in str(info.value)
    assert "e-denial: responds_to: refers to event 'e-fire', which has problems of its own" in str(info.value)


@pytest.mark.parametrize(
    ("start", "end", "precision"),
    [("2021-05-14", "2021-05-31", 2), ("2020-11-10", "2021-05-31", 3), ("2021-05-01", "2021-05-31", 4)],
)
def test_precision_must_fit_the_span(make_root, start, end, precision):
    def mutate(data):
        event = _event(data, "e-nowhere")
        event.update(date_start=start, date_end=end, time_precision=precision)

    lines = [str(p) for p in validate(make_root(mutate))]
    assert len(lines) == 1 and lines[0].startswith(
        "events/test.yaml: e-nowhere: time_precision: does not fit the date span"
    )


@pytest.mark.parametrize(
    ("claimed_by", "words"),
    [
        ("Armenia - Ministry of Defence", "got 'Armenia - Ministry of Defence', expected 'Party – body or person' "
         "with an en dash (–), not a hyphen; the party one of: Azerbaijan, Armenia, AIR Center"),
        ("Armenia Ministry of Defence", "names no known party (got 'Armenia Ministry of Defence'"),
        ("Atlantis – Ministry of Defence", "names no known party (got 'Atlantis – Ministry of Defence'"),
    ],
)  # fmt: skip
def test_a_claimant_must_name_a_known_party_with_an_en_dash(make_root, claimed_by, words):
    """'Armenia - Ministry of Defence' with a hyphen once became a third party silently; now the record is
    left out and the problem names it."""
    atlas = load_atlas(make_root(_set("event", "e-fire", "claimed_by", claimed_by)))
    assert "e-fire" not in atlas.events
    lines = [str(p) for p in atlas.problems]
    assert any(line.startswith("events/test.yaml: e-fire: claimed_by: ") and words in line for line in lines), lines


def test_a_source_author_must_name_a_known_party(make_root):
    """The author is metadata: a wrong one is reported and left out; the document and its events stay."""

    def mutate(data):
        data["sources"][0]["author"] = "Azerbaijan - Ministry of Defence"

    atlas = load_atlas(make_root(mutate))
    assert [str(p).split(" (got")[0] for p in atlas.problems] == [
        "events/sources/sources.yaml: test-src: author: names no known party"
    ]
    assert atlas.sources["test-src"].author == "" and len(atlas.events) == 4
