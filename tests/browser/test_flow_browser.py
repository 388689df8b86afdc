"""The flow of work, in Chromium against a real `streamlit run`: a shared link, the incident picker, the search's
results and the imported events, each checked as a person sees it."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

from caucasus_atlas.imports import import_file, load_imports
from tests.browser.harness import (
    MAP_FRAME,
    block_non_local,
    click_place,
    streamlit_server,
    wait_for_map,
    wait_for_run,
    wait_until_still,
)
from tests.conftest import write_root
from tests.import_fixtures import acled_csv, ucdp_csv

#: The map's centre and zoom, read in its frame.
VIEW = "() => [map_div.getCenter().lat, map_div.getCenter().lng, map_div.getZoom()]"


def _map(page, nth: int):
    return page.locator(MAP_FRAME).nth(nth).content_frame


def _view(page, nth: int) -> list[float]:
    return _map(page, nth).locator("body").evaluate(f"(_) => ({VIEW})()")


def _set_view(page, nth: int, lat: float, lon: float, zoom: int) -> None:
    _map(page, nth).locator("body").evaluate(
        "(_, v) => map_div.setView([v[0], v[1]], v[2], {animate: false})", [lat, lon, zoom]
    )


def _param(page, name: str) -> str | None:
    return _param_of(page.url, name)


def _param_of(url: str, name: str) -> str | None:
    values = parse_qs(urlparse(url).query).get(name)
    return values[0] if values else None


def _select_ashaghy_buzqov_in_a_view_of_its_own(page) -> None:
    """Pan and zoom the page's first map away from its first view, then select Ashaghy Buzqov's event on it by
    a click; wait until the address carries the event."""
    _set_view(page, 0, 39.6, 45.3, 10)
    click_place(page, "ashaghy-buzqov", nth=0)
    page.get_by_role("heading", name="Ashaghy Buzqov").wait_for(timeout=15_000)
    page.wait_for_function("() => location.search.includes('event=border-2021-05-28-ashaghy-buzqov-fire')")
    wait_for_run(page)


def _same_view(seen: list[float], sent: list[float]) -> bool:
    return abs(seen[0] - sent[0]) < 1e-3 and abs(seen[1] - sent[1]) < 1e-3 and seen[2] == sent[2]


def _fresh_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1500})
    block_non_local(context, [])
    return context, context.new_page()


def _address_holds_the_view(page, param: str, nth: int) -> None:
    """Wait until the address carries map ``nth``'s view as it is now (written at the end of each move)."""
    page.wait_for_function(
        """([selector, nth, param]) => {
             const map = document.querySelectorAll(selector)[nth].contentWindow.map_div, c = map.getCenter();
             const v = new URLSearchParams(location.search).get(param);
             return v === c.lat.toFixed(4) + ',' + c.lng.toFixed(4) + ',' + map.getZoom(); }""",
        arg=[MAP_FRAME, nth, param],
        timeout=15_000,
    )


def test_a_link_with_an_event_selected_opens_on_the_senders_view(server, browser):
    """Pan and zoom, select an event by a click on the map, copy the address: a fresh browser opened on it
    shows the same centre, zoom and selected event (the map does not refit on the event)."""
    context, page = _fresh_page(browser)
    page.goto(f"{server}/map?from=2021-05-01&to=2021-05-31")
    wait_for_map(page)
    wait_for_run(page)
    _select_ashaghy_buzqov_in_a_view_of_its_own(page)
    _address_holds_the_view(page, "view", 0)
    sent, url = _view(page, 0), page.url
    assert sent[2] == 10, sent
    context.close()

    context, again = _fresh_page(browser)
    again.goto(url)
    wait_for_map(again)
    wait_for_run(again)
    again.get_by_role("heading", name="Selected event").wait_for(timeout=15_000)
    again.get_by_text("in the night leading to 28 May").first.wait_for(timeout=15_000)
    again.wait_for_timeout(1500)  # a refit, had there been one, lands in this time
    seen = _view(again, 0)
    assert _same_view(seen, sent), (seen, sent)
    assert _param(again, "event") == "border-2021-05-28-ashaghy-buzqov-fire"
    assert _param(again, "view") == _param_of(url, "view")
    context.close()


def test_the_border_pages_two_maps_each_keep_their_view_in_a_link(server, browser):
    """The Border page's main map and its incident map each write their own parameter; a link restores both,
    with the event selected on the main map."""
    context, page = _fresh_page(browser)
    page.goto(f"{server}/border?from=2021-05-01&to=2021-05-31")
    wait_for_map(page)
    page.locator(MAP_FRAME).nth(1).wait_for(timeout=30_000)
    _map(page, 1).locator("path.leaflet-interactive").first.wait_for(timeout=30_000)
    wait_for_run(page)
    _select_ashaghy_buzqov_in_a_view_of_its_own(page)
    _set_view(page, 1, 40.05, 45.75, 11)
    _address_holds_the_view(page, "view", 0)
    _address_holds_the_view(page, "incident_view", 1)
    main, incident, url = _view(page, 0), _view(page, 1), page.url
    assert incident[:2] != main[:2] and _param(page, "view") != _param(page, "incident_view")
    context.close()

    context, again = _fresh_page(browser)
    again.goto(url)
    wait_for_map(again)
    _map(again, 1).locator("path.leaflet-interactive").first.wait_for(timeout=30_000)
    wait_for_run(again)
    again.get_by_role("heading", name="Selected event").wait_for(timeout=15_000)
    again.get_by_text("in the night leading to 28 May").first.wait_for(timeout=15_000)
    again.wait_for_timeout(1500)
    seen_main, seen_incident = _view(again, 0), _view(again, 1)
    assert _same_view(seen_main, main), (seen_main, main)
    assert _same_view(seen_incident, incident), (seen_incident, incident)
    assert _param(again, "event") == "border-2021-05-28-ashaghy-buzqov-fire"
    context.close()


def _incident_counts(start: str, end: str, query: str = "") -> dict[str, tuple[int, int]]:
    """Each incident's accounts in a filter and in all, worked out by the package (the sidebar's default topics)."""
    import datetime as dt

    from caucasus_atlas import incidents, settings
    from caucasus_atlas.events import filter_events, search_events
    from caucasus_atlas.tables import tables
    from caucasus_atlas.validate import load_atlas

    t = tables(load_atlas(settings.PROJECT_ROOT))
    ids = search_events(t.events, t.event_places, t.places, query, t.incidents) if query else None
    kept = filter_events(
        t.events, start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end), event_ids=ids, within=True
    )
    return incidents.choices(t.events, t.incidents, t.places, kept.index, query).counts


def _picker(page):
    return page.get_by_test_id("stSelectbox").filter(has_text="with accounts in this filter")


def test_the_incident_picker_follows_the_date_range_and_the_search(server, offline_page):
    """25–26 May: the picker lists only the incidents with accounts in those days, opens on the one with most,
    and marks each account inside or outside the range; a search naming an incident opens on it; a search
    that matches nothing says so."""
    page = offline_page
    expected = _incident_counts("2021-05-25", "2021-05-26")
    best = max(expected, key=lambda i: expected[i][0])
    assert best == "inc-2021-05-25-verin-shorzha" and 1 < len(expected) < 13, expected
    page.goto(f"{server}/border?from=2021-05-25&to=2021-05-26")
    wait_for_map(page)
    wait_for_run(page)
    picker = _picker(page)
    picker.wait_for(timeout=30_000)
    label = picker.text_content() + " " + picker.get_by_role("combobox").input_value()
    assert f"({len(expected)} of 13 with accounts in this filter)" in label, label
    kept, total = expected[best]
    assert "Death of an Armenian serviceman, Verin Shorzha" in label and f"{kept} of {total} accounts" in label, label
    # the list offers exactly the incidents with accounts in these days
    picker.scroll_into_view_if_needed()
    wait_until_still(picker)  # the maps above settle once Streamlit sizes their frames
    picker.get_by_role("combobox").click()
    listed = page.get_by_test_id("stSelectboxVirtualDropdown").get_by_role("option")
    listed.first.wait_for(state="attached", timeout=10_000)
    options = listed.all_text_contents()
    assert len(options) == len(expected), options
    assert not any("Lake Garagol" in o for o in options) or "inc-2021-05-12-sev-lich" in expected
    assert not any("Ashaghy Buzqov" in o for o in options)
    page.keyboard.press("Escape")
    # each account of the chosen incident is marked: inside the range or outside it (every one shown: a
    # party's column opens on its first six)
    page.get_by_text("Show every account (each", exact=False).click()
    page.get_by_text("more: switch on “Show every account” above.", exact=False).first.wait_for(
        state="detached", timeout=15_000
    )
    within = page.get_by_text("dated within the range", exact=True)
    outside = page.get_by_text("dated outside the range", exact=True)
    assert (within.count(), outside.count()) == (kept, total - kept)
    assert within.first.is_visible()
    assert page.get_by_text(f"{kept} of {total} accounts are dated within the range").is_visible()

    box = page.get_by_placeholder("words, names, places")
    box.fill("Ashaghy Buzqov")
    box.press("Enter")
    # the fire at Ashaghy Buzqov was on 28 May: no incident is left in 25–26 May
    page.get_by_text("No incident has an account dated within 2021-05-25 – 2021-05-26 matching the search").wait_for(
        timeout=15_000
    )
    page.goto(f"{server}/border?from=2021-05-01&to=2021-05-31&q=Ashaghy+Buzqov")
    wait_for_map(page)
    wait_for_run(page)
    picker = _picker(page)
    picker.wait_for(timeout=30_000)
    label = picker.text_content() + " " + picker.get_by_role("combobox").input_value()
    searched = _incident_counts("2021-05-01", "2021-05-31", "Ashaghy Buzqov")
    assert f"({len(searched)} of 13 with accounts in this filter)" in label, label
    assert "Fire reported at Ashaghy Buzqov" in label, label
    box = page.get_by_placeholder("words, names, places")
    box.fill("no such words here")
    box.press("Enter")
    message = page.get_by_text("No incident has an account dated within May 2021 matching the search")
    message.wait_for(timeout=15_000)
    assert message.is_visible() and _picker(page).count() == 0


def _search_in_may(query: str) -> list[str]:
    """The events of May 2021 a search keeps, worked out by the package."""
    import datetime as dt

    from caucasus_atlas import settings
    from caucasus_atlas.events import filter_events, search_events
    from caucasus_atlas.tables import tables
    from caucasus_atlas.validate import load_atlas

    t = tables(load_atlas(settings.PROJECT_ROOT))
    found = search_events(t.events, t.event_places, t.places, query, t.incidents)
    may = filter_events(t.events, start=dt.date(2021, 5, 1), end=dt.date(2021, 5, 31), event_ids=found, within=True)
    return list(may.index)


def _rows(page, prefix: str):
    return page.locator(f"[class*='st-key-{prefix}-row-']")


def _row(page, prefix: str, event_id: str):
    return page.locator(f".st-key-{prefix}-row-{event_id}")


def test_a_search_lists_its_events_with_links_to_the_map_and_the_passage(server, offline_page):
    page = offline_page
    found = _search_in_may("Ashaghy Buzqov")
    assert 3 <= len(found) <= 40, found
    page.goto(f"{server}/map?from=2021-05-01&to=2021-05-31&q=Ashaghy+Buzqov")
    wait_for_map(page)
    wait_for_run(page)
    page.get_by_text(f"{len(found)} events in this filter match “Ashaghy Buzqov”").wait_for(timeout=15_000)
    rows = _rows(page, "incidents_map")
    assert rows.count() == len(found)
    fire = "border-2021-05-28-ashaghy-buzqov-fire"
    row = _row(page, "incidents_map", fire)
    text = row.inner_text()
    # the event, its date and who claims it, as the panel would give them
    assert "2021-05-28" in text and "Azerbaijan – Ministry of Defence" in text and "Ashaghy Buzqov" in text, text
    assert row.get_by_role("button", name="On the map").is_visible()
    assert row.get_by_role("link", name="Passage").is_visible()
    # elsewhere in view first, then "On the map": the map moves to the event and the panel shows it
    _set_view(page, 0, 41.5, 48.5, 9)
    row.get_by_role("button", name="On the map").click()
    page.wait_for_function(f"() => location.search.includes('event={fire}')", timeout=15_000)
    page.get_by_role("heading", name="Selected event").wait_for(timeout=15_000)
    page.get_by_text("in the night leading to 28 May").first.wait_for(timeout=15_000)
    page.wait_for_function(
        """(selector) => { const map = document.querySelector(selector).contentWindow.map_div;
             return map && map.getBounds && map.getBounds().contains([39.51528, 45.40222]) && map.getZoom() >= 8; }""",
        arg=MAP_FRAME,
        timeout=15_000,
    )
    # "Passage": the Source reader, in this tab, on the event's words
    _row(page, "incidents_map", fire).get_by_role("link", name="Passage").click()
    page.wait_for_url(f"**/source?**event={fire}**", timeout=15_000)
    page.get_by_text("in the night leading to 28 May").first.wait_for(timeout=30_000)


def test_the_overviews_latest_events_are_links(server, offline_page):
    page = offline_page
    page.goto(f"{server}/?from=2021-05-01&to=2021-05-31")
    wait_for_map(page)
    wait_for_run(page)
    page.get_by_role("heading", name="Latest events").wait_for(timeout=15_000)
    rows = _rows(page, "latest")
    assert rows.count() == 8
    first = rows.first
    event_id = next(c for c in first.get_attribute("class").split() if c.startswith("st-key-latest-row-"))
    event_id = event_id.removeprefix("st-key-latest-row-")
    assert all(
        rows.nth(i).get_by_role("button", name="On the map").count() == 1
        and rows.nth(i).get_by_role("link", name="Passage").count() == 1
        for i in range(8)
    )
    first.get_by_role("button", name="On the map").click()
    page.wait_for_function(f"() => location.search.includes('event={event_id}')", timeout=15_000)
    page.get_by_role("heading", name="Selected event").wait_for(timeout=15_000)
    _row(page, "latest", event_id).get_by_role("link", name="Passage").click()
    page.wait_for_url(f"**/source?**event={event_id}**", timeout=15_000)


@pytest.fixture(scope="module")
def imports_root(tmp_path_factory, chromium_path):
    """A data folder with an ACLED import and a UCDP GED import (made-up rows, see tests/import_fixtures.py)."""
    base = tmp_path_factory.mktemp("flow-imports")
    root = write_root(base / "root")
    import_file(root, "acled", acled_csv(base / "acled.csv", rows=400), name="acled-test")
    import_file(root, "ucdp", ucdp_csv(base / "ucdp.csv", rows=200), name="ucdp-test")
    return root


@pytest.fixture(scope="module")
def imports_server(imports_root):
    with streamlit_server(imports_root) as url:
        yield url


def _imported_2021(root) -> pd.DataFrame:
    """The imported events dated (at least partly) in 2021, read from the data folder."""
    frame, _, problems = load_imports(root)
    assert not problems
    start, end = pd.Timestamp("2021-01-01"), pd.Timestamp("2022-01-01")
    return frame[(frame["date_start"] < end) & (frame["date_end"] >= start)]


#: Whether the page's first map draws exactly ``n`` imported events (it redraws after a filter change).
DRAWN_IS = """([selector, n]) => { const f = document.querySelector(selector), w = f && f.contentWindow;
  const m = w && w.map_div, l = m && m._layers && Object.values(m._layers).find(l => l.points);
  return !!l && l.points.n === n; }"""


def _wait_drawn(page, n: int) -> None:
    page.wait_for_function(DRAWN_IS, arg=[MAP_FRAME, n], timeout=30_000)


def _count_line(page, n: int):
    return page.get_by_text(f"Also on the map: {n:,} imported event{'s' if n != 1 else ''} in this filter")


def _choose(page, label: str, option: str) -> None:
    """Choose ``option`` in the sidebar's multiselect ``label``, as a person does: open it, type, Enter."""
    box = page.get_by_test_id("stSidebar").get_by_role("combobox", name=label)
    box.click()
    box.fill(option)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def test_imported_filters_narrow_the_dots_and_the_count_says_how_many(imports_server, imports_root, offline_page):
    page = offline_page
    frame = _imported_2021(imports_root)
    page.goto(f"{imports_server}/map?from=2021-01-01&to=2021-12-31")
    wait_for_map(page)
    wait_for_run(page)
    _count_line(page, len(frame)).wait_for(timeout=30_000)
    _wait_drawn(page, len(frame))

    battles = frame[frame["event_type"] == "Battles"]
    assert 0 < len(battles) < len(frame)
    _choose(page, "Event type (imported)", "Battles")
    _count_line(page, len(battles)).wait_for(timeout=30_000)
    assert "event type Battles" in page.get_by_test_id("stMain").inner_text()
    _wait_drawn(page, len(battles))

    # the fatalities' lower bound one step up: the events with no count or none go
    killed = battles[battles["fatalities"].fillna(0) >= 1]
    assert 0 < len(killed) < len(battles)
    slider = page.get_by_test_id("stSidebar").get_by_test_id("stSlider").filter(has_text="Fatalities")
    slider.get_by_role("slider").first.focus()
    page.keyboard.press("ArrowRight")
    _count_line(page, len(killed)).wait_for(timeout=30_000)
    _wait_drawn(page, len(killed))

    page.goto(f"{imports_server}/map?from=2021-01-01&to=2021-12-31")  # a new session: the filters at rest
    wait_for_map(page)
    ucdp = frame[frame["dataset"] == "UCDP GED"]
    assert 0 < len(ucdp) < len(frame)
    _choose(page, "Dataset", "UCDP GED")
    _count_line(page, len(ucdp)).wait_for(timeout=30_000)


#: A count (below the cluster zoom) well inside the map with more than ``min`` events: [x, y, count] in the page.
A_COUNT = """(min) => {
  const v = map_div.caImportedView;  // counts made on the server for this very view (not one still on its way)
  if (!v || v.payload.zoom !== map_div.getZoom() || !v.layer._hits) { return null; }
  const s = map_div.getSize(), r = map_div.getContainer().getBoundingClientRect();
  const h = v.layer._hits.filter(h => h[2] < 0 && h[6] > min && h[0] > 50 && h[1] > 50
    && h[0] < s.x - 50 && h[1] < s.y - 50).sort((a, b) => b[6] - a[6])[0];
  return h ? [h[0] + r.left, h[1] + r.top, h[6]] : null;
}"""


def test_a_click_on_a_count_of_imported_events_lists_them(imports_server, offline_page):
    page = offline_page
    page.goto(f"{imports_server}/map?from=2021-01-01&to=2021-12-31")
    wait_for_map(page)
    wait_for_run(page)
    frame = page.locator(MAP_FRAME).first.element_handle().content_frame()
    frame.wait_for_function(
        "() => window.map_div && Object.values(map_div._layers).some(l => l._hits && l._hits.length)"
    )
    frame.evaluate("() => map_div.setView([40.0, 45.9], 7, {animate: false})")
    frame.wait_for_function(A_COUNT, arg=8)
    wait_until_still(page.locator(MAP_FRAME).first)  # laid out where Streamlit sizes it
    x, y, count = frame.evaluate(A_COUNT, 8)
    box = page.locator(MAP_FRAME).first.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.get_by_role("heading", name=f"{count} imported events here").wait_for(timeout=15_000)
    pile = page.locator(".st-key-imported-pile")
    entries = pile.get_by_role("button")
    entries.first.wait_for(timeout=15_000)
    wait_for_run(page)
    assert entries.count() == min(count, 100)
    # a list taller than its box scrolls
    assert pile.evaluate(
        "(e) => { const s = e.querySelector('[data-testid=stVerticalBlock]') || e;"
        " return e.scrollHeight > e.clientHeight || s.scrollHeight > s.clientHeight; }"
    )
    # each entry opens its record
    label = entries.nth(2).inner_text()
    day, dataset, _, location = [part.strip() for part in label.split("·")[:4]]
    entries.nth(2).click()
    page.get_by_text("The dataset's words", exact=False).first.wait_for(timeout=15_000)
    panel = page.get_by_test_id("stMain").inner_text()
    assert re.search(rf"{re.escape(dataset)} event \S+", panel), panel
    assert f"{day}" in panel and location in panel
    # the map did not move: the count's click lists, it does not zoom
    assert frame.evaluate("() => map_div.getZoom()") == 7
