"""The imported events' search, done where the texts lie, finds what folding each text in Python finds."""

from __future__ import annotations

import numpy as np
import pandas as pd

from caucasus_atlas import textsearch
from caucasus_atlas.events import fold

TEXTS = [
    "Azerbaijani forces fired near Qaragöl (Sev Lich)",
    "SHELLING reported in Tegh; two wounded",
    "Şuşa: a ceremony",
    "Artillery fire at Sotk, Kəlbəcər district",
    "Işıklı and Ağdam",
    "",
    "plain words only",
]
PLACES = ["Lachin", "Syunik", "Shusha", "Vardenis", "Ağdam", "Nowhere", "Göris"]


def _reference(texts, places, query):
    words = fold(query).split()
    joined = [fold(f"{t} {p}") for t, p in zip(texts, places, strict=True)]
    return np.array([all(w in j for w in words) for j in joined])


def test_the_search_finds_what_folding_in_python_finds(monkeypatch):
    monkeypatch.setattr(textsearch, "SLICE", 3)  # several slices, one of them short
    texts, places = pd.Series(TEXTS, dtype="str"), pd.Series(PLACES, dtype="str")
    for query in ["qaragol", "QARAGÖL sev", "susa", "Kelbecer", "isikli agdam", "wounded tegh", "goris",
                  "fire", "shelling wounded", "nothing here", "ağdam", "plain"]:  # fmt: skip
        assert textsearch.matching([texts, places], query).tolist() == _reference(TEXTS, PLACES, query).tolist(), query


def test_texts_held_as_python_objects_and_missing_texts_are_searched_too():
    texts = pd.Series(["Qaragöl", None, "qaragol"], dtype=object)
    assert textsearch.matching([texts], "Qaragol").tolist() == [True, False, True]


def test_an_empty_query_keeps_every_row():
    assert textsearch.matching([pd.Series(["a", "b"], dtype="str")], "  ").tolist() == [True, True]
