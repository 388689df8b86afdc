"""A valid data root whose every text field carries script payloads: they must show as text, never run.

Each payload, if it ever ran, would record its name in ``window.top.__pwned``; the tests look there.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import yaml

from caucasus_atlas import settings
from caucasus_atlas.models import find_excerpt
from tests.conftest import ADMIN0, ADMIN1


def _mark(name: str) -> str:
    return f"(window.top.__pwned=(window.top.__pwned||[]).concat(['{name}']))"


#: name -> payload. Each is valid text to the validator and a working attack if rendered as markup or code.
PAYLOADS = {
    "img": f'<img src=x onerror="{_mark("img")}">',
    "script": f"<script>{_mark('script')}</script>",
    "template": f"`${{{_mark('template')}}}`",
    "close": f"</script><script>{_mark('close')}</script>",
    "link": f"[read more](javascript:{_mark('link')})",
    "svg": f'<svg onload="{_mark("svg")}">',
    # not code: addresses that must show as text, never as a live link
    "urls": "see http://2130706433/phish or https://evil。example/login or www.evil.example or mail@evil.example",
}
#: A link to any of the addresses in PAYLOADS["urls"], if one was made of them.
URL_LINKS = "a[href*='2130706433'], a[href*='evil']"
P = PAYLOADS

SOURCE_TEXT = f"""# Hostile bulletin {P["img"]}

## I. Border {P["svg"]}

On 1 May, soldiers fired near {P["img"]} village. The ministry in {P["close"]} denied it {P["link"]}.

## II. Roads

A road from {P["template"]} to {P["script"]} was opened on 3 May.
"""


def _excerpt(text: str) -> dict:
    start, end = find_excerpt(SOURCE_TEXT, text)
    return {"excerpt": text, "source_start": start, "source_end": end}


def write_hostile_root(root: Path) -> Path:
    """A data root with payloads in titles, names, alternative names, actors, claimants, summaries,
    excerpts and the district names of the boundaries. It validates without a problem."""
    (root / "geodata" / "boundaries").mkdir(parents=True, exist_ok=True)
    (root / "events" / "sources").mkdir(parents=True, exist_ok=True)
    admin1 = copy.deepcopy(ADMIN1)
    admin1["features"][1]["properties"]["name_en"] = P["script"]
    (root / settings.ADMIN1_FILE).write_text(json.dumps(admin1))
    (root / settings.ADMIN0_FILE).write_text(json.dumps(ADMIN0))
    (root / "events" / "sources" / "doc.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    source = {
        "id": "hostile-src",
        "title": f"Bulletin {P['img']} {P['link']}",
        "publisher": f"Publisher {P['script']}",
        "publisher_note": f"Note {P['template']} {P['close']}",
        "date": "2021-05",
        "language": "en",
        "path": "doc.txt",
        "sha256": hashlib.sha256(SOURCE_TEXT.encode()).hexdigest(),
    }
    places = [
        {
            "id": "alpha", "name": f"Alpha {P['img']}", "alt_names": [P["link"], P["template"]], "kind": "settlement",
            "country": "AZ", "point": [46.25, 40.25], "geo_precision": 1, "coord_source": f"test {P['svg']}",
        },
        {
            "id": "near", "name": f"Near {P['close']}", "kind": "settlement", "country": "AZ",
            "point": [46.35, 40.15], "geo_precision": 2, "coord_source": "test",
        },
        {
            "id": "eastshire", "name": f"Eastshire {P['svg']}", "kind": "district", "country": "AM",
            "adm1": "ARM-T2", "geo_precision": 3, "coord_source": "test",
        },
        {
            "id": "road", "name": f"Road {P['template']}", "kind": "corridor", "country": "AZ",
            "line": [[46.1, 40.1], [46.4, 40.4]], "geo_precision": 2, "coord_source": "test",
        },
    ]  # fmt: skip
    common = {"source": "hostile-src", "event_type": "statement", "sub_event_type": "claim", "stance": "asserts"}
    events = [
        {
            "id": "h-fire", **common, "date_start": "2021-05-01", "date_end": "2021-05-01", "time_precision": 1,
            "topic": "border", "actors": [f"Soldiers {P['img']}", P["link"]],
            "claimed_by": f"Russia – Claimant {P['script']}",
            "places": [{"place": "alpha", "role": "at"}, {"place": "near", "role": "about"}],
            "summary": f"Shots {P['template']} {P['close']}",
            **_excerpt(f"On 1 May, soldiers fired near {P['img']} village."),
        },
        {
            "id": "h-denial", **common, "date_start": "2021-05-02", "date_end": "2021-05-02", "time_precision": 1,
            "topic": "border", "actors": [P["svg"]], "claimed_by": f"Russia – Ministry {P['link']}", "stance": "denies",
            "sub_event_type": "denial", "responds_to": "h-fire", "places": [{"place": "eastshire", "role": "at"}],
            "summary": f"Denial {P['svg']}",
            **_excerpt(f"The ministry in {P['close']} denied it {P['link']}."),
        },
        {
            "id": "h-road", **common, "date_start": "2021-05-03", "date_end": "2021-05-03", "time_precision": 1,
            "topic": "regional", "event_type": "construction", "sub_event_type": "completed",
            "actors": [P["template"]], "claimed_by": f"Russia – {P['close']}",
            "places": [{"place": "road", "role": "at"}],
            "summary": f"Road {P['script']}",
            **_excerpt(f"A road from {P['template']} to {P['script']} was opened on 3 May."),
        },
    ]  # fmt: skip
    (root / settings.SOURCES_FILE).write_text(yaml.safe_dump([source], allow_unicode=True))
    (root / settings.PLACES_FILE).write_text(yaml.safe_dump(places, allow_unicode=True))
    (root / "events" / "hostile.yaml").write_text(yaml.safe_dump(events, allow_unicode=True, sort_keys=False))
    _import_hostile(root)
    return root


def _import_hostile(root: Path) -> None:
    """An ACLED file whose notes, location, actors and source carry the payloads, imported."""
    from caucasus_atlas.imports import import_file

    rows = ["event_id_cnty,event_date,latitude,longitude,notes,location,actor1,source"]
    for n, (name, payload) in enumerate(PAYLOADS.items()):
        cells = [
            f"HOST{n}",
            "2021-05-02",
            f"{40.2 + n / 100:.2f}",
            "46.30",
            payload,
            f"{name} {payload}",
            payload,
            payload,
        ]
        rows.append(",".join('"' + c.replace('"', '""') + '"' for c in cells))
    path = root / "hostile-acled.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    import_file(root, "acled", path, name="hostile-import")
    path.unlink()
