"""For a secretary's computer: Excel files that keep their text (read back with openpyxl and by LibreOffice Calc),
commands to find ids, a cache that keeps personal data private and short-lived, a Windows-like folder with CRLF
files, and the built wheel installed with pipx so the command is on PATH."""

from __future__ import annotations

import csv
import json
import os
import stat
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from conftest import program_path
from openpyxl import load_workbook
from test_letters import FILES

from lokalservice.outputs.render import HEADERS

TODAY = "2009-03-20"
TRICKY = dict(FILES)
TRICKY["organisations.yaml"] = FILES["organisations.yaml"].replace(
    "- {name: Anna Andersson}", """- {name: Anna Andersson, title: "3/5", phone: "0702272006", address: '=HYPERLINK("http://x")'}"""
)
TRICKY["lists.yaml"] = FILES["lists.yaml"].replace("[{organisation: fk, contact: Johan Algernon}]", "[fk]")

LISTINGS = {
    "deadlines": ["deadlines", "--all"],
    "replies": ["replies", "brev"],
    "register": ["replies"],
    "mailing-list": ["mailing-list", "brev"],
    "remind": ["remind", "brev"],
    "seminars": ["seminars"],
    "check": ["check"],
    "letters": ["letters"],
    "lists": ["lists"],
    "organisations": ["organisations"],
}


def sheet_of(path: Path) -> list[list[object]]:
    book = load_workbook(path)
    return [[cell for cell in row] for row in book.active.iter_rows()]


@pytest.mark.parametrize("name", LISTINGS)
def test_every_listing_as_an_excel_file(cli, folder, tmp_path, name):
    path = folder(TRICKY)
    target = tmp_path / f"{name}.xlsx"
    result = cli("-d", path, "--today", TODAY, *LISTINGS[name], "--format", "xlsx", "--output", target)
    assert result.exit_code == 0, result.stderr
    rows = sheet_of(target)
    csv_rows = list(csv.reader(cli("-d", path, "--today", TODAY, *LISTINGS[name], "--format", "csv").stdout.lstrip("\ufeff").splitlines(), delimiter=";"))
    # the same columns as the CSV, under words for people, in a set bold font
    expected = [HEADERS.get(column, column) for column in csv_rows[0]]
    if name == "remind":  # whether a påminnelse is due (yes/no), not a date
        expected[csv_rows[0].index("due")] = "Reminder due"
    assert [c.value for c in rows[0]] == expected
    assert all(c.font.b and c.font.name == "Calibri" for c in rows[0])
    assert len(rows) == len(csv_rows)
    book = load_workbook(target)
    sheet = book.active
    assert sheet.freeze_panes == "A2" and sheet.column_dimensions["A"].width >= 6
    # it prints: A4 landscape, one page wide, the header row on every page
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize, sheet.print_title_rows) == ("landscape", 9, "$1:$1")
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1


def test_a_workbook_is_in_the_readers_language_and_csv_is_not(cli, folder, tmp_path):
    path = folder(TRICKY)
    target = tmp_path / "frister.xlsx"
    assert cli("--lang", "sv", "-d", path, "--today", TODAY, "deadlines", "--all", "--format", "xlsx", "--output", target).exit_code == 0
    rows = [[c.value for c in row] for row in sheet_of(target)]
    assert rows[0][:8] == ["Datum", "Veckodag", "Dagar kvar", "Vad", "Typ", "Källa", "Id", "Status"]
    words = {value for row in rows[1:] for value in row if isinstance(value, str)}
    assert {"brev", "direktiv"} & words and not {"letter", "directive", "overdue", "Thursday", "Friday", "yes", "no"} & words
    assert any(value and value.endswith("har svarat") for row in rows[1:] for value in row if isinstance(value, str))
    csv_sv = cli("--lang", "sv", "-d", path, "--today", TODAY, "deadlines", "--all", "--format", "csv").stdout
    assert csv_sv == cli("--lang", "en", "-d", path, "--today", TODAY, "deadlines", "--all", "--format", "csv").stdout
    listing = tmp_path / "lista.xlsx"
    assert cli("--lang", "sv", "-d", path, "mailing-list", "brev", "--format", "xlsx", "--output", listing).exit_code == 0
    rows = [[c.value for c in row] for row in sheet_of(listing)]
    assert rows[0][:2] == ["Del", "Grupp"] and {row[0] for row in rows[1:]} <= {"Till", "För kännedom"}
    assert {row[4] for row in rows[1:]} <= {"kommun", "länsstyrelse", "myndighet", "region", "ideell organisation", "annan"}


def test_text_stays_text_and_dates_are_dates(cli, folder, tmp_path):
    path = folder(TRICKY)
    target = tmp_path / "lista.xlsx"
    assert cli("-d", path, "mailing-list", "brev", "--format", "xlsx", "--output", target).exit_code == 0
    rows = sheet_of(target)
    header = [c.value for c in rows[0]]
    anna = next(row for row in rows if row[header.index("Contact")].value == "Anna Andersson")
    for column, value in (("Phone", "0702272006"), ("Title", "3/5"), ("Address", '=HYPERLINK("http://x")')):
        cell = anna[header.index(column)]
        assert (cell.value, cell.data_type, cell.number_format) == (value, "s", "@"), column  # Excel keeps it as written
    dated = tmp_path / "datum.xlsx"
    assert cli("-d", path, "--today", TODAY, "deadlines", "--all", "--format", "xlsx", "--output", dated).exit_code == 0
    first = sheet_of(dated)[1]
    assert first[0].is_date and first[0].value.date() == date(2009, 2, 20) and first[0].number_format == "yyyy-mm-dd"
    assert first[2].data_type == "n"  # days_left, a number


@pytest.mark.program("soffice")
def test_libreoffice_calc_reads_the_file_as_written(cli, folder, tmp_path):
    """LibreOffice Calc, headless (.ci/run installs libreoffice-calc-nogui), converts the workbook to CSV: text stays text."""
    soffice = program_path("soffice")
    path = folder(TRICKY)
    target = tmp_path / "lista.xlsx"
    assert cli("-d", path, "mailing-list", "brev", "--format", "xlsx", "--output", target).exit_code == 0
    done = subprocess.run(
        [soffice, "--headless", "--norestore", "--convert-to", "csv:Text - txt - csv (StarCalc):59,34,76", "--outdir", str(tmp_path), str(target)],
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(tmp_path)},
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    converted = list(csv.reader((tmp_path / "lista.csv").read_text("utf-8").splitlines(), delimiter=";"))
    anna = next(row for row in converted if "Anna Andersson" in row)
    assert "0702272006" in anna and "3/5" in anna and '=HYPERLINK("http://x")' in anna


def test_browse_commands_find_ids(cli, folder):
    path = folder(TRICKY)
    found = json.loads(cli("-d", path, "organisations", "--search", "ALVDAL", "--format", "json").stdout)
    assert [o["id"] for o in found] == ["alvdalen"] and found[0]["county"] == "Dalarna" and found[0]["lists"] == ["middle"]
    by_contact = json.loads(cli("-d", path, "organisations", "--search", "gunilla@", "--format", "json").stdout)
    assert [o["id"] for o in by_contact] == ["lst-vasterbotten"]
    municipalities = json.loads(cli("-d", path, "organisations", "--kind", "kommun", "--county", "Västerbottens län", "--format", "json").stdout)
    assert [o["name"] for o in municipalities] == ["Dorotea", "Åsele"]
    table = cli("--lang", "sv", "-d", path, "organisations").stdout
    assert table.index("Dorotea") < table.index("Årjäng") < table.index("Åsele") < table.index("Älvdalen")
    wrong = cli("--lang", "en", "-d", path, "organisations", "--kind", "kommunen")
    assert wrong.exit_code == 2 and "--kind: kommunen is not a kind of organisation" in wrong.stderr
    letters = json.loads(cli("-d", path, "letters", "--format", "json").stdout)
    assert letters == [
        {
            "id": "brev",
            "date": "2009-02-10",
            "subject": "Frågor till kommunerna",
            "from": ["hogdahl", "noreland"],
            "addressee": None,
            "to": ["outer"],
            "cc": ["cc-list", "agencies"],
            "reply_by": "2009-03-10",
            "asks_for_replies": True,
            "expected": 4,
            "replied": 1,
            "attachments": [],
            "closed": None,
            "replies_summary": None,
        }
    ]
    lists = {item["id"]: item for item in json.loads(cli("-d", path, "lists", "--format", "json").stdout)}
    assert lists["outer"] == {"id": "outer", "title": "Alla kommuner", "members": ["arjang"], "include": ["middle"], "organisations": 4, "letters": ["brev"]}


def test_the_cache_is_private_and_short_lived(cli, folder, private_cache):
    cache = private_cache / "fresh"
    path = folder(TRICKY)
    assert cli("-d", path, "check", env={"LOKALSERVICE_CACHE": str(cache)}).exit_code == 0
    (entry,) = cache.glob("*.pickle")
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600 and stat.S_IMODE(cache.stat().st_mode) == 0o700  # the user's own
    old = cache / "0123456789abcdef-stale.json"
    old.write_text("{}")
    month_ago = time.time() - 31 * 86400
    os.utime(old, (month_ago, month_ago))
    other = folder(FILES, name="other")
    assert cli("-d", other, "check", env={"LOKALSERVICE_CACHE": str(cache)}).exit_code == 0
    assert not old.exists() and entry.exists()  # unused for 30 days: gone; used: kept
    cleared = cli("--lang", "en", "cache", "clear", env={"LOKALSERVICE_CACHE": str(cache)})
    assert cleared.exit_code == 0 and "Removed 2 cache entries from" in cleared.stderr
    assert not list(cache.glob("*.pickle"))


def test_a_windows_like_folder_with_crlf_files(cli, tmp_path):
    """A path with spaces and Swedish letters, every file saved by Notepad (BOM, CRLF): read, answered and written as it is."""
    import textwrap

    folder = tmp_path / "Lena Öberg" / "Mina dokument" / "Utredning Fi 2026 (kopia)"
    folder.mkdir(parents=True)
    from conftest import INQUIRY

    for name, text in {"inquiry.yaml": INQUIRY, **FILES}.items():
        (folder / name).write_bytes(("\ufeff" + textwrap.dedent(text)).replace("\n", "\r\n").encode("utf-8"))
    assert cli("-d", folder, "check").exit_code == 0
    data = json.loads(cli("-d", folder, "--today", TODAY, "replies", "brev", "--format", "json").stdout)
    assert data["expected"] == 4
    added = cli("-d", folder, "--today", TODAY, "reply", "add", "brev", "Åsele", "--received", "2009-03-09")
    assert added.exit_code == 0, added.stderr
    sheet = tmp_path / "kontakter.csv"
    sheet.write_bytes(
        "Organisation;Namn;E-post\r\nFörsäkringskassan;Anna Andersson;anna@fk.example.se\r\nÅsele;Örjan Ås;orjan@asele.example.se\r\n"
        "Länsstyrelsen i Västerbottens län;Gunilla Hedman;gunilla.hedman@example.se\r\n".encode("cp1252")
    )
    imported = cli("-d", folder, "--today", TODAY, "import", "contacts", sheet, "--write")
    assert imported.exit_code == 0, imported.stderr
    for name in ("replies.yaml", "organisations.yaml"):
        raw = (folder / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b""), name
    organisations = (folder / "organisations.yaml").read_bytes().decode("utf-8-sig")
    assert organisations.startswith("organisations:\r\n  - {id: dorotea, kind: municipality, name: Dorotea}\r\n  - id: asele\r\n")
    assert "      - name: Gunilla Hedman\r\n        email: gunilla.hedman@example.se\r\n        phone: 090-10 70 00\r\n" in organisations
    assert cli("-d", folder, "check").exit_code == 0
    data = {o["id"]: o for o in json.loads(cli("-d", folder, "organisations", "--format", "json").stdout)}
    assert "orjan@asele.example.se" in json.dumps(data["asele"]) and "anna@fk.example.se" in json.dumps(data["fk"])


def test_the_built_wheel_installs_with_pipx_and_is_on_path(tmp_path):
    """As the README's Windows section shows it: pipx install of the built wheel, in a fresh environment of its own."""
    project = Path(__file__).resolve().parent.parent
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(project)], capture_output=True, text=True, timeout=600
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("lokalservice-*.whl")
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "lokalservice/locale/sv/LC_MESSAGES/lokalservice.mo" in names and "lokalservice/sample/inquiry.yaml" in names
    assert "lokalservice/reference/data-format.md" in names and "lokalservice/outputs/report/page.html.j2" in names
    assert "lokalservice/reference/data-format.sv.md" in names  # the Swedish reference
    assert "lokalservice/outputs/templates/brevmall.docx" in names  # the plain letter template
    assert not any(name.endswith(".po") is False and "build.py" in name for name in names)
    assert "lokalservice-0.1.0.dist-info/licenses/LICENSE" in names  # MIT, as the metadata says
    metadata = zipfile.ZipFile(wheel).read("lokalservice-0.1.0.dist-info/METADATA").decode("utf-8")
    assert "License: MIT" in metadata and "# lokalservice" in metadata  # the README is the description...
    assert "![" not in metadata and "docs/report.png" in metadata  # ...without a relative image an index page cannot show
    env = {**os.environ, "PIPX_HOME": str(tmp_path / "pipx"), "PIPX_BIN_DIR": str(tmp_path / "bin"), "PIPX_MAN_DIR": str(tmp_path / "man")}
    env.pop("VIRTUAL_ENV", None)
    installed = subprocess.run([sys.executable, "-m", "pipx", "install", str(wheel)], capture_output=True, text=True, env=env, timeout=900)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    env["PATH"] = f"{tmp_path / 'bin'}{os.pathsep}/usr/bin:/bin"
    env["LOKALSERVICE_CACHE"] = "off"
    env["COLUMNS"] = "250"
    ran = subprocess.run(["lokalservice", "--today", "2009-03-01", "deadlines"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert "Datum" in ran.stdout and "lämna senast fredag 30 oktober 2009" in " ".join(ran.stdout.split())  # the sample, in Swedish
    reference = subprocess.run(["lokalservice", "--lang", "en", "help", "data-format"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert "# The data folder: full reference" in reference.stdout
    swedish = subprocess.run(["lokalservice", "--lang", "sv", "help", "data-format"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert swedish.returncode == 0 and swedish.stdout.splitlines()[0] != reference.stdout.splitlines()[0]
    letter = subprocess.run(
        ["lokalservice", "letter", "fragor-2009", "--docx", "brev.docx"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )
    assert letter.returncode == 0 and (tmp_path / "brev.docx").stat().st_size > 0, letter.stderr  # docxtpl comes with the tool
