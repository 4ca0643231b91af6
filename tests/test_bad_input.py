"""A corpus of bad inputs: each gets a clear located message, a non-zero exit, no traceback, and no changed file."""

from __future__ import annotations

import hashlib
import os
import re
import tracemalloc
from datetime import date
from pathlib import Path

import pytest
from conftest import INQUIRY, no_traceback
from filelock import FileLock

from lokalservice.model.problems import FileFault, LokalserviceError
from lokalservice.model.records import Reply
from lokalservice.settings import Settings
from lokalservice.source.loader import load
from lokalservice.source.writer import add_reply

ORGS = "organisations:\n  - id: dorotea\n    kind: municipality\n    name: Dorotea\n"
LETTERS = "letters:\n  - id: brev\n    subject: Brev\n    to: [dorotea]\n"

BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)

# name: (file, content as str or bytes, exit code, expected text after "<folder>/")
CORPUS: dict[str, tuple[str, str | bytes, int, str]] = {
    "alias bomb": (
        "organisations.yaml",
        BILLION_LAUGHS,
        1,
        "organisations.yaml:1: '&a' is a YAML anchor, which is not allowed here; write the value out in full — so no organisations can be read",
    ),
    "single anchor and alias": (
        "organisations.yaml",
        ORGS + "  - &x {id: asele, kind: municipality, name: Åsele}\n  - *x\n",
        1,
        "organisations.yaml:5: '&x' is a YAML anchor, which is not allowed here; write the value out in full",
    ),
    "python tag": (
        "letters.yaml",
        "letters: !!python/object/apply:os.system ['touch PWNED']\n",
        1,
        "letters.yaml:1: '!!python/object/apply:os.system' is a YAML tag, which is not allowed here",
    ),
    "unclosed bracket": (
        "letters.yaml",
        "letters:\n  - id: brev\n    to: [dorotea\n",
        1,
        "letters.yaml:4: column 1: a list in brackets [ ] or { } opened on line 3 is not closed",
    ),
    "tab indentation": (
        "letters.yaml",
        "letters:\n\t- id: brev\n",
        1,
        "letters.yaml:2: column 1: a tab; YAML indents with spaces only: replace the tab with spaces",
    ),
    "5000-deep nesting": ("letters.yaml", "letters: " + "[" * 5000 + "]" * 5000 + "\n", 1, "letters.yaml:1: nested too deeply"),
    "two documents": ("letters.yaml", LETTERS + "---\n" + LETTERS, 1, "letters.yaml:5: a second YAML document"),
    "list where a mapping belongs": (
        "organisations.yaml",
        "- id: dorotea\n",
        1,
        "organisations.yaml:1: expected 'organisations:' followed by a list — so no organisations can be read",
    ),
    "scalar where a record belongs": (
        "organisations.yaml",
        "organisations:\n  - dorotea\n",
        1,
        "organisations.yaml:2: dorotea: expected a mapping of fields, got 'dorotea' — until this is fixed, the organisation 'dorotea' is left out",
    ),
    "mapping where a list belongs": (
        "letters.yaml",
        "letters:\n  id: brev\n",
        1,
        "letters.yaml:1: letters: expected a list (items starting with '- '), got a mapping of fields",
    ),
    "NUL bytes": (
        "letters.yaml",
        b"letters:\n  - id: br\x00ev\n",
        1,
        "letters.yaml:2: column 11: the file contains NUL bytes (a binary file, or saved as UTF-16?); save it as UTF-8",
    ),
    "Windows-1252": (
        "organisations.yaml",
        ORGS.replace("Dorotea", "Åsele").encode("cp1252"),
        1,
        "organisations.yaml:4: column 11: not valid UTF-8 (byte 0xc5); it looks saved as Windows-1252 (ANSI); save it as UTF-8",
    ),
    "UTF-16": ("organisations.yaml", ORGS.encode("utf-16"), 1, "organisations.yaml:1: the file is saved as UTF-16; save it as UTF-8"),
    "UTF-16 without BOM": ("organisations.yaml", ORGS.encode("utf-16-le"), 1, "organisations.yaml:1: column 2: the file contains NUL bytes"),
    "duplicate keys": (
        "letters.yaml",
        "letters:\n  - id: brev\n    subject: Brev\n    id: brev2\n",
        1,
        "letters.yaml:4: the field 'id' is written twice (first on line 2); keep one",
    ),
    "duplicate ids": (
        "organisations.yaml",
        ORGS + ORGS.split("\n", 1)[1],
        1,
        "organisations.yaml:5: Dorotea: id: a second organisation with the id 'dorotea' (the first is at",
    ),
    "unknown field": ("letters.yaml", LETTERS + "    reply-by: 2009-05-29\n", 1, "letters.yaml:5: brev: reply-by: unknown field (did you mean 'reply_by'?)"),
    "wrong type": ("letters.yaml", LETTERS.replace("to: [dorotea]", "to: dorotea"), 1, "letters.yaml:4: brev: to: expected a list, got 'dorotea'"),
    "invalid date": ("letters.yaml", LETTERS + "    date: 2009-02-30\n", 1, "letters.yaml:5: brev: date: '2009-02-30' is not a date in the calendar"),
    "no as a date": ("letters.yaml", LETTERS + "    date: no\n", 1, "letters.yaml:5: brev: date: 'no' is not a date; write YYYY-MM-DD or YYYY-MM"),
    "unknown reference": (
        "letters.yaml",
        LETTERS.replace("[dorotea]", "[dorotae]"),
        1,
        "letters.yaml:4: brev: to[0]: unknown list or organisation 'dorotae' (did you mean 'dorotea'?)",
    ),
    "include cycle": ("lists.yaml", "lists:\n  - {id: a, title: A, include: [a]}\n", 1, "lists.yaml:2: a: include: include cycle: a -> a"),
    "missing required field": (
        "organisations.yaml",
        "organisations:\n  - id: dorotea\n    name: Dorotea\n",
        1,
        "organisations.yaml:2: Dorotea: kind: missing (required) — until this is fixed, the organisation 'dorotea' is left out",
    ),
    "huge id": (
        "organisations.yaml",
        ORGS.replace("id: dorotea", "id: " + "x" * 100_000),
        1,
        "organisations.yaml:2: Dorotea: id: too long (at most 100 characters)",
    ),
    "a key that is a list": ("letters.yaml", "letters:\n  - [a]: b\n", 1, "letters.yaml:2: a field name must be plain text"),
}


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("file, content, code, expected", list(CORPUS.values()), ids=list(CORPUS))
@pytest.mark.parametrize("command", [["check"], ["--today", "2009-03-01", "deadlines"], ["mailing-list", "brev", "--format", "json"]])
def test_corpus(cli, folder, tmp_path, monkeypatch, yaml_loader, file, content, code, expected, command):
    path = folder({"organisations.yaml": ORGS, "letters.yaml": LETTERS})
    (path / file).write_bytes(content if isinstance(content, bytes) else content.encode())
    before = snapshot(path)
    monkeypatch.chdir(tmp_path)
    result = cli("-d", path, *command)
    assert result.exit_code == code
    if command == ["check"]:
        assert f"{path}/{expected}" in result.stderr, result.stderr
    else:  # the error the answer depends on, or the data's errors beside an answer they do not touch
        assert re.search(rf"^{re.escape(str(path))}/\w+\.yaml:\d+: ", result.stderr, re.MULTILINE), result.stderr
    assert no_traceback(result)
    assert result.stdout == "" or "The data has " in result.stderr
    assert snapshot(path) == before
    assert not (tmp_path / "PWNED").exists()


def test_alias_bomb_memory(tmp_path):
    (tmp_path / "inquiry.yaml").write_text(INQUIRY)
    (tmp_path / "organisations.yaml").write_text(BILLION_LAUGHS)
    tracemalloc.start()
    _, problems = load(tmp_path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "'&a' is a YAML anchor, which is not allowed here" in str(problems[0])
    assert peak < 10 * 2**20


@pytest.mark.parametrize("content", ["", "# bara en kommentar\n", "\ufeffletters:\r\n  - id: brev\r\n    subject: Brev\r\n    to: [dorotea]\r\n"])
def test_fine_inputs(cli, folder, content):
    path = folder({"organisations.yaml": ORGS, "letters.yaml": content})
    result = cli("-d", path, "check")
    assert result.exit_code == 0, result.stderr


def test_formulas_in_names_and_notes_are_neutralised_in_csv(cli, folder):
    orgs = ORGS.replace(
        "name: Dorotea", "name: Dorotea\n    contacts:\n      - {name: '=HYPERLINK(\"http://evil\",\"x\")', phone: '+46 8 405 1272', title: '@SUM(1)'}"
    )
    letters = LETTERS + "    reply_by: 2009-05-29\n"
    replies = "replies:\n  - letter: brev\n    from: dorotea\n    received: 2009-03-01\n    note: \"-2+3+cmd|' /C calc'!A0\"\n"
    path = folder({"organisations.yaml": orgs, "letters.yaml": letters, "replies.yaml": replies})
    result = cli("-d", path, "mailing-list", "brev", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "'=HYPERLINK" in out and "'@SUM(1)" in out
    assert ";+46 8 405 1272;" in out
    replies_csv = cli("-d", path, "--today", "2009-03-02", "replies", "brev", "--format", "csv").stdout
    assert ";'-2+3+cmd|' /C calc'!A0" in replies_csv


def test_a_nul_written_as_an_escape_is_refused_where_it_stands(cli, folder):
    orgs = ORGS.replace("name: Dorotea", 'name: Dorotea\n    contacts:\n      - {name: "Per\\0Svensson", email: per@dorotea.se}')
    path = folder({"organisations.yaml": orgs, "letters.yaml": LETTERS})
    result = cli("--lang", "en", "-d", path, "mailing-list", "brev", "--format", "csv")
    assert result.exit_code == 1 and result.stdout == "" and no_traceback(result)
    assert f"{path}/organisations.yaml:6: Per\\x00Svensson (Dorotea): name: holds the control character U+0000; write it without" in result.stderr


def settings_of(path: Path) -> Settings:
    return Settings(path, str(path), False, date(2009, 3, 5))


def test_reply_add_while_another_holds_the_lock(folder):
    path = folder({"organisations.yaml": ORGS, "letters.yaml": LETTERS, "replies.yaml": "replies:\n"})
    before = snapshot(path)
    with FileLock(str(path / ".lokalservice.lock")):
        with pytest.raises(LokalserviceError) as caught:
            add_reply(settings_of(path), Reply(letter="brev", organisation="dorotea", received=date(2009, 3, 1)), wait=0.3)
    assert "another lokalservice has held the lock for 0.3 s; nothing was written" in str(caught.value)
    after = snapshot(path)
    assert {k: v for k, v in after.items() if not k.endswith(".lock")} == {k: v for k, v in before.items() if not k.endswith(".lock")}
    assert not [name for name in os.listdir(path) if name.endswith(".tmp")]


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_failed_write_leaves_the_old_file(folder, monkeypatch, failing):
    path = folder({"organisations.yaml": ORGS, "letters.yaml": LETTERS, "replies.yaml": "# svar\nreplies:\n"})
    before = (path / "replies.yaml").read_bytes()

    def crash(*args, **kwargs):
        raise OSError(5, "simulated crash")

    monkeypatch.setattr(os, failing, crash)
    with pytest.raises(FileFault, match="replies.yaml: could not be written: the disk or network share did not answer"):
        add_reply(settings_of(path), Reply(letter="brev", organisation="dorotea", received=date(2009, 3, 1)))
    monkeypatch.undo()
    assert (path / "replies.yaml").read_bytes() == before
    assert not [name for name in os.listdir(path) if name.endswith(".tmp")]


def test_reply_add_refuses_the_shipped_sample(cli):
    result = cli("--lang", "en", "reply", "add", "fragor-2009", "dorotea")
    assert result.exit_code == 1
    assert "is the sample shipped with lokalservice" in result.stderr
