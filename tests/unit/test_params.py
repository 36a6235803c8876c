"""Parameter validation: every bad value stops with one line naming the parameter."""

from __future__ import annotations

import pytest
from dprk_troops.errors import ParameterError
from dprk_troops.workbook import NOTEBOOK_PARAMS, check_params, notebook_stem


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
    ("01", "mc_spreads", {"troops": 1.5},
     "parameter mc_spreads: troops: expected a share from 0 to 1 of the run's value, got 1.5"),
    ("01", "mc_spreads", {"pay": 0.1}, "parameter mc_spreads: unknown input 'pay'"),
    ("01", "mc_spreads", {"months": [6, 24]}, "parameter mc_spreads: months: expected a share"),
    ("01", "mc_spreads", [1, 2], "parameter mc_spreads: expected a mapping"),
    ("01", "mc_samples", 10, "parameter mc_samples: expected a whole number from 1000"),
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


def test_partial_mc_spreads_keep_the_other_defaults() -> None:
    out = check_params("01", **{**defaults("01_cost_vs_revenue"), "mc_spreads": {"months": 0.1}})
    assert out["mc_spreads"]["months"] == 0.1 and out["mc_spreads"]["troops"] == 0.2


def test_weights_are_normalised_and_completed_from_the_scores_file() -> None:
    from dprk_troops.factbase.facts import load_facts
    from dprk_troops.factbase.scores import read_option_scores
    from dprk_troops.workbook import definition

    facts = load_facts()
    nb = definition("03")
    even = nb.resolve(facts, {"weights": dict.fromkeys(
        ["deterrence", "escalation_risk", "domestic_support", "legal_feasibility",
         "value_to_allies"], 1)}).values["weights"]
    assert even == pytest.approx(dict.fromkeys(even, 0.2))
    defaults = read_option_scores().default_weights
    partial = nb.resolve(facts, {"weights": {"escalation_risk": 0}}).values["weights"]
    rest = sum(v for k, v in defaults.items() if k != "escalation_risk")
    assert partial["escalation_risk"] == 0
    assert partial["deterrence"] == pytest.approx(defaults["deterrence"] / rest)


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
    from dprk_troops.factbase.facts import load_facts
    from dprk_troops.models.revenue import loss_rate_per_month
    from dprk_troops.workbook import definition

    run = definition("01").resolve(load_facts(), {})
    assert run.values["casualty_rate_per_month"] == loss_rate_per_month(1200, 600_000)
    assert {"nos1_russian_losses_1200", "nos1_russian_front_600000"} <= set(
        run.basis["casualty_rate_per_month"].fact_ids)
    assert run.basis["casualty_rate_per_month"].source == "assumption"


def test_fact_defaults_come_from_the_fact_base_and_name_their_rows() -> None:
    """A parameter of kind 'fact' has no number of its own: it says what the fact base
    says, and names the rows."""
    from dprk_troops.factbase.facts import load_facts
    from dprk_troops.factbase.scores import read_option_scores
    from dprk_troops.workbook import NOTEBOOKS

    facts = load_facts().set_index("fact_id")
    for stem, nb in NOTEBOOKS.items():
        run = nb.resolve(load_facts(), {})
        for p in nb.params:
            assert (p.kind == "fact") <= (p.default is None and p.fact_default is not None), \
                (stem, p.name)
            if p.kind == "fact":
                basis = run.basis[p.name]
                assert basis.source == "fact" and basis.fact_ids, (stem, p.name)
                assert run.values[p.name] in set(facts.loc[list(basis.fact_ids), "value"])
    runs = {stem: nb.resolve(load_facts(), {}).values for stem, nb in NOTEBOOKS.items()}
    assert runs["01_cost_vs_revenue"]["troops"] == facts.loc[
        "ana_dprk_troops_russia_appathurai", "value"]  # the latest figure
    assert runs["01_cost_vs_revenue"]["pay_usd_per_soldier_month"] == 2000
    assert runs["02_troop_comparisons"]["russian_losses_per_day"] == 1200
    defaults = read_option_scores().default_weights
    total = sum(defaults.values())
    assert runs["03_south_korea_options"]["weights"] == pytest.approx(
        {k: v / total for k, v in defaults.items()})


def test_the_criteria_checked_before_a_run_are_the_scores_files() -> None:
    from dprk_troops.factbase.scores import read_option_scores
    from dprk_troops.workbook.options import CRITERIA

    assert CRITERIA == tuple(read_option_scores().criteria.index)
