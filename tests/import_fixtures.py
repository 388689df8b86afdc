"""Realistic import files written by the tests: ACLED's and UCDP GED's published columns, a few thousand
rows of made-up events around the Armenia–Azerbaijan border, some broken rows, a byte-order mark and
both of ACLED's date formats. Every value is invented here; none is ACLED's or UCDP's data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from pathlib import Path

from caucasus_atlas.imports import ACLED_COLUMNS, UCDP_COLUMNS

#: Rows broken on purpose: (1-based row number, column, value). The import must skip exactly these.
ACLED_BROKEN = {
    7: ("event_date", "2021-02-30"),
    19: ("latitude", "forty"),
    23: ("longitude", "181"),
    42: ("event_id_cnty", ""),
    77: ("time_precision", "9"),
    101: ("fatalities", "-3"),
}
UCDP_BROKEN = {
    5: ("date_start", "yesterday"),
    11: ("latitude", ""),
    12: ("where_prec", "8"),
}
#: A row whose text a spreadsheet would run as a formula: kept as text, defused on export.
FORMULA = "=cmd|' /C calc'!A0"


def _day(rng: random.Random) -> dt.date:
    return dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(365))


def acled_csv(path: Path, *, rows: int = 2000, seed: int = 7, bom: bool = True, extra: bool = True) -> Path:
    """An ACLED export: every published column (plus an extra one), dates alternating between the two
    formats, the broken rows of :data:`ACLED_BROKEN`, and :data:`FORMULA` in the notes of row 3."""
    rng = random.Random(seed)
    columns = [*ACLED_COLUMNS, "extra_column"] if extra else ACLED_COLUMNS
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for n in range(1, rows + 1):
        day = _day(rng)
        row = {c: "" for c in columns}
        row.update(
            event_id_cnty=f"AZE{n:05d}",
            event_date=day.isoformat() if n % 2 else day.strftime("%d %B %Y"),
            year=str(day.year),
            time_precision=str(rng.choice([1, 1, 1, 2, 3])),
            disorder_type="Political violence",
            event_type=rng.choice(["Battles", "Explosions/Remote violence", "Strategic developments"]),
            sub_event_type="Armed clash",
            actor1="Military Forces of Azerbaijan (2003-)",
            actor2="Military Forces of Armenia (2018-)",
            iso="31",
            region="Caucasus and Central Asia",
            country=rng.choice(["Azerbaijan", "Armenia"]),
            admin1="Nakhchivan",
            location=f"Place {n}",
            latitude=f"{rng.uniform(38.9, 41.2):.4f}",
            longitude=f"{rng.uniform(44.8, 46.9):.4f}",
            geo_precision=str(rng.choice([1, 2, 3])),
            source="Made-up wire",
            source_scale="National",
            notes=f"On {day.isoformat()}, made-up forces exchanged fire near place {n}.",
            fatalities=str(rng.choice([0, 0, 0, 1, 2])),
            timestamp="1622505600",
        )
        if extra:
            row["extra_column"] = "ignored"
        if n == 3:
            row["notes"] = FORMULA
        if n in ACLED_BROKEN:
            column, value = ACLED_BROKEN[n]
            row[column] = value
        writer.writerow(row)
    data = out.getvalue().encode("utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def acled_minimal_csv(path: Path) -> Path:
    """An ACLED export with only the columns the import needs, three rows."""
    path.write_text(
        "event_id_cnty,event_date,latitude,longitude,notes\n"
        "ARM1,2021-05-12,40.2,45.6,One\n"
        "ARM2,13 May 2021,40.3,45.7,Two\n"
        "ARM3,14 May 2021,40.4,45.8,\n",
        encoding="utf-8",
    )
    return path


def ucdp_csv(path: Path, *, rows: int = 1000, seed: int = 11) -> Path:
    """A UCDP GED CSV with its published columns and the broken rows of :data:`UCDP_BROKEN`."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=UCDP_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for n in range(1, rows + 1):
        day = _day(rng)
        row = {
            "id": str(400000 + n), "year": str(day.year), "type_of_violence": "1",
            "conflict_name": "Azerbaijan: Nagorno-Karabakh",
            "dyad_name": "Government of Azerbaijan - Government of Armenia",
            "side_a": "Government of Azerbaijan", "side_b": "Government of Armenia",
            "source_article": "Made-up agency", "source_headline": f"Made-up headline {n}",
            "where_coordinates": f"Village {n}", "where_prec": str(rng.choice([1, 2, 4])),
            "latitude": f"{rng.uniform(39.0, 40.9):.4f}", "longitude": f"{rng.uniform(45.0, 46.8):.4f}",
            "country": "Azerbaijan", "adm_1": "Tovuz", "date_start": f"{day.isoformat()} 00:00:00.000",
            "date_end": f"{(day + dt.timedelta(days=rng.choice([0, 0, 1]))).isoformat()} 00:00:00.000",
            "date_prec": str(rng.choice([1, 1, 2])), "best": str(rng.choice([0, 1, 3])), "low": "0", "high": "3",
        }  # fmt: skip
        if n in UCDP_BROKEN:
            column, value = UCDP_BROKEN[n]
            row[column] = value
        writer.writerow(row)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path
