"""The map on a page, built once per view and once per filter, then reused by every rerun and session.

streamlit-folium's ``st_folium`` renders a whole folium map on every call: for this atlas that was most
of the server's time per rerun. Here the map is cut in two:

- the **frame**: the folium map with its basemap, tiles, clustering, view and the script that draws the
  events. It depends only on a few view options and is built once per combination;
- the **event layers**: the filtered events as JSON (:func:`caucasus_atlas.map.features.event_layers`), put into
  the component's HTML as an inert ``<script type="application/json">`` that the frame's script reads.
  They are built once per filter.

Both are cached process-wide (the data is read-only), so a rerun whose filter has been seen before costs
a dictionary lookup, and one that changes nothing on the map sends an element identical to the last one,
which Streamlit answers with a reference to the browser's copy instead of resending it. A change of the
events changes a digest in the script, and with it the component's key, so the browser draws afresh.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any
from urllib.parse import quote

import branca
import folium
import streamlit as st
import streamlit_folium as sf

from caucasus_atlas.map.assets import PRELOAD_JS, atlas_url
from caucasus_atlas.map.element import LAYERS_ELEMENT_ID, build_map
from caucasus_atlas.map.escaping import script_json

#: What the map sends back to the page: the feature clicked last.
RETURNED = ["last_active_drawing"]


class LRU:
    """A small thread-safe least-recently-used cache (sessions rerun in threads of their own): at most
    ``size`` values, and with ``max_bytes`` at most that many bytes of them as ``weigh`` counts (the
    latest value is kept whatever it weighs).

    >>> cache = LRU(10, max_bytes=100, weigh=len)
    >>> for key in "abc":
    ...     _ = cache.get(key, lambda: "x" * 40)
    >>> list(cache.items)
    ['b', 'c']
    """

    def __init__(self, size: int, *, max_bytes: int | None = None, weigh: Callable[[Any], int] | None = None) -> None:
        self.size = size
        self.max_bytes = max_bytes
        self.weigh = weigh
        self.items: OrderedDict[Hashable, Any] = OrderedDict()
        self.lock = threading.Lock()

    def _too_heavy(self) -> bool:
        if self.max_bytes is None or self.weigh is None or len(self.items) <= 1:
            return False
        return sum(self.weigh(v) for v in self.items.values()) > self.max_bytes

    def get(self, key: Hashable, build: Callable[[], Any]) -> Any:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = build()  # outside the lock: two sessions may build the same value once each, harmlessly
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size or self._too_heavy():
                self.items.popitem(last=False)
        return value


_FRAMES = LRU(64)
_CURATED = LRU(256)
#: The Border page's incident maps: the frames with an incident's accounts placed where they state it, one
#: per incident. Kept here, as every cache that outlives a rerun: a page file is run afresh on every rerun.
STATED_VIEWS = LRU(64)
#: the Border page's incident comparisons (:func:`caucasus_atlas.incidents.view`), per load and incident
INCIDENT_VIEWS = LRU(64)
#: other things a page derives from the data and the events shown (a chart's counts), per load
DERIVED = LRU(256)


def frame_args(fmap: folium.Map) -> dict[str, Any]:
    """The arguments ``st_folium`` would send for ``fmap`` (streamlit-folium 0.27), computed once.

    Mirrors ``streamlit_folium.st_folium`` for a plain :class:`folium.Map` without feature groups, layer
    controls of its own or colormaps, which is all this atlas draws.
    """
    fmap.get_root().render()
    fmap.render()
    html = sf._get_html(fmap)
    header = sf._get_header(fmap)
    script = sf._get_map_string(fmap)
    css_links: list[str] = []
    js_links: list[str] = []

    def walk(element: Any):
        if isinstance(element, branca.colormap.ColorMap):
            msg = "colormaps need d3 from a CDN; the atlas draws none"
            raise ValueError(msg)
        yield element
        for child in getattr(element, "_children", {}).values():
            yield from walk(child)

    for element in walk(fmap):
        css_links.extend(href for _, href in getattr(element, "default_css", []))
        js_links.extend(src for _, src in getattr(element, "default_js", []))
    # under a base path (`server.baseUrlPath`, behind a proxy) the static files move with the app
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")

    def based(url: str) -> str:
        return f"/{base}{url}" if base and url.startswith("/app/") else url

    css_links = [based(url) for url in dict.fromkeys(css_links)]
    js_links = [based(url) for url in dict.fromkeys(js_links)]
    # streamlit-folium asks for each script only when the one before has run: the first script, the
    # preloader, asks for all of them and the style sheets at once (``static/atlas/preload.js``)
    listed = ",".join(quote(url, safe="") for url in [*js_links, *css_links])
    js_links = [f"{based(atlas_url(PRELOAD_JS))}#{listed}", *js_links]
    bounds = fmap.get_bounds()
    default = {
        "last_active_drawing": None,
        "bounds": {
            "_southWest": {"lat": bounds[0][0], "lng": bounds[0][1]},
            "_northEast": {"lat": bounds[1][0], "lng": bounds[1][1]},
        },
    }
    return {
        "script": script,
        "header": header,
        "html": html,
        "id": sf.get_full_id(fmap),
        "css_links": css_links,
        "js_links": js_links,
        "default": {k: v for k, v in default.items() if k in RETURNED},
    }


def _text(value: Any) -> tuple[str, str]:
    text = script_json(value)
    return text, hashlib.sha256(text.encode()).hexdigest()[:16]


def layers_text(
    scope: Hashable,
    curated_key: Hashable,
    build_curated: Callable[[], list[dict[str, Any]]],
    caption: dict[str, Any] | None = None,
    links: list[dict[str, Any]] | None = None,
) -> tuple[str, str]:
    """The curated event layers as JSON text and its digest, from their cache (per curated filter); with the
    words of the map's image (:func:`caucasus_atlas.map.caption.caption`, small, built every run) and
    the lines between the places accounts of one incident give (``links``: ``a``, ``b`` as [lat, lon] and
    an escaped ``label``)."""
    curated, curated_digest = _CURATED.get((scope, curated_key), lambda: _text(build_curated()))
    words, words_digest = _text(caption)
    lines, lines_digest = _text(links or [])
    digest = hashlib.sha256(f"{curated_digest}{words_digest}{lines_digest}".encode()).hexdigest()[:16]
    return f'{{"layers":{curated},"caption":{words},"links":{lines}}}', digest


def map_args(data: Any, layers: tuple[str, str], view: tuple, *, build_frame: Callable[[], folium.Map]) -> dict:
    """The component's arguments: the frame (cached per ``view``) with the event layers (from
    :func:`layers_text`) in its HTML."""
    frame = _FRAMES.get((data.key, view), lambda: frame_args(build_frame()))
    text, digest = layers
    key = sf.generate_js_hash(f"{digest}{frame['id']}{view}", None, False)
    # the frame knows its own key: what is sent to it later (the imported events of its view) finds it so
    script = f"/* events {digest} */\nwindow.caFrameKey = {script_json(key)};\n{frame['script']}"
    return {
        **frame,
        "script": script,
        "html": f"{frame['html']}<script type='application/json' id='{LAYERS_ELEMENT_ID}'>{text}</script>",
        "hash_key": key,
    }


def show_map(args: dict[str, Any], *, height: int, returned: tuple[str, ...] = ()) -> dict[str, Any] | None:
    """Draw the map component from :func:`map_args`; returns what the map sent back (the feature clicked
    last, and what ``returned`` asks for besides: ``last_clicked``, the point of a click on the map itself)."""
    extra = [name for name in returned if name not in RETURNED]
    return sf._component_func(
        script=args["script"], header=args["header"], html=args["html"], id=args["id"], key=args["hash_key"],
        height=height, width=None, returned_objects=[*RETURNED, *extra],
        default={**args["default"], **dict.fromkeys(extra)}, zoom=None, center=None,
        feature_group=None, return_on_hover=False, layer_control=None, pixelated=False,
        css_links=args["css_links"], js_links=args["js_links"], wrap_longitude=False,
    )  # fmt: skip


def frame_for(
    data: Any,
    *,
    tiles: bool,
    cluster: bool,
    highlight: Any,
    focus: tuple[str, ...],
    view: tuple[float, float, int] | None = None,
    focus_zoom: int = 9,
    view_param: str = "view",
) -> folium.Map:
    """The map without events: basemap, optional tiles, clustering, the view (fitted to ``focus``, or the
    ``view`` from a shared address, or fitted to the events); ``view_param`` is the address's parameter the
    map writes its view into."""
    kwargs: dict[str, Any] = {"center": view[:2], "zoom": view[2], "fixed_view": True} if view else {}
    return build_map(
        data.events.iloc[0:0], data.event_places, data.places, admin0=data.admin0, admin1=data.admin1,
        tiles=tiles, focus=list(focus) or None, highlight=highlight, cluster=cluster, external_layers=True,
        focus_zoom=focus_zoom, view_param=view_param, **kwargs,
    )  # fmt: skip
