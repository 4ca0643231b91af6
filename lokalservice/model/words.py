"""Dates in words, in the language in use: weekdays and months in lower case in Swedish (`söndag`, `1 november 2009`)."""

from __future__ import annotations

from datetime import date

from ..i18n import N_, M, _, ngettext
from .records import Month
from .sweden import Holidays

WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday"))
MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)

# The holidays package's English names of Sweden's holidays: the catalogue's msgids for their Swedish names in running text.
HOLIDAYS = (
    N_("New Year's Day"),
    N_("Epiphany"),
    N_("Good Friday"),
    N_("Easter Sunday"),
    N_("Easter Monday"),
    N_("May Day"),
    N_("Ascension Day"),
    N_("Pentecost"),
    N_("Pentecost Monday"),
    N_("National Day"),
    N_("Midsummer Eve"),
    N_("Midsummer Day"),
    N_("All Saints' Day"),
    N_("Christmas Eve"),
    N_("Christmas Day"),
    N_("Second Day of Christmas"),
    N_("New Year's Eve"),
)


def long_date_message(day: date) -> M:
    """'1 november 2009' / '1 November 2009' as a message; a month the papers give alone as 'november 2008'."""
    month = M(MONTHS[day.month - 1])
    if isinstance(day, Month):
        return M("{month} {year}", month=month, year=day.year)
    return M("{day} {month} {year}", day=day.day, month=month, year=day.year)


def weekday_date_message(day: date) -> M:
    """'fredag 30 oktober 2009' / 'Friday 30 October 2009' as a message."""
    return M("{weekday} {date}", weekday=M(WEEKDAYS[day.weekday()]), date=long_date_message(day))


def holiday_message(english: str) -> M:
    """A holiday's name (the holidays package's English one; two that coincide are 'Ascension Day; May Day') as a message."""
    parts = [M(part) for part in english.split("; ")]
    message = parts[0]
    for part in parts[1:]:
        message = M("{first}; {second}", first=message, second=part)
    return message


def non_working_message(holidays: Holidays, day: date) -> M | None:
    """Why `day` is not a working day (`alla helgons dag`, `söndag`) as a message, or None on a working day."""
    name = holidays.name(day, english=True)
    if name:
        return holiday_message(name)
    return M(WEEKDAYS[day.weekday()]) if day.weekday() >= 5 else None


def weekday(day: date) -> str:
    """'söndag' / 'Sunday'."""
    return _(WEEKDAYS[day.weekday()])


def long_date(day: date) -> str:
    """'1 november 2009' / '1 November 2009'; a month the papers give alone as 'november 2008'."""
    return str(long_date_message(day))


def weekday_date(day: date) -> str:
    """'fredag 30 oktober 2009' / 'Friday 30 October 2009'."""
    return str(weekday_date_message(day))


def shown(day: date | None) -> str:
    """A date in a table: ISO (`2009-05-29`), or the month where only the month is known (`november 2008`)."""
    if day is None:
        return ""
    return long_date(day) if isinstance(day, Month) else day.isoformat()


def non_working(holidays: Holidays, day: date) -> str | None:
    """Why `day` is not a working day, in words (`söndag`, `alla helgons dag`), or None on a working day."""
    message = non_working_message(holidays, day)
    return str(message) if message is not None else None


def non_working_json(holidays: Holidays, day: date) -> str | None:
    """The same for JSON, in one language for every user: the holiday's Swedish name or the English weekday."""
    name = holidays.name(day)
    if name:
        return name
    return WEEKDAYS[day.weekday()] if day.weekday() >= 5 else None


def days_left_words(days: int) -> str:
    """Days left as a person reads them: '89', or 'passed 486 days ago' rather than '-486'."""
    if days >= 0:
        return str(days)
    return ngettext("passed {n} day ago", "passed {n} days ago", -days).format(n=-days)
