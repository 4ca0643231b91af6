"""Sheets as they really arrive: a title row above the header, survey exports (Microsoft Forms with Swedish question
texts, Google Forms' CSV), consent to publish, late and unasked replies flagged before anything is written, a cell with
two addresses, regions and agencies from a Typ column, Windows-1252 and mixed-encoding CSV, and a LibreOffice-written
workbook. Each sheet is built as the real ones are (openpyxl, LibreOffice, bytes in the encoding Excel saves)."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from conftest import workspace
from test_import import write_xlsx

ORGANISATIONS = """\
organisations:
  - id: dorotea
    kind: municipality
    name: Dorotea
    contacts:
      - name: Anna Andersson
        email: anna@dorotea.example.se
  - {id: asele, kind: municipality, name: Åsele}
  - {id: alvdalen, kind: municipality, name: Älvdalen}
  - id: pajala
    kind: municipality
    name: Pajala
    contacts:
      - name: Per Niemi
        email: per.niemi@pajala.example.se
  - {id: storuman, kind: municipality, name: Storuman}
  - {id: fk, kind: agency, name: Försäkringskassan}
"""
LISTS = "lists:\n  - id: kommuner\n    title: Kommunerna\n    members: [dorotea, asele, alvdalen, pajala]\n"
LETTERS = "letters:\n  - {id: enkat, date: 2009-02-10, subject: Enkät om lokal service, to: [kommuner], reply_by: 2009-05-29}\n"


@pytest.fixture
def world(folder):
    return folder({"organisations.yaml": ORGANISATIONS, "lists.yaml": LISTS, "letters.yaml": LETTERS})


def run(cli, path, *args, lang="en"):
    return cli("--lang", lang, "-d", path, "--today", "2009-06-10", *args)


def files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in path.iterdir() if not p.name.startswith(".")}


# --- A Microsoft Forms export, its questions in Swedish -----------------------------------------------------------

CONSENT = "Får vi publicera ert svar på utredningens webbplats?"
FORMS = [
    ["ID", "Starttid", "Tid för slutförande", "E-post", "Namn", "Vilken kommun svarar du för?", "Hur arbetar er kommun med service?", CONSENT],
    [1, datetime(2009, 3, 10, 13, 58), datetime(2009, 3, 10, 14, 5), "anna@dorotea.example.se", "Anna Andersson", "Dorotea kommun", "Servicekontor", "Ja"],
    [2, datetime(2009, 3, 11, 8, 40), datetime(2009, 3, 11, 9, 0), "eva@asele.example.se", "Eva Ek", "Åsele", "Samverkan", "Nej"],
    [3, datetime(2009, 6, 2, 10, 0), datetime(2009, 6, 3, 10, 30), "ola@alvdalen.example.se", "Ola Mård", "Älvdalen", "Ingen", "Ja"],  # late
    [4, datetime(2009, 4, 1, 9, 0), datetime(2009, 4, 1, 9, 20), "johan@fk.example.se", "Johan Algernon", "Försäkringskassan", "—", None],  # unasked
    [5, datetime(2009, 4, 2, 9, 0), datetime(2009, 4, 2, 9, 20), "lars@storuman.example.se", "Lars Berg", "Storuman", "—", "Ja, men utan namn"],
    [6, datetime(2009, 4, 3, 9, 0), datetime(2009, 4, 3, 9, 20), "anna@dorotea.example.se", "Anna Andersson", "Dorotea", "Igen", "Nej"],  # a second
    [7, datetime(2009, 4, 4, 9, 0), datetime(2009, 4, 4, 9, 20), "kerstin@pajala.example.se", "Kerstin Kangas", None, "—", "Yes"],  # by domain
]


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_a_forms_export_with_swedish_questions(cli, world, tmp_path, lang):
    export = write_xlsx(tmp_path / "Enkät om lokal service(1-7).xlsx", FORMS)
    before = files(world)
    dry = run(cli, world, "reply", "import", export, "--letter", "enkat", lang=lang)
    assert dry.exit_code == 0, dry.stdout + dry.stderr
    assert files(world) == before
    out = dry.stdout
    if lang == "en":
        expected = [
            f"Header row 1: Tid för slutförande (received), E-post (e-mail), Namn (name), Vilken kommun svarar du för? (organisation), {CONSENT} (publish)",
            "Columns not used (3): ID, Starttid, Hur arbetar er kommun med service?",
            "New replies (6):",
            "  Dorotea (dorotea) 2009-03-10, publish: yes, Anna Andersson <anna@dorotea.example.se>",
            "  Åsele (asele) 2009-03-11, publish: no, Eva Ek <eva@asele.example.se>",
            "  Älvdalen (alvdalen) 2009-06-03, publish: yes, Ola Mård <ola@alvdalen.example.se>",
            "  Försäkringskassan (fk) 2009-04-01, publish: not stated, Johan Algernon <johan@fk.example.se>",
            "  Storuman (storuman) 2009-04-02, publish: not stated, Lars Berg <lars@storuman.example.se>",
            "  Pajala (pajala) 2009-04-04, publish: yes, Kerstin Kangas <kerstin@pajala.example.se>, by the e-mail domain pajala.example.se",
            "  row 4: late: it came after the last day it was in time (2009-05-29)",
            "  row 5: 'fk' was not asked to reply to 'enkat'; the reply is kept as an unasked reply",
            "  row 6: the answer on publishing, 'Ja, men utan namn', is neither yes nor no: recorded as not stated",
            "  row 6: 'storuman' was not asked to reply to 'enkat'; the reply is kept as an unasked reply",
            f"  row 7: a second reply from 'dorotea' to 'enkat' (the first is at {export.name}:2)",
        ]
        assert "Nothing is written without --write." in dry.stderr
    else:
        expected = [
            f"Rubrikrad 1: Tid för slutförande (inkom), E-post (e-post), Namn (namn), Vilken kommun svarar du för? (organisation), {CONSENT} (får publiceras)",
            "Kolumner som inte används (3): ID, Starttid, Hur arbetar er kommun med service?",
            "Nya svar (6):",
            "  Dorotea (dorotea) 2009-03-10, får publiceras: ja, Anna Andersson <anna@dorotea.example.se>",
            "  Försäkringskassan (fk) 2009-04-01, får publiceras: inget besked, Johan Algernon <johan@fk.example.se>",
            "  Pajala (pajala) 2009-04-04, får publiceras: ja, Kerstin Kangas <kerstin@pajala.example.se>, genom e-postdomänen pajala.example.se",
            "  rad 4: för sent: svaret kom efter den sista dag då det var i tid (2009-05-29)",
            "  rad 5: 'fk' ombads inte svara på 'enkat'; svaret sparas som ett övrigt svar",
            "  rad 6: svaret om publicering, 'Ja, men utan namn', är varken ja eller nej: registreras som inget besked",
            f"  rad 7: ännu ett svar från 'dorotea' på 'enkat' (det första finns i {export.name}:2)",
        ]
        assert "Inget har sparats. Lägg till --write för att spara ändringarna." in dry.stderr
    for line in expected:
        assert line in out.splitlines(), line
    written = run(cli, world, "reply", "import", export, "--letter", "enkat", "--write", lang=lang)
    assert written.exit_code == 0, written.stderr
    text = (world / "replies.yaml").read_text()
    assert "  - {letter: enkat, from: dorotea, received: 2009-03-10, publish: true}\n" in text
    assert "  - {letter: enkat, from: asele, received: 2009-03-11, publish: false}\n" in text
    assert "  - {letter: enkat, from: fk, received: 2009-04-01}\n" in text  # not stated: consent left out
    assert "  - {letter: enkat, from: storuman, received: 2009-04-02}\n" in text
    assert "from: dorotea, received: 2009-04-03" not in text  # the second answer is not recorded
    data = json.loads(run(cli, world, "replies", "enkat", "--format", "json").stdout)
    assert {r["organisation"]: (r["received"], r["publish"]) for r in data["replied"]} == {
        "dorotea": ("2009-03-10", True),
        "asele": ("2009-03-11", False),
        "alvdalen": ("2009-06-03", True),
        "pajala": ("2009-04-04", True),
    }
    checked = run(cli, world, "check")
    assert "fk' was not asked to reply" in checked.stderr and "storuman' was not asked to reply" in checked.stderr  # as the plan said
    again = run(cli, world, "reply", "import", export, "--letter", "enkat", lang=lang)
    assert "New repl" not in again.stdout and "Nya svar" not in again.stdout


def test_google_forms_csv_matched_by_the_respondents_domain(cli, world, tmp_path):
    """Google Forms' CSV: a timestamp, the respondent's address and questions; no organisation column at all."""
    export = tmp_path / "svar.csv"
    export.write_text(
        '"Tidstämpel","E-postadress","Hur många servicekontor har ni?","Får svaret publiceras?"\r\n'
        '"2009/03/10 2:05:33 em. CET","kerstin@pajala.example.se","2","Ja"\r\n'
        '"2009/03/12 9:00:00 fm. CET","someone@gmail.example.com","1","Nej"\r\n'
        '"2009/03/13 9:00:00 fm. CET","","1","Nej"\r\n',
        encoding="utf-8",
    )
    result = run(cli, world, "reply", "import", export, "--letter", "enkat")
    assert result.exit_code == 1  # two rows cannot be placed
    assert "  Pajala (pajala) 2009-03-10, publish: yes, <kerstin@pajala.example.se>, by the e-mail domain pajala.example.se" in result.stdout
    assert "row 3: no organisation of the inquiry has an address at gmail.example.com; write the organisation in the sheet" in result.stdout
    assert "row 4: no organisation named" in result.stdout
    assert "Column not used (1): Hur många servicekontor har ni?" in result.stdout


def test_a_start_time_alone_is_the_date_and_says_so(cli, world, tmp_path):
    export = tmp_path / "netigate.csv"
    export.write_text("Respondent ID;Started;Organisation\r\n17;2009-03-02 10:00;Åsele\r\n", encoding="utf-8")
    result = run(cli, world, "reply", "import", export, "--letter", "enkat")
    assert result.exit_code == 0, result.stdout
    assert "The date of each reply is read from Started: the sheet has no column for when an answer was sent." in result.stdout
    assert "  Åsele (asele) 2009-03-02" in result.stdout


# --- Contact sheets --------------------------------------------------------------------------------------------------


def test_skr_sheet_with_a_title_row_above_the_header(cli, world, tmp_path):
    sheet = write_xlsx(
        tmp_path / "skr.xlsx",
        [
            ["Kontaktpersoner, norra Sverige"],
            [],
            ["Kommun", "Namn", "E-post", "Anteckning"],
            ["Pajala", "Per Niemi", "per.niemi@pajala.example.se", "oförändrad"],
            ["Åsele", "Örjan Ås", "orjan@asele.example.se", "ny"],
        ],
    )
    result = run(cli, world, "import", "contacts", sheet, "--write")
    assert result.exit_code == 0, result.stdout + result.stderr
    out = result.stdout.splitlines()
    assert "Header row 3: Kommun (organisation), Namn (name), E-post (e-mail)" in out
    assert "Column not used (1): Anteckning" in out
    assert "Unchanged: 1 row agrees with organisations.yaml." in out
    assert "      - name: Örjan Ås\n        email: orjan@asele.example.se\n" in (world / "organisations.yaml").read_text()
    swedish = run(cli, world, "import", "contacts", sheet, lang="sv")
    assert "Rubrikrad 3: Kommun (organisation), Namn (namn), E-post (e-post)" in swedish.stdout
    assert "Oförändrat: 2 rader stämmer med organisations.yaml." in swedish.stdout


def test_the_header_row_said_where_it_is_far_down(cli, world, tmp_path):
    rows: list[list[object]] = [[f"Rad {n} av förklaringar"] for n in range(1, 12)]
    sheet = write_xlsx(tmp_path / "lang.xlsx", [*rows, ["Organisation", "Kontaktperson"], ["Åsele", "Örjan Ås"]])
    found = run(cli, world, "import", "contacts", sheet)
    assert found.exit_code == 1
    assert "none of the first 10 rows names a column for organisation (write one of: Organisation, Kommun, Myndighet) and one more column" in found.stderr
    assert "say which row with --header-row N" in found.stderr
    said = run(cli, world, "import", "contacts", sheet, "--header-row", "12")
    assert said.exit_code == 0, said.stderr
    assert "Header row 12: Organisation (organisation), Kontaktperson (name)" in said.stdout and "Åsele: Örjan Ås" in said.stdout
    wrong = run(cli, world, "import", "contacts", sheet, "--header-row", "13")
    assert wrong.exit_code == 1 and "row 13 has no column for organisation" in wrong.stderr
    assert run(cli, world, "import", "contacts", sheet, "--header-row", "99").exit_code == 1


def test_changed_fields_in_the_readers_language_and_unchanged_counted(cli, world, tmp_path):
    sheet = tmp_path / "kontakter.csv"
    sheet.write_text(
        "Kommun;Namn;E-post;Titel\r\nDorotea;Anna Andersson;anna.ny@dorotea.example.se;Utvecklare\r\nPajala;Per Niemi;per.niemi@pajala.example.se;\r\n"
    )
    result = run(cli, world, "import", "contacts", sheet, lang="sv")
    assert "  Dorotea: Anna Andersson: e-post anna@dorotea.example.se → anna.ny@dorotea.example.se" in result.stdout
    assert "  Dorotea: Anna Andersson: titel – → Utvecklare" in result.stdout
    assert "Oförändrat: 1 rad stämmer med organisations.yaml." in result.stdout


def test_two_addresses_in_one_cell(cli, world, tmp_path):
    sheet = write_xlsx(
        tmp_path / "pajala.xlsx",
        [
            ["Kommun", "Namn", "E-post"],
            ["Pajala", "Aino Alm", "a@pajala.example.se; socialtjansten@pajala.example.se"],  # one name: two contacts of it
            ["Åsele", "Eva Ek och Per Ek", "eva@asele.example.se, per@asele.example.se"],  # two names, two addresses: in order
            ["Storuman", None, "reg@storuman.example.se; info@storuman.example.se"],  # the organisation has one address of its own
            ["Dorotea", "Ann Ek; Bo Ek; Cay Ek", "ann@dorotea.example.se; bo@dorotea.example.se"],
        ],
    )
    result = run(cli, world, "import", "contacts", sheet, "--write")
    assert result.exit_code == 1
    out = result.stdout
    assert "  Pajala: Aino Alm (a@pajala.example.se)\n  Pajala: Aino Alm (socialtjansten@pajala.example.se)\n" in out
    assert "  Åsele: Eva Ek (eva@asele.example.se)\n  Åsele: Per Ek (per@asele.example.se)\n" in out
    assert "  row 2: 2 addresses in one cell: written as 2 contacts, one address each" in out
    assert (
        "row 4: 'reg@storuman.example.se; info@storuman.example.se' holds 2 addresses, and the row names no one; write one address in the cell, "
        "and each other address on a row of its own with the name of its contact (or with no name: the organisation's own address)"
    ) in out
    assert "row 5: 'ann@dorotea.example.se; bo@dorotea.example.se' holds 2 addresses, and the row names 3 persons" in out
    text = (world / "organisations.yaml").read_text()
    assert "      - name: Aino Alm\n        email: a@pajala.example.se\n      - name: Aino Alm\n        email: socialtjansten@pajala.example.se\n" in text
    assert "reg@storuman" not in text
    assert run(cli, world, "check").exit_code == 0
    again = run(cli, world, "import", "contacts", sheet)
    assert "New contact" not in again.stdout and "Unchanged: 2 rows agree with organisations.yaml." in again.stdout
    mail = json.loads(run(cli, world, "mailing-list", "kommuner", "--format", "json").stdout)
    pajala = [r["email"] for group in mail["to"] for r in group["recipients"] if r["organisation"] == "pajala"]
    assert "a@pajala.example.se" in pajala and "socialtjansten@pajala.example.se" in pajala


def test_a_row_split_by_a_separator_in_a_cell_is_refused_not_shifted(cli, world, tmp_path):
    """A CSV whose address cell holds an unquoted ';': the row has one cell more than its header, and the phone column
    holds an address. Refused, naming the row; nothing of it is written."""
    sheet = tmp_path / "kontakter.csv"
    sheet.write_text(
        "Kommun;Namn;Titel;E-post;Telefon\n"
        "Pajala;Aino Alm;Handläggare;aino@pajala.example.se;0978-120 00\n"
        "Torsby;Eva Ek och Per Ek;Handläggare;eva.ek@torsby.example.se; per.ek@torsby.example.se;0560-160 00\n",
        encoding="utf-8",
    )
    result = run(cli, world, "import", "contacts", sheet, "--write")
    assert result.exit_code == 1
    assert "row 3: a value under no header (0560-160 00): a cell split in two by a separator written in it?" in result.stdout
    text = (world / "organisations.yaml").read_text()
    assert "aino@pajala.example.se" in text and "per.ek@torsby" not in text and "Eva Ek" not in text
    shifted = tmp_path / "forskjutet.csv"
    shifted.write_text("Kommun;Namn;Telefon\nÅsele;Per Lind;per.lind@asele.example.se\n", encoding="utf-8")
    refused = run(cli, world, "import", "contacts", shifted)
    assert refused.exit_code == 1 and "row 2: phone: per.lind@asele.example.se is an e-mail address: are the cells shifted?" in refused.stdout


def test_regions_county_boards_and_agencies_from_a_typ_column(cli, world, tmp_path):
    sheet = write_xlsx(
        tmp_path / "andra.xlsx",
        [
            ["Organisation", "Typ", "Namn", "E-post", "Län"],
            ["Region Jämtland Härjedalen", "region", "Rut Rolf", "rut@regionjh.example.se", "Jämtland"],
            ["Länsstyrelsen i Jämtlands län", "Länsstyrelse", "Else-Marie Norin", "else-marie@lst.example.se", None],
            ["Skatteverket", "myndighet", "Bernice Bjelkevik", None, None],
            ["Företagarna", "organisation", None, "info@foretagarna.example.se", None],
            ["Försäkringskassan", "Myndighet", "Johan Algernon", None, None],  # already there
            ["Dorotea", "region", "Anna Andersson", "anna@dorotea.example.se", None],  # the folder's kind is kept
            ["Hembygdsförbundet", "förbund", "X", None, None],
            ["Länsstyrelsen", "länsstyrelse", "Y", None, None],
        ],
    )
    result = run(cli, world, "import", "contacts", sheet, "--write")
    assert result.exit_code == 1
    out = result.stdout
    for part in (
        "  Region Jämtland Härjedalen (region-jamtland-harjedalen, region)",
        "  Länsstyrelsen i Jämtlands län (lst-jamtland, county board)",
        "  Skatteverket (skatteverket, agency)",
        "  Företagarna (foretagarna, other), own address info@foretagarna.example.se",
        "  Försäkringskassan: Johan Algernon",
        "row 7: the sheet says region, organisations.yaml municipality; organisations.yaml is kept",
        "row 8: 'förbund' is not a kind of organisation lokalservice knows (write kommun, region, länsstyrelse, myndighet, organisation)",
        "row 9: a county board names its county: write it in a Län column (for example Västernorrland)",
    ):
        assert part in out, part
    text = (world / "organisations.yaml").read_text()
    assert "  - id: region-jamtland-harjedalen\n    kind: region\n    name: Region Jämtland Härjedalen\n    county: Jämtland\n    contacts:\n" in text
    assert "  - id: lst-jamtland\n    kind: county_board\n    name: Länsstyrelsen i Jämtlands län\n    county: Jämtland\n" in text
    assert "  - id: foretagarna\n    kind: other\n    name: Företagarna\n    email: info@foretagarna.example.se\n" in text
    assert run(cli, world, "check").exit_code == 0
    swedish = run(cli, world, "import", "contacts", sheet, lang="sv")
    assert "rad 7: bladet säger region, organisations.yaml kommun; organisations.yaml behålls" in swedish.stdout


def test_a_new_municipalitys_own_address_from_a_row_without_a_name(cli, world, tmp_path):
    """The organisation-address rule: a row with an empty name gives the organisation its own address, also a new one."""
    sheet = tmp_path / "reg.csv"
    sheet.write_text("Kommun;Namn;E-post\r\nVilhelmina;;registrator@vilhelmina.example.se\r\nÅsele;;kommun@asele.example.se\r\n", encoding="utf-8")
    result = run(cli, world, "import", "contacts", sheet, "--write")
    assert result.exit_code == 0, result.stdout
    assert "  Vilhelmina (vilhelmina), own address registrator@vilhelmina.example.se" in result.stdout
    assert "  Åsele: e-mail – → kommun@asele.example.se" in result.stdout
    text = (world / "organisations.yaml").read_text()
    assert "  - id: vilhelmina\n    kind: municipality\n    name: Vilhelmina\n    email: registrator@vilhelmina.example.se\n" in text
    assert "email: kommun@asele.example.se" in text
    again = run(cli, world, "import", "contacts", sheet)
    assert "Nothing to change" in again.stdout and "Unchanged: 2 rows agree" in again.stdout


# --- Encodings -------------------------------------------------------------------------------------------------------


def test_a_windows_1252_csv_is_read_as_such_and_says_so(cli, world, tmp_path):
    sheet = tmp_path / "kontakter.csv"
    sheet.write_bytes("Kommun;Namn;E-post\r\nÅsele;Åsa Öberg;asa@asele.example.se\r\n".encode("cp1252"))
    result = run(cli, world, "import", "contacts", sheet, "--write")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert f"{sheet}: read as Windows-1252 (ANSI), since it is not UTF-8; save it as UTF-8 to be sure of å, ä and ö" in result.stdout
    assert "      - name: Åsa Öberg\n" in (world / "organisations.yaml").read_text()


@pytest.mark.parametrize(
    "rows, message",
    [
        (
            [b"Kommun;Namn\r\n", b"Dorotea;Anna Ek\r\n", "Åsele;Åsa Öberg\r\n".encode(), "Pajala;Örjan Ås\r\n".encode("cp1252")],
            "row 4 is not UTF-8, while row 3 is: the file mixes two encodings (UTF-8 and Windows-1252); save it again as UTF-8 (in Excel: CSV UTF-8)",
        ),
        (
            [b"Kommun;Namn\r\n", "Åsele;Åsa Öberg\r\n".encode("cp1252"), "Pajala;Örjan Ås\r\n".encode()],
            "row 3 is UTF-8, while row 2 is not: the file mixes two encodings",
        ),
        ([b"Kommun;Namn\r\n", "Åsele;".encode() + "Åsa Öberg\r\n".encode("cp1252")], "row 2 mixes two encodings (UTF-8 and Windows-1252)"),
        ([b"\xef\xbb\xbfKommun;Namn\r\n", "Åsele;Åsa Öberg\r\n".encode("cp1252")], "row 2 is not UTF-8, while row 1 is"),
        ([b"Kommun;Namn\r\n", b"Pajala;A\x81\r\n"], "row 2: byte 0x81 is text neither in UTF-8 nor in Windows-1252"),
    ],
    ids=["UTF-8, then a Windows-1252 row", "Windows-1252, then a UTF-8 row", "both in one row", "a BOM, then Windows-1252", "neither"],
)
def test_a_csv_mixing_encodings_is_refused_naming_the_row(cli, world, tmp_path, rows, message):
    sheet = tmp_path / "blandad.csv"
    sheet.write_bytes(b"".join(rows))
    before = files(world)
    result = run(cli, world, "import", "contacts", sheet, "--write")
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert files(world) == before
    assert "Ã" not in result.stdout + result.stderr


# --- LibreOffice ----------------------------------------------------------------------------------------------------


@pytest.mark.program("soffice")
def test_a_workbook_libreoffice_wrote(cli, world, tmp_path):
    """A CSV turned into .xlsx by LibreOffice Calc itself: its shared strings, its dates as dates, a number that was a phone."""
    source = tmp_path / "kontakter.csv"
    source.write_text(
        "Kontaktlista från SKR;;;\nKommun;Kontaktperson;E-postadress;Telefon\n"
        "Åsele;Örjan Ås;orjan@asele.example.se;0941-140 00\nPajala;Per Niemi;per.niemi@pajala.example.se;0978123\n",
        encoding="utf-8",
    )
    profile = tmp_path / "profile"
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--infilter=CSV:59,34,76,1",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    workbook = tmp_path / "out" / "kontakter.xlsx"
    assert workbook.exists(), done.stdout + done.stderr
    result = run(cli, world, "import", "contacts", workbook, "--write")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "Header row 2: Kommun (organisation), Kontaktperson (name), E-postadress (e-mail), Telefon (phone)" in result.stdout
    assert "Åsele: Örjan Ås (orjan@asele.example.se, 0941-140 00)" in result.stdout
    assert "row 4: phone 978123 is stored as a number in the sheet and has lost its leading 0" in result.stdout
    assert "Unchanged: 1 row agrees with organisations.yaml." in result.stdout
    assert "      - name: Örjan Ås\n        email: orjan@asele.example.se\n        phone: 0941-140 00\n" in (world / "organisations.yaml").read_text()


# --- The help names the columns ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, words",
    [
        ("en", ("Columns it reads", "received: Datum, Inkom", "Tid för slutförande", "publish: a column")),
        ("sv", ("Kolumner som läses", "inkom: Datum, Inkom", "Tidstämpel", "får publiceras: en kolumn")),
    ],
)
def test_the_help_lists_the_accepted_column_names(cli, lang, words):
    result = cli("--lang", lang, "reply", "import", "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for word in words:
        assert word in text, word
    contacts = " ".join(cli("--lang", lang, "import", "contacts", "--help").stdout.split())
    assert "Kontaktperson" in contacts and "Typ, Kind" in contacts and "Tidstämpel" not in contacts


# --- The core, without the CLI ----------------------------------------------------------------------------------------


def test_the_columns_a_header_names():
    from lokalservice.actions.importing import header_columns

    assert header_columns(["ID", "Starttid", "Tid för slutförande", "E-post", "Namn", "Vilken kommun svarar du för?", CONSENT]) == {
        1: "started",
        2: "date",
        3: "email",
        4: "name",
        5: "organisation",
        6: "consent",
    }
    assert header_columns(["Vilka tjänster erbjuder er kommun?", "Namn på organisation", "E-post", "E-post"]) == {1: "organisation", 2: "email"}
    assert header_columns(["Name of your organisation", "Completion time", "May we publish your reply?"]) == {0: "organisation", 1: "date", 2: "consent"}
    assert header_columns(["Från vilken kommun svarar du?", "Tidstämpel"]) == {0: "organisation", 1: "date"}
    assert header_columns(["Hur arbetar er kommun?", "Submitdate"]) == {1: "date"}


@pytest.mark.parametrize(
    "answer, consent",
    [
        ("Ja", True),
        ("yes", True),
        ("Ja, det går bra", True),
        ("Nej", False),
        ("No.", False),
        ("", None),
        ("Ja, men utan namn", None),
        ("Vet ej", None),
        ("Nej ja", None),
    ],
)
def test_consent_as_people_answer(answer, consent):
    from lokalservice.actions.importing import consent as read

    assert read(answer) is consent


def test_the_sheet_and_the_plan_without_the_cli(world, tmp_path):
    from lokalservice.actions.importing import CONTACTS_NEED, REPLIES_NEED, by_domain, contacts_plan, read_sheet, replies_plan

    path = write_xlsx(tmp_path / "s.xlsx", [["Utskick"], ["Kommun", "Namn", "Övrigt"], ["Åsele", "Örjan Ås", "x"]])
    sheet = read_sheet(path, CONTACTS_NEED)
    assert (sheet.header, sheet.unused(("organisation", "name")), sheet.rows[0].number) == (2, ["Övrigt"], 3)
    plan = contacts_plan(workspace(world).folder, sheet)
    assert [(c.organisation, c.fields) for c in plan.new_contacts] == [("asele", {"name": "Örjan Ås"})]
    folder = workspace(world).folder
    assert getattr(by_domain(folder, "x@pajala.example.se"), "id", None) == "pajala"
    assert "no organisation" in by_domain(folder, "x@annan.example.se").english()  # type: ignore[union-attr]
    export = write_xlsx(tmp_path / "e.xlsx", FORMS)
    replies = replies_plan(folder, folder.letter["enkat"], read_sheet(export, REPLIES_NEED), "e.xlsx")
    assert [(r.organisation, r.publish) for r in replies.new] == [
        ("dorotea", True),
        ("asele", False),
        ("alvdalen", True),
        ("fk", None),
        ("storuman", None),
        ("pajala", True),
    ]
    assert {row for row, _ in replies.notes} == {4, 5, 6, 7}
    assert [reply.reply("enkat").publish for reply in replies.new][3] is None


def test_read_text_refuses_a_body_that_mixes_encodings(tmp_path):
    from lokalservice.model.problems import FileFault
    from lokalservice.source.fsio import read_text

    body = tmp_path / "brev.txt"
    body.write_bytes("Hej Åsa,\n".encode() + "Med vänliga hälsningar\n".encode("cp1252"))
    with pytest.raises(FileFault) as refused:
        read_text(body)
    assert "line 2 is not UTF-8, while line 1 is" in refused.value.message.english()


@pytest.mark.parametrize(
    "dates, expected",
    [
        (["3/31/2009 14:05:33", "4/1/2009 9:00:00"], ["2009-03-31", "2009-04-01"]),  # Google Forms in American English: month first
        (["31/3/2009 14:05", "1/4/2009 9:00"], ["2009-03-31", "2009-04-01"]),  # day first, as in Swedish and British exports
        (["3/4/2009", "4/3/2009"], ["2009-04-03", "2009-03-04"]),  # nothing says otherwise: day first
    ],
    ids=["month first", "day first", "undecided"],
)
def test_dates_written_with_slashes_are_read_in_the_order_the_column_shows(cli, world, tmp_path, dates, expected):
    export = tmp_path / "svar.csv"
    export.write_text("Timestamp,Organisation\r\n" + "".join(f"{day},{org}\r\n" for day, org in zip(dates, ("Dorotea", "Åsele"))), encoding="utf-8")
    result = run(cli, world, "reply", "import", export, "--letter", "enkat")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert f"  Dorotea (dorotea) {expected[0]}" in result.stdout and f"  Åsele (asele) {expected[1]}" in result.stdout


def test_a_column_of_dates_both_day_and_month_first_is_refused(cli, world, tmp_path):
    export = tmp_path / "svar.csv"
    export.write_text("Timestamp,Organisation\r\n31/3/2009,Dorotea\r\n3/31/2009,Åsele\r\n", encoding="utf-8")
    result = run(cli, world, "reply", "import", export, "--letter", "enkat", "--write")
    assert result.exit_code == 1
    assert "the dates are written both day first (31/3/2009) and month first (3/31/2009)" in result.stderr
    assert not (world / "replies.yaml").exists()


def test_a_csv_with_a_title_row_that_holds_a_comma(cli, world, tmp_path):
    """Excel's ';' CSV of SKR's sheet: the title row's comma does not make ',' the separator."""
    sheet = tmp_path / "skr.csv"
    sheet.write_bytes("Kontaktpersoner, norra Sverige\r\nKommun;Namn;E-post\r\nÅsele;Örjan Ås;orjan@asele.example.se\r\n".encode("cp1252"))
    result = run(cli, world, "import", "contacts", sheet)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "Header row 2: Kommun (organisation), Namn (name), E-post (e-mail)" in result.stdout
    assert "  Åsele: Örjan Ås (orjan@asele.example.se)" in result.stdout


def test_reply_import_with_the_header_row_named(cli, world, tmp_path):
    export = write_xlsx(
        tmp_path / "netigate.xlsx",
        [["Enkät om lokal service"], ["Export 2009-06-01"], ["Respondent ID", "Completed", "Organisation"], [17, datetime(2009, 3, 2, 10), "Åsele"]],
    )
    found = run(cli, world, "reply", "import", export, "--letter", "enkat", "--write")
    assert found.exit_code == 0, found.stdout + found.stderr
    assert "Header row 3: Completed (received), Organisation (organisation)" in found.stdout
    assert "Column not used (1): Respondent ID" in found.stdout
    assert "  - {letter: enkat, from: asele, received: 2009-03-02}\n" in (world / "replies.yaml").read_text()
    said = run(cli, world, "reply", "import", export, "--letter", "enkat", "--header-row", "2")
    assert said.exit_code == 1 and "row 2 has no column for organisation or e-mail" in said.stderr
