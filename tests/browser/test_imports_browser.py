"""Imported events in Chromium: drawn beside the curated accounts, a click reads the dataset's text, and
the Data page's uploader imports a file."""

from __future__ import annotations

import re

import pytest

from caucasus_atlas.imports import import_file, load_imports
from caucasus_atlas.loadtest import in_own_loop
from tests.browser.harness import IMPORTED_SERVED, MAP_FRAME, block_non_local, streamlit_server, wait_for_map
from tests.conftest import write_root
from tests.import_fixtures import acled_csv, acled_minimal_csv
from tests.streamlit_ws import page_text

#: The page position of an imported dot well inside the map (the layer also draws a margin outside it), alone.
CLICK_A_DOT = """() => {
  const l = Object.values(map_div._layers).find(l => l._hits && l._hits.length);
  const s = map_div.getSize(), r = map_div.getContainer().getBoundingClientRect();
  const h = l && l._hits.find(h => h[2] >= 0 && h[0] > 40 && h[1] > 40 && h[0] < s.x - 40 && h[1] < s.y - 40
    && AtlasCore.pileAt(l._hits, h, 4).length === 1);  // alone: dots on top of one another open a list
  return h ? [h[0] + r.left, h[1] + r.top] : null;
}"""


@pytest.fixture(scope="module")
def import_server(tmp_path_factory, chromium_path):
    base = tmp_path_factory.mktemp("imports")
    root = write_root(base / "root")
    import_file(root, "acled", acled_csv(base / "acled.csv", rows=300), name="acled-test")
    with streamlit_server(root) as url:
        yield url


def test_a_click_on_an_imported_event_shows_its_text(import_server, offline_page):
    page = offline_page
    page.goto(f"{import_server}/map")
    wait_for_map(page)
    frame = page.locator(MAP_FRAME).last.element_handle().content_frame()
    frame.wait_for_function("() => Object.values(map_div._layers).some(l => l._hits && l._hits.length)")
    frame.evaluate("() => map_div.setView([40.0, 45.9], 9, {animate: false})")
    frame.wait_for_function(CLICK_A_DOT)  # a dot is drawn well inside the map at the new view
    x, y = frame.evaluate(CLICK_A_DOT)
    box = page.locator(MAP_FRAME).last.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.get_by_text("The dataset's words", exact=False).first.wait_for(timeout=15_000)
    panel = page.get_by_test_id("stMain").inner_text()
    assert re.search(r"ACLED event AZE\d{5}", panel)
    assert re.search(r"made-up forces exchanged fire near place \d+\.", panel)
    assert "a paraphrase, not a primary text" in panel


def test_the_sidebar_toggles_a_dataset_off(import_server, offline_page):
    page = offline_page
    page.goto(f"{import_server}/map")
    wait_for_map(page)
    frame = page.locator(MAP_FRAME).last.element_handle().content_frame()
    frame.wait_for_function("() => document.querySelector('canvas.ca-imported') !== null")
    page.get_by_role("button", name="Remove acled-test").click()
    page.wait_for_function(
        """() => { const f = document.querySelectorAll("iframe[title='streamlit_folium.st_folium']");
                   const d = f[f.length - 1].contentDocument; return d && d.querySelector('.leaflet-container')
                     && !d.querySelector('canvas.ca-imported'); }""",
        timeout=30_000,
    )


#: The map's view and whether the imported events it holds were made for it (see static/atlas/core.js).
SERVED = IMPORTED_SERVED


def _map_at_zoom_7(page, url):
    """The map's frame, once its first imported events came and it was set at zoom 7 with their own."""
    page.goto(f"{url}/map")
    wait_for_map(page)
    frame = page.locator(MAP_FRAME).last.element_handle().content_frame()
    frame.wait_for_function(SERVED, timeout=30_000)
    frame.evaluate("() => { window.sameFrame = true; map.setView([40.0, 46.0], 7, {animate: false}); }")
    frame.wait_for_function(f"() => map.caImportedView.payload.zoom === 7 && ({SERVED})()", timeout=30_000)
    return frame


def test_the_imported_layer_follows_the_view_without_redrawing_the_map(import_server, offline_page):
    frame = _map_at_zoom_7(offline_page, import_server)
    first = frame.evaluate("() => map.caImportedView.payload")
    assert first["mode"] == "cells" and first["zoom"] == 7 and first["total"] == first["inView"] > 0
    counts = frame.evaluate("() => Array.from(map.caImportedView.layer._data.count)")
    assert sum(counts) == first["inView"]
    frame.evaluate("() => map.setView([40.0, 45.9], 12, {animate: false})")
    frame.wait_for_function(SERVED, timeout=30_000)
    close = frame.evaluate("() => map.caImportedView.payload")
    assert close["mode"] == "points" and close["zoom"] == 12 and close["n"] == close["inView"] < first["inView"]
    assert frame.evaluate("() => window.sameFrame === true")  # the same map: its layer was replaced in place
    note = frame.locator(".ca-imported-note").inner_text()
    assert f"{close['inView']:,} in and around this view, each drawn" in note


def test_a_desktop_map_opens_with_the_imported_events_of_its_own_view(import_server, browser):
    """The server guesses the first view as the map fits it in a desktop's window (1440 pixels wide): the
    imported events come with the map, and the map asks for nothing more (no second rerun on opening)."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    block_non_local(context, [])
    page = context.new_page()
    page.goto(f"{import_server}/map")
    wait_for_map(page)
    frame = page.locator(MAP_FRAME).last.element_handle().content_frame()
    frame.wait_for_function(SERVED, timeout=30_000)
    page.wait_for_timeout(1500)  # time for a request the map would make
    state = frame.evaluate("() => [map.caImportedView.payload.zoom, map.getZoom(), map.caImportedView.asked, "
                           "map.caImportedView.firstShownAt === map.caImportedView.shownAt]")  # fmt: skip
    context.close()
    assert state[0] == state[1] and state[2] is None and state[3], state


def test_a_click_on_a_count_lists_its_events(import_server, offline_page):
    page = offline_page
    frame = _map_at_zoom_7(page, import_server)
    # the largest count well inside the map, where no curated place lies on top of it
    x, y, count = frame.evaluate(
        """() => { const s = map.getSize(), r = map.getContainer().getBoundingClientRect();
                   const free = (h) => { const e = document.elementFromPoint(h[0] + r.left, h[1] + r.top);
                     return !(e && e.tagName === 'path'); };
                   const h = map.caImportedView.layer._hits.filter(h => h[6] > 1 && h[0] > 60 && h[1] > 60
                     && h[0] < s.x - 60 && h[1] < s.y - 60 && free(h)).sort((a, b) => b[6] - a[6])[0];
                   return [h[0] + r.left, h[1] + r.top, h[6]]; }"""
    )
    box = page.locator(MAP_FRAME).last.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.get_by_text(f"{count:,} imported events here").first.wait_for(timeout=15_000)
    listed = page.locator(".st-key-imported-pile button").count()
    assert listed == min(count, 100)


def _upload(browser, url, source):
    """Open the Data page, choose ``source`` in the uploader and press Import; the page."""
    page = browser.new_page(viewport={"width": 1400, "height": 1500})
    page.goto(f"{url}/data")
    page.get_by_text("Import your own events").wait_for(timeout=30_000)
    page.locator("input[type='file']").set_input_files(str(source))
    page.get_by_role("button", name="Import").click()
    return page


def test_the_uploader_imports_a_file(tmp_path, browser, chromium_path):
    root = write_root(tmp_path / "root")
    source = acled_minimal_csv(tmp_path / "mine.csv")
    with streamlit_server(root) as url:
        page = _upload(browser, url, source)
        page.get_by_text("Imported 3 of 3 rows of mine.csv as 'mine'").wait_for(timeout=30_000)
        assert (root / "imports" / "mine.parquet").is_file()
        page.close()


def test_a_click_during_an_upload_does_not_lose_it(tmp_path, browser, chromium_path):
    """The import runs to its end in the background: clicking a sidebar option right after "Import" (which
    reruns the page) neither stops it nor leaves a file that is never registered."""
    root = write_root(tmp_path / "root")
    source = acled_csv(tmp_path / "big.csv", rows=60_000, seed=5)
    with streamlit_server(root) as url:
        page = _upload(browser, url, source)
        switch = page.get_by_text("Also show events dated only to a wider period")
        switch.click()  # a rerun while the import runs, and another
        switch.click()
        page.get_by_text(f"Imported {60_000 - 6:,} of 60,000 rows of big.csv", exact=False).wait_for(timeout=90_000)
        frame, records, problems = load_imports(root)
        assert problems == [] and [r["file"] for r in records] == ["big.csv"] and len(frame) == 60_000 - 6
        page.close()


def test_on_a_network_address_only_a_curator_may_import(tmp_path, browser, chromium_path):
    """A server listening on an address other than localhost (127.0.0.2 stands for one) offers no upload to a
    visitor; with the operator's tokens set, a wrong token is refused and a curator's opens the uploader."""
    root = write_root(tmp_path / "root")
    with streamlit_server(root, address="127.0.0.2") as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1500})
        page.goto(f"{url}/data")
        page.get_by_text("Imports are for curators", exact=False).first.wait_for(timeout=30_000)
        assert page.locator("input[type='file']").count() == 0
        page.close()
    tokens = {"CAUCASUS_ATLAS_CURATOR_TOKENS": "anna=correct-horse-battery"}
    with streamlit_server(root, address="127.0.0.2", extra_env=tokens) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1500})
        page.goto(f"{url}/data")
        box = page.get_by_label("Curator token")
        box.wait_for(timeout=30_000)
        assert page.locator("input[type='file']").count() == 0
        box.fill("a-guess-of-a-token")
        page.get_by_role("button", name="Enter").click()
        page.get_by_text("That is not a curator token of this server.").wait_for(timeout=15_000)
        assert page.locator("input[type='file']").count() == 0
        page.get_by_label("Curator token").fill("correct-horse-battery")
        page.get_by_role("button", name="Enter").click()
        page.locator("input[type='file']").wait_for(state="attached", timeout=15_000)
        page.locator("input[type='file']").set_input_files(str(acled_minimal_csv(tmp_path / "mine.csv")))
        page.get_by_role("button", name="Import").click()
        page.get_by_text("Imported 3 of 3 rows of mine.csv as 'mine'").wait_for(timeout=30_000)
        _, records, _ = load_imports(root)
        assert records[0]["added_by"] == "anna" and records[0]["added_at"].startswith("20")
        page.close()


def test_behind_a_proxy_a_visitor_is_not_taken_for_this_machine_s_user(tmp_path):
    """A server on localhost reached through a reverse proxy (the request carries X-Forwarded-For): the
    uploader is for curators only.

    Spoken in Streamlit's own websocket protocol, with the header on the websocket's handshake as a proxy
    sends it: Chromium 150 no longer adds a context's extra headers to a websocket's handshake, so a
    browser here cannot stand for a proxied visitor."""
    root = write_root(tmp_path / "root")
    with streamlit_server(root) as url:
        proxied = in_own_loop(page_text(url, "data", {"X-Forwarded-For": "203.0.113.7"}))
        direct = in_own_loop(page_text(url, "data"))
    assert "Imports are for curators" in proxied and "file_uploader" not in proxied
    assert "Imports are for curators" not in direct and "file_uploader" in direct  # the same page, straight
