"""Read data files defensively: bounded in size, YAML without surprises, and record by record.

A data file is a list of records. One broken record (a syntax error, a byte that is not UTF-8, a YAML
alias) costs that record only: when a file does not parse as a whole, it is cut at its top-level list
items (lines starting with ``- ``) and each item is read on its own. Every problem names the file, the
record (its id when it can be found, else its line) and what was wrong.

The YAML dialect is PyYAML's safe subset with three changes:

- dates stay text (``2021-02-30`` is then reported by the validator as "not a date", not raised by the
  parser; ``id: 2021-05-28`` is the text id it looks like);
- a key repeated in one mapping is recorded (see :class:`Mapping`), never silently overwritten;
- a record that aliases (``*name``) expand past :data:`settings.MAX_RECORD_NODES` values is refused:
  aliases can expand without bound (the "billion laughs"), and a message printing such a value would
  exhaust memory. Aliases within that bound are fine (PyYAML writes them for shared lists).
"""

from __future__ import annotations

import itertools
import re
import reprlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import yaml

from caucasus_atlas import settings

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Mapping(dict):
    """A YAML mapping that remembers the keys it saw twice: ``repeated`` maps key -> line numbers."""

    __slots__ = ("repeated",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.repeated: dict[str, list[int]] = {}


class AtlasLoader(_Base):
    """PyYAML's safe loader (libyaml's when available), with dates as text and repeated keys recorded."""

    yaml_implicit_resolvers: ClassVar[dict[Any, list[Any]]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _Base.yaml_implicit_resolvers.items()
    }

    def construct_atlas_mapping(self, node: yaml.MappingNode) -> Mapping:
        self.flatten_mapping(node)
        mapping = Mapping()
        lines: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                key = repr(key)
            line = key_node.start_mark.line + 1
            if key in lines:
                mapping.repeated.setdefault(str(key), [lines[key]]).append(line)
            lines[key] = line
            mapping[key] = self.construct_object(value_node, deep=True)
        return mapping


AtlasLoader.add_constructor("tag:yaml.org,2002:map", AtlasLoader.construct_atlas_mapping)


@dataclass(frozen=True, slots=True)
class Raw:
    """One record as read: its value and the line it starts on."""

    value: Any
    line: int


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A problem with a file or with one unreadable record in it (``record`` is '-' for the whole file)."""

    record: str
    message: str


def display_path(path: Path | str) -> str:
    """A path as text that can always be printed: bytes that are not UTF-8 are shown as U+FFFD.

    Examples
    --------
    >>> display_path(Path("events") / "caf\\udce9.yaml")
    'events/caf�.yaml'
    """
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


_SHOW = reprlib.Repr()
_SHOW.maxstring = 80
_SHOW.maxother = 80
_SHOW.maxlist = _SHOW.maxtuple = _SHOW.maxdict = _SHOW.maxset = 6
_SHOW.maxlevel = 3


def shown(value: Any) -> str:
    """A short ``repr`` of a value for a message: long texts and deep or long lists are cut.

    Examples
    --------
    >>> shown(list(range(100)))
    '[0, 1, 2, 3, 4, 5, ...]'
    """
    return _SHOW.repr(value)


def check_file(root: Path, rel: Path) -> str | None:
    """Why ``root / rel`` cannot be read as a data file, or None when it can."""
    path = root / rel
    if path.is_symlink() and not path.exists():
        try:
            path.resolve(strict=True)
        except RuntimeError:
            return "is a symbolic link that loops (it points, through other links, back at itself)"
        except OSError as exc:
            if "loop" in str(exc).lower() or getattr(exc, "errno", None) == 40:
                return "is a symbolic link that loops (it points, through other links, back at itself)"
            return f"is a symbolic link to a file that does not exist ({display_path(path.readlink())})"
    if not path.exists():
        return f"file is missing (expected it at {display_path(path)})"
    if path.is_dir():
        return "is a folder (expected a file)"
    if not inside(root, path):
        return f"points outside the data folder (resolves to {display_path(path.resolve())})"
    size = path.stat().st_size
    if size > settings.MAX_DATA_FILE_BYTES:
        return (
            f"is too large to load (got {size / 1e6:.1f} MB, expected at most "
            f"{settings.MAX_DATA_FILE_BYTES / 1e6:.0f} MB: split it into several files)"
        )
    return None


def inside(root: Path, path: Path) -> bool:
    """Whether ``path`` (after following links) stays inside the folder ``root``."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False


def read_records(root: Path, rel: Path) -> tuple[list[Raw], list[FileProblem]]:
    """The records of the YAML list in ``root / rel`` and the problems met reading it.

    An empty file has no records and no problem. The caller reports a missing file its own way, so a
    missing file is one problem here like any other unreadable file.
    """
    reason = check_file(root, rel)
    if reason:
        return [], [FileProblem("-", reason)]
    data = (root / rel).read_bytes()
    try:
        node = _compose(data.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        return _read_item_by_item(data, exc)
    except RecursionError:
        return [], [FileProblem("-", "nests lists or mappings too deeply to read")]
    if node is None:
        return [], []
    if not isinstance(node, yaml.SequenceNode):
        kind = "mapping" if isinstance(node, yaml.MappingNode) else "single value"
        return [], [FileProblem("-", f"must be a list of records (got a {kind})")]
    return _construct_items(node, first_line=1)


def _compose(text: str) -> yaml.Node | None:
    loader = AtlasLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _construct_items(node: yaml.SequenceNode, *, first_line: int) -> tuple[list[Raw], list[FileProblem]]:
    loader = AtlasLoader("")
    records, problems = [], []
    sizes: dict[int, int] = {}
    try:
        for item in node.value:
            line = item.start_mark.line + first_line
            value = loader.construct_object(item, deep=True)
            size = _expanded_size(value, sizes)
            if size > settings.MAX_RECORD_NODES:
                problems.append(
                    FileProblem(
                        _record_name(value, line),
                        f"expands to more than {settings.MAX_RECORD_NODES} values through YAML aliases (*name); "
                        "the record is left out (write the values out, or use fewer aliases)",
                    )
                )
                continue
            records.append(Raw(value, line))
    except yaml.YAMLError as exc:  # a constructor error: bad tag and the like
        problems.append(FileProblem("-", f"is not valid atlas YAML: {_one_line(exc)}"))
    except RecursionError:
        problems.append(FileProblem("-", "nests lists or mappings too deeply to read"))
    finally:
        loader.dispose()
    return records, problems


def _expanded_size(value: Any, sizes: dict[int, int]) -> int:
    """How many values ``value`` holds once every alias is written out (memoised per list or mapping).

    A shared list or mapping counts every time it is used, so an alias "bomb" (nine aliases of nine
    aliases of ...) counts in the hundreds of millions while taking no time to count.
    """
    if not isinstance(value, dict | list):
        return 1
    key = id(value)
    if key not in sizes:
        sizes[key] = 1  # a guard while counting; YAML's safe loader builds no cycles through aliases
        children = value.values() if isinstance(value, dict) else value
        sizes[key] = 1 + sum(_expanded_size(child, sizes) for child in children)
    return sizes[key]


_ITEM_START = re.compile(rb"^-(?:[ \t]|\r?$)", re.MULTILINE)
_ID_LINE = re.compile(rb"^(?:- )?[ \t]*id:[ \t]*['\"]?([^'\"\r\n#]+)", re.MULTILINE)


def _read_item_by_item(data: bytes, error: Exception) -> tuple[list[Raw], list[FileProblem]]:
    """The file did not parse whole: read each top-level list item on its own, keep those that parse."""
    starts = [m.start() for m in _ITEM_START.finditer(data)]
    if not starts:
        return [], [FileProblem("-", _unreadable(error, data, 0))]
    records: list[Raw] = []
    problems: list[FileProblem] = []
    head = data[: starts[0]]
    if head.strip() and not all(line.lstrip().startswith(b"#") for line in head.splitlines() if line.strip()):
        problems.append(FileProblem("-", "has text before its first record (expected a list: lines starting '- ')"))
    bounds = [*starts, len(data)]
    for start, end in itertools.pairwise(bounds):
        chunk = data[start:end]
        line = data.count(b"\n", 0, start) + 1
        try:
            node = _compose(chunk.decode("utf-8"))
        except (UnicodeDecodeError, yaml.YAMLError) as exc:
            problems.append(FileProblem(_chunk_name(chunk, line), _unreadable(exc, chunk, line - 1)))
            continue
        except RecursionError:
            problems.append(FileProblem(_chunk_name(chunk, line), "nests lists or mappings too deeply to read"))
            continue
        if isinstance(node, yaml.SequenceNode):
            got, trouble = _construct_items(node, first_line=line)
            records += got
            problems += trouble
    return records, problems


def _unreadable(error: Exception, data: bytes, line_offset: int) -> str:
    if isinstance(error, UnicodeDecodeError):
        line = data.count(b"\n", 0, error.start) + 1 + line_offset
        byte = data[error.start : error.start + 1].hex()
        return (
            f"is not UTF-8 text (byte 0x{byte} on line {line}; save the file as UTF-8); "
            "this record is left out, the others are read"
        )
    return f"is not valid YAML ({_one_line(error, line_offset)}); this record is left out, the others are read"


def _one_line(error: Exception, line_offset: int = 0) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    if mark is not None:
        return f"{problem} at line {mark.line + 1 + line_offset}, column {mark.column + 1}"
    return " ".join(str(error).split())


def _chunk_name(chunk: bytes, line: int) -> str:
    match = _ID_LINE.search(chunk)
    ident = match.group(1).decode("utf-8", "replace").strip() if match else ""
    return f"{ident} (line {line})" if ident else f"record at line {line}"


def _record_name(value: Any, line: int) -> str:
    ident = value.get("id") if isinstance(value, dict) else None
    return f"{ident} (line {line})" if isinstance(ident, str) and ident.strip() else f"record at line {line}"


def iter_event_files(directory: Path) -> Iterator[tuple[Path, str | None]]:
    """Every entry of the events folder: ``(path, None)`` for a file to read, ``(path, why)`` for one
    that is not read and why (a ``*.yml`` file, a subfolder other than ``sources``)."""
    for path in sorted(directory.iterdir()):
        name = path.name
        if name.startswith("."):
            continue
        if path.is_dir():
            if name != "sources":
                yield path, "is a folder: event files are read from events/ itself, not from subfolders"
        elif name == "incidents.yaml":
            continue  # the incidents file, read on its own
        elif path.suffix == ".yaml":
            yield path, None
        elif path.suffix.lower() in (".yml", ".yaml"):
            yield path, f"is not read: event files end in '.yaml' (rename it to {display_path(path.stem)}.yaml)"
