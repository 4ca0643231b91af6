"""The register of municipalities and counties, working days and holidays, and Swedish order."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lokalservice import i18n
from lokalservice.model import sweden, words
from lokalservice.model.text import closest

HOLIDAYS = sweden.Holidays()


def test_register_sizes_and_codes():
    assert len(sweden.municipalities()) == 290
    assert len(sweden.counties()) == 21
    alvdalen = sweden.find_municipality("Älvdalen")
    assert alvdalen and alvdalen.code == "2039" and alvdalen.county.name == "Dalarna" and alvdalen.county.letter == "W"


def test_near_twins_are_kept_apart():
    habo, haabo = sweden.find_municipality("Habo"), sweden.find_municipality("Håbo")
    assert habo and haabo
    assert (habo.county.name, haabo.county.name) == ("Jönköping", "Uppsala")
    gotland = sweden.find_municipality("Gotland")
    assert gotland and gotland.county == sweden.find_county("Gotland")
    ids = sweden.municipality_ids()
    assert (ids[habo.code], ids[haabo.code]) == ("habo-jonkoping", "habo-uppsala")
    assert len(set(ids.values())) == 290


def test_counties_in_short_and_long_form():
    assert sweden.find_county("Västernorrland") == sweden.find_county("Västernorrlands län")
    assert sweden.find_county("Västernorland") is None
    assert sweden.match_county("västernorrlands län") == sweden.match_county("Y") == sweden.find_county("Västernorrland")


def test_misspelt_municipality_gets_a_suggestion():
    assert closest("Alvdalen", sweden.municipality_names())[0] == "Älvdalen"


@pytest.mark.parametrize(
    "written, meant",
    [
        ("Upplands-Väsby", "Upplands Väsby"),
        ("upplands väsby", "Upplands Väsby"),
        ("Malung Sälen", "Malung-Sälen"),
        ("Dorotea kommun", "Dorotea"),
        (" Dorotea  ", "Dorotea"),
        ("Åre kommun", "Åre"),
        ("Falu kommun", "Falun"),
        ("Göteborgs stad", "Göteborg"),
        ("Region Gotland", "Gotland"),
        ("Håbo", "Håbo"),
        ("Alvdalen", None),  # a letter missing is a 'did you mean', not a match
    ],
)
def test_names_as_people_write_them_find_the_register(written, meant):
    found = sweden.match_municipality(written)
    assert (found.name if found else None) == meant


def test_ids_fold_to_ascii():
    assert [sweden.ascii_id(n) for n in ("Älvdalen", "Upplands Väsby", "Malung-Sälen", "Åsele")] == ["alvdalen", "upplands-vasby", "malung-salen", "asele"]


def test_swedish_order_agrees_with_icu():
    """The order of ICU's Swedish collation, frozen from python3-icu (tests/data/icu-swedish-order.txt)."""
    frozen = [line for line in (Path(__file__).parent / "data" / "icu-swedish-order.txt").read_text("utf-8").splitlines() if not line.startswith("#")]
    assert len(frozen) > 300
    shuffled = sorted(frozen, key=lambda name: (len(name) * 7919) % 101)
    assert sorted(shuffled, key=sweden.swedish_key) == frozen


@pytest.mark.parametrize(
    "day, swedish, english",
    [
        (date(2008, 11, 1), "alla helgons dag", "All Saints' Day"),
        (date(2009, 11, 1), "söndag", "Sunday"),
        (date(2009, 6, 19), "midsommarafton", "Midsummer Eve"),
        (date(2009, 12, 24), "julafton", "Christmas Eve"),
        (date(2009, 12, 31), "nyårsafton", "New Year's Eve"),
        (date(2009, 5, 21), "Kristi himmelsfärdsdag", "Ascension Day"),
        (date(2010, 6, 6), "Sveriges nationaldag", "National Day"),
        (date(2009, 5, 29), None, None),
    ],
)
def test_non_working_days_in_words(day, swedish, english):
    with i18n.using("sv"):
        assert words.non_working(HOLIDAYS, day) == swedish
    assert words.non_working(HOLIDAYS, day) == english
    assert HOLIDAYS.is_working_day(day) == (swedish is None)


def test_working_days():
    assert HOLIDAYS.next_working_day(date(2009, 12, 23)) == date(2009, 12, 28)  # julafton, juldagen, annandag jul, a weekend
    assert HOLIDAYS.last_working_day_before(date(2009, 11, 1)) == date(2009, 10, 30)  # alla helgons dag is Saturday 31 October
    assert HOLIDAYS.last_working_day_before(date(2009, 6, 20)) == date(2009, 6, 18)  # midsommarafton is not a working day
    assert HOLIDAYS.add_working_days(date(2009, 6, 17), 2) == date(2009, 6, 22)
    assert HOLIDAYS.working_days_between(date(2009, 6, 17), date(2009, 6, 22)) == 2
    assert HOLIDAYS.on_or_after(date(2010, 6, 6)) == date(2010, 6, 7)  # nationaldagen on a Sunday
