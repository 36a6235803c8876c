"""The comparisons model of notebook 02."""

from __future__ import annotations

import pandas as pd
import pytest
from dprk_troops.errors import ParameterError
from dprk_troops.factbase.facts import load_facts
from dprk_troops.models import comparisons as cmp


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return load_facts()


def test_army_central_is_the_point_figure_and_span_the_bounds(facts: pd.DataFrame) -> None:
    army = cmp.estimate(facts, "dprk_army_size")
    assert (army.central, army.low, army.high) == (1.5e6, 1e6, 2e6)
    assert "Breuker (NOS)" in army.speakers and "Appathurai (unnamed Flemish newspaper)" in \
        army.speakers


def test_a_single_figure_is_its_own_span(facts: pd.DataFrame) -> None:
    elite = cmp.estimate(facts, "dprk_elite_forces")
    assert elite.central == elite.low == elite.high == 180_000


def test_unknown_quantity_is_an_error(facts: pd.DataFrame) -> None:
    with pytest.raises(ParameterError, match="dprk_navy"):
        cmp.estimate(facts, "dprk_navy")


def test_days_of_losses_replaced() -> None:
    assert cmp.days_of_losses_replaced(10_000, 1200) == pytest.approx(8.333, abs=1e-3)
    assert cmp.days_of_losses_replaced(0, 1200) == 0
    with pytest.raises(ParameterError, match="russian_losses_per_day"):
        cmp.days_of_losses_replaced(10_000, 0)


def test_share_of_a_larger_force_is_smaller(facts: pd.DataFrame) -> None:
    share = cmp.share_of(10_000, cmp.estimate(facts, "dprk_army_size"))
    assert share == pytest.approx({"central": 10_000 / 1.5e6, "low": 0.005, "high": 0.01})


def test_comparison_table_has_every_force_with_sources(facts: pd.DataFrame) -> None:
    table = cmp.comparison_table(facts, 10_000)
    assert set(table["quantity"]) == set(cmp.COMPARISONS)
    assert (table["low"] <= table["central"]).all() and (table["central"] <= table["high"]).all()
    assert table["sources"].str.len().min() > 0


def test_timeline_is_dated_and_labelled(facts: pd.DataFrame) -> None:
    tl = cmp.troop_timeline(facts)
    assert tl["as_of"].is_monotonic_increasing
    assert {1500, 8000, 10_000, 12_750} <= set(tl["value"].dropna())
    # Several sources give 10,000 for October 2024: one label names them all, in order.
    same = tl[(tl["value"] == 10_000) & (tl["as_of"] == "2024-10-01")]
    assert len(same) >= 2
    who = same["speaker"].astype(str).where(same["speaker"] != "article",
                                            same["outlet"].astype(str))
    assert same["label"].tolist() == [", ".join(dict.fromkeys(who))] + [""] * (len(same) - 1)
