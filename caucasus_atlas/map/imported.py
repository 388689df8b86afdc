"""Imported events (ACLED, UCDP) for the map: compact columns that ``static/atlas/imported.js`` draws on a canvas."""

from __future__ import annotations

import base64
from typing import Any

import numpy as np
import pandas as pd

from caucasus_atlas.settings import MAX_PILE_ROWS

#: Colours of imported datasets, in the order of the imports (none is a topic colour).
IMPORT_COLOURS = ("#3a3a3a", "#6a3d9a", "#8c510a", "#01665e", "#762a83", "#4d4d4d")
#: Their names, for the legend.
IMPORT_COLOUR_NAMES = ("dark grey", "purple", "brown", "teal", "violet", "grey")


def imported_payload(imported: pd.DataFrame, rows: np.ndarray, sources: list[str]) -> dict[str, Any]:
    """Imported events as columns for the map: positions as 1e-5 degree integers, the row of each in
    ``imported`` and the index of its source in ``sources``, each array base64-encoded little-endian.

    About 15 bytes an event: 100,000 events are some 1.6 MB, encoded in milliseconds.

    Examples
    --------
    >>> frame = pd.DataFrame({"latitude": [40.1], "longitude": [45.5], "source_id": ["a"]})
    >>> p = imported_payload(frame, np.array([0]), ["a"])
    >>> p["n"], np.frombuffer(base64.b64decode(p["lat"]), "<i4").tolist()
    (1, [4010000])
    """
    rows = np.asarray(rows, dtype="<i4")
    lat = np.round(imported["latitude"].to_numpy("float64")[rows] * 1e5).astype("<i4")
    lon = np.round(imported["longitude"].to_numpy("float64")[rows] * 1e5).astype("<i4")
    # two bytes a source: a 257th import keeps its own name and colour (one byte wrapped it onto the first)
    codes = pd.Categorical(imported["source_id"].to_numpy()[rows], categories=sources).codes.astype("<u2")

    def b64(array: np.ndarray) -> str:
        return base64.b64encode(array.tobytes()).decode("ascii")

    legend = [{"name": name, "colour": IMPORT_COLOURS[i % len(IMPORT_COLOURS)]} for i, name in enumerate(sources)]
    return {
        "n": len(rows), "sources": legend, "lat": b64(lat), "lon": b64(lon), "row": b64(rows), "src": b64(codes),
        "maxPile": MAX_PILE_ROWS,
    }  # fmt: skip
