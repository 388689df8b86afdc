"""The held-out July 2021 statements (tests/heldout/): the (date, place) pairs a curator codes from each, and
how many the old `candidates` and the drafting find (same place, overlapping dates)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from caucasus_atlas import settings
from caucasus_atlas.candidates import candidates
from caucasus_atlas.drafting import draft
from caucasus_atlas.validate import load_atlas

HELD_OUT = Path(__file__).parent / "heldout"


def _hit(found: set[tuple[dt.date, dt.date, str]], day: dt.date, place: str) -> bool:
    return any(p == place and a <= day <= b for a, b, p in found)


def score() -> list[tuple[str, int, int, int]]:
    """Per statement: (file, pairs coded, found by candidates, found by draft)."""
    atlas = load_atlas(settings.PROJECT_ROOT)
    out = []
    for doc in yaml.safe_load((HELD_OUT / "expected.yaml").read_text(encoding="utf-8")):
        text = (HELD_OUT / doc["file"]).read_text(encoding="utf-8")
        published = doc["published"]
        before = {(dt.date.fromisoformat(c.date_start), dt.date.fromisoformat(c.date_end), c.place_id)
                  for c in candidates(text, published, atlas.places.values())}  # fmt: skip
        proposals = draft(text, published, atlas, author=doc["author"], source_id="heldout")
        after = {(p.date.start, p.date.end, pl.place_id) for p in proposals for pl in p.places}
        pairs = [(day, place) for day, place in doc["pairs"]]
        out.append((doc["file"], len(pairs), sum(_hit(before, *pair) for pair in pairs),
                    sum(_hit(after, *pair) for pair in pairs)))  # fmt: skip
    return out


@pytest.mark.slow
def test_the_held_out_statements_score():
    """Measured on 2026-12-01: of the 14 (date, place) pairs coded by hand, `candidates` found 4 and the
    drafting 11 (missed: Norabek and Nerkin Shorzha, in no packaged data set, and "Azat", which GeoNames
    gives as another name of Shoghakat)."""
    rows = score()
    coded, before, after = (sum(r[i] for r in rows) for i in (1, 2, 3))
    print(rows)
    assert coded == 14
    assert before == 4 and after >= 11
    assert all(r[3] >= r[2] for r in rows)
