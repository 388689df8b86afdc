"""A map popup of an account that belongs to an incident links to every side's account of it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from tests.browser.harness import MAP_FRAME, click_place, wait_for_map, wait_for_run


def test_a_popup_of_an_incident_account_opens_its_incident_view_with_the_filters(server, offline_page):
    page = offline_page
    page.goto(f"{server}/map?from=2021-05-20&to=2021-05-31&topic=border")
    wait_for_map(page)
    click_place(page, "ashaghy-buzqov")
    popup = page.frame_locator(MAP_FRAME).last.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    link = popup.get_by_text("See every side's account of this incident").first
    link.wait_for(timeout=5_000)
    href = link.get_attribute("href")
    query = parse_qs(urlparse(href).query)
    assert urlparse(href).path.endswith("/border") and query["incident"] == ["inc-2021-05-28-ashaghy-buzqov"]
    assert query["from"] == ["2021-05-20"] and query["topic"] == ["border"] and "event" not in query
    link.click()  # in this tab and session: the filters stay
    page.wait_for_url("**/border**", timeout=20_000)
    page.get_by_text("Incidents: every side's account", exact=False).first.wait_for(timeout=30_000)
    wait_for_run(page)
    chosen = page.locator("[data-testid='stSelectbox']", has_text="Incident").first.evaluate(
        "e => e.textContent + ' ' + [...e.querySelectorAll('input')]"
        ".map(i => i.value + ' ' + (i.getAttribute('aria-label') || '')).join(' ')"
    )
    assert "Ashaghy Buzqov" in chosen, chosen
    assert len(page.context.pages) == 1
    assert "from=2021-05-20" in page.url and "topic=border" in page.url
