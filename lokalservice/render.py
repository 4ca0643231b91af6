"""Output: Rich tables for people, JSON and CSV for scripts. User data is never read as markup."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

# C0/C1 controls (terminal escapes), DEL, and the bidirectional overrides that can hide text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Cells a spreadsheet would run as a formula (OWASP), including the full-width forms.
_FORMULA_START = tuple("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
# Numbers and phone numbers (-9, +46 8 405 1272) have no letters, so no function to run: left as they are.
_NUMBERLIKE = re.compile(r"[-+0-9 ().,/]+")


def printable(text: str) -> str:
    """`text` with control characters shown as escapes (\\x1b) rather than sent to the terminal."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def cell(value: Any) -> str:
    """A CSV cell: text a spreadsheet would take for a formula gets a leading apostrophe; NUL is written as \\x00."""
    text = "" if value is None else str(value).replace("\0", "\\x00")  # Python 3.10's csv cannot write NUL at all
    if text.startswith(_FORMULA_START) and not _NUMBERLIKE.fullmatch(text):
        return "'" + text
    return text


_NUMBER = re.compile(r"-?\d+(/\d+)?")
SHORT = 12  # columns no wider than this (dates, counts, statuses) never wrap
PIPE_WIDTH = 120  # tables written to a file or pipe: wide enough for a subject line


def console(stderr: bool = False) -> Console:
    """A Rich console on the current stdout (data) or stderr (diagnostics); colour only on a terminal, NO_COLOR honoured."""
    from rich.console import Console

    out = Console(stderr=stderr, highlight=False, emoji=False, markup=False, soft_wrap=True)
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out.width = PIPE_WIDTH
    return out


def text(value: Any, style: str = "") -> Text:
    """User data as Rich Text: printed literally, control characters escaped."""
    from rich.text import Text

    return Text(printable("" if value is None else str(value)), style=style)


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]], styles: Iterable[str] | None = None) -> None:
    """Print rows as a Rich table; each row may have a style (colour on a terminal only)."""
    from rich.table import Table

    rows = [[value if not isinstance(value, str | int | type(None)) else text(value) for value in row] for row in rows]
    grid = Table(title=printable(title) if title else None, title_justify="left", header_style="bold")
    for index, column in enumerate(columns):
        widest = max((len(row[index]) for row in rows), default=0)
        numeric = bool(rows) and all(_NUMBER.fullmatch(str(row[index])) for row in rows)
        grid.add_column(column, overflow="fold", no_wrap=widest <= SHORT, justify="right" if numeric else "left")
    row_styles = list(styles) if styles is not None else [""] * len(rows)
    for row, style in zip(rows, row_styles):
        grid.add_row(*row, style=style or None)
    console().print(grid)


def lines(items: Iterable[Any]) -> None:
    """Print lines of user data literally."""
    out = console()
    for item in items:
        out.print(item if not isinstance(item, str) else text(item))


def to_json(data: Any) -> None:
    """Write `data` as JSON to stdout: nothing else goes to stdout in JSON mode."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]], delimiter: str = ";") -> None:
    """Write CSV for a spreadsheet: UTF-8 with BOM (Excel shows å ä ö), formulas neutralised."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(value) for value in row])
    sys.stdout.write("\ufeff" + buffer.getvalue())
