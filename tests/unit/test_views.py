"""views: what notebook 01 computes means what its names say."""

from __future__ import annotations

import pandas as pd
import pytest
from dprk_troops import views
from dprk_troops.facts import load_facts
from dprk_troops.params import NOTEBOOK_PARAMS, check_params


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return load_facts()


def _params(**overrides: object) -> dict:
    defaults = {p.name: p.default for p in NOTEBOOK_PARAMS["01_cost_vs_revenue"]}
    return check_params("01_cost_vs_revenue", **{**defaults, "mc_samples": 100, **overrides})


@pytest.mark.parametrize(("troops", "pay", "months", "share"), [
    (10_000, 2000.0, 12, 1.0), (7_321, 1999.5, 17, 0.37), (1_500, 2000.0, 0, 0.5)])
def test_constant_schedule_revenue_is_the_product_exactly(
        facts: pd.DataFrame, troops: int, pay: float, months: int, share: float) -> None:
    r = views.cost_revenue(facts, _params(troops=troops, pay_usd_per_soldier_month=pay,
                                          months=months, regime_share=share,
                                          troop_schedule="constant"))
    assert r.cash_revenue_usd == troops * pay * months * share
    assert r.cash_revenue_usd_constant == r.cash_revenue_usd


def test_reported_schedule_revenue_is_the_reported_paths_sum(facts: pd.DataFrame) -> None:
    r = views.cost_revenue(facts, _params())
    assert r.params["troop_schedule"] == "reported"
    assert r.cash_revenue_usd == r.path["cash_revenue_usd"].sum() == 278_000_000
    assert r.cash_revenue_usd_constant == 10_000 * 2000.0 * 12 * 1.0
    assert r.cash_revenue_usd_per_year == 278_000_000  # 12 months


def test_revenue_per_year_scales_the_deployments_total(facts: pd.DataFrame) -> None:
    r = views.cost_revenue(facts, _params(months=24))
    assert r.cash_revenue_usd_per_year == pytest.approx(r.cash_revenue_usd * 12 / 24)
    assert views.per_year(100.0, 0) == 0.0


def test_readout_leads_with_the_chosen_schedules_revenue(facts: pd.DataFrame) -> None:
    rows = views.cost_revenue_readout(views.cost_revenue(facts, _params()))
    assert rows[0] == ("Cash revenue (troops as reported)", "$278 million")
    assert ("Cash revenue with constant troops", "$240 million") in rows
