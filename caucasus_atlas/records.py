"""The field-checking framework: one :class:`Record` per raw YAML record notes a :class:`Problem` for
each field that is wrong (which file, which record, which field, got what, expected what); :class:`Grouped`
gathers the problems many records share into one line."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from caucasus_atlas import settings
from caucasus_atlas.reading import Raw, shown


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in one field of one record."""

    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.field}: {self.message}"


class ValidationError(Exception):
    """Raised by :func:`require_valid` with every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the atlas data:\n{lines}")


class Record:
    """Reads fields of one raw record, noting a problem for each field that is wrong."""

    def __init__(self, file: str, index: int, raw: Raw, problems: list[Problem], known: Iterable[str]) -> None:
        self.file = file
        self.problems = problems
        self.fatal = False
        value = raw.value
        self.raw: dict[str, Any] = value if isinstance(value, dict) else {}
        ident = self.raw.get("id")
        self.id = ident if isinstance(ident, str) and ident.strip() else f"record #{index + 1} (line {raw.line})"
        #: False when the record is not a mapping: nothing more is checked or reported for it
        self.readable = isinstance(value, dict)
        if not self.readable:
            self.problem("-", f"must be a mapping of fields (got a {type(value).__name__}: {shown(value)})")
            return
        for key, lines in getattr(value, "repeated", {}).items():
            self.problem(
                key,
                f"is given {len(lines)} times in one record (lines {', '.join(map(str, lines))}); "
                "keep one: the record is left out until then",
            )
        for name, value in self.raw.items():
            left = _open_choice(value)
            if left is not None:
                self.problem(str(name)[:60], f"is a choice left to the curator: {left} (got {settings.DRAFT_MARK!r}…)")
        for name in self.raw:
            if name not in known:
                self.problem(
                    str(name)[:60], f"unknown field (expected one of: {', '.join(sorted(known))})", fatal=False
                )

    def problem(self, name: str, message: str, *, fatal: bool = True) -> None:
        self.problems.append(Problem(self.file, self.id, name, message))
        self.fatal = self.fatal or fatal

    def text(self, name: str, *, required: bool = True) -> str:
        value = self.raw.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(name, "is missing (expected a non-empty text)")
            return ""
        if not isinstance(value, str):
            self.problem(name, f"must be text (got {shown(value)})")
            return ""
        return value.strip()

    def texts(self, name: str, *, required: bool = False) -> tuple[str, ...]:
        value = self.raw.get(name)
        if value is None:
            if required:
                self.problem(name, "is missing (expected a list of texts)")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(name, f"must be a list of non-empty texts (got {shown(value)})")
            return ()
        if required and not value:
            self.problem(name, "is empty (expected at least one entry)")
        return tuple(v.strip() for v in value)

    def choice(self, name: str, options: Iterable[Any], *, required: bool = True) -> Any:
        options = tuple(options)
        value = self.raw.get(name)
        if value is None:
            if required:
                self.problem(name, f"is missing (expected one of: {', '.join(map(str, options))})")
            return None
        if value not in options:
            self.problem(
                name, f"is not in the vocabulary (got {shown(value)}, expected one of: {', '.join(map(str, options))})"
            )
            return None
        return value

    def integer(self, name: str, *, required: bool = True, minimum: int | None = None) -> int | None:
        value = self.raw.get(name)
        if value is None:
            if required:
                self.problem(name, "is missing (expected a whole number)")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(name, f"must be a whole number (got {shown(value)})")
            return None
        if minimum is not None and value < minimum:
            self.problem(name, f"is too small (got {value}, expected {minimum} or more)")
            return None
        return value

    def date(self, name: str, *, required: bool = True) -> dt.date | None:
        value = self.raw.get(name)
        if value is None:
            if required:
                self.problem(name, "is missing (expected an ISO date, YYYY-MM-DD)")
            return None
        try:
            if not (isinstance(value, str) and ISO_DATE.fullmatch(value)):
                raise ValueError
            day = dt.date.fromisoformat(value)
        except ValueError:
            self.problem(name, f"is not a date (got {shown(value)}, expected an ISO date, YYYY-MM-DD)")
            return None
        if not settings.DATE_MIN <= day <= settings.DATE_MAX:
            self.problem(
                name,
                f"is outside the dates the atlas can show (got {value}, expected "
                f"{settings.DATE_MIN.isoformat()} to {settings.DATE_MAX.isoformat()})",
            )
            return None
        return day


def _open_choice(value: Any) -> str | None:
    """What a drafted value still leaves to the curator (the text after ``TO DECIDE:``), anywhere inside it."""
    if isinstance(value, str):
        return value[len(settings.DRAFT_MARK) :].strip() if value.startswith(settings.DRAFT_MARK) else None
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for item in items:
        left = _open_choice(item)
        if left is not None:
            return left
    return None


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ID = re.compile(settings.ID_PATTERN)


def unique_ids(records: list[Record], kind: str) -> None:
    """Every record needs an id of the documented form (:data:`settings.ID_PATTERN`), unique in its kind."""
    seen: dict[str, str] = {}
    for rec in records:
        if not rec.readable:
            continue
        value = rec.raw.get("id")
        if value is None or (isinstance(value, str) and not value.strip()):
            rec.problem("id", "is missing (expected a unique text id)")
        elif not isinstance(value, str):
            rec.problem("id", f"must be text (got {shown(value)}; quote it: id: '{value}')")
        elif not _ID.fullmatch(value):
            rec.problem(
                "id",
                f"is not a valid id (got {shown(value)}, expected lower-case letters, digits, '.', '_' and '-', "
                "starting with a letter or digit, at most 100 characters)",
            )
        elif rec.id in seen:
            rec.problem("id", f"is not unique (got {shown(rec.id)}, already used by {kind} in {seen[rec.id]})")
        else:
            seen[rec.id] = rec.file


class Grouped:
    """Problems that many records share for one cause (a source or the gazetteer that did not load):
    one line per file and cause, naming the records, instead of one line per record."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str, str, str], list[Record]] = {}

    def add(self, rec: Record, field: str, message: str, *, fatal: bool = False) -> None:
        group = self.groups.setdefault((rec.file, field, message), [])
        if rec not in group:
            group.append(rec)
        rec.fatal = rec.fatal or fatal

    def problems(self) -> list[Problem]:
        out = []
        for (file, name, message), recs in self.groups.items():
            ids = [r.id for r in recs]
            named = ", ".join(ids[:3]) + (", …" if len(ids) > 3 else "")
            out.append(Problem(file, f"{len(ids)} record(s) ({named})", name, message))
        return out
