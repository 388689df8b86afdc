"""What a person sees (issue 15, "a map the analyst can trust and use"): the play control's pace, where the
map sits on the first screen, the labels of the timeline, the story beside its map, place names beside the
markers, the saved image's key, and counts that say what they count. Chromium against a real
`streamlit run`, the internet cut off."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest

from tests.browser.harness import (
    MAP_FRAME,
    block_non_local,
    expected_features,
    wait_for_map,
    wait_for_run,
    wait_until_still,
)

#: Notes, every 50 ms, each change of the address's date range and of the number of features the last map
#: shows (places, lines, areas, clusters by their number), with the time (ms): ``window.__caLog``.
RECORDER = """(selector) => {
  window.__caLog = []; let last = '';
  const count = () => {
    const frames = document.querySelectorAll(selector), frame = frames[frames.length - 1];
    const d = frame && frame.contentDocument;
    if (!d || !d.querySelector('.leaflet-container')) { return -1; }
    const clustered = [...d.querySelectorAll('.marker-cluster span')].map(s => s.textContent.trim())
      .filter(t => /^\\d+$/.test(t)).reduce((a, t) => a + Number(t), 0);
    return d.querySelectorAll('path.leaflet-interactive').length + clustered;
  };
  setInterval(() => {
    const q = new URL(location.href).searchParams, range = (q.get('from') || '') + '/' + (q.get('to') || '');
    const n = count(), key = range + ' ' + n;
    if (key !== last) { window.__caLog.push([performance.now(), range, n]); last = key; }
  }, 50);
}"""


def _range_of(url: str) -> str:
    from urllib.parse import parse_qs, urlparse

    q = parse_qs(urlparse(url).query)
    return f"{q['from'][0]}/{q['to'][0]}"


def _windows(start: dt.date, end: dt.date, days: int) -> list[tuple[dt.date, dt.date]]:
    """The steps a person expects, worked out here: ``days`` at a time from the start, the last one cut."""
    out, first = [], start
    while first <= end:
        out.append((first, min(end, first + dt.timedelta(days=days - 1))))
        first += dt.timedelta(days=days)
    return out


@pytest.fixture
def desktop(browser):
    """A page the size of a laptop's screen (1440×900), offline."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    block_non_local(context, [])
    yield context.new_page()
    context.close()


def _open(page, url: str) -> None:
    page.goto(url)
    wait_for_map(page)
    wait_for_run(page)
    wait_until_still(page.locator(MAP_FRAME).last)


def test_play_waits_for_each_map_and_gives_the_range_back_at_the_end(server, desktop):
    page = desktop
    _open(page, f"{server}/map?from=2021-05-01&to=2021-05-31")
    before = _range_of(page.url)
    page.evaluate(RECORDER, MAP_FRAME)
    page.get_by_text("2.5 s", exact=True).click()  # the fastest speed: each step stays 2.5 s
    wait_for_run(page)
    page.get_by_role("button", name="▶ Play through the period").click()
    page.get_by_text("Played to the end (5 steps).", exact=False).wait_for(timeout=90_000)
    wait_for_run(page)
    page.wait_for_timeout(1500)
    log = page.evaluate("() => window.__caLog")
    steps = _windows(dt.date(2021, 5, 1), dt.date(2021, 5, 31), 7)
    shown: list[tuple[str, float, float]] = []  # each step: seconds until its map was drawn, and drawn on screen
    for i, (start, end) in enumerate(steps):
        key = f"{start.isoformat()}/{end.isoformat()}"
        at = [j for j, (_, r, _) in enumerate(log) if r == key]
        assert at, f"step {i + 1} ({key}) never reached the address: {log}"
        first, last = at[0], at[-1]
        assert at == list(range(first, last + 1)), f"step {key} came back after another: {log}"
        expected = expected_features(start, end)
        drawn = [t for t, r, n in log[first : last + 1] if n == expected]
        assert drawn, f"step {i + 1} ({key}) moved on before its map showed its {expected} features: {log}"
        left = log[last + 1][0]  # when the address moved on (the next step, or the range given back)
        shown.append((key, round((drawn[0] - log[first][0]) / 1000, 2), round((left - drawn[0]) / 1000, 2)))
        if i + 1 < len(steps):
            assert log[last + 1][1].startswith(steps[i + 1][0].isoformat()), log
    assert all(s >= 1.2 for _, _, s in shown), shown  # each drawn step stayed to be read
    print("each step: seconds until its map was drawn, then on screen:", shown)
    # the end gives the range back: in the address, on the slider, in words
    assert _range_of(page.url) == before
    assert log[-1][1] == before
    thumbs = page.get_by_test_id("stSlider").first.inner_text()
    assert "2021-05-01" in thumbs and "2021-05-31" in thumbs, thumbs
    assert page.get_by_text("Your date range, 1–31 May 2021, is back.").is_visible()


def test_play_pauses_and_stop_gives_the_range_back(server, desktop):
    page = desktop
    _open(page, f"{server}/map?from=2021-05-10&to=2021-05-24")
    before = _range_of(page.url)
    page.get_by_role("button", name="▶ Play through the period").click()
    page.wait_for_function("() => location.search.includes('from=2021-05-17')", timeout=30_000)  # step 2
    page.get_by_text("Step 2 of 3").wait_for(timeout=15_000)
    page.get_by_role("button", name="⏸ Pause").click()
    page.get_by_text("paused", exact=False).first.wait_for(timeout=15_000)
    paused_at = _range_of(page.url)
    page.wait_for_timeout(6000)  # longer than a step stays at the default speed (4 s)
    assert _range_of(page.url) == paused_at == "2021-05-17/2021-05-23"
    assert page.get_by_text("Step 2 of 3").is_visible()
    page.get_by_role("button", name="⏹ Stop").click()
    page.get_by_text("Stopped at step 2 of 3.", exact=False).wait_for(timeout=15_000)
    wait_for_run(page)
    assert _range_of(page.url) == before
    thumbs = page.get_by_test_id("stSlider").first.inner_text()
    assert "2021-05-10" in thumbs and "2021-05-24" in thumbs, thumbs
    page.wait_for_timeout(5000)  # and it stays stopped
    assert _range_of(page.url) == before


#: Every page with a map (the Overview is the default page, at the root).
MAP_PAGES = ["", "map", "border", "reconstruction"]


@pytest.mark.parametrize(("width", "height"), [(1440, 900), (390, 844)])
def test_every_map_starts_on_the_first_screen(server, browser, width, height):
    phone = width < 640
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone)
    block_non_local(context, [])
    page = context.new_page()
    seen = {}
    for path in MAP_PAGES:
        _open(page, f"{server}/{path}")
        box = page.locator(MAP_FRAME).first.bounding_box()
        seen[path or "overview"] = (round(box["y"]), round(box["width"]), round(box["height"]))
        assert box["y"] >= 0, (path, box)
        if phone:  # the map starts on the first screen, with a good part of it in view, across the width
            assert height - box["y"] >= 200, (path, box)
            assert box["width"] >= width - 40, (path, box)
        else:  # its top on the first screen with at least 400 px of it in view, wider than the 572 px it was
            assert height - box["y"] >= 400, (path, box)
            assert box["width"] > 572, (path, box)
    print(f"{width}x{height}: map top, width, height per page:", seen)
    context.close()


def test_the_panel_beside_the_map_does_not_move_it(server, desktop):
    page = desktop
    _open(page, f"{server}/map")
    empty = page.locator(MAP_FRAME).first.bounding_box()
    _open(page, f"{server}/map?event=border-2021-05-28-ashaghy-buzqov-fire")  # the panel shows an event in full
    page.get_by_role("heading", name="Selected event").wait_for(timeout=15_000)
    wait_until_still(page.locator(MAP_FRAME).first)
    full = page.locator(MAP_FRAME).first.bounding_box()
    assert (round(full["x"]), round(full["y"]), round(full["width"])) == (
        round(empty["x"]), round(empty["y"]), round(empty["width"]),
    )  # fmt: skip
    panel = page.get_by_role("heading", name="Selected event").bounding_box()
    assert panel["x"] >= full["x"] + full["width"]  # beside the map, not above or below it


def test_the_story_steps_and_their_map_are_on_one_screen(server, desktop):
    page = desktop
    _open(page, f"{server}/border")
    first = page.locator(MAP_FRAME).first.bounding_box()
    page.get_by_role("button", name="Start ▶").click()
    for step in range(1, 5):  # through steps of different lengths, said in capitals too
        page.get_by_text(f"Step {step} of").wait_for(timeout=15_000)
        wait_for_run(page)
        wait_until_still(page.locator(MAP_FRAME).first)
        box = page.locator(MAP_FRAME).first.bounding_box()
        label = page.get_by_text(f"Step {step} of").bounding_box()
        for name in ("◀ Previous", "Next ▶"):
            button = page.get_by_role("button", name=name).bounding_box()
            assert button["y"] >= 0 and button["y"] + button["height"] <= 900, (step, name, button)
        assert label["y"] >= 0 and label["y"] + label["height"] <= 900, (step, label)
        assert 900 - box["y"] >= 400, (step, box)  # and the map, 400 px of it at least, on the same screen
        assert abs(box["y"] - first["y"]) <= 1, (step, box, first)  # the step's words do not move the map
        # the step's places are drawn on it, outlined in black
        page.frame_locator(MAP_FRAME).first.locator("path.leaflet-interactive[stroke='#000']").first.wait_for(
            timeout=15_000
        )
        if step < 4:
            page.get_by_role("button", name="Next ▶").click()


def test_every_bar_of_the_timeline_is_named_beside_it(server, desktop):
    from caucasus_atlas import settings
    from caucasus_atlas.events import filter_events
    from caucasus_atlas.tables import tables
    from caucasus_atlas.validate import load_atlas

    events = tables(load_atlas(settings.PROJECT_ROOT)).events
    shown = filter_events(events, start=dt.date(2021, 5, 1), end=dt.date(2021, 5, 31), within=True)
    page = desktop
    page.goto(f"{server}/timeline")
    wait_for_run(page)
    chart = page.get_by_test_id("stVegaLiteChart").first
    chart.locator("svg g.mark-rect path").first.wait_for(timeout=20_000)
    bars, names = chart.evaluate(
        """(c) => { const box = e => { const r = e.getBoundingClientRect();
                                      return {x: r.x, y: r.y, w: r.width, h: r.height}; };
             const bars = [...c.querySelectorAll('g.mark-rect.role-mark path')].map(box);
             const names = [...c.querySelectorAll('g.role-axis-label text')]
               .map(t => ({...box(t), text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize)
                          || parseFloat(t.getAttribute('font-size'))}));
             return [bars, names]; }"""
    )
    left = min(b["x"] for b in bars)
    names = [n for n in names if n["x"] + n["w"] <= left + 1]  # the names at the bars' left (not the dates)
    assert len(bars) == len(shown), (len(bars), len(shown))
    assert len(names) == len(bars), (len(names), len(bars))
    dates = set(shown["date_label"])
    for bar in bars:  # each bar has its name on its row, beside it
        middle = bar["y"] + bar["h"] / 2
        row = [n for n in names if abs(n["y"] + n["h"] / 2 - middle) <= 4]
        assert len(row) == 1, (bar, row)
        assert row[0]["text"].split(" · ")[0] in dates, row[0]["text"]  # what the bar is: its date, its summary
    ordered = sorted(names, key=lambda n: n["y"])
    for above, below in itertools.pairwise(ordered):  # readable: no two names on top of each other
        assert above["y"] + above["h"] <= below["y"] + 0.5, (above, below)
    assert min(n["size"] for n in names) >= 11
    assert all(n["w"] > 100 for n in names)  # words, not a clipped stub


#: In a map's frame: the boxes (left, top, right, bottom) of its markers (places' shapes, routes' marks,
#: clusters) and of the names shown (places, and the distance labels of an incident's lines), in its view.
LABELS_AND_MARKERS = """() => {
  const m = map_div, c = m.getContainer().getBoundingClientRect();
  const rect = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const inside = r => r[2] > c.left && r[0] < c.right && r[3] > c.top && r[1] < c.bottom && r[2] > r[0];
  const markers = [];
  m.eachLayer(l => {
    if (l.feature && l._path && l instanceof L.CircleMarker && !(l instanceof L.Circle)) markers.push(rect(l._path));
  });
  document.querySelectorAll('path[data-route-mark], .marker-cluster').forEach(e => markers.push(rect(e)));
  const names = [...document.querySelectorAll('.ca-label, .ca-link-label')]
    .filter(e => getComputedStyle(e).display !== 'none' && e.textContent.trim())
    .map(e => [e.textContent.trim(), rect(e)]);
  return [markers.filter(inside), names.filter(n => inside(n[1]))];
}"""


def _covered(frame) -> tuple[list[str], int, int]:
    """The names that cover a marker in a map's frame (by more than half a pixel each way), and how many names
    and markers are in view."""
    markers, names = frame.evaluate(LABELS_AND_MARKERS)
    covering = []
    for text, (left, top, right, bottom) in names:
        for m in markers:
            if min(right, m[2]) - max(left, m[0]) > 0.5 and min(bottom, m[3]) - max(top, m[1]) > 0.5:
                covering.append(text)
                break
    return covering, len(names), len(markers)


def test_place_names_do_not_cover_markers(server, browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1600})
    block_non_local(context, [])
    page = context.new_page()
    seen = {}
    for path, which in (("border", 1), ("border", 0), ("map", 0), ("", 0)):  # the incident map first
        _open(page, f"{server}/{path}")
        frame_el = page.locator(MAP_FRAME).nth(which)
        frame_el.scroll_into_view_if_needed()
        wait_until_still(frame_el)
        frame = frame_el.element_handle().content_frame()
        frame.wait_for_function("() => window.map_div && document.querySelector('.ca-label')", timeout=20_000)
        zoom = frame.evaluate("() => map_div.getZoom()")
        for step in (0, 1):  # the first view, and one zoom in
            if step:
                frame.evaluate("() => map_div.setZoom(map_div.getZoom() + 1, {animate: false})")
            page.wait_for_timeout(700)  # names are placed on the next frame after the zoom
            covering, n_names, n_markers = _covered(frame)
            seen[f"{path or 'overview'}[{which}] z{zoom + step}"] = (n_names, n_markers, covering)
            assert n_markers >= 1 and n_names >= 3, seen  # something to check: names and markers in view
            assert not covering, seen
    print("names, markers and names over markers per map:", seen)
    context.close()


@pytest.fixture
def hidpi(browser):
    """A page at twice the screen's pixels, as the saved image is drawn: screen and image compare pixel for pixel."""
    context = browser.new_context(viewport={"width": 1400, "height": 1500}, device_scale_factor=2)
    block_non_local(context, [])
    yield context.new_page()
    context.close()


def _in_container(frame, selector: str) -> list[list[float]]:
    """The boxes (x, y, w, h) of ``selector``'s elements in the map's container, in CSS pixels."""
    return frame.evaluate(
        """(sel) => { const c = map_div.getContainer().getBoundingClientRect();
             return [...document.querySelectorAll(sel)].map(e => { const r = e.getBoundingClientRect();
               return [r.left - c.left, r.top - c.top, r.width, r.height]; }); }""",
        selector,
    )


def _region(pixels, box):
    x, y, w, h = (round(2 * v) for v in box)
    return pixels[y : y + h, x : x + w]


def _dark(pixels) -> int:
    return int((pixels.max(axis=2) < 110).sum())


def test_the_saved_image_carries_the_maps_key(server, hidpi, tmp_path):
    from tests.browser.test_map_fixes_browser import _mask, _screen_and_image

    page = hidpi
    page.goto(f"{server}/map?from=2021-05-01&to=2021-05-31&view=40.2,45.6,8")
    wait_for_map(page)
    wait_until_still(page.frame_locator(MAP_FRAME).last.locator("path[data-topic]").first)
    frame = page.locator(MAP_FRAME).last.element_handle().content_frame()
    (key,) = _in_container(frame, ".ca-key")
    rows = _in_container(frame, ".ca-key-row")
    screen, image, _ = _screen_and_image(page, tmp_path)
    on_screen, saved = _region(screen, key), _region(image, key)
    # the key's white box, where the screen has it (not the map behind it)
    light = (saved.min(axis=2) >= 225).mean()
    assert light >= 0.6, f"only {light:.0%} of the key's box is light in the image"
    # its international border sample, dark and thick, and its district line sample
    assert _mask(_region(image, rows[0]), "#3d3d3d", 30).sum() >= 15
    assert _mask(_region(image, rows[1]), "#9a9a9a", 30).sum() >= 10
    # and its words, row by row as on the screen (the colour scheme's row too)
    for row in rows:
        seen, drawn = _dark(_region(screen, row)), _dark(_region(image, row))
        assert seen > 20 and 0.5 * seen <= drawn <= 2 * seen, (row, seen, drawn)
    assert 0.5 * _dark(on_screen) <= _dark(saved) <= 2 * _dark(on_screen)


def test_the_incident_maps_image_names_the_incident_and_its_sources(server, hidpi, tmp_path):
    from caucasus_atlas import settings
    from caucasus_atlas.tables import tables
    from caucasus_atlas.validate import load_atlas
    from tests.browser.test_map_fixes_browser import _screen_and_image

    atlas = load_atlas(settings.PROJECT_ROOT)
    t = tables(atlas)
    incident = "inc-2021-05-27-capture"  # the incident view's first incident
    name = t.incidents.loc[incident, "name"]
    accounts = t.events[t.events["incident"] == incident]
    drawn = [e for _, e in accounts.iterrows() if any(s.what == "place" for s in e["states"])]
    titles = {atlas.sources[e["source"]].title for e in drawn}
    page = hidpi
    page.goto(f"{server}/border?incident={incident}")
    wait_for_map(page)
    page.locator(MAP_FRAME).nth(1).wait_for(timeout=20_000)
    incident_map = page.frame_locator(MAP_FRAME).last
    incident_map.locator("path[data-topic]").first.wait_for(timeout=20_000)
    wait_until_still(incident_map.locator("path[data-topic]").first)
    page.wait_for_timeout(800)
    frame = page.locator(MAP_FRAME).last.element_handle().content_frame()
    words = frame.evaluate("() => JSON.parse(document.getElementById('ca-event-layers').textContent).caption")
    assert words["title"] == f"Caucasus Atlas · Incident: {name}"
    assert len(titles) >= 2 and all(title in words["source"] for title in titles), (titles, words["source"])
    assert f"{len(drawn)} accounts drawn" in words["lines"][0], words["lines"]
    assert [item["label"] for item in words["legend"]] == [label for label, _ in settings.PARTIES.values()]
    labels = _in_container(frame, ".ca-link-label")
    with page.expect_download(timeout=30_000) as download:
        incident_map.get_by_role("button", name="Save this map as an image (PNG), with its legend and source").click()
    assert download.value.suggested_filename.startswith("caucasus-atlas_incident-")
    screen, image, _ = _screen_and_image(page, tmp_path)
    # the lines' distances are drawn, in their boxes, where the screen shows them
    assert labels
    for box in labels:
        seen, drawn_px = _dark(_region(screen, box)), _dark(_region(image, box))
        assert seen > 20 and 0.5 * seen <= drawn_px <= 2 * seen, (box, seen, drawn_px)
    # under the map: the legend, the sources by name (several lines of them) and the credit
    from PIL import Image

    saved = np.asarray(Image.open(tmp_path / "map.png").convert("RGB")).astype(int)
    top = next(y for y in range(saved.shape[0]) if tuple(saved[y, saved.shape[1] // 2]) == (136, 136, 136))
    below = saved[top + image.shape[0] + 4 :]
    inked = (below.max(axis=2) < 110).any(axis=1)
    lines = sum(1 for y in range(1, len(inked)) if inked[y] and not inked[y - 1])
    assert lines >= 4, lines
