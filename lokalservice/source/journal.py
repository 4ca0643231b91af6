"""The replies journal: one line per reply recorded or removed by lokalservice, kept beside the data.

If replies.yaml is saved from an editor that had it open while `reply add` ran, the editor's copy
silently drops the new reply; the journal still has it, `check` warns, and `reply restore` puts it
back. One writer at a time (or git) is the rule; the journal is the safety net.
"""

from __future__ import annotations

import json
import os
from collections.abc import Set
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

from ..i18n import M
from ..model.problems import FileFault
from ..model.records import JOURNAL, Reply, from_plain, to_plain
from .fsio import reason


class Entry(NamedTuple):
    """One line of the journal: what was done to which reply, and the reply as it was recorded."""

    line: int
    at: str
    action: str  # add | replace | remove
    reply: Reply


def line(action: str, reply: Reply, at: datetime | None = None) -> str:
    """The journal line for an action on a reply (JSON, one line)."""
    stamp = (at or datetime.now(timezone.utc)).astimezone().isoformat(timespec="seconds")
    return json.dumps({"at": stamp, "action": action, **to_plain(reply)}, ensure_ascii=False) + "\n"


def append(folder: Path, lines: list[str], name: str) -> None:
    """Add lines at the end of the journal, durably."""
    try:
        with open(folder / JOURNAL, "a", encoding="utf-8", newline="\n") as handle:
            handle.write("".join(lines))
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        raise FileFault(M("{file}: could not be written: {reason}", file=name, reason=reason(error, writing=True))) from None


def entries(raw: bytes) -> list[Entry]:
    """The journal's lines that can be read (a damaged line, as a bad merge may leave, is passed over)."""
    found = []
    for number, text in enumerate(raw.decode("utf-8", errors="replace").splitlines(), start=1):
        try:
            data = json.loads(text)
            found.append(Entry(number, str(data["at"]), str(data["action"]), from_plain(Reply, data)))
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return found


def lost(journal: list[Entry], replies: list[Reply], unread: Set[tuple[str, str]] = frozenset()) -> list[Entry]:
    """Replies the journal says were recorded (and not since removed) that replies.yaml no longer holds (`unread`:
    the letter and organisation of replies it holds that cannot be read)."""
    latest: dict[tuple[str, str], Entry] = {}
    for entry in journal:
        latest[(entry.reply.letter, entry.reply.organisation)] = entry
    present = {(r.letter, organisation) for r in replies for organisation in r.organisations} | unread
    return [entry for key, entry in latest.items() if entry.action != "remove" and key not in present]


def undone(journal: list[Entry], replies: list[Reply]) -> list[tuple[Entry, str]]:
    """Changes the journal recorded that replies.yaml no longer shows (an editor saved a copy from before them): a reply
    removed that is `back`, and a correction (--replace) whose reply stands `uncorrected`."""
    latest: dict[tuple[str, str], Entry] = {}
    for entry in journal:
        latest[(entry.reply.letter, entry.reply.organisation)] = entry
    found = []
    for reply in replies:
        last = latest.get((reply.letter, reply.organisation))
        if last is not None and last.action == "remove":
            found.append((last, "back"))
        elif last is not None and last.action == "replace" and last.reply != reply:
            found.append((last, "uncorrected"))
    return found
