"""The one set of status words, for deadlines, letters, seminars and the report: machine values and their words."""

from __future__ import annotations

from typing import Literal

from ..i18n import N_, _, pgettext

Status = Literal["open", "due-soon", "overdue", "met", "replaced", "held", "planned", "closed"]
STATUSES: tuple[Status, ...] = ("open", "due-soon", "overdue", "met", "replaced", "held", "planned", "closed")
PENDING: tuple[Status, ...] = ("open", "due-soon", "overdue")
DONE: tuple[Status, ...] = ("met", "held", "closed")

_WORDS = {
    "open": N_("open"),
    "due-soon": N_("due soon"),
    "overdue": N_("overdue"),
    "met": N_("met"),
    "replaced": N_("replaced"),
    "held": N_("held"),
    "planned": N_("planned"),
    "closed": N_("closed"),
}


def word(status: Status, kind: str = "") -> str:
    """A status as people read it. A directive's passed deadline says no more than the data knows: no delivery is recorded."""
    if status == "overdue" and kind == "directive":
        return _("the date has passed – no delivery given")
    if status == "planned" and kind in ("seminar", "letter"):
        return pgettext("a seminar, a letter", "planned")  # ett seminarium, ett brev: the neuter form
    return _(_WORDS[status])


STYLES = {"overdue": "red", "due-soon": "yellow", "met": "dim", "replaced": "dim", "held": "dim", "closed": "dim", "planned": "cyan"}
