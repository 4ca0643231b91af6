"""The records of an inquiry's data folder, as the spec defines them.

Records are frozen standard-library dataclasses, so that reading them back from the cache needs
neither Pydantic nor YAML. Pydantic validates them when files are read (see loader.py): the
annotations carry `Rule` metadata that Pydantic understands, and each record's
`__pydantic_config__` forbids unknown fields. Pydantic is imported only then.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Annotated, Any, Literal, NamedTuple

from .problems import Problem, Severity

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Rule:
    """Annotation metadata telling Pydantic how to read a YAML scalar: string constraints and a conversion."""

    def __init__(self, before: Callable[[Any], Any] | None = None, **constraints: Any) -> None:
        self.before = before
        self.constraints = constraints

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        schema = {**handler(source), **self.constraints}
        return core_schema.no_info_before_validator_function(self.before, schema) if self.before else schema


def _error(kind: str, message: str, **context: Any) -> Exception:
    from pydantic_core import PydanticCustomError

    return PydanticCustomError(kind, message, context)


def _date(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if not _DATE.fullmatch(value.strip()):
        raise _error("iso_date", "'{value}' is not a date; write YYYY-MM-DD", value=value[:40])
    try:
        return date.fromisoformat(value.strip())
    except ValueError as error:
        raise _error("iso_date", "invalid date '{value}' ({reason})", value=value, reason=str(error)) from None


def _flag(value: Any) -> Any:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        raise _error("yes_no", "write true or false, not '{value}'", value=value[:40])
    return value


def _member(value: Any) -> Any:
    return {"organisation": value} if isinstance(value, str) else value


Id = Annotated[str, Rule(pattern=ID_PATTERN, max_length=100)]
Text = Annotated[str, Rule(min_length=1, strip_whitespace=True)]
IsoDate = Annotated[date, Rule(_date)]
Flag = Annotated[bool, Rule(_flag)]


class Source(NamedTuple):
    """Where a record stands: file, its path inside the file (`replies[3]`), its line and its keys' lines."""

    file: str
    path: str
    line: int | None
    key_lines: dict[str, int]


def _yaml_names(**names: str) -> dict[str, Any]:
    """Pydantic config: unknown fields forbidden; fields whose YAML name is a Python keyword (`from`) renamed."""
    return {"extra": "forbid", "alias_generator": lambda name: names.get(name, name)}


@dataclass(frozen=True, kw_only=True, slots=True)
class Record:
    """A record from a data file; knows where it was written so problems can point at it."""

    __pydantic_config__ = _yaml_names()
    source: Source | None = field(default=None, init=False, compare=False, repr=False)

    def located(self, source: Source) -> None:
        object.__setattr__(self, "source", source)

    def where(self) -> str:
        """'file:line' of this record, for messages that point back to it."""
        source = self.source
        return f"{source.file}:{source.line}" if source else "?"

    def problem(self, field: str | None, message: str, severity: Severity = "error", line_field: str | None = None) -> Problem:
        """A problem about `field` of this record (`field` may carry an index: `to[2]`), at the field's line."""
        source = self.source or Source("?", type(self).__name__.lower(), None, {})
        key = line_field or (field.split("[")[0] if field else None)
        line = source.key_lines.get(key, source.line) if key else source.line
        path = f"{source.path}.{field}" if field and source.path else (field or source.path)
        return Problem(source.file, line, path or None, message, severity)


@dataclass(frozen=True, kw_only=True, slots=True)
class Staff(Record):
    id: Id
    name: Text
    role: Text | None = None
    phone: Text | None = None
    mobile: Text | None = None
    email: Text | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Inquiry(Record):
    designation: Text
    title: Text
    department: Text | None = None
    website: Text | None = None
    staff: tuple[Staff, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Contact(Record):
    name: Text
    title: Text | None = None
    email: Text | None = None
    phone: Text | None = None
    address: Text | None = None


OrganisationKind = Literal["municipality", "county_board", "agency", "region", "nonprofit", "other"]


@dataclass(frozen=True, kw_only=True, slots=True)
class Organisation(Record):
    id: Id
    kind: OrganisationKind
    name: Text
    county: Text | None = None
    contacts: tuple[Contact, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Member(Record):
    """A list member: a whole organisation (written as its id) or one named contact of it."""

    organisation: Id
    contact: Text | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class MailingList(Record):
    id: Id
    title: Text
    members: tuple[Annotated[Member, Rule(_member)], ...] = ()
    include: tuple[Id, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Deadline(Record):
    id: Id
    due: IsoDate
    what: Text
    delivered: IsoDate | None = None
    report: Text | None = None
    replaces: Id | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Directive(Record):
    id: Id
    designation: Text
    title: Text | None = None
    decided: IsoDate | None = None
    supplements: Id | None = None
    deadlines: tuple[Deadline, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Letter(Record):
    __pydantic_config__ = _yaml_names(senders="from")
    id: Id
    date: IsoDate | None = None
    subject: Text
    senders: tuple[Id, ...] = ()
    to: tuple[Id, ...]
    cc: tuple[Id, ...] = ()
    reply_by: IsoDate | None = None
    reply_from: tuple[Id, ...] | None = None
    attachments: tuple[Text, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Seminar(Record):
    id: Id
    date: IsoDate
    title: Text
    invited: tuple[Id, ...] = ()
    attended: tuple[Id, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Reply(Record):
    __pydantic_config__ = _yaml_names(organisation="from")
    letter: Id
    organisation: Id
    received: IsoDate
    publish: Flag = False
    dnr: Text | None = None
    note: Text | None = None


# What each file holds: its top-level key and the record it lists (inquiry.yaml is one record).
FILES: dict[str, tuple[str, type[Record]]] = {
    "organisations.yaml": ("organisations", Organisation),
    "lists.yaml": ("lists", MailingList),
    "directives.yaml": ("directives", Directive),
    "letters.yaml": ("letters", Letter),
    "seminars.yaml": ("seminars", Seminar),
    "replies.yaml": ("replies", Reply),
}
INQUIRY_FILE = "inquiry.yaml"
RECORD_TYPES: tuple[type[Record], ...] = (Inquiry, Staff, Contact, Member, Deadline, *(model for _, model in FILES.values()))


def yaml_name(record_type: type[Record], field_name: str) -> str:
    """The name a field has in the YAML files (`senders` is written `from`)."""
    return record_type.__pydantic_config__["alias_generator"](field_name)  # type: ignore[no-any-return]


def data_fields(record_type: type[Record]) -> list[str]:
    """The fields a record reads from its file, in order (not its `source`)."""
    return [f.name for f in fields(record_type) if f.init]
