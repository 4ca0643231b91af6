"""Strict YAML reading: every value keeps its line, scalars stay as written.

YAML 1.1's implicit typing (``no`` -> False, ``0114`` -> 76, ``13:15`` -> 795) is
not applied: a scalar is a ``str`` (or ``None`` when empty/``null``) and the
Pydantic models give it its type. Anchors, aliases and tags are refused, so an
alias bomb cannot grow and no tag can construct a Python object. Duplicate keys
are errors. The document is built from the parser's event stream without
recursion, so depth is bounded by ``MAX_DEPTH``, not by Python's stack.
"""

from __future__ import annotations

import codecs
import re
import string
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from ..i18n import M
from ..model.problems import Problem

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 64
NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class YamlMap(dict[str, Any]):
    """A mapping that remembers its own line, the line of each key, whether it is written in flow style ({...}), and
    where it ends (0-based line and column of what follows a block mapping, or of a flow mapping's closing brace)."""

    __slots__ = ("line", "key_lines", "flow", "end")

    def __init__(self, line: int, flow: bool = False) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}
        self.flow = flow
        self.end = (0, 0)


class YamlList(list[Any]):
    """A sequence that remembers its own line and the line of each item."""

    __slots__ = ("line", "item_lines", "flow", "end")

    def __init__(self, line: int, flow: bool = False) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []
        self.flow = flow
        self.end = (0, 0)  # as YamlMap.end


class ReadError(Exception):
    """The file cannot be read as strict YAML; carries one located problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _problem(file: str, line: int | None, message: M) -> Problem:
    return Problem(file, line, None, message)


def decode(raw: bytes, file: str) -> str:
    """UTF-8 text of `raw` (a BOM is dropped); anything else is a ReadError naming the position."""

    def fail(offset: int, message: M) -> ReadError:
        line = raw.count(b"\n", 0, offset) + 1
        column = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
        return ReadError(_problem(file, line, M("column {column}: {message}", column=column, message=message)))

    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ReadError(_problem(file, 1, M("the file is saved as UTF-16; save it as UTF-8")))
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise fail(nul, M("the file contains NUL bytes (a binary file, or saved as UTF-16?); save it as UTF-8"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = raw[error.start]
        try:
            raw.decode("cp1252")
            hint = M("it looks saved as Windows-1252 (ANSI); save it as UTF-8")
        except UnicodeDecodeError:
            hint = M("save it as UTF-8")
        raise fail(error.start, M("not valid UTF-8 (byte 0x{byte}); {hint}", byte=f"{byte:02x}", hint=hint)) from None


_KEY_VALUE = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[A-Za-z_][\w-]*):\s+(?P<value>.*?)\s*$")


def _quoted_fix(line: str) -> str | None:
    """The line with its value in double quotes (`subject: "Enkät: bredband"`), when it is a `key: value` line."""
    found = _KEY_VALUE.match(line)
    if not found:
        return None
    value = found.group("value")
    if value.startswith('"') and value.endswith('"') and len(value) > 1:
        return None
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'{found.group("key")}: "{escaped}"'


def _explain(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, int | None, M]:
    """Where a YAML syntax error is (0-based line, and column where it has one) and what it means, in plain words, with the fix where one
    can be shown. Told apart by the error's class, its marks and the text at them, never by the parser's English words,
    so that both of PyYAML's parsers (libyaml's and the pure-Python one) and a release that rewords them say the same."""
    mark = error.problem_mark
    assert mark is not None
    context = error.context_mark
    line = _line(lines, mark.line)
    char = line[mark.column : mark.column + 1]
    opener = _line(lines, context.line)[context.column : context.column + 1] if context else ""
    at = (mark.line, mark.column)
    brackets, deep = _nesting(lines, mark.line, mark.column)
    if deep is not None:
        return deep, None, M("nested too deeply (more than {depth} levels)", depth=MAX_DEPTH)
    if char == "\t" or "\t" in line[: len(line) - len(line.lstrip())]:
        return (*at, M("a tab; YAML indents with spaces only: replace the tab with spaces"))
    fix = _quoted_fix(line)
    found = _KEY_VALUE.match(line)
    value = found.group("value") if found else ""
    if isinstance(error, yaml.scanner.ScannerError):
        if context and opener in ("'", '"'):
            escape = _bad_escape(_line(lines, context.line), context.column) if opener == '"' else None
            if escape is not None and mark.line == context.line:
                return context.line, escape, M("a backslash in double quotes starts an escape (\\n, \\t); write the value in single quotes instead")
            return (*at, M("a quotation mark opened on line {line} is never closed", line=context.line + 1))
        if opener == "*" or (value.startswith("*") and fix is not None):
            return (*at, M("a value that starts with '*' is read as a YAML alias; put the value in quotes: {fix}", fix=fix or ""))
        if opener == "&":
            return (*at, M("a value that starts with '&' is read as a YAML anchor; put the value in quotes: {fix}", fix=fix or '"..."'))
        if char == ":":
            if fix is not None and ": " in value:
                return (*at, M("the value contains a colon and a space (': '), which YAML reads as a new field; put the value in quotes: {fix}", fix=fix))
            return (*at, M("this line is indented more than the line above it; give fields at the same level the same indentation"))
        if context and context.line < mark.line and opener not in ("", "[", "{"):
            return (
                context.line,
                context.column,
                M("this line is not a field ('name: value'); write it so, or indent it under the field whose text it continues"),
            )
        if char and not char.isalnum():
            return (*at, M("a value cannot start with '{char}'; put the value in quotes: {fix}", char=char, fix=fix or '"..."'))
    if brackets:
        return (*at, M("a list in brackets [ ] or {{ }} opened on line {line} is not closed", line=brackets[-1]))
    if isinstance(error, yaml.parser.ParserError):
        if value[:1] in ("[", "{", "'", '"') and fix is not None:
            return (*at, M("the value starts with {char} but goes on after its closing mark; put the whole value in quotes: {fix}", char=value[0], fix=fix))
        return (*at, M("the indentation of this line does not match the lines above it (each level indents by the same number of spaces)"))
    return (*at, M("YAML cannot read the file from this place on; compare this line with the lines above it"))


def _line(lines: list[str], number: int) -> str:
    return lines[number] if 0 <= number < len(lines) else ""


def _bad_escape(line: str, quote: int) -> int | None:
    """The column of the first backslash in the double-quoted value that opens at `quote` that YAML cannot read as an escape."""
    column = quote + 1
    while column < len(line) and line[column] != '"':
        if line[column] == "\\":
            code = line[column + 1 : column + 2]
            digits = _HEX_ESCAPES.get(code, 0)
            hexadecimal = line[column + 2 : column + 2 + digits]
            if code not in _ESCAPES or len(hexadecimal) < digits or any(c not in string.hexdigits for c in hexadecimal):
                return column
            column += 1 + digits
        column += 1
    return None


_ESCAPES = frozenset('0abtnvfre "/\\N_LPxuU\t') | {""}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


def _nesting(lines: list[str], line: int, column: int) -> tuple[list[int], int | None]:
    """Up to the given place: the lines (1-based) of the brackets ([ or {) still open, quotes aside; and the first line
    (0-based) where brackets and block levels (indentation, '- ' items) nest deeper than MAX_DEPTH, or None. A parser's
    own depth limit is met only deeper than ours: this tells what it stopped at."""
    opened: list[int] = []
    levels: list[int] = []  # the columns of the open block levels
    quote = ""
    deep = None
    for number, text in enumerate(lines[: line + 1]):
        text = text if number < line else text[:column]
        stripped = text.lstrip(" ")
        if not opened and not quote and stripped and not stripped.startswith("#"):
            indent = len(text) - len(stripped)
            while levels and levels[-1] >= indent:
                levels.pop()
            levels.append(indent)
            while stripped.startswith("- "):
                rest = stripped[2:].lstrip(" ")
                indent += len(stripped) - len(rest)
                stripped = rest
                levels.append(indent)
        for char in text:
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char in "[{":
                opened.append(number + 1)
            elif char in "]}" and opened:
                opened.pop()
            if deep is None and len(levels) + len(opened) > MAX_DEPTH:
                deep = number
        if quote == "'":
            quote = ""
    return opened, deep


def _syntax_problem(error: yaml.YAMLError, source: str, file: str) -> Problem:
    if not isinstance(error, yaml.MarkedYAMLError) or error.problem_mark is None:
        return _problem(file, None, M("YAML cannot read the file; compare it with an example in lokalservice help data-format"))
    line, column, message = _explain(error, source.splitlines())
    if column is None:
        return _problem(file, line + 1, message)
    return _problem(file, line + 1, M("column {column}: {message}", column=column + 1, message=message))


def parse(text: str, file: str) -> Any:
    """The single document in `text` as YamlMap / YamlList / str / None; ReadError when it is not strict YAML."""
    try:
        return _build(yaml.parse(text, Loader=Loader), file, text)
    except yaml.YAMLError as error:
        raise ReadError(_syntax_problem(error, text, file)) from None
    except RecursionError:  # the pure-Python parser on pathological input
        raise ReadError(_problem(file, None, M("nested too deeply (more than {depth} levels)", depth=MAX_DEPTH))) from None


def read(path: Path, file: str, raw: bytes | None = None) -> Any:
    """Parse the given bytes (or the file at `path`), naming it `file` in problems."""
    if raw is None:
        raw = path.read_bytes()
    return parse(decode(raw, file), file)


def _build(events: Any, file: str, text: str) -> Any:
    # stack of [container, pending key or _NO_KEY]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0

    lines = text.splitlines()

    def fail(event: Any, message: M) -> ReadError:
        return ReadError(_problem(file, event.start_mark.line + 1, message))

    def quote_fix(event: Any) -> str:
        line = lines[event.start_mark.line] if event.start_mark.line < len(lines) else ""
        return _quoted_fix(line) or '"..."'

    def add(value: Any, event: Any) -> None:
        nonlocal root
        line = event.start_mark.line + 1
        if not stack:
            root = value
            return
        frame = stack[-1]
        container = frame[0]
        if type(container) is YamlList:
            container.append(value)
            container.item_lines.append(line)
        elif frame[1] is _NO_KEY:
            if not isinstance(value, str):
                raise fail(event, M("a field name must be plain text"))
            if value in container:
                first = container.key_lines[value]
                raise fail(event, M("the field '{key}' is written twice (first on line {first}); keep one", key=value, first=first))
            container.key_lines[value] = line
            frame[1] = value
        else:
            container[frame[1]] = value
            frame[1] = _NO_KEY

    for event in events:
        kind = type(event)
        if kind is AliasEvent:
            raise fail(
                event,
                M("'*{anchor}' is a YAML alias, which is not allowed here; if it is text, put it in quotes: {fix}", anchor=event.anchor, fix=quote_fix(event)),
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            if kind is ScalarEvent:
                raise fail(
                    event,
                    M("'&{anchor}' is a YAML anchor, which is not allowed here; if it is text, put it in quotes: {fix}", anchor=anchor, fix=quote_fix(event)),
                )
            raise fail(event, M("'&{anchor}' is a YAML anchor, which is not allowed here; write the value out in full", anchor=anchor))
        tag = getattr(event, "tag", None)
        if tag is not None and kind is not DocumentStartEvent:
            raise fail(event, M("'{tag}' is a YAML tag, which is not allowed here", tag=tag.replace("tag:yaml.org,2002:", "!!")))
        if kind is ScalarEvent:
            value = event.value
            add(None if event.implicit[0] and value in NULLS else value, event)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if len(stack) >= MAX_DEPTH:
                raise fail(event, M("nested too deeply (more than {depth} levels)", depth=MAX_DEPTH))
            line = event.start_mark.line + 1
            container = YamlMap(line, bool(event.flow_style)) if kind is MappingStartEvent else YamlList(line, bool(event.flow_style))
            add(container, event)
            stack.append([container, _NO_KEY])
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()[0].end = (event.start_mark.line, event.start_mark.column)
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise fail(event, M("a second YAML document ('---'); keep one document per file"))
    return root


_NO_KEY = object()


def line_of(document: Any, path: tuple[int | str, ...]) -> int | None:
    """The line of the value at `path` in a parsed document, or of the nearest enclosing value that exists."""
    line = getattr(document, "line", None)
    node = document
    for step in path:
        if isinstance(node, YamlMap) and isinstance(step, str) and step in node:
            line = node.key_lines.get(step, line)
            node = node[step]
        elif isinstance(node, YamlList) and isinstance(step, int) and 0 <= step < len(node):
            line = node.item_lines[step]
            node = node[step]
        else:
            break
    return line
