"""A validated cache: a folder's records and problems as JSON, so that a repeated command needs no YAML and no Pydantic.

The key is a hash of the tool's version, the folder's label and every data file's bytes; any change to
any data file is a new key. The cache lives in the user's cache directory, never in the data folder.
A damaged or unreadable cache entry is ignored and rebuilt. `LOKALSERVICE_CACHE=off` disables it.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

try:  # CPython's own BLAKE2: `import hashlib` would load OpenSSL first, 3 ms of every command's start-up
    from _blake2 import blake2b
except ImportError:  # another Python
    from hashlib import blake2b

from . import __version__, sweden
from .folder import Folder
from .problems import Problem, ordered
from .records import FILES, INQUIRY_FILE, RECORD_TYPES, Inquiry, Record, Source, data_fields

CACHE_ENV = "LOKALSERVICE_CACHE"
FORMAT = 2  # 2: problems stored in file and line order


def cache_dir() -> Path | None:
    """Where cache entries go: $LOKALSERVICE_CACHE if it names a folder, else the user's cache directory; None when off."""
    setting = os.environ.get(CACHE_ENV, "")
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    if setting:
        return Path(setting)
    return user_cache_home() / "lokalservice"


def user_cache_home() -> Path:
    """The user's cache directory as each system defines it: XDG_CACHE_HOME or ~/.cache, ~/Library/Caches, %LOCALAPPDATA%.

    Written out rather than taken from platformdirs, whose import cost 3 ms of every command's start-up."""
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches"
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    return Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"  # the XDG spec: a relative path is to be ignored


def entry_name(data_dir: Path, label: str) -> str:
    """'FOLDER-CONTENT.json': FOLDER hashes the folder's label, CONTENT everything an answer depends on
    (tool version, label, each data file's bytes). Empty when a file cannot be read (then nothing is cached)."""
    content = key(data_dir, label)
    return f"{blake2b(label.encode(), digest_size=8).hexdigest()}-{content}.json" if content else ""


def key(data_dir: Path, label: str) -> str:
    """A hash of everything an answer depends on: tool version, folder label, and each data file's bytes."""
    digest = blake2b(f"{FORMAT}\0{__version__}\0{label}\0".encode(), digest_size=32)
    for name in (INQUIRY_FILE, *FILES):
        try:
            content = (data_dir / name).read_bytes()
        except FileNotFoundError:
            digest.update(f"{name}\0absent\0".encode())
            continue
        except OSError:
            return ""  # unreadable: let the loader say why, uncached
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


@contextmanager
def paused_gc() -> Iterator[None]:
    """Bulk loading makes many objects and no cycles: the collector would only scan them again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_checked(data_dir: Path, label: str) -> tuple[Folder, list[Problem]]:
    """The folder and every problem in it (reading and checks, in file and line order), from the cache when the files are unchanged."""
    folder_dir = cache_dir()
    entry = None
    if folder_dir is not None:
        name = entry_name(data_dir, label)
        entry = folder_dir / name if name else None
    with paused_gc():
        if entry is not None:
            cached = _read(entry, data_dir, label)
            if cached is not None:
                return cached
        from .checks import check
        from .loader import load

        folder, problems = load(data_dir, label)
        problems = ordered(problems + check(folder))
        if entry is not None:
            _write(entry, folder, problems)
    return folder, problems


def _read(entry: Path, data_dir: Path, label: str) -> tuple[Folder, list[Problem]] | None:
    try:
        data = json.loads(entry.read_bytes())
        if data.get("format") != FORMAT:
            return None
        sweden.preload_holidays({int(year): {date.fromisoformat(d): n for d, n in days.items()} for year, days in data["holidays"].items()})
        records = data["records"]
        folder = Folder(path=data_dir, label=label)
        folder.inquiry = _decode(Inquiry, records["inquiry"]) if records["inquiry"] else None  # type: ignore[assignment]
        for key_, model in FILES.values():
            getattr(folder, key_).extend(_decode(model, item) for item in records[key_])
        return folder, [Problem(**p) for p in data["problems"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write(entry: Path, folder: Folder, problems: list[Problem]) -> None:
    years = {d.year for d in _dates(folder)}
    holidays = {str(y): {d.isoformat(): n for d, n in sweden.holidays_of(y).items()} for y in sorted(years | {y + 1 for y in years})}
    data = {
        "format": FORMAT,
        "records": {
            "inquiry": _encode(folder.inquiry) if folder.inquiry else None,
            **{key_: [_encode(r) for r in getattr(folder, key_)] for key_, _ in FILES.values()},
        },
        "problems": [p.as_dict() for p in problems],
        "holidays": holidays,
    }
    import tempfile

    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, entry)
        # One entry per folder: the entries of its earlier versions will not be asked for again.
        for stale in entry.parent.glob(entry.name.split("-", 1)[0] + "-*.json"):
            if stale != entry:
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only costs time


def _dates(folder: Folder) -> Iterator[date]:
    for directive in folder.directives:
        for deadline in directive.deadlines:
            yield deadline.due
    for letter in folder.letters:
        if letter.reply_by:
            yield letter.reply_by
    for seminar in folder.seminars:
        yield seminar.date


@cache
def _shape(record_type: type[Record]) -> list[tuple[str, str, type[Record] | None]]:
    """Per field: its name, how it is stored ('date', 'records', 'tuple', 'plain'), and the nested record type.

    Read from the annotations as written (records.py postpones them), which is much cheaper than evaluating them."""
    annotations = {f.name: str(f.type) for f in fields(record_type)}
    shape = []
    for name in data_fields(record_type):
        written = annotations[name]
        nested = next((r for r in RECORD_TYPES if f"tuple[{r.__name__}," in written or f"[{r.__name__}, Rule" in written), None)
        kind = "date" if "IsoDate" in written else "records" if nested else "tuple" if written.startswith("tuple[") else "plain"
        shape.append((name, kind, nested))
    return shape


def _encode(record: Record) -> list[Any]:
    values: list[Any] = []
    for name, kind, _ in _shape(type(record)):
        value = getattr(record, name)
        if value is None:
            values.append(None)
        elif kind == "date":
            values.append(value.isoformat())
        elif kind == "records":
            values.append([_encode(item) for item in value])
        elif kind == "tuple":
            values.append(list(value))
        else:
            values.append(value)
    source = record.source
    values.append(list(source) if source else None)
    return values


def _decode(record_type: type[Record], values: list[Any]) -> Record:
    arguments: dict[str, Any] = {}
    for (name, kind, nested), value in zip(_shape(record_type), values):
        if value is None:
            arguments[name] = None
        elif kind == "date":
            arguments[name] = date.fromisoformat(value)
        elif kind == "records":
            arguments[name] = tuple(_decode(nested, item) for item in value)  # type: ignore[arg-type]
        elif kind == "tuple":
            arguments[name] = tuple(value)
        else:
            arguments[name] = value
    record = record_type(**arguments)
    source = values[-1]
    if source:
        record.located(Source(*source))
    return record
