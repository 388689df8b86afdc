"""A place picked on the Add a document page's map (caucasus_atlas.picking and the page's pick panel): the
nearest known places with their distances, a new point recorded as the curator's pick. The clicks are made
at points offset from places the data gives (never a coordinate written from memory)."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from caucasus_atlas import bundle, regional, settings
from caucasus_atlas.drafting import draft
from caucasus_atlas.picking import distance_km, nearest_places, picked_point
from caucasus_atlas.ui import imported
from caucasus_atlas.ui import state as keys
from caucasus_atlas.validate import load_atlas
from tests.adddoc_fixtures import FRIDAY, PAGE

TEXT = "Statement of the ministry\nOn 14 July 2021 soldiers fired near the village, the ministry said.\n"


def _settlement(geonameid: int) -> regional.Settlement:
    return next(s for s in regional.settlements() if s.geonameid == geonameid)


def test_the_nearest_place_is_the_atlas_s_and_a_settlement_it_holds_is_listed_once(atlas):
    verishen = atlas.places["verishen"].geometry  # GeoNames 174717 in the atlas
    lat, lon = verishen.y + 0.004, verishen.x
    nearby = nearest_places(lat, lon, atlas.places.values(), regional.settlements())
    first = nearby[0]
    assert first.place is not None and first.place.id == "verishen" and not first.inside
    assert first.distance_km == pytest.approx(distance_km(lat, lon, verishen.y, verishen.x))
    assert 0.4 < first.distance_km < 0.5  # 0.004° of latitude
    assert first.label == f"Verishen (atlas place verishen) — {first.distance_km:.2f} km away"
    assert not any(p.settlement is not None and p.settlement.geonameid == 174717 for p in nearby)
    assert [p.distance_km for p in nearby] == sorted(p.distance_km for p in nearby if not p.inside) + [
        0.0 for p in nearby if p.inside
    ]  # nearest first, then the areas holding the click
    assert any(p.inside and p.place.id == "syunik" for p in nearby)  # Verishen lies in Syunik


def test_a_regional_settlement_the_atlas_lacks_is_proposed_with_its_distance(atlas):
    sotk = _settlement(616041)
    [first, *_] = nearest_places(sotk.lat - 0.003, sotk.lon, atlas.places.values(), regional.settlements())
    assert first.settlement == sotk and first.place is None
    assert first.label.startswith("Sotk (Armenia, GeoNames 616041) — 0.3")


def test_a_picked_point_says_it_is_the_curator_s_pick_and_validates(atlas, tmp_path):
    verishen = atlas.places["verishen"].geometry
    lat, lon = verishen.y + 0.0123456, verishen.x - 0.0098765
    record = picked_point(lat, lon, name="Hill above the village", taken=set(atlas.place_ids), source_id="doc",
                          admin0=atlas.admin0)  # fmt: skip
    assert record["coord_source"] == (
        f"picked on the map by the curator at {lat:.5f}, {lon:.5f} (latitude, longitude; no data set)"
    )
    assert record["point"] == [round(lon, 5), round(lat, 5)] and record["country"] == "AM"
    assert record["geo_precision"] == 2 and record["id"] == "picked-doc-1"
    # a draft whose sentence takes the point saves cleanly (checked on a copy of the data folder)
    root = tmp_path / "data"
    for part in ("events", "geodata"):
        shutil.copytree(settings.PROJECT_ROOT / part, root / part)
    info = bundle.SourceInfo(id="doc", published=FRIDAY, author="Armenia – Ministry of Defence", url="https://x.org")
    made = bundle.make_bundle(TEXT, draft(TEXT, FRIDAY, atlas, author=info.author, source_id=info.id), info, atlas)
    rows = bundle.table_rows(made)
    assert rows[0]["excerpt"] == "Statement of the ministry" and not rows[0]["accept"]  # the headline
    rows[1] = {**rows[1], "accept": True, "places": record["id"]}
    made = bundle.apply_rows(made, rows, [record])
    assert bundle.check_bundle(root, made) == []
    bundle.save_bundle(root, made)
    saved = load_atlas(root).places["picked-doc-1"]
    assert saved.coord_source == record["coord_source"] and saved.name == "Hill above the village"


def _page_with_a_pick(atlas, lat: float, lon: float) -> AppTest:
    info = bundle.SourceInfo(id="doc", published=FRIDAY, author="Armenia – Ministry of Defence", url="https://x.org")
    made = bundle.make_bundle(TEXT, draft(TEXT, FRIDAY, atlas, author=info.author, source_id=info.id), info, atlas)
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.session_state[imported.CURATOR_KEY] = "a test curator"  # AppTest's session is no direct local request
    at.session_state[keys.DRAFT] = made
    at.session_state[keys.DRAFT_EXTRA_PLACES] = []
    at.session_state[keys.DRAFT_PICK] = {"lat": lat, "lng": lon, "seen": f"{lat:.7f},{lon:.7f}"}
    return at.run()


def _radio(at: AppTest):
    return next(r for r in at.radio if r.label == "Place to add (nearest first)")


def test_the_page_adds_the_nearest_place_to_the_chosen_sentence(atlas, monkeypatch):
    monkeypatch.delenv("CAUCASUS_ATLAS_DATA", raising=False)
    goris = atlas.places["goris"].geometry
    at = _page_with_a_pick(atlas, goris.y - 0.005, goris.x)
    assert not at.exception
    radio = _radio(at)
    assert radio.value.startswith("Goris (atlas place goris) — 0.5")  # proposed: the nearest
    assert (
        radio.options[-1].startswith("A new point at") and "your pick on the map, not a data set's" in radio.options[-1]
    )
    assert at.number_input(key="draft_pick_row").value == 2  # the first accepted sentence with no place
    next(b for b in at.button if b.label == "Add to the sentence").click().run()
    assert not at.exception
    assert at.session_state[keys.DRAFT]["events"][1]["places"] == [{"place": "goris", "role": "at"}]
    assert at.session_state[keys.DRAFT]["events"][1]["accept"] is True
    assert any(
        s.value.startswith("Added Goris (goris, 0.5") and s.value.endswith("to sentence #2.") for s in at.success
    )
    assert keys.DRAFT_PICK not in at.session_state


def test_the_page_proposes_a_new_point_far_from_every_known_place_and_says_whose_it_is(atlas, monkeypatch):
    monkeypatch.delenv("CAUCASUS_ATLAS_DATA", raising=False)
    nearest_settlement = min(regional.settlements(), key=lambda s: abs(s.lat - 39.0) + abs(s.lon - 45.3))
    # a point 0.2° of longitude from a settlement, farther than 3 km from every known place
    lat, lon = nearest_settlement.lat, nearest_settlement.lon + 0.2
    nearby = nearest_places(lat, lon, atlas.places.values(), regional.settlements())
    assert min(p.distance_km for p in nearby if not p.inside) > 3
    at = _page_with_a_pick(atlas, lat, lon)
    assert not at.exception
    assert _radio(at).value.startswith(f"A new point at {lat:.5f}, {lon:.5f}")
    assert any("No known place within 3 km" in c.value for c in at.caption)
    [warning] = [w for w in at.warning if "not a data set's" in w.value]
    assert "your pick on the map, not a data set's" in warning.value and "(latitude, longitude; no data set)" in (
        warning.value
    )
    at.text_input(key=f"draft_pick_name_{lat:.7f},{lon:.7f}").set_value("Hill by the road")
    next(b for b in at.button if b.label == "Add to the sentence").click().run()
    assert not at.exception
    [record] = at.session_state[keys.DRAFT_EXTRA_PLACES]
    assert record["name"] == "Hill by the road" and record["coord_source"].startswith(
        "picked on the map by the curator"
    )
    assert at.session_state[keys.DRAFT]["events"][1]["places"] == [{"place": record["id"], "role": "at"}]
    assert any(record["id"] in p["id"] for p in at.session_state[keys.DRAFT]["places"])


def test_a_click_is_proposed_once(monkeypatch):
    """The map sends its last click again with every rerun: it becomes a pick only when it is new."""
    from caucasus_atlas.ui import adddoc

    state: dict = {}
    monkeypatch.setattr(adddoc.st, "session_state", state)
    adddoc._remember_click({"last_clicked": {"lat": 40.1, "lng": 45.9}})
    assert state[keys.DRAFT_PICK]["lat"] == 40.1
    state.pop(keys.DRAFT_PICK)  # added to a row
    adddoc._remember_click({"last_clicked": {"lat": 40.1, "lng": 45.9}})  # the same click, sent again
    assert keys.DRAFT_PICK not in state
    adddoc._remember_click({"last_clicked": {"lat": "x", "lng": None}})
    adddoc._remember_click({"last_clicked": None})
    assert keys.DRAFT_PICK not in state
    adddoc._remember_click({"last_clicked": {"lat": 40.2, "lng": 45.9}})
    assert state[keys.DRAFT_PICK]["lat"] == 40.2
