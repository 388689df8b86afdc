"""A document bundle: a new document's text, its source record, and the places and events drafted from it.

``python -m caucasus_atlas candidates FILE --published DATE --url URL --author AUTHOR --format yaml``
prints one (:func:`make_bundle`, :func:`dump`); the Add a document page builds the same. Every choice the
curator must still make is a value starting with :data:`settings.DRAFT_MARK` ("TO DECIDE:"), which the
validator names wherever it meets it. ``python -m caucasus_atlas add BUNDLE`` (and the page's Save) writes
the accepted records into the data folder with :func:`save_bundle`: all or nothing, after checking the
whole data folder with them on a staged copy, never overwriting an existing id or file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from caucasus_atlas import settings
from caucasus_atlas.drafting import Proposal, _slug, heading_kind, new_places
from caucasus_atlas.rules.states import names_place, phrase_pattern

#: What a bundle file starts with.
BUNDLE_KIND = "caucasus-atlas document bundle 1"
#: Where added documents' events go (one file for every document added this way).
ADDED_EVENTS_FILE = Path("events/statements_added.yaml")
MARK = settings.DRAFT_MARK


class BundleRefused(Exception):
    """The bundle cannot be written; the message says why (each problem on its own line)."""


@dataclass(frozen=True)
class SourceInfo:
    """What the curator says about the document (the rest is computed from its text)."""

    id: str
    published: dt.date
    author: str
    url: str = ""
    language: str = "en"
    title: str = ""
    publisher: str = ""
    read_at: str = ""
    completeness: str = "whole"
    publisher_note: str = ""


def source_id_for(author: str, published: dt.date, taken: set[str]) -> str:
    """A source id from the author and the day: ``armenia-ministry-of-defence-2021-07-16`` (then -2, -3…).

    >>> source_id_for("Armenia – Ministry of Defence", dt.date(2021, 7, 16), {"armenia-ministry-of-defence-2021-07-16"})
    'armenia-ministry-of-defence-2021-07-16-2'
    """
    base = f"{_slug(author) or 'document'}-{published.isoformat()}"[:90]
    ident, n = base, 1
    while ident in taken:
        n += 1
        ident = f"{base}-{n}"
    return ident


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def headline(text: str) -> str:
    """The text's first line that reads as a headline: four words or more, up to 200 characters, without a
    stored page's leading date line or a news agency's dateline; empty when the opening is prose (the curator
    gives the title).

    >>> headline("X" + chr(10) + "  Categories: 2021" + chr(10) + "Ombudsman visits Verin Shorzha village")
    'Ombudsman visits Verin Shorzha village'
    >>> headline("YEREVAN, MAY 28, ARMENPRESS." + chr(10) + "Armenia's Defence Ministry on the situation in Syunik")
    "Armenia's Defence Ministry on the situation in Syunik"
    >>> headline(" date 2021-05-15 The situation created after the encroachments remains unchanged, it said.")
    ''
    """
    for line in text.splitlines():
        line = line.strip()
        if len(line.split()) < 4 or ":" in line[:12] or heading_kind(line, before_any_sentence=False):
            continue  # a label, a date line, a news agency's dateline ("YEREVAN, MAY 28, ARMENPRESS.")
        if (
            re.match(r"date \d{4}-\d\d-\d\d\b", line)
            or len(line) > 200
            or (line.endswith((".", ",")) and len(line) > 120)
        ):
            return ""
        return line
    return ""


def source_record(text: str, info: SourceInfo) -> dict[str, Any]:
    """The source record of the document: its text's sha256, the metadata given, a title taken from the
    text's first line when none is given."""
    title = info.title or headline(text) or f"{MARK} the document's title as printed"
    publisher = info.publisher or (f"{info.read_at}, reporting the statement" if info.read_at else info.author)
    record: dict[str, Any] = {
        "id": info.id,
        "title": title,
        "publisher": publisher or f"{MARK} who published the document",
        "author": info.author or f"{MARK} whose statement this is ('Party – body')",
        "date": info.published.isoformat(),
        "language": info.language or f"{MARK} the document's language (ISO 639-1)",
        "url": info.url or f"{MARK} the address the text was read from",
        "completeness": info.completeness,
        "path": f"{info.id}.txt",
        "sha256": sha256_of(text),
    }
    if info.read_at:
        record["read_at"] = info.read_at
    if info.publisher_note:
        record["publisher_note"] = info.publisher_note
    return record


def event_record(p: Proposal, ident: str, source: dict[str, Any], places: dict[str, Any]) -> dict[str, Any]:
    """The event record a proposal gives when accepted as it stands; open choices carry the mark."""
    rec: dict[str, Any] = {
        "id": ident,
        "source": source["id"],
        "date_start": p.date.start.isoformat(),
        "date_end": p.date.end.isoformat(),
        "time_precision": p.date.precision,
        "topic": p.topic,
        "event_type": p.event_type,
        "sub_event_type": p.sub_event_type,
        "actors": p.actors or [f"{MARK} who acted"],
        "claimed_by": p.claimed_by or f"{MARK} whose account this is",
        "stance": p.stance,
    }
    if p.stance != "asserts":
        rec["responds_to"] = p.responds_to or f"{MARK} the id of the account this {p.stance}"
    if p.incident:
        rec["incident"] = p.incident
    rec["places"] = [{"place": pl.place_id, "role": pl.role} for pl in p.places]
    if not p.places:
        rec["places"] = [{"place": f"{MARK} the place (or no place: an empty list)", "role": "at"}]
    rec["summary"] = summary_of(p.excerpt)
    rec["excerpt"] = p.excerpt
    rec["source_start"] = p.start
    rec["source_end"] = p.end
    if source.get("language") not in ("en", None) and not str(source.get("language", "")).startswith(MARK):
        rec["translation"] = f"{MARK} an English rendering of the excerpt (the atlas's translation)"
    states = []
    for pl in p.places:
        place = places.get(pl.place_id)
        if place is not None and pl.role == "at" and names_place(pl.phrase, place):  # not a home named
            states.append({"what": "place", "value": pl.place_id, "phrase": pl.phrase, "start": pl.start})
    if not p.date.from_publication:
        value = p.date.start.isoformat()
        if p.date.end != p.date.start:
            value += "/" + p.date.end.isoformat()
        states.append({"what": "date", "value": value, "phrase": p.date.phrase, "start": p.date.phrase_start})
    for f in p.figures:
        states.append({"what": f.what, "value": f.value, "phrase": f.phrase, "start": f.start})
    if states and p.event_type not in ("visit", "meeting", "phone_call"):
        # a visit's, meeting's or call's places are where it was held, not what the account states of the incident;
        # a row in no incident keeps them for when the curator puts it in one (saved only with an incident)
        rec["states"] = states
    return rec


def place_of(raw: dict[str, Any]) -> Any:
    """A new place's record (a bundle's ``places`` entry) as a :class:`~caucasus_atlas.models.Place`."""
    from shapely.geometry import Point

    from caucasus_atlas.models import Place

    lon, lat = raw["point"]
    return Place(raw["id"], raw["name"], tuple(raw.get("alt_names") or ()), raw["kind"], str(raw["country"]),
                 Point(lon, lat), raw["geo_precision"], raw["coord_source"])  # fmt: skip


def make_bundle(text: str, proposals: list[Proposal], info: SourceInfo, atlas: Any) -> dict[str, Any]:
    """The bundle of a document and its proposals: the source record, the new places, one event per
    proposal (``accept: true`` for the suggested ones), each with ``why`` (where each suggestion comes from)
    and ``to_decide`` (what the curator must still choose)."""
    source = source_record(text, info)
    added = new_places(proposals)
    places: dict[str, Any] = dict(atlas.places)
    for raw in added:
        places[raw["id"]] = place_of(raw)
    taken = set(atlas.events)
    events = []
    for n, p in enumerate(proposals, start=1):
        base = f"stmt-{p.date.start.isoformat()}-{info.id}"[:94]
        ident = f"{base}-{n}"
        while ident in taken:
            ident += "x"
        taken.add(ident)
        rec = event_record(p, ident, source, places)
        open_ = dict(p.open)
        if source.get("translation"):
            open_["translation"] = "an English rendering"
        events.append({"accept": p.suggested, "why": dict(p.why), "to_decide": open_, **rec})
    return {
        "draft": BUNDLE_KIND,
        "text": text,
        "source": source,
        "places": [{"accept": True, **raw} for raw in added],
        "events": events,
    }


def dump(bundle: dict[str, Any]) -> str:
    """The bundle as YAML (the text kept exactly: a quoted scalar where a block would change it)."""
    return yaml.safe_dump(bundle, allow_unicode=True, sort_keys=False, width=110)


def load(text: str) -> dict[str, Any]:
    """A bundle read back; :class:`BundleRefused` when it is not one."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise BundleRefused(f"the bundle is not valid YAML ({' '.join(str(exc).split())[:200]})") from exc
    if not isinstance(data, dict) or data.get("draft") != BUNDLE_KIND:
        raise BundleRefused(f"not a document bundle (expected a mapping whose 'draft' is {BUNDLE_KIND!r})")
    if not isinstance(data.get("text"), str) or not isinstance(data.get("source"), dict):
        raise BundleRefused("the bundle has no 'text' or no 'source' record")
    return data


# -- writing -----------------------------------------------------------------------------------------------


def open_choices(records: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """Every value still marked ``TO DECIDE:``, as ``record: field: what``."""
    out = []

    def walk(where: str, field: str, value: Any) -> None:
        if isinstance(value, str) and value.startswith(MARK):
            out.append(f"{where}: {field}: {value[len(MARK) :].strip()}")
        elif isinstance(value, list):
            for item in value:
                walk(where, field, item)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(where, field if key in ("place", "role", "what", "value") else f"{field}.{key}", item)

    for where, rec in records:
        for name, value in rec.items():
            walk(where, name, value)
    return out


def unsaved_states(bundle: dict[str, Any]) -> list[tuple[int, int]]:
    """The accepted rows (numbered from 1) whose stated values Save leaves out, being in no incident, with
    how many values each has."""
    return [
        (n, len(e["states"])) for n, e in enumerate(bundle.get("events") or [], start=1)
        if e.get("accept") and e.get("states") and not e.get("incident")
    ]  # fmt: skip


def accepted(bundle: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """The source, the accepted places (those an accepted event uses) and the accepted events, without the
    drafting fields (``accept``, ``why``, ``to_decide``)."""
    clean = lambda rec: {k: v for k, v in rec.items() if k not in ("accept", "why", "to_decide")}  # noqa: E731
    events = [clean(e) for e in bundle.get("events") or [] if isinstance(e, dict) and e.get("accept")]
    for event in events:  # what an account states is about its incident: none, nothing stated
        if not event.get("incident") or not event.get("states"):
            event.pop("states", None)
    used = {ref.get("place") for e in events for ref in e.get("places") or [] if isinstance(ref, dict)}
    places = [clean(p) for p in bundle.get("places") or [] if isinstance(p, dict) and p.get("accept", True)
              and p.get("id") in used]  # fmt: skip
    return dict(bundle["source"]), places, events


def _yaml_items(records: list[dict[str, Any]]) -> str:
    return yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=110) if records else ""


def _appended(path: Path, records: list[dict[str, Any]]) -> bytes:
    old = path.read_bytes() if path.exists() else b""
    if old and not old.endswith(b"\n"):
        old += b"\n"
    return old + _yaml_items(records).encode("utf-8")


def check_bundle(root: Path, bundle: dict[str, Any]) -> list[str]:
    """Every reason the bundle's accepted records cannot be written into ``root`` (empty when they can):
    the open choices, the ids and files that exist already, and each problem the validator finds in the
    data folder with them that it does not find without them."""
    from caucasus_atlas.validate import load_atlas

    source, places, events = accepted(bundle)
    problems = open_choices([(f"source {source.get('id')}", source)] + [(f"place {p.get('id')}", p) for p in places]
                            + [(f"event {e.get('id')}", e) for e in events])  # fmt: skip
    if not events:
        problems.append("no event is accepted")
    before = load_atlas(root)
    if source.get("id") in before.source_ids:
        problems.append(f"source {source.get('id')}: id: exists already in {settings.SOURCES_FILE}")
    text_path = root / settings.SOURCES_FILE.parent / str(source.get("path", ""))
    if text_path.exists():
        problems.append(f"source {source.get('id')}: path: {source.get('path')} exists already; never overwritten")
    for p in places:
        if p.get("id") in before.place_ids:
            problems.append(f"place {p.get('id')}: id: exists already in {settings.PLACES_FILE}")
    for e in events:
        if e.get("id") in before.events:
            problems.append(f"event {e.get('id')}: id: exists already")
    if problems:
        return problems
    with tempfile.TemporaryDirectory(prefix="atlas-bundle-") as tmp:
        staged = Path(tmp)
        for part in ("events", "geodata"):
            shutil.copytree(root / part, staged / part, symlinks=False, ignore=shutil.ignore_patterns("*.partial"))
        for rel, data in _changes(staged, bundle).items():
            if data is None:
                continue
            (staged / rel).parent.mkdir(parents=True, exist_ok=True)
            (staged / rel).write_bytes(data)
        after = load_atlas(staged)
    old = {str(p) for p in before.problems}
    return [str(p) for p in after.problems if str(p) not in old]


def _changes(root: Path, bundle: dict[str, Any]) -> dict[Path, bytes | None]:
    source, places, events = accepted(bundle)
    text_rel = settings.SOURCES_FILE.parent / str(source["path"])
    return {
        text_rel: bundle["text"].encode("utf-8"),
        settings.SOURCES_FILE: _appended(root / settings.SOURCES_FILE, [source]),
        settings.PLACES_FILE: _appended(root / settings.PLACES_FILE, places) if places else None,
        ADDED_EVENTS_FILE: _appended(root / ADDED_EVENTS_FILE, events),
    }


def save_bundle(root: Path, bundle: dict[str, Any]) -> list[str]:
    """Write the bundle's accepted records into the data folder ``root``: the text file, the source, the new
    places and the events. Checked first (:func:`check_bundle`); nothing is written unless the data folder
    with them has no new problem. Each file is written to a temporary name and renamed into place, under the
    data folder's lock, and a failure part-way puts back what was there. Returns the paths written."""
    from caucasus_atlas.imports import registry_lock

    (root / "imports").mkdir(exist_ok=True)
    with registry_lock(root):
        problems = check_bundle(root, bundle)
        if problems:
            raise BundleRefused("\n".join(problems))
        changes = {rel: data for rel, data in _changes(root, bundle).items() if data is not None}
        previous = {rel: (root / rel).read_bytes() if (root / rel).exists() else None for rel in changes}
        written: list[Path] = []
        try:
            for rel, data in changes.items():
                target = root / rel
                tmp = target.with_name(f".{target.name}.{os.getpid()}.partial")
                tmp.write_bytes(data)
                with tmp.open("rb") as handle:
                    os.fsync(handle.fileno())
                os.replace(tmp, target)
                written.append(rel)
        except OSError as exc:
            for rel in written:
                with contextlib.suppress(OSError):
                    if previous[rel] is None:
                        (root / rel).unlink()
                    else:
                        (root / rel).write_bytes(previous[rel])  # type: ignore[arg-type]
            raise BundleRefused(f"writing {rel} failed ({exc}); what was written is put back") from exc
    return [str(rel) for rel in written]


def id_safe(text: str) -> bool:
    return bool(re.fullmatch(settings.ID_PATTERN, text))


# -- the table the page edits -------------------------------------------------------------------------------

#: The columns of the page's table, in order; those not in ``EDITABLE`` are shown, never typed.
TABLE_COLUMNS = (
    "accept", "sentence", "excerpt", "through", "date_start", "date_end", "places", "event_type", "sub_event_type",
    "claimed_by", "actors", "stance", "responds_to", "incident", "topic", "summary", "to_decide",
)  # fmt: skip
EDITABLE = frozenset(TABLE_COLUMNS) - {"sentence", "excerpt", "to_decide"}
#: The columns the page derives from the others (what is left to decide, an answer a stance needs): when an
#: edit changes them, the page starts its table again from the edited rows so that they show as they stand.
DERIVED = ("to_decide", "responds_to")
#: The columns a curator scans to decide on a row, in the page's table; the others of ``TABLE_COLUMNS``
#: are in ``MORE_COLUMNS``, a second table under it (each table shows the sentence's number and words).
MAIN_COLUMNS = (
    "accept", "sentence", "excerpt", "date_start", "date_end", "places", "event_type", "claimed_by", "stance",
    "incident",
)  # fmt: skip
MORE_COLUMNS = (
    "sentence", "excerpt", "through", "sub_event_type", "actors", "responds_to", "topic", "summary", "to_decide",
)  # fmt: skip


def table_rows(made: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per sentence of the bundle, for the page's table: the excerpt is shown, never edited; the
    excerpt runs from its sentence ``through`` a later one (chosen by number)."""
    rows = []
    for n, event in enumerate(made["events"], start=1):
        places = places_cell(event.get("places") or [])
        rows.append({
            "accept": bool(event.get("accept")), "sentence": n, "excerpt": event["excerpt"], "through": n,
            "date_start": event["date_start"], "date_end": event["date_end"], "places": places,
            "event_type": event["event_type"], "sub_event_type": event["sub_event_type"],
            "claimed_by": event["claimed_by"], "actors": "; ".join(event.get("actors") or []),
            "stance": event["stance"], "responds_to": event.get("responds_to") or "",
            "incident": event.get("incident") or "",
            "topic": event["topic"], "summary": event["summary"],
            "to_decide": "; ".join(f"{k}: {v}" for k, v in (event.get("to_decide") or {}).items()),
        })  # fmt: skip
    return rows


def places_cell(refs: list[dict[str, Any]]) -> str:
    """A row's places as its table cell: ids, comma-separated, a role other than "at" in brackets.

    >>> places_cell([{"place": "yerevan", "role": "at"}, {"place": "nakhchivan", "role": "about"}])
    'yerevan, nakhchivan (about)'
    """
    return ", ".join(
        str(ref.get("place", "")) + ("" if ref.get("role", "at") == "at" else f" ({ref.get('role')})") for ref in refs
    )


def place_refs(cell: Any) -> list[tuple[str, str]]:
    """The places of a table row's places cell with their roles: ``id`` is where it happened ("at"),
    ``id (about)`` what it concerns; a cleared cell, "none", "-" or "[]" is no place.

    >>> place_refs("verishen, nakhchivan (about)"), place_refs(None), place_refs(" none ")
    ([('verishen', 'at'), ('nakhchivan', 'about')], [], [])
    """
    if not isinstance(cell, str):
        return []
    out = []
    for part in cell.split(","):
        part = part.strip()
        if part.lower() in NO_PLACE:
            continue
        found = re.fullmatch(r"(?P<id>.+?)\s*\((?P<role>[^()]*)\)", part)
        out.append((found["id"].strip(), found["role"].strip()) if found else (part, "at"))
    return out


def actors_of(cell: Any) -> list[str]:
    """A row's actors cell as names: separated by ";" (a name may hold a comma); a cleared cell is none.

    >>> actors_of("Armed Forces of Armenia; Ministry of Defence, Armenia"), actors_of(float("nan"))
    (['Armed Forces of Armenia', 'Ministry of Defence, Armenia'], [])
    """
    return [name.strip() for name in cell_text(cell).split(";") if name.strip()]


#: What a curator may write in a row's places to say "no place" (a cleared cell reads as one of them too).
NO_PLACE = frozenset({"", "none", "nan", "-", "[]", "no place"})


def place_ids(cell: Any) -> list[str]:
    """The place ids of a table row's places cell: comma-separated; a cleared cell (empty, ``None`` or NaN as
    the table gives it) or "none", "-", "[]" is no place.

    >>> place_ids("verishen, goris"), place_ids(None), place_ids(float("nan")), place_ids(" none "), place_ids("[]")
    (['verishen', 'goris'], [], [], [], [])
    """
    return [pid for pid, _ in place_refs(cell)]


def cell_text(value: Any) -> str:
    """A table cell's text; a cleared cell (``None``, or NaN as the table gives it, or its text "nan") is "".

    >>> cell_text(" ev-1 "), cell_text(None), cell_text(float("nan")), cell_text("nan")
    ('ev-1', '', '', '')
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = str(value).strip()
    return "" if text.lower() == "nan" else text


def summary_of(excerpt: str, limit: int = 300) -> str:
    """A proposed summary: the excerpt, cut at a word's end with "…" when longer than ``limit`` characters.

    >>> summary_of("Troops took control of the whole area near the lake", 30)
    'Troops took control of the…'
    """
    if len(excerpt) <= limit:
        return excerpt
    cut = excerpt[: limit - 1]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut
    return cut.rstrip(" ,;:–-") + "…"


def apply_rows(
    made: dict[str, Any], rows: list[dict[str, Any]], extra_places: list[dict[str, Any]] | None = None
) -> dict:
    """A new bundle with the table's choices: accepted rows, dates (the precision follows), places (ids,
    comma-separated; a new place the bundle proposes or ``extra_places`` holds), types, claimant, stance,
    answer, incident, topic, summary, and each excerpt from its sentence through the one chosen — always
    the document's own words at their offsets. Each row's ``why`` and ``to_decide`` are derived again from
    the row as edited (:func:`rederive`)."""
    from caucasus_atlas.models import precision_for

    out = {**made, "events": [], "places": list(made.get("places") or [])}
    known_new = {p["id"] for p in out["places"]}
    for extra in extra_places or []:
        if extra["id"] not in known_new:
            out["places"].append({"accept": True, **extra})
            known_new.add(extra["id"])
    events = made["events"]
    for n, (event, row) in enumerate(zip(events, rows, strict=True)):
        rec = dict(event)
        rec["accept"] = bool(row.get("accept"))
        through = row.get("through")
        last = n if not isinstance(through, int | float) else min(max(int(through) - 1, n), len(events) - 1)
        rec["source_end"] = events[last]["source_end"]
        rec["excerpt"] = made["text"][rec["source_start"] : rec["source_end"]]
        for later in events[n + 1 : last + 1]:  # the figures the sentences taken in give are the row's too
            figures = [s for s in later.get("states") or [] if s["what"] in settings.STATED_FIGURES]
            figures = [s for s in figures if s not in (rec.get("states") or [])]
            if figures:
                rec["states"] = [*(rec.get("states") or []), *figures]
                rec["why"] = {**(rec.get("why") or {}), **{
                    f"stated {s['what']}": (later.get("why") or {}).get(f"stated {s['what']}", "") for s in figures
                }}  # fmt: skip
        for name in ("date_start", "date_end", "event_type", "sub_event_type", "claimed_by", "stance", "topic",
                     "summary"):  # fmt: skip
            value = cell_text(row.get(name))
            if value:
                rec[name] = value
        try:
            start, end = dt.date.fromisoformat(rec["date_start"]), dt.date.fromisoformat(rec["date_end"])
            rec["time_precision"] = precision_for(start, end) if start <= end else rec["time_precision"]
        except ValueError:
            pass  # the validator names the date
        refs = place_refs(row.get("places"))
        rec["places"] = [{"place": pid, "role": role} for pid, role in refs]
        if "actors" in row:
            rec["actors"] = actors_of(row.get("actors"))
        for name in ("responds_to", "incident"):
            value = cell_text(row.get(name))
            if value:
                rec[name] = value
            else:
                rec.pop(name, None)
        out["events"].append(rederive(event, rec, made["source"]))
    return out


#: The fields of a row whose reason (``why``) is replaced by "your edit" when the curator changes them.
_REASONED = ("date", "event_type", "claimed_by", "stance", "incident", "responds_to", "topic", "actors")


def _value_of(rec: dict[str, Any], name: str) -> Any:
    if name == "date":
        return (rec.get("date_start"), rec.get("date_end"))
    return rec.get(name) or None


def _shown_value(value: Any) -> str:
    if isinstance(value, tuple):
        return value[0] if value[0] == value[1] else f"{value[0]} to {value[1]}"
    if isinstance(value, list):
        return "; ".join(map(str, value)) or "none"
    return "none" if value is None else str(value)


def _stated_date(rec: dict[str, Any]) -> str:
    start, end = rec.get("date_start"), rec.get("date_end")
    return str(start) if start == end else f"{start}/{end}"


def rederive(before: dict[str, Any], rec: dict[str, Any], source: dict[str, Any]) -> dict[str, Any]:
    """A row as edited (``rec``; ``before`` as it was) with its reasons (``why``) and what is left to decide
    (``to_decide``) derived from it as it now stands: a value the curator changed says so (and what was
    proposed), a reason that no longer holds goes (an answer a stance no longer needs, the place taken out,
    the stated date that is no longer the row's), a reason of a value not changed stays.

    >>> before = {"stance": "denies", "responds_to": MARK + " the id of the account this denies", "actors": ["MoD"],
    ...           "claimed_by": "Armenia – Ministry of Defence",
    ...           "why": {"stance": "the word 'unfounded'"},
    ...           "to_decide": {"responds_to": "a denial with no incident found: name the account it answers"}}
    >>> after = rederive(before, {**before, "stance": "asserts"}, {})
    >>> "responds_to" in after, after["to_decide"], after["why"]["stance"]
    (False, {}, "your edit (proposed: denies, for the word 'unfounded')")
    """
    why = dict(rec.get("why") or {})
    was_open = dict(before.get("to_decide") or {})
    for name in _REASONED:
        old, new = _value_of(before, name), _value_of(rec, name)
        if old == new:
            continue
        reason = why.get(name)
        if reason and reason.startswith("your edit"):
            continue  # changed again: still the curator's, and what was proposed is already said
        if new is None or (isinstance(new, str) and new.startswith(MARK)):
            why.pop(name, None)
        else:
            proposed = f"proposed: {_shown_value(old)}" + (f", for {reason}" if reason else "")
            why[name] = f"your edit ({proposed})"
        was_open.pop(name, None)
    # the stance: an answer only a denial or a qualification needs
    if rec.get("stance") == "asserts" and str(rec.get("responds_to", "")).startswith(MARK):
        rec.pop("responds_to", None)
        why.pop("responds_to", None)
    if rec.get("stance") != "asserts" and not rec.get("responds_to"):
        rec["responds_to"] = f"{MARK} the id of the account this {rec.get('stance')}"
    # the places: the reasons of the places still in the row, the others' go; a place added is the curator's
    ids = [str(ref.get("place")) for ref in rec.get("places") or []]
    for key in [k for k in why if k.startswith("place ")]:
        if key[len("place ") :] not in ids:
            why.pop(key)
    for pid in ids:
        if not pid.startswith(MARK) and f"place {pid}" not in why:
            why[f"place {pid}"] = "your edit: added on the page"
    # what the account states: only what the row still says (its places; not the date it had before an edit)
    old_date = _stated_date(before) if _value_of(before, "date") != _value_of(rec, "date") else None
    if rec.get("states"):
        rec["states"] = [
            s for s in rec["states"]
            if (s["what"] != "place" or s["value"] in ids) and (s["what"] != "date" or s["value"] != old_date)
        ]  # fmt: skip
        if not rec["states"]:
            rec.pop("states")
    for key in [k for k in why if k.startswith("stated ")]:
        if not any(s["what"] == key[len("stated ") :] for s in rec.get("states") or []):
            why.pop(key)
    rec["why"] = why
    rec["to_decide"] = _open_now(rec, was_open, source)
    return rec


def _open_now(rec: dict[str, Any], was_open: dict[str, str], source: dict[str, Any]) -> dict[str, str]:
    """What is left to decide in a row as it stands, each with the words it had when it was open before."""
    out: dict[str, str] = {}

    def still(name: str, what: str) -> None:
        out[name] = was_open.get(name) or what

    if not rec.get("claimed_by") or str(rec["claimed_by"]).startswith(MARK):
        still("claimed_by", "whose account this is")
    if not rec.get("actors") or any(str(a).startswith(MARK) for a in rec["actors"]):
        still("actors", "who acted")
    if any(str(ref.get("place", "")).startswith(MARK) for ref in rec.get("places") or []):
        still("places", "the place: name one, or clear the cell for no place")
    if str(rec.get("responds_to", "")).startswith(MARK):
        still("responds_to", f"the id of the account this {rec.get('stance')}")
    subtypes = settings.EVENT_TYPES.get(str(rec.get("event_type")), ())
    if subtypes and rec.get("sub_event_type") not in subtypes:
        out["sub_event_type"] = f"{rec.get('sub_event_type')!r} is not a sub-type of {rec.get('event_type')}: " \
            f"choose one of {', '.join(subtypes)}"  # fmt: skip
    if str(rec.get("translation", "")).startswith(MARK):
        still("translation", "an English rendering")
    if states_missing(rec, source):
        out["states"] = STATES_MISSING
    return out


#: What the page says of a first-hand account of a deed in an incident that states nothing (the validator's
#: ``states: is empty``), in the curator's terms.
STATES_MISSING = "this account states nothing the incident compares; add a stated value or take it out of the incident"


def states_missing(rec: dict[str, Any], source: dict[str, Any]) -> bool:
    """Whether a row is a first-hand account of a deed in an incident that states nothing: the validator
    refuses it (``states: is empty``)."""
    return bool(
        rec.get("incident")
        and rec.get("claimed_by") == source.get("author")
        and rec.get("event_type") not in ("statement", "phone_call")
        and not rec.get("states")
    )


# -- what a row states, edited on the page ------------------------------------------------------------------


def phrase_start(made: dict[str, Any], index: int, phrase: str) -> int | None:
    """The offset in the document of ``phrase`` as it stands in the excerpt of row ``index`` (from 0), word for
    word (white space may differ, as the validator reads it); ``None`` when the excerpt does not hold it.

    >>> made = {"text": "Shots. The shelling was suppressed by the return fire.",
    ...         "events": [{"source_start": 7, "source_end": 54}]}
    >>> phrase_start(made, 0, "the  return fire"), phrase_start(made, 0, "Shots"), phrase_start(made, 0, "fire!")
    (38, None, None)
    """
    words = phrase.split()
    if not words:
        return None
    event = made["events"][index]
    found = phrase_pattern(phrase).search(made["text"], event["source_start"], event["source_end"])
    return found.start() if found else None


def stated_problem(what: str, value: Any, phrase: str, place: Any = None) -> str | None:
    """Why a stated value cannot be recorded with this phrase (the validator's rules, said before saving), or
    ``None``. ``place`` is the place record (:class:`caucasus_atlas.models.Place`) of a stated place."""
    if what == "place":
        if place is None:
            return f"{value!r} is not a place of the atlas or of this draft"
        if not names_place(phrase, place):
            return f"the phrase does not name {place.name} ({value}): give words with its name or its coordinate"
    elif what == "date":
        parts = str(value).split("/")
        try:
            days = [dt.date.fromisoformat(p) for p in parts]
        except ValueError:
            days = []
        if not 1 <= len(parts) <= 2 or len(days) != len(parts) or days != sorted(days):
            return f"{value!r} is not a day or a span (YYYY-MM-DD or YYYY-MM-DD/YYYY-MM-DD)"
    elif what in settings.STATED_FIGURES:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return f"{value!r} is not a whole number of people"
    elif what == "happened" and value not in settings.HAPPENINGS:
        return f"{value!r} is not one of: {', '.join(settings.HAPPENINGS)}"
    elif what == "status" and value not in settings.STATUSES:
        return f"{value!r} is not one of: {', '.join(settings.STATUSES)}"
    elif what not in settings.STATED_KINDS:
        return f"{what!r} is not one of: {', '.join(settings.STATED_KINDS)}"
    return None


def with_states(made: dict[str, Any], index: int, states: list[dict[str, Any]], why: str | None = None) -> dict:
    """A new bundle whose row ``index`` (from 0) states ``states``; ``why`` (``{"what": …}`` of the value added
    or changed) is recorded as the curator's, and what is left to decide follows."""
    events = list(made["events"])
    rec = {**events[index], "states": list(states)}
    if not rec["states"]:
        rec.pop("states")
    reasons = dict(rec.get("why") or {})
    if why is not None:
        reasons[f"stated {why}"] = "your edit: stated on the page, with the document's own words"
    rec["why"] = reasons
    events[index] = rederive(events[index], rec, made["source"])
    return {**made, "events": events}
