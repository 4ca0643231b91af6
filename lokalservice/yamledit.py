"""Edits of a data file as text: records appended, replaced or removed, and fields set, touching no other byte.

The strict reader records the line of every item and key; an edit splices whole lines at those
places, in the file's own indentation and line endings, keeping its comments, order and BOM. (A
round-trip YAML library re-wrapped lines, mixed line endings and dropped the BOM: STYLE.md.)
"""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from typing import Any

from .i18n import M
from .problems import DataError, Problem
from .yamlsource import ReadError, YamlList, YamlMap, decode, parse

Value = str | bool | date | Sequence[str] | None
_NUMBER = re.compile(r"[-+]?(\d[\d_]*)?\.?\d*([eE][-+]?\d+)?|0[xXoObB][\dA-Fa-f_]+|[-+]?\.(inf|Inf|INF|nan|NaN|NAN)")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"}


def _escape(char: str) -> str:
    if unicodedata.category(char) in ("Cc", "Cs") or char in "\u2028\u2029\ufeff\ufffe\uffff":
        return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"
    return char


def quoted(text: str) -> str:
    """A YAML double-quoted scalar for `text`: JSON's escapes, plus escapes for controls and line separators."""
    return "".join(_escape(c) for c in json.dumps(text, ensure_ascii=False))


def scalar(value: Value) -> str:
    """A value as YAML text: dates and flags plain, ids and plain words as they are, anything else in double quotes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value if _plain(value) else quoted(value)
    if value is None:
        return "null"
    return "[" + ", ".join(scalar(v) for v in value) + "]"


def _plain(value: str) -> bool:
    """Whether `value` may stand unquoted: it reads back as the same text, and no other YAML reader would take it for
    something else (a flag, a number, null)."""
    if not value or value != value.strip() or value.lower() in _RESERVED or _NUMBER.fullmatch(value) or "\n" in value:
        return False
    try:
        document = parse(f"k: {value}\n", "")
    except ReadError:
        return False
    return isinstance(document, YamlMap) and document.get("k") == value


def render_item(fields: Sequence[tuple[str, Value]], indent: str, newline: str) -> str:
    """A list item `- key: value` with one field per line, leaving out fields without a value."""
    lines: list[str] = []
    for name, value in fields:
        if value is None:
            continue
        lines.append(f"{indent}{'- ' if not lines else '  '}{name}: {scalar(value)}")
    return newline.join(lines) + newline


class Text:
    """One data file being edited: its text, how it writes line endings, its BOM, and its parsed document."""

    def __init__(self, old: bytes | None, file: str, key: str) -> None:
        self.file = file
        self.key = key
        self.bom = codecs.BOM_UTF8 if old and old.startswith(codecs.BOM_UTF8) else b""
        try:
            self.text = decode(old, file) if old is not None else ""
            self.document = parse(self.text, file)
        except ReadError as error:
            raise DataError([error.problem]) from None
        self.newline = "\r\n" if "\r\n" in self.text else "\n"
        if self.document is not None and not isinstance(self.document, YamlMap):
            raise DataError([Problem(self.file, getattr(self.document, "line", 1), None, M("expected '{key}:' followed by a list", key=key))])

    def bytes(self) -> bytes:
        return self.bom + self.text.encode("utf-8")

    def lines(self) -> list[str]:
        return self.text.splitlines(keepends=True)

    def _splice(self, start: int, end: int, new: str) -> None:
        """Replace lines start..end-1 (0-based) with `new`."""
        lines = self.lines()
        self.text = "".join(lines[:start]) + new + "".join(lines[end:])
        self.document = parse(self.text, self.file)

    def items(self) -> YamlList | None:
        document = self.document
        if document is None or self.key not in document:
            return None
        items = document[self.key]
        return items if isinstance(items, YamlList) else None

    def _indent(self) -> str:
        items = self.items()
        if items:
            first = self.lines()[items.item_lines[0] - 1]
            return first[: len(first) - len(first.lstrip(" "))]
        return "  "

    def append(self, fields: Sequence[tuple[str, Value]]) -> None:
        """Add an item at the end of the file's list (creating `key:` when the file has none)."""
        if self.text and not self.text.endswith(("\n", "\r")):
            self.text += self.newline
        document = self.document
        if document is None or self.key not in document:
            self.text += f"{self.key}:{self.newline}"
        else:
            key_line = document.key_lines[self.key]
            line = self.lines()[key_line - 1]
            after_key = line.split(":", 1)[1].split("#", 1)[0].strip()
            if after_key == "[]":  # an empty flow list cannot take a block item after it: `key: []` becomes `key:`
                self._splice(key_line - 1, key_line, line.replace("[]", "", 1).rstrip() + self.newline)
            elif after_key != "" or (document[self.key] is not None and not isinstance(document[self.key], YamlList)):
                raise DataError(
                    [
                        Problem(
                            self.file, key_line, self.key, M("lokalservice adds to a block list (items on lines starting with '- '); write the list that way")
                        )
                    ]
                )
            else:
                self._move_to_list_end()
        indent = self._indent()
        self.text += render_item(fields, indent, self.newline)
        self.document = parse(self.text, self.file)

    def _move_to_list_end(self) -> None:
        """Appending at the end of the file must land in the list: refuse when another key follows it."""
        document = self.document
        assert document is not None
        later = [line for key, line in document.key_lines.items() if key != self.key and line > document.key_lines[self.key]]
        if later:
            raise DataError(
                [Problem(self.file, min(later), None, M("lokalservice adds to '{key}:' at the end of the file; move '{key}:' to the end", key=self.key))]
            )

    def _extent(self, index: int) -> tuple[int, int]:
        """The 0-based lines [start, end) of item `index`: from its '- ' to the next item, less trailing comments and blank lines."""
        items = self.items()
        assert items is not None
        lines = self.lines()
        start = items.item_lines[index] - 1
        if index + 1 < len(items):
            end = items.item_lines[index + 1] - 1
        else:
            document = self.document
            later = [line - 1 for key, line in (document.key_lines.items() if document else ()) if line - 1 > start]
            end = min(later) if later else len(lines)
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1
        return start, end

    def replace(self, index: int, fields: Sequence[tuple[str, Value]]) -> None:
        """Put a new item where item `index` stands."""
        start, end = self._extent(index)
        self._splice(start, end, render_item(fields, self._indent(), self.newline))

    def remove(self, index: int) -> None:
        """Take item `index` out of the list."""
        start, end = self._extent(index)
        self._splice(start, end, "")

    def item_node(self, index: int) -> Any:
        items = self.items()
        assert items is not None
        return items[index]
