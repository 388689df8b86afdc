"""Many people at once: headless sessions that speak Streamlit's own protocol to a running dashboard.

Each session opens the websocket a browser opens (``/_stcore/stream``), asks for the overview page, and
then, every ``interval`` seconds, does what a person does: changes the period, changes the topics, or
clicks an event on the map (the map component's value, as the browser sends it). Like a browser it
keeps the large messages it has received and tells the server their hashes, so the server may answer
with a reference instead of resending an unchanged element. It measures, per rerun, the time from
sending the change to the server's "script finished", and the bytes received.

``python -m caucasus_atlas loadtest`` starts a dashboard of its own on a free localhost port (or takes
``--url`` of a running one), runs the sessions for ``--seconds``, and prints one JSON object: reruns
per second, latency percentiles, errors, bytes per rerun, and the server's memory (start, peak, end)
and CPU per rerun. Traffic goes to localhost only; every loop is bounded in count and time.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import os
import random
import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

#: A rerun that takes longer than this counts as an error (the session then goes on).
RERUN_TIMEOUT_S = 60.0
#: How many reruns one session may make at most, whatever the duration asked for.
MAX_RERUNS_PER_SESSION = 10_000


@dataclass
class Widgets:
    """The widgets a session drives, as the server last described them (id, options, current value)."""

    period: tuple[str, list[str]] | None = None
    topics: tuple[str, list[str]] | None = None
    search: str | None = None
    map_id: str | None = None
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Rerun:
    latency_s: float
    bytes: int
    ok: bool
    action: str


@dataclass
class SessionResult:
    reruns: list[Rerun] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _proto():
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    return BackMsg, ForwardMsg


class Session:
    """One headless visitor on one websocket."""

    def __init__(self, ws_url: str, origin: str, query: str, rng: random.Random, *, flood: bool = False) -> None:
        self.ws_url, self.origin, self.query, self.rng = ws_url, origin, query, rng
        #: a flooding session asks for another page with a new search each time (see :data:`FLOOD_PAGES`)
        self.flood = flood
        self.page = ""
        self.widgets = Widgets()
        self.cache: set[str] = set()
        self.event_ids: list[str] = []
        self.result = SessionResult()
        self.turn = rng.randrange(3)

    async def run(self, until: float, interval: float) -> SessionResult:
        import websockets
        from websockets.typing import Origin, Subprotocol

        try:
            async with websockets.connect(
                self.ws_url,
                subprotocols=[Subprotocol("streamlit")],
                origin=Origin(self.origin),
                max_size=None,
                open_timeout=30,
            ) as ws:
                await self._rerun(ws, "open")
                for _ in range(MAX_RERUNS_PER_SESSION):
                    pause = interval * self.rng.uniform(0.8, 1.2)
                    if time.monotonic() + pause > until:
                        break
                    await asyncio.sleep(pause)
                    await self._rerun(ws, self._next_action())
        except Exception as exc:  # a dropped connection is an error to count, not a crash
            self.result.errors.append(f"{type(exc).__name__}: {exc}")
        return self.result

    def _next_action(self) -> str:
        """Period, topics, a click on the map, in turn (each session starts at its own point); for a
        flooding session, the next page with a new search."""
        if self.flood:
            return "flood"
        actions = ["period", "topics", "click"] if self.widgets.map_id and self.event_ids else ["period", "topics"]
        self.turn += 1
        return actions[self.turn % len(actions)]

    async def _rerun(self, ws, action: str) -> None:
        back_msg_type, forward_msg_type = _proto()
        states = self._change(action)
        msg = back_msg_type()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_script_hash = ""
        state.page_name = self.page  # a page's url path, as a browser's address names it; "" is the overview
        state.cached_message_hashes.extend(sorted(self.cache))
        for widget_id, (kind, value) in states.items():
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            if kind == "string":
                widget.string_value = value
            elif kind == "strings":
                widget.string_array_value.data.extend(value)
            else:
                widget.json_value = value
        started = time.perf_counter()
        await ws.send(msg.SerializeToString())
        received, ok = 0, True
        deadline = time.monotonic() + RERUN_TIMEOUT_S
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.result.errors.append(f"{action}: no 'script finished' within {RERUN_TIMEOUT_S:.0f} s")
                ok = False
                break
            data = await asyncio.wait_for(ws.recv(), timeout=remaining)
            received += len(data)
            fwd = forward_msg_type()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if fwd.metadata.cacheable and fwd.hash:
                self.cache.add(fwd.hash)
            if kind == "delta":
                ok = self._read_delta(fwd.delta, action) and ok
            elif kind == "script_finished":
                if fwd.script_finished == forward_msg_type.FINISHED_SUCCESSFULLY:
                    break
                if fwd.script_finished == forward_msg_type.FINISHED_WITH_COMPILE_ERROR:
                    self.result.errors.append(f"{action}: the script did not compile")
                    ok = False
                    break
                # FINISHED_EARLY_FOR_RERUN: another rerun follows (e.g. the URL was rewritten); keep reading
        self.result.reruns.append(Rerun(time.perf_counter() - started, received, ok, action))

    def _read_delta(self, delta, action: str) -> bool:
        if delta.WhichOneof("type") != "new_element":
            return True
        element = delta.new_element
        which = element.WhichOneof("type")
        if which == "exception":
            self.result.errors.append(f"{action}: exception on the page: {element.exception.message[:200]}")
            return False
        if which == "radio" and element.radio.label == "Period":
            self.widgets.period = (element.radio.id, list(element.radio.options))
        elif which == "multiselect" and element.multiselect.label.startswith("Topics"):
            self.widgets.topics = (element.multiselect.id, list(element.multiselect.options))
        elif which == "text_input" and element.text_input.label == "Search":
            self.widgets.search = element.text_input.id
        elif which == "component_instance" and "st_folium" in element.component_instance.component_name:
            self.widgets.map_id = element.component_instance.id
            self._events_from_map(element.component_instance.json_args)
        return True

    def _events_from_map(self, json_args: str) -> None:
        """The event ids the map carries (what a click on a feature sends back)."""
        with contextlib.suppress(ValueError, TypeError):
            args = json.loads(json_args)
            html = args.get("html", "") + args.get("script", "")
            found = {part for ids in _EVENT_IDS.findall(html) for part in ids.split(",") if part}
            if found:
                self.event_ids = sorted(found)

    def _change(self, action: str) -> dict[str, tuple[str, Any]]:
        """The widget states to send: the tracked values, with this action's change applied."""
        w = self.widgets
        if action == "period" and w.period:
            widget_id, options = w.period
            current = w.values.get(widget_id, ("string", options[0]))[1]
            w.values[widget_id] = ("string", self.rng.choice([o for o in options if o != current] or options))
        elif action == "topics" and w.topics:
            widget_id, options = w.topics
            chosen = self.rng.sample(options, self.rng.randint(1, len(options)))
            w.values[widget_id] = ("strings", [o for o in options if o in chosen])
        elif action == "flood":
            self.turn += 1
            self.page = FLOOD_PAGES[self.turn % len(FLOOD_PAGES)]
            if w.search:
                words = self.rng.sample(FLOOD_WORDS, self.rng.randint(1, 2))
                w.values[w.search] = ("string", " ".join(words))
        elif action == "click" and w.map_id:
            event = self.rng.choice(self.event_ids)
            props = {"place_ids": "", "event_ids": event, "n": self.rng.random()}
            w.values[w.map_id] = ("json", json.dumps({"last_active_drawing": {"properties": props}}))
        return dict(w.values)


_EVENT_IDS = re.compile(r'"event_ids":\s*"([^"]*)"')

#: The pages a flooding session goes round (the costly ones), by url path.
FLOOD_PAGES = ("data", "border", "timeline", "source")
#: Words a flooding session searches for, one or two at a time: hundreds of searches, few repeated.
FLOOD_WORDS = (
    "border", "Lachin", "mine", "Armenia", "Azerbaijan", "Kalbajar", "Sev Lich", "Garagol", "soldier", "village",
    "Turkey", "corridor", "road", "trial", "Covid", "vaccine", "Shusha", "Nakhchivan", "ministry", "statement",
    "Verin Shorzha", "Kut", "Zangezur", "railway", "airport", "demining", "exercise", "CSTO", "OSCE", "Russia",
)  # fmt: skip


def _rss_mb(pid: int | None) -> float | None:
    if pid is None:
        return None
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return None


def _cpu_s(pid: int | None) -> float | None:
    if pid is None:
        return None
    with contextlib.suppress(OSError, IndexError, ValueError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return None


async def _run(
    url: str, sessions: int, seconds: float, interval: float, pid: int | None, seed: int, flood: int = 0
) -> dict:
    parsed = urlparse(url)
    if parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
        msg = f"the load test only targets this machine (got {url!r}, expected a localhost address)"
        raise ValueError(msg)
    ws_url = f"ws://{parsed.netloc}{parsed.path.rstrip('/')}/_stcore/stream"
    memory = [_rss_mb(pid)]
    cpu_start = _cpu_s(pid)
    until = time.monotonic() + seconds
    started = time.perf_counter()
    clients = [Session(ws_url, url, "", random.Random(seed + i)) for i in range(sessions)]
    flooders = [Session(ws_url, url, "", random.Random(seed + 1000 + i), flood=True) for i in range(flood)]

    async def sample() -> None:
        while time.monotonic() < until + RERUN_TIMEOUT_S:
            memory.append(_rss_mb(pid))
            await asyncio.sleep(0.5)

    async def newcomer() -> SessionResult:
        """With flooding sessions: one person opening the dashboard half-way through, once."""
        await asyncio.sleep(seconds / 2)
        return await Session(ws_url, url, "", random.Random(seed - 1)).run(time.monotonic(), interval)

    sampler = asyncio.create_task(sample())
    flooding = [asyncio.create_task(client.run(until, FLOOD_INTERVAL_S)) for client in flooders]
    late = asyncio.create_task(newcomer()) if flood else None
    # sessions arrive spread over the first interval, as people do
    tasks = []
    for i, client in enumerate(clients):
        await asyncio.sleep(interval * i / max(sessions, 1) if i else 0)
        tasks.append(asyncio.create_task(client.run(until, interval)))
    results = await asyncio.gather(*tasks)
    flood_results = await asyncio.gather(*flooding)
    late_result = await late if late else None
    elapsed = time.perf_counter() - started
    sampler.cancel()
    memory.append(_rss_mb(pid))
    cpu_end = _cpu_s(pid)
    report = _report(results, elapsed, sessions, seconds, interval, memory, cpu_start, cpu_end)
    if flood and late_result is not None:
        report["reruns"] += sum(len(r.reruns) for r in flood_results) + len(late_result.reruns)
        if report["server_cpu_s"] is not None and report["reruns"]:
            report["server_cpu_ms_per_rerun"] = round(1000 * report["server_cpu_s"] / report["reruns"], 1)
        flood_report = _report(flood_results, elapsed, flood, seconds, FLOOD_INTERVAL_S, [], None, None)
        report["flood"] = {
            key: flood_report[key] for key in ("sessions", "reruns", "reruns_per_s", "p50_s", "p95_s", "errors")
        }
        report["flood"]["pages"] = list(FLOOD_PAGES)
        opened = [r.latency_s for r in late_result.reruns if r.action == "open" and r.ok]
        report["newcomer_open_s"] = round(opened[0], 3) if opened else None
        report["errors"] += len(late_result.errors)
        report["error_samples"] += late_result.errors[:2]
    return report


#: Seconds between a flooding session's reruns (each a new page and search).
FLOOD_INTERVAL_S = 1.0


def _report(results, elapsed, sessions, seconds, interval, memory, cpu_start, cpu_end) -> dict:
    reruns = [r for res in results for r in res.reruns]
    changes = [r for r in reruns if r.action != "open"]
    latencies = sorted(r.latency_s for r in changes if r.ok)
    errors = [e for res in results for e in res.errors]

    def pct(q: float) -> float | None:
        if not latencies:
            return None
        return round(latencies[min(len(latencies) - 1, int(q * len(latencies)))], 3)

    mem = [m for m in memory if m is not None]
    by_action: dict[str, list[Rerun]] = {}
    for r in changes:
        by_action.setdefault(r.action, []).append(r)
    report = {
        "sessions": sessions,
        "seconds": seconds,
        "interval_s": interval,
        "reruns": len(reruns),
        "reruns_per_s": round(len(reruns) / elapsed, 2),
        "p50_s": pct(0.5),
        "p95_s": pct(0.95),
        "max_s": round(latencies[-1], 3) if latencies else None,
        "open_p50_s": round(statistics.median(r.latency_s for r in reruns if r.action == "open"), 3)
        if any(r.action == "open" for r in reruns)
        else None,
        "errors": len(errors),
        "error_samples": errors[:5],
        "kb_per_rerun": {a: round(statistics.mean(r.bytes for r in rs) / 1024, 1) for a, rs in by_action.items()},
        "memory_mb": {"start": _round(mem[:1]), "peak": _round([max(mem)] if mem else []), "end": _round(mem[-1:])},
        "server_cpu_s": round(cpu_end - cpu_start, 2) if cpu_start is not None and cpu_end is not None else None,
    }
    if report["server_cpu_s"] is not None and reruns:
        report["server_cpu_ms_per_rerun"] = round(1000 * report["server_cpu_s"] / len(reruns), 1)
    return report


def _round(values: list[float]) -> float | None:
    return round(values[0], 1) if values else None


def run_load_test(
    *,
    url: str | None,
    sessions: int,
    seconds: float,
    interval: float,
    pid: int | None = None,
    seed: int = 1,
    data_root: Path | None = None,
    flood: int = 0,
) -> dict:
    """Run the sessions against ``url`` (or a dashboard started here on ``data_root``) and return the report.

    ``flood`` sessions beside them each ask for a rerun every second, going round :data:`FLOOD_PAGES` with
    a new search each time; the report's latencies are then the ordinary sessions' (``flood`` has the
    flooders' own), and ``newcomer_open_s`` is how long one person opening the dashboard half-way waited.
    """
    if url is not None:
        return in_own_loop(_run(url, sessions, seconds, interval, pid, seed, flood))
    from caucasus_atlas.serving import dashboard_server

    with dashboard_server(data_root) as (started_url, server_pid):
        # one visit first, so that the data is loaded and cached as on a server that has been up a while
        in_own_loop(_run(started_url, 1, 0.1, 0.1, None, seed))
        return in_own_loop(_run(started_url, sessions, seconds, interval, server_pid, seed, flood))


#: The dashboard's pages by url path ("" is the overview), for :func:`page_costs`.
PAGES = ("", "map", "border", "reconstruction", "timeline", "source", "data", "about")


async def _page_costs(url: str, pages: tuple[str, ...], repeats: int, pid: int | None, seed: int) -> dict:
    import websockets
    from websockets.typing import Origin, Subprotocol

    parsed = urlparse(url)
    ws_url = f"ws://{parsed.netloc}{parsed.path.rstrip('/')}/_stcore/stream"
    session = Session(ws_url, url, "", random.Random(seed))
    costs: dict[str, dict[str, float | None]] = {}
    async with websockets.connect(
        ws_url, subprotocols=[Subprotocol("streamlit")], origin=Origin(url), max_size=None, open_timeout=30
    ) as ws:
        await session._rerun(ws, "open")
        for page in pages:
            session.page = page
            for kind, action in (("rerun_ms", "same"), ("new_topics_ms", "topics")):
                await session._rerun(ws, action)  # the first visit (or change) warms what later ones reuse
                times, cpu_start = [], _cpu_s(pid)
                for _ in range(repeats):
                    await session._rerun(ws, action)
                    times.append(session.result.reruns[-1].latency_s)
                cpu_end = _cpu_s(pid)
                costs.setdefault(page or "overview", {})[kind] = round(1000 * statistics.median(times), 1)
                if cpu_start is not None and cpu_end is not None:
                    cpu_key = kind.replace("_ms", "_cpu_ms")
                    costs[page or "overview"][cpu_key] = round(1000 * (cpu_end - cpu_start) / repeats, 1)
    if session.result.errors:
        costs["errors"] = {"count": len(session.result.errors)}
    return costs


def page_costs(*, pages: tuple[str, ...] = PAGES, repeats: int = 15, data_root: Path | None = None) -> dict:
    """Server time per rerun of each page, on a dashboard started here on ``data_root``: one session visits
    each page and asks for ``repeats`` reruns with nothing changed (``rerun_ms``: a click that changes no
    filter) and ``repeats`` with new topics each time (``new_topics_ms``); medians of the time from the
    request to "script finished", and the server's CPU per rerun (``*_cpu_ms``). Run it on a quiet machine."""
    from caucasus_atlas.serving import dashboard_server

    with dashboard_server(data_root, timeout=300) as (url, pid):
        return in_own_loop(_page_costs(url, pages, repeats, pid, 1))


def in_own_loop(coroutine: Any) -> Any:
    """Run ``coroutine`` in an event loop of its own thread: the caller may already run a loop (a
    test process driving a browser does)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
