"""The map as a tester sees it (issue "A map the analyst can trust and use"), in Chromium against a real
`streamlit run` with the internet cut off: what lands on which pixel, how many shapes are drawn."""

from __future__ import annotations

import io
import time

import numpy as np
import pytest

from tests.browser.harness import MAP_FRAME, block_non_local, feature_count, wait_for_map, wait_until_still

SAVE = "Save this map as an image (PNG), with its legend and source"


@pytest.fixture
def hidpi_page(browser):
    """A page at twice the screen's pixels, as the saved image is drawn: a screenshot and the image compare
    pixel for pixel."""
    context = browser.new_context(viewport={"width": 1400, "height": 1500}, device_scale_factor=2)
    block_non_local(context, [])
    yield context.new_page()
    context.close()


def _map_frame(page):
    return page.locator(MAP_FRAME).last.element_handle().content_frame()


def _still(page) -> None:
    frame = page.frame_locator(MAP_FRAME).last
    wait_until_still(frame.locator("path[data-topic]").first)
    page.wait_for_timeout(400)


def _open_clustered_map(page, server):
    """Open the Incidents map, wait for its clusters and for the map to stand still; its frame."""
    page.goto(f"{server}/map")
    wait_for_map(page)
    frame = page.frame_locator(MAP_FRAME).last
    frame.locator(".marker-cluster").first.wait_for(timeout=15_000)
    _still(page)
    return frame


def _rgb(png: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def _mask(pixels: np.ndarray, colour: str, tolerance: int = 10) -> np.ndarray:
    target = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    return (np.abs(pixels - target) <= tolerance).all(axis=2).astype(float)


def _shift(screen: np.ndarray, image: np.ndarray) -> tuple[int, int]:
    """The (dx, dy) in pixels by which ``image`` is best moved onto ``screen`` (two masks of one size), by
    cross-correlation: (0, 0) when the features lie on the same pixels."""
    spectrum = np.fft.fft2(screen) * np.conj(np.fft.fft2(image))
    peak = np.unravel_index(np.argmax(np.fft.ifft2(spectrum).real), screen.shape)
    dy, dx = (int(p) if p <= n // 2 else int(p) - n for p, n in zip(peak, screen.shape, strict=True))
    return dx, dy


def _screen_and_image(page, tmp_path) -> tuple[np.ndarray, np.ndarray, list[list[float]]]:
    """The map on screen and the map area of its saved PNG, both at 2x, and points to compare: the centres
    of the place markers and the vertices of the international borders in view (container pixels)."""
    frame = page.frame_locator(MAP_FRAME).last
    handle = _map_frame(page)
    # names are moved off the markers 60 ms after the map stops (the declutter): let that settle first, so
    # that the points are measured and the screen captured on the same drawing
    page.wait_for_timeout(500)
    width, height, points = handle.evaluate(
        """() => { const m = map_div, s = m.getSize(), pts = [], c = m.getContainer().getBoundingClientRect();
             // the controls (zoom, layers, the key, the scale bar, notices) are drawn over the map on screen,
             // not in the image: a point under one of them is not compared
             const boxes = [...m.getContainer().querySelectorAll('.leaflet-control')]
               .map(e => e.getBoundingClientRect());
             function covered(p) { return boxes.some(b => p.x >= b.left - c.left - 4 && p.x <= b.right - c.left + 4
                                                       && p.y >= b.top - c.top - 4 && p.y <= b.bottom - c.top + 4); }
             function inside(p) { return p.x > 12 && p.y > 12 && p.x < s.x - 12 && p.y < s.y - 12 && !covered(p); }
             m.eachLayer(l => {
               if (l.feature && l.getLatLng && l._path && l._radius) {
                 const p = m.latLngToContainerPoint(l.getLatLng()); if (inside(p)) pts.push([p.x, p.y, 'place']); }
               if (l.options && l.options.color === '#3d3d3d' && l.getLatLngs) {
                 const flat = l.getLatLngs().flat(3);
                 for (let i = 0; i < flat.length; i += 7) {
                   const p = m.latLngToContainerPoint(flat[i]); if (inside(p)) pts.push([p.x, p.y, 'border']); } }
             });
             return [m.getContainer().clientWidth, m.getContainer().clientHeight, pts]; }"""
    )
    screen = _rgb(frame.locator(".leaflet-container").screenshot())
    with page.expect_download(timeout=30_000) as download:
        frame.get_by_role("button", name=SAVE).click()
    path = tmp_path / "map.png"
    download.value.save_as(path)
    saved = _rgb(path.read_bytes())
    # the map sits below the title and filter lines, in a grey frame line; centred when narrower than 560 px
    top = next(y for y in range(saved.shape[0]) if tuple(saved[y, saved.shape[1] // 2]) == (136, 136, 136))
    left = 2 * round((max(width, 560) - width) / 2)
    image = saved[top : top + 2 * height, left : left + 2 * width]
    return screen[: 2 * height, : 2 * width], image, points


def _check_registered(page, tmp_path) -> tuple[int, int]:
    screen, image, points = _screen_and_image(page, tmp_path)
    assert screen.shape == image.shape
    # the international borders (#3d3d3d) lie on the same pixels in the image as on the screen
    dx, dy = _shift(_mask(screen, "#3d3d3d"), _mask(image, "#3d3d3d"))
    assert abs(dx) <= 2 and abs(dy) <= 2, f"the image's borders are off by {dx}, {dy} device pixels"
    # and at each place marker's centre and border vertex, the image has the screen's colour
    assert sum(p[2] == "place" for p in points) >= 3 and sum(p[2] == "border" for p in points) >= 10
    wrong = []
    for x, y, kind in points:
        sx, sy = round(2 * x), round(2 * y)
        if not (np.abs(screen[sy, sx] - image[sy, sx]) <= 40).all():
            wrong.append((kind, x, y, tuple(screen[sy, sx]), tuple(image[sy, sx])))
    assert len(wrong) <= len(points) // 10, wrong[:10]
    return dx, dy


def test_the_saved_image_puts_every_shape_where_the_screen_shows_it(server, hidpi_page, tmp_path):
    page = hidpi_page
    page.goto(f"{server}/map?from=2021-05-01&to=2021-05-31&view=40.2,45.6,8")
    wait_for_map(page)
    _still(page)
    _check_registered(page, tmp_path)
    frame = page.frame_locator(MAP_FRAME).last
    # another zoom
    before = _map_frame(page).evaluate("() => map_div.getZoom()")
    frame.locator(".leaflet-control-zoom-out").click()
    deadline = time.monotonic() + 10
    while _map_frame(page).evaluate("() => map_div.getZoom()") == before and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    _still(page)
    _check_registered(page, tmp_path)
    # and after a pan (a drag with the mouse)
    box = page.locator(MAP_FRAME).last.bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx, cy)
    page.mouse.down()
    for i in range(1, 11):
        page.mouse.move(cx - 15 * i, cy + 9 * i)
    page.mouse.up()
    _still(page)
    _check_registered(page, tmp_path)


def _steady_count(page, *, timeout: float = 15) -> int:
    """The map's feature count (places, lines, areas, clusters by their number) once it stops changing."""
    deadline = time.monotonic() + timeout
    counts: list[int] = []
    while time.monotonic() < deadline:
        counts.append(feature_count(page))
        if len(counts) >= 4 and len(set(counts[-4:])) == 1:
            break
        page.wait_for_timeout(250)
    return counts[-1]


def test_the_layers_switch_shows_what_is_drawn_and_adds_or_removes_exactly_a_layer(server, offline_page):
    page = offline_page
    frame = _open_clustered_map(page, server)
    frame.locator(".leaflet-control-layers").hover()
    labels = frame.locator(".leaflet-control-layers-overlays label")
    places = [labels.nth(i) for i in range(labels.count()) if "– places" in labels.nth(i).inner_text()]
    assert len(places) >= 2
    # every layer whose shapes are on the map is ticked
    assert all(label.locator("input").is_checked() for label in places)
    before = _steady_count(page)
    assert before > 0
    removed = []
    for label in places:
        box = label.locator("input")
        box.uncheck()
        without = _steady_count(page)
        assert without < before, label.inner_text()  # unticked: its places leave the map
        removed.append(before - without)
        box.check()
        assert _steady_count(page) == before, label.inner_text()  # ticked: drawn once again, not twice
    # with every topic's places unticked, none is left: the layers held them all, once each
    for label in places:
        label.locator("input").uncheck()
    assert _steady_count(page) == before - sum(removed)
    assert frame.locator(".marker-cluster").count() == 0


def test_the_wheel_scrolls_the_page_until_the_map_is_clicked_then_zooms_it(server, browser):
    context = browser.new_context(viewport={"width": 1300, "height": 800})
    block_non_local(context, [])
    page = context.new_page()
    page.goto(f"{server}/border")
    wait_for_map(page)
    _still(page)
    frame = page.frame_locator(MAP_FRAME).last
    handle = _map_frame(page)
    zoom = handle.evaluate("() => map_div.getZoom()")
    # the map is below the fold: the reader scrolls to it (here: it comes to the middle of the window)
    page.locator(MAP_FRAME).last.evaluate("f => f.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(500)
    box = page.locator(MAP_FRAME).last.bounding_box()
    assert box["y"] > 100
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, 250)
    hint = frame.locator(".ca-wheel-hint")
    hint.wait_for(state="visible", timeout=5000)
    assert hint.inner_text() == "Click the map to zoom with the wheel"
    page.wait_for_timeout(800)
    # the page scrolled (the map moved up the screen), the map's zoom is what it was
    moved = page.locator(MAP_FRAME).last.bounding_box()
    assert moved["y"] < box["y"] - 100, (box["y"], moved["y"])
    assert handle.evaluate("() => map_div.getZoom()") == zoom
    # a click on the map (an empty corner of it), and the wheel zooms the map, the page stays
    page.mouse.click(moved["x"] + moved["width"] - 20, moved["y"] + moved["height"] / 2)
    page.wait_for_timeout(500)
    page.mouse.move(moved["x"] + moved["width"] / 2, moved["y"] + moved["height"] / 2)
    page.mouse.wheel(0, -250)
    deadline = time.monotonic() + 10
    while handle.evaluate("() => map_div.getZoom()") == zoom and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert handle.evaluate("() => map_div.getZoom()") > zoom
    assert page.locator(MAP_FRAME).last.bounding_box()["y"] == moved["y"]
    hint.wait_for(state="hidden", timeout=5000)
    context.close()


def _visible_cluster(page, at_most: int):
    """A cluster in view of ``at_most`` places or fewer (those of far capitals are in the page too, off-screen)."""
    frame = page.frame_locator(MAP_FRAME).last
    size = page.locator(MAP_FRAME).last.bounding_box()
    clusters = frame.locator(".marker-cluster")
    for i in range(clusters.count()):
        box = clusters.nth(i).bounding_box()
        if (
            0 <= box["x"] - size["x"] <= size["width"] - 40
            and 0 <= box["y"] - size["y"] <= size["height"] - 40
            and int(clusters.nth(i).inner_text()) <= at_most
        ):
            return clusters.nth(i)
    raise AssertionError(f"no cluster of {at_most} or fewer places in view")


def test_a_click_on_a_small_cluster_spreads_its_places_out_where_they_are(server, offline_page):
    page = offline_page
    frame = _open_clustered_map(page, server)
    handle = _map_frame(page)
    zoom = handle.evaluate("() => map_div.getZoom()")
    cluster = _visible_cluster(page, 5)
    inside = int(cluster.inner_text())
    centre = cluster.bounding_box()
    places = frame.locator("path.leaflet-interactive[data-topic]")
    before = places.count()
    cluster.click()
    deadline = time.monotonic() + 10
    while places.count() < before + inside and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    page.wait_for_timeout(600)  # the spreading animation
    # the same view; the cluster's places drawn around where it was, each on its own spot
    assert handle.evaluate("() => map_div.getZoom()") == zoom
    assert places.count() == before + inside
    cx, cy = centre["x"] + centre["width"] / 2, centre["y"] + centre["height"] / 2
    spots = set()
    for i in range(places.count()):
        b = places.nth(i).bounding_box()
        x, y = b["x"] + b["width"] / 2, b["y"] + b["height"] / 2
        if abs(x - cx) < 100 and abs(y - cy) < 100:
            spots.add((round(x), round(y)))
    assert len(spots) >= inside


def test_the_overlap_chooser_tells_two_entries_of_one_place_apart(server, offline_page):
    """A place drawn for two topics (Nakhchivan, the districts returned in 2020: the same outline twice, each
    "…: 1 event" before) is listed twice by a click inside it, each entry with its layer (topic and kind) and
    its events' dates."""
    page = offline_page
    page.goto(f"{server}/map")
    wait_for_map(page)
    _still(page)
    x, y, names = _map_frame(page).evaluate(
        """() => { const m = map_div, s = m.getSize(), r = m.getContainer().getBoundingClientRect();
             const ls = Object.values(m._layers).filter(l => l.feature && l.feature.properties.tooltip
                                                      && l._containsPoint && l._pxBounds && !l.getLatLng);
             const text = document.createElement('span');  // the tooltip is escaped HTML
             const name = l => { text.innerHTML = l.feature.properties.tooltip;
                                 return text.textContent.split(':')[0]; };
             for (const l of ls) {
               const b = l._pxBounds;
               for (let i = 1; i < 10; i++) for (let j = 1; j < 10; j++) {
                 const c = L.point(b.min.x + (b.max.x - b.min.x) * i / 10, b.min.y + (b.max.y - b.min.y) * j / 10);
                 const p = m.layerPointToContainerPoint(c);
                 if (p.x < 20 || p.y < 20 || p.x > s.x - 20 || p.y > s.y - 20) continue;
                 const hits = ls.filter(o => o._containsPoint(c));
                 const top = document.elementFromPoint(p.x + r.left, p.y + r.top);
                 if (hits.filter(h => name(h) === name(l)).length >= 2 && top && top.tagName === 'path'
                     && !(m._targets[L.stamp(top)] instanceof L.CircleMarker)) {
                   return [p.x + r.left, p.y + r.top, hits.map(name)]; } } }
             return [0, 0, []]; }"""
    )
    assert len(names) >= 2, "no place drawn twice in view"
    box = page.locator(MAP_FRAME).last.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    choices = page.frame_locator(MAP_FRAME).last.locator(".ca-choice")
    choices.first.wait_for(timeout=10_000)
    texts = choices.all_inner_texts()
    assert len(texts) == len(names)
    assert len(set(texts)) == len(texts)
    # what differs besides the count: the topic and kind of each, and a date
    twice = next(n for n in names if names.count(n) >= 2)
    details = [t.split("\n", 1)[1] if "\n" in t else "" for t in texts if t.startswith(twice + ":")]
    assert len(details) >= 2 and len(set(details)) == len(details), texts
    assert all("– areas" in d and any(ch.isdigit() for ch in d) for d in details), texts


def _colour_at(pixels: np.ndarray, x: float, y: float) -> str:
    """The most frequent colour in a 7x7 square around (x, y), as #rrggbb (a line or a name may cross it)."""
    square = pixels[round(y) - 3 : round(y) + 4, round(x) - 3 : round(x) + 4].reshape(-1, 3)
    colours, counts = np.unique(square, axis=0, return_counts=True)
    return "#{:02x}{:02x}{:02x}".format(*colours[counts.argmax()])


def test_beyond_the_bundled_region_the_offline_basemap_is_land_not_sea(server, offline_page):
    page = offline_page
    page.goto(f"{server}/map?view=45,50,4")
    wait_for_map(page)
    _still(page)
    frame = page.frame_locator(MAP_FRAME).last
    handle = _map_frame(page)
    assert handle.evaluate("() => map_div.getZoom()") == 4
    # well outside the bundled box (35.3–45.0 N, 39.4–54.9 E) and outside the five bundled countries: the
    # steppe of Kazakhstan and the Volga; inside it, the middle of the Caspian Sea
    places = {"Kazakhstan": [50, 62], "Volga": [52, 45], "Caspian": [42.0, 50.5]}
    at = handle.evaluate(
        "(ps) => Object.fromEntries(Object.entries(ps).map(([k, p]) => {"
        " const c = map_div.latLngToContainerPoint(p); return [k, [c.x, c.y]]; }))",
        places,
    )
    size = handle.evaluate("() => [map_div.getSize().x, map_div.getSize().y]")
    assert all(10 < x < size[0] - 10 and 10 < y < size[1] - 10 for x, y in at.values()), at
    pixels = _rgb(frame.locator(".leaflet-container").screenshot())
    colours = {name: _colour_at(pixels, *xy) for name, xy in at.items()}
    assert colours["Kazakhstan"] == "#f3efe6", colours
    assert colours["Volga"] == "#f3efe6", colours
    assert colours["Caspian"] == "#d4e5f2", colours  # the sea inside the box is still sea


def test_the_map_names_its_two_border_lines_and_its_colour_scheme(server, offline_page):
    page = offline_page
    for query, scheme in (("", "by topic"), ("?colour=party", "by whose account")):
        page.goto(f"{server}/map{query}")
        wait_for_map(page)
        _still(page)
        frame = page.frame_locator(MAP_FRAME).last
        key = frame.locator(".ca-key")
        key.wait_for(timeout=10_000)
        text = key.inner_text()
        assert "International border" in text and "District or province line" in text, text
        assert f"Colours: {scheme}" in text, text
        # on the map, in view
        box, area = key.bounding_box(), frame.locator(".leaflet-container").bounding_box()
        assert area["x"] <= box["x"] and box["x"] + box["width"] <= area["x"] + area["width"]
        assert area["y"] <= box["y"] and box["y"] + box["height"] <= area["y"] + area["height"]
        # each sample is drawn as its line on the map is: the same colour and width
        samples = key.locator("line").evaluate_all(
            "ls => ls.map(l => [l.getAttribute('stroke'), l.getAttribute('stroke-width')])"
        )
        drawn = _map_frame(page).evaluate(
            """() => { const out = {};
                 map_div.eachLayer(l => {
                   if (l.options && l._path && l.options.stroke !== false && !l.options.interactive)
                     out[l.options.color] = String(l.options.weight); });
                 return out; }"""
        )
        assert ["#3d3d3d", drawn["#3d3d3d"]] in samples, (samples, drawn)
        assert ["#9a9a9a", drawn["#9a9a9a"]] in samples, (samples, drawn)
        pixels = _rgb(key.screenshot())
        assert _mask(pixels, "#3d3d3d", 30).sum() >= 15  # the dark line, seen
