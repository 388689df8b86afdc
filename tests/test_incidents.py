"""Incidents and parties: accounts of one happening side by side, checked, searched, exported, never merged."""

from __future__ import annotations

import csv
import io

import pytest
import yaml

from caucasus_atlas import export, settings
from caucasus_atlas.events import search_events
from caucasus_atlas.tables import tables
from caucasus_atlas.urlstate import parse_url_state
from caucasus_atlas.validate import load_atlas

INCIDENT = {
    "id": "inc-fire",
    "name": "Fire near Alpha / Eastshire, 1 May 2021",
    "summary": "Shots near Alpha; the ministry denies them.",
    "places": ["alpha"],
}


def _with_incident(root, incident=INCIDENT, links=None):
    """Add an incidents file and tie events to it (``links``: event id -> incident id)."""
    (root / settings.INCIDENTS_FILE).write_text(yaml.safe_dump([incident], sort_keys=False))
    path = root / "events" / "test.yaml"
    events = yaml.safe_load(path.read_text())
    for event in events:
        if event["id"] in (links or {}):
            event["incident"] = links[event["id"]]
    path.write_text(yaml.safe_dump(events, sort_keys=False))
    return root


def _frames(atlas):
    t = tables(atlas)
    return t.events, t.event_places, t.places, t.incidents


def test_an_incident_ties_the_accounts_of_several_parties(tiny_root):
    atlas = load_atlas(_with_incident(tiny_root, links={"e-fire": "inc-fire", "e-denial": "inc-fire"}))
    assert atlas.problems == []
    assert atlas.incidents["inc-fire"].places == ("alpha",)
    assert {e.id for e in atlas.events.values() if e.incident == "inc-fire"} == {"e-fire", "e-denial"}
    # its span is its accounts' span: 1 May (the fire) to 3 May (the denial's last possible day)
    incident = atlas.incidents["inc-fire"]
    assert (incident.date_start.isoformat(), incident.date_end.isoformat()) == ("2021-05-01", "2021-05-03")


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"date_end": "2021-04-01"}, "date_end", "is not read: an incident's span is the span of its accounts"),
        ({"places": ["alpha", "atlantis"]}, "places", "unknown place(s) (got 'atlantis'"),
        ({"name": None}, "name", "is missing"),
    ],
)
def test_a_broken_incident_is_named_by_file_record_and_field(tiny_root, change, field, words):
    incident = {**INCIDENT, **change}
    atlas = load_atlas(_with_incident(tiny_root, incident, links={"e-fire": "inc-fire"}))
    [problem] = [p for p in atlas.problems if p.file == "events/incidents.yaml"]
    assert (problem.record, problem.field) == ("inc-fire", field) and words in problem.message
    assert "e-fire" in atlas.events  # the account is kept whatever happens to the incident


def test_an_incident_no_account_describes_is_left_out_with_a_line(tiny_root):
    atlas = load_atlas(_with_incident(tiny_root, links={}))
    [problem] = atlas.problems
    assert (problem.file, problem.record) == ("events/incidents.yaml", "inc-fire")
    assert "has no account" in problem.message and "inc-fire" not in atlas.incidents


def test_an_unknown_incident_costs_the_link_not_the_account(tiny_root):
    atlas = load_atlas(_with_incident(tiny_root, links={"e-fire": "inc-nowhere"}))
    problem, unused = atlas.problems
    assert (unused.record, unused.message.split(" (")[0]) == ("inc-fire", "has no account")
    assert (problem.file, problem.record, problem.field) == ("events/test.yaml", "e-fire", "incident")
    assert "unknown incident (got 'inc-nowhere'" in problem.message
    assert atlas.events["e-fire"].incident is None


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("url", "javascript:alert(1)", "is not a web address"),
        ("completeness", "most", "is not in the vocabulary (got 'most', expected whole or beginning)"),
    ],
)
def test_source_fields_are_checked(make_root, field, value, words):
    def mutate(data):
        data["sources"][0][field] = value

    atlas = load_atlas(make_root(mutate))
    [problem] = atlas.problems
    assert (problem.record, problem.field) == ("test-src", field) and words in problem.message
    assert len(atlas.events) == 4  # the field is left out, the document and its events stay


@pytest.mark.parametrize(
    ("claimed_by", "party"),
    [
        ("Azerbaijan – Ministry of Defence", "azerbaijan"),
        ("Armenia – Human Rights Defender Arman Tatoyan", "armenia"),
        ("AIR Center (bulletin narrative)", "bulletin"),
        ("AIR Center – senior advisor Shahmar Hajiyev", "bulletin"),
        ("Russia – Foreign Minister Sergey Lavrov", "third"),
        ("Test claimant", "third"),
    ],
)
def test_whose_account_is_read_from_the_claimant(claimed_by, party):
    assert settings.party_of(claimed_by) == party


def test_a_place_search_finds_the_incident_s_every_account(tiny_root):
    """'Alfa' (an alternative name) names no place of the denial's text, yet finds it through the incident."""
    atlas = load_atlas(_with_incident(tiny_root, links={"e-fire": "inc-fire", "e-denial": "inc-fire"}))
    events, links, places, table = _frames(atlas)
    links = links[~((links["event_id"] == "e-denial") & (links["place_id"] == "alpha"))]  # the denial names no place
    assert search_events(events, links, places, "Alfa") == {"e-fire"}
    assert search_events(events, links, places, "Alfa", table) == {"e-fire", "e-denial"}


def test_a_search_for_a_place_finds_incidents_at_an_area_containing_it(tiny_root):
    """An incident placed at Eastshire is found by a place inside Eastshire."""
    incident = {**INCIDENT, "places": ["eastshire"]}

    def inside(data):
        data["places"].append(
            {"id": "delta", "name": "Delta", "kind": "settlement", "country": "AM", "point": [45.75, 40.25],
             "geo_precision": 1, "coord_source": "hand-made test point"}
        )  # fmt: skip

    from tests.conftest import write_root

    atlas = load_atlas(_with_incident(write_root(tiny_root, inside), incident, links={"e-road": "inc-fire"}))
    events, links, places, table = _frames(atlas)
    assert search_events(events, links, places, "Delta", table) == {"e-road"}


def test_the_real_sev_lich_search_finds_the_claim_and_its_denial(real_root):
    events, links, places, table = _frames(load_atlas(real_root))
    found = search_events(events, links, places, "Sev Lich", table)
    assert {"border-2021-05-12-armenia-incursion-claim", "border-2021-05-13-azerbaijan-mfa-rejects-incursion"} <= found
    assert {"stmt-2021-05-12-am-pm-sev-lich"} <= found


def test_the_exports_carry_party_incident_and_the_incidents_table(real_root):
    atlas = load_atlas(real_root)
    events, links, places, table = _frames(atlas)
    rows = list(csv.DictReader(io.StringIO(export.events_csv(events, links, places, atlas.sources))))
    by_id = {r["event_id_cnty"]: r for r in rows}
    row = by_id["stmt-2021-05-27-am-mfa-capture"]
    assert (row["source_id"], row["party"]) == ("am-mfa-2021-05-27", "armenia")
    assert row["incident"] == "inc-2021-05-27-capture"
    assert by_id["border-2021-05-14-armenia-appeals-to-csto"]["party"] == "bulletin"
    incidents_rows = list(csv.DictReader(io.StringIO(export.incidents_csv(table, events))))
    capture = next(r for r in incidents_rows if r["incident_id"] == "inc-2021-05-27-capture")
    assert capture["parties"] == "azerbaijan;armenia;third"
    assert "am-mfa-2021-05-27" in capture["documents"].split(";")
    assert set(capture) == set(export.INCIDENT_COLUMN_DOCS)


def test_an_address_may_ask_for_party_colours_and_an_incident():
    state = parse_url_state(
        {"colour": ["party"], "incident": ["inc-a"], "party": ["armenia", "mars"]},
        options={"parties": ["armenia", "azerbaijan"]}, bounds=(None, None), event_ids=[], incident_ids={"inc-a"},
    )  # fmt: skip
    assert (state.colour, state.incident, state.lists) == ("party", "inc-a", {"parties": ["armenia"]})
    bad = parse_url_state({"colour": ["rainbow"], "incident": ["inc-z"]}, options={}, bounds=(None, None), event_ids=[])
    assert bad.colour is None and bad.incident is None
    assert bad.notes == [
        "colour: 'rainbow' is not 'topic' or 'party'; ignored.",
        "incident: 'inc-z' is not an incident of this atlas; ignored.",
    ]
