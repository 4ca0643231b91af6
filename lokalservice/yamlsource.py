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

from .problems import Problem

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 64
NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class YamlMap(dict):  # type: ignore[type-arg]
    """A mapping that remembers its own line and the line of each key."""

    __slots__ = ("line", "key_lines")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}


class YamlList(list):  # type: ignore[type-arg]
    """A sequence that remembers its own line and the line of each item."""

    __slots__ = ("line", "item_lines")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []


class ReadError(Exception):
    """The file cannot be read as strict YAML; carries one located problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def decode(raw: bytes, file: str) -> str:
    """UTF-8 text of `raw` (a BOM is dropped); anything else is a ReadError naming the position."""

    def fail(offset: int, message: str) -> ReadError:
        line = raw.count(b"\n", 0, offset) + 1
        column = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
        return ReadError(Problem(file, line, None, f"column {column}: {message}"))

    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ReadError(Problem(file, 1, None, "the file is UTF-16; save it as UTF-8"))
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise fail(nul, "the file contains NUL bytes (binary, or saved as UTF-16?); save it as UTF-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = raw[error.start]
        hint = "save it as UTF-8"
        try:
            raw.decode("cp1252")
            hint = "saved as Windows-1252? save it as UTF-8"
        except UnicodeDecodeError:
            pass
        raise fail(error.start, f"not valid UTF-8 (byte 0x{byte:02x}); {hint}") from None


def _syntax_problem(error: yaml.YAMLError, source: str, file: str) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    text = f"YAML syntax error: {context}, {problem}" if context else f"YAML syntax error: {problem}"
    if mark is None:
        return Problem(file, None, None, text)
    lines = source.splitlines()
    if mark.line < len(lines) and lines[mark.line][mark.column : mark.column + 1] == "\t":
        text += " (a tab; indent with spaces)"
    return Problem(file, mark.line + 1, None, f"column {mark.column + 1}: {text}")


def parse(text: str, file: str) -> Any:
    """The single document in `text` as YamlMap / YamlList / str / None; ReadError when it is not strict YAML."""
    try:
        return _build(yaml.parse(text, Loader=Loader), file)
    except yaml.YAMLError as error:
        raise ReadError(_syntax_problem(error, text, file)) from None
    except RecursionError:  # the pure-Python parser on pathological input
        raise ReadError(Problem(file, None, None, f"nested too deeply (more than {MAX_DEPTH} levels)")) from None


def read(path: Path, file: str, raw: bytes | None = None) -> Any:
    """Read and parse the file at `path` (or the given bytes), naming it `file` in problems."""
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise ReadError(Problem(file, None, None, f"cannot read the file: {error.strerror}")) from None
    return parse(decode(raw, file), file)


def _build(events: Any, file: str) -> Any:
    # stack of [container, pending key or _NO_KEY]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0

    def fail(event: Any, message: str) -> ReadError:
        return ReadError(Problem(file, event.start_mark.line + 1, None, message))

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
                raise fail(event, "a key must be plain text")
            if value in container:
                first = container.key_lines[value]
                raise fail(event, f"duplicate key '{value}' (first at line {first})")
            container.key_lines[value] = line
            frame[1] = value
        else:
            container[frame[1]] = value
            frame[1] = _NO_KEY

    for event in events:
        kind = type(event)
        if kind is AliasEvent:
            raise fail(event, f"aliases (*{event.anchor}) are not allowed; write the value out")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise fail(event, f"anchors (&{anchor}) are not allowed; write the value out")
        tag = getattr(event, "tag", None)
        if tag is not None and kind is not DocumentStartEvent:
            raise fail(event, f"tags ({tag.replace('tag:yaml.org,2002:', '!!')}) are not allowed")
        if kind is ScalarEvent:
            value = event.value
            add(None if event.implicit[0] and value in NULLS else value, event)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if len(stack) >= MAX_DEPTH:
                raise fail(event, f"nested too deeply (more than {MAX_DEPTH} levels)")
            line = event.start_mark.line + 1
            container = YamlMap(line) if kind is MappingStartEvent else YamlList(line)
            add(container, event)
            stack.append([container, _NO_KEY])
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise fail(event, "a second YAML document ('---'); keep one document per file")
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
