"""Start a real `streamlit run` and drive Debian's Chromium with Playwright. Used by tests, bench, screenshot."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

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


def wait_for_features(page, expected: int, *, timeout: float = 30) -> int:
    """Wait until the map shows exactly ``expected`` features (it redraws after a filter change)."""
    deadline = time.monotonic() + timeout
    count = -1
    while time.monotonic() < deadline:
        try:
            page.frame_locator(MAP_FRAME).last.locator(".leaflet-container").wait_for(timeout=1000)
            count = feature_count(page)
            if count == expected:
                return count
        except Exception:  # the iframe is being replaced
            pass
        page.wait_for_timeout(200)
    return count


def wait_for_map(page, *, timeout: float = 60) -> None:
    page.frame_locator(MAP_FRAME).last.locator("path.leaflet-interactive").first.wait_for(timeout=timeout * 1000)


def wait_until_still(locator, *, timeout: float = 10) -> None:
    """Wait until an element stops moving: the map re-centres once Streamlit sizes its iframe."""
    deadline = time.monotonic() + timeout
    previous = None
    while time.monotonic() < deadline:
        box = locator.bounding_box()
        if box is not None and box == previous:
            return
        previous = box
        time.sleep(0.4)


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


def place_on_map(page, place_id: str, *, timeout: float = 20):
    """The map feature that shows ``place_id``, as a locator a test can click like a person would.

    Features carry no DOM ids, so the feature's SVG path is tagged through Leaflet first (retrying while
    Streamlit swaps the map's iframe after a rerun).
    """
    deadline = time.monotonic() + timeout
    locator = page.frame_locator(MAP_FRAME).last.locator(f"[data-place='{place_id}']")
    tag = """(id) => { for (const k in map_div._layers) { const l = map_div._layers[k];
               const ids = l.feature && l.feature.properties.place_ids;
               if (ids && ids.split(',').includes(id) && l._path) l._path.setAttribute('data-place', id); } }"""
    previous = None
    while time.monotonic() < deadline:
        try:
            frame = page.locator(MAP_FRAME).last.element_handle(timeout=2000).content_frame()
            frame.evaluate(tag, place_id)
            box = locator.bounding_box(timeout=1000) if locator.count() else None
        except Exception:  # the iframe is being replaced, or its map is not built yet
            box = None
        if box is not None and box == previous:
            return locator
        previous = box
        time.sleep(0.4)
    raise AssertionError(f"no steady feature for {place_id!r} on the map")


def click_place(page, place_id: str) -> None:
    """Click the map feature of ``place_id`` where a person would, with the mouse: a circle at its centre,
    a line at a point along it (its bounding box's centre may be empty map), an area at its centre.

    The viewport must show the whole map: Streamlit scrolls an inner container, which Playwright's own
    scrolling into view does not account for inside the map's iframe.
    """
    locator = place_on_map(page, place_id)
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
    frame_box = page.locator(MAP_FRAME).last.bounding_box()
    page.mouse.click(frame_box["x"] + x, frame_box["y"] + y)
    # where several features lie under the pointer, the map lists them: choose this place's, as a person would
    choices = page.frame_locator(MAP_FRAME).last.locator(".ca-choice")
    page.wait_for_timeout(300)
    if choices.count():
        choices.filter(has_text=name).first.click()
