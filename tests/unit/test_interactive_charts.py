"""Each kernel-free chart's Vega formula is pinned to the Python model.

Two ways: the charts themselves, rendered by vl-convert at a few slider values (their last
point and their note print exactly what the page prints); and each formula at 50+ random
points at once: the same expression builder, given fields instead of sliders, evaluated by
Vega over a table of points in one render, against the notebook's own ``evaluate``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import pytest
import vl_convert as vlc
from dprk_troops.factbase.facts import load_facts, load_options
from dprk_troops.factbase.scores import read_option_scores
from dprk_troops.models import comparisons as cmp
from dprk_troops.models import options as mcda
from dprk_troops.present import charts, views
from dprk_troops.present.formats import fmt_days, fmt_share, fmt_usd
from dprk_troops.workbook import MODULES, definition

POINTS = 60


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return load_facts()


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


def _computed(frame: pd.DataFrame, **exprs: str) -> list[str]:
    """Vega's value of each expression on every row of ``frame``, in row order, as text:
    one render of a text mark per row."""
    frame = frame.assign(_row=range(len(frame)))
    chart = alt.Chart(frame).transform_calculate(**exprs).transform_calculate(
        out=" + '|' + ".join(f"toString(datum['{k}'])" for k in exprs)).mark_text().encode(
        x=alt.X("_row:O", axis=None), text=alt.Text("out:N"))
    items = list(_items(vlc.vegalite_to_scenegraph(chart.to_dict()), "text"))
    texts = [i["text"] for i in sorted(items, key=lambda i: i["x"])]
    assert len(texts) == len(frame)
    return texts


# --- notebook 01 ----------------------------------------------------------------------------

@pytest.mark.parametrize("overrides", [
    {}, {"troops": 1500, "troop_schedule": "constant", "months": 6, "regime_share": 0.5},
    {"troops": 13_000, "troop_schedule": "constant", "months": 24}, {"months": 30},
    {"regime_share": 0.333}, {"regime_share": 0.07, "troops": 4321}])
def test_revenue_chart_opens_on_the_pages_headline(facts: pd.DataFrame,
                                                   overrides: dict[str, Any]) -> None:
    values = definition("01").resolve(facts, {"mc_samples": 1000, **overrides}).values
    headline = definition("01").evaluate(facts, values)["cash_revenue_usd"]
    spec = charts.spec(views.interactive_revenue(facts, values, ["NOS"]))
    texts = _texts(spec)
    assert fmt_usd(headline) in texts
    months = [int(t) for t in texts if t.isdigit()]  # the x axis spans the run
    assert min(months) >= 1 and max(months) == values["months"]


@pytest.mark.parametrize("schedule", ["reported", "constant"])
def test_revenue_formula_is_the_model_at_random_points(facts: pd.DataFrame,
                                                       schedule: str) -> None:
    module = MODULES["01_cost_vs_revenue"]
    plan = module.inputs(facts).plan(schedule)
    rng = np.random.default_rng(17)
    points = pd.DataFrame({"troops": rng.integers(0, 50_001, POINTS),
                           "pay": rng.uniform(0, 5000, POINTS).round(2),
                           "months": rng.integers(1, 49, POINTS),
                           "share": rng.uniform(0, 1, POINTS).round(3)})
    points["served"] = plan.cum[points["months"]]
    got = _computed(points, usd=charts.revenue_expr(
        "datum.troops", "datum.pay", "datum.share", "datum.served", plan.reference),
        label=charts.usd_expr("datum.usd"))
    values = definition("01").resolve(facts, {"troop_schedule": schedule}).values
    want = module.evaluate_batch(module.inputs(facts), {
        **values, "troops": points["troops"], "pay_usd_per_soldier_month": points["pay"],
        "months": points["months"], "regime_share": points["share"]}, with_mc=False)
    for text, usd in zip(got, want["cash_revenue_usd"], strict=True):
        vega_usd, label = text.split("|")
        assert float(vega_usd) == usd
        assert label == fmt_usd(usd)


@pytest.mark.parametrize("pct", [0, 5, 35, 70, 85, 100])
def test_revenue_chart_share_slider_is_in_per_cent(facts: pd.DataFrame, pct: int) -> None:
    """The share slider reads in per cent (85, not 0.85); moved to a value, the chart's
    last point is the page's headline at that share."""
    values = definition("01").resolve(facts, {"mc_samples": 1000}).values
    chart = views.interactive_revenue(facts, values, ["NOS"])
    slider = next(p for p in charts.spec(chart)["params"] if p["name"] == "share_pct")
    assert (slider["bind"]["min"], slider["bind"]["max"]) == (0, 100)
    assert slider["bind"]["name"].strip().endswith("(%)")
    headline = definition("01").evaluate(facts, {**values, "regime_share": pct / 100})
    assert fmt_usd(headline["cash_revenue_usd"]) in _texts(_at(chart, share_pct=pct))
    assert f"the state keeps {pct}%" in " ".join(_texts(_at(chart, share_pct=pct)))


# --- notebook 02 ----------------------------------------------------------------------------

@pytest.mark.parametrize(("troops", "losses"), [(10_000, 1200), (1500, 600), (13_000, 2500)])
def test_comparison_chart_note_is_the_pages(facts: pd.DataFrame, troops: int,
                                            losses: float) -> None:
    table = cmp.comparison_table(facts, 10_000)
    army = cmp.estimate(facts, "dprk_army_size")
    chart = charts.interactive_comparison_chart(table, 10_000, 1200, army.central)
    note = next(t for t in _texts(_at(chart, troops=troops, losses=losses)) if "=" in t)
    results = definition("02").evaluate(facts, definition("02").resolve(
        facts, {"troops": troops, "russian_losses_per_day": losses}).values)
    assert fmt_days(results["days_of_russian_losses_replaced"]) in note
    assert fmt_share(results["share_of_dprk_army"]) in note


def test_comparison_formula_is_the_model_at_random_points(facts: pd.DataFrame) -> None:
    rng = np.random.default_rng(18)
    points = pd.DataFrame({"troops": rng.integers(0, 100_001, POINTS),
                           "losses": rng.integers(100, 5001, POINTS).astype(float)})
    module = MODULES["02_troop_comparisons"]
    inp = module.inputs(facts)
    army = inp.estimates["dprk_army_size"].central
    got = _computed(points, note=charts.comparison_note_expr("datum.troops", "datum.losses",
                                                             repr(army)))
    values = definition("02").resolve(facts, {}).values
    want = module.evaluate_batch(inp, {**values, "troops": points["troops"],
                                       "russian_losses_per_day": points["losses"]})
    for note, days, share in zip(got, want["days_of_russian_losses_replaced"],
                                 want["share_of_dprk_army"], strict=True):
        assert fmt_days(days) in note and f", {fmt_share(share)} of" in note, note


# --- notebook 03 ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def scores() -> Any:
    return read_option_scores()


@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
def test_options_chart_bars_are_the_pages_scores(scores: Any, method: str) -> None:
    options = load_options()
    labels = dict(zip(options["option_id"], options["label"], strict=True))
    w = scores.default_weights
    columns = mcda.vega_columns(scores.matrix(), scores.directions, method)
    criteria = {c: c for c in w}
    chart = charts.interactive_options_chart(columns, labels, w, criteria, ["NOS"], method)
    spec = _at(chart)
    bars = [i.get("width", 0) for i in _items(vlc.vegalite_to_scenegraph(spec), "rect")]
    fn = mcda.weighted_sum if method == "weighted_sum" else mcda.topsis
    expected = fn(scores.matrix(), mcda.validate_weights(w, w), scores.directions)
    width = spec["width"]
    assert sorted(b / width for b in bars) == pytest.approx(sorted(expected), abs=1.5 / width)


@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
def test_options_formula_is_the_model_at_random_points(scores: Any, method: str) -> None:
    module = MODULES["03_south_korea_options"]
    inp = module.inputs()
    rng = np.random.default_rng(19)
    weights = rng.random((POINTS, len(inp.criteria)))
    weights[:5, 1:] = 0  # one criterion alone
    columns = mcda.vega_columns(scores.matrix(), scores.directions, method).reset_index()
    rows = pd.concat([columns.assign(point=k, **{f"w_{i}": weights[k, i]
                                                  for i in range(len(inp.criteria))})
                      for k in range(POINTS)], ignore_index=True)
    got = _computed(rows, score=charts.options_score_expr(inp.criteria, method,
                                                          lambda i: f"datum.w_{i}"))
    want = module.evaluate_batch(inp, {"weights": weights, "method": method},
                                 with_mc=False)
    for (k, option), text in zip(zip(rows["point"], rows["option_id"], strict=True), got,
                                 strict=True):
        assert float(text) == pytest.approx(want[f"score.{option}"][k], abs=1e-12)


def test_formats_round_a_tie_up_as_vega_does() -> None:
    """1,500 soldiers / 1,200 a day is 1.25 days: the page and the chart both say 1.3."""
    got = _computed(pd.DataFrame({"d": [1.25, 0.125, 8462.5, 2000.5, 1.0]}),
                    days=charts.days_expr("datum.d"),
                    share=charts.share_expr("datum.d / 10"),
                    usd=charts.usd_expr("datum.d"))
    want = [(fmt_days(d), fmt_share(d / 10), fmt_usd(d)) for d in (1.25, 0.125, 8462.5,
                                                                    2000.5, 1.0)]
    assert [tuple(t.split("|")) for t in got] == want
