"""Replies as a registrar keeps them: late, unasked, closed, corrected, and never silently lost."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

from test_letters import FILES

TODAY = "2009-03-20"


def replies_json(cli, path, letter="brev", today=TODAY):
    result = cli("--lang", "en", "-d", path, "--today", today, "replies", letter, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_a_late_reply_is_marked_everywhere(cli, folder):
    path = folder(FILES)
    assert cli("--lang", "en", "-d", path, "--today", TODAY, "reply", "add", "brev", "asele", "--received", "2009-03-12").exit_code == 0
    data = replies_json(cli, path)
    assert {r["organisation"]: r["late"] for r in data["replied"]} == {"dorotea": False, "asele": True}
    table = cli("--lang", "en", "-d", path, "--today", TODAY, "replies", "brev").stdout
    assert "2 of 4 replied (50 %), 1 late, reply-by 2009-03-10, 10 days overdue" in table
    rows = list(
        csv.DictReader(
            cli("--lang", "en", "-d", path, "--today", TODAY, "replies", "brev", "--format", "csv").stdout.lstrip("\ufeff").splitlines(), delimiter=";"
        )
    )
    asele = next(r for r in rows if r["organisation"] == "asele")
    assert (asele["received"], asele["status"], asele["late"]) == ("2009-03-12", "replied", "yes")
    missing = next(r for r in rows if r["organisation"] == "arjang")
    assert (missing["received"], missing["status"]) == ("", "missing")  # the date column holds dates only
    status = cli("--lang", "en", "-d", path, "--today", TODAY, "status").stdout
    assert "│     2/4 │    1 │ overdue │" in status


def test_a_reply_on_the_next_working_day_after_a_holiday_is_in_time(cli, folder):
    files = dict(FILES)
    files["letters.yaml"] = FILES["letters.yaml"].replace("reply_by: 2009-03-10", "reply_by: 2009-06-19")  # midsommarafton
    path = folder(files)
    cli("-d", path, "--today", "2009-06-30", "reply", "add", "brev", "asele", "--received", "2009-06-22")
    cli("-d", path, "--today", "2009-06-30", "reply", "add", "brev", "arjang", "--received", "2009-06-23")
    data = replies_json(cli, path, today="2009-06-30")
    assert {r["organisation"]: r["late"] for r in data["replied"]} == {"dorotea": False, "asele": False, "arjang": True}
    on_monday = cli("--lang", "en", "-d", path, "--today", "2009-06-22", "deadlines", "--format", "json")
    assert next(i for i in json.loads(on_monday.stdout) if i["id"] == "brev")["status"] != "overdue"
    on_tuesday = cli("--lang", "en", "-d", path, "--today", "2009-06-23", "deadlines", "--format", "json")
    assert next(i for i in json.loads(on_tuesday.stdout) if i["id"] == "brev")["status"] == "overdue"


def test_a_reply_from_one_not_asked_is_kept_and_shown_apart(cli, folder):
    path = folder(FILES)
    added = cli("--lang", "en", "-d", path, "--today", TODAY, "reply", "add", "brev", "lst-vasterbotten", "--received", "2009-03-02")
    assert added.exit_code == 0, added.stderr
    assert "Note: Länsstyrelsen i Västerbottens län was not asked to reply to brev; the reply is kept as an unasked reply." in added.stderr
    data = replies_json(cli, path)
    assert data["expected"] == 4 and len(data["replied"]) == 1
    assert data["unasked"] == [
        {
            "organisation": "lst-vasterbotten",
            "name": "Länsstyrelsen i Västerbottens län",
            "received": "2009-03-02",
            "publish": None,  # the reply did not say (inget besked)
            "late": False,
            "dnr": None,
            "note": None,
            "declined": False,
            "via": None,
        }
    ]
    swedish = cli("--lang", "sv", "-d", path, "--today", TODAY, "replies", "brev").stdout
    assert "Övriga svar (ej ombedda)" in swedish
    check = cli("--lang", "en", "-d", path, "check")
    assert check.exit_code == 0 and "was not asked to reply to 'brev'; the reply is kept as an unasked reply" in check.stderr


def test_a_closed_survey_is_closed_and_reminds_nobody(cli, folder):
    files = dict(FILES)
    files["letters.yaml"] = FILES["letters.yaml"].replace("reply_by: 2009-03-10", "reply_by: 2009-03-10\n            closed: 2009-03-18")
    path = folder(files)
    item = next(i for i in json.loads(cli("-d", path, "--today", TODAY, "deadlines", "--format", "json").stdout) if i["id"] == "brev")
    assert item["status"] == "closed"
    before = next(i for i in json.loads(cli("-d", path, "--today", "2009-03-17", "deadlines", "--format", "json").stdout) if i["id"] == "brev")
    assert before["status"] == "overdue"
    remind = cli("--lang", "en", "-d", path, "--today", TODAY, "remind", "brev", "--force")
    assert remind.exit_code == 1 and "brev was closed on 2009-03-18: no more replies are awaited, so nobody is reminded" in remind.stderr
    assert "closed 18 March 2009" in cli("--lang", "en", "-d", path, "--today", TODAY, "replies", "brev").stdout


def test_a_wrong_reply_is_corrected_or_removed_keeping_every_other_byte(cli, folder):
    path = folder(FILES)
    replies = path / "replies.yaml"
    replies.write_text(replies.read_text() + "  # Åsele svarade per brev\n  - {letter: brev, from: asele, received: 2009-03-02}\n# slut\n")
    before = replies.read_bytes()
    fixed = cli(
        "--lang", "en", "-d", path, "--today", TODAY, "reply", "add", "brev", "dorotea", "--received", "2009-02-21", "--replace", "--dnr", "Fi 2007:06/2009/3"
    )
    assert fixed.exit_code == 0, fixed.stderr
    assert "Corrected: Dorotea replied to brev on 21 February 2009." in fixed.stderr
    after = replies.read_bytes()
    assert after == before.replace(
        b"  - letter: brev\n    from: dorotea\n    received: 2009-02-20\n    publish: true\n",
        b"  - {letter: brev, from: dorotea, received: 2009-02-21, dnr: Fi 2007:06/2009/3}\n",
    )
    removed = cli("--lang", "en", "-d", path, "--today", TODAY, "reply", "remove", "brev", "Åsele")
    assert removed.exit_code == 0, removed.stderr
    assert "Removed: the reply from Åsele to brev received 2009-03-02." in removed.stderr
    assert replies.read_bytes() == after.replace(b"  - {letter: brev, from: asele, received: 2009-03-02}\n", b"")
    again = cli("--lang", "en", "-d", path, "reply", "remove", "brev", "asele")
    assert again.exit_code == 1 and "there is no reply from asele to brev in replies.yaml" in again.stderr
    nothing = cli("--lang", "en", "-d", path, "--today", TODAY, "reply", "add", "brev", "arjang", "--replace")
    assert nothing.exit_code == 1 and "there is no reply from arjang to brev to replace" in nothing.stderr


def test_a_reply_an_editor_saved_away_is_found_and_restored(cli, folder):
    """Two processes: 'Notepad' has replies.yaml open, `reply add` runs in another process, then Notepad saves its old copy."""
    path = folder(FILES)
    replies = path / "replies.yaml"
    old_copy = replies.read_bytes()  # the editor opens the file
    env = {**os.environ, "LOKALSERVICE_CACHE": "off", "LOKALSERVICE_LANG": "en"}
    added = subprocess.run(
        [sys.executable, "-m", "lokalservice", "-d", str(path), "--today", TODAY, "reply", "add", "brev", "asele", "--received", "2009-03-03"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert added.returncode == 0, added.stderr
    editor = subprocess.run(
        [sys.executable, "-c", "import sys, pathlib; pathlib.Path(sys.argv[1]).write_bytes(sys.stdin.buffer.read())", str(replies)],
        input=old_copy + "  # rättat stavfel\n".encode(),
        capture_output=True,
    )
    assert editor.returncode == 0
    assert b"asele" not in replies.read_bytes()  # the reply is gone from the file...
    check = cli("--lang", "en", "-d", path, "check")
    assert "replies.journal:1: warning: the reply from 'asele' to 'brev' recorded" in check.stderr
    assert "is no longer in replies.yaml; lokalservice reply restore puts it back" in check.stderr
    restored = cli("--lang", "en", "-d", path, "reply", "restore")
    assert restored.exit_code == 0, restored.stderr
    assert "Restored 1 reply: asele → brev." in restored.stderr
    text = replies.read_text()
    assert "# rättat stavfel" in text and "  - {letter: brev, from: asele, received: 2009-03-03}\n" in text
    assert "replies.journal" not in cli("--lang", "en", "-d", path, "check").stderr
    assert "No reply is missing" in cli("--lang", "en", "-d", path, "reply", "restore").stderr


def test_a_removed_reply_is_not_restored(cli, folder):
    path = folder(FILES)
    cli("-d", path, "--today", TODAY, "reply", "add", "brev", "asele", "--received", "2009-03-03")
    cli("-d", path, "reply", "remove", "brev", "asele")
    lines = (path / "replies.journal").read_text().splitlines()
    assert [json.loads(line)["action"] for line in lines] == ["add", "remove"]
    assert "No reply is missing" in cli("--lang", "en", "-d", path, "reply", "restore").stderr


def test_replies_without_a_letter_is_the_register(cli, folder):
    path = folder(FILES)
    cli("-d", path, "--today", TODAY, "reply", "add", "brev", "asele", "--received", "2009-03-12", "--dnr", "Fi 2007:06/2009/22", "--note", "Per post")
    cli("-d", path, "--today", TODAY, "reply", "add", "brev", "fk", "--received", "2009-03-01")
    data = json.loads(cli("--lang", "en", "-d", path, "--today", TODAY, "replies", "--format", "json").stdout)
    assert [(r["received"], r["organisation"], r["late"], r["unasked"]) for r in data] == [
        ("2009-02-20", "dorotea", False, False),
        ("2009-03-01", "fk", False, True),
        ("2009-03-12", "asele", True, False),
    ]
    assert data[2] == {
        "letter": "brev",
        "organisation": "asele",
        "name": "Åsele",
        "received": "2009-03-12",
        "publish": None,
        "late": True,
        "unasked": False,
        "dnr": "Fi 2007:06/2009/22",
        "note": "Per post",
        "declined": False,
        "via": None,
    }
    table = cli("--lang", "sv", "-d", path, "--today", TODAY, "replies").stdout
    assert "Inkomna svar den 20 mars 2009" in table and "Fi 2007:06/2009/22" in table


def test_remind_when_everyone_has_replied(cli, folder):
    path = folder(FILES)
    for org in ("asele", "alvdalen", "arjang"):
        assert cli("-d", path, "--today", TODAY, "reply", "add", "brev", org, "--received", "2009-03-05").exit_code == 0
    result = cli("--lang", "sv", "-d", path, "--today", TODAY, "remind", "brev")
    assert result.exit_code == 0
    assert result.stdout.strip() == "Alla har svarat på brev; det finns ingen att påminna."


def test_one_set_of_status_words(cli, folder):
    path = folder(FILES)
    seminars = json.loads(cli("-d", path, "--today", TODAY, "seminars", "--format", "json").stdout)
    deadlines = json.loads(cli("-d", path, "--today", TODAY, "deadlines", "--all", "--format", "json").stdout)
    from lokalservice.queries.status import STATUSES

    assert {s["status"] for s in seminars} | {d["status"] for d in deadlines} <= set(STATUSES)
    assert {s["status"] for s in seminars} == {"held", "planned"}
