"""Bringing data in: `add municipalities`, `add county-boards`, `import contacts`; and the plans they print."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..i18n import N_
from .common import command, finish, typer_app, uses_folder

if TYPE_CHECKING:
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
    str | None, typer.Option("--list", metavar=N_("LIST"), help=N_("Also put them on this list (made if missing). Example: --list kommuner"))
]
WriteOption = Annotated[bool, typer.Option("--write", help=N_("Make the changes; without it, only show them. Example: --write"))]


def _counties(names: list[str]) -> list[Any]:
    from ..i18n import M
    from ..model import sweden
    from ..model.problems import NotFound
    from ..model.text import did_you_mean, quote

    found = []
    for name in names:
        county = sweden.match_county(name)
        if county is None:
            raise NotFound(M("unknown county {county}{hint}", county=quote(name), hint=did_you_mean(name, sweden.county_names())))
        found.append(county)
    return found


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
) -> None:
    from ..i18n import M
    from ..model import sweden
    from ..model.problems import NotFound, UsageError
    from ..model.text import did_you_mean, quote

    workspace.require_no_errors()
    if not (names or county or all_):
        raise UsageError(M("name municipalities, or give --county COUNTY or --all"))
    wanted: dict[str, sweden.Municipality] = {}
    unknown = []
    for name in names or []:
        found = sweden.match_municipality(name)
        if found is None:
            unknown.append(M("{name} is not one of Sweden's municipalities{hint}", name=quote(name), hint=did_you_mean(name, sweden.municipality_names())))
        else:
            wanted.setdefault(found.code, found)
    if unknown:
        raise NotFound(*unknown)
    counties = _counties(county or [])
    for municipality in sweden.municipalities().values():
        if all_ or municipality.county in counties:
            wanted.setdefault(municipality.code, municipality)
    existing = {org.name: org for org in workspace.folder.organisations if org.kind == "municipality"}
    ids = sweden.municipality_ids()
    records = [[("id", ids[m.code]), ("kind", "municipality"), ("name", m.name)] for m in wanted.values() if m.name not in existing]
    members = [existing[m.name].id if m.name in existing else ids[m.code] for m in wanted.values()]
    _add(workspace, records, [existing[m.name] for m in wanted.values() if m.name in existing], list_id, members)


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
) -> None:
    from ..i18n import M
    from ..model import sweden
    from ..model.problems import UsageError

    workspace.require_no_errors()
    if not (county or all_):
        raise UsageError(M("give --county COUNTY or --all"))
    wanted = list(sweden.counties().values()) if all_ else _counties(county or [])
    folder = workspace.folder
    existing = {folder.county(org): org for org in folder.organisations if org.kind == "county_board"}
    ids = {c: existing[c].id if c in existing else "lst-" + sweden.ascii_id(c.name) for c in wanted}  # each county once, in order
    records = [[("id", ids[c]), ("kind", "county_board"), ("name", sweden.county_board_name(c)), ("county", c.name)] for c in ids if c not in existing]
    _add(workspace, records, [existing[c] for c in ids if c in existing], list_id, list(ids.values()))


def _add(workspace: Any, records: list[Any], there: list[Any], list_id: str | None, members: list[str]) -> None:
    from ..i18n import M, Mn
    from ..outputs import render
    from ..source.writer import add_organisations

    if records or list_id:
        add_organisations(workspace.settings, records, list_id, members)
    if records:
        names = ", ".join(f"{dict(r)['name']} ({dict(r)['id']})" for r in records)
        render.say(Mn("Added {n} organisation: {names}.", "Added {n} organisations: {names}.", n=len(records), names=names))
    if there:
        render.say(
            Mn("Already there, not added again: {names}.", "Already there, not added again: {names}.", n=len(there), names=", ".join(o.name for o in there))
        )
    if list_id:
        render.say(M("On the list {list}: {n} of them.", list=list_id, n=len(members)))


@command(
    import_app,
    "contacts",
    N_(
        "Read contact persons from a spreadsheet (.xlsx, or .csv as Excel saves it): each row matched to an organisation, or to a "
        "municipality of the register (added). Shows what would change; --write makes the changes.\n\nExample: lokalservice import contacts kontakter.xlsx --write"
    ),
)
@uses_folder
def import_contacts(
    workspace: "Workspace",
    file: Annotated[
        Path, typer.Argument(metavar=N_("FILE"), help=N_("The sheet: its first row names the columns. Example: kontakter.xlsx"), show_default=False)
    ],
    write: WriteOption = False,
) -> None:
    from ..actions.importing import contacts_plan, read_sheet
    from ..i18n import M
    from ..outputs import render
    from ..source.writer import apply_contacts

    workspace.require_no_errors()
    plan = contacts_plan(workspace.folder, read_sheet(file, ("organisation",)))
    render.lines(plan_lines(workspace.folder, plan))
    if write and not plan.empty:
        apply_contacts(workspace.settings, plan)
        render.say(M("Wrote the changes to organisations.yaml."))
    elif not plan.empty:
        render.say(M("Nothing is written without --write."))
    if plan.unplaced:
        raise typer.Exit(1)
    finish(workspace)


def plan_lines(folder: Any, plan: Any) -> list[str]:
    """A contact import's plan for people: what would be added and changed, and the rows it cannot place."""
    from ..i18n import M, Mn

    names = {org.id: org.name for org in folder.organisations} | {o.id: o.name for o in plan.new_organisations}
    lines = []
    if plan.new_organisations:
        lines.append(str(Mn("New organisation ({n}):", "New organisations ({n}):", n=len(plan.new_organisations))))
        lines += [f"  {o.name} ({o.id})" for o in plan.new_organisations]
    if plan.new_contacts:
        lines.append(str(Mn("New contact ({n}):", "New contacts ({n}):", n=len(plan.new_contacts))))
        for c in plan.new_contacts:
            details = ", ".join(value for key, value in c.fields.items() if key != "name")
            lines.append(f"  {names[c.organisation]}: {c.fields['name']}" + (f" ({details})" if details else ""))
    if plan.changed:
        lines.append(str(Mn("Changed ({n}):", "Changed ({n}):", n=len(plan.changed))))
        for c in plan.changed:
            who = f"{names[c.organisation]}: {c.contact}" if c.contact else names[c.organisation]
            lines += [f"  {who}: {field} {old or '–'} → {new}" for field, (old, new) in c.changes.items()]
    if plan.unplaced:
        lines.append(str(Mn("Row that cannot be placed ({n}):", "Rows that cannot be placed ({n}):", n=len(plan.unplaced))))
        lines += [str(M("  row {row}: {why}", row=u.row, why=u.why)) for u in plan.unplaced]
    for row, note in plan.notes:
        lines.append(str(M("  row {row}: {why}", row=row, why=note)))
    if plan.empty and not plan.unplaced:
        lines.append(str(M("Nothing to change: the sheet agrees with organisations.yaml.")))
    return lines
