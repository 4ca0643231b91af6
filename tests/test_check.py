"""`lokalservice check`: every kind of problem, located at file and line, and the sample's warnings."""

from __future__ import annotations

import pytest
from conftest import no_traceback

ORGS = """\
organisations:
  - id: dorotea
    kind: municipality
    name: Dorotea
  - id: alvdalen
    kind: municipality
    name: Älvdalen
  - id: lst-vasterbotten
    kind: county_board
    name: Länsstyrelsen i Västerbottens län
    county: Västerbottens län
    contacts:
      - name: Gunilla Hedman
        email: gunilla.hedman@example.se
"""
LISTS = """\
lists:
  - id: kommuner
    title: Kommunerna
    members: [dorotea, alvdalen]
  - id: lansstyrelser
    title: kontaktpersonerna i länsstyrelsen
    members: [lst-vasterbotten]
"""
LETTERS = """\
letters:
  - id: fragor
    date: 2009-02-10
    subject: Frågor
    from: [hogdahl]
    to: [kommuner]
    cc: [lansstyrelser]
    reply_by: 2009-05-29
"""


def base(**files: str) -> dict[str, str]:
    return {"organisations.yaml": ORGS, "lists.yaml": LISTS, "letters.yaml": LETTERS, **files}


def run_check(cli, folder, files, *extra):
    path = folder(files)
    result = cli("-d", path, "check", *extra)
    assert no_traceback(result)
    return path, result


def test_clean_folder_passes(cli, folder):
    path, result = run_check(cli, folder, base())
    assert result.exit_code == 0, result.stderr
    assert "0 errors" in result.stderr


# Each case: files to change, the file:line that must be named, and a part of the message.
ERRORS = {
    "unknown organisation with suggestion": (
        {
            "replies.yaml": "replies:\n  - letter: fragor\n    from: dorotea\n    received: 2009-03-01\n  - letter: fragor\n    from: alvdalem\n    received: 2009-03-02\n"
        },
        "replies.yaml:6: reply from alvdalem to fragor: from: unknown organisation 'alvdalem' (did you mean 'alvdalen'?)",
    ),
    "unknown letter": (
        {"replies.yaml": "replies:\n  - letter: fragr\n    from: dorotea\n    received: 2009-03-01\n"},
        "replies.yaml:2: reply from Dorotea to fragr: letter: unknown letter 'fragr' (did you mean 'fragor'?)",
    ),
    "unknown list in to": (
        {"letters.yaml": LETTERS.replace("to: [kommuner]", "to: [komuner]")},
        "letters.yaml:6: fragor: to[0]: unknown list or organisation 'komuner' (did you mean 'kommuner'?)",
    ),
    "letter from unknown staff": (
        {"letters.yaml": LETTERS.replace("from: [hogdahl]", "from: [hogdal]")},
        "letters.yaml:5: fragor: from[0]: unknown staff member 'hogdal' (did you mean 'hogdahl'?)",
    ),
    "duplicate id": (
        {"lists.yaml": LISTS + "  - id: kommuner\n    title: Igen\n"},
        "lists.yaml:8: kommuner: id: a second list with the id 'kommuner' (the first is at",
    ),
    "include cycle": (
        {
            "lists.yaml": LISTS
            + "  - id: a\n    title: A\n    include: [b]\n  - id: b\n    title: B\n    include: [c]\n  - id: c\n    title: C\n    include: [a]\n"
        },
        "lists.yaml:10: a: include: include cycle: a -> b -> c -> a",
    ),
    "replaces names no deadline": (
        {
            "directives.yaml": "directives:\n  - id: d1\n    designation: Dir. 2008:109\n    deadlines:\n      - id: slut\n        due: 2009-12-15\n        what: Slut\n        replaces: slut-2009\n"
        },
        "directives.yaml:8: slut: replaces: unknown deadline 'slut-2009'",
    ),
    "duplicate reply": (
        {
            "replies.yaml": "replies:\n  - letter: fragor\n    from: dorotea\n    received: 2009-03-01\n  - letter: fragor\n    from: dorotea\n    received: 2009-03-05\n"
        },
        "replies.yaml:6: reply from Dorotea to fragor: from: a second reply from 'dorotea' to 'fragor' (the first is at",
    ),
    "misspelt municipality": (
        {"organisations.yaml": ORGS.replace("name: Älvdalen", "name: Alvdalen")},
        "organisations.yaml:7: Alvdalen: name: 'Alvdalen' is not one of Sweden's municipalities (did you mean 'Älvdalen'?)",
    ),
    "county disagrees": (
        {"organisations.yaml": ORGS.replace("    name: Dorotea\n", "    name: Dorotea\n    county: Dalarna\n")},
        "organisations.yaml:5: Dorotea: county: Dorotea is in Västerbotten, not Dalarna",
    ),
    "unknown county": (
        {"organisations.yaml": ORGS.replace("county: Västerbottens län", "county: Västerbotn")},
        "organisations.yaml:11: Länsstyrelsen i Västerbottens län: county: unknown county 'Västerbotn' (did you mean 'Västerbotten'",
    ),
    "unknown field": (
        {"letters.yaml": LETTERS.replace("reply_by:", "reply-by:")},
        "letters.yaml:8: fragor: reply-by: unknown field (did you mean 'reply_by'?)",
    ),
    "missing field": (
        {"letters.yaml": LETTERS.replace("    subject: Frågor\n", "")},
        "letters.yaml:2: fragor: subject: missing (required)",
    ),
    "wrong type": (
        {"lists.yaml": LISTS.replace("title: Kommunerna", "title: [Kommunerna]")},
        "lists.yaml:3: kommuner: title: expected text, got a list — until this is fixed, the list 'kommuner' is left out, and 1 reference to it waits (letters.yaml:6)",
    ),
    "invalid date": (
        {"letters.yaml": LETTERS.replace("reply_by: 2009-05-29", "reply_by: 2009-02-30")},
        "letters.yaml:8: fragor: reply_by: '2009-02-30' is not a date in the calendar",
    ),
    "not a date": (
        {"letters.yaml": LETTERS.replace("reply_by: 2009-05-29", "reply_by: 29 maj")},
        "letters.yaml:8: fragor: reply_by: '29 maj' is not a date; write YYYY-MM-DD or YYYY-MM",
    ),
    "invalid id": (
        {"lists.yaml": LISTS.replace("id: kommuner", "id: Kommuner")},
        "lists.yaml:2: Kommunerna: id: 'Kommuner' is not a valid id: use lowercase a-z, digits and '-' — until this is fixed, the list 'kommuner' is left out",
    ),
    "unknown kind": (
        {"organisations.yaml": ORGS.replace("kind: municipality\n    name: Dorotea", "kind: kommunen\n    name: Dorotea")},
        "organisations.yaml:3: Dorotea: kind: 'kommunen' is not a kind of organisation: write municipality (kommun), county_board",
    ),
    "consent is yes or no": (  # publish: ja/nej/yes/no are consent as a secretary writes it; anything else is not
        {"replies.yaml": "replies:\n  - letter: fragor\n    from: dorotea\n    received: 2009-03-01\n    publish: kanske\n"},
        "replies.yaml:5: reply from Dorotea to fragor: publish: write yes or no, not 'kanske'",
    ),
    "unknown top-level key": (
        {"replies.yaml": "replys:\n  - letter: fragor\n"},
        "replies.yaml:1: replys: unknown key 'replys'; this file holds 'replies:' (did you mean 'replies'?)",
    ),
    "duplicate key": (
        {"letters.yaml": LETTERS.replace("    cc: [lansstyrelser]\n", "    cc: [lansstyrelser]\n    to: [dorotea]\n")},
        "letters.yaml:8: the field 'to' is written twice (first on line 6); keep one",
    ),
    "syntax error": (
        {"lists.yaml": LISTS.replace("members: [dorotea, alvdalen]", "members: [dorotea, alvdalen")},
        "lists.yaml:5: column 7: a list in brackets [ ] or { } opened on line 4 is not closed — so no lists can be read, and 2 references to them cannot be checked",
    ),
    "unknown contact in a member": (
        {"lists.yaml": LISTS.replace("members: [lst-vasterbotten]", "members: [{organisation: lst-vasterbotten, contact: Gunilla Hedmann}]")},
        "lists.yaml:7: lansstyrelser: members[0].contact: unknown contact of Länsstyrelsen i Västerbottens län 'Gunilla Hedmann' (did you mean 'Gunilla Hedman'?)",
    ),
}


@pytest.mark.parametrize("files, expected", ERRORS.values(), ids=ERRORS.keys())
def test_each_kind_of_error_names_file_and_line(cli, folder, files, expected):
    path, result = run_check(cli, folder, base(**files))
    assert result.exit_code == 1
    assert f"{path}/{expected}" in result.stderr, result.stderr
    assert result.stdout == ""


def test_all_errors_are_reported_at_once(cli, folder):
    files = base(**ERRORS["unknown letter"][0])
    files["letters.yaml"] = LETTERS.replace("reply_by: 2009-05-29", "reply_by: 2009-02-30")
    files["lists.yaml"] = LISTS.replace("members: [dorotea, alvdalen]", "members: [dorotea, alvdalem]")
    path, result = run_check(cli, folder, files)
    assert result.exit_code == 1
    assert "letters.yaml:8: fragor: reply_by: '2009-02-30' is not a date in the calendar" in result.stderr
    assert "replies.yaml:2: reply from Dorotea to fragr: letter: unknown letter 'fragr'" in result.stderr
    assert "lists.yaml:4: kommuner: members[1]: unknown organisation 'alvdalem' (did you mean 'alvdalen'?)" in result.stderr
    assert "3 errors, 0 warnings" in result.stderr


WARNINGS = {
    "reply-by on a holiday": (
        {"letters.yaml": LETTERS.replace("reply_by: 2009-05-29", "reply_by: 2009-06-19")},
        "letters.yaml:8: warning: fragor: reply_by: 2009-06-19 is Midsummer Eve, not a working day; a reply on 22 June 2009 is in time",
    ),
    "county board missing from cc": ({}, "letters.yaml:7: warning: fragor: cc: Länsstyrelsen i Dalarnas län (Älvdalen) is not on cc"),
    "contact without e-mail": (
        {"organisations.yaml": ORGS.replace("        email: gunilla.hedman@example.se\n", "")},
        "organisations.yaml:13: warning: Gunilla Hedman (Länsstyrelsen i Västerbottens län): email: no e-mail address, though letter 'fragor' goes to this contact",
    ),
    "reply before its letter": (
        {"replies.yaml": "replies:\n  - letter: fragor\n    from: dorotea\n    received: 2009-02-01\n"},
        "replies.yaml:4: warning: reply from Dorotea to fragor: received: 2009-02-01 is before the letter's date 2009-02-10",
    ),
    "reply from someone not asked": (
        {"replies.yaml": "replies:\n  - letter: fragor\n    from: lst-vasterbotten\n    received: 2009-03-01\n"},
        "replies.yaml:3: warning: reply from Länsstyrelsen i Västerbottens län to fragor: from: 'lst-vasterbotten' was not asked to reply to 'fragor'; the reply is kept as an unasked reply",
    ),
}


@pytest.mark.parametrize("files, expected", WARNINGS.values(), ids=WARNINGS.keys())
def test_each_kind_of_warning(cli, folder, files, expected):
    path, result = run_check(cli, folder, base(**files))
    assert result.exit_code == 0, result.stderr
    assert f"{path}/{expected}" in result.stderr, result.stderr
    strict = cli("-d", path, "check", "--strict")
    assert strict.exit_code == 1


def test_missing_inquiry_yaml(cli, folder):
    path, result = run_check(cli, lambda files: folder(files, inquiry=None), base())
    assert result.exit_code == 1
    assert f"{path}/inquiry.yaml: missing" in result.stderr


def test_folder_that_does_not_exist(cli, tmp_path):
    result = cli("-d", tmp_path / "nowhere", "check")
    assert result.exit_code == 2
    assert "no such data folder" in result.stderr


def test_json_output_is_only_json(cli, folder):
    import json

    path, result = run_check(cli, folder, base(**ERRORS["unknown letter"][0]), "--format", "json")
    problems = [p for p in json.loads(result.stdout) if p["severity"] == "error"]
    assert problems == [
        {
            "file": f"{path}/replies.yaml",
            "line": 2,
            "field": "replies[0].letter",
            "message": "unknown letter 'fragr' (did you mean 'fragor'?)",
            "severity": "error",
        }
    ]


def test_sample_passes_with_the_papers_warnings(cli):
    result = cli("--lang", "en", "--today", "2009-03-01", "check")
    assert result.exit_code == 0, result.stderr
    assert "Reading the sample inquiry" in result.stderr
    assert "fragor-2009: cc: Länsstyrelsen i Dalarnas län (Älvdalen) is not on cc" in result.stderr
    assert "All Saints' Day" not in result.stderr and "warning: slut-2009" not in result.stderr  # the directives' dates are notes, not warnings
    assert "data: 0 errors, 13 warnings; 2 notes (--notes shows them)" in result.stderr
    noted = cli("--lang", "en", "--today", "2009-03-01", "check", "--notes", "--strict")
    assert "note: samtjanst-2008: due: 2008-11-01 is All Saints' Day, not a working day; deliver by 31 October 2008" in noted.stderr
    assert "note: slut-2009: due: 2009-11-01 is a Sunday, not a working day; deliver by 30 October 2009" in noted.stderr
    assert noted.stderr.index("warning:") < noted.stderr.index("note:")  # notes last
    assert "data: 0 errors, 13 warnings; 2 notes\n" in noted.stderr


def test_a_note_is_no_warning_for_scripts(cli, folder):
    """A directive's date on a Sunday: listed by --notes with severity "note", never counted by --strict."""
    import json

    directives = "directives:\n  - {id: d, designation: Dir. 1, deadlines: [{id: x, due: 2009-11-01, what: X}]}\n"
    path = folder({"directives.yaml": directives})
    plain = cli("-d", path, "check", "--strict", "--format", "json")
    assert plain.exit_code == 0 and json.loads(plain.stdout) == []
    noted = json.loads(cli("-d", path, "check", "--notes", "--format", "json").stdout)
    assert [(p["severity"], p["field"]) for p in noted] == [("note", "directives[0].deadlines[0].due")]


def test_global_options_after_the_command(cli, folder):
    path = folder(base())
    before = cli("-d", path, "check")
    after = cli("check", "-d", path)
    assert before.exit_code == after.exit_code == 0
    assert before.stderr == after.stderr


def test_environment_chooses_folder(cli, folder):
    path = folder(base(**ERRORS["unknown letter"][0]))
    result = cli("check", env={"LOKALSERVICE_DATA": str(path)})
    assert result.exit_code == 1 and str(path) in result.stderr


@pytest.mark.parametrize(
    "content, expected",
    [
        ("", "inquiry.yaml: expected the inquiry's fields (designation: ..., title: ...)"),
        ("- a\n", "inquiry.yaml:1: expected the inquiry's fields"),
        ("designation: [\n", "inquiry.yaml:2: column 1: a list in brackets [ ] or { } opened on line 1 is not closed"),
    ],
)
def test_a_bad_inquiry_yaml_gets_one_message(cli, folder, content, expected):
    path = folder(base(), inquiry=content)
    result = cli("-d", path, "check")
    assert result.exit_code == 1
    inquiry_lines = [line for line in result.stderr.splitlines() if "inquiry.yaml" in line]
    assert len(inquiry_lines) == 1 and inquiry_lines[0].startswith(f"{path}/{expected}"), result.stderr
