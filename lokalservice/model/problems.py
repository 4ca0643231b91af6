"""What can be wrong: problems found in the data, and the project's own errors."""

from __future__ import annotations

from typing import Literal, NamedTuple

from ..i18n import M, Mn, _

Severity = Literal["error", "warning", "note"]  # a note: a fact worth knowing, with nothing to fix
Key = tuple[str, str]
"""A record as others refer to it: ('organisation', 'alvdalen'), ('letter', 'fragor-2009'), ('file', 'lists.yaml')."""


class Problem(NamedTuple):
    """One finding about the data, located at a file and line.

    `field` is the value's path in the file (`organisations[1].contacts[0].email`), for scripts;
    `record` and `within` name it as people do (`Älvdalen`, `contacts[0].email`). `subject` is the
    record at fault, so that an answer that does not depend on it can still be given."""

    file: str
    line: int | None
    field: str | None
    message: M
    severity: Severity = "error"
    record: str | M | None = None
    within: str | None = None
    subject: Key | None = None
    topic: str | None = None  # the check that found it (check_contact_emails), for a summary in the investigator's words

    def __str__(self) -> str:
        """`file:line: [warning: ]record: field: message`, in the language in use."""
        parts = [f"{self.file}:{self.line}" if self.line else self.file]
        if self.severity == "warning":
            parts.append(_("warning"))
        elif self.severity == "note":
            parts.append(_("note"))
        if self.record:
            parts.append(str(self.record))
            if self.within:
                parts.append(self.within)
        elif self.field:
            parts.append(self.field)
        parts.append(str(self.message))
        return ": ".join(parts)

    def as_dict(self) -> dict[str, object]:
        """The public JSON shape of a problem (`check --format json`): the same in every language."""
        return {"file": self.file, "line": self.line, "field": self.field, "message": self.message.english(), "severity": self.severity}


def ordered(problems: list[Problem]) -> list[Problem]:
    """Errors before warnings, each in file and line order: causes come before what they cause."""
    return sorted(problems, key=lambda p: (p.severity != "error", p.file, p.line or 0))


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "warning"]


def notes(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "note"]


def tally(problems: list[Problem]) -> M:
    """'2 errors, 1 warning' in the language in use; notes counted apart, when there are any ('…; 2 notes')."""
    found_errors, found_warnings, found_notes = len(errors(problems)), len(warnings(problems)), len(notes(problems))
    counted = M(
        "{errors}, {warnings}",
        errors=Mn("{n} error", "{n} errors", n=found_errors),
        warnings=Mn("{n} warning", "{n} warnings", n=found_warnings),
    )
    if not found_notes:
        return counted
    return M("{counted}; {notes}", counted=counted, notes=Mn("{n} note", "{n} notes", n=found_notes))


class LokalserviceError(Exception):
    """An error the user can act on; the command line prints its lines and exits with `exit_code`."""

    exit_code = 1

    def __init__(self, *lines: M | Problem | str) -> None:
        super().__init__(*lines)
        self.lines = list(lines)

    def __str__(self) -> str:
        return "\n".join(str(line) for line in self.lines)


class DataError(LokalserviceError):
    """The data folder has errors; each line is one problem."""

    def __init__(self, problems: list[Problem], *more: M) -> None:
        super().__init__(*problems, *more)
        self.problems = problems


class NotFound(LokalserviceError):
    """The letter, list or organisation the command was asked about is not in the data."""


class UsageError(LokalserviceError):
    """The command line itself is wrong: an option value that cannot be used (exit 2)."""

    exit_code = 2


class FileFault(LokalserviceError):
    """The file system refused: a file that cannot be read or written, a full disk, a missing folder (exit 1)."""

    def __init__(self, message: M) -> None:
        super().__init__(message)
        self.message = message
