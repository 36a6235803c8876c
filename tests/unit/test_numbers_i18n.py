"""dprk_troops.present.numbers_i18n: numbers written as English or Dutch readers expect them."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from babel.numbers import format_compact_decimal, format_decimal
from dprk_troops.factbase.dutch_numbers import parse_dutch_number
from dprk_troops.present.numbers_i18n import format_frame, format_number, format_percent

VALUES = [0, 1, 7, 12.5, 999, 1000, 1500, 10_000, 12_750, 180_000, 600_000, 2.5, 0.06,
          1234.5678, 240_000_000, 1.7e9, 5.5e9, 3.5e6, -3500.5, 25e6, 0.001]
LOCALES = {"en": "en_US", "nl": "nl_NL"}


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("x", VALUES)
def test_format_number_agrees_with_babel(x: float, lang: str) -> None:
    assert format_number(x, lang) == format_decimal(x, locale=LOCALES[lang])


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("x", [1.7e9, 5.5e9, 240e6, 3.5e6, 25e6, 1.5e6, 1.25e6, 2e12, -4.2e9,
                               204e6, 1_234_567])
def test_compact_agrees_with_babel(x: float, lang: str) -> None:
    expected = format_compact_decimal(x, format_type="long", locale=lang, fraction_digits=1)
    assert format_number(x, lang, compact=True) == expected


def test_known_strings() -> None:
    assert format_number(10_000, "nl") == "10.000"
    assert format_number(10_000, "en") == "10,000"
    assert format_number(1.7e9, "nl", compact=True) == "1,7 miljard"
    assert format_number(1.7e9, "en", compact=True) == "1.7 billion"
    assert format_number(240e6, "nl", compact=True) == "240 miljoen"
    assert format_number(12_750, "nl", compact=True) == "12.750"  # below a million: in full
    assert format_number(2.5, "nl") == "2,5"
    assert format_number(1234.5, "nl", decimals=2) == "1.234,50"
    assert format_number(-0.0001, "en", decimals=0) == "0"
    assert format_number(float("nan"), "nl") == "-"
    assert format_percent(0.125, "nl") == "12,5%"
    assert format_percent(0.06, "en") == "6%"


@pytest.mark.parametrize("x", [10_000, 1500, 12_500, 2.5, 1.7e9, 3.5e6, 600_000])
def test_dutch_output_reads_back(x: float) -> None:
    """What we write in Dutch, the library's Dutch reader reads as the same number."""
    for text in (format_number(x, "nl"), format_number(x, "nl", compact=True)):
        assert math.isclose(parse_dutch_number(text).value, x), text


def test_unknown_language() -> None:
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        format_number(1, "fr")  # type: ignore[arg-type]


def test_format_frame_leaves_text_alone() -> None:
    df = pd.DataFrame({"value": [10_000.0, 1.7e9], "excerpt": ["zo'n 10.000", "1,7 miljard"]})
    out = format_frame(df, "nl")
    assert out["value"].tolist() == ["10.000", "1.700.000.000"]
    assert out["excerpt"].tolist() == df["excerpt"].tolist()
    assert df["value"].dtype == float  # the input is not changed
