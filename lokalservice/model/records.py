"""The records of an inquiry's data folder, as docs/data-format.md describes them.

Records are standard-library dataclasses, so that reading them back from the cache needs neither
Pydantic nor YAML. Pydantic validates them when files are read (see loader.py): the annotations
carry `Rule` metadata that Pydantic understands, and each record's `__pydantic_config__` forbids
unknown fields. Pydantic is imported only then.

Their constructor, equality, repr and immutability are written once, in `Record`, rather than
generated for each class by `dataclass` at every start-up (docs/performance.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import MISSING, FrozenInstanceError, dataclass, field, fields
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Literal, NamedTuple, TypeVar

from ..i18n import N_, M
from .problems import Key, Problem, Severity
from .text import INVISIBLE as _INVISIBLE
from .text import quote

RecordType = TypeVar("RecordType", bound="Record")
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


class Month(date):
    """A date the papers give only as a month (`2008-11`): it counts as the month's last day and prints as the month."""

    __slots__ = ()

    @classmethod
    def of(cls, year: int, month: int) -> Month:
        following = date(year + month // 12, month % 12 + 1, 1)
        return cls(year, month, (following - date(year, month, 1)).days)

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    __str__ = isoformat

    def __repr__(self) -> str:
        return f"Month({self.year}, {self.month})"


def parse_day(text: str, months: bool = False) -> date:
    """`YYYY-MM-DD` (or, where `months`, `YYYY-MM`) as a date; ValueError naming what is wrong otherwise."""
    text = text.strip()
    month = _MONTH.fullmatch(text) if months else None
    if month:
        return Month.of(int(month.group(1)), int(month.group(2))) if 1 <= int(month.group(2)) <= 12 else date.fromisoformat(text + "-01")
    if not _DAY.fullmatch(text):
        raise ValueError("format")
    return date.fromisoformat(text)


_WRITTEN_DATES = (  # a date written another common way, with or without a time after it: (pattern, order of year, month, day)
    (re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?"), (0, 1, 2)),
    (re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\- ](\d{4})(?:[ T].*)?"), (2, 1, 0)),
    (re.compile(r"(\d{4})(\d{2})(\d{2})"), (0, 1, 2)),
)


def read_date(text: str) -> date | None:
    """A date as people and programs write it (2009-05-20, 2009-05-20 10:15, 2009-05-20T10:15:00Z, 20/5/2009,
    20.5.2009, 2009/5/20, 20090520); None when it is none. The data itself takes ISO dates only (parse_day)."""
    for pattern, order in _WRITTEN_DATES:
        found = pattern.fullmatch(text.strip())
        if found:
            parts = found.groups()
            try:
                return date(int(parts[order[0]]), int(parts[order[1]]), int(parts[order[2]]))
            except ValueError:
                return None
    return None


class Rule:
    """Annotation metadata telling Pydantic how to read a YAML scalar: string constraints and a conversion."""

    def __init__(self, before: Callable[[Any], Any] | None = None, **constraints: Any) -> None:
        self.before = before
        self.constraints = constraints

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        schema = {**handler(source), **self.constraints}
        return core_schema.no_info_before_validator_function(self.before, schema) if self.before else schema


# Our own validation errors: the loader shows each as its message, translated, with the values it carries.
CUSTOM_MESSAGES = {
    "date_format": N_("'{value}' is not a date; write {example}"),
    "date_calendar": N_("'{value}' is not a date in the calendar"),
    "yes_no": N_("write true or false, not '{value}'"),
    "consent": N_("write yes or no, not '{value}'"),
    "sha256": N_("'{value}' is not a SHA-256 (64 digits 0-9 and letters a-f)"),
}


def _error(kind: str, **context: Any) -> Exception:
    from pydantic_core import PydanticCustomError

    return PydanticCustomError(kind, CUSTOM_MESSAGES[kind], context)


def _date_reader(months: bool) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return parse_day(value, months)
        except ValueError as error:
            if str(error) == "format":
                example = "YYYY-MM-DD or YYYY-MM" if months else "YYYY-MM-DD"
                raise _error("date_format", value=value[:40], example=example) from None
            raise _error("date_calendar", value=value[:40]) from None

    return read


def _flag(value: Any) -> Any:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        raise _error("yes_no", value=value[:40])
    return value


_CONSENT = {"true": True, "false": False, "yes": True, "no": False, "ja": True, "nej": False}


def _consent(value: Any) -> Any:
    """A consent as a secretary writes it: yes or no (ja, nej, true, false); absent is not stated, not no."""
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _CONSENT:
            return _CONSENT[lowered]
        raise _error("consent", value=value[:40])
    return value


def _one_or_more(value: Any) -> Any:
    """One id (`from: dorotea`) or several (`from: [dorotea, asele]`: a joint reply)."""
    return [value] if isinstance(value, str) else value


def _sha256(value: Any) -> Any:
    if isinstance(value, str) and not re.fullmatch(r"[0-9a-f]{64}", value):
        raise _error("sha256", value=value[:70])
    return value


def _member(value: Any) -> Any:
    return {"organisation": value} if isinstance(value, str) else value


# The kinds of organisation, and the Swedish words a secretary may write for them.
KIND_WORDS = {
    "kommun": "municipality",
    "länsstyrelse": "county_board",
    "myndighet": "agency",
    "region": "region",
    "ideell": "nonprofit",
    "ideell organisation": "nonprofit",
    "annan": "other",
}

ORGANISATION_KINDS = {  # each kind of organisation as a table shows it to people (JSON and CSV keep the kind itself)
    "municipality": N_("municipality"),
    "county_board": N_("county board"),
    "agency": N_("agency"),
    "region": N_("region"),
    "nonprofit": N_("non-profit organisation"),
    "other": N_("other"),
}


def _kind(value: Any) -> Any:
    return KIND_WORDS.get(value.strip().lower(), value) if isinstance(value, str) else value


Id = Annotated[str, Rule(pattern=ID_PATTERN, max_length=100)]
Text = Annotated[str, Rule(min_length=1, strip_whitespace=True)]
Day = Annotated[date, Rule(_date_reader(months=False))]
DayOrMonth = Annotated[date, Rule(_date_reader(months=True))]
Flag = Annotated[bool, Rule(_flag)]
Count = Annotated[int, Rule(ge=0, le=1000)]
Consent = Annotated[bool, Rule(_consent)]
Ids = Annotated[tuple[Id, ...], Rule(_one_or_more, min_length=1)]
Number = Annotated[int, Rule(ge=1, le=10**9)]


class Source(NamedTuple):
    """Where a record stands: its file, its path in the file (`replies[3]`), its line and its keys' lines;
    how people name it (`Älvdalen`) and the record answerable for it (a contact's organisation)."""

    file: str
    path: str
    line: int | None
    key_lines: dict[str, int]
    label: str | M | None = None
    subject: Key | None = None


def _yaml_names(**names: str) -> dict[str, Any]:
    """Pydantic config: unknown fields forbidden; fields whose YAML name is a Python keyword (`from`) renamed."""
    return {"extra": "forbid", "alias_generator": lambda name: names.get(name, name), "arbitrary_types_allowed": True}  # M in a Source


record = dataclass(init=False, repr=False, eq=False, slots=True)
"""The decorator of every record type: fields and slots from the dataclass, methods from `Record`."""


@record
class Record:
    """A record from a data file; knows where it was written so problems can point at it.

    Immutable; built with keyword arguments (`Reply(letter=..., organisation=..., received=...)`);
    equal to a record of the same type with the same data (where it was written does not count)."""

    __pydantic_config__ = _yaml_names()
    KIND: ClassVar[str] = ""  # how a reference names this kind of record (`organisation`), '' when none refers to it
    # A record that is a part of another (a directive's deadline, a list's member, a reply to a letter): how an answer
    # that leaves it out names it, with {owner} (the record it belongs to) and {part} (its own name, or its number).
    PART: ClassVar[str] = ""
    SCALAR_WHEN_ONE: ClassVar[frozenset[str]] = frozenset()  # tuples written as one value when they hold one (`from: a`)
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
        return self._data() == other._data() if isinstance(other, Record) and type(other) is type(self) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._data())

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={value!r}" for (name, _), value in zip(_parameters(type(self)), self._data()))
        return f"{type(self).__name__}({values})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field '{name}'")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field '{name}'")

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (for the cache) as its type, its data and where it stands; read back without running validation."""
        return _rebuild, (type(self), self._data(), self.source)

    def located(self, source: Source) -> None:
        object.__setattr__(self, "source", source)

    def where(self) -> str:
        """'file:line' of this record, for messages that point back to it."""
        source = self.source
        return f"{source.file}:{source.line}" if source else "?"

    def key(self) -> Key | None:
        """('organisation', 'alvdalen'): how others refer to this record; None for records nobody refers to."""
        return (self.KIND, self.id) if self.KIND else None  # type: ignore[attr-defined]

    def label(self) -> str | M | None:
        """How people name this record in a message: its name, designation or id."""
        return getattr(self, "id", None)

    @classmethod
    def raw_key(cls, fields: Mapping[str, str]) -> Key | None:
        """The key a record of this type written with these fields (the readable ones, as text) would have."""
        id_ = fields.get("id")
        return (cls.KIND, id_.lower()) if cls.KIND and id_ else None  # as a reference would spell it

    @classmethod
    def raw_label(cls, fields: Mapping[str, str]) -> str | M | None:
        """How people would name a record of this type that could not be read, from its readable fields."""
        return fields.get("name") or fields.get("designation") or fields.get("id")

    @classmethod
    def owner_of(cls, fields: Mapping[str, str]) -> Key | None:
        """For a record that stands on its own in its file but belongs to another (a reply to its letter): that one's key."""
        return None

    @classmethod
    def concerns(cls, fields: Mapping[str, str]) -> str | None:
        """The organisation a record of this type written with these fields is about, when it is about one."""
        return None

    def problem(self, field: str | None, message: M, severity: Severity = "error", line_field: str | None = None) -> Problem:
        """A problem about `field` of this record (`field` may carry an index: `to[2]`), at the field's line."""
        source = self.source or Source("?", type(self).__name__.lower(), None, {})
        key = line_field or (field.split("[")[0].split(".")[0] if field else None)
        line = source.key_lines.get(key, source.line) if key else source.line
        path = f"{source.path}.{field}" if field and source.path else (field or source.path)
        return Problem(source.file, line, path or None, message, severity, source.label, field, source.subject or self.key())


@record
class Staff(Record):
    KIND = "staff"
    PART = N_("staff member {part}")
    id: Id
    name: Text
    role: Text | None = None
    phone: Text | None = None
    mobile: Text | None = None
    email: Text | None = None

    def label(self) -> str | None:
        return self.name


@record
class MailSettings(Record):
    """inquiry.yaml's `mail:` section: who sends, and through which server."""

    sender: Id
    smtp: Text | None = None
    security: Literal["starttls", "ssl", "none"] = "starttls"
    ca_file: Text | None = None  # certificates (PEM) of an internal CA to trust besides the system's; relative to the folder


@record
class Ladder(Record):
    """inquiry.yaml's `reminders:` section, in Swedish working days."""

    first: Count = 1
    interval: Count = 5
    max: Count = 2


@record
class DnrSeries(Record):
    """inquiry.yaml's `dnr:` series: the next diarienummer is `prefix` followed by `next` (source/writer.py's next_dnr
    hands them out under the lock, each once)."""

    prefix: Text
    next: Number = 1

    def number(self, n: int) -> str:
        return f"{self.prefix}{n}"


@record
class Inquiry(Record):
    KIND = "inquiry"
    designation: Text
    title: Text
    department: Text | None = None
    website: Text | None = None
    language: Literal["sv", "en"] | None = None
    staff: tuple[Staff, ...] = ()
    mail: MailSettings | None = None
    reminders: Ladder | None = None
    address: Text | None = None  # the inquiry's postal address, printed at the foot of its letters
    registry_email: Text | None = None  # the functional address replies go to: every message's Reply-To, named in a påminnelse
    template: Text | None = None  # the secretariat's Word template (a file in the folder) for `letter --docx` and `remind --docx`
    dnr: DnrSeries | None = None

    def key(self) -> Key:
        return ("inquiry", "")

    def label(self) -> str | None:
        return self.designation

    @classmethod
    def raw_key(cls, fields: Mapping[str, str]) -> Key | None:
        return ("inquiry", "")  # one that cannot be read is missing to every answer headed with it


@record
class Contact(Record):
    PART = N_("{owner}, contact {part}")
    name: Text
    title: Text | None = None
    email: Text | None = None
    phone: Text | None = None
    address: Text | None = None

    def label(self) -> str | None:
        return self.name


OrganisationKind = Literal["municipality", "county_board", "agency", "region", "nonprofit", "other"]


@record
class Organisation(Record):
    KIND = "organisation"
    id: Id
    kind: Annotated[OrganisationKind, Rule(_kind)]
    name: Text
    official_name: Text | None = None  # the name it uses as an authority (Gullspångs kommun, Malmö stad): letters are addressed to it
    county: Text | None = None
    email: Text | None = None  # the organisation's own address (its registrator), used when no contact has one
    address: Text | None = None
    contacts: tuple[Contact, ...] = ()

    def label(self) -> str | None:
        return self.name


class OfAnOrganisation(Record):
    """A part of a record that names one organisation: labelled and placed by it when it cannot be read."""

    @classmethod
    def raw_label(cls, fields: Mapping[str, str]) -> str | M | None:
        return quote(fields["organisation"]) if "organisation" in fields else None

    @classmethod
    def concerns(cls, fields: Mapping[str, str]) -> str | None:
        return readable_id(fields.get("organisation"))


@record
class Member(OfAnOrganisation):
    """A list member: a whole organisation (written as its id) or one named contact of it."""

    PART = N_("{owner}, member {part}")
    organisation: Id
    contact: Text | None = None


@record
class MailingList(Record):
    KIND = "list"

    @classmethod
    def raw_label(cls, fields: Mapping[str, str]) -> str | M | None:
        return fields.get("title") or fields.get("name") or fields.get("id")

    id: Id
    title: Text
    members: tuple[Annotated[Member, Rule(_member)], ...] = ()
    include: tuple[Id, ...] = ()


@record
class Deadline(Record):
    KIND = "deadline"
    PART = N_("{owner}, deadline {part}")
    id: Id
    due: Day
    what: Text
    delivered: DayOrMonth | None = None
    report: Text | None = None
    replaces: Id | None = None


@record
class Directive(Record):
    KIND = "directive"
    id: Id
    designation: Text
    title: Text | None = None
    decided: Day | None = None
    supplements: Id | None = None
    confirms: tuple[Id, ...] = ()
    deadlines: tuple[Deadline, ...] = ()

    def label(self) -> str | None:
        return self.designation


@record
class Report(Record):
    """A report of the inquiry (delbetänkande, slutbetänkande), in directives.yaml's `reports:`."""

    KIND = "report"
    designation: Text
    title: Text | None = None
    delivered: DayOrMonth | None = None
    meets: tuple[Id, ...] = ()

    def key(self) -> Key:
        return ("report", self.designation)

    def label(self) -> str | None:
        return self.designation

    @classmethod
    def raw_key(cls, fields: Mapping[str, str]) -> Key | None:
        return ("report", fields["designation"]) if "designation" in fields else None


@record
class Extension(OfAnOrganisation):
    """More time (anstånd) granted to one organisation to reply to a letter: not overdue, not reminded before `until`."""

    PART = N_("{owner}, extension {part}")
    organisation: Id
    until: Day


@record
class Letter(Record):
    KIND = "letter"
    __pydantic_config__ = _yaml_names(senders="from")
    id: Id
    date: DayOrMonth | None = None
    subject: Text
    senders: tuple[Id, ...] = ()
    addressee: Text | None = None  # "Till berörda kommuner och länsstyrelser": a letter to a group nobody listed
    to: tuple[Id, ...] = ()
    cc: tuple[Id, ...] = ()
    reply_by: DayOrMonth | None = None
    reply_from: tuple[Id, ...] | None = None
    attachments: tuple[Text, ...] = ()
    closed: Day | None = None  # no more replies are awaited from this day
    replies_summary: Text | None = None  # the replies known only as a whole ("svaren kom in; vilka som svarade anges inte")
    dnr: Text | None = None  # Vår beteckning: printed in the head and added to the subject of every message
    body: Text | None = None  # the letter's own text, or the name of a .txt file in the folder that holds it
    purpose: Text | None = None  # one sentence: why the replies matter (the påminnelse repeats it)
    asks_consent: Flag = False  # the letter asks whether replies may be published on the inquiry's website
    reminder_from: Id | None = None  # the staff member who signs the påminnelser; default the last of `from`
    extensions: tuple[Extension, ...] = ()
    secrecy: Text | None = None  # the OSL provision a letter under secrecy is marked with (`OSL 21 kap. 7 §`)


@record
class Seminar(Record):
    KIND = "seminar"
    id: Id
    date: Day
    title: Text
    invited: tuple[Id, ...] = ()
    attended: tuple[Id, ...] | None = None  # None: who came is not recorded (not the same as nobody)
    note: Text | None = None


@record
class AboutALetter(Record):
    """A record about one organisation and one letter, standing on its own in its file: a part of that letter's replies
    (`replies-to`) or of its mail log (`sent-for`). One that cannot be read leaves out itself, no more."""

    OWNER: ClassVar[str] = ""
    ORGANISATION: ClassVar[str] = "organisation"  # the field's YAML name

    def key(self) -> Key:
        return (self.OWNER, self.letter)  # type: ignore[attr-defined]

    def label(self) -> str | M | None:
        return M(self.PART, organisation=self.organisation, letter=self.letter)  # type: ignore[attr-defined]

    @classmethod
    def raw_key(cls, fields: Mapping[str, str]) -> Key | None:
        return None

    @classmethod
    def raw_label(cls, fields: Mapping[str, str]) -> str | M | None:
        return M(cls.PART, organisation=fields.get(cls.ORGANISATION) or "?", letter=fields.get("letter") or "?")

    @classmethod
    def owner_of(cls, fields: Mapping[str, str]) -> Key | None:
        return (cls.OWNER, readable_id(fields.get("letter")) or "")

    @classmethod
    def concerns(cls, fields: Mapping[str, str]) -> str | None:
        return readable_id(fields.get(cls.ORGANISATION))


@record
class Reply(AboutALetter):
    """A reply, from one organisation or (a joint reply, `from: [a, b]`) several: it counts for each and is registered
    once. Built with `organisation=` for one, `organisations=` for several; `organisation` is the first."""

    __pydantic_config__ = _yaml_names(organisations="from", matter="concerns")
    PART = N_("reply from {organisation} to {letter}")
    OWNER = "replies-to"
    ORGANISATION = "from"
    SCALAR_WHEN_ONE = frozenset({"organisations"})
    letter: Id
    organisations: Ids
    received: Day
    publish: Consent | None = None  # None: the reply did not say (inget besked)
    dnr: Text | None = None
    note: Text | None = None
    declined: Flag | None = None  # avstår: answered without content; it counts as a reply
    via: Literal["e-post", "post", "webb", "telefon"] | None = None  # how it came (reply scan writes e-post)
    matter: Text | None = None  # `concerns:`, the ärendemening; default the letter's subject
    secrecy: Text | None = None  # the OSL provision the reply is marked with (`OSL 21 kap. 7 §`)

    def __init__(self, **values: Any) -> None:
        if "organisation" in values:
            values["organisations"] = (values.pop("organisation"),)
        Record.__init__(self, **values)

    @property
    def organisation(self) -> str:
        return self.organisations[0]


@record
class Sent(AboutALetter):
    """One step of sending a message, as recorded in mail.yaml's `sent:`: before the message goes, `sending` (to every
    address it is for); then what the server said: `accepted` (the default: the addresses it took), `deferred` (it
    said "try again later", 4xx) or `refused` (for good, 5xx), with what it `said`. A `sending` that nothing closed
    is in doubt: the message may have left, and it is never sent again without asking."""

    PART = N_("message to {organisation} about {letter}")
    OWNER = "sent-for"
    letter: Id
    organisation: Id
    kind: Literal["letter", "reminder"]
    at: datetime
    to: tuple[Text, ...]
    message_id: Text
    status: Literal["sending", "accepted", "deferred", "refused"] = "accepted"
    said: Text | None = None
    dnr: Text | None = None  # the letter's diarienummer, or the påminnelse's own (see actions/sending.py)
    ref: Text | None = None  # the reference in the subject (`K7Q3` of `[Fi 2007:06 ref K7Q3]`), which finds the replies


@record
class Received(Record):
    """A message `reply scan --write` read from the mailbox, as recorded in received.yaml: what it was (a reply,
    an automatic reply, a bounce), when it came, where its original is kept under `inkommet/` and its SHA-256 (the same
    message scanned again is known by it), and what it said that matters: the letter and organisation it answers, the
    address that did not work (a bounce), the day the sender is back (an out-of-office)."""

    PART = N_("message {part} in received.yaml")
    sha256: Annotated[str, Rule(_sha256)]
    at: datetime
    kind: Literal["reply", "auto-reply", "bounce", "other"]
    file: Text
    message_id: Text | None = None
    sender: Text | None = None
    letter: Id | None = None
    organisation: Id | None = None
    address: Text | None = None  # a bounce: the address that did not work
    until: Day | None = None  # an out-of-office: the day the sender is back


def readable_id(text: str | None) -> str | None:
    """The id a value written for one means, if it is one once invisible characters, spaces and case are set aside
    (`asele` for 'Asele\u00a0' pasted from Word); None when it is none."""
    if text is None:
        return None
    cleaned = _INVISIBLE.sub("", text).strip().lower()
    return cleaned if re.fullmatch(ID_PATTERN, cleaned) else None


INQUIRY_FILE = "inquiry.yaml"
JOURNAL = "replies.journal"  # what lokalservice did to replies.yaml (source/journal.py)
# What each file holds: its top-level keys and the record each lists (inquiry.yaml is one record).
FILES: dict[str, dict[str, type[Record]]] = {
    "organisations.yaml": {"organisations": Organisation},
    "lists.yaml": {"lists": MailingList},
    "directives.yaml": {"directives": Directive, "reports": Report},
    "letters.yaml": {"letters": Letter},
    "seminars.yaml": {"seminars": Seminar},
    "replies.yaml": {"replies": Reply},
    "mail.yaml": {"sent": Sent},
    "received.yaml": {"received": Received},
}
# The file that holds each kind of record others refer to: a file that cannot be read hides all of them.
FILE_OF_KIND = {model.KIND: name for name, kinds in FILES.items() for model in kinds.values() if model.KIND}
FILE_OF_KIND.update({"deadline": "directives.yaml", "staff": INQUIRY_FILE, "inquiry": INQUIRY_FILE, "replies-to": "replies.yaml", "sent-for": "mail.yaml"})


def nested(model: type[Record]) -> dict[str, type[Record]]:
    """The record types nested in a record, by field (a directive's deadlines, the inquiry's mail section): read from its
    annotations, so that the loader, the checks and the writer know the schema from the classes alone."""
    found = _NESTED.get(model)
    if found is None:
        inner = {name: _inner(hint) for name, hint in _hints(model).items()}
        found = _NESTED[model] = {name: kind for name, kind in inner.items() if isinstance(kind, type) and issubclass(kind, Record)}
    return found


def _hints(model: type[Record]) -> dict[str, Any]:
    found = _HINTS.get(model)
    if found is None:
        import typing

        hints = typing.get_type_hints(model)
        found = _HINTS[model] = {name: hints[name] for name in data_fields(model)}
    return found


_NESTED: dict[type, dict[str, type[Record]]] = {}
_HINTS: dict[type, dict[str, Any]] = {}


def _inner(hint: Any) -> Any:
    """The type inside an optional value or a tuple of values (`tuple[Deadline, ...]` -> Deadline)."""
    import typing

    while typing.get_origin(hint) in (tuple, typing.Union) or type(hint).__name__ == "UnionType":
        hint = next(arg for arg in typing.get_args(hint) if arg is not type(None) and arg is not Ellipsis)
    return hint


def fields_of(record: Record) -> list[tuple[str, Any]]:
    """A record's fields as its file writes them, in order: YAML names, nested records as their own fields (for the
    writer); a value equal to its default is left out, a flag and a required field never."""
    kinds = nested(type(record))
    found: list[tuple[str, Any]] = []
    for name, default in _parameters(type(record)):
        value = getattr(record, name)
        if value is None or (value == default and not isinstance(value, bool)):
            continue
        if name in kinds:
            value = [fields_of(item) for item in value] if isinstance(value, tuple) else fields_of(value)
        elif name in record.SCALAR_WHEN_ONE and len(value) == 1:
            value = value[0]
        elif isinstance(value, tuple):
            value = list(value)
        found.append((yaml_name(type(record), name), value))
    return found


def to_plain(record: Record) -> dict[str, Any]:
    """A record as JSON-able values by YAML name (dates as ISO text): what the journal writes."""
    return {key: value.isoformat() if isinstance(value, date) else value for key, value in fields_of(record)}


def from_plain(model: type[RecordType], data: Mapping[str, Any]) -> RecordType:
    """The record `to_plain` wrote (a KeyError, TypeError or ValueError when it is not one)."""
    values: dict[str, Any] = {}
    for name, default in _parameters(model):
        key = yaml_name(model, name)
        if key not in data:
            values[name] = default
            continue
        value, kind = data[key], _inner(_hints(model)[name])
        if kind is datetime:
            value = datetime.fromisoformat(value)
        elif kind is date and value is not None:
            value = parse_day(str(value), months=True)
        elif isinstance(value, list):
            value = tuple(value)
        elif name in model.SCALAR_WHEN_ONE and isinstance(value, str):
            value = (value,)
        values[name] = value
    return model(**values)


# How messages name each kind of record. Whole sentences per kind, so that a language with genders
# (Swedish: "okänd organisation", "okänt brev") can say each one right.
UNKNOWN = {
    ("organisation",): N_("unknown organisation {given}{hint}"),
    ("list",): N_("unknown list {given}{hint}"),
    ("letter",): N_("unknown letter {given}{hint}"),
    ("directive",): N_("unknown directive {given}{hint}"),
    ("deadline",): N_("unknown deadline {given}{hint}"),
    ("seminar",): N_("unknown seminar {given}{hint}"),
    ("staff",): N_("unknown staff member {given}{hint}"),
    ("list", "organisation"): N_("unknown list or organisation {given}{hint}"),
    ("letter", "list"): N_("unknown letter or list {given}{hint}"),
}
SECOND = {
    "organisation": N_("a second organisation with the id {id} (the first is at {where})"),
    "list": N_("a second list with the id {id} (the first is at {where})"),
    "letter": N_("a second letter with the id {id} (the first is at {where})"),
    "directive": N_("a second directive with the id {id} (the first is at {where})"),
    "deadline": N_("a second deadline with the id {id} (the first is at {where})"),
    "seminar": N_("a second seminar with the id {id} (the first is at {where})"),
    "staff": N_("a second staff member with the id {id} (the first is at {where})"),
    "report": N_("a second report called {id} (the first is at {where})"),
}
KIND_THE = {
    "organisation": N_("the organisation"),
    "list": N_("the list"),
    "letter": N_("the letter"),
    "directive": N_("the directive"),
    "deadline": N_("the deadline"),
    "seminar": N_("the seminar"),
    "staff": N_("the staff member"),
    "report": N_("the report"),
}
KIND_PLURALS = {
    "organisation": N_("organisations"),
    "list": N_("lists"),
    "letter": N_("letters"),
    "directive": N_("directives"),
    "deadline": N_("deadlines"),
    "seminar": N_("seminars"),
    "staff": N_("staff members"),
    "report": N_("reports"),
}


def yaml_name(record_type: type[Record], field_name: str) -> str:
    """The name a field has in the YAML files (`senders` is written `from`)."""
    return record_type.__pydantic_config__["alias_generator"](field_name)  # type: ignore[no-any-return]


def data_fields(record_type: type[Record]) -> list[str]:
    """The fields a record reads from its file, in order (not its `source`)."""
    return [name for name, _ in _parameters(record_type)]


def field_defaults(record_type: type[Record]) -> tuple[tuple[str, Any], ...]:
    """Each data field's name and default (dataclasses.MISSING when it must be given)."""
    return _parameters(record_type)


def _rebuild(record_type: type[Record], data: tuple[Any, ...], source: Source | None) -> Record:
    record = record_type(**{name: value for (name, _), value in zip(_parameters(record_type), data)})
    object.__setattr__(record, "source", source)
    return record


_PARAMETERS: dict[type, tuple[tuple[str, Any], ...]] = {}


def _parameters(record_type: type) -> tuple[tuple[str, Any], ...]:
    """Each data field's name and default (MISSING when it must be given); worked out once per type."""
    found = _PARAMETERS.get(record_type)
    if found is None:
        found = _PARAMETERS[record_type] = tuple((f.name, f.default) for f in fields(record_type) if f.init)
    return found
