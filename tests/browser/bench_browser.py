"""Benchmark what a person waits for, in Chromium against `streamlit run`, offline.

- cold start: from starting the server to the map's features drawn in a first browser tab;
- warm load: a new tab on a running server (cached data);
- filter change: from a click on a period to the map redrawn with the new features.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from playwright.sync_api import sync_playwright

from caucasus_atlas import settings
from tests.browser.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    block_non_local,
    expected_features,
    streamlit_server,
    wait_for_features,
    wait_for_map,
)

REPEAT = 3


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> None:
    cold, warm, change = [], [], []
    targets = [
        ("All dates (from ", expected_features()),
        ("May 2021", expected_features(*settings.DEFAULT_DATE_RANGE)),
    ]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            with streamlit_server() as url:
                for attempt in range(2):
                    context = browser.new_context(viewport={"width": 1400, "height": 1500})
                    block_non_local(context, [])
                    page = context.new_page()
                    t1 = time.perf_counter()
                    page.goto(url)
                    wait_for_map(page)
                    (cold if attempt == 0 else warm).append(time.perf_counter() - (t0 if attempt == 0 else t1))
                    if attempt == 1:
                        for label, expected in targets:
                            t2 = time.perf_counter()
                            page.get_by_text(label, exact=label == "May 2021").click()
                            if wait_for_features(page, expected) != expected:
                                raise RuntimeError(f"the map did not show {expected} features after {label!r}")
                            change.append(time.perf_counter() - t2)
                    context.close()
        browser.close()
    for name, values in (("cold start (server start -> map drawn)", cold), ("new tab, warm server", warm),
                         ("filter change (period click -> map redrawn)", change)):  # fmt: skip
        print(f"{name}: median {_ms(statistics.median(values))}, min {_ms(min(values))}, n={len(values)}")


if __name__ == "__main__":
    main()
