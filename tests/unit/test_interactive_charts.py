"""Each interactive chart's Vega expression is pinned to its Python model: rendered by
vl-convert at several slider values, the chart shows what the library computes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
import vl_convert as vlc
from dprk_troops import charts
from dprk_troops.facts import load_facts, load_options
from dprk_troops.models import comparisons as cmp
from dprk_troops.models import options as mcda
from dprk_troops.models import revenue
from dprk_troops.option_scores import read_option_scores


def _at(chart: Any, **values: float) -> dict[str, Any]:
    """The chart's Vega-Lite spec with its sliders set to ``values``."""
    spec = charts.spec(chart)
    for param in spec["params"]:
        if param["name"] in values:
            param["value"] = values.pop(param["name"])
    assert not values, f"no such slider: {values}"
    return spec


def _items(node: Any, marktype: str) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if node.get("marktype") == marktype:
            yield from node.get("items", [])
        for value in node.values():
            yield from _items(value, marktype)
    elif isinstance(node, list):
        for value in node:
            yield from _items(value, marktype)


def _texts(spec: dict[str, Any]) -> list[str]:
    return [str(i.get("text")) for i in _items(vlc.vegalite_to_scenegraph(spec), "text")]


@pytest.mark.parametrize(("troops", "pay", "months", "share"), [
    (10_000, 2000, 12, 1.0), (1500, 2000, 6, 0.5), (13_000, 2500, 24, 0.8), (500, 100, 1, 0.05),
])
def test_revenue_chart_total_is_the_models(troops: int, pay: float, months: int,
                                           share: float) -> None:
    chart = charts.interactive_revenue_chart(10_000, 2000, 12, 1.0, ["NOS"])
    shown = _texts(_at(chart, troops=troops, pay=pay, months=months, share=share))
    usd = revenue.cash_revenue_usd(troops, pay, months, share)
    assert f"${usd / 1e6:,.1f}" in shown


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return load_facts()


@pytest.mark.parametrize(("troops", "losses"), [(10_000, 1200), (1500, 600), (13_000, 2500)])
def test_comparison_chart_note_is_the_models(facts: pd.DataFrame, troops: int,
                                             losses: float) -> None:
    table = cmp.comparison_table(facts, 10_000)
    army = cmp.estimate(facts, "dprk_army_size")
    chart = charts.interactive_comparison_chart(table, 10_000, 1200, army.central)
    note = next(t for t in _texts(_at(chart, troops=troops, losses=losses)) if "troops =" in t)
    days = cmp.days_of_losses_replaced(troops, losses)
    share = cmp.share_of(troops, army)["central"]
    assert f"{days:.1f} days of losses" in note
    assert f"{share * 100:.2f}% of the army" in note


@pytest.mark.parametrize("weights", [
    None,  # the defaults
    {"deterrence": 1, "escalation_risk": 0, "domestic_support": 0, "legal_feasibility": 0,
     "value_to_allies": 0},
    {"deterrence": 0.1, "escalation_risk": 0.5, "domestic_support": 0.1,
     "legal_feasibility": 0.2, "value_to_allies": 0.1},
])
def test_options_chart_bars_are_the_weighted_sum(weights: dict[str, float] | None) -> None:
    scores = read_option_scores()
    w = weights or scores.default_weights
    options = load_options()
    labels = dict(zip(options["option_id"], options["label"], strict=True))
    normalised = mcda.normalise(scores.matrix(), scores.directions)
    criteria = {c: c for c in normalised.columns}
    chart = charts.interactive_options_chart(normalised, labels, scores.default_weights,
                                             criteria, ["NOS"])
    names = {f"w_{i}": w[c] for i, c in enumerate(normalised.columns)}
    spec = _at(chart, **names)
    bars = [i.get("width", 0) for i in _items(vlc.vegalite_to_scenegraph(spec), "rect")]
    expected = mcda.weighted_sum(scores.matrix(), mcda.validate_weights(w, w),
                                 scores.directions)
    width = spec["width"]
    got = sorted(b / width for b in bars)
    assert len(got) == len(expected)
    assert got == pytest.approx(sorted(expected), abs=1.5 / width)
