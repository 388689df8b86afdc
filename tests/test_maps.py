"""Map building: escaping, one feature per place and topic, and no asset from outside localhost."""

import hashlib
import json
import re

import folium
import folium.plugins
import pytest

from caucasus_atlas import settings
from caucasus_atlas.events import event_places_frame, events_frame, filter_events
from caucasus_atlas.gazetteer import basemap, places_frame
from caucasus_atlas.map.assets import ATLAS_CSS, ATLAS_DIR, ATLAS_JS, atlas_url, localise_assets
from caucasus_atlas.map.element import build_map
from caucasus_atlas.map.escaping import escape
from caucasus_atlas.map.features import topic_features
from caucasus_atlas.tables import tables
from caucasus_atlas.validate import load_atlas


@pytest.fixture
def frames(tiny_root):
    atlas = load_atlas(tiny_root)
    admin0, admin1 = basemap(atlas.admin0, atlas.admin1)
    t = tables(atlas)
    return t.events, t.event_places, t.places, admin0, admin1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("`${document.cookie}`", "&#96;&#36;{document.cookie}&#96;"),
        ("back\\slash", "back&#92;slash"),
        ("\"quoted\" & 'single'", "&quot;quoted&quot; &amp; &#x27;single&#x27;"),
    ],
)
def test_escape(text, expected):
    assert escape(text) == expected


def test_one_feature_per_place_listing_its_events(frames):
    events, links, places, *_ = frames
    areas, points = topic_features(events, links, places, "border")
    assert [f["properties"]["place_ids"] for f in points] == ["alpha"]
    assert points[0]["properties"]["event_ids"] == "e-fire,e-denial"
    assert points[0]["properties"]["n_events"] == 2
    assert [f["properties"]["place_ids"] for f in areas] == ["eastshire"]
    assert areas[0]["geometry"]["type"] == "Polygon"


def test_popup_carries_date_claimant_and_excerpt(frames):
    events, links, places, *_ = frames
    _, points = topic_features(events, links, places, "border")
    popup = points[0]["properties"]["popup"]
    assert "2021-05-01" in popup and "Test claimant" in popup
    assert "On 1 May, soldiers fired near Alpha village." in popup
    assert "what it concerns" in popup  # e-denial is about Alpha, not at it


def test_data_text_is_escaped_in_popups(make_root):
    def mutate(data):
        data["places"][0]["name"] = "Alpha <img src=x onerror=alert(1)> `${x}`"
        data["events"][0]["claimed_by"] = "France – <b>bold</b>"

    atlas = load_atlas(make_root(mutate))
    _, points = topic_features(
        events_frame(atlas.events), event_places_frame(atlas.events), places_frame(atlas.places, None), "border"
    )
    props = points[0]["properties"]
    for text in (props["popup"], props["tooltip"]):
        assert "<img" not in text and "`" not in text and "${" not in text
    assert "&lt;b&gt;bold&lt;/b&gt;" in props["popup"]


def test_filtering_changes_the_features(frames):
    events, links, places, *_ = frames
    shown = filter_events(events, topics=["regional"])
    assert topic_features(shown, links, places, "border") == ([], [])
    _, points = topic_features(filter_events(events, topics=["border"]), links, places, "border")
    assert len(points) == 1


def _external_urls(fmap: folium.Map) -> set[str]:
    html = fmap.get_root().render()
    return set(re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", html))


def test_map_uses_only_local_assets(frames):
    events, links, places, admin0, admin1 = frames
    fmap = build_map(events, links, places, admin0=admin0, admin1=admin1, tiles=False)
    assert _external_urls(fmap) == set()
    html = fmap.get_root().render()
    assert settings.LOCAL_JS["leaflet"] in html
    assert "jquery" not in html.lower()  # folium's default, which nothing on the map uses: not loaded
    assert "tile.openstreetmap.org" not in html


def test_tiles_are_optional(frames):
    events, links, places, admin0, admin1 = frames
    html = build_map(events, links, places, admin0=admin0, admin1=admin1, tiles=True).get_root().render()
    assert settings.TILE_URL in html


def test_every_local_asset_exists():
    for url in [*settings.LOCAL_JS.values(), *settings.LOCAL_CSS.values()]:
        path = settings.PROJECT_ROOT / url.removeprefix("/app/")
        assert path.is_file(), path


def test_unknown_cdn_asset_is_refused():
    fmap = folium.Map(tiles=None)
    folium.plugins.Fullscreen().add_to(fmap)  # brings its own CDN assets, with no local copy here
    with pytest.raises(ValueError, match="no local copy"):
        localise_assets(fmap)


def test_clustering_uses_local_assets_only(frames):
    events, links, places, admin0, admin1 = frames
    fmap = build_map(events, links, places, admin0=admin0, admin1=admin1, tiles=False, cluster=True)
    html = fmap.get_root().render()
    assert '"cluster":{"maxClusterRadius":' in html  # the config asks layers.js to cluster
    assert "L.markerClusterGroup" in (ATLAS_DIR / "layers.js").read_text(encoding="utf-8")
    assert _external_urls(fmap) == set()
    assert settings.LOCAL_JS["markerclusterjs"] in html
    assert html.index(settings.LOCAL_JS["markerclusterjs"]) < html.index(atlas_url("layers.js"))


def test_the_browser_code_loads_from_static_files_with_a_digest_in_their_address(frames):
    events, links, places, admin0, admin1 = frames
    html = build_map(events, links, places, admin0=admin0, admin1=admin1, tiles=False).get_root().render()
    positions = []
    for name in (*ATLAS_JS, *ATLAS_CSS):
        content = (ATLAS_DIR / name).read_bytes()
        url = f"/app/static/atlas/{name}?v={hashlib.sha256(content).hexdigest()[:12]}"
        assert atlas_url(name) == url and url in html
        positions.append(html.index(url))
    assert positions[: len(ATLAS_JS)] == sorted(positions[: len(ATLAS_JS)])  # core.js first, control.js last
    # the page gets one config and a call each: no browser code inline
    assert html.count("AtlasLayers.init(") == 1 and html.count("AtlasLayers.control(") == 1
    assert re.search(r'AtlasLayers\.init\(map_\w+, \{"base":\{"countries":', html)


def test_feature_data_round_trips_as_json(frames):
    events, links, places, *_ = frames
    areas, points = topic_features(events, links, places, "border")
    assert json.loads(json.dumps(areas + points))


def test_places_sharing_a_point_share_one_feature(make_root):
    def mutate(data):
        data["places"].append(dict(data["places"][0], id="alpha-court", name="Alpha court", kind="facility"))
        data["events"][1]["places"] = [{"place": "alpha-court", "role": "at"}]

    atlas = load_atlas(make_root(mutate))
    events, links = events_frame(atlas.events), event_places_frame(atlas.events)
    _, points = topic_features(events, links, places_frame(atlas.places, None), "border")
    assert len(points) == 1
    props = points[0]["properties"]
    assert props["place_ids"] == "alpha,alpha-court"
    assert props["event_ids"] == "e-fire,e-denial"
    assert "Alpha · Alpha court" in props["popup"] and "Alpha court: where it happened" in props["popup"]


def test_the_map_carries_each_topic_s_hatching_and_shape_for_its_script(frames):
    events, links, places, admin0, admin1 = frames
    html = build_map(events, links, places, admin0=admin0, admin1=admin1, tiles=False).get_root().render()
    for topic in settings.TOPICS:
        assert f'id=\\"ca-hatch-{topic}\\"' in html  # inside the JSON string of the <defs>
    assert re.search(r'"regional":\s*\[\[-0\.85,\s*-0\.85\]', html)
