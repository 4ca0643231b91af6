"""Output: Rich tables for people, JSON and CSV for scripts. User data is never read as markup."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from ..i18n import N_, M, _

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

# C0/C1 controls (terminal escapes), DEL, and the bidirectional overrides that can hide text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Cells a spreadsheet would run as a formula (OWASP), including the full-width forms.
_FORMULA_START = tuple("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
# Numbers and phone numbers (-9, +46 8 405 1272) have no letters, so no function to run: left as they are.
_NUMBERLIKE = re.compile(r"[-+0-9 ().,/]+")
_EMAIL_LIKE = re.compile(r"\S+@\S+")


def printable(text: str) -> str:
    """`text` with control characters shown as escapes (\\x1b) rather than sent to the terminal."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def neutralised(text: str) -> str:
    """Text a spreadsheet would take for a formula, with a leading apostrophe; numbers and phone numbers as they are."""
    if text.startswith(_FORMULA_START) and not _NUMBERLIKE.fullmatch(text):
        return "'" + text
    return text


def cell(value: Any) -> str:
    """A CSV cell: formulas neutralised; NUL written as the text \\x00 (Python 3.10's csv cannot write NUL at all); a
    message in English, whatever the language (CSV is for programs)."""
    if isinstance(value, M):
        value = value.english()
    return neutralised("" if value is None else str(value).replace("\0", "\\x00"))


_NUMBER = re.compile(r"-?\d+(/\d+)?")
SHORT = 12  # columns no wider than this (dates, counts, statuses) never wrap
PIPE_WIDTH = 80  # tables written to a file or pipe when no terminal says how wide it is (see reader_width)
NARROW = 120  # below this width, columns with nothing in them are left out
_WIDTH: ContextVar[int | None] = ContextVar("width", default=None)  # --width, for this run


def use_width(width: int | None) -> None:
    """Draw this run's tables `width` columns wide (--width); None: as wide as the terminal that shows them."""
    _WIDTH.set(width)


@contextmanager
def width_of_run() -> Iterator[None]:
    """A run's --width ends with the run."""
    token = _WIDTH.set(None)
    try:
        yield
    finally:
        _WIDTH.reset(token)


def reader_width() -> int:
    """How wide a table written into a pipe (| less, | head) is drawn: as wide as the terminal that will show it, where
    that can be known (standard error's terminal, else the controlling terminal /dev/tty), else PIPE_WIDTH. $COLUMNS,
    when set, is read by Rich before this is asked."""
    for descriptor in (2, 1, 0):
        try:
            return os.get_terminal_size(descriptor).columns or PIPE_WIDTH
        except (OSError, ValueError):
            continue
    try:
        with open("/dev/tty", "rb") as terminal:
            return os.get_terminal_size(terminal.fileno()).columns or PIPE_WIDTH
    except (OSError, ValueError):
        return PIPE_WIDTH


def console(stderr: bool = False) -> Console:
    """A Rich console on the current stdout (data) or stderr (diagnostics); colour only on a terminal, NO_COLOR honoured;
    as wide as --width, else $COLUMNS, else the terminal (also when the output goes into a pipe: reader_width)."""
    from rich.console import Console

    out = Console(stderr=stderr, highlight=False, emoji=False, markup=False, soft_wrap=True)
    chosen = _WIDTH.get()
    if chosen:
        out.width = chosen
    elif not out.is_terminal and "COLUMNS" not in os.environ:
        out.width = reader_width()
    return out


def text(value: Any, style: str = "") -> Text:
    """User data as Rich Text: printed literally, control characters escaped."""
    from rich.text import Text

    return Text(printable("" if value is None else str(value)), style=style)


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]], styles: Iterable[str] | None = None) -> None:
    """Print rows as a Rich table; each row may have a style (colour on a terminal only). E-mail addresses never break;
    on a narrow terminal, columns with nothing in them are left out, and a table that still cannot fit is printed as
    one block per row (`Header: value` lines) rather than squeezed."""
    from rich.table import Table

    out = console()
    plain = [["" if value is None else str(value) for value in row] for row in rows]
    keep = [i for i in range(len(columns)) if out.width >= NARROW or not plain or any(row[i] for row in plain)]
    row_styles = list(styles) if styles is not None else [""] * len(plain)
    needed = 1
    for index in keep:
        values = [row[index] for row in plain]
        needed += 3 + _least_width(columns[index], values)
    if needed > out.width:
        _blocks(out, title, [columns[i] for i in keep], [[row[i] for i in keep] for row in plain], row_styles)
        return
    grid = Table(title=printable(title) if title else None, title_justify="left", header_style="bold")
    for index in keep:
        values = [row[index] for row in plain]
        widest = max(map(len, values), default=0)
        numeric = bool(values) and all(_NUMBER.fullmatch(v) for v in values if v) and any(values)
        addresses = [len(v) for v in values if _EMAIL_LIKE.fullmatch(v)]
        # a long header over short values (Medgivande till publicering på webbplatsen) wraps: kept on one line, it would
        # take the width of its neighbours and cut their dates; its short values stay whole (their width is its least)
        short = widest <= SHORT and len(columns[index]) <= SHORT
        least = max(addresses) if addresses else (widest if widest <= SHORT else None)
        grid.add_column(columns[index], overflow="fold", no_wrap=short, justify="right" if numeric else "left", min_width=least)
    for row, style in zip(plain, row_styles):
        grid.add_row(*(text(row[i]) for i in keep), style=style or None)
    out.print(grid)


def _least_width(header: str, values: list[str]) -> int:
    """The narrowest a column can be without breaking an address or a short value, or squeezing words below a few letters."""
    widths = [min(len(header), 8)]
    for value in values:
        if _EMAIL_LIKE.fullmatch(value) or len(value) <= SHORT:
            widths.append(len(value))
        else:
            widths.append(min(max((len(word) for word in value.split()), default=0), 10))
    return max(widths)


def _blocks(out: Console, title: str | None, columns: Sequence[str], rows: list[list[str]], styles: list[str]) -> None:
    """A table too wide for the terminal: each row as its first value, then `Header: value` for the rest that have one."""
    if title:
        out.print(text(title, "bold"))
    for row, style in zip(rows, styles):
        out.print(text(row[0], f"bold {style}".strip()))
        for header, value in zip(columns[1:], row[1:]):
            if value:
                out.print(text(f"  {header}: {value}", style))


def lines(items: Iterable[Any], stderr: bool = False) -> None:
    """Print lines of user data (or messages) literally."""
    out = console(stderr)
    for item in items:
        out.print(text(item) if not hasattr(item, "__rich_console__") else item)


def say(message: Any, style: str = "") -> None:
    """A line for people on standard error: a confirmation, a notice, what an answer leaves out."""
    console(stderr=True).print(text(message, style))


def _can_encode(stream: Any, sample: str = "åäö–”") -> bool:
    try:
        sample.encode(getattr(stream, "encoding", None) or "utf-8")
        return True
    except (UnicodeEncodeError, LookupError):
        return False


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]], delimiter: str = ";") -> str:
    """CSV for a spreadsheet: a byte-order mark (Excel then reads UTF-8 and shows å ä ö), CRLF, formulas neutralised."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return "\ufeff" + buffer.getvalue()


def write_bytes(data: bytes) -> None:
    """Bytes to standard output as they are (a file's encoding is not the terminal's)."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:
        sys.stdout.write(data.decode("utf-8"))


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

# A workbook is for people (CSV and JSON are for programs, and keep the ids): the header over each column every
# command writes, and the words for the values a program reads as codes, in the reader's language.
HEADERS = {
    "due": N_("Due"),
    "weekday": N_("Weekday"),
    "days_left": N_("Days left"),
    "what": N_("What"),
    "kind": N_("Kind"),
    "source": N_("Source"),
    "id": N_("Id"),
    "status": N_("Status"),
    "replaces": N_("Replaces"),
    "non_working_day": N_("Not a working day"),
    "note": N_("Note"),
    "delivered": N_("Delivered"),
    "report": N_("Report"),
    "section": N_("Section"),
    "group": N_("Group"),
    "organisation": N_("Organisation id"),
    "name": N_("Name"),
    "county": N_("County"),
    "contact": N_("Contact"),
    "title": N_("Title"),
    "email": N_("E-mail"),
    "phone": N_("Phone"),
    "address": N_("Address"),
    "received": N_("Received"),
    "late": N_("Late"),
    "publish": N_("Publish"),
    "dnr": N_("Dnr"),
    "reminders": N_("Reminders"),
    "last_reminded": N_("Last reminded"),
    "next_reminder": N_("Next reminder"),
    "reached": N_("Reached"),
    "letter": N_("Letter"),
    "unasked": N_("Unasked"),
    "date": N_("Date"),
    "subject": N_("Subject"),
    "to": N_("To"),
    "cc": N_("For information"),
    "reply_by": N_("Reply by"),
    "expected": N_("Expected"),
    "replied": N_("Replied"),
    "members": N_("Members"),
    "include": N_("Includes"),
    "organisations": N_("Organisations"),
    "letters": N_("Letters"),
    "contacts": N_("Contacts"),
    "lists": N_("Lists"),
    "invited": N_("Invited"),
    "attended": N_("Attended"),
    "came": N_("Came"),
    "severity": N_("Severity"),
    "file": N_("File name"),
    "line": N_("Line"),
    "field": N_("Field"),
    "message": N_("Message"),
}
CODES = {
    "yes": N_("yes"),
    "no": N_("no"),
    "to": N_("To"),
    "cc": N_("For information"),
    "directive": N_("directive"),
    "letter": N_("letter"),
    "seminar": N_("seminar"),
    "missing": N_("not replied"),
    "replied": N_("replied"),
    "not-reached": N_("not reached"),
    "unasked": N_("not asked"),
    "error": N_("error"),
    "warning": N_("warning"),
}
# the columns whose values are codes (a "title" or a "name" is data, and stays as written even when it reads "yes")
CODED = ("kind", "status", "section", "late", "unasked", "publish", "reached", "due", "severity", "weekday", "non_working_day")


def for_people(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> tuple[list[str], list[list[Any]]]:
    """A table for programs (ids over codes) as a person reads it: headers, statuses, kinds, weekdays, yes and no and
    notes in the language in use."""
    from ..model.records import ORGANISATION_KINDS
    from ..queries.status import STATUSES, word

    names = list(header)
    kind = names.index("kind") if "kind" in names else None

    def shown(name: str, value: Any, row: Sequence[Any]) -> Any:
        if isinstance(value, M):
            return str(value)
        if name not in CODED or not isinstance(value, str):
            return value
        if name == "status" and value in STATUSES:
            return word(value, row[kind] if kind is not None else "")
        if name == "kind" and value in ORGANISATION_KINDS:
            return _(ORGANISATION_KINDS[value])
        if name in ("weekday", "non_working_day"):
            return _(value)  # a weekday's English name; a holiday is named in Swedish already
        return _(CODES[value]) if value in CODES else value

    table = [list(row) for row in rows]
    people = [[shown(name, value, row) for name, value in zip(names, row)] for row in table]
    headers = [_(HEADERS[name]) if name in HEADERS else name for name in names]
    if "due" in names and all(row[names.index("due")] in ("yes", "no", None) for row in table):
        headers[names.index("due")] = _("Reminder due")  # the påminnelser's `due` says whether one is due, not a date
    return headers, people


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "lokalservice") -> bytes:
    """An Excel workbook of one sheet: a bold header row, columns as wide as their text, dates as dates, whole numbers as
    numbers, and every other value as text that Excel keeps as written (0702272006, 3/5, 08-405 2309, =HYPERLINK(...))."""
    import io
    from datetime import date, datetime

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    header, table = for_people(header, rows)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "lokalservice")
    widths = [len(str(h)) for h in header]
    for row in table:
        for index, value in enumerate(row[: len(widths)]):
            widths[index] = max(widths[index], len("" if value is None else str(value)))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 6) + 2, 80)
    sheet.freeze_panes = "A2"
    # printed: A4 landscape, as wide as the page, the header row on every page
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "1:1"
    bold = Font(name="Calibri", size=11, bold=True)

    def cell(value: Any) -> WriteOnlyCell:
        if isinstance(value, date) and not isinstance(value, datetime) and len(value.isoformat()) == 10:
            made = WriteOnlyCell(sheet, value=value)
            made.number_format = "yyyy-mm-dd"
        elif isinstance(value, str) and _ISO_DAY.fullmatch(value):
            made = WriteOnlyCell(sheet, value=date.fromisoformat(value))
            made.number_format = "yyyy-mm-dd"
        elif isinstance(value, int) and not isinstance(value, bool):
            made = WriteOnlyCell(sheet, value=value)
        else:
            made = WriteOnlyCell(sheet, value=None if value is None else printable(str(value)).replace("\0", "\\x00"))
            made.data_type = "s"  # text, never a formula: a value starting with '=' stays what it is
            made.number_format = "@"
        return made

    header_cells = []
    for name in header:
        made = cell(name)
        made.font = bold
        header_cells.append(made)
    sheet.append(header_cells)
    for row in table:
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class Sink:
    """Where a command's answer for programs goes: standard output, or a file written whole (--output FILE)."""

    def __init__(self, path: Any = None) -> None:
        self.path = path

    def write(self, data: bytes, binary: bool = False) -> None:
        if self.path is None:
            if binary and sys.stdout.isatty():
                from ..i18n import M
                from ..model.problems import UsageError

                raise UsageError(M("an Excel file is not for the terminal: give --output FILE (for example --output lista.xlsx)"))
            write_bytes(data)
            return
        from ..i18n import M
        from ..source.fsio import write_atomically

        write_atomically(self.path, data, str(self.path))
        say(M("Wrote {file}.", file=str(self.path)))

    def json(self, data: Any) -> None:
        import json  # only for an answer in JSON: a table's start-up need not pay for it

        self.write((json.dumps(data, ensure_ascii=self.path is None and not _can_encode(sys.stdout), indent=2, default=str) + "\n").encode("utf-8"))

    def rows(self, format: str, header: Sequence[str], rows: Iterable[Sequence[Any]], delimiter: str = ";", title: str = "lokalservice") -> None:
        """CSV or an Excel workbook, by `format`."""
        if format == "xlsx":
            self.write(xlsx_bytes(header, rows, title), binary=True)
        else:
            self.write(csv_text(header, rows, delimiter).encode("utf-8"))

    def listing(
        self,
        format: str,
        data: Any,
        title: str,
        columns: Sequence[str],
        headers: Sequence[str],
        rows: list[list[Any]],
        delimiter: str = ";",
        shown: list[list[Any]] | None = None,
    ) -> None:
        """A listing in the chosen format: `data` as JSON; `rows` as CSV or Excel under `columns` (the same in every
        language); or a table under `headers`, of `shown` where people are shown other words than programs get."""
        if format == "json":
            self.json(data)
        elif format == "table":
            table(title, headers, rows if shown is None else shown)
        elif format == "xlsx" and shown is not None:  # a workbook is for people: the words the table shows
            self.rows(format, columns, shown, delimiter, title)
        else:
            self.rows(format, columns, rows, delimiter, title)

    def text(self, shown: list[str]) -> None:
        """Plain lines (a printed sändlista): printed, or written to the file."""
        if self.path is None:
            lines(shown)
        else:
            self.write(("\n".join(shown) + "\n").encode("utf-8"))
