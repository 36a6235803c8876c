"""The reader's number formats."""

from __future__ import annotations

import pytest
from dprk_troops.present import formats


@pytest.mark.parametrize(("fn", "x", "expected"), [
    (formats.fmt_usd, 278e6, "$278 million"),
    (formats.fmt_usd, 1.7e9, "$1.7 billion"),
    (formats.fmt_usd, 2000, "$2,000"),
    (formats.fmt_usd, 0.1 + 0.2, "$0"),
    (formats.fmt_count, 1512.4, "1,512"),
    (formats.fmt_share, 0.006666666666666667, "0.67%"),
    (formats.fmt_share, 0.2471, "25%"),
    (formats.fmt_days, 1.0, "1 day"),
    (formats.fmt_days, 8.333333333333334, "8.3 days"),
    (formats.fmt_number, 1e4, "10,000"),
    (formats.fmt_number, 0.1 + 0.2, "0.3"),
    (formats.fmt_score, 0.42499999999999993, "0.425"),
])
def test_formats(fn, x: float, expected: str) -> None:
    assert fn(x) == expected


def test_days_keep_one_decimal_below_a_hundred() -> None:
    assert formats.fmt_days(13_000 / 1200) == "10.8 days"
    assert formats.fmt_days(25.0) == "25 days"
    assert formats.fmt_days(365.25) == "365 days"
