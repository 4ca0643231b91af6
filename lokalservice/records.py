"""The records of an inquiry's data folder, as the spec defines them (frozen, unknown fields forbidden)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from .problems import Problem, Severity

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(value: Any) -> Any:
    if isinstance(value, date) or not isinstance(value, str):
        return value
    if not _DATE.fullmatch(value.strip()):
        raise PydanticCustomError("iso_date", "'{value}' is not a date; write YYYY-MM-DD", {"value": value[:40]})
    try:
        return date.fromisoformat(value.strip())
    except ValueError as error:
        raise PydanticCustomError("iso_date", "invalid date '{value}' ({reason})", {"value": value, "reason": str(error)}) from None


def _bool(value: Any) -> Any:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        raise PydanticCustomError("yes_no", "write true or false, not '{value}'", {"value": value[:40]})
    return value


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=100)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
IsoDate = Annotated[date, BeforeValidator(_date)]
Flag = Annotated[bool, BeforeValidator(_bool)]


class Source(NamedTuple):
    """Where a record stands: file, its path inside the file (`replies[3]`), its line and its keys' lines."""

    file: str
    path: str
    line: int | None
    key_lines: dict[str, int]


class Record(BaseModel):
    """A record from a data file; knows where it was written so problems can point at it."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)
    _source: Source | None = PrivateAttr(default=None)

    def located(self, source: Source) -> None:
        self._source = source

    def problem(self, field: str | None, message: str, severity: Severity = "error", line_field: str | None = None) -> Problem:
        """A problem about `field` of this record (`field` may carry an index: `to[2]`), at the field's line."""
        source = self._source or Source("?", type(self).__name__.lower(), None, {})
        key = line_field or (field.split("[")[0] if field else None)
        line = source.key_lines.get(key, source.line) if key else source.line
        path = f"{source.path}.{field}" if field and source.path else (field or source.path)
        return Problem(source.file, line, path or None, message, severity)


class Staff(Record):
    id: Id
    name: Text
    role: Text | None = None
    phone: Text | None = None
    mobile: Text | None = None
    email: Text | None = None


class Inquiry(Record):
    designation: Text
    title: Text
    department: Text | None = None
    website: Text | None = None
    staff: list[Staff] = []


class Contact(Record):
    name: Text
    title: Text | None = None
    email: Text | None = None
    phone: Text | None = None
    address: Text | None = None


OrganisationKind = Literal["municipality", "county_board", "agency", "region", "nonprofit", "other"]


class Organisation(Record):
    id: Id
    kind: OrganisationKind
    name: Text
    county: Text | None = None
    contacts: list[Contact] = []


class Member(Record):
    """A list member: a whole organisation (written as its id) or one named contact of it."""

    organisation: Id
    contact: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_id(cls, data: Any) -> Any:
        return {"organisation": data} if isinstance(data, str) else data


class MailingList(Record):
    id: Id
    title: Text
    members: list[Member] = []
    include: list[Id] = []


class Deadline(Record):
    id: Id
    due: IsoDate
    what: Text
    delivered: IsoDate | None = None
    report: Text | None = None
    replaces: Id | None = None


class Directive(Record):
    id: Id
    designation: Text
    title: Text | None = None
    decided: IsoDate | None = None
    supplements: Id | None = None
    deadlines: list[Deadline] = []


class Letter(Record):
    id: Id
    date: IsoDate | None = None
    subject: Text
    senders: list[Id] = Field(default=[], alias="from")
    to: list[Id]
    cc: list[Id] = []
    reply_by: IsoDate | None = None
    reply_from: list[Id] | None = None
    attachments: list[Text] = []


class Seminar(Record):
    id: Id
    date: IsoDate
    title: Text
    invited: list[Id] = []
    attended: list[Id] = []


class Reply(Record):
    letter: Id
    organisation: Id = Field(alias="from")
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
