"""The topics' second channel: every topic told apart by shape and by hatching, not by colour alone."""

from __future__ import annotations

import pytest

from caucasus_atlas import settings, symbols


def test_every_topic_has_its_own_shape_and_hatching():
    assert set(symbols.TOPIC_SYMBOLS) == set(settings.TOPICS)
    shapes = [s.shape for s in symbols.TOPIC_SYMBOLS.values()]
    hatches = [s.hatch for s in symbols.TOPIC_SYMBOLS.values()]
    assert len(set(shapes)) == len(shapes) and len(set(hatches)) == len(hatches)
    assert set(shapes) <= set(symbols.SHAPES) and set(hatches) <= set(symbols.HATCHES)


def test_no_two_hatchings_draw_the_same_lines():
    families = [frozenset(a % 180 for a in angles) for angles in symbols.HATCHES.values()]
    assert len(set(families)) == len(families)


@pytest.mark.parametrize(
    ("shape", "expected"),
    [
        ("square", "M5.75 5.75L14.25 5.75L14.25 14.25L5.75 14.25Z"),
        ("triangle", "M10 4L15.5 13.5L4.5 13.5Z"),
        ("circle", "M5 10a5 5 0 1 0 10 0a5 5 0 1 0 -10 0Z"),
    ],
)
def test_a_shape_is_drawn_around_its_centre(shape, expected):
    assert symbols.svg_path(shape, 10, 10, 5) == expected


def test_a_star_has_five_points_and_five_notches():
    vertices = symbols.SHAPES["star"]
    assert len(vertices) == 10
    radii = [round((x * x + y * y) ** 0.5, 2) for x, y in vertices]
    assert radii[0::2] == [1.3] * 5 and radii[1::2] == [0.55] * 5


def test_a_hatching_pattern_has_one_line_per_family_in_the_topic_colour():
    pattern = symbols.hatch_pattern("p", "grid", "#123456")
    assert pattern.count("<line") == 2 and "rotate(0 " in pattern and "rotate(90 " in pattern
    assert pattern.count('stroke="#123456"') == 2
    dots = symbols.hatch_pattern("p", "dots", "#123456")
    assert "<circle" in dots and "<line" not in dots


def test_the_legend_swatch_shows_shape_and_hatching_in_the_topic_colour():
    swatch = symbols.topic_swatch("military")
    colour = settings.TOPICS["military"][1]
    assert swatch.count(colour) >= 3  # the shape, the hatching's lines, the square's edge
    assert 'fill="url(#ca-swatch-military)"' in swatch
    star = symbols.svg_path("star", 7, 7, 7 * 0.72)
    assert star in swatch
