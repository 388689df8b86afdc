"""The flow of work, in Chromium against a real `streamlit run`: a shared link, the incident picker, the search's
results and the imported events, each checked as a person sees it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from tests.browser.harness import MAP_FRAME, block_non_local, click_place, wait_for_map, wait_for_run

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
    values = parse_qs(urlparse(page.url).query).get(name)
    return values[0] if values else None


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
    _set_view(page, 0, 39.6, 45.3, 10)
    click_place(page, "ashaghy-buzqov", nth=0)
    page.get_by_role("heading", name="Ashaghy Buzqov").wait_for(timeout=15_000)
    page.wait_for_function("() => location.search.includes('event=border-2021-05-28-ashaghy-buzqov-fire')")
    wait_for_run(page)
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


def _param_of(url: str, name: str) -> str | None:
    values = parse_qs(urlparse(url).query).get(name)
    return values[0] if values else None


def test_the_border_pages_two_maps_each_keep_their_view_in_a_link(server, browser):
    """The Border page's main map and its incident map each write their own parameter; a link restores both,
    with the event selected on the main map."""
    context, page = _fresh_page(browser)
    page.goto(f"{server}/border?from=2021-05-01&to=2021-05-31")
    wait_for_map(page)
    page.locator(MAP_FRAME).nth(1).wait_for(timeout=30_000)
    _map(page, 1).locator("path.leaflet-interactive").first.wait_for(timeout=30_000)
    wait_for_run(page)
    _set_view(page, 0, 39.6, 45.3, 10)
    click_place(page, "ashaghy-buzqov", nth=0)
    page.get_by_role("heading", name="Ashaghy Buzqov").wait_for(timeout=15_000)
    page.wait_for_function("() => location.search.includes('event=border-2021-05-28-ashaghy-buzqov-fire')")
    wait_for_run(page)
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
