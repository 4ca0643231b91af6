"""Shared fixtures: small data folders written inline, and the CLI run in-process."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
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


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own cache folder, so no test reads another's (or the user's) cache."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("LOKALSERVICE_CACHE", str(folder))
    return folder
