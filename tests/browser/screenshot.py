"""Take the README's screenshot: the map offline with one place clicked. Usage: screenshot.py OUT.png"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from playwright.sync_api import sync_playwright

from tests.browser.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    MAP_FRAME,
    block_non_local,
    click_place,
    streamlit_server,
    wait_for_map,
    wait_for_run,
    wait_until_still,
)


def main(out: str, place: str = "ashaghy-buzqov") -> None:
    with streamlit_server() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1500})
        block_non_local(context, [])
        page = context.new_page()
        page.goto(url)
        wait_for_map(page)
        click_place(page, place)
        page.get_by_role("heading", name="Ashaghy Buzqov").wait_for(timeout=15_000)
        wait_for_run(page)  # the panel is drawn in full
        wait_until_still(page.locator(MAP_FRAME).last)
        page.screenshot(path=out, clip={"x": 0, "y": 0, "width": 1400, "height": 1180})
        browser.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.png")
