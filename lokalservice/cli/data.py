"""Bringing data in: `add municipalities`, `add county-boards`, `import contacts`; and the plans they print."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import N_
from . import completion
from .common import HeaderRowOption, command, finish, typer_app, uses_folder

if TYPE_CHECKING:
    from ..actions.data import Added
    from ..workspace import Workspace

app = typer_app()
add_app = typer_app(
    help=N_("Add organisations from the register of Sweden's municipalities and counties.\n\nExample: lokalservice add municipalities Dorotea Åsele"),
    no_args_is_help=True,
)
import_app = typer_app(help=N_("Read contacts from a spreadsheet.\n\nExample: lokalservice import contacts kontakter.xlsx"), no_args_is_help=True)
app.add_typer(add_app, name="add")
app.add_typer(import_app, name="import")

CountyOption = Annotated[
    list[str] | None, typer.Option("--county", metavar=N_("COUNTY"), help=N_("Every one in this county (repeatable). Example: --county Västerbotten"))
]
AllOption = Annotated[bool, typer.Option("--all", help=N_("All of them. Example: --all"))]
ListOption = Annotated[
    str | None,
    typer.Option(
        "--list", metavar=N_("LIST"), help=N_("Also put them on this list (made if missing). Example: --list kommuner"), autocompletion=completion.lists
    ),
]
TitleOption = Annotated[
    str | None,
    typer.Option(
        "--title",
        metavar=N_("TITLE"),
        help=N_("The title of a new --list, as the letters print it. Example: --title 'Kontaktpersoner för servicefrågor i kommunerna'"),
    ),
]
WriteOption = Annotated[bool, typer.Option("--write", help=N_("Make the changes; without it, only show them. Example: --write"))]


@command(
    add_app,
    "municipalities",
    N_(
        "Add municipalities from the register to organisations.yaml, with their official names and ids in ASCII; never one "
        "that is already there.\n\nExample: lokalservice add municipalities Dorotea 'Upplands Väsby' --list kommuner"
    ),
)
@uses_folder
def add_municipalities(
    workspace: "Workspace",
    names: Annotated[
        list[str] | None, typer.Argument(metavar=N_("NAME"), help=N_("Municipalities by name, as people write them. Example: Älvdalen"), show_default=False)
    ] = None,
    county: CountyOption = None,
    all_: AllOption = False,
    list_id: ListOption = None,
    title: TitleOption = None,
) -> None:
    from ..actions.data import add_municipalities as add

    _said(add(workspace, names or [], county or [], all_, list_id, title), list_id)


@command(
    add_app,
    "county-boards",
    N_(
        "Add county boards (länsstyrelser) to organisations.yaml, named as they are named; never one already there.\n\nExample: lokalservice add county-boards --county Västerbotten --county Jämtland"
    ),
)
@uses_folder
def add_county_boards(
    workspace: "Workspace",
    county: CountyOption = None,
    all_: AllOption = False,
    list_id: ListOption = None,
    title: TitleOption = None,
) -> None:
    from ..actions.data import add_county_boards as add

    _said(add(workspace, county or [], all_, list_id, title), list_id)


def _said(added: "Added", list_id: str | None) -> None:
    """What `add` did, on stderr."""
    from ..i18n import M, Mn
    from ..outputs import render

    if added.records:
        names = ", ".join(f"{dict(r)['name']} ({dict(r)['id']})" for r in added.records)
        render.say(Mn("Added {n} organisation: {names}.", "Added {n} organisations: {names}.", n=len(added.records), names=names))
    if added.there:
        there = ", ".join(o.name for o in added.there)
        render.say(Mn("Already there, not added again: {names}.", "Already there, not added again: {names}.", n=len(added.there), names=there))
    if list_id:
        render.say(M("On the list {list}: {n} of them.", list=list_id, n=len(added.members)))


def _contact_columns() -> str:
    from ..actions.importing import CONTACT_COLUMNS, columns_help

    return columns_help(CONTACT_COLUMNS)


@command(
    import_app,
    "contacts",
    N_(
        "Read contact persons from a spreadsheet (.xlsx, or .csv as Excel saves it): each row matched to an organisation, or to a "
        "municipality of the register (added), or with a Typ column to a region, county board, agency or other organisation (added). "
        "A row without a name gives the organisation its own address. Shows what would change; --write makes the changes.\n\n"
        "Example: lokalservice import contacts kontakter.xlsx --write"
    ),
    epilog=_contact_columns,
)
@uses_folder
def import_contacts(
    workspace: "Workspace",
    file: Annotated[
        Path, typer.Argument(metavar=N_("FILE"), help=N_("The sheet, with a row that names the columns. Example: kontakter.xlsx"), show_default=False)
    ],
    write: WriteOption = False,
    header_row: HeaderRowOption = None,
) -> None:
    from ..actions.data import import_contacts as read
    from ..i18n import M
    from ..outputs import render

    plan = read(workspace, file, write, header_row)
    render.lines(plan.lines(workspace.folder))
    if write and not plan.empty:
        render.say(M("Wrote the changes to organisations.yaml."))
    elif not plan.empty:
        render.say(M("Nothing is written without --write."))
    if plan.unplaced:
        raise typer.Exit(1)
    finish(workspace)
