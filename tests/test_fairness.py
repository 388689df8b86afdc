"""The server's turns (caucasus_atlas/fairness.py): a session that kept the server busy waits behind one
that did not, nobody waits for ever, and a session's share decays."""

from __future__ import annotations

import threading
import time

from caucasus_atlas.fairness import FairGate


def _run(gate: FairGate, session: str, order: list[str], hold: threading.Event | None = None) -> threading.Thread:
    def work() -> None:
        with gate.turn(session):
            order.append(session)
            if hold is not None:
                hold.wait(5)

    thread = threading.Thread(target=work)
    thread.start()
    return thread


def _waiting(gate: FairGate, count: int) -> None:
    deadline = time.monotonic() + 5
    while len(gate._waiting) < count and time.monotonic() < deadline:
        time.sleep(0.005)
    assert len(gate._waiting) == count


def test_a_session_that_kept_the_server_busy_waits_behind_one_that_did_not():
    gate = FairGate(slots=1)
    with gate.turn("flooder"):
        time.sleep(0.2)  # the flooder has used the server lately
    order: list[str] = []
    release = threading.Event()
    busy = _run(gate, "flooder", order, hold=release)  # holds the only slot
    _waiting(gate, 0)
    queued = [_run(gate, "flooder", order) for _ in range(3)]
    _waiting(gate, 3)
    person = _run(gate, "person", order)  # arrives last
    _waiting(gate, 4)
    release.set()
    for thread in [busy, *queued, person]:
        thread.join(5)
    assert order == ["flooder", "person", "flooder", "flooder", "flooder"]


def test_without_history_runs_go_in_the_order_they_came():
    gate = FairGate(slots=1)
    order: list[str] = []
    release = threading.Event()
    first = _run(gate, "a", order, hold=release)
    _waiting(gate, 0)
    later = []
    for name in ("b", "c", "d"):
        later.append(_run(gate, name, order))
        _waiting(gate, len(later))
    release.set()
    for thread in [first, *later]:
        thread.join(5)
    assert order == ["a", "b", "c", "d"]


def test_nobody_waits_longer_than_the_bound_even_behind_a_slot_held_for_long():
    gate = FairGate(slots=1, max_wait_s=0.3)
    order: list[str] = []
    release = threading.Event()
    stuck = _run(gate, "download", order, hold=release)
    _waiting(gate, 0)
    started = time.monotonic()
    with gate.turn("person") as waited:
        elapsed = time.monotonic() - started
    release.set()
    stuck.join(5)
    assert 0.25 <= waited <= 1.5 and elapsed <= 1.5


def test_a_sessions_share_halves_every_half_life():
    now = [100.0]
    gate = FairGate(half_life_s=5.0, clock=lambda: now[0])
    with gate.turn("a"):
        now[0] += 2.0  # a run of 2 s
    assert gate.recent_seconds("a") == 2.0
    now[0] += 5.0
    assert gate.recent_seconds("a") == 1.0
    now[0] += 10.0
    assert gate.recent_seconds("a") == 0.25
    assert gate.recent_seconds("b") == 0.0


def test_the_slots_bound_how_many_run_at_once():
    gate = FairGate(slots=2, max_wait_s=30)
    inside, most = [0], [0]
    lock = threading.Lock()

    def work(session: str) -> None:
        with gate.turn(session):
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.02)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=work, args=(f"s{i % 5}",)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert most[0] == 2 and gate._running == 0 and gate._waiting == {}
