"""Command line: ``python -m caucasus_atlas validate | export | bench``."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from caucasus_atlas import settings

if TYPE_CHECKING:
    import datetime as dt

    from caucasus_atlas.loading import Atlas


def _cmd_validate(args: argparse.Namespace) -> int:
    from caucasus_atlas.validate import load_atlas

    atlas = load_atlas(args.data)
    for problem in atlas.problems:
        print(problem)
    if atlas.problems:
        print(f"{len(atlas.problems)} problem(s) in {atlas.root}", file=sys.stderr)
        return 1
    imported = f", {len(atlas.imported)} imported events in {len(atlas.imports)} import(s)" if atlas.imports else ""
    counts = f"{len(atlas.sources)} source(s), {len(atlas.places)} places, {len(atlas.events)} events{imported}"
    print(f"ok: {counts} in {atlas.root}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from caucasus_atlas import export
    from caucasus_atlas.tables import tables
    from caucasus_atlas.validate import load_atlas

    atlas = load_atlas(args.data)
    for problem in atlas.problems:
        print(f"warning: {problem}", file=sys.stderr)
    t = tables(atlas)
    events, links, places = t.events, t.event_places, t.places
    if args.what == "places":
        text = export.places_csv(places) if args.format == "csv" else export.places_geojson(places)
    elif args.what == "event-places":
        text = export.event_places_csv(events, links, places)
    elif args.what == "incidents":
        text = export.incidents_csv(t.incidents, events)
    elif args.what == "statements":
        text = export.statements_csv(events, places)
    elif args.what == "comparison":
        text = export.comparison_csv(events, places, atlas.sources, args.incident)
    else:
        from caucasus_atlas.corroboration import nearby

        found = nearby(events, links, places, atlas.imported)
        write = export.events_csv if args.format == "csv" else export.events_geojson
        text = write(events, links, places, atlas.sources, imported=atlas.imported, nearby=found)
    if args.output in (None, "-"):
        sys.stdout.write(text)
    else:
        target = Path(args.output).resolve()
        curated = [atlas.root.resolve() / folder for folder in ("geodata", "events", "imports")]
        if any(target.is_relative_to(folder) for folder in curated) and not args.force:
            print(
                f"error: {args.output} is inside the data folder's geodata/, events/ or imports/: an export there "
                "could overwrite a curated file; write elsewhere, or add --force",
                file=sys.stderr,
            )
            return 2
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output} ({len(text.encode('utf-8'))} bytes)", file=sys.stderr)
    return 1 if atlas.problems else 0


def _cmd_coverage(args: argparse.Namespace) -> int:
    from caucasus_atlas.coverage import coverage, format_report
    from caucasus_atlas.validate import load_atlas

    atlas = load_atlas(args.data)
    status = 0
    for source_id in atlas.sources:
        report = coverage(atlas, source_id)
        print(f"# {source_id}")
        print(format_report(report))
        if report.unexplained or report.problems:
            status = 1
    return status


def _warm_up() -> None:
    """Once the server answers, visit the overview once with a headless session (the load test's client):
    the libraries are imported, the data loaded and the default map built before the first person comes.
    Only on this machine's own address; any failure is ignored (the first visitor then does the work)."""
    import time
    import urllib.request

    from streamlit import config

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            address = str(config.get_option("server.address") or "localhost")
            host = "127.0.0.1" if address in ("", "0.0.0.0", "localhost", "::") else address
            base = str(config.get_option("server.baseUrlPath") or "").strip("/")
            url = f"http://{host}:{config.get_option('server.port')}" + (f"/{base}" if base else "")
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                break
        except Exception:  # not up yet
            time.sleep(0.2)
    else:
        return
    try:
        from caucasus_atlas.loadtest import run_load_test

        run_load_test(url=url, sessions=1, seconds=0.1, interval=0.1)
    except Exception:  # a warm-up is a courtesy: never a reason to fail
        pass


def _cmd_serve(args: argparse.Namespace) -> int:
    """Run the dashboard: ``streamlit run dashboard.py`` with the atlas's pages list in force from the start.

    Streamlit resolves the very first request after it starts against the ``pages/`` folder (its older
    multipage mode) until some session has called ``st.navigation``; a deep link such as ``/border`` as
    that first request then shows "Page not found". Declaring up front that the folder is not used
    (:func:`~caucasus_atlas.serving.navigation_only`) avoids it. Once it answers, one headless visit warms
    it up (:func:`_warm_up`). Everything after ``serve`` is passed to ``streamlit run``.
    """
    import threading

    from streamlit.web import cli

    from caucasus_atlas.serving import navigation_only

    navigation_only()
    threading.Thread(target=_warm_up, daemon=True).start()
    sys.argv = ["streamlit", "run", str(settings.project_file("dashboard.py")), *args.streamlit_args]
    return cli.main()


def _timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times)


def _cmd_bench(args: argparse.Namespace) -> int:
    """Time the steps behind a cold start and behind a filter change (medians of ``--repeat`` runs); with
    ``--events N …``, synthetic imported events at each size, one JSON line each (see ``bench.py``)."""
    if args.pages:
        import json
        import tempfile

        from caucasus_atlas.bench import write_bench_root
        from caucasus_atlas.loadtest import page_costs

        for n in args.events or [0]:
            with tempfile.TemporaryDirectory() as folder:
                root = args.data
                if n:
                    root = Path(folder)
                    write_bench_root(root, n)
                print(json.dumps({"imported_events": n, "pages": page_costs(repeats=args.repeat, data_root=root)}))
        return 0
    if args.imports:
        import json

        from caucasus_atlas.bench import measure_import

        for n in args.imports:
            print(json.dumps(measure_import(n)), flush=True)
        return 0
    if args.events:
        from caucasus_atlas.bench import run

        return run(args.events)
    t0 = time.perf_counter()
    from caucasus_atlas.events import filter_events
    from caucasus_atlas.gazetteer import basemap
    from caucasus_atlas.map.element import build_map
    from caucasus_atlas.tables import tables
    from caucasus_atlas.validate import load_atlas

    import_s = time.perf_counter() - t0
    atlas = load_atlas(args.data)
    t = tables(atlas)
    events, links, places = t.events, t.event_places, t.places
    admin0, admin1 = basemap(atlas.admin0, atlas.admin1)
    start, end = settings.DEFAULT_DATE_RANGE

    def load() -> None:
        a = load_atlas(args.data)
        tables(a)
        basemap(a.admin0, a.admin1)

    def filter_and_map() -> None:
        shown = filter_events(events, start=start, end=end, topics=["border"])
        build_map(shown, links, places, admin0=admin0, admin1=admin1).get_root().render()

    html_bytes = len(build_map(events, links, places, admin0=admin0, admin1=admin1).get_root().render().encode())
    print(f"data: {len(atlas.events)} events, {len(atlas.places)} places, {len(atlas.problems)} problems")
    print(f"import of the package and its libraries: {import_s * 1000:.0f} ms (once per process)")
    for name, fn in (
        ("load + validate + tabulate (cold start)", load),
        ("filter + build + render map", filter_and_map),
    ):
        median, best = _timed(fn, args.repeat)
        print(f"{name}: median {median * 1000:.1f} ms, best {best * 1000:.1f} ms over {args.repeat} runs")
    print(f"rendered map HTML, all events: {html_bytes / 1024:.0f} KiB")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    """Import an ACLED export or a UCDP GED file into the data root; one line per skipped row."""
    from caucasus_atlas.imports import ImportRefused, import_file

    root = args.data if args.data is not None else settings.data_root()
    try:
        result = import_file(
            root, args.dataset, args.file, name=args.name, progress=lambda line: print(line, file=sys.stderr)
        )
    except (ImportRefused, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if result.already:
        print(f"{args.file.name} is already imported as {result.already!r} (same sha256): nothing done")
        return 0
    for problem in result.problems:
        print(f"{args.file.name}: skipped {problem}")
    if result.skipped > len(result.problems):
        print(f"{args.file.name}: … and {result.skipped - len(result.problems):,} more skipped rows (the first "
              f"{len(result.problems):,} are listed)")  # fmt: skip
    print(
        f"imported {result.kept} of {result.rows} rows from {args.file.name} as {result.name!r} "
        f"({result.dataset}; {result.skipped} skipped) into {result.path}"
    )
    return 0


def _cmd_candidates(args: argparse.Namespace) -> int:
    """Draft events from a new text: one row per sentence with a date and a gazetteer place."""
    import datetime as dt

    from caucasus_atlas import settings
    from caucasus_atlas.candidates import candidates, to_csv, to_yaml
    from caucasus_atlas.imports import ImportRefused, read_bounded
    from caucasus_atlas.validate import load_atlas

    try:
        published = dt.date.fromisoformat(args.published)
    except ValueError:
        print(f"error: --published {args.published!r} is not a date (expected YYYY-MM-DD)", file=sys.stderr)
        return 2
    if not settings.DATE_MIN <= published <= settings.DATE_MAX:
        lo, hi = settings.DATE_MIN.isoformat(), settings.DATE_MAX.isoformat()
        print(f"error: --published {args.published} is outside the dates the atlas can show ({lo} to {hi})",
              file=sys.stderr)  # fmt: skip
        return 2
    try:
        text = read_bounded(args.file, settings.MAX_DATA_FILE_BYTES).decode("utf-8")
    except ImportRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except UnicodeDecodeError as exc:
        print(f"error: {args.file} cannot be read as UTF-8 text ({type(exc).__name__})", file=sys.stderr)
        return 2
    atlas = load_atlas(args.data)
    if not atlas.places:
        print(f"error: no place of the gazetteer loaded from {atlas.root}; run validate", file=sys.stderr)
        return 2
    if args.url or args.author:
        return _draft_bundle(args, text, published, atlas)
    rows = candidates(text, published, atlas.places.values())
    sys.stdout.write(to_csv(rows) if args.format == "csv" else to_yaml(rows))
    sentences = len({(r.source_start, r.source_end) for r in rows})
    print(f"{len(rows)} candidate(s) from {sentences} sentence(s) of {args.file}", file=sys.stderr)
    return 0


def _draft_bundle(args: argparse.Namespace, text: str, published: dt.date, atlas: Atlas) -> int:
    """``candidates`` with ``--url``/``--author``: the whole draft bundle (source, places, events) as YAML."""
    from caucasus_atlas import bundle, settings
    from caucasus_atlas.drafting import draft

    author = args.author or ""
    if author and settings.claimant_problem(author):
        print(f"error: --author {settings.claimant_problem(author)}", file=sys.stderr)
        return 2
    if args.completeness not in settings.COMPLETENESS:
        print(f"error: --completeness must be one of {', '.join(settings.COMPLETENESS)}", file=sys.stderr)
        return 2
    ident = args.source_id or bundle.source_id_for(author, published, set(atlas.source_ids))
    if not bundle.id_safe(ident):
        print(f"error: --source-id {ident!r} is not an id (expected {settings.ID_PATTERN})", file=sys.stderr)
        return 2
    info = bundle.SourceInfo(
        id=ident, published=published, author=author, url=args.url or "", language=args.language,
        title=args.title or "", publisher=args.publisher or "", read_at=args.read_at or "",
        completeness=args.completeness,
    )  # fmt: skip
    proposals = draft(text, published, atlas, author=author, source_id=ident)
    made = bundle.make_bundle(text, proposals, info, atlas)
    output = bundle.dump(made)
    if args.out:
        args.out.write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
    suggested = sum(1 for e in made["events"] if e["accept"])
    open_ = bundle.open_choices([(e["id"], e) for e in made["events"] if e["accept"]])
    print(
        f"{len(made['events'])} sentence(s) of {args.file}: {suggested} proposed (accept: true), "
        f"{len(made['places'])} new place(s), {len(open_)} choice(s) left to decide"
        + (f"; bundle written to {args.out}" if args.out else ""),
        file=sys.stderr,
    )
    return 0


def _cmd_add(args: argparse.Namespace) -> int:
    """Write a document bundle's accepted records into the data folder (checked first; all or nothing)."""
    from caucasus_atlas import bundle
    from caucasus_atlas.imports import ImportRefused

    try:
        made = bundle.load(args.bundle.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {args.bundle} ({type(exc).__name__})", file=sys.stderr)
        return 2
    except bundle.BundleRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    root = args.data if args.data is not None else settings.data_root()
    if args.check:
        problems = bundle.check_bundle(root, made)
        for line in problems:
            print(line)
        print(f"{len(problems)} problem(s); nothing written (--check)", file=sys.stderr)
        return 1 if problems else 0
    try:
        written = bundle.save_bundle(root, made)
    except (bundle.BundleRefused, ImportRefused) as exc:
        lines = str(exc).splitlines()
        for line in lines:
            print(line)
        print(f"error: {len(lines)} problem(s); nothing was written", file=sys.stderr)
        return 1
    print(f"written into {root}: {', '.join(written)}", file=sys.stderr)
    return 0


def _cmd_loadtest(args: argparse.Namespace) -> int:
    """Many sessions at once against a dashboard (one started here unless ``--url``); one JSON line."""
    import json

    from caucasus_atlas.loadtest import run_load_test

    report = run_load_test(
        url=args.url, sessions=args.sessions, seconds=args.seconds, interval=args.interval, pid=args.pid,
        data_root=args.data, flood=args.flood,
    )  # fmt: skip
    print(json.dumps(report))
    return 1 if report["errors"] else 0


def _guarded(args: argparse.Namespace) -> int:
    """Run a data command; an error nobody foresaw is one line naming the data folder, not a traceback.

    Every known problem with the data is a :class:`~caucasus_atlas.validate.Problem` line; this is the
    last guard, for a bug. ``CAUCASUS_ATLAS_DEBUG=1`` shows the traceback instead.
    """
    import os

    handlers = {"validate": _cmd_validate, "export": _cmd_export, "coverage": _cmd_coverage}
    if os.environ.get("CAUCASUS_ATLAS_DEBUG"):
        return handlers[args.command](args)
    try:
        return handlers[args.command](args)
    except Exception as exc:  # the last guard: say what and where, never a traceback
        root = args.data if args.data is not None else settings.data_root()
        print(
            f"error: {args.command} stopped on an unforeseen {type(exc).__name__} while reading {root}: "
            f"{str(exc)[:300]} (a bug: please report it with this line; CAUCASUS_ATLAS_DEBUG=1 shows where)",
            file=sys.stderr,
        )
        return 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m caucasus_atlas", description=__doc__)
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help=f"folder holding geodata/ and events/ (default: ${settings.DATA_ENV_VAR} or the project folder)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check every record; exit 1 and one line per problem if any")
    exp = sub.add_parser("export", help="write events or places as CSV (ACLED columns) or GeoJSON")
    exp.add_argument("what", choices=["events", "places", "event-places", "incidents", "statements", "comparison"])
    exp.add_argument("--incident", default=None, help="comparison: only this incident's accounts (default: all)")
    exp.add_argument("--format", choices=["csv", "geojson"], default="csv")
    exp.add_argument("-o", "--output", default=None, help="file to write (default: standard output)")
    exp.add_argument("--force", action="store_true", help="write the output even inside the data folder")
    sub.add_parser("coverage", help="per section, how much of the source the excerpts cite; the uncited paragraphs")
    sub.add_parser("serve", help="run the dashboard (options after it go to `streamlit run`)")
    bench = sub.add_parser("bench", help="time loading and map building")
    bench.add_argument("--repeat", type=int, default=5)
    bench.add_argument("--events", type=int, nargs="+", default=None, help="synthetic imported events: sizes to time")
    bench.add_argument(
        "--pages", action="store_true",
        help="server time per rerun of every page, on a dashboard started here (with --events: with that many "
        "imported events)",
    )  # fmt: skip
    bench.add_argument(
        "--import", dest="imports", type=int, nargs="+", default=None,
        help="time `import acled` of a synthetic ACLED file of each size (rows), with its peak memory",
    )  # fmt: skip
    imp = sub.add_parser("import", help="import an ACLED export or a UCDP GED CSV into the data root's imports/")
    imp.add_argument("dataset", choices=["acled", "ucdp"])
    imp.add_argument("file", type=Path)
    imp.add_argument("--name", default=None, help="the import's name (default: from the file name)")
    cand = sub.add_parser(
        "candidates", help="draft events from a new text: sentences with a date and a gazetteer place (never saved)"
    )
    cand.add_argument("file", type=Path)
    cand.add_argument("--published", required=True, help="the day the text was published, YYYY-MM-DD")
    cand.add_argument("--format", choices=["csv", "yaml"], default="csv")
    cand.add_argument("--url", help="the page's address: with --url or --author, print a whole draft bundle")
    cand.add_argument("--author", help="whose statement the document is, 'Party – body' (settings.CLAIMANT_PARTIES)")
    cand.add_argument("--language", default="en", help="ISO 639-1 code of the text (default en)")
    cand.add_argument("--title", help="the document's title as printed (default: the text's first line)")
    cand.add_argument("--publisher", help="who published it (default: the author)")
    cand.add_argument("--read-at", dest="read_at", help="the outlet whose copy was read, for a reprint")
    cand.add_argument("--completeness", default="whole", help="whole (default) or beginning")
    cand.add_argument("--source-id", dest="source_id", help="the new source's id (default: author and date)")
    cand.add_argument("--out", type=Path, help="write the bundle to this file instead of printing it")
    add = sub.add_parser("add", help="write a document bundle's accepted records into the data folder (checked first)")
    add.add_argument("bundle", type=Path)
    add.add_argument(
        "--check", action="store_true", help="list what stops the bundle from being written; write nothing"
    )
    load = sub.add_parser("loadtest", help="many headless sessions at once; prints reruns/s, latency, errors, memory")
    load.add_argument("--sessions", type=int, default=20, help="concurrent sessions (default 20)")
    load.add_argument("--seconds", type=float, default=60, help="how long the sessions run (default 60)")
    load.add_argument("--interval", type=float, default=5, help="seconds between one session's changes (default 5)")
    load.add_argument("--url", default=None, help="a running dashboard on this machine (default: start one)")
    load.add_argument("--pid", type=int, default=None, help="with --url: the server's process id, for memory and CPU")
    load.add_argument(
        "--flood", type=int, default=0, metavar="N",
        help="also N sessions asking for a rerun every second, each on another costly page with a new search "
        "(the latencies are then the other sessions'; a newcomer opens the dashboard half-way)",
    )  # fmt: skip
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "serve":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.streamlit_args = extra
    if args.command in ("validate", "export", "coverage"):
        return _guarded(args)
    handlers = {
        "validate": _cmd_validate, "export": _cmd_export, "coverage": _cmd_coverage, "serve": _cmd_serve,
        "bench": _cmd_bench, "loadtest": _cmd_loadtest, "import": _cmd_import, "candidates": _cmd_candidates,
        "add": _cmd_add,
    }  # fmt: skip
    return handlers[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
