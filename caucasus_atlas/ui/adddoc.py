"""The Add a document page's parts: the document form, the table of proposals, the gazetteer search, the
map of the proposed places, Save and the bundle's download. The drafting itself is
:mod:`caucasus_atlas.drafting` and :mod:`caucasus_atlas.bundle`; this module only reads widgets and shows."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from caucasus_atlas import bundle, regional, settings
from caucasus_atlas.drafting import Gazetteers, draft, new_place_from_settlement
from caucasus_atlas.imports import ImportRefused
from caucasus_atlas.ui import state as keys
from caucasus_atlas.ui.data import build_frames, load_frames
from caucasus_atlas.ui.panel import link_to_map
from caucasus_atlas.ui.text import md_escape
from caucasus_atlas.validate import load_atlas

LANGUAGES = ["en", "hy", "az", "ru", "fr", "de", "ka", "tr", "fa", "uk"]


def _stamp(root: Path) -> tuple[int, ...]:
    out = []
    for rel in (settings.SOURCES_FILE, settings.PLACES_FILE, bundle.ADDED_EVENTS_FILE):
        try:
            info = (root / rel).stat()
            out += [info.st_mtime_ns, info.st_size]
        except OSError:
            out += [0, 0]
    return tuple(out)


@st.cache_resource(show_spinner="Reading the atlas's records…", max_entries=2)
def _atlas(root: str, stamp: tuple[int, ...]) -> tuple[Any, Gazetteers]:
    atlas = load_atlas(Path(root))
    return atlas, Gazetteers.build(atlas.places.values())


def atlas_for(root: Path) -> tuple[Any, Gazetteers]:
    """The atlas's records and the gazetteers to draft with (read again when the curated files change)."""
    return _atlas(str(root), _stamp(root))


def document_form(atlas: Any) -> None:
    """The document and what the curator says about it; "Draft the records" makes the bundle."""
    claimants = sorted({e.claimed_by for e in atlas.events.values()} | {s.author for s in atlas.sources.values()
                                                                         if s.author})  # fmt: skip
    with st.form("add_document"):
        st.markdown("**1. The document**")
        pasted = st.text_area("Paste the text (exactly as the page prints it)", height=180, key="draft_text")
        upload = st.file_uploader("…or upload it as a UTF-8 text file", type=["txt"], key="draft_file")
        left, right = st.columns(2)
        url = left.text_input("Address (URL) the text was read from", key="draft_url")
        author = right.selectbox(
            "Whose statement it is (Party – body)", claimants, index=None, accept_new_options=True, key="draft_author",
            help="A name of the list, or a new one written 'Party – body' with an en dash (the party must be known).",
        )  # fmt: skip
        a, b, c = st.columns(3)
        published = a.date_input("Published on", value=None, min_value=settings.DATE_MIN, max_value=settings.DATE_MAX,
                                 key="draft_published")  # fmt: skip
        language = b.selectbox("Language", LANGUAGES, accept_new_options=True, key="draft_language")
        completeness = c.selectbox("Stored text", list(settings.COMPLETENESS), key="draft_completeness",
                                   format_func=lambda k: f"{k}: {settings.COMPLETENESS[k]}")  # fmt: skip
        title = left.text_input("Title as printed (default: the text's first line)", key="draft_title")
        read_at = right.text_input("Read at (the outlet, for a reprint)", key="draft_read_at")
        go = st.form_submit_button("Draft the records", type="primary")
    if not go:
        return
    text = pasted
    if upload is not None:
        try:
            text = upload.getvalue().decode("utf-8")
        except UnicodeDecodeError:
            st.error(f"{upload.name} is not UTF-8 text: save it as UTF-8 and upload it again.")
            return
    wrong = []
    if not text.strip():
        wrong.append("the text is empty: paste it or upload a file")
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    if not author:
        wrong.append("say whose statement it is")
    elif settings.claimant_problem(author):
        wrong.append(f"whose statement: {settings.claimant_problem(author)}")
    if published is None:
        wrong.append("give the day it was published")
    if not url.strip():
        wrong.append("give the address the text was read from")
    if wrong:
        st.error("Before drafting: " + "; ".join(wrong) + ".")
        return
    assert published is not None and author is not None
    ident = bundle.source_id_for(author, published, set(atlas.source_ids))
    info = bundle.SourceInfo(
        id=ident, published=published, author=author, url=url.strip(), language=language or "en", title=title.strip(),
        read_at=read_at.strip(), completeness=completeness,
    )  # fmt: skip
    _, gazetteers = atlas_for(atlas.root)
    proposals = draft(text, published, atlas, author=author, source_id=ident, gazetteers=gazetteers)
    st.session_state[keys.DRAFT] = bundle.make_bundle(text, proposals, info, atlas)
    st.session_state[keys.DRAFT_EXTRA_PLACES] = []
    st.session_state.pop(keys.DRAFT_TABLE, None)


def proposals_table(made: dict[str, Any], atlas: Any) -> dict[str, Any]:
    """The proposals as an editable table: one row per sentence; the bundle with the choices made."""
    st.markdown(
        "**2. The proposals** — one row per sentence. Tick *accept* for each account to keep; the excerpt is the "
        "sentence itself (to take in the sentences after it, raise *through*), never typed."
    )
    rows = bundle.table_rows(made)
    types = sorted(settings.EVENT_TYPES)
    subtypes = sorted({s for subs in settings.EVENT_TYPES.values() for s in subs})
    edited = st.data_editor(
        pd.DataFrame(rows, columns=list(bundle.TABLE_COLUMNS)),
        key=keys.DRAFT_TABLE, hide_index=True, width="stretch", num_rows="fixed",
        disabled=[c for c in bundle.TABLE_COLUMNS if c not in bundle.EDITABLE],
        column_config={
            "accept": st.column_config.CheckboxColumn("accept", width="small"),
            "sentence": st.column_config.NumberColumn("#", width="small"),
            "excerpt": st.column_config.TextColumn("excerpt (the document's words)", width="large"),
            "through": st.column_config.NumberColumn("through #", min_value=1, max_value=len(rows), step=1,
                                                     width="small"),
            "event_type": st.column_config.SelectboxColumn("event_type", options=types),
            "sub_event_type": st.column_config.SelectboxColumn("sub_event_type", options=subtypes),
            "stance": st.column_config.SelectboxColumn("stance", options=list(settings.STANCES)),
            "topic": st.column_config.SelectboxColumn("topic", options=list(settings.TOPICS)),
            "places": st.column_config.TextColumn("places (ids, comma-separated)"),
            "to_decide": st.column_config.TextColumn("left to decide", width="medium"),
        },
    )  # fmt: skip
    with st.expander("Why each row is proposed as it is"):
        for n, event in enumerate(made["events"], start=1):
            reasons = "; ".join(f"{k}: {v}" for k, v in (event.get("why") or {}).items())
            st.markdown(f"**#{n}** {md_escape(reasons)}")
    return bundle.apply_rows(made, edited.to_dict("records"), st.session_state.get(keys.DRAFT_EXTRA_PLACES) or [])


def gazetteer_search(atlas: Any, made: dict[str, Any]) -> None:
    """Find a place by any of its names in the atlas's gazetteer or the regional one; add it to a sentence."""
    options: dict[str, tuple[str, Any]] = {}
    for place in atlas.places.values():
        options[f"{place.name} — atlas place {place.id}"] = ("atlas", place)
    for s in regional.settlements():
        options[f"{s.name} ({regional.COUNTRY_NAMES.get(s.country, s.country)}) — GeoNames {s.geonameid}"] = ("geo", s)
    left, mid, right = st.columns([4, 1, 1], vertical_alignment="bottom")
    chosen = left.selectbox("Search the gazetteers for a place", sorted(options), index=None, key="draft_search",
                            placeholder="Type a name: Sotk, Zod, Սոթք…")  # fmt: skip
    row = mid.number_input("to sentence #", 1, max(1, len(made["events"])), 1, key="draft_search_row")
    if right.button("Add the place", key="draft_search_add", disabled=chosen is None) and chosen:
        kind, item = options[chosen]
        if kind == "atlas":
            pid = item.id
        else:
            taken = set(atlas.place_ids) | {p["id"] for p in made.get("places") or []}
            known = next((p for p in made.get("places") or [] if p.get("coord_source") == item.coord_source), None)
            record = known or new_place_from_settlement(item, taken, item.name, made["source"]["id"])
            pid = record["id"]
            if known is None:
                st.session_state[keys.DRAFT_EXTRA_PLACES] = [*st.session_state.get(keys.DRAFT_EXTRA_PLACES, []),
                                                             record]  # fmt: skip
        # ``made`` holds the table's edits so far: the bundle with the place added becomes the draft
        rows = bundle.table_rows(made)
        target = rows[int(row) - 1]
        ids = [p.strip() for p in target["places"].split(",") if p.strip() and not p.strip().startswith(bundle.MARK)]
        rows[int(row) - 1] = {**target, "places": ", ".join([*ids, pid]), "accept": True}  # a place given: kept
        extra = st.session_state.get(keys.DRAFT_EXTRA_PLACES) or []
        st.session_state[keys.DRAFT] = bundle.apply_rows(made, rows, extra)
        st.session_state.pop(keys.DRAFT_TABLE, None)
        st.rerun()


def preview_map(root: Path, made: dict[str, Any]) -> None:
    """The accepted accounts drawn as the map will draw them once saved (a staged copy of the data folder)."""
    from caucasus_atlas.ui.eventmap import event_map

    source, _, events = bundle.accepted(made)
    if not events:
        st.info("Tick *accept* on a row to see its places on the map.")
        return
    digest = bundle.sha256_of(bundle.dump(made))
    cache = st.session_state.setdefault(keys.DRAFT_PREVIEW, {})
    if digest not in cache:
        with tempfile.TemporaryDirectory(prefix="atlas-preview-") as tmp:
            staged = Path(tmp)
            for part in ("events", "geodata"):
                shutil.copytree(root / part, staged / part, ignore=shutil.ignore_patterns("*.partial"))
            for rel, data in bundle._changes(staged, made).items():
                if data is not None:
                    (staged / rel).write_bytes(data)
            cache.clear()
            cache[digest] = build_frames(str(staged))
    frames = cache[digest]
    shown = frames.events[frames.events["source"] == source["id"]]
    ids = sorted(set(frames.event_places.loc[frames.event_places["event_id"].isin(shown.index), "place_id"]))
    mapped = [p for p in ids if p in frames.places.index]
    st.caption(f"{len(shown)} account(s) to save; {len(mapped)} place(s) drawn: {', '.join(mapped) or 'none'}.")
    event_map(frames, shown, tiles=False, key="draft_map", focus=mapped or None, height=420, title="Add a document")


def _problems(root: Path, made: dict[str, Any]) -> list[str]:
    """What stops the bundle from being saved, checked once per draft and state of the data folder (the check
    loads the data folder twice: about two seconds)."""
    key = (bundle.sha256_of(bundle.dump(made)), _stamp(root))
    cache = st.session_state.setdefault(keys.DRAFT_PROBLEMS, {})
    if key not in cache:
        cache.clear()
        cache[key] = bundle.check_bundle(root, made)
    return cache[key]


def save_and_download(root: Path, made: dict[str, Any]) -> None:
    """Save writes the text and the accepted records (validated first, all or nothing); the download gives
    the same bundle for a curator who keeps the data in git."""
    st.markdown("**3. Save**")
    left, right = st.columns(2)
    problems = _problems(root, made) if bundle.accepted(made)[2] else ["no row is accepted"]
    if problems:
        st.warning("Not saved yet: " + str(len(problems)) + " thing(s) to settle first.")
        st.markdown("\n".join(f"- {md_escape(p)}" for p in problems[:30]))
    if left.button("Save into the atlas", type="primary", disabled=bool(problems), key="draft_save"):
        try:
            written = bundle.save_bundle(root, made)
        except (bundle.BundleRefused, ImportRefused) as exc:
            st.error(f"Nothing was written: {exc}")
            return
        load_frames.clear()
        _atlas.clear()
        events = bundle.accepted(made)[2]
        message = f"Saved {len(events)} account(s) of {made['source']['id']}: {', '.join(written)}."
        st.session_state[keys.DRAFT_SAVED] = (message, events[0]["id"])
        # the date range takes in the new accounts, so that the map shows them at once
        st.session_state[keys.PENDING_RANGE] = (
            dt.date.fromisoformat(min(e["date_start"] for e in events)),
            dt.date.fromisoformat(max(e["date_end"] for e in events)),
        )
        for key in (keys.DRAFT, keys.DRAFT_TABLE, keys.DRAFT_EXTRA_PLACES, keys.DRAFT_PREVIEW, keys.DRAFT_PROBLEMS):
            st.session_state.pop(key, None)
        st.rerun()
    right.download_button(
        "Download the bundle (YAML)", lambda: bundle.dump(made), file_name=f"{made['source']['id']}.bundle.yaml",
        mime="application/yaml", key="draft_download",
    )  # fmt: skip
    right.caption("`python -m caucasus_atlas add FILE` writes it, checked the same way.")


def saved_note() -> None:
    saved = st.session_state.pop(keys.DRAFT_SAVED, None)
    if saved:
        message, first = saved
        st.success(message)
        link_to_map(first, label="See them on the Incidents map")
