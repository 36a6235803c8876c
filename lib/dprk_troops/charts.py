"""The workbook's charts (altair): building them, not showing them (see ``display``).

Every chart has a title, axis units, and a caption (the subtitle) that names the sources
of the facts shown (outlet and speaker) and marks assumptions as assumptions. Axis labels
read as a reader writes numbers ($300M, 10,000, 25%) and never touch (``styled``); each
series has the one colour ``palette`` gives it on every page; bars stand only on linear
axes (a bar's length on a log axis depends on where the axis starts, so a log axis gets
dots and span rules).

Where a model is simple enough to write as a Vega expression (``interactive_*``), the chart
carries sliders bound to Vega-Lite parameters, so the report keeps it live without a kernel.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .palette import COLOURS, INK, MUTED, option_scale
from .palette import scale as colour_scale

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

__all__ = [
    "caption",
    "casualties_chart",
    "comparison_chart",
    "count_axis",
    "first_rank_chart",
    "interactive_comparison_chart",
    "interactive_options_chart",
    "interactive_revenue_chart",
    "log_ticks",
    "option_scores_chart",
    "revenue_distribution_chart",
    "revenue_path_chart",
    "spec",
    "styled",
    "timeline_chart",
    "titled",
    "unit_axis",
    "usd_axis",
    "weight_sweep_chart",
]

WIDTH = 520
CAPTION_WIDTH = 105
#: Axis and legend labels get this many pixels: Vega's default (180 axis, 160 legend) cuts
#: the options' names short, and measuring text to cut it is the slowest part of rendering.
LABEL_LIMIT = 280
MILLION = 1e6
#: Pixels kept free between two axis labels. Vega's default (0) lets neighbours touch
#: ("300M310M"); with a gap, its overlap removal drops a label instead.
LABEL_SEPARATION = 8


def caption(sources: Iterable[str], assumptions: Iterable[str] = ()) -> list[str]:
    """Subtitle lines: 'Sources: ...' then 'Assumptions: ...', wrapped to the chart width."""
    lines = textwrap.wrap("Sources: " + "; ".join(dict.fromkeys(sources)), CAPTION_WIDTH)
    assumed = list(assumptions)
    if assumed:
        lines += textwrap.wrap("Assumptions (not from the sources): " + "; ".join(assumed),
                               CAPTION_WIDTH)
    return lines


def styled(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """The workbook's look for a top-level chart: labels kept apart on every axis."""
    return chart.configure_axis(labelSeparation=LABEL_SEPARATION)


def titled(chart: alt.TopLevelMixin, title: str, sources: Iterable[str],
           assumptions: Iterable[str] = ()) -> alt.TopLevelMixin:
    import altair as alt

    return styled(chart.properties(title=alt.TitleParams(
        title, subtitle=caption(sources, assumptions), anchor="start", subtitleFontSize=10,
        subtitleColor=MUTED)))


#: Vega expressions for a money axis's labels: '$300M', '$1.2B', '$2k', '$0' (for data in
#: dollars, or in millions of dollars).
_USD_LABELS = {
    "usd": "replace(format(datum.value, '$.3~s'), 'G', 'B')",
    "usd_millions": ("datum.value == 0 ? '$0' : abs(datum.value) >= 1000 ? "
                     "'$' + format(datum.value / 1000, ',.3~f') + 'B' : "
                     "'$' + format(datum.value, ',.3~f') + 'M'"),
}


def usd_axis(title: str, data: str = "usd", **kwargs: Any) -> alt.Axis:
    """An axis of US dollars whose labels read '$300M' (``data``: 'usd' for dollars,
    'usd_millions' for millions of dollars), overlapping labels dropped."""
    import altair as alt

    return alt.Axis(title=title, labelExpr=_USD_LABELS[data], **{"labelOverlap": True, **kwargs})


def count_axis(title: str, **kwargs: Any) -> alt.Axis:
    """An axis of people or soldiers: '10,000' (whole numbers, thousands separators)."""
    import altair as alt

    return alt.Axis(title=title, format=",d", **{"labelOverlap": True, **kwargs})


def spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The Vega-Lite spec, unvalidated: validating costs 30-40 ms a chart, and every chart
    builder's spec is validated by the unit tests (``to_dict()`` with validation on)."""
    return chart.to_dict(validate=False)


#: Each result unit (``registry.ResultSpec.unit``): its axis's words and label format.
UNIT_AXES: dict[str, tuple[str, dict[str, str]]] = {
    "usd": ("US dollars", {"labelExpr": _USD_LABELS["usd"]}),
    "soldiers": ("soldiers", {"format": ",d"}),
    "people": ("people", {"format": ",d"}),
    "share": ("share", {"format": ".2~%"}),
    "days": ("days", {"format": ",.1~f"}),
    "number": ("", {"format": ",.3~g"}),
}


def unit_axis(unit: str, title: str | None = None, **kwargs: Any) -> alt.Axis:
    """An axis for values in a result unit: '$300M', '10,000', '0.67%', '8.3'; titled
    ``title`` (default: the unit in words), overlapping labels dropped."""
    import altair as alt

    words, fmt = UNIT_AXES.get(unit, UNIT_AXES["number"])
    return alt.Axis(title=words if title is None else title,
                    **{"labelOverlap": True, **fmt, **kwargs})


# --- notebook 01: cost vs revenue ----------------------------------------------------------

def revenue_path_chart(path: pd.DataFrame, sources: Sequence[str],
                       assumptions: Sequence[str],
                       constant: pd.DataFrame | None = None) -> alt.TopLevelMixin:
    """Cumulative cash revenue and forgone labour (USD millions) by month.

    ``constant`` is an optional second path (the same deployment with a constant troop
    number), drawn as its own series so the two troop assumptions can be compared.
    """
    import altair as alt
    import pandas as pd

    series = [(path, "cumulative_cash_revenue_usd", "cash revenue (cumulative)",
               "cash revenue")]
    if constant is not None:
        troops = float(constant["troops"].iloc[0]) if len(constant) else 0.0
        series.append((constant, "cumulative_cash_revenue_usd",
                       f"cash revenue, constant {troops:,.0f} soldiers (cumulative)",
                       "cash revenue, constant troops"))
    series.append((path, "cumulative_forgone_labour_usd",
                   "construction labour lost at home (cumulative)", "construction work lost"))
    long = pd.concat([pd.DataFrame({"month": frame["month"], "usd_millions":
                                    frame[column] / MILLION, "series": name})
                      for frame, column, name, _ in series], ignore_index=True)
    colours = colour_scale({name: key for _, _, name, key in series})
    chart = alt.Chart(long).mark_line(point=True).encode(
        x=alt.X("month:Q", title="Month of the deployment", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("usd_millions:Q", axis=usd_axis("Cumulative, US dollars", "usd_millions")),
        color=alt.Color("series:N", title=None, sort=colours["domain"],
                        scale=alt.Scale(**colours),
                        legend=alt.Legend(orient="top-left", labelLimit=320)),
        tooltip=[alt.Tooltip("month:Q", title="month"), alt.Tooltip("series:N"),
                 alt.Tooltip("usd_millions:Q", format="$,.1f", title="US$ millions")],
    ).properties(width=WIDTH, height=260)
    return titled(chart, "What the deployment earns Pyongyang in cash, month by month",
                  sources, assumptions)


def histogram_table(values: Any, bins: int = 40) -> pd.DataFrame:
    """Pre-binned counts (so a chart of 100,000 draws embeds 40 rows, not 100,000)."""
    import numpy as np
    import pandas as pd

    counts, edges = np.histogram(np.asarray(values, dtype=float), bins=bins)
    return pd.DataFrame({"start": edges[:-1], "end": edges[1:], "draws": counts})


def revenue_distribution_chart(draws: pd.DataFrame, quantiles: dict[str, float],
                               sources: Sequence[str], assumptions: Sequence[str]
                               ) -> alt.TopLevelMixin:
    """Distribution of Monte Carlo cash revenue, with the median and 5th/95th percentiles."""
    import altair as alt
    import pandas as pd

    hist = histogram_table(draws["cash_revenue_usd"] / MILLION)
    marks = pd.DataFrame({"usd_millions": [quantiles[k] / MILLION for k in ("p5", "median",
                                                                            "p95")],
                          "label": ["5th percentile", "median", "95th percentile"]})
    bars = alt.Chart(hist).mark_rect(color=COLOURS["cash revenue"]).encode(
        x=alt.X("start:Q", axis=usd_axis("Cash revenue over the deployment, US dollars",
                                         "usd_millions")),
        x2=alt.X2("end:Q"), y=alt.Y("draws:Q", axis=count_axis("Number of draws")))
    rules = alt.Chart(marks).mark_rule(color=INK, strokeDash=[4, 3]).encode(
        x=alt.X("usd_millions:Q"),
        tooltip=[alt.Tooltip("label:N"),
                 alt.Tooltip("usd_millions:Q", format="$,.0f", title="US$ millions")])
    # The median's label a line below the others, so that close percentiles' labels do
    # not run into each other.
    labels = alt.layer(*[alt.Chart(marks).transform_filter(test).mark_text(
        align="left", dx=3, dy=dy, color=INK, fontSize=10).encode(
        x=alt.X("usd_millions:Q"), y=alt.YValue(8), text=alt.Text("label:N"))
        for test, dy in (("datum.label != 'median'", -5), ("datum.label == 'median'", 8))])
    chart = (bars + rules + labels).properties(width=WIDTH, height=220)
    return titled(chart, "How uncertain the revenue is: Monte Carlo draws", sources,
                  assumptions)


def casualties_chart(path: pd.DataFrame, sources: Sequence[str],
                     assumptions: Sequence[str]) -> alt.TopLevelMixin:
    """Expected North Korean casualties (killed or wounded), cumulative by month."""
    import altair as alt

    chart = alt.Chart(path).mark_area(opacity=0.6, color=COLOURS["killed or wounded"],
                                      line=True).encode(
        x=alt.X("month:Q", title="Month of the deployment", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("cumulative_expected_casualties:Q",
                axis=count_axis("Expected killed or wounded (people)")),
        tooltip=[alt.Tooltip("month:Q"),
                 alt.Tooltip("cumulative_expected_casualties:Q", format=",.0f")],
    ).properties(width=WIDTH, height=200)
    return titled(chart, "The human cost: expected North Korean casualties", sources,
                  assumptions)


# --- notebook 02: troop comparisons ---------------------------------------------------------

#: The roles of the comparison chart's rows -> their series in ``palette``.
COMPARISON_ROLES = {"compared": "forces compared",
                    "share is taken of": "force the share is taken of",
                    "deployment": "deployment"}


def log_ticks(low: float, high: float) -> list[float]:
    """Powers of ten from the one at or below ``low`` to the one at or above ``high``: a
    log axis's ticks, one a decade, so its labels never crowd (low > 0)."""
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    return [10.0 ** k for k in range(first, max(last, first + 1) + 1)]


def comparison_chart(table: pd.DataFrame, troops: float, scale: str = "log",
                     assumptions: Sequence[str] = (), reference: str | None = None
                     ) -> alt.TopLevelMixin:
    """Each force compared (its central estimate and the low-high span between sources),
    with the deployment highlighted. On a linear axis the central estimate is a bar; on a
    log axis a dot, since a bar's length there would depend on where the axis starts.

    ``reference`` (a ``quantity`` of ``table``) is the force the deployment's share is
    taken of: it has a colour of its own and its label says so.
    """
    import altair as alt
    import pandas as pd

    if reference is not None and reference not in set(table["quantity"]):
        raise ValueError(f"reference: expected one of {sorted(table['quantity'])}, "
                         f"got {reference!r}")
    deployment = pd.DataFrame([{"quantity": "deployment",
                                "label": "North Korean troops in Russia (this scenario)",
                                "central": float(troops), "low": float(troops),
                                "high": float(troops), "sources": "this scenario's troops"}])
    data = pd.concat([table[["quantity", "label", "central", "low", "high", "sources"]],
                      deployment], ignore_index=True)
    data["role"] = "compared"
    data.loc[data["quantity"] == "deployment", "role"] = "deployment"
    if reference is not None:
        is_ref = data["quantity"] == reference
        data.loc[is_ref, "role"] = "share is taken of"
        data.loc[is_ref, "label"] = data.loc[is_ref, "label"] + " (share is taken of this)"
    order = list(data.sort_values("central", ascending=False)["label"])
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT))
    positive = data[["low", "central", "high"]].stack()
    positive = positive[positive > 0]
    log = scale == "log" and len(positive) > 0
    if log:
        ticks = log_ticks(float(positive.min()), float(positive.max()))
        # padding: a dot at a power of ten (the 10,000 soldiers) is not cut by the edge
        x_scale = alt.Scale(type="log", domain=[ticks[0], ticks[-1]], padding=12)
        axis = count_axis("Soldiers or people (log scale: each step is ten times the last)",
                          values=ticks)
    else:
        x_scale, axis = alt.Scale(type="linear"), count_axis("Soldiers or people")
    roles = colour_scale({role: series for role, series in COMPARISON_ROLES.items()})
    encoding = {
        "x": alt.X("central:Q", scale=x_scale, axis=axis, stack=None), "y": y,
        "color": alt.Color("role:N", legend=None, scale=alt.Scale(**roles)),
        "tooltip": [alt.Tooltip("label:N"), alt.Tooltip("central:Q", format=","),
                    alt.Tooltip("low:Q", format=","), alt.Tooltip("high:Q", format=","),
                    alt.Tooltip("sources:N")]}
    base = alt.Chart(data)
    central = base.mark_point(filled=True, size=90, opacity=1).encode(**encoding) if log \
        else base.mark_bar().encode(**encoding)
    spans = base.mark_rule(strokeWidth=2, color=INK).encode(
        x=alt.X("low:Q", scale=x_scale), x2=alt.X2("high:Q"), y=y)
    chart = (central + spans).properties(width=WIDTH, height=alt.Step(26))
    sources = ", ".join(table["sources"]).split(", ")
    return titled(chart, "The deployment next to the forces it is compared with", sources,
                  assumptions)


def timeline_chart(timeline: pd.DataFrame) -> alt.TopLevelMixin:
    """Troop estimates over time, each point labelled with who said it (rules: ranges).
    Every estimate is of the deployment, in its colour; the shape says where (in Russia,
    or in Kursk).

    Sources that give the same figure for the same date share one label; where figures
    coincide, labels alternate above and below their point (``label_above``).
    """
    import altair as alt

    base = alt.Chart(timeline).encode(
        x=alt.X("as_of:T", title="Date the figure refers to",
                axis=alt.Axis(format="%d %b %Y", tickCount=6)))
    spans = base.mark_rule(strokeWidth=2, color=COLOURS["deployment"]).encode(
        y=alt.Y("low:Q"), y2=alt.Y2("high:Q"))
    has_value = base.transform_filter("isValid(datum.value)")
    points = has_value.mark_point(filled=True, size=70, opacity=1,
                                  color=COLOURS["deployment"]).encode(
        y=alt.Y("value:Q", axis=count_axis("North Korean soldiers")),
        shape=alt.Shape("where:N", title="Soldiers", legend=alt.Legend(orient="right")),
        tooltip=[alt.Tooltip("attribution:N"), alt.Tooltip("excerpt:N"),
                 alt.Tooltip("value:Q", format=","), alt.Tooltip("as_of_precision:N")])
    above = has_value.transform_filter("datum.label_above").mark_text(
        align="left", dx=6, dy=-9, fontSize=9, color=INK).encode(
        y=alt.Y("value:Q"), text=alt.Text("label:N"))
    below = has_value.transform_filter("!datum.label_above").mark_text(
        align="left", dx=6, dy=11, fontSize=9, color=INK).encode(
        y=alt.Y("value:Q"), text=alt.Text("label:N"))
    chart = (spans + points + above + below).properties(width=WIDTH, height=280)
    return titled(chart, "How the troop estimates grew, by source",
                  list(timeline["attribution"].astype(str)),
                  ["dates with month precision are drawn on the 1st of the month"])


# --- notebook 03: South Korea's options -----------------------------------------------------

#: Scoring methods (notebook 03's ``method``) as a reader names them.
METHODS = {"weighted_sum": "weighted sum", "topsis": "TOPSIS"}
#: What every options chart says of its scores.
JUDGED = "every score is an analyst's judgment, not a fact"


def option_scores_chart(scores: pd.DataFrame, method: str,
                        sources: Sequence[str]) -> alt.TopLevelMixin:
    """Each option's overall score (0-1), best first."""
    import altair as alt

    chart = alt.Chart(scores).mark_bar(color=COLOURS["option score"]).encode(
        x=alt.X("score:Q", title=f"Overall score, {METHODS.get(method, method)} (0 to 1)",
                scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        tooltip=[alt.Tooltip("label:N"), alt.Tooltip("score:Q", format=".3f"),
                 alt.Tooltip("rank:Q")],
    ).properties(width=WIDTH - 100, height=alt.Step(28))
    return titled(chart, "South Korea's options, scored on the analyst's criteria", sources,
                  [JUDGED, "so are the weights"])


def weight_sweep_chart(sweep: pd.DataFrame, sources: Sequence[str]) -> alt.TopLevelMixin:
    """Scores as each criterion's weight moves from 0 to 1 (the others rescaled); each
    option in its own colour (``palette.option_scale``, in the options' order)."""
    import altair as alt

    options = list(dict.fromkeys(sweep.sort_values("option_id", kind="stable")["label"]))
    chart = alt.Chart(sweep).mark_line().encode(
        x=alt.X("weight:Q", title="Weight of this criterion (0 to 1)"),
        y=alt.Y("score:Q", title="Overall score (0 to 1)"),
        color=alt.Color("label:N", title="Option", legend=alt.Legend(labelLimit=LABEL_LIMIT),
                        scale=alt.Scale(**option_scale(options)), sort=options),
    ).properties(width=180, height=130).facet(facet=alt.Facet("criterion:N", title=None),
                                              columns=3)
    return titled(chart, "How the scores move when one weight changes", sources,
                  [JUDGED])


def first_rank_chart(freq: pd.DataFrame, n_draws: int,
                     sources: Sequence[str]) -> alt.TopLevelMixin:
    """How often each option ranks first under random weights."""
    import altair as alt

    chart = alt.Chart(freq).mark_bar(color=COLOURS["ranked first"]).encode(
        x=alt.X("share_first:Q", title=f"Share of {n_draws:,} random weightings ranking it first",
                axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        tooltip=[alt.Tooltip("label:N"), alt.Tooltip("share_first:Q", format=".1%"),
                 alt.Tooltip("mean_rank:Q", format=".2f")],
    ).properties(width=WIDTH - 100, height=alt.Step(28))
    return titled(chart, "Which option wins when the weights are unknown", sources,
                  [JUDGED, "every set of weights equally likely"])


# --- interactive charts for the static HTML report ------------------------------------------
#
# Where a model is simple enough to write as a Vega expression, the report keeps it
# interactive without a kernel: sliders bound to Vega-Lite parameters. In JupyterLab and in
# executed notebooks the same output shows as SVG at the notebook's parameter values.

def _slider(name: str, value: float, low: float, high: float, step: float,
            label: str) -> alt.Parameter:
    import altair as alt

    return alt.param(name=name, value=value,
                     bind=alt.binding_range(min=low, max=high, step=step, name=label))


def interactive_revenue_chart(troops: float, pay: float, months: int, regime_share: float,
                              sources: Sequence[str]) -> alt.TopLevelMixin:
    """Cumulative cash revenue with sliders: the same formula as
    ``models.revenue.cash_revenue_usd`` (troops x pay x months x share), written in Vega."""
    import altair as alt
    import pandas as pd

    top = max(48, int(months))
    params = [_slider("troops", troops, 0, 50_000, 500, "troops "),
              _slider("pay", pay, 0, 5000, 100, "pay, USD per soldier per month "),
              _slider("months", months, 1, top, 1, "months "),
              _slider("share", regime_share, 0, 1, 0.05, "share the state keeps ")]
    data = pd.DataFrame({"month": range(1, top + 1)})
    base = alt.Chart(data).transform_filter("datum.month <= months").transform_calculate(
        usd_millions="troops * pay * datum.month * share / 1e6")
    line = base.mark_line(point=True).encode(
        x=alt.X("month:Q", title="Month of the deployment", scale=alt.Scale(domain=[1, top])),
        y=alt.Y("usd_millions:Q",
                axis=usd_axis("Cumulative cash revenue, US dollars", "usd_millions")),
        tooltip=[alt.Tooltip("month:Q"), alt.Tooltip("usd_millions:Q", format=",.1f")])
    total = base.transform_filter("datum.month == months").mark_text(
        align="right", dx=-4, dy=-10, fontSize=12, fontWeight="bold").encode(
        x=alt.X("month:Q"), y=alt.Y("usd_millions:Q"),
        text=alt.Text("usd_millions:Q", format="$,.1f"))
    chart = (line + total).add_params(*params).properties(width=WIDTH, height=240)
    return titled(chart, "Try it: cash revenue over the deployment", sources,
                  ["months and the share kept are assumptions; set them with the sliders"])


def interactive_comparison_chart(table: pd.DataFrame, troops: float, losses_per_day: float,
                                 army_central: float) -> alt.TopLevelMixin:
    """The forces compared (log scale) with a slider for the deployment; the subtitle-like
    text computes days of Russian losses replaced and the share of the army, as
    ``models.comparisons`` does."""
    import altair as alt

    params = [_slider("troops", troops, 0, 100_000, 500, "North Korean troops "),
              _slider("losses", losses_per_day, 100, 5000, 100, "Russian losses per day ")]
    data = table[["label", "central"]]
    bars = alt.Chart(data).mark_point(filled=True, size=90, opacity=1,
                                      color=COLOURS["forces compared"]).encode(
        x=alt.X("central:Q", stack=None, scale=alt.Scale(type="log", domainMin=100),
                axis=count_axis("Soldiers or people (log scale: each step is ten times the "
                                "last)", labelOverlap="greedy")),
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        tooltip=[alt.Tooltip("label:N"), alt.Tooltip("central:Q", format=",")])
    deployment = alt.Chart(data.head(1)).mark_rule(color=COLOURS["deployment"],
                                                   strokeWidth=3).encode(
        x=alt.X("t:Q")).transform_calculate(t="max(troops, 100)")
    note = alt.Chart(data.head(1)).mark_text(align="left", dx=6, dy=-6, color=INK,
                                             fontSize=11).encode(
        x=alt.X("t:Q"), y=alt.YValue(0), text=alt.Text("note:N")).transform_calculate(
        t="max(troops, 100)",
        note=(f"format(troops, ',') + ' troops = ' + format(troops / losses, '.1f') + "
              f"' days of losses, ' + format(troops / {army_central}, '.2%') + ' of the army'"))
    chart = (bars + deployment + note).add_params(*params).properties(
        width=WIDTH, height=alt.Step(26))
    return titled(chart, "Try it: the deployment (orange line) next to the forces compared",
                  table["sources"].str.split(", ").explode().tolist())


def interactive_options_chart(normalised: pd.DataFrame, labels: Mapping[str, str],
                              weights: Mapping[str, float], criteria_labels: Mapping[str, str],
                              sources: Sequence[str]) -> alt.TopLevelMixin:
    """Weighted sum of the normalised scores with one weight slider per criterion: the
    same formula as ``models.options.weighted_sum``, written in Vega."""
    import altair as alt

    data = normalised.rename_axis("option_id").reset_index()
    data["label"] = data["option_id"].map(labels)
    names = {c: f"w_{i}" for i, c in enumerate(normalised.columns)}
    params = [_slider(names[c], round(weights[c], 2), 0, 1, 0.05, f"{criteria_labels[c]} ")
              for c in normalised.columns]
    total = " + ".join(names.values())
    expr = " + ".join(f"{names[c]} * datum['{c}']" for c in normalised.columns)
    chart = alt.Chart(data).transform_calculate(
        score=f"({total}) > 0 ? ({expr}) / ({total}) : 0").mark_bar(
        color=COLOURS["option score"]).encode(
        x=alt.X("score:Q", title="Overall score, weighted sum (0 to 1)",
                scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        tooltip=[alt.Tooltip("label:N"), alt.Tooltip("score:Q", format=".3f")],
    ).add_params(*params).properties(width=WIDTH - 100, height=alt.Step(28))
    return titled(chart, "Try it: move the weights, watch the ranking", sources,
                  [JUDGED])
