"""The first hour of a new user: her own folder, one cause one message, answers despite an unrelated typo, plain words."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import no_traceback
from test_letters import FILES

TODAY = "2009-03-13"


def test_her_own_folder_is_found_from_where_she_stands(cli, folder, monkeypatch):
    path = folder(FILES, name="utredning")
    (path / "underlag").mkdir()
    for where in (path, path / "underlag"):
        monkeypatch.chdir(where)
        result = cli("--lang", "en", "--today", TODAY, "replies", "brev", "--format", "json")
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["letter"] == "brev"
        assert "sample" not in result.stderr
    monkeypatch.chdir(path / "underlag")
    broken = path / "letters.yaml"
    broken.write_text(broken.read_text().replace("to: [outer]", "to: [outr]"))
    named = cli("--lang", "en", "check")
    assert "../letters.yaml:" in named.stderr  # the file as she would find it from here


def test_a_tab_in_organisations_is_one_message_not_thirty(cli, folder):
    files = dict(FILES)
    files["organisations.yaml"] = FILES["organisations.yaml"].replace("  - {id: asele", "\t- {id: asele")
    path = folder(files)
    result = cli("--lang", "en", "-d", path, "check")
    errors = [line for line in result.stderr.splitlines() if ": warning:" not in line and line.startswith(f"{path}/")]
    assert len(errors) == 1, result.stderr
    assert "organisations.yaml:3: column 1: a tab; YAML indents with spaces only" in errors[0]
    assert "so no organisations can be read, and 12 references to them cannot be checked (lists.yaml:2, lists.yaml:3, lists.yaml:4, … (+4))" in errors[0]
    assert "unknown organisation" not in result.stderr
    assert "1 error," in result.stderr


def test_a_bad_date_in_a_letter_is_one_message_naming_what_waits(cli, folder):
    files = dict(FILES)
    files["letters.yaml"] = FILES["letters.yaml"].replace("reply_by: 2009-03-10", "reply_by: 2009-03-32")
    path = folder(files)
    result = cli("--lang", "en", "-d", path, "check")
    assert "letters.yaml:8: brev: reply_by: '2009-03-32' is not a date in the calendar — until this is fixed, the letter 'brev' is left out" in result.stderr
    assert "1 reference to it waits (replies.yaml:3)" in result.stderr
    assert "unknown letter" not in result.stderr


def test_a_record_with_errors_is_never_called_unknown(cli, folder):
    files = dict(FILES)
    files["lists.yaml"] = FILES["lists.yaml"].replace("{id: inner, title: Inre gruppen,", "{id: inner, titel: Inre gruppen,")
    path = folder(files)
    result = cli("--lang", "en", "-d", path, "check")
    assert "unknown list" not in result.stderr and "did you mean" not in result.stderr.split("titel")[0]
    assert (
        "inner: title: missing (required) — until this is fixed, the list 'inner' is left out, and 2 references to it wait (lists.yaml:3, seminars.yaml:2)"
        in result.stderr
    )
    assert "inner: titel: unknown field; the field for this is 'title'" in result.stderr
    lookup = cli("--lang", "en", "-d", path, "mailing-list", "inner")
    assert lookup.exit_code == 1
    assert "Because of this error, the list 'inner' cannot be read." in lookup.stderr


MISSPELT = dict(FILES)
MISSPELT["organisations.yaml"] = FILES["organisations.yaml"].replace("name: Älvdalen", "name: Alvdalen")


def test_a_misspelt_municipality_does_not_blank_unrelated_answers(cli, folder):
    path = folder(MISSPELT)
    deadlines = cli("--lang", "en", "-d", path, "--today", TODAY, "deadlines")
    assert deadlines.exit_code == 1  # the data has an error
    assert "Reply by" in deadlines.stdout and "1/4 replied" in deadlines.stdout  # its name does not change the count
    assert "The data has 1 error (lokalservice check lists them); it does not touch this answer." in deadlines.stderr
    assert "organisations.yaml:4: Alvdalen: name: 'Alvdalen' is not one of Sweden's municipalities (did you mean 'Älvdalen'?)" in deadlines.stderr
    status = cli("--lang", "en", "-d", path, "--today", TODAY, "status")
    assert "Next deadlines" in status.stdout and "1/4" in status.stdout
    unrelated = cli("--lang", "en", "-d", path, "mailing-list", "inner")
    assert unrelated.exit_code == 1 and unrelated.stdout.splitlines()[1:] == ["Inre gruppen", "Åsele", "Dorotea"]


def test_an_answer_that_depends_on_the_broken_record_refuses_and_names_it(cli, folder):
    path = folder(MISSPELT)
    for command in (["mailing-list", "brev"], ["replies", "brev"], ["remind", "brev"], ["mailing-list", "middle"]):
        result = cli("--lang", "en", "-d", path, "--today", TODAY, *command)
        assert result.exit_code == 1 and result.stdout == "", command
        assert "organisations.yaml:4: Alvdalen: name:" in result.stderr


def test_a_listing_leaves_out_what_the_error_touches_and_says_so(cli, folder):
    files = dict(FILES)
    files["seminars.yaml"] = FILES["seminars.yaml"].replace("invited: [outer]", "invited: [outer, nowhere]")
    path = folder(files)
    result = cli("--lang", "en", "-d", path, "--today", TODAY, "seminars", "--format", "json")
    assert result.exit_code == 1
    assert [s["id"] for s in json.loads(result.stdout)] == ["s1"]
    assert f"This answer leaves out: s2 (because of {path}/seminars.yaml:3)" in result.stderr
    assert "seminars.yaml:3: s2: invited[1]: unknown list or organisation 'nowhere'" in result.stderr


def test_writing_commands_refuse_on_any_error(cli, folder):
    path = folder(MISSPELT)
    before = (path / "replies.yaml").read_bytes()
    result = cli("--lang", "en", "-d", path, "reply", "add", "brev", "asele", "--received", "2009-03-02")
    assert result.exit_code == 1 and "Alvdalen" in result.stderr
    assert "Nothing was written: a change is made only to a folder without errors" in result.stderr  # why, not only what
    assert (path / "replies.yaml").read_bytes() == before


def test_invisible_characters_are_shown(cli, folder):
    files = {"organisations.yaml": 'organisations:\n  - {id: upplands-vasby, kind: municipality, name: "Upplands\u00a0Väsby"}\n'}
    result = cli("--lang", "en", "-d", folder(files), "check")
    assert "'Upplands\\u00a0Väsby' is not one of Sweden's municipalities (the register writes it 'Upplands Väsby')" in result.stderr
    files = dict(FILES)
    files["lists.yaml"] = FILES["lists.yaml"].replace("contact: Johan Algernon", 'contact: "Johan\u00a0Algernon"')
    near = cli("--lang", "en", "-d", folder(files, name="pasted"), "check")
    assert (
        "unknown contact of Försäkringskassan 'Johan\\u00a0Algernon' (did you mean 'Johan Algernon'?); 'Johan\\u00a0Algernon' holds an invisible character"
        in near.stderr
    )


@pytest.mark.parametrize(
    "name, meant",
    [
        ("seminars.yml", "seminars.yaml"),
        ("Seminars.yaml", "seminars.yaml"),
        ("organisations - Kopia.yaml", "organisations.yaml"),
        ("letter.yaml", "letters.yaml"),
    ],
)
def test_files_that_are_not_read_are_named(cli, folder, name, meant):
    path = folder(FILES)
    (path / name).write_text("seminars:\n")
    result = cli("--lang", "en", "-d", path, "check")
    assert f"{path}/{name}: warning: this file is not read; did you mean {meant}?" in result.stderr


def test_swedish_words_are_understood_or_suggested(cli, folder):
    files = {
        "organisations.yaml": (
            "organisations:\n"
            "  - {id: dorotea, kind: kommun, name: Dorotea}\n"
            "  - {id: lst-ac, kind: länsstyrelse, name: Länsstyrelsen i Västerbottens län, county: Västerbotten}\n"
            "  - {id: fk, kind: myndighet, name: Försäkringskassan, contacts: [{name: Johan Algernon, telefon: 08-786 90 00}]}\n"
        ),
        "letters.yaml": "letters:\n  - {id: brev, subject: Brev, to: [dorotea], svar_senast: 2009-05-29}\n",
    }
    result = cli("--lang", "en", "-d", folder(files), "check")
    assert "kind" not in result.stderr
    assert "Johan Algernon (Försäkringskassan): telefon: unknown field; the field for this is 'phone'" in result.stderr
    assert "brev: svar_senast: unknown field; the field for this is 'reply_by'" in result.stderr


def test_reply_add_takes_a_name_as_people_write_it(cli, folder):
    path = folder(FILES)
    result = cli("--lang", "en", "-d", path, "--today", TODAY, "reply", "add", "brev", "Älvdalen", "--received", "2009-03-02")
    assert result.exit_code == 0, result.stderr
    assert "from: alvdalen" in (path / "replies.yaml").read_text()
    wrong = cli("--lang", "en", "-d", path, "--today", TODAY, "reply", "add", "brev", "Alvdalen kommun")
    assert wrong.exit_code == 1 and "unknown organisation 'Alvdalen kommun'" in wrong.stderr


def test_implausible_dates_are_refused_unless_forced(cli, folder):
    path = folder(FILES)
    future = cli("--lang", "en", "-d", path, "--today", TODAY, "reply", "add", "brev", "asele", "--received", "2062-10-15")
    assert future.exit_code == 1 and "--received 2062-10-15 is after today (2009-03-13); check the date, or give --force" in future.stderr
    forced = cli("--lang", "en", "-d", path, "--today", TODAY, "reply", "add", "brev", "asele", "--received", "2009-01-15", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert "received: 2009-01-15" in (path / "replies.yaml").read_text()


def test_check_refuses_dates_out_of_order(cli, folder):
    files = dict(FILES)
    files["letters.yaml"] = FILES["letters.yaml"].replace("reply_by: 2009-03-10", "reply_by: 2009-01-10")
    files["directives.yaml"] = "directives:\n  - {id: d, designation: Dir. 2009:1, decided: 2009-05-01, deadlines: [{id: x, due: 2009-04-01, what: X}]}\n"
    result = cli("--lang", "en", "-d", folder(files), "check")
    assert "brev: reply_by: the reply-by date 2009-01-10 is before the letter's date 2009-02-10" in result.stderr
    assert "x: due: due 2009-04-01, before Dir. 2009:1 was decided (2009-05-01)" in result.stderr


def test_date_options_answer_like_the_data(cli, folder):
    result = cli("--lang", "en", "--today", "29/5 2026", "deadlines")
    assert result.exit_code == 2
    assert "--today: '29/5 2026' is not a date; write 2026-05-29" in result.stderr
    assert "%Y" not in result.stderr


def test_init_requires_a_designation_and_invents_nothing(cli, tmp_path):
    result = cli("--lang", "en", "init", tmp_path / "x", "--title", "Ny")
    assert result.exit_code == 2 and "--designation" in result.stderr
    assert not (tmp_path / "x").exists()


def test_no_county_board_warning_when_the_boards_are_on_to(cli, folder):
    files = dict(FILES)
    files["letters.yaml"] = FILES["letters.yaml"].replace("to: [outer]", "to: [dorotea, lst-vasterbotten]").replace("cc: [cc-list, agencies]", "cc: [agencies]")
    result = cli("--lang", "en", "-d", folder(files), "check")
    assert "is not on cc" not in result.stderr


def test_an_ascii_terminal_gets_no_traceback(folder, tmp_path):
    import os

    path = folder(FILES)
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LOKALSERVICE_CACHE": str(tmp_path / "cache"), "LOKALSERVICE_LANG": "sv"}
    for command in (["deadlines"], ["replies", "brev", "--format", "json"], ["mailing-list", "brev"], ["check"]):
        done = subprocess.run([sys.executable, "-m", "lokalservice", "-d", str(path), "--today", TODAY, *command], capture_output=True, env=env)
        assert b"Traceback" not in done.stderr, done.stderr.decode(errors="replace")
        assert done.returncode in (0, 1)
    data = subprocess.run(
        [sys.executable, "-m", "lokalservice", "-d", str(path), "--today", TODAY, "replies", "brev", "--format", "json"], capture_output=True, env=env
    )
    assert json.loads(data.stdout)["missing"][0]["name"] == "Årjäng"  # valid JSON, with \\u escapes


def test_addresses_never_break_and_empty_columns_go_on_a_narrow_terminal(cli, folder):
    files = dict(FILES)
    files["organisations.yaml"] = FILES["organisations.yaml"].replace("gunilla@example.se", "gunilla.hedman.lansstyrelsen@vasterbotten.example.se")
    files["letters.yaml"] = (
        FILES["letters.yaml"].rstrip(" ") + "          - {id: lan, date: 2009-02-10, subject: Till länen, to: [cc-list], reply_by: 2009-03-10}\n"
    )
    path = folder(files)
    narrow = cli("--lang", "en", "-d", path, "--today", TODAY, "remind", "lan", env={"COLUMNS": "80"})
    assert no_traceback(narrow)
    assert "gunilla.hedman.lansstyrelsen@vasterbotten.example.se" in narrow.stdout  # on one line, whole
    municipalities = cli("--lang", "en", "-d", path, "--today", TODAY, "remind", "brev", env={"COLUMNS": "80"})
    wide = cli("--lang", "en", "-d", path, "--today", TODAY, "remind", "brev", env={"COLUMNS": "200"})
    tables = [result.stdout.split("—" * 40)[0] for result in (wide, municipalities)]  # the table, not the påminnelser under it
    assert "Phone" in tables[0] and "Phone" not in tables[1]  # no municipality asked has a phone number
