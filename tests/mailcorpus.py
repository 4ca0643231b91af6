"""Real-shaped incoming mail for `reply scan`: replies as Outlook, Exchange and registrators write them, automatic
replies, a bounce, and the messages that break parsers. Built from what was really sent (the Message-IDs and
subjects the SMTP server received), as raw bytes with CRLF line ends, the way they arrive."""

from __future__ import annotations

import base64
import io
import zipfile
from email.header import Header

OURS = "lena.noreland@finance.ministry.se"


def _crlf(text: str) -> bytes:
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


def _words(text: str) -> str:
    return Header(text, "utf-8").encode()


def outlook_reply(message_id: str, subject: str) -> bytes:
    """Åsa at Dorotea answers in Outlook: SV:, In-Reply-To kept, her text above the Swedish quote block, which quotes
    our message, reference and all. Her Date says the evening before; the server received it the next morning."""
    return _crlf(
        f"""Received: from mx.finance.ministry.se (mx.finance.ministry.se [192.0.2.10])
 by imap.finance.ministry.se with ESMTPS; Wed, 20 May 2009 08:02:11 +0200
Received: from mail.dorotea.example.se by mx.finance.ministry.se; Wed, 20 May 2009 08:02:09 +0200
From: {_words("Åsa Öberg")} <asa.oberg@dorotea.example.se>
To: Lena Noreland <{OURS}>
Subject: {_words("SV: " + subject)}
Date: Tue, 19 May 2009 23:58:00 +0200
Message-ID: <DB6PR0701MB2437A1B2C3D4E5F6@DB6PR0701MB2437.eurprd07.prod.outlook.com>
In-Reply-To: {message_id}
References: {message_id}
Thread-Topic: {_words(subject)}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Hej Lena,

Här kommer Dorotea kommuns svar på enkäten. Vi har inga invändningar mot publicering.

Med vänlig hälsning
Åsa Öberg
Dorotea kommun

________________________________
Från: Lena Noreland <{OURS}>
Skickat: den 15 maj 2009 10:00
Till: Åsa Öberg <asa.oberg@dorotea.example.se>
Ämne: {subject}

Här kommer vårt brev.
"""
    )


def colleague_reply(subject_with_ref: str) -> bytes:
    """Nils, a colleague of the contact at Storuman, answers from Outlook to an outside sender: no In-Reply-To, no
    References, only the subject with our reference. HTML only."""
    return _crlf(
        f"""Received: from mx.storuman.example.se by imap.finance.ministry.se; Thu, 21 May 2009 13:45:00 +0200
From: "Nils Nilsson" <nils.nilsson@storuman.example.se>
To: {OURS}
Subject: {_words("RE: " + subject_with_ref)}
Date: Thu, 21 May 2009 13:44:10 +0200
Message-ID: <colleague-1@storuman.example.se>
MIME-Version: 1.0
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: 8bit

<html><head><style>p {{ color: red }}</style></head><body><p>Hej!</p><p>Karin är föräldraledig, så jag svarar för Storuman.</p>
<p>Nils Nilsson<br>Storumans kommun</p></body></html>
"""
    )


def registrator_forward(message_id: str, subject_with_ref: str) -> bytes:
    """Åsele's registrator forwards the answer with the form attached (.docx and .pdf): VB:, References kept."""
    docx = base64.encodebytes(b"PK\x03\x04" + b"word/document.xml " * 40).decode()
    pdf = base64.encodebytes(b"%PDF-1.4 svar\n%%EOF").decode()
    return _crlf(
        f"""Received: from mail.asele.example.se by imap.finance.ministry.se; Mon, 25 May 2009 09:30:00 +0200
From: =?utf-8?q?=C3=85sele_kommun?= <registrator@asele.example.se>
To: {OURS}
Subject: {_words("VB: SV: " + subject_with_ref)}
Date: Mon, 25 May 2009 09:29:00 +0200
Message-ID: <fwd-77@asele.example.se>
References: {message_id} <inner-1@asele.example.se>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

Vidarebefordrar svaret fr=E5n socialf=F6rvaltningen.

-----Ursprungligt meddelande-----
Fr=E5n: Kalle <kalle@asele.example.se>
Skickat: den 24 maj 2009 16:00
=C4mne: Svar

--b1
Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document
Content-Disposition: attachment; filename="=?utf-8?q?Svar_p=C3=A5_enk=C3=A4ten.docx?="
Content-Transfer-Encoding: base64

{docx}
--b1
Content-Type: application/pdf; name="svar.pdf"
Content-Disposition: attachment; filename="svar.pdf"
Content-Transfer-Encoding: base64

{pdf}
--b1--
"""
    )


def out_of_office_sv(message_id: str, subject: str) -> bytes:
    """Årjäng's contact is away: Exchange's Swedish automatic reply, with the day she is back."""
    return _crlf(
        f"""Received: from mail.arjang.example.se by imap.finance.ministry.se; Fri, 15 May 2009 10:01:00 +0200
From: {_words("Ärla Ström")} <arla@arjang.example.se>
To: {OURS}
Subject: {_words("Automatiskt svar: " + subject)}
Date: Fri, 15 May 2009 10:00:30 +0200
Message-ID: <ooo-1@arjang.example.se>
In-Reply-To: {message_id}
Auto-Submitted: auto-replied
X-Auto-Response-Suppress: All
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Jag är på semester och är tillbaka måndagen den 22 juni 2009. Brådskande ärenden: ring växeln.
"""
    )


def out_of_office_en(message_id: str, subject: str) -> bytes:
    """The county board's contact is away: Exchange's English automatic reply, known by its headers together."""
    return _crlf(
        f"""Received: from mail.lst.example.se by imap.finance.ministry.se; Fri, 15 May 2009 10:02:00 +0200
From: Gunilla Hedman <gunilla@lst.example.se>
To: {OURS}
Subject: {_words("Re: " + subject)}
Date: Fri, 15 May 2009 10:01:40 +0200
Message-ID: <ooo-2@lst.example.se>
References: {message_id}
X-Auto-Response-Suppress: All
X-MS-Exchange-Inbox-Rules-Loop: gunilla@lst.example.se
MIME-Version: 1.0
Content-Type: text/plain; charset="us-ascii"

I am out of the office until June 15, 2009 with limited access to e-mail.
"""
    )


def bounce(message_id: str, address: str) -> bytes:
    """The mail server says our message to one of Dorotea's addresses could not be delivered (RFC 3464)."""
    return _crlf(
        f"""Received: from mx.finance.ministry.se by imap.finance.ministry.se; Fri, 15 May 2009 10:05:00 +0200
From: Mail Delivery System <MAILER-DAEMON@mx.finance.ministry.se>
To: {OURS}
Subject: Undelivered Mail Returned to Sender
Date: Fri, 15 May 2009 10:05:00 +0200
Message-ID: <bounce-1@mx.finance.ministry.se>
Return-Path: <>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="r1"

--r1
Content-Type: text/plain

This is the mail system. Your message could not be delivered to one or more recipients.

--r1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.finance.ministry.se

Final-Recipient: rfc822; {address}
Action: failed
Status: 5.1.1

--r1
Content-Type: text/rfc822-headers

From: Lena Noreland <{OURS}>
Message-ID: {message_id}
Subject: Our letter

--r1--
"""
    )


def quoted_reference(subject_with_ref_of_another: str) -> bytes:
    """A message that only quotes a reference (in the quoted original) and comes from an address nobody knows: it must
    not be matched on what it quotes."""
    return _crlf(
        f"""Received: from mail.example.org by imap.finance.ministry.se; Tue, 26 May 2009 11:00:00 +0200
From: someone@example.org
To: {OURS}
Subject: En fråga
Date: Tue, 26 May 2009 10:59:00 +0200
Message-ID: <q-1@example.org>
Content-Type: text/plain; charset=utf-8

Hej, vad gäller detta?

Den 15 maj 2009 skrev Lena Noreland <{OURS}>:
> {subject_with_ref_of_another}
> Här kommer vårt brev.
"""
    )


def hostile() -> dict[str, bytes]:
    """The messages that break parsers or memory, each of which must still get its line in the plan."""
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("nollor.txt", b"\0" * (20 * 2**20))  # 20 MB of zeros in a few kilobytes
    bomb_b64 = base64.encodebytes(bomb.getvalue()).decode()
    return {
        "exchange-id.eml": _crlf(
            """Received: from x by y; Wed, 27 May 2009 09:00:00 +0200
From: <asa.oberg@dorotea.example.se>
Subject: Ett meddelande
Message-ID: <[AM6PR0702MB3494D0BB1F0E1A2A4C9F6A6FC2E30@AM6PR0702MB3494.eurprd07.prod.outlook.com]>
In-Reply-To: <@>
References: <> <<nested>> <ok@x>
Content-Type: text/plain

Text.
"""
        ),
        "name-star.eml": _crlf(
            """Received: from x by y; Wed, 27 May 2009 09:00:00 +0200
From: Per <per@dorotea.example.se>
Subject: =?x-unknown?q?trasig?= =?utf-8?b?!!!?=
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="z"

--z
Content-Type: text/plain; charset=x-no-such-charset

Hej
--z
Content-Type: application/octet-stream; name*=x-unknown'sv'%E4%80%FF
Content-Disposition: attachment; filename*0*=utf-8''%E4%80; filename*1*=%ZZ
Content-Transfer-Encoding: base64

!!!!not base64!!!!
--z--
"""
        ),
        "no-text.eml": _crlf(
            """Received: from x by y; Wed, 27 May 2009 09:00:00 +0200
From: someone@example.org
Subject:
Content-Type: text/plain

"""
        ),
        "garbage.eml": b"\x00\xff\xfe not a message at all \r\n\r\n\x00",
        "malformed-headers.eml": _crlf(
            """From
: nothing
Subject: =?utf-8?q?Kan_inte_avkodas_=E4?=
Date: not a date
Received: garbage; also not a date
Content-Type: multipart/mixed

no boundary
"""
        ),
        "zip-bomb.eml": _crlf(
            f"""Received: from x by y; Wed, 27 May 2009 09:00:00 +0200
From: someone@example.org
Subject: Bifogat
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="q"

--q
Content-Type: text/plain

Se bilaga.
--q
Content-Type: application/zip
Content-Disposition: attachment; filename="svar.zip"
Content-Transfer-Encoding: base64

{bomb_b64}
--q--
"""
        ),
    }


def large(megabytes: int = 50) -> bytes:
    """A message with an attachment of `megabytes` MB."""
    payload = base64.encodebytes(b"\x89PNG" + b"\x01" * (megabytes * 2**20)).decode()
    return _crlf(
        f"""Received: from x by y; Wed, 27 May 2009 09:00:00 +0200
From: someone@example.org
Subject: Stor bilaga
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="L"

--L
Content-Type: text/plain

Se bilaga.
--L
Content-Type: image/png
Content-Disposition: attachment; filename="bild.png"
Content-Transfer-Encoding: base64

{payload}
--L--
"""
    )
