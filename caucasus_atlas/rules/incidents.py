"""The rules of an incident record (``events/incidents.yaml``); an incident's span follows its accounts."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from caucasus_atlas import settings
from caucasus_atlas.loading import Atlas, readable_records
from caucasus_atlas.models import INCIDENT_FIELDS, Incident
from caucasus_atlas.reading import shown
from caucasus_atlas.records import Problem


def load_incidents(atlas: Atlas) -> None:
    """The incidents, if the file is there (an atlas of one document may have none). Their span is set
    from their accounts once the events are read (:func:`incident_spans`)."""
    rel = settings.INCIDENTS_FILE
    if not (atlas.root / rel).exists():
        return
    for rec in readable_records(atlas, rel, INCIDENT_FIELDS, "an incident"):
        atlas.incident_ids.add(rec.id)
        name, summary = rec.text("name"), rec.text("summary")
        for key in ("date_start", "date_end"):
            if key in rec.raw:
                rec.problem(key, "is not read: an incident's span is the span of its accounts' dates", fatal=False)
        places = rec.texts("places")
        unknown = [p for p in places if p not in atlas.places]
        if unknown:
            rec.problem(
                "places",
                f"unknown place(s) (got {', '.join(map(shown, unknown))}, expected ids in "
                f"{settings.PLACES_FILE}); the incident is kept without them",
                fatal=False,
            )
        compared = rec.texts("compared") or tuple(settings.STATED_KINDS)
        unknown_kinds = [k for k in compared if k not in settings.STATED_KINDS]
        if unknown_kinds:
            kinds = ", ".join(settings.STATED_KINDS)
            rec.problem("compared", f"unknown kind(s) (got {', '.join(map(shown, unknown_kinds))}, expected: {kinds})")
        if rec.fatal:
            continue
        atlas.incidents[rec.id] = Incident(
            id=rec.id, name=name, date_start=settings.DATE_MIN, date_end=settings.DATE_MIN, summary=summary,
            places=tuple(p for p in places if p in atlas.places), compared=compared,
        )  # fmt: skip


def incident_spans(atlas: Atlas) -> None:
    """Each incident's span becomes the span of its accounts' dates; an incident no loaded account
    describes is reported and left out."""
    spans: dict[str, tuple[dt.date, dt.date]] = {}
    for event in atlas.events.values():
        if event.incident in atlas.incidents:
            start, end = spans.get(event.incident, (event.date_start, event.date_end))
            spans[event.incident] = (min(start, event.date_start), max(end, event.date_end))
    for ident in list(atlas.incidents):
        if ident not in spans:
            del atlas.incidents[ident]
            why = "has no account (no loaded event names it in `incident`): it is left out"
            atlas.problems.append(Problem(str(settings.INCIDENTS_FILE), ident, "-", why))
            continue
        start, end = spans[ident]
        atlas.incidents[ident] = replace(atlas.incidents[ident], date_start=start, date_end=end)
