"""The register (diarium): the OSL fields on what comes in and goes out, the dnr series handed out once under the lock,
the register and its public extract in every format, CITS ERMS XML valid against the published schema, and replies as
they really come (declined, joint, by web, with more time granted, consent not stated)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import INQUIRY, no_traceback, write_folder

ERMS_XSD = Path(__file__).parent / "erms" / "ERMS.xsd"
NS = {"e": "https://DILCIS.eu/XML/ERMS"}
TODAY = "2009-06-30"
SERIES = 'dnr: {prefix: "Fi 2007:06/2009/", next: 20}  # diarieserien\n'

# A month of an inquiry's traffic: the letter went out on 2009-05-15 (mailed by lokalservice to four organisations,
# the letter's own dnr), replies came in (one secret, one joint, one declined, one by the web without a word on
# consent), Torsby was granted more time, and a påminnelse went to Årjäng with a number of its own.
FILES = {
    "organisations.yaml": """\
        organisations:
          - {id: dorotea, kind: municipality, name: Dorotea}
          - {id: asele, kind: municipality, name: Åsele}
          - {id: vilhelmina, kind: municipality, name: Vilhelmina}
          - {id: torsby, kind: municipality, name: Torsby}
          - {id: arjang, kind: municipality, name: Årjäng}
          - {id: kramfors, kind: other, name: "<script>alert(1)</script>"}
        """,
    "lists.yaml": """\
        lists:
          - {id: kommuner, title: Kontaktpersoner i kommunerna, members: [dorotea, asele, vilhelmina, torsby, arjang, kramfors]}
        """,
    "letters.yaml": """\
        letters:
          - id: fragor
            date: 2009-05-15
            dnr: Fi 2007:06/2009/3
            subject: Frågor om lokal service
            from: [hogdahl, noreland]
            to: [kommuner]
            reply_by: 2009-06-12
            extensions:
              - {organisation: torsby, until: 2009-07-03}  # anstånd, beviljat per telefon
        """,
    "replies.yaml": """\
        replies:
          - {letter: fragor, from: dorotea, received: 2009-05-20, publish: yes, dnr: Fi 2007:06/2009/21, via: e-post}
          - {letter: fragor, from: kramfors, received: 2009-05-25, publish: no, dnr: Fi 2007:06/2009/22, secrecy: OSL 21 kap. 7 §, concerns: Svar med uppgifter om enskild}
          - {letter: fragor, from: [asele, vilhelmina], received: 2009-06-02, publish: ja, dnr: Fi 2007:06/2009/23}
          - {letter: fragor, from: arjang, received: 2009-06-25, declined: true, via: webb, dnr: Fi 2007:06/2009/25}
        """,
    "mail.yaml": """\
        sent:
          - {letter: fragor, organisation: dorotea, kind: letter, at: 2009-05-15T09:00:00+02:00, to: [a@dorotea.se], message_id: <1@x>, dnr: Fi 2007:06/2009/3}
          - {letter: fragor, organisation: asele, kind: letter, at: 2009-05-15T09:01:00+02:00, to: [a@asele.se], message_id: <2@x>, dnr: Fi 2007:06/2009/3}
          - {letter: fragor, organisation: arjang, kind: letter, at: 2009-05-15T09:02:00+02:00, to: [a@arjang.se], message_id: <3@x>, dnr: Fi 2007:06/2009/3}
          - {letter: fragor, organisation: arjang, kind: reminder, at: 2009-06-15T10:00:00+02:00, to: [a@arjang.se], message_id: <4@x>, dnr: Fi 2007:06/2009/24}
          - {letter: fragor, organisation: torsby, kind: letter, at: 2009-05-15T09:03:00+02:00, to: [a@torsby.se], message_id: <5@x>, dnr: Fi 2007:06/2009/3}
          - {letter: fragor, organisation: vilhelmina, kind: letter, at: 2009-05-15T09:04:00+02:00, to: [a@vilh.se], message_id: <6@x>, status: refused, said: 550 no}
        """,
}


def month(tmp_path: Path, **changes: str) -> Path:
    files = {**FILES, **changes}
    return write_folder(tmp_path / "data", files, inquiry=INQUIRY + "language: sv\n" + SERIES)


def run(cli, path, *args, lang="en", today=TODAY):
    result = cli("--lang", lang, "-d", path, "--today", today, *args)
    assert no_traceback(result), result.stdout + result.stderr
    return result


def register_json(cli, path, *args):
    result = run(cli, path, "register", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# --- The register -------------------------------------------------------------------------------------------------


def test_the_register_interleaves_in_and_out_oldest_first(cli, tmp_path):
    entries = register_json(cli, month(tmp_path))
    assert [(e["date"], e["direction"], e["dnr"], e["counterpart"], e["kind"]) for e in entries] == [
        ("2009-05-15", "out", "Fi 2007:06/2009/3", "Dorotea kommun", "letter"),
        ("2009-05-15", "out", "Fi 2007:06/2009/3", "Åsele kommun", "letter"),
        ("2009-05-15", "out", "Fi 2007:06/2009/3", "Årjängs kommun", "letter"),
        ("2009-05-15", "out", "Fi 2007:06/2009/3", "Torsby kommun", "letter"),  # Vilhelmina's was refused: not sent, not registered
        ("2009-05-20", "in", "Fi 2007:06/2009/21", "Dorotea kommun", "reply"),
        ("2009-05-25", "in", "Fi 2007:06/2009/22", "<script>alert(1)</script>", "reply"),
        ("2009-06-02", "in", "Fi 2007:06/2009/23", "Åsele kommun, Vilhelmina kommun", "reply"),  # a joint reply, registered once
        ("2009-06-15", "out", "Fi 2007:06/2009/24", "Årjängs kommun", "reminder"),
        ("2009-06-25", "in", "Fi 2007:06/2009/25", "Årjängs kommun", "reply"),
    ]
    secret = entries[5]
    assert secret == {
        "date": "2009-05-25",
        "direction": "in",
        "dnr": "Fi 2007:06/2009/22",
        "counterpart": "<script>alert(1)</script>",
        "concerns": "Svar med uppgifter om enskild",
        "letter": "fragor",
        "kind": "reply",
        "secrecy": "OSL 21 kap. 7 §",
        "via": None,
        "organisations": ["kramfors"],
    }
    assert {e["concerns"] for e in entries if e is not secret} == {"Frågor om lokal service"}  # the letter's subject by default
    assert entries[6]["organisations"] == ["asele", "vilhelmina"]


def test_a_period_and_the_public_extract(cli, tmp_path):
    path = month(tmp_path)
    june = register_json(cli, path, "--from", "2009-06-01", "--to", "2009-06-20")
    assert [e["dnr"] for e in june] == ["Fi 2007:06/2009/23", "Fi 2007:06/2009/24"]
    public = register_json(cli, path, "--public")
    secret = next(e for e in public if e["dnr"] == "Fi 2007:06/2009/22")
    assert (secret["date"], secret["counterpart"], secret["concerns"], secret["secrecy"], secret["organisations"]) == (
        "2009-05-25",
        "sekretessmarkerad",
        "sekretessmarkerad",
        "OSL 21 kap. 7 §",
        [],
    )
    assert "<script>" not in json.dumps(public) and len(public) == 9
    table = run(cli, path, "register", "--public", lang="sv")
    assert "Diarieutdrag" in table.stdout and "sekretessmarkerad" in table.stdout and "<script>" not in table.stdout
    english = run(cli, path, "register", "--public")
    assert "Public extract of the register" in english.stdout and "secrecy-marked" in english.stdout
    refused = run(cli, path, "register", "--from", "2009-06-20", "--to", "2009-06-01")
    assert refused.exit_code == 2 and "--from 2009-06-20 is after --to 2009-06-01" in refused.stderr


def test_what_has_not_happened_yet_is_not_registered(cli, tmp_path):
    path = month(tmp_path)
    assert [e["date"] for e in register_json(cli, path, "--to", "2009-12-31")][-1] == "2009-06-25"
    early = run(cli, path, "register", "--format", "json", today="2009-05-20")
    assert [e["date"] for e in json.loads(early.stdout)] == ["2009-05-15"] * 4 + ["2009-05-20"]


def test_a_letter_not_mailed_by_lokalservice_is_registered_on_its_date(cli, tmp_path):
    letters = FILES["letters.yaml"].rstrip(" ") + "          - {id: info, date: 2009-06-01, subject: Information, addressee: Till berörda kommuner}\n"
    path = month(tmp_path, **{"letters.yaml": letters})
    entry = next(e for e in register_json(cli, path) if e["letter"] == "info")
    assert (entry["date"], entry["direction"], entry["counterpart"], entry["dnr"], entry["kind"]) == (
        "2009-06-01",
        "out",
        "Till berörda kommuner",
        None,
        "letter",
    )


def test_csv_for_scripts_and_xlsx_in_swedish(cli, tmp_path):
    path = month(tmp_path)
    text = run(cli, path, "register", "--format", "csv", lang="sv").stdout.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["date", "direction", "dnr", "counterpart", "concerns", "letter", "kind", "secrecy", "via", "organisations"]
    assert rows[7][:3] == ["2009-06-02", "in", "Fi 2007:06/2009/23"] and rows[7][-1] == "asele vilhelmina"
    assert text == run(cli, path, "register", "--format", "csv", lang="en").stdout.lstrip("\ufeff")  # the same in both languages
    from openpyxl import load_workbook

    target = tmp_path / "diarium.xlsx"
    written = run(cli, path, "register", "--format", "xlsx", "--output", target, lang="sv")
    assert written.exit_code == 0, written.stderr
    sheet = load_workbook(target).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["Datum", "Dnr", "In/ut", "Avsändare eller mottagare", "Ärendemening", "Handling", "Sekretess", "Via"]
    assert values[1][2:6] == ["ut", "Dorotea kommun", "Frågor om lokal service", "brev"]  # the counterpart by its official name
    assert values[8][5] == "påminnelse" and values[9][5] == "svar"


def test_the_printable_page_escapes_the_data(cli, tmp_path):
    path = month(tmp_path)
    page = run(cli, path, "register", "--format", "html", lang="sv").stdout
    assert page.startswith("<!DOCTYPE html>") and '<html lang="sv">' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page
    assert "size: A4 landscape" in page and "Diarieförteckning" in page and "9 poster" in page
    public = run(cli, path, "register", "--format", "html", "--public", lang="sv").stdout
    assert "Diarieutdrag" in public and "alert(1)" not in public and "sekretessmarkerad" in public


# --- CITS ERMS ----------------------------------------------------------------------------------------------------


def validate(xml: bytes) -> None:
    """The XML against the published ERMS.xsd (lxml: the standard library cannot validate against a schema)."""
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(ERMS_XSD)))
    document = etree.fromstring(xml)
    assert schema.validate(document), schema.error_log


@pytest.mark.parametrize("public", [False, True], ids=["register", "public-extract"])
def test_erms_is_valid_against_the_published_schema_and_reads_back(cli, tmp_path, public):
    path = month(tmp_path)
    extra = ["--public"] if public else []
    result = run(cli, path, "register", "--format", "erms", *extra, lang="sv")
    assert result.exit_code == 0, result.stderr
    xml = result.stdout_bytes
    validate(xml)
    entries = register_json(cli, path, *extra)
    root = ElementTree.fromstring(xml)
    assert root.findtext("e:control/e:identification", namespaces=NS) == "Fi 2007:06"
    records = root.findall("e:records/e:record", NS)
    assert len(records) == len(entries) == 9
    for record, entry in zip(records, entries):
        assert record.findtext("e:objectId", namespaces=NS) == (entry["dnr"] or record.get("systemIdentifier"))
        assert record.findtext("e:title", namespaces=NS) == entry["concerns"]
        assert record.find("e:direction", NS).get("directionDefinition") == {"in": "incoming", "out": "outgoing"}[entry["direction"]]
        agents = record.findall("e:agents/e:agent", NS)
        assert {a.get("agentType") for a in agents} == {"sender" if entry["direction"] == "in" else "recipient"}
        assert ", ".join(a.findtext("e:name", namespaces=NS) for a in agents) == entry["counterpart"]
        day = record.find("e:dates/e:date", NS)
        assert (day.get("dateType"), day.text) == ({"in": "received", "out": "sent"}[entry["direction"]], entry["date"] + "T00:00:00")
        restriction = record.find("e:restriction", NS)
        if entry["secrecy"]:
            assert restriction.get("restrictionType") == "confidential" and restriction.findtext("e:regulation", namespaces=NS) == entry["secrecy"]
        else:
            assert restriction is None
    joint = records[6].findall("e:agents/e:agent/e:name", NS)
    assert [a.text for a in joint] == ["Åsele kommun", "Vilhelmina kommun"]


def test_erms_of_an_empty_period_is_refused(cli, tmp_path):
    result = run(cli, month(tmp_path), "register", "--format", "erms", "--to", "2009-01-01")
    assert result.exit_code == 1 and "a CITS ERMS file holds at least one record" in result.stderr


# --- The dnr series -----------------------------------------------------------------------------------------------


def test_reply_add_dnr_auto_takes_the_next_number_and_keeps_the_file(cli, tmp_path):
    path = month(tmp_path)
    before = (path / "inquiry.yaml").read_text()
    added = run(cli, path, "reply", "add", "fragor", "torsby", "--received", "2009-06-29", "--dnr", "auto", "--via", "post")
    assert added.exit_code == 0, added.stderr
    assert "Dnr: Fi 2007:06/2009/20" in added.stderr
    assert (path / "inquiry.yaml").read_text() == before.replace("next: 20}  # diarieserien", "next: 21}  # diarieserien")
    assert "  - {letter: fragor, from: torsby, received: 2009-06-29, dnr: Fi 2007:06/2009/20, via: post}\n" in (path / "replies.yaml").read_text()
    journal = [json.loads(line) for line in (path / "replies.journal").read_text().splitlines()]
    assert journal[-1]["dnr"] == "Fi 2007:06/2009/20"


def test_the_series_in_block_style_and_without_next(tmp_path):
    from conftest import workspace

    from lokalservice.source.writer import next_dnr

    block = write_folder(tmp_path / "block", {}, inquiry=INQUIRY + "dnr:\n  prefix: Fi 2007:06/2009/\n  next: 7   # nästa\n")
    assert next_dnr(workspace(block).settings, 3) == ["Fi 2007:06/2009/7", "Fi 2007:06/2009/8", "Fi 2007:06/2009/9"]
    assert (block / "inquiry.yaml").read_text().endswith("dnr:\n  prefix: Fi 2007:06/2009/\n  next: 10   # nästa\n")
    flow = write_folder(tmp_path / "flow", {}, inquiry=INQUIRY + "dnr: {prefix: A/}\n")
    assert next_dnr(workspace(flow).settings) == ["A/1"]
    assert (flow / "inquiry.yaml").read_text().endswith("dnr: {prefix: A/, next: 2}\n")
    bare = write_folder(tmp_path / "bare", {}, inquiry=INQUIRY + "dnr:\n  prefix: B-\n")
    assert next_dnr(workspace(bare).settings, 2) == ["B-1", "B-2"]
    assert (bare / "inquiry.yaml").read_text().endswith("dnr:\n  prefix: B-\n  next: 3\n")


def test_without_a_series_auto_is_refused_and_nothing_written(cli, tmp_path):
    path = write_folder(tmp_path / "data", FILES, inquiry=INQUIRY)
    before = {p.name: p.read_bytes() for p in path.iterdir()}
    result = run(cli, path, "reply", "add", "fragor", "torsby", "--dnr", "auto")
    assert result.exit_code == 1 and "inquiry.yaml has none" in result.stderr
    assert {p.name: p.read_bytes() for p in path.iterdir()} == before


def test_twenty_writers_at_once_get_twenty_numbers(tmp_path):
    names = [f"org-{n:02d}" for n in range(20)]
    organisations = "organisations:\n" + "".join(f"  - {{id: {n}, kind: other, name: Org {n}}}\n" for n in names)
    letters = "letters:\n  - {id: brev, date: 2009-02-10, subject: Brev, from: [noreland], to: [" + ", ".join(names) + "], reply_by: 2009-03-10}\n"
    path = write_folder(tmp_path / "data", {"organisations.yaml": organisations, "letters.yaml": letters}, inquiry=INQUIRY + SERIES)
    env = {**os.environ, "LOKALSERVICE_TODAY": "2009-03-05", "LOKALSERVICE_LANG": "en"}
    env.pop("LOKALSERVICE_DATA", None)
    command = [sys.executable, "-m", "lokalservice", "-d", str(path), "reply", "add", "brev"]
    writers = [subprocess.Popen([*command, name, "--dnr", "auto"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for name in names]
    results = [(w.wait(timeout=300), w.stderr.read().decode() if w.stderr else "") for w in writers]
    assert all(code == 0 for code, _ in results), results
    import yaml

    replies = yaml.safe_load((path / "replies.yaml").read_text())["replies"]
    numbers = sorted(int(r["dnr"].rsplit("/", 1)[1]) for r in replies)
    assert numbers == list(range(20, 40))  # twenty distinct numbers, none twice, none skipped
    assert sorted(r["from"] for r in replies) == names
    assert "next: 40}" in (path / "inquiry.yaml").read_text()


# --- Sending gives sent letters and påminnelser a dnr -------------------------------------------------------------

from test_mail import FILES as MAIL_FILES  # noqa: E402
from test_mail import INQUIRY as MAIL_INQUIRY  # noqa: E402
from test_mail import on, sent_log, smtp  # noqa: E402,F401 - the fixtures, used by name


def test_mail_and_remind_send_record_the_letters_number_and_each_pamminnelse_its_own(folder, smtp, on):  # noqa: F811
    path = folder(MAIL_FILES, inquiry=MAIL_INQUIRY.format(port=smtp.port) + 'dnr: {prefix: "Fi 2007:06/2009/", next: 5}\n')
    sent = on("2009-05-15", "-d", path, "mail", "enkat", "--send", "--yes")
    assert sent.exit_code == 0, sent.stderr
    letter_numbers = {r["organisation"]: r.get("dnr") for r in sent_log(path)}
    assert set(letter_numbers.values()) == {"Fi 2007:06/2009/5"}  # the letter is one document: one number for all its copies
    assert "next: 6}" in (path / "inquiry.yaml").read_text()
    reminded = on("2009-06-16", "-d", path, "remind", "enkat", "--send", "--yes")
    assert reminded.exit_code == 0, reminded.stderr
    reminders = [r for r in sent_log(path) if r["kind"] == "reminder"]
    assert len(reminders) == 3 and sorted(r["dnr"] for r in reminders) == ["Fi 2007:06/2009/6", "Fi 2007:06/2009/7", "Fi 2007:06/2009/8"]
    # each påminnelse's subject shows the number it is registered under (its letter has none of its own)
    subjects = {str(m["Subject"]) for m in smtp.messages if str(m["Subject"]).startswith("Påminnelse")}
    assert {re.search(r"\((Fi 2007:06/2009/\d+)\)", subject).group(1) for subject in subjects} == {r["dnr"] for r in reminders}
    assert "next: 9}" in (path / "inquiry.yaml").read_text()
    registered = json.loads(on("2009-06-16", "-d", path, "--today", "2009-06-16", "register", "--format", "json").stdout)
    assert [(e["kind"], e["dnr"]) for e in registered] == [("letter", "Fi 2007:06/2009/5")] * 4 + sorted(
        (("reminder", r["dnr"]) for r in reminders), key=lambda kd: kd[1]
    )


def test_a_letter_with_its_own_dnr_takes_no_number_of_the_series(folder, smtp, on):  # noqa: F811
    letters = MAIL_FILES["letters.yaml"].replace("reply_by: 2009-06-12", "reply_by: 2009-06-12\n            dnr: Fi 2007:06/2009/2")
    path = folder({**MAIL_FILES, "letters.yaml": letters}, inquiry=MAIL_INQUIRY.format(port=smtp.port) + "dnr: {prefix: X/, next: 5}\n")
    assert on("2009-05-15", "-d", path, "mail", "enkat", "--send", "--yes").exit_code == 0
    assert {r["dnr"] for r in sent_log(path)} == {"Fi 2007:06/2009/2"} and "next: 5}" in (path / "inquiry.yaml").read_text()
    # a påminnelse is registered under the number its subject and head show: its letter's
    before = len(smtp.messages)
    assert on("2009-06-16", "-d", path, "remind", "enkat", "--send", "--yes").exit_code == 0
    reminders = [r for r in sent_log(path) if r["kind"] == "reminder"]
    assert reminders and {r["dnr"] for r in reminders} == {"Fi 2007:06/2009/2"} and "next: 5}" in (path / "inquiry.yaml").read_text()
    assert all("(Fi 2007:06/2009/2)" in str(m["Subject"]) for m in smtp.messages[before:])


def test_without_a_series_messages_are_recorded_as_before(folder, smtp, on):  # noqa: F811
    path = folder(MAIL_FILES, inquiry=MAIL_INQUIRY.format(port=smtp.port))
    assert on("2009-05-15", "-d", path, "mail", "enkat", "--send", "--yes").exit_code == 0
    assert all("dnr" not in r for r in sent_log(path))


# --- Replies as they come -----------------------------------------------------------------------------------------


def test_a_joint_reply_counts_for_each_everywhere(cli, tmp_path):
    path = month(tmp_path)
    data = json.loads(run(cli, path, "replies", "fragor", "--format", "json").stdout)
    replied = {r["organisation"]: r for r in data["replied"]}
    assert {"asele", "vilhelmina"} <= replied.keys() and replied["asele"]["dnr"] == replied["vilhelmina"]["dnr"] == "Fi 2007:06/2009/23"
    reminded = json.loads(run(cli, path, "remind", "fragor", "--format", "json").stdout)
    assert {m["organisation"] for m in reminded["missing"]} == {"torsby"}
    deadline = next(i for i in json.loads(run(cli, path, "deadlines", "--all", "--format", "json").stdout) if i["id"] == "fragor")
    assert "5/6" in json.dumps(deadline) or deadline["status"] != "met"
    status = run(cli, path, "status").stdout
    assert "5/6" in status
    assert len([e for e in register_json(cli, path) if e["kind"] == "reply"]) == 4  # the joint reply registered once


def test_a_reply_that_declines_counts_and_shows_as_avstar(cli, tmp_path):
    path = month(tmp_path)
    data = json.loads(run(cli, path, "replies", "fragor", "--format", "json").stdout)
    arjang = next(r for r in data["replied"] if r["organisation"] == "arjang")
    assert (arjang["declined"], arjang["via"], arjang["publish"]) == (True, "webb", None)
    table = run(cli, path, "replies", "fragor", lang="sv").stdout
    assert "2009-06-25, avstår" in table and "5 av 6 har svarat (83 %), 1 för sent, 1 avstår" in table


def test_consent_in_three_states(cli, tmp_path):
    path = month(tmp_path)
    data = json.loads(run(cli, path, "replies", "fragor", "--format", "json").stdout)
    assert {r["organisation"]: r["publish"] for r in data["replied"]} == {
        "dorotea": True,
        "kramfors": False,
        "asele": True,
        "vilhelmina": True,
        "arjang": None,
    }
    table = run(cli, path, "replies", "fragor", lang="sv").stdout
    assert "Medgivande till publicering på webbplatsen" in table and "inget besked" in table
    rows = list(csv.DictReader(io.StringIO(run(cli, path, "replies", "fragor", "--format", "csv").stdout.lstrip("\ufeff")), delimiter=";"))
    assert {r["organisation"]: r["publish"] for r in rows if r["status"] == "replied"}["arjang"] == ""
    publishable = json.loads(run(cli, path, "replies", "fragor", "--publishable", "--format", "json").stdout)
    assert [r["organisation"] for r in publishable["publishable"]] == ["dorotea", "vilhelmina", "asele"]  # not the secret one, not avstår
    shown = run(cli, path, "replies", "fragor", "--publishable", lang="sv").stdout
    assert "Dorotea" in shown and "Årjäng" not in shown


def test_more_time_granted_is_neither_overdue_nor_reminded_before_its_day(cli, tmp_path):
    path = month(tmp_path)
    reminded = json.loads(run(cli, path, "remind", "fragor", "--format", "json").stdout)
    torsby = next(m for m in reminded["missing"] if m["organisation"] == "torsby")
    assert (torsby["extended_until"], torsby["due"], torsby["next_reminder"]) == ("2009-07-03", False, "2009-07-06")
    deadline = next(i for i in json.loads(run(cli, path, "deadlines", "--format", "json").stdout) if i["id"] == "fragor")
    assert deadline["status"] != "overdue" and deadline["days_left"] == 3
    summary = run(cli, path, "replies", "fragor", lang="sv").stdout
    assert "beviljats anstånd" in summary and "försenad" not in summary
    assert "anstånd till 2009-07-03" in run(cli, path, "remind", "fragor", lang="sv").stdout
    later = json.loads(run(cli, path, "remind", "fragor", "--format", "json", today="2009-07-06").stdout)
    assert next(m for m in later["missing"] if m["organisation"] == "torsby")["due"] is True
    overdue = next(i for i in json.loads(run(cli, path, "deadlines", "--format", "json", today="2009-07-06").stdout) if i["id"] == "fragor")
    assert overdue["status"] == "overdue"
    from conftest import workspace

    from lokalservice.outputs.report import html
    from lokalservice.outputs.report.view import view
    from lokalservice.queries.deadlines import items

    opened = workspace(path, TODAY)
    page = html(view(opened.folder, opened.today, opened.problems, items(opened.folder, opened.today)))
    assert "more time until 2009-07-03" in page


def test_a_late_reply_within_the_extension_is_in_time(cli, tmp_path):
    path = month(tmp_path)
    assert run(cli, path, "reply", "add", "fragor", "torsby", "--received", "2009-06-29").exit_code == 0
    data = json.loads(run(cli, path, "replies", "fragor", "--format", "json").stdout)
    assert next(r for r in data["replied"] if r["organisation"] == "torsby")["late"] is False


def test_a_joint_reply_is_mended_in_the_file_itself(cli, tmp_path):
    path = month(tmp_path)
    before = (path / "replies.yaml").read_bytes()
    result = run(cli, path, "reply", "remove", "fragor", "vilhelmina")
    assert result.exit_code == 1 and "is a joint reply (data/replies.yaml:4)" in result.stderr.replace(str(tmp_path) + "/", "")
    assert (path / "replies.yaml").read_bytes() == before
    again = run(cli, path, "reply", "add", "fragor", "asele")
    assert again.exit_code == 1 and "has already replied" in again.stderr


# --- Bad input ----------------------------------------------------------------------------------------------------

BAD = {
    "secrecy empty": ("replies.yaml", "secrecy: OSL 21 kap. 7 §", 'secrecy: ""', "replies.yaml:3: ", "secrecy: must not be empty"),
    "via unknown": ("replies.yaml", "via: webb", "via: fax", "replies.yaml:5: ", "via: 'fax' is not one of 'e-post', 'post', 'webb' or 'telefon'"),
    "declined not a flag": ("replies.yaml", "declined: true", "declined: kanske", "replies.yaml:5: ", "declined: write true or false, not 'kanske'"),
    "consent not yes or no": ("replies.yaml", "publish: yes", "publish: kanske", "replies.yaml:2: ", "publish: write yes or no, not 'kanske'"),
    "joint reply empty": ("replies.yaml", "from: [asele, vilhelmina]", "from: []", "replies.yaml:4: ", "from: must not be empty"),
    "joint reply bad id": (
        "replies.yaml",
        "from: [asele, vilhelmina]",
        "from: [asele, Vilhelmina]",
        "replies.yaml:4: ",
        "from[1]: 'Vilhelmina' is not a valid id",
    ),
    "joint reply unknown": (
        "replies.yaml",
        "from: [asele, vilhelmina]",
        "from: [asele, vilhelmna]",
        "replies.yaml:4: ",
        "from[1]: unknown organisation 'vilhelmna'",
    ),
    "joint reply twice": ("replies.yaml", "from: [asele, vilhelmina]", "from: [asele, dorotea]", "replies.yaml:4: ", "from[1]: a second reply from 'dorotea'"),
    "extension date": ("letters.yaml", "until: 2009-07-03", "until: 2009-07-33", "letters.yaml:10: ", "until: '2009-07-33' is not a date in the calendar"),
    "extension unknown": ("letters.yaml", "organisation: torsby, until", "organisation: torsbi, until", "letters.yaml:10: ", "unknown organisation 'torsbi'"),
    "extension unknown field": (
        "letters.yaml",
        "until: 2009-07-03}",
        "untill: 2009-07-03}",
        "letters.yaml:10: ",
        "untill: unknown field (did you mean 'until'?)",
    ),
    "concerns empty": ("replies.yaml", "concerns: Svar med uppgifter om enskild", "concerns: ''", "replies.yaml:3: ", "concerns: must not be empty"),
    "letter secrecy empty": (
        "letters.yaml",
        "dnr: Fi 2007:06/2009/3\n",
        "dnr: Fi 2007:06/2009/3\n    secrecy: ''\n",
        "letters.yaml:",
        "secrecy: must not be empty",
    ),
    "letter dnr a list": ("letters.yaml", "dnr: Fi 2007:06/2009/3\n", "dnr: [Fi 2007:06/2009/3]\n", "letters.yaml:4: ", "dnr: expected text, got a list"),
    "sent dnr empty": ("mail.yaml", "dnr: Fi 2007:06/2009/24", 'dnr: ""', "mail.yaml:5: ", "dnr: must not be empty"),
    "series next": ("inquiry.yaml", "next: 20}", "next: tjugo}", "inquiry.yaml:", "dnr.next: 'tjugo' is not a whole number"),
    "series prefix": ("inquiry.yaml", 'prefix: "Fi 2007:06/2009/", ', "", "inquiry.yaml:", "dnr.prefix: missing (required)"),
    "series zero": ("inquiry.yaml", "next: 20}", "next: 0}", "inquiry.yaml:", "dnr.next: '0' is out of range"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_values_of_every_new_field_are_named_and_nothing_is_written(cli, tmp_path, case):
    file, good, bad, where, message = BAD[case]
    path = month(tmp_path)
    target = path / file
    text = target.read_text()
    assert text.count(good) == 1, case
    target.write_text(text.replace(good, bad))
    before = {p.name: p.read_bytes() for p in path.iterdir()}
    checked = run(cli, path, "check")
    assert checked.exit_code == 1, checked.stderr
    line = next((line for line in checked.stderr.splitlines() if message in line), None)
    assert line is not None, checked.stderr
    assert where in line
    added = run(cli, path, "reply", "add", "fragor", "torsby", "--dnr", "auto")
    assert added.exit_code == 1 and message in added.stderr
    assert {p.name: p.read_bytes() for p in path.iterdir()} == before  # nothing written, the series not advanced


@pytest.mark.parametrize("case", [None, "series next", "joint reply unknown", "extension date", "consent not yes or no"])
def test_register_answers_warm_as_cold(cli, tmp_path, private_cache, case):
    path = month(tmp_path)
    if case is not None:
        file, good, bad, _, _ = BAD[case]
        (path / file).write_text((path / file).read_text().replace(good, bad))
    for command in (["register"], ["register", "--format", "json", "--public"], ["register", "--format", "erms"], ["replies", "fragor"], ["remind", "fragor"]):
        for entry in private_cache.glob("*.pickle"):
            entry.unlink()
        cold = run(cli, path, *command)
        warm = run(cli, path, *command)
        assert (warm.exit_code, warm.stdout, warm.stderr) == (cold.exit_code, cold.stdout, cold.stderr), command


def test_warnings_on_extensions(cli, tmp_path):
    letters = FILES["letters.yaml"].replace(
        "- {organisation: torsby, until: 2009-07-03}  # anstånd, beviljat per telefon",
        "- {organisation: torsby, until: 2009-06-01}\n              - {organisation: torsby, until: 2009-07-03}",
    )
    result = run(cli, month(tmp_path, **{"letters.yaml": letters}), "check")
    assert "letters.yaml:10: warning" in result.stderr and "2009-06-01 is not after the reply-by date 2009-06-12: it grants no more time" in result.stderr
    assert "a second extension for 'torsby'; the latest day counts" in result.stderr


def test_the_written_folder_reads_back(tmp_path):
    """What the data format says of the new fields is what the loader reads (a guard for the docs' example)."""
    from conftest import workspace

    opened = workspace(month(tmp_path), TODAY)
    assert opened.errors == []
    letter = opened.folder.letter["fragor"]
    assert (letter.dnr, [(e.organisation, str(e.until)) for e in letter.extensions]) == ("Fi 2007:06/2009/3", [("torsby", "2009-07-03")])
    assert opened.folder.inquiry.dnr.number(20) == "Fi 2007:06/2009/20"
    assert textwrap.dedent("x") == "x"
