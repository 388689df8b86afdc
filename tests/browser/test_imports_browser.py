"""Imported events in Chromium: drawn beside the curated accounts, a click reads the dataset's text, and
the Data page's uploader imports a file."""

from __future__ import annotations

import re

import pytest

from caucasus_atlas.imports import import_file
from tests.browser.harness import MAP_FRAME, streamlit_server, wait_for_map
from tests.conftest import write_root
from tests.import_fixtures import acled_csv, acled_minimal_csv

#: The page position of an imported dot well inside the map (the layer also draws a margin outside it).
CLICK_A_DOT = """() => {
  const l = Object.values(map_div._layers).find(l => l._hits && l._hits.length);
  const s = map_div.getSize(), r = map_div.getContainer().getBoundingClientRect();
  const h = l && l._hits.find(h => h[2] >= 0 && h[0] > 40 && h[1] > 40 && h[0] < s.x - 40 && h[1] < s.y - 40);
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


def test_the_uploader_imports_a_file(tmp_path, browser, chromium_path):
    root = write_root(tmp_path / "root")
    source = acled_minimal_csv(tmp_path / "mine.csv")
    with streamlit_server(root) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1500})
        page.goto(f"{url}/data")
        page.get_by_text("Import your own events").wait_for(timeout=30_000)
        page.locator("input[type='file']").set_input_files(str(source))
        page.get_by_role("button", name="Import").click()
        page.get_by_text("Imported 3 of 3 rows as 'mine'").wait_for(timeout=30_000)
        assert (root / "imports" / "mine.parquet").is_file()
        page.close()
