"""The validated cache: any change to any data file rebuilds it, and it never changes an answer."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest
from conftest import no_traceback, workspace
from test_bad_input import CORPUS, ORGS
from test_letters import FILES

from lokalservice.source import cache

COMMANDS = [
    ["check", "--format", "json"],
    ["deadlines", "--all", "--format", "json"],
    ["replies", "brev", "--format", "json"],
    ["mailing-list", "brev"],
    ["remind", "brev"],
    ["seminars", "--format", "json"],
    ["status"],
]


def answers(cli, path, env=None):
    return [(r.exit_code, r.stdout, r.stderr) for r in (cli("-d", path, "--today", "2009-03-05", *c, env=env) for c in COMMANDS)]


def test_cached_answers_equal_uncached(cli, folder, private_cache):
    path = folder(FILES)
    uncached = answers(cli, path, env={"LOKALSERVICE_CACHE": "off"})
    assert not list(private_cache.iterdir())
    cold = answers(cli, path)
    assert len(list(private_cache.glob("*.pickle"))) == 1
    warm = answers(cli, path)
    assert uncached == cold == warm


@pytest.mark.parametrize("name", sorted(FILES) + ["inquiry.yaml"])
def test_any_change_to_any_file_rebuilds(cli, folder, private_cache, name):
    path = folder(FILES)
    cli("-d", path, "check")
    target = path / name
    first = {p.name for p in private_cache.glob("*.pickle")}
    target.write_bytes(target.read_bytes() + b"# en kommentar\n")
    cli("-d", path, "check")
    second = {p.name for p in private_cache.glob("*.pickle")}
    assert len(first) == len(second) == 1 and first != second  # rebuilt, and the old entry pruned


def test_one_entry_per_folder(cli, folder, private_cache):
    one, two = folder(FILES, name="one"), folder(FILES, name="two")
    for path in (one, two, one):
        cli("-d", path, "check")
    assert len(list(private_cache.glob("*.pickle"))) == 2


def test_a_change_that_matters_is_seen(cli, folder):
    path = folder(FILES)
    first = json.loads(cli("-d", path, "--today", "2009-03-05", "replies", "brev", "--format", "json").stdout)
    (path / "replies.yaml").write_text((path / "replies.yaml").read_text() + "  - {letter: brev, from: asele, received: 2009-03-02}\n")
    second = json.loads(cli("-d", path, "--today", "2009-03-05", "replies", "brev", "--format", "json").stdout)
    assert len(second["replied"]) == len(first["replied"]) + 1


@pytest.mark.parametrize("name", ["unknown reference", "duplicate keys", "Windows-1252", "include cycle"])
def test_errors_and_lines_are_the_same_from_the_cache(cli, folder, name):
    file, content, _, expected = CORPUS[name]
    path = folder({"organisations.yaml": ORGS, "letters.yaml": "letters:\n  - id: brev\n    subject: Brev\n    to: [dorotea]\n"})
    (path / file).write_bytes(content if isinstance(content, bytes) else content.encode())
    cold = cli("-d", path, "check")
    warm = cli("-d", path, "check")
    off = cli("-d", path, "check", env={"LOKALSERVICE_CACHE": "off"})
    assert cold.stderr == warm.stderr == off.stderr
    assert f"{path}/{expected}" in warm.stderr


def test_records_and_sources_round_trip(folder):
    path = folder(FILES)
    cold = workspace(path)
    warm = workspace(path)
    cold_folder, cold_problems, warm_folder, warm_problems = cold.folder, cold.problems, warm.folder, warm.problems
    assert cold_problems == warm_problems
    assert cold_folder.inquiry == warm_folder.inquiry
    for kind in ("organisations", "lists", "directives", "letters", "seminars", "replies"):
        cold, warm = getattr(cold_folder, kind), getattr(warm_folder, kind)
        assert cold == warm
        assert [r.source for r in cold] == [r.source for r in warm]
    assert cold_folder.organisations[4].contacts[1].source == warm_folder.organisations[4].contacts[1].source


DAMAGE = {
    "cut short": lambda good: good[: len(good) // 2],
    "empty": lambda good: b"",
    "not a pickle": lambda good: b"\x00\xff{}",
    "a list": lambda good: pickle.dumps([]),
    "None": lambda good: pickle.dumps(None),
    "the wrong shape": lambda good: pickle.dumps(("folder", [])),
    "a class that is gone": lambda good: good.replace(b"Folder", b"Fodler"),
}


@pytest.mark.parametrize("damage", list(DAMAGE.values()), ids=list(DAMAGE))
def test_a_damaged_cache_entry_is_rebuilt(cli, folder, private_cache, damage):
    path = folder(FILES)
    good = cli("-d", path, "--today", "2009-03-05", "replies", "brev", "--format", "json").stdout
    for entry in private_cache.glob("*.pickle"):
        entry.write_bytes(damage(entry.read_bytes()))
    again = cli("-d", path, "--today", "2009-03-05", "replies", "brev", "--format", "json")
    assert no_traceback(again)
    assert again.exit_code == 0 and again.stdout == good


def test_an_entry_others_could_have_written_is_not_read(cli, folder, private_cache):
    """Unpickling runs code: an entry writable by group or others (a shared LOKALSERVICE_CACHE) is never read."""
    path = folder(FILES)
    cli("-d", path, "check")
    (entry,) = private_cache.glob("*.pickle")
    planted = (path.parent / "planted").as_posix()
    entry.write_bytes(pickle.dumps(Planted(planted)))
    entry.chmod(0o666)
    assert cli("-d", path, "check").exit_code == 0
    assert not os.path.exists(planted)


class Planted:
    """What an attacker would pickle: a file made when the entry is read."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_the_code_is_part_of_the_key(folder, monkeypatch):
    """An edited source checkout (the README's editable install) must not keep serving answers of the old code."""
    path = folder(FILES)
    before = cache.entry_name(path, str(path))
    cache.code_fingerprint.cache_clear()
    module = Path(cache.__file__).parent.parent / "model" / "rules.py"
    stat = module.stat()
    try:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        assert cache.entry_name(path, str(path)) != before
    finally:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        cache.code_fingerprint.cache_clear()
    assert cache.entry_name(path, str(path)) == before


def test_the_holidays_version_is_part_of_the_key(folder, monkeypatch):
    path = folder(FILES)
    before = cache.entry_name(path, str(path))
    cache.code_fingerprint.cache_clear()
    monkeypatch.setattr(cache, "holidays_version", lambda: b"__version__ = '99.0'")
    try:
        assert cache.entry_name(path, str(path)) != before
    finally:
        cache.code_fingerprint.cache_clear()


def test_an_unreadable_data_file_is_never_cached(folder, private_cache):
    path = folder(FILES)
    (path / "replies.yaml").unlink()
    (path / "replies.yaml").symlink_to(path / "nowhere.yaml")
    assert cache.entry_name(path, str(path)) is None
    found = workspace(path)
    assert any("replies.yaml: is a link to" in str(p) for p in found.errors)
    assert not list(private_cache.glob("*.pickle"))


@pytest.mark.parametrize(
    ("platform", "environment", "expected"),
    [
        ("linux", {"XDG_CACHE_HOME": "/var/cache/per"}, "/var/cache/per/lokalservice"),
        ("linux", {"XDG_CACHE_HOME": "relative/is/ignored"}, "HOME/.cache/lokalservice"),
        ("linux", {}, "HOME/.cache/lokalservice"),
        ("darwin", {"XDG_CACHE_HOME": "/ignored"}, "HOME/Library/Caches/lokalservice"),
        ("win32", {"LOCALAPPDATA": "/c/Users/per/AppData/Local"}, "/c/Users/per/AppData/Local/lokalservice"),
    ],
)
def test_the_cache_is_in_the_users_cache_directory(monkeypatch, tmp_path, platform, environment, expected):
    from lokalservice.source import cache

    for name in ("LOKALSERVICE_CACHE", "XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(cache.sys, "platform", platform)
    assert cache.cache_dir() == cache.Path(expected.replace("HOME", str(tmp_path)))
    monkeypatch.setenv("LOKALSERVICE_CACHE", "off")
    assert cache.cache_dir() is None
