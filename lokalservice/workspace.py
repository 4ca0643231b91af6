"""The one way to open a data folder: settings, the cache, loading, checking, and what the errors touch.

Every command, the writer and shell completion open a folder through `Workspace.open`. A folder
with errors still opens: a reading command answers with what the errors do not touch (and says
what it leaves out), or refuses when its answer depends on a record with errors; a command that
writes refuses on any error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TypeVar

from .i18n import M, Mn
from .model.folder import Folder, Lost
from .model.problems import DataError, Key, NotFound, Problem, errors, notes, ordered, warnings
from .model.records import FILE_OF_KIND, KIND_THE, UNKNOWN, Letter, MailingList, Organisation
from .model.text import closest, quote, unknown
from .settings import Settings
from .source import cache

Item = TypeVar("Item")


def read_folder(path: Path, label: str, overrides: dict[str, bytes] | None = None) -> tuple[Folder, list[Problem]]:
    """Load and check a folder: its records, and every problem in the order `check` reports them (causes first,
    each with what it hides)."""
    import gc

    from .model.checks import check
    from .source.loader import load

    enabled = gc.isenabled()
    gc.disable()  # loading makes many objects and no cycles: the collector would only scan them again and again
    try:
        folder, problems = load(path, label, overrides)
        found, consequences = check(folder)
    finally:
        if enabled:
            gc.enable()
    noted: set[Key] = set()
    for index, problem in enumerate(problems):
        subject = problem.subject
        if subject in consequences and subject not in noted and problem.severity == "error":
            noted.add(subject)
            problems[index] = problem._replace(message=problem.message + consequences[subject])
    # Causes first: what could not be read before what the checks found, errors before warnings, notes last.
    return folder, ordered(errors(problems)) + ordered(errors(found)) + ordered(warnings(problems) + warnings(found)) + ordered(notes(problems) + notes(found))


class Workspace:
    """An opened data folder: its settings, records and problems, and what its errors touch."""

    def __init__(self, settings: Settings, folder: Folder, problems: list[Problem]) -> None:
        self.settings = settings
        self.folder = folder
        self.problems = problems
        self._broken: dict[Key, list[Problem]] = {}
        for problem in errors(problems):
            if problem.subject is not None:
                self._broken.setdefault(problem.subject, []).append(problem)

    @classmethod
    def open(cls, settings: Settings, overrides: dict[str, bytes] | None = None) -> Workspace:
        """Read the folder, from the cache when its files are unchanged (never with `overrides`, the bytes a writer proposes)."""
        if overrides:
            return cls(settings, *read_folder(settings.data_dir, settings.label, overrides))
        return cls(settings, *cache.cached(read_folder)(settings.data_dir, settings.label))

    @property
    def today(self) -> date:
        return self.settings.today

    @property
    def errors(self) -> list[Problem]:
        return errors(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return warnings(self.problems)

    # --- What the errors touch -----------------------------------------------------------------

    def missing(self, key: Key) -> Problem | None:
        """Why the record `key` names is not there: it could not be read, or its whole file could not; None if it is there or never was."""
        if key[0] == "file":
            return self._first(key)
        file = FILE_OF_KIND.get(key[0])
        if file and ("file", file) in self._broken:
            return self._first(("file", file))
        return self._first(key) if not self.folder.has(key) else None

    def flawed(self, key: Key) -> Problem | None:
        """The first error of a record that is there but has errors."""
        return self._first(key) if self.folder.has(key) else None

    def _first(self, key: Key) -> Problem | None:
        found = self._broken.get(key)
        return found[0] if found else None

    def blocking(self, shown: Iterable[Key], counted: Iterable[Key] = ()) -> list[Problem]:
        """The errors an answer depends on: any in the records it shows, and those that leave out a record it counts."""
        found: dict[Problem, None] = {}
        for key in shown:
            problem = self.missing(key) or self.flawed(key)
            if problem is not None:
                found[problem] = None
        for key in counted:
            problem = self.missing(key)
            if problem is not None:
                found[problem] = None
        return list(found)

    def require(self, shown: Iterable[Key], counted: Iterable[Key] = ()) -> None:
        """Refuse (exit 1) when the answer depends on a record with errors, naming those errors."""
        blocking = self.blocking(shown, counted)
        if blocking:
            raise DataError(ordered(blocking), self.more_errors(len(blocking)))

    def require_no_errors(self) -> None:
        """Refuse (exit 1) on any error in the folder: a command that writes never builds on broken data."""
        if self.errors:
            raise DataError(self.errors, M("Nothing was written: a change is made only to a folder without errors; mend the errors above first."))

    def more_errors(self, shown: int) -> M:
        rest = len(self.errors) - shown
        if rest <= 0:
            return M("lokalservice check lists every problem.")
        return Mn("{n} more error in the data; lokalservice check lists them.", "{n} more errors in the data; lokalservice check lists them.", n=rest)

    def partition(
        self, items: Iterable[Item], keys: Callable[[Item], tuple[set[Key], set[Key]]], name: Callable[[Item], M | str]
    ) -> tuple[list[Item], list[M]]:
        """The items an answer can show; and a line for each one it must leave out (naming it and where its first error
        is), and for each part lost from the records the items it shows depend on."""
        kept: list[Item] = []
        left: dict[M, None] = {}
        seen: dict[tuple[int, int], tuple[list[Problem], list[M], object]] = {}  # items that depend on the same sets: worked out once
        for item in items:
            shown, counted = keys(item)
            found = seen.get((id(shown), id(counted)))
            if found is None:
                found = seen[(id(shown), id(counted))] = (self.blocking(shown, counted), [], (shown, counted))
                if not found[0]:
                    found[1].extend(self.uncertain(shown, counted))
            blocking, uncertain, _kept_alive = found
            if blocking:
                left[M("{item} (because of {where})", item=name(item), where=_where(blocking[0]))] = None
            else:
                kept.append(item)
                left.update(dict.fromkeys(uncertain))
        return kept, list(left)

    def uncertain(self, shown: Iterable[Key], counted: Iterable[Key]) -> list[M]:
        """What an answer given despite errors must name: the parts lost from the records it shows or counts, and the
        records it counts that have errors (a reply naming an unknown organisation may be one the count misses)."""
        counted = set(counted) - set(shown)
        flawed = dict.fromkeys(problem for key in counted if self.folder.has(key) for problem in self._broken.get(key, ()) if _changes_counts(problem))
        named = [M("{item} ({where})", item=problem.record or problem.field or "?", where=_where(problem)) for problem in flawed]
        return [*self.lost([*shown, *counted]), *named]

    def lost(self, reach: Iterable[Key]) -> list[M]:
        """A line for each part lost from the records an answer shows or counts (a list's members, an organisation's
        contacts, a directive's deadlines, a letter's replies and mail log): the answer is given without it."""
        found: dict[Lost, None] = {}
        for key in reach:
            found.update(dict.fromkeys(self.folder.lost.get(key, ())))
            if key[0] in ("replies-to", "sent-for"):  # those whose letter cannot be read may be this letter's
                found.update(dict.fromkeys(self.folder.lost.get((key[0], ""), ())))
        return [M("{item} ({where})", item=lost.name, where=_where(lost.problem)) for lost in found]

    def lost_of(self, kinds: Iterable[str]) -> list[M]:
        """A line for each file of records of these kinds that cannot be read, each record of them that could not be,
        and each part lost from one: for an answer that lists every record of its kinds (deadlines lists the
        directives', letters' and seminars' dates)."""
        wanted = set(kinds)
        files = self.unreadable(dict.fromkeys(FILE_OF_KIND[kind] for kind in wanted))
        parts = {lost.problem for lost_parts in self.folder.lost.values() for lost in lost_parts}  # named as parts below
        dropped = [
            M("{what} {id} ({where})", what=M(KIND_THE[kind]), id=quote(id_), where=_where(problem))
            for (kind, id_), problem in self.folder.dropped.items()
            if kind in wanted and problem not in parts
        ]
        return files + dropped + self.lost(key for key in self.folder.lost if key[0] in wanted)

    def unreadable(self, names: Iterable[str]) -> list[M]:
        """A line for each of these data files that exists but could not be read: the answer has none of its records."""
        return [M("everything in {file} (it cannot be read)", file=self.folder.file(name)) for name in names if ("file", name) in self._broken]

    # --- Finding what the command line names ---------------------------------------------------

    def _lookup(self, kinds: tuple[str, ...], id_: str, index: dict[str, object], known: Iterable[str]) -> None:
        """Raise the error for an id the folder lacks: the cause when it could not be read, else 'unknown … (did you mean …)'
        (an organisation also by its name: 'Alvdalen' suggests 'alvdalen' (Älvdalen))."""
        for kind in kinds:
            problem = self.missing((kind, id_))
            if problem is not None:
                raise DataError([problem], M("Because of this error, {what} {id} cannot be read.", what=M(KIND_THE[kind]), id=quote(id_)))
        known = list(known)
        if kinds == ("organisation",) and not closest(id_, known):
            by_name = {org.name: org for org in self.folder.organisations}
            near = closest(id_, by_name, n=1)
            if near:
                hint = M(" (did you mean {id} ({name})?)", id=quote(by_name[near[0]].id), name=near[0])
                raise NotFound(M(UNKNOWN[kinds], given=quote(id_), hint=hint))
        raise NotFound(unknown(UNKNOWN[kinds], id_, known))

    def letter(self, id_: str) -> Letter:
        """The letter with this id; an error that says why it cannot be read, or which ids are near."""
        found = self.folder.letter.get(id_)
        if found is None:
            self._lookup(("letter",), id_, self.folder.letter, self.folder.letter)  # type: ignore[arg-type]
        return found  # type: ignore[return-value]

    def letter_or_list(self, id_: str) -> Letter | MailingList:
        found = self.folder.letter.get(id_) or self.folder.mailing_list.get(id_)
        if found is None:
            self._lookup(("letter", "list"), id_, {}, [*self.folder.letter, *self.folder.mailing_list])
        return found  # type: ignore[return-value]

    def organisation(self, id_or_name: str) -> Organisation:
        """The organisation with this id, or whose name (as people write it: 'Älvdalen', 'Falu kommun') is this."""
        found = self.folder.organisation.get(id_or_name) or find_by_name(self.folder.organisations, id_or_name)
        if found is None:
            self._lookup(("organisation",), id_or_name, {}, self.folder.organisation)
        return found  # type: ignore[return-value]


# The fields whose errors change who is counted (a list's members, a letter's recipients, a reply's sender, an id
# written twice); an error in a name, a county or an address leaves a count as it is.
COUNTED_FIELDS = frozenset({"id", "members", "include", "to", "cc", "reply_from", "from", "letter", "organisation", "received", "contact"})


def _changes_counts(problem: Problem) -> bool:
    field = problem.within or problem.field or ""
    return field.split("[")[0].split(".")[0] in COUNTED_FIELDS


def _where(problem: Problem) -> str:
    return f"{problem.file}:{problem.line}" if problem.line else problem.file


def find_by_name(organisations: Iterable[Organisation], text: str) -> Organisation | None:
    """The one organisation whose name is `text` as people write it (case, spaces and hyphens aside; 'Falu kommun' for Falun)."""
    from .model.sweden import match_municipality, name_key

    wanted = name_key(text)
    municipality = match_municipality(text)
    exact = [org for org in organisations if name_key(org.name) == wanted]
    if len(exact) == 1:
        return exact[0]
    if municipality is not None:
        matching = [org for org in organisations if org.kind == "municipality" and org.name == municipality.name]
        if len(matching) == 1:
            return matching[0]
    return None


def open_inquiry(path: str | Path | None = None, today: str | date | None = None, language: str | None = None) -> Workspace:
    """An inquiry folder opened as the command line opens it: `path` found as --data-dir is (None: the current folder,
    $LOKALSERVICE_DATA, else the sample), `today` as --today, `language` as --lang (what `str()` of a message gives is
    the language in use: wrap the calls in `lokalservice.using_language(...)`). Problems are in `.problems`; a folder
    with errors opens all the same, and the use cases refuse what the errors touch."""
    from .settings import resolve

    return Workspace.open(resolve(Path(path) if path is not None else None, today, language))
