"""Never a wrong answer: a warm run answers as a cold one, a broken value costs the least it can, and whatever an answer
leaves out it names; 'it does not touch this answer' only where that is true (the answer equals the one given once the
broken value is mended)."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone

import pytest
from conftest import INQUIRY, no_traceback, write_folder
from test_bad_input import CORPUS, LETTERS, ORGS
from test_letters import FILES

from lokalservice.outputs import calendar

TODAY = "2009-03-05"
WORLD = {
    **FILES,
    "replies.yaml": FILES["replies.yaml"] + "  - {letter: brev, from: asele, received: 2009-03-02}\n",
    "directives.yaml": """\
        directives:
          - id: dir-a
            designation: Dir. 2007:68
            decided: 2007-05-31
            deadlines:
              - {id: d1, due: 2007-11-01, what: Förslag om åtgärder}
              - {id: d2, due: 2008-11-03, what: Översyn av lagen}
              - id: d3
                due: 2009-11-30
                what: Samlad redovisning
          - id: dir-b
            designation: Dir. 2008:109
            decided: 2008-09-18
            supplements: dir-a
            confirms: [d3]
        """,
}

# name: (file, what the mended file holds, what the broken one holds instead)
BROKEN = {
    "an impossible deadline date": ("directives.yaml", "due: 2009-11-30", "due: 2009-11-31"),
    "an unknown field on a list": ("lists.yaml", "{id: inner, title: Inre gruppen,", "{id: inner, title: Inre gruppen, bogus: 1,"),
    "an invisible character in a member": ("lists.yaml", "members: [asele, dorotea]}", 'members: ["asele\\u00a0", dorotea]}'),
    "an impossible date in a reply": ("replies.yaml", "received: 2009-02-20", "received: 2009-02-30"),
    "a reply from an unknown organisation": ("replies.yaml", "from: asele", "from: aselle"),
    "a reply to a letter that cannot be read": ("replies.yaml", "{letter: brev, from: asele", "{letter: Brev 1, from: asele"),
    "a contact's e-mail that is not an address": ("organisations.yaml", "gunilla@example.se", "gunilla at example.se"),
    "a misspelt field of a contact": ("organisations.yaml", "{name: Johan Algernon, email:", "{name: Johan Algernon, emial:"),
    "an impossible reply-by date": ("letters.yaml", "reply_by: 2009-03-10", "reply_by: 2009-03-32"),
    "an impossible seminar date": ("seminars.yaml", "date: 2009-02-20, title: Seminarium ett", "date: 2009-02-31, title: Seminarium ett"),
    "a staff member without a name": ("inquiry.yaml", "name: Lena Noreland", "namn: Lena Noreland"),
    "an unknown county": ("organisations.yaml", "county: Västerbotten", "county: Västerbottn"),
    "a tab in the lists": ("lists.yaml", "          - id: cc-list", "\t- id: cc-list"),
    "a duplicate organisation": ("organisations.yaml", "name: Årjäng}\n", "name: Årjäng}\n          - {id: arjang, kind: municipality, name: Arjang}\n"),
}

READING = [
    ["check"],
    ["check", "--format", "json"],
    ["deadlines", "--all"],
    ["deadlines", "--all", "--format", "json"],
    ["deadlines", "--format", "csv"],
    ["status"],
    ["mailing-list", "brev"],
    ["mailing-list", "brev", "--format", "json"],
    ["mailing-list", "brev", "--format", "csv"],
    ["mailing-list", "brev", "--format", "emails"],
    ["mailing-list", "inner"],
    ["replies", "brev"],
    ["replies", "brev", "--format", "json"],
    ["replies", "brev", "--format", "csv"],
    ["replies"],
    ["replies", "--format", "json"],
    ["remind", "brev", "--format", "json"],
    ["remind", "brev", "--force"],
    ["seminars"],
    ["seminars", "--format", "json"],
    ["letters", "--format", "json"],
    ["lists", "--format", "json"],
    ["organisations", "--format", "json"],
    ["report"],
    ["export", "ics"],
]
SHORT = [["check"], ["deadlines", "--all", "--format", "json"], ["mailing-list", "brev", "--format", "json"], ["status"], ["report"]]
UNTOUCHED = "it does not touch this answer"
LEAVES_OUT = "This answer leaves out:"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(calendar, "clock", lambda: datetime(2009, 3, 5, 12, 0, tzinfo=timezone.utc))


def world(tmp_path, case: str | None = None, name: str = "data"):
    files = {**WORLD, "inquiry.yaml": INQUIRY}
    if case is not None:
        file, mended, broken = BROKEN[case]
        assert files[file].count(mended) == 1, case
        files[file] = files[file].replace(mended, broken)
    inquiry = files.pop("inquiry.yaml")
    return write_folder(tmp_path / name, files, inquiry=inquiry)


def corpus_folder(tmp_path, name: str):
    file, content, _, _ = CORPUS[name]
    path = write_folder(tmp_path / "data", {"organisations.yaml": ORGS, "letters.yaml": LETTERS})
    (path / file).write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def without_the_tally(text: str) -> str:
    """An answer without the lines that count the data's problems (status and the report say how many there are)."""
    text = re.sub(r"(?m)^Data: .*$", "", text)
    return re.sub(
        r'(?s)<div class="health".*?</div>|<footer>.*?</footer>|<div class="figure[^"]*"><span class="number">\d+</span><span class="label">errors? in the data</span></div>',
        "",
        text,
    )


def run(cli, path, command):
    result = cli("--lang", "en", "-d", path, "--today", TODAY, *command)
    assert no_traceback(result), (command, result.stdout + result.stderr)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("case", [None, *BROKEN], ids=["whole", *BROKEN])
def test_a_warm_run_answers_as_a_cold_one(cli, tmp_path, private_cache, case):
    path = world(tmp_path, case)
    for command in READING:
        for entry in private_cache.glob("*.pickle"):
            entry.unlink()
        cold = run(cli, path, command)
        assert list(private_cache.glob("*.pickle")), "the cold run stored its result"
        warm = run(cli, path, command)
        assert warm == cold, command


@pytest.mark.parametrize("name", list(CORPUS))
def test_every_corpus_folder_answers_warm_as_cold(cli, tmp_path, private_cache, name):
    path = corpus_folder(tmp_path, name)
    for command in SHORT:
        for entry in private_cache.glob("*.pickle"):
            entry.unlink()
        cold = run(cli, path, [c.replace("brev", "brev") for c in command])
        warm = run(cli, path, command)
        assert warm == cold, command


@pytest.mark.parametrize("case", list(BROKEN))
def test_an_answer_says_what_it_leaves_out_and_untouched_only_when_true(cli, tmp_path, case):
    """Each answer from the broken folder, against the one from the folder with the broken value mended."""
    broken, mended = world(tmp_path, case), world(tmp_path, None, name="mended")
    for command in READING[2:]:  # check lists the problems themselves
        code, out, err = run(cli, broken, command)
        good = run(cli, mended, command)
        if code != 0 and not out:
            assert re.search(r"\.yaml:\d+: ", err), (command, err)  # a refusal names the error it depends on
            continue
        assert code == 1, (command, err)  # answered, and the data has errors: exit 1 says so
        if UNTOUCHED in err:
            assert without_the_tally(out) == without_the_tally(good[1]).replace(str(mended), str(broken)), (command, err)
        else:
            assert LEAVES_OUT in err, (command, err)


def test_an_impossible_deadline_date_leaves_out_that_deadline_not_its_directive(cli, tmp_path):
    path = world(tmp_path, "an impossible deadline date")
    code, out, err = run(cli, path, ["deadlines", "--all", "--format", "json"])
    assert [d["id"] for d in json.loads(out) if d["kind"] == "directive"] == ["d1", "d2"]
    assert f"{LEAVES_OUT} Dir. 2007:68, deadline d3 ({path}/directives.yaml:9)" in err
    check = run(cli, path, ["check"])[2]
    assert check.count(": error") == 0 and "unknown" not in check  # confirms: [d3] waits; no cascade
    assert f"{path}/directives.yaml:9: d3: due: '2009-11-31' is not a date in the calendar" in check
    assert "1 error, " in check


def test_a_list_with_an_unknown_field_is_refused_warm_as_cold(cli, tmp_path):
    path = world(tmp_path, "an unknown field on a list")
    for _ in range(2):
        code, out, err = run(cli, path, ["replies", "brev", "--format", "json"])
        assert (code, out) == (1, "") and "bogus: unknown field" in err
        code, out, err = run(cli, path, ["remind", "brev"])
        assert (code, out) == (1, "")
        assert "Everyone has replied" not in out + err


def test_a_member_that_cannot_be_read_costs_that_member_and_no_second_message(cli, tmp_path):
    path = world(tmp_path, "an invisible character in a member")
    check = run(cli, path, ["check"])[2]
    assert "not asked" not in check and "unknown" not in check
    assert "1 error, 0 warnings" in check
    code, out, err = run(cli, path, ["mailing-list", "inner"])
    assert code == 1 and "Dorotea" in out and "Åsele" not in out
    assert f"{LEAVES_OUT} Inre gruppen, member 'asele\\u00a0' ({path}/lists.yaml:2)" in err
    replies = json.loads(run(cli, path, ["replies", "brev", "--format", "json"])[1])
    assert "asele" not in {r["organisation"] for r in [*replies["replied"], *replies["missing"], *replies["unasked"]]}


def test_a_reply_that_cannot_be_read_is_named_as_people_name_it(cli, tmp_path):
    path = world(tmp_path, "an impossible date in a reply")
    check = run(cli, path, ["check"])[2]
    assert f"{path}/replies.yaml:5: reply from Dorotea to brev: received: '2009-02-30' is not a date in the calendar" in check
    assert "replies[" not in check
    code, out, err = run(cli, path, ["replies", "brev", "--format", "json"])
    found = json.loads(out)
    assert "dorotea" not in {r["organisation"] for r in [*found["replied"], *found["missing"]]}  # neither replied nor missing
    assert f"{LEAVES_OUT} reply from Dorotea to brev ({path}/replies.yaml:5)" in err


# --- True words about one organisation -------------------------------------------------------------


def test_remind_only_says_what_is_true_of_each_one_asked_about(cli, tmp_path):
    path = world(tmp_path)
    for only, said in [
        ("asele", "Åsele replied to brev on 2009-03-02; it is not reminded."),
        ("lst-vasterbotten", "Länsstyrelsen i Västerbottens län got brev för kännedom and was not asked to reply; it is not reminded."),
        ("fk", "Försäkringskassan got brev för kännedom and was not asked to reply"),
    ]:
        code, out, err = run(cli, path, ["remind", "brev", "--only", only, "--force"])
        assert said in out, (only, out)
        assert "Everyone has replied" not in out
    data = json.loads(run(cli, path, ["remind", "brev", "--only", "asele", "--format", "json"])[1])
    assert data["missing"] == [] and data["others"] == [{"organisation": "asele", "name": "Åsele", "status": "replied", "received": "2009-03-02"}]


def test_an_organisation_the_mailed_letter_never_reached_gets_no_pamminnelse(cli, tmp_path):
    path = world(tmp_path)
    (path / "mail.yaml").write_text(
        "sent:\n  - {letter: brev, organisation: arjang, kind: letter, at: '2009-02-10T10:00:00+01:00', to: [a@arjang.se], message_id: '<1@x>'}\n"
    )
    data = json.loads(run(cli, path, ["--today", "2009-03-20", "remind", "brev", "--force", "--format", "json"])[1])
    reached = {m["organisation"]: (m["reached"], m["due"], m["text"] is not None) for m in data["missing"]}
    assert reached == {"arjang": (True, True, True), "alvdalen": (False, False, False)}
    replies = json.loads(run(cli, path, ["--today", "2009-03-20", "replies", "brev", "--format", "json"])[1])
    assert {m["organisation"]: m["reached"] for m in replies["missing"]} == {"arjang": True, "alvdalen": False}
    table = run(cli, path, ["--today", "2009-03-20", "remind", "brev", "--force"])[1]
    assert "not reached: no e-mail address when the letter was mailed" in " ".join(table.split())
    assert table.count("Reminder: Frågor till kommunerna") == 1  # Årjäng's påminnelse only


# --- Text handed in ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoded, note",
    [
        ("Vi vill ha tillgänglig vård.\r\n".encode("cp1252"), "read as Windows-1252 (ANSI)"),
        ("\ufeffVi vill ha tillgänglig vård.\n".encode(), None),
        ("Vi vill ha tillgänglig vård.\n".encode("utf-16"), None),
    ],
    ids=["Windows-1252", "UTF-8 with BOM", "UTF-16"],
)
def test_a_body_file_is_read_as_it_was_saved(cli, tmp_path, encoded, note):
    path = world(tmp_path)
    body = tmp_path / "text.txt"
    body.write_bytes(encoded)
    result = cli("--lang", "en", "-d", path, "--today", TODAY, "mail", "brev", "--eml", tmp_path / "utkast", "--body", body, "--only", "lst-vasterbotten")
    assert result.exit_code == 0, result.stderr
    import email
    from email import policy

    text = (
        email.message_from_bytes((tmp_path / "utkast" / "letter-lst-vasterbotten.eml").read_bytes(), policy=policy.default).get_body(("plain",)).get_content()
    )
    assert "tillgänglig vård" in text and "\ufffd" not in text
    assert (note in result.stderr) if note else ("Windows-1252" not in result.stderr)


def test_a_body_file_that_lost_its_letters_is_refused_and_nothing_is_written(cli, tmp_path):
    path = world(tmp_path)
    body = tmp_path / "text.txt"
    body.write_text("Vi vill ha tillg\ufffdnglig v\ufffdrd.\n", encoding="utf-8")
    result = cli("--lang", "en", "-d", path, "--today", TODAY, "mail", "brev", "--eml", tmp_path / "utkast", "--body", body)
    assert result.exit_code == 1 and "line 1 holds the character �" in result.stderr
    assert not (tmp_path / "utkast").exists()


# --- Dates that agree with themselves ---------------------------------------------------------------


def test_days_left_count_to_the_day_that_applies(cli, tmp_path):
    path = world(tmp_path)
    letters = path / "letters.yaml"
    letters.write_text(letters.read_text().replace("reply_by: 2009-03-10", "reply_by: 2009-03-14"))  # a Saturday
    rows = json.loads(run(cli, path, ["--today", "2009-03-15", "deadlines", "--all", "--format", "json"])[1])
    letter = next(r for r in rows if r["kind"] == "letter")
    assert (letter["days_left"], letter["status"]) == (1, "due-soon")  # Monday the 16th is in time: never "soon" with -1
    directive = next(r for r in rows if r["id"] == "d3")  # due Monday 2009-11-30: a working day
    assert directive["days_left"] == (date(2009, 11, 30) - date(2009, 3, 15)).days


def test_a_new_date_must_come_after_the_letters_own_and_on_a_working_day(cli, tmp_path):
    path = world(tmp_path)
    early = cli("--lang", "en", "-d", path, "--today", "2009-03-05", "remind", "brev", "--force", "--new-date", "2009-03-09")
    assert early.exit_code == 2 and "before the letter's own last day for a reply (2009-03-10)" in early.stderr
    holiday = cli("--lang", "en", "-d", path, "--today", "2009-06-01", "remind", "brev", "--force", "--new-date", "2009-06-06", "--format", "json")
    assert json.loads(holiday.stdout)["new_date"] == "2009-06-08"
    assert "--new-date 2009-06-06 is National Day, not a working day: the påminnelse asks for Monday 8 June 2009" in holiday.stderr


def test_a_pamminnelse_before_the_last_day_states_the_date_once(cli, tmp_path):
    path = world(tmp_path)
    text = json.loads(run(cli, path, ["remind", "brev", "--force", "--format", "json"])[1])["text"]
    assert text.count("10 March 2009") == 1 and "we need your reply by 10 March 2009" in text


# --- The report claims no more than the data ---------------------------------------------------------


def test_the_report_says_what_the_data_does_not_know(tmp_path):
    from conftest import workspace

    from lokalservice.outputs.report.view import view

    path = world(tmp_path, "a contact's e-mail that is not an address")
    found = workspace(path, "2010-01-10")
    page = view(found.folder, found.today, found.problems)
    seminars = {s.id: s.attended for s in page.seminars}
    assert seminars == {"s1": 2, "s2": None}  # s2 has no attended: not recorded, not 0
    passed = next(d for d in page.deadlines if d.id == "d3")
    assert (passed.status, passed.tone, passed.status_words) == ("overdue", "passed", "the date has passed – no delivery given")
    assert page.glance[0].number == "1"  # the letter's overdue reply-by counts; the directive's dates do not
    assert page.quality == [
        "1 error in the data: the secretariat corrects it",
        "2 county boards are not on the distribution lists of letters to their municipalities",
    ]
    missing = {m.name: (m.contacts, m.emails) for letter in page.letters for m in letter.missing}
    assert missing["Årjäng"] == ("", "")


def test_a_file_that_cannot_be_read_causes_no_second_message(cli, tmp_path):
    """A tab in lists.yaml hides every list: no reply is then "not asked" (anyone may be on a list that cannot be
    read). An unclosed bracket in replies.yaml hides every reply: the journal does not call them gone."""
    path = world(tmp_path)
    (path / "lists.yaml").write_text((path / "lists.yaml").read_text() + "\t- id: x\n", encoding="utf-8")
    check = run(cli, path, ["check"])[2]
    assert "lists.yaml" in check and "not asked" not in check and "unknown" not in check, check
    again = world(tmp_path, name="journal")
    added = cli("-d", again, "--today", TODAY, "reply", "add", "brev", "arjang", "--received", "2009-03-03")
    assert added.exit_code == 0, added.stderr
    (again / "replies.yaml").write_text("replies:\n  - {letter: brev, from: dorotea\n", encoding="utf-8")
    check = run(cli, again, ["check"])[2]
    assert "replies.yaml" in check and "no longer in replies.yaml" not in check, check
