"""Turns at the server: no visitor who asks for reruns fast can stall the others.

Streamlit runs each session's script in a thread of its own, and all of them share one interpreter lock,
so twenty sessions asking for a rerun every second share one core between them, and a person who
changes one filter waits behind all of their queued work. :class:`FairGate` gives a run its turn in order
of how much server time its session used lately (its share decays by half every few seconds): a
newcomer or a person who clicks now and then goes first, a session that keeps the server busy goes last,
and nobody waits for ever (:attr:`FairGate.max_wait_s`).

It also coalesces: a session that asks again while its run waits for its turn has that run stopped by
Streamlit at its first element (the script asks the gate first and draws afterwards), so only its newest
request is worked on. The gate itself is plain Python, testable without Streamlit; ``dashboard.py``
takes a turn for every run.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass
class _Usage:
    seconds: float
    stamp: float


class FairGate:
    """At most ``slots`` runs at once; waiting runs go in order of their session's recent server time.

    >>> gate = FairGate(slots=1)
    >>> with gate.turn("anna"):
    ...     pass
    >>> gate.recent_seconds("anna") < 0.1, gate.recent_seconds("nobody")
    (True, 0.0)
    """

    def __init__(
        self,
        *,
        slots: int = 2,
        half_life_s: float = 5.0,
        max_wait_s: float = 20.0,
        forget_after_s: float = 120.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.slots, self.half_life_s, self.max_wait_s = slots, half_life_s, max_wait_s
        self.forget_after_s, self.clock = forget_after_s, clock
        self._condition = threading.Condition()
        self._running = 0
        self._waiting: dict[int, tuple[float, int]] = {}  # ticket -> (recent seconds, arrival order)
        self._usage: dict[str, _Usage] = {}
        self._tickets = itertools.count()

    def recent_seconds(self, session: str) -> float:
        """The server time ``session`` used lately: each run's seconds, halved every ``half_life_s``."""
        with self._condition:
            return self._recent(session, self.clock())

    def _recent(self, session: str, now: float) -> float:
        usage = self._usage.get(session)
        if usage is None:
            return 0.0
        return usage.seconds * 0.5 ** ((now - usage.stamp) / self.half_life_s)

    @contextlib.contextmanager
    def turn(self, session: str) -> Iterator[float]:
        """Wait for this run's turn, then hold a slot while the ``with`` block runs; yields the seconds
        waited. The block's time is added to the session's recent server time."""
        arrived = self.clock()
        with self._condition:
            ticket = next(self._tickets)
            place = (self._recent(session, arrived), ticket)
            self._waiting[ticket] = place
            deadline = arrived + self.max_wait_s
            try:
                while not self._may_start(place, deadline):
                    self._condition.wait(timeout=max(0.01, min(1.0, deadline - self.clock())))
            finally:
                del self._waiting[ticket]
            self._running += 1
        started = self.clock()
        try:
            yield started - arrived
        finally:
            ended = self.clock()
            with self._condition:
                self._running -= 1
                recent = self._recent(session, ended) + (ended - started)
                self._usage[session] = _Usage(recent, ended)
                self._forget(ended)
                self._condition.notify_all()

    def _may_start(self, place: tuple[float, int], deadline: float) -> bool:
        if self._running >= self.slots:
            return self.clock() >= deadline and self._running < self.slots + 1
        # a free slot: the lowest recent time goes first (then the earliest), or whoever waited too long
        return place == min(self._waiting.values()) or self.clock() >= deadline

    def _forget(self, now: float) -> None:
        """Drop sessions not seen for ``forget_after_s`` (the map stays as small as the active sessions)."""
        if len(self._usage) < 64:
            return
        for session in [s for s, u in self._usage.items() if now - u.stamp > self.forget_after_s]:
            del self._usage[session]


#: The one gate of this server process (``dashboard.py`` takes a turn from it for every run).
GATE = FairGate()
