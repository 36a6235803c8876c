"""Properties of the notebooks' results over their parameters' whole domains (hypothesis).

The examples are derandomised (the same on every run) so that ``make test`` passes twice
in a row; each property is checked through the notebook's own ``evaluate``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from dprk_troops.factbase.facts import load_facts
from dprk_troops.workbook import definition
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
NB01 = definition("01")
SPREAD_KEYS = ("troops", "months", "regime_share", "casualty_rate_per_month",
               "pay_usd_per_soldier_month")


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return load_facts()


def _num(name: str, nb: Any = NB01) -> st.SearchStrategy[Any]:
    p = nb.param(name)
    if p.type == "int":
        return st.integers(int(p.minimum), int(p.maximum))
    return st.floats(p.minimum, p.maximum, allow_nan=False, allow_infinity=False)


RUNS_01 = st.fixed_dictionaries({
    "troops": _num("troops"),
    "pay_usd_per_soldier_month": _num("pay_usd_per_soldier_month"),
    "months": _num("months"),
    "regime_share": _num("regime_share"),
    "casualty_rate_per_month": _num("casualty_rate_per_month"),
    "troop_schedule": st.sampled_from(NB01.param("troop_schedule").choices),
    "mc_spreads": st.fixed_dictionaries({k: st.floats(0, 1) for k in SPREAD_KEYS}),
    "mc_samples": st.integers(1000, 3000),
    "seed": st.integers(0, 2**32 - 1),
})


def _evaluate(facts: pd.DataFrame, values: dict[str, Any]) -> dict[str, Any]:
    return NB01.evaluate(facts, NB01.resolve(facts, values).values)


def _centred(values: dict[str, Any]) -> bool:
    """Whether every input's Monte Carlo range lies inside its parameter's bounds, so the
    triangle is symmetric about the run's value (a share of 1 cannot be drawn above 1)."""
    for key, spread in values["mc_spreads"].items():
        p, v = NB01.param(key), values[key]
        if v * (1 - spread) < p.minimum or v * (1 + spread) > p.maximum:
            return False
    return True


@SETTINGS
@given(values=RUNS_01)
def test_the_band_is_ordered(facts: pd.DataFrame, values: dict[str, Any]) -> None:
    r = _evaluate(facts, values)
    assert r["mc_p5_usd"] <= r["mc_median_usd"] <= r["mc_p95_usd"]
    assert r["mc_casualties_p5"] <= r["mc_casualties_p95"]
    if _centred(values):
        assert r["mc_p5_usd"] <= r["cash_revenue_usd"] <= r["mc_p95_usd"], r


@st.composite
def centred_runs(draw: st.DrawFn) -> dict[str, Any]:
    """Runs whose every Monte Carlo range is centred on the run's value: each spread a
    random part of the most its value allows inside the parameter's bounds."""
    values = draw(RUNS_01)
    spreads = {}
    for key in SPREAD_KEYS:
        p, v = NB01.param(key), values[key]
        room = 1.0 if v == 0 else min(1.0, (v - p.minimum) / v, (p.maximum - v) / v)
        spreads[key] = room * (1 - 1e-9) * draw(st.floats(0, 1))
    return {**values, "mc_spreads": spreads}


@SETTINGS
@given(values=centred_runs())
def test_a_centred_band_brackets_the_runs_own_figure(facts: pd.DataFrame,
                                                     values: dict[str, Any]) -> None:
    assert _centred(values)
    r = _evaluate(facts, values)
    assert r["mc_p5_usd"] <= r["cash_revenue_usd"] <= r["mc_p95_usd"], r
    assert r["mc_casualties_p5"] <= r["expected_casualties"] <= r["mc_casualties_p95"], r


@SETTINGS
@given(values=RUNS_01)
def test_never_more_killed_or_wounded_than_soldiers_sent(facts: pd.DataFrame,
                                                         values: dict[str, Any]) -> None:
    r = _evaluate(facts, values)
    assert 0 <= r["expected_casualties"] <= r["soldiers_sent"]
    assert r["soldiers_sent"] <= values["troops"] + r["expected_casualties"] + 1e-6


@SETTINGS
@given(values=RUNS_01, more=st.sampled_from(["troops", "months", "regime_share",
                                             "pay_usd_per_soldier_month",
                                             "casualty_rate_per_month"]),
       step=st.floats(0.01, 1.0))
def test_results_move_the_documented_way(facts: pd.DataFrame, values: dict[str, Any],
                                         more: str, step: float) -> None:
    """More soldiers, a longer stay, a larger share kept or a higher price never earn less;
    more soldiers, a longer stay or a higher rate never cost fewer casualties."""
    p = NB01.param(more)
    bigger = values[more] + (p.maximum - values[more]) * step
    bigger = int(bigger) if p.type == "int" else bigger
    before, after = _evaluate(facts, values), _evaluate(facts, {**values, more: bigger})
    assert after["cash_revenue_usd"] >= before["cash_revenue_usd"]
    assert after["cash_revenue_usd_constant"] >= before["cash_revenue_usd_constant"]
    assert after["expected_casualties"] >= before["expected_casualties"]
    if values["months"]:
        assert after["cash_revenue_usd_per_year"] == pytest.approx(
            after["cash_revenue_usd"] * 12 / after_months(values, more, bigger))


def after_months(values: dict[str, Any], name: str, value: Any) -> int:
    return value if name == "months" else values["months"]


NB02 = definition("02")


@SETTINGS
@given(troops=st.integers(0, int(NB02.param("troops").maximum) - 1), losses=_num("russian_losses_per_day", NB02),
       reference=st.sampled_from(NB02.param("reference").choices))
def test_shares_span_the_sources_and_days_grow_with_troops(facts: pd.DataFrame, troops: int,
                                                           losses: float, reference: str
                                                           ) -> None:
    values = {"troops": troops, "russian_losses_per_day": losses, "reference": reference}
    r = NB02.evaluate(facts, NB02.resolve(facts, values).values)
    assert r["share_of_dprk_army_low"] <= r["share_of_dprk_army"] <= r["share_of_dprk_army_high"]
    more = NB02.evaluate(facts, NB02.resolve(facts, {**values, "troops": troops + 1}).values)
    assert more["days_of_russian_losses_replaced"] > r["days_of_russian_losses_replaced"]
    assert more["share_of_reference"] > r["share_of_reference"]


NB03 = definition("03")
CRITERIA = ("deterrence", "escalation_risk", "domestic_support", "legal_feasibility",
            "value_to_allies")


@SETTINGS
@given(weights=st.fixed_dictionaries({c: st.floats(0, 1) for c in CRITERIA}).filter(
    lambda w: sum(w.values()) > 0), method=st.sampled_from(NB03.param("method").choices))
def test_rankings_are_orderings_of_every_option(facts: pd.DataFrame, weights: dict[str, float],
                                                method: str) -> None:
    values = NB03.resolve(facts, {"weights": weights, "method": method,
                                  "n_draws": 200}).values
    r = NB03.evaluate(facts, values)
    assert r["ranking"][0] == r["top_option"]
    assert sorted(r["ranking"]) == sorted(r["ranking_cross_check"]) == sorted(r["scores"])
    assert all(0 <= s <= 1 for s in r["scores"].values())
    assert list(r["scores"]) == r["ranking"]  # best first
    scores = list(r["scores"].values())
    assert scores == sorted(scores, reverse=True) or max(scores) - min(scores) < 1e-9
    assert sum(r["share_ranked_first"].values()) == pytest.approx(1.0)
    shares = list(r["share_ranked_first"].values())
    assert shares == sorted(shares, reverse=True)  # shown sorted, largest first
