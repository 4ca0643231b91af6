"""lokalservice as a library: the use cases without the command line, answering as the commands do."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import lokalservice
from lokalservice.settings import sample_path


@pytest.fixture
def inquiry_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(sample_path(), tmp_path / "fi-2007-06"))


def test_the_deadlines_are_the_commands(inquiry_copy: Path, cli) -> None:
    inquiry = lokalservice.open_inquiry(inquiry_copy, today="2009-03-01")
    assert inquiry.today == date(2009, 3, 1)
    found = lokalservice.deadline_items(inquiry.folder, inquiry.today)
    shown = json.loads(cli("-d", inquiry_copy, "--today", "2009-03-01", "deadlines", "--all", "--format", "json").stdout)
    assert [(i.due.isoformat(), i.id, i.status) for i in found] == [(d["due"], d["id"], d["status"]) for d in shown]


def test_record_a_reply_then_plan_the_reminders(inquiry_copy: Path, cli) -> None:
    inquiry = lokalservice.open_inquiry(inquiry_copy, today="2009-06-10")
    letter = inquiry.letter("fragor-2009")
    before = lokalservice.reply_report(inquiry.folder, letter, inquiry.today)
    waiting = lokalservice.plan_reminders(inquiry, letter)
    organisation = waiting.due[0].organisation
    recorded = lokalservice.record_reply(inquiry, letter, organisation, received=date(2009, 6, 9))
    assert recorded.reply.organisation == organisation.id
    assert recorded.notes  # after the reply-by day: the note says it is late

    again = lokalservice.open_inquiry(inquiry_copy, today="2009-06-10")
    after = lokalservice.reply_report(again.folder, again.letter("fragor-2009"), again.today)
    assert len(after.replied) == len(before.replied) + 1
    assert organisation.id not in {due.organisation.id for due in lokalservice.plan_reminders(again, again.letter("fragor-2009")).due}
    # and the command line sees the same reply
    shown = json.loads(cli("-d", inquiry_copy, "--today", "2009-06-10", "replies", "fragor-2009", "--format", "json").stdout)
    assert organisation.id in {r["organisation"] for r in shown["replied"]}


def test_a_refusal_is_an_exception_with_a_message(inquiry_copy: Path) -> None:
    inquiry = lokalservice.open_inquiry(inquiry_copy, today="2009-03-01")
    with pytest.raises(lokalservice.LokalserviceError) as refused:
        inquiry.letter("no-such-letter")
    with lokalservice.using_language("sv"):
        assert "okänt brev" in str(refused.value).lower()
    assert "unknown letter" in str(refused.value).lower()


def test_importing_the_package_imports_nothing_heavy() -> None:
    code = "import sys, lokalservice; print(sorted(m for m in ('pydantic', 'typer', 'rich', 'yaml') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"


def test_the_surface_is_what_it_says() -> None:
    for name in lokalservice.__all__:
        assert getattr(lokalservice, name) is not None
    with pytest.raises(AttributeError):
        lokalservice.no_such_thing  # noqa: B018
