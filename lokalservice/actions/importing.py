"""Bringing data in: spreadsheets -> rows -> matches against the folder and the register -> a plan.

A plan is a value (what would be added, changed, refused, with row numbers): the dry run prints it,
and `--write` hands the same plan to the writer. A cell is data, never a formula to evaluate.
openpyxl is imported only to read an .xlsx.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from ..i18n import N_, M
from ..model import sweden
from ..model.checks import plain_address
from ..model.folder import Folder
from ..model.problems import FileFault, LokalserviceError
from ..model.records import Contact, Organisation, read_date
from ..model.text import did_you_mean, quote, trouble
from ..source.fsio import read_bytes

MAX_ROWS = 100_000

# What each column may be called in a header row, in Swedish or English (compared without case, spaces or hyphens).
COLUMNS = {
    "organisation": ("organisation", "organisationer", "kommun", "myndighet", "organization", "municipality", "agency", "org", "namnpåorganisation"),
    "name": ("namn", "kontaktperson", "kontakt", "name", "contact", "contactperson", "fullname", "fullständigtnamn"),
    "title": ("titel", "befattning", "title", "roll", "role", "jobtitle"),
    "email": ("epost", "epostadress", "email", "emailaddress", "mejl", "mail"),
    "phone": ("telefon", "tel", "telefonnummer", "phone", "telephone", "mobil", "mobile"),
    "address": ("adress", "postadress", "address"),
    "county": ("län", "lan", "county"),
    "date": ("datum", "inkom", "inkommen", "inkomdatum", "svarsdatum", "received", "submitted", "date", "submitteddate", "tidpunkt"),
}


COLUMN_WORDS = {"organisation": N_("the organisation"), "date": N_("the date")}


_HEADERS = {sweden.name_key(word): column for column, words in COLUMNS.items() for word in words}


class Row(NamedTuple):
    number: int  # the row's number in the sheet, as the spreadsheet shows it
    cells: dict[str, str]
    notes: tuple[M, ...] = ()


class Sheet(NamedTuple):
    """The rows of a contact sheet or a survey export, by column, and the columns it has."""

    columns: tuple[str, ...]
    rows: tuple[Row, ...]


def read_sheet(path: Path, needed: tuple[str, ...]) -> Sheet:
    """The first sheet of an .xlsx, or a .csv (';' or ',', UTF-8 with or without BOM, or Windows-1252)."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise LokalserviceError(M("{file}: an old Excel file (.xls); save it as .xlsx or .csv and import that", file=str(path)))
    raw = read_bytes(path, str(path))
    if raw is None:
        raise FileFault(M("{file}: it does not exist", file=str(path)))
    cells = _xlsx(path, raw) if suffix in (".xlsx", ".xlsm") else _csv(path, raw) if suffix in (".csv", ".txt") else None
    if cells is None:
        raise LokalserviceError(M("{file}: not a spreadsheet lokalservice reads; give an .xlsx or a .csv", file=str(path)))
    return _table(path, cells, needed)


MAX_COLUMNS = 200  # far more than a contact list or a survey export has
MAX_UNPACKED = 64 * 2**20  # what an .xlsx of 100,000 rows unpacks to, and more: a larger one is not a contact list


def _xlsx(path: Path, raw: bytes) -> list[tuple[int, list[Any]]]:
    """The cells of the first sheet, read as a stream (openpyxl's read-only mode), at most MAX_COLUMNS wide: a workbook
    that unpacks to more than MAX_UNPACKED, or claims a sheet far larger than it holds, is refused before it is read."""
    import zipfile

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise LokalserviceError(M("{file}: not a readable Excel workbook ({reason})", file=str(path), reason=type(error).__name__)) from None
    if unpacked > MAX_UNPACKED:
        raise LokalserviceError(M("{file}: it unpacks to {size} MB; that is not a contact list or a survey export", file=str(path), size=unpacked // 2**20))
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)  # formulas stay text: a cell is data, never run
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise LokalserviceError(M("{file}: not a readable Excel workbook ({reason})", file=str(path), reason=type(error).__name__)) from None
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # what the sheet holds, not the size its <dimension> claims
        return _numbered(path, sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS))
    finally:
        book.close()


def _csv(path: Path, raw: bytes) -> list[tuple[int, list[Any]]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes all but five bytes
        raise LokalserviceError(M("{file}: neither UTF-8 nor Windows-1252; save it as UTF-8", file=str(path)))
    if "\x00" in text:
        raise LokalserviceError(M("{file}: not a text file (NUL bytes; UTF-16?); save it as CSV in UTF-8", file=str(path)))
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _numbered(path, reader)
    except csv.Error:  # a cell over the csv module's limit (128 KiB), or a quote that never closes
        raise LokalserviceError(
            M(
                "{file}: row {row}: a cell longer than 128 KiB, or a quotation mark never closed; that is not a contact list",
                file=str(path),
                row=reader.line_num,
            )
        ) from None


def _numbered(path: Path, rows: Iterable[Iterable[Any]]) -> list[tuple[int, list[Any]]]:
    """Each row with its number as the spreadsheet shows it; refused as soon as there are more than MAX_ROWS (and
    a header), before the rest of a huge sheet is read."""
    numbered = []
    for number, values in enumerate(rows, start=1):
        if number > MAX_ROWS + 1:
            raise LokalserviceError(M("{file}: more than {n} rows; that is not a contact list or a survey export", file=str(path), n=MAX_ROWS))
        numbered.append((number, list(values)))
    return numbered


def _table(path: Path, cells: list[tuple[int, list[Any]]], needed: tuple[str, ...]) -> Sheet:
    filled = [(number, values) for number, values in cells if any(_text(v) for v in values)]
    if not filled:
        raise LokalserviceError(M("{file}: the sheet is empty", file=str(path)))
    _, header = filled[0]
    columns: dict[int, str] = {}
    for index, value in enumerate(header):
        column = _HEADERS.get(sweden.name_key(_text(value)))
        if column and column not in columns.values():
            columns[index] = column
    for column in needed:
        if column not in columns.values():
            words = ", ".join(word.capitalize() for word in COLUMNS[column][:3])
            raise LokalserviceError(
                M("{file}: no column for {column} in the first row (write one of: {words})", file=str(path), column=M(COLUMN_WORDS[column]), words=words)
            )
    rows = []
    for number, values in filled[1:]:
        found: dict[str, str] = {}
        notes: list[M] = []
        for index, column in columns.items():
            value = values[index] if index < len(values) else None
            if column == "phone" and isinstance(value, int | float) and not isinstance(value, bool):
                notes.append(
                    M(
                        "phone {value} is stored as a number in the sheet and has lost its leading 0; it is left out (format the column as text)",
                        value=int(value),
                    )
                )
                continue
            found[column] = _text(value)
        rows.append(Row(number, found, tuple(notes)))
    return Sheet(tuple(columns.values()), tuple(rows))


def _text(value: Any) -> str:
    """A cell as text: dates as ISO dates, whole numbers without '.0', text with its spaces (also non-breaking) trimmed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).replace("\u00a0", " ").split())


# --- Matching a row to an organisation -----------------------------------------------------------------------------


class Match(NamedTuple):
    """An organisation a row names: one of the folder's, or a municipality of the register to add; else a hint."""

    organisation: Organisation | None
    municipality: sweden.Municipality | None
    hint: M | None


def match(folder: Folder, text: str) -> Match:
    """The organisation `text` names: by id or name in the folder (case, spaces, hyphens and 'kommun' aside), else a
    municipality of the register; else nothing, with the nearest names ('Alvdalen' -> 'Älvdalen')."""
    from ..workspace import find_by_name

    found = folder.organisation.get(text) or find_by_name(folder.organisations, text)
    if found is not None:
        return Match(found, None, None)
    municipality = sweden.match_municipality(text)
    if municipality is not None:
        existing = next((org for org in folder.organisations if org.kind == "municipality" and org.name == municipality.name), None)
        return Match(existing, None if existing else municipality, None)
    hint = did_you_mean(text, [*(org.name for org in folder.organisations), *sweden.municipality_names()])
    return Match(None, None, hint if hint.template else None)


# --- The plan for contacts -----------------------------------------------------------------------------------------

CONTACT_FIELDS = ("title", "email", "phone", "address")


class NewOrganisation(NamedTuple):
    id: str
    name: str
    kind: str
    rows: tuple[int, ...]


class NewContact(NamedTuple):
    organisation: str  # id
    fields: dict[str, str]
    row: int


class Changed(NamedTuple):
    organisation: str  # id
    contact: str | None  # the contact's name; None for the organisation's own address
    changes: dict[str, tuple[str | None, str]]  # field -> (old, new)
    row: int


class Unplaced(NamedTuple):
    row: int
    why: M


class Plan(NamedTuple):
    new_organisations: list[NewOrganisation]
    new_contacts: list[NewContact]
    changed: list[Changed]
    unplaced: list[Unplaced]
    notes: list[tuple[int, M]]
    unchanged: int

    @property
    def empty(self) -> bool:
        return not (self.new_organisations or self.new_contacts or self.changed)


def municipality_record(municipality: sweden.Municipality) -> NewOrganisation:
    return NewOrganisation(sweden.municipality_ids()[municipality.code], municipality.name, "municipality", ())


def contacts_plan(folder: Folder, sheet: Sheet) -> Plan:
    """What a contact sheet would change in organisations.yaml."""
    new_orgs: dict[str, NewOrganisation] = {}
    new_contacts: dict[tuple[str, str], NewContact] = {}
    changed: list[Changed] = []
    unplaced: list[Unplaced] = []
    notes: list[tuple[int, M]] = [(row.number, note) for row in sheet.rows for note in row.notes]
    unchanged = 0
    for row in sheet.rows:
        written = row.cells.get("organisation", "")
        if not written:
            unplaced.append(Unplaced(row.number, M("no organisation named")))
            continue
        wrong = next(
            ((column, why) for column, value in row.cells.items() if (why := trouble(value, header=column in ("organisation", "name", "title")))), None
        )
        if wrong is not None:  # a cell a mail program would read as a header of its own: the row waits
            unplaced.append(Unplaced(row.number, M("{column}: {why}", column=wrong[0], why=wrong[1])))
            continue
        found = match(folder, written)
        if found.organisation is None and found.municipality is None:
            unplaced.append(
                Unplaced(
                    row.number,
                    M("{name} is neither an organisation of the inquiry nor a municipality{hint}", name=quote(written), hint=found.hint or M.blank()),
                )
            )
            continue
        email = row.cells.get("email", "")
        if email and not plain_address(email):  # the whole row waits: not even its municipality is added
            unplaced.append(Unplaced(row.number, M("{address} is not one plain e-mail address", address=quote(email))))
            continue
        if found.municipality is not None:
            record = municipality_record(found.municipality)
            org_id = record.id
            new_orgs[org_id] = NewOrganisation(
                record.id, record.name, record.kind, (*new_orgs[org_id].rows, row.number) if org_id in new_orgs else (row.number,)
            )
            contacts: tuple[Contact, ...] = ()
            own_email = None
        else:
            assert found.organisation is not None
            org_id, contacts, own_email = found.organisation.id, found.organisation.contacts, found.organisation.email
        name = row.cells.get("name", "")
        values = {field: row.cells[field] for field in CONTACT_FIELDS if row.cells.get(field)}
        if not name:  # a row without a person: the organisation's own address (its registrator)
            if email and email != own_email:
                changed.append(Changed(org_id, None, {"email": (own_email, email)}, row.number))
            else:
                unchanged += 1
            continue
        existing = next((c for c in contacts if sweden.name_key(c.name) == sweden.name_key(name)), None)
        if existing is None:
            if (org_id, sweden.name_key(name)) in new_contacts:
                notes.append((row.number, M("{name} at {organisation} is on an earlier row too; this row is used", name=name, organisation=org_id)))
            new_contacts[(org_id, sweden.name_key(name))] = NewContact(org_id, {"name": name, **values}, row.number)
            continue
        differences = {field: (getattr(existing, field), value) for field, value in values.items() if getattr(existing, field) != value}
        if differences:
            changed.append(Changed(org_id, existing.name, differences, row.number))
        else:
            unchanged += 1
    return Plan(list(new_orgs.values()), list(new_contacts.values()), changed, unplaced, notes, unchanged)


# --- The plan for replies from a survey export ---------------------------------------------------------------------


class NewReply(NamedTuple):
    organisation: str
    received: date
    row: int


class ReplyPlan(NamedTuple):
    new: list[NewReply]
    recorded: list[tuple[int, str]]  # rows whose reply is already in replies.yaml
    unplaced: list[Unplaced]
    notes: list[tuple[int, M]]


def replies_plan(folder: Folder, letter_id: str, sheet: Sheet) -> ReplyPlan:
    """What a survey export would add to replies.yaml for one letter: one reply per row, none recorded twice."""
    recorded = {o for r in folder.replies_to.get(letter_id, []) for o in r.organisations}  # a joint reply is one from each
    new: dict[str, NewReply] = {}
    already: list[tuple[int, str]] = []
    unplaced: list[Unplaced] = []
    notes: list[tuple[int, M]] = [(row.number, note) for row in sheet.rows for note in row.notes]
    for row in sheet.rows:
        written = row.cells.get("organisation", "")
        found = match(folder, written) if written else Match(None, None, None)
        if found.organisation is None:
            reason = (
                M("{name} is a municipality the inquiry has not recorded; add it first (lokalservice add municipalities)", name=quote(written))
                if found.municipality
                else M("{name} is not an organisation of the inquiry{hint}", name=quote(written), hint=found.hint or M.blank())
            )
            unplaced.append(Unplaced(row.number, reason if written else M("no organisation named")))
            continue
        received = read_date(row.cells.get("date", ""))
        if received is None:
            unplaced.append(Unplaced(row.number, M("{value} is not a date", value=quote(row.cells.get("date", "")))))
            continue
        org_id = found.organisation.id
        if org_id in recorded:
            already.append((row.number, org_id))
        elif org_id in new:
            notes.append((row.number, M("a second answer from {organisation}; the first (row {first}) is kept", organisation=org_id, first=new[org_id].row)))
        else:
            new[org_id] = NewReply(org_id, received, row.number)
    return ReplyPlan(list(new.values()), already, unplaced, notes)
