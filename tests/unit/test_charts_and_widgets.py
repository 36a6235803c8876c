"""Charts carry title, units and a sources caption, render offline, and the widget panels
recompute when a control moves."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from dprk_troops.factbase.facts import load_facts
from dprk_troops.models import comparisons as cmp
from dprk_troops.present import charts, display, views, widgets
from dprk_troops.workbook import definition


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return load_facts()


def _params(stem: str) -> dict:
    """A notebook's default parameters, every fact default read from the fact base."""
    return dict(definition(stem).resolve(load_facts(), {}).values)


@pytest.fixture(scope="module")
def all_charts(facts: pd.DataFrame) -> dict:
    p01 = _params("01_cost_vs_revenue")
    r = views.cost_revenue(facts, p01)
    table = cmp.comparison_table(facts, 10_000)
    return {
        "revenue": views.cost_revenue_chart(r),
        "distribution": charts.revenue_distribution_chart(r.monte_carlo.draws, r.mc, r.sources,
                                                          ["months drawn from 6 to 24"]),
        "casualties": charts.casualties_chart(r.path, ["De Kruif (NOS)"], ["rate = 0.06"]),
        "comparison": charts.comparison_chart(table, 10_000, "log"),
        "comparison_linear": charts.comparison_chart(table, 10_000, "linear"),
        "timeline": charts.timeline_chart(cmp.troop_timeline(facts)),
    }


@pytest.mark.parametrize("name", ["revenue", "distribution", "casualties", "comparison",
                                  "comparison_linear", "timeline"])
def test_every_chart_has_title_units_and_sources(all_charts: dict, name: str) -> None:
    spec = all_charts[name].to_dict()
    title = spec["title"]
    assert title["text"] and title["subtitle"][0].startswith("Sources: ")
    axes = [enc for enc in _encodings(spec) if enc.get("type") == "quantitative"]
    titled = [_axis_title(enc) for enc in axes if _axis_title(enc)]
    assert titled and all(any(u in t for u in UNIT_WORDS) for t in titled), titled


UNIT_WORDS = ("dollars", "people", "soldiers", "Soldiers", "draws", "Month")


def _axis_title(enc: dict) -> str | None:
    axis = enc.get("axis") or {}
    return enc.get("title") or axis.get("title")


def _encodings(spec: object, channels: tuple[str, ...] = ("x", "y")) -> list[dict]:
    """Every encoding of the given channels (x and y) anywhere in a (layered) spec."""
    found = []
    if isinstance(spec, dict):
        encoding = spec.get("encoding")
        for channel in channels:
            enc = encoding.get(channel) if isinstance(encoding, dict) else None
            if isinstance(enc, dict):
                found.append(enc)
        for value in spec.values():
            found += _encodings(value, channels)
    elif isinstance(spec, list):
        for value in spec:
            found += _encodings(value, channels)
    return found


def test_assumptions_are_marked_as_assumptions(all_charts: dict) -> None:
    subtitle = " ".join(all_charts["revenue"].to_dict()["title"]["subtitle"])
    assert "Assumptions (not from the sources): Months the deployment lasts: 12 months" \
        in subtitle
    assert "_" not in subtitle  # words, not parameter names


@pytest.mark.parametrize("name", ["revenue", "comparison", "timeline"])
def test_charts_render_to_svg_offline(all_charts: dict, name: str) -> None:
    svg = display.svg(all_charts[name])
    assert svg.startswith("<svg") and "http" not in svg.split(">", 1)[1].replace(
        "http://www.w3.org", "")


def test_live_bundle_targets_jupyterlabs_vegalite5_renderer(all_charts: dict) -> None:
    data, metadata = display.live_bundle(all_charts["revenue"])
    spec = data["application/vnd.vegalite.v5+json"]
    assert spec["$schema"].endswith("/v5.json")
    assert metadata["application/vnd.vegalite.v5+json"]["embed_options"]["renderer"] == "svg"


def _marks(spec: dict) -> list[str]:
    layers = spec.get("layer", [spec])
    return [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
            for layer in layers]


def test_no_bars_on_a_log_axis(all_charts: dict, facts: pd.DataFrame) -> None:
    """A bar's length on a log axis depends on where the axis starts: dots there."""
    log = all_charts["comparison"].to_dict()
    assert log["layer"][0]["encoding"]["x"]["scale"]["type"] == "log"
    assert "bar" not in _marks(log) and "point" in _marks(log)
    assert "bar" in _marks(all_charts["comparison_linear"].to_dict())
    table = cmp.comparison_table(facts, 10_000)
    live = charts.interactive_comparison_chart(table, 10_000, 1200, 1.5e6).to_dict()
    assert "bar" not in _marks(live)


def test_a_log_axis_ticks_once_a_decade() -> None:
    assert charts.log_ticks(1500, 3.5e6) == [1e3, 1e4, 1e5, 1e6, 1e7]
    assert charts.log_ticks(1000, 1000) == [1e3, 1e4]
    x = charts.comparison_chart(cmp.comparison_table(load_facts(), 10_000), 10_000,
                                "log").to_dict()["layer"][0]["encoding"]["x"]
    assert x["axis"]["values"] == [1e4, 1e5, 1e6, 1e7]  # 10,000 soldiers to 3.5 million
    assert x["scale"]["domain"] == [1e4, 1e7]


def test_readout_escapes_text() -> None:
    html = widgets.readout_html([("<script>alert(1)</script>", "1 & 2")])
    assert "<script>" not in html and "&lt;script&gt;" in html and "1 &amp; 2" in html


def _first_readout_value(update, **controls) -> str:
    rows, _chart = update(**controls)
    return dict(rows)


def test_revenue_panel_recomputes_and_troops_act_under_both_schedules(
        facts: pd.DataFrame) -> None:
    update = views.cost_revenue_update(facts, _params("01_cost_vs_revenue"))
    label = "Cash revenue over the deployment"
    base = _first_readout_value(update, troops=10_000, troop_schedule="constant")
    more = _first_readout_value(update, troops=20_000, troop_schedule="constant")
    assert base[label] == "$240 million" and more[label] == "$480 million"
    reported = _first_readout_value(update, troops=12_750, troop_schedule="reported")
    doubled = _first_readout_value(update, troops=25_500, troop_schedule="reported")
    assert reported[label] == "$278 million" and doubled[label] == "$556 million"
    assert reported["Soldiers sent in all"].endswith(" soldiers")


def test_comparisons_panel_recomputes(facts: pd.DataFrame) -> None:
    update = views.comparisons_update(facts, _params("02_troop_comparisons"))
    rows, _ = update(troops=12_000, russian_losses_per_day=1200, reference="rok_army_size",
                     scale="linear")
    assert dict(rows)["Days of Russian losses replaced"] == "10 days"
    assert dict(rows)["Share of South Korea's army"].startswith("2.4%")


def test_options_panel_recomputes_and_accepts_all_zero_weights() -> None:
    from dprk_troops.factbase.facts import load_options
    from dprk_troops.factbase.scores import read_option_scores

    scores = read_option_scores()
    labels = dict(zip(load_options()["option_id"], load_options()["label"], strict=True))
    update = views.options_update(scores, labels, ["x"])
    w = scores.default_weights
    default, _ = update(method="weighted_sum", **w)
    risky, _ = update(method="weighted_sum", **{**dict.fromkeys(w, 0.0), "escalation_risk": 1})
    assert default != risky
    zero, _ = update(method="topsis", **dict.fromkeys(w, 0.0))
    assert len(zero) == len(labels)


def test_panel_has_the_dom_contract_classes(facts: pd.DataFrame) -> None:
    p = _params("02_troop_comparisons")
    box = widgets.panel({"troops": widgets.control("02", "troops", p["troops"]),
                         "russian_losses_per_day": widgets.control("02", "russian_losses_per_day",
                                                                   p["russian_losses_per_day"]),
                         "reference": widgets.control("02", "reference", p["reference"]),
                         "scale": widgets.control("02", "scale", p["scale"])},
                        views.comparisons_update(facts, p))
    assert "dprk-panel" in box._dom_classes
    readout, chart = box.children[-2], box.children[-1]
    assert "dprk-readout" in readout._dom_classes and "dprk-chart" in chart._dom_classes
    before = readout.value
    box.children[0].value = 13_000  # the troops slider
    assert readout.value != before and "10.8" in readout.value
    assert chart.outputs[0]["data"]["application/vnd.vegalite.v5+json"]


def test_callback_errors_are_not_swallowed(facts: pd.DataFrame) -> None:
    def broken(**_: object) -> tuple:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        widgets.panel({"scale": widgets.control("02", "scale", "log")}, broken)


def test_every_control_of_every_panel_moves_the_chart(facts: pd.DataFrame) -> None:
    """A control that changes the readout but not the chart leaves a stale chart on screen
    (the browser test caught this for troops under the reported schedule, and reference)."""
    cases = [
        (views.cost_revenue_update(facts, _params("01_cost_vs_revenue")),
         {"troops": 10_000, "pay_usd_per_soldier_month": 2000.0, "months": 12,
          "regime_share": 1.0, "troop_schedule": "reported", "casualty_rate_per_month": 0.06},
         {"troops": 20_000, "pay_usd_per_soldier_month": 2500.0, "months": 18,
          "regime_share": 0.5, "troop_schedule": "constant", "casualty_rate_per_month": 0.1}),
        (views.comparisons_update(facts, _params("02_troop_comparisons")),
         {"troops": 10_000, "russian_losses_per_day": 1200.0, "reference": "dprk_army_size",
          "scale": "log"},
         {"troops": 20_000, "russian_losses_per_day": 1500.0, "reference": "rok_army_size",
          "scale": "linear"}),
    ]
    readout_only = {"russian_losses_per_day", "casualty_rate_per_month"}  # not charted
    for update, before, after in cases:
        base_rows, base_chart = update(**before)
        for name, value in after.items():
            rows, moved = update(**{**before, name: value})
            if name in readout_only:
                assert rows != base_rows, name
            else:
                assert moved.to_dict() != base_chart.to_dict(), name


def test_reported_schedule_draws_the_constant_line_next_to_it(facts: pd.DataFrame) -> None:
    r = views.cost_revenue(facts, {**_params("01_cost_vs_revenue"), "troops": 7_000})
    values = views.cost_revenue_chart(r).to_dict()
    series = {row["series"] for d in values["datasets"].values() for row in d}
    assert "cash revenue, constant 7,000 soldiers (cumulative)" in series
    assert r.constant_path["cumulative_cash_revenue_usd"].iloc[-1] == pytest.approx(
        r.results["cash_revenue_usd_constant"])
    assert r.path["cumulative_cash_revenue_usd"].iloc[-1] == pytest.approx(
        r.results["cash_revenue_usd"])
    assert r.path["troops"].iloc[-1] == pytest.approx(7_000)  # the steps, scaled to troops
    constant = views.cost_revenue(facts, {**r.params, "troop_schedule": "constant"})
    series = {row["series"] for d in views.cost_revenue_chart(constant).to_dict()[
        "datasets"].values() for row in d}
    assert not any("constant" in s for s in series)  # one line, not the same line twice


def test_comparison_chart_marks_the_reference_and_rejects_unknown_ones(
        facts: pd.DataFrame) -> None:
    table = cmp.comparison_table(facts, 10_000)
    rows = [row for d in charts.comparison_chart(table, 10_000, reference="rok_army_size")
            .to_dict()["datasets"].values() for row in d]
    marked = [row["quantity"] for row in rows if row["role"] == "share is taken of"]
    assert marked == ["rok_army_size"]
    with pytest.raises(ValueError, match="reference: expected one of"):
        charts.comparison_chart(table, 10_000, reference="navy")


def test_no_chart_cuts_a_label_short(all_charts: dict) -> None:
    """Vega cuts labels longer than their limit with '…'; a reader needs the whole name."""
    from dprk_troops.factbase.facts import load_options
    from dprk_troops.factbase.scores import read_option_scores
    from dprk_troops.models import options as mcda

    scores = read_option_scores()
    labels = dict(zip(load_options()["option_id"], load_options()["label"], strict=True))
    result = views.options_result(scores, labels, scores.default_weights, "weighted_sum")
    sweep = mcda.weight_sweep_all(scores.matrix(), scores.default_weights, scores.directions)
    sweep["label"] = sweep["option_id"].map(labels)
    extra = {"options": charts.option_scores_chart(result.table, "weighted_sum", ["x"]),
             "sweep": charts.weight_sweep_chart(sweep, ["x"])}
    for name, chart in {**all_charts, **extra}.items():
        assert "…" not in display.svg(chart), name


def _colours(spec: object) -> set[str]:
    """Every colour written anywhere in a spec (values, scale ranges), lower case."""
    found: set[str] = set()
    if isinstance(spec, dict):
        for value in spec.values():
            found |= _colours(value)
    elif isinstance(spec, list):
        for value in spec:
            found |= _colours(value)
    elif isinstance(spec, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", spec):
        found.add(spec.lower())
    return found


def _colour_fields(spec: object) -> list[dict]:
    """Every colour encoding of a data field (a scheme would choose its colours)."""
    return [enc for enc in _encodings(spec, ("color",)) if "field" in enc]


def test_one_colour_per_series_from_the_palette(all_charts: dict, facts: pd.DataFrame) -> None:
    """A colour means one series on every page: the series' colours differ, and every
    chart takes its colours from the palette, never from a scheme of its own."""
    from dprk_troops.factbase.facts import load_options
    from dprk_troops.factbase.scores import read_option_scores
    from dprk_troops.models import options as mcda
    from dprk_troops.present import palette

    series = list(palette.COLOURS.values())
    every = [*series, *palette.OPTION_COLOURS, palette.INK]
    assert len(every) == len(set(every))
    scores = read_option_scores()
    labels = dict(zip(load_options()["option_id"], load_options()["label"], strict=True))
    result = views.options_result(scores, labels, scores.default_weights, "weighted_sum")
    sweep = mcda.weight_sweep_all(scores.matrix(), scores.default_weights, scores.directions)
    sweep["label"] = sweep["option_id"].map(labels)
    freq = mcda.random_weight_ranks(scores.matrix(), scores.directions, n=100, seed=1)
    freq = freq.rename_axis("option_id").reset_index()
    freq["label"] = freq["option_id"].map(labels)
    table = cmp.comparison_table(facts, 10_000)
    extra = {"options": charts.option_scores_chart(result.table, "weighted_sum", ["x"]),
             "sweep": charts.weight_sweep_chart(sweep, ["x"]),
             "first": charts.first_rank_chart(freq, 100, ["x"]),
             "live comparison": charts.interactive_comparison_chart(table, 10_000, 1200, 1.5e6)}
    allowed = {c.lower() for c in [*every, palette.MUTED]}
    for name, chart in {**all_charts, **extra}.items():
        spec = chart.to_dict()
        assert _colours(spec) <= allowed, (name, _colours(spec) - allowed)
        for enc in _colour_fields(spec):
            assert (enc.get("scale") or {}).get("range"), (name, enc)  # no default scheme
    assert palette.for_result("mc_p5_usd") == palette.COLOURS["cash revenue"]
    assert palette.for_result("expected_casualties") == palette.COLOURS["killed or wounded"]


def test_money_axes_read_in_dollars_and_labels_keep_apart(all_charts: dict) -> None:
    for name in ("revenue", "distribution"):
        spec = all_charts[name].to_dict()
        assert spec["config"]["axis"]["labelSeparation"] >= 6, name
        exprs = [enc["axis"].get("labelExpr", "") for enc in _encodings(spec)
                 if isinstance(enc.get("axis"), dict)]
        assert any("'$'" in e for e in exprs), name
    svg = display.svg(all_charts["revenue"])
    assert "$250M" in svg and ">USD millions<" not in svg


def test_sliders_show_units_and_sensible_digits() -> None:
    pay = widgets.control("01", "pay_usd_per_soldier_month", 2000.0, step=100)
    assert pay.description == "Pay per soldier per month (US$)"
    assert pay.readout_format == ",.0f"
    troops = widgets.control("01", "troops", 10_000, step=500)
    assert troops.description == "Soldiers the deployment grows to"  # its words say the unit
    assert troops.readout_format == ",d"
    labour = widgets.control("01", "labour_value_usd_per_soldier_month", 0.0, step=50)
    assert labour.description.endswith("(US$ per soldier per month)")
    share = widgets.control("01", "regime_share", 1.0, step=0.05)
    assert share.readout_format == ".0%"
    reference = widgets.control("02", "reference", "dprk_army_size")
    assert ("North Korea's army", "dprk_army_size") in reference.options
    assert all("_" not in w.description for w in (pay, troops, share, reference))
