"""Bringing data in: municipalities and county boards from the register, contacts from a real .xlsx (written here by
openpyxl) and from CSV files in each encoding Excel saves, replies from a survey export, and two git clones merged."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

ORGANISATIONS = """\
# Kommuner och myndigheter. Kommentarerna ska stå kvar.
organisations:
  # Dorotea, skriven i blockform
  - id: dorotea
    kind: municipality
    name: Dorotea     # kommunen i Västerbotten
    contacts:
      - name: Anna Andersson
        email: anna@dorotea.example.se   # hennes adress
  - {id: asele, kind: municipality, name: Åsele}
  - id: fk
    kind: agency
    name: Försäkringskassan
  # sist: Älvdalen
  - id: alvdalen
    kind: municipality
    name: Älvdalen
"""
LISTS = "lists:\n  - id: kommuner\n    title: Kommunerna\n    members: [dorotea, asele,\n              alvdalen]   # och fler\n"
LETTERS = "letters:\n  - {id: enkat, date: 2009-02-10, subject: Enkät, to: [kommuner], reply_by: 2009-05-29}\n"


@pytest.fixture
def world(folder):
    return folder({"organisations.yaml": ORGANISATIONS, "lists.yaml": LISTS, "letters.yaml": LETTERS})


def run(cli, path, *args):
    return cli("--lang", "en", "-d", path, "--today", "2009-06-01", *args)


def test_add_municipalities_from_the_register(cli, world):
    result = run(cli, world, "add", "municipalities", "Upplands-Väsby", "Malung Sälen", "Älvdalen", "Habo", "Håbo", "--list", "kommuner")
    assert result.exit_code == 0, result.stderr
    assert "Added 4 organisations: Upplands Väsby (upplands-vasby), Malung-Sälen (malung-salen), Habo (habo-jonkoping), Håbo (habo-uppsala)." in result.stderr
    assert "Already there, not added again: Älvdalen." in result.stderr
    text = (world / "organisations.yaml").read_text()
    assert text.startswith(ORGANISATIONS)  # every earlier byte, comments too
    assert text[len(ORGANISATIONS) :].startswith(
        "  - id: upplands-vasby\n    kind: municipality\n    name: Upplands Väsby\n    official_name: Upplands Väsby kommun\n"
    )
    assert "    name: Malung-Sälen\n    official_name: Malung-Sälens kommun\n" in text  # the name letters are addressed to, from the register
    lists = (world / "lists.yaml").read_text()
    assert (
        lists
        == "lists:\n  - id: kommuner\n    title: Kommunerna\n    members: [dorotea, asele,\n              alvdalen, upplands-vasby, malung-salen, habo-jonkoping, habo-uppsala]   # och fler\n"
    )
    again = run(cli, world, "add", "municipalities", "Upplands Väsby")
    assert "Already there, not added again: Upplands Väsby." in again.stderr and (world / "organisations.yaml").read_text() == text
    assert run(cli, world, "check").exit_code == 0


def test_add_a_county_and_all(cli, world):
    untitled = run(cli, world, "add", "municipalities", "--county", "Västerbotten", "--list", "vasterbotten")
    assert untitled.exit_code == 2 and "'vasterbotten' is a new list: give its title as the letters print it" in untitled.stderr
    assert "vasterbotten" not in (world / "lists.yaml").read_text()  # refused: nothing written
    result = run(cli, world, "add", "municipalities", "--county", "Västerbotten", "--list", "vasterbotten", "--title", "Kommunerna i Västerbottens län")
    assert result.exit_code == 0, result.stderr
    assert "  - id: vasterbotten\n    title: Kommunerna i Västerbottens län\n" in (world / "lists.yaml").read_text()
    added = [org for org in json.loads(run(cli, world, "mailing-list", "vasterbotten", "--format", "json").stdout)["to"][0]["recipients"]]
    assert len(added) == 15 and {"dorotea", "asele", "umea", "vilhelmina"} <= {r["organisation"] for r in added}
    everything = run(cli, world, "add", "municipalities", "--all")
    assert everything.exit_code == 0
    assert (world / "organisations.yaml").read_text().count("kind: municipality") == 290
    assert run(cli, world, "check").exit_code == 0


def test_add_county_boards(cli, world):
    result = run(cli, world, "add", "county-boards", "--county", "Västerbottens län", "--county", "Z")
    assert result.exit_code == 0, result.stderr
    assert "Länsstyrelsen i Västerbottens län (lst-vasterbotten), Länsstyrelsen i Jämtlands län (lst-jamtland)" in result.stderr
    assert (
        "  - id: lst-vasterbotten\n    kind: county_board\n    name: Länsstyrelsen i Västerbottens län\n    official_name: Länsstyrelsen i Västerbottens län\n    county: Västerbotten\n"
        in (world / "organisations.yaml").read_text()
    )
    assert run(cli, world, "add", "county-boards", "--all").exit_code == 0
    assert (world / "organisations.yaml").read_text().count("kind: county_board") == 21


def test_a_list_keeps_its_own_title_and_a_former_name_is_suggested(cli, world):
    retitled = run(cli, world, "add", "municipalities", "Dorotea", "--list", "kommuner", "--title", "Andra kommuner")
    assert retitled.exit_code == 2 and "the list 'kommuner' is already titled 'Kommunerna'" in retitled.stderr
    assert run(cli, world, "add", "municipalities", "Dorotea", "--title", "X").exit_code == 2  # a title without a list
    malung = run(cli, world, "add", "municipalities", "Malung")
    assert malung.exit_code != 0 and "(did you mean 'Malung-Sälen'?)" in malung.stderr  # renamed in 2009


def test_an_unknown_name_adds_nothing(cli, world):
    before = (world / "organisations.yaml").read_bytes()
    result = run(cli, world, "add", "municipalities", "Dorotea", "Alvdalen", "Stokholm")
    assert result.exit_code == 1
    assert "'Alvdalen' is not one of Sweden's municipalities (did you mean 'Älvdalen'?)" in result.stderr
    assert "'Stokholm' is not one of Sweden's municipalities (did you mean 'Stockholm'?)" in result.stderr
    assert (world / "organisations.yaml").read_bytes() == before


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


SHEET = [
    ["E-post", "Kontaktperson", "KOMMUN", "Befattning", "telefon"],
    ["per@dorotea.example.se", "Per Persson", "Dorotea kommun", "Utvecklare", "0702-27 20 06"],
    ["anna.ny@dorotea.example.se", "Anna Andersson", "Dorotea ", None, None],  # a changed address; a trailing space
    ["info@upplandsvasby.example.se", "Ulla Vik", "Upplands-Väsby", None, 702272006],  # a new municipality; a phone that lost its 0
    [None, "Malin Sälg", "Malung Sälen", '=HYPERLINK("x")', None],
    ["x@alvdalen.example.se", "Åke", "Alvdalen", None, None],  # cannot be placed: did you mean Älvdalen?
    ["registrator@fk.example.se", None, "Försäkringskassan", None, None],  # the organisation's own address
    ["inte en adress", "Kalle", "Åsele", None, None],
    ["kalle@", "Kalle Ek", "Storuman", None, None],  # a municipality of the register, but the row cannot be placed
    [],
]


def test_import_contacts_from_excel_dry_run_then_write(cli, world, tmp_path):
    sheet = write_xlsx(tmp_path / "kontakter.xlsx", SHEET)
    before = (world / "organisations.yaml").read_bytes()
    dry = run(cli, world, "import", "contacts", sheet)
    assert dry.exit_code == 1  # two rows cannot be placed
    assert (world / "organisations.yaml").read_bytes() == before
    out = dry.stdout
    for part in (
        "New organisations (2):\n  Upplands Väsby (upplands-vasby)\n  Malung-Sälen (malung-salen)",
        "Dorotea: Per Persson (Utvecklare, per@dorotea.example.se, 0702-27 20 06)",
        "Upplands Väsby: Ulla Vik (info@upplandsvasby.example.se)",
        'Malung-Sälen: Malin Sälg (=HYPERLINK("x"))',
        "Dorotea: Anna Andersson: e-mail anna@dorotea.example.se → anna.ny@dorotea.example.se",
        "Försäkringskassan: e-mail – → registrator@fk.example.se",
        "row 6: 'Alvdalen' is neither an organisation of the inquiry nor a municipality (did you mean 'Älvdalen'?)",
        "row 8: 'inte en adress' is not one plain e-mail address",
        "row 9: 'kalle@' is not one plain e-mail address",
        "row 4: phone 702272006 is stored as a number in the sheet and has lost its leading 0",
    ):
        assert part in out, part
    assert "Nothing is written without --write." in dry.stderr
    written = run(cli, world, "import", "contacts", sheet, "--write")
    assert written.exit_code == 1 and "Wrote the changes to organisations.yaml." in written.stderr
    text = (world / "organisations.yaml").read_text()
    assert text.startswith("# Kommuner och myndigheter. Kommentarerna ska stå kvar.\norganisations:\n  # Dorotea, skriven i blockform\n  - id: dorotea\n")
    assert "    name: Dorotea     # kommunen i Västerbotten\n" in text
    assert "        email: anna.ny@dorotea.example.se   # hennes adress\n" in text  # changed in its line; the comment stays
    assert "      - name: Per Persson\n        title: Utvecklare\n        email: per@dorotea.example.se\n        phone: 0702-27 20 06\n" in text
    assert "  - {id: asele, kind: municipality, name: Åsele}\n" in text  # untouched, as written
    assert "  # sist: Älvdalen\n  - id: alvdalen\n" in text
    assert "storuman" not in text  # a row that cannot be placed adds nothing, not even its municipality
    assert "  - id: fk\n    kind: agency\n    name: Försäkringskassan\n    email: registrator@fk.example.se\n" in text
    assert run(cli, world, "check").exit_code == 0
    again = run(cli, world, "import", "contacts", sheet)
    assert "New contact" not in again.stdout and "Changed" not in again.stdout  # nothing twice


@pytest.mark.parametrize(
    "encoding, delimiter",
    [("utf-8-sig", ";"), ("utf-8", ","), ("cp1252", ";")],
    ids=["UTF-8 with BOM, ;", "UTF-8, ,", "Windows-1252, ; (Swedish Excel)"],
)
def test_import_contacts_from_csv_as_excel_saves_it(cli, world, tmp_path, encoding, delimiter):
    rows = [["Organisation", "Namn", "E-postadress", "Tel"], ["Åsele", "Örjan Ås", "orjan@asele.example.se", "0941-140 00"], ["fk", "Johan Algernon", "", ""]]
    path = tmp_path / "kontakter.csv"
    path.write_bytes(("\r\n".join(delimiter.join(row) for row in rows) + "\r\n").encode(encoding))
    result = run(cli, world, "import", "contacts", path, "--write")
    assert result.exit_code == 0, result.stdout + result.stderr
    text = (world / "organisations.yaml").read_text()
    assert (
        "  - id: asele\n    kind: municipality\n    name: Åsele\n    contacts:\n      - name: Örjan Ås\n        email: orjan@asele.example.se\n        phone: 0941-140 00\n"
        in text
    )
    assert "    name: Försäkringskassan\n    contacts:\n      - name: Johan Algernon\n" in text


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("stor.csv", "Organisation;Namn\r\n" + "Dorotea;A\r\n" * 100_001, "more than 100000 rows; that is not a contact list or a survey export"),
        ("trasig.xlsx", "PK\x03\x04 inte en arbetsbok", "not a readable Excel workbook"),
        ("gammal.xls", "ÐÏ\x11", "an old Excel file (.xls); save it as .xlsx or .csv"),
        ("brev.pdf", "%PDF-1.4", "not a spreadsheet lokalservice reads; give an .xlsx or a .csv"),
        ("tom.csv", "\r\n;;\r\n", "the sheet is empty"),
        ("rubrik.csv", "Vem;Vad\r\nDorotea;A\r\n", "none of the first 10 rows names a column for organisation (write one of: Organisation, Kommun, Myndighet)"),
        ("utf16.csv", "Organisation;Namn\r\n".encode("utf-16").decode("latin-1"), "not a text file (NUL bytes; UTF-16?)"),
    ],
)
def test_a_bad_sheet_gets_a_clear_message_and_changes_nothing(cli, world, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(
        content.encode("latin-1") if "utf16" in name else content.encode("utf-8") if not name.endswith((".xlsx", ".xls")) else content.encode("latin-1")
    )
    before = {p.name: p.read_bytes() for p in world.iterdir()}
    result = run(cli, world, "import", "contacts", path, "--write")
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in world.iterdir() if not p.name.startswith(".")} == {k: v for k, v in before.items() if not k.startswith(".")}


def test_reply_import_from_a_survey_export(cli, world, tmp_path):
    assert run(cli, world, "reply", "add", "enkat", "asele", "--received", "2009-03-02").exit_code == 0
    export = write_xlsx(
        tmp_path / "svar.xlsx",
        [
            ["Submitted", "Kommun", "Fråga 1"],
            [datetime(2009, 3, 10, 14, 5), "Dorotea kommun", "Ja"],
            [datetime(2009, 3, 11, 9, 0), "Åsele", "Nej"],  # already recorded: skipped
            ["2009-04-02T08:15:00Z", "Älvdalen", "Kanske"],
            [datetime(2009, 4, 3), "Alvdalen", "Igen"],  # cannot be placed
            [datetime(2009, 4, 4), "Dorotea", "Igen"],  # a second answer: the first is kept
        ],
    )
    dry = run(cli, world, "reply", "import", export, "--letter", "enkat")
    assert dry.exit_code == 1
    assert "New replies (2):\n  Dorotea (dorotea) 2009-03-10\n  Älvdalen (alvdalen) 2009-04-02" in dry.stdout
    assert "Already recorded, skipped (1): Åsele" in dry.stdout
    assert "row 5: 'Alvdalen' is not an organisation of the inquiry (did you mean 'Älvdalen'?)" in dry.stdout
    assert "row 6: a second reply from 'dorotea' to 'enkat' (the first is at svar.xlsx:2)" in dry.stdout
    assert "from: dorotea" not in (world / "replies.yaml").read_text()
    written = run(cli, world, "reply", "import", export, "--letter", "enkat", "--write")
    assert "Recorded 2 replies in replies.yaml." in written.stderr
    data = json.loads(run(cli, world, "replies", "enkat", "--format", "json").stdout)
    assert {r["organisation"]: r["received"] for r in data["replied"]} == {"asele": "2009-03-02", "dorotea": "2009-03-10", "alvdalen": "2009-04-02"}
    assert len((world / "replies.journal").read_text().splitlines()) == 3
    csv = tmp_path / "svar.csv"
    csv.write_text("Organisation,Datum\r\nDorotea,20/3/2009\r\n", encoding="utf-8")
    assert "New reply" not in run(cli, world, "reply", "import", csv, "--letter", "enkat").stdout


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={
            "GIT_AUTHOR_NAME": "a",
            "GIT_AUTHOR_EMAIL": "a@b.se",
            "GIT_COMMITTER_NAME": "a",
            "GIT_COMMITTER_EMAIL": "a@b.se",
            "HOME": str(cwd),
            "PATH": "/usr/bin:/bin",
        },
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.program("git")
def test_two_secretaries_append_in_their_own_clones_and_merge(cli, tmp_path):
    """init's .gitattributes marks replies.yaml merge=union: each appends a reply in her own clone, and git merges both."""
    origin = tmp_path / "utredning"
    assert cli("--lang", "en", "init", origin, "--designation", "Fi 2026:01", "--title", "Ny utredning").exit_code == 0
    (origin / "organisations.yaml").write_text("organisations:\n  - {id: dorotea, kind: kommun, name: Dorotea}\n  - {id: asele, kind: kommun, name: Åsele}\n")
    (origin / "letters.yaml").write_text("letters:\n  - {id: enkat, date: 2026-02-02, subject: Enkät, to: [dorotea, asele], reply_by: 2026-03-02}\n")
    git("init", "-q", "-b", "main", cwd=origin)
    git("add", "-A", cwd=origin)
    git("commit", "-q", "-m", "start", cwd=origin)
    clones = [tmp_path / "lena", tmp_path / "lars"]
    for clone in clones:
        git("clone", "-q", str(origin), str(clone), cwd=tmp_path)
    for clone, org in zip(clones, ("dorotea", "asele")):
        added = cli("-d", clone, "--today", "2026-02-20", "reply", "add", "enkat", org, "--received", "2026-02-19")
        assert added.exit_code == 0, added.stderr
        git("commit", "-q", "-am", f"svar från {org}", cwd=clone)
    git("pull", "-q", "--no-rebase", "--no-edit", str(clones[1]), "main", cwd=clones[0])  # a real merge, no conflict
    merged = clones[0]
    checked = cli("--lang", "en", "-d", merged, "check")
    assert checked.exit_code == 0, checked.stderr
    data = json.loads(cli("-d", merged, "--today", "2026-02-20", "replies", "enkat", "--format", "json").stdout)
    assert {r["organisation"] for r in data["replied"]} == {"dorotea", "asele"}
    assert "replies.journal" not in checked.stderr  # the journals merged too
