"""The revenue model of notebook 01: points, paths, edge cases and the Monte Carlo."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from dprk_troops.errors import ParameterError
from dprk_troops.facts import load_facts
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


POINT = {"troops": 10_000, "months": 12, "regime_share": 1.0, "casualty_rate_per_month": 0.06,
         "pay_usd_per_soldier_month": 2000}
RANGES = {"troops": [1500, 13_000], "months": [6, 24], "regime_share": [0.5, 1.0],
          "casualty_rate_per_month": [0.01, 0.06]}


def test_monte_carlo_is_reproducible_with_a_seed() -> None:
    a = revenue.simulate(POINT, RANGES, (2000, 2000), 1000, seed=7)
    b = revenue.simulate(POINT, RANGES, (2000, 2000), 1000, seed=7)
    pd.testing.assert_frame_equal(a.draws, b.draws)
    assert a.quantiles() != revenue.simulate(POINT, RANGES, (2000, 2000), 1000, 8).quantiles()


def test_a_range_with_low_equal_high_is_a_constant() -> None:
    mc = revenue.simulate(POINT, RANGES, (2000, 2000), 1000, seed=1)
    assert (mc.draws["pay_usd_per_soldier_month"] == 2000).all()


def test_draws_stay_in_their_ranges_and_quantiles_are_ordered() -> None:
    mc = revenue.simulate(POINT, RANGES, (2000, 2000), 20_000, seed=1)
    assert mc.draws["troops"].between(1500, 13_000).all()
    q = mc.quantiles()
    assert q["p5"] < q["median"] < q["p95"]
    low = revenue.cash_revenue_usd(1500, 2000, 6, 0.5)
    high = revenue.cash_revenue_usd(13_000, 2000, 24, 1.0)
    assert low <= mc.draws["cash_revenue_usd"].min() <= mc.draws["cash_revenue_usd"].max() <= high


def test_a_point_outside_its_range_widens_the_range() -> None:
    mc = revenue.simulate({**POINT, "troops": 20_000}, RANGES, (2000, 2000), 100, seed=1)
    assert mc.ranges["troops"] == (1500, 20_000)


def test_fact_range_spans_every_figure(facts: pd.DataFrame) -> None:
    assert revenue.fact_range(facts, "dprk_troops_in_russia") == (1500, 13_000)
    assert revenue.fact_range(facts, "dprk_pay_usd_per_soldier_month") == (2000, 2000)


def test_political_risks_and_arms_context_come_from_the_facts(facts: pd.DataFrame) -> None:
    risks = revenue.political_risks(facts)
    assert len(risks) >= 4 and risks["note"].str.len().min() > 20
    arms = revenue.arms_delivery_context(facts)
    assert sorted(arms["value"]) == [1.7e9, 5.5e9]
