"""Letters and reminders by mail: Outlook drafts parsed back, and a real SMTP server on 127.0.0.1 (aiosmtpd) that
accepts, refuses a recipient, or drops the connection halfway through a batch."""

from __future__ import annotations

import asyncio
import email
import json
import os
import pty
import re
import socket
import subprocess
import sys
import time
from email import policy
from pathlib import Path

import pytest
import yaml
from aiosmtpd.controller import Controller

INQUIRY = """\
designation: Fi 2007:06
title: Utveckling av lokal service i samverkan
department: Finansdepartementet
website: www.sou.gov.se/lokalservice
language: sv
staff:
  - {{id: hogdahl, name: Lars Högdahl, role: särskild utredare, phone: 08-405 1272}}
  - {{id: noreland, name: Lena Noreland, phone: 08-405 2309, email: lena.noreland@finance.ministry.se}}
mail:
  sender: noreland
  smtp: 127.0.0.1:{port}
  security: none
reminders: {{first: 1, interval: 5, max: 2}}
"""
FILES = {
    "organisations.yaml": """\
        organisations:
          - id: dorotea
            kind: municipality
            name: Dorotea
            contacts:
              - {name: Åsa Öberg, email: asa.oberg@dorotea.example.se}
              - {name: Per Persson, email: per@dorotea.example.se}
          - {id: asele, kind: municipality, name: Åsele, email: registrator@asele.example.se}
          - {id: alvdalen, kind: municipality, name: Älvdalen, contacts: [{name: Ingen Adress}]}
          - {id: arjang, kind: municipality, name: Årjäng, contacts: [{name: Ärla Ström, email: arla@arjang.example.se}]}
          - id: lst-ac
            kind: county_board
            name: Länsstyrelsen i Västerbottens län
            county: Västerbotten
            contacts: [{name: Gunilla Hedman, email: gunilla@lst.example.se}]
        """,
    "lists.yaml": """\
        lists:
          - {id: kommuner, title: Kommunerna, members: [dorotea, asele, alvdalen, arjang]}
          - {id: lan, title: Länsstyrelsen, members: [lst-ac]}
        """,
    "letters.yaml": """\
        letters:
          - id: enkat
            date: 2009-05-15
            subject: Frågor om lokal service – enkät
            from: [hogdahl, noreland]
            to: [kommuner]
            cc: [lan]
            reply_by: 2009-06-12
            attachments: [Formulär med frågor]
        """,
}


def free_port() -> int:
    """aiosmtpd cannot bind port 0: find a free port on the loopback interface first."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """What a test asks of the mail server: addresses to refuse, a point at which to drop the connection."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.refuse: set[str] = set()
        self.defer: set[str] = set()  # 451: try again later
        self.drop_after: int | None = None
        self.drop_before_250 = False  # take the text, then hang up without saying so
        self.delay = 0.0  # seconds before each text is taken
        self.envelopes: list[list[str]] = []
        self.on_message = None

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.drop_after is not None and len(self.messages) >= self.drop_after:
            server.transport.close()  # gone, as a server that crashes or a network that fails
            return "421 4.3.0 closing"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        if address in self.defer:
            return "451 4.2.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        message["X-Delivered-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        self.envelopes.append(list(envelope.rcpt_tos))
        if self.on_message:
            self.on_message(message)
        if self.drop_before_250:
            server.transport.close()
            return "421 4.3.0 closing"
        return "250 2.0.0 Message accepted for delivery"


@pytest.fixture
def smtp():
    handler = Server()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


@pytest.fixture
def on(cli, monkeypatch):
    """Run lokalservice with the clock (what --send dates mail with) on a day: on("2009-05-15", "-d", world, "mail", ...)."""
    from datetime import datetime

    from lokalservice import settings

    def run(day: str, *args, env=None):
        monkeypatch.setattr(settings, "now", lambda: datetime.fromisoformat(f"{day}T10:00:00+02:00"))
        return cli(*args, env=env)

    return run


@pytest.fixture
def world(folder, smtp):
    return folder(FILES, inquiry=INQUIRY.format(port=smtp.port))


def mail_log(path: Path) -> list[dict]:
    """Every record of mail.yaml: the steps of sending each message."""
    target = path / "mail.yaml"
    return (yaml.safe_load(target.read_text()) or {}).get("sent") or [] if target.exists() else []


def sent_log(path: Path) -> list[dict]:
    """The records of messages the server took."""
    return [record for record in mail_log(path) if record.get("status", "accepted") == "accepted"]


def test_drafts_open_in_outlook_ready_to_send(cli, world, tmp_path):
    pdf = tmp_path / "brev.pdf"
    pdf.write_bytes(b"%PDF-1.4 brevet")
    docx = tmp_path / "formulär.docx"
    docx.write_bytes(b"PK\x03\x04 " + "formuläret".encode())
    result = cli("-d", world, "--today", "2009-05-15", "mail", "enkat", "--eml", tmp_path / "utkast", "--attach", pdf, "--attach", docx)
    assert result.exit_code == 0, result.stderr
    assert "Utelämnad: Älvdalen: ingen e-postadress" in result.stderr
    assert "Skrev 4 utkast i" in result.stderr
    drafts = sorted((tmp_path / "utkast").iterdir())
    assert [p.name for p in drafts] == ["letter-arjang.eml", "letter-asele.eml", "letter-dorotea.eml", "letter-lst-ac.eml"]
    raw = (tmp_path / "utkast" / "letter-dorotea.eml").read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert b"=?utf-8?" in raw  # Swedish letters in headers as RFC 2047 words
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["X-Unsent"] == "1"
    assert str(message["From"]) == "Lena Noreland <lena.noreland@finance.ministry.se>"
    assert [(a.display_name, a.addr_spec) for a in message["To"].addresses] == [
        ("Åsa Öberg", "asa.oberg@dorotea.example.se"),
        ("Per Persson", "per@dorotea.example.se"),
    ]
    assert re.fullmatch(r"Frågor om lokal service – enkät \[Fi 2007:06 ref [A-Z2-9]{4}\]", message["Subject"])  # the reference finds the reply
    assert message["Date"] and message["Message-ID"].endswith("@finance.ministry.se>")
    body = message.get_body(("plain",)).get_content()
    assert "Här kommer vårt brev ”Frågor om lokal service – enkät” daterat den 15 maj 2009." in body
    assert "Vi är tacksamma för ert svar senast den 12 juni 2009." in body and "Lars Högdahl" in body
    attached = {part.get_filename(): (part.get_content_type(), part.get_content()) for part in message.iter_attachments()}
    assert attached == {
        "brev.pdf": ("application/pdf", b"%PDF-1.4 brevet"),
        "formulär.docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04 " + "formuläret".encode()),
    }
    registrator = email.message_from_bytes((tmp_path / "utkast" / "letter-asele.eml").read_bytes(), policy=policy.default)
    assert str(registrator["To"]) == "Åsele kommun <registrator@asele.example.se>"  # the organisation's own address, under its official name
    ids = {email.message_from_bytes(p.read_bytes(), policy=policy.default)["Message-ID"] for p in drafts}
    assert len(ids) == 4
    assert sent_log(world) == []  # drafts are not sent mail


def test_a_batch_is_delivered_and_each_message_recorded(cli, world, smtp, on):
    result = on("2009-05-15", "-d", world, "mail", "enkat", "--send", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "4 meddelanden skickade och inskrivna i mail.yaml." in result.stderr
    assert len(smtp.messages) == 4
    log = sent_log(world)
    assert [(r["organisation"], r["kind"]) for r in log] == [("dorotea", "letter"), ("asele", "letter"), ("arjang", "letter"), ("lst-ac", "letter")]
    assert log[0]["to"] == ["asa.oberg@dorotea.example.se", "per@dorotea.example.se"]
    assert {r["message_id"] for r in log} == {m["Message-ID"].strip() for m in smtp.messages}
    assert all(r["at"].tzinfo is not None for r in log)  # a moment with its offset
    check = cli("-d", world, "check")
    assert check.exit_code == 0, check.stderr
    again = on("2009-05-15", "-d", world, "mail", "enkat", "--send", "--yes")
    assert len(smtp.messages) == 4 and "Inget att skicka." in again.stderr  # nothing is sent twice
    assert "Dorotea: redan skickat (mail.yaml); --again skickar det en gång till" in again.stderr
    once_more = on("2009-05-15", "-d", world, "mail", "enkat", "--send", "--yes", "--again", "--only", "dorotea")
    assert once_more.exit_code == 0 and len(smtp.messages) == 5


def test_a_refused_recipient(cli, world, smtp, on):
    smtp.refuse = {"arla@arjang.example.se"}
    result = on("2009-05-15", "--lang", "en", "-d", world, "mail", "enkat", "--send", "--yes")
    assert result.exit_code == 1
    assert "Refused: Årjäng: arla@arjang.example.se: 550 5.1.1 No such user here" in result.stderr
    assert [r["organisation"] for r in sent_log(world)] == ["dorotea", "asele", "lst-ac"]
    smtp.refuse = set()
    retry = on("2009-05-16", "--lang", "en", "-d", world, "mail", "enkat", "--send", "--yes")
    assert "Årjäng: arla@arjang.example.se was refused for good on 2009-05-15 (550 5.1.1 No such user here); check the address" in retry.stderr
    assert len(smtp.messages) == 3  # a 5xx is for good: not sent again on its own
    check = cli("--lang", "en", "-d", world, "check")
    assert "warning: Ärla Ström (Årjäng): email: the mail server refused arla@arjang.example.se for good on 2009-05-15" in check.stderr
    again = on("2009-05-16", "--lang", "en", "-d", world, "mail", "enkat", "--send", "--yes", "--again", "--only", "arjang")
    assert again.exit_code == 0 and [r["organisation"] for r in sent_log(world)] == ["dorotea", "asele", "lst-ac", "arjang"]
    assert "mail server refused" not in cli("--lang", "en", "-d", world, "check").stderr  # taken since: nothing to warn of


def test_one_address_of_two_refused(cli, world, smtp, on):
    smtp.refuse = {"per@dorotea.example.se"}
    result = on("2009-05-15", "--lang", "en", "-d", world, "mail", "enkat", "--send", "--yes", "--only", "dorotea")
    assert result.exit_code == 1 and "Refused: Dorotea: per@dorotea.example.se: 550" in result.stderr
    assert sent_log(world)[0]["to"] == ["asa.oberg@dorotea.example.se"]


def test_a_connection_dropped_halfway_loses_nothing_and_sends_nothing_twice(cli, world, smtp, on):
    smtp.drop_after = 1
    result = on("2009-05-15", "--lang", "en", "-d", world, "mail", "enkat", "--send", "--yes")
    assert result.exit_code == 1
    assert "Stopped: the connection failed: the server closed the connection" in result.stderr
    assert "Not sent: Åsele, Årjäng, Länsstyrelsen i Västerbottens län" in result.stderr
    assert [r["organisation"] for r in sent_log(world)] == ["dorotea"] and len(smtp.messages) == 1
    smtp.drop_after = None
    retry = on("2009-05-15", "--lang", "en", "-d", world, "mail", "enkat", "--send", "--yes")
    assert retry.exit_code == 0, retry.stderr
    assert sorted(r["organisation"] for r in sent_log(world)) == ["arjang", "asele", "dorotea", "lst-ac"]
    assert [m["To"].addresses[0].addr_spec for m in smtp.messages].count("asa.oberg@dorotea.example.se") == 1


def test_an_error_elsewhere_made_during_a_batch_does_not_stop_the_record(cli, world, smtp, on):
    """A colleague saves a typo in lists.yaml while the batch is sent: every message that left is still recorded."""

    def typo(message):
        if len(smtp.messages) == 2:
            lists = world / "lists.yaml"
            lists.write_text(lists.read_text().replace("title: Kommunerna", "titel: Kommunerna"))

    smtp.on_message = typo
    result = on("2009-05-15", "--lang", "en", "-d", world, "mail", "enkat", "--send", "--yes")
    assert result.exit_code == 0, result.stderr
    assert sorted(r["organisation"] for r in sent_log(world)) == ["arjang", "asele", "dorotea", "lst-ac"]
    assert cli("--lang", "en", "-d", world, "check").exit_code == 1  # the typo is there for check to find


def test_a_mail_yaml_broken_during_a_batch_stops_it_and_says_what_left(cli, world, smtp, on):
    def broken(message):
        if len(smtp.messages) == 2:
            (world / "mail.yaml").write_text((world / "mail.yaml").read_text() + "  - {letter: enkat\n")

    smtp.on_message = broken
    result = on("2009-05-15", "--lang", "en", "-d", world, "mail", "enkat", "--send", "--yes")
    assert result.exit_code == 1
    assert "Sent to Åsele, but it could not be recorded in mail.yaml: " in result.stderr
    assert "Not sent: Årjäng, Länsstyrelsen i Västerbottens län" in result.stderr
    assert len(smtp.messages) == 2 and (world / "mail.yaml").read_text().endswith("  - {letter: enkat\n")


def test_nothing_answers(cli, world, on):
    result = on("2009-05-15", "--lang", "en", "-d", world, "mail", "enkat", "--send", "--yes", "--smtp", f"127.0.0.1:{free_port()}")
    assert result.exit_code == 1
    assert "could not connect: nothing answers at that address and port" in result.stderr
    assert sent_log(world) == []


def test_a_reply_added_while_a_batch_is_sent_is_not_lost(cli, world, smtp, on):
    """`reply add` in another process, between two messages of a batch: both the reply and every record stay."""

    def add_a_reply(message):
        if len(smtp.messages) == 2:
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "lokalservice",
                    "-d",
                    str(world),
                    "--today",
                    "2009-05-20",
                    "reply",
                    "add",
                    "enkat",
                    "dorotea",
                    "--received",
                    "2009-05-19",
                ],
                capture_output=True,
                env={**os.environ, "LOKALSERVICE_CACHE": "off"},
            )
            assert done.returncode == 0, done.stderr

    smtp.on_message = add_a_reply
    result = on("2009-05-15", "-d", world, "mail", "enkat", "--send", "--yes")
    assert result.exit_code == 0, result.stderr
    assert len(sent_log(world)) == 4
    assert "from: dorotea" in (world / "replies.yaml").read_text()


def test_sending_asks_first_and_refuses_without_a_terminal(cli, world, smtp, on):
    refused = on("2009-05-15", "--lang", "en", "-d", world, "mail", "enkat", "--send")
    assert refused.exit_code == 2
    assert "there is no terminal to ask on: give --yes to send without asking; nothing was sent" in refused.stderr
    assert smtp.messages == [] and sent_log(world) == []


@pytest.mark.parametrize("answer, sent", [(b"j\n", 4), (b"\n", 0)])
def test_on_a_terminal_it_shows_and_asks(world, smtp, tmp_path, answer, sent):
    primary, secondary = pty.openpty()
    env = {**os.environ, "LOKALSERVICE_CACHE": str(tmp_path / "cache"), "COLUMNS": "120"}
    process = subprocess.Popen(
        [sys.executable, "-m", "lokalservice", "-d", str(world), "mail", "enkat", "--send"],
        stdin=secondary,
        stdout=subprocess.PIPE,
        stderr=secondary,
        env=env,
    )
    os.close(secondary)
    shown = b""
    deadline = time.monotonic() + 60
    while b"[j/N]" not in shown and time.monotonic() < deadline:
        shown += os.read(primary, 4096)
    assert b"Dorotea: asa.oberg@dorotea.example.se, per@dorotea.example.se" in shown
    assert b"Skicka 4 meddelanden genom 127.0.0.1? [j/N]" in shown
    os.write(primary, answer)
    process.wait(timeout=60)
    os.close(primary)
    assert len(smtp.messages) == sent and len(sent_log(world)) == sent
    assert process.returncode == (0 if sent else 1)


def test_no_password_over_an_unencrypted_connection(cli, world, smtp, on):
    result = on(
        "2009-05-15",
        "--lang",
        "en",
        "-d",
        world,
        "mail",
        "enkat",
        "--send",
        "--yes",
        env={"LOKALSERVICE_SMTP_USER": "lena", "LOKALSERVICE_SMTP_PASSWORD": "hemligt"},
    )
    assert result.exit_code == 1
    assert "a password is never sent over a connection that is not encrypted" in result.stderr
    assert smtp.messages == []


def test_no_header_can_be_injected_through_the_data(cli, folder, smtp, tmp_path):
    files = dict(FILES)
    files["letters.yaml"] = FILES["letters.yaml"].replace("subject: Frågor om lokal service – enkät", 'subject: "Enkät\\r\\nBcc: spion@example.com"')
    files["organisations.yaml"] = FILES["organisations.yaml"].replace("name: Per Persson", 'name: "Per\\r\\nBcc: spion@example.com"')
    path = folder(files, inquiry=INQUIRY.format(port=smtp.port), name="injection")
    result = cli("--lang", "en", "-d", path, "--today", "2009-05-15", "mail", "enkat", "--eml", tmp_path / "utkast", "--only", "dorotea")
    assert result.exit_code == 1 and not (tmp_path / "utkast").exists()
    assert "letters.yaml:4: enkat: subject: holds the control character U+000D; write it without" in result.stderr
    assert "name: holds the control character U+000D" in result.stderr
    bad_address = FILES["organisations.yaml"].replace("per@dorotea.example.se", '"per@dorotea.example.se\\r\\nBcc: spion@example.com"')
    refused = folder({**FILES, "organisations.yaml": bad_address}, inquiry=INQUIRY.format(port=smtp.port), name="bad-address")
    checked = cli("--lang", "en", "-d", refused, "--today", "2009-05-15", "mail", "enkat", "--eml", tmp_path / "other")
    assert checked.exit_code == 1 and "is not one plain e-mail address" in checked.stderr and not (tmp_path / "other").exists()


def test_the_reminder_ladder_across_a_week_with_midsommarafton(cli, world, smtp, on):
    """Reply-by Friday 12 June 2009. First reminder a working day later (Monday 15); the next five working days after that,
    with midsommarafton (Friday 19) not one of them: Tuesday 23; then no more (max 2)."""
    cli("-d", world, "--today", "2009-06-12", "reply", "add", "enkat", "asele", "--received", "2009-06-10")

    def remind(day: str):
        return on(day, "-d", world, "remind", "enkat", "--send", "--yes")

    assert "Inget att skicka." in remind("2009-06-12").stderr and smtp.messages == []
    first = remind("2009-06-15")
    assert first.exit_code == 0, first.stderr
    assert sorted(m["To"].addresses[0].addr_spec for m in smtp.messages) == ["arla@arjang.example.se", "asa.oberg@dorotea.example.se"]
    assert [str(m["Subject"]).rsplit(" [", 1)[0] for m in smtp.messages] == ["Påminnelse: Frågor om lokal service – enkät"] * 2
    body = smtp.messages[0].get_body(("plain",)).get_content()
    assert "Vi är tacksamma för ert svar senast den 23 juni 2009." in body and "15 juni 2009" in body  # five working days on
    for day in ("2009-06-16", "2009-06-18", "2009-06-19", "2009-06-22"):
        assert "Inget att skicka." in remind(day).stderr, day
    assert len(smtp.messages) == 2
    data = json.loads(cli("-d", world, "--today", "2009-06-22", "replies", "enkat", "--format", "json").stdout)
    assert {m["organisation"]: (m["reminders"], m["last_reminded"]) for m in data["missing"]} == {
        "dorotea": (1, "2009-06-15"),
        "alvdalen": (0, None),  # no address: nobody to remind by mail
        "arjang": (1, "2009-06-15"),
    }
    listed = cli("--lang", "en", "-d", world, "--today", "2009-06-22", "remind", "enkat").stdout
    assert "1 sent, last 2009-06-15; next 2009-06-23" in listed
    assert remind("2009-06-23").exit_code == 0 and len(smtp.messages) == 4
    assert "Inget att skicka." in remind("2009-07-15").stderr  # the ladder has run its course
    assert [r["kind"] for r in sent_log(world)] == ["reminder"] * 4
    forced = on("2009-07-15", "-d", world, "remind", "enkat", "--send", "--yes", "--force", "--only", "dorotea")
    assert forced.exit_code == 0 and len(smtp.messages) == 5
    never = on("2009-07-15", "-d", world, "remind", "enkat", "--send", "--yes", "--force", "--only", "asele")
    assert "Inget att skicka." in never.stderr  # --force never reminds one that replied


def test_remind_drafts_are_the_pamminnelse_in_english_too(cli, world, tmp_path):
    result = cli("--lang", "en", "-d", world, "--today", "2009-06-16", "remind", "enkat", "--eml", tmp_path / "drafts", "--only", "dorotea")
    assert result.exit_code == 0, result.stderr
    message = email.message_from_bytes((tmp_path / "drafts" / "reminder-dorotea.eml").read_bytes(), policy=policy.default)
    assert message["Subject"].startswith("Reminder: Frågor om lokal service – enkät [Fi 2007:06 ref ")
    body = message.get_body(("plain",)).get_content()
    assert "We would be grateful for your reply by 24 June 2009." in body and "Dorotea kommun" in body


def test_a_planned_letter_is_not_sent_before_its_date(cli, world, tmp_path, on):
    refused = on("2009-05-01", "--lang", "en", "-d", world, "mail", "enkat", "--send", "--yes")
    assert refused.exit_code == 1 and "it is sent on its date, not before (--eml writes drafts now)" in refused.stderr
    drafts = cli("--lang", "en", "-d", world, "--today", "2009-05-01", "mail", "enkat", "--eml", tmp_path / "utkast")
    assert drafts.exit_code == 0


def test_check_validates_mail_yaml(cli, world):
    (world / "mail.yaml").write_text(
        "sent:\n  - {letter: enkat, organisation: dorotee, kind: letter, at: 2009-05-15T10:00:00+02:00, to: [a@b.se], message_id: <x@y>}\n  - {letter: enkat, organisation: dorotea, kind: brev, at: igår, to: [a@b.se], message_id: <x@y>}\n"
    )
    result = cli("--lang", "en", "-d", world, "check")
    assert result.exit_code == 1
    assert "mail.yaml:2: message to dorotee about enkat: organisation: unknown organisation 'dorotee' (did you mean 'dorotea'?)" in result.stderr
    assert "mail.yaml:3: message to dorotea about enkat: kind: 'brev' is not one of 'letter' or 'reminder'" in result.stderr


def test_a_server_without_starttls_is_named_in_the_readers_words_and_nothing_is_sent(folder, smtp, on):
    """A plain server (no STARTTLS) and mail: security: starttls: refused before anything leaves, in Swedish, without
    smtplib's English."""
    world = folder(FILES, inquiry=INQUIRY.format(port=smtp.port).replace("security: none", "security: starttls"))
    result = on("2009-05-15", "--lang", "sv", "-d", world, "mail", "enkat", "--send", "--yes")
    assert result.exit_code != 0 and "Traceback" not in result.stderr
    assert "servern erbjuder ingen krypterad anslutning (STARTTLS)" in result.stderr
    assert "extension not supported" not in result.stderr and not smtp.messages


def test_who_must_reply_is_what_each_message_says(folder, smtp, cli, tmp_path):
    """reply_from decides who is asked: one on cc who is in reply_from is asked (no För kännedom), one in `to` who is
    not is told it need not reply; replies and remind count as the messages say."""
    letters = FILES["letters.yaml"].replace(
        "            reply_by: 2009-06-12\n", "            reply_by: 2009-06-12\n            reply_from: [dorotea, lst-ac]\n", 1
    )
    world = folder({**FILES, "letters.yaml": letters}, inquiry=INQUIRY.format(port=smtp.port))
    assert cli("-d", world, "--today", "2009-05-15", "mail", "enkat", "--eml", tmp_path / "utkast").exit_code == 0

    def read(name: str) -> email.message.EmailMessage:
        return email.message_from_bytes((tmp_path / "utkast" / f"letter-{name}.eml").read_bytes(), policy=policy.default)

    board, asele, dorotea = read("lst-ac"), read("asele"), read("dorotea")
    assert not str(board["Subject"]).startswith("För kännedom") and "för kännedom" not in board.get_content()
    assert "svar senast den 12 juni 2009" in " ".join(board.get_content().split())
    assert "Ni behöver inte svara på brevet." in asele.get_content() and "svar senast den 12 juni" not in asele.get_content()
    assert "svar senast den 12 juni 2009" in " ".join(dorotea.get_content().split())
    counted = json.loads(cli("-d", world, "--today", "2009-06-20", "replies", "enkat", "--format", "json").stdout)
    assert {m["organisation"] for m in counted["missing"]} == {"dorotea", "lst-ac"}


def test_the_addresses_to_paste_leave_out_one_a_bounce_said_does_not_work(folder, smtp, cli):
    """mailing-list --format emails, like mail, leaves out an address that bounced (received.yaml) and says so."""
    world = folder(
        {
            **FILES,
            "received.yaml": "received:\n  - {sha256: " + "a" * 64 + ", at: 2009-05-16T10:00:00+02:00, kind: bounce, file: inkommet/x/meddelande.eml, "
            "address: per@dorotea.example.se}\n",
        },
        inquiry=INQUIRY.format(port=smtp.port),
    )
    result = cli("--lang", "en", "-d", world, "mailing-list", "enkat", "--format", "emails")
    assert result.exit_code == 0, result.stderr
    assert "per@dorotea.example.se" not in result.stdout and "asa.oberg@dorotea.example.se" in result.stdout
    assert "Left out, since a bounce said they do not work: per@dorotea.example.se" in result.stderr
