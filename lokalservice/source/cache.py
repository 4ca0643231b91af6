"""The loader's whole result, kept between runs: a repeated command needs no YAML and no Pydantic.

`cached(read)` wraps the loader (as beancount's loader wraps its own): an entry is the pickled
`(folder, problems)` that reading the folder returned, nothing re-encoded by hand, so a warm run
answers byte for byte as a cold one (tests/test_cache.py runs every corpus folder both ways). An
entry's name hashes everything that result depends on: the cache format, the tool's code (each of
its files' size and time, so an edited source checkout is a new key), the `holidays` package's
version, the folder's label, every data file's bytes and the names of the folder's other YAML
files (which `check` warns about). Entries live in the user's cache directory, readable and
writable by the user only, never in the data folder; an entry that anyone else could have written
is not read (unpickling runs code). An entry not used for 30 days is removed, and so is a folder's
older entry when its data changes. A damaged, unreadable or unwritable cache is ignored: it only
costs time. `LOKALSERVICE_CACHE=off` disables it.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

try:  # CPython's own BLAKE2: `import hashlib` would load OpenSSL first (docs/performance.md)
    from _blake2 import blake2b
except ImportError:  # another Python
    from hashlib import blake2b

from .. import __version__
from ..model.folder import Folder
from ..model.problems import FileFault, Problem
from ..model.records import FILES, INQUIRY_FILE, JOURNAL
from .fsio import read_bytes

CACHE_ENV = "LOKALSERVICE_CACHE"
FORMAT = 5  # 4: the pickled result of the loader; 5: a folder remembers what the rules worked out (memo)
SUFFIX = ".pickle"
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
    package = Path(__file__).resolve().parent.parent  # the whole package, not only source/
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
    """'FOLDER-CONTENT.pickle': FOLDER hashes the folder's label, CONTENT everything the loader's result depends on.
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
    try:
        others = sorted(entry.name for entry in os.scandir(data_dir) if entry.name.lower().endswith((".yaml", ".yml")))
    except OSError:
        return None
    digest.update("\0".join(others).encode())
    return f"{blake2b(label.encode(), digest_size=8).hexdigest()}-{digest.hexdigest()}{SUFFIX}"


Result = tuple[Folder, list[Problem]]


def cached(read: Callable[[Path, str], Result]) -> Callable[[Path, str], Result]:
    """`read` (the loader and the checks), answered from the cache when the folder is unchanged since it last ran."""

    def wrapped(data_dir: Path, label: str) -> Result:
        entry = Entry.of(data_dir, label)
        found = entry.read() if entry is not None else None
        if found is None:
            found = read(data_dir, label)
            if entry is not None:
                entry.store(found)
        return found

    return wrapped


class Entry:
    """One folder's place in the cache: read it, or store a freshly read result in it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def of(cls, data_dir: Path, label: str) -> Entry | None:
        folder = cache_dir()
        name = entry_name(data_dir, label) if folder is not None else None
        return cls(folder / name) if folder is not None and name else None

    def read(self) -> Result | None:
        """The result as stored, or None when there is no entry, it cannot be used, or someone else could have written it."""
        import pickle

        try:
            with open(self.path, "rb") as handle:
                if not _own(os.fstat(handle.fileno())):
                    return None
                found = pickle.load(handle)
        except Exception:  # noqa: BLE001 - a missing or damaged entry of any shape is only a cache miss
            return None
        if not (isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], Folder) and isinstance(found[1], list)):
            return None
        try:
            os.utime(self.path)  # used now: kept another 30 days
        except OSError:
            pass
        return found

    def store(self, result: Result) -> None:
        """Write the entry (user-only permissions); remove this folder's older entries and any unused for 30 days."""
        import pickle
        import tempfile

        folder, _problems = result
        _work_out_holidays(folder)
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")  # mode 0600
            try:
                with os.fdopen(handle, "wb") as out:
                    pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, self.path)
            except BaseException:
                os.unlink(temporary)
                raise
            prune(self.path.parent, keep=self.path)
        except (OSError, pickle.PicklingError):
            pass  # a cache that cannot be written only costs time


def _own(info: os.stat_result) -> bool:
    """A file only this user could have written: theirs, and not writable by group or others (where the system says)."""
    if not hasattr(os, "getuid"):
        return True  # Windows: the user's own %LOCALAPPDATA%
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def prune(folder: Path, keep: Path | None = None) -> int:
    """Remove the entries of `keep`'s folder other than `keep`, and every entry unused for 30 days; how many were removed."""
    removed = 0
    limit = time.time() - KEEP_DAYS * 86400
    prefix = keep.name.split("-", 1)[0] + "-" if keep else None
    for stale in [*folder.glob(f"*{SUFFIX}"), *folder.glob("*.json")]:  # .json: the entries of earlier versions
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
    for entry in [*folder.glob(f"*{SUFFIX}"), *folder.glob("*.json"), *folder.glob("*.tmp")]:
        try:
            entry.unlink()
            removed += 1
        except OSError:
            pass
    return folder, removed


def _work_out_holidays(folder: Folder) -> None:
    """Have the folder's holidays know every year its dates fall in, the years around them, and this year's (for
    reminders), so that a warm run needs no import of the holidays package."""
    years = {day.year for day in _dates(folder)} | {date.today().year}
    for year in range(min(years) - 1, max(years) + 2):
        folder.holidays.of_year(year)


def _dates(folder: Folder) -> list[date]:
    found = [deadline.due for directive in folder.directives for deadline in directive.deadlines]
    found += [day for letter in folder.letters for day in (letter.date, letter.reply_by) if day]
    found += [seminar.date for seminar in folder.seminars]
    return found
