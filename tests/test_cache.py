"""The validated cache: any change to any data file rebuilds it, and it never changes an answer."""

from __future__ import annotations

import json

import pytest
from test_bad_input import CORPUS, ORGS
from test_letters import FILES

from lokalservice.cache import load_checked

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
    assert len(list(private_cache.glob("*.json"))) == 1
    warm = answers(cli, path)
    assert uncached == cold == warm


@pytest.mark.parametrize("name", sorted(FILES) + ["inquiry.yaml"])
def test_any_change_to_any_file_rebuilds(cli, folder, private_cache, name):
    path = folder(FILES)
    cli("-d", path, "check")
    target = path / name
    first = {p.name for p in private_cache.glob("*.json")}
    target.write_bytes(target.read_bytes() + b"# en kommentar\n")
    cli("-d", path, "check")
    second = {p.name for p in private_cache.glob("*.json")}
    assert len(first) == len(second) == 1 and first != second  # rebuilt, and the old entry pruned


def test_one_entry_per_folder(cli, folder, private_cache):
    one, two = folder(FILES, name="one"), folder(FILES, name="two")
    for path in (one, two, one):
        cli("-d", path, "check")
    assert len(list(private_cache.glob("*.json"))) == 2


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
    cold_folder, cold_problems = load_checked(path, str(path))
    warm_folder, warm_problems = load_checked(path, str(path))
    assert cold_problems == warm_problems
    assert cold_folder.inquiry == warm_folder.inquiry
    for kind in ("organisations", "lists", "directives", "letters", "seminars", "replies"):
        cold, warm = getattr(cold_folder, kind), getattr(warm_folder, kind)
        assert cold == warm
        assert [r.source for r in cold] == [r.source for r in warm]
    assert cold_folder.organisations[4].contacts[1].source == warm_folder.organisations[4].contacts[1].source


def test_a_damaged_cache_entry_is_rebuilt(cli, folder, private_cache):
    path = folder(FILES)
    good = cli("-d", path, "--today", "2009-03-05", "replies", "brev", "--format", "json").stdout
    for entry in private_cache.glob("*.json"):
        entry.write_text('{"format": 2, "records": {"inquiry": [1, 2]')
    again = cli("-d", path, "--today", "2009-03-05", "replies", "brev", "--format", "json")
    assert again.exit_code == 0 and again.stdout == good


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
    from lokalservice import cache

    for name in ("LOKALSERVICE_CACHE", "XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(cache.sys, "platform", platform)
    assert cache.cache_dir() == cache.Path(expected.replace("HOME", str(tmp_path)))
    monkeypatch.setenv("LOKALSERVICE_CACHE", "off")
    assert cache.cache_dir() is None
