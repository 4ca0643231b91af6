"""Bringing organisations in: from the register of Sweden's municipalities and counties, and from a contact sheet.
Functions over an opened Workspace, returning what they did; no Typer here (cli/data.py parses and shows)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..i18n import M
from ..model import sweden
from ..model.problems import NotFound, UsageError
from ..model.records import Organisation
from ..model.text import did_you_mean, quote
from ..source import writer

if TYPE_CHECKING:
    from ..workspace import Workspace
    from .importing import Plan


class Added(NamedTuple):
    """What `add` did: the records written, those already there, and the members put on the list (if one was named)."""

    records: list[list[tuple[str, Any]]]
    there: list[Organisation]
    members: list[str]


def counties(names: Iterable[str]) -> list[sweden.County]:
    """The counties named as people write them; refused with a 'did you mean' for one that is none."""
    found = []
    for name in names:
        county = sweden.match_county(name)
        if county is None:
            raise NotFound(M("unknown county {county}{hint}", county=quote(name), hint=did_you_mean(name, sweden.county_names())))
        found.append(county)
    return found


def add_municipalities(
    workspace: Workspace,
    names: Iterable[str] = (),
    in_counties: Iterable[str] = (),
    every: bool = False,
    list_id: str | None = None,
    title: str | None = None,
) -> Added:
    """Add municipalities from the register (named, every one of some counties, or all 290) to organisations.yaml,
    never one already there; with `list_id`, put them on that list too (a new list needs its `title`)."""
    workspace.require_no_errors()
    _new_list_titled(workspace, list_id, title)
    names, in_counties = list(names), list(in_counties)
    if not (names or in_counties or every):
        raise UsageError(M("name municipalities, or give --county COUNTY or --all"))
    wanted: dict[str, sweden.Municipality] = {}
    unknown = []
    for name in names:
        found = sweden.match_municipality(name)
        if found is None:
            longer = sweden.names_beginning(name)
            hint = M(" (did you mean {names}?)", names=", ".join(quote(n) for n in longer)) if longer else did_you_mean(name, sweden.municipality_names())
            unknown.append(M("{name} is not one of Sweden's municipalities{hint}", name=quote(name), hint=hint))
        else:
            wanted.setdefault(found.code, found)
    if unknown:
        raise NotFound(*unknown)
    chosen = counties(in_counties)
    for municipality in sweden.municipalities().values():
        if every or municipality.county in chosen:
            wanted.setdefault(municipality.code, municipality)
    existing = {org.name: org for org in workspace.folder.organisations if org.kind == "municipality"}
    ids = sweden.municipality_ids()
    records: list[list[tuple[str, Any]]] = [
        [("id", ids[m.code]), ("kind", "municipality"), ("name", m.name), ("official_name", m.official_name)] for m in wanted.values() if m.name not in existing
    ]
    members = [existing[m.name].id if m.name in existing else ids[m.code] for m in wanted.values()]
    return _add(workspace, Added(records, [existing[m.name] for m in wanted.values() if m.name in existing], members), list_id, title)


def add_county_boards(
    workspace: Workspace, in_counties: Iterable[str] = (), every: bool = False, list_id: str | None = None, title: str | None = None
) -> Added:
    """Add county boards (länsstyrelser) to organisations.yaml, named as they are named, never one already there; with
    `list_id`, put them on that list too (a new list needs its `title`)."""
    workspace.require_no_errors()
    _new_list_titled(workspace, list_id, title)
    in_counties = list(in_counties)
    if not (in_counties or every):
        raise UsageError(M("give --county COUNTY or --all"))
    wanted = list(sweden.counties().values()) if every else counties(in_counties)
    folder = workspace.folder
    existing = {folder.county(org): org for org in folder.organisations if org.kind == "county_board"}
    ids = {c: existing[c].id if c in existing else "lst-" + sweden.ascii_id(c.name) for c in wanted}  # each county once, in order
    records: list[list[tuple[str, Any]]] = [
        [("id", ids[c]), ("kind", "county_board"), ("name", sweden.county_board_name(c)), ("official_name", sweden.county_board_name(c)), ("county", c.name)]
        for c in ids
        if c not in existing
    ]
    return _add(workspace, Added(records, [existing[c] for c in ids if c in existing], list(ids.values())), list_id, title)


def _new_list_titled(workspace: Workspace, list_id: str | None, title: str | None) -> None:
    """A list that `add` makes is titled as the letters print it (`För kännedom till kontaktpersonerna i länsstyrelsen`),
    never by its id; an existing list keeps its own title."""
    if list_id is None:
        if title is not None:
            raise UsageError(M("--title names a new list: give --list too"))
        return
    there = workspace.folder.mailing_list.get(list_id)
    if there is None and not (title and title.strip()):
        raise UsageError(
            M("{list} is a new list: give its title as the letters print it, for example --title 'Kontaktpersoner i kommunerna'", list=quote(list_id))
        )
    if there is not None and title is not None and title != there.title:
        raise UsageError(M("the list {list} is already titled {title}; change the title in lists.yaml", list=quote(list_id), title=quote(there.title)))


def _add(workspace: Workspace, added: Added, list_id: str | None, title: str | None = None) -> Added:
    if added.records or list_id:
        writer.add_organisations(workspace.settings, added.records, list_id, added.members, title)
    return added


def import_contacts(workspace: Workspace, path: Path, write: bool = False, header_row: int | None = None) -> Plan:
    """What a contact sheet would change in organisations.yaml (new organisations, new and changed contacts, rows that
    cannot be placed); the changes made with `write`. `header_row`: the row that names the columns, else found."""
    from .importing import CONTACTS_NEED, contacts_plan, read_sheet

    workspace.require_no_errors()
    plan = contacts_plan(workspace.folder, read_sheet(path, CONTACTS_NEED, header_row))
    if write and not plan.empty:
        writer.apply_contacts(workspace.settings, plan)
    return plan
