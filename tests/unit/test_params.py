"""Parameter validation: every bad value stops with one line naming the parameter."""

from __future__ import annotations

import pytest
from dprk_troops.errors import ParameterError
from dprk_troops.params import NOTEBOOK_PARAMS, check_params, notebook_stem


def defaults(stem: str) -> dict:
    return {p.name: p.default for p in NOTEBOOK_PARAMS[stem]}


@pytest.mark.parametrize("stem", sorted(NOTEBOOK_PARAMS))
def test_defaults_are_valid(stem: str) -> None:
    check_params(stem, **defaults(stem))


@pytest.mark.parametrize("stem", sorted(NOTEBOOK_PARAMS))
def test_every_parameter_has_a_unit_or_choices_and_a_reason(stem: str) -> None:
    for p in NOTEBOOK_PARAMS[stem]:
        assert p.reason and (p.unit or p.choices or p.kind == "setting"), p.name


BAD = [
    ("01", "troops", -5, "parameter troops: expected a whole number from 0 to 2,000,000, got -5"),
    ("01", "troops", 10.5, "parameter troops: expected a whole number"),
    ("01", "troops", True, "parameter troops: expected a whole number"),
    ("01", "troops", "10000", "parameter troops: expected a whole number"),
    ("01", "regime_share", 1.5, "parameter regime_share: expected a number from 0 to 1, got 1.5"),
    ("01", "regime_share", -0.1, "parameter regime_share"),
    ("01", "months", "twelve",
     "parameter months: expected a whole number from 0 to 120, got 'twelve'"),
    ("01", "pay_usd_per_soldier_month", float("nan"), "parameter pay_usd_per_soldier_month"),
    ("01", "troop_schedule", "weekly",
     "parameter troop_schedule: expected one of 'reported', 'constant', got 'weekly'"),
    ("01", "mc_ranges", {"troops": [13000, 1500]},
     "parameter mc_ranges: troops: low 13000 > high 1500"),
    ("01", "mc_ranges", {"pay": [1, 2]}, "parameter mc_ranges: unknown key 'pay'"),
    ("01", "mc_ranges", {"months": 12}, r"parameter mc_ranges: months: expected \[low, high\]"),
    ("01", "mc_ranges", [1, 2], "parameter mc_ranges: expected a mapping"),
    ("02", "russian_losses_per_day", 0, "parameter russian_losses_per_day"),
    ("02", "reference", "navy", "parameter reference: expected one of"),
    ("03", "weights", {"cost": 1}, "parameter weights: unknown criterion 'cost'"),
    ("03", "weights", {"deterrence": -1}, "parameter weights: .*deterrence"),
    ("03", "method", "ahp", "parameter method: expected one of 'weighted_sum', 'topsis'"),
]


@pytest.mark.parametrize(("nb", "name", "value", "message"), BAD)
def test_bad_values_name_the_parameter(nb: str, name: str, value: object, message: str) -> None:
    stem = notebook_stem(nb)
    with pytest.raises(ParameterError, match=message) as info:
        check_params(stem, **{**defaults(stem), name: value})
    assert all("\n" not in line for line in info.value.problems)


def test_ints_are_accepted_for_floats_and_kept_as_numbers() -> None:
    out = check_params("01", **{**defaults("01_cost_vs_revenue"), "pay_usd_per_soldier_month": 2000})
    assert out["pay_usd_per_soldier_month"] == 2000.0 and isinstance(
        out["pay_usd_per_soldier_month"], float)


def test_partial_mc_ranges_keep_the_other_defaults() -> None:
    out = check_params("01", **{**defaults("01_cost_vs_revenue"), "mc_ranges": {"months": [1, 3]}})
    assert out["mc_ranges"]["months"] == [1, 3] and out["mc_ranges"]["troops"] == [1500, 13000]


def test_weights_are_normalised() -> None:
    out = check_params("03", **{**defaults("03_south_korea_options"),
                                "weights": {"deterrence": 1, "escalation_risk": 1,
                                            "domestic_support": 1, "legal_feasibility": 1,
                                            "value_to_allies": 1}})
    assert out["weights"] == pytest.approx(dict.fromkeys(out["weights"], 0.2))


def test_unknown_and_missing_parameters() -> None:
    with pytest.raises(ParameterError, match="unknown parameter 'trops'"):
        check_params("02", **defaults("02_troop_comparisons"), trops=1)
    with pytest.raises(ParameterError, match="parameter scale: missing"):
        check_params("02", troops=1, russian_losses_per_day=1200, reference="rok_army_size")


@pytest.mark.parametrize(("name", "stem"), [("01", "01_cost_vs_revenue"),
                                            ("02_troop_comparisons", "02_troop_comparisons"),
                                            ("notebooks/03_south_korea_options.ipynb",
                                             "03_south_korea_options")])
def test_notebook_names(name: str, stem: str) -> None:
    assert notebook_stem(name) == stem


def test_unknown_notebook() -> None:
    with pytest.raises(ParameterError, match="unknown notebook '04'"):
        notebook_stem("04")


def test_default_casualty_rate_is_russias_own_rate() -> None:
    from dprk_troops.models.revenue import loss_rate_per_month

    spec = {p.name: p for p in NOTEBOOK_PARAMS["01_cost_vs_revenue"]}
    assert spec["casualty_rate_per_month"].default == round(loss_rate_per_month(1200, 600_000), 2)


def test_fact_defaults_match_the_fact_base() -> None:
    """A parameter of kind 'fact' must say what the fact base says."""
    from dprk_troops.facts import load_facts
    from dprk_troops.models.revenue import fact_range
    from dprk_troops.option_scores import read_option_scores

    facts = load_facts()
    spec01 = {p.name: p for p in NOTEBOOK_PARAMS["01_cost_vs_revenue"]}
    assert spec01["pay_usd_per_soldier_month"].default in fact_range(
        facts, "dprk_pay_usd_per_soldier_month")
    assert list(spec01["mc_ranges"].default["troops"]) == list(
        fact_range(facts, "dprk_troops_in_russia"))
    assert spec01["troops"].default in set(facts.set_index("fact_id").loc[
        ["nos1_blinken_10000", "bnr_tienduizend_lead"], "value"])
    spec02 = {p.name: p for p in NOTEBOOK_PARAMS["02_troop_comparisons"]}
    assert spec02["russian_losses_per_day"].default in set(
        facts[facts["quantity"] == "russian_losses_per_day"]["value"])
    spec03 = {p.name: p for p in NOTEBOOK_PARAMS["03_south_korea_options"]}
    assert spec03["weights"].default == read_option_scores().default_weights
