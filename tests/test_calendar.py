"""A calendar that stays true: two exports a directive and a moved reply-by date apart, parsed and imported into a
real calendar client (khal), leave the new dates only."""

from __future__ import annotations

import subprocess
from datetime import date, datetime, timedelta, timezone

import pytest
from conftest import program_path
from icalendar import Calendar

from lokalservice.outputs import calendar as ics

INQUIRY = "designation: Fi 2007:06\ntitle: Utveckling av lokal service i samverkan\nlanguage: sv\n"
BEFORE = {
    "organisations.yaml": "organisations:\n  - {id: dorotea, kind: municipality, name: Dorotea}\n",
    "directives.yaml": """\
        directives:
          - id: dir-2007-68
            designation: Dir. 2007:68
            deadlines:
              - {id: del-2008, due: 2008-06-02, what: Delbetänkande}
              - {id: slut-2009, due: 2009-11-01, what: Slutbetänkande}
        """,
    "letters.yaml": "letters:\n  - {id: enkat, date: 2008-02-01, subject: Enkät, to: [dorotea], reply_by: 2008-03-14}\n",
}
# The tilläggsdirektiv replaces both dates, and the survey's reply-by date is moved.
AFTER = {
    **BEFORE,
    "directives.yaml": BEFORE["directives.yaml"].rstrip(" ")
    + """\
          - id: dir-2008-109
            designation: Dir. 2008:109
            supplements: dir-2007-68
            deadlines:
              - {id: del-2008-ny, due: 2008-09-01, what: Delbetänkande, replaces: del-2008}
              - {id: slut-2010, due: 2010-03-31, what: Slutbetänkande, replaces: slut-2009}
        """,
    "letters.yaml": BEFORE["letters.yaml"].replace("reply_by: 2008-03-14", "reply_by: 2008-03-28"),
}


def export(cli, path, monkeypatch, moment: datetime, *args: str) -> bytes:
    monkeypatch.setattr(ics, "clock", lambda: moment)
    result = cli("-d", path, "--today", "2008-01-15", "export", "ics", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


@pytest.fixture
def exports(cli, folder, monkeypatch):
    path = folder(BEFORE, inquiry=INQUIRY)
    first = export(cli, path, monkeypatch, datetime(2008, 1, 15, 9, 0, tzinfo=timezone.utc))
    for name, text in AFTER.items():
        (path / name).write_text(__import__("textwrap").dedent(text))
    second = export(cli, path, monkeypatch, datetime(2008, 9, 20, 14, 30, tzinfo=timezone.utc))
    return first, second


def events(data: bytes) -> dict[str, object]:
    return {str(e["UID"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def test_the_second_export_updates_and_cancels_rather_than_adds(exports):
    first, second = (events(data) for data in exports)
    assert set(first) < set(second)  # nothing of the first is gone: its UIDs stay, to be updated or cancelled
    assert set(second) - set(first) == {"directive-del-2008-ny.fi-2007-06@lokalservice", "directive-slut-2010.fi-2007-06@lokalservice"}
    for replaced in ("directive-del-2008.fi-2007-06@lokalservice", "directive-slut-2009.fi-2007-06@lokalservice"):
        assert str(first[replaced]["STATUS"]) == "CONFIRMED" and str(second[replaced]["STATUS"]) == "CANCELLED"
        assert second[replaced].decoded("DTSTART") == first[replaced].decoded("DTSTART")
    moved = "letter-enkat.fi-2007-06@lokalservice"
    assert (first[moved].decoded("DTSTART"), second[moved].decoded("DTSTART")) == (date(2008, 3, 14), date(2008, 3, 28))
    for uid in first:
        assert int(second[uid]["SEQUENCE"]) > int(first[uid]["SEQUENCE"])
        assert second[uid].decoded("LAST-MODIFIED") > first[uid].decoded("LAST-MODIFIED")
    assert b"METHOD:PUBLISH" in exports[1] and b"DTSTART;VALUE=DATE:20080328" in exports[1]


def test_alarms_for_what_is_still_open_in_the_inquirys_language(cli, folder, monkeypatch):
    path = folder(AFTER, inquiry=INQUIRY)
    data = export(cli, path, monkeypatch, datetime(2008, 1, 15, tzinfo=timezone.utc), "--alarm", "7")
    found = events(data)
    alarms = {uid: event.walk("VALARM") for uid, event in found.items()}
    assert not alarms["directive-slut-2009.fi-2007-06@lokalservice"]  # cancelled: no alarm
    (alarm,) = alarms["directive-slut-2010.fi-2007-06@lokalservice"]
    assert alarm.decoded("TRIGGER") == timedelta(days=-7) and str(alarm["ACTION"]) == "DISPLAY"
    assert str(alarm["DESCRIPTION"]) == "Slutbetänkande (Dir. 2008:109) om 7 dagar"
    assert not any(e.walk("VALARM") for e in events(export(cli, path, monkeypatch, datetime(2008, 1, 15, tzinfo=timezone.utc))).values())


def test_an_event_on_a_non_working_day_says_which_day_applies(cli, folder, monkeypatch):
    path = folder(BEFORE, inquiry=INQUIRY)
    found = events(export(cli, path, monkeypatch, datetime(2008, 1, 15, tzinfo=timezone.utc)))
    description = str(found["directive-slut-2009.fi-2007-06@lokalservice"]["DESCRIPTION"])
    assert "söndag – lämna senast fredag 30 oktober 2009" in description


KHAL_CONFIG = """\
[calendars]
[[utredning]]
path = {path}
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
[default]
default_calendar = utredning
"""


@pytest.mark.program("khal")
def test_a_real_calendar_ends_with_the_new_dates_only(exports, tmp_path):
    """khal (Debian's package; .ci/run installs it): import the export made before the tilläggsdirektiv, then the one after."""
    khal = program_path("khal")
    (tmp_path / "calendar").mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(KHAL_CONFIG.format(path=tmp_path / "calendar"))
    for number, data in enumerate(exports):
        (tmp_path / f"export-{number}.ics").write_bytes(data)
        done = subprocess.run([khal, "-c", str(config), "import", "--batch", str(tmp_path / f"export-{number}.ics")], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    listed = subprocess.run([khal, "-c", str(config), "list", "--format", "{status}|{title}", "2008-01-01", "2010-12-31"], capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    days: dict[str, list[str]] = {}
    day = ""
    for line in listed.stdout.splitlines():
        if "|" not in line:
            day = line.split(",")[-1].strip()
        else:
            days.setdefault(day, []).append(line.strip())
    active = {d: [e for e in entries if not e.startswith("CANCELLED")] for d, entries in days.items()}
    assert {d for d, entries in active.items() if entries} == {"2008-09-01", "2010-03-31", "2008-03-28"}
    assert all(e.startswith("CANCELLED") for e in days["2008-06-02"] + days["2009-10-30"])  # 1 November 2009, a Sunday: the Friday before
    assert "2008-03-14" not in days  # the moved reply-by date moved, it was not copied
    assert len(list((tmp_path / "calendar").iterdir())) == 5  # one event each: nothing duplicated


def test_a_directives_date_on_a_sunday_is_placed_on_the_friday_before_in_the_inquirys_words(cli, folder, monkeypatch):
    path = folder(BEFORE, inquiry=INQUIRY)
    found = events(export(cli, path, monkeypatch, datetime(2008, 1, 15, tzinfo=timezone.utc), "--lang", "en"))
    slut = found["directive-slut-2009.fi-2007-06@lokalservice"]
    assert slut.decoded("DTSTART") == date(2009, 10, 30)  # 1 November 2009 is a Sunday: handed over on the Friday
    assert "direktivets datum: 1 november 2009" in str(slut["DESCRIPTION"])  # the inquiry's language, not the --lang of the run
    assert [str(c) for c in slut["CATEGORIES"].cats] == ["Direktiv"]
    assert {str(e["CATEGORIES"].cats[0]) for e in found.values()} <= {"Direktiv", "Brev", "Seminarium"}
