"""Sweden's municipalities and counties, public holidays, and Swedish alphabetical order."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from functools import cache
from typing import NamedTuple

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class County(NamedTuple):
    code: str  # länskod, e.g. "22"
    letter: str  # länsbokstav, e.g. "Y"
    name: str  # short form, e.g. "Västernorrland"
    long_name: str  # "Västernorrlands län"


class Municipality(NamedTuple):
    code: str  # kommunkod, e.g. "2262"
    name: str
    county: County


def _rows(filename: str) -> list[dict[str, str]]:
    import csv
    from importlib import resources

    text = resources.files("lokalservice.register").joinpath(filename).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def counties() -> dict[str, County]:
    """The 21 counties by länskod, in code order."""
    return {r["lanskod"]: County(r["lanskod"], r["letter"], r["name"], r["long_name"]) for r in _rows("counties.csv")}


@cache
def municipalities() -> dict[str, Municipality]:
    """The 290 municipalities by kommunkod, in code order."""
    by_code = counties()
    return {r["kommunkod"]: Municipality(r["kommunkod"], r["name"], by_code[r["lanskod"]]) for r in _rows("municipalities.csv")}


@cache
def _county_names() -> dict[str, County]:
    names: dict[str, County] = {}
    for county in counties().values():
        names[county.name] = county
        names[county.long_name] = county
    return names


@cache
def _municipality_names() -> dict[str, Municipality]:
    return {m.name: m for m in municipalities().values()}


def find_county(name: str) -> County | None:
    """The county called `name`, in short ('Västernorrland') or long ('Västernorrlands län') form."""
    return _county_names().get(name.strip())


def find_municipality(name: str) -> Municipality | None:
    """The municipality called exactly `name`."""
    return _municipality_names().get(name.strip())


def municipality_names() -> list[str]:
    return list(_municipality_names())


def county_names() -> list[str]:
    return list(_county_names())


# Swedish alphabetical order: a-z, then å, ä, ö. Letters that Swedish treats as
# variants sort with their base letter (é as e, ü as y, æ as ä, ø as ö).
_LAST_LETTERS = {"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"}
_VARIANTS = {"ü": "y"}


@cache
def _collate_char(char: str) -> str:
    if char in _LAST_LETTERS:
        return _LAST_LETTERS[char]
    if char in _VARIANTS:
        return _VARIANTS[char]
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return base or char


def swedish_key(text: str) -> tuple[str, str]:
    """Sort key for Swedish alphabetical order (… x y z å ä ö), case-insensitive; ties broken by the text itself."""
    folded = unicodedata.normalize("NFC", text.casefold())
    return ("".join(_collate_char(c) for c in folded), text)


_HOLIDAYS: dict[int, dict[date, str]] = {}


def holidays_of(year: int) -> dict[date, str]:
    """Sweden's public and de facto holidays in `year`, by date, with their Swedish names."""
    if year not in _HOLIDAYS:
        # Imported here: the holidays package is slow to import, and the cache usually has the years needed.
        from holidays.countries.sweden import Sweden

        calendar = Sweden(years=year, language="sv", include_sundays=False, categories=("public", "de_facto"))
        _HOLIDAYS[year] = dict(calendar.items())
    return _HOLIDAYS[year]


def preload_holidays(table: dict[int, dict[date, str]]) -> None:
    """Take holidays already worked out (from the cache), so that the holidays package need not be imported."""
    for year, days in table.items():
        _HOLIDAYS.setdefault(year, days)


def holiday_name(day: date) -> str | None:
    """The Swedish name of the public or de facto holiday on `day` (midsommarafton, julafton, nyårsafton), if any."""
    return holidays_of(day.year).get(day)


def non_working_day(day: date) -> str | None:
    """None on a working day; else the holiday's Swedish name, or the weekday ('Saturday', 'Sunday')."""
    name = holiday_name(day)
    if name:
        return name
    if day.weekday() >= 5:
        return WEEKDAYS[day.weekday()]
    return None


def next_working_day(day: date) -> date:
    """The first working day after `day`."""
    day += timedelta(days=1)
    while non_working_day(day):
        day += timedelta(days=1)
    return day


MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december")


def long_date(day: date) -> str:
    """'10 februari 2009', as a Swedish letter writes a date."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
