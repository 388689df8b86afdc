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


#: In every frame, before its own scripts (``add_init_script``): note when things happen, in that frame's
#: ``performance.now()``. The page: the WebSocket opened and its last message. The map's frame: Leaflet's
#: map created (an init hook on ``L.Map``), the folium script done (streamlit-folium calls ``initComponent``
#: right after it: the atlas's layers are on the map), the frame after it drawn (an animation frame, then a
#: task). Both: the long tasks of the main thread (50 ms or more), which the two frames share.
LOAD_PROBE = """(() => {
  const T = window.__caT = {long: []}, now = () => performance.now();
  try { new PerformanceObserver(l => { for (const e of l.getEntries()) T.long.push([e.startTime, e.duration]); })
          .observe({type: 'longtask', buffered: true}); } catch (e) { /* no long task timing */ }
  if (window === window.top) {
    const WS = window.WebSocket;
    const Probe = function (...a) { const ws = new WS(...a);
      ws.addEventListener('open', () => { T.wsOpen = T.wsOpen || now(); });
      ws.addEventListener('message', (e) => { T.lastMessage = now(); T.firstMessage = T.firstMessage || now();
        const size = e.data.size || e.data.byteLength || e.data.length || 0;
        if (size > 100000) { T.bigMessage = T.bigMessage || now(); } });
      return ws; };
    new MutationObserver((_, o) => { if (document.querySelector("iframe[title='streamlit_folium.st_folium']")) {
      T.frameInserted = now(); o.disconnect(); } }).observe(document, {childList: true, subtree: true});
    Probe.prototype = WS.prototype; Object.assign(Probe, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
    window.WebSocket = Probe;
    return;
  }
  window.addEventListener('message', (e) => { if (e.data && e.data.type === 'streamlit:render') {
    T.renderArgs = T.renderArgs || now(); } });
  let leaflet, init;
  Object.defineProperty(window, 'L', {configurable: true, get: () => leaflet, set: (v) => { leaflet = v;
    T.leafletRun = T.leafletRun || now();
    if (v && v.Map && v.Map.addInitHook && !v.__caHooked) { v.__caHooked = true;
      v.Map.addInitHook(function () { T.mapCreated = T.mapCreated || now(); }); } }});
  Object.defineProperty(window, 'initComponent', {configurable: true, get: () => init, set: (f) => {
    init = function (...a) { T.scriptDone = T.scriptDone || now(); const r = f.apply(this, a);
      requestAnimationFrame(() => { T.frame = T.frame || now();
                                    setTimeout(() => { T.drawn = T.drawn || now(); }, 0); });
      return r; }; }});
})()"""

#: A quiet main thread for this long (no long task begins) after the map is drawn makes it interactive.
QUIET_MS = 250


def _interactive(drawn: float, long_tasks: list[tuple[float, float]]) -> float:
    """When the main thread is free after ``drawn``: the end of the last long task that begins less than
    :data:`QUIET_MS` after the previous one ended (or after ``drawn``)."""
    at = drawn
    for start, duration in sorted(long_tasks):
        if start + duration <= at:
            continue
        if start - at < QUIET_MS:
            at = max(at, start + duration)
        else:
            break
    return at


LOAD_STEPS = (
    ("WebSocket open", "wsOpen"),
    ("the map's message (over 100 kB) received", "bigMessage"),
    ("last server message", "lastMessage"),
    ("map frame inserted in the page", "frameInserted"),
    ("map frame's document start", "frameStart"),
    ("map frame given its arguments", "renderArgs"),
    ("Leaflet loaded", "leafletRun"),
    ("Leaflet map created", "mapCreated"),
    ("curated layers on the map (folium script done)", "scriptDone"),
    ("drawn (the frame after)", "drawn"),
    ("interactive (main thread free)", "interactive"),
)


def _visit(browser, url: str, *, imported: bool, trace: str | None = None) -> dict[str, float] | None:
    """One visit of ``url`` in a fresh context: the times of :data:`LOAD_STEPS` from the navigation's start
    (None when ``trace`` is written instead)."""
    from tests.browser.harness import MAP_FRAME

    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.add_init_script(LOAD_PROBE)
    page = context.new_page()
    if trace:
        browser.start_tracing(page=page, path=trace, categories=TRACE_CATEGORIES)
    page.goto(url)
    frame = page.locator(MAP_FRAME).last.element_handle(timeout=600_000).content_frame()
    frame.wait_for_function("() => window.__caT && __caT.drawn", timeout=600_000, polling=50)
    if imported:
        frame.wait_for_function("() => window.map && map.caImportedView && map.caImportedView.firstShownAt",
                                timeout=600_000, polling=50)  # fmt: skip
    page.wait_for_timeout(2500)  # long tasks after the drawing are noted
    if trace:
        browser.stop_tracing()
        context.close()
        return None
    top = page.evaluate("() => ({origin: performance.timeOrigin, ...window.__caT})")
    inner = frame.evaluate(
        "() => ({origin: performance.timeOrigin, shown: window.map && map.caImportedView"
        " && map.caImportedView.firstShownAt, ...window.__caT})"
    )
    context.close()
    shift = inner["origin"] - top["origin"]  # the frame's clock starts later than the page's
    row = {key: top.get(key, float("nan")) for key in ("wsOpen", "bigMessage", "lastMessage", "frameInserted")}
    row["frameStart"] = shift
    for key in ("renderArgs", "leafletRun", "mapCreated", "scriptDone", "drawn"):
        row[key] = inner[key] + shift if inner.get(key) is not None else float("nan")
    long_tasks = [(s, d) for s, d in top["long"]] + [(s + shift, d) for s, d in inner["long"]]
    row["interactive"] = _interactive(row["drawn"], long_tasks)
    row["long_ms"] = sum(d for _, d in long_tasks)
    if imported:
        row["imported"] = inner["shown"] - top["origin"]
    return row


def load(runs: int = 7, n_imported: int = 0, *, path: str = "/map", trace: str | None = None,
         against: str | None = None) -> dict[str, list[dict[str, float]]]:  # fmt: skip
    """Open the dashboard's ``path`` ``runs`` times (a fresh browser context each, the server warm) and time
    in the page, from the navigation's start, each step of :data:`LOAD_STEPS`; with ``n_imported`` synthetic
    imported events, also the first imported events drawn. The network is cut off at the browser's resolver
    (no request interception, which would delay every request). ``against``: the address of another
    dashboard already running (another version, on the same data), visited in turn with this one, so that
    both meet the same load of the machine. ``trace``: write Chrome's trace of one more visit there and
    print where the main thread's time went."""
    import tempfile

    from caucasus_atlas.bench import write_bench_root

    args = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"]
    with tempfile.TemporaryDirectory() as folder:
        root = None
        if n_imported:
            root = Path(folder)
            write_bench_root(root, n_imported)
        with streamlit_server(root, timeout=600) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
            urls = {"this": url, **({"against": against} if against else {})}
            results: dict[str, list[dict[str, float]]] = {name: [] for name in urls}
            for attempt in range(runs + 1):  # the first visit warms the server: not counted
                for name, base in urls.items():
                    row = _visit(browser, f"{base}{path}", imported=bool(n_imported))
                    if attempt:
                        results[name].append(row)
            if trace:
                _visit(browser, f"{url}{path}", imported=bool(n_imported), trace=trace)
            browser.close()
    steps = [*LOAD_STEPS, *((("first imported events drawn", "imported"),) if n_imported else ())]
    for name, rows in results.items():
        print(f"{path} ({name}: {urls[name]}), {runs} visits (a fresh context each, the server warm)" + (
            f", {n_imported:,} imported events" if n_imported else "") + ": from the navigation's start, "
            "median [min - max]")  # fmt: skip
        for step, key in steps:
            values = [r[key] for r in rows]
            print(f"  {step:<48} {statistics.median(values):6.0f} ms  [{min(values):.0f} - {max(values):.0f}]")
        print(f"  {'long tasks in all (main thread)':<48} {statistics.median(r['long_ms'] for r in rows):6.0f} ms")
    if against:  # each visit of this one beside the visit of the other made just after it
        print("  this minus against, visit by visit: median [min - max]")
        for step, key in steps:
            diffs = [a[key] - b[key] for a, b in zip(results["this"], results["against"], strict=True)]
            print(f"  {step:<48} {statistics.median(diffs):+6.0f} ms  [{min(diffs):+.0f} - {max(diffs):+.0f}]")
    if trace:
        summarise_trace(trace)
    return results


TRACE_CATEGORIES = ["devtools.timeline", "v8.execute", "disabled-by-default-devtools.timeline", "blink", "loading",
                    "disabled-by-default-v8.compile"]  # fmt: skip


def summarise_trace(path: str, top: int = 25) -> None:
    """Where the renderer's main thread spent its time in a Chrome trace: per event kind, and script
    compiling and running per file (the self time of nested events is not separated: totals overlap)."""
    import collections
    import json

    events = json.loads(Path(path).read_text())
    events = events["traceEvents"] if isinstance(events, dict) else events
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events if e.get("name") == "thread_name"}
    main = {k for k, v in names.items() if v == "CrRendererMain"}
    origin = min(e["ts"] for e in events if e.get("name") == "navigationStart" or e.get("ph") == "X")
    by_kind: collections.Counter[str] = collections.Counter()
    by_file: collections.Counter[str] = collections.Counter()
    for e in events:
        if (e.get("pid"), e.get("tid")) not in main or e.get("ph") != "X" or "dur" not in e:
            continue
        by_kind[e["name"]] += e["dur"] / 1000
        data = (e.get("args") or {}).get("data") or (e.get("args") or {})
        url = data.get("url") or data.get("fileName") or ""
        if e["name"] in ("EvaluateScript", "v8.compile", "v8.run", "FunctionCall", "ParseHTML", "v8.parseOnBackground",
                         "V8.CompileScript", "v8.produceCache"):  # fmt: skip
            by_file[f"{e['name']} {url.rsplit('/', 1)[-1][:60] or '(inline)'}"] += e["dur"] / 1000
    print(f"  trace {path}: the renderer's main thread, ms by event (nested events counted in their parents too)")
    for name, ms in by_kind.most_common(top):
        print(f"    {ms:8.1f}  {name}")
    print("  scripts, ms by file")
    for name, ms in by_file.most_common(top):
        print(f"    {ms:8.1f}  {name}")
    del origin


if __name__ == "__main__":
    if "--load" in sys.argv:
        numbers = [int(a) for a in sys.argv[sys.argv.index("--load") + 1 :] if a.isdigit()]
        option = {
            k: sys.argv[sys.argv.index(f"--{k}") + 1] for k in ("trace", "against", "path") if f"--{k}" in sys.argv
        }
        load(numbers[0] if numbers else 7, numbers[1] if len(numbers) > 1 else 0, **option)
    elif "--imported" in sys.argv or "--memory" in sys.argv:
        flag = "--imported" if "--imported" in sys.argv else "--memory"
        sizes = [int(a) for a in sys.argv[sys.argv.index(flag) + 1 :] if a.isdigit()]
        for size in sizes:
            (imported if flag == "--imported" else memory)(size)
    else:
        main()
        imported(100_000)
