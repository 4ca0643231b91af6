"""Mail for the `reply scan` benchmark: an inquiry whose letter went to every municipality (mail.yaml, with each
message's Message-ID and reference), and N incoming messages of the kinds a secretariat gets (replies threaded by
Message-ID, replies known only by the subject's reference, out-of-office replies, mail from strangers; every tenth
with a 100 kB attachment, every one with the quoted original below the new text)."""

from __future__ import annotations

import base64
import mailbox
from pathlib import Path

from generate import generate

from lokalservice.model import sweden
from lokalservice.model.inbound import _code

SERIES = "Fi 2099:01"
ATTACHMENT = base64.encodebytes(b"PK\x03\x04" + bytes(range(256)) * 400).decode()


def inquiry(folder: Path) -> list[str]:
    """The inquiry (290 municipalities, ten letters, no replies yet), brev-0 mailed to every municipality; their ids."""
    generate(folder, 2_900)
    (folder / "replies.yaml").write_text("replies:\n", encoding="utf-8")
    ids = [f"k{m.code}" for m in sweden.municipalities().values()]
    lines = ["sent:"]
    for id_ in ids:
        code = _code(SERIES, "brev-0", id_, 0)
        lines.append(
            f"  - {{letter: brev-0, organisation: {id_}, kind: letter, at: 2009-01-05T10:00:00+01:00, to: [kontakt{id_[1:]}@example.se], "
            f"message_id: '<brev-0.{id_}@example.se>', ref: {code}}}"
        )
    (folder / "mail.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ids


def message(n: int, ids: list[str]) -> bytes:
    id_ = ids[n % len(ids)]
    code = id_[1:]
    kind = n % 4
    day = 6 + n % 20
    headers = [f"Received: from mx.example.se by imap.example.se; {day:02d} Jan 2009 09:{n % 60:02d}:00 +0100", f"Message-ID: <in-{n}@example.se>"]
    subject = "SV: Brev nummer 0"
    sender = f"kontakt{code}@example.se"
    body = "Hej!\n\nHär kommer vårt svar.\n\nMed vänlig hälsning\n"
    if kind == 0:
        headers.append(f"In-Reply-To: <brev-0.{id_}@example.se>")
    elif kind == 1:
        subject += f" [{SERIES} ref {_code(SERIES, 'brev-0', id_, 0)}]"
        sender = f"kollega{code}@example.se"
    elif kind == 2:
        subject = "Automatiskt svar: Brev nummer 0"
        headers.append("Auto-Submitted: auto-replied")
        body = "Jag är tillbaka den 2 februari 2009.\n"
    else:
        sender = f"okand{n}@example.org"
        subject = "En fråga"
    quote = (
        "\n________________________________\nFrån: Sekreterare <sekreterare@example.se>\nSkickat: den 5 januari 2009\nTill: Kontakt\nÄmne: Brev nummer 0\n\n"
        + ("Citerad text ur brevet.\n" * 40)
    )
    headers += [
        f"From: Kontakt <{sender}>",
        "To: sekreterare@example.se",
        f"Subject: {subject}",
        f"Date: {day:02d} Jan 2009 08:00:00 +0100",
        "MIME-Version: 1.0",
    ]
    text = body + quote
    if n % 10 == 0:
        parts = (
            'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n'
            + text
            + '\n--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename="svar.docx"\nContent-Transfer-Encoding: base64\n\n'
            + ATTACHMENT
            + "--b--\n"
        )
        raw = "\n".join(headers) + "\n" + parts
    else:
        raw = "\n".join(headers) + "\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + text
    return raw.replace("\n", "\r\n").encode("utf-8")


def maildir(path: Path, count: int, ids: list[str]) -> Path:
    box = mailbox.Maildir(path, create=True)
    for n in range(count):
        box.add(message(n, ids))
    return path
