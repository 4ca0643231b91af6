"""Shared fixtures: small data folders written inline, and the CLI run in-process."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from programs import PROGRAMS, program_path
from typer.testing import CliRunner

from lokalservice.cli.main import app

INQUIRY = """\
designation: Fi 2007:06
title: Utveckling av lokal service i samverkan
department: Finansdepartementet
staff:
  - id: hogdahl
    name: Lars Högdahl
    role: särskild utredare
    phone: 08-405 1272
  - id: noreland
    name: Lena Noreland
    role: sekreterare
    phone: 08-405 2309
    email: lena.noreland@finance.ministry.se
"""


def write_folder(root: Path, files: dict[str, str], inquiry: str | None = INQUIRY) -> Path:
    """A data folder under `root` holding `files` (dedented); inquiry.yaml unless told otherwise."""
    root.mkdir(parents=True, exist_ok=True)
    if inquiry is not None:
        (root / "inquiry.yaml").write_text(inquiry, encoding="utf-8")
    for name, text in files.items():
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def folder(tmp_path: Path):
    """Make a data folder: folder({'letters.yaml': '...'})."""

    def make(files: dict[str, str] | None = None, inquiry: str | None = INQUIRY, name: str = "data") -> Path:
        return write_folder(tmp_path / name, files or {}, inquiry)

    return make


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch):
    """Run lokalservice in-process: cli('-d', path, 'check'). Environment and table width are pinned."""
    for name in ("LOKALSERVICE_DATA", "LOKALSERVICE_TODAY", "LOKALSERVICE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "250")  # tables unwrapped, so that their text can be asserted
    runner = CliRunner()

    def run(*args: object, env: dict[str, str] | None = None):
        return runner.invoke(app, [str(a) for a in args], env=env)

    return run


def no_traceback(result) -> bool:
    """No traceback printed, and the command ended by exiting (with any code), not by an exception."""
    text = result.stdout + result.stderr
    return "Traceback" not in text and (result.exception is None or isinstance(result.exception, SystemExit))


def workspace(path: Path, today: str = "2009-03-05", language: str = "en"):
    """The folder at `path` opened as the commands open it (through the cache)."""
    from datetime import date

    from lokalservice.settings import Settings
    from lokalservice.workspace import Workspace

    return Workspace.open(Settings(path, str(path), False, date.fromisoformat(today), language))


# Both of PyYAML's parsers: libyaml's (what the tool uses where PyYAML has it) and the pure-Python one.
LOADERS = ("libyaml", "pure-python")


@pytest.fixture(params=LOADERS)
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test with each of PyYAML's parsers in turn."""
    import yaml

    from lokalservice.source import yamlsource

    loader = getattr(yaml, "CSafeLoader", None) if request.param == "libyaml" else yaml.SafeLoader
    if loader is None:
        if os.environ.get(REQUIRE_ENV) == "required":
            pytest.fail("this PyYAML was built without libyaml, so its parser cannot be tested", pytrace=False)
        pytest.skip("this PyYAML was built without libyaml")
    monkeypatch.setattr(yamlsource, "Loader", loader)
    return request.param


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own cache folder, so no test reads another's (or the user's) cache."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("LOKALSERVICE_CACHE", str(folder))
    return folder


# --- Programs from outside Python -----------------------------------------------------------------
# A test that drives one says so with @pytest.mark.program("chromium") (the names are in programs.py).
# Where the program is absent the test does not run, and the run's last lines name it and the command
# that installs it; under LOKALSERVICE_TEST_PROGRAMS=required (as .ci/run sets it) an absent program is
# a failure instead.

REQUIRE_ENV = "LOKALSERVICE_TEST_PROGRAMS"
_not_run: dict[str, list[str]] = {}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "program(name): the test drives this program from outside Python (see tests/programs.py)")


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in item.iter_markers("program"):
        name = marker.args[0]
        if program_path(name):
            continue
        install = f"sudo apt-get install {PROGRAMS[name]}"
        if os.environ.get(REQUIRE_ENV) == "required":
            pytest.fail(f"{name} is missing, and {REQUIRE_ENV}=required makes that a failure: {install}", pytrace=False)
        _not_run.setdefault(name, []).append(item.nodeid)
        pytest.skip(f"{name} is not installed: {install}")


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ANN001 - pytest's hook
    if not _not_run:
        return
    count = sum(len(ids) for ids in _not_run.values())
    packages = " ".join(sorted({package for name in _not_run for package in PROGRAMS[name].split()}))
    terminalreporter.write_sep("-", "tests that did not run")
    tests = "1 test that drives" if count == 1 else f"{count} tests that drive"
    terminalreporter.write_line(f"Did not run: {tests} {', '.join(sorted(_not_run))}, which this machine does not have.")
    terminalreporter.write_line(f"To run {'it' if count == 1 else 'them'} too: sudo apt-get install {packages}")
