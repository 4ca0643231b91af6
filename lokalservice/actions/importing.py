"""Bringing data in: spreadsheets -> rows -> matches against the folder and the register -> a plan.

A sheet is read as it arrives: its header may stand below a title row (the first of the first ten rows that names an
organisation column and one more known column, or the row `--header-row` names), a survey tool's export names its
columns as that tool does (timestamps, the respondent, the questions as column titles), and a CSV is decoded with one
encoding for the whole file or refused (source/fsio.encoding_of). A plan is a value (what would be added, changed,
refused, with row numbers, and which columns were not used): the dry run prints it, and `--write` hands the same plan to
the writer. A cell is data, never a formula to evaluate. openpyxl is imported only to read an .xlsx.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..i18n import N_, M, Mn
from ..model import rules, sweden
from ..model.checks import plain_address
from ..model.folder import Folder
from ..model.problems import FileFault, LokalserviceError
from ..model.records import KIND_WORDS, ORGANISATION_KINDS, Contact, Letter, Organisation, Reply, Source, read_date
from ..model.text import did_you_mean, quote, trouble
from ..source.fsio import encoding_of, read_bytes

if TYPE_CHECKING:
    from collections.abc import Sequence

MAX_ROWS = 100_000
HEADER_ROWS = 10  # a header is looked for in this many rows from the top (a title row or two may stand above it)

# What each column may be called in a header row, in Swedish or English (compared without case, spaces or hyphens), as
# contact sheets and the survey tools' exports (Microsoft Forms, Google Forms, Netigate, Esmaker, LimeSurvey) name them;
# messages suggest the first three of each.
COLUMNS = {
    column: tuple(words.split(", "))
    for column, words in {
        "organisation": "Organisation, Kommun, Myndighet, Organisationer, Organization, Municipality, Agency, Org, Namn på organisation, "
        "Organisationsnamn, Kommunnamn, Myndighetsnamn, Organisationens namn, Organisation name, Organization name",
        "kind": "Typ, Kind, Type, Organisationstyp, Slag",
        "name": "Namn, Kontaktperson, Kontakt, Name, Contact, Contact person, Full name, Fullständigt namn, Respondent, Respondentnamn, Ditt namn, Your name",
        "title": "Titel, Befattning, Title, Roll, Role, Job title",
        "email": "E-post, E-postadress, Email, Email address, Mejl, Mail, Mejladress, Respondent email, Respondentens e-post, Din e-postadress, Your email",
        "phone": "Telefon, Tel, Telefonnummer, Phone, Telephone, Mobil, Mobile",
        "address": "Adress, Postadress, Address",
        "county": "Län, Lan, County",
        "date": "Datum, Inkom, Inkommen, Inkomdatum, Svarsdatum, Received, Submitted, Date, Submitted date, Tidpunkt, Tid för slutförande, "
        "Slutförd, Slutförande, Completion time, Completed, Completed at, Submitdate, Date submitted, Tidstämpel, Tidsstämpel, Timestamp, "
        "Inskickad, Inskickat, Skickad, Besvarad, End date, Slutdatum, Sluttid",
        # When an answer was begun: the date of a reply only when the export says nothing of when it was sent.
        "started": "Starttid, Start time, Start date, Started, Startad, Påbörjad, Startdatum, Date started",
    }.items()
}
# A survey's question that asks for the organisation ('Vilken kommun svarar du för?'): an asking word, then the organisation word.
ASKING_WORDS = set("vilken vilket vilka ange uppge namn which what name enter state".split())
FILLER_WORDS = set("er ert din ditt du från för på i your the of from for in you".split())
ORGANISATION_WORDS = set("kommun kommunen organisation organisationen myndighet myndigheten länsstyrelse region municipality organization agency".split())
# The consent column is the one whose title speaks of publishing ('Får vi publicera ert svar på utredningens webbplats?').
CONSENT_WORDS = re.compile(r"\b(publicer\w*|publish\w*|publication\w*)\b", re.IGNORECASE)
YES_WORDS = {"ja", "yes", "j", "y", "true", "sant"}
NO_WORDS = {"nej", "no", "n", "false", "falskt"}

# The words a sheet's kind column (Typ) may hold: the data's own (records.KIND_WORDS), English, and 'organisation'.
KINDS = {
    sweden.name_key(word): kind
    for word, kind in {
        **KIND_WORDS,
        **{kind: kind for kind in ORGANISATION_KINDS},
        "organisation": "other",
        "organization": "other",
        "övrig": "other",
        "övriga": "other",
        "ideell förening": "nonprofit",
        "förening": "nonprofit",
        "county board": "county_board",
        "non-profit": "nonprofit",
        "kommuner": "municipality",
        "regioner": "region",
        "myndigheter": "agency",
        "länsstyrelser": "county_board",
    }.items()
}

COLUMN_WORDS = {  # how the plan and the help name each column to people
    "organisation": N_("organisation"),
    "kind": N_("kind"),
    "name": N_("name"),
    "title": N_("title"),
    "email": N_("e-mail"),
    "phone": N_("phone"),
    "address": N_("address"),
    "county": N_("county"),
    "date": N_("received"),
    "started": N_("started"),
    "consent": N_("publish"),
}
CONTACT_COLUMNS = ("organisation", "kind", "name", "title", "email", "phone", "address", "county")
REPLY_COLUMNS = ("organisation", "email", "name", "date", "consent")

_HEADERS = {sweden.name_key(word): column for column, words in COLUMNS.items() for word in words}


def columns_help(used: Sequence[str]) -> str:
    """The columns an import reads and the names it knows each by, in the language in use: the end of its --help."""
    shown = {column: ", ".join(words) for column, words in COLUMNS.items()}
    shown["organisation"] += str(M(", or a question such as 'Vilken kommun svarar du för?'"))
    if "date" in used:
        shown["organisation"] += str(M("; without one, the respondent's e-mail domain"))
        shown["date"] += str(M("; else {words}", words=", ".join(COLUMNS["started"])))
    shown["kind"] += str(M(", holding one of: {kinds}", kinds=KIND_EXAMPLES))
    shown["consent"] = str(M("a column whose title speaks of publishing (publicera, publish), answered Ja/Nej or Yes/No"))
    lines = [str(M("Columns it reads, by their names in the header row (any case, spaces and hyphens aside); any other column is named as not used:"))]
    return "\n\n".join(lines + [f"{M(COLUMN_WORDS[column])}: {shown[column]}" for column in used])


class Row(NamedTuple):
    number: int  # the row's number in the sheet, as the spreadsheet shows it
    cells: dict[str, str]
    notes: tuple[M, ...] = ()
    refused: M | None = None  # why the row cannot be read as its header says (a value beyond the named columns)


class Sheet(NamedTuple):
    """The rows of a contact sheet or a survey export, by column; the header row it found, every header as written
    with the column it was read as (None: not one the import knows), and what it must say of the file (its encoding)."""

    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    header: int = 1
    headers: tuple[tuple[str, str | None], ...] = ()
    notes: tuple[M, ...] = ()

    def unused(self, used: Iterable[str]) -> list[str]:
        """The headers of the columns an import does not read."""
        wanted = set(used)
        return [text for text, column in self.headers if column not in wanted]

    def lines(self, used: Iterable[str]) -> list[str]:
        """What the plan says of the sheet itself: its header row and the columns read and not read, and its encoding."""
        wanted = tuple(used)
        read = ", ".join(str(M("{header} ({column})", header=text, column=M(COLUMN_WORDS[column]))) for text, column in self.headers if column in wanted)
        found = [str(M("Header row {row}: {columns}", row=self.header, columns=read))]
        unused = self.unused(wanted)
        if unused:
            found.append(str(Mn("Column not used ({n}): {columns}", "Columns not used ({n}): {columns}", n=len(unused), columns=", ".join(unused))))
        return found + [str(note) for note in self.notes]


# Which columns a sheet must have, each as its alternatives: an organisation column, or for replies the e-mail
# column whose domain names the organisation.
CONTACTS_NEED = (("organisation",),)
REPLIES_NEED = (("organisation", "email"), ("date", "started"))


def read_sheet(path: Path, needed: Sequence[Sequence[str]], header_row: int | None = None) -> Sheet:
    """The first sheet of an .xlsx, or a .csv (';' or ',', UTF-8 with or without BOM, or Windows-1252); its header the
    row `header_row` names, else the first of the first ten that names the needed columns and one more known column."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise LokalserviceError(M("{file}: an old Excel file (.xls); save it as .xlsx or .csv and import that", file=str(path)))
    raw = read_bytes(path, str(path))
    if raw is None:
        raise FileFault(M("{file}: it does not exist", file=str(path)))
    notes: list[M] = []
    cells = _xlsx(path, raw) if suffix in (".xlsx", ".xlsm") else _csv(path, raw, notes) if suffix in (".csv", ".txt") else None
    if cells is None:
        raise LokalserviceError(M("{file}: not a spreadsheet lokalservice reads; give an .xlsx or a .csv", file=str(path)))
    sheet = _table(path, cells, needed, header_row)
    return sheet._replace(notes=(*notes, *sheet.notes))


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


def _csv(path: Path, raw: bytes, notes: list[M]) -> list[tuple[int, list[Any]]]:
    """The rows of a CSV in the one encoding the whole file has: UTF-8 when the whole file is (read at once); else the
    rows are split on the bytes (';', ',', quotes and line ends are the same in UTF-8 and Windows-1252) and each row's
    bytes judged (fsio.encoding_of): Windows-1252 when no row is UTF-8, a refusal naming the row when they mix."""
    if b"\x00" in raw:
        raise LokalserviceError(M("{file}: not a text file (NUL bytes; UTF-16?); save it as CSV in UTF-8", file=str(path)))
    try:
        return _csv_rows(path, raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    rows = _csv_rows(path, raw.decode("latin-1"))  # one character per byte: only to find the rows and cells
    as_bytes = [[cell.encode("latin-1") for cell in values] for _, values in rows]
    encoding, note = encoding_of([b"\x1f".join(cells) for cells in as_bytes], str(path), rows=True)
    if note is not None:
        notes.append(note)
    return [(number, [cell.decode(encoding) for cell in cells]) for (number, _), cells in zip(rows, as_bytes)]


def _csv_rows(path: Path, text: str) -> list[tuple[int, list[Any]]]:
    top = "\n".join([line for line in text.splitlines()[: HEADER_ROWS * 2] if line.strip()][:HEADER_ROWS])  # a title row may stand first
    delimiter = ";" if top.count(";") >= top.count(",") else ","
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


def header_columns(values: Sequence[Any]) -> dict[int, str]:
    """The columns a header row names, by index: by their names first, then a survey's question for the organisation
    and the column that asks for consent to publish; of two columns for one thing, the first (the other is not used)."""
    found: dict[str, int] = {}
    texts = [_text(value) for value in values]
    for index, text in enumerate(texts):
        column = _HEADERS.get(sweden.name_key(text))
        if column:
            found.setdefault(column, index)
    for index, text in enumerate(texts):
        if "organisation" not in found and _asks_for_organisation(text):
            found["organisation"] = index
        if "consent" not in found and index not in found.values() and CONSENT_WORDS.search(text):
            found["consent"] = index
    return {index: column for column, index in sorted(found.items(), key=lambda item: item[1])}


def _asks_for_organisation(text: str) -> bool:
    """A question such as 'Vilken kommun svarar du för?' or 'Name of your organisation': an asking word, then (past
    words such as 'er', 'your') the word for an organisation. 'Vilka tjänster erbjuder er kommun?' is not one."""
    words = [word for word in re.split(r"[^\w]+", text.casefold()) if word]
    while words and words[0] in FILLER_WORDS:
        words.pop(0)
    if not words or words[0] not in ASKING_WORDS:
        return False
    rest = [word for word in words[1:] if word not in FILLER_WORDS and word not in ASKING_WORDS]
    return bool(rest) and rest[0] in ORGANISATION_WORDS


def _table(path: Path, cells: list[tuple[int, list[Any]]], needed: Sequence[Sequence[str]], header_row: int | None) -> Sheet:
    filled = [(number, values) for number, values in cells if any(_text(v) for v in values)]
    if not filled:
        raise LokalserviceError(M("{file}: the sheet is empty", file=str(path)))
    header = _header(path, filled, needed, header_row)
    number, values = header
    columns = header_columns(values)
    notes: list[M] = []
    if "date" not in columns.values() and "started" in columns.values() and ("date", "started") in [tuple(n) for n in needed]:
        index = next(i for i, c in columns.items() if c == "started")
        columns[index] = "date"
        notes.append(M("The date of each reply is read from {column}: the sheet has no column for when an answer was sent.", column=_text(values[index])))
    headers = tuple((_text(value), columns.get(index)) for index, value in enumerate(values) if _text(value))
    rows = []
    for row_number, row_values in filled:
        if row_number <= number:
            continue
        found: dict[str, str] = {}
        row_notes: list[M] = []
        for index, column in columns.items():
            value = row_values[index] if index < len(row_values) else None
            if column == "phone" and isinstance(value, int | float) and not isinstance(value, bool):
                row_notes.append(
                    M(
                        "phone {value} is stored as a number in the sheet and has lost its leading 0; it is left out (format the column as text)",
                        value=int(value),
                    )
                )
                continue
            found[column] = _text(value)
        rows.append(Row(row_number, found, tuple(row_notes), _beyond(values, row_values, found)))
    return Sheet(tuple(columns.values()), tuple(rows), number, headers, tuple(notes))


def _beyond(header: list[Any], values: list[Any], cells: dict[str, str]) -> M | None:
    """Why a row does not stand under its header: a value in a column the header row leaves unnamed (a cell split in
    two by a ';' or ',' written in it), or an e-mail address where the phone number goes: read as it stands, it would
    put one value in another's field without a word."""
    named = {index for index, value in enumerate(header) if _text(value)}
    stray = [_text(value) for index, value in enumerate(values) if index not in named and _text(value)]
    if stray:
        return M(
            "a value under no header ({value}): a cell split in two by a separator written in it? put that cell in quotes, or save the sheet as .xlsx",
            value=stray[0][:60],
        )
    if "@" in cells.get("phone", ""):
        return M("phone: {value} is an e-mail address: are the cells shifted? (a separator written inside a cell)", value=cells["phone"][:60])
    return None


def _header(path: Path, filled: list[tuple[int, list[Any]]], needed: Sequence[Sequence[str]], header_row: int | None) -> tuple[int, list[Any]]:
    """The header row: the one `header_row` names, else the first of the first ten that names every needed column
    and at least two known columns in all."""

    def missing(values: list[Any]) -> list[Sequence[str]]:
        named = set(header_columns(values).values())
        return [choice for choice in needed if not named.intersection(choice)]

    if header_row is not None:
        chosen = next(((number, values) for number, values in filled if number == header_row), None)
        if chosen is None:
            raise LokalserviceError(
                M("{file}: row {row} is empty or not in the sheet; --header-row names the row with the column names", file=str(path), row=header_row)
            )
        lacking = missing(chosen[1])
        if lacking:
            raise LokalserviceError(
                M(
                    "{file}: row {row} has no column for {column} (write one of: {words})",
                    file=str(path),
                    row=header_row,
                    column=_wanted(lacking[0]),
                    words=_examples(lacking[0]),
                )
            )
        return chosen
    for number, values in filled:
        if number > HEADER_ROWS:
            break
        if not missing(values) and len(header_columns(values)) >= 2:
            return number, values
    choice = needed[0]
    raise LokalserviceError(
        M(
            "{file}: none of the first {n} rows names a column for {column} (write one of: {words}) and one more column; "
            "if the column names stand further down, say which row with --header-row N",
            file=str(path),
            n=HEADER_ROWS,
            column=_wanted(choice),
            words=_examples(choice),
        )
    )


def _wanted(choice: Sequence[str]) -> M:
    words = [M(COLUMN_WORDS[column]) for column in choice]
    return words[0] if len(words) == 1 else M("{one} or {other}", one=words[0], other=words[1])


def _examples(choice: Sequence[str]) -> str:
    return ", ".join(word for column in choice for word in COLUMNS[column][:3])


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


def by_domain(folder: Folder, address: str) -> Organisation | M:
    """The one organisation of the folder with an address (its own or a contact's) at the domain of `address`; else why not."""
    domain = address.rsplit("@", 1)[-1].casefold()
    found = [
        org
        for org in folder.organisations
        if any(email and email.rsplit("@", 1)[-1].casefold() == domain for email in (org.email, *(c.email for c in org.contacts)))
    ]
    if len(found) == 1:
        return found[0]
    if found:
        names = ", ".join(org.name for org in found)
        return M("the e-mail domain {domain} is that of several organisations ({names}); write the organisation in the sheet", domain=domain, names=names)
    return M("no organisation of the inquiry has an address at {domain}; write the organisation in the sheet", domain=domain)


# --- The plan for contacts -----------------------------------------------------------------------------------------

CONTACT_FIELDS = ("title", "email", "phone", "address")


class NewOrganisation(NamedTuple):
    id: str
    name: str
    kind: str
    rows: tuple[int, ...]
    county: str | None = None
    email: str | None = None  # its own address, from a row without a name

    def fields(self) -> list[tuple[str, Any]]:
        """The record as organisations.yaml writes it, without its contacts."""
        found: list[tuple[str, Any]] = [("id", self.id), ("kind", self.kind), ("name", self.name)]
        return found + [(key, value) for key, value in (("county", self.county), ("email", self.email)) if value]


class NewContact(NamedTuple):
    organisation: str  # id
    fields: dict[str, str]
    row: int


class Changed(NamedTuple):
    organisation: str  # id
    contact: str | None  # the contact's name; None for the organisation's own address
    changes: dict[str, tuple[str | None, str]]  # field -> (old, new)
    row: int
    email: str | None = None  # of several contacts of one name, the one with this address


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
    sheet: Sheet | None = None

    @property
    def empty(self) -> bool:
        return not (self.new_organisations or self.new_contacts or self.changed)

    def lines(self, folder: Folder) -> list[str]:
        """The plan for people: the sheet as read, what would be added and changed, what agrees already, and the rows
        it cannot place; field names in the reader's language."""
        names = {org.id: org.name for org in folder.organisations} | {o.id: o.name for o in self.new_organisations}
        lines = self.sheet.lines(CONTACT_COLUMNS) if self.sheet else []
        if self.new_organisations:
            lines.append(str(Mn("New organisation ({n}):", "New organisations ({n}):", n=len(self.new_organisations))))
            for new in self.new_organisations:
                kind = "" if new.kind == "municipality" else f", {M(ORGANISATION_KINDS[new.kind])}"
                email = str(M(", own address {email}", email=new.email)) if new.email else ""
                lines.append(f"  {new.name} ({new.id}{kind}){email}")
        if self.new_contacts:
            lines.append(str(Mn("New contact ({n}):", "New contacts ({n}):", n=len(self.new_contacts))))
            for contact in self.new_contacts:
                details = ", ".join(value for key, value in contact.fields.items() if key != "name")
                lines.append(f"  {names[contact.organisation]}: {contact.fields['name']}" + (f" ({details})" if details else ""))
        if self.changed:
            lines.append(str(Mn("Changed ({n}):", "Changed ({n}):", n=len(self.changed))))
            for changed in self.changed:
                who = f"{names[changed.organisation]}: {changed.contact}" if changed.contact else names[changed.organisation]
                lines += [f"  {who}: {M(COLUMN_WORDS[field])} {old or '–'} → {new}" for field, (old, new) in changed.changes.items()]
        if self.unchanged:
            lines.append(str(Mn("Unchanged: {n} row agrees with organisations.yaml.", "Unchanged: {n} rows agree with organisations.yaml.", n=self.unchanged)))
        if self.unplaced:
            lines.append(str(Mn("Row that cannot be placed ({n}):", "Rows that cannot be placed ({n}):", n=len(self.unplaced))))
            lines += [str(M("  row {row}: {why}", row=u.row, why=u.why)) for u in self.unplaced]
        lines += notes_lines(self.notes)
        if self.empty and not self.unplaced:
            lines.append(str(M("Nothing to change: the sheet agrees with organisations.yaml.")))
        return lines


def notes_lines(notes: list[tuple[int, M]]) -> list[str]:
    """What a plan notes about its rows, in the order of the rows."""
    if not notes:
        return []
    heading = str(Mn("Note ({n}):", "Notes ({n}):", n=len(notes)))
    return [heading] + [str(M("  row {row}: {why}", row=row, why=note)) for row, note in sorted(notes, key=lambda note: note[0])]


def municipality_record(municipality: sweden.Municipality) -> NewOrganisation:
    return NewOrganisation(sweden.municipality_ids()[municipality.code], municipality.name, "municipality", ())


_NAMES_APART = re.compile(r"\s*(?:;|/|&|\boch\b|\band\b)\s*", re.IGNORECASE)
_ADDRESSES_APART = re.compile(r"[;,\s]+")
KIND_EXAMPLES = "kommun, region, länsstyrelse, myndighet, organisation"


class _Place(NamedTuple):
    """Where a row's organisation is: one of the folder's, or one to add; else why not."""

    organisation: Organisation | None = None
    new: NewOrganisation | None = None
    why: M | None = None


def _place(folder: Folder, row: Row, new_ids: dict[str, NewOrganisation], has_kinds: bool) -> _Place:
    """The organisation a contact row names: of the folder, a municipality of the register, or (when the sheet has a
    kind column) a region, county board, agency or other body to add, with an id made from its name."""
    written = row.cells["organisation"]
    kind_text = row.cells.get("kind", "")
    kind = KINDS.get(sweden.name_key(kind_text)) if kind_text else None
    if kind_text and kind is None:
        return _Place(why=M("{kind} is not a kind of organisation lokalservice knows (write {kinds})", kind=quote(kind_text), kinds=KIND_EXAMPLES))
    county_text = row.cells.get("county", "")
    county = sweden.match_county(county_text) if county_text else None
    if county_text and county is None:
        return _Place(why=M("unknown county {county}{hint}", county=quote(county_text), hint=did_you_mean(county_text, sweden.county_names())))
    if kind == "county_board":
        county = county or sweden.match_county(re.sub(r"(?i)^länsstyrelsen( i)?\s+", "", written))
        if county is None:
            return _Place(why=M("a county board names its county: write it in a Län column (for example Västernorrland)"))
        existing = next((org for org in folder.organisations if org.kind == "county_board" and folder.county(org) == county), None)
        if existing is not None:
            return _Place(existing)
        return _Place(new=_new(folder, new_ids, sweden.county_board_name(county), "county_board", "lst-" + sweden.ascii_id(county.name), county.name))
    found = match(folder, written)
    if found.organisation is not None:
        return _Place(found.organisation)
    if found.municipality is not None and kind in (None, "municipality"):
        return _Place(new=municipality_record(found.municipality))
    if kind is None or kind == "municipality":
        if kind == "municipality":
            why = M("{name} is not one of Sweden's municipalities{hint}", name=quote(written), hint=did_you_mean(written, sweden.municipality_names()))
        else:
            why = M("{name} is neither an organisation of the inquiry nor a municipality{hint}", name=quote(written), hint=found.hint or M.blank())
            if not has_kinds:
                why = why + M("; to add another kind of organisation, give the sheet a Typ column ({kinds})", kinds=KIND_EXAMPLES)
        return _Place(why=why)
    return _Place(new=_new(folder, new_ids, written, kind, sweden.ascii_id(written) or "organisation", county.name if county else None))


def _new(folder: Folder, new_ids: dict[str, NewOrganisation], name: str, kind: str, id_: str, county: str | None) -> NewOrganisation:
    """A new organisation of the sheet, its id unique among the folder's organisations and lists (a number added)."""
    for new in new_ids.values():
        if sweden.name_key(new.name) == sweden.name_key(name) and new.kind == kind:
            return new
    taken = set(folder.organisation) | set(folder.mailing_list) | set(new_ids) | set(sweden.municipality_ids().values())
    unique, n = id_, 1
    while unique in taken:
        n += 1
        unique = f"{id_}-{n}"
    return NewOrganisation(unique, name, kind, (), county)


def _people(row: Row) -> list[tuple[str, str]] | M:
    """The persons a row names, each with the one address that is theirs: a cell with two addresses becomes two
    contacts, of the row's one name or of its names in order ('Anna Ek; Per Ek'); anything else is refused, saying how."""
    name = row.cells.get("name", "")
    email = row.cells.get("email", "")
    addresses = [part for part in _ADDRESSES_APART.split(email) if part]
    if len(addresses) <= 1:
        return [(name, email)]
    if not all(plain_address(address) for address in addresses):
        return M("{address} is not one plain e-mail address", address=quote(email))
    names = [part for part in _NAMES_APART.split(name) if part]
    if len(names) == 1:
        return [(names[0], address) for address in addresses]
    if len(names) == len(addresses):
        return list(zip(names, addresses))
    how = M(
        "{address} holds {n} addresses, and the row names {names}; write one address in the cell, and each other address on a row of "
        "its own with the name of its contact (or with no name: the organisation's own address)",
        address=quote(email),
        n=len(addresses),
        names=M("no one") if not names else Mn("{n} person", "{n} persons", n=len(names)),
    )
    return how


def contacts_plan(folder: Folder, sheet: Sheet) -> Plan:
    """What a contact sheet would change in organisations.yaml."""
    new_orgs: dict[str, NewOrganisation] = {}
    new_contacts: dict[tuple[str, str, str], NewContact] = {}
    changed: list[Changed] = []
    unplaced: list[Unplaced] = []
    notes: list[tuple[int, M]] = [(row.number, note) for row in sheet.rows for note in row.notes]
    unchanged = 0
    has_kinds = "kind" in sheet.columns
    for row in sheet.rows:
        written = row.cells.get("organisation", "")
        if row.refused is not None:
            unplaced.append(Unplaced(row.number, row.refused))
            continue
        if not written:
            unplaced.append(Unplaced(row.number, M("no organisation named")))
            continue
        wrong = next(
            ((column, why) for column, value in row.cells.items() if (why := trouble(value, header=column in ("organisation", "name", "title")))), None
        )
        if wrong is not None:  # a cell a mail program would read as a header of its own: the row waits
            unplaced.append(Unplaced(row.number, M("{column}: {why}", column=wrong[0], why=wrong[1])))
            continue
        place = _place(folder, row, new_orgs, has_kinds)
        if place.why is not None:
            unplaced.append(Unplaced(row.number, place.why))
            continue
        people = _people(row)
        if isinstance(people, M):
            unplaced.append(Unplaced(row.number, people))
            continue
        email = row.cells.get("email", "")
        if len(people) == 1 and email and not plain_address(email):  # the whole row waits: not even its municipality is added
            unplaced.append(Unplaced(row.number, M("{address} is not one plain e-mail address", address=quote(email))))
            continue
        contacts: tuple[Contact, ...] = ()
        if place.new is not None:
            earlier = new_orgs.get(place.new.id, place.new)
            new_orgs[place.new.id] = earlier._replace(rows=(*earlier.rows, row.number))
            org_id, own_email = place.new.id, new_orgs[place.new.id].email
        else:
            assert place.organisation is not None
            org = place.organisation
            org_id, contacts, own_email = org.id, org.contacts, org.email
            kind = KINDS.get(sweden.name_key(row.cells.get("kind", "")))
            if kind and kind != org.kind:
                notes.append(
                    (
                        row.number,
                        M(
                            "the sheet says {kind}, organisations.yaml {known}; organisations.yaml is kept",
                            kind=M(ORGANISATION_KINDS[kind]),
                            known=M(ORGANISATION_KINDS[org.kind]),
                        ),
                    )
                )
        split = len(people) > 1
        if split:
            notes.append(
                (
                    row.number,
                    Mn(
                        "{n} address in one cell: written as {n} contact", "{n} addresses in one cell: written as {n} contacts, one address each", n=len(people)
                    ),
                )
            )
        agrees = 0  # of the row's persons, those organisations.yaml already has as the row has them
        for name, address in people:
            values = {field: row.cells[field] for field in CONTACT_FIELDS if row.cells.get(field)} | ({"email": address} if address else {})
            if not name:  # a row without a person: the organisation's own address (its registrator)
                if address and address != own_email:
                    if org_id in new_orgs:
                        new_orgs[org_id] = new_orgs[org_id]._replace(email=address)
                    else:
                        changed.append(Changed(org_id, None, {"email": (own_email, address)}, row.number))
                else:
                    agrees += 1
                continue
            same_name = [c for c in contacts if sweden.name_key(c.name) == sweden.name_key(name)]
            existing = next((c for c in same_name if c.email == address), None) if split or len(same_name) > 1 else next(iter(same_name), None)
            if existing is None:
                key = (org_id, sweden.name_key(name), address if split else "")
                if key in new_contacts:
                    notes.append((row.number, M("{name} at {organisation} is on an earlier row too; this row is used", name=name, organisation=org_id)))
                new_contacts[key] = NewContact(org_id, {"name": name, **values}, row.number)
                continue
            differences = {field: (getattr(existing, field), value) for field, value in values.items() if getattr(existing, field) != value}
            if differences:
                changed.append(Changed(org_id, existing.name, differences, row.number, existing.email if len(same_name) > 1 else None))
            else:
                agrees += 1
        if place.new is None and agrees == len(people):
            unchanged += 1
    return Plan(list(new_orgs.values()), list(new_contacts.values()), changed, unplaced, notes, unchanged, sheet)


# --- The plan for replies from a survey export ---------------------------------------------------------------------


class NewReply(NamedTuple):
    organisation: str
    received: date
    row: int
    publish: bool | None = None  # None: the sheet does not say (no consent column, or an empty or unclear answer)
    respondent: str = ""  # who answered, as the sheet names them: for the secretary to see, not recorded
    evidence: M | None = None  # how the row was matched, when not by the organisation's name

    def reply(self, letter: str) -> Reply:
        """The reply to record: consent written only where the sheet states it (yes or no), left out where it does not."""
        return Reply(letter=letter, organisation=self.organisation, received=self.received, publish=self.publish)


class ReplyPlan(NamedTuple):
    new: list[NewReply]
    recorded: list[tuple[int, str]]  # rows whose reply is already in replies.yaml
    unplaced: list[Unplaced]
    notes: list[tuple[int, M]]
    sheet: Sheet | None = None

    def lines(self, folder: Folder) -> list[str]:
        """The plan for people: the sheet as read, the replies it would record (with consent, and what `check` would say
        of them), those already recorded, and the rows it cannot place."""
        names = {org.id: org.name for org in folder.organisations}
        lines = self.sheet.lines(self._used()) if self.sheet else []
        if self.new:
            lines.append(str(Mn("New reply ({n}):", "New replies ({n}):", n=len(self.new))))
            for reply in self.new:
                parts = [f"{names[reply.organisation]} ({reply.organisation}) {reply.received}"]
                if self.sheet is None or "consent" in self.sheet.columns:
                    parts.append(str(M("publish: {answer}", answer=CONSENT_SHOWN[reply.publish])))
                if reply.respondent:
                    parts.append(reply.respondent)
                if reply.evidence is not None:
                    parts.append(str(reply.evidence))
                lines.append("  " + ", ".join(parts))
        if self.recorded:
            skipped = ", ".join(names[o] for _, o in self.recorded)
            lines.append(str(M("Already recorded, skipped ({n}): {names}", n=len(self.recorded), names=skipped)))
        if self.unplaced:
            lines.append(str(Mn("Row that cannot be placed ({n}):", "Rows that cannot be placed ({n}):", n=len(self.unplaced))))
            lines += [str(M("  row {row}: {why}", row=u.row, why=u.why)) for u in self.unplaced]
        lines += notes_lines(self.notes)
        return lines

    def _used(self) -> tuple[str, ...]:
        """The columns this import read: the e-mail and name columns only to show who answered and to find the organisation."""
        return REPLY_COLUMNS


CONSENT_SHOWN = {True: M("yes"), False: M("no"), None: M("not stated")}


def consent(text: str) -> bool | None:
    """A survey's answer to the publication question: Ja/Yes, Nej/No (also 'Ja, det går bra'); None when it is empty or
    says neither plainly ('Ja, men utan namn', 'Vet ej')."""
    words = [word for word in re.split(r"[^\w]+", text.casefold()) if word]
    if not words:
        return None
    answers = {word for word in words if word in YES_WORDS | NO_WORDS | {"men", "but", "utan", "except", "ej", "not"}}
    if words[0] in YES_WORDS and answers == {words[0]}:
        return True
    if words[0] in NO_WORDS and answers == {words[0]}:
        return False
    return None


def replies_plan(folder: Folder, letter: Letter, sheet: Sheet, file: str = "") -> ReplyPlan:
    """What a survey export would add to replies.yaml for one letter: one reply per row, none recorded twice, each
    with what `check` would say of it (not asked, before the letter, a second reply) and whether it is late (rules)."""
    recorded = {o for r in folder.replies_to.get(letter.id, []) for o in r.organisations}  # a joint reply is one from each
    new: dict[str, NewReply] = {}
    tried: list[NewReply] = []  # every reply the sheet holds that is not recorded yet, seconds too: as check would see them
    already: list[tuple[int, str]] = []
    unplaced: list[Unplaced] = []
    notes: list[tuple[int, M]] = [(row.number, note) for row in sheet.rows for note in row.notes]
    month_first = _month_first(file or "sheet", [row.cells.get("date", "") for row in sheet.rows])
    for row in sheet.rows:
        written = row.cells.get("organisation", "")
        email = row.cells.get("email", "")
        evidence = None
        if row.refused is not None:
            unplaced.append(Unplaced(row.number, row.refused))
            continue
        if written:
            found = match(folder, written)
            organisation = found.organisation
            if organisation is None:
                reason = (
                    M("{name} is a municipality the inquiry has not recorded; add it first (lokalservice add municipalities)", name=quote(written))
                    if found.municipality
                    else M("{name} is not an organisation of the inquiry{hint}", name=quote(written), hint=found.hint or M.blank())
                )
                unplaced.append(Unplaced(row.number, reason))
                continue
        elif email and plain_address(email):
            domain = by_domain(folder, email)
            if isinstance(domain, M):
                unplaced.append(Unplaced(row.number, domain))
                continue
            organisation, evidence = domain, M("by the e-mail domain {domain}", domain=email.rsplit("@", 1)[-1])
        else:
            unplaced.append(Unplaced(row.number, M("no organisation named")))
            continue
        received = read_date(_day_first(row.cells.get("date", "")) if month_first else row.cells.get("date", ""))
        if received is None:
            unplaced.append(Unplaced(row.number, M("{value} is not a date", value=quote(row.cells.get("date", "")))))
            continue
        answer = row.cells.get("consent", "")
        publish = consent(answer)
        if answer and publish is None:
            notes.append((row.number, M("the answer on publishing, {answer}, is neither yes nor no: recorded as not stated", answer=quote(answer))))
        respondent = " ".join(part for part in (row.cells.get("name", ""), f"<{email}>" if email else "") if part)
        reply = NewReply(organisation.id, received, row.number, publish, respondent, evidence)
        if organisation.id in recorded:
            already.append((row.number, organisation.id))
            continue
        tried.append(reply)
        new.setdefault(organisation.id, reply)
    notes += as_check_would(folder, letter, tried, file or "sheet")
    return ReplyPlan(list(new.values()), already, unplaced, notes, sheet)


_NUMERIC_DATE = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})([/.\- ])(\d{4})(.*)")


def _month_first(file: str, dates: list[str]) -> bool:
    """Whether a column of dates written 3/10/2009 puts the month first (as an export in American English does): it
    does when a second number is over 12 and no first one is; read day first otherwise (the Swedish and European
    habit). A column that has both is refused: no date in it can be trusted."""
    found = [match for text in dates if (match := _NUMERIC_DATE.fullmatch(text.strip()))]
    day_over = any(int(match.group(1)) > 12 for match in found)
    month_over = any(int(match.group(3)) > 12 for match in found)
    if day_over and month_over:
        raise LokalserviceError(
            M("{file}: the dates are written both day first (31/3/2009) and month first (3/31/2009); save the export with dates as 2009-03-31", file=file)
        )
    return month_over


def _day_first(text: str) -> str:
    """A date written month first (3/31/2009) written day first (31/3/2009), for read_date."""
    found = _NUMERIC_DATE.fullmatch(text.strip())
    return f"{found.group(3)}{found.group(2)}{found.group(1)}{found.group(4)}{found.group(5)}{found.group(6)}" if found else text


def as_check_would(folder: Folder, letter: Letter, replies: list[NewReply], file: str) -> list[tuple[int, M]]:
    """What `check` would say of these replies once recorded (checks.check_replies run on the folder with them, each
    standing at its row), and which of them are late (rules.is_late): the plan says it before anything is written."""
    import copy
    from functools import cached_property

    from ..model.checks import Findings, check_replies

    trial = copy.copy(folder)
    for name, attribute in vars(Folder).items():  # its indexes made again, with the sheet's replies
        if isinstance(attribute, cached_property):
            trial.__dict__.pop(name, None)
    records = []
    for new in replies:
        record = new.reply(letter.id)
        record.located(Source(file, f"row {new.row}", new.row, {}))
        records.append(record)
    trial.replies = [*folder.replies, *records]
    said = [(problem.line or 0, problem.message) for problem in check_replies(Findings(trial)) if problem.file == file]
    deadline = rules.reply_deadline(folder.holidays, letter)
    first = {new.organisation: new.row for new in reversed(replies)}  # of two rows from one organisation, the first is recorded
    for new, record in zip(replies, records):
        if first[new.organisation] == new.row and rules.is_late(folder.holidays, letter, record):
            said.append((new.row, M("late: it came after the last day it was in time ({day})", day=str(deadline))))
    return said
