"""`lokalservice deadlines` and `export ics` on a folder with every kind of dated obligation."""

from __future__ import annotations

import json
from datetime import date

import pytest
from icalendar import Calendar

from lokalservice.queries.deadlines import items, select
from lokalservice.source.loader import load

TODAY = "2009-03-01"
FILES = {
    "organisations.yaml": """\
        organisations:
          - {id: dorotea, kind: municipality, name: Dorotea}
          - {id: asele, kind: municipality, name: Åsele}
          - {id: vilhelmina, kind: municipality, name: Vilhelmina}
        """,
    "directives.yaml": """\
        directives:
          - id: dir-a
            designation: Dir. 2007:68
            deadlines:
              - {id: d-met, due: 2009-01-15, what: Delredovisning, delivered: 2009-01-10, report: SOU 2009:1}
              - {id: d-later, due: 2009-06-01, what: Redovisning som flyttas fram}
              - {id: d-earlier, due: 2009-12-01, what: Redovisning som tidigareläggs}
          - id: dir-b
            designation: Dir. 2008:109
            supplements: dir-a
            deadlines:
              - {id: d-later-2, due: 2009-09-01, what: Redovisning som flyttas fram, replaces: d-later}
              - {id: d-earlier-2, due: 2009-04-15, what: Redovisning som tidigareläggs, replaces: d-earlier}
        """,
    "letters.yaml": """\
        letters:
          - {id: l-full, date: 2009-02-01, subject: Besvarat brev, to: [dorotea, asele], reply_by: 2009-03-10}
          - {id: l-partial, date: 2009-01-20, subject: Delvis besvarat brev, to: [dorotea, asele, vilhelmina], reply_by: 2009-02-20}
          - {id: l-soon, date: 2009-02-15, subject: Brev med svar snart, to: [vilhelmina], reply_by: 2009-03-09}
          - {id: l-holiday, date: 2009-02-15, subject: Brev med svar på midsommarafton, to: [asele], reply_by: 2009-06-19}
          - {id: l-undated, subject: Brev utan svarsdatum, to: [asele]}
        """,
    "replies.yaml": """\
        replies:
          - {letter: l-full, from: dorotea, received: 2009-02-10, publish: true}
          - {letter: l-full, from: asele, received: 2009-02-12}
          - {letter: l-partial, from: asele, received: 2009-02-01}
          - {letter: l-partial, from: dorotea, received: 2009-03-05}
        """,
    "seminars.yaml": """\
        seminars:
          - {id: s-past, date: 2009-02-20, title: Seminarium som hållits, invited: [dorotea]}
          - {id: s-ahead, date: 2009-04-01, title: Seminarium som kommer, invited: [asele]}
        """,
}


@pytest.fixture
def world(folder):
    return folder(FILES)


def by_id(result) -> dict[str, dict]:
    return {row["id"]: row for row in json.loads(result.stdout)}


def test_json_all_field_by_field(cli, world):
    result = cli("-d", world, "--today", TODAY, "deadlines", "--all", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["due"] for r in rows] == sorted(r["due"] for r in rows)
    got = by_id(result)
    assert got["d-met"] == {
        "due": "2009-01-15",
        "weekday": "Thursday",
        "non_working_day": None,
        "days_left": -45,
        "what": "Delredovisning",
        "kind": "directive",
        "source": "Dir. 2007:68",
        "id": "d-met",
        "status": "met",
        "replaces": None,
        "delivered": "2009-01-10",
        "report": "SOU 2009:1",
    }
    assert got["d-later"]["status"] == "replaced"
    assert got["d-later-2"] == {
        "due": "2009-09-01",
        "weekday": "Tuesday",
        "non_working_day": None,
        "days_left": 184,
        "what": "Redovisning som flyttas fram",
        "kind": "directive",
        "source": "Dir. 2008:109",
        "id": "d-later-2",
        "status": "open",
        "replaces": "d-later",
        "delivered": None,
        "report": None,
    }
    assert got["d-earlier"]["status"] == "replaced"
    assert (got["d-earlier-2"]["due"], got["d-earlier-2"]["replaces"], got["d-earlier-2"]["status"]) == ("2009-04-15", "d-earlier", "open")
    assert got["l-full"]["status"] == "met"
    assert got["l-partial"] == {
        "due": "2009-02-20",
        "weekday": "Friday",
        "non_working_day": None,
        "days_left": -9,
        "what": "Svar senast",
        "kind": "letter",
        "source": "Delvis besvarat brev",
        "id": "l-partial",
        "status": "overdue",
        "replaces": None,
        "delivered": None,
        "report": None,
    }
    assert (got["l-soon"]["status"], got["l-soon"]["days_left"]) == ("due-soon", 8)
    assert (got["l-holiday"]["non_working_day"], got["l-holiday"]["weekday"]) == ("Midsommarafton", "Friday")
    assert (got["s-past"]["status"], got["s-past"]["kind"], got["s-past"]["source"]) == ("held", "seminar", "Seminarium som hållits")
    assert got["s-ahead"]["status"] == "planned"
    assert "l-undated" not in got


def test_default_view(cli, world):
    result = cli("-d", world, "--today", TODAY, "deadlines", "--format", "json")
    shown = set(by_id(result))
    # replaced only with --all; met/held only when within the last 30 days
    assert shown == {"l-partial", "s-past", "l-soon", "l-full", "s-ahead", "d-earlier-2", "l-holiday", "d-later-2"}


def test_within_and_soon(cli, world):
    result = cli("-d", world, "--today", TODAY, "deadlines", "--within", "10", "--format", "json")
    assert set(by_id(result)) == {"l-soon", "l-full", "l-partial"}  # what is overdue is never hidden
    later = cli("-d", world, "--today", TODAY, "deadlines", "--soon", "3", "--format", "json")
    assert by_id(later)["l-soon"]["status"] == "open"


def test_table_shows_reply_counts_and_replacements(cli, world):
    result = cli("-d", world, "--today", TODAY, "deadlines", "--all")
    assert result.exit_code == 0
    out = " ".join(result.stdout.split())
    assert "1/3 replied" in out  # the reply of 2009-03-05 has not come in as of 2009-03-01
    assert "2/2 replied" in out
    assert "replaces 2009-06-01, Dir. 2007:68" in out
    assert "replaces 2009-12-01, Dir. 2007:68" in out
    assert "replaced by 1 September 2009, Dir. 2008:109" in out
    assert "met 10 January 2009 by SOU 2009:1" in out
    assert "Midsummer Eve – a reply on Monday 22 June 2009 is in time" in out


def test_replies_count_as_of_today(world):
    folder, _ = load(world)
    later = {i.id: i for i in items(folder, date(2009, 3, 6))}
    assert str(later["l-partial"].note) == "2/3 replied"
    assert later["l-partial"].status == "overdue"


def test_a_delivery_after_today_is_not_yet_met(world):
    folder, _ = load(world)
    before = {i.id: i for i in items(folder, date(2009, 1, 5))}
    assert before["d-met"].status == "due-soon"


def test_select_is_by_due_date(world):
    folder, _ = load(world)
    chosen = select(items(folder, date(2009, 3, 1)), date(2009, 3, 1), show_all=True)
    assert [i.due for i in chosen] == sorted(i.due for i in chosen)


def test_csv(cli, world):
    import csv

    result = cli("-d", world, "--today", TODAY, "deadlines", "--format", "csv")
    rows = list(csv.DictReader(result.stdout.lstrip("\ufeff").splitlines(), delimiter=";"))
    partial = next(r for r in rows if r["id"] == "l-partial")
    assert (partial["status"], partial["note"], partial["days_left"]) == ("overdue", "1/3 replied", "-9")


def test_sample_without_today_suggests_one(cli):
    result = cli("--lang", "en", "deadlines", env={"LOKALSERVICE_TODAY": ""})
    assert result.exit_code == 0
    assert "Its papers date from 2007–2009: try --today 2009-03-01" in result.stderr


def test_sample_on_2009_03_01(cli):
    result = cli("--today", "2009-03-01", "deadlines", "--format", "json")
    got = by_id(result)
    assert list(got) == ["atgarder-2007", "samtjanst-2008", "fragor-2009", "slut-2009"]
    assert got["fragor-2009"]["status"] == "open" and got["fragor-2009"]["days_left"] == 89
    assert got["slut-2009"]["non_working_day"] == "Sunday"
    assert got["samtjanst-2008"]["non_working_day"] == "Alla helgons dag"


def parse_ics(data: bytes) -> Calendar:
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    return Calendar.from_ical(data)


def test_ics_export(cli, world, tmp_path):
    target = tmp_path / "out.ics"
    result = cli("-d", world, "--today", TODAY, "export", "ics", "--output", target)
    assert result.exit_code == 0, result.stderr
    data = target.read_bytes()
    cal = parse_ics(data)
    assert cal["VERSION"] == "2.0" and "lokalservice" in str(cal["PRODID"])
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    # 3 directive deadlines in force and the 2 they replaced (cancelled), 4 reply-by dates, 2 seminars
    assert len(events) == 11
    assert str(events["directive-d-later.fi-2007-06@lokalservice"]["STATUS"]) == "CANCELLED"
    assert str(cal["METHOD"]) == "PUBLISH"
    moved = events["directive-d-later-2.fi-2007-06@lokalservice"]
    assert moved.decoded("DTSTART") == date(2009, 9, 1)
    assert moved.decoded("DTEND") == date(2009, 9, 2)
    assert b"DTSTART;VALUE=DATE:20090901" in data
    assert all("DTSTAMP" in e for e in events.values())
    again = cli("-d", world, "--today", TODAY, "export", "ics")
    assert {str(e["UID"]) for e in parse_ics(again.stdout_bytes).walk("VEVENT")} == set(events)


def test_ics_uids_differ_between_inquiries(cli, folder, world):
    other = folder(FILES, inquiry="designation: Ju 2010:01\ntitle: En annan utredning\n", name="other")
    first = parse_ics(cli("-d", world, "--today", TODAY, "export", "ics").stdout_bytes)
    second = parse_ics(cli("-d", other, "--today", TODAY, "export", "ics").stdout_bytes)
    assert not {str(e["UID"]) for e in first.walk("VEVENT")} & {str(e["UID"]) for e in second.walk("VEVENT")}
