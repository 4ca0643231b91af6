"""The records of an inquiry's data folder, as the spec defines them.

Records are standard-library dataclasses, so that reading them back from the cache needs
neither Pydantic nor YAML. Pydantic validates them when files are read (see loader.py): the
annotations carry `Rule` metadata that Pydantic understands, and each record's
`__pydantic_config__` forbids unknown fields. Pydantic is imported only then.

Their constructor, equality, repr and immutability are written once, in `Record`, instead of being
generated for each class: `dataclass` compiles those methods anew at every start-up, which cost
10 ms of the 12 record types' import (python -X importtime; Pydantic never calls `__init__`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError, dataclass, field, fields
from datetime import date
from functools import cache
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


record = dataclass(init=False, repr=False, eq=False, slots=True)
"""The decorator of every record type: fields and slots from the dataclass, methods from `Record`."""


@record
class Record:
    """A record from a data file; knows where it was written so problems can point at it.

    Immutable; built with keyword arguments (`Reply(letter=..., organisation=..., received=...)`);
    equal to a record of the same type with the same data (where it was written does not count)."""

    __pydantic_config__ = _yaml_names()
    source: Source | None = field(default=None, init=False)

    def __init__(self, **values: Any) -> None:
        for name, default in _parameters(type(self)):
            value = values.pop(name, default)
            if value is MISSING:
                raise TypeError(f"{type(self).__name__}() needs the argument '{name}'")
            object.__setattr__(self, name, value)
        object.__setattr__(self, "source", None)
        if values:
            raise TypeError(f"{type(self).__name__}() got unexpected arguments: {', '.join(values)}")

    def _data(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name, _ in _parameters(type(self)))

    def __eq__(self, other: object) -> bool:
        return self._data() == other._data() if type(other) is type(self) else NotImplemented  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._data())

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={value!r}" for (name, _), value in zip(_parameters(type(self)), self._data()))
        return f"{type(self).__name__}({values})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field '{name}'")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field '{name}'")

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


@record
class Staff(Record):
    id: Id
    name: Text
    role: Text | None = None
    phone: Text | None = None
    mobile: Text | None = None
    email: Text | None = None


@record
class Inquiry(Record):
    designation: Text
    title: Text
    department: Text | None = None
    website: Text | None = None
    staff: tuple[Staff, ...] = ()


@record
class Contact(Record):
    name: Text
    title: Text | None = None
    email: Text | None = None
    phone: Text | None = None
    address: Text | None = None


OrganisationKind = Literal["municipality", "county_board", "agency", "region", "nonprofit", "other"]


@record
class Organisation(Record):
    id: Id
    kind: OrganisationKind
    name: Text
    county: Text | None = None
    contacts: tuple[Contact, ...] = ()


@record
class Member(Record):
    """A list member: a whole organisation (written as its id) or one named contact of it."""

    organisation: Id
    contact: Text | None = None


@record
class MailingList(Record):
    id: Id
    title: Text
    members: tuple[Annotated[Member, Rule(_member)], ...] = ()
    include: tuple[Id, ...] = ()


@record
class Deadline(Record):
    id: Id
    due: IsoDate
    what: Text
    delivered: IsoDate | None = None
    report: Text | None = None
    replaces: Id | None = None


@record
class Directive(Record):
    id: Id
    designation: Text
    title: Text | None = None
    decided: IsoDate | None = None
    supplements: Id | None = None
    deadlines: tuple[Deadline, ...] = ()


@record
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


@record
class Seminar(Record):
    id: Id
    date: IsoDate
    title: Text
    invited: tuple[Id, ...] = ()
    attended: tuple[Id, ...] = ()


@record
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
    return [name for name, _ in _parameters(record_type)]


@cache
def _parameters(record_type: type[Record]) -> tuple[tuple[str, Any], ...]:
    """Each data field's name and default (MISSING when it must be given)."""
    return tuple((f.name, f.default) for f in fields(record_type) if f.init)
