"""Edits of a data file as text: records appended, replaced or removed, and fields set, touching no other byte.

The strict reader records the line of every item and key; an edit splices whole lines at those
places, in the file's own indentation and line endings, keeping its comments, order and BOM. (A
round-trip YAML library re-wrapped lines, mixed line endings and dropped the BOM; docs/development.md.)
"""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from ..i18n import M
from ..model.problems import DataError, Problem
from .yamlsource import ReadError, YamlList, YamlMap, decode, parse

Value = str | bool | date | Sequence[str] | None
Fields = Sequence[tuple[str, Any]]  # a record's fields in order; a value may be a list of records' fields (contacts)
_NUMBER = re.compile(r"[-+]?(\d[\d_]*)?\.?\d*([eE][-+]?\d+)?|0[xXoObB][\dA-Fa-f_]+|[-+]?\.(inf|Inf|INF|nan|NaN|NAN)")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"}


def _escape(char: str) -> str:
    if unicodedata.category(char) in ("Cc", "Cs") or char in "\u2028\u2029\ufeff\ufffe\uffff":
        return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"
    return char


def quoted(text: str) -> str:
    """A YAML double-quoted scalar for `text`: JSON's escapes, plus escapes for controls and line separators."""
    return "".join(_escape(c) for c in json.dumps(text, ensure_ascii=False))


def scalar(value: Value, flow: bool = False) -> str:
    """A value as YAML text: dates and flags plain, ids and plain words as they are, anything else in double quotes.
    `flow`: for inside a {...} record, where a comma or a bracket would end a plain value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value if _plain(value, flow) else quoted(value)
    if value is None:
        return "null"
    return "[" + ", ".join(scalar(v, flow=True) for v in value) + "]"


def _plain(value: str, flow: bool = False) -> bool:
    """Whether `value` may stand unquoted: it reads back as the same text, and no other YAML reader would take it for
    something else (a flag, a number, null)."""
    if not value or value != value.strip() or value.lower() in _RESERVED or _NUMBER.fullmatch(value) or "\n" in value:
        return False
    try:
        document = parse(f"{{k: {value}}}\n" if flow else f"k: {value}\n", "")
    except ReadError:
        return False
    return isinstance(document, YamlMap) and document.get("k") == value


def _records(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, list | tuple) and v and isinstance(v[0], tuple) for v in value)


def render_fields(fields: Fields, indent: str, newline: str) -> str:
    """Fields of a mapping, one per line at `indent`; a list of records as a block list below its key; no empty ones."""
    lines: list[str] = []
    for name, value in fields:
        if value is None or (isinstance(value, list | tuple) and not value and name in ("contacts",)):
            continue
        if _records(value):
            lines.append(f"{indent}{name}:")
            lines += [render_item(item, indent + "  ", newline).rstrip("\r\n") for item in value]
        else:
            lines.append(f"{indent}{name}: {scalar(value)}")
    return newline.join(lines) + newline


def render_line(fields: Fields, indent: str, newline: str) -> str:
    """A list item on one line, `- {key: value, ...}`: so that a merge that keeps the lines of both sides (git's
    merge=union, which .gitattributes asks for replies.yaml and mail.yaml) keeps whole records."""
    values = ", ".join(f"{name}: {scalar(value, flow=True)}" for name, value in fields if value is not None)
    return f"{indent}- {{{values}}}{newline}"


def render_item(fields: Fields, indent: str, newline: str) -> str:
    """A list item `- key: value` with one field per line (and nested records as block lists), leaving out fields without a value."""
    body = render_fields(fields, indent + "  ", newline)
    return indent + "- " + body[len(indent) + 2 :]


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

    def _set(self, text: str) -> None:
        """The edited text, parsed again: the next edit finds items and keys at their new lines."""
        self.text = text
        self.document = parse(text, self.file)

    def rewrite(self, text: str) -> None:
        """The whole text replaced by an edit made line by line (the dnr series' `next`), parsed again."""
        self._set(text)

    def _splice(self, start: int, end: int, new: str) -> None:
        """Replace lines start..end-1 (0-based) with `new`."""
        lines = self.lines()
        self._set("".join(lines[:start]) + new + "".join(lines[end:]))

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

    def append(self, fields: Fields, one_line: bool = False) -> None:
        """Add an item at the end of the file's list (creating `key:` when the file has none)."""
        self.extend([fields], one_line)

    def extend(self, items: Sequence[Fields], one_line: bool = False) -> None:
        """Add items at the end of the file's list (creating `key:` when the file has none), parsing the result once.
        No items: the text stays as it is, byte for byte."""
        if not items:
            return
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
        self._set(self.text + "".join((render_line if one_line else render_item)(fields, indent, self.newline) for fields in items))

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

    def replace(self, index: int, fields: Fields, one_line: bool = False) -> None:
        """Put a new item where item `index` stands."""
        start, end = self._extent(index)
        self._splice(start, end, (render_line if one_line else render_item)(fields, self._indent(), self.newline))

    def remove(self, index: int) -> None:
        """Take item `index` out of the list."""
        start, end = self._extent(index)
        self._splice(start, end, "")

    def edit_items(self, edits: dict[int, Callable[[Text], None]]) -> None:
        """Edit several items, each as a file that holds only that item (as item 0), and parse the whole once.

        The items are put back from the last up, so the lines of those above stay where the file's parse
        found them: each edit costs its item's size, not the file's (an import touching 290 records)."""
        lines = self.lines()
        header = f"{self.key}:{self.newline}"
        for index in sorted(edits, reverse=True):
            start, end = self._extent(index)
            part = Text((header + "".join(lines[start:end])).encode(), self.file, self.key)
            part.newline = self.newline
            edits[index](part)
            lines[start:end] = part.lines()[1:]
        self._set("".join(lines))

    def item_node(self, index: int) -> Any:
        items = self.items()
        assert items is not None
        return items[index]

    # --- Edits inside a record: nested lists and fields -----------------------------------------------------------

    def block_end(self, node: YamlMap | YamlList) -> int:
        """The 0-based index of the line after a block node's last line of content (comments and blank lines before
        what follows belong to what follows)."""
        lines = self.lines()
        end_line, end_column = node.end
        end = end_line + (1 if end_column and end_line < len(lines) and lines[end_line][:end_column].strip() else 0)
        end = min(end, len(lines))
        while end > node.line and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1
        return end

    def insert_lines(self, at: int, text: str) -> None:
        """Put `text` (whole lines) before the line with 0-based index `at`."""
        lines = self.lines()
        if at > 0 and not lines[at - 1].endswith(("\n", "\r")):
            lines[at - 1] += self.newline
        self._set("".join(lines[:at]) + text + "".join(lines[at:]))

    def indent_of(self, line: int) -> str:
        """The leading spaces of a 1-based line (a list item's, after its '- ' for a mapping's keys)."""
        text = self.lines()[line - 1]
        return text[: len(text) - len(text.lstrip(" "))]

    def extend_list(self, node: YamlList, values: Sequence[str]) -> None:
        """Add plain values (ids) at the end of a list, flow (`[a, b]` -> `[a, b, c]`) or block (`- c`)."""
        if not values:
            return
        if node.flow:
            line, column = node.end
            lines = self.lines()
            text = lines[line]
            before = text[:column].rstrip()
            joined = ", ".join(scalar(v) for v in values)
            text = before + (joined if before.endswith("[") else ", " + joined) + text[column:]
            lines[line] = text
            self._set("".join(lines))
            return
        indent = self.indent_of(node.item_lines[0]) if node else "  "
        self.insert_lines(self.block_end(node), "".join(f"{indent}- {scalar(v)}{self.newline}" for v in values))

    def add_records(self, node: YamlList, records: Sequence[Fields]) -> None:
        """Add records (mappings) at the end of a block list, in the indentation of its items."""
        indent = self.indent_of(node.item_lines[0]) if node else "  "
        self.insert_lines(self.block_end(node), "".join(render_item(fields, indent, self.newline) for fields in records))

    def add_fields(self, node: YamlMap, fields: Fields) -> None:
        """Add fields at the end of a block mapping (a record of a list), in the indentation of its keys."""
        first_key = min(node.key_lines.values())
        line = self.lines()[first_key - 1]
        indent = " " * (len(line) - len(line.lstrip(" -")))
        self.insert_lines(self.block_end(node), render_fields(fields, indent, self.newline))

    def set_field(self, node: YamlMap, name: str, value: Value) -> None:
        """Give a one-line field of a block mapping a new value, keeping the rest of its line (a comment)."""
        number = node.key_lines[name]
        lines = self.lines()
        text = lines[number - 1]
        found = re.match(rf"^(\s*(?:-\s+)?{re.escape(name)}:\s*)([^#\r\n]*?)(\s*(#.*)?)(\r?\n)?$", text)
        if not found:
            raise ValueError(f"{name} is not a one-line field on line {number}")
        lines[number - 1] = found.group(1) + scalar(value) + (found.group(3) or "") + (found.group(5) or "")
        self._set("".join(lines))
