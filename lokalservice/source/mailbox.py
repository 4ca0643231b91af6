"""Reading the mail that arrived: a folder of .eml and .msg files (what Outlook saves when messages are dragged out of
it), a Maildir, an mbox, or an IMAP folder (read-only). Each message becomes a `Mail`: what `reply scan` needs of it
(its ids, sender, subject, the new text of a reply, the attachments' names and sizes, the time it arrived), read so
that no message can stop the scan.

Hostile mail is ordinary here. Python's `email` package with `policy.default` raises on an Exchange-style Message-ID
(3.8–3.12) and on some `name*` parameters (every version), so messages are parsed with `compat32`, which keeps the raw
header text, and every header is decoded by hand, each behind its own guard. Nothing in a message is opened with
another program; attachments are kept as bytes (a zip bomb is only its compressed size); a message larger than
MAX_MESSAGE is not read at all, and its line says so.

Imported only by `reply scan` (the email, imaplib and ssl packages cost start-up time).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple

from ..i18n import M
from ..model.problems import LokalserviceError, UsageError

MAX_MESSAGE = 100 * 2**20  # a 50 MB attachment is about 68 MB in base64; what is larger is listed, not read
MAX_TEXT = 20_000  # characters of a message's text kept for matching: the new text of a reply is its first lines
USER_ENV = "LOKALSERVICE_IMAP_USER"
PASSWORD_ENV = "LOKALSERVICE_IMAP_PASSWORD"
TOKEN_ENV = "LOKALSERVICE_IMAP_TOKEN"
FETCH_BATCH = 500  # messages fetched from IMAP at a time, and at most FETCH_BYTES of them: memory stays bounded by a batch
FETCH_BYTES = 16 * 2**20
_ID = re.compile(r"<[^<>\s]{1,500}>")


class Raw(NamedTuple):
    """One message as it was stored: how the plan names it, its bytes, what kind of file (eml | msg), and when the
    server says it arrived (IMAP INTERNALDATE), where it says so. `data` is None for a message too large to read."""

    origin: str
    data: bytes | None
    kind: str = "eml"
    arrived: datetime | None = None
    size: int = 0


class Part(NamedTuple):
    """An attachment: its name as the sender wrote it (decoded), its type and its bytes."""

    name: str
    mime: str
    data: bytes


class Mail(NamedTuple):
    """What `reply scan` reads of one message. Header values are decoded text; ids are `<...>` as written."""

    origin: str
    kind: str  # eml | msg
    sha256: str
    size: int
    message_id: str | None
    references: tuple[str, ...]  # In-Reply-To, References and X-Microsoft-Original-Message-ID, in that order
    sender: str | None  # the From address, lower case
    sender_name: str | None
    subject: str
    headers: dict[str, str]  # the headers that tell an automatic message, by lower-case name
    sent: datetime | None  # the sender's Date
    received: datetime | None  # INTERNALDATE, the topmost Received header's time, or .msg's delivery time
    text: str  # the body's text (plain, else the HTML's text), at most MAX_TEXT characters
    attachments: tuple[Part, ...]
    report: dict[str, str]  # a delivery status report's fields (Final-Recipient, Action, Status), lower-case names
    returned: tuple[str, ...]  # a bounce: the Message-IDs of the message that came back
    faults: tuple[M, ...]  # what could not be read (a header, a part), said in the plan


# --- Where the messages are ----------------------------------------------------------------------------------------


def from_path(path: Path) -> Iterator[Raw]:
    """The messages at `path`: a Maildir (a folder with cur/ and new/), a folder of .eml and .msg files (sorted by
    name), an mbox file, or one .eml or .msg file."""
    if path.is_dir():
        if (path / "cur").is_dir() and (path / "new").is_dir():
            yield from _maildir(path)
        else:
            yield from _files(path)
    elif path.is_file():
        if path.suffix.lower() in (".eml", ".msg"):
            yield _file(path, path.name)
        else:
            yield from _mbox(path)
    else:
        raise UsageError(M("{path}: no such folder or file", path=str(path)))


def _file(path: Path, origin: str) -> Raw:
    kind = "msg" if path.suffix.lower() == ".msg" else "eml"
    try:
        size = path.stat().st_size
        if size > MAX_MESSAGE:
            return Raw(origin, None, kind, size=size)
        return Raw(origin, path.read_bytes(), kind, size=size)
    except OSError as error:
        from .fsio import reason

        raise LokalserviceError(M("{file}: could not be read: {reason}", file=str(path), reason=reason(error))) from None


def _files(folder: Path) -> Iterator[Raw]:
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix.lower() in (".eml", ".msg"):
            yield _file(path, path.name)


def _maildir(folder: Path) -> Iterator[Raw]:
    """A Maildir's messages (new/ and cur/), in the order of their names (the time they were delivered); read only:
    nothing is moved from new/ to cur/, no flag is changed."""
    for sub in ("new", "cur"):
        for path in sorted((folder / sub).iterdir()):
            if path.is_file() and not path.name.startswith("."):
                yield _file(path, f"{sub}/{path.name}")


def _mbox(path: Path) -> Iterator[Raw]:
    import mailbox

    box = mailbox.mbox(path, create=False)
    try:
        for number, key in enumerate(box.iterkeys(), 1):
            data = box.get_bytes(key)
            yield Raw(f"{path.name} #{number}", data if len(data) <= MAX_MESSAGE else None, size=len(data))
    finally:
        box.close()


# --- IMAP ----------------------------------------------------------------------------------------------------------

LOOPBACK = ("127.0.0.1", "::1", "localhost")


class Imap(NamedTuple):
    """An IMAP folder and how to reach it: host, port, folder, and security (ssl | starttls | none). `none` is for a
    server on this machine only (a test's, or a local bridge): a password never crosses a network unencrypted."""

    host: str
    port: int
    folder: str
    security: str = "ssl"


def imap_address(address: str, folder: str, security: str | None) -> Imap:
    """--imap HOST:PORT, --folder and --imap-security as an Imap; a usage error when they cannot be one."""
    host, _sep, port_text = address.rpartition(":")
    host = host.strip("[]")
    if not host or not port_text.isdigit():
        raise UsageError(M("--imap: '{address}' is not HOST:PORT (for example imap.example.se:993)", address=address))
    chosen = security or ("ssl" if port_text == "993" else "starttls")
    if chosen == "none" and host not in LOOPBACK:
        raise UsageError(
            M("--imap-security none is only for a server on this machine (127.0.0.1): a password is never sent over an unencrypted line to {host}", host=host)
        )
    return Imap(host, int(port_text), folder, chosen)


def from_imap(where: Imap, environ: dict[str, str] | None = None) -> Iterator[Raw]:
    """The messages of an IMAP folder, selected read-only and fetched with BODY.PEEK (no \\Seen flag set): the scan
    never deletes, moves or flags mail. The login from the environment: $LOKALSERVICE_IMAP_USER with
    $LOKALSERVICE_IMAP_PASSWORD, or with $LOKALSERVICE_IMAP_TOKEN (an OAuth2 access token, XOAUTH2)."""
    import imaplib
    import ssl

    from imapclient import IMAPClient
    from imapclient.exceptions import IMAPClientError, LoginError

    env = os.environ if environ is None else environ
    user, password, token = env.get(USER_ENV), env.get(PASSWORD_ENV), env.get(TOKEN_ENV)
    if not user or not (password or token):
        raise LokalserviceError(
            M("no IMAP login: set ${user} and ${password} (or ${token} for an OAuth2 token)", user=USER_ENV, password=PASSWORD_ENV, token=TOKEN_ENV)
        )
    label = f"{where.host}:{where.port}"
    context = ssl.create_default_context()  # the server's certificate and name are verified
    try:
        client = IMAPClient(where.host, where.port, ssl=where.security == "ssl", ssl_context=context, timeout=60)
    except (OSError, IMAPClientError, imaplib.IMAP4.error) as error:
        raise LokalserviceError(M("{server}: could not connect: {reason}", server=label, reason=str(error) or type(error).__name__)) from None
    try:
        if where.security == "starttls":
            client.starttls(context)
        if token:
            client.oauth2_login(user, token)
        else:
            client.login(user, password)
        client.select_folder(where.folder, readonly=True)
        uids = client.search("ALL")
        sizes = client.fetch(uids, ["RFC822.SIZE", "INTERNALDATE"]) if uids else {}  # small: a few dozen bytes a message
        for batch in _batches(uids, sizes):
            small = [uid for uid in batch if sizes.get(uid, {}).get(b"RFC822.SIZE", 0) <= MAX_MESSAGE]
            bodies = client.fetch(small, ["BODY.PEEK[]"]) if small else {}
            for uid in batch:
                info = sizes.get(uid, {})
                arrived = _aware(info.get(b"INTERNALDATE"))
                data = bodies.pop(uid, {}).get(b"BODY[]")
                yield Raw(f"{where.folder} uid {uid}", data, "eml", arrived, info.get(b"RFC822.SIZE", len(data or b"")))
            del bodies
    except LoginError as error:
        raise LokalserviceError(M("{server}: the server refused the login ({said})", server=label, said=str(error))) from None
    except (TimeoutError, OSError, IMAPClientError, imaplib.IMAP4.error) as error:
        raise LokalserviceError(M("{server}: {reason}", server=label, reason=str(error) or type(error).__name__)) from None
    finally:
        try:
            client.logout()
        except Exception:  # noqa: BLE001 - the connection is going anyway
            pass


def _batches(uids: list[int], sizes: dict[int, dict[bytes, Any]]) -> Iterator[list[int]]:
    """The messages in batches of at most FETCH_BATCH messages and FETCH_BYTES bytes (a message larger than that alone):
    few round trips, and memory bounded by a batch, not the folder."""
    batch: list[int] = []
    total = 0
    for uid in uids:
        size = min(int(sizes.get(uid, {}).get(b"RFC822.SIZE", 0)), MAX_MESSAGE)
        if batch and (len(batch) >= FETCH_BATCH or total + size > FETCH_BYTES):
            yield batch
            batch, total = [], 0
        batch.append(uid)
        total += size
    if batch:
        yield batch


def _aware(moment: Any) -> datetime | None:
    """IMAPClient gives INTERNALDATE as a naive local time; as an aware one (or None)."""
    if not isinstance(moment, datetime):
        return None
    return moment.astimezone() if moment.tzinfo is None else moment


# --- One message ---------------------------------------------------------------------------------------------------

_AUTO_HEADERS = (
    "auto-submitted",
    "precedence",
    "return-path",
    "x-autoreply",
    "x-autorespond",
    "x-auto-response-suppress",
    "x-ms-exchange-inbox-rules-loop",
    "x-ms-exchange-generated-message-source",
    "content-type",
    "x-failed-recipients",
)


def read(raw: Raw) -> Mail:
    """What `reply scan` needs of one message; never raises: what cannot be read is named in `faults`."""
    digest = hashlib.sha256(raw.data or b"").hexdigest() if raw.data is not None else ""
    if raw.data is None:
        fault = M("{size} MB: larger than {limit} MB, not read", size=str(round(raw.size / 2**20)), limit=str(round(MAX_MESSAGE / 2**20)))
        return Mail(raw.origin, raw.kind, digest, raw.size, None, (), None, None, "", {}, None, raw.arrived, "", (), {}, (), (fault,))
    try:
        if raw.kind == "msg":
            return _outlook(raw, digest)
        return _mime(raw, digest, BytesParser(policy=compat32).parsebytes(raw.data))
    except Exception as error:  # noqa: BLE001 - a message no reader can take is a line in the plan, not the end of the scan
        fault = M("could not be read ({reason})", reason=(str(error) or type(error).__name__)[:200])
        return Mail(raw.origin, raw.kind, digest, len(raw.data), None, (), None, None, "", {}, None, raw.arrived, "", (), {}, (), (fault,))


def header_text(value: Any) -> str:
    """A header's value as text: RFC 2047 words decoded, line breaks unfolded; the raw text where it cannot be decoded."""
    if value is None:
        return ""
    text = str(value)
    try:
        decoded = str(make_header(decode_header(text)))
    except Exception:  # noqa: BLE001 - a malformed encoded word: the raw text is still worth showing
        decoded = text
    return " ".join(decoded.split())


def ids(value: str | None) -> tuple[str, ...]:
    """The Message-IDs in a header's raw text (`<...>`), however the rest of it is written."""
    return tuple(_ID.findall(value or ""))


def _first(message: Message, name: str) -> str | None:
    """A header's raw text. Raw 8-bit bytes in it (a subject a mail program wrote as UTF-8 without encoding it) are
    read as UTF-8, else Windows-1252, never turned into replacement characters."""
    try:
        value = next((raw for key, raw in message.raw_items() if key.lower() == name.lower()), None)
    except Exception:  # noqa: BLE001
        return None
    if value is None:
        return None
    text = str(value)
    if any("\udc80" <= c <= "\udcff" for c in text):  # the parser's surrogate escapes for bytes it could not decode
        data = text.encode("ascii", "surrogateescape")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", "replace")
    return text


def _address(value: str | None) -> tuple[str | None, str | None]:
    """The first address of a From header (lower case) and its name, decoded; (None, None) when it holds none."""
    if not value:
        return None, None
    try:
        pairs = getaddresses([value])
    except Exception:  # noqa: BLE001
        pairs = []
    for name, address in pairs:
        if "@" in address:
            return address.strip().lower(), header_text(name) or None
    found = re.search(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", value)
    return (found.group(0).lower(), None) if found else (None, None)


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def topmost_received(message: Message) -> datetime | None:
    """The time in the topmost Received header (the last server's, ours): when the message reached us."""
    try:
        values = message.get_all("Received") or []
    except Exception:  # noqa: BLE001
        return None
    for value in values:
        moment = _date(str(value).rpartition(";")[2])
        if moment is not None:
            return moment
    return None


def _mime(raw: Raw, digest: str, message: Message) -> Mail:
    assert raw.data is not None
    faults: list[M] = []
    defects = [type(d).__name__ for d in getattr(message, "defects", [])]
    if defects:
        faults.append(M("malformed message ({defects})", defects=", ".join(sorted(set(defects)))[:120]))
    sender, name = _address(_first(message, "From"))
    references = (
        *ids(_first(message, "In-Reply-To")),
        *ids(_first(message, "References")),
        *ids(_first(message, "X-Microsoft-Original-Message-ID")),
    )
    headers = {key: header_text(_first(message, key)) for key in _AUTO_HEADERS if _first(message, key) is not None}
    plain, html, parts, report, returned = _walk(message, faults)
    text = plain if plain.strip() else html_text(html)
    own = ids(_first(message, "Message-ID"))
    return Mail(
        raw.origin,
        raw.kind,
        digest,
        len(raw.data),
        own[0] if own else None,
        tuple(dict.fromkeys(references)),
        sender,
        name,
        header_text(_first(message, "Subject")),
        headers,
        _date(_first(message, "Date")),
        raw.arrived or topmost_received(message),
        text[:MAX_TEXT],
        tuple(parts),
        report,
        returned,
        tuple(faults),
    )


def _walk(message: Message, faults: list[M]) -> tuple[str, str, list[Part], dict[str, str], tuple[str, ...]]:
    """The message's first plain text, first HTML, attachments, delivery status fields and returned ids."""
    plain, html = "", ""
    parts: list[Part] = []
    report: dict[str, str] = {}
    returned: list[str] = []
    try:
        walked = list(message.walk())
    except Exception:  # noqa: BLE001
        walked = [message]
    for part in walked:
        try:
            mime = part.get_content_type()
        except Exception:  # noqa: BLE001
            mime = "application/octet-stream"
        if mime == "message/delivery-status":
            report.update(_status_fields(part))
            continue
        try:
            filename = part.get_filename()
        except Exception:  # noqa: BLE001 - a name* parameter that cannot be decoded
            filename = None
            faults.append(M("an attachment's name could not be read"))
        if mime in ("message/rfc822", "text/rfc822-headers", "message/rfc822-headers") and not filename:
            returned += _returned_ids(part)
            continue
        if part.is_multipart():
            continue
        disposition = (_first(part, "Content-Disposition") or "").split(";", 1)[0].strip().lower()
        data = _payload(part, faults)
        if filename or disposition == "attachment" or not mime.startswith("text/"):
            parts.append(Part(header_text(filename) if filename else "bilaga", mime, data))
        elif mime == "text/plain" and not plain:
            plain = _decode(data, part)
        elif mime == "text/html" and not html:
            html = _decode(data, part)
    return plain, html, parts, report, tuple(returned)


def _payload(part: Message, faults: list[M]) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001
        data = None
    if isinstance(data, bytes):
        return data
    faults.append(M("a part could not be decoded"))
    raw = part.get_payload()
    return raw.encode("utf-8", "replace") if isinstance(raw, str) else b""


def _decode(data: bytes, part: Message) -> str:
    try:
        charset = part.get_content_charset() or "utf-8"
    except Exception:  # noqa: BLE001
        charset = "utf-8"
    try:
        return data.decode(charset)
    except (LookupError, UnicodeDecodeError):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", "replace")


def _status_fields(part: Message) -> dict[str, str]:
    """A delivery status report's fields: the blocks of `Name: value` lines (RFC 3464), lower-case names."""
    payload = part.get_payload()
    if isinstance(payload, list):  # the parser reads the blocks as messages of headers
        blocks = [str(p) for p in payload]
    else:
        blocks = [payload if isinstance(payload, str) else ""]
    found: dict[str, str] = {}
    for line in "\n".join(blocks).splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip() and " " not in name.strip():
            found.setdefault(name.strip().lower(), value.strip())
    return found


def _returned_ids(part: Message) -> list[str]:
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        inner = payload[0]
        return [*ids(_first(inner, "Message-ID")), *ids(_first(inner, "X-Microsoft-Original-Message-ID"))]
    text = payload if isinstance(payload, str) else ""
    found = re.search(r"^Message-ID:\s*(.+)$", text, re.IGNORECASE | re.MULTILINE)
    return list(ids(found.group(1))) if found else []


class _Text(HTMLParser):
    """The text of an HTML body: tags dropped, blocks as lines, style and script left out."""

    BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "hr", "blockquote", "table"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "head"):
            self.skip += 1
        if tag in self.BLOCKS:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "head") and self.skip:
            self.skip -= 1
        if tag in self.BLOCKS:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(data)


def html_text(html: str) -> str:
    if not html.strip():
        return ""
    parser = _Text()
    try:
        parser.feed(html[: MAX_TEXT * 20])
        parser.close()
    except Exception:  # noqa: BLE001
        pass
    lines = [" ".join(line.split()) for line in "".join(parser.out).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- Outlook .msg --------------------------------------------------------------------------------------------------

_PID_MESSAGE_ID = 0x1035
_PID_IN_REPLY_TO = 0x1042
_PID_REFERENCES = 0x1039
_PID_DELIVERY_TIME = 0x0E06
_PID_SENDER_SMTP = 0x5D01
_PID_SENDER_EMAIL = 0x0C1F


def _outlook(raw: Raw, digest: str) -> Mail:
    """An Outlook .msg (python-oxmsg, MIT): the internet headers Outlook kept (PR_TRANSPORT_MESSAGE_HEADERS) read as a
    message's headers, and the MAPI properties where they are missing (Message-ID, In-Reply-To, References)."""
    from oxmsg import Message as OutlookMessage

    assert raw.data is not None
    outlook = OutlookMessage.load(raw.data)
    props = outlook.properties

    def string(pid: int) -> str | None:  # some writers end a string with its terminator
        value = props.str_prop_value(pid)
        return value.rstrip("\0") if value else value

    transport = string(0x007D) or ""
    headers = BytesParser(policy=compat32).parsebytes(transport.encode("utf-8", "replace"), headersonly=True)
    faults: list[M] = []
    sender, name = _address(_first(headers, "From") or string(_PID_SENDER_SMTP) or string(_PID_SENDER_EMAIL))
    own = ids(_first(headers, "Message-ID") or string(_PID_MESSAGE_ID))
    references = (
        *ids(_first(headers, "In-Reply-To") or string(_PID_IN_REPLY_TO)),
        *ids(_first(headers, "References") or string(_PID_REFERENCES)),
        *ids(_first(headers, "X-Microsoft-Original-Message-ID")),
    )
    auto = {key: header_text(_first(headers, key)) for key in _AUTO_HEADERS if _first(headers, key) is not None}
    parts = []
    for attachment in outlook.attachments:
        try:
            data = attachment.file_bytes or b""
            parts.append(Part((attachment.file_name or "").rstrip("\0") or "bilaga", attachment.mime_type or "application/octet-stream", data))
        except Exception:  # noqa: BLE001
            faults.append(M("an attachment could not be read"))
    body = string(0x1000) or ""
    if not body.strip():
        try:
            body = html_text(outlook.html_body or "")
        except Exception:  # noqa: BLE001
            faults.append(M("the HTML text could not be read"))
    delivered = props.date_prop_value(_PID_DELIVERY_TIME)
    received = raw.arrived or topmost_received(headers) or (delivered if delivered is None or delivered.tzinfo else delivered.replace(tzinfo=timezone.utc))
    return Mail(
        raw.origin,
        "msg",
        digest,
        len(raw.data),
        own[0] if own else None,
        tuple(dict.fromkeys(references)),
        sender,
        name,
        " ".join((string(0x0037) or "").split()),
        auto,
        _date(_first(headers, "Date")) or outlook.sent_date,
        received,
        body[:MAX_TEXT],
        tuple(parts),
        {},
        (),
        tuple(faults),
    )
