"""`lokalservice letter`: a letter as the kommitté sends it, as text or as Word documents (one, or one per recipient)."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import N_
from .common import LetterArgument, command, finish, typer_app, uses_folder

if TYPE_CHECKING:
    from ..workspace import Workspace

app = typer_app()


@command(
    app,
    "letter",
    N_(
        "A letter as the inquiry sends it: the head, the handläggare, the text, the signature and the sändlista; printed, as a Word document "
        "(--docx), or as one Word document per recipient with the addressee filled in (--each).\n\n"
        "Example: lokalservice letter fragor-2009 --docx brev.docx"
    ),
)
@uses_folder
def letter(
    workspace: "Workspace",
    letter: LetterArgument,
    docx: Annotated[
        Path | None,
        typer.Option("--docx", metavar=N_("FILE"), help=N_("Write the letter to everyone on its sändlista as a Word document. Example: --docx brev.docx")),
    ] = None,
    each: Annotated[
        Path | None,
        typer.Option(
            "--each",
            metavar=N_("FOLDER"),
            help=N_("Write one Word document per organisation on the sändlista into FOLDER, addressed to it. Example: --each brev"),
        ),
    ] = None,
) -> None:
    from ..actions.documents import letter_pages, write_documents
    from ..i18n import Mn
    from ..outputs import render

    if docx is None and each is None:
        (_nobody, page), *_rest = letter_pages(workspace, letter)
        render.lines(page.as_text().rstrip("\n").split("\n"))
        finish(workspace)
        return
    pages = []
    if docx is not None:
        pages += [(docx, page) for _nobody, page in letter_pages(workspace, letter)]
    if each is not None:
        pages += [(each / f"{letter.id}-{org.id}.docx", page) for org, page in letter_pages(workspace, letter, each=True) if org is not None]
    written = write_documents(workspace, pages)
    render.say(Mn("Wrote {n} document: {files}", "Wrote {n} documents: {files}", n=len(written), files=_files(written)))
    finish(workspace)


def _files(paths: "list[Path]") -> str:
    """The files written, or their folder and how many when there are many."""
    if len(paths) <= 3:
        return ", ".join(str(p) for p in paths)
    return ", ".join(str(p) for p in paths[:2]) + f", … ({paths[-1].parent})"
