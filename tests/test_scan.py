"""`reply scan`: replies read from the mailbox, matched to what was really sent (through a real SMTP server), as
.eml and .msg files, in a Maildir, an mbox and on a real IMAP server (dovecot)."""

from __future__ import annotations

import email
import hashlib
import json
import mailbox as stdlib_mailbox
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

import mailcorpus
import outlook_msg
import pytest
import yaml
from test_mail import FILES, INQUIRY, Server, free_port, mail_log, on, smtp  # noqa: F401 - fixtures

from lokalservice.model import inbound
from lokalservice.source import mailbox

SCAN_FILES = {
    **FILES,
    "organisations.yaml": FILES["organisations.yaml"]
    + "  - {id: storuman, kind: municipality, name: Storuman, contacts: [{name: Karin Ek, email: karin.ek@storuman.example.se}]}\n",
    "lists.yaml": FILES["lists.yaml"].replace("members: [dorotea, asele, alvdalen, arjang]", "members: [dorotea, asele, alvdalen, arjang, storuman]"),
}


@pytest.fixture
def sent(folder, smtp, on):  # noqa: F811
    """A folder whose letter was sent through the SMTP server on 15 May 2009; the messages the server took, by organisation."""
    world = folder(SCAN_FILES, inquiry=INQUIRY.format(port=smtp.port))
    result = on("2009-05-15", "-d", world, "mail", "enkat", "--send", "--yes")
    assert result.exit_code == 0, result.stderr
    by_org = {}
    for record in mail_log(world):
        if record.get("status", "accepted") == "accepted":
            message = next(m for m in smtp.messages if m["Message-ID"].strip() == record["message_id"])
            by_org[record["organisation"]] = message
    return world, by_org


def corpus(by_org) -> dict[str, bytes]:
    def mid(org):
        return by_org[org]["Message-ID"].strip()

    def subject(org):
        return str(by_org[org]["Subject"])

    letter_subject = "Frågor om lokal service – enkät"
    return {
        "01-outlook-reply.eml": mailcorpus.outlook_reply(mid("dorotea"), subject("dorotea")),
        "02-colleague.eml": mailcorpus.colleague_reply(subject("storuman")),
        "03-registrator.eml": mailcorpus.registrator_forward(mid("asele"), subject("asele")),
        "04-ooo-sv.eml": mailcorpus.out_of_office_sv(mid("arjang"), letter_subject),
        "05-ooo-en.eml": mailcorpus.out_of_office_en(mid("lst-ac"), subject("lst-ac")),
        "06-bounce.eml": mailcorpus.bounce(mid("dorotea"), "per@dorotea.example.se"),
        "07-quoted.eml": mailcorpus.quoted_reference(subject("arjang")),
        **mailcorpus.hostile(),
    }


def lines_by_message(result) -> dict[str, dict]:
    return {line["message"]: line for line in json.loads(result.stdout)["messages"]}


EXPECTED = {  # message: (class, letter, organisation, action)
    "01-outlook-reply.eml": ("reply", "enkat", "dorotea", "register"),
    "02-colleague.eml": ("reply", "enkat", "storuman", "register"),
    "03-registrator.eml": ("reply", "enkat", "asele", "register"),
    "04-ooo-sv.eml": ("auto-reply", "enkat", "arjang", "away"),
    "05-ooo-en.eml": ("auto-reply", "enkat", "lst-ac", "away"),
    "06-bounce.eml": ("bounce", "enkat", "dorotea", "bounce"),
    "07-quoted.eml": ("reply", None, None, "review"),
}


def test_the_plan_says_what_each_message_is_and_writes_nothing(cli, sent, tmp_path):
    world, by_org = sent
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    for name, data in corpus(by_org).items():
        (inbox / name).write_bytes(data)
    before = {p.name: p.read_bytes() for p in world.iterdir() if p.is_file()}
    result = cli("-d", world, "--today", "2009-06-01", "reply", "scan", inbox, "--format", "json")
    assert result.exit_code == 0, result.stderr
    found = lines_by_message(result)
    assert set(found) == set(corpus(by_org))  # every message has its line, the hostile ones too
    for name, (kind, letter, organisation, action) in EXPECTED.items():
        line = found[name]
        assert (line["class"], line["letter"], line["organisation"], line["action"]) == (kind, letter, organisation, action), (name, line)
    dorotea = found["01-outlook-reply.eml"]
    assert dorotea["received"] == "2009-05-20"  # the topmost Received header's day, not the sender's Date (19 May)
    assert [e["tier"] for e in dorotea["evidence"]][:3] == ["message-id", "reference", "address"]
    assert [e["tier"] for e in found["02-colleague.eml"]["evidence"]][:2] == ["reference", "domain"]
    assert found["02-colleague.eml"]["contact"] == {"name": "Nils Nilsson", "email": "nils.nilsson@storuman.example.se"}
    assert found["04-ooo-sv.eml"]["until"] == "2009-06-22" and found["05-ooo-en.eml"]["until"] == "2009-06-15"
    assert found["06-bounce.eml"]["address"] == "per@dorotea.example.se"
    assert found["07-quoted.eml"]["evidence"] == []  # the reference it quotes is not searched
    for name in mailcorpus.hostile():
        assert found[name]["action"] in ("review", "unreadable", "nothing"), name
    assert {p.name: p.read_bytes() for p in world.iterdir() if p.is_file()} == before
    assert not (world / "inkommet").exists()
    table = cli("--lang", "en", "-d", world, "--today", "2009-06-01", "reply", "scan", inbox)
    assert table.exit_code == 0, table.stderr
    assert "3 replies would be recorded." in table.stderr and "Nothing is written without --write." in table.stderr
    assert "1 new contact proposed (--add-contacts)." in table.stderr
    svenska = cli("-d", world, "--today", "2009-06-01", "reply", "scan", inbox)
    assert "3 svar skulle skrivas in." in svenska.stderr, svenska.stderr
    assert "Lästa meddelanden" in svenska.stdout and "skrivs in" in svenska.stdout and "frånvaro" in svenska.stdout
    rows = cli("-d", world, "--today", "2009-06-01", "reply", "scan", inbox, "--format", "csv").stdout.splitlines()
    assert rows[0].lstrip("\ufeff").split(";")[:3] == ["Meddelande", "Från", "Slag"] and len(rows) == 1 + len(corpus(by_org))


def test_write_records_archives_and_is_idempotent(cli, sent, tmp_path):
    world, by_org = sent
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    for name, data in corpus(by_org).items():
        (inbox / name).write_bytes(data)
    result = cli("-d", world, "--today", "2009-06-01", "reply", "scan", inbox, "--write", "--add-contacts")
    assert result.exit_code == 0, result.stderr
    replies = yaml.safe_load((world / "replies.yaml").read_text())["replies"]
    assert sorted((r["letter"], r["from"], str(r["received"]), r["via"]) for r in replies) == [
        ("enkat", "asele", "2009-05-25", "e-post"),
        ("enkat", "dorotea", "2009-05-20", "e-post"),
        ("enkat", "storuman", "2009-05-21", "e-post"),
    ]
    assert all("dnr" not in r for r in replies)  # no series in this inquiry: no dnr
    received = yaml.safe_load((world / "received.yaml").read_text())["received"]
    assert sorted(r["kind"] for r in received) == ["auto-reply", "auto-reply", "bounce", "reply", "reply", "reply"]
    for record in received:  # each original kept, its SHA-256 recorded and true
        original = world / record["file"]
        assert hashlib.sha256(original.read_bytes()).hexdigest() == record["sha256"]
        sums = (original.parent / "SHA256SUMS").read_text().splitlines()
        for row in sums:
            digest, name = row.split("  ", 1)
            assert hashlib.sha256((original.parent / name).read_bytes()).hexdigest() == digest
    asele = next(r for r in received if r.get("organisation") == "asele")
    kept = sorted(p.name for p in (world / asele["file"]).parent.iterdir())
    assert kept == ["SHA256SUMS", "Svar på enkäten.docx", "meddelande.eml", "svar.pdf"]
    organisations = (world / "organisations.yaml").read_text()
    assert "Nils Nilsson" in organisations and "nils.nilsson@storuman.example.se" in organisations
    checked = cli("--lang", "en", "-d", world, "check")
    assert checked.exit_code == 0, checked.stderr
    assert "per@dorotea.example.se" in checked.stderr and "came back" in checked.stderr  # the bounce: check warns
    # the same messages scanned again: registered once
    files = {p: p.read_bytes() for p in world.iterdir() if p.is_file()}
    again = cli("-d", world, "--today", "2009-06-01", "reply", "scan", inbox, "--write", "--format", "json")
    assert again.exit_code == 0, again.stderr
    actions = {line["message"]: line["action"] for line in json.loads(again.stdout)["messages"]}
    assert {actions[name] for name in EXPECTED if EXPECTED[name][3] != "review"} == {"known"}
    assert {p: p.read_bytes() for p in world.iterdir() if p.is_file()} == files
    # what it did to the påminnelser and the mail: Årjäng is back on 22 June; per@dorotea is skipped
    reminders = json.loads(cli("-d", world, "--today", "2009-06-15", "remind", "enkat", "--format", "json").stdout)
    by_org = {r["organisation"]: r for r in reminders["missing"]}
    assert (by_org["arjang"]["next_reminder"], by_org["arjang"]["due"]) == ("2009-06-22", False)  # back on 22 June: not before
    assert (by_org["alvdalen"]["next_reminder"], "storuman" in by_org) == ("2009-06-15", False)
    drafts = cli("--lang", "en", "-d", world, "--today", "2009-06-15", "mail", "enkat", "--eml", tmp_path / "utkast", "--again", "--only", "dorotea")
    assert drafts.exit_code == 0, drafts.stderr
    skipped = cli("--lang", "en", "-d", world, "--today", "2009-06-15", "mail", "enkat", "--eml", tmp_path / "utkast2")
    assert "per@dorotea.example.se did not work" in skipped.stderr, skipped.stderr


def test_a_reminder_is_threaded_to_its_letter_and_every_message_is_findable(cli, sent, smtp, on):  # noqa: F811
    world, by_org = sent
    log = mail_log(world)
    refs = {r["organisation"]: r["ref"] for r in log if r.get("status", "accepted") == "accepted"}
    assert len(set(refs.values())) == len(refs) == 5  # one reference per organisation and letter, recorded
    for org, message in by_org.items():
        assert str(message["Subject"]).endswith(f"[Fi 2007:06 ref {refs[org]}]")
        assert message["References"].strip() == message["Message-ID"].strip()
    smtp.messages.clear()
    result = on("2009-06-15", "-d", world, "remind", "enkat", "--send", "--yes", "--only", "dorotea")
    assert result.exit_code == 0, result.stderr
    (reminder,) = smtp.messages
    letter_id = by_org["dorotea"]["Message-ID"].strip()
    assert reminder["In-Reply-To"].strip() == letter_id
    assert reminder["References"].split() == [letter_id, reminder["Message-ID"].strip()]
    assert str(reminder["Subject"]).endswith(f"[Fi 2007:06 ref {refs['dorotea']}]")  # the letter's reference again


def test_a_draft_carries_the_reference_its_sending_will(cli, sent, tmp_path):
    world, by_org = sent
    result = cli("-d", world, "--today", "2009-05-15", "mail", "enkat", "--eml", tmp_path / "utkast", "--again")
    assert result.exit_code == 0, result.stderr
    import email
    from email import policy

    draft = email.message_from_bytes((tmp_path / "utkast" / "letter-dorotea.eml").read_bytes(), policy=policy.default)
    assert str(draft["Subject"]) == str(by_org["dorotea"]["Subject"])


def test_outlook_msg_files_are_read_like_eml(cli, sent, tmp_path):
    world, by_org = sent
    inbox = tmp_path / "outlook"
    inbox.mkdir()
    letter_id = by_org["dorotea"]["Message-ID"].strip()
    (inbox / "svar från Dorotea.msg").write_bytes(
        outlook_msg.message(
            "SV: " + str(by_org["dorotea"]["Subject"]),
            "Hej, svaret bifogas.\r\n\r\nFrån: Lena Noreland\r\nSkickat: den 15 maj 2009\r\nTill: Åsa\r\nÄmne: Frågor [Fi 2007:06 ref ZZZZ]\r\n",
            message_id="<msg-1@dorotea.example.se>",
            in_reply_to=letter_id,
            delivered=datetime(2009, 5, 20, 7, 12, tzinfo=timezone.utc),
            sender="asa.oberg@dorotea.example.se",
            attachments=[("enkätsvar.docx", b"PK\x03\x04" * 2000)],
        )
    )
    (inbox / "trasig.msg").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)  # an OLE signature, nothing behind it
    result = cli("-d", world, "--today", "2009-06-01", "reply", "scan", inbox, "--write", "--format", "json")
    assert result.exit_code == 0, result.stderr
    found = lines_by_message(result)
    line = found["svar från Dorotea.msg"]
    assert (line["class"], line["letter"], line["organisation"], line["action"], line["received"]) == ("reply", "enkat", "dorotea", "register", "2009-05-20")
    assert found["trasig.msg"]["action"] == "unreadable"
    (record,) = yaml.safe_load((world / "received.yaml").read_text())["received"]
    kept = (world / record["file"]).parent
    assert record["file"].endswith("/meddelande.msg") and (kept / "enkätsvar.docx").read_bytes() == b"PK\x03\x04" * 2000


def test_a_maildir_and_an_mbox_give_the_same_plan_as_the_files(cli, sent, tmp_path):
    world, by_org = sent
    messages = corpus(by_org)
    maildir = stdlib_mailbox.Maildir(tmp_path / "Maildir", create=True)
    for data in messages.values():
        maildir.add(data)
    box = stdlib_mailbox.mbox(tmp_path / "inkorg.mbox", create=True)
    for data in messages.values():
        box.add(data)
    box.flush()
    box.close()
    before = sorted(p.name for p in (tmp_path / "Maildir" / "new").iterdir())
    plans = []
    for source in (tmp_path / "Maildir", tmp_path / "inkorg.mbox"):
        result = cli("-d", world, "--today", "2009-06-01", "reply", "scan", source, "--format", "json")
        assert result.exit_code == 0, result.stderr
        plans.append(sorted((m["class"], m["letter"] or "", m["organisation"] or "", m["action"]) for m in json.loads(result.stdout)["messages"]))
    assert len(plans[0]) == len(messages) and plans[0] == plans[1]
    assert sorted(p.name for p in (tmp_path / "Maildir" / "new").iterdir()) == before  # nothing moved to cur/
    assert plans[0].count(("reply", "enkat", "dorotea", "register")) == 1


def test_a_50_mb_attachment_is_read_and_kept(cli, sent, tmp_path):
    world, by_org = sent
    inbox = tmp_path / "stor"
    inbox.mkdir()
    big = mailcorpus.large(50).replace(b"From: someone@example.org", b"From: asa.oberg@dorotea.example.se")
    big = big.replace(b"Subject: Stor bilaga", ("Subject: SV: " + str(by_org["dorotea"]["Subject"]).replace("–", "-")).encode())
    (inbox / "stor.eml").write_bytes(big)
    result = cli("-d", world, "--today", "2009-06-01", "reply", "scan", inbox, "--write", "--format", "json")
    assert result.exit_code == 0, result.stderr
    (line,) = json.loads(result.stdout)["messages"]
    assert (line["organisation"], line["action"]) == ("dorotea", "register"), line
    (record,) = yaml.safe_load((world / "received.yaml").read_text())["received"]
    assert (world / record["file"]).parent.joinpath("bild.png").stat().st_size == 50 * 2**20 + 4


def test_bad_uses_are_refused_without_a_traceback(cli, sent, tmp_path):
    world, _ = sent
    assert cli("--lang", "en", "-d", world, "reply", "scan").exit_code == 2
    both = cli("--lang", "en", "-d", world, "reply", "scan", tmp_path, "--imap", "127.0.0.1:143")
    assert both.exit_code == 2 and "one of them" in both.stderr
    plain = cli("--lang", "en", "-d", world, "reply", "scan", "--imap", "imap.example.se:143", "--imap-security", "none")
    assert plain.exit_code == 2 and "never sent over an unencrypted line" in plain.stderr
    missing = cli("--lang", "en", "-d", world, "reply", "scan", tmp_path / "nej")
    assert missing.exit_code == 2 and "no such folder" in missing.stderr
    nologin = cli("--lang", "en", "-d", world, "reply", "scan", "--imap", "127.0.0.1:1", "--imap-security", "none", env={"LOKALSERVICE_IMAP_USER": ""})
    assert nologin.exit_code == 1 and "LOKALSERVICE_IMAP_PASSWORD" in nologin.stderr
    sample = cli("--lang", "en", "reply", "scan", tmp_path, "--write")
    assert sample.exit_code == 1 and "sample" in sample.stderr


# --- The pure parts ------------------------------------------------------------------------------------------------


def test_only_the_new_text_is_searched():
    outlook = "Hej!\n\nSvaret kommer.\n\n*Från:* Lena <l@x.se>\n*Skickat:* den 15 maj 2009\n*Till:* Åsa\n*Ämne:* Frågor [Fi 2007:06 ref K7Q3]\n"
    assert inbound.new_text(outlook) == "Hej!\n\nSvaret kommer."
    gmail = "Tack.\n\nDen tis 19 maj 2009 kl 10:00 skrev Lena Noreland <l@x.se>:\n> citat\n"
    assert inbound.new_text(gmail) == "Tack."
    english = "Thanks\n-----Original Message-----\nFrom: x\n"
    assert inbound.new_text(english) == "Thanks"
    assert inbound.new_text("Från: Dorotea kommun\nVi svarar nu.") == "Från: Dorotea kommun\nVi svarar nu."  # one line is no header block


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Jag är tillbaka den 22 juni.", "2009-06-22"),
        ("Åter 2009-06-08, semester 1–5 juni 2009.", "2009-06-08"),
        ("I will be back on June 15th.", "2009-06-15"),
        ("Out of the office until 15 June 2009.", "2009-06-15"),
        ("Ingen dag här.", None),
        ("Tillbaka 2019-01-01.", None),  # ten years on is a typing error, not a return date
    ],
)
def test_the_day_an_out_of_office_sender_is_back(text, expected):
    found = inbound.return_date(text, datetime(2009, 5, 15).date())
    assert (found.isoformat() if found else None) == expected


@pytest.mark.parametrize(
    "headers, subject, sender, kind",
    [
        ({"auto-submitted": "auto-replied"}, "Hej", "a@b.se", "auto-reply"),
        ({"auto-submitted": "no"}, "Hej", "a@b.se", "reply"),
        ({"precedence": "bulk"}, "Hej", "a@b.se", "auto-reply"),
        ({"return-path": "<>"}, "Hej", "a@b.se", "auto-reply"),
        ({"x-auto-response-suppress": "All"}, "Hej", "a@b.se", "reply"),  # a request alone is no marker
        ({"x-auto-response-suppress": "All", "x-ms-exchange-inbox-rules-loop": "a@b.se"}, "Hej", "a@b.se", "auto-reply"),
        ({}, "Autosvar: Frågor", "a@b.se", "auto-reply"),
        ({}, "Frånvaro", "a@b.se", "auto-reply"),
        ({}, "Out of Office: Frågor", "a@b.se", "auto-reply"),
        ({}, "SV: Frågor", "a@b.se", "reply"),
        ({}, "Hej", "MAILER-DAEMON@x.se", "bounce"),
        ({}, "Hej", "postmaster@x.se", "bounce"),
        ({"content-type": 'multipart/report; report-type="delivery-status"'}, "Hej", "a@b.se", "bounce"),
    ],
)
def test_automatic_messages_and_bounces_are_told_first(headers, subject, sender, kind):
    mail = mailbox.Mail("x", "eml", "0" * 64, 1, None, (), sender, None, subject, headers, None, None, "", (), {}, (), ())
    assert inbound.classify(mail).kind == kind


def test_a_reference_survives_reply_prefixes_and_case():
    assert inbound.REFERENCE.findall("SV: VB: Re: Frågor [Fi 2007:06 ref k7q3]") == ["k7q3"]
    assert inbound.stripped_subject("SV: VB: AW: FW: Fwd: Frågor [Fi 2007:06 ref K7Q3]") == "Frågor"


def test_every_hostile_message_is_read_without_raising():
    for name, data in mailcorpus.hostile().items():
        mail = mailbox.read(mailbox.Raw(name, data))
        assert mail.origin == name
    exchange = mailbox.read(mailbox.Raw("x", mailcorpus.hostile()["exchange-id.eml"]))
    assert exchange.message_id and exchange.message_id.startswith("<[AM6PR")
    bomb = mailbox.read(mailbox.Raw("z", mailcorpus.hostile()["zip-bomb.eml"]))
    assert [p.name for p in bomb.attachments] == ["svar.zip"] and len(bomb.attachments[0].data) < 2**20  # kept compressed, never opened


def test_a_message_too_large_is_listed_not_read(monkeypatch, tmp_path):
    monkeypatch.setattr(mailbox, "MAX_MESSAGE", 1000)
    (tmp_path / "stor.eml").write_bytes(b"Subject: x\r\n\r\n" + b"x" * 2000)
    (raw,) = list(mailbox.from_path(tmp_path))
    mail = mailbox.read(raw)
    assert raw.data is None and mail.faults and "not read" in str(mail.faults[0])


def test_references_are_stable_distinct_and_recorded_first():
    from lokalservice.model.folder import Folder
    from lokalservice.model.records import Inquiry, Sent

    folder = Folder(Path("."), ".")
    folder.inquiry = Inquiry(designation="Fi 2007:06", title="t")
    refs = inbound.References(folder)
    codes = {refs.of("enkat", f"org{i}") for i in range(200)}
    assert len(codes) == 200 and all(re.fullmatch(r"[A-HJ-NP-Z2-9]{4}", c) for c in codes)
    assert refs.of("enkat", "org1") == inbound.References(folder).of("enkat", "org1")
    taken = refs.of("enkat", "org1")
    folder.sent = [
        Sent(letter="annat", organisation="x", kind="letter", at=datetime(2009, 5, 15, tzinfo=timezone.utc), to=("a@b",), message_id="<m>", ref=taken)
    ]
    assert inbound.References(folder).of("enkat", "org1") != taken  # a code another pair holds is never handed out twice
    assert inbound.References(folder).of("annat", "x") == taken


# --- A real IMAP server --------------------------------------------------------------------------------------------


def _state(port: int) -> list[tuple]:
    """Every message of the INBOX as the server keeps it: uid, flags, size, SHA-256 of its text."""
    from imapclient import IMAPClient

    client = IMAPClient("127.0.0.1", port, ssl=False)
    client.login("lena", "hemligt")
    client.select_folder("INBOX", readonly=True)
    found = client.fetch(client.search("ALL"), ["FLAGS", "RFC822.SIZE", "BODY.PEEK[]", "INTERNALDATE"])
    client.logout()
    return sorted(
        (uid, tuple(sorted(d[b"FLAGS"])), d[b"RFC822.SIZE"], hashlib.sha256(d[b"BODY[]"]).hexdigest(), d[b"INTERNALDATE"]) for uid, d in found.items()
    )


@pytest.fixture
def imap(sent):
    from imapclient import IMAPClient
    from imapserver import dovecot

    world, by_org = sent
    with dovecot({"lena": "hemligt"}, {"token-abc": "lena"}) as server:
        client = IMAPClient("127.0.0.1", server.port, ssl=False)
        client.login("lena", "hemligt")
        for name, data in corpus(by_org).items():
            # the server's own time of arrival: as its Received header says, but for Dorotea's reply a day later
            received = mailbox.topmost_received(email.message_from_bytes(data))
            arrived = (
                datetime(2009, 5, 21, 10, 0) if name.startswith("01-") else received.astimezone().replace(tzinfo=None) if received else datetime(2009, 5, 27)
            )
            flags = [b"\\Flagged"] if name.startswith("02-") else []
            client.append("INBOX", data, flags, arrived)
        client.logout()
        yield world, server


LOGIN = {"LOKALSERVICE_IMAP_USER": "lena", "LOKALSERVICE_IMAP_PASSWORD": "hemligt"}


@pytest.mark.program("dovecot")
def test_imap_is_read_and_never_written_to(cli, imap):
    world, server = imap
    before = _state(server.port)
    files = sorted(p.name for p in server.maildir("lena").rglob("*") if p.is_file())
    address = f"127.0.0.1:{server.port}"
    plan = cli("-d", world, "--today", "2009-06-01", "reply", "scan", "--imap", address, "--imap-security", "none", "--format", "json", env=LOGIN)
    assert plan.exit_code == 0, plan.stderr
    found = json.loads(plan.stdout)["messages"]
    assert len(found) == len(corpus_names()) and all(line["message"].startswith("INBOX uid ") for line in found)
    by_subject = {line["subject"]: line for line in found}
    dorotea = next(line for line in found if line["organisation"] == "dorotea" and line["class"] == "reply")
    assert (dorotea["action"], dorotea["received"]) == ("register", "2009-05-21")  # INTERNALDATE, not Received (20 May) nor Date (19 May)
    assert sum(1 for line in found if line["action"] == "register") == 3 and by_subject
    written = cli("-d", world, "--today", "2009-06-01", "reply", "scan", "--imap", address, "--imap-security", "none", "--write", env=LOGIN)
    assert written.exit_code == 0, written.stderr
    assert len(yaml.safe_load((world / "replies.yaml").read_text())["replies"]) == 3
    assert _state(server.port) == before  # no message deleted, moved or flagged; none marked \Seen
    assert sorted(p.name for p in server.maildir("lena").rglob("*") if p.is_file()) == files
    again = cli("-d", world, "--today", "2009-06-01", "reply", "scan", "--imap", address, "--imap-security", "none", "--write", "--format", "json", env=LOGIN)
    assert sum(1 for line in json.loads(again.stdout)["messages"] if line["action"] == "known") == 6


def corpus_names() -> list[str]:
    return [*EXPECTED, *mailcorpus.hostile()]


@pytest.mark.program("dovecot")
def test_imap_with_an_oauth2_token(cli, imap):
    world, server = imap
    address = f"127.0.0.1:{server.port}"
    token = {"LOKALSERVICE_IMAP_USER": "lena", "LOKALSERVICE_IMAP_TOKEN": "token-abc"}
    result = cli("-d", world, "--today", "2009-06-01", "reply", "scan", "--imap", address, "--imap-security", "none", "--format", "json", env=token)
    assert result.exit_code == 0, result.stderr
    assert "token-abc" in server.asked  # the server asked the introspection endpoint about the token
    assert len(json.loads(result.stdout)["messages"]) == len(corpus_names())
    wrong = cli("--lang", "en", "-d", world, "reply", "scan", "--imap", address, "--imap-security", "none", env={**token, "LOKALSERVICE_IMAP_TOKEN": "stale"})
    assert wrong.exit_code == 1 and "refused the login" in wrong.stderr and "Traceback" not in wrong.stderr


@pytest.mark.program("dovecot")
def test_no_password_over_a_line_that_cannot_be_encrypted(cli, imap):
    """The server offers no STARTTLS: the default (starttls on a port other than 993) stops before any login."""
    world, server = imap
    logins = (server.root / "dovecot.log").read_text().count("Login: user=<lena>")
    result = cli("--lang", "en", "-d", world, "reply", "scan", "--imap", f"127.0.0.1:{server.port}", env=LOGIN)
    assert result.exit_code == 1 and "Traceback" not in result.stderr, result.stderr
    assert "127.0.0.1" in result.stderr
    assert (server.root / "dovecot.log").read_text().count("Login: user=<lena>") == logins  # no login on that line


def test_a_reply_from_another_organisation_to_our_message_goes_to_review(cli, sent, tmp_path):
    """Årjäng's contact answers Dorotea's message (forwarded to her): the Message-ID says Dorotea, the address Årjäng."""
    world, by_org = sent
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    data = mailcorpus.outlook_reply(by_org["dorotea"]["Message-ID"].strip(), str(by_org["dorotea"]["Subject"]))
    (inbox / "fel.eml").write_bytes(data.replace(b"asa.oberg@dorotea.example.se>\r\nTo:", b"arla@arjang.example.se>\r\nTo:"))
    result = cli("--lang", "en", "-d", world, "--today", "2009-06-01", "reply", "scan", inbox, "--format", "json")
    (line,) = json.loads(result.stdout)["messages"]
    assert (line["organisation"], line["action"]) == ("dorotea", "review")
    assert any("not at the organisation the message answers" in note for note in line["notes"])


@pytest.mark.skipif(sys.version_info >= (3, 13), reason="the standard parser raises on this Message-ID before Python 3.13")
def test_the_exchange_style_id_breaks_the_standard_parser_but_not_the_scan():
    from email import policy

    data = mailcorpus.hostile()["exchange-id.eml"]
    with pytest.raises(IndexError):
        parsed = email.message_from_bytes(data, policy=policy.default)
        [str(parsed[key]) for key in parsed.keys()]  # noqa: B018 - reading the headers is what raises
    assert mailbox.read(mailbox.Raw("x", data)).message_id


def test_a_bounced_address_gets_no_reminder(cli, sent, tmp_path):
    world, by_org = sent
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    (inbox / "studs.eml").write_bytes(mailcorpus.bounce(by_org["arjang"]["Message-ID"].strip(), "arla@arjang.example.se"))
    assert cli("-d", world, "--today", "2009-06-01", "reply", "scan", inbox, "--write").exit_code == 0
    result = cli("--lang", "en", "-d", world, "--today", "2009-06-15", "remind", "enkat", "--eml", tmp_path / "drafts", "--only", "arjang")
    assert "arla@arjang.example.se did not work" in result.stderr, result.stderr
    assert not (tmp_path / "drafts" / "reminder-arjang.eml").exists()  # its only address: nobody to remind by mail


def test_a_broken_received_yaml_is_named_by_file_line_and_field(cli, folder):
    world = folder({"received.yaml": "received:\n  - {sha256: nej, at: 2009-05-20T10:00:00+02:00, kind: reply, file: inkommet/x/meddelande.eml}\n"})
    result = cli("--lang", "en", "-d", world, "check")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "received.yaml:2: received[0].sha256: 'nej' is not a SHA-256" in result.stderr, result.stderr


@pytest.mark.program("dovecot")
@pytest.mark.program("openssl")
def test_imap_over_tls_verifies_the_server_certificate(cli, sent):
    """IMAPS and STARTTLS with a certificate signed by an authority of the test's own: trusted (SSL_CERT_FILE), the
    scan reads; not trusted, it stops before any login."""
    from imapclient import IMAPClient
    from imapserver import dovecot

    world, by_org = sent
    with dovecot({"lena": "hemligt"}, {"token-abc": "lena"}, tls=True) as server:
        client = IMAPClient("127.0.0.1", server.port, ssl=False)
        client.login("lena", "hemligt")
        client.append(
            "INBOX", mailcorpus.outlook_reply(by_org["dorotea"]["Message-ID"].strip(), str(by_org["dorotea"]["Subject"])), [], datetime(2009, 5, 20, 9, 0)
        )
        client.logout()
        trusted = {**LOGIN, "SSL_CERT_FILE": str(server.ca)}

        def scan(port: int, security: str, env: dict[str, str]):
            return cli(
                "--lang",
                "en",
                "-d",
                world,
                "--today",
                "2009-06-01",
                "reply",
                "scan",
                "--imap",
                f"127.0.0.1:{port}",
                "--imap-security",
                security,
                "-f",
                "json",
                env=env,
            )

        for port, security in ((server.tls_port, "ssl"), (server.port, "starttls")):
            result = scan(port, security, trusted)
            assert result.exit_code == 0, result.stderr
            (line,) = json.loads(result.stdout)["messages"]
            assert (line["organisation"], line["action"]) == ("dorotea", "register")
        token = scan(server.tls_port, "ssl", {**trusted, "LOKALSERVICE_IMAP_PASSWORD": "", "LOKALSERVICE_IMAP_TOKEN": "token-abc"})
        assert token.exit_code == 0 and "token-abc" in server.asked, token.stderr  # XOAUTH2 over TLS
        logins = (server.root / "dovecot.log").read_text().count("Login: user=<lena>")
        for port, security in ((server.tls_port, "ssl"), (server.port, "starttls")):
            refused = scan(port, security, LOGIN)
            assert refused.exit_code == 1 and "CERTIFICATE_VERIFY_FAILED" in refused.stderr and "Traceback" not in refused.stderr, refused.stderr
        assert (server.root / "dovecot.log").read_text().count("Login: user=<lena>") == logins  # no password went to an unverified server


def test_the_use_case_takes_a_dnr_where_a_series_gives_one(sent):
    """actions.scan.scan, called as a library: the `dnr` hook numbers each reply recorded and names its archive."""
    from conftest import workspace

    from lokalservice.actions.scan import scan

    world, by_org = sent
    numbers = iter(range(7, 100))
    raw = mailbox.Raw("svar.eml", mailcorpus.outlook_reply(by_org["dorotea"]["Message-ID"].strip(), str(by_org["dorotea"]["Subject"])))
    found = scan(workspace(world, "2009-06-01"), [raw], write=True, dnr=lambda reply: f"Fi 2007:06/2009/{next(numbers)}")
    assert [(r.organisation, r.dnr, r.via) for r in found.replies] == [("dorotea", "Fi 2007:06/2009/7", "e-post")]
    (record,) = found.received
    assert record.file == "inkommet/Fi 2007_06_2009_7/meddelande.eml" and (world / record.file).is_file()
    assert yaml.safe_load((world / "replies.yaml").read_text())["replies"][0]["dnr"] == "Fi 2007:06/2009/7"


def test_reply_scan_write_numbers_each_reply_from_the_inquirys_series(cli, sent, tmp_path):
    """Where inquiry.yaml keeps a dnr series, `reply scan --write` registers each reply with the next number of it, and
    the series moves on (taken under the writer's lock, as reply add --dnr auto takes it)."""
    world, by_org = sent
    inquiry = world / "inquiry.yaml"
    inquiry.write_text(inquiry.read_text() + 'dnr: {prefix: "Fi 2007:06/2009/", next: 12}\n')
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    (inbox / "svar.eml").write_bytes(mailcorpus.outlook_reply(by_org["dorotea"]["Message-ID"].strip(), str(by_org["dorotea"]["Subject"])))
    result = cli("--lang", "en", "-d", world, "--today", "2009-06-01", "reply", "scan", inbox, "--write", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert yaml.safe_load((world / "replies.yaml").read_text())["replies"][0]["dnr"] == "Fi 2007:06/2009/12"
    assert yaml.safe_load(inquiry.read_text())["dnr"]["next"] == 13
    again = cli("--lang", "en", "-d", world, "--today", "2009-06-01", "reply", "scan", inbox, "--write", "-f", "json")
    assert again.exit_code == 0 and yaml.safe_load(inquiry.read_text())["dnr"]["next"] == 13  # the same message: registered once, no number used


def test_a_header_written_as_raw_utf8_is_read_as_written():
    """A subject or name a mail program wrote as UTF-8 bytes without encoding them: read as UTF-8 (else
    Windows-1252), never as replacement characters."""
    utf8 = "From: Åsa Öberg <asa@dorotea.example.se>\r\nSubject: SV: Frågor om service\r\n\r\nHej\r\n".encode()
    read = mailbox.read(mailbox.Raw("svar.eml", utf8))
    assert read.subject == "SV: Frågor om service" and read.sender_name == "Åsa Öberg" and "\ufffd" not in read.subject
    ansi = "Subject: Svar från Åsele\r\n\r\nHej\r\n".encode("cp1252")
    assert mailbox.read(mailbox.Raw("ansi.eml", ansi)).subject == "Svar från Åsele"
