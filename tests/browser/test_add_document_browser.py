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
        page.goto(f"{url}/add")
        page.get_by_label("Paste the text (exactly as the page prints it)").fill(STATEMENT)
        page.get_by_label("Address (URL) the text was read from").fill("https://example.org/statement")
        _choose(page, "Whose statement it is (Party – body)", "France – Test claimant")
        for part, value in (("year", "2021"), ("month", "07"), ("day", "14")):
            page.get_by_role("spinbutton", name=f"{part}, Published on").click()
            page.keyboard.type(value)
        page.keyboard.press("Escape")  # the date's calendar, if it opened, closes as a person would close it
        page.get_by_role("button", name="Draft the records").click()
        page.get_by_text("2. The proposals", exact=False).wait_for(timeout=30_000)
        if SHOTS:
            page.wait_for_timeout(3000)
            page.screenshot(path=f"{SHOTS}/add-document-drafted.png", full_page=True)
        # the proposal: its excerpt, the new place from the regional gazetteer, drawn on the preview map
        page.get_by_text("1 account(s) to save; 1 place(s) drawn: lacin.").wait_for(timeout=30_000)
        wait_for_map(page)
        place_on_map(page, "lacin")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/add-document-proposals.png", full_page=True)
        assert page.get_by_role("button", name="Download the bundle (YAML)").is_visible()
        page.get_by_role("button", name="Save into the atlas").click()
        page.get_by_text("Saved 1 account(s) of", exact=False).wait_for(timeout=30_000)
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
