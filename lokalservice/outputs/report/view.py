"""The investigator's report as data: a query over the folder, tested without HTML; the template only lays it out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from ...i18n import M, Mn, _, current, ngettext
from ...model import rules
from ...model.folder import Folder
from ...model.problems import Problem
from ...model.problems import errors as problem_errors
from ...model.problems import warnings as problem_warnings
from ...model.words import long_date, shown
from ...queries.deadlines import Item, items, shown_what
from ...queries.reminders import describe_rung
from ...queries.replies import ReplyReport, report
from ...queries.seminars import seminars
from ...queries.status import word
from . import svg

STATUS_MARKS = {"open": "○", "due-soon": "◔", "overdue": "✕", "met": "✓", "replaced": "↷", "held": "✓", "planned": "◇", "closed": "■", "passed": "–"}


class DeadlineView(NamedTuple):
    id: str
    kind: str
    due: str  # ISO
    what: str
    source: str
    status: str  # machine value: the same as deadlines --format json
    status_words: str
    mark: str  # a shape beside the words, so that status is never told by colour alone
    note: str
    tone: str  # how it is drawn: the status, or `passed` for a directive's date with no delivery in the data (not a failure)


class Missing(NamedTuple):
    name: str
    county: str
    contacts: str  # the people, or 'registrator' where only the organisation's own address is known
    emails: str
    reminders: str


class Replied(NamedTuple):
    """One organisation that has replied, as the investigator reads it."""

    name: str
    county: str
    received: str  # ISO
    late: bool


class LetterView(NamedTuple):
    id: str
    subject: str
    date: str
    reply_by: str
    status: str
    status_words: str
    mark: str
    replied: int
    expected: int
    late: int
    unasked: int
    percent: int
    summary: str
    by_group: svg.Bars | None  # None: the letter's recipients have no groups (all named on the letter itself)
    by_county: svg.Bars | None  # None: none of them is in a county (agencies, organisations)
    missing: list[Missing]
    replied_list: list[Replied]


class SeminarView(NamedTuple):
    id: str
    date: str
    title: str
    status_words: str
    invited: int
    attended: int | None  # None: who came is not recorded
    note: str


class Figure(NamedTuple):
    """One figure at the top of the page: a number (or date) and what it counts."""

    number: str
    label: str
    css: str = ""


class Legend(NamedTuple):
    """What a marker's shape means on the timeline."""

    status: str
    words: str
    shape: tuple[tuple[str, str], ...]


class ReportView(NamedTuple):
    language: str
    designation: str
    title: str
    department: str
    today: str
    today_words: str
    glance: list[Figure]
    deadlines: list[DeadlineView]
    timeline: svg.Timeline
    legend: list[Legend]
    reports: list[tuple[str, str, str]]
    letters: list[LetterView]
    information_letters: list[str]
    summarised_letters: list[str]  # letters whose replies are known only as a whole: what is known
    seminars: list[SeminarView]
    seminar_bars: svg.Bars
    errors: int
    warnings: int
    quality: list[str]  # what the data lacks, in the investigator's words


def _deadline(folder: Folder, item: Item) -> DeadlineView:
    return DeadlineView(
        item.id,
        item.kind,
        item.due.isoformat(),
        shown_what(item),
        item.source,
        item.status,
        word(item.status, item.kind),
        STATUS_MARKS[tone(item)],
        str(item.note or ""),
        tone(item),
    )


def tone(item: Item) -> str:
    """How a deadline is drawn: a directive's date that passed with no delivery in the data is neutral, not a failure
    (the papers often do not say when a report was handed over)."""
    return "passed" if item.kind == "directive" and item.status == "overdue" else item.status


def _letter(found: ReplyReport, item: Item) -> LetterView:
    late = sum(a.late for a in found.replied)
    expected = len(found.answers)
    percent = round(100 * len(found.replied) / expected) if expected else 100
    missing = [
        Missing(
            a.organisation.name,
            a.county.name if a.county else "",
            ", ".join(c.name for c in a.organisation.contacts) or (_("registrar") if a.organisation.email else ""),
            ", ".join(c.email for c in a.organisation.contacts if c.email) or (a.organisation.email or ""),
            str(describe_rung(a.reminders)) if a.reached else _("not reached: the letter was not mailed to it"),
        )
        for a in found.missing
    ]
    letter = found.letter
    replied = [Replied(a.organisation.name, a.county.name if a.county else "", a.reply.received.isoformat(), a.late) for a in found.replied if a.reply]
    replied.sort(key=lambda r: (r.received, r.name))
    return LetterView(
        letter.id,
        letter.subject,
        shown(letter.date) if letter.date else "",
        shown(letter.reply_by),
        item.status,
        word(item.status, item.kind),
        STATUS_MARKS[item.status],
        len(found.replied),
        expected,
        late,
        len(found.unasked),
        percent,
        str(found.summary()),
        _chart(found, "group", _("named on the letter")),
        _chart(found, "county", _("no county")),
        missing,
        replied,
    )


def _chart(found: ReplyReport, by: str, none: str) -> svg.Bars | None:
    """The bars of a breakdown by group or county; none for a dimension the letter's recipients do not have (every one
    named directly on the letter, or none in a county), and `none` as the label of those without one (not a dash)."""
    if not any((answer.group if by == "group" else answer.county) for answer in found.answers):
        return None
    return svg.bars([(none if key == "–" else key, replied, total) for key, replied, total in found.breakdown(by)], _("replied"))


def _glance(found: list[Item], letters: list[LetterView], errors: int) -> list[Figure]:
    """The page's first line: what is overdue, what comes next, how many have replied, whether the data is sound."""
    overdue = [item for item in found if item.status == "overdue" and tone(item) != "passed"]
    passed = [item for item in found if item.status == "overdue" and tone(item) == "passed"]
    upcoming = [item for item in found if item.status in ("open", "due-soon", "planned")]
    figures = [
        Figure(
            str(len(overdue)),
            ngettext("reply-by date passed without all replies", "reply-by dates passed without all replies", len(overdue)),
            "bad" if overdue else "",
        )
    ]
    if upcoming:
        nearest = upcoming[0]
        figures.append(
            Figure(
                nearest.due.isoformat(),
                _("next: {what} ({days})").format(
                    what=shown_what(nearest), days=ngettext("{n} day left", "{n} days left", nearest.days_left).format(n=nearest.days_left)
                ),
            )
        )
    asked = sum(letter.expected for letter in letters if letter.status not in ("met", "closed"))
    replied = sum(letter.replied for letter in letters if letter.status not in ("met", "closed"))
    if asked:
        figures.append(Figure(f"{replied}/{asked}", _("replies to the letters still open")))
    figures.append(Figure(str(errors), ngettext("error in the data", "errors in the data", errors), "bad" if errors else ""))
    if passed:  # a directive's date gone by with no delivery recorded: said, neutral (the data may only lack the delivery)
        figures.insert(
            1, Figure(str(len(passed)), ngettext("directive date passed, no delivery given", "directive dates passed, no delivery given", len(passed)), "")
        )
    return figures


def view(folder: Folder, today: date, problems: list[Problem], kept: list[Item] | None = None) -> ReportView:
    """Everything the report shows, as of `today` (`kept`: the deadlines an answer may show despite errors)."""
    errors, warnings = len(problem_errors(problems)), len(problem_warnings(problems))
    assert folder.inquiry is not None
    found = kept if kept is not None else items(folder, today)
    deadlines = [_deadline(folder, item) for item in found]
    letters = [
        _letter(report(folder, folder.letter[item.id], today), item) for item in found if item.kind == "letter" and not rules.summarised(folder.letter[item.id])
    ]
    held = seminars(folder, today)
    inquiry = folder.inquiry
    glance = _glance(found, letters, errors)
    drawn = [d for d in deadlines if d.status != "replaced"]
    legend = [Legend(tone_, words, svg.SHAPES[tone_]) for tone_, words in dict.fromkeys((d.tone, d.status_words) for d in drawn)]
    return ReportView(
        current(),
        inquiry.designation,
        inquiry.title,
        inquiry.department or "",
        today.isoformat(),
        long_date(today),
        glance,
        deadlines,
        svg.timeline([(d.due, d.what, d.source, d.tone, d.status_words, d.mark) for d in drawn], today),
        legend,
        [(r.designation, r.title or "", shown(r.delivered) if r.delivered else _("date not known")) for r in folder.reports],
        letters,
        [f"{letter.id}: {letter.subject}" for letter in folder.letters if not rules.asks_for_replies(letter)],
        [f"{letter.subject}: {letter.replies_summary}" for letter in folder.letters if rules.summarised(letter)],
        [
            SeminarView(
                s.seminar.id,
                s.seminar.date.isoformat(),
                s.seminar.title,
                word(s.status, "seminar"),
                len(s.invited),
                None if s.attended is None else len(s.attended),
                s.seminar.note or "",
            )
            for s in held
        ],
        svg.bars([(s.seminar.date.isoformat(), len(s.attended), len(s.invited)) for s in held if s.attended is not None], _("came")),
        errors,
        warnings,
        quality(problems),
    )


# What each check's warnings mean for the investigator, counted: the data's health in words, not in commands.
TOPICS: dict[str, Callable[[int], M]] = {
    "check_contact_emails": lambda n: Mn(
        "{n} detail is missing from the contact list (an e-mail address)", "{n} details are missing from the contact list (e-mail addresses)", n=n
    ),
    "check_county_boards_on_cc": lambda n: Mn(
        "{n} county board is not on the distribution list of a letter to its municipalities",
        "{n} county boards are not on the distribution lists of letters to their municipalities",
        n=n,
    ),
    "check_replies": lambda n: Mn(
        "{n} reply needs a look (it came before its letter, or was not asked for)",
        "{n} replies need a look (they came before their letter, or were not asked for)",
        n=n,
    ),
    "check_journal": lambda n: Mn(
        "{n} reply recorded earlier is no longer in the reply file", "{n} replies recorded earlier are no longer in the reply file", n=n
    ),
}


def _other(n: int) -> M:
    return Mn("{n} other thing in the data to look at", "{n} other things in the data to look at", n=n)


def quality(problems: list[Problem]) -> list[str]:
    """What the data lacks or holds wrong, counted and in words for the investigator."""
    lines = []
    found_errors = problem_errors(problems)
    if found_errors:
        n = len(found_errors)
        lines.append(str(Mn("{n} error in the data: the secretariat corrects it", "{n} errors in the data: the secretariat corrects them", n=n)))
    counted: dict[str, int] = {}
    for problem in problem_warnings(problems):
        if problem.topic != "check_non_working_days":  # a date on a holiday is a fact of the calendar, not a fault
            counted[problem.topic or ""] = counted.get(problem.topic or "", 0) + 1
    return lines + [str(TOPICS.get(topic, _other)(n)) for topic, n in counted.items()]
