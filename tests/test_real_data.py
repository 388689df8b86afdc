"""The project's own data: valid, verbatim, complete for section I, every place used."""

import datetime as dt

import geopandas as gpd
import pytest
import yaml

from caucasus_atlas import settings
from caucasus_atlas.gazetteer import places_frame
from caucasus_atlas.models import normalise_whitespace
from caucasus_atlas.validate import load_atlas


@pytest.fixture(scope="module")
def atlas(real_root):
    return load_atlas(real_root)


def test_real_data_validates(atlas):
    assert [str(p) for p in atlas.problems] == []


def test_source_is_the_shared_bulletin(atlas):
    shared = settings.PROJECT_ROOT.parent / "shared" / "source" / "000_bb423a115d21c7c6.txt"
    source = atlas.sources["aircenter-bulletin-2021-05"]
    if shared.is_file():
        assert (settings.PROJECT_ROOT / "events" / "sources" / source.path).read_bytes() == shared.read_bytes()


def test_every_excerpt_is_verbatim_at_its_offsets(atlas):
    for event in atlas.events.values():
        text = atlas.texts[event.source]
        assert normalise_whitespace(text[event.source_start : event.source_end]) == normalise_whitespace(
            event.excerpt
        ), event.id


def test_section_one_border_crisis_is_covered(atlas):
    border = [e for e in atlas.events.values() if e.topic == "border"]
    may = [e for e in border if e.date_start >= dt.date(2021, 5, 1)]
    assert len(border) >= 30
    days = {e.date_start.day for e in may if e.time_precision == 1}
    # every dated day of the May crisis in section I: 12, 13, 14, 16, 17, 19, 20, 25, 26, 27, 28
    assert {12, 13, 14, 16, 17, 19, 20, 25, 26, 27, 28} <= days | {e.date_end.day for e in may}
    assert any(e.date_start == dt.date(2020, 11, 10) for e in border)


def test_claims_and_denials_are_linked(atlas):
    events = atlas.events
    assert events["border-2021-05-13-azerbaijan-mfa-rejects-incursion"].responds_to == (
        "border-2021-05-12-armenia-incursion-claim"
    )
    assert events["border-2021-05-25-azerbaijan-mod-denies-soldier-death"].stance == "denies"
    assert events["border-2021-05-12-armenia-incursion-claim"].claimed_by.startswith("Armenia")


def test_every_place_is_used(atlas):
    used = {ref.place for e in atlas.events.values() for ref in e.places}
    assert set(atlas.places) - used == set()


def test_every_place_names_its_coordinate_source(atlas):
    for place in atlas.places.values():
        assert any(word in place.coord_source for word in ("GeoNames", "Natural Earth", "Cited coordinate")), place.id


def test_every_district_join_holds_or_is_a_recorded_exception(atlas):
    """Each point whose district the source names falls in it (sjoin), or the reason is recorded."""
    raw = {p["id"]: p for p in yaml.safe_load((settings.PROJECT_ROOT / settings.PLACES_FILE).read_text())}
    with_district = [pid for pid, p in raw.items() if p.get("district")]
    assert len(with_district) >= 3
    frame = places_frame(atlas.places, atlas.admin1)
    for place_id in with_district:
        code = raw[place_id]["district"]
        named = atlas.admin1[atlas.admin1["adm1_code"] == code]
        got = frame.loc[place_id, "admin1"]
        if got == named["name_en"].iloc[0]:
            continue
        assert raw[place_id].get("district_note"), f"{place_id}: in {got}, not {code}, and no district_note"
        # an exception is only a generalisation error: the named district is within a kilometre
        point = gpd.GeoSeries([atlas.places[place_id].geometry], crs=4326).to_crs(3857)
        assert named.to_crs(3857).distance(point.iloc[0]).min() < 1000, place_id


def test_ashaghy_buzqov_is_the_recorded_exception(atlas):
    frame = places_frame(atlas.places, atlas.admin1)
    assert frame.loc["ashaghy-buzqov", "admin1"] == "Vayots Dzor"
    assert frame.loc["lake-garagol", "admin1"] == "Lachin"
    assert frame.loc["tapgaragoyunlu", "admin1"] == "Goranboy"


def test_every_section_has_its_events(atlas):
    counts = {topic: 0 for topic in settings.TOPICS}
    for event in atlas.events.values():
        counts[event.topic] += 1
    assert all(n >= 3 for n in counts.values()), counts
    bulletin = [e for e in atlas.events.values() if e.source == "aircenter-bulletin-2021-05"]
    assert 80 <= len(bulletin) <= 140  # the bulletin's own coding
    cited = {e.source for e in atlas.events.values()}
    assert set(atlas.sources) == cited  # and every other document is cited by an event of its own


def test_lines_and_polygons_are_in_the_gazetteer(atlas):
    kinds = {p.geometry.geom_type for p in atlas.places.values()}
    assert {"Point", "LineString", "Polygon"} <= kinds | {"MultiPolygon"}
    for line in ("barda-aghdam-highway", "horadiz-railway", "ordubad-railway", "zangezur-corridor",
                 "baku-tbilisi-kars-railway", "southern-gas-corridor"):  # fmt: skip
        assert atlas.places[line].geometry.geom_type == "LineString"


def test_alternative_names_people_search_for(atlas):
    names = {n.lower() for p in atlas.places.values() for n in (p.name, *p.alt_names)}
    wanted_names = (
        "sev lich",
        "qaragol",
        "zangazur",
        "syunik",
        "kelbajar",
        "karvachar",
        "stepanakert",
        "qubadli",
        "martakert",
    )
    for wanted in wanted_names:
        assert wanted in names, wanted


def test_every_stated_value_is_the_document_s_own_phrase(real_root):
    """The statements export (what each account states): every phrase is verbatim at its offsets in its own
    document, and every stated place's phrase names that place or gives its coordinate."""
    import csv
    import io

    from caucasus_atlas.events import events_frame
    from caucasus_atlas.export import statements_csv
    from caucasus_atlas.validate import names_place

    atlas = load_atlas(real_root)
    places = places_frame(atlas.places, atlas.admin1)
    rows = list(csv.DictReader(io.StringIO(statements_csv(events_frame(atlas.events), places))))
    assert len(rows) >= 150
    for row in rows:
        text = atlas.texts[row["source_id"]]
        assert text[int(row["start"]) : int(row["end"])] == row["phrase"], row
        if row["what"] == "place":
            assert names_place(row["phrase"], atlas.places[row["value"]]), row
    # every first-hand account of something done (not said) states what, where or when in its own words
    accounts = [e for e in atlas.events.values() if e.incident]
    done = [e for e in accounts if e.provenance == "first-hand" and e.event_type not in ("statement", "phone_call")]
    assert done and all(e.states for e in done), [e.id for e in done if not e.states]
    # a reported account never comes from its claimant's own document
    for event in accounts:
        source = atlas.sources[event.source]
        assert (event.provenance == "first-hand") == event.claimed_by.startswith(source.author), event.id


@pytest.mark.parametrize(
    ("place", "names"),
    [
        ("khankendi", ("Khankendi", "Stepanakert")),
        ("shusha", ("Shusha", "Shushi")),
        ("lachin", ("Lachin", "Berdzor")),
        ("aghdara", ("Aghdara", "Martakert")),
        ("kalbajar", ("Kalbajar", "Karvachar")),
        ("lake-garagol", ("Garagol", "Sev Lich")),
    ],
)
def test_a_contested_place_shows_both_sides_names(atlas, place, names):
    assert all(name in atlas.places[place].name for name in names)


def test_ids_carry_no_side_s_term(atlas):
    words = ("liberated", "occupied", "occupation", "terror", "aggress", "provocation")
    for ident in [*atlas.places, *atlas.events, *atlas.incidents]:
        assert not any(w in ident for w in words), ident
    assert set(settings.FORMER_IDS.values()) <= set(atlas.places) | set(atlas.events)


def test_every_incident_name_gives_both_sides_names_of_its_places(atlas):
    """An incident placed at a settlement both sides name differently carries both names."""
    both = {"verin-shorzha": ("Verin Shorzha", "Yukhari Shorzha"), "vardenis": ("Vardenis", "Basarkechar"),
            "lake-garagol": ("Garagol", "Sev Lich")}  # fmt: skip
    for incident in atlas.incidents.values():
        for place, names in both.items():
            if place in incident.places:
                assert all(n in incident.name for n in names), (incident.id, names)
