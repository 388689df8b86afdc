"""The coverage report: paragraphs, what the excerpts cite, and the explained gaps."""

import yaml

from caucasus_atlas import settings
from caucasus_atlas.coverage import coverage, paragraphs
from caucasus_atlas.validate import load_atlas
from tests.conftest import SOURCE_TEXT


def test_paragraphs_are_split_per_section():
    paras = paragraphs(SOURCE_TEXT)
    assert [(p.topic, p.text[:12]) for p in paras] == [("border", "On 1 May, so"), ("regional", "A road from ")]
    assert SOURCE_TEXT[paras[0].start : paras[0].end] == paras[0].text


def test_fully_cited_source_has_no_gaps(tiny_root):
    report = coverage(load_atlas(tiny_root), "test-src")
    assert report.gaps == [] and report.problems == []
    border = report.sections[0]
    assert (border.topic, border.paragraphs, border.cited_paragraphs, border.events) == ("border", 1, 1, 2)
    assert 0 < border.share <= 1


def test_an_uncited_paragraph_with_a_place_is_a_gap_until_explained(make_root):
    def mutate(data):
        data["events"] = [e for e in data["events"] if e["id"] not in ("e-road", "e-nowhere")]

    root = make_root(mutate)
    report = coverage(load_atlas(root), "test-src")
    assert [(g.paragraph.topic, g.dates, g.places) for g in report.unexplained] == [("regional", ["1994"], ["Alpha"])]
    (root / settings.COVERAGE_FILE).write_text(yaml.safe_dump([{"starts_with": "A road from Alpha", "reason": "test"}]))
    report = coverage(load_atlas(root), "test-src")
    assert report.unexplained == [] and report.gaps[0].reason == "test"


def test_a_stale_explanation_is_a_problem(tiny_root):
    (tiny_root / settings.COVERAGE_FILE).write_text(yaml.safe_dump([{"starts_with": "Nothing like", "reason": "x"}]))
    report = coverage(load_atlas(tiny_root), "test-src")
    assert [p.field for p in report.problems] == ["starts_with"]


def test_the_bulletin_has_no_unexplained_paragraph(real_root):
    atlas = load_atlas(real_root)
    report = coverage(atlas, "aircenter-bulletin-2021-05")
    assert [g.paragraph.opening for g in report.unexplained] == []
    assert report.problems == []
    assert all(section.events > 0 for section in report.sections)
