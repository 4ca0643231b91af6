"""Swedish all the way: every command and every format a person reads, run in Swedish on the sample and on a second
inquiry, holds no English word outside the data and the ids. ENGLISH grows with what a reading in Swedish finds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lokalservice.cli.main import COMMANDS
from lokalservice.settings import sample_path

# English words that have been, or could be, left in a Swedish run (none is also a Swedish word).
ENGLISH = set(
    """
    the and of to for with from not no yes is are was were has have had be by on at as or an this that these those it its
    letter letters reply replies replied unasked reminder reminders deadline deadlines due overdue open met held planned closed replaced
    organisations municipality county board agency list lists contact contacts group section received late
    unasked publish note notes error errors warning warnings days day today left what source kind weekday date
    subject expected invited attended came report reports delivered address phone email title name
    monday tuesday wednesday thursday friday saturday sunday january february march june july october
    usage options commands arguments error try help missing invalid value such option command choose possible range
    send sending refused deferred doubt draft drafts message messages nothing wrote written reached
    """.split()
)
# Where a word above is data or a name in these inquiries, or Swedish too, it is allowed by its whole token.
ALLOWED = {"Dir", "SOU", "Fi", "SKL", "Verva", "PDF"}
# the commands are names, in every language (`lokalservice deadlines`), and so are their subcommands
COMMAND_WORDS = {part for name in COMMANDS for part in name.split("-")} | {"add", "remove", "restore", "import", "scan", "ics", "contacts", "clear"}


def english_in(text: str) -> list[str]:
    """The English words of `text`: commands, options, paths, file names and the data format's field names (`email:`) aside."""
    text = re.sub(r"lokalservice\b.*$", " ", text, flags=re.M)  # a command line written out (Exempel: lokalservice ...)
    text = re.sub(r"--[a-z][a-z-]*|\$[A-Z_]+", " ", text)  # options and variables are names
    text = re.sub(r"^  ([a-z][a-z-]*)(?=\s)", " ", text, flags=re.M)  # a command as its help page lists it
    text = re.sub(r"\S*/\S*|\S+\.(yaml|journal|xlsx|csv|html|ics|docx|eml)\b", " ", text)
    text = re.sub(r"\b[a-z_]+(\[\d+\])?(\.[a-z_]+(\[\d+\])?)*:(?=\s)", " ", text)
    words = re.findall(r"[A-Za-zÅÄÖåäöéü]+", text)
    return sorted({w for w in words if w.lower() in ENGLISH and w not in ALLOWED})


SECOND = {
    "organisations.yaml": """\
        organisations:
          - {id: pajala, kind: municipality, name: Pajala, official_name: Pajala kommun, contacts: [{name: Eva Ek, email: eva@pajala.example.se}]}
          - {id: kiruna, kind: municipality, name: Kiruna, official_name: Kiruna kommun}
          - {id: lst-bd, kind: county_board, name: Länsstyrelsen i Norrbottens län, county: Norrbotten}
        """,
    "lists.yaml": """\
        lists:
          - {id: norr, title: Kommunerna i norr, members: [pajala, kiruna]}
        """,
    "letters.yaml": """\
        letters:
          - {id: enkat, date: 2010-02-01, subject: Enkät om service, from: [utredare], to: [norr], cc: [lst-bd], reply_by: 2010-03-01, dnr: "Ju 2010:01/3"}
          - {id: sedan, date: 2010-09-01, subject: Kommande brev, from: [utredare], to: [norr], reply_by: 2010-10-01}
        """,
    "replies.yaml": """\
        replies:
          - {letter: enkat, from: pajala, received: 2010-03-05, publish: ja}
        """,
    "seminars.yaml": """\
        seminars:
          - {id: sem, date: 2010-05-01, title: Seminarium i Luleå, invited: [norr]}
        """,
    "directives.yaml": """\
        directives:
          - id: dir
            designation: Dir. 2010:1
            decided: 2010-01-10
            deadlines:
              - {id: slut, due: 2010-12-25, what: Slutbetänkande}
        """,
}
SECOND_INQUIRY = """\
designation: Ju 2010:01
title: En utredning i norr
language: sv
staff:
  - {id: utredare, name: Anna Berg, role: särskild utredare, phone: 08-405 1000, email: anna.berg@regeringskansliet.example.se}
"""


@pytest.fixture(params=["sample", "second"])
def inquiry(request, folder, tmp_path) -> tuple[Path, str, str, str]:
    """A folder in Swedish, the day to ask on, a letter that asks for replies and one of its recipients."""
    if request.param == "sample":
        return Path(shutil.copytree(sample_path(), tmp_path / "fi")), "2009-06-10", "fragor-2009", "dorotea"
    return folder(SECOND, inquiry=SECOND_INQUIRY, name="ju"), "2010-03-10", "enkat", "kiruna"


def commands(letter: str, organisation: str) -> list[list[str]]:
    return [
        ["check", "--notes"],
        ["letters"],
        ["lists"],
        ["organisations"],
        ["deadlines", "--all"],
        ["mailing-list", letter],
        ["replies", letter],
        ["replies"],
        ["remind", letter],
        ["remind", letter, "--only", organisation],
        ["seminars"],
        ["status"],
        ["register"],
        ["letter", letter],
        ["deadlines", "--format", "nope"],
        ["reply", "add", letter],
        ["--help"],
        ["deadlines", "--help"],
    ]


def test_every_command_a_person_reads_is_in_swedish(cli, inquiry):
    path, today, letter, organisation = inquiry
    for args in commands(letter, organisation):
        result = cli("--lang", "sv", "-d", path, "--today", today, "--width", "200", *args)
        assert "Traceback" not in result.stdout + result.stderr, args
        found = english_in(result.stdout + result.stderr)
        assert not found, (args, found, result.stdout + result.stderr)


@pytest.mark.parametrize("command", [["deadlines", "--all"], ["replies"], ["mailing-list"], ["remind"], ["seminars"], ["letters"], ["register"]])
def test_every_workbook_is_in_swedish(cli, inquiry, tmp_path, command):
    path, today, letter, _organisation = inquiry
    args = [*command, letter] if command[0] in ("mailing-list", "remind") else command
    target = tmp_path / "bok.xlsx"
    result = cli("--lang", "sv", "-d", path, "--today", today, *args, "--format", "xlsx", "--output", target)
    assert result.exit_code == 0, result.stderr
    cells = [str(c.value) for row in load_workbook(target).active.iter_rows() for c in row if isinstance(c.value, str)]
    found = english_in(" ".join(cells))
    assert not found, (command, found)


def test_the_report_and_the_calendar_are_in_swedish(cli, inquiry, tmp_path):
    path, today, _letter, _organisation = inquiry
    page = tmp_path / "rapport.html"
    assert cli("--lang", "sv", "-d", path, "--today", today, "report", "--output", page).exit_code == 0
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script)\b.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S))
    assert not english_in(text), english_in(text)
    ics = cli("-d", path, "--today", today, "export", "ics").stdout
    shown = " ".join(line.split(":", 1)[1] for line in ics.splitlines() if line.startswith(("SUMMARY", "DESCRIPTION", "CATEGORIES")))
    assert not english_in(shown), english_in(shown)


def test_the_test_finds_english_where_there_is_some(cli, inquiry):
    """The same commands in English: the word list catches them, so a Swedish run without them means something."""
    path, today, letter, organisation = inquiry
    for args in (["deadlines", "--all"], ["replies", letter], ["status"]):
        result = cli("--lang", "en", "-d", path, "--today", today, "--width", "200", *args)
        assert english_in(result.stdout + result.stderr), args


@pytest.mark.parametrize("width", [100, 110, 130])
def test_a_long_swedish_header_wraps_and_squeezes_no_column_away(cli, folder, width):
    path = folder(SECOND, inquiry=SECOND_INQUIRY, name="ju")
    table = cli("--lang", "sv", "-d", path, "--today", "2010-03-10", "--width", str(width), "replies", "enkat").stdout
    assert max(map(len, table.splitlines())) <= width
    for whole in ("Påminnelser", "Organisation", "2010-03-05", "Medgivande", "webbplatsen"):
        assert whole in table, (width, whole, table)  # no header cut, no date folded


def test_the_reports_first_line_agrees_with_its_table(cli, tmp_path):
    """The sample on 1 March 2009: two of the directive's dates have passed with no delivery given, no reply-by date."""
    page = tmp_path / "rapport.html"
    assert cli("--lang", "sv", "--today", "2009-03-01", "report", "--output", page).exit_code == 0
    text = " ".join(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")).split())
    assert "0 svarsdatum har passerat utan alla svar" in text and "2 datum i direktiven har passerat, ingen leverans angiven" in text
