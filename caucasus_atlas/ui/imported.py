"""Imported events on the pages: their sidebar controls, their filter, their panel, the uploader, and the
independent records nearby a curated account."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import hashlib
import hmac
import tempfile
import time
import weakref
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from caucasus_atlas import settings
from caucasus_atlas.corroboration import MAX_SPAN_DAYS, NEARBY_DAYS, NEARBY_KM, basis, nearby
from caucasus_atlas.imports import UPLOAD_MB, ImportRefused, import_file
from caucasus_atlas.map.escaping import script_json
from caucasus_atlas.map.imported import Positions, Viewport, cell_rows, view_payload
from caucasus_atlas.models import date_label
from caucasus_atlas.textsearch import matching
from caucasus_atlas.ui import state as keys
from caucasus_atlas.ui.mapview import LRU
from caucasus_atlas.ui.text import md_escape

PARAPHRASE = "the dataset's own one-line description of its sources (a paraphrase, not a primary text)"

_NEARBY = LRU(32)


def sources(data: Any) -> list[str]:
    """The names of the imports, in the order they were imported."""
    return [record["name"] for record in data.imports]


@dataclass(frozen=True)
class Choices:
    """What the sidebar offers for the imported events' own attributes."""

    datasets: list[str]
    event_types: list[str]
    max_fatalities: int


def choices(data: Any) -> Choices:
    """The imported datasets, event types and largest count of fatalities (worked out once per load)."""

    def build() -> Choices:
        imported = data.imported
        most = imported["fatalities"].max() if len(imported) else 0
        # each column's distinct values, found where the texts lie (not one Python string per event)
        return Choices(
            datasets=sorted({str(v) for v in imported["dataset"].unique()}),
            event_types=sorted({str(v) for v in imported["event_type"].unique()} - {""}),
            max_fatalities=int(most) if pd.notna(most) else 0,
        )

    return _CHOICES.get(data.key, build)


_CHOICES = LRU(8)


@dataclass(frozen=True)
class Sidebar:
    """The imported events' part of the sidebar: the imports shown, their own filters, the "nearby" bounds."""

    shown: tuple[str, ...] | None = None
    datasets: tuple[str, ...] | None = None
    event_types: tuple[str, ...] | None = None
    fatalities: tuple[int, int] | None = None
    near_km: float = NEARBY_KM
    near_days: int = NEARBY_DAYS


def sidebar(data: Any) -> Sidebar:
    """The imported datasets to show, filters on their own attributes (dataset, event type, fatalities) and the
    "nearby" distance and days (only when there are imports)."""
    names = sources(data)
    if not names:
        return Sidebar()
    st.subheader("Imported datasets")
    chosen = st.multiselect(
        "Show", names, default=names if keys.DATASETS not in st.session_state else None, key=keys.DATASETS,
        help="Your own ACLED or UCDP files, imported on the Data page or with `python -m caucasus_atlas import`.",
    )  # fmt: skip
    offered = choices(data)
    datasets = st.multiselect(
        "Dataset", offered.datasets, key=keys.IMPORTED_DATASETS, placeholder="All",
        help="ACLED or UCDP GED: the dataset each imported event comes from.",
    )  # fmt: skip
    types = st.multiselect(
        "Event type (imported)", offered.event_types, key=keys.IMPORTED_TYPES, placeholder="All",
        help="The dataset's own event type (ACLED's event_type, UCDP's type of violence).",
    )  # fmt: skip
    fatalities = None
    if offered.max_fatalities > 0:
        most = offered.max_fatalities
        lo, hi = st.slider(
            "Fatalities (as the dataset codes them)", 0, most, (0, most), key=keys.FATALITIES,
            help="An event whose dataset codes no count is kept only while the whole range is chosen.",
        )  # fmt: skip
        fatalities = None if (lo, hi) == (0, most) else (int(lo), int(hi))
    left, right = st.columns(2)
    km = left.number_input("Nearby: km", 1.0, 200.0, NEARBY_KM, step=5.0, key=keys.NEAR_KM)
    days = right.number_input("± days", 0, 60, NEARBY_DAYS, key=keys.NEAR_DAYS)
    return Sidebar(
        shown=tuple(chosen), datasets=tuple(datasets) or None, event_types=tuple(types) or None,
        fatalities=fatalities, near_km=float(km), near_days=int(days),
    )  # fmt: skip


def rows_in_filter(data: Any, filters: Any) -> np.ndarray:
    """Positions of the imported events in the date range, from the chosen imports, datasets and event types,
    within the range of fatalities, matching the search (cached per load and filter)."""
    if data.imported.empty or not filters.datasets:
        return np.array([], dtype="int64")
    key = (
        data.key, filters.start, filters.end, filters.datasets, filters.query, filters.imported_datasets,
        filters.imported_types, filters.fatalities,
    )  # fmt: skip
    return _ROWS.get(key, lambda: _rows_in_filter(data, filters))


#: at most 64 selections, and at most 256 MB of them (a selection of 3,000,000 events is 12 MB)
_ROWS = LRU(64, max_bytes=256_000_000, weigh=lambda rows: rows.nbytes)


def _rows_in_filter(data: Any, filters: Any) -> np.ndarray:
    imported = data.imported
    start = np.datetime64(filters.start, "ms")
    end = np.datetime64(filters.end + dt.timedelta(days=1), "ms")
    keep = (imported["date_start"].to_numpy() < end) & (imported["date_end"].to_numpy() >= start)
    names = sources(data)
    if not set(names) <= set(filters.datasets):  # some imports left out: by their codes (a text each is slow)
        chosen = [i for i, name in enumerate(names) if name in filters.datasets]
        keep &= np.isin(positions(data).src, np.array(chosen, dtype="<u2"))
    if filters.imported_datasets:
        keep &= imported["dataset"].isin(filters.imported_datasets).to_numpy()
    if filters.imported_types:
        keep &= imported["event_type"].isin(filters.imported_types).to_numpy()
    if filters.fatalities:
        lo, hi = filters.fatalities
        counts = imported["fatalities"]
        keep &= (counts.notna() & (counts.fillna(-1) >= lo) & (counts.fillna(-1) <= hi)).to_numpy(dtype=bool)
    if filters.query:  # its text, location and actors (where they lie: a slice at a time)
        keep &= matching([imported["excerpt"], imported["location"], imported["actors"]], filters.query)
    return np.flatnonzero(keep).astype("int32")  # positions below 2**31: half the memory of int64


def positions(data: Any) -> Positions:
    """The imported events' positions in the forms the map's view needs (worked out once per load)."""
    return _POSITIONS.get(data.key, lambda: Positions.of(data.imported, sources(data), data.imported_positions))


_POSITIONS = LRU(2)


def rows_digest(rows: np.ndarray) -> str:
    """A digest of a selection of rows, worked out once per array (the filter's arrays are cached and
    reused: hashing 3,000,000 positions on every rerun would cost 20 ms). The array is not kept alive here."""
    held, digest = _DIGESTS.get(id(rows), lambda: (weakref.ref(rows), hashlib.sha1(rows.tobytes()).hexdigest()))
    if held() is not rows:  # another array that was given the same id once the first was freed
        digest = hashlib.sha1(rows.tobytes()).hexdigest()
        with _DIGESTS.lock:
            _DIGESTS.items[id(rows)] = (weakref.ref(rows), digest)
    return digest


_DIGESTS = LRU(32)


def send_view(data: Any, rows: np.ndarray | None, view: Viewport | None, frame_key: str) -> None:
    """Give the drawn map (its component key ``frame_key``) the imported events ``rows`` (positions in
    ``data.imported``, in the filter) as its ``view`` can show them (:func:`caucasus_atlas.map.imported.view_payload`,
    cached per selection and view); None takes them off.

    They go in a frame of their own, beside the map, whose script hands them to the map's frame: the map is
    not sent again (its hundreds of kilobytes of places and outlines), only what its view needs."""
    if rows is None or view is None:
        payload = "null"
    else:
        key = (data.key, rows_digest(rows), view)
        payload = _VIEWS.get(
            key,
            lambda: script_json(
                view_payload(positions(data), rows, view, sources(data), points_from_zoom=settings.CLUSTER_UNTIL_ZOOM)
            ),
        )
    components.html(_SEND.replace("KEY", script_json(frame_key)).replace("PAYLOAD", payload), height=0)


#: The script of :func:`send_view`: it finds its map among the page's (by its key) once the map is drawn
_SEND = """<script>(function () {
  var key = KEY, payload = PAYLOAD, tries = 0;
  function send() {
    var frames = window.parent.document.querySelectorAll("iframe[title='streamlit_folium.st_folium']");
    for (var i = 0; i < frames.length; i++) {
      var w = frames[i].contentWindow;
      if (w && w.caFrameKey === key && w.map && w.AtlasLayers && w.AtlasLayers.importedView) {
        w.AtlasLayers.importedView(w.map, payload);
        return;
      }
    }
    if (++tries < 600) { setTimeout(send, 50); }
  }
  send();
}());</script>"""


_VIEWS = LRU(64)


def listed_in_cell(data: Any, rows: np.ndarray, cell: Any) -> tuple[list[int], int] | None:
    """The events of ``rows`` in one counted cell the map reported (``[zoom, column, row]``): the first
    :data:`settings.MAX_PILE_ROWS` by date and how many there are; None for a cell that is not one."""
    if not (isinstance(cell, list) and len(cell) == 3 and all(isinstance(v, int) for v in cell)):
        return None
    zoom, column, row = cell
    if not 0 <= zoom <= 22:
        return None
    found = cell_rows(positions(data), rows, zoom, column, row)
    order = np.argsort(data.imported["date_start"].to_numpy()[found], kind="stable")[: settings.MAX_PILE_ROWS]
    return [int(r) for r in found[order]], len(found)


def count_line(data: Any, filters: Any, rows: np.ndarray) -> None:
    """Say how many imported events the map shows, from which imports and narrowed by what."""
    if not data.imports:
        return
    narrowed = []
    if filters.imported_datasets:
        narrowed.append("dataset " + ", ".join(filters.imported_datasets))
    if filters.imported_types:
        narrowed.append("event type " + ", ".join(filters.imported_types))
    if filters.fatalities:
        narrowed.append(f"{filters.fatalities[0]}–{filters.fatalities[1]} fatalities")
    st.caption(
        f"Also on the map: {len(rows):,} imported event{'s' if len(rows) != 1 else ''} in this filter (from "
        f"{md_escape(', '.join(filters.datasets or ())) or 'no import'}"
        + (f"; {md_escape('; '.join(narrowed))}" if narrowed else "")
        + ") — their texts are the datasets' paraphrases."
    )


def nearby_for(data: Any, km: float, days: int) -> dict[str, np.ndarray]:
    """The imported events near each curated account (cached per distance and days)."""
    return _NEARBY.get(
        (data.key, km, days),
        lambda: nearby(data.events, data.event_places, data.places, data.imported, km=km, days=days),
    )


#: An imported text longer than this is cut in the panel, with a step to show more; a browser is never sent
#: more than ``MAX_SHOWN_CHARS`` of one text (a 10 MB field would hang it).
LONG_TEXT_CHARS = 2_000
MAX_SHOWN_CHARS = 100_000


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
    st.markdown("\n".join(f"- **{k}:** {md_escape(str(v)[:500])}" for k, v in facts.items() if str(v).strip()))
    st.markdown(f"**The dataset's words** — {PARAPHRASE}")
    text = str(event["excerpt"])
    st.markdown("> " + (md_escape(text[:LONG_TEXT_CHARS]) or "*(no description in the file)*"))
    if len(text) > LONG_TEXT_CHARS:
        st.caption(f"The first {LONG_TEXT_CHARS:,} of {len(text):,} characters.")
        if st.toggle("Show all of it", key=f"all_{row}"):
            st.text(text[:MAX_SHOWN_CHARS])
            if len(text) > MAX_SHOWN_CHARS:
                st.caption(f"The first {MAX_SHOWN_CHARS:,} characters; the Data page's download has all of it.")


#: Most imported events a pile's list shows (the rest: zoom in).
MAX_PILE = 100


def pile(data: Any, rows: list[int], total: int) -> None:
    """The imported events under a count or a pile of dots clicked on the map, by date, in a scrollable list;
    each entry opens its record below the list."""
    chosen = st.session_state.get(keys.IMPORTED)
    frame = data.imported.iloc[rows]
    order = np.argsort(frame["date_start"].to_numpy(), kind="stable")[:MAX_PILE]
    st.subheader(f"{total:,} imported events here")
    st.caption(f"Choose one to read its record. Each text is {PARAPHRASE}.")
    with st.container(height=min(300, 20 + 44 * len(order)), key="imported-pile"):
        for position in order:
            row = int(rows[position])
            e = data.imported.iloc[row]
            dead = f" · {int(e['fatalities'])} fatalities" if pd.notna(e["fatalities"]) else ""
            label = f"{e['date_start'].date().isoformat()} · {e['dataset']} · {e['event_type']} · {e['location']}{dead}"
            st.button(
                md_escape(label[:160]), key=f"pile-{row}", on_click=_open_record, args=(row,),
                type="primary" if row == chosen else "tertiary", width="stretch",
            )  # fmt: skip
    if total > len(order):
        st.caption(f"{len(order)} of the {total:,} listed: zoom in to list fewer.")
    if chosen in rows:
        detail(data, chosen)


def _open_record(row: int) -> None:
    st.session_state[keys.IMPORTED] = row


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
                f"{md_escape(str(e['location'])[:200])} — {md_escape(str(e['excerpt'])[:240])}"
            )
        if len(shown) > 10:
            st.caption(f"… and {len(shown) - 10} more (the Data page's download counts them all).")


#: Session keys: the curator's label once their token is entered; the import this session started.
CURATOR_KEY = "_curator"
IMPORT_JOB_KEY = "_import_job"

#: Imports started from the page run here, one at a time, outside any session's script run: a click, a
#: rerun or a closed tab does not stop them (a rerun would otherwise interrupt the import half-way).
_IMPORTS = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="atlas-import")
#: Wrong curator tokens cost this long before the answer, so that guessing is slow.
_WRONG_TOKEN_DELAY_S = 1.0


def writer() -> str | None:
    """Who may write from this session: "this machine's user" on a server listening on localhost only, a
    curator's label once their token is entered, else None. Says on the page why writing is off."""
    if not settings.uploads_allowed():
        st.info("Uploads are switched off on this server (`CAUCASUS_ATLAS_UPLOADS=0`).")
        return None
    address = str(st.get_option("server.address") or "")
    if settings.uploads_mode() == "local" and address in settings.LOCAL_ADDRESSES and _direct_local_request():
        return "this machine's user"
    label = st.session_state.get(CURATOR_KEY)
    if label:
        return label
    tokens = settings.curator_tokens()
    if settings.uploads_mode() == "curators":
        where = "a network (CAUCASUS_ATLAS_UPLOADS=curators)"
    elif address in settings.LOCAL_ADDRESSES:
        where = "a network through a proxy"
    else:
        where = f"the address {address}" if address else "every network address"
    if not tokens:
        st.info(
            f"Imports are for curators: this server listens on {where}, and its operator has set no curator "
            f"token (`{settings.CURATOR_TOKENS_ENV_VAR}`), so nothing can be added from the browser."
        )
        return None
    with st.form("curator_form", clear_on_submit=True):
        st.caption(f"Imports are for curators: this server listens on {where}. Enter your curator token once.")
        token = st.text_input("Curator token", type="password", max_chars=200)
        if st.form_submit_button("Enter") and token:
            found = next((lbl for tok, lbl in tokens.items() if hmac.compare_digest(tok, token.strip())), None)
            if found:
                st.session_state[CURATOR_KEY] = found
                st.rerun()
            time.sleep(_WRONG_TOKEN_DELAY_S)
            st.error("That is not a curator token of this server.")
    return None


#: Headers a reverse proxy adds: a request that carries one did not come straight from this machine.
_FORWARDED = ("x-forwarded-for", "x-real-ip", "forwarded", "x-forwarded-host")


def _direct_local_request() -> bool:
    """Whether this session's page was asked for straight from this machine: a localhost ``Host`` and no
    proxy's forwarding header. A reverse proxy that rewrites both is the operator's to declare
    (``CAUCASUS_ATLAS_UPLOADS=curators``)."""
    headers = {k.lower(): v for k, v in st.context.headers.items()}
    host = headers.get("host", "").rsplit(":", 1)[0].strip("[]")
    return host in settings.LOCAL_ADDRESSES and not any(h in headers for h in _FORWARDED)


def uploader(root: Path) -> None:
    """Import a file from the browser into the data root (the same import as the command line), for those
    who may write (:func:`writer`). The import runs to its end in the background whatever the session
    does meanwhile, and its result is shown when it is done."""
    st.subheader("Import your own events")
    st.caption(
        f"An ACLED export or a UCDP GED CSV, at most {UPLOAD_MB} MB here (larger files: the command line's "
        "`import`, which reads a file a chunk at a time). Rows that cannot be used are listed "
        "and skipped; the same file twice is imported once. Imported files stay in this atlas's data folder "
        "(`imports/`), are never committed, and are seen by everyone who opens this dashboard."
    )
    who = writer()
    if who is None:
        return
    job = st.session_state.get(IMPORT_JOB_KEY)
    if job is not None:
        _import_status(job)
        if not job.future.done():
            return
    with st.form("import_form", clear_on_submit=True):
        dataset = st.radio("Dataset", ["acled", "ucdp"], format_func={"acled": "ACLED", "ucdp": "UCDP GED"}.get)
        name = st.text_input("Name (optional)", max_chars=60, placeholder="from the file name")
        upload = st.file_uploader("CSV file", type=["csv"], max_upload_size=UPLOAD_MB)
        submitted = st.form_submit_button("Import")
    if not (submitted and upload is not None):
        return
    data, filename = upload.getvalue(), Path(upload.name).name
    added_by = None if who == "this machine's user" else who
    job = _Job(filename)
    job.future = _IMPORTS.submit(_run_import, job, root, dataset, data, name.strip() or None, added_by)
    st.session_state[IMPORT_JOB_KEY] = job
    st.rerun()


@dataclass
class _Job:
    file: str
    future: concurrent.futures.Future = field(default_factory=concurrent.futures.Future)
    shown: bool = False
    #: the share of the file read so far (the import's thread writes it, the page's fragment reads it)
    done: float = 0.0
    step: str = ""


def _run_import(job: _Job, root: Path, dataset: str, data: bytes, name: str | None, added_by: str | None):
    """One import in the background thread: the upload written to a private temporary file, imported, removed."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / job.file
        path.write_bytes(data)
        del data  # not needed once written: the import reads the file a chunk at a time
        return import_file(
            root, dataset, path, name=name, added_by=added_by,
            fraction=lambda share: setattr(job, "done", share),
            progress=lambda line: setattr(job, "step", line.split("] ", 1)[-1]),
        )  # fmt: skip


@st.fragment(run_every=1.0)
def _import_status(job: _Job) -> None:
    """While the import runs: a line that says so (refreshed every second); when it is done, its result."""
    if not job.future.done():
        st.info(f"Importing {job.file}… it goes on to its end whatever you click meanwhile.")
        st.progress(job.done, text=job.step or "checking the file (its encoding and sha256)")
        return
    if not job.shown:
        job.shown = True
        from caucasus_atlas.ui.data import load_frames

        load_frames.clear()
        st.rerun(scope="app")
    exc = job.future.exception()
    if isinstance(exc, ImportRefused):
        st.error(str(exc))
    elif isinstance(exc, OSError):  # a read-only data folder, a full disk
        st.error(f"The import could not be written to the data folder: {exc.strerror or exc}. Nothing was stored.")
    elif exc is not None:
        st.error(f"The import stopped ({type(exc).__name__}); nothing was stored. The server log has the details.")
    else:
        result = job.future.result()
        if result.already:
            st.info(f"{job.file} is already imported as {result.already!r}: nothing was done.")
        else:
            st.success(f"Imported {result.kept:,} of {result.rows:,} rows of {job.file} as {result.name!r}; "
                       f"{result.skipped:,} skipped.")  # fmt: skip
            if result.problems:
                table = pd.DataFrame([asdict(p) for p in result.problems])
                st.dataframe(table, hide_index=True, width="stretch", height=200)
                if result.skipped > len(result.problems):
                    st.caption(f"The first {len(result.problems):,} of {result.skipped:,} skipped rows.")
