"""Scanning the mailbox: read what arrived, tell replies from automatic replies and bounces, match each to the letter
and organisation it answers, and say what would be recorded; with `write`, record it through the one writer and keep
each original message and its attachments under the inquiry's `inkommet/`. No Typer here (cli/letters.py shows it).

One message at a time: a message is read, judged and (with `write`) archived before the next is read, and only its
summary is kept, so that memory stays bounded by the largest message, not the mailbox (docs/performance.md).
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from ..i18n import M
from ..model import inbound
from ..model.inbound import Evidence, Match
from ..model.records import Organisation, Received, Reply

if TYPE_CHECKING:
    from ..actions.importing import Plan as ContactPlan
    from ..source.mailbox import Mail, Raw
    from ..workspace import Workspace

ARCHIVE = "inkommet"
VIA = "e-post"
Action = Literal["register", "review", "known", "away", "bounce", "nothing", "unreadable"]
Dnr = Callable[[Reply], str | None]
"""Where a reply's dnr is taken from the inquiry's series (issue 30's `dnr: {prefix, next}`): called for each reply
about to be recorded; None (the default: no series) leaves the reply's dnr unset."""


def series_dnr(workspace: Workspace) -> Dnr:
    """Each reply registered its own number of the inquiry's series (inquiry.yaml's `dnr:`), taken under the writer's
    lock as it is recorded; where the inquiry keeps none, no dnr."""
    from ..source import writer

    if not writer.has_series(workspace):
        return no_dnr
    return lambda reply: writer.next_dnr(workspace.settings)[0]


def no_dnr(reply: Reply) -> str | None:
    return None


class Line(NamedTuple):
    """One message in the plan: what it is, what it matched and on what evidence, and what is (or would be) done."""

    origin: str
    sender: str | None
    subject: str
    kind: inbound.Kind
    why: M
    match: Match | None
    action: Action
    received: date | None
    notes: tuple[M, ...] = ()
    until: date | None = None
    address: str | None = None  # a bounce's address that did not work
    contact: tuple[str, str] | None = None  # (name, address): a colleague at a known organisation, proposed as a contact
    file: str | None = None  # where the original is kept under inkommet/ (written with --write)

    def as_json(self) -> dict[str, Any]:
        match = self.match
        return {
            "message": self.origin,
            "from": self.sender,
            "subject": self.subject,
            "class": self.kind,
            "letter": match.letter.id if match and match.letter else None,
            "organisation": match.organisation.id if match and match.organisation else None,
            "evidence": [{"tier": e.tier, "what": str(e.what)} for e in (match.evidence if match else ())],
            "action": self.action,
            "received": self.received.isoformat() if self.received else None,
            "until": self.until.isoformat() if self.until else None,
            "address": self.address,
            "contact": {"name": self.contact[0], "email": self.contact[1]} if self.contact else None,
            "file": self.file,
            "notes": [str(n) for n in self.notes],
        }


class Scan(NamedTuple):
    """The plan of a scan, and what `write` recorded."""

    lines: list[Line]
    written: bool
    replies: list[Reply]
    received: list[Received]
    contacts: list[tuple[str, str, str]]  # (organisation, name, address) proposed (written with --add-contacts)

    def as_json(self) -> dict[str, Any]:
        return {
            "messages": [line.as_json() for line in self.lines],
            "written": self.written,
            "replies": [{"letter": r.letter, "organisation": r.organisation, "received": r.received.isoformat(), "dnr": r.dnr} for r in self.replies],
            "contacts": [{"organisation": o, "name": n, "email": e} for o, n, e in self.contacts],
        }

    def rows(self) -> list[list[Any]]:
        """A row per message: message, from, class, letter, organisation, evidence, action, received, notes."""
        return [
            [
                line.origin,
                line.sender,
                line.kind,
                line.match.letter.id if line.match and line.match.letter else None,
                organisation_name(line),
                evidence_text(line.match.evidence) if line.match else "",
                line.action,
                line.received.isoformat() if line.received else None,
                "; ".join(str(n) for n in line.notes),
            ]
            for line in self.lines
        ]

    def count(self, action: Action) -> int:
        return sum(1 for line in self.lines if line.action == action)


def local_day(moment: datetime) -> date:
    """The day a moment falls on in Sweden (where the registrar stamps the reply)."""
    try:
        from zoneinfo import ZoneInfo

        return moment.astimezone(ZoneInfo("Europe/Stockholm")).date()
    except Exception:  # noqa: BLE001 - no time-zone data: the moment's own day
        return moment.date()


def scan(
    workspace: Workspace,
    messages: Iterable[Raw],
    write: bool = False,
    add_contacts: bool = False,
    dnr: Dnr = no_dnr,
) -> Scan:
    """The plan for `messages` (each read, judged and, with `write`, archived in turn); with `write`, the replies, the
    messages read and (with `add_contacts`) the new contacts recorded in one change of the folder."""
    from ..source import mailbox, writer

    workspace.require_no_errors()
    if write:
        writer.prove_recordable(workspace.settings)  # refuses the sample, a locked or read-only folder before anything is archived
    folder = workspace.folder
    index = inbound.Index(folder)
    known_sha = {r.sha256 for r in folder.received}
    known_ids = {r.message_id.lower() for r in folder.received if r.message_id}
    replied = {(r.letter, r.organisation) for r in folder.replies}
    sent_to = {(s.letter, s.organisation): s.to for s in folder.sent}
    lines: list[Line] = []
    replies: list[Reply] = []
    records: list[Received] = []
    contacts: dict[tuple[str, str], tuple[str, str, str]] = {}
    for raw in messages:
        mail = mailbox.read(raw)
        line = judge(workspace, mail, index, known_sha, known_ids, replied, sent_to)
        known_sha.add(mail.sha256)
        if mail.message_id:
            known_ids.add(mail.message_id.lower())
        if line.contact is not None and line.match and line.match.organisation:
            contacts.setdefault((line.match.organisation.id, line.contact[1]), (line.match.organisation.id, *line.contact))
        if write and line.action in ("register", "away", "bounce"):
            number = None
            if line.action == "register" and line.match and line.match.letter and line.match.organisation and line.received:
                fields: dict[str, Any] = {"letter": line.match.letter.id, "organisation": line.match.organisation.id, "received": line.received, "via": VIA}
                number = dnr(Reply(**fields))  # the hook for the inquiry's dnr series
                replies.append(Reply(**fields, dnr=number))
                replied.add((fields["letter"], fields["organisation"]))
            line = line._replace(file=archive(workspace, raw, mail, line, number))
            records.append(_received(mail, line))
        elif line.action == "register" and line.match and line.match.letter and line.match.organisation:
            replied.add((line.match.letter.id, line.match.organisation.id))
        lines.append(line)
        del raw, mail
        if len(lines) % 500 == 0:
            gc.freeze()  # the plan's lines live to the end: the collector need not walk them after every message (linear, not quadratic)
    gc.unfreeze()
    if write and (records or (add_contacts and contacts)):
        durable(workspace, [r.file for r in records])
        writer.record_scan(workspace.settings, replies, records, _contact_plan(list(contacts.values())) if add_contacts else None)
    return Scan(lines, write, replies, records, list(contacts.values()))


def judge(
    workspace: Workspace,
    mail: Mail,
    index: inbound.Index,
    known_sha: set[str],
    known_ids: set[str],
    replied: set[tuple[str, str]],
    sent_to: dict[tuple[str, str], tuple[str, ...]],
) -> Line:
    """What one message is and what would be done with it."""
    notes = list(mail.faults)
    if not mail.sha256 or (not mail.sender and not mail.subject and not mail.text and not mail.references):
        return Line(mail.origin, mail.sender, mail.subject, "other", M("nothing in it could be read"), None, "unreadable", None, tuple(notes))
    kinded = inbound.classify(mail)
    text = inbound.new_text(mail.text)
    found = inbound.match(mail, index, text)
    moment, claimed = inbound.moment_of(mail)
    day = local_day(moment) if moment else None
    if claimed:
        notes.append(M("no Received header: the day is the sender's own Date"))
    base = Line(mail.origin, mail.sender, mail.subject, kinded.kind, kinded.why, found, "review", day, ())
    if mail.sha256 in known_sha or (mail.message_id and mail.message_id.lower() in known_ids):
        return base._replace(action="known", notes=(*notes, M("already scanned (received.yaml)")))
    if not mail.text.strip() and not mail.attachments:
        notes.append(M("no text and no attachment"))
    if kinded.kind == "bounce":
        pair = (found.letter.id, found.organisation.id) if found.letter and found.organisation else None
        address = inbound.bounced_address(mail, sent_to.get(pair, ()) if pair else [a for to in sent_to.values() for a in to])
        if address is None:
            return base._replace(action="nothing", notes=(*notes, M("a bounce that names no address of ours")))
        return base._replace(action="bounce", address=address, notes=tuple(notes))
    if kinded.kind == "auto-reply":
        until = inbound.return_date(mail.text, day or workspace.today) if day else None
        if found.organisation is None or until is None:
            why = M("an automatic reply; no return date in it") if until is None else M("an automatic reply from an organisation not known")
            return base._replace(action="nothing", until=until, notes=(*notes, why))
        return base._replace(action="away", until=until, notes=tuple(notes))
    contact = _colleague(mail, found)
    base = base._replace(contact=contact)
    if not found.proposed:
        reason = found.conflict or (
            M("the evidence names no letter")
            if found.letter is None
            else M("the evidence names no organisation")
            if found.organisation is None
            else M("only weak evidence: check it and record it with reply add")
        )
        return base._replace(notes=(*notes, reason))
    assert found.letter is not None and found.organisation is not None
    if day is None:
        return base._replace(notes=(*notes, M("no time of arrival in the message: record it with reply add --received")))
    if day > workspace.today:
        return base._replace(notes=(*notes, M("it arrived on {day}, after today", day=str(day))))
    if (found.letter.id, found.organisation.id) in replied:
        return base._replace(
            action="nothing", notes=(*notes, M("{organisation} has already replied to {letter}", organisation=found.organisation.name, letter=found.letter.id))
        )
    return base._replace(action="register", notes=tuple(notes))


def _colleague(mail: Mail, found: Match) -> tuple[str, str] | None:
    """The sender as a new contact of the organisation: an address no contact has, a name to go with it."""
    if found.organisation is None or not mail.sender or not mail.sender_name or any(e.tier == "address" for e in found.evidence):
        return None
    domains = {a.rpartition("@")[2] for a in [found.organisation.email, *(c.email for c in found.organisation.contacts)] if a}
    if mail.sender.rpartition("@")[2] not in domains:
        return None
    name = " ".join(mail.sender_name.replace('"', "").split())
    return (name, mail.sender) if name and "@" not in name else None


def _contact_plan(found: list[tuple[str, str, str]]) -> ContactPlan:
    from .importing import NewContact, Plan

    return Plan([], [NewContact(org, {"name": name, "email": address}, 0) for org, name, address in found], [], [], [], 0)


def _received(mail: Mail, line: Line) -> Received:
    assert line.file is not None
    moment, _claimed = inbound.moment_of(mail)
    match = line.match
    kind: inbound.Kind = "reply" if line.action == "register" else line.kind
    return Received(
        sha256=mail.sha256,
        at=(moment or datetime.now().astimezone()).replace(microsecond=0),
        kind=kind,
        file=line.file,
        message_id=mail.message_id,
        sender=mail.sender,
        letter=match.letter.id if match and match.letter else None,
        organisation=match.organisation.id if match and match.organisation else None,
        address=line.address,
        until=line.until,
    )


_UNSAFE = re.compile(r"[^\w.\- ()åäöÅÄÖ]+")


def safe_name(name: str, fallback: str = "bilaga") -> str:
    """A file name from a message as it may stand in the archive: no folders, no control characters, no leading dot."""
    cleaned = _UNSAFE.sub("_", "".join(c for c in name if c.isprintable())).strip(" ._")
    return cleaned[:120] or fallback


def archive(workspace: Workspace, raw: Raw, mail: Mail, line: Line, name: str | None = None) -> str:
    """Keep the original message and its attachments in `inkommet/<name>/` (name: the reply's dnr where the series
    gives one, else its day, organisation and the message's SHA-256's first characters), with a SHA256SUMS file;
    the path of the original, relative to the data folder. The same message is kept in the same place.

    The folder is filled under a temporary name and then renamed: there is a whole folder or none. It is not synced
    file by file (a scan of a thousand messages would wait on thousands of fsyncs): `durable` syncs them all once,
    before anything that points at them is recorded."""
    import hashlib
    import shutil

    from ..model.problems import FileFault
    from ..source.fsio import reason

    match = line.match
    who = match.organisation.id if match and match.organisation else "okand"
    folder_name = safe_name(name) if name else f"{line.received or 'utan-datum'}-{who}-{mail.sha256[:10]}"
    root = workspace.settings.data_dir / ARCHIVE
    target = root / folder_name
    original = "meddelande.msg" if raw.kind == "msg" else "meddelande.eml"
    if (target / "SHA256SUMS").is_file() and (target / original).is_file():
        return f"{ARCHIVE}/{folder_name}/{original}"
    staging = root / f".{folder_name}.tmp"
    try:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        sums = [(mail.sha256, original)]
        (staging / original).write_bytes(raw.data or b"")
        used = {original.lower(), "sha256sums"}
        for number, part in enumerate(mail.attachments, 1):
            file_name = safe_name(part.name)
            if file_name.lower() in used:
                file_name = f"{number}-{file_name}"
            used.add(file_name.lower())
            (staging / file_name).write_bytes(part.data)
            sums.append((hashlib.sha256(part.data).hexdigest(), file_name))
        (staging / "SHA256SUMS").write_text("".join(f"{digest}  {file}\n" for digest, file in sums), encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)  # a folder left half-filled by an earlier run that broke off
        os.replace(staging, target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise FileFault(M("{folder}: could not be written: {reason}; nothing was recorded", folder=str(target), reason=reason(error, writing=True))) from None
    return f"{ARCHIVE}/{folder_name}/{original}"


def durable(workspace: Workspace, files: list[str]) -> None:
    """What `archive` wrote, on disk before it is recorded: one sync of the file system (or, where there is none,
    each file and folder in turn)."""
    if hasattr(os, "sync"):
        os.sync()
        return
    for file in files:  # pragma: no cover - Windows
        folder = (workspace.settings.data_dir / file).parent
        for path in folder.iterdir():
            with path.open("rb+") as handle:
                os.fsync(handle.fileno())


def evidence_text(evidence: tuple[Evidence, ...]) -> str:
    return "; ".join(str(e.what) for e in evidence)


def organisation_name(line: Line) -> str | None:
    org: Organisation | None = line.match.organisation if line.match else None
    return org.name if org else None
