"""How much of the source the events cite, and the paragraphs with a date or a place that none cites.

The report is the curator's to-do list: a paragraph that names a date or a known place and that no
excerpt overlaps is either a gap in the data or a deliberate omission, recorded with its reason in
``events/sources/coverage.yaml`` (``starts_with`` the paragraph's first words, and ``reason``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from caucasus_atlas import settings
from caucasus_atlas.models import normalise_whitespace
from caucasus_atlas.validate import Atlas, Problem

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE_PATTERN = re.compile(
    rf"\b(?:(?:{_MONTHS})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})"
    rf"|(?:19|20)\d\d)\b"
)
_ROMAN_TOPIC = dict(zip(("I", "II", "III", "IV", "V", "VI", "VII"), settings.TOPICS, strict=True))
_SECTION_HEADING = re.compile(r"^#{1,6}\s+\**\s*(VII|VI|V|IV|III|II|I)\.\s*(.*?)\**\s*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of source text between blank lines, inside one of the numbered sections."""

    topic: str
    start: int
    end: int
    text: str

    @property
    def opening(self) -> str:
        return normalise_whitespace(self.text)[:90]


def paragraphs(text: str) -> list[Paragraph]:
    """The paragraphs of the numbered sections (a page break makes two paragraphs of one)."""
    headings = list(_SECTION_HEADING.finditer(text))
    out = []
    for i, heading in enumerate(headings):
        topic = _ROMAN_TOPIC[heading.group(1)]
        body_start = heading.end()
        body_end = headings[i + 1].start() if i + 1 < len(headings) else len(text)
        for block in re.finditer(r"\S(?:.*?\S)?(?=\n\s*\n|\s*\Z)", text[body_start:body_end], re.DOTALL):
            out.append(Paragraph(topic, body_start + block.start(), body_start + block.end(), block.group(0)))
    return out


@dataclass
class SectionCoverage:
    topic: str
    characters: int = 0
    cited_characters: int = 0
    paragraphs: int = 0
    cited_paragraphs: int = 0
    events: int = 0

    @property
    def share(self) -> float:
        return self.cited_characters / self.characters if self.characters else 0.0


@dataclass
class Gap:
    """A paragraph with a date or a place that no excerpt cites."""

    paragraph: Paragraph
    dates: list[str]
    places: list[str]
    reason: str = ""


@dataclass
class Report:
    sections: list[SectionCoverage] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def unexplained(self) -> list[Gap]:
        return [gap for gap in self.gaps if not gap.reason]


def _place_pattern(atlas: Atlas) -> re.Pattern[str]:
    names = {n for p in atlas.places.values() for n in (p.name, *p.alt_names) if len(n) >= 4}
    names |= {name.split(" (")[0] for name in names}
    alternation = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b")


def load_explanations(root: Path, problems: list[Problem]) -> list[dict[str, Any]]:
    path = root / settings.COVERAGE_FILE
    if not path.is_file():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as exc:
        problems.append(Problem(str(settings.COVERAGE_FILE), "-", "-", f"is not valid YAML: {exc}"))
        return []
    good = []
    for i, item in enumerate(data):
        ok = isinstance(item, dict) and all(
            isinstance(item.get(k), str) and item[k].strip() for k in ("starts_with", "reason")
        )
        if ok:
            good.append(item)
        else:
            problems.append(
                Problem(
                    str(settings.COVERAGE_FILE), f"record #{i + 1}", "-", f"needs starts_with and reason (got {item!r})"
                )
            )
    return good


def coverage(atlas: Atlas, source_id: str) -> Report:
    """Per section: the share of characters the excerpts cover; and every uncited paragraph that names a
    date or a known place, with the reason it is not coded where ``events/sources/coverage.yaml`` gives one."""
    report = Report()
    text = atlas.texts[source_id]
    spans = sorted((e.source_start, e.source_end) for e in atlas.events.values() if e.source == source_id)
    explanations = load_explanations(atlas.root, report.problems)
    used: set[int] = set()
    places = _place_pattern(atlas)
    sections = {topic: SectionCoverage(topic) for topic in settings.TOPICS}
    for event in atlas.events.values():
        sections[event.topic].events += event.source == source_id
    for para in paragraphs(text):
        section = sections[para.topic]
        section.paragraphs += 1
        section.characters += para.end - para.start
        overlap = sum(max(0, min(end, para.end) - max(start, para.start)) for start, end in spans)
        section.cited_characters += min(overlap, para.end - para.start)
        if overlap:
            section.cited_paragraphs += 1
            continue
        dates = sorted(set(DATE_PATTERN.findall(para.text)))
        named = sorted(set(places.findall(para.text)))
        if not dates and not named:
            continue
        reason = ""
        for i, item in enumerate(explanations):
            if normalise_whitespace(para.text).startswith(normalise_whitespace(item["starts_with"])):
                reason = item["reason"]
                used.add(i)
                break
        report.gaps.append(Gap(para, dates, named, reason))
    for i, item in enumerate(explanations):
        if i not in used:
            report.problems.append(
                Problem(
                    str(settings.COVERAGE_FILE),
                    f"record #{i + 1}",
                    "starts_with",
                    f"matches no uncited paragraph (got {item['starts_with']!r})",
                )
            )
    report.sections = list(sections.values())
    return report


def format_report(report: Report) -> str:
    lines = ["section            events  paragraphs cited  characters cited"]
    for s in report.sections:
        lines.append(
            f"{s.topic:<18} {s.events:>6}  {s.cited_paragraphs:>5}/{s.paragraphs:<5}     {s.share:>6.1%}"
            f" of {s.characters}"
        )
    explained = [g for g in report.gaps if g.reason]
    lines.append("")
    lines.append(f"uncited paragraphs with a date or a place: {len(report.gaps)} ({len(explained)} explained)")
    for gap in report.gaps:
        mark = "explained" if gap.reason else "TO DO"
        found = ", ".join(gap.dates + gap.places)
        lines.append(f"- [{mark}] {gap.paragraph.topic} @{gap.paragraph.start}: {gap.paragraph.opening!r}")
        lines.append(f"    names: {found}")
        if gap.reason:
            lines.append(f"    reason: {gap.reason}")
    for problem in report.problems:
        lines.append(f"problem: {problem}")
    return "\n".join(lines)
