"""Hostile text stays text: payloads in every data field, the search box and the address never run."""

from __future__ import annotations

import contextlib
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from tests.browser.harness import MAP_FRAME, block_non_local, streamlit_server, wait_for_map, wait_for_run
from tests.hostile import PAYLOADS, URL_LINKS, write_hostile_root

PAGES = ["overview", "map", "border", "reconstruction", "timeline", "source", "data", "about"]
MAP_PAGES = {"overview", "map", "border", "reconstruction"}

#: Open every feature's tooltip and popup as a click would (Leaflet's own events, in the map's frame),
#: and return the text each popup showed.
OPEN_EVERY_FEATURE = """() => {
  const texts = [];
  for (const k in map_div._layers) {
    const l = map_div._layers[k];
    if (!l.feature || !l.getPopup || !l.getPopup()) continue;  // the basemap's shapes have no popup
    const at = l.getLatLng ? l.getLatLng() : l.getBounds().getCenter();
    l.fire('mouseover', {latlng: at});
    l.fire('click', {latlng: at, layer: l});
    const popup = document.querySelector('.leaflet-popup-content');
    texts.push(popup ? popup.innerText : '');
  }
  return texts;
}"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory, chromium_path):
    root = write_hostile_root(tmp_path_factory.mktemp("hostile"))
    with streamlit_server(root) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1500})
    block_non_local(context, [])
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


def _ran(page) -> list[str]:
    """Names of the payloads that ran, in the page or in any of its frames."""
    found = []
    for frame in page.frames:
        with contextlib.suppress(Exception):  # a frame being replaced by a rerun
            found += frame.evaluate("() => (window.__pwned || []).concat(window.top.__pwned || [])")
    return sorted(set(found))


@pytest.mark.parametrize("path", PAGES)
def test_payloads_in_the_data_render_as_text_on_every_page(hostile_server, page, path):
    page.goto(f"{hostile_server}/{path}")
    page.get_by_text("Source:", exact=False).first.wait_for(timeout=30_000)
    wait_for_run(page)
    main = page.get_by_test_id("stMain").inner_text()
    assert "Traceback" not in main
    assert PAYLOADS["img"] in main or PAYLOADS["script"] in main  # the banner shows the title as written
    if path in MAP_PAGES:
        wait_for_map(page)
        frame = page.locator(MAP_FRAME).last.element_handle().content_frame()
        popups = frame.evaluate(OPEN_EVERY_FEATURE)
        assert popups and all(popups)
        shown = "\n".join(popups)
        assert any(p in shown for p in PAYLOADS.values()), shown
        # the click reruns the page: the panel leaves its empty state and shows the event's texts too
        expect(page.get_by_text("Click a circle, a line or a shaded area")).to_have_count(0, timeout=15_000)
        wait_for_run(page)
    assert _ran(page) == []
    assert page.locator(URL_LINKS).count() == 0  # an address in the data is text, never a live link


def test_payloads_in_the_address_and_the_search_box_stay_text(hostile_server, page):
    query = urlencode([("q", PAYLOADS["img"]), ("event", PAYLOADS["script"]), ("topic", PAYLOADS["svg"])])
    page.goto(f"{hostile_server}/map?{query}")
    page.get_by_text("Parts of the address could not be used").wait_for(timeout=30_000)
    notes = page.get_by_test_id("stAlert").filter(has_text="Parts of the address").inner_text()
    assert "<script>" in notes and "<svg" in notes
    box = page.get_by_placeholder("words, names, places")
    for text in (PAYLOADS["close"][:190], PAYLOADS["img"]):
        box.fill(text)
        box.press("Enter")
        # the search has run: the address carries it
        page.wait_for_function("q => new URL(location.href).searchParams.get('q') === q", arg=text.strip())
        wait_for_run(page)
    assert _ran(page) == []
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_real_click_on_a_hostile_place_opens_its_panel_as_text(hostile_server, page):
    from tests.browser.harness import click_place

    page.goto(f"{hostile_server}/map")
    wait_for_map(page)
    click_place(page, "alpha")
    page.get_by_role("heading", name=f"Alpha {PAYLOADS['img']}").wait_for(timeout=15_000)
    page.get_by_text("The source's words", exact=False).first.wait_for(timeout=15_000)
    panel = page.get_by_test_id("stMain").inner_text()
    assert PAYLOADS["img"] in panel and f"Claimant {PAYLOADS['script']}" in panel
    assert _ran(page) == []


def test_payloads_in_imported_events_stay_text(hostile_server, page):
    from tests.browser.harness import MAP_FRAME

    page.goto(f"{hostile_server}/map")
    wait_for_map(page)
    frame = page.locator(MAP_FRAME).last.element_handle().content_frame()
    frame.wait_for_function("() => Object.values(map_div._layers).some(l => l._hits && l._hits.length)")
    frame.evaluate("() => map_div.setView([40.22, 46.30], 12, {animate: false})")
    find_dot = """() => { const l = Object.values(map_div._layers).find(l => l._hits && l._hits.length);
                   const r = map_div.getContainer().getBoundingClientRect();
                   const s = map_div.getSize();
                   const h = l && l._hits.find(h => h[2] >= 0 && h[0] > 0 && h[1] > 0 && h[0] < s.x && h[1] < s.y);
                   return h ? [h[0] + r.left, h[1] + r.top] : null; }"""
    frame.wait_for_function(find_dot)  # the dots are drawn at the new view
    x, y = frame.evaluate(find_dot)
    box = page.locator(MAP_FRAME).last.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.get_by_text("The dataset's words", exact=False).first.wait_for(timeout=15_000)
    panel = page.get_by_test_id("stMain").inner_text()
    assert any(p in panel for p in PAYLOADS.values()), panel
    wait_for_run(page)
    assert _ran(page) == []
    assert page.locator(URL_LINKS).count() == 0
