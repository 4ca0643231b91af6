"""The register of municipalities and counties, holidays and Swedish order."""

from __future__ import annotations

from datetime import date

import pytest

from lokalservice import sweden
from lokalservice.text import closest


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


def test_counties_in_short_and_long_form():
    assert sweden.find_county("Västernorrland") == sweden.find_county("Västernorrlands län")
    assert sweden.find_county("Västernorland") is None


def test_misspelt_municipality_gets_a_suggestion():
    assert closest("Alvdalen", sweden.municipality_names())[0] == "Älvdalen"


def test_swedish_order():
    names = ["Örebro", "Älvdalen", "Åsele", "Årjäng", "Zinkgruvan", "ödeshög", "Ystad", "Eda", "Ånge"]
    assert sorted(names, key=sweden.swedish_key) == ["Eda", "Ystad", "Zinkgruvan", "Ånge", "Årjäng", "Åsele", "Älvdalen", "ödeshög", "Örebro"]


@pytest.mark.parametrize(
    "day, name",
    [
        (date(2008, 11, 1), "Alla helgons dag"),
        (date(2009, 11, 1), "Sunday"),
        (date(2009, 6, 19), "Midsommarafton"),
        (date(2009, 12, 24), "Julafton"),
        (date(2009, 12, 31), "Nyårsafton"),
        (date(2009, 5, 21), "Kristi himmelsfärdsdag"),
        (date(2009, 5, 29), None),
    ],
)
def test_non_working_days(day, name):
    assert sweden.non_working_day(day) == name


def test_next_working_day_skips_a_long_weekend():
    assert sweden.next_working_day(date(2009, 12, 23)) == date(2009, 12, 28)
