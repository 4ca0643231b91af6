"""Mail that cannot be turned against its sender: names are text, never headers; one sender at a time; nothing sent
twice after a fault, nothing sent unrecorded; 4xx is "later", 5xx is "never"; bounded inputs. Against aiosmtpd on
127.0.0.1, with its faults made on command (tests/test_mail.py's Server)."""

from __future__ import annotations

import email
import io
import os
import random
import signal
import subprocess
import sys
import time
import tracemalloc
import zipfile
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from test_mail import FILES, INQUIRY, Server, free_port, mail_log, on, sent_log, smtp, world  # noqa: F401 - fixtures

HOSTILE = {
    "an encoded word with a Reply-To": "=?utf-8?q?Anna_Berg=0D=0AReply-To:_attacker@evil.example?=",
    "an encoded word in base64": "=?UTF-8?B?QW5uYQ0KQmNjOiBldmlsQGV2aWwuZXhhbXBsZQ==?=",
    "a NUL": "Anna\\0Berg",
    "an escape": "Anna\\e[31mBerg",
    "a C1 control": "Anna\\x85Berg",
    "a line separator": "Anna\\u2028Bcc: evil@evil.example",
}
FIELDS = {  # where a name stands in the data: (file, the text there, how the payload goes in)
    "a contact's name": ("organisations.yaml", "name: Per Persson", 'name: "{payload}"'),
    "an organisation's name": ("organisations.yaml", "name: Åsele, email:", 'name: "Åsele {payload}", email:'),
    "a staff member's name": ("inquiry.yaml", "name: Lena Noreland", 'name: "{payload}"'),
    "the subject": ("letters.yaml", "subject: Frågor om lokal service – enkät", 'subject: "{payload}"'),
}


def folder_with(folder, smtp, file: str, old: str, new: str, name: str = "hostile"):
    files = dict(FILES)
    inquiry = INQUIRY.format(port=smtp.port)
    if file == "inquiry.yaml":
        assert old in inquiry
        inquiry = inquiry.replace(old, new, 1)
    else:
        assert old in files[file], (file, old)
        files[file] = files[file].replace(old, new, 1)
    return folder(files, inquiry=inquiry, name=name)


@pytest.mark.parametrize("field", list(FIELDS))
@pytest.mark.parametrize("payload", list(HOSTILE.values()), ids=list(HOSTILE))
def test_names_are_text_never_headers(cli, folder, smtp, tmp_path, field, payload):
    file, old, new = FIELDS[field]
    path = folder_with(folder, smtp, file, old, new.format(payload=payload))
    check = cli("--lang", "en", "-d", path, "check")
    assert check.exit_code == 1, check.stderr
    assert f"{path}/{file}:" in check.stderr
    assert "looks like an encoded e-mail header" in check.stderr or "holds the control character" in check.stderr
    drafts = cli("--lang", "en", "-d", path, "--today", "2009-05-15", "mail", "enkat", "--eml", tmp_path / "utkast")
    assert drafts.exit_code == 1 and not (tmp_path / "utkast").exists()


def test_a_draft_read_back_strictly_has_only_its_own_headers(cli, world, tmp_path):  # noqa: F811
    assert cli("-d", world, "--today", "2009-05-15", "mail", "enkat", "--eml", tmp_path / "utkast").exit_code == 0
    for draft in (tmp_path / "utkast").iterdir():
        message = email.message_from_bytes(draft.read_bytes(), policy=policy.strict)
        assert set(message.keys()) <= {
            "From",
            "To",
            "Cc",
            "Subject",
            "Date",
            "Message-ID",
            "References",
            "In-Reply-To",
            "X-Unsent",
            "MIME-Version",
            "Content-Type",
            "Content-Transfer-Encoding",
        }
        assert not message.defects


def test_an_imported_row_written_as_a_header_waits(cli, folder, smtp, tmp_path):
    path = folder(FILES, inquiry=INQUIRY.format(port=smtp.port))
    sheet = tmp_path / "kontakter.csv"
    sheet.write_text(
        f"Organisation;Namn;E-post\nDorotea;{HOSTILE['an encoded word with a Reply-To']};anna@dorotea.se\nÅsele;Åsa Berg;asa@asele.se\n", encoding="utf-8"
    )
    result = cli("--lang", "en", "-d", path, "import", "contacts", sheet, "--write")
    assert result.exit_code == 1
    assert "row 2: name: looks like an encoded e-mail header" in result.stdout + result.stderr
    written = (path / "organisations.yaml").read_text()
    assert "Åsa Berg" in written and "=?utf-8?" not in written


def test_an_attachments_name_is_made_safe(cli, world, tmp_path):  # noqa: F811
    hostile = tmp_path / "=?utf-8?q?brev=0D=0AX-Evil:_1?=.pdf"
    hostile.write_bytes(b"%PDF-1.4")
    result = cli("-d", world, "--today", "2009-05-15", "mail", "enkat", "--eml", tmp_path / "utkast", "--only", "dorotea", "--attach", hostile)
    assert result.exit_code == 0, result.stderr
    message = email.message_from_bytes((tmp_path / "utkast" / "letter-dorotea.eml").read_bytes(), policy=policy.strict)
    (part,) = message.iter_attachments()
    assert part.get_filename() == "_.pdf" and part["X-Evil"] is None


@pytest.mark.parametrize("kind", ["a device", "a pipe", "too large"])
def test_an_attachment_must_be_a_regular_file_under_the_limit(cli, world, tmp_path, kind):  # noqa: F811
    if kind == "a device":
        path = Path("/dev/zero")
    elif kind == "a pipe":
        path = tmp_path / "pipe"
        os.mkfifo(path)
    else:
        path = tmp_path / "stor.pdf"
        path.write_bytes(b"0" * (2 * 2**20))
    started = time.monotonic()
    result = cli("--lang", "en", "-d", world, "--today", "2009-05-15", "mail", "enkat", "--eml", tmp_path / "utkast", "--attach", path, "--max-attachment", "1")
    assert time.monotonic() - started < 10
    assert result.exit_code == 1 and "cannot be attached" in result.stderr
    assert ("not a regular file" in result.stderr) if kind != "too large" else ("2 MB is more than 1 MB (--max-attachment)" in result.stderr)


# --- One sender at a time, nothing twice, nothing unrecorded ------------------------------------------------------


def lokalservice(*args: object, cache: Path) -> subprocess.Popen:
    env = {**os.environ, "LOKALSERVICE_CACHE": str(cache), "LC_ALL": "C.UTF-8", "LOKALSERVICE_LANG": "en"}
    env.pop("LOKALSERVICE_TODAY", None)
    return subprocess.Popen([sys.executable, "-m", "lokalservice", *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def received_by(smtp) -> dict[str, int]:
    counts: dict[str, int] = {}
    for envelope in smtp.envelopes:
        for address in envelope:
            counts[address] = counts.get(address, 0) + 1
    return counts


def test_two_sends_at_once_send_each_message_once(world, smtp, tmp_path):  # noqa: F811
    smtp.delay = 0.2
    runs = [lokalservice("-d", world, "mail", "enkat", "--send", "--yes", cache=tmp_path / f"cache{i}") for i in range(4)]
    said = [run.communicate(timeout=120)[1].decode() for run in runs]
    assert max(received_by(smtp).values()) == 1 and len(smtp.messages) == 4
    assert sum("another lokalservice is sending" in text for text in said) >= 1, said
    assert sorted(r["organisation"] for r in sent_log(world)) == ["arjang", "asele", "dorotea", "lst-ac"]


MANY = "organisations:\n" + "".join(f"  - {{id: org{i:02d}, kind: other, name: Organisation {i:02d}, email: post@org{i:02d}.example.se}}\n" for i in range(12))


def test_killed_at_random_points_nothing_is_sent_twice_or_unrecorded(folder, smtp, tmp_path):  # noqa: F811
    files = {
        "organisations.yaml": MANY,
        "lists.yaml": "lists:\n  - {id: alla, title: Alla, members: [" + ", ".join(f"org{i:02d}" for i in range(12)) + "]}\n",
        "letters.yaml": "letters:\n  - {id: brev, date: 2009-05-15, subject: Brev, from: [noreland], to: [alla]}\n",
    }
    path = folder(files, inquiry=INQUIRY.format(port=smtp.port))
    smtp.delay = 0.05
    chance = random.Random(2009)
    for _ in range(24):
        run = lokalservice("-d", path, "mail", "brev", "--send", "--yes", cache=tmp_path / "cache")
        time.sleep(chance.uniform(0.3, 1.6))
        if run.poll() is None:
            run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
    final = lokalservice("-d", path, "mail", "brev", "--send", "--yes", cache=tmp_path / "cache")
    _out, err = final.communicate(timeout=120)
    counts = received_by(smtp)
    assert counts and max(counts.values()) == 1, counts  # zero duplicates
    log = mail_log(path)
    recorded = {r["message_id"] for r in log}
    assert all(str(m["Message-ID"]).strip() in recorded for m in smtp.messages)  # zero unrecorded
    accepted = {r["organisation"] for r in log if r.get("status", "accepted") == "accepted"}
    begun = {r["organisation"] for r in log}
    assert begun == {f"org{i:02d}" for i in range(12)}  # every one sent, or begun and named as in doubt
    for organisation in begun - accepted:
        assert f"Organisation {organisation[3:]}: a message begun" in err.decode(), err.decode()


def test_a_server_that_hangs_up_before_250_gets_no_second_copy(cli, world, smtp, on):  # noqa: F811
    smtp.drop_before_250 = True
    first = on("2009-05-15", "--lang", "en", "-d", world, "mail", "enkat", "--send", "--yes", "--only", "dorotea")
    assert first.exit_code == 1 and "In doubt: Dorotea" in first.stderr
    smtp.drop_before_250 = False
    retry = on("2009-05-15", "--lang", "en", "-d", world, "mail", "enkat", "--send", "--yes", "--only", "dorotea")
    assert "Dorotea: a message begun" in retry.stderr and "it is not sent again (--again --only dorotea sends it)" in retry.stderr
    assert len(smtp.messages) == 1
    again = on("2009-05-15", "--lang", "en", "-d", world, "mail", "enkat", "--send", "--yes", "--again", "--only", "dorotea")
    assert again.exit_code == 0 and len(smtp.messages) == 2


def test_what_cannot_be_recorded_is_not_sent(cli, world, smtp, on):  # noqa: F811
    from filelock import FileLock

    with FileLock(str(world / ".lokalservice.lock")):
        held = on("2009-05-15", "--lang", "en", "-d", world, "mail", "enkat", "--send", "--yes")
    assert held.exit_code == 1 and "held the lock" in held.stderr and smtp.messages == []
    (world / "mail.yaml").write_text("sent:\n  - {letter: enkat\n")
    broken = on("2009-05-15", "--lang", "en", "-d", world, "mail", "enkat", "--send", "--yes")
    assert broken.exit_code == 1 and smtp.messages == []


def test_a_temporary_refusal_is_tried_again_for_that_address_only(cli, world, smtp, on):  # noqa: F811
    smtp.defer = {"per@dorotea.example.se"}
    first = on("2009-05-15", "--lang", "en", "-d", world, "mail", "enkat", "--send", "--yes", "--only", "dorotea")
    assert first.exit_code == 1 and "Try again later: Dorotea: per@dorotea.example.se: 451" in first.stderr
    assert sent_log(world)[0]["to"] == ["asa.oberg@dorotea.example.se"]
    smtp.defer = set()
    retry = on("2009-05-16", "--lang", "en", "-d", world, "mail", "enkat", "--send", "--yes", "--only", "dorotea")
    assert retry.exit_code == 0, retry.stderr
    assert smtp.envelopes == [["asa.oberg@dorotea.example.se"], ["per@dorotea.example.se"]]
    assert "Mailbox busy" not in cli("--lang", "en", "-d", world, "check").stderr  # 4xx is not the address's fault


def test_addresses_with_swedish_letters(cli, folder, smtp, on):  # noqa: F811
    files = dict(FILES)
    files["organisations.yaml"] = (
        FILES["organisations.yaml"].replace("arla@arjang.example.se", "arla@kommun.årjäng.se").replace("per@dorotea.example.se", "pär@dorotea.example.se")
    )
    path = folder(files, inquiry=INQUIRY.format(port=smtp.port))
    check = cli("--lang", "en", "-d", path, "check")
    assert "'pär@dorotea.example.se' has letters outside a-z before the @" in check.stderr and "årjäng" not in check.stderr
    result = on("2009-05-15", "--lang", "en", "-d", path, "mail", "enkat", "--send", "--yes")
    assert "Traceback" not in result.stderr and result.exception is None or isinstance(result.exception, SystemExit)
    assert ["arla@" + "kommun.årjäng.se".encode("idna").decode()] in smtp.envelopes  # the domain in its IDNA form
    assert ["asa.oberg@dorotea.example.se", "pär@dorotea.example.se"] in smtp.envelopes  # the server offers SMTPUTF8: sent as it is
    assert any(r["to"] == ["arla@kommun.årjäng.se"] for r in sent_log(path))  # recorded as the data writes it
    plain = Server()
    controller = Controller(plain, hostname="127.0.0.1", port=free_port(), enable_SMTPUTF8=False)
    controller.start()
    try:
        without = on("2009-05-16", "--lang", "en", "-d", path, "mail", "enkat", "--send", "--yes", "--again", "--smtp", f"127.0.0.1:{controller.port}")
    finally:
        controller.stop()
    assert "pär@dorotea.example.se: the mail server cannot take an address with å, ä or ö before the @" in without.stderr
    assert len(plain.messages) == 3  # the batch went on
    controller = Controller(plain, hostname="127.0.0.1", port=free_port(), enable_SMTPUTF8=False)
    controller.start()
    try:
        on("2009-05-16", "--lang", "en", "-d", path, "mail", "enkat", "--send", "--yes", "--only", "dorotea", "--smtp", f"127.0.0.1:{controller.port}")
    finally:
        controller.stop()
    assert plain.envelopes[-1] == ["asa.oberg@dorotea.example.se"]  # the next run: without the address it cannot take


def test_real_mail_carries_the_real_time(cli, world, smtp):  # noqa: F811
    pinned = cli("--lang", "en", "-d", world, "--today", "2009-05-15", "mail", "enkat", "--send", "--yes")
    assert pinned.exit_code == 2 and "--send dates what it sends with the clock" in pinned.stderr
    by_environment = cli("--lang", "en", "-d", world, "remind", "enkat", "--send", "--yes", env={"LOKALSERVICE_TODAY": "2009-06-20"})
    assert by_environment.exit_code == 2 and smtp.messages == []


# --- För kännedom -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang, subject, words", [("sv", "För kännedom: ", "för kännedom"), ("en", "För kännedom: ", "for information")])
def test_one_who_gets_the_letter_for_information_is_asked_for_nothing(cli, world, tmp_path, lang, subject, words):  # noqa: F811
    result = cli("--lang", lang, "-d", world, "--today", "2009-05-15", "mail", "enkat", "--eml", tmp_path / "utkast")
    assert result.exit_code == 0, result.stderr
    cc = email.message_from_bytes((tmp_path / "utkast" / "letter-lst-ac.eml").read_bytes(), policy=policy.default)
    assert str(cc["Subject"]).startswith(subject)
    body = cc.get_body(("plain",)).get_content()
    assert words in body and "12 juni" not in body and "12 June" not in body
    asked = email.message_from_bytes((tmp_path / "utkast" / "letter-dorotea.eml").read_bytes(), policy=policy.default)
    assert "12 juni 2009" in asked.get_body(("plain",)).get_content() or "12 June 2009" in asked.get_body(("plain",)).get_content()


def test_one_message_with_the_others_in_cc(cli, world, smtp, on, tmp_path):  # noqa: F811
    drafts = cli("-d", world, "--today", "2009-05-15", "mail", "enkat", "--eml", tmp_path / "utkast", "--cc-in-one")
    assert drafts.exit_code == 0, drafts.stderr
    (draft,) = (tmp_path / "utkast").iterdir()
    message = email.message_from_bytes(draft.read_bytes(), policy=policy.default)
    assert {a.addr_spec for a in message["To"].addresses} == {
        "asa.oberg@dorotea.example.se",
        "per@dorotea.example.se",
        "registrator@asele.example.se",
        "arla@arjang.example.se",
    }
    assert [a.addr_spec for a in message["Cc"].addresses] == ["gunilla@lst.example.se"]
    sent = on("2009-05-15", "-d", world, "mail", "enkat", "--send", "--yes", "--cc-in-one")
    assert sent.exit_code == 0, sent.stderr
    assert len(smtp.messages) == 1 and sorted(r["organisation"] for r in sent_log(world)) == ["arjang", "asele", "dorotea", "lst-ac"]
    assert len({r["message_id"] for r in sent_log(world)}) == 1


# --- Bounded reading ------------------------------------------------------------------------------------------------


def xlsx(sheet_xml: bytes) -> bytes:
    """A workbook written by hand, as an attacker would: one sheet with the XML given."""
    parts = {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


SHEET = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="%s"/><sheetData>%s</sheetData></worksheet>'
ROWS = b'<row r="1"><c r="A1" t="inlineStr"><is><t>Organisation</t></is></c><c r="B1" t="inlineStr"><is><t>Namn</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Dorotea</t></is></c><c r="B2" t="inlineStr"><is><t>Eva Ek</t></is></c></row>'


@pytest.mark.parametrize(
    "sheet, said",
    [
        (SHEET % (b"A1:XFD1048576", ROWS), None),  # the dimension claims the whole sheet: read as what it holds
        (SHEET % (b"A1:B2", ROWS.replace(b"Eva Ek", b"E" * (80 * 2**20))), "unpacks to"),  # 80 MB of one cell
    ],
    ids=["a claimed dimension", "a huge cell"],
)
def test_a_workbook_bomb_is_refused_quickly_and_in_little_memory(cli, folder, smtp, tmp_path, sheet, said):
    path = folder(FILES, inquiry=INQUIRY.format(port=smtp.port))
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(xlsx(sheet))
    assert bomb.stat().st_size < 200_000
    tracemalloc.start()
    started = time.monotonic()
    result = cli("--lang", "en", "-d", path, "import", "contacts", bomb)
    elapsed = time.monotonic() - started
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "Traceback" not in result.stdout + result.stderr
    assert elapsed < 2 and peak < 200 * 2**20, (elapsed, peak)
    if said:
        assert result.exit_code == 1 and said in result.stderr
    else:
        assert "Eva Ek" in result.stdout


def test_a_csv_cell_over_the_limit_is_named(cli, folder, smtp, tmp_path):
    path = folder(FILES, inquiry=INQUIRY.format(port=smtp.port))
    sheet = tmp_path / "kontakter.csv"
    sheet.write_text("Organisation;Namn\nDorotea;Eva\nÅsele;" + "x" * 200_000 + "\n", encoding="utf-8")
    result = cli("--lang", "en", "-d", path, "import", "contacts", sheet)
    assert result.exit_code == 1 and "row 3: a cell longer than 128 KiB" in result.stderr


# --- The calendar, the report, the journal ------------------------------------------------------------------------


def test_a_line_break_in_the_title_cannot_make_a_calendar_event(cli, folder, tmp_path):
    path = folder({}, inquiry='designation: Fi 2026:01\ntitle: "Utredning\\nBEGIN:VEVENT\\rUID:evil"\n')
    check = cli("--lang", "en", "-d", path, "check")
    assert check.exit_code == 1 and f"{path}/inquiry.yaml:2: Fi 2026:01: title: holds the control character U+000" in check.stderr
    result = cli("--lang", "en", "-d", path, "export", "ics")
    assert result.exit_code == 1 and "BEGIN:VEVENT" not in result.stdout and "Traceback" not in result.stderr
    from icalendar import Calendar

    from lokalservice.outputs.calendar import line, uid

    assert uid("Fö 2026:01", "directive", "x") != uid("F 2026:01", "directive", "x")
    assert uid("Fi 2007:06", "directive", "slut-2009") == "directive-slut-2009.fi-2007-06@lokalservice"  # as before
    calendar = Calendar()
    calendar.add("x-wr-calname", line("Fi\r\nBEGIN:VEVENT"))
    assert b"\r\nBEGIN:VEVENT" not in calendar.to_ical()


def test_the_report_of_an_unreadable_inquiry_is_refused_in_words(cli, folder):
    path = folder({}, inquiry=None)
    (path / "inquiry.yaml").mkdir()
    result = cli("--lang", "en", "-d", path, "report")
    assert result.exit_code == 1 and "inquiry.yaml: is a folder, not a file" in result.stderr and "Traceback" not in result.stderr


def test_a_name_written_right_to_left_is_isolated_in_the_report(cli, folder, smtp):
    files = dict(FILES)
    files["organisations.yaml"] = FILES["organisations.yaml"].replace("name: Årjäng,", 'name: "Årjäng \u202egnäjrÅ",')
    path = folder(files, inquiry=INQUIRY.format(port=smtp.port))
    page = cli("-d", path, "--today", "2009-06-20", "report").stdout
    assert "<bdi>Årjäng \u202egnäjrÅ</bdi>" in page


def test_the_journal_sees_an_editor_undo_a_correction_or_a_removal(cli, world):  # noqa: F811
    for command in (["reply", "add", "enkat", "dorotea", "--received", "2009-05-20"], ["reply", "add", "enkat", "asele", "--received", "2009-05-20"]):
        assert cli("-d", world, "--today", "2009-06-01", *command).exit_code == 0
    old = (world / "replies.yaml").read_text()
    assert cli("-d", world, "--today", "2009-06-01", "reply", "add", "enkat", "dorotea", "--received", "2009-05-21", "--replace").exit_code == 0
    assert cli("-d", world, "--today", "2009-06-01", "reply", "remove", "enkat", "asele").exit_code == 0
    (world / "replies.yaml").write_text(old)  # an editor saves the copy it had open
    check = cli("--lang", "en", "-d", world, "check").stderr
    assert "the reply from 'dorotea' to 'enkat' was corrected" in check and "holds it as it was before" in check
    assert "the reply from 'asele' to 'enkat' was removed" in check and "holds it again" in check


def test_records_appended_in_a_batch_are_the_file_the_writer_would_write(folder, tmp_path):
    """The quick way (after this process's own last write: only the new lines parsed) and the whole way give one file."""
    from datetime import datetime, timezone

    from lokalservice.model.records import Sent
    from lokalservice.settings import Settings
    from lokalservice.source import writer

    records = [
        Sent(
            letter="brev",
            organisation=f"org{i}",
            kind="letter",
            at=datetime(2009, 5, 15, 10, i, tzinfo=timezone.utc),
            to=(f"a{i}@b.se",),
            message_id=f"<{i}@x>",
        )
        for i in range(6)
    ]
    files = []
    for name, quick in (("quick", True), ("whole", False)):
        path = folder({"mail.yaml": "# sänt\nsent:\n"}, name=name)
        settings = Settings(path, str(path), False, datetime(2009, 5, 15).date())
        for record in records:
            if not quick:
                writer._appended.clear()
            writer.record_sent(settings, [record])
        files.append((path / "mail.yaml").read_bytes())
    assert files[0] == files[1] and files[0].count(b"\n  - {letter: brev") == 6
    path = folder({"mail.yaml": "sent:\n"}, name="edited")
    settings = Settings(path, str(path), False, datetime(2009, 5, 15).date())
    writer.record_sent(settings, records[:1])
    (path / "mail.yaml").write_text((path / "mail.yaml").read_text() + "  - {letter: brev\n")  # someone saves a typo meanwhile
    with pytest.raises(Exception, match="mail.yaml"):
        writer.record_sent(settings, records[1:2])
