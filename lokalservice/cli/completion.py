"""Shell completion of the data's own ids. Completion must be quick and must never print into the shell."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

Candidates = list[tuple[str, str]]


def _workspace(ctx: Any) -> Any:
    """The folder the command would read: its -d, the global -d, $LOKALSERVICE_DATA, the current folder, ./data, or the sample."""
    from ..settings import resolve
    from ..workspace import Workspace

    given = None
    for context in (ctx, ctx.find_root()):
        value = context.params.get("data_dir")
        if value:
            given = Path(value)
            break
    return Workspace.open(resolve(given, None, None))


def _quietly(find: Callable[[Any, str], Candidates]) -> Callable[[Any, str], Candidates]:
    """Run a completer; on any failure (broken data, no folder) offer nothing rather than print an error."""

    def complete(ctx: Any, incomplete: str) -> Candidates:
        try:
            return [(value, help_) for value, help_ in find(ctx, incomplete) if value.startswith(incomplete)]
        except Exception:  # noqa: BLE001 - a shell prompt is no place for a traceback
            return []

    complete.__name__ = find.__name__
    return complete


@_quietly
def letters(ctx: Any, incomplete: str) -> Candidates:
    return [(letter.id, letter.subject) for letter in _workspace(ctx).folder.letters]


@_quietly
def letters_and_lists(ctx: Any, incomplete: str) -> Candidates:
    folder = _workspace(ctx).folder
    return [(letter.id, letter.subject) for letter in folder.letters] + [(lst.id, lst.title) for lst in folder.lists]


@_quietly
def lists(ctx: Any, incomplete: str) -> Candidates:
    return [(lst.id, lst.title) for lst in _workspace(ctx).folder.lists]


@_quietly
def organisations(ctx: Any, incomplete: str) -> Candidates:
    """Organisations; after a letter, those asked to reply that have not yet replied."""
    from ..model.rules import expected

    folder = _workspace(ctx).folder
    letter = folder.letter.get(ctx.params.get("letter") or "")
    if letter is None:
        return [(org.id, org.name) for org in folder.organisations]
    replied = {o for reply in folder.replies_to.get(letter.id, []) for o in reply.organisations}
    return [(org.id, org.name) for org in expected(folder, letter) if org.id not in replied]
