"""A data folder -> a Folder of records plus the problems found reading it. Never prints, never exits."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NamedTuple

from ..i18n import M
from ..model.folder import Folder, Lost
from ..model.problems import FileFault, Key, Problem
from ..model.records import CUSTOM_MESSAGES, FILES, INQUIRY_FILE, Inquiry, Record, RecordType, Reply, Source, data_fields, field_defaults, nested, yaml_name
from ..model.text import closest, quote
from .fsio import read_bytes
from .yamlsource import ReadError, YamlList, YamlMap, decode, line_of, parse


def load(path: Path, label: str | None = None, overrides: dict[str, bytes] | None = None) -> tuple[Folder, list[Problem]]:
    """Read every file of the folder at `path`. `overrides` replaces a file's bytes (to validate before writing)."""
    folder = Folder(path=path, label=label if label is not None else str(path))
    overrides = overrides or {}
    problems: list[Problem] = []

    inquiry_file = folder.file(INQUIRY_FILE)
    document = _document(folder, INQUIRY_FILE, overrides, problems)
    if document is _ABSENT:
        problems.append(_file_problem(inquiry_file, INQUIRY_FILE, None, M("missing: every data folder needs an inquiry.yaml (lokalservice init makes one)")))
    elif isinstance(document, YamlMap):
        folder.inquiry = _validate(Inquiry, document, inquiry_file, (), problems, folder)  # type: ignore[assignment]
    elif INQUIRY_FILE not in folder.unreadable:
        message = M("expected the inquiry's fields (designation: ..., title: ...)")
        problems.append(_file_problem(inquiry_file, INQUIRY_FILE, line_of(document, ()), message))
        folder.unreadable[INQUIRY_FILE] = problems[-1]

    for name in FILES:
        _load_file(folder, name, overrides, problems)
    problems += _journal(folder)
    problems += _unknown_files(folder, overrides)
    return folder, problems


def load_alone(path: Path, label: str, data: dict[str, bytes]) -> tuple[Folder, list[Problem]]:
    """The records and problems of the files in `data` read on their own, without the rest of the folder.

    For a writer that needs one file's records (the replies `reply restore` compares with the journal), or
    appends to a file nothing refers to (mail.yaml: a message already sent must be recorded, whatever else
    the folder holds) and must know that what it writes is well-formed and valid."""
    folder = Folder(path=path, label=label)
    problems: list[Problem] = []
    for name in data:
        _load_file(folder, name, data, problems)
    return folder, problems


def _load_file(folder: Folder, name: str, overrides: dict[str, bytes], problems: list[Problem]) -> None:
    """Read one data file's records into the folder."""
    document = _document(folder, name, overrides, problems)
    if document is _ABSENT or document is None:
        return
    kinds = FILES[name]
    file = folder.file(name)
    for key, items in _lists(folder, name, document, kinds, problems):
        model = kinds[key]
        records = getattr(folder, key)
        for index, item in enumerate(items):
            record = _validate(model, item, file, (key, index), problems, folder, document)
            if record is not None:
                records.append(record)


def _journal(folder: Folder) -> list[Problem]:
    """Read the replies journal into the folder (for check); a journal that cannot be read is a warning."""
    from . import journal

    file = folder.file(journal.JOURNAL)
    try:
        raw = read_bytes(folder.path / journal.JOURNAL, file)
    except FileFault as fault:
        return [Problem(file, None, None, fault.message + M("; replies it recorded cannot be checked"), "warning")]
    folder.journal = journal.entries(raw) if raw else []
    return []


_ABSENT = object()


def _file_problem(file: str, name: str, line: int | None, message: M) -> Problem:
    return Problem(file, line, None, message, subject=("file", name))


def _document(folder: Folder, name: str, overrides: dict[str, bytes], problems: list[Problem]) -> Any:
    """The parsed file, None for an empty one, _ABSENT when no file by that name exists; a fault is a problem."""
    file = folder.file(name)
    try:
        raw = overrides[name] if name in overrides else read_bytes(folder.path / name, file)
        if raw is None:
            return _ABSENT
        return parse(decode(raw, file), file)
    except FileFault as fault:
        problem = _file_problem(file, name, None, fault.message)
    except ReadError as error:
        problem = error.problem._replace(subject=("file", name))
    problems.append(problem)
    folder.unreadable[name] = problem
    return None


def _lists(folder: Folder, name: str, document: Any, kinds: dict[str, type[Record]], problems: list[Problem]) -> list[tuple[str, YamlList]]:
    """The file's top-level lists (`organisations:`; directives.yaml also `reports:`), each checked for shape."""
    file = folder.file(name)
    first = next(iter(kinds))
    if not isinstance(document, YamlMap):
        problems.append(_file_problem(file, name, line_of(document, ()), M("expected '{key}:' followed by a list", key=first)))
        folder.unreadable[name] = problems[-1]
        return []
    found = []
    for key in document:
        if key not in kinds:
            near = closest(key, [k for k in kinds if k != key], n=1)
            hint = M(" (did you mean '{near}'?)", near=near[0]) if near else M.blank()
            message = M("unknown key {key}; this file holds {keys}{hint}", key=quote(key), keys=", ".join(f"'{k}:'" for k in kinds), hint=hint)
            problems.append(_file_problem(file, name, document.key_lines[key], message)._replace(field=key))
            continue
        items = document[key]
        if items is None:
            continue
        if not isinstance(items, YamlList):
            message = M("expected a list (items starting with '- '), got {what}", what=_describe(items))
            problems.append(_file_problem(file, name, document.key_lines[key], message)._replace(field=key))
            folder.unreadable[name] = problems[-1]
            continue
        found.append((key, items))
    return found


_ADAPTERS: dict[type, Any] = {}


def _adapter(model: type) -> Any:
    """Pydantic's validator of a record type, built once; Pydantic is imported here, never when records come from the cache."""
    if model not in _ADAPTERS:
        from pydantic import TypeAdapter

        _ADAPTERS[model] = TypeAdapter(model)
    return _ADAPTERS[model]


class _Owner(NamedTuple):
    """The record a part belongs to, while its parts are read: its key, how people name it, and the parsed document."""

    key: Key | None
    label: str | M | None
    lines: Any  # the parsed document, for the line of each value


def _validate(
    model: type[Record],
    node: Any,
    file: str,
    prefix: tuple[Any, ...],
    problems: list[Problem],
    folder: Folder,
    document: Any = None,
    owner: _Owner | None = None,
) -> Record | None:
    """The record a node holds, or None when it cannot be read (its problems added, and what it leaves out noted).

    Its parts (a directive's deadlines, a list's members, an organisation's contacts, the inquiry's staff) are read one
    by one first: a part that cannot be read is left out of the record, not the record with it."""
    from pydantic import ValidationError

    lines = document if document is not None else node
    fields = _raw_fields(node)
    own = model.raw_label(fields)
    label = own if owner is None or model.KIND else _part_label(own, owner)
    if model is Reply:
        joint = node.get("from") if isinstance(node, YamlMap) else None
        named = ", ".join(_name_of(folder, o) for o in joint if isinstance(o, str)) if isinstance(joint, list) else _name_of(folder, fields.get("from"))
        label = M(Reply.PART, organisation=named or "?", letter=fields.get("letter") or "?")
    given = node
    if isinstance(node, YamlMap):
        me = _Owner(model.raw_key(fields), label, lines)
        parts = {key: _read_parts(part, node[key], file, (*prefix, key), problems, folder, me) for key, part in _PARTS.get(model, {}).items() if key in node}
        given = {**node, **{key: kept for key, kept in parts.items() if kept is not None}}
    try:
        record: Record = _adapter(_ITEM_TYPES.get(model, model)).validate_python(given)
    except ValidationError as error:
        key = model.raw_key(fields)
        subject = key if key is not None or owner is None else None  # a part without an id is named by what it leaves out
        found = []
        for detail in error.errors(include_url=False, include_input=True):
            location = prefix + tuple(detail["loc"])
            within = _field(tuple(detail["loc"]) if owner is None or own else (prefix[-2], *location[len(prefix) - 1 :]))
            found.append(Problem(file, line_of(lines, location), _field(location), _message(detail, model), "error", label, within, subject))
        problems.extend(found)
        if key is not None:
            folder.dropped.setdefault(key, found[0])
        whose = owner.key if owner is not None else model.owner_of(fields)
        if owner is not None or whose is not None:
            name = M(model.PART, owner=owner.label or "?", part=own or str(prefix[-1] + 1)) if owner is not None else label
            lost = Lost(found[0], name, model.concerns(fields), own if isinstance(own, str) else None)  # type: ignore[arg-type]
            folder.lost.setdefault(whose or ("file", file), []).append(lost)
        return None
    subject = record.key() if owner is None or model.KIND else owner.key
    _locate(record, node, file, _field(prefix) or "", label if owner is not None or model is Reply else record.label(), subject)
    return record


def _read_parts(model: type[Record], nodes: Any, file: str, prefix: tuple[Any, ...], problems: list[Problem], folder: Folder, owner: _Owner) -> Any:
    """A record's list of parts, each read on its own: the readable ones as records; None when it is not a list."""
    if not isinstance(nodes, YamlList):
        return None
    kept = []
    for index, node in enumerate(nodes):
        part = _validate(model, node, file, (*prefix, index), problems, folder, owner.lines, owner)
        if part is not None:
            kept.append(part)
    return kept


def _part_label(own: str | M | None, owner: _Owner) -> str | M | None:
    """How a part without an id of its own is named: 'Anna Berg (Dorotea)'; a part with no name, as its owner."""
    if own and owner.label:
        return M("{part} ({owner})", part=own, owner=owner.label)
    return own or owner.label


def _raw_fields(node: Any) -> dict[str, str]:
    """The fields of a node that hold readable text, stripped (a bare word where a record belongs, `- dorotea`, is
    taken for its id, or for a member's organisation)."""
    if isinstance(node, str):
        return {"id": node.strip(_SPACE), "organisation": node.strip(_SPACE)} if node.strip(_SPACE) else {}
    if not isinstance(node, YamlMap):
        return {}
    return {key: value.strip(_SPACE) for key, value in node.items() if isinstance(value, str) and value.strip(_SPACE)}


_SPACE = " \t\r\n"  # only these: an invisible character (a no-break space from Word) is shown in the name


def _name_of(folder: Folder, organisation: str | None) -> str:
    """An organisation as a message names it: by its name when the folder has it, else as written."""
    found = folder.organisation.get(organisation) if organisation else None
    return found.name if found else (organisation or "?")


def _locate(record: Record, node: Any, file: str, path: str, label: str | M | None, subject: Any) -> None:
    """Attach a record (and the single records nested in it: the inquiry's mail and reminders sections) to where it
    stands in the file, how it is named, and what it belongs to. Parts in lists were located as they were read."""
    if not isinstance(node, YamlMap):
        record.located(Source(file, path, getattr(node, "line", None), {}, label, subject))
        return
    record.located(Source(file, path, node.line, node.key_lines, label, subject))
    for name in nested(type(record)):
        value = getattr(record, name)
        if isinstance(value, tuple) or value is None:
            continue
        key = yaml_name(type(record), name)
        child_node = node.get(key)
        child_path = f"{path}.{key}" if path else key
        if isinstance(child_node, YamlMap):
            _locate(value, child_node, file, child_path, label, subject)
        else:
            value.located(Source(file, child_path, getattr(child_node, "line", None), {}, label, subject))


RECORDS: tuple[type[Record], ...] = (Inquiry, *(model for kinds in FILES.values() for model in kinds.values()))  # what a file holds
# The parts of each record that are read one by one: the record types nested in it as lists, by their YAML name.
_PARTS: dict[type[Record], dict[str, type[Record]]] = {
    model: {yaml_name(model, name): part for name, part in nested(model).items() if isinstance(dict(field_defaults(model))[name], tuple)}
    for model in RECORDS
    if nested(model)
}


def _item_types() -> dict[type[Record], Any]:
    """The type each part is read as, with its conversions (a list member written as a bare id)."""
    import typing

    found: dict[type[Record], Any] = {}
    for model, parts in _PARTS.items():
        hints = typing.get_type_hints(model, include_extras=True)
        for name in data_fields(model):
            if yaml_name(model, name) in parts:
                found[parts[yaml_name(model, name)]] = typing.get_args(hints[name])[0]
    return found


_ITEM_TYPES = _item_types()


def _field(location: tuple[Any, ...]) -> str | None:
    text = ""
    for step in location:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text or None


def _describe(value: Any) -> M:
    if value is None:
        return M("nothing")
    if isinstance(value, str):
        return M("{text}", text=quote(value[:40] + "…" if len(value) > 40 else value))
    if isinstance(value, list):
        return M("a list")
    if isinstance(value, dict):
        return M("a mapping of fields")
    return M("{kind}", kind=type(value).__name__)


# Swedish (and common) words a secretary may write for a field, and the field they mean.
FIELD_WORDS = {
    "e-post": "email",
    "epost": "email",
    "e_post": "email",
    "mail": "email",
    "e-mail": "email",
    "telefon": "phone",
    "tel": "phone",
    "mobil": "mobile",
    "mobiltelefon": "mobile",
    "namn": "name",
    "titel": "title",
    "befattning": "title",
    "adress": "address",
    "län": "county",
    "lan": "county",
    "svar_senast": "reply_by",
    "svar-senast": "reply_by",
    "sista_dag": "due",
    "datum": "date",
    "ämne": "subject",
    "rubrik": "subject",
    "till": "to",
    "kopia": "cc",
    "för_kännedom": "cc",
    "bilagor": "attachments",
    "bilaga": "attachments",
    "roll": "role",
    "beteckning": "designation",
    "departement": "department",
    "webbplats": "website",
    "typ": "kind",
    "slag": "kind",
    "medlemmar": "members",
    "kontaktpersoner": "contacts",
    "kontakter": "contacts",
    "inkom": "received",
    "diarienummer": "dnr",
    "anteckning": "note",
    "publicera": "publish",
    "inbjudna": "invited",
    "deltog": "attended",
    "deltagare": "attended",
    "språk": "language",
    "avsändare": "from",
    "från": "from",
}


def _fields_of(model: type[Record], location: tuple[Any, ...]) -> list[str]:
    """The YAML field names of the record at `location` inside a `model` (through its nested records)."""
    for step in location:
        if isinstance(step, str) and step in nested(model):
            model = nested(model)[step]
        elif isinstance(step, str):
            named = {yaml_name(model, f): f for f in data_fields(model)}
            if named.get(step) in nested(model):
                model = nested(model)[named[step]]
    return [yaml_name(model, name) for name in data_fields(model)]


def _unknown_field(given: str, model: type[Record], location: tuple[Any, ...]) -> M:
    known = _fields_of(model, location)
    word = FIELD_WORDS.get(given.strip().lower())
    if word in known:
        return M("unknown field; the field for this is '{near}'", near=word)
    near = [name for name in closest(given, known, n=1) if name != given]
    return M("unknown field (did you mean '{near}'?)", near=near[0]) if near else M("unknown field; this record's fields are {known}", known=", ".join(known))


def _message(detail: Any, model: type[Record]) -> M:
    kind = detail["type"]
    given = detail.get("input")
    if kind == "missing":
        return M("missing (required)")
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        return _unknown_field(str(detail["loc"][-1]), model, tuple(detail["loc"][:-1]))
    if kind == "string_type":
        return M("expected text, got {what}", what=_describe(given))
    if kind in ("list_type", "tuple_type"):
        return M("expected a list, got {what}", what=_describe(given))
    if kind in ("dataclass_type", "dataclass_args_type", "dict_type", "model_type"):
        return M("expected a mapping of fields, got {what}", what=_describe(given))
    if kind == "string_pattern_mismatch":
        return M("{what} is not a valid id: use lowercase a-z, digits and '-'", what=_describe(given))
    if kind in ("string_too_short", "too_short"):
        return M("must not be empty")
    if kind == "string_too_long":
        return M("too long (at most {n} characters)", n=detail["ctx"]["max_length"])
    if kind == "literal_error" and detail["loc"][-1] == "kind" and model.KIND == "organisation":
        return M(
            "{what} is not a kind of organisation: write municipality (kommun), county_board (länsstyrelse), agency (myndighet), region, "
            "nonprofit (ideell) or other (annan)",
            what=_describe(given),
        )
    if kind == "literal_error":
        return M("{what} is not one of {expected}", what=_describe(given), expected=detail["ctx"]["expected"])
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return M("{what} is not a whole number", what=_describe(given))
    if kind in ("greater_than_equal", "less_than_equal"):
        return M("{what} is out of range ({low} to {high})", what=_describe(given), low=0, high=1000)
    if kind in ("datetime_parsing", "datetime_from_date_parsing", "datetime_type", "timezone_aware"):
        return M("{what} is not a date and time with its offset (2009-06-02T10:14:03+02:00)", what=_describe(given))
    if kind in CUSTOM_MESSAGES:
        return M(CUSTOM_MESSAGES[kind], **(detail.get("ctx") or {}))
    return M("{text}", text=detail["msg"])


def _unknown_files(folder: Folder, overrides: dict[str, bytes]) -> list[Problem]:
    """A warning for each other .yaml/.yml file in the folder, with the name it probably meant: it is not read."""
    known = [INQUIRY_FILE, *FILES]
    try:
        names = sorted(entry.name for entry in os.scandir(folder.path) if entry.name.lower().endswith((".yaml", ".yml")))
    except OSError:
        return []
    problems = []
    for name in names:
        if name in known or name in overrides:
            continue
        stem = name.rsplit(".", 1)[0].lower()
        meant = next((k for k in known if k.rsplit(".", 1)[0] == stem), None) or next((k for k in known if stem.startswith(k.rsplit(".", 1)[0])), None)
        if meant is None:
            near = closest(name, known, n=1)
            meant = near[0] if near else None
        hint = M("; did you mean {meant}?", meant=meant) if meant else M("; the files read are {known}", known=", ".join(known))
        problems.append(Problem(folder.file(name), None, None, M("this file is not read{hint}", hint=hint), "warning"))
    return problems


def load_record(model: type[RecordType], node: Any) -> RecordType:
    """The record a node of a data file holds, validated (for the writer, which edits a file it has checked)."""
    found: RecordType = _adapter(_ITEM_TYPES.get(model, model)).validate_python(node)
    return found
