"""Benchmark what a person waits for, in Chromium against `streamlit run`, offline.

- cold start: from starting the server to the map's features drawn in a first browser tab;
- warm load: a new tab on a running server (cached data);
- filter change: from a click on a period to the map redrawn with the new features;
- with 100,000 imported events (``--imported N …`` to change it): from page load to the map drawn with its
  first imported events (interactive: a click on one is answered), to the imported events made for its own
  view, then per pan or zoom (a province at zoom 9, a village at zoom 14, the region at zoom 6) the time
  until the imported layer is replaced (timed in the page) and the bytes it received, and from a click on a
  point to its text in the panel;
- ``--memory N``: two servers on one data folder with N imported events, each visited by a browser that
  pans and zooms: each one's peak and resident memory, and how much the second adds to the machine's
  (its proportional share of the pages both map, PSS).
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
    IMPORTED_SERVED,
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


#: In the map's frame: whether the imported events it holds were made for its view (static/atlas/core.js).
SERVED = IMPORTED_SERVED
#: In the map's frame: note the time and size of every imported payload the page hands the map.
HOOK = """() => { window.caLog = []; const f = AtlasLayers.importedView;
  AtlasLayers.importedView = function (m, p) { caLog.push([performance.now(), p ? JSON.stringify(p).length : 0]);
                                               return f(m, p); }; }"""
#: In the map's frame: the page position of an imported dot alone (dots on top of one another open a list)
#: with no curated place's shape on top of it (that keeps its own click); null when there is none.
ALONE = """() => { const l = map.caImportedView.layer;
  const s = map.getSize(), r = map.getContainer().getBoundingClientRect();
  const free = (h) => { const e = document.elementFromPoint(h[0] + r.left, h[1] + r.top);
    return !(e && e.tagName === 'path' && e.getAttribute('data-topic')
             && !(e.getAttribute('fill') || '').startsWith('url(')); };
  const h = (l._hits || []).find(h => h[2] >= 0 && h[0] > 40 && h[1] > 40 && h[0] < s.x - 40 && h[1] < s.y - 40
    && free(h) && AtlasCore.pileAt(l._hits, h, 4).length === 1);
  return h ? [h[0] + r.left, h[1] + r.top] : null; }"""
#: The pans and zooms timed: the reader's own moves after the first view.
MOVES = (("province, zoom 9", 40.2, 46.0, 9), ("village, zoom 14", 40.24, 45.97, 14), ("region, zoom 6", 40.0, 46.3, 6))


def imported(n: int) -> None:
    """Time the map with ``n`` synthetic imported events (see ``caucasus_atlas.bench``)."""
    import tempfile

    from caucasus_atlas.bench import write_bench_root
    from tests.browser.harness import MAP_FRAME

    interactive, own, click = [], [], []
    moves: dict[str, list[tuple[float, int]]] = {name: [] for name, *_ in MOVES}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_bench_root(root, n)
        with streamlit_server(root, timeout=600) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for attempt in range(REPEAT + 1):  # the first visit loads the data on the server: not counted
                context = browser.new_context(viewport={"width": 1400, "height": 1500})
                block_non_local(context, [])
                page = context.new_page()
                page.goto(f"{url}/map?from=2018-01-01&to=2026-12-31")
                page.locator(MAP_FRAME).last.wait_for(timeout=600_000)
                frame = page.locator(MAP_FRAME).last.element_handle(timeout=60_000).content_frame()
                frame.wait_for_function("() => window.map && map.caImportedView && map.caImportedView.layer._hits",
                                        timeout=600_000, polling=20)  # fmt: skip
                frame.wait_for_function(SERVED, timeout=60_000, polling=20)
                # timed in the page (the waits above answer late now and then): from the navigation's start
                # to the first imported events handed to the map, and to the last before its own view was served
                began = page.evaluate("() => performance.timeOrigin")
                first, last = frame.evaluate("() => [map.caImportedView.firstShownAt, map.caImportedView.shownAt]")
                if attempt:
                    interactive.append((first - began) / 1000)
                    own.append((last - began) / 1000)
                frame.evaluate(HOOK)
                for name, lat, lon, zoom in MOVES:
                    start = frame.evaluate(
                        f"() => {{ caLog.length = 0; const t = performance.now(); "
                        f"map.setView([{lat}, {lon}], {zoom}, {{animate: false}}); return t; }}"
                    )
                    frame.wait_for_function(SERVED, timeout=60_000, polling=20)
                    last = frame.evaluate("() => caLog[caLog.length - 1] || null")
                    done, size = last or (start, 0)  # none needed: the points held already cover the view
                    if attempt:
                        moves[name].append(((done - start) / 1000, size))
                for zoom in (14, 12, 10):  # close in, as far as a dot alone is drawn (fewer events: farther)
                    frame.evaluate(f"() => map.setView([40.24, 45.97], {zoom}, {{animate: false}})")
                    frame.wait_for_function(SERVED, timeout=60_000, polling=20)
                    found = frame.evaluate(ALONE)
                    if found:
                        break
                x, y = found
                box = page.locator(MAP_FRAME).last.bounding_box()
                t3 = time.perf_counter()
                page.mouse.click(box["x"] + x, box["y"] + y)
                page.get_by_text("The dataset's words", exact=False).first.wait_for(timeout=30_000)
                if attempt:
                    click.append(time.perf_counter() - t3)
                context.close()
            browser.close()
    line = (
        f"{n:,} imported events: page load -> map interactive (first imported events drawn): median "
        f"{_ms(statistics.median(interactive))}, max {_ms(max(interactive))}; -> its own view's: median "
        f"{_ms(statistics.median(own))}"
    )
    for name, values in moves.items():
        line += (f"; {name}: layer replaced in median {_ms(statistics.median(v[0] for v in values))}, max "
                 f"{_ms(max(v[0] for v in values))}, {max(v[1] for v in values) / 1000:.1f} kB")  # fmt: skip
    line += f"; click -> the event's text in the panel: median {_ms(statistics.median(click))} (n={len(click)})"
    print(line, flush=True)


def memory(n: int) -> None:
    """Two servers on one data folder with ``n`` imported events, each visited by a browser that pans and
    zooms: their memory (``/proc``), and what the second adds."""
    import re
    import tempfile

    from caucasus_atlas.bench import write_bench_root
    from caucasus_atlas.serving import dashboard_server
    from tests.browser.harness import MAP_FRAME

    def status(pid: int) -> dict[str, int]:
        text = Path(f"/proc/{pid}/status").read_text()
        out = {
            k: int(re.search(rf"{k}:\s+(\d+)", text).group(1)) // 1024 for k in ("VmHWM", "VmRSS", "RssAnon", "RssFile")
        }
        out["Pss"] = int(re.search(r"Pss:\s+(\d+)", Path(f"/proc/{pid}/smaps_rollup").read_text()).group(1)) // 1024
        return out

    def visit(browser, url: str) -> None:
        context = browser.new_context(viewport={"width": 1400, "height": 1500})
        block_non_local(context, [])
        page = context.new_page()
        page.goto(f"{url}/map?from=2018-01-01&to=2026-12-31")
        frame = page.locator(MAP_FRAME).last.element_handle(timeout=600_000).content_frame()
        frame.wait_for_function(SERVED, timeout=600_000)
        for _, lat, lon, zoom in MOVES:
            frame.evaluate(f"() => map.setView([{lat}, {lon}], {zoom}, {{animate: false}})")
            frame.wait_for_function(SERVED, timeout=60_000)
        context.close()

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_bench_root(root, n)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            with dashboard_server(root, timeout=600) as (url1, pid1):
                visit(browser, url1)
                first = status(pid1)
                with dashboard_server(root, timeout=600) as (url2, pid2):
                    visit(browser, url2)
                    second, first_now = status(pid2), status(pid1)
            browser.close()
    added = second["Pss"] + first_now["Pss"] - first["Pss"]
    print(f"{n:,} imported events: one server: peak {first['VmHWM']} MB, resident {first['VmRSS']} MB "
          f"({first['RssFile']} MB of it the mapped files, shared); a second server on the same folder: peak "
          f"{second['VmHWM']} MB, resident {second['VmRSS']} MB, adds {added} MB to the two's proportional "
          f"share (PSS {first['Pss']} -> {first_now['Pss']} + {second['Pss']} MB)", flush=True)  # fmt: skip


if __name__ == "__main__":
    if "--imported" in sys.argv or "--memory" in sys.argv:
        flag = "--imported" if "--imported" in sys.argv else "--memory"
        sizes = [int(a) for a in sys.argv[sys.argv.index(flag) + 1 :] if a.isdigit()]
        for size in sizes:
            (imported if flag == "--imported" else memory)(size)
    else:
        main()
        imported(100_000)
