"""Speed with many events: synthetic imported events, timed the way the dashboard uses them.

``python -m caucasus_atlas bench --events 1000 10000 100000`` runs one child process per size (so each
load is cold and each peak memory its own) and prints one JSON object per size:

- ``load_s``: reading the stored import (GeoParquet) with its checks, cold;
- ``filter_s``: one month of dates and two event types, median of 20;
- ``positions_s``: the imported events' positions in the forms a view needs (once per load);
- ``date_change_s``: what a new date range costs the dashboard's server for the imported events (every
  event in it, none cached): their rows, the rows' digest and the region view's payload; median of 5;
- ``views``: per view the map is asked for (the region at zoom 7, a province at zoom 9, a village at
  zoom 14; a map 1,200 by 450 pixels), what the browser receives of the imported events (``bytes``, as the
  page's script text), how (``mode``: counts per cell or the points), how many events are in and around
  the view (``in_view``), and the server's time to build it afresh (``s``, median of 5);
- ``map_s``: what one rerun of the map page builds when the view is new: the curated layers (cached per
  curated filter, as in the dashboard) in the map's frame (built once per view and cached, timed apart
  as ``frame_s``) and the region view's imported events; median of 5;
- ``payload_bytes``: the bytes of the first page's map (the component's script and HTML, and the region
  view's imported events);
- ``baseline_fastmarkercluster_s``: folium's ``FastMarkerCluster`` on the same points, rendered, in the
  same process (the usual way to put many points on a folium map);
- ``peak_rss_mb``: the child's peak resident memory.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from caucasus_atlas import settings

#: ACLED's event types, for the synthetic events (two of them are the benchmark's filter).
EVENT_TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
               "Strategic developments"]  # fmt: skip
_WORDS = [
    "forces",
    "exchanged",
    "fire",
    "near",
    "the",
    "village",
    "of",
    "a",
    "border",
    "post",
    "reported",
    "the",
    "ministry",
    "said",
    "that",
    "two",
    "soldiers",
    "were",
    "wounded",
    "according",
    "to",
    "local",
    "sources",
    "an",
    "armed",
    "clash",
    "took",
    "place",
    "on",
    "the",
    "line",
]


def synthetic_events(n: int, places: pd.DataFrame, *, seed: int = 1) -> pd.DataFrame:
    """``n`` made-up events stored as imports are: a third at the gazetteer's places, the rest spread over
    the region's box; dates 2018–2026; descriptions of 20 to 60 words (ACLED's notes are about that)."""
    rng = np.random.default_rng(seed)
    west, south, east, north = settings.REGION_BBOX
    at_place = rng.random(n) < 1 / 3
    points = places[["latitude", "longitude"]].to_numpy()
    chosen = points[rng.integers(0, len(points), n)]
    lat = np.where(at_place, chosen[:, 0], rng.uniform(south, north, n))
    lon = np.where(at_place, chosen[:, 1], rng.uniform(west, east, n))
    first = np.datetime64("2018-01-01")
    start = first + rng.integers(0, (np.datetime64("2026-12-31") - first).astype(int), n).astype("timedelta64[D]")
    span = rng.choice([0, 0, 0, 1, 6], n).astype("timedelta64[D]")
    words = np.array(_WORDS)
    lengths = rng.integers(20, 61, n)
    texts = [" ".join(words[rng.integers(0, len(words), k)]).capitalize() + "." for k in lengths]
    frame = pd.DataFrame(
        {
            "dataset": "ACLED",
            "dataset_id": [f"SYN{i:07d}" for i in range(n)],
            "date_start": start.astype("datetime64[ms]"),
            "date_end": (start + span).astype("datetime64[ms]"),
            "time_precision": np.where(span > np.timedelta64(0, "D"), 2, 1),
            "event_type": rng.choice(EVENT_TYPES, n),
            "sub_event_type": "Armed clash",
            "actors": "Synthetic actor A; Synthetic actor B",
            "country": "Azerbaijan",
            "admin1": "",
            "location": [f"Synthetic place {i % 997}" for i in range(n)],
            "latitude": lat.round(4),
            "longitude": lon.round(4),
            "geo_precision": rng.choice([1, 2, 3], n),
            "fatalities": rng.choice([0, 0, 1, 2], n),
            "excerpt": texts,
            "reported_by": "Synthetic wire",
        }
    )
    return frame


def _median(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def write_bench_root(root: Path, n: int) -> tuple[Any, pd.DataFrame]:
    """A data root under ``root``: the project's curated data and ``n`` synthetic events imported as
    ``bench``. Returns the loaded curated atlas and its places table."""
    import yaml

    from caucasus_atlas.imports import LICENCES, REGISTRY_FILE, to_store
    from caucasus_atlas.tables import tables
    from caucasus_atlas.validate import load_atlas

    for part in ("geodata", "events"):
        shutil.copytree(settings.PROJECT_ROOT / part, root / part)
    atlas = load_atlas(root)
    places = tables(atlas).places
    (root / "imports").mkdir()
    to_store(synthetic_events(n, places), "bench").to_parquet(root / "imports" / "bench.parquet", index=False)
    record = {"name": "bench", "dataset": "ACLED", "file": "synthetic", "sha256": "-", "rows": n, "kept": n,
              "skipped": 0, "imported_on": dt.date.today().isoformat(), "licence": LICENCES["ACLED"]}  # fmt: skip
    (root / REGISTRY_FILE).write_text(yaml.safe_dump([record]))
    return atlas, places


#: Rows of the bench's ACLED file written at a time (the writer's own memory stays small).
_WRITE_SLICE = 200_000


def write_acled_csv(path: Path, n: int, places: pd.DataFrame) -> int:
    """An ACLED-shaped CSV of ``n`` synthetic events (ACLED's column names, notes of 20 to 60 words, dates as
    ACLED writes them), written a slice at a time; returns its size in bytes."""
    header = True
    with path.open("w", encoding="utf-8", newline="") as handle:
        for first in range(0, n, _WRITE_SLICE):
            rows = synthetic_events(min(_WRITE_SLICE, n - first), places, seed=first + 1)
            pd.DataFrame(
                {
                    "event_id_cnty": [f"SYN{first + i:08d}" for i in range(len(rows))],
                    "event_date": rows["date_start"].dt.strftime("%Y-%m-%d"),
                    "time_precision": rows["time_precision"],
                    "event_type": rows["event_type"],
                    "sub_event_type": rows["sub_event_type"],
                    "actor1": "Synthetic actor A",
                    "actor2": "Synthetic actor B",
                    "country": rows["country"],
                    "admin1": rows["admin1"],
                    "location": rows["location"],
                    "latitude": rows["latitude"],
                    "longitude": rows["longitude"],
                    "geo_precision": rows["geo_precision"],
                    "source": rows["reported_by"],
                    "notes": rows["excerpt"],
                    "fatalities": rows["fatalities"],
                }
            ).to_csv(handle, index=False, header=header)
            header = False
    return path.stat().st_size


def measure_import(n: int) -> dict[str, Any]:
    """``python -m caucasus_atlas import acled`` of an ``n``-row file the bench writes, in a child process
    on a fresh data root: its time and peak resident memory (what ``bench --import`` prints)."""
    import os

    from caucasus_atlas.tables import tables
    from caucasus_atlas.validate import load_atlas

    places = tables(load_atlas(settings.PROJECT_ROOT)).places
    with tempfile.TemporaryDirectory() as folder:
        root, csv = Path(folder) / "root", Path(folder) / "acled-bench.csv"
        size = write_acled_csv(csv, n, places)
        t0 = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "caucasus_atlas", "--data", str(root), "import", "acled", str(csv), "--name", "b"],
            cwd=settings.PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        out = child.stdout.read() if child.stdout else ""
        _, status, usage = os.wait4(child.pid, 0)  # the child's own peak memory, not the bench's
        seconds = time.perf_counter() - t0
        return {
            "import_rows": n,
            "file_mb": round(size / 1e6, 1),
            "import_s": round(seconds, 1),
            "peak_rss_mb": round(usage.ru_maxrss / 1024),
            "exit": os.waitstatus_to_exitcode(status),
            "said": out.strip().splitlines()[-1:] if out else [],
        }


def measure(n: int) -> dict[str, Any]:
    """Build a data root with ``n`` synthetic imported events and time what the dashboard does with them."""
    import folium
    import folium.plugins

    from caucasus_atlas.gazetteer import basemap
    from caucasus_atlas.imports import load_imports
    from caucasus_atlas.map.element import build_map
    from caucasus_atlas.map.escaping import script_json
    from caucasus_atlas.map.features import event_layers
    from caucasus_atlas.map.imported import Positions, Viewport, view_payload
    from caucasus_atlas.tables import tables

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        atlas, places = write_bench_root(root, n)

        t0 = time.perf_counter()
        imported, _, problems = load_imports(root)
        load_s = time.perf_counter() - t0
        assert not problems and len(imported) == n, problems

        month_start, month_end = np.datetime64("2021-05-01", "ms"), np.datetime64("2021-06-01", "ms")
        starts, ends = imported["date_start"].to_numpy(), imported["date_end"].to_numpy()
        types = imported["event_type"].astype("category")

        def filter_month() -> np.ndarray:
            keep = (starts < month_end) & (ends >= month_start)
            keep &= types.isin(EVENT_TYPES[:2]).to_numpy()
            return np.flatnonzero(keep)

        filter_s = _median(filter_month, 20)
        filter_rows = filter_month()
        built = tables(atlas)
        events, links = built.events, built.event_places
        admin0, admin1 = basemap(atlas.admin0, atlas.admin1)
        every = np.arange(n)

        from caucasus_atlas.ui.mapview import frame_args

        t0 = time.perf_counter()
        frame = frame_args(build_map(events.iloc[0:0], links, places, admin0=admin0, admin1=admin1,
                                     tiles=True, cluster=True, external_layers=True))  # fmt: skip
        frame_s = time.perf_counter() - t0
        from caucasus_atlas.ui.mapview import layers_text

        t0 = time.perf_counter()
        positions = Positions.of(imported, ["bench"])
        positions_s = time.perf_counter() - t0
        views = {
            "region_z7": Viewport.around(*settings.MAP_CENTER, 7),
            "province_z9": Viewport.around(40.2, 46.0, 9),
            "village_z14": Viewport.around(40.24, 45.97, 14),
        }
        measured: dict[str, dict[str, Any]] = {}
        for name, view in views.items():
            payload = view_payload(positions, every, view, ["bench"], points_from_zoom=settings.CLUSTER_UNTIL_ZOOM)
            measured[name] = {
                "mode": payload["mode"], "in_view": payload["inView"], "sent": payload["n"],
                "bytes": len(script_json(payload).encode()),
                "s": round(_median(lambda v=view: script_json(view_payload(
                    positions, every, v, ["bench"], points_from_zoom=settings.CLUSTER_UNTIL_ZOOM)), 5), 4),
            }  # fmt: skip
        sent: dict[str, str] = {}

        def map_rerun(curated_key: object = "all") -> None:
            # as the dashboard does it: the curated layers come from their cache unless their filter is new;
            # the imported events of the view are built afresh (a new view)
            text, digest = layers_text("bench", curated_key, lambda: event_layers(events, links, places))
            sent["script"] = f"/* events {digest} */\n{frame['script']}"
            sent["html"] = f"{frame['html']}<script type='application/json'>{text}</script>"
            sent["imported"] = script_json(view_payload(positions, every, views["region_z7"], ["bench"],
                                                        points_from_zoom=settings.CLUSTER_UNTIL_ZOOM))  # fmt: skip

        # a new date range, as the dashboard takes it (every import chosen, the whole span less a day each
        # time, so nothing is cached): its rows, their digest, and the region's imported events
        from caucasus_atlas.ui import imported as dashboard_imports
        from caucasus_atlas.ui.data import build_frames

        data = build_frames(str(root))
        dashboard_imports.positions(data)  # once per load, as in the dashboard
        days = iter(range(1, 1000))

        def date_change() -> None:
            chosen = SimpleNamespace(
                start=dt.date(2018, 1, 1) + dt.timedelta(days=next(days)), end=dt.date(2026, 12, 31),
                datasets=("bench",), query="", imported_datasets=None, imported_types=None, fatalities=None,
            )  # fmt: skip
            rows = dashboard_imports._rows_in_filter(data, chosen)
            dashboard_imports.rows_digest(rows)
            script_json(view_payload(dashboard_imports.positions(data), rows, views["region_z7"], ["bench"],
                                     points_from_zoom=settings.CLUSTER_UNTIL_ZOOM))  # fmt: skip

        date_change_s = _median(date_change, 5)
        map_rerun()  # the curated layers of this filter, once
        map_s = _median(map_rerun, 5)
        payload_bytes = sum(len(text.encode()) for text in sent.values())
        points = imported[["latitude", "longitude"]].to_numpy().tolist()

        def baseline() -> None:
            fmap = folium.Map(location=settings.MAP_CENTER, zoom_start=settings.MAP_ZOOM, tiles=None)
            folium.plugins.FastMarkerCluster(points).add_to(fmap)
            fmap.get_root().render()

        baseline_s = _median(baseline, 3)
    return {
        "events": n,
        "load_s": round(load_s, 3),
        "filter_s": round(filter_s, 4),
        "filter_rows": len(filter_rows),
        "positions_s": round(positions_s, 3),
        "date_change_s": round(date_change_s, 4),
        "views": measured,
        "map_s": round(map_s, 4),
        "frame_s": round(frame_s, 3),
        "payload_bytes": payload_bytes,
        "baseline_fastmarkercluster_s": round(baseline_s, 3),
        "map_vs_baseline": round(map_s / baseline_s, 3) if baseline_s else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def run(sizes: list[int]) -> int:
    """One child process per size; print each child's JSON line as it comes."""
    status = 0
    for n in sizes:
        done = subprocess.run(
            [sys.executable, "-c", f"import json, caucasus_atlas.bench as b; print(json.dumps(b.measure({n})))"],
            capture_output=True, text=True, cwd=settings.PROJECT_ROOT, timeout=1800,
        )  # fmt: skip
        if done.returncode:
            print(json.dumps({"events": n, "error": done.stderr.strip().splitlines()[-1:]}))
            status = 1
        else:
            print(done.stdout.strip().splitlines()[-1], flush=True)
    return status


if __name__ == "__main__":
    raise SystemExit(run([int(a) for a in sys.argv[1:]] or [1000]))
