"""The load test, shortened: a few sessions for a few seconds against a real dashboard (the full run is
`python -m caucasus_atlas loadtest`, 20 sessions for 60 s: see README, "Deploying"). The `load` tier:
`make test` runs it, `make test-fast` leaves it out (its timings need a machine to itself)."""

from __future__ import annotations

import pytest

from caucasus_atlas.loadtest import run_load_test

pytestmark = pytest.mark.load


@pytest.fixture(scope="module")
def report():
    return run_load_test(url=None, sessions=4, seconds=12, interval=1.0)


def test_many_sessions_at_once_get_answers_without_errors(report):
    assert report["errors"] == 0, report["error_samples"]
    assert report["reruns"] >= 4 * 8
    assert report["p95_s"] <= 1.0


def test_a_rerun_that_leaves_the_map_alone_does_not_resend_it(report):
    # a click selects an event (the panel changes, the map does not): the browser's copy of the map is reused
    assert report["kb_per_rerun"]["click"] < 60
    assert max(report["kb_per_rerun"]["period"], report["kb_per_rerun"]["topics"]) > 100


def test_server_memory_stays_flat(report):
    memory = report["memory_mb"]
    assert memory["peak"] - memory["start"] < 150


def test_sessions_flooding_the_server_do_not_stall_the_others():
    """Flooding sessions (a rerun a second each, round the costly pages with a new search) beside ordinary
    ones: the ordinary keep answers within 2 s and a newcomer's first page comes within 5 s (the full run
    is `loadtest --sessions 10 --interval 4 --flood 20`: README, "Deploying"). Eight ordinary sessions for
    30 s give some 360 answers: a p95 of 40 answers (four sessions, 20 s) moved by two slow ones, 0.9–2.7 s
    on this machine with the code of before and after the session that changed it."""
    flood = run_load_test(url=None, sessions=8, seconds=30, interval=2.0, flood=20)
    assert flood["errors"] == 0 and flood["flood"]["errors"] == 0, flood["error_samples"]
    assert flood["flood"]["reruns"] >= 20 * 6  # the flood did flood
    assert flood["p95_s"] <= 2.0
    assert flood["newcomer_open_s"] is not None and flood["newcomer_open_s"] <= 5.0


def test_the_page_cost_bench_visits_each_page_it_names():
    """`bench --pages` (server time per rerun of every page; the figures are the benchmark's, not a test's)."""
    from caucasus_atlas.loadtest import page_costs

    costs = page_costs(pages=("timeline", "about"), repeats=2)
    assert set(costs) == {"timeline", "about"}
    for page in costs.values():
        assert page["rerun_ms"] > 0 and page["new_topics_ms"] > 0 and page["rerun_cpu_ms"] is not None
