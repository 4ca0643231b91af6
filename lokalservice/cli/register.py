"""`lokalservice register`: the in/out register (diarium) for a period, and the public extract of it."""

import enum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..i18n import N_
from .common import DelimiterOption, OutputOption, command, finish, typer_app, uses_folder

if TYPE_CHECKING:
    from ..queries.register import Entry, Register
    from ..workspace import Workspace

app = typer_app()


class RegisterFormat(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"
    erms = "erms"


@command(
    app,
    "register",
    N_(
        "The register of documents in and out (diarium) for a period: every reply received and every letter and påminnelse "
        "sent, with date, dnr, sender or recipient, what it concerns and a secrecy mark; for the inquiry's registrator, who "
        "keeps the official diarium. --public gives the extract the public may see.\n\n"
        "Example: lokalservice register --from 2009-05-01 --to 2009-05-31 --format xlsx --output diarium-maj.xlsx"
    ),
)
@uses_folder
def register(
    workspace: "Workspace",
    first: Annotated[
        str | None,
        typer.Option("--from", metavar=N_("YYYY-MM-DD"), help=N_("The first day of the period; default the first entry. Example: --from 2009-05-01")),
    ] = None,
    last: Annotated[
        str | None, typer.Option("--to", metavar=N_("YYYY-MM-DD"), help=N_("The last day of the period; default today. Example: --to 2009-05-31"))
    ] = None,
    public: Annotated[
        bool,
        typer.Option("--public", help=N_("The extract the public may see: a secrecy-marked entry shows only its date, dnr and mark. Example: --public")),
    ] = False,
    format: Annotated[
        RegisterFormat,
        typer.Option(
            "--format",
            "-f",
            help=N_(
                "table for people; json or csv for scripts; xlsx for Excel, html to print, erms (CITS ERMS XML) for a records system. Example: --format erms"
            ),
        ),
    ] = RegisterFormat.table,
    delimiter: DelimiterOption = ";",
    output: OutputOption = None,
) -> None:
    from ..i18n import M
    from ..model.problems import NotFound, UsageError
    from ..outputs import render
    from ..queries import register as r
    from ..settings import parse_day

    start = parse_day(first, "--from") if first else None
    end = parse_day(last, "--to") if last else None
    if start and end and start > end:
        raise UsageError(M("--from {first} is after --to {last}", first=str(start), last=str(end)))
    if output is not None and format is RegisterFormat.table:
        raise UsageError(M("--output writes json, csv or xlsx: give --format too (for example --format xlsx)"))
    shown, counted = r.depends_on(workspace.folder)
    workspace.require(shown, counted)
    found = r.register(workspace.folder, workspace.today, start, end)
    if public:
        found = found.public()
    out = render.Sink(output)
    if format is RegisterFormat.json:
        out.json(found.as_json())
    elif format is RegisterFormat.csv:
        out.rows("csv", r.COLUMNS, found.rows(), delimiter)
    elif format is RegisterFormat.erms:
        if not found.entries:
            raise NotFound(M("nothing is registered in the period; a CITS ERMS file holds at least one record"))
        from ..outputs.diarium import erms

        out.write(erms(_heading(workspace, found, public), found.entries, _agency(workspace)))
    else:
        headers, rows = _people(found, public)
        if format is RegisterFormat.xlsx:
            out.rows("xlsx", headers, rows, title=_title(public))
        elif format is RegisterFormat.html:
            from ..outputs.diarium import html

            out.write(html(_heading(workspace, found, public), headers, rows, _words(workspace, found, public)).encode("utf-8"))
        else:
            render.table(_title(public), headers, rows)
    finish(workspace, workspace.lost_of(("replies-to", "sent-for", "letter")))


def _title(public: bool) -> str:
    from ..i18n import _

    return _("Public extract of the register") if public else _("Register of documents in and out")


def _people(found: "Register", public: bool) -> tuple[list[str], list[list[Any]]]:
    """The register as people read it (a table, Excel, the printed page): headers and values in the language in use."""
    from ..i18n import _

    headers = [_("Date"), _("Dnr"), _("In/out"), _("Sender or recipient"), _("Concerns"), _("Document"), _("Secrecy"), _("Via")]
    return headers, [_shown(entry, public) for entry in found.entries]


def _shown(entry: "Entry", public: bool) -> list[Any]:
    from ..i18n import _
    from ..queries.register import SECRET

    kinds = {"reply": _("reply"), "letter": _("letter"), "reminder": _("reminder")}
    secret = _("secrecy-marked")
    hidden = public and entry.counterpart == SECRET  # the extract's mark, in the reader's language
    counterpart, concerns = (secret, secret) if hidden else (entry.counterpart, entry.concerns)
    return [
        entry.date.isoformat(),
        entry.dnr,
        _("in") if entry.direction == "in" else _("out"),
        counterpart,
        concerns,
        kinds[entry.kind],
        entry.secrecy,
        entry.via,
    ]


def _heading(workspace: "Workspace", found: "Register", public: bool) -> Any:
    from ..outputs.diarium import Heading

    inquiry = workspace.folder.inquiry
    assert inquiry is not None  # required above
    return Heading(workspace.settings.language, inquiry.designation, inquiry.title, found.first, found.last, workspace.today, public)


def _agency(workspace: "Workspace") -> str:
    inquiry = workspace.folder.inquiry
    assert inquiry is not None
    return f"{inquiry.designation} {inquiry.title}"


def _words(workspace: "Workspace", found: "Register", public: bool) -> dict[str, str]:
    from ..i18n import _, ngettext

    first = found.first.isoformat() if found.first else (found.entries[0].date.isoformat() if found.entries else found.last.isoformat())
    return {
        "title": _title(public),
        "period": _("{first} – {last}").format(first=first, last=found.last.isoformat()),
        "made": _("as of {day}").format(day=workspace.today.isoformat()),
        "empty": _("Nothing is registered in the period."),
        "count": ngettext("{n} entry", "{n} entries", len(found.entries)).format(n=len(found.entries)),
    }
