"""Domain rules as a secretariat knows them: information letters, which way a holiday moves a date, what has not
happened yet, reports, and a påminnelse that is a letter."""

from __future__ import annotations

import json

import pytest

ORGS = """\
organisations:
  - {id: dorotea, kind: municipality, name: Dorotea, contacts: [{name: Anna Andersson, email: anna@dorotea.example.se}]}
  - {id: asele, kind: municipality, name: Åsele}
  - {id: lst-ac, kind: county_board, name: Länsstyrelsen i Västerbottens län, county: Västerbotten}
"""
INQUIRY = """\
designation: Fi 2007:06
title: Utveckling av lokal service i samverkan
department: Finansdepartementet
website: www.sou.gov.se/lokalservice
staff:
  - {id: hogdahl, name: Lars Högdahl, role: särskild utredare, phone: 08-405 1272}
  - {id: noreland, name: Lena Noreland, phone: 08-405 2309, email: lena.noreland@finance.ministry.se}
"""
LETTERS = """\
letters:
  - {id: info, subject: Om arbetet, from: [hogdahl], addressee: Till berörda kommuner och länsstyrelser}
  - id: enkat
    date: 2009-02-10
    subject: Frågor om service
    from: [hogdahl, noreland]
    to: [dorotea, asele]
    cc: [lst-ac]
    reply_by: 2009-06-19
    attachments: [Formulär med frågor]
  - {id: sedan, date: 2009-09-01, subject: Kommande enkät, from: [hogdahl], to: [dorotea], reply_by: 2009-10-01}
"""
DIRECTIVES = """\
directives:
  - id: dir-a
    designation: Dir. 2007:68
    decided: 2007-05-31
    deadlines:
      - {id: samtjanst, due: 2008-11-01, what: Översyn}
      - {id: slut, due: 2009-11-01, what: Slutredovisning}
      - {id: nationaldag, due: 2010-06-06, what: Redovisning på nationaldagen}
  - id: dir-b
    designation: Dir. 2008:109
    decided: 2008-09-18
    supplements: dir-a
    confirms: [slut]
reports:
  - {designation: SOU 2008:97, title: Styr samverkan, delivered: 2008-11, meets: [samtjanst]}
  - {designation: SOU 2008:34, title: Lättare att samverka}
"""


@pytest.fixture
def world(folder):
    return folder({"organisations.yaml": ORGS, "letters.yaml": LETTERS, "directives.yaml": DIRECTIVES}, inquiry=INQUIRY)


def deadline(cli, path, today, item, *args):
    result = cli("--lang", "en", "-d", path, "--today", today, "deadlines", "--all", "--format", "json", *args)
    return next(i for i in json.loads(result.stdout) if i["id"] == item)


def test_an_information_letter_asks_for_nothing(cli, world):
    for command in ("replies", "remind"):
        result = cli("--lang", "en", "-d", world, "--today", "2009-03-01", command, "info")
        assert result.exit_code == 1 and result.stdout == ""
        assert "'info' is an information letter: it asks for no replies (it has neither reply_by nor reply_from)" in result.stderr
    items = json.loads(cli("-d", world, "--today", "2009-03-01", "deadlines", "--all", "--format", "json").stdout)
    assert "info" not in {i["id"] for i in items}
    status = cli("--lang", "en", "-d", world, "--today", "2009-03-01", "status").stdout
    assert "Information letters (no replies asked): Om arbetet" in status  # by its subject, as people know it
    (world / "replies.yaml").write_text("replies:\n  - {letter: info, from: dorotea, received: 2009-03-02}\n")
    check = cli("--lang", "en", "-d", world, "check")
    assert ": letter: 'info' is an information letter: it asked for no replies" in check.stderr


def test_the_addressee_of_a_letter_without_a_sandlista(cli, world):
    result = cli("--lang", "sv", "-d", world, "mailing-list", "info")
    assert result.exit_code == 0
    assert result.stdout == "Till berörda kommuner och länsstyrelser\n"
    assert json.loads(cli("-d", world, "mailing-list", "info", "--format", "json").stdout) == {
        "to": [],
        "cc": [],
        "addressee": "Till berörda kommuner och länsstyrelser",
    }


def test_the_inquirys_own_deadline_moves_to_the_last_working_day_before(cli, world):
    slut = deadline(cli, world, "2009-10-29", "slut")
    assert (slut["non_working_day"], slut["status"], slut["source"]) == ("Sunday", "due-soon", "Dir. 2007:68, Dir. 2008:109")
    assert deadline(cli, world, "2009-10-30", "slut")["status"] == "due-soon"  # Friday 30 October: the day to deliver
    assert deadline(cli, world, "2009-10-31", "slut")["status"] == "overdue"  # alla helgons dag: the delivery day has passed
    note = cli("--lang", "sv", "-d", world, "--today", "2009-10-01", "deadlines").stdout
    assert "söndag – lämna senast fredag 30 oktober 2009" in " ".join(note.split())
    assert "nästa arbetsdag" not in note
    national = cli("--lang", "sv", "-d", world, "--today", "2010-05-01", "deadlines").stdout
    assert "Sveriges nationaldag – lämna senast fredag 4 juni 2010" in " ".join(national.split())


def test_others_time_to_answer_moves_to_the_next_working_day(cli, world):
    """Reply-by midsommarafton (Friday 19 June 2009): a reply on Monday 22 June is in time, and the ladder counts from it."""
    assert deadline(cli, world, "2009-06-22", "enkat")["status"] == "due-soon"
    assert deadline(cli, world, "2009-06-23", "enkat")["status"] == "overdue"
    text = cli("--lang", "sv", "-d", world, "--today", "2009-06-01", "deadlines").stdout
    assert "midsommarafton – svar som kommer in måndag 22 juni 2009 är i tid" in " ".join(text.split())
    remind = json.loads(cli("-d", world, "--today", "2009-06-22", "remind", "enkat", "--format", "json").stdout)
    assert {m["organisation"]: (m["next_reminder"], m["due"]) for m in remind["missing"]} == {"dorotea": ("2009-06-23", False), "asele": ("2009-06-23", False)}
    on_tuesday = json.loads(cli("-d", world, "--today", "2009-06-23", "remind", "enkat", "--format", "json").stdout)
    assert all(m["due"] for m in on_tuesday["missing"])


def test_what_has_not_happened_yet_is_planned(cli, world):
    assert deadline(cli, world, "2009-03-01", "sedan")["status"] == "planned"
    assert deadline(cli, world, "2009-09-01", "sedan")["status"] == "due-soon" or deadline(cli, world, "2009-09-01", "sedan")["status"] == "open"
    refused = cli("--lang", "en", "-d", world, "--today", "2009-03-01", "remind", "sedan", "--force")
    assert refused.exit_code == 1 and "sedan is dated 1 September 2009, after today: it has not been sent, so nobody can be reminded" in refused.stderr
    table = cli("--lang", "sv", "-d", world, "--today", "2009-03-01", "deadlines").stdout
    assert "planerat" in table and "planerad" not in table and "skickas 1 september 2009" in " ".join(table.split())


def test_reports_meet_deadlines_and_months_print_as_months(cli, world):
    met = deadline(cli, world, "2009-03-01", "samtjanst")
    assert (met["status"], met["delivered"], met["report"]) == ("met", "2008-11", "SOU 2008:97")
    before = deadline(cli, world, "2008-11-15", "samtjanst")
    assert before["status"] == "overdue"  # delivered "November 2008" counts from the month's last day
    table = cli("--lang", "sv", "-d", world, "--today", "2009-03-01", "deadlines", "--all").stdout
    assert "klar november 2008 genom SOU 2008:97" in " ".join(table.split())
    status = cli("--lang", "sv", "-d", world, "--today", "2009-03-01", "status").stdout
    assert "SOU 2008:97" in status and "november 2008" in status and "datum okänt" in status


def test_a_passed_deadline_claims_no_more_than_the_data_knows(cli, world):
    words = cli("--lang", "sv", "-d", world, "--today", "2010-01-10", "deadlines").stdout
    assert "datumet har passerat – ingen leverans angiven" in " ".join(words.split())
    assert deadline(cli, world, "2010-01-10", "slut")["status"] == "overdue"  # JSON keeps the machine value


def test_the_pamminnelse_is_a_letter(cli, world):
    result = cli("--lang", "sv", "-d", world, "--today", "2009-06-24", "remind", "enkat", "--only", "dorotea")
    assert result.exit_code == 0, result.stderr
    letter = result.stdout.split("—" * 40)[1]
    for part in (
        "24 juni 2009\nUtveckling av lokal service i samverkan\nFi 2007:06",
        "Dorotea kommun\nAnna Andersson",  # the official name, then the contact
        "Påminnelse: Frågor om service",
        "Den 10 februari 2009 skickade vi brevet ”Frågor om service” till er. Vi bad om ert svar senast den 19 juni 2009 men har ännu inte fått det.",
        "Vi är tacksamma för ert svar senast den 1 juli 2009.",
        "Ni kan svara med e-post till lena.noreland@finance.ministry.se. Mer om utredningen finns på www.sou.gov.se/lokalservice.",
        "Till brevet hörde: Formulär med frågor.",
        "Har ni frågor är ni välkomna att kontakta Lena Noreland, telefon 08-405 2309, e-post lena.noreland@finance.ministry.se.",
        "Om ni redan har skickat ert svar kan ni bortse från den här påminnelsen.",
        "Med vänliga hälsningar\n\nLena Noreland\n\n",  # signed by the handläggare alone (her role is not in the data)
    ):
        assert part in letter, part
    assert "så snart som möjligt" not in letter
    assert "Finansdepartementet" not in letter and "Lars Högdahl" not in letter  # a kommitté is its own myndighet
    english = cli("--lang", "en", "-d", world, "--today", "2009-06-24", "remind", "enkat", "--only", "dorotea", "--new-date", "2009-07-03").stdout
    for part in (
        "24 June 2009",
        "Dorotea kommun\nAnna Andersson",
        "Reminder: Frågor om service",
        "On 10 February 2009 we sent you the letter “Frågor om service”. We asked for your reply by 19 June 2009 but have not yet received it.",
        "We would be grateful for your reply by 3 July 2009.",
        "You can reply by e-mail to lena.noreland@finance.ministry.se.",
        "If you have questions, please contact Lena Noreland, phone 08-405 2309, e-mail lena.noreland@finance.ministry.se.",
        "Yours sincerely",
    ):
        assert part in english, part


def test_the_new_date_is_never_before_today(cli, world):
    result = cli("--lang", "en", "-d", world, "--today", "2009-06-24", "remind", "enkat", "--new-date", "2009-06-01")
    assert result.exit_code == 2 and "--new-date: 2009-06-01 is before today (2009-06-24)" in result.stderr


def test_the_sample_as_its_papers_have_it(cli):
    info = cli("--lang", "en", "--today", "2009-03-01", "remind", "utvecklingsverksamhet-2008")
    assert info.exit_code == 1 and "is an information letter" in info.stderr
    items = json.loads(cli("--today", "2009-03-01", "deadlines", "--all", "--format", "json").stdout)
    slut = next(i for i in items if i["id"] == "slut-2009")
    assert slut["source"] == "Dir. 2007:68, Dir. 2008:109"
    assert cli("--today", "2009-03-01", "mailing-list", "utvecklingsverksamhet-2008").stdout == "Till berörda kommuner och länsstyrelser\n"
    status = cli("--today", "2009-03-01", "status").stdout
    assert "SOU 2008:97" in status and "november 2008" in status and "SOU 2008:34" in status
    seminars = json.loads(cli("--today", "2009-03-01", "seminars", "--format", "json").stdout)
    assert all("Arbetsförmedlingen, Försäkringskassan, Polisen, Skatteverket" in s["note"] for s in seminars)
    assert all(s["attended"] is None for s in seminars)  # the papers do not say who came to which: not recorded
    from lokalservice.settings import sample_path

    assert "role: sekreterare" not in (sample_path() / "inquiry.yaml").read_text()


SUMMARISED = """\
letters:
  - id: landshovdingar
    date: 2007-11
    subject: Brev till samtliga landshövdingar
    from: [hogdahl]
    addressee: Till samtliga landshövdingar
    reply_by: 2008-01
    replies_summary: Svaren kom in; vilka som svarade anges inte.
"""


def test_replies_known_only_as_a_whole_are_neither_counted_nor_overdue(cli, folder):
    path = folder({"organisations.yaml": ORGS, "letters.yaml": SUMMARISED}, inquiry=INQUIRY)
    row = deadline(cli, path, "2009-03-01", "landshovdingar")
    assert row["status"] == "closed" and row["due"] == "2008-01"
    table = cli("--lang", "sv", "-d", path, "--today", "2009-03-01", "deadlines", "--all").stdout
    assert "Svaren kom in; vilka som svarade anges inte." in table and "0/0" not in table and "försenad" not in table
    for command in ("replies", "remind"):
        result = cli("--lang", "en", "-d", path, "--today", "2009-03-01", command, "landshovdingar")
        assert result.exit_code == 1 and result.stdout == ""
        assert "the replies to 'landshovdingar' are known only as a whole (replies_summary): Svaren kom in" in result.stderr
    status = cli("--lang", "sv", "-d", path, "--today", "2009-03-01", "status").stdout
    assert "Svar som bara redovisas i sin helhet: Brev till samtliga landshövdingar: Svaren kom in" in status and "0/0" not in status
    letters = json.loads(cli("-d", path, "letters", "--format", "json").stdout)
    assert letters[0]["expected"] is None and letters[0]["replies_summary"].startswith("Svaren kom in")
    page = path / "rapport.html"
    assert cli("--lang", "sv", "-d", path, "--today", "2009-03-01", "report", "--output", page).exit_code == 0
    html = page.read_text()
    assert "Svar som bara redovisas i sin helhet:" in html and "Inget brev begär svar" not in html
    # a reply recorded one by one against it would be counted nowhere: check says so
    (path / "replies.yaml").write_text("replies:\n  - {letter: landshovdingar, from: lst-ac, received: 2008-01-15}\n")
    check = cli("--lang", "en", "-d", path, "check")
    assert check.exit_code == 0 and "known only as a whole (replies_summary), so this reply is counted nowhere" in check.stderr


def test_a_summary_on_an_information_letter_is_a_warning(cli, folder):
    letters = "letters:\n  - {id: info, subject: Om arbetet, from: [hogdahl], addressee: Till alla, replies_summary: Många svar.}\n"
    check = cli("--lang", "en", "-d", folder({"letters.yaml": letters}, inquiry=INQUIRY), "check")
    assert "replies_summary: an information letter asked for no replies, so there are none to sum up" in check.stderr


def test_the_sample_says_no_more_of_the_2007_letter_than_its_papers(cli):
    row = next(i for i in json.loads(cli("--today", "2009-03-01", "deadlines", "--all", "--format", "json").stdout) if i["id"] == "landshovdingar-2007")
    assert row["status"] == "closed" and row["due"] == "2008-01"
    assert cli("--today", "2009-03-01", "replies", "landshovdingar-2007").exit_code == 1
    check = cli("--lang", "en", "--today", "2009-03-01", "check")
    assert check.exit_code == 0 and "0 errors, 13 warnings; 2 notes" in check.stderr  # the directives' dates on holidays are notes
    organisations = {o["id"]: o for o in json.loads(cli("organisations", "--format", "json").stdout)}
    for body in ("verva", "arbetsgivarverket", "skl"):
        assert organisations[body]["contacts"] == []  # the directive names the bodies, no people
    seminars = json.loads(cli("--today", "2009-03-01", "seminars", "--format", "json").stdout)
    assert {s["title"] for s in seminars} == {"Arbetsseminarium anordnat av utredningen"}


def test_letters_name_their_lists_by_title_for_people_and_by_id_for_programs(cli):
    table = cli("--lang", "sv", "--today", "2009-03-01", "letters", "--width", "400").stdout
    assert "Kontaktpersoner för servicefrågor i kommunerna" in table and "kontaktpersonerna i länsstyrelsen; kontaktpersonerna i myndigheterna" in table
    rows = cli("--today", "2009-03-01", "letters", "--format", "csv").stdout.splitlines()
    assert any(row.startswith("fragor-2009;2009-02-10;") and ";kommuner;lansstyrelser, myndigheter;" in row for row in rows)


def test_a_list_printed_alone_begins_with_a_capital(cli):
    alone = cli("--today", "2009-03-01", "mailing-list", "lansstyrelser").stdout.splitlines()
    assert alone[:2] == ["Sändlista", "Kontaktpersonerna i länsstyrelsen"]
    under_the_letter = cli("--today", "2009-03-01", "mailing-list", "fragor-2009").stdout.splitlines()
    assert "För kännedom till kontaktpersonerna i länsstyrelsen" in under_the_letter  # as the 2009 letter prints it


def test_letters_counts_the_replies_replies_counts(cli, world):
    (world / "replies.yaml").write_text(
        "replies:\n  - {letter: enkat, from: dorotea, received: 2009-03-02}\n  - {letter: enkat, from: lst-ac, received: 2009-03-03}\n", encoding="utf-8"
    )
    listed = {f["id"]: f for f in json.loads(cli("-d", world, "--today", "2009-03-05", "letters", "--format", "json").stdout)}
    counted = json.loads(cli("-d", world, "--today", "2009-03-05", "replies", "enkat", "--format", "json").stdout)
    assert listed["enkat"]["replied"] == len(counted["replied"]) == 1  # the county board's reply is unasked: not one of them
    assert listed["enkat"]["expected"] == counted["expected"] == 2
