"""wording: every parameter has a reader's name, and values and ranges read in its unit."""

from __future__ import annotations

import pytest
from dprk_troops import wording
from dprk_troops.params import NOTEBOOK_PARAMS


@pytest.mark.parametrize("stem", list(NOTEBOOK_PARAMS))
def test_every_parameter_has_words_of_its_own(stem: str) -> None:
    for p in NOTEBOOK_PARAMS[stem]:
        label = wording.param_label(p.name)
        assert p.name in wording.PARAMETER_LABELS, p.name
        assert "_" not in label and label == label.strip() and label, p.name


def test_phrases_read_in_the_parameters_units() -> None:
    assert wording.param_phrase("regime_share", 1.0) == "share of the pay the state keeps: 100%"
    assert wording.param_phrase("months", 12, "01") == "length of the deployment: 12 months"
    assert wording.param_phrase("pay_usd_per_soldier_month", 2000.0) == \
        "pay: $2,000 per soldier per month"
    assert wording.value_words("russian_losses_per_day", 1200.0) == \
        "1,200 killed or wounded per day"
    assert wording.value_words("reference", "dprk_army_size") == "North Korea's army"


def test_ranges_and_sweeps_in_words() -> None:
    assert wording.drawn_ranges({"troops": (1500, 13000), "regime_share": (0.5, 1.0)}) == [
        "troops drawn from 1,500 to 13,000 soldiers",
        "share of the pay the state keeps drawn from 50% to 100%"]
    assert wording.range_phrase("pay_usd_per_soldier_month", 2000, 2000) == \
        "pay: $2,000 per soldier per month in every draw"
    assert wording.swept_phrase("months", [24, 6, 12]) == \
        "length of the deployment: 3 values from 6 to 24 months"
    assert wording.swept_phrase("troops", [1500]) == "troops: 1,500 soldiers"
