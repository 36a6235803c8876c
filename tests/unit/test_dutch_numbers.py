"""Dutch number parsing: the seeds' own spellings, and a round trip through num2words."""

from __future__ import annotations

import pytest
from dprk_troops.factbase.dutch_numbers import find_dutch_numbers, parse_dutch_number
from num2words import num2words


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("10.000", 10_000),
        ("1.200", 1_200),
        ("12.500", 12_500),
        ("350.000", 350_000),
        ("1500", 1_500),
        ("2,5", 2.5),
        ("1,7 miljard", 1.7e9),
        ("5,5 miljard", 5.5e9),
        ("1,5 miljoen", 1.5e6),
        ("3,5 miljoen", 3.5e6),
        ("25 miljoen", 25e6),
        ("tienduizend", 10_000),
        ("twaalfhonderd", 1_200),
        ("een miljoen", 1e6),
        ("twee miljoen", 2e6),
        ("tien", 10),
        ("acht", 8),
        ("tweeënhalf", 2.5),
        ("tweeënehalf", 2.5),  # the spelling in the Breuker column
        ("anderhalf", 1.5),
        ("19", 19),
    ],
)
def test_point_numbers(text: str, value: float) -> None:
    number = parse_dutch_number(text)
    assert number.value == pytest.approx(value)
    assert number.low == number.high == number.value


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("duizenden", 2_000, 10_000),
        ("tienduizenden", 20_000, 100_000),
        ("honderdduizenden", 200_000, 1_000_000),
        ("honderden", 200, 1_000),
    ],
)
def test_vague_plurals_are_ranges_without_a_point(text: str, low: float, high: float) -> None:
    number = parse_dutch_number(text)
    assert number.value is None
    assert (number.low, number.high) == (low, high)


def test_dot_is_thousands_and_comma_is_decimal() -> None:
    assert parse_dutch_number("1.000").value == 1000
    assert parse_dutch_number("1,000").value == 1.0


def test_find_reads_every_number_in_an_excerpt_in_order() -> None:
    found = find_dutch_numbers("tussen 12.500 tot 13.000 soldaten")
    assert [n.value for n in found] == [12_500, 13_000]
    assert [n.text for n in find_dutch_numbers("24 februari 2022")] == ["24", "2022"]


def test_the_article_een_is_not_one() -> None:
    assert find_dutch_numbers("een wapen en een leger") == []
    assert [n.value for n in find_dutch_numbers("minstens een miljoen troepen")] == [1e6]


@pytest.mark.parametrize("text", ["", "geen getal", "10.000 en 8000"])
def test_parse_wants_exactly_one_number(text: str) -> None:
    with pytest.raises(ValueError, match="not one Dutch number"):
        parse_dutch_number(text)


NUMBERS = [1, 8, 10, 19, 21, 25, 99, 100, 180, 350, 600, 1000, 1200, 1500, 8000, 10_000,
           12_500, 13_000, 180_000, 300_000, 350_000, 500_000, 600_000, 1_000_000,
           1_500_000, 2_000_000, 3_500_000, 25_000_000, 1_700_000_000, 5_500_000_000]


@pytest.mark.parametrize("n", NUMBERS)
def test_round_trip_against_num2words(n: int) -> None:
    """num2words (a maintained library) writes Dutch; our reader must read it back."""
    words = num2words(n, lang="nl")
    assert parse_dutch_number(words).value == n, words
