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
