"""What can be wrong: problems found in the data, and the project's own errors."""

from __future__ import annotations

from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]


class Problem(NamedTuple):
    """One finding about the data, located at a file, line and field."""

    file: str
    line: int | None
    field: str | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where]
        if self.severity == "warning":
            parts.append("warning")
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of a problem (`check --format json`, the cache): its fields by name, in order."""
        return self._asdict()


def ordered(problems: list[Problem]) -> list[Problem]:
    """Problems in file and line order, as `check` reports them."""
    return sorted(problems, key=lambda p: (p.file, p.line or 0))


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "warning"]


class LokalserviceError(Exception):
    """An error the user can act on; the CLI prints its lines and exits with `exit_code`."""

    exit_code = 1

    def __init__(self, *lines: object) -> None:
        super().__init__(*lines)
        self.lines = [str(line) for line in lines]

    def __str__(self) -> str:
        return "\n".join(self.lines)


class DataError(LokalserviceError):
    """The data folder has errors; each line is one problem."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(*problems)
        self.problems = problems


class NotFound(LokalserviceError):
    """The letter, list or organisation the command was asked about is not in the data."""


class UsageError(LokalserviceError):
    """The command line itself is wrong: an option value that cannot be used (exit 2)."""

    exit_code = 2
