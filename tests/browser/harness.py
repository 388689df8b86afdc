"""Start a real `streamlit run` and drive Debian's Chromium with Playwright. Used by tests, bench, screenshot."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from caucasus_atlas.serving import dashboard_server

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
LOCAL_HOSTS = {
    "localhost",
    "127.0.0.1",
    "127.0.0.2",
    "::1",
}  # 127.0.0.2: a server standing for one on a network address


def chromium_available() -> bool:
    return Path(CHROMIUM).is_file()


@contextmanager
def streamlit_server(data_root: Path | None = None, *, timeout: float = 60, **kwargs) -> Iterator[str]:
    """Run the dashboard on a free localhost port; yield its base URL; stop it afterwards. ``kwargs``:
    :func:`caucasus_atlas.serving.dashboard_server`'s ``address`` and ``extra_env``."""
    with dashboard_server(data_root, timeout=timeout, **kwargs) as (url, _):
        yield url


def block_non_local(context, attempted: list[str]) -> None:
    """Abort every request that leaves localhost, noting its URL in ``attempted``."""

    def route(route_):
        url = route_.request.url
        if urlparse(url).hostname in LOCAL_HOSTS or url.startswith(("data:", "blob:", "about:")):
            route_.continue_()
        else:
            attempted.append(url)
            route_.abort()

    context.route("**/*", route)


def feature_count(page) -> int:
    """How many event features the map shows (places, lines and areas), those grouped in a cluster counted
    by the cluster's number."""
    frame = page.frame_locator(MAP_FRAME).last
    clustered = sum(int(t) for t in frame.locator(".marker-cluster span").all_inner_texts() if t.strip().isdigit())
    return frame.locator("path.leaflet-interactive").count() + clustered


#: The same count in the page (the last map's frame, read through its document), for ``wait_for_function``.
FEATURE_COUNT_IS = """([selector, expected]) => {
  const frames = document.querySelectorAll(selector), frame = frames[frames.length - 1];
  const d = frame && frame.contentDocument;
  if (!d || !d.querySelector('.leaflet-container')) { return false; }
  const clustered = [...d.querySelectorAll('.marker-cluster span')].map(s => s.textContent.trim())
    .filter(t => /^\\d+$/.test(t)).reduce((a, t) => a + Number(t), 0);
  return d.querySelectorAll('path.leaflet-interactive').length + clustered === expected;
}"""


def wait_for_features(page, expected: int, *, timeout: float = 30) -> int:
    """Wait until the map shows exactly ``expected`` features (it redraws after a filter change); return
    the count it shows then (another number when the wait timed out)."""
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(FEATURE_COUNT_IS, arg=[MAP_FRAME, expected], timeout=timeout * 1000)
    try:
        return feature_count(page)
    except PlaywrightError:  # the iframe is being replaced
        return -1


def wait_for_map(page, *, timeout: float = 60) -> None:
    page.frame_locator(MAP_FRAME).last.locator("path.leaflet-interactive").first.wait_for(timeout=timeout * 1000)


def wait_for_run(page, *, timeout: float = 30) -> None:
    """Wait until Streamlit has finished running the page's script (what Streamlit's own tests wait for)."""
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=timeout * 1000
    )


#: Whether an element's box is where it was at the previous poll (polled every 0.4 s by the caller).
STILL = """(element) => { const r = element.getBoundingClientRect(), key = [r.x, r.y, r.width, r.height].join();
  const same = element.__caBox === key; element.__caBox = key; return same; }"""


def wait_until_still(locator, *, timeout: float = 10) -> None:
    """Wait until an element stops moving: the map re-centres once Streamlit sizes its iframe."""
    handle = locator.element_handle(timeout=timeout * 1000)
    with contextlib.suppress(PlaywrightTimeoutError):
        locator.page.wait_for_function(STILL, arg=handle, polling=400, timeout=timeout * 1000)


def expected_features(start=None, end=None, topics=None) -> int:
    """How many features the map must show for a filter (events dated within the range, the dashboard's
    default), worked out by the package itself."""
    from caucasus_atlas import settings
    from caucasus_atlas.events import filter_events
    from caucasus_atlas.map.features import topic_features
    from caucasus_atlas.tables import tables
    from caucasus_atlas.validate import load_atlas

    t = tables(load_atlas(settings.PROJECT_ROOT))
    events, links, places = t.events, t.event_places, t.places
    shown = filter_events(events, start=start, end=end, topics=topics, within=True)
    return sum(len(a) + len(p) for a, p in (topic_features(shown, links, places, t) for t in settings.TOPICS))


#: Tag the SVG path of ``id``'s feature in the last map (features carry no DOM ids) and say whether it
#: is steady: drawn, with the box it had at the previous poll (0.4 s before).
TAG_STEADY_PLACE = """([selector, id, nth]) => {
  const frames = document.querySelectorAll(selector), frame = frames[nth < 0 ? frames.length + nth : nth];
  const map = frame && frame.contentWindow && frame.contentWindow.map_div;
  if (!map || !map._layers) { return false; }
  let path = null;
  for (const k in map._layers) {
    const l = map._layers[k], ids = l.feature && l.feature.properties.place_ids;
    if (ids && ids.split(',').includes(id) && l._path) {
      l._path.setAttribute('data-place', id); path = path || l._path;
    }
  }
  if (!path) { return false; }
  const f = frame.getBoundingClientRect(), r = path.getBoundingClientRect();
  const key = [f.x, f.y, r.x, r.y, r.width, r.height].join(), same = frame.__caPlace === id + key;
  frame.__caPlace = id + key;
  return same && r.width + r.height > 0;
}"""


def place_on_map(page, place_id: str, *, timeout: float = 20, nth: int = -1):
    """The map feature that shows ``place_id`` (on the page's last map, or its ``nth``), as a locator a test
    can click like a person would.

    Features carry no DOM ids, so the feature's SVG path is tagged through Leaflet first, until it stands
    still (retrying while Streamlit swaps the map's iframe after a rerun).
    """
    try:
        page.wait_for_function(TAG_STEADY_PLACE, arg=[MAP_FRAME, place_id, nth], polling=400, timeout=timeout * 1000)
    except PlaywrightTimeoutError:
        raise AssertionError(f"no steady feature for {place_id!r} on the map") from None
    return page.locator(MAP_FRAME).nth(nth).content_frame.locator(f"[data-place='{place_id}']")


def click_place(page, place_id: str, *, nth: int = -1) -> None:
    """Click the map feature of ``place_id`` where a person would, with the mouse: a circle at its centre,
    a line at a point along it (its bounding box's centre may be empty map), an area at its centre.

    The viewport must show the whole map: Streamlit scrolls an inner container, which Playwright's own
    scrolling into view does not account for inside the map's iframe.
    """
    locator = place_on_map(page, place_id, nth=nth)
    # a point of the feature that is not under another one (its centre first), as a person would pick
    x, y = locator.evaluate(
        """(path) => { const box = path.getBBox(), svg = path.ownerSVGElement;
             function screen(p) { const pt = svg.createSVGPoint(); pt.x = p.x; pt.y = p.y;
                                  const s = pt.matrixTransform(path.getScreenCTM()); return [s.x, s.y]; }
             function visible(p) { const [sx, sy] = screen(p); return document.elementFromPoint(sx, sy) === path; }
             if (path.getAttribute('fill') === 'none') {
               for (const f of [0.5, 0.4, 0.6, 0.3, 0.7]) {
                 const p = path.getPointAtLength(path.getTotalLength() * f); if (visible(p)) return screen(p); }
               return screen(path.getPointAtLength(path.getTotalLength() / 2));
             }
             const centre = {x: box.x + box.width / 2, y: box.y + box.height / 2};
             if (visible(centre)) return screen(centre);
             for (let i = 1; i < 10; i++) for (let j = 1; j < 10; j++) {
               const p = svg.createSVGPoint(); p.x = box.x + box.width * i / 10; p.y = box.y + box.height * j / 10;
               if (path.isPointInFill(p) && visible(p)) return screen(p);
             }
             return screen(centre); }"""
    )
    name = locator.get_attribute("aria-label")  # the feature's tooltip, e.g. "Zangezur corridor: 3 events"
    frame_box = page.locator(MAP_FRAME).nth(nth).bounding_box()
    page.mouse.click(frame_box["x"] + x, frame_box["y"] + y)
    # the click opens a popup: the feature's own, or, where several features lie under the pointer, the
    # map's list of them: then choose this place's, as a person would
    frame = page.locator(MAP_FRAME).nth(nth).content_frame
    frame.locator(".leaflet-popup").first.wait_for(state="attached", timeout=10_000)
    choices = frame.locator(".ca-choice")
    if choices.count():
        choices.filter(has_text=name).first.click()


#: In a map's frame: whether the imported events it holds were made for its view (static/atlas/core.js).
IMPORTED_SERVED = """() => { if (!window.map) { return false; } const s = map.caImportedView, b = map.getBounds();
  return !!s && AtlasCore.importedServes(s.payload, {south: b.getSouth(), west: b.getWest(), north: b.getNorth(),
                                                     east: b.getEast(), zoom: map.getZoom()}); }"""
