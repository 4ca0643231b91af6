"""`lokalservice letters`, `lists` and `organisations`: what the folder holds, so ids can be found without the YAML;
and `cache clear`."""

from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import N_
from .common import (
    DelimiterOption,
    Format,
    FormatOption,
    LangOption,
    OutputOption,
    command,
    finish,
    sink,
    typer_app,
    uses_folder,
)

if TYPE_CHECKING:
    from ..workspace import Workspace

app = typer_app()
cache_app = typer_app(help=N_("The cache of read folders in your user folder.\n\nExample: lokalservice cache clear"), no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@command(
    app,
    "letters",
    N_("The letters: date, subject, to whom, reply-by date and replies so far.\n\nExample: lokalservice letters --format xlsx --output brev.xlsx"),
)
@uses_folder
def letters(
    workspace: "Workspace",
    format: FormatOption = Format.table,
    delimiter: DelimiterOption = ";",
    output: OutputOption = None,
) -> None:
    from ..i18n import _
    from ..model import rules
    from ..queries import browse

    out = sink(output, format)
    folder = workspace.folder
    kept, left = workspace.partition(
        browse.letters(folder), lambda letter: ({("letter", letter.id)}, rules.letter_reach(folder, letter)), lambda letter: letter.id
    )
    found = [browse.letter_json(folder, letter) for letter in kept]
    rows = [
        [
            f["id"],
            f["date"],
            f["subject"],
            f["addressee"] or ", ".join(f["to"]),
            ", ".join(f["cc"]),
            f["reply_by"],
            f["expected"] if f["asks_for_replies"] else None,
            f["replied"],
        ]
        for f in found
    ]
    columns = ["id", "date", "subject", "to", "cc", "reply_by", "expected", "replied"]
    headers = [_("Letter"), _("Date"), _("Subject"), _("To"), _("For information"), _("Reply by"), _("Expected"), _("Replied")]
    # people read the lists' titles and the organisations' names where programs get ids
    shown = [
        [
            *row[:3],
            f["addressee"] or browse.names(folder, f["to"]),
            browse.names(folder, f["cc"]),
            *row[5:7],
            row[7] if f["asks_for_replies"] and f["expected"] is not None else None,
        ]
        for row, f in zip(rows, found)
    ]
    out.listing(format.value, found, _("Letters"), columns, headers, rows, delimiter, shown)
    finish(workspace, [*workspace.lost_of(("letter",)), *left])


@command(
    app,
    "lists",
    N_("The mailing lists: title, members, included lists, how many organisations they reach, the letters that use them.\n\nExample: lokalservice lists"),
)
@uses_folder
def lists(
    workspace: "Workspace",
    format: FormatOption = Format.table,
    delimiter: DelimiterOption = ";",
    output: OutputOption = None,
) -> None:
    from ..i18n import _
    from ..model.recipients import reach
    from ..queries import browse

    out = sink(output, format)
    folder = workspace.folder
    used = browse.users(folder)
    kept, left = workspace.partition(folder.lists, lambda m: ({("list", m.id)}, reach(folder, [m.id])), lambda m: m.id)
    found = [browse.list_json(folder, mailing_list, used) for mailing_list in kept]
    rows = [[f["id"], f["title"], ", ".join(f["members"]), ", ".join(f["include"]), f["organisations"], ", ".join(f["letters"])] for f in found]
    columns = ["id", "title", "members", "include", "organisations", "letters"]
    headers = [_("List"), _("Title"), _("Members"), _("Includes"), _("Organisations"), _("Letters")]
    out.listing(format.value, found, _("Lists"), columns, headers, rows, delimiter)
    finish(workspace, [*workspace.lost_of(("list", "letter")), *left])


@command(
    app,
    "organisations",
    N_(
        "The organisations and their contacts, to find an id: search by any part of a name or address, or by kind and county.\n\nExample: lokalservice organisations --search älvdal"
    ),
)
@uses_folder
def organisations(
    workspace: "Workspace",
    search: Annotated[
        str | None,
        typer.Option("--search", "-s", metavar=N_("TEXT"), help=N_("Only those whose id, name, contacts or addresses hold TEXT. Example: --search dalen")),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            metavar=N_("KIND"),
            help=N_(
                "Only this kind (repeatable): municipality (kommun), county_board (länsstyrelse), agency (myndighet), region, nonprofit, other. Example: --kind kommun"
            ),
        ),
    ] = None,
    county: Annotated[
        list[str] | None, typer.Option("--county", metavar=N_("COUNTY"), help=N_("Only those in this county (repeatable). Example: --county Dalarna"))
    ] = None,
    format: FormatOption = Format.table,
    delimiter: DelimiterOption = ";",
    output: OutputOption = None,
) -> None:
    from ..i18n import M, _
    from ..model.problems import UsageError
    from ..model.records import KIND_WORDS, ORGANISATION_KINDS
    from ..model.sweden import match_county
    from ..queries import browse

    out = sink(output, format)
    for name in county or []:
        if match_county(name) is None:
            raise UsageError(M("--county: {county} is not one of the 21 counties", county=name))
    known = {*KIND_WORDS, *KIND_WORDS.values()}
    for name in kind or []:
        if name.strip().lower() not in known:
            raise UsageError(M("--kind: {kind} is not a kind of organisation", kind=name))
    folder = workspace.folder
    member_of = browse.memberships(folder)
    every_list = {("list", mailing_list.id) for mailing_list in folder.lists}
    chosen = browse.find_organisations(folder, search, kind or [], county or [])
    kept, left = workspace.partition(chosen, lambda org: ({("organisation", org.id)}, every_list), lambda org: org.id)
    found = [browse.organisation_json(folder, org, member_of) for org in kept]
    rows = [
        [
            f["id"],
            f["kind"],
            f["name"],
            f["county"],
            f["email"],
            "; ".join(c["name"] + (f" <{c['email']}>" if c["email"] else "") for c in f["contacts"]),
            ", ".join(f["lists"]),
        ]
        for f in found
    ]
    columns = ["id", "kind", "name", "county", "email", "contacts", "lists"]
    headers = [_("Id"), _("Kind"), _("Name"), _("County"), _("E-mail"), _("Contacts"), _("Lists")]
    shown = [[row[0], _(ORGANISATION_KINDS.get(row[1], row[1])), *row[2:]] for row in rows]
    out.listing(format.value, found, _("Organisations"), columns, headers, rows, delimiter, shown)
    finish(workspace, [*workspace.lost_of(("organisation", "list")), *left])


@command(
    cache_app,
    "clear",
    N_("Remove every cache entry (copies of read folders, with names and addresses, kept to answer faster).\n\nExample: lokalservice cache clear"),
)
def cache_clear(lang: LangOption = None) -> None:
    from .. import i18n
    from ..i18n import M, Mn
    from ..outputs import render
    from ..source import cache

    if lang is not None:
        i18n.use(lang.value)
    folder, removed = cache.clear()
    if folder is None:
        render.say(M("The cache is off ($LOKALSERVICE_CACHE=off): there is nothing to clear."))
    else:
        render.say(Mn("Removed {n} cache entry from {folder}.", "Removed {n} cache entries from {folder}.", n=removed, folder=str(folder)))
