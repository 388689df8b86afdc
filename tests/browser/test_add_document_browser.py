"""The Add a document page in Chromium: a short statement pasted, its proposals accepted, saved, and its
new place on the Incidents map at once."""

from __future__ import annotations

import os

import yaml

from caucasus_atlas.validate import validate
from tests.browser.harness import place_on_map, streamlit_server, wait_for_map
from tests.conftest import write_root

STATEMENT = "Statement of the ministry\nOn 14 July 2021 soldiers fired near Laçın, the ministry said.\n"
SHOTS = os.environ.get("CAUCASUS_ATLAS_SHOTS")


def _choose(page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option).click()


def test_a_pasted_statement_is_drafted_saved_and_mapped(tmp_path, offline_page):
    root = write_root(tmp_path / "root")
    page = offline_page
    with streamlit_server(root) as url:
        _draft(page, url, STATEMENT)
        if SHOTS:
            page.wait_for_timeout(3000)
            page.screenshot(path=f"{SHOTS}/add-document-drafted.png", full_page=True)
        # the proposal: its excerpt, the new place from the regional gazetteer, drawn on the preview map
        page.get_by_text("1 row(s) ticked, 1 drawn as they would be saved; 1 place(s) drawn: lacin.").wait_for(
            timeout=30_000
        )
        wait_for_map(page)
        place_on_map(page, "lacin")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/add-document-proposals.png", full_page=True)
        assert page.get_by_role("button", name="Download the bundle (YAML)").is_visible()
        page.get_by_role("button", name="Save into the atlas").click()
        page.get_by_text("Saved 1 account(s) of", exact=False).wait_for(timeout=30_000)
        # the note says the sidebar's range moved to the new accounts' day
        assert page.get_by_text(
            "The sidebar's date range is now 2021-07-14, the new accounts' dates", exact=False
        ).is_visible()
        assert validate(root) == []
        sources = yaml.safe_load((root / "events/sources/sources.yaml").read_text(encoding="utf-8"))
        [added] = [s for s in sources if s["id"].startswith("france-test-claimant-2021-07-14")]
        assert (root / "events/sources" / added["path"]).read_text(encoding="utf-8") == STATEMENT
        assert added["url"] == "https://example.org/statement"
        [event] = yaml.safe_load((root / "events/statements_added.yaml").read_text(encoding="utf-8"))
        assert event["excerpt"] == "On 14 July 2021 soldiers fired near Laçın, the ministry said."
        assert event["places"] == [{"place": "lacin", "role": "at"}] and event["date_start"] == "2021-07-14"
        # at once on the map, without a restart
        page.get_by_role("link", name="See them on the Incidents map").click()
        wait_for_map(page)
        place_on_map(page, "lacin")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/add-document-saved-map.png", full_page=True)


#: A statement whose dated sentence names no place of any gazetteer: its place is picked on the map.
UNPLACED = "Statement of the ministry\nOn 14 July 2021 soldiers fired near the village, the ministry said.\n"
#: The map object of the page's last map frame (the atlas's maps keep it as ``map_div``), set to a view and
#: asked where a point lies in its frame.
LAST_MAP = "const f = [...document.querySelectorAll(\"iframe[title='streamlit_folium.st_folium']\")].pop();"
MAP_READY = f"() => {{ {LAST_MAP} return !!(f && f.contentWindow && f.contentWindow.map_div); }}"
SET_VIEW = f"([lat, lon]) => {{ {LAST_MAP} f.contentWindow.map_div.setView([lat, lon], 12, {{animate: false}}); }}"
POINT_OF = (
    f"([lat, lon]) => {{ {LAST_MAP} const p = f.contentWindow.map_div.latLngToContainerPoint([lat, lon]); "
    "return [p.x, p.y]; }"
)


def _draft(page, url: str, text: str) -> None:
    page.goto(f"{url}/add")
    page.get_by_label("Paste the text (exactly as the page prints it)").fill(text)
    page.get_by_label("Address (URL) the text was read from").fill("https://example.org/statement")
    _choose(page, "Whose statement it is (Party – body)", "France – Test claimant")
    for part, value in (("year", "2021"), ("month", "07"), ("day", "14")):
        page.get_by_role("spinbutton", name=f"{part}, Published on").click()
        page.keyboard.type(value)
    page.keyboard.press("Escape")  # the date's calendar, if it opened, closes as a person would close it
    page.get_by_role("button", name="Draft the records").click()
    page.get_by_text("2. The proposals", exact=False).wait_for(timeout=30_000)


def _click_map_at(page, lat: float, lon: float) -> None:
    """Centre the draft's map on a point at zoom 12, as a curator pans there, then click that point with the
    mouse (off every drawn feature: the map itself takes the click)."""
    from tests.browser.harness import MAP_FRAME, wait_until_still

    frame = page.locator(MAP_FRAME).last
    frame.scroll_into_view_if_needed()
    page.wait_for_function(MAP_READY, timeout=60_000)
    wait_until_still(frame)
    page.evaluate(SET_VIEW, [lat, lon])
    page.wait_for_timeout(500)
    x, y = page.evaluate(POINT_OF, [lat, lon])
    box = frame.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def test_a_click_on_the_map_adds_the_nearest_place_or_a_new_point_to_a_sentence(tmp_path, offline_page):
    from caucasus_atlas import regional
    from caucasus_atlas.picking import nearest_places
    from caucasus_atlas.validate import load_atlas

    root = write_root(tmp_path / "root")
    lacin = next(s for s in regional.settlements() if s.geonameid == 147625)  # Laçın, as GeoNames places it
    page = offline_page
    with streamlit_server(root) as url:
        _draft(page, url, UNPLACED)
        # the accepted sentence has no place yet: the staged preview leaves it out and draws none
        page.get_by_text(
            "1 row(s) ticked, 0 drawn as they would be saved (1 ticked row(s) still to settle", exact=False
        ).wait_for(timeout=30_000)
        # a click 0.004° of latitude south of Laçın proposes Laçın, 0.4 km away, for the accepted sentence (#2)
        _click_map_at(page, lacin.lat - 0.004, lacin.lon)
        page.get_by_text("you clicked at", exact=False).wait_for(timeout=30_000)
        proposed = page.get_by_role("radio", name="Laçın (Azerbaijan, GeoNames 147625) — 0.4", exact=False)
        assert proposed.is_checked()
        assert page.get_by_label("for sentence #").input_value() == "2"
        page.get_by_role("button", name="Add to the sentence").click()
        page.get_by_text("Added Laçın (lacin, 0.4", exact=False).wait_for(timeout=30_000)
        page.get_by_text("1 row(s) ticked, 1 drawn as they would be saved; 1 place(s) drawn: lacin.").wait_for(
            timeout=30_000
        )
        place_on_map(page, "lacin")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/add-document-picked-place.png", full_page=True)
        # a click far from every known place proposes a new point there, and says whose coordinate it is
        places = load_atlas(root).places.values()
        far = next(
            (lacin.lat + d, lacin.lon + d)
            for d in (0.05, 0.08, 0.11, 0.14, 0.17, 0.2)
            if min(p.distance_km for p in nearest_places(lacin.lat + d, lacin.lon + d, places, regional.settlements())
                   if not p.inside) > 3
        )  # fmt: skip
        _click_map_at(page, *far)  # the point under the pixel clicked: within 0.0001° of ``far`` at zoom 12
        page.get_by_text(f"you clicked at {far[0]:.3f}", exact=False).wait_for(timeout=30_000)
        assert page.get_by_role("radio", name=f"A new point at {far[0]:.3f}", exact=False).is_checked()
        assert page.get_by_role("radio", name="your pick on the map, not a data set's", exact=False).count() == 1
        warning = page.get_by_text("The coordinate of a new point is your pick on the map, not a data set's")
        assert f"picked on the map by the curator at {far[0]:.3f}" in warning.inner_text()
        assert "(latitude, longitude; no data set)" in warning.inner_text()
        page.get_by_label("Name of the new point").fill("Hill by the road")
        page.get_by_label("for sentence #").fill("2")
        page.get_by_label("for sentence #").press("Enter")
        page.wait_for_timeout(1000)
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/add-document-new-point.png", full_page=True)
        page.get_by_role("button", name="Add to the sentence").click()
        page.get_by_text("Added the new point picked-", exact=False).wait_for(timeout=30_000)
        page.get_by_text("1 row(s) ticked, 1 drawn as they would be saved; 2 place(s) drawn:", exact=False).wait_for(
            timeout=30_000
        )
        wait_for_map(page)
        if SHOTS:
            page.wait_for_timeout(2000)
            page.screenshot(path=f"{SHOTS}/add-document-after-picks.png", full_page=True)
        assert page.get_by_text("Added the new point picked-", exact=False).is_visible()  # until the next click
        assert page.attempted == []
