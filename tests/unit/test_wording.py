"""wording: parameters named by their own words, values and sweeps in their units."""

from __future__ import annotations

import pytest
from dprk_troops.present import wording
from dprk_troops.workbook import NOTEBOOK_PARAMS


@pytest.mark.parametrize("stem", list(NOTEBOOK_PARAMS))
def test_every_parameter_has_words_of_its_own(stem: str) -> None:
    for p in NOTEBOOK_PARAMS[stem]:
        label = wording.param_label(p.name, stem)
        assert label == p.label and "_" not in label and label.strip() == label, p.name
    assert wording.param_label("no_such_parameter") == "no such parameter"


def test_phrases_read_in_the_parameters_units() -> None:
    assert wording.param_phrase("regime_share", 1.0) == "Share of the pay the state keeps: 100%"
    assert wording.param_phrase("months", 12, "01") == "Months the deployment lasts: 12 months"
    assert wording.param_phrase("pay_usd_per_soldier_month", 2000.0) == \
        "Pay per soldier per month: $2,000 per soldier per month"
    assert wording.value_words("russian_losses_per_day", 1200.0) == \
        "1,200 killed or wounded per day"
    assert wording.value_words("reference", "dprk_army_size") == "North Korea's army"
    assert wording.param_label("troops", "02") != wording.param_label("troops", "01")


def test_sweeps_in_words() -> None:
    assert wording.swept_phrase("months", [24, 6, 12]) == \
        "Months the deployment lasts: 3 values from 6 to 24 months"
    assert wording.swept_phrase("regime_share", [0.5, 1.0]) == \
        "Share of the pay the state keeps: 2 values from 50% to 100%"
    assert wording.swept_phrase("troops", [1500], "01") == \
        "Soldiers the deployment grows to: 1,500 soldiers"
