"""The one writer: every change to the data folder goes through `change`.

Under the folder's lock, it re-reads the files it changes, edits them as text (every other byte
kept, see yamledit.py), validates the whole folder with the result (mail.yaml's records of sent
messages: that file alone, see record_sent), and only then replaces each
file atomically (temporary file in the same folder, fsync, rename). A refusal or a fault leaves
every file as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..i18n import M
from ..model.problems import DataError, FileFault, LokalserviceError, Problem, errors
from ..model.records import FILES, INQUIRY_FILE, MailingList, Organisation, Received, Reply, Sent, data_fields, fields_of
from ..model.sweden import name_key
from ..settings import Settings
from ..workspace import Workspace
from . import journal
from .fsio import read_bytes, reason, write_atomically
from .loader import load_alone, load_record
from .yamledit import Text, render_line
from .yamlsource import YamlList, YamlMap

if TYPE_CHECKING:
    from ..actions.importing import Changed, Plan

LOCK = ".lokalservice.lock"
LOCK_WAIT_SECONDS = 10.0
PROVE_WAIT_SECONDS = 2.0  # before a batch: a lock held longer than a reply add takes is another writer at work
KEYS = {name: next(iter(kinds)) for name, kinds in FILES.items()} | {INQUIRY_FILE: "designation"}

Edit = Callable[[Text], None]
Validation = Callable[[Workspace], list[Problem]]
_T = TypeVar("_T")


def lock(data_dir: Path, label: str, wait: float | None = None) -> object:
    """The folder's lock (a file beside the data): one writer at a time, across processes."""
    from filelock import FileLock

    return FileLock(str(data_dir / LOCK), timeout=LOCK_WAIT_SECONDS if wait is None else wait)


def change(
    settings: Settings, edits: dict[str, Edit], validate: Validation | None = None, journal_lines: list[str] | None = None, wait: float | None = None
) -> Workspace:
    """Apply `edits` (file name -> edit of its text) under the lock, validate the folder with them, write them.

    Returns the folder as written. Refuses (DataError) on any error in the result; a file-system fault is a FileFault."""

    def locked() -> Workspace:
        new = _edited(settings, edits)
        workspace = Workspace.open(settings, overrides=new)
        workspace.require_no_errors()
        refused = validate(workspace) if validate else []
        if refused:
            raise DataError(refused)
        _write(settings, new, journal_lines)
        return workspace

    return _under_lock(settings, locked, wait)


def _under_lock(settings: Settings, action: Callable[[], _T], wait: float | None) -> _T:
    """Run `action` holding the folder's lock; never in the sample."""
    from filelock import Timeout

    if settings.is_sample:
        raise LokalserviceError(
            M(
                "{folder} is the sample shipped with lokalservice and stays as its papers have it; keep your own inquiry in a folder of "
                "your own (lokalservice init makes one, -d points at it)",
                folder=str(settings.data_dir),
            )
        )
    wait = LOCK_WAIT_SECONDS if wait is None else wait
    lock_file = _file(settings, LOCK)
    try:
        with lock(settings.data_dir, settings.label, wait):  # type: ignore[attr-defined]
            return action()
    except Timeout:
        message = M("{file}: another lokalservice has held the lock for {seconds} s; nothing was written, try again", file=lock_file, seconds=f"{wait:g}")
        raise LokalserviceError(message) from None
    except OSError as error:  # the lock file itself cannot be made: a read-only folder, a full disk
        raise FileFault(M("{file}: the lock could not be taken: {reason}; nothing was written", file=lock_file, reason=reason(error, writing=True))) from None


def _file(settings: Settings, name: str) -> str:
    return f"{settings.label.rstrip('/')}/{name}" if settings.label not in ("", ".") else name


def _edited(settings: Settings, edits: dict[str, Edit]) -> dict[str, bytes]:
    """Each file re-read (under the lock) and edited as text."""
    new: dict[str, bytes] = {}
    for name, edit in edits.items():
        text = Text(read_bytes(settings.data_dir / name, _file(settings, name)), _file(settings, name), KEYS[name])
        edit(text)
        new[name] = text.bytes()
    return new


def _write(settings: Settings, new: dict[str, bytes], journal_lines: list[str] | None) -> None:
    for name, data in new.items():
        write_atomically(settings.data_dir / name, data, _file(settings, name))
    if journal_lines:
        try:
            journal.append(settings.data_dir, journal_lines, _file(settings, journal.JOURNAL))
        except FileFault as fault:
            raise FileFault(M("the change was written, but not noted in the journal beside it: {fault}", fault=fault.message)) from None


# --- Replies ----------------------------------------------------------------------------------


def _reply_index(text: Text, letter: str, organisation: str) -> int | None:
    """The index of the organisation's reply to the letter; a joint reply (`from: [a, b]`) is refused: it is the reply of
    others too, and is mended in replies.yaml itself."""
    for index, node in enumerate(text.items() or []):
        if hasattr(node, "get") and node.get("letter") == letter:
            given = node.get("from")
            if given == organisation:
                return index
            if isinstance(given, list) and organisation in given:
                message = M(
                    "the reply from {organisation} to {letter} is a joint reply ({line}); correct or remove it in replies.yaml itself",
                    organisation=organisation,
                    letter=letter,
                    line=f"{text.file}:{node.line}",
                )
                raise LokalserviceError(message)
    return None


def add_reply(settings: Settings, reply: Reply, replace: bool = False, wait: float | None = None, numbered: bool = False) -> Workspace:
    """Append `reply` to replies.yaml (or, with `replace`, put it where the organisation's earlier reply stands);
    `numbered`: with the next diarienummer of inquiry.yaml's series, taken in the same change (the folder as written
    holds the reply with its number)."""
    taken: list[str] = []
    lines: list[str] = []

    def edit(text: Text) -> None:
        recorded = Reply(**{**_values(reply), "dnr": taken[0]}) if numbered else reply
        index = _reply_index(text, reply.letter, reply.organisation)
        if replace and index is None:
            raise LokalserviceError(M("there is no reply from {organisation} to {letter} to replace", organisation=reply.organisation, letter=reply.letter))
        if replace and index is not None:
            text.replace(index, fields_of(recorded), one_line=True)
        else:
            text.append(fields_of(recorded), one_line=True)
        lines.append(journal.line("replace" if replace else "add", recorded))

    edits: dict[str, Edit] = {INQUIRY_FILE: _series_edit(1, taken)} if numbered else {}
    edits["replies.yaml"] = edit  # after the series: a number is written taken before anything holds it
    return change(settings, edits, journal_lines=lines, wait=wait)


def _values(record: Reply) -> dict[str, Any]:
    return {name: getattr(record, name) for name in data_fields(type(record))}


# --- The dnr series ---------------------------------------------------------------------------------

SERIES_EXAMPLE = 'dnr: {prefix: "Fi 2007:06/2009/", next: 1}'
_NEXT = re.compile(r"(?<![\w-])(next\s*:\s*)(\d+)(?=\s*(?:[,}#]|$))")


def next_dnr(settings: Settings, count: int = 1, wait: float | None = None) -> list[str]:
    """Take the next `count` diarienummer of inquiry.yaml's series (`dnr: {prefix: "Fi 2007:06/2009/", next: 4}`): under
    the folder's lock the file is re-read, `next` advanced by `count` and written, and the numbers returned. A number is
    handed out once: it is written as taken before anyone uses it (a use that then fails leaves a gap, never a double)."""
    taken: list[str] = []
    change(settings, {INQUIRY_FILE: _series_edit(count, taken)}, wait=wait)
    return taken


def has_series(workspace: Workspace) -> bool:
    """Whether the inquiry keeps a dnr series (inquiry.yaml's `dnr:`)."""
    inquiry = workspace.folder.inquiry
    return inquiry is not None and inquiry.dnr is not None


def _series_edit(count: int, taken: list[str]) -> Edit:
    """The edit of inquiry.yaml that takes `count` numbers of its series (into `taken`): `next` is advanced where it is
    written, keeping every other byte of the file (a comment after it, the series written {…} on one line)."""

    def edit(text: Text) -> None:
        document = text.document
        node = document.get("dnr") if isinstance(document, YamlMap) else None
        if not isinstance(node, YamlMap):
            where = f"{text.file}:{document.key_lines['dnr']}" if isinstance(document, YamlMap) and "dnr" in document else text.file
            raise LokalserviceError(M("{where}: the inquiry keeps no dnr series; write one in inquiry.yaml ({example})", where=where, example=SERIES_EXAMPLE))
        prefix, given = node.get("prefix"), node.get("next")
        if not isinstance(prefix, str) or not prefix.strip() or (given is not None and not (isinstance(given, str) and given.strip().isdigit())):
            return  # the folder's validation names what is wrong, at its line
        first = int(given) if given is not None else 1
        taken.extend(f"{prefix.strip()}{n}" for n in range(first, first + count))
        if given is None:
            _add_next(text, node, first + count)
            return
        number = node.key_lines["next"] - 1
        lines = text.lines()
        found = list(_NEXT.finditer(lines[number]))
        if not found:
            raise LokalserviceError(
                M("{file}:{line}: dnr.next could not be found on its line; write it as next: {n}", file=text.file, line=number + 1, n=first)
            )
        hit = found[-1]
        lines[number] = lines[number][: hit.start(2)] + str(first + count) + lines[number][hit.end(2) :]
        text.rewrite("".join(lines))

    return edit


def _add_next(text: Text, node: YamlMap, value: int) -> None:
    """Write `next:` into a series that leaves it out (it counts from 1)."""
    if node.flow:
        row, column = node.end
        lines = text.lines()
        lines[row] = lines[row][:column].rstrip() + f", next: {value}" + lines[row][column:]
        text.rewrite("".join(lines))
    else:
        first_key = min(node.key_lines.values())
        line = text.lines()[first_key - 1]
        indent = line[: len(line) - len(line.lstrip(" "))]
        text.insert_lines(text.block_end(node), f"{indent}next: {value}{text.newline}")


def remove_reply(settings: Settings, letter: str, organisation: str, wait: float | None = None) -> Reply:
    """Take the reply from `organisation` to `letter` out of replies.yaml; the reply removed."""
    removed: list[Reply] = []
    lines: list[str] = []  # filled under the lock, written with the change

    def edit(text: Text) -> None:
        index = _reply_index(text, letter, organisation)
        if index is None:
            raise LokalserviceError(M("there is no reply from {organisation} to {letter} in replies.yaml", organisation=organisation, letter=letter))
        removed.append(load_record(Reply, text.item_node(index)))  # the folder was checked: it is a reply that can be read
        lines.append(journal.line("remove", removed[0]))
        text.remove(index)

    change(settings, {"replies.yaml": edit}, journal_lines=lines, wait=wait)
    return removed[0]


def restore_replies(settings: Settings, wait: float | None = None) -> list[Reply]:
    """Put back every reply the journal recorded that replies.yaml has lost; the replies restored."""
    file = _file(settings, journal.JOURNAL)
    raw = read_bytes(settings.data_dir / journal.JOURNAL, file)
    restored: list[Reply] = []

    def edit(text: Text) -> None:
        folder, _ = load_alone(settings.data_dir, settings.label, {"replies.yaml": text.bytes()})
        restored.extend(entry.reply for entry in journal.lost(journal.entries(raw or b""), folder.replies))
        text.extend([fields_of(reply) for reply in restored], one_line=True)

    change(settings, {"replies.yaml": edit}, journal_lines=None, wait=wait)
    return restored


# --- The mail log -----------------------------------------------------------------------------


def record_sent(settings: Settings, records: list[Sent], wait: float | None = None) -> None:
    """Append steps of sending (mail.yaml's records) at once: the moment a message leaves, and what the server said.

    Validated as mail.yaml alone: the message has left, and its record must not wait on an error
    elsewhere in the folder (the command checked the folder before the first message). When the file
    is as this process last wrote it (a batch, under the send lock), only the new lines are parsed and
    validated, and put after it: a batch of n messages costs n, not n² (docs/performance.md)."""
    rows = [fields_of(sent) for sent in records]
    path = settings.data_dir / "mail.yaml"

    def locked() -> None:
        raw = read_bytes(path, _file(settings, "mail.yaml"))
        known = _appended.get(path)
        if known is not None and raw is not None and raw == known[0]:
            _, indent, newline = known
            lines = "".join(render_line(row, indent, newline) for row in rows)
            refused = errors(load_alone(settings.data_dir, settings.label, {"mail.yaml": f"sent:{newline}{lines}".encode()})[1])
            new = {"mail.yaml": raw + lines.encode("utf-8")}
        else:
            new = _edited(settings, {"mail.yaml": lambda text: text.extend(rows, one_line=True)})
            refused = errors(load_alone(settings.data_dir, settings.label, new)[1])
        if refused:
            raise DataError(refused)
        _write(settings, new, None)
        _remember(path, raw or b"", new["mail.yaml"])

    _under_lock(settings, locked, wait)


_appended: dict[Path, tuple[bytes, str, str]] = {}  # mail.yaml as this process last wrote it, and how its items are written


def _remember(path: Path, old: bytes, new: bytes) -> None:
    """After a pure append, the file as written and its items' indentation and line ending, for the next append."""
    _appended.pop(path, None)
    if not new.startswith(old) or not new.endswith(b"\n"):
        return
    last = new[len(old) :].decode("utf-8").splitlines(keepends=True)[-1]
    indent = last[: len(last) - len(last.lstrip(" "))]
    if last.lstrip(" ").startswith("- {"):
        _appended[path] = (new, indent, "\r\n" if last.endswith("\r\n") else "\n")


def prove_recordable(settings: Settings) -> None:
    """Before a first message leaves: the lock can be taken, the folder written to, and mail.yaml read as it is; else
    the refusal (nothing is sent that could not be recorded)."""
    import tempfile

    def locked() -> None:
        _edited(settings, {"mail.yaml": lambda text: None})
        refused = errors(
            load_alone(settings.data_dir, settings.label, {"mail.yaml": read_bytes(settings.data_dir / "mail.yaml", _file(settings, "mail.yaml")) or b""})[1]
        )
        if refused:
            raise DataError(refused, M("mail.yaml must be mended before anything is sent: nothing was sent"))
        try:
            with tempfile.NamedTemporaryFile(dir=settings.data_dir, prefix=".lokalservice-", suffix=".tmp"):
                pass
        except OSError as error:
            raise FileFault(
                M("{folder}: cannot be written to: {reason}; nothing was sent", folder=settings.label, reason=reason(error, writing=True))
            ) from None

    _under_lock(settings, locked, PROVE_WAIT_SECONDS)


# --- Organisations, contacts and lists (add, import) ------------------------------------------------------------


def _index_of(text: Text, id_: str) -> int | None:
    """The index of the record with this id in the file's list; None when it has none."""
    return next((i for i, node in enumerate(text.items() or []) if isinstance(node, dict) and node.get("id") == id_), None)


def _list_edit(list_id: str, members: list[str], title: str | None = None) -> Edit:
    """Put `members` on the list (created with `title` if missing), each once."""

    def edit(text: Text) -> None:
        index = _index_of(text, list_id)
        if index is None:
            text.append([("id", list_id), ("title", title or list_id), ("members", members)])
            return
        node = text.item_node(index)
        current = node.get("members")
        fresh = [m for m in members if m not in (current or [])]
        if isinstance(current, YamlList) and (current.flow or current):
            text.extend_list(current, fresh)
        elif node.flow:  # `- {id: x, title: y}` without members: written out again with them
            record = load_record(MailingList, node)
            text.replace(index, [("id", record.id), ("title", record.title), ("members", fresh), ("include", list(record.include) or None)])
        else:
            text.add_fields(node, [("members", fresh)])

    return edit


def add_organisations(
    settings: Settings, records: list[list[tuple[str, Any]]], list_id: str | None = None, members: list[str] | None = None, title: str | None = None
) -> Workspace:
    """Append organisations to organisations.yaml (and, with `list_id`, put `members` on that list, made with `title`)."""

    edits: dict[str, Edit] = {"organisations.yaml": lambda text: text.extend(records)} if records else {}
    if list_id:
        edits["lists.yaml"] = _list_edit(list_id, members or [], title)
    return change(settings, edits)


def apply_contacts(settings: Settings, plan: Plan) -> Workspace:
    """Make an import plan's changes in organisations.yaml: new organisations, new contacts, changed fields.

    A record written in block style is edited line by line (its comments stay); one written on a line of its own
    ({...}) is written out again as a block."""
    return change(settings, {"organisations.yaml": contacts_edit(plan)})


def contacts_edit(plan: Plan) -> Edit:
    """The edit of organisations.yaml that makes an import plan's changes (apply_contacts, reply scan --add-contacts)."""

    def edit(text: Text) -> None:
        added = {new.id for new in plan.new_organisations}
        touched = {c.organisation for c in plan.new_contacts if c.organisation not in added} | {c.organisation for c in plan.changed}
        indexes = {org_id: _index_of(text, org_id) for org_id in touched}  # each is in the file: the plan was made from it
        text.edit_items({index: _contacts_edit(org_id, plan) for org_id, index in indexes.items() if index is not None})
        text.extend(
            [[*new.fields(), ("contacts", [list(c.fields.items()) for c in plan.new_contacts if c.organisation == new.id])] for new in plan.new_organisations]
        )

    return edit


def _contacts_edit(org_id: str, plan: Plan) -> Edit:
    """The import's changes to one organisation, made in a file holding only it (item 0)."""
    fresh = [list(c.fields.items()) for c in plan.new_contacts if c.organisation == org_id]
    changes = [c for c in plan.changed if c.organisation == org_id]

    def target_of(text: Text, change_: Changed) -> Any:
        node = text.item_node(0)
        if change_.contact is None:
            return node
        return next(c for c in node["contacts"] if isinstance(c, dict) and _same(c.get("name"), change_.contact) and _with(c.get("email"), change_.email))

    def edit(text: Text) -> None:
        node = text.item_node(0)
        contacts = node.get("contacts")
        in_blocks = not node.flow and (
            contacts is None or (isinstance(contacts, YamlList) and not contacts.flow and all(isinstance(c, YamlMap) and not c.flow for c in contacts))
        )
        if not in_blocks:
            text.replace(0, _changed_fields(load_record(Organisation, node), fresh, changes))
            return
        for change_ in changes:
            for field_name, (old, new_value) in change_.changes.items():
                target = target_of(text, change_)
                if old is None or field_name not in target:
                    text.add_fields(target, [(field_name, new_value)])
                else:
                    text.set_field(target, field_name, new_value)
        if fresh:
            node = text.item_node(0)
            if node.get("contacts"):
                text.add_records(node["contacts"], fresh)
            else:
                text.add_fields(node, [("contacts", fresh)])

    return edit


def _same(a: Any, b: str) -> bool:
    """The contact the import's plan names (by the same key the plan matched it with)."""
    return isinstance(a, str) and name_key(a) == name_key(b)


def _with(email: Any, wanted: str | None) -> bool:
    """Of several contacts of one name, the one with the address the plan names (any, when it names none)."""
    return wanted is None or email == wanted


def _changed_fields(record: Organisation, fresh: list[list[tuple[str, Any]]], changes: list[Changed]) -> list[tuple[str, Any]]:
    fields = dict(fields_of(record))
    contacts = [dict(c) for c in fields.get("contacts", [])]
    for change_ in changes:
        if change_.contact is None:
            fields.update({k: new for k, (_old, new) in change_.changes.items()})
        else:
            contact = next(c for c in contacts if _same(c["name"], change_.contact) and _with(c.get("email"), change_.email))
            contact.update({k: new for k, (_old, new) in change_.changes.items()})
    fields["contacts"] = [list(c.items()) for c in contacts] + fresh
    return list(fields.items())


def add_replies(settings: Settings, replies: list[Reply], wait: float | None = None) -> Workspace:
    """Append several replies at once (a survey export), each noted in the journal."""

    def edit(text: Text) -> None:
        text.extend([fields_of(reply) for reply in replies], one_line=True)

    return change(settings, {"replies.yaml": edit}, journal_lines=[journal.line("add", reply) for reply in replies], wait=wait)


def record_scan(settings: Settings, replies: list[Reply], received: list[Received], contacts: Plan | None = None, wait: float | None = None) -> Workspace:
    """What `reply scan --write` found, in one change: the replies (replies.yaml, each noted in the journal), the
    messages read (received.yaml) and, with --add-contacts, the new contacts (organisations.yaml). A
    message recorded meanwhile by another scan (the same SHA-256) is not recorded twice."""

    def add_received(text: Text) -> None:
        known = {node.get("sha256") for node in text.items() or [] if hasattr(node, "get")}
        text.extend([fields_of(r) for r in received if r.sha256 not in known], one_line=True)

    edits: dict[str, Edit] = {"received.yaml": add_received}
    if replies:
        edits["replies.yaml"] = lambda text: text.extend([fields_of(reply) for reply in replies], one_line=True)
    if contacts is not None and not contacts.empty:
        edits["organisations.yaml"] = contacts_edit(contacts)
    lines = [journal.line("add", reply) for reply in replies]
    return change(settings, edits, journal_lines=lines, wait=wait)
