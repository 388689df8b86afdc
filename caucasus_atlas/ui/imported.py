"""Imported events on the pages: their sidebar controls, their filter, their panel, the uploader, and the
independent records nearby a curated account."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from caucasus_atlas import settings
from caucasus_atlas.corroboration import MAX_SPAN_DAYS, NEARBY_DAYS, NEARBY_KM, basis, nearby
from caucasus_atlas.events import fold
from caucasus_atlas.imports import MAX_IMPORT_MB, ImportRefused, import_file
from caucasus_atlas.models import date_label
from caucasus_atlas.ui import state as keys
from caucasus_atlas.ui.mapview import LRU
from caucasus_atlas.ui.text import md_escape

PARAPHRASE = "the dataset's own one-line description of its sources (a paraphrase, not a primary text)"

_NEARBY = LRU(32)
_TEXT = LRU(4)


def sources(data: Any) -> list[str]:
    """The names of the imports, in the order they were imported."""
    return [record["name"] for record in data.imports]


def sidebar(data: Any) -> tuple[tuple[str, ...] | None, float, int]:
    """The imported datasets to show and the "nearby" distance and days (only when there are imports)."""
    names = sources(data)
    if not names:
        return None, NEARBY_KM, NEARBY_DAYS
    st.subheader("Imported datasets")
    chosen = st.multiselect(
        "Show", names, default=names if keys.DATASETS not in st.session_state else None, key=keys.DATASETS,
        help="Your own ACLED or UCDP files, imported on the Data page or with `python -m caucasus_atlas import`.",
    )  # fmt: skip
    left, right = st.columns(2)
    km = left.number_input("Nearby: km", 1.0, 200.0, NEARBY_KM, step=5.0, key=keys.NEAR_KM)
    days = right.number_input("± days", 0, 60, NEARBY_DAYS, key=keys.NEAR_DAYS)
    return tuple(chosen), float(km), int(days)


def rows_in_filter(data: Any, filters: Any) -> np.ndarray:
    """Positions of the imported events in the date range, from the chosen datasets, matching the search."""
    imported = data.imported
    if imported.empty or not filters.datasets:
        return np.array([], dtype="int64")
    start = np.datetime64(filters.start, "ms")
    end = np.datetime64(filters.end + dt.timedelta(days=1), "ms")
    keep = (imported["date_start"].to_numpy() < end) & (imported["date_end"].to_numpy() >= start)
    keep &= imported["source_id"].isin(filters.datasets).to_numpy()
    if filters.query:
        text = _TEXT.get(id(data), lambda: searchable_text(imported))  # folded once, on the first search
        for word in fold(filters.query).split():
            keep &= text.str.contains(word, regex=False).to_numpy()
    return np.flatnonzero(keep)


def searchable_text(imported: pd.DataFrame) -> pd.Series:
    """What a search matches in an imported event: its text, location and actors, folded."""
    if imported.empty:
        return pd.Series([], dtype="object")
    text = imported["excerpt"].astype(str) + " " + imported["location"].astype(str) + " " + imported["actors"]
    return text.map(fold)


def nearby_for(data: Any, km: float, days: int) -> dict[str, np.ndarray]:
    """The imported events near each curated account (cached per distance and days)."""
    return _NEARBY.get(
        (id(data), km, days),
        lambda: nearby(data.events, data.event_places, data.places, data.imported, km=km, days=days),
    )


def detail(data: Any, row: int) -> None:
    """One imported event in full, its text marked as the dataset's paraphrase."""
    event = data.imported.iloc[row]
    st.subheader(md_escape(f"{event['dataset']} event {event['dataset_id']}"))
    day = event["date_start"].date().isoformat()
    end = event["date_end"].date().isoformat()
    st.markdown(f"**{day if day == end else f'{day} – {end}'}** · from the import *{md_escape(event['source_id'])}*")
    facts = {
        "Type": f"{event['event_type']} / {event['sub_event_type']}",
        "Actors": event["actors"],
        "Location": f"{event['location']}, {event['admin1']}, {event['country']}".strip(", "),
        "Coordinates": f"{event['latitude']:.4f}, {event['longitude']:.4f} (precision {event['geo_precision']})",
        "Reported by": event["reported_by"],
    }
    if pd.notna(event["fatalities"]):
        facts["Fatalities (as the dataset codes them)"] = str(int(event["fatalities"]))
    st.markdown("\n".join(f"- **{k}:** {md_escape(str(v))}" for k, v in facts.items() if str(v).strip()))
    st.markdown(f"**The dataset's words** — {PARAPHRASE}")
    st.markdown("> " + (md_escape(event["excerpt"]) or "*(no description in the file)*"))


def nearby_list(data: Any, event_id: str, filters: Any) -> None:
    """The independent records within the sidebar's distance and days of what a curated account puts the
    happening at, and exactly what was counted."""
    if data.imported.empty:
        return
    links = data.event_places[data.event_places["event_id"] == event_id]
    found_basis = basis(data.events.loc[event_id], links, data.places)
    if found_basis is None:
        st.caption(
            "Independent records nearby: not counted for this account — it states no place and day of a happening "
            f"(a statement, call or meeting), or only a whole region, or a span longer than {MAX_SPAN_DAYS} days."
        )
        return
    found = nearby_for(data, filters.near_km, filters.near_days).get(event_id, np.array([], dtype="int64"))
    shown = [r for r in found if data.imported.at[int(r), "source_id"] in (filters.datasets or ())]
    names = ", ".join(str(data.places.at[p, "name"]) for p in found_basis.places)
    span = date_label(found_basis.start, found_basis.end)
    whose = "the place and date the account states" if found_basis.why == "stated" else "where and when it happened"
    label = f"Independent records nearby: {len(shown)} within {filters.near_km:g} km and ±{filters.near_days} days"
    with st.expander(label, expanded=bool(shown)):
        st.caption(
            f"Counted: imported events within {filters.near_km:g} km of {md_escape(names)} and within "
            f"{filters.near_days} days of {md_escape(span)} ({whose})."
        )
        if not shown:
            st.write("No imported event of the chosen datasets is that close in space and time.")
            return
        st.caption(f"Nearest first. Each text is {PARAPHRASE}.")
        for row in shown[:10]:
            e = data.imported.iloc[int(row)]
            st.markdown(
                f"- **{e['date_start'].date().isoformat()}** · {md_escape(e['dataset'])} · "
                f"{md_escape(e['location'])} — {md_escape(str(e['excerpt'])[:240])}"
            )
        if len(shown) > 10:
            st.caption(f"… and {len(shown) - 10} more (the Data page's download counts them all).")


def uploader(root: Path) -> None:
    """Import a file from the browser into the data root (the same import as the command line)."""
    st.subheader("Import your own events")
    st.caption(
        f"An ACLED export or a UCDP GED CSV, at most {MAX_IMPORT_MB} MB. Rows that cannot be used are listed "
        "and skipped; the same file twice is imported once. Imported files stay in this atlas's data folder "
        "(`imports/`), are never committed, and are seen by everyone who opens this dashboard."
    )
    if not settings.uploads_allowed():
        st.info("Uploads are switched off on this server (`CAUCASUS_ATLAS_UPLOADS=0`).")
        return
    with st.form("import_form", clear_on_submit=True):
        dataset = st.radio("Dataset", ["acled", "ucdp"], format_func={"acled": "ACLED", "ucdp": "UCDP GED"}.get)
        name = st.text_input("Name (optional)", max_chars=60, placeholder="from the file name")
        upload = st.file_uploader("CSV file", type=["csv"], max_upload_size=MAX_IMPORT_MB)
        submitted = st.form_submit_button("Import")
    if not (submitted and upload is not None):
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        try:
            with st.status(f"Importing {upload.name}…") as status:
                result = import_file(root, dataset, path, name=name.strip() or None, progress=status.write)
        except ImportRefused as exc:
            st.error(str(exc))
            return
        except OSError as exc:  # a read-only data folder, a full disk
            st.error(f"The import could not be written to the data folder: {exc.strerror or exc}.")
            return
    if result.already:
        st.info(f"This file is already imported as {result.already!r}: nothing was done.")
        return
    st.success(f"Imported {result.kept} of {result.rows} rows as {result.name!r}; {len(result.problems)} skipped.")
    if result.problems:
        st.dataframe(pd.DataFrame([asdict(p) for p in result.problems]), hide_index=True, width="stretch", height=200)
    from caucasus_atlas.ui.data import load_frames

    load_frames.clear()
