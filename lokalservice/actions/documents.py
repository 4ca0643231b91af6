"""A letter and its påminnelser as documents: the pages to write (one for the letter `Enligt sändlista`, or one per
recipient), and the Word files made of them. No Typer here (cli/documents.py and `remind --docx` parse and show)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import M
from ..model.problems import LokalserviceError
from ..model.records import Letter, Organisation
from ..model.text import quote
from ..queries import distribution as d
from ..queries.documents import Page, Person, in_folder, letter_page, reminder_page
from ..queries.reminders import Plan, reminder_people

if TYPE_CHECKING:
    from ..outputs.docx import Template
    from ..workspace import Workspace


def letter_pages(workspace: Workspace, letter: Letter, each: bool = False) -> list[tuple[Organisation | None, Page]]:
    """The letter to everyone `Enligt sändlista`, with the sändlista as its last part; with `each`, one page per
    organisation on the sändlista, addressed to its official name and its contacts there (för kännedom to those in cc)."""
    folder = workspace.folder
    workspace.require(d.depends_on(folder, letter))
    if not each:
        return [(None, letter_page(folder, letter))]
    found: dict[str, tuple[str, Organisation, list[Person]]] = {}
    sandlista = d.distribution(folder, letter)
    for section, _group, recipient in sandlista.recipients():
        entry = found.setdefault(recipient.organisation.id, (section, recipient.organisation, []))
        if recipient.contact:
            entry[2].append((recipient.contact.name, recipient.contact.title, recipient.contact.address))
    if not found:
        raise LokalserviceError(M("{letter} has no sändlista to write one document per recipient for (to: lists or organisations)", letter=letter.id))
    return [(org, letter_page(folder, letter, org, people, section == "cc", found=sandlista)) for section, org, people in found.values()]


def reminder_pages(workspace: Workspace, plan: Plan) -> list[tuple[Organisation, Page]]:
    """The påminnelse of each organisation due for one."""
    folder = workspace.folder
    return [
        (due.organisation, reminder_page(folder, plan.letter, due.organisation, reminder_people(due.addressees), workspace.today, plan.by))
        for due in plan.due
        if due.due
    ]


def chosen_template(workspace: Workspace) -> Template:
    """The secretariat's template (inquiry.yaml's `template:`), else the plain one shipped."""
    from ..outputs.docx import template

    inquiry = workspace.folder.inquiry
    written = inquiry.template if inquiry else None
    if inquiry is not None and written is not None and not in_folder(workspace.settings.data_dir, written):
        raise LokalserviceError(inquiry.problem("template", M("the file {file} is not in the data folder", file=quote(written))))
    return template(workspace.settings.data_dir, written, workspace.folder.file(written) if written else "")


def write_documents(workspace: Workspace, pages: list[tuple[Path, Page]]) -> list[Path]:
    """The pages as Word documents, each at its path."""
    from ..outputs.docx import write

    return write(pages, chosen_template(workspace))
