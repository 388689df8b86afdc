"""The Add a document page's parts: the document form, the table of proposals, the gazetteer search, the
map of the proposed places with a place picked on it (:func:`map_pick`), Save and the bundle's download. The
drafting itself is :mod:`caucasus_atlas.drafting` and :mod:`caucasus_atlas.bundle`, the nearest places
:mod:`caucasus_atlas.picking`; this module only reads widgets and shows."""

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
from caucasus_atlas.repeats import WINDOW_DAYS, RepeatIndex
from caucasus_atlas.rules.states import phrase_pattern
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


@st.cache_resource(show_spinner=False, max_entries=2)
def _repeat_index(root: str, stamp: tuple[int, ...]) -> RepeatIndex:
    atlas, _ = _atlas(root, stamp)
    return RepeatIndex.of_events(atlas.events.values())


def repeats_warning(root: Path, made: dict[str, Any]) -> None:
    """Under the table: each row whose claimant, date and wording match an account already in the atlas (the
    same statement reprinted by another outlet), named with that account's id, document and first words.
    A warning only: the curator decides, and Save is not blocked."""
    index = _repeat_index(str(root), _stamp(root))
    lines = []
    for n, event in enumerate(made["events"], start=1):
        try:
            start, end = dt.date.fromisoformat(event["date_start"]), dt.date.fromisoformat(event["date_end"])
        except (TypeError, ValueError):
            continue
        found = index.find(settings.party_of(str(event.get("claimed_by"))), start, end, event["excerpt"])
        for r in found[:3]:
            lines.append(f"- **#{n}** repeats {r.share:.0%} of the wording of **{md_escape(r.event_id)}** (document "
                         f"{md_escape(r.source)}): «{md_escape(r.excerpt_start())}»")  # fmt: skip
    if lines:
        st.warning("Already in the atlas? These rows read as accounts the atlas has (the same party, within "
                   f"{WINDOW_DAYS} days, the same words): the same statement reprinted, perhaps. Untick a row "
                   "that is; saving is not blocked.\n" + "\n".join(lines))  # fmt: skip


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
        title = left.text_input(
            "Title as printed (default: the text's headline line)", key="draft_title",
            help="Left empty: the text's first line that reads as a headline (four words or more; a news agency's "
            "dateline such as 'YEREVAN, MAY 28, ARMENPRESS.' is skipped). When the text has none, you give the "
            "title under 3. Save.",
        )  # fmt: skip
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
    st.session_state.pop(keys.DRAFT_TABLE_MORE, None)
    st.session_state.pop(keys.DRAFT_PICK, None)
    st.session_state.pop(keys.DRAFT_PICK_ADDED, None)
    st.session_state.pop(keys.DRAFT_TITLE, None)


def source_title(made: dict[str, Any]) -> dict[str, Any]:
    """The bundle with the document's title: when the text gave none (no headline line), a field above Save
    asks for it as printed, and the bundle takes what is typed there."""
    title = str(made["source"].get("title", ""))
    if not title.startswith(bundle.MARK) and keys.DRAFT_TITLE not in st.session_state:
        return made
    typed = st.text_input(
        "The document's title as printed (the text has no headline line to take it from)", key=keys.DRAFT_TITLE,
        placeholder="Copy the title from the page the text was read from",
    )  # fmt: skip
    if not typed.strip():
        return {**made, "source": {**made["source"], "title": f"{bundle.MARK} the document's title as printed"}}
    return {**made, "source": {**made["source"], "title": typed.strip()}}


def proposals_table(made: dict[str, Any], atlas: Any) -> dict[str, Any]:
    """The proposals as an editable table: one row per sentence; the bundle with the choices made."""
    st.markdown(
        "**2. The proposals** — one row per sentence. Tick *accept* for each account to keep; the excerpt is the "
        "sentence itself (to take in the sentences after it, raise *through*), never typed."
    )
    rows = pd.DataFrame(bundle.table_rows(made), columns=list(bundle.TABLE_COLUMNS))
    types = sorted(settings.EVENT_TYPES)
    subtypes = sorted({s for subs in settings.EVENT_TYPES.values() for s in subs})
    config = {
        "accept": st.column_config.CheckboxColumn("accept", width="small"),
        "sentence": st.column_config.NumberColumn("#", width="small"),
        "excerpt": st.column_config.TextColumn("excerpt (the document's words)", width="large"),
        "through": st.column_config.NumberColumn("through #", min_value=1, max_value=len(rows), step=1,
                                                 width="small"),
        "event_type": st.column_config.SelectboxColumn("event_type", options=types),
        "sub_event_type": st.column_config.SelectboxColumn("sub_event_type", options=subtypes),
        "stance": st.column_config.SelectboxColumn("stance", options=list(settings.STANCES)),
        "topic": st.column_config.SelectboxColumn("topic", options=list(settings.TOPICS)),
        "places": st.column_config.TextColumn(
            "places (ids, comma-separated)",
            help="Each place's id; where it happened by default, or what the sentence concerns: add (about), "
            "as in `nakhchivan (about)`.",
        ),
        "actors": st.column_config.TextColumn(
            "actors (separated by ;)", help="Who acted, as the sentence names them; separate them with ;."
        ),
        "to_decide": st.column_config.TextColumn("left to decide", width="medium"),
    }  # fmt: skip
    incidents, answers = _incident_choices(atlas, rows), _answer_choices(atlas, made, rows)
    config["incident"] = st.column_config.SelectboxColumn(
        "incident", options=list(incidents), format_func=lambda i: incidents.get(i, i), width="medium",
        help="The incident this account describes, one of the atlas's (events/incidents.yaml); none for none.",
    )  # fmt: skip
    config["responds_to"] = st.column_config.SelectboxColumn(
        "responds_to", options=list(answers), format_func=lambda i: answers.get(i, i), width="medium",
        help="The account this one answers: first the other parties' accounts in the rows' incidents, latest "
        "first, then every account of the atlas and the rows of this document.",
    )  # fmt: skip

    def table(columns: tuple[str, ...], key: str) -> pd.DataFrame:
        return st.data_editor(
            rows[list(columns)], key=key, hide_index=True, width="stretch", num_rows="fixed",
            disabled=[c for c in columns if c not in bundle.EDITABLE],
            column_config={c: config[c] for c in columns if c in config},
        )  # fmt: skip

    edited = table(bundle.MAIN_COLUMNS, keys.DRAFT_TABLE)
    with st.expander("More of each row: sub-type, excerpt *through*, actors, the account answered, topic, "
                     "summary, what is left to decide"):  # fmt: skip
        more = table(bundle.MORE_COLUMNS, keys.DRAFT_TABLE_MORE)
    merged = [{**a, **b} for a, b in zip(edited.to_dict("records"), more.to_dict("records"), strict=True)]
    result = bundle.apply_rows(made, merged, st.session_state.get(keys.DRAFT_EXTRA_PLACES) or [])
    shown = bundle.table_rows(result)
    stale = any(bundle.cell_text(now[c]) != bundle.cell_text(before.get(c))
                for now, before in zip(shown, merged, strict=True) for c in bundle.DERIVED)  # fmt: skip
    if stale and bundle.dump(result) != bundle.dump(made):
        _commit(result)  # the table shows what is left to decide as the rows now stand
    with st.expander("Why each row is proposed as it is, and what it records with your edits"):
        lines = []
        for n, event in enumerate(result["events"], start=1):
            reasons = "; ".join(f"{k}: {v}" for k, v in (event.get("why") or {}).items())
            lines.append(f"- **#{n}** {md_escape(reasons)}  \n" + md_escape(_records(event)))
        st.markdown("\n".join(lines))  # one element: a long document has many rows
    return result


def _incident_choices(atlas: Any, rows: pd.DataFrame) -> dict[str, str]:
    """The incident cell's choices, id -> label: none, then every incident of the atlas with its name (and a
    value a row holds that is none of them, so that no row's value is lost)."""
    out = {"": "none"}
    for inc in sorted(atlas.incidents.values(), key=lambda i: (i.date_start, i.id)):
        out[inc.id] = f"{inc.id} — {inc.name}"
    for value in rows["incident"]:
        out.setdefault(bundle.cell_text(value), bundle.cell_text(value))
    return out


def _answer_choices(atlas: Any, made: dict[str, Any], rows: pd.DataFrame) -> dict[str, str]:
    """The responds_to cell's choices, id -> label: none, what a row still has to decide, then the candidate
    answers — the other parties' accounts in the incidents the rows are in, latest first — then every other
    account of the atlas and the rows of this document."""
    out = {"": "none"}
    for value in rows["responds_to"]:  # a row's value (proposed, or still to decide) stays a choice
        if bundle.cell_text(value).startswith(bundle.MARK):
            out.setdefault(bundle.cell_text(value), bundle.cell_text(value))
    label = lambda e: f"{e.id} — {e.claimed_by}, {e.date_start}"  # noqa: E731
    parties = {str(e.get("incident")): settings.party_of(str(e.get("claimed_by"))) for e in made["events"]}
    candidates = [e for e in atlas.events.values() if e.incident in parties
                  and settings.party_of(e.claimed_by) != parties[e.incident]]  # fmt: skip
    for e in sorted(candidates, key=lambda e: (e.date_start, e.id), reverse=True):
        out[e.id] = f"{label(e)} (in {e.incident})"
    for e in sorted(atlas.events.values(), key=lambda e: e.id):
        out.setdefault(e.id, label(e))
    for n, e in enumerate(made["events"], start=1):
        out.setdefault(str(e["id"]), f"{e['id']} — row #{n} of this document")
    for value in rows["responds_to"]:
        out.setdefault(bundle.cell_text(value), bundle.cell_text(value))
    return out


def _records(event: dict[str, Any]) -> str:
    """What a row records beyond the table's columns: its actors, each place's role, its stated values.

    >>> _records({"actors": ["Armed Forces of Azerbaijan"], "places": [{"place": "kut", "role": "at"}],
    ...           "states": [{"what": "place", "value": "kut", "phrase": "near Kut"}]})
    'Records — actors: Armed Forces of Azerbaijan; places: kut (at); states: place kut «near Kut»'
    """
    actors = ", ".join(event.get("actors") or []) or "none"
    places = ", ".join(f"{ref.get('place')} ({ref.get('role', 'at')})" for ref in event.get("places") or []) or "none"
    states = ", ".join(f"{s['what']} {s['value']} «{s['phrase']}»" for s in event.get("states") or []) or "none"
    return f"Records — actors: {actors}; places: {places}; states: {states}"


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
        pid = item.id if kind == "atlas" else _new_settlement(atlas, made, item)
        _add_to_row(made, int(row), pid)


def _add_to_row(made: dict[str, Any], row: int, pid: str) -> None:
    """Add the place ``pid`` to sentence ``row`` (from 1) and accept that row; a new place's record must be in
    ``DRAFT_EXTRA_PLACES`` already. ``made`` holds the table's edits so far: the bundle with the place added
    becomes the draft, and the page runs again."""
    rows = bundle.table_rows(made)
    target = rows[row - 1]
    refs = [(p, role) for p, role in bundle.place_refs(target["places"]) if not p.startswith(bundle.MARK)]
    if pid not in [p for p, _ in refs]:
        refs.append((pid, "at"))
    places = bundle.places_cell([{"place": p, "role": role} for p, role in refs])
    rows[row - 1] = {**target, "places": places, "accept": True}  # a place given: kept
    extra = st.session_state.get(keys.DRAFT_EXTRA_PLACES) or []
    _commit(bundle.apply_rows(made, rows, extra))


def _commit(made: dict[str, Any]) -> None:
    """Make ``made`` (the bundle with the table's edits) the draft: the tables start again from it."""
    st.session_state[keys.DRAFT] = made
    st.session_state.pop(keys.DRAFT_TABLE, None)
    st.session_state.pop(keys.DRAFT_TABLE_MORE, None)
    st.rerun()


def _new_settlement(atlas: Any, made: dict[str, Any], item: regional.Settlement) -> str:
    """The id of a regional settlement as a place of the draft: the draft's own record of it when it has one,
    else a new record kept in ``DRAFT_EXTRA_PLACES``."""
    taken = set(atlas.place_ids) | {p["id"] for p in made.get("places") or []}
    known = next((p for p in made.get("places") or [] if p.get("coord_source") == item.coord_source), None)
    record = known or new_place_from_settlement(item, taken, item.name, made["source"]["id"])
    if known is None:
        st.session_state[keys.DRAFT_EXTRA_PLACES] = [*st.session_state.get(keys.DRAFT_EXTRA_PLACES, []), record]
    return record["id"]


def _place_record(atlas: Any, made: dict[str, Any], pid: str) -> Any:
    """The place ``pid`` as a :class:`~caucasus_atlas.models.Place`: the atlas's, or a new place of the draft."""
    if pid in atlas.places:
        return atlas.places[pid]
    extra = st.session_state.get(keys.DRAFT_EXTRA_PLACES) or []
    raw = next((p for p in [*(made.get("places") or []), *extra] if p.get("id") == pid), None)
    return bundle.place_of(raw) if raw else None


def _stated_label(state: dict[str, Any]) -> str:
    labels = {"happened": settings.HAPPENINGS, "status": settings.STATUSES}.get(state["what"], {})
    value = labels.get(state["value"], state["value"])
    return f"{settings.STATED_KINDS.get(state['what'], state['what'])}: {value} — «{state['phrase']}»"


def stated_values(atlas: Any, made: dict[str, Any]) -> None:
    """Under the table: what one row states (the values the incident view compares), each with the words of
    the document that state it; add, change or remove one. The phrase must stand in the row's excerpt word
    for word, and a stated place must be one of the row's places (a place the atlas lacks is added to the row
    first, with the gazetteer search or a pick on the map)."""
    events = made["events"]
    with st.container(border=True):
        st.markdown("**What a row states** — the values its incident's accounts are compared on (place, date, "
                    "killed, wounded, captured, what happened, who), each with the document's own words.")  # fmt: skip
        done = st.session_state.pop(keys.DRAFT_STATES_DONE, None)
        if done:
            st.success(done)
        n = int(st.number_input("Stated values of sentence #", 1, max(1, len(events)), 1, key=keys.DRAFT_STATES_ROW))
        event = events[n - 1]
        in_incident = f"in {event['incident']}" if event.get("incident") else "in no incident: saved once it is in one"
        st.caption(f"#{n} ({in_incident}): «{md_escape(event['excerpt'])}»")
        states = list(event.get("states") or [])
        if not states:
            st.caption("It states nothing yet.")
        for i, state in enumerate(states):
            left, right = st.columns([6, 1], vertical_alignment="center")
            left.markdown(f"- {md_escape(_stated_label(state))}")
            if right.button("Remove", key=f"draft_state_remove_{n}_{i}"):
                st.session_state[keys.DRAFT_STATES_DONE] = f"Removed from #{n}: {_stated_label(state)}."
                _commit(bundle.with_states(made, n - 1, states[:i] + states[i + 1 :]))
        replace = st.selectbox("Add a value, or change one", ["a new value", *[_stated_label(s) for s in states]],
                               key=f"draft_state_replace_{n}")  # fmt: skip
        a, b = st.columns(2)
        what = a.selectbox("What it states", list(settings.STATED_KINDS), key=f"draft_state_what_{n}",
                           format_func=lambda k: settings.STATED_KINDS[k])  # fmt: skip
        value: Any
        if what == "place":
            ids = [str(r["place"]) for r in event.get("places") or [] if not str(r["place"]).startswith(bundle.MARK)]
            value = b.selectbox("Place (one of the row's places)", ids, index=0 if ids else None,
                                key=f"draft_state_place_{n}")  # fmt: skip
            if not ids:
                b.caption("The row has no place yet: add it with *Search the gazetteers* or a pick on the map.")
        elif what == "date":
            default = bundle._stated_date(event)
            value = b.text_input("Date (YYYY-MM-DD, or a span YYYY-MM-DD/YYYY-MM-DD)", default,
                                 key=f"draft_state_date_{n}").strip()  # fmt: skip
        elif what in settings.STATED_FIGURES:
            value = int(b.number_input("How many people", min_value=0, value=1, step=1, key=f"draft_state_n_{n}"))
        else:
            vocabulary = settings.HAPPENINGS if what == "happened" else settings.STATUSES
            value = b.selectbox("Value", list(vocabulary), format_func=lambda k: f"{k}: {vocabulary[k]}",
                                key=f"draft_state_label_{n}_{what}")  # fmt: skip
        phrase = st.text_input("The words that state it (copied from the excerpt above, word for word)",
                               key=keys.draft_state_phrase(n))  # fmt: skip
        if not st.button("Record the stated value", key=f"draft_state_add_{n}", disabled=not phrase.strip()):
            return
    start = bundle.phrase_start(made, n - 1, phrase)
    wrong = None if start is not None else (
        f"«{phrase.strip()}» is not in the excerpt of #{n} word for word: copy the words from it."
    )  # fmt: skip
    place = _place_record(atlas, made, value) if what == "place" and value else None
    wrong = wrong or bundle.stated_problem(what, value, phrase, place)
    if wrong:
        st.error(f"Not recorded: {wrong}")
        return
    text = made["text"]
    words = phrase_pattern(phrase).match(text, start)
    new = {"what": what, "value": value, "phrase": words.group(0) if words else phrase.strip(), "start": start}
    kept = [s for s in states if _stated_label(s) != replace]
    st.session_state[keys.DRAFT_STATES_DONE] = f"Recorded for #{n}: {_stated_label(new)}."
    st.session_state.pop(keys.draft_state_phrase(n), None)
    _commit(bundle.with_states(made, n - 1, [*kept, new], why=what))


def preview_map(root: Path, made: dict[str, Any], data: Any) -> None:
    """The accepted accounts drawn as the map will draw them once saved (a staged copy of the data folder);
    with none accepted, the atlas's map without events (``data``: the page's frames), to pick a place on.
    A click on the map off every feature is kept as the curator's pick (:func:`map_pick`)."""
    from caucasus_atlas.ui.eventmap import event_map

    source, _, events = bundle.accepted(made)
    if not events:
        st.info("Tick *accept* on a row to see its places on the map, or click the map to pick a place.")
        out = event_map(data, data.events.iloc[0:0], tiles=False, key="draft_map", height=420,
                        title="Add a document", returned=("last_clicked",))  # fmt: skip
        _remember_click(out)
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
    ticked = len(bundle.accepted(made)[2])
    waiting = f" ({ticked - len(shown)} ticked row(s) still to settle: see *3. Save*)" if ticked > len(shown) else ""
    st.caption(
        f"{ticked} row(s) ticked, {len(shown)} drawn as they would be saved{waiting}; {len(mapped)} place(s) "
        f"drawn: {', '.join(mapped) or 'none'}."
    )
    out = event_map(frames, shown, tiles=False, key="draft_map", focus=mapped or None, height=420,
                    title="Add a document", returned=("last_clicked",))  # fmt: skip
    _remember_click(out)


def _remember_click(out: dict[str, Any] | None) -> None:
    """Keep a new click on the draft's map as the pending pick (once per click: the map sends its last click
    again with every rerun)."""
    clicked = (out or {}).get("last_clicked")
    if not isinstance(clicked, dict):
        return
    try:
        lat, lng = float(clicked["lat"]), float(clicked["lng"])
    except (KeyError, TypeError, ValueError):
        return
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return
    seen = f"{lat:.7f},{lng:.7f}"
    if seen != st.session_state.get(keys.DRAFT_PICK_SEEN):
        st.session_state[keys.DRAFT_PICK_SEEN] = seen
        st.session_state[keys.DRAFT_PICK] = {"lat": lat, "lng": lng, "seen": seen}
        st.session_state.pop(keys.DRAFT_PICK_ADDED, None)


def _placeless_row(made: dict[str, Any]) -> int:
    """The sentence (from 1) a pick most likely is for: the first accepted one with no place yet, else the first
    with no place, else the first."""
    placeless = [
        (not event.get("accept"), n) for n, event in enumerate(made["events"], start=1)
        if not [r for r in event.get("places") or [] if r.get("place") and not str(r["place"]).startswith(bundle.MARK)]
    ]  # fmt: skip
    return min(placeless)[1] if placeless else 1


def map_pick(atlas: Any, made: dict[str, Any]) -> None:
    """Under the map: the place a click on the map proposes for a sentence — the known places nearest the
    click (the atlas's and the regional gazetteer's, with their distances) or a new point at the click, whose
    coordinate is recorded as the curator's pick, not a data set's."""
    from caucasus_atlas.picking import NEAR_KM, coord_source_of_pick, nearest_places, picked_point

    pick = st.session_state.get(keys.DRAFT_PICK)
    if not pick:
        added = st.session_state.get(keys.DRAFT_PICK_ADDED)  # shown until the next click on the map
        if added:
            st.success(added)
        st.caption("**Pick a place on the map**: click where a sentence's place is (off the drawn places) to add "
                   "the nearest known place, or a new point there, to a sentence.")  # fmt: skip
        return
    lat, lng, seen = pick["lat"], pick["lng"], pick["seen"]
    nearby = nearest_places(lat, lng, atlas.places.values(), regional.settlements())
    point_label = f"A new point at {lat:.5f}, {lng:.5f} — your pick on the map, not a data set's"
    labels = [p.label for p in nearby] + [point_label]
    near = [p for p in nearby if not p.inside]
    default = 0 if near and near[0].distance_km <= NEAR_KM else len(labels) - 1
    with st.container(border=True):
        st.markdown(f"**Pick a place on the map** — you clicked at {lat:.5f}, {lng:.5f} (latitude, longitude).")
        if near and near[0].distance_km > NEAR_KM:
            st.caption(f"No known place within {NEAR_KM:g} km of the click: a new point is proposed.")
        choice = st.radio("Place to add (nearest first)", labels, index=default, key=f"draft_pick_choice_{seen}")
        if keys.DRAFT_PICK_ROW not in st.session_state:
            st.session_state[keys.DRAFT_PICK_ROW] = _placeless_row(made)
        left, right = st.columns([1, 2], vertical_alignment="bottom")
        row = left.number_input("for sentence #", 1, max(1, len(made["events"])), step=1, key=keys.DRAFT_PICK_ROW)
        name = kind = ""
        if choice == point_label:
            name = right.text_input("Name of the new point", key=f"draft_pick_name_{seen}",
                                    placeholder=f"Point picked at {lat:.5f}, {lng:.5f}")  # fmt: skip
            kind = st.selectbox("Kind of place", list(settings.PLACE_KINDS), key=f"draft_pick_kind_{seen}",
                                index=list(settings.PLACE_KINDS).index("border_point"))  # fmt: skip
            st.warning(f"The coordinate of a new point is **your pick on the map, not a data set's**: it is saved "
                       f"as such (coord_source: “{coord_source_of_pick(lat, lng)}”).")  # fmt: skip
        add, drop = st.columns(2)
        if drop.button("Forget the pick", key="draft_pick_forget"):
            st.session_state.pop(keys.DRAFT_PICK, None)
            st.rerun()
        if not add.button("Add to the sentence", type="primary", key="draft_pick_add"):
            return
    st.session_state.pop(keys.DRAFT_PICK, None)
    if choice == point_label:
        taken = set(atlas.place_ids) | {p["id"] for p in made.get("places") or []}
        taken |= {p["id"] for p in st.session_state.get(keys.DRAFT_EXTRA_PLACES) or []}
        record = picked_point(lat, lng, name=name, taken=taken, source_id=made["source"]["id"],
                              admin0=atlas.admin0, kind=kind or "border_point")  # fmt: skip
        st.session_state[keys.DRAFT_EXTRA_PLACES] = [*st.session_state.get(keys.DRAFT_EXTRA_PLACES, []), record]
        pid, what = record["id"], f"the new point {record['id']} ({record['coord_source']})"
    else:
        found = nearby[labels.index(choice)]
        if found.place is not None:
            pid = found.place.id
        else:
            assert found.settlement is not None
            pid = _new_settlement(atlas, made, found.settlement)
        where = "the click lies inside it" if found.inside else f"{found.distance_km:.2f} km from the click"
        what = f"{found.name} ({pid}, {where})"
    st.session_state[keys.DRAFT_PICK_ADDED] = f"Added {what} to sentence #{int(row)}."
    _add_to_row(made, int(row), pid)


def _problems(root: Path, made: dict[str, Any]) -> list[str]:
    """What stops the bundle from being saved, checked once per draft and state of the data folder (the check
    loads the data folder twice: about two seconds)."""
    key = (bundle.sha256_of(bundle.dump(made)), _stamp(root))
    cache = st.session_state.setdefault(keys.DRAFT_PROBLEMS, {})
    if key not in cache:
        cache.clear()
        cache[key] = bundle.check_bundle(root, made)
    return cache[key]


def _in_curators_words(problems: list[str], made: dict[str, Any]) -> list[str]:
    """The validator's problems with a row's number, and its words for an account in an incident that states
    nothing (``states: is empty: …``) said as what the curator can do about it on this page."""
    rows = {str(e.get("id")): n for n, e in enumerate(made["events"], start=1)}
    out = []
    for problem in problems:
        where, _, rest = problem.partition(": states: is empty")
        ident = where.rsplit(": ", 1)[-1]
        if rest and ident in rows:
            problem = f"#{rows[ident]} ({ident}): {bundle.STATES_MISSING}"
        out.append(problem)
    return out


def save_and_download(root: Path, made: dict[str, Any]) -> None:
    """Save writes the text and the accepted records (validated first, all or nothing); the download gives
    the same bundle for a curator who keeps the data in git."""
    st.markdown("**3. Save**")
    left, right = st.columns(2)
    problems = _problems(root, made) if bundle.accepted(made)[2] else ["no row is accepted"]
    problems = _in_curators_words(problems, made)
    if problems:
        st.warning("Not saved yet: " + str(len(problems)) + " thing(s) to settle first.")
        st.markdown("\n".join(f"- {md_escape(p)}" for p in problems[:30]))
    unsaved = bundle.unsaved_states(made)
    if unsaved:
        rows = ", ".join(f"#{n} ({k} value{'s' if k > 1 else ''})" for n, k in unsaved)
        st.info(f"Saved without what they state, being in no incident: {rows}. What an account states is "
                "compared within its incident; choose one in the table's *incident* column to keep them.")  # fmt: skip
    if left.button("Save into the atlas", type="primary", disabled=bool(problems), key="draft_save"):
        try:
            written = bundle.save_bundle(root, made)
        except (bundle.BundleRefused, ImportRefused) as exc:
            st.error(f"Nothing was written: {exc}")
            return
        load_frames.clear()
        _atlas.clear()
        events = bundle.accepted(made)[2]
        # the date range takes in the new accounts, so that the map shows them at once; the note says so
        first = dt.date.fromisoformat(min(e["date_start"] for e in events))
        last = dt.date.fromisoformat(max(e["date_end"] for e in events))
        span = first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"
        message = (
            f"Saved {len(events)} account(s) of {made['source']['id']}: {', '.join(written)}. The sidebar's date "
            f"range is now {span}, the new accounts' dates, so that the map shows them; widen it to see the rest."
        )
        st.session_state[keys.DRAFT_SAVED] = (message, events[0]["id"])
        st.session_state[keys.PENDING_RANGE] = (first, last)
        for key in (keys.DRAFT, keys.DRAFT_TABLE, keys.DRAFT_TABLE_MORE, keys.DRAFT_EXTRA_PLACES, keys.DRAFT_PREVIEW,
                    keys.DRAFT_PROBLEMS, keys.DRAFT_PICK, keys.DRAFT_PICK_ADDED):  # fmt: skip
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
