"""The revenue model of notebook 01: points, paths, edge cases and the Monte Carlo."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from dprk_troops.errors import ParameterError
from dprk_troops.factbase.facts import load_facts
from dprk_troops.models import revenue


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return load_facts()


def test_cash_revenue_is_troops_times_pay_times_months_times_share() -> None:
    assert revenue.cash_revenue_usd(10_000, 2000, 12) == 240_000_000
    assert revenue.cash_revenue_usd(10_000, 2000, 12, 0.5) == 120_000_000


@pytest.mark.parametrize(("troops", "months"), [(0, 12), (10_000, 0), (0, 0)])
def test_zero_troops_or_months_earn_nothing(troops: int, months: int) -> None:
    assert revenue.cash_revenue_usd(troops, 2000, months) == 0


def test_cash_revenue_broadcasts_over_arrays() -> None:
    out = revenue.cash_revenue_usd(np.array([1500, 10_000]), 2000, np.array([[1], [12]]))
    assert out.shape == (2, 2)
    assert out[1, 1] == 240_000_000


def test_reported_steps_follow_the_sources_in_order(facts: pd.DataFrame) -> None:
    steps = revenue.troop_steps(facts)
    assert [(m, v) for m, v, _ in steps] == [(0, 1500), (1, 10_000), (2, 12_750)]
    assert [f for _, _, f in steps] == list(revenue.REPORTED_TROOP_STEPS)


def test_troops_by_month_holds_each_step_then_the_last(facts: pd.DataFrame) -> None:
    path = revenue.troops_by_month(revenue.troop_steps(facts), 5)
    assert path.tolist() == [1500, 10_000, 12_750, 12_750, 12_750]
    assert revenue.troops_by_month(revenue.troop_steps(facts), 0).size == 0


def test_negative_months_is_a_parameter_error() -> None:
    with pytest.raises(ParameterError, match="parameter months"):
        revenue.troops_by_month([(0, 10.0, "x")], -1)


def test_monthly_path_cumulates() -> None:
    path = revenue.monthly_path([1000, 2000], 2000, 1.0, 0.1, 50)
    assert path["cumulative_cash_revenue_usd"].tolist() == [2e6, 6e6]
    assert path["cumulative_expected_casualties"].tolist() == [100, 300]
    assert path["cumulative_forgone_labour_usd"].tolist() == [50_000, 150_000]


def test_russian_loss_rate_per_month_from_the_facts() -> None:
    """1,200 a day among 600,000 is about 6% a month: the default casualty rate."""
    rate = revenue.loss_rate_per_month(1200, 600_000)
    assert rate == pytest.approx(0.0609, abs=1e-4)
    with pytest.raises(ParameterError):
        revenue.loss_rate_per_month(1200, 0)


POINT = {"troops": 12_750, "months": 12, "regime_share": 1.0, "casualty_rate_per_month": 0.06,
         "pay_usd_per_soldier_month": 2000}
SPREADS = {"troops": 0.2, "months": 0.5, "regime_share": 0.25, "casualty_rate_per_month": 0.5,
           "pay_usd_per_soldier_month": 0.25}
BOUNDS = {"troops": (0, 2e6), "months": (0, 120), "regime_share": (0, 1),
          "casualty_rate_per_month": (0, 1), "pay_usd_per_soldier_month": (0, 1e5)}


@pytest.fixture(scope="module")
def reported(facts: pd.DataFrame) -> revenue.Schedule:
    return revenue.schedule(revenue.troop_steps(facts))


def test_monte_carlo_is_reproducible_with_a_seed(reported: revenue.Schedule) -> None:
    a = revenue.simulate(POINT, SPREADS, BOUNDS, reported, 1000, seed=7)
    b = revenue.simulate(POINT, SPREADS, BOUNDS, reported, 1000, seed=7)
    pd.testing.assert_frame_equal(a.draws, b.draws)
    other = revenue.simulate(POINT, SPREADS, BOUNDS, reported, 1000, 8)
    assert a.quantiles() != other.quantiles()


def test_no_spread_is_a_constant(reported: revenue.Schedule) -> None:
    mc = revenue.simulate(POINT, {**SPREADS, "pay_usd_per_soldier_month": 0.0}, BOUNDS,
                          reported, 1000, seed=1)
    assert (mc.draws["pay_usd_per_soldier_month"] == 2000).all()


def test_draws_stay_around_the_runs_values_within_the_bounds(reported: revenue.Schedule
                                                             ) -> None:
    mc = revenue.simulate(POINT, SPREADS, BOUNDS, reported, 20_000, seed=1)
    assert mc.draws["troops"].between(12_750 * 0.8, 12_750 * 1.2).all()
    assert mc.draws["regime_share"].between(0.75, 1.0).all()  # cut at the bound of 1
    assert mc.ranges["regime_share"] == (0.75, 1.0)
    assert mc.ranges["months"] == (6.0, 18.0)
    q = mc.quantiles()
    assert q["p5"] < q["median"] < q["p95"]
    assert q["p5"] <= 278_000_000 <= q["p95"]  # the band brackets the run's own figure


def test_the_triangular_quantile_function_is_scipys() -> None:
    from scipy import stats

    rng = np.random.default_rng(3)
    u = rng.random(500)
    low, high = rng.uniform(0, 10, 500), rng.uniform(10, 30, 500)
    mode = low + rng.random(500) * (high - low)
    ours = revenue.triangular_ppf(u, low, mode, high)
    theirs = stats.triang.ppf(u, (mode - low) / (high - low), loc=low, scale=high - low)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)
    assert (revenue.triangular_ppf(u, 5.0, 5.0, 5.0) == 5.0).all()


def test_a_schedule_serves_soldier_months_and_counts_who_was_sent(
        reported: revenue.Schedule) -> None:
    assert reported.reference == 12_750
    assert reported.served(12) == 1500 + 10_000 + 10 * 12_750
    assert reported.served(1.5) == 1500 + 0.5 * 10_000  # half of the second month
    assert reported.sent_by(2) == 10_000 and reported.sent_by(12) == 12_750
    constant = revenue.schedule(None)
    assert constant.reference == 1 and constant.served(7) == 7 and constant.sent_by(7) == 1
    with pytest.raises(ParameterError, match="parameter months"):
        constant.served(revenue.HORIZON_MONTHS + 1)


def test_fact_range_spans_every_figure(facts: pd.DataFrame) -> None:
    assert revenue.fact_range(facts, "dprk_troops_in_russia") == (1500, 13_000)
    assert revenue.fact_range(facts, "dprk_pay_usd_per_soldier_month") == (2000, 2000)


def test_political_risks_and_arms_context_come_from_the_facts(facts: pd.DataFrame) -> None:
    risks = revenue.political_risks(facts)
    assert len(risks) >= 4 and risks["note"].str.len().min() > 20
    arms = revenue.arms_delivery_context(facts)
    assert sorted(arms["value"]) == [1.7e9, 5.5e9]
