"""Search in the imported events' texts where they lie (Arrow arrays, memory-mapped), a slice at a time.

Folding every text in Python (:func:`caucasus_atlas.events.fold`) took one Python string per event, 0.9 GB
kept for 3,000,000 events; here a search holds one slice of texts at a time. A text in plain ASCII is
matched without regard to case; any other is folded first as :func:`~caucasus_atlas.events.fold` folds
(decomposed, lower case, combining marks dropped, dotless i as i), so that "qaragol" finds "Qaragöl".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from caucasus_atlas.events import fold

#: Events searched at a time (the texts of one slice are joined and, when not ASCII, folded).
SLICE = 200_000


def _arrow(series: pd.Series):
    import pyarrow as pa

    if not hasattr(series.array, "__arrow_array__"):  # texts as Python objects: to pandas' "str", held by Arrow
        series = series.astype("str")
    return pa.chunked_array(pa.array(series.array)).cast(pa.large_string())


def _folded(texts):
    import pyarrow.compute as pc

    lowered = pc.utf8_lower(pc.utf8_normalize(texts, "NFKD"))
    return pc.replace_substring(pc.replace_substring_regex(lowered, r"\p{Mn}", ""), "ı", "i")


def _bools(values) -> np.ndarray:
    import pyarrow.compute as pc

    return pc.fill_null(values, False).to_numpy(zero_copy_only=False).astype(bool)


def matching(columns: list[pd.Series], query: str) -> np.ndarray:
    """Which rows hold every word of ``query`` (folded) in the texts of ``columns`` joined by spaces.

    Examples
    --------
    >>> text = pd.Series(["Shots near Qaragöl", "SHOTS at Sotk", "shots"], dtype="str")
    >>> place = pd.Series(["Lachin", "Vardenis", "Şuşa"], dtype="str")
    >>> matching([text, place], "qaragol shots").tolist(), matching([text, place], "susa").tolist()
    ([True, False, False], [False, False, True])
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    words = fold(query).split()
    n = len(columns[0]) if columns else 0
    if not words or not n:
        return np.ones(n, dtype=bool)
    ascii_words = [w for w in words if w.isascii()]
    arrays = [_arrow(c) for c in columns]
    space = pa.scalar(" ", pa.large_string())
    out = np.zeros(n, dtype=bool)
    for start in range(0, n, SLICE):
        parts = (pc.fill_null(a.slice(start, SLICE), pa.scalar("", pa.large_string())) for a in arrays)
        texts = pc.binary_join_element_wise(*parts, space)
        plain = _bools(pc.string_is_ascii(texts))
        keep = np.zeros(len(plain), dtype=bool)
        if len(ascii_words) == len(words):  # a text in ASCII can hold only ASCII words
            hit = np.ones(len(plain), dtype=bool)
            for word in words:
                hit &= _bools(pc.match_substring(texts, word, ignore_case=True))
            keep |= hit & plain
        other = np.flatnonzero(~plain)
        if len(other):
            folded = _folded(pc.take(texts, pa.array(other)))
            hit = np.ones(len(other), dtype=bool)
            for word in words:
                hit &= _bools(pc.match_substring(folded, word))
            keep[other[hit]] = True
        out[start : start + len(keep)] = keep
    return out
