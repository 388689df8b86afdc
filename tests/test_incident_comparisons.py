"""Every incident's comparison, line by line, from what its accounts state (the project's own data).

Each case lists the difference and agreement lines the incident view shows, worked out from the phrases in
the documents (``python -m caucasus_atlas export comparison --incident ID`` lists them). A new account that
changes a comparison changes its case here, on purpose.
"""

from __future__ import annotations

import pytest

from caucasus_atlas import incidents
from caucasus_atlas.tables import tables as build_tables
from caucasus_atlas.validate import load_atlas


@pytest.fixture(scope="module")
def tables(real_root):
    atlas = load_atlas(real_root)
    t = build_tables(atlas)
    return t.events, t.places, atlas


def _lines(tables, incident, *, reported=False):
    events, places, atlas = tables
    kinds = atlas.incidents[incident].compared
    lines = incidents.compare(incidents.accounts(events, incident), places, reported=reported, kinds=kinds)
    return [("agree" if line.agree else "differ", line.what, line.text) for line in lines]


def _kinds(lines):
    return [(verdict, what) for verdict, what, _ in lines]


def test_the_27_may_capture(tables):
    lines = _lines(tables, "inc-2021-05-27-capture")
    assert _kinds(lines) == [
        ("differ", "place"), ("differ", "date"), ("differ", "happened"), ("differ", "status"),
        ("agree", "date"), ("agree", "captured"), ("agree", "happened"), ("agree", "status"),
    ]  # fmt: skip
    place = lines[0][2]
    # Armenia's Ministry of Defence names no village: Kut is the Human Rights Defender's and the prosecutor's
    assert place.startswith("Place: Azerbaijani government: Detention point per Azerbaijan's MoD, Kalbajar")
    assert "Armenian government: Gegharkunik Province and Kut" in place
    assert "Detention point per Azerbaijan's MoD ↔ Kut 6.6 km" in place and "Kut ↔ Yukhari Ayrim 9.3 km" in place
    assert "Third parties: 2021-05-26 – 2021-05-27" in lines[1][2]  # France's "during the night of May 26"
    assert lines[5][2] == "Captured: All (Azerbaijani government, Armenian government, Third parties) state 6"
    assert "a sabotage or reconnaissance group" in lines[3][2]
    # no line rests on a reported account, and every cited phrase is the document's own
    events, places, atlas = tables
    for line in incidents.compare(incidents.accounts(events, "inc-2021-05-27-capture"), places):
        for cite in line.citations:
            assert not cite.reported
            assert atlas.texts[cite.source][cite.start : cite.end] == cite.phrase
    # the Armenian Ministry of Defence's own account states the province, not Kut
    mod = atlas.events["stmt-2021-05-27-am-mod-capture"]
    assert [s.value for s in mod.stated("place")] == ["gegharkunik"]


def test_the_25_may_death_near_verin_shorzha(tables):
    lines = _lines(tables, "inc-2021-05-25-verin-shorzha")
    assert lines[0] == (
        "differ", "happened",
        "What happened: Azerbaijani government: an accident and no firing by the speaker's own side; "
        "Armenian government: firing and troops taking up or holding positions",
    )  # fmt: skip
    agreed = {what: text for verdict, what, text in lines if verdict == "agree"}
    # both acknowledge the death: no casualty "difference"
    assert agreed["killed"] == "Killed: Both (Azerbaijani government, Armenian government) state 1"
    assert agreed["place"].endswith("state Verin Shorzha")
    assert not any(what == "killed" for verdict, what, _ in lines if verdict == "differ")


def test_the_fire_reported_at_ashaghy_buzqov(tables):
    lines = _lines(tables, "inc-2021-05-28-ashaghy-buzqov")
    assert _kinds(lines) == [("differ", "happened"), ("agree", "place"), ("agree", "wounded")]
    assert lines[0][2] == (
        "What happened: Azerbaijani government: firing; Armenian government: no firing by the speaker's own side"
    )
    # the village lies in Nakhchivan (Natural Earth's generalised line puts its point 0.4 km outside: not a
    # difference between the accounts)
    assert lines[1][2].endswith("lies within another: Ashaghy Buzqov and Nakhchivan Autonomous Republic")


def test_the_1_june_armudlu_crossing(tables):
    assert _lines(tables, "inc-2021-06-01-armudlu") == [
        ("agree", "date", "Date: Both (Azerbaijani government, Armenian government) state 2021-06-01"),
    ]


def test_the_24_26_may_kalbajar_and_gadabay_fire(tables):
    lines = _lines(tables, "inc-2021-05-24-kalbajar-gadabay-fire")
    assert _kinds(lines) == [("differ", "happened"), ("agree", "happened")]
    assert "Azerbaijani government: firing and no firing by the speaker's own side" in lines[0][2]


def test_the_putin_aliyev_call(tables):
    assert _lines(tables, "inc-2021-05-19-putin-aliyev-call") == [
        ("agree", "date", "Date: Both (Azerbaijani government, The bulletin's own narrative) state 2021-05-19"),
    ]


@pytest.mark.parametrize(
    "incident",
    [
        "inc-2021-05-13-sisian",
        "inc-2021-05-13-putin-pashinyan-call",
        "inc-2021-05-14-csto",
        "inc-2021-05-17-sullivan-calls",
    ],
)
def test_incidents_with_nothing_two_parties_state_show_no_line(tables, incident):
    """One party only, or accounts that state positions, calls and appeals (no place, date or figure of the
    happening): nothing to compare, and nothing is made up."""
    assert _lines(tables, incident) == []


def test_every_incident_has_a_case_here(tables):
    _, _, atlas = tables
    cases = {
        "inc-2021-05-27-capture", "inc-2021-05-25-verin-shorzha", "inc-2021-05-28-ashaghy-buzqov",
        "inc-2021-06-01-armudlu", "inc-2021-05-24-kalbajar-gadabay-fire", "inc-2021-05-19-putin-aliyev-call",
        "inc-2021-05-13-sisian", "inc-2021-05-13-putin-pashinyan-call", "inc-2021-05-14-csto",
        "inc-2021-05-17-sullivan-calls", "inc-2021-05-12-sev-lich", "inc-2021-05-12-gegharkunik",
        "inc-2021-euljekjian-case",
    }  # fmt: skip
    assert set(atlas.incidents) == cases


def test_the_euljekjian_case_is_compared_on_who_he_was_only(tables):
    """Recruitment in 2020 and a sentence in 2021 are different steps of one case: their dates are not one
    happening's, so the incident compares what each side calls him."""
    assert _lines(tables, "inc-2021-euljekjian-case") == [
        ("differ", "status", "Who they were: Azerbaijani government: a mercenary; Armenian government: a civilian"),
    ]


def test_the_sev_lich_standoff(tables):
    lines = _lines(tables, "inc-2021-05-12-sev-lich")
    assert _kinds(lines) == [("differ", "happened"), ("agree", "happened")]
    assert lines[1][2].startswith("What happened: All (Azerbaijani government, Armenian government, Third parties) "
                                  "state talks between the sides")  # fmt: skip
    # counting what the bulletin reports Azerbaijan's Foreign Ministry said, the lake is where all put it
    reported = dict(((v, w), t) for v, w, t in _lines(tables, "inc-2021-05-12-sev-lich", reported=True))
    assert "Lake Garagol (Sev Lich)" in reported[("agree", "place")]


def test_the_gegharkunik_kalbajar_positions(tables):
    lines = _lines(tables, "inc-2021-05-12-gegharkunik")
    assert lines[0] == (
        "differ", "place",
        "Place: Azerbaijani government: Kalbajar / Karvachar District and Lachin / Berdzor District; "
        "Armenian government: Kut, Vardenis and Verin Shorzha",
    )  # fmt: skip
    assert ("agree", "happened") in _kinds(lines)
