"""Outgoing mail: the messages a letter or a påminnelse becomes, Outlook drafts, and an SMTP session. No rules of its own:
who is due, who replied and what the påminnelse says come from rules.py and queries/; the mail log from writer.py.

Imported only by the commands that mail (the `email` and `smtplib` packages cost start-up time).
"""

from __future__ import annotations

import mimetypes
import os
import smtplib
import socket
import ssl
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path
from typing import Any, NamedTuple

from . import rules
from .folder import Folder
from .fsio import reason, write_atomically
from .i18n import M, _
from .problems import FileFault, LokalserviceError, UsageError
from .queries.distribution import address_of, distribution
from .queries.reminders import Due, reminder_text, signature
from .records import Letter, MailSettings, Organisation, Staff
from .sweden import ascii_id
from .words import long_date

USER_ENV = "LOKALSERVICE_SMTP_USER"
PASSWORD_ENV = "LOKALSERVICE_SMTP_PASSWORD"
TIMEOUT_SECONDS = 60
# Office formats some systems' mimetypes tables lack.
_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
}


class _Headers(EmailPolicy):
    """Python before 3.13 drops the space between two encoded words when it folds a long header with Swedish letters
    ('service – enkät' arrives as 'service –enkät'). Such headers are folded by email.header's encoder, which keeps it."""

    WORDS = ("subject", "from", "to", "cc", "reply-to")  # the headers of text and names; parameters are left to the default

    def _ours(self, name: str, value: Any) -> bool:
        return name.lower() in self.WORDS and not str(value).isascii() and sys.version_info < (3, 13)

    def fold(self, name: str, value: Any) -> str:
        text = str(value)
        if not self._ours(name, value):
            return super().fold(name, value)  # type: ignore[no-any-return]
        addresses = getattr(value, "addresses", None)
        if addresses is not None:
            body = ("," + self.linesep + " ").join(formataddr((a.display_name, a.addr_spec), charset="utf-8") for a in addresses)
        else:
            body = Header(text, "utf-8", header_name=name).encode(linesep=self.linesep)
        return f"{name}: {body}{self.linesep}"

    def fold_binary(self, name: str, value: Any) -> bytes:
        if not self._ours(name, value):
            return super().fold_binary(name, value)
        return self.fold(name, value).encode("ascii")


POLICY = _Headers()


class Outgoing(NamedTuple):
    """One message to one organisation: whom it goes to (name, address), its subject and body, and what it is."""

    organisation: Organisation
    to: tuple[tuple[str | None, str], ...]
    subject: str
    body: str
    kind: str  # letter | reminder


class Attachment(NamedTuple):
    name: str
    data: bytes
    mime: str


def one_line(text: str) -> str:
    """Text for a header: line breaks and tabs become spaces, so nothing from the data can start a header of its own."""
    return " ".join(text.split())


def sender(folder: Folder, letter: Letter) -> Staff | None:
    """Who a message is from: the mail section's sender, else the letter's first sender with an e-mail address."""
    mail = folder.inquiry.mail if folder.inquiry else None
    if mail and mail.sender in folder.staff:
        return folder.staff[mail.sender]
    return next((folder.staff[s] for s in letter.senders if s in folder.staff and folder.staff[s].email), None)


def letter_body(folder: Folder, letter: Letter) -> str:
    """The short text a letter goes out with when no --body is given: which letter, its reply-by date, its senders."""
    assert folder.inquiry is not None
    lines = [f"{folder.inquiry.designation} {folder.inquiry.title}", ""]
    sent = _("Here is our letter “{subject}”, dated {date}.") if letter.date else _("Here is our letter “{subject}”.")
    lines.append(sent.format(subject=letter.subject, date=long_date(letter.date) if letter.date else ""))
    if letter.reply_by:
        lines.append(_("We would be grateful for your reply by {date}.").format(date=long_date(letter.reply_by)))
    if letter.attachments:
        lines += ["", _("Attached: {attachments}.").format(attachments=", ".join(letter.attachments))]
    lines += ["", *signature(folder, letter)]
    return "\n".join(lines).rstrip() + "\n"


def letter_messages(folder: Folder, letter: Letter, body: str | None, only: set[str] | None, again: bool) -> tuple[list[Outgoing], list[M]]:
    """The letter as one message per organisation on its sändlista (to and cc), to its contacts there; and why any are left out."""
    recorded = {s.organisation for s in folder.sent_for.get(letter.id, []) if s.kind == "letter"}
    addresses: dict[str, list[tuple[str | None, str]]] = {}
    organisations: dict[str, Organisation] = {}
    skipped: list[M] = []
    for _section, _group, recipient in distribution(folder, letter).recipients():
        org = recipient.organisation
        if only is not None and org.id not in only:
            continue
        organisations.setdefault(org.id, org)
        address = address_of(recipient)
        entry = addresses.setdefault(org.id, [])
        if address and address not in {a for _, a in entry}:
            # a contact's own address under the contact's name; the organisation's own address (its registrator) under its name
            entry.append((recipient.contact.name if recipient.contact and recipient.contact.email else org.name, address))
    messages = []
    for org_id, org in organisations.items():
        if org_id in recorded and not again:
            skipped.append(M("{organisation}: already sent (mail.yaml); --again sends it once more", organisation=org.name))
        elif not addresses[org_id]:
            skipped.append(M("{organisation}: no e-mail address", organisation=org.name))
        else:
            messages.append(Outgoing(org, tuple(addresses[org_id]), letter.subject, body or letter_body(folder, letter), "letter"))
    return messages, skipped


def reminder_messages(folder: Folder, letter: Letter, waiting: Iterable[Due], today: date, by: date) -> tuple[list[Outgoing], list[M]]:
    """A påminnelse for each organisation due for one, to those of it the letter went to; and who is left out and why."""
    messages, skipped = [], []
    for due in waiting:
        if not due.due:
            continue
        to = tuple(
            dict.fromkeys((a.contact if a.contact and a.email != due.organisation.email else due.organisation.name, a.email) for a in due.addressees if a.email)
        )
        if not to:
            skipped.append(M("{organisation}: no e-mail address", organisation=due.organisation.name))
            continue
        text = reminder_text(folder, letter, due.organisation, due.addressees, today, by)
        messages.append(Outgoing(due.organisation, to, _("Reminder: {subject}").format(subject=letter.subject), text, "reminder"))
    return messages, skipped


def attachments(paths: Iterable[Path]) -> list[Attachment]:
    """The files to attach, read now (a file that cannot be read stops the command before anything is sent)."""
    found = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise FileFault(M("{file}: cannot be attached: {reason}", file=str(path), reason=reason(error))) from None
        mime = _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        found.append(Attachment(path.name, data, mime))
    return found


def build(outgoing: Outgoing, from_: Staff | None, files: list[Attachment], moment: datetime, draft: bool = False) -> EmailMessage:
    """An RFC 5322 message: names in RFC 2047 words, a Date and a unique Message-ID; a draft marked X-Unsent for Outlook."""
    message = EmailMessage(policy=POLICY)
    if from_ is not None and from_.email:
        message["From"] = Address(display_name=one_line(from_.name), addr_spec=from_.email)
    message["To"] = [Address(display_name=one_line(name) if name else "", addr_spec=address) for name, address in outgoing.to]
    message["Subject"] = one_line(outgoing.subject)
    message["Date"] = format_datetime(moment)
    domain = from_.email.rsplit("@", 1)[1] if from_ is not None and from_.email else "lokalservice.invalid"
    message["Message-ID"] = make_msgid(idstring=ascii_id(outgoing.organisation.id) or None, domain=domain)
    if draft:
        message["X-Unsent"] = "1"
    message.set_content(outgoing.body, cte="quoted-printable")
    for file in files:
        maintype, subtype = file.mime.split("/", 1)
        message.add_attachment(file.data, maintype=maintype, subtype=subtype, filename=file.name)
    return message


def as_bytes(message: EmailMessage) -> bytes:
    """The message as a file: CRLF line ends, as RFC 5322 writes them."""
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))


def write_drafts(folder: Path, messages: list[tuple[Outgoing, EmailMessage]]) -> list[Path]:
    """One .eml file per message in `folder` (created if needed), named after the kind, letter and organisation."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FileFault(M("{folder}: could not be created: {reason}", folder=str(folder), reason=reason(error, writing=True))) from None
    written = []
    for outgoing, message in messages:
        path = folder / f"{outgoing.kind}-{outgoing.organisation.id}.eml"
        write_atomically(path, as_bytes(message), str(path))
        written.append(path)
    return written


class Server(NamedTuple):
    """Where and how to send: host, port, security (starttls | ssl | none), and the login from the environment."""

    host: str
    port: int
    security: str
    user: str | None
    password: str | None


def server(settings: MailSettings | None, smtp: str | None, security: str | None) -> Server:
    """The SMTP server: --smtp/--security over inquiry.yaml's mail: section; the login only from the environment."""
    address = smtp or (settings.smtp if settings else None)
    if not address:
        raise LokalserviceError(M("no mail server: write it in inquiry.yaml (mail: smtp: smtp.example.se:587) or give --smtp HOST:PORT"))
    host, _sep, port_text = address.rpartition(":")
    if not host or not port_text.isdigit():
        raise UsageError(M("--smtp: '{address}' is not HOST:PORT (for example smtp.example.se:587)", address=address))
    chosen = security or (settings.security if settings else "starttls")
    user, password = os.environ.get(USER_ENV) or None, os.environ.get(PASSWORD_ENV) or None
    if chosen == "none" and password:
        raise LokalserviceError(
            M("a password is never sent over a connection that is not encrypted: use --security starttls or ssl, or unset {env}", env=PASSWORD_ENV)
        )
    return Server(host, int(port_text), chosen, user, password)


class Refused(Exception):
    """The server would not take a message: the addresses it refused and what it said."""

    def __init__(self, refused: dict[str, str]) -> None:
        super().__init__(refused)
        self.refused = refused


@contextmanager
def session(where: Server) -> Iterator[smtplib.SMTP]:
    """An open, logged-in SMTP connection; a connection that cannot be made or kept is a MailFault."""
    context = ssl.create_default_context()
    try:
        connection: smtplib.SMTP = (
            smtplib.SMTP_SSL(where.host, where.port, timeout=TIMEOUT_SECONDS, context=context)
            if where.security == "ssl"
            else smtplib.SMTP(where.host, where.port, timeout=TIMEOUT_SECONDS)
        )
    except (OSError, smtplib.SMTPException) as error:
        raise MailFault(M("{host}:{port}: could not connect: {reason}", host=where.host, port=where.port, reason=_why(error))) from None
    try:
        if where.security == "starttls":
            connection.starttls(context=context)
        if where.user:
            connection.login(where.user, where.password or "")
        yield connection
    except (OSError, smtplib.SMTPException) as error:
        raise MailFault(M("{host}:{port}: {reason}", host=where.host, port=where.port, reason=_why(error))) from None
    finally:
        try:
            connection.quit()
        except (OSError, smtplib.SMTPException):
            connection.close()


def send(connection: smtplib.SMTP, message: EmailMessage) -> list[str]:
    """Send one message; the addresses the server accepted. All refused is Refused; a broken connection is MailFault."""
    to = [address.addr_spec for address in message["To"].addresses]
    try:
        refused = connection.send_message(message)
    except smtplib.SMTPRecipientsRefused as error:
        raise Refused({address: _said(code, text) for address, (code, text) in error.recipients.items()}) from None
    except smtplib.SMTPDataError as error:
        raise Refused({address: _said(error.smtp_code, error.smtp_error) for address in to}) from None
    except (OSError, smtplib.SMTPException) as error:
        raise MailFault(M("the connection failed: {reason}", reason=_why(error))) from None
    if refused:
        raise Refused({address: _said(code, text) for address, (code, text) in refused.items()}) if len(refused) == len(to) else PartlyRefused(refused, to)
    return to


class PartlyRefused(Exception):
    """Some addresses of a message were accepted, some refused."""

    def __init__(self, refused: dict[str, tuple[int, bytes]], to: list[str]) -> None:
        super().__init__(refused)
        self.refused = {address: _said(code, text) for address, (code, text) in refused.items()}
        self.accepted = [address for address in to if address not in refused]


class MailFault(LokalserviceError):
    """The mail server could not be reached, or the connection broke."""


def _said(code: int, text: bytes | str) -> str:
    return f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}".strip()


def _why(error: BaseException) -> M:
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return M("the server refused the login ({said})", said=_said(error.smtp_code, error.smtp_error))
    if isinstance(error, smtplib.SMTPServerDisconnected | ConnectionResetError | BrokenPipeError):
        return M("the server closed the connection")
    if isinstance(error, socket.timeout | TimeoutError):
        return M("the server did not answer in time")
    if isinstance(error, ConnectionRefusedError):
        return M("nothing answers at that address and port")
    if isinstance(error, socket.gaierror):
        return M("no such server name")
    if isinstance(error, ssl.SSLError):
        return M("the encrypted connection failed ({said})", said=str(error))
    if isinstance(error, smtplib.SMTPResponseException):
        return M("the server said {said}", said=_said(error.smtp_code, error.smtp_error))
    return M("{reason}", reason=str(error) or type(error).__name__)


def planned_refusal(letter: Letter, today: date) -> LokalserviceError | None:
    """A letter dated after today is not sent by --send (drafts may be written for it)."""
    if rules.is_planned(letter, today):
        return LokalserviceError(
            M("{letter} is dated {date}, after today: it is sent on its date, not before (--eml writes drafts now)", letter=letter.id, date=str(letter.date))
        )
    return None


class Delivery(NamedTuple):
    """What became of a batch: the messages the server accepted and were recorded, refused, and never sent; and what
    stopped it (a message the server took but that could not be recorded is `unrecorded`)."""

    sent: list[tuple[Outgoing, list[str]]]
    refused: list[tuple[Outgoing, dict[str, str]]]
    unsent: list[Outgoing]
    fault: M | None
    unrecorded: Outgoing | None = None


def send_all(where: Server, batch: list[tuple[Outgoing, EmailMessage]], record: Callable[[Outgoing, EmailMessage, list[str]], None]) -> Delivery:
    """Send the batch, one message at a time, recording each the server accepts (`record`) before the next is sent.

    A refused message is noted and the batch goes on; a connection that fails, or a record that cannot be written,
    stops it: what was accepted stays recorded, the rest is named, and a retry sends only that."""
    sent: list[tuple[Outgoing, list[str]]] = []
    refused: list[tuple[Outgoing, dict[str, str]]] = []
    position = 0
    try:
        with session(where) as connection:
            for position, (outgoing, message) in enumerate(batch):
                try:
                    accepted = send(connection, message)
                except Refused as error:
                    refused.append((outgoing, error.refused))
                    continue
                except PartlyRefused as error:
                    refused.append((outgoing, error.refused))
                    accepted = error.accepted
                try:
                    record(outgoing, message, accepted)
                except LokalserviceError as fault:  # a fault of the file, a file made invalid meanwhile, the lock held
                    rest = [later for later, _message in batch[position + 1 :]]
                    return Delivery(sent, refused, rest, M.blank() + str(fault), unrecorded=outgoing)
                sent.append((outgoing, accepted))
    except MailFault as fault:
        return Delivery(sent, refused, [outgoing for outgoing, _message in batch[position:]], fault.lines[0])  # type: ignore[arg-type]
    return Delivery(sent, refused, [], None)
