"""AppTest smoke tests for every page: logic, not rendering (the browser tests look at the rendering)."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from caucasus_atlas import settings
from tests.test_validate import _set

DASHBOARD = str(settings.PROJECT_ROOT / "dashboard.py")
PAGES = sorted(p.name for p in (settings.PROJECT_ROOT / "pages").glob("*.py"))


@pytest.fixture(autouse=True)
def _real_data(monkeypatch):
    monkeypatch.delenv("CAUCASUS_ATLAS_DATA", raising=False)


def _metric(at: AppTest) -> int:
    return int(at.metric[0].value)


def test_dashboard_opens_on_the_overview():
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Caucasus Atlas"
    banner = at.info[0].value
    assert banner.startswith("**In view:") and "AIR Center" in banner and "Armenian government" in banner


def test_every_page_file_is_in_the_navigation():
    entry = (settings.PROJECT_ROOT / "dashboard.py").read_text()
    assert PAGES and all(f'"pages/{name}"' in entry for name in PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_and_names_the_source(page):
    at = AppTest.from_file(str(settings.PROJECT_ROOT / "pages" / page), default_timeout=60).run()
    assert not at.exception, at.exception
    assert at.title
    assert any("AIR Center" in info.value for info in at.info)


def test_filters_change_the_count():
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    may = _metric(at)
    assert may > 0
    every = at.radio(key="period").options[-1]
    assert every.startswith("All dates (from ")
    at.radio(key="period").set_value(every).run()
    assert _metric(at) > may
    at.radio(key="period").set_value("May 2021").run()
    at.slider(key="date_range_May 2021").set_value((dt.date(2021, 5, 1), dt.date(2021, 5, 1))).run()
    assert 0 <= _metric(at) < may
    at.multiselect(key="topics").set_value(["covid"]).run()
    assert _metric(at) == 0


def test_the_date_range_narrows_to_events_dated_within_it():
    """12–16 May shows the events dated inside those days; the wider-dated ones are counted apart."""
    from caucasus_atlas.events import events_frame, filter_events
    from caucasus_atlas.validate import load_atlas

    events = events_frame(load_atlas(settings.PROJECT_ROOT).events)
    start, end = dt.date(2021, 5, 12), dt.date(2021, 5, 16)
    inside = filter_events(events, start=start, end=end, within=True)
    overlapping = filter_events(events, start=start, end=end)
    assert 0 < len(inside) < len(overlapping)
    assert ((inside["date_start"] >= start) & (inside["date_end"] <= end)).all()

    at = AppTest.from_file(str(settings.PROJECT_ROOT / "pages" / "incidents_map.py"), default_timeout=60).run()
    at.slider(key="date_range_May 2021").set_value((start, end)).run()
    assert _metric(at) == len(inside)
    n = len(overlapping) - len(inside)
    assert any(e.label.startswith(f"{n} more events are dated only to a wider period") for e in at.expander)
    at.toggle(key="wider").set_value(True).run()
    assert _metric(at) == len(overlapping)
    assert any(e.label.endswith("they are included and drawn faded") for e in at.expander)


def _may(events):
    from caucasus_atlas.events import filter_events

    return filter_events(events, start=dt.date(2021, 5, 1), end=dt.date(2021, 5, 31), within=True)


def _real_frames():
    from caucasus_atlas.tables import tables
    from caucasus_atlas.validate import load_atlas

    t = tables(load_atlas(settings.PROJECT_ROOT))
    return t.events, t.event_places, t.places, t.incidents


def test_search_by_an_alternative_name_finds_the_incident_s_accounts():
    """ "Sev Lich" (Lake Garagol's Armenian name) finds the 12 May claim made in Yerevan and its denial in Baku."""
    from caucasus_atlas.events import search_events

    events, links, places, incidents = _real_frames()
    found = search_events(events, links, places, "Sev Lich", incidents)
    assert {"border-2021-05-12-armenia-incursion-claim", "border-2021-05-13-azerbaijan-mfa-rejects-incursion"} <= found
    without_incidents = search_events(events, links, places, "Sev Lich")
    assert "border-2021-05-13-azerbaijan-mfa-rejects-incursion" not in without_incidents
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    at.text_input(key="query").set_value("Sev Lich").run()
    assert _metric(at) == len(_may(events).index.intersection(list(found)))


def test_more_filters_narrow_the_count():
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    may = _metric(at)
    at.multiselect(key="event_types").set_value(["armed_incident"]).run()
    assert 0 < _metric(at) < may
    at.multiselect(key="event_types").set_value([]).run()
    at.multiselect(key="claimants").set_value(["Armenia – Ministry of Defence"]).run()
    events = _real_frames()[0]
    may = _may(events)
    assert _metric(at) == (may["claimed_by"] == "Armenia – Ministry of Defence").sum() > 1


def test_party_and_document_filters_narrow_the_count():
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    may = _may(_real_frames()[0])
    at.multiselect(key="parties").set_value(["azerbaijan"]).run()
    assert _metric(at) == (may["party"] == "azerbaijan").sum() > 0
    at.multiselect(key="parties").set_value([]).run()
    at.multiselect(key="sources").set_value(["am-mfa-2021-05-27"]).run()
    assert _metric(at) == 1
    assert "In view: 1 of the atlas's" in at.info[0].value and "Armenian government" in at.info[0].value


def test_the_banner_says_how_many_of_the_atlas_s_documents_are_in_view_and_why_about_counts_more():
    """The banner counts the documents with an event in the filter; About and the Source reader list all of
    them: the banner says so, with both numbers, and About says why the banner's may be smaller."""
    from caucasus_atlas.validate import load_atlas

    total = len(load_atlas(settings.PROJECT_ROOT).sources)
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    in_view = _may(_real_frames()[0])["source"].nunique()
    assert 1 < in_view < total
    banner = at.info[0].value
    assert banner.startswith(f"**In view: {in_view} of the atlas's {total} documents \\(those with an event in")
    about = AppTest.from_file(str(settings.PROJECT_ROOT / "pages" / "about_atlas.py"), default_timeout=60).run()
    assert any(
        c.value.startswith(f"All {total} documents of the atlas, as the Source reader lists them. The banner")
        for c in about.caption
    )
    reader = AppTest.from_file(str(settings.PROJECT_ROOT / "pages" / "source_reader.py"), default_timeout=60).run()
    assert reader.selectbox[0].label == f"Document ({total})"


def test_url_parameters_set_the_filters_and_the_event():
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["topic"] = ["border"]
    at.query_params["from"] = "2021-05-25"
    at.query_params["to"] = "2021-05-28"
    at.query_params["event"] = "border-2021-05-28-ashaghy-buzqov-fire"
    at.run()
    assert not at.exception
    assert at.multiselect(key="topics").value == ["border"]
    assert at.slider(key="date_range_May 2021").value == (dt.date(2021, 5, 25), dt.date(2021, 5, 28))
    text = " ".join(m.value for m in at.markdown)
    assert "in the night leading to 28 May" in text


def test_broken_data_is_reported_on_the_page(make_root, monkeypatch):
    root = make_root(_set("event", "e-road", "topic", "weather"))
    monkeypatch.setenv("CAUCASUS_ATLAS_DATA", str(root))
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert not at.exception
    assert "1 problem(s)" in at.error[0].value
    assert "e-road: topic" in at.code[0].value


def test_about_lists_sources_and_licences():
    at = AppTest.from_file(str(settings.PROJECT_ROOT / "pages/about_atlas.py"), default_timeout=60).run()
    text = " ".join(m.value for m in at.markdown)
    assert "Natural Earth" in text and "GeoNames" in text and "OpenStreetMap" in text


def test_the_data_page_tables_reach_the_browser():
    """Every column of the events table converts for the browser (a column of records would not: the table
    would be missing); what an account states is shown as text."""
    at = AppTest.from_file(str(settings.PROJECT_ROOT / "pages" / "data_export.py"), default_timeout=60).run()
    assert not at.exception
    events = at.dataframe[0].value
    assert len(events) > 100 and "states" in events.columns
    assert events["states"].map(type).eq(str).all()
    assert "place: gegharkunik" in events.loc["stmt-2021-05-27-am-mod-capture", "states"]


def test_an_import_made_elsewhere_appears_at_the_next_rerun(tiny_root, tmp_path, monkeypatch):
    """An import by the command line (or by another server sharing the folder) reaches a running session at
    its next rerun, without a restart."""
    from caucasus_atlas.imports import import_file
    from tests.import_fixtures import acled_minimal_csv

    monkeypatch.setenv("CAUCASUS_ATLAS_DATA", str(tiny_root))
    at = AppTest.from_file(str(settings.PROJECT_ROOT / "pages" / "data_export.py"), default_timeout=60).run()
    assert not at.exception and not any("mine" in str(d.value) for d in at.dataframe)
    import_file(tiny_root, "acled", acled_minimal_csv(tmp_path / "a.csv"), name="mine")
    at.run()
    assert not at.exception
    assert any("mine" in d.value.to_string() for d in at.dataframe)


def test_the_data_page_builds_no_download_until_one_is_asked_for(monkeypatch):
    """A visit of the Data page costs the table, not the files: after a large import every visit would
    otherwise write every download (80–204 s a visit after a 1,000,000-row upload)."""
    from caucasus_atlas import export

    built: list[str] = []
    for name in ("events_csv", "events_geojson", "event_places_csv", "incidents_csv", "places_csv"):
        real = getattr(export, name)
        monkeypatch.setattr(export, name, lambda *a, _name=name, _real=real, **k: built.append(_name) or _real(*a, **k))
    at = AppTest.from_file(str(settings.PROJECT_ROOT / "pages" / "data_export.py"), default_timeout=60).run()
    assert not at.exception
    assert len(at.get("download_button")) >= 5
    assert built == []


def test_add_a_document_is_off_where_uploads_are_off(monkeypatch):
    """The Add a document page is gated like the importer: with uploads switched off, no form."""
    monkeypatch.setenv("CAUCASUS_ATLAS_UPLOADS", "0")
    at = AppTest.from_file(str(settings.PROJECT_ROOT / "pages" / "add_document.py"), default_timeout=60).run()
    assert not at.exception
    assert any("Uploads are switched off on this server" in info.value for info in at.info)
    assert len(at.text_area) == 0 and not any(b.label == "Draft the records" for b in at.button)


def _badges(at: AppTest) -> int:
    return sum("dated within the range]" in m.value or "dated outside the range]" in m.value for m in at.markdown)


def test_an_incident_with_many_accounts_shows_each_party_s_first_and_every_one_on_request():
    """Lake Garagol / Sev Lich has over 50 accounts in three parties' columns: each column opens on its first
    six (own words first, then those dated within the range), and the switch shows every one."""
    at = AppTest.from_file(str(settings.PROJECT_ROOT / "pages" / "border_demarcation.py"), default_timeout=60)
    at.session_state["incident"] = "inc-2021-05-12-sev-lich"
    at.run()
    assert not at.exception
    per_party = _real_frames()[0].query("incident == 'inc-2021-05-12-sev-lich'")["party"].value_counts()
    assert _badges(at) == sum(min(6, n) for n in per_party) < per_party.sum() > 50
    assert any(c.value.endswith("more: switch on “Show every account” above.") for c in at.caption)
    at.toggle(key="every_account_inc-2021-05-12-sev-lich").set_value(True).run()
    assert _badges(at) == per_party.sum()
