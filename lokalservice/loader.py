"""A data folder -> a Folder of records plus the problems found reading it. Never prints, never exits."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from .folder import Folder
from .problems import Problem
from .records import (
    FILES,
    INQUIRY_FILE,
    RECORD_TYPES,
    Inquiry,
    Record,
    Source,
    data_fields,
    yaml_name,
)
from .text import closest
from .yamlsource import ReadError, YamlList, YamlMap, line_of, read


def load(path: Path, label: str | None = None, overrides: dict[str, bytes] | None = None) -> tuple[Folder, list[Problem]]:
    """Read every file of the folder at `path`. `overrides` replaces a file's bytes (to validate before writing)."""
    folder = Folder(path=path, label=label if label is not None else str(path))
    overrides = overrides or {}
    problems: list[Problem] = []

    inquiry_file = folder.file(INQUIRY_FILE)
    if INQUIRY_FILE in overrides or (path / INQUIRY_FILE).is_file():
        found = len(problems)
        document = _read(path, INQUIRY_FILE, inquiry_file, overrides, problems)
        if isinstance(document, YamlMap):
            folder.inquiry = _validate(Inquiry, document, inquiry_file, (), problems)  # type: ignore[assignment]
        elif len(problems) == found:  # read, but not a mapping of the inquiry's fields
            problems.append(Problem(inquiry_file, line_of(document, ()), None, "expected the inquiry's fields (designation: ..., title: ...)"))
    else:
        problems.append(Problem(inquiry_file, None, None, "missing: every data folder needs an inquiry.yaml (lokalservice init makes one)"))

    for name, (key, model) in FILES.items():
        if name not in overrides and not (path / name).is_file():
            continue
        file = folder.file(name)
        document = _read(path, name, file, overrides, problems)
        items = _items(document, key, file, problems)
        records = getattr(folder, key)
        for index, item in enumerate(items):
            record = _validate(model, item, file, (key, index), problems, document)
            if record is not None:
                records.append(record)
    return folder, problems


def _read(path: Path, name: str, file: str, overrides: dict[str, bytes], problems: list[Problem]) -> Any:
    try:
        return read(path / name, file, overrides.get(name))
    except ReadError as error:
        problems.append(error.problem)
        return None


def _items(document: Any, key: str, file: str, problems: list[Problem]) -> list[Any]:
    if document is None:
        return []
    if not isinstance(document, YamlMap):
        problems.append(Problem(file, line_of(document, ()), None, f"expected '{key}:' followed by a list"))
        return []
    for other in document:
        if other != key:
            problems.append(Problem(file, document.key_lines[other], other, f"unknown key; this file holds '{key}:'"))
    items = document.get(key)
    if items is None:
        return []
    if not isinstance(items, YamlList):
        problems.append(Problem(file, document.key_lines[key], key, f"expected a list (items starting with '- '), got {_describe(items)}"))
        return []
    return items


@cache
def _adapter(model: type[Record]) -> Any:
    # Pydantic is imported here, when files must be validated, and never when records come from the cache.
    from pydantic import TypeAdapter

    return TypeAdapter(model)


def _validate(model: type[Record], node: Any, file: str, prefix: tuple[Any, ...], problems: list[Problem], document: Any = None) -> Record | None:
    from pydantic import ValidationError

    try:
        record = _adapter(model).validate_python(node)
    except ValidationError as error:
        for detail in error.errors(include_url=False, include_input=True):
            location = prefix + tuple(detail["loc"])
            problems.append(Problem(file, line_of(document if document is not None else node, location), _field(location), _message(detail)))
        return None
    _locate(record, node, file, _field(prefix) or "")
    return record


def _locate(record: Record, node: Any, file: str, path: str) -> None:
    """Attach each record (and the records nested in it) to where it stands in the file."""
    if isinstance(node, YamlMap):
        record.located(Source(file, path, node.line, node.key_lines))
    else:
        record.located(Source(file, path, getattr(node, "line", None), {}))
        return
    for name in data_fields(type(record)):
        value = getattr(record, name)
        key = yaml_name(type(record), name)
        items = node.get(key)
        if isinstance(value, tuple) and isinstance(items, YamlList):
            for index, (child, child_node) in enumerate(zip(value, items)):
                if isinstance(child, Record):
                    child_path = f"{path}.{key}[{index}]" if path else f"{key}[{index}]"
                    if not isinstance(child_node, YamlMap):
                        child.located(Source(file, child_path, items.item_lines[index], {}))
                    else:
                        _locate(child, child_node, file, child_path)


def _field(location: tuple[Any, ...]) -> str | None:
    text = ""
    for step in location:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text or None


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"'{value[:40]}…'" if len(value) > 40 else f"'{value}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_FIELD_NAMES = sorted({yaml_name(model, name) for model in RECORD_TYPES for name in data_fields(model)})


def _message(detail: Any) -> str:
    kind = detail["type"]
    given = detail.get("input")
    if kind == "missing":
        return "missing (required)"
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        name = str(detail["loc"][-1])
        near = closest(name.replace("-", "_"), _FIELD_NAMES, n=1)
        return "unknown field" + (f" (did you mean '{near[0]}'?)" if near else "")
    if kind == "string_type":
        return f"expected text, got {_describe(given)}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list, got {_describe(given)}"
    if kind in ("dataclass_type", "dataclass_args_type", "dict_type"):
        return f"expected a mapping of fields, got {_describe(given)}"
    if kind == "string_pattern_mismatch":
        return f"{_describe(given)} is not a valid id: use lowercase a-z, digits and '-'"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"too long (at most {detail['ctx']['max_length']} characters)"
    if kind == "literal_error":
        return f"{_describe(given)} is not one of {detail['ctx']['expected']}"
    if kind in ("iso_date", "yes_no"):
        return str(detail["msg"])
    return f"{detail['msg']}"
