"""Sweden's municipalities and counties, its working days, and Swedish alphabetical order."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from functools import cache
from typing import NamedTuple


class County(NamedTuple):
    code: str  # länskod, e.g. "22"
    letter: str  # länsbokstav, e.g. "Y"
    name: str  # short form, e.g. "Västernorrland"
    long_name: str  # "Västernorrlands län"


class Municipality(NamedTuple):
    code: str  # kommunkod, e.g. "2262"
    name: str
    county: County
    official_name: str = ""  # the name it uses as an authority, which a letter is addressed to: "Gullspångs kommun", "Malmö stad"


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
    return {r["kommunkod"]: Municipality(r["kommunkod"], r["name"], by_code[r["lanskod"]], r["official_name"]) for r in _rows("municipalities.csv")}


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


def name_key(text: str) -> str:
    """A name reduced to its letters and digits, without case: 'Upplands-Väsby' and 'upplands väsby' meet; 'Habo' and 'Håbo' do not."""
    return "".join(c for c in unicodedata.normalize("NFC", text.casefold()) if c.isalnum())


def ascii_id(name: str) -> str:
    """An id for a name: lower-case ASCII, words joined by '-' ('Upplands Väsby' -> 'upplands-vasby')."""
    decomposed = unicodedata.normalize("NFD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ø", "o").replace("æ", "ae")
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in plain).split()
    return "-".join(words)


@cache
def municipality_ids() -> dict[str, str]:
    """Each municipality's id by kommunkod: its name in ASCII ('alvdalen'), with the county's added where two names
    fold alike ('habo-jonkoping', 'habo-uppsala')."""
    plain = {code: ascii_id(m.name) for code, m in municipalities().items()}
    taken: dict[str, int] = {}
    for id_ in plain.values():
        taken[id_] = taken.get(id_, 0) + 1
    return {code: id_ if taken[id_] == 1 else f"{id_}-{ascii_id(municipalities()[code].county.name)}" for code, id_ in plain.items()}


_SUFFIXES = (" kommun", " stad", " municipality", " kommune")


@cache
def _municipality_forms() -> dict[str, Municipality]:
    """Each municipality by the keys of the names people write: 'Falun', 'Falu' (Falu kommun), 'Stockholms' (Stockholms stad)."""
    forms: dict[str, Municipality] = {}
    for municipality in municipalities().values():
        name = municipality.name
        for form in (name, name + "s", name[:-1] if name.endswith("n") else name):
            forms.setdefault(name_key(form), municipality)
    for municipality in municipalities().values():
        forms[name_key(municipality.name)] = municipality  # a name itself always wins over another's genitive
    return forms


def match_municipality(text: str) -> Municipality | None:
    """The municipality meant by a name as people write it: 'Älvdalen', 'alvdalen', 'Upplands-Väsby', 'Falu kommun', 'Region Gotland'."""
    cleaned = " ".join(text.replace("\u00a0", " ").split())
    lowered = cleaned.casefold()
    if lowered.startswith("region "):
        cleaned = cleaned[len("region ") :]
    for suffix in _SUFFIXES:
        if cleaned.casefold().endswith(suffix):
            cleaned = cleaned[: -len(suffix)]
            break
    return _municipality_forms().get(name_key(cleaned)) if cleaned else None


def match_county(text: str) -> County | None:
    """The county meant by a name as people write it: 'Västernorrland', 'Västernorrlands län', 'vasternorrland', 'Y'."""
    cleaned = " ".join(text.split())
    for county in counties().values():
        if cleaned.upper() == county.letter or name_key(cleaned) in (name_key(county.name), name_key(county.long_name), name_key(county.long_name[:-4])):
            return county
    return None


def county_board_name(county: County) -> str:
    """'Länsstyrelsen i Västernorrlands län': a county board's name, which is also its official name."""
    return f"Länsstyrelsen i {county.long_name}"


# --- Swedish alphabetical order -----------------------------------------------------------------
# As ICU's Swedish collation orders names (tests/data/icu-swedish-order.txt): a-z, then å, ä, ö;
# letters Swedish treats as variants sort with their base letter (é as e, ü as y, æ as ä, ø as ö).
# Ties are broken by accents, then lower case before upper case.
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


def swedish_key(text: str) -> tuple[str, str, str]:
    """Sort key for Swedish alphabetical order (… x y z å ä ö): letters first, then accents, then case."""
    folded = unicodedata.normalize("NFC", text.casefold())
    return ("".join(_collate_char(c) for c in folded), folded, text.swapcase())


# --- Working days ------------------------------------------------------------------------------


class Holidays:
    """Sweden's public holidays and the eves that are not working days (midsommarafton, julafton, nyårsafton).

    Each year is worked out by the `holidays` package when first asked for (its import is slow, so a
    folder read from the cache brings the years it needs), with its Swedish and English names."""

    def __init__(self, known: dict[int, dict[date, tuple[str, str]]] | None = None) -> None:
        self._years: dict[int, dict[date, tuple[str, str]]] = dict(known or {})

    def of_year(self, year: int) -> dict[date, tuple[str, str]]:
        """The holidays of `year`: date -> (Swedish name, English name)."""
        if year not in self._years:
            from holidays.countries.sweden import Sweden

            def names(language: str) -> dict[date, str]:
                return dict(Sweden(years=year, language=language, include_sundays=False, categories=("public", "de_facto")).items())

            swedish, english = names("sv"), names("en_US")
            self._years[year] = {day: (name, english.get(day, name)) for day, name in sorted(swedish.items())}
        return self._years[year]

    def known(self) -> dict[int, dict[date, tuple[str, str]]]:
        """Every year worked out so far (for the cache)."""
        return dict(self._years)

    def name(self, day: date, english: bool = False) -> str | None:
        """The holiday's name on `day` ('Alla helgons dag'), or None."""
        names = self.of_year(day.year).get(day)
        return names[english] if names else None

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.of_year(day.year)

    def next_working_day(self, day: date) -> date:
        """The first working day after `day`."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def last_working_day_before(self, day: date) -> date:
        """The last working day before `day`."""
        day -= timedelta(days=1)
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def on_or_after(self, day: date) -> date:
        """`day` if it is a working day, else the next one."""
        return day if self.is_working_day(day) else self.next_working_day(day)

    def add_working_days(self, day: date, count: int) -> date:
        """The working day `count` working days after `day` (`day` itself when count is 0)."""
        for _ in range(count):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days come after `start` up to and including `end` (0 when end <= start)."""
        count, day = 0, start
        while day < end:
            day = self.next_working_day(day)
            count += day <= end
        return count


def names_beginning(text: str) -> list[str]:
    """The municipalities whose name begins with `text` as a whole word (`Malung` -> `Malung-Sälen`, so named since
    2009): what a name written as it used to be, or shortened, most likely meant."""
    start = " ".join(text.split()).casefold()
    return [m.name for m in municipalities().values() if start and m.name.casefold().startswith((start + "-", start + " "))]
