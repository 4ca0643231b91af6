"""Whom to remind about a letter: the use case behind `remind` (and `remind --eml/--send`). No Typer here."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..i18n import M
from ..model import rules
from ..model.problems import LokalserviceError
from ..model.records import Letter, Organisation
from ..model.words import long_date_message
from ..queries.reminders import Plan, Standing, asked_date, due_list, standing
from ..queries.replies import countable

if TYPE_CHECKING:
    from ..workspace import Workspace


def plan_reminders(workspace: Workspace, letter: Letter, force: bool = False, only: list[Organisation] | None = None, asked_for: date | None = None) -> Plan:
    """The letter, everyone who has not replied (limited to `only`) with whether a reminder is due, and the date the
    påminnelse asks for; or the refusal a secretary needs: an information letter, a letter closed or not yet sent."""
    folder, today = workspace.folder, workspace.today
    countable(letter)
    workspace.require(rules.letter_shows(folder, letter), rules.letter_counts(letter))
    if rules.is_closed(letter, today):
        raise LokalserviceError(
            M("{letter} was closed on {date}: no more replies are awaited, so nobody is reminded", letter=letter.id, date=str(letter.closed))
        )
    if rules.is_planned(letter, today):
        raise LokalserviceError(
            M(
                "{letter} is dated {date}, after today: it has not been sent, so nobody can be reminded",
                letter=letter.id,
                date=long_date_message(letter.date) if letter.date else "",
            )
        )
    due = due_list(folder, letter, today, force)
    others: list[Standing] = []
    if only:
        wanted = {org.id: org for org in only}
        due = [d for d in due if d.organisation.id in wanted]
        waiting = {d.organisation.id for d in due}
        others = [standing(folder, letter, org, today) for org_id, org in wanted.items() if org_id not in waiting]
    return Plan(letter, due, *asked_date(folder, letter, today, asked_for), others)
