"""views and notebook 01's definition: what it computes means what its names say."""

from __future__ import annotations

import pandas as pd
import pytest
from dprk_troops.factbase.facts import load_facts
from dprk_troops.present import views
from dprk_troops.workbook import definition


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return load_facts()


def _params(facts: pd.DataFrame, **overrides: object) -> dict:
    return dict(definition("01").resolve(facts, {"mc_samples": 1000, **overrides}).values)


@pytest.mark.parametrize(("troops", "pay", "months", "share"), [
    (10_000, 2000.0, 12, 1.0), (7_321, 1999.5, 17, 0.37), (1_500, 2000.0, 0, 0.5)])
def test_constant_schedule_revenue_is_the_product_exactly(
        facts: pd.DataFrame, troops: int, pay: float, months: int, share: float) -> None:
    r = views.cost_revenue(facts, _params(facts, troops=troops, pay_usd_per_soldier_month=pay,
                                          months=months, regime_share=share,
                                          troop_schedule="constant"))
    assert r.results["cash_revenue_usd"] == troops * pay * months * share
    assert r.results["cash_revenue_usd_constant"] == r.results["cash_revenue_usd"]
    assert r.results["soldier_months"] == troops * months


def test_reported_schedule_grows_in_the_reported_steps_to_troops(facts: pd.DataFrame) -> None:
    r = views.cost_revenue(facts, _params(facts))
    assert r.params["troop_schedule"] == "reported" and r.params["troops"] == 12_750
    assert r.path["troops"].tolist()[:4] == [1500, 10_000, 12_750, 12_750]
    assert r.results["soldier_months"] == 1500 + 10_000 + 10 * 12_750
    assert r.results["cash_revenue_usd"] == r.path["cash_revenue_usd"].sum() == 278_000_000
    assert r.results["cash_revenue_usd_constant"] == 12_750 * 2000.0 * 12 * 1.0
    assert r.results["cash_revenue_usd_per_year"] == 278_000_000  # 12 months


def test_troops_scale_the_reported_path_keeping_its_shape(facts: pd.DataFrame) -> None:
    half = views.cost_revenue(facts, _params(facts, troops=6_375))
    assert half.path["troops"].tolist()[:3] == [750, 5_000, 6_375]
    assert half.results["cash_revenue_usd"] == pytest.approx(139_000_000)


def test_revenue_per_year_scales_the_deployments_total(facts: pd.DataFrame) -> None:
    r = views.cost_revenue(facts, _params(facts, months=24))
    assert r.results["cash_revenue_usd_per_year"] == pytest.approx(
        r.results["cash_revenue_usd"] * 12 / 24)
    none = views.cost_revenue(facts, _params(facts, months=0))
    assert none.results["cash_revenue_usd_per_year"] == 0.0


def test_casualties_are_replaced_and_counted_with_the_soldiers_sent(facts: pd.DataFrame) -> None:
    r = views.cost_revenue(facts, _params(facts, troops=13_000, troop_schedule="constant",
                                          months=24, casualty_rate_per_month=0.06))
    assert r.results["expected_casualties"] == pytest.approx(13_000 * 24 * 0.06)
    assert r.results["soldiers_sent"] == pytest.approx(13_000 + 13_000 * 24 * 0.06)
    grown = views.cost_revenue(facts, _params(facts, months=2, casualty_rate_per_month=0.0))
    assert grown.results["soldiers_sent"] == 10_000  # the force had reached 10,000


def test_readout_gives_each_result_with_its_unit(facts: pd.DataFrame) -> None:
    r = views.cost_revenue(facts, _params(facts))
    rows = dict(views.readout("01", r.results, names=views.COST_REVENUE_READOUT))
    assert rows["Cash revenue over the deployment"] == "$278 million"
    assert rows["Soldier-months served"] == "139,000 soldier-months"
    assert rows["Killed or wounded, expected"].endswith(" soldiers")
    assert rows["Soldiers sent in all"].endswith(" soldiers")


def test_parameter_rows_say_where_each_value_comes_from(facts: pd.DataFrame) -> None:
    nb = definition("01")
    rows = {r["name"]: r for r in views.parameter_rows(nb.resolve(facts, {}), facts)}
    assert rows["troops"]["value"] == "12,750 soldiers"
    assert rows["troops"]["basis"].startswith("From the sources:")
    assert "Appathurai" in rows["troops"]["basis"]
    assert rows["troop_schedule"]["value"].endswith("then 12,750 soldiers")
    assert rows["months"]["basis"].startswith("Assumption:")
    assert all("_" not in r["label"] + r["value"] + r["basis"] for r in rows.values())
    mine = {r["name"]: r for r in views.parameter_rows(nb.resolve(facts, {"troops": 13_000}),
                                                         facts)}
    assert mine["troops"]["basis"] == "Your value (the default is 12,750 soldiers)."
    assert mine["troops"]["value"] == "13,000 soldiers"
