"""Places as a GeoDataFrame and the spatial join to admin-1 units, on hand-made squares."""

from caucasus_atlas.gazetteer import basemap, places_frame
from caucasus_atlas.validate import load_atlas


def test_places_frame_points_lines_polygons(tiny_root):
    atlas = load_atlas(tiny_root)
    frame = places_frame(atlas.places, atlas.admin1)
    assert frame.loc["alpha", ["latitude", "longitude"]].tolist() == [40.25, 46.25]
    # the polygon's representative point lies inside Eastshire (45.5-46.0 E)
    assert 45.5 < frame.loc["eastshire", "longitude"] < 46.0
    assert frame.loc["eastshire", "geometry"].geom_type == "Polygon"
    assert frame.loc["road", "geometry"].geom_type == "LineString"


def test_admin1_join(tiny_root):
    atlas = load_atlas(tiny_root)
    frame = places_frame(atlas.places, atlas.admin1)
    assert frame.loc["alpha", "admin1"] == "Westshire"
    assert frame.loc["eastshire", "admin1"] == "Eastshire"


def test_admin1_is_empty_outside_the_boundaries(tiny_root):
    from shapely import Point

    atlas = load_atlas(tiny_root)
    far = atlas.places["alpha"].__class__("far", "Far", (), "capital", "RU", Point(37.6, 55.7), 1, "test")
    frame = places_frame({"far": far}, atlas.admin1)
    assert frame.loc["far", "admin1"] == ""


def test_basemap_simplifies_and_clips(tiny_root):
    atlas = load_atlas(tiny_root)
    admin0, admin1 = basemap(atlas.admin0, atlas.admin1)
    assert len(admin0) == 1 and len(admin1) == 2
    assert admin1.geometry.is_valid.all()
