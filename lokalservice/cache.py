"""A validated cache: a folder's records and problems as JSON, so that a repeated command needs no YAML and no Pydantic.

An entry's name hashes everything an answer depends on: the cache format, the tool's code (each of
its files' size and time, so an edited source checkout is a new key), the `holidays` package's
version, the folder's label, and every data file's bytes. Entries live in the user's cache
directory, readable by the user only, never in the data folder; an entry not used for 30 days is
removed, and so is a folder's older entry when its data changes. A damaged, unreadable or
unwritable cache is ignored: it only costs time. `LOKALSERVICE_CACHE=off` disables it.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

try:  # CPython's own BLAKE2: `import hashlib` would load OpenSSL first (docs/performance.md)
    from _blake2 import blake2b
except ImportError:  # another Python
    from hashlib import blake2b

from . import __version__
from .folder import Folder
from .fsio import read_bytes
from .i18n import from_data
from .journal import JOURNAL
from .problems import FileFault, Problem
from .records import DATES, DATETIMES, FILES, INQUIRY_FILE, NESTED, Inquiry, Month, Record, Source, data_fields, field_defaults
from .sweden import Holidays

CACHE_ENV = "LOKALSERVICE_CACHE"
FORMAT = 3  # 3: messages as data, records' labels and subjects, holidays with both names
KEEP_DAYS = 30


def cache_dir() -> Path | None:
    """Where cache entries go: $LOKALSERVICE_CACHE if it names a folder, else the user's cache directory; None when off."""
    setting = os.environ.get(CACHE_ENV, "")
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    if setting:
        return Path(setting)
    return user_cache_home() / "lokalservice"


def user_cache_home() -> Path:
    """The user's cache directory as each system defines it: XDG_CACHE_HOME or ~/.cache, ~/Library/Caches, %LOCALAPPDATA%."""
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches"
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    return Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"  # the XDG spec: a relative path is to be ignored


@cache
def code_fingerprint() -> bytes:
    """The tool's code as installed: each file's path, size and modification time, and the holidays package's version."""
    package = Path(__file__).resolve().parent
    parts: list[str] = []
    pending = [package]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir() and entry.name != "__pycache__":
                    pending.append(Path(entry.path))
                elif entry.name.endswith((".py", ".csv", ".mo")):
                    info = entry.stat()
                    parts.append(f"{os.path.relpath(entry.path, package)}:{info.st_size}:{info.st_mtime_ns}")
    return "\0".join(sorted(parts)).encode() + b"\0" + holidays_version()


def holidays_version() -> bytes:
    """The `holidays` package's version file, found without importing the package (its import is slow)."""
    import importlib.util

    spec = importlib.util.find_spec("holidays")
    if spec is None or not spec.submodule_search_locations:
        return b"none"
    try:
        return (Path(next(iter(spec.submodule_search_locations))) / "version.py").read_bytes()
    except OSError:
        return b"unknown"


def entry_name(data_dir: Path, label: str) -> str | None:
    """'FOLDER-CONTENT.json': FOLDER hashes the folder's label, CONTENT everything an answer depends on.
    None when a data file exists but cannot be read: then the loader says why, and nothing is cached."""
    digest = blake2b(f"{FORMAT}\0{__version__}\0{label}\0".encode(), digest_size=32)
    digest.update(code_fingerprint())
    for name in (INQUIRY_FILE, *FILES, JOURNAL):
        try:
            content = read_bytes(data_dir / name, name)
        except FileFault:
            return None
        digest.update(f"{name}\0absent\0".encode() if content is None else f"{name}\0{len(content)}\0".encode())
        digest.update(content or b"")
    return f"{blake2b(label.encode(), digest_size=8).hexdigest()}-{digest.hexdigest()}.json"


class Entry:
    """One folder's place in the cache: read it, or store a freshly read folder in it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def of(cls, data_dir: Path, label: str) -> Entry | None:
        folder = cache_dir()
        name = entry_name(data_dir, label) if folder is not None else None
        return cls(folder / name) if folder is not None and name else None

    def read(self, data_dir: Path, label: str) -> tuple[Folder, list[Problem]] | None:
        """The folder and its problems as stored, or None when there is no entry or it cannot be used."""
        try:
            data = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return None
        try:
            found = _decode_entry(data, data_dir, label)
        except Exception:  # noqa: BLE001 - a damaged entry of any shape is only a cache miss
            return None
        try:
            os.utime(self.path)  # used now: kept another 30 days
        except OSError:
            pass
        return found

    def store(self, folder: Folder, problems: list[Problem]) -> None:
        """Write the entry (user-only permissions); remove this folder's older entries and any unused for 30 days."""
        import tempfile

        data = {
            "format": FORMAT,
            "records": {
                "inquiry": _encode(folder.inquiry) if folder.inquiry else None,
                **{key: [_encode(r) for r in getattr(folder, key)] for kinds in FILES.values() for key in kinds},
            },
            "problems": [[*p[:3], p.message.as_data(), *p[4:7], list(p.subject) if p.subject else None] for p in problems],
            "holidays": {str(y): {d.isoformat(): list(n) for d, n in days.items()} for y, days in _years_for(folder).items()},
        }
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")  # mode 0600
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
                os.replace(temporary, self.path)
            except BaseException:
                os.unlink(temporary)
                raise
            prune(self.path.parent, keep=self.path)
        except OSError:
            pass  # a cache that cannot be written only costs time


def prune(folder: Path, keep: Path | None = None) -> int:
    """Remove the entries of `keep`'s folder other than `keep`, and every entry unused for 30 days; how many were removed."""
    removed = 0
    limit = time.time() - KEEP_DAYS * 86400
    prefix = keep.name.split("-", 1)[0] + "-" if keep else None
    for stale in folder.glob("*.json"):
        try:
            if stale != keep and ((prefix and stale.name.startswith(prefix)) or stale.stat().st_mtime < limit):
                stale.unlink()
                removed += 1
        except OSError:
            pass
    return removed


def clear() -> tuple[Path | None, int]:
    """Remove every cache entry: the cache folder and how many entries were removed."""
    folder = cache_dir()
    if folder is None or not folder.is_dir():
        return folder, 0
    removed = 0
    for entry in [*folder.glob("*.json"), *folder.glob("*.tmp")]:
        try:
            entry.unlink()
            removed += 1
        except OSError:
            pass
    return folder, removed


def _years_for(folder: Folder) -> dict[int, dict[date, tuple[str, str]]]:
    """The holidays of every year the folder's dates fall in, the years around them, and this year's (for reminders)."""
    years = {day.year for day in _dates(folder)} | {date.today().year}
    wanted = set(range(min(years) - 1, max(years) + 2))
    return {year: folder.holidays.of_year(year) for year in sorted(wanted)}


def _dates(folder: Folder) -> list[date]:
    found = [deadline.due for directive in folder.directives for deadline in directive.deadlines]
    found += [day for letter in folder.letters for day in (letter.date, letter.reply_by) if day]
    found += [seminar.date for seminar in folder.seminars]
    return found


def _decode_entry(data: dict[str, Any], data_dir: Path, label: str) -> tuple[Folder, list[Problem]] | None:
    if data["format"] != FORMAT:
        return None
    known = {int(year): {date.fromisoformat(d): (n[0], n[1]) for d, n in days.items()} for year, days in data["holidays"].items()}
    folder = Folder(path=data_dir, label=label, holidays=Holidays(known))
    records = data["records"]
    folder.inquiry = _decode(Inquiry, records["inquiry"]) if records["inquiry"] else None  # type: ignore[assignment]
    for kinds in FILES.values():
        for key, model in kinds.items():
            getattr(folder, key).extend(_decode(model, item) for item in records[key])
    problems = []
    for file, line, field, message, severity, record, within, subject in data["problems"]:
        problems.append(Problem(file, line, field, from_data(message), severity, record, within, tuple(subject) if subject else None))
    return folder, problems


def _encode(record: Record) -> list[Any]:
    kind = type(record)
    nested, dates, times = NESTED.get(kind, {}), DATES.get(kind, ()), DATETIMES.get(kind, ())
    values: list[Any] = []
    for name in data_fields(kind):
        value = getattr(record, name)
        if value is None:
            values.append(None)
        elif name in nested:
            values.append([_encode(item) for item in value] if isinstance(value, tuple) else _encode(value))
        elif name in dates or name in times:
            values.append(value.isoformat())
        elif isinstance(value, tuple):
            values.append(list(value))
        else:
            values.append(value)
    source = record.source
    values.append([*source[:5], list(source.subject) if source.subject else None] if source else None)
    return values


def _decode(kind: type[Record], values: list[Any]) -> Record:
    nested, dates, times = NESTED.get(kind, {}), DATES.get(kind, ()), DATETIMES.get(kind, ())
    defaults = dict(field_defaults(kind))
    arguments: dict[str, Any] = {}
    for name, value in zip(data_fields(kind), values):
        if value is None:
            arguments[name] = None
        elif name in nested:
            many = isinstance(defaults[name], tuple)  # a list of records (`contacts: ()`) or one (`mail: None`)
            arguments[name] = tuple(_decode(nested[name], item) for item in value) if many else _decode(nested[name], value)
        elif name in dates:
            arguments[name] = Month.of(int(value[:4]), int(value[5:7])) if len(value) == 7 else date.fromisoformat(value)
        elif name in times:
            arguments[name] = datetime.fromisoformat(value)
        elif isinstance(value, list):
            arguments[name] = tuple(value)
        else:
            arguments[name] = value
    record = kind(**arguments)
    source = values[-1]
    if source:
        file, path, line, key_lines, label, subject = source
        record.located(Source(file, path, line, key_lines, label, (subject[0], subject[1]) if subject else None))
    return record
