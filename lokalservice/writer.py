"""The one writer: `reply add` appends a reply to replies.yaml, touching no other byte of the file.

Under a lock, it re-reads the file, appends the new item as text (keeping comments, order, BOM and
line endings), validates the whole folder with the result, and only then replaces the file
atomically (temporary file in the same folder, fsync, rename).
"""

from __future__ import annotations

import codecs
import json
import os
import tempfile
import unicodedata
from pathlib import Path

from .problems import DataError, LokalserviceError, Problem
from .records import Reply
from .yamlsource import ReadError, YamlList, YamlMap, decode, parse

REPLIES = "replies.yaml"
LOCK_WAIT_SECONDS = 10.0


def _escape(char: str) -> str:
    if unicodedata.category(char) in ("Cc", "Cs") or char in "\u2028\u2029\ufeff\ufffe\uffff":
        return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"
    return char


def quoted(text: str) -> str:
    """A YAML double-quoted scalar for `text`: JSON's escapes, plus escapes for controls and line separators."""
    return "".join(_escape(c) for c in json.dumps(text, ensure_ascii=False))


def _item(reply: Reply, indent: str, newline: str) -> str:
    lines = [
        f"{indent}- letter: {reply.letter}",
        f"{indent}  from: {reply.organisation}",
        f"{indent}  received: {reply.received.isoformat()}",
        f"{indent}  publish: {'true' if reply.publish else 'false'}",
    ]
    if reply.dnr is not None:
        lines.append(f"{indent}  dnr: {quoted(reply.dnr)}")
    if reply.note is not None:
        lines.append(f"{indent}  note: {quoted(reply.note)}")
    return newline.join(lines) + newline


def appended(old: bytes | None, reply: Reply, file: str) -> bytes:
    """The bytes of replies.yaml with `reply` added at the end of its list; every existing byte kept."""
    if old is None:
        return ("replies:\n" + _item(reply, "  ", "\n")).encode("utf-8")
    bom = codecs.BOM_UTF8 if old.startswith(codecs.BOM_UTF8) else b""
    try:
        text = decode(old, file)
        document = parse(text, file)
    except ReadError as error:
        raise DataError([error.problem]) from None
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines()
    if text and not text.endswith(("\n", "\r")):
        text += newline
    indent = "  "
    if document is None:
        text += "replies:" + newline
    elif not isinstance(document, YamlMap) or "replies" not in document:
        raise DataError([Problem(file, getattr(document, "line", 1), None, "expected 'replies:' followed by a list")])
    else:
        items = document["replies"]
        key_line = document.key_lines["replies"]
        after_key = lines[key_line - 1].split(":", 1)[1].split("#", 1)[0].strip()
        if isinstance(items, YamlList) and items and after_key == "":
            first = lines[items.item_lines[0] - 1]
            indent = first[: len(first) - len(first.lstrip(" "))]
        elif after_key == "[]":
            # An empty flow list cannot take a block item after it: this one line becomes `replies:`.
            old_line = lines[key_line - 1]
            start = sum(len(line) for line in text.splitlines(keepends=True)[: key_line - 1])
            new_line = old_line.replace("[]", "", 1).rstrip()
            text = text[:start] + new_line + text[start + len(old_line) :]
        elif items is not None or after_key != "":
            raise DataError([Problem(file, key_line, "replies", "reply add appends to a block list ('- letter: ...' items); write the list that way")])
    return bom + (text + _item(reply, indent, newline)).encode("utf-8")


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves the old file or the new one, never half of it."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    _sync_directory(path.parent)


def _sync_directory(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open a directory; its rename is durable enough
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def add_reply(data_dir: Path, label: str, reply: Reply, wait: float | None = None) -> None:
    """Append `reply` to the folder's replies.yaml, after validating the whole folder with it."""
    from filelock import FileLock, Timeout

    from .checks import check
    from .loader import load
    from .problems import errors, ordered
    from .queries.distribution import expected

    path = data_dir / REPLIES
    file = f"{label.rstrip('/')}/{REPLIES}"
    wait = LOCK_WAIT_SECONDS if wait is None else wait
    try:
        with FileLock(str(data_dir / f".{REPLIES}.lock"), timeout=wait):
            old = path.read_bytes() if path.exists() else None
            new = appended(old, reply, file)
            folder, problems = load(data_dir, label, overrides={REPLIES: new})
            found = errors(ordered(problems + check(folder)))
            if found:
                raise DataError(found)
            letter = folder.letter[reply.letter]
            if reply.organisation not in {org.id for org in expected(folder, letter)}:
                added = folder.replies[-1]
                raise DataError([added.problem("from", f"'{reply.organisation}' was not asked to reply to '{letter.id}'")])
            write_atomically(path, new)
    except Timeout:
        raise LokalserviceError(f"{file}: another `lokalservice reply add` has held the lock for {wait:g} s; nothing was written, try again") from None
