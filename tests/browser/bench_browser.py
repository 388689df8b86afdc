"""Benchmark what a person waits for, in Chromium against `streamlit run`, offline.

- cold start: from starting the server to the map's features drawn in a first browser tab;
- warm load: a new tab on a running server (cached data);
- filter change: from a click on a period to the map redrawn with the new features;
- with 100,000 imported events (``--imported N`` to change it): from page load to the map interactive
  (every point drawn, clicks answered), and from a click on a point to its text in the panel.
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


def imported(n: int) -> None:
    """Time the map with ``n`` synthetic imported events (see ``caucasus_atlas.bench``)."""
    import tempfile

    from caucasus_atlas.bench import write_bench_root
    from tests.browser.harness import MAP_FRAME

    interactive, click = [], []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_bench_root(root, n)
        with streamlit_server(root) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for attempt in range(REPEAT + 1):  # the first visit loads the data on the server: not counted
                context = browser.new_context(viewport={"width": 1400, "height": 1500})
                block_non_local(context, [])
                page = context.new_page()
                t0 = time.perf_counter()
                page.goto(f"{url}/map?from=2018-01-01&to=2026-12-31")
                page.locator(MAP_FRAME).last.wait_for(timeout=60_000)
                frame = page.locator(MAP_FRAME).last.element_handle(timeout=60_000).content_frame()
                frame.wait_for_function(
                    "() => window.map_div && Object.values(map_div._layers).some(l => l._hits && l._hits.length)",
                    timeout=60_000,
                )
                if attempt:
                    interactive.append(time.perf_counter() - t0)
                frame.evaluate("() => map_div.setView([40.0, 46.0], 11, {animate: false})")
                page.wait_for_timeout(500)
                x, y = frame.evaluate(
                    """() => { const l = Object.values(map_div._layers).find(l => l._hits);
                               const s = map_div.getSize(), r = map_div.getContainer().getBoundingClientRect();
                               const free = (h) => { const e = document.elementFromPoint(h[0] + r.left, h[1] + r.top);
                                 return !(e && e.tagName === 'path' && e.getAttribute('data-topic')
                                          && !(e.getAttribute('fill') || '').startsWith('url(')); };
                               // a dot with no curated place's shape on top of it (that keeps its own click)
                               // and alone (dots on top of one another open a list of them)
                               const h = l._hits.find(h => h[0] > 40 && h[1] > 40 && h[0] < s.x - 40
                                 && h[1] < s.y - 40 && free(h) && AtlasCore.pileAt(l._hits, h, 4).length === 1);
                               return [h[0] + r.left, h[1] + r.top]; }"""
                )
                box = page.locator(MAP_FRAME).last.bounding_box()
                t1 = time.perf_counter()
                page.mouse.click(box["x"] + x, box["y"] + y)
                page.get_by_text("The dataset's words", exact=False).first.wait_for(timeout=30_000)
                if attempt:
                    click.append(time.perf_counter() - t1)
                context.close()
            browser.close()
    print(f"{n:,} imported events: page load -> map interactive: median {_ms(statistics.median(interactive))}, "
          f"max {_ms(max(interactive))}; click -> the event's text in the panel: median "
          f"{_ms(statistics.median(click))}, max {_ms(max(click))} (n={len(click)})")  # fmt: skip


if __name__ == "__main__":
    if "--imported" in sys.argv:
        imported(int(sys.argv[sys.argv.index("--imported") + 1]))
    else:
        main()
        imported(100_000)
