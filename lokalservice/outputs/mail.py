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
from email.utils import format_datetime, formataddr, make_msgid, quote
from pathlib import Path
from typing import Any, NamedTuple

from ..i18n import M, _
from ..model import rules
from ..model.folder import Folder
from ..model.problems import FileFault, LokalserviceError, UsageError
from ..model.records import Letter, MailSettings, Organisation, Received, Sent, Staff
from ..model.sweden import ascii_id
from ..model.text import ENCODED_WORD, trouble
from ..queries.distribution import address_of, distribution
from ..queries.documents import Person, letter_page, subject_with_dnr
from ..queries.reminders import Due, reminder_text
from ..source.fsio import reason, write_atomically

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
        return name.lower() in self.WORDS and not str(value).isascii() and sys.version_info < (3, 13) and not self.utf8

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
    """One message: whom it goes to (name, address) in To and in Cc, its subject and body, what it is, and the
    organisations it is for with their addresses (one, or with --cc-in-one every one on the sändlista)."""

    organisation: Organisation
    to: tuple[tuple[str | None, str], ...]
    subject: str
    body: str
    kind: str  # letter | reminder
    cc: tuple[tuple[str | None, str], ...] = ()
    parties: tuple[tuple[Organisation, tuple[str, ...]], ...] = ()
    reply_to: str | None = None  # the inquiry's registry address, where replies should go
    ref: str | None = None  # the reference the subject carries (`[Fi 2007:06 ref K7Q3]`): a message for one organisation
    series: str = ""  # the inquiry's designation, which the reference starts with
    thread: tuple[str, ...] = ()  # the Message-IDs this message follows: a påminnelse follows its letter

    def addresses(self) -> list[str]:
        return [address for _name, address in (*self.to, *self.cc)]

    def for_whom(self) -> tuple[tuple[Organisation, tuple[str, ...]], ...]:
        return self.parties or ((self.organisation, tuple(self.addresses())),)


class Attachment(NamedTuple):
    name: str
    data: bytes
    mime: str


def one_line(text: str) -> str:
    """Text for a header: line breaks and tabs become spaces, so nothing from the data can start a header of its own;
    text that looks like an encoded header or holds a control character is refused (check finds it first)."""
    flat = " ".join(text.split())
    found = trouble(flat, header=True)
    if found is not None:
        raise LokalserviceError(M("{text}: {trouble}", text=repr(flat[:60]), trouble=found))
    return flat


class Prepared(NamedTuple):
    """The messages a command would send, why any organisation is left out, and the messages of earlier runs that may
    have left without the server's answer being recorded (they are never sent again without asking)."""

    messages: list[Outgoing]
    skipped: list[M]
    in_doubt: list[tuple[Outgoing, Sent]]


def letter_messages(folder: Folder, letter: Letter, body: str | None, only: set[str] | None, again: bool, cc_in_one: bool = False) -> Prepared:
    """The letter as one message per organisation on its sändlista (to and cc), to its contacts there; those who get it
    för kännedom are told so and asked nothing. An address the server took before gets it again only with `again`;
    one it refused for good is left out; one whose message is in doubt is asked about."""
    logs = rules.mailings(folder, letter.id, "letter")
    bounced = rules.bounced_addresses(folder)
    recipients: dict[str, tuple[str, Organisation, list[tuple[str | None, str]]]] = {}
    people: dict[str, list[Person]] = {}  # whom each message is addressed to, in its text
    sandlista = distribution(folder, letter)
    for section, _group, recipient in sandlista.recipients():
        org = recipient.organisation
        if only is not None and org.id not in only:
            continue
        entry = recipients.setdefault(org.id, (section, org, []))[2]
        address = address_of(recipient)
        if address and address not in {a for _, a in entry}:
            # a contact's own address under the contact's name; the organisation's own address (its registrator) under its official name
            entry.append((recipient.contact.name if recipient.contact and recipient.contact.email else rules.official_name(org), address))
        if recipient.contact:
            people.setdefault(org.id, []).append((recipient.contact.name, recipient.contact.title, recipient.contact.address))
    messages, skipped, doubtful = [], [], []
    registry = folder.inquiry.registry_email if folder.inquiry else None
    for org_id, (section, org, addresses) in recipients.items():
        log = logs.get(org_id)
        if not addresses:
            skipped.append(M("{organisation}: no e-mail address", organisation=org.name))
            continue
        wanted, left = _still_to_send(org, addresses, log, again, bounced)
        skipped += left
        if not wanted:
            continue
        informed = section == "cc" and rules.not_asked(folder, letter, org_id)
        text = letter_page(folder, letter, org, people.get(org_id, []), section == "cc", body, False, sandlista).as_text()
        subject = subject_with_dnr(letter, _("För kännedom: {subject}").format(subject=letter.subject) if informed else letter.subject)
        message = Outgoing(org, tuple(wanted), subject, text, "letter", reply_to=registry)
        doubt = [s for s in (log.in_doubt if log else ()) if set(s.to) & {a for _, a in wanted}]
        if doubt and not again:
            doubtful.append((message, doubt[-1]))
        else:
            messages.append(message)
    if cc_in_one and messages:
        messages = [_in_one(folder, letter, body, messages)]
    return findable(folder, letter, Prepared(messages, skipped, doubtful))


def findable(folder: Folder, letter: Letter, prepared: Prepared) -> Prepared:
    """Each message for one organisation with its reference in the subject, and a påminnelse threaded to the letter
    that went to the organisation (In-Reply-To, References): what lets `reply scan` find the replies. A message for
    several (--cc-in-one) carries no reference: a reply to it is known by its Message-ID and its sender."""
    from ..model.inbound import References

    references = References(folder)
    series = folder.inquiry.designation if folder.inquiry else ""
    letters = rules.mailings(folder, letter.id, "letter")

    def made(message: Outgoing) -> Outgoing:
        if message.parties:
            return message
        log = letters.get(message.organisation.id)
        thread = tuple(sent.message_id for sent in log.messages) if log and message.kind == "reminder" else ()
        return message._replace(ref=references.of(letter.id, message.organisation.id), series=series, thread=thread)

    return Prepared([made(m) for m in prepared.messages], prepared.skipped, [(made(m), sent) for m, sent in prepared.in_doubt])


def _still_to_send(
    org: Organisation, addresses: list[tuple[str | None, str]], log: rules.Mailing | None, again: bool, bounced: dict[str, Received] | None = None
) -> tuple[list[tuple[str | None, str]], list[M]]:
    """The addresses of one organisation a message still has to go to, and a line for each left out and why (a
    bounce said the address does not work, the server refused it, or it has the message already)."""
    bounced = bounced or {}
    if log is None and not bounced:
        return addresses, []
    left: list[M] = []
    wanted = []
    for name, address in addresses:
        if address.lower() in bounced and not again:
            left.append(
                M(
                    "{organisation}: {address} did not work: a message to it came back on {day}; check the address (--again sends to it all the same)",
                    organisation=org.name,
                    address=address,
                    day=str(bounced[address.lower()].at.date()),
                )
            )
        elif log is not None and address in log.refused and not again:
            refused = log.refused[address]
            left.append(
                M(
                    "{organisation}: {address} was refused for good on {day} ({said}); check the address (--again sends to it all the same)",
                    organisation=org.name,
                    address=address,
                    day=str(refused.at.date()),
                    said=refused.said or "",
                )
            )
        elif log is not None and address in log.accepted and not again:
            continue
        else:
            wanted.append((name, address))
    if not wanted and not left and log is not None:
        left.append(M("{organisation}: already sent (mail.yaml); --again sends it once more", organisation=org.name))
    return wanted, left


def _in_one(folder: Folder, letter: Letter, body: str | None, messages: list[Outgoing]) -> Outgoing:
    """One message for the whole letter: those asked to reply in To, those who get it för kännedom in Cc."""
    subject = subject_with_dnr(letter, letter.subject)
    to = tuple(a for m in messages if m.subject == subject for a in m.to)
    cc = tuple(a for m in messages if m.subject != subject for a in m.to)
    parties = tuple((m.organisation, tuple(a for _, a in m.to)) for m in messages)
    first = messages[0].organisation
    text = letter_page(folder, letter, body=body).as_text()
    return Outgoing(first, to or cc, subject, text, "letter", cc if to else (), parties, messages[0].reply_to)


def reminder_messages(folder: Folder, letter: Letter, waiting: Iterable[Due], today: date, by: date) -> Prepared:
    """A påminnelse for each organisation due for one, to those of it the letter went to; who is left out and why; and
    the påminnelser of earlier runs that may have left without the server's answer being recorded."""
    messages, skipped, doubtful = [], [], []
    logs = rules.mailings(folder, letter.id, "reminder")
    bounced = rules.bounced_addresses(folder)
    for due in waiting:
        if not due.due:
            continue
        to = tuple(
            dict.fromkeys(
                (a.contact if a.contact and a.email != due.organisation.email else rules.official_name(due.organisation), a.email)
                for a in due.addressees
                if a.email
            )
        )
        skipped += [
            M(
                "{organisation}: {address} did not work: a message to it came back on {day}",
                organisation=due.organisation.name,
                address=a,
                day=str(bounced[a.lower()].at.date()),
            )
            for _name, a in to
            if a.lower() in bounced
        ]
        to = tuple((name, a) for name, a in to if a.lower() not in bounced)
        if not to:
            skipped.append(M("{organisation}: no e-mail address", organisation=due.organisation.name))
            continue
        text = reminder_text(folder, letter, due.organisation, due.addressees, today, by)
        subject = _("Reminder: {subject}").format(subject=subject_with_dnr(letter, letter.subject))
        message = Outgoing(due.organisation, to, subject, text, "reminder", reply_to=folder.inquiry.registry_email if folder.inquiry else None)
        log = logs.get(due.organisation.id)
        if log is not None and log.in_doubt:
            doubtful.append((message, log.in_doubt[-1]))
        else:
            messages.append(message)
    return findable(folder, letter, Prepared(messages, skipped, doubtful))


MAX_ATTACHMENT = 25 * 2**20  # what mail servers commonly take, after base64


def attachments(paths: Iterable[Path], limit: int = MAX_ATTACHMENT) -> list[Attachment]:
    """The files to attach, read now (a file that cannot be read stops the command before anything is sent): regular
    files only, opened without waiting (a pipe would hang), none larger than `limit` bytes."""
    import stat

    found = []
    for path in paths:
        try:
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            with os.fdopen(descriptor, "rb") as handle:
                info = os.fstat(handle.fileno())
                if not stat.S_ISREG(info.st_mode):
                    raise FileFault(M("{file}: cannot be attached: it is not a regular file", file=str(path)))
                if info.st_size > limit:
                    raise FileFault(
                        M(
                            "{file}: cannot be attached: {size} MB is more than {limit} MB (--max-attachment)",
                            file=str(path),
                            size=_megabytes(info.st_size),
                            limit=_megabytes(limit),
                        )
                    )
                data = handle.read(limit + 1)
        except OSError as error:
            raise FileFault(M("{file}: cannot be attached: {reason}", file=str(path), reason=reason(error))) from None
        if len(data) > limit:
            raise FileFault(M("{file}: cannot be attached: it is more than {limit} MB (--max-attachment)", file=str(path), limit=_megabytes(limit)))
        mime = _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        found.append(Attachment(attachment_name(path.name), data, mime))
    return found


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f}".rstrip("0").rstrip(".")


def attachment_name(name: str) -> str:
    """A file name as it may stand in a message: no control characters, no encoded words, no folders; letters kept."""
    cleaned = ENCODED_WORD.sub("_", "".join(c for c in name if c.isprintable())).replace("/", "_").replace("\\", "_").strip(" .")
    return cleaned[:200] or "bilaga"


def wire_address(address: str) -> str:
    """An address as it goes over the wire: a domain with Swedish letters (kommun.älvdalen.se) in its IDNA form."""
    local, _at, domain = address.rpartition("@")
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}" if not domain.isascii() else address
    except UnicodeError:
        return address


def _mailboxes(pairs: Iterable[tuple[str | None, str]], international: bool) -> Any:
    """Names and addresses for an address header. An address with å, ä or ö before the @ (which only SMTPUTF8 carries)
    cannot be an `Address` of Python's email package (nor go through formataddr): written out instead, the name quoted."""
    if international:
        return ", ".join(f'"{quote(one_line(name))}" <{wire_address(address)}>' if name else wire_address(address) for name, address in pairs)
    return [Address(display_name=one_line(name) if name else "", addr_spec=wire_address(address)) for name, address in pairs]


def build(outgoing: Outgoing, from_: Staff | None, files: list[Attachment], moment: datetime, draft: bool = False) -> EmailMessage:
    """An RFC 5322 message: names in RFC 2047 words, a Date and a unique Message-ID; a draft marked X-Unsent for Outlook."""
    addresses = [address for _name, address in (*outgoing.to, *outgoing.cc)] + ([from_.email] if from_ is not None and from_.email else [])
    addresses += [outgoing.reply_to] if outgoing.reply_to else []
    international = not all(address.rpartition("@")[0].isascii() for address in addresses)  # å, ä or ö before the @: SMTPUTF8 only
    message = EmailMessage(policy=POLICY.clone(utf8=True) if international else POLICY)
    if from_ is not None and from_.email:
        message["From"] = _mailboxes([(from_.name, from_.email)], international)
    message["To"] = _mailboxes(outgoing.to, international)
    if outgoing.cc:
        message["Cc"] = _mailboxes(outgoing.cc, international)
    if outgoing.reply_to:
        message["Reply-To"] = _mailboxes([(None, outgoing.reply_to)], international)
    message["Subject"] = one_line(outgoing.subject + (f" [{outgoing.series} ref {outgoing.ref}]" if outgoing.ref else ""))
    message["Date"] = format_datetime(moment)
    domain = wire_address(from_.email).rsplit("@", 1)[1] if from_ is not None and from_.email else "lokalservice.invalid"
    own = make_msgid(idstring=ascii_id(outgoing.organisation.id) or None, domain=domain)
    message["Message-ID"] = own
    if outgoing.thread:  # a påminnelse answers its letter
        message["In-Reply-To"] = outgoing.thread[-1]
    message["References"] = " ".join((*outgoing.thread, own))  # our own id too: Exchange may rewrite the Message-ID, seldom References
    if draft:
        message["X-Unsent"] = "1"
    message.set_content(outgoing.body, cte="quoted-printable")
    for file in files:
        maintype, subtype = file.mime.split("/", 1)
        message.add_attachment(file.data, maintype=maintype, subtype=subtype, filename=file.name)
    return message


def as_bytes(message: EmailMessage, international: bool = False) -> bytes:
    """The message as a file (or as it goes to the server): CRLF line ends, as RFC 5322 writes them; with `international`
    (an address with å, ä or ö before the @), headers in UTF-8 as SMTPUTF8 carries them."""
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n", utf8=international))  # type: ignore[call-arg]


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
    ca_file: Path | None = None  # an internal CA's certificates, trusted besides the system's (mail.ca_file)


def server(settings: MailSettings | None, smtp: str | None, security: str | None, folder: Path | None = None) -> Server:
    """The SMTP server: --smtp/--security over inquiry.yaml's mail: section; the login only from the environment; the
    CA file (mail.ca_file) relative to the data `folder`."""
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
    ca_file = None
    if settings is not None and settings.ca_file:
        ca_file = Path(settings.ca_file).expanduser()
        if folder is not None and not ca_file.is_absolute():
            ca_file = folder / ca_file
    return Server(host, int(port_text), chosen, user, password, ca_file)


def tls_context(where: Server) -> ssl.SSLContext:
    """The certificates a server's must be signed by: the system's (or $SSL_CERT_FILE's, which OpenSSL reads instead of
    them), and an internal CA's from mail.ca_file. A CA file that cannot be read is an error before anything is sent."""
    context = ssl.create_default_context()
    if where.ca_file is not None:
        try:
            context.load_verify_locations(cafile=str(where.ca_file))
        except FileNotFoundError:
            raise LokalserviceError(M("mail.ca_file: {file}: it does not exist", file=str(where.ca_file))) from None
        except (OSError, ssl.SSLError, ValueError) as error:
            why = M("it holds no certificate in PEM form") if isinstance(error, ssl.SSLError) else M("{reason}", reason=str(error))
            raise LokalserviceError(M("mail.ca_file: {file}: cannot be used: {reason}", file=str(where.ca_file), reason=why)) from None
    return context


@contextmanager
def session(where: Server) -> Iterator[smtplib.SMTP]:
    """An open, logged-in SMTP connection; a connection that cannot be made or kept is a MailFault."""
    context = tls_context(where) if where.security != "none" else None
    try:
        connection: smtplib.SMTP = (
            smtplib.SMTP_SSL(where.host, where.port, timeout=TIMEOUT_SECONDS, context=context)
            if where.security == "ssl"
            else smtplib.SMTP(where.host, where.port, timeout=TIMEOUT_SECONDS)
        )
    except (OSError, smtplib.SMTPException) as error:
        raise MailFault(M("{host}:{port}: could not connect: {reason}", host=where.host, port=where.port, reason=_why(error))) from None
    try:
        if where.security == "starttls" and context is not None:
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


class Outcome(NamedTuple):
    """What the server said to one message, address by address: taken, refused for now (4xx: try again later), refused for
    good (5xx); and whether the message may have left without the server's word on it (the line broke during DATA)."""

    accepted: list[str]
    deferred: dict[str, str]
    refused: dict[str, str]
    in_doubt: bool = False


def attempt(connection: smtplib.SMTP, message: EmailMessage, sender: str, before_data: Callable[[list[str]], None]) -> Outcome:
    """Offer one message to the server: the envelope, each address, then the text. `before_data` is told the addresses the
    server will take just before the text is sent (so that the message is recorded as leaving first). A broken line
    before the text is a MailFault (nothing left); during or after it, the message is in doubt."""
    wanted = [wire_address(address) for address in _addresses(message)]
    international = not all(address.isascii() for address in [sender, *wanted])
    accepted: list[str] = []
    deferred: dict[str, str] = {}
    refused: dict[str, str] = {}
    try:
        connection.ehlo_or_helo_if_needed()
        if international and not connection.has_extn("smtputf8"):  # those addresses never; the others on the next run, without them
            cannot = str(M("the mail server cannot take an address with å, ä or ö before the @ (it does not offer SMTPUTF8)"))
            later = str(M("not sent with an address the server cannot take; sending again sends it without that one"))
            return Outcome([], {a: later for a in wanted if a.isascii()}, {a: cannot for a in wanted if not a.isascii()})
        text_of = as_bytes(message, international)  # before anything is recorded as leaving: a message that cannot be written does not leave
        options = ["SMTPUTF8", "BODY=8BITMIME"] if international else []
        code, text = connection.mail(sender, options)
        if code >= 400:
            connection.rset()
            said = dict.fromkeys(wanted, _said(code, text))
            return Outcome([], said, {}) if code < 500 else Outcome([], {}, said)
        for address in wanted:
            code, text = connection.rcpt(address)
            if code < 300:
                accepted.append(address)
            elif code < 500:
                deferred[address] = _said(code, text)
            else:
                refused[address] = _said(code, text)
        if not accepted:
            connection.rset()
            return Outcome([], deferred, refused)
    except (OSError, smtplib.SMTPException) as error:
        raise MailFault(M("the connection failed: {reason}", reason=_why(error))) from None
    before_data(accepted)
    try:
        code, text = connection.data(text_of)
    except smtplib.SMTPDataError as error:  # the server would not take the text at all
        target = deferred if error.smtp_code < 500 else refused
        target.update(dict.fromkeys(accepted, _said(error.smtp_code, error.smtp_error)))
        return Outcome([], deferred, refused)
    except (OSError, smtplib.SMTPException):
        return Outcome([], deferred, refused, in_doubt=True)
    if code >= 400:
        target = deferred if code < 500 else refused
        target.update(dict.fromkeys(accepted, _said(code, text)))
        return Outcome([], deferred, refused)
    return Outcome(accepted, deferred, refused)


def _addresses(message: EmailMessage) -> list[str]:
    found: dict[str, None] = {}
    for header in ("To", "Cc"):
        if message[header] is not None:
            found.update(dict.fromkeys(address.addr_spec for address in message[header].addresses))
    return list(found)


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
    if isinstance(error, ssl.SSLCertVerificationError):
        return M(
            "the server's certificate could not be verified ({said}); for a certificate from an internal CA, name the CA's file in inquiry.yaml (mail: ca_file: ca.pem)",
            said=error.verify_message or str(error),
        )
    if isinstance(error, ssl.SSLError):
        return M("the encrypted connection failed ({said})", said=str(error))
    if isinstance(error, smtplib.SMTPResponseException):
        return M("the server said {said}", said=_said(error.smtp_code, error.smtp_error))
    if isinstance(error, smtplib.SMTPNotSupportedError) and "STARTTLS" in str(error):
        return M(
            "the server offers no encrypted connection (STARTTLS); mail is never sent unencrypted: ask its administrator, or use mail: security: ssl where it takes one on a port of its own"
        )
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return M("the server does not offer what the connection needs ({said}); check mail: security in inquiry.yaml", said=str(error))
    if isinstance(error, OSError):
        from ..source.fsio import reason

        return reason(error)
    return M("{reason}", reason=str(error) or type(error).__name__)


def planned_refusal(letter: Letter, today: date) -> LokalserviceError | None:
    """A letter dated after today is not sent by --send (drafts may be written for it)."""
    if rules.is_planned(letter, today):
        return LokalserviceError(
            M("{letter} is dated {date}, after today: it is sent on its date, not before (--eml writes drafts now)", letter=letter.id, date=str(letter.date))
        )
    return None
