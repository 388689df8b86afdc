"""The rules of a source record (``events/sources/sources.yaml``): its metadata and its text, byte for byte."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from caucasus_atlas import settings
from caucasus_atlas.loading import Atlas, readable_records
from caucasus_atlas.models import SOURCE_FIELDS, Source
from caucasus_atlas.reading import check_file, inside, shown
from caucasus_atlas.records import Record


def load_sources(atlas: Atlas) -> None:
    rel = settings.SOURCES_FILE
    for rec in readable_records(atlas, rel, SOURCE_FIELDS, "a source"):
        atlas.source_ids.add(rec.id)
        values = {name: rec.text(name) for name in ("title", "publisher", "language", "path", "sha256")}
        date = rec.text("date")
        if date and not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", date):
            rec.problem("date", f"is not an ISO date or month (got {shown(date)}, expected YYYY-MM or YYYY-MM-DD)")
        text = _source_text(rec, atlas.root, rel.parent, values["path"], values["sha256"])
        if rec.fatal or text is None:
            continue
        extra = {name: rec.text(name, required=False) for name in ("publisher_note", "url", "author", "read_at")}
        # metadata problems cost the field, not the document and its events
        if extra["url"] and not re.fullmatch(r"https?://\S+", extra["url"]):
            why = f"is not a web address (got {shown(extra['url'])}, expected http:// or https://…); left out"
            rec.problem("url", why, fatal=False)
            extra["url"] = ""
        unknown = settings.claimant_problem(extra["author"]) if extra["author"] else None
        if unknown:
            rec.problem("author", f"{unknown}; left out", fatal=False)
            extra["author"] = ""
        completeness = rec.raw.get("completeness", "whole")
        if completeness not in settings.COMPLETENESS:
            expected = " or ".join(settings.COMPLETENESS)
            rec.problem("completeness", f"is not in the vocabulary (got {shown(completeness)}, expected {expected})",
                        fatal=False)  # fmt: skip
            completeness = "whole"
        if rec.fatal:
            continue
        atlas.sources[rec.id] = Source(id=rec.id, date=date, completeness=completeness, **values, **extra)
        atlas.texts[rec.id] = text


def _source_text(rec: Record, root: Path, folder: Path, path: str, sha256: str) -> str | None:
    """The text of a source document, read only from inside the data folder and checked byte for byte."""
    if not path:
        return None
    full = root / folder / path
    if not inside(root, full):
        rec.problem("path", f"leaves the data folder (got {shown(path)}, expected a file inside {folder})")
        return None
    reason = check_file(root, full.relative_to(root))
    if reason:
        rec.problem("path", f"{shown(path)} {reason}")
        return None
    data = full.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if sha256 and digest != sha256:
        rec.problem("sha256", f"does not match the file (got {shown(sha256)}, expected {digest})")
    if b"\r\n" in data:
        rec.problem(
            "path",
            "the text has Windows (CRLF) line ends, so no excerpt offset can match: restore the file byte for "
            "byte (git keeps events/sources/ as binary through .gitattributes; a copy made on Windows may have "
            "converted it)",
        )
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        rec.problem("path", f"{shown(path)} is not UTF-8 text (byte 0x{data[exc.start : exc.start + 1].hex()})")
        return None
