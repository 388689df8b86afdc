"""The rules of an event record (``events/*.yaml``): its fields, references, excerpt, claimant and thread."""

from __future__ import annotations

from typing import Any

from caucasus_atlas import settings
from caucasus_atlas.loading import Atlas, read_event_records
from caucasus_atlas.models import Event, Place, PlaceRef, Source, find_excerpt, normalise_whitespace, precision_for
from caucasus_atlas.reading import shown
from caucasus_atlas.records import Grouped, Problem, Record, unique_ids
from caucasus_atlas.rules.states import states


def _place_refs(rec: Record, places: dict[str, Place], place_ids: set[str], unread: Grouped) -> tuple[PlaceRef, ...]:
    """The event's places. A reference that cannot be used is reported and left out; the event stays."""
    value = rec.raw.get("places")
    if value is None:
        return ()
    if not isinstance(value, list):
        rec.problem("places", f"must be a list of {{place: id, role: at|about}} (got {shown(value)})")
        return ()
    refs = []
    roles = ", ".join(settings.PLACE_ROLES)
    for item in value:
        if not isinstance(item, dict) or set(item) - {"place", "role"} or "place" not in item:
            rec.problem("places", f"each entry must be {{place: id, role: at|about}} (got {shown(item)})")
            continue
        place, role = item["place"], item.get("role")
        if role is None:
            rec.problem("places", f"role is missing for place {shown(place)} (expected one of: {roles})")
        elif role not in settings.PLACE_ROLES:
            rec.problem("places", f"role is not in the vocabulary (got {shown(role)}, expected one of: {roles})")
        elif not place_ids:
            why = f"refer to places, but {settings.PLACES_FILE} has no readable record: they are listed unmapped"
            unread.add(rec, "places", why)
        elif not isinstance(place, str) or place not in place_ids:
            rec.problem(
                "places",
                f"refers to an unknown place (got {shown(place)}, expected an id in {settings.PLACES_FILE}); "
                "the event is shown without it",
                fatal=False,
            )
        elif place not in places:
            rec.problem(
                "places",
                f"refers to place {shown(place)}, which has problems of its own; the event is shown without it",
                fatal=False,
            )
        else:
            refs.append(PlaceRef(place=place, role=role))
    return tuple(refs)


def _check_excerpt(rec: Record, text: str, excerpt: str, start: int | None, end: int | None) -> None:
    span = find_excerpt(text, excerpt)
    if span is None:
        expected = "expected text found in the source"
        rec.problem("excerpt", f"is not verbatim in the source (got {shown(excerpt)}, {expected})")
        return
    if start is None or end is None:
        return
    if end <= start or end > len(text):
        rec.problem("source_end", f"offsets do not fit the source (got {start}..{end}, expected {span[0]}..{span[1]})")
    elif normalise_whitespace(text[start:end]) != normalise_whitespace(excerpt):
        rec.problem(
            "source_start",
            f"offsets do not point at the excerpt (got {start}..{end}, expected {span[0]}..{span[1]})",
        )


def provenance(rec: Record, source: Source | None, claimed_by: str) -> str:
    """``first-hand`` when the document is the claimant's own (its author is the claimant, a parenthesis
    aside), ``reported`` when another party's document reports the claimant's words."""
    author = source.author if source is not None else ""
    own = bool(author) and (claimed_by == author or claimed_by.startswith(author + " ("))
    derived = "first-hand" if own else "reported"
    given = rec.raw.get("provenance")
    if given is None:
        return derived
    if given not in settings.PROVENANCES:
        rec.problem("provenance", f"is not in the vocabulary (got {shown(given)}, expected one of: "
                    f"{', '.join(settings.PROVENANCES)})", fatal=False)  # fmt: skip
        return derived
    if given == "first-hand" and not own and settings.party_of(author) != settings.party_of(claimed_by):
        rec.problem(
            "provenance",
            f"is first-hand, but the document is {author or 'of no named author'!r}'s, not of {claimed_by!r}'s "
            "party: a party's words in another party's document are reported",
            fatal=False,
        )
        return "reported"
    return given


def load_events(atlas: Atlas) -> None:
    records = read_event_records(atlas)
    unique_ids(records, "an event")
    all_ids = {rec.id for rec in records}
    unread = Grouped()
    parsed: list[tuple[Record, dict[str, Any]]] = []
    for rec in records:
        v: dict[str, Any] = {}
        v["source"] = rec.text("source")
        if not atlas.source_ids:
            why = f"cite a source, but {settings.SOURCES_FILE} has no readable record"
            unread.add(rec, "source", why, fatal=True)
        elif v["source"] in atlas.source_ids and v["source"] not in atlas.sources:
            unread.add(
                rec, "source", f"cite source {v['source']!r}, which did not load (see {settings.SOURCES_FILE})",
                fatal=True,
            )  # fmt: skip
        elif v["source"] and v["source"] not in atlas.sources:
            rec.problem(
                "source",
                f"refers to an unknown source (got {shown(v['source'])}, expected an id in {settings.SOURCES_FILE})",
            )
        v["date_start"], v["date_end"] = rec.date("date_start"), rec.date("date_end")
        v["reported_on"] = rec.date("reported_on", required=False)
        v["time_precision"] = rec.choice("time_precision", settings.TIME_PRECISION)
        start, end = v["date_start"], v["date_end"]
        if start and end and start > end:
            rec.problem("date_end", f"is before date_start (got {end}, expected {start} or later)")
        elif start and end and v["time_precision"] and v["time_precision"] != precision_for(start, end):
            expected = precision_for(start, end)
            rec.problem(
                "time_precision",
                f"does not fit the date span (got {v['time_precision']} for {start} .. {end}, "
                f"{(end - start).days + 1} day(s), expected {expected}: 1 one day, 2 up to 7 days, "
                "3 longer within one calendar month, 4 longer)",
            )
        if v["reported_on"] and start and v["reported_on"] < start:
            rec.problem("reported_on", f"is before the event (got {v['reported_on']}, expected {start} or later)")
        v["topic"] = rec.choice("topic", settings.TOPICS)
        v["event_type"] = rec.choice("event_type", settings.EVENT_TYPES)
        if v["event_type"]:
            v["sub_event_type"] = rec.choice("sub_event_type", settings.EVENT_TYPES[v["event_type"]])
        v["actors"] = rec.texts("actors", required=True)
        v["claimed_by"] = rec.text("claimed_by")
        unknown = settings.claimant_problem(v["claimed_by"]) if v["claimed_by"] else None
        if unknown:
            rec.problem("claimed_by", unknown)
        v["stance"] = rec.choice("stance", settings.STANCES)
        v["responds_to"] = rec.raw.get("responds_to")
        if v["responds_to"] is not None and v["responds_to"] not in all_ids:
            got = shown(v["responds_to"])
            rec.problem("responds_to", f"refers to an unknown event (got {got}, expected an event id)")
        elif v["responds_to"] == rec.id:
            rec.problem("responds_to", "refers to the event itself (expected another event's id)")
        if v["stance"] in ("denies", "qualifies") and v["responds_to"] is None:
            rec.problem(
                "responds_to", f"is missing (a statement that {v['stance']} must name the event it responds to)"
            )
        v["fatalities"] = rec.integer("fatalities", required=False, minimum=0)
        v["summary"] = rec.text("summary")
        v["excerpt"] = rec.text("excerpt")
        v["source_start"] = rec.integer("source_start", minimum=0)
        v["source_end"] = rec.integer("source_end", minimum=0)
        if v["excerpt"] and v["source"] in atlas.texts:
            _check_excerpt(rec, atlas.texts[v["source"]], v["excerpt"], v["source_start"], v["source_end"])
        v["places"] = _place_refs(rec, atlas.places, atlas.place_ids, unread)
        v["incident"] = rec.raw.get("incident")
        if v["incident"] is not None and (
            not isinstance(v["incident"], str) or v["incident"] not in atlas.incident_ids
        ):
            v["incident"] = None
            known = f"an id in {settings.INCIDENTS_FILE}"
            rec.problem(
                "incident",
                f"refers to an unknown incident (got {shown(rec.raw['incident'])}, expected {known})",
                fatal=False,
            )
        elif v["incident"] is not None and v["incident"] not in atlas.incidents:
            v["incident"] = None  # the incident has problems of its own, reported there; the account stays
        source = atlas.sources.get(v["source"])
        v["states"] = states(rec, atlas.texts.get(v["source"]), atlas.places)
        v["provenance"] = provenance(rec, source, v["claimed_by"])
        if (
            v["incident"]
            and v["provenance"] == "first-hand"
            and v.get("event_type") not in ("statement", "phone_call")
            and not v["states"]
            and not rec.raw.get("states")  # a list with broken entries is reported entry by entry
        ):
            rec.problem(
                "states",
                "is empty: a first-hand account of a deed in an incident states what, where or when in its own "
                "words (a phrase of its document for each value), or the incident's comparison cannot use it; "
                "state something, or leave the incident out",
                fatal=False,
            )
        v["translation"] = rec.text("translation", required=False)
        if source is not None and source.language != "en" and v["excerpt"] and not v["translation"]:
            rec.problem(
                "translation",
                f"is missing (the document is in {source.language!r}: give an English rendering of the excerpt; "
                "it is shown beside the original as the atlas's translation)",
                fatal=False,
            )
        parsed.append((rec, v))
    atlas.problems += unread.problems()
    check_cycles(parsed)
    for rec, v in parsed:
        if not rec.fatal:
            atlas.events[rec.id] = Event(id=rec.id, **v)
    files = {rec.id: rec.file for rec in records}
    for event in atlas.events.values():
        if event.responds_to and event.responds_to not in atlas.events:
            atlas.problems.append(
                Problem(
                    files[event.id],
                    event.id,
                    "responds_to",
                    f"refers to event {shown(event.responds_to)}, which has problems of its own",
                )
            )


def check_cycles(parsed: list[tuple[Record, dict[str, Any]]]) -> None:
    """A claim thread starts at a statement that responds to nothing: ``responds_to`` must not loop.

    The events stay (their words are valid); the loop is reported on each of its events.
    """
    target = {rec.id: v["responds_to"] for rec, v in parsed if isinstance(v["responds_to"], str)}
    by_id = {rec.id: rec for rec, _ in parsed}
    reported: set[str] = set()
    for start in target:
        path, current = [start], target.get(start)
        while current in target and current not in path:
            path.append(current)
            current = target[current]
        if current in path and start not in reported:
            loop = path[path.index(current) :]
            chain = " → ".join([*loop, loop[0]])
            for ident in loop:
                reported.add(ident)
                by_id[ident].problem(
                    "responds_to",
                    f"forms a loop ({chain}); a claim thread must start at a statement that responds to nothing, "
                    "so this thread is not drawn until the loop is broken",
                    fatal=False,
                )
