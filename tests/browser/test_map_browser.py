"""What a person does, in Chromium against a real `streamlit run`, with the internet cut off."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from caucasus_atlas import settings
from tests.browser.harness import (
    MAP_FRAME,
    block_non_local,
    click_place,
    expected_features,
    feature_count,
    streamlit_server,
    wait_for_features,
    wait_for_map,
    wait_for_run,
    wait_until_still,
)


def test_map_draws_offline_with_local_assets_only(server, offline_page):
    page = offline_page
    page.goto(server)
    wait_for_map(page)
    may = expected_features(*settings.DEFAULT_DATE_RANGE)
    assert wait_for_features(page, may) == may
    frame = page.frame_locator(MAP_FRAME).last
    # the bundled basemap (country and district outlines) is drawn under the events
    assert frame.locator("path:not(.leaflet-interactive)").count() > 50
    assert page.get_by_text("Events in this filter").is_visible()
    hosts = {urlparse(url).hostname for url in page.attempted}
    assert hosts <= {"tile.openstreetmap.org"}, page.attempted


def test_without_tiles_no_request_leaves_localhost(server, offline_page):
    page = offline_page
    page.goto(server)
    wait_for_map(page)
    page.get_by_text("OpenStreetMap background").click()
    frame = page.frame_locator(MAP_FRAME).last
    # the map is rebuilt without its tile layer: no tile images, and zooming in asks nothing of the network
    expect(frame.locator(".leaflet-tile-pane img")).to_have_count(0, timeout=30_000)
    wait_for_map(page)
    assert frame.locator(".leaflet-tile-pane img").count() == 0
    page.attempted.clear()
    handle = page.locator(MAP_FRAME).last.element_handle().content_frame()
    zoom = handle.evaluate("() => map_div.getZoom()")
    frame.locator(".leaflet-control-zoom-in").click()
    handle.wait_for_function("z => map_div.getZoom() > z", arg=zoom)  # the zoom is over: tiles asked, if any
    assert not handle.evaluate("() => Object.values(map_div._layers).some(l => l instanceof L.TileLayer)")
    assert page.attempted == []
    assert feature_count(page) == expected_features(*settings.DEFAULT_DATE_RANGE)


def test_date_range_and_topic_change_the_features(server, offline_page):
    page = offline_page
    page.goto(server)
    wait_for_map(page)
    may = expected_features(*settings.DEFAULT_DATE_RANGE)
    assert wait_for_features(page, may) == may

    # the widest period reaches back to the oldest background event and adds their places
    page.get_by_text("All dates (from ").click()
    everything = expected_features()
    assert everything > may
    assert wait_for_features(page, everything) == everything

    # back to May, then drag the slider's end to its start with the keyboard: 1 May only
    page.get_by_text("May 2021", exact=True).click()
    assert wait_for_features(page, may) == may
    page.get_by_role("slider").nth(1).focus()
    page.keyboard.press("Home")
    first_day = expected_features(dt.date(2021, 5, 1), dt.date(2021, 5, 1))
    assert first_day < may
    assert wait_for_features(page, first_day) == first_day

    # removing the only topic with events in this range empties the map
    page.get_by_role("button", name="Remove I. Border demarcation and incidents").click()
    remaining = [t for t in settings.TOPICS if t != "border"]
    none = expected_features(dt.date(2021, 5, 1), dt.date(2021, 5, 1), remaining)
    assert wait_for_features(page, none) == none


def test_clicking_a_place_shows_its_excerpt(server, offline_page):
    page = offline_page
    page.goto(server)
    wait_for_map(page)
    click_place(page, "ashaghy-buzqov")
    popup = page.frame_locator(MAP_FRAME).last.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    assert "near the village of Ashaghy Buzqov" in popup.inner_text()
    assert "Azerbaijan – Ministry of Defence" in popup.inner_text()
    panel = page.get_by_test_id("stMain")
    page.get_by_role("heading", name="Ashaghy Buzqov").wait_for(timeout=15_000)
    text = panel.inner_text()
    assert "in the night leading to 28 May" in text
    assert "some day between 27 May 2021 and 28 May 2021" in text and "span of up to a week" in text
    assert "Claimed by" in text
    assert "I. The demarcation process" in text


def test_broken_data_shows_problems_not_a_traceback(tmp_path, browser):
    from tests.conftest import write_root

    def mutate(data):
        data["events"][0]["topic"] = "weather"

    root = write_root(tmp_path, mutate)
    with streamlit_server(root) as url:
        page = browser.new_page()
        page.goto(url)
        page.get_by_text("The data has 2 problem(s)").wait_for(timeout=30_000)
        page.get_by_text("e-fire: topic", exact=False).wait_for(timeout=30_000)
        wait_for_map(page)  # the valid records are still mapped
        text = page.get_by_test_id("stMain").inner_text()
        assert "events/test.yaml: e-fire: topic: is not in the vocabulary (got 'weather'" in text
        assert "Traceback" not in text
        page.close()


def test_clicking_a_corridor_line_shows_its_events(server, offline_page):
    page = offline_page
    page.goto(server)
    wait_for_map(page)
    page.get_by_text("All dates (from ").click()
    wait_for_features(page, expected_features())
    click_place(page, "zangezur-corridor")
    page.get_by_role("heading", name="Zangezur corridor").wait_for(timeout=15_000)
    # the panel fills in as the rerun streams in: wait for its parts rather than read it half-drawn
    page.get_by_text("events here", exact=False).first.wait_for(timeout=15_000)
    page.get_by_text("The source's words", exact=False).first.wait_for(timeout=15_000)


PAGES = ["overview", "map", "border", "reconstruction", "timeline", "source", "data", "about"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_opens_offline_without_an_exception(server, offline_page, path):
    page = offline_page
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}/{path}")
    page.get_by_text("In view:", exact=False).first.wait_for(timeout=30_000)
    wait_for_run(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert "Page not found" not in page.get_by_test_id("stMain").inner_text()
    assert errors == []
    assert {urlparse(url).hostname for url in page.attempted} <= {"tile.openstreetmap.org"}


def test_overview_opened_by_its_own_name_is_the_overview_with_the_address_kept(server, offline_page):
    """`/overview` typed or shared: the Overview with the address's filters, not a "Page not found" box."""
    page = offline_page
    page.goto(f"{server}/overview?q=Sev+Lich&wider=on")
    page.get_by_text("In view:", exact=False).first.wait_for(timeout=30_000)
    wait_for_run(page)
    page.wait_for_timeout(500)
    assert "Page not found" not in page.locator("body").inner_text()
    assert page.get_by_role("heading", name="Caucasus Atlas").count() == 1
    # the sidebar is drawn again once the address's filters are read: wait for the search to hold them
    page.wait_for_function(
        "() => [...document.querySelectorAll('input[aria-label=\"Search\"]')].some(e => e.value === 'Sev Lich')",
        timeout=15_000,
    )
    assert "q=Sev+Lich" in page.url and "wider=on" in page.url


def test_a_copied_url_reproduces_the_view(server, browser):
    """Filters and a selected event go into the address; a new browser context opened on it shows the same."""
    first = browser.new_context(viewport={"width": 1400, "height": 1500})
    block_non_local(first, [])
    page = first.new_page()
    page.goto(f"{server}/map")
    wait_for_map(page)
    page.get_by_role("button", name="Remove III. Karabakh reconstruction").click()
    page.wait_for_function("() => location.search.includes('topic=')", timeout=15_000)
    wait_for_run(page)
    click_place(page, "ashaghy-buzqov")
    page.get_by_role("heading", name="Ashaghy Buzqov").wait_for(timeout=15_000)
    page.wait_for_function("() => location.search.includes('event=border-2021-05-28-ashaghy-buzqov-fire')")
    wait_for_run(page)
    url = page.url
    count = page.get_by_test_id("stMetricValue").first.inner_text()
    assert "event=border-2021-05-28-ashaghy-buzqov-fire" in url and "topic=" in url
    first.close()

    second = browser.new_context(viewport={"width": 1400, "height": 1500})
    block_non_local(second, [])
    again = second.new_page()
    again.goto(url)
    wait_for_map(again)
    again.get_by_text("in the night leading to 28 May").first.wait_for(timeout=15_000)
    assert again.get_by_test_id("stMetricValue").first.inner_text() == count
    assert again.get_by_role("button", name="Remove III. Karabakh reconstruction").count() == 0
    second.close()


def _sev_lich_in_may() -> int:
    """The events a search for "Sev Lich" keeps in May 2021, worked out by the package: the lake's own and
    every account of the incidents at it."""
    from caucasus_atlas.events import filter_events, search_events
    from caucasus_atlas.tables import tables
    from caucasus_atlas.validate import load_atlas

    t = tables(load_atlas(settings.PROJECT_ROOT))
    events = t.events
    found = search_events(events, t.event_places, t.places, "Sev Lich", t.incidents)
    may = filter_events(events, start=dt.date(2021, 5, 1), end=dt.date(2021, 5, 31), within=True)
    return len(may.index.intersection(list(found)))


def test_search_by_an_alternative_name_finds_the_place(server, offline_page):
    page = offline_page
    page.goto(server)
    wait_for_map(page)
    box = page.get_by_placeholder("words, names, places")
    box.fill("Sev Lich")
    box.press("Enter")
    expected = _sev_lich_in_may()
    page.wait_for_function(
        "n => [...document.querySelectorAll('[data-testid=stMetricValue]')].some(e => e.innerText.trim() === n)",
        arg=str(expected),
    )
    # at the first view the 5 km circle of "near Lake Garagol" is drawn 3 px across, under Lachin District's
    # area and beside the dots of Verishen and Akner: a click there reaches it all the same (directly, or
    # through the list of the features there), as it does at any zoom
    click_place(page, "lake-garagol")
    page.get_by_role("heading", name="Lake Garagol (Sev Lich)").wait_for(timeout=15_000)


def test_downloads_are_valid_csv_and_geojson(server, offline_page):
    import csv
    import io
    import json

    from caucasus_atlas.export import EVENT_CSV_COLUMNS

    page = offline_page
    page.goto(f"{server}/data")
    page.get_by_text("Download events (CSV, ACLED columns)").wait_for(timeout=30_000)
    wait_for_run(page)  # a click while the page still runs can be lost to its rerun
    with page.expect_download(timeout=60_000) as info:  # built when clicked, in a turn of its own at the server
        page.get_by_text("Download events (CSV, ACLED columns)").click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert rows[0] == EVENT_CSV_COLUMNS and len(rows) > 10
    wait_for_run(page)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_text("Download events (GeoJSON)").click()
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and data["features"]


def test_story_mode_steps_through_the_crisis(server, offline_page):
    page = offline_page
    page.goto(f"{server}/border")
    wait_for_map(page)
    page.get_by_role("button", name="Start ▶").click()
    page.get_by_text("Step 1 of").wait_for(timeout=15_000)
    page.get_by_role("button", name="Next ▶").click()
    page.get_by_text("Step 2 of").wait_for(timeout=15_000)
    assert "Selected event" in page.get_by_test_id("stMain").inner_text()
    assert "event=" in page.url


def test_incidents_map_clusters_overlapping_places(server, offline_page):
    page = offline_page
    page.goto(f"{server}/map")
    wait_for_map(page)
    frame = page.frame_locator(MAP_FRAME).last
    frame.locator(".marker-cluster").first.wait_for(timeout=15_000)
    wait_until_still(frame.locator(".leaflet-map-pane"))  # the first view's fit is over: clusters stay put
    # a cluster in view (those of far capitals are in the page too, off-screen)
    size = page.locator(MAP_FRAME).last.bounding_box()
    clusters = frame.locator(".marker-cluster")

    def in_view(i: int) -> bool:
        box = clusters.nth(i).bounding_box()  # None for a cluster the map is just replacing
        return (
            bool(box)
            and 0 <= box["x"] - size["x"] <= size["width"] - 40
            and 0 <= box["y"] - size["y"] <= (size["height"] - 40)
        )

    cluster = next(clusters.nth(i) for i in range(clusters.count()) if in_view(i))
    inside = int(cluster.inner_text())
    assert inside >= 2
    before = frame.locator("path.leaflet-interactive").count()
    cluster.click()  # zooms in until the cluster's places separate
    handle = page.locator(MAP_FRAME).last.element_handle().content_frame()
    handle.wait_for_function(
        "n => document.querySelectorAll('path.leaflet-interactive').length > n", arg=before, timeout=15_000
    )
    assert frame.locator("path.leaflet-interactive").count() > before


def test_a_range_of_days_shows_the_events_dated_within_it(server, offline_page):
    """12–16 May: the events dated inside those days; those dated only to May are counted apart and,
    behind the switch, drawn faded."""
    from caucasus_atlas.events import events_frame, filter_events
    from caucasus_atlas.validate import load_atlas

    page = offline_page
    start, end = dt.date(2021, 5, 12), dt.date(2021, 5, 16)
    page.goto(f"{server}/map?from={start}&to={end}")
    wait_for_map(page)
    inside = expected_features(start, end)
    assert wait_for_features(page, inside) == inside
    events = events_frame(load_atlas(settings.PROJECT_ROOT).events)
    more = len(filter_events(events, start=start, end=end)) - len(
        filter_events(events, start=start, end=end, within=True)
    )
    page.get_by_text(f"{more} more events are dated only to a wider period").wait_for(timeout=15_000)
    page.get_by_text("Also show events dated only to a wider period").click()
    frame = page.frame_locator(MAP_FRAME).last
    frame.locator("path.leaflet-interactive[stroke-dasharray='2 4']").first.wait_for(state="attached", timeout=30_000)
    assert frame.locator("path.leaflet-interactive[stroke-dasharray='2 4']").count() > 0
    assert feature_count(page) > inside


def test_the_map_reads_offline_names_borders_and_a_fitting_first_view(server, offline_page):
    page = offline_page
    page.goto(f"{server}/map")
    wait_for_map(page)
    frame = page.frame_locator(MAP_FRAME).last
    # no tile server here: the map says so and claims no tile credit
    frame.get_by_text("Background tiles unreachable").wait_for(timeout=20_000)
    assert "OpenStreetMap" not in frame.locator(".leaflet-control-attribution").inner_text()
    # country names when zoomed out, the towns' names when zoomed in (GeoNames, offline)
    assert frame.locator(".ca-label-country", has_text="Azerbaijan").count() == 1
    handle = page.locator(MAP_FRAME).last.element_handle().content_frame()
    # the first view fits the events in the region: Baku, where most statements sit, is in view
    assert handle.evaluate("() => map_div.getBounds().contains([40.377, 49.892])")
    handle.evaluate("() => map_div.setView([40.05, 45.5], 10, {animate: false})")
    frame.locator(".ca-label-town", has_text="Vardenis").wait_for(timeout=10_000)
    # international borders are drawn apart from the district lines, above any tiles
    assert handle.evaluate("() => Object.keys(map_div.caOverlays).includes('International borders (Natural Earth)')")


CONTRAST = """(selector) => {
  const lum = (c) => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  return [...document.querySelectorAll(selector)].map(e => {
    const c = getComputedStyle(e).color;
    let a = (c.match(/[\\d.]+/g)[3] ?? 1) * 1;  // the colour's alpha times every ancestor's opacity
    for (let n = e; n && n.nodeType === 1; n = n.parentElement) { a *= getComputedStyle(n).opacity * 1; }
    const l = lum(c) * a + 1 * (1 - a);  // over white, approximately
    return (1.05) / (l + 0.05); });
}"""


def test_text_reads_at_4_5_to_1_or_more(server, offline_page):
    page = offline_page
    page.goto(server)
    wait_for_map(page)
    click_place(page, "ashaghy-buzqov")
    page.get_by_text("The source's words", exact=False).first.wait_for(timeout=15_000)
    for selector in ("[data-testid='stCaptionContainer']", "[data-testid='stMarkdownContainer'] blockquote p",
                     "[data-testid='ca-legend'] span"):  # fmt: skip
        ratios = page.evaluate(CONTRAST, selector)
        assert ratios and min(ratios) >= 4.5, (selector, min(ratios))


def test_links_between_pages_keep_the_filters_in_the_same_tab(server, offline_page):
    page = offline_page
    page.goto(f"{server}/timeline?from=2021-05-12&to=2021-05-28&topic=border")
    page.get_by_text("Read", exact=True).first.wait_for(timeout=30_000)
    page.get_by_text("Read", exact=True).first.click()
    page.get_by_text("Opened event:", exact=False).wait_for(timeout=30_000)
    assert "/source" in page.url and len(page.context.pages) == 1
    page.get_by_text("Show it on the map", exact=True).first.click()
    page.get_by_text("Selected event", exact=False).first.wait_for(timeout=30_000)
    page.wait_for_function("() => location.pathname.endsWith('/map') && location.search.includes('from=')")
    assert "/map" in page.url and len(page.context.pages) == 1
    assert "from=2021-05-12" in page.url and "to=2021-05-28" in page.url and "topic=border" in page.url
    wait_for_map(page)


def test_story_controls_sit_by_the_map_and_claims_bring_the_map_into_view(server, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    block_non_local(context, [])
    page = context.new_page()
    page.goto(f"{server}/border")
    wait_for_map(page)
    page.get_by_role("button", name="Start ▶").click()
    page.get_by_text("Step 1 of").wait_for(timeout=15_000)
    wait_for_map(page)
    for step in range(2, 7):  # through steps made in capitals too: the controls stay put beside the map
        page.get_by_role("button", name="Next ▶").click()
        page.get_by_text(f"Step {step} of").wait_for(timeout=15_000)
    button = page.get_by_role("button", name="Next ▶").bounding_box()
    assert button is not None and 0 <= button["y"] <= 1000
    frame = page.frame_locator(MAP_FRAME).first  # the page's map (the incident view's map is below it)
    frame.locator("path.leaflet-interactive[stroke='#000']").first.wait_for(timeout=15_000)  # the step's places
    show = page.get_by_role("button", name="Show on the map").last
    show.scroll_into_view_if_needed()
    show.click()
    page.wait_for_function(
        """(selector) => { const f = document.querySelector(selector); if (!f) { return false; }
                           const r = f.getBoundingClientRect(), middle = r.top + r.height / 2;
                           return middle >= 0 && middle <= 1000; }""",
        arg=MAP_FRAME,
        timeout=15_000,
    )  # the map's middle on the screen (the wait fails the test if it never is; a rerun may redraw it after)
    context.close()


def test_features_under_one_another_are_all_reachable(server, offline_page):
    """The two outlines of the liberated territories lie exactly on each other: a click lists both (and a
    "near" circle drawn dot-sized beside the point, if one is)."""
    page = offline_page
    page.goto(f"{server}/map?from=1991-01-01&to=2021-05-31")
    wait_for_map(page)
    frame = page.frame_locator(MAP_FRAME).last
    handle = page.locator(MAP_FRAME).last.element_handle().content_frame()
    wait_until_still(page.locator(MAP_FRAME).last)  # laid out where Streamlit sizes it, the view fitted
    x, y, n = handle.evaluate(
        """() => { const ls = Object.values(map_div._layers).filter(l => l.feature && l.feature.properties.place_ids
                     && l._containsPoint && l._pxBounds);
                   const r = map_div.getContainer().getBoundingClientRect();
                   const s = map_div.getSize();
                   for (const l of ls) { if (l.getLatLng) continue;
                     const c = map_div.latLngToLayerPoint(l.getBounds().getCenter());
                     const p = map_div.layerPointToContainerPoint(c);
                     if (p.x < 20 || p.y < 20 || p.x > s.x - 20 || p.y > s.y - 20) continue;
                     const top = document.elementFromPoint(p.x + r.left, p.y + r.top);
                     // areas under the point, and "near" circles drawn dot-sized within a dot's radius of it
                     const hits = ls.filter(m => (!m.getLatLng && m._containsPoint(c)) || (m instanceof L.Circle
                       && m._radius < 8 && c.distanceTo(m._point) <= 6 + m._clickTolerance()));
                     if (hits.length >= 2 && top && top.tagName === 'path' && !top.closest('.leaflet-marker-icon')
                         && !(map_div._targets[L.stamp(top)] instanceof L.CircleMarker)) {
                       return [p.x + r.left, p.y + r.top, hits.length]; } }
                   return [0, 0, 0]; }"""
    )
    assert n >= 2
    box = page.locator(MAP_FRAME).last.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    choices = frame.locator(".ca-choice")
    choices.first.wait_for(timeout=10_000)
    assert choices.count() == n
    choices.nth(n - 1).click()
    page.get_by_text("The source's words", exact=False).first.wait_for(timeout=15_000)


def test_a_feature_opens_from_the_keyboard(server, offline_page):
    page = offline_page
    page.goto(f"{server}/map")
    wait_for_map(page)
    feature = page.frame_locator(MAP_FRAME).last.locator("path.leaflet-interactive[tabindex='0'][aria-label]").first
    label = feature.get_attribute("aria-label")
    assert label and "event" in label
    feature.focus()
    page.keyboard.press("Enter")
    page.get_by_text("The source's words", exact=False).first.wait_for(timeout=15_000)


def _focused(page) -> dict:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {text: e.textContent.trim(), label: e.getAttribute('aria-label') || '', tag: e.tagName,"
        " sidebar: !!e.closest('[data-testid=stSidebar]')}; }"
    )


def test_the_filters_are_a_few_tab_presses_away_from_the_content(server, offline_page):
    """As the README says: on a fresh page the first Tab stop is Streamlit's skip link; Enter on it and one
    Tab reach "Skip to the filters", the content's first stop; from the content it is within 3 Tabs."""
    page = offline_page
    page.goto(f"{server}/map")
    wait_for_map(page)
    page.keyboard.press("Tab")
    assert _focused(page)["text"] == "Skip to main content", _focused(page)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert _focused(page)["text"] == "Skip to the filters", _focused(page)
    page.locator("h1").first.click()  # the reader is in the page's content, above ~35 map features
    for _ in range(3):
        page.keyboard.press("Tab")
        if _focused(page)["text"] == "Skip to the filters":
            break
    else:
        pytest.fail(f"no skip link within 3 Tab presses (focus on {_focused(page)})")
    assert page.locator(".ca-skip").bounding_box()["x"] >= 0  # visible once focused
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = _focused(page)
    assert focused["sidebar"] and focused["tag"] == "INPUT", focused  # the Period choice, the first filter
    page.keyboard.press("ArrowDown")  # and it works from the keyboard: the next period is chosen
    page.wait_for_function("() => new URL(location.href).searchParams.get('from') !== '2021-05-01'", timeout=15_000)


def test_the_first_click_on_a_half_visible_map_counts(server, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    block_non_local(context, [])
    page = context.new_page()
    page.goto(server)
    wait_for_map(page)
    box = page.locator(MAP_FRAME).last.bounding_box()
    assert box["y"] + box["height"] > 900  # the map runs below the fold
    before = page.evaluate("() => [...document.querySelectorAll('*')].map(e => e.scrollTop).reduce((a, b) => a + b, 0)")
    handle = page.locator(MAP_FRAME).last.element_handle().content_frame()
    visible = 900 - box["y"] - 20  # the part of the map above the fold
    x, y = handle.evaluate(
        """(visible) => { const r = map_div.getContainer().getBoundingClientRect(), s = map_div.getSize();
                   const l = Object.values(map_div._layers).find(l => {
                       if (!(l.feature && l.getLatLng && l._path) || l instanceof L.Circle) return false;
                       const p = map_div.latLngToContainerPoint(l.getLatLng());
                       return p.x > 20 && p.x < s.x - 20 && p.y > 20 && p.y < visible; });
                   const p = map_div.latLngToContainerPoint(l.getLatLng()); return [p.x + r.left, p.y + r.top]; }""",
        visible,
    )
    page.mouse.click(box["x"] + x, box["y"] + y)
    # the click counted: the panel opens, or, where places' shapes overlap, the map lists them to choose from
    choices = page.frame_locator(MAP_FRAME).last.locator(".ca-choice")
    page.wait_for_function(
        '() => document.body.innerText.includes("The source\'s words")'
        " || [...document.querySelectorAll('iframe')].some(f => f.contentDocument"
        " && f.contentDocument.querySelector('.ca-choice'))",
        timeout=15_000,
    )
    if choices.count():
        choices.first.click()
        page.get_by_text("The source's words", exact=False).first.wait_for(timeout=15_000)
    after = page.evaluate("() => [...document.querySelectorAll('*')].map(e => e.scrollTop).reduce((a, b) => a + b, 0)")
    assert after == before  # the page did not jump
    context.close()


def test_on_a_phone_the_map_is_on_the_first_screen_and_a_popup_fits(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    block_non_local(context, [])
    page = context.new_page()
    page.goto(f"{server}/map")
    wait_for_map(page)
    wait_until_still(page.locator(MAP_FRAME).last)
    box = page.locator(MAP_FRAME).last.bounding_box()
    assert box["y"] < 844 - 150, box  # at least 150 px of the map on the first screen
    handle = page.locator(MAP_FRAME).last.element_handle().content_frame()
    assert handle.evaluate("() => map_div.dragging.enabled()") is False  # one finger scrolls the page
    width = handle.evaluate(
        """() => { const l = Object.values(map_div._layers).find(l => l.feature && l.getPopup && l.getPopup());
                   l.openPopup(); const p = document.querySelector('.leaflet-popup');
                   return [p.getBoundingClientRect().width, map_div.getSize().x]; }"""
    )
    assert width[0] <= width[1], width
    context.close()


def test_measuring_and_the_density_view(server, offline_page):
    page = offline_page
    page.goto(f"{server}/map")
    wait_for_map(page)
    frame = page.frame_locator(MAP_FRAME).last
    handle = page.locator(MAP_FRAME).last.element_handle().content_frame()
    box = page.locator(MAP_FRAME).last.bounding_box()
    frame.locator(".ca-measure a").click()
    points = handle.evaluate(
        """() => { const r = map_div.getContainer().getBoundingClientRect();
                   return [[40.0, 45.0], [40.0, 46.0]].map(ll => { const p = map_div.latLngToContainerPoint(ll);
                                                                  return [p.x + r.left, p.y + r.top]; }); }"""
    )
    for (x, y), shown in zip(points, [r"^0\.00 km$", r"^[1-9][\d.]* km$"], strict=True):
        page.mouse.click(box["x"] + x, box["y"] + y)
        expect(frame.locator(".ca-measure-out")).to_have_text(re.compile(shown))  # the point is counted
    km = float(frame.locator(".ca-measure-out").inner_text().split(" km")[0])
    assert 84 < km < 87  # one degree of longitude at 40°N is about 85 km
    assert "Event details" in page.get_by_test_id("stMain").inner_text()  # measuring selected nothing
    handle.evaluate("() => map_div.addLayer(map_div.caOverlays['Density of events (per 40 px, when points crowd)'])")
    assert handle.evaluate("() => !!document.querySelector('canvas.ca-density')")


def test_a_url_with_a_view_reproduces_centre_and_zoom(server, browser):
    first = browser.new_context(viewport={"width": 1400, "height": 1500})
    block_non_local(first, [])
    page = first.new_page()
    page.goto(f"{server}/map")
    wait_for_map(page)
    handle = page.locator(MAP_FRAME).last.element_handle().content_frame()
    handle.evaluate("() => map_div.setView([40.3, 45.5], 10, {animate: false})")
    page.wait_for_function("() => location.search.includes('view=40.3000%2C45.5000%2C10')", timeout=10_000)
    url = page.url
    first.close()
    second = browser.new_context(viewport={"width": 1400, "height": 1500})
    block_non_local(second, [])
    again = second.new_page()
    again.goto(url)
    wait_for_map(again)
    view = (
        again.locator(MAP_FRAME)
        .last.element_handle()
        .content_frame()
        .evaluate("() => [map_div.getCenter().lat, map_div.getCenter().lng, map_div.getZoom()]")
    )
    assert abs(view[0] - 40.3) < 0.01 and abs(view[1] - 45.5) < 0.01 and view[2] == 10, view
    second.close()


def test_a_drag_on_the_time_chart_sets_the_range_and_play_steps_it(server, offline_page):
    page = offline_page
    page.goto(f"{server}/map")
    wait_for_map(page)
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    chart.wait_for(timeout=15_000)
    chart.locator("canvas, svg").first.wait_for(timeout=15_000)  # drawn
    wait_until_still(chart)
    box = chart.bounding_box()
    y = box["y"] + box["height"] * 0.45
    page.mouse.move(box["x"] + box["width"] * 0.4, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.55, y, steps=8)
    page.mouse.up()
    page.wait_for_function("() => !location.search.includes('from=2021-05-01')", timeout=15_000)
    brushed = page.url
    assert "from=2021-05-1" in brushed  # a window in mid-May
    page.get_by_text("day", exact=True).click()  # a day at a time: the first step is a day
    wait_for_run(page)
    page.get_by_role("button", name="▶ Play through the period").click()
    page.wait_for_function(f"() => location.href !== {brushed!r}", timeout=15_000)
    assert page.url != brushed
    wait_for_run(page)
    assert page.locator("[data-testid='stException']").count() == 0


def test_topics_differ_by_shape_and_hatching_not_colour_alone(server, offline_page):
    from caucasus_atlas.symbols import SHAPES, TOPIC_SYMBOLS

    page = offline_page
    page.goto(f"{server}/map?from=2021-05-01&to=2021-05-31")
    wait_for_map(page)
    frame = page.frame_locator(MAP_FRAME).last
    frame.locator("path[data-topic]").first.wait_for(timeout=20_000)
    drawn = frame.locator("path[data-topic]").evaluate_all(
        "els => els.map(e => ({topic: e.dataset.topic, d: e.getAttribute('d'), fill: e.getAttribute('fill'),"
        " stroke: e.getAttribute('stroke')}))"
    )
    shapes_seen: dict[str, set[str]] = {}
    for path in drawn:
        topic = path["topic"]
        if path["fill"].startswith("url("):  # an area or a "near" circle: hatched in its topic's pattern
            assert path["fill"] == f"url(#ca-hatch-{topic})", path
        elif path["fill"] != "none" and path["d"] != "M0 0":  # an exact place (not in a cluster): its shape
            vertices = SHAPES[TOPIC_SYMBOLS[topic].shape]
            kind = "circle" if "a" in path["d"] else f"{path['d'].count('L') + 1} vertices"
            assert kind == ("circle" if not vertices else f"{len(vertices)} vertices"), path
            shapes_seen.setdefault(topic, set()).add(kind)
    assert len(shapes_seen) >= 3 and len({frozenset(s) for s in shapes_seen.values()}) == len(shapes_seen)
    assert frame.locator("svg pattern[id^='ca-hatch-']").count() == len(settings.TOPICS) + len(settings.PARTIES)
    # the route's topic shape sits at its middle, and the legend shows every topic's shape and hatching
    mark = frame.locator("path[data-route-mark='regional']").first.get_attribute("d")
    assert mark.count("L") + 1 == len(SHAPES[TOPIC_SYMBOLS["regional"].shape])
    assert page.locator("[data-testid='ca-legend'] svg").count() == len(settings.TOPICS)


def _near(pixel, colour: str, tolerance: int = 6) -> bool:
    target = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], target, strict=True))


def test_the_map_saves_as_an_image_with_title_range_legend_and_source(server, offline_page, tmp_path):
    from PIL import Image

    page = offline_page
    page.goto(f"{server}/map?from=2021-05-01&to=2021-05-31&view=40.2,45.6,8")
    wait_for_map(page)
    frame = page.frame_locator(MAP_FRAME).last
    frame.locator("path[data-topic]").first.wait_for(timeout=20_000)
    map_box = frame.locator(".leaflet-container").bounding_box()
    with page.expect_download(timeout=30_000) as download:
        frame.get_by_role("button", name="Save this map as an image (PNG), with its legend and source").click()
    assert download.value.suggested_filename == "caucasus-atlas_incidents-map_2021-05-01_2021-05-31.png"
    path = tmp_path / "map.png"
    download.value.save_as(path)
    image = Image.open(path).convert("RGB")
    width, height = image.size
    assert width == 2 * round(max(map_box["width"], 560))  # drawn at twice the screen's pixels
    assert height > 2 * map_box["height"] + 200  # title and range above, legend and source below
    pixels = image.load()
    head = [pixels[x, y] for x in range(0, width, 2) for y in range(10, 100, 2)]
    assert sum(p[0] < 80 for p in head) > 200  # the title and the range, in dark text
    top = next(y for y in range(height) if pixels[width // 2, y] == (136, 136, 136))  # the map's frame line
    in_map = [pixels[x, y] for x in range(0, width, 3) for y in range(top + 4, top + int(2 * map_box["height"]) - 4, 3)]
    assert sum(_near(p, "#f3efe6") for p in in_map) > len(in_map) // 10  # the offline land, drawn from the SVG
    assert sum(_near(p, "#D55E00", 40) for p in in_map) > 200  # the border topic's areas and places
    below = [pixels[x, y] for x in range(0, width, 2) for y in range(top + int(2 * map_box["height"]), height, 2)]
    for topic in ("border", "regional"):  # the legend, its shapes in the topics' colours
        assert sum(_near(p, settings.TOPICS[topic][1]) for p in below) > 20, topic
    assert sum(p[0] < 100 for p in below) > 500  # and the source line
