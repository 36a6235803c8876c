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
    "comparison_note_expr",
    "count_axis",
    "days_expr",
    "first_rank_chart",
    "interactive_comparison_chart",
    "interactive_options_chart",
    "interactive_revenue_chart",
    "log_ticks",
    "option_scores_chart",
    "options_score_expr",
    "revenue_distribution_chart",
    "revenue_expr",
    "revenue_path_chart",
    "share_expr",
    "share_param",
    "spec",
    "styled",
    "timeline_chart",
    "titled",
    "unit_axis",
    "usd_axis",
    "usd_expr",
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
                               sources: Sequence[str], assumptions: Sequence[str],
                               headline: float | None = None) -> alt.TopLevelMixin:
    """Distribution of Monte Carlo cash revenue, with the median and 5th/95th percentiles,
    and the run's own figure (``headline``) that the band is drawn around."""
    import altair as alt
    import pandas as pd

    hist = histogram_table(draws["cash_revenue_usd"] / MILLION)
    keys = [("p5", "5th percentile"), ("median", "median"), ("p95", "95th percentile")]
    marks = pd.DataFrame({"usd_millions": [quantiles[k] / MILLION for k, _ in keys],
                          "label": [label for _, label in keys]})
    if headline is not None:
        marks = pd.concat([marks, pd.DataFrame({"usd_millions": [headline / MILLION],
                                                "label": ["this run"]})], ignore_index=True)
    bars = alt.Chart(hist).mark_rect(color=COLOURS["cash revenue"]).encode(
        x=alt.X("start:Q", axis=usd_axis("Cash revenue over the deployment, US dollars",
                                         "usd_millions")),
        x2=alt.X2("end:Q"), y=alt.Y("draws:Q", axis=count_axis("Number of draws")))
    # Percentiles dashed, the run's own figure solid, all in ink.
    rules = alt.Chart(marks).mark_rule(color=INK).encode(
        x=alt.X("usd_millions:Q"),
        strokeDash=alt.condition("datum.label == 'this run'", alt.value([1, 0]),
                                 alt.value([4, 3])),
        tooltip=[alt.Tooltip("label:N"),
                 alt.Tooltip("usd_millions:Q", format="$,.0f", title="US$ millions")])
    # Labels on three lines, so that close marks' labels do not run into each other.
    lines = ((("5th percentile", "95th percentile"), -5), (("median",), 8), (("this run",), 21))
    labels = alt.layer(*[alt.Chart(marks).transform_filter(
        alt.FieldOneOfPredicate(field="label", oneOf=list(names))).mark_text(
        align="left", dx=3, dy=dy, color=INK, fontSize=10).encode(
        x=alt.X("usd_millions:Q"), y=alt.YValue(8), text=alt.Text("label:N"))
        for names, dy in lines])
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


def share_param(share: float) -> alt.Parameter:
    """The share the revenue formula uses, from the slider in per cent (``share_pct``): a
    reader sets 85%, not 0.85. At the page's own value it is the page's share exactly
    (``x * 100 / 100`` need not give ``x`` back in floating point); elsewhere
    ``share_pct / 100``, the nearest double to the per cent written as a share."""
    import altair as alt

    return alt.param(name="share", expr=f"share_pct == {share * 100!r} ? {share!r} : "
                                        "share_pct / 100")


def usd_expr(value: str) -> str:
    """``formats.fmt_usd`` written in Vega: '$278 million', '$1.7 billion', '$2,000'."""
    v = f"({value})"
    return (f"({v} >= 1e9 ? '$' + format({v} / 1e9, ',.3~r') + ' billion' : "
            f"{v} >= 1e6 ? '$' + format({v} / 1e6, ',.3~r') + ' million' : "
            f"format({v}, '$,.0f'))")


def share_expr(value: str) -> str:
    """``formats.fmt_share`` written in Vega: '0.85%', '12%', '100%'."""
    pct = f"(({value}) * 100)"
    return (f"({pct} == 0 ? '0%' : {pct} < 10 ? format({pct}, ',.2~r') + '%' : "
            f"format({pct}, ',.0f') + '%')")


def revenue_expr(troops: str, pay: str, share: str, served: str, reference: float) -> str:
    """The cash revenue, as ``workbook.cost_revenue.evaluate_batch`` computes it:
    (troops / the schedule's reference level) x pay x the reference path's soldier-months
    x share, in that order (so the floating-point result is the same)."""
    return f"{troops} / {reference!r} * {pay} * {served} * {share}"


def interactive_revenue_chart(troops: float, pay: float, months: int, regime_share: float,
                              reference: float, served: Sequence[float],
                              sources: Sequence[str], labels: Mapping[str, str],
                              troops_max: float = 50_000, pay_max: float = 5_000,
                              months_max: int = 48) -> alt.TopLevelMixin:
    """Cumulative cash revenue with sliders, without a kernel: the model's own numbers.

    ``served[m]`` is the soldier-months the run's schedule serves after ``m`` months at its
    ``reference`` level (``models.revenue.Schedule``), computed in Python; the sliders
    scale it (``revenue_expr``), so at the page's values the last point is the page's
    headline, printed as the page prints it (``usd_expr``). The x axis spans the months
    chosen; the line under the title repeats the sliders' values with their units.
    """
    import altair as alt
    import pandas as pd

    top = max(int(months_max), int(months), 1)
    height = 240
    params = [_slider("troops", troops, 0, max(troops_max, troops), 500, labels["troops"]),
              _slider("pay", pay, 0, max(pay_max, pay), 100, labels["pay"]),
              _slider("months", max(int(months), 1), 1, top, 1, labels["months"]),
              _slider("share_pct", regime_share * 100, 0, 100, 5, labels["share"]),
              share_param(regime_share)]
    data = pd.DataFrame({"month": range(1, top + 1), "served": list(served[1:top + 1])})
    base = alt.Chart(data).transform_filter("datum.month <= months").transform_calculate(
        usd=revenue_expr("troops", "pay", "share", "datum.served", reference))
    line = base.mark_line(point=True, color=COLOURS["cash revenue"]).encode(
        x=alt.X("month:Q", title="Month of the deployment",
                scale=alt.Scale(zero=False, nice=False),
                axis=alt.Axis(tickMinStep=1, format="d")),
        y=alt.Y("usd:Q", axis=usd_axis("Cumulative cash revenue, US dollars")),
        tooltip=[alt.Tooltip("month:Q", title="month"),
                 alt.Tooltip("usd:Q", title="USD", format="$,.0f")])
    total = base.transform_filter("datum.month == months").transform_calculate(
        label=usd_expr("datum.usd")).mark_text(
        align="right", dx=-6, dy=-10, fontSize=13, fontWeight="bold").encode(
        x=alt.X("month:Q"), y=alt.Y("usd:Q"), text=alt.Text("label:N"))
    settings = alt.Chart(data.head(1)).transform_calculate(
        label=("format(troops, ',') + ' soldiers at most, paid ' + "
               + usd_expr("pay") + " + ' a month each, for ' + months + ' months; the "
               "state keeps ' + " + share_expr("share"))).mark_text(
        align="left", baseline="top", fontSize=11, color=INK).encode(
        x=alt.XValue(0), y=alt.YValue(height + 40), text=alt.Text("label:N"))
    chart = (line + total + settings).add_params(*params).properties(width=WIDTH,
                                                                      height=height)
    return titled(chart, "Try it: cash revenue over the deployment", sources,
                  ["months and the share kept are assumptions; set them with the sliders"])


def days_expr(days: str) -> str:
    """``formats.fmt_days`` written in Vega: '8.3 days', '10 days', '1 day', '250 days'."""
    d = f"({days})"
    text = (f"({d} < 100 ? replace(format({d}, ',.1f'), regexp('\\\\.0$'), '') : "
            f"format({d}, ',.0f'))")
    return f"({text} == '1' ? '1 day' : {text} + ' days')"


def comparison_note_expr(troops: str, losses: str, army: str) -> str:
    """The note of the kernel-free comparison chart: the deployment, the days of Russian
    losses it replaces and its share of North Korea's army, as ``workbook.comparisons``
    computes them and the page prints them."""
    return (f"format({troops}, ',') + ' soldiers = ' + {days_expr(f'{troops} / {losses}')} + "
            f"' of Russian losses, ' + {share_expr(f'{troops} / {army}')} + "
            f"' of North Korea\\'s army'")


def interactive_comparison_chart(table: pd.DataFrame, troops: float, losses_per_day: float,
                                 army_central: float) -> alt.TopLevelMixin:
    """The forces compared (log scale) with a slider for the deployment; the note computes
    the days of Russian losses replaced and the share of the army, as
    ``workbook.comparisons`` does (``comparison_note_expr``)."""
    import altair as alt

    params = [_slider("troops", troops, 0, max(100_000, troops), 500,
                      "North Korean soldiers in Russia "),
              _slider("losses", losses_per_day, 100, max(5000, losses_per_day), 100,
                      "Russian soldiers killed or wounded a day ")]
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
        t="max(troops, 100)", note=comparison_note_expr("troops", "losses", repr(army_central)))
    chart = (bars + deployment + note).add_params(*params).properties(
        width=WIDTH, height=alt.Step(26))
    return titled(chart, "Try it: the deployment (orange line) next to the forces compared",
                  table["sources"].str.split(", ").explode().tolist())


def options_score_expr(criteria: Sequence[str], method: str, weight: Any) -> str:
    """Each option's overall score in Vega, as ``models.options`` computes it, from the
    columns ``options_columns`` gives; ``weight(i)`` names the i-th criterion's weight (a
    slider, or a field in a test). Weights are divided by their sum; all 0 scores 0."""
    w = [weight(i) for i in range(len(criteria))]
    total = " + ".join(w)
    if method == "weighted_sum":
        body = " + ".join(f"{wi} * datum['n_{i}']" for i, wi in enumerate(w))
        return f"({total}) > 0 ? ({body}) / ({total}) : 0"
    best = " + ".join(f"pow({wi} / ({total}), 2) * datum['a_{i}']" for i, wi in enumerate(w))
    worst = " + ".join(f"pow({wi} / ({total}), 2) * datum['b_{i}']" for i, wi in enumerate(w))
    d_best, d_worst = f"sqrt({best})", f"sqrt({worst})"
    return (f"({total}) > 0 && ({d_best}) + ({d_worst}) > 0 ? "
            f"({d_worst}) / (({d_best}) + ({d_worst})) : ({total}) > 0 ? 0.5 : 0")


def interactive_options_chart(columns: pd.DataFrame, labels: Mapping[str, str],
                              weights: Mapping[str, float], criteria_labels: Mapping[str, str],
                              sources: Sequence[str], method: str = "weighted_sum"
                              ) -> alt.TopLevelMixin:
    """The options' scores with one weight slider per criterion, by the page's ``method``:
    ``columns`` are ``models.options.vega_columns`` (per option, what the score needs of
    the analyst's scores), combined in Vega by ``options_score_expr``."""
    import altair as alt

    criteria = list(weights)
    data = columns.rename_axis("option_id").reset_index()
    data["label"] = data["option_id"].map(labels)
    params = [_slider(f"w_{i}", round(weights[c], 2), 0, 1, 0.05, f"{criteria_labels[c]} ")
              for i, c in enumerate(criteria)]
    name = "weighted sum" if method == "weighted_sum" else "TOPSIS"
    chart = alt.Chart(data).transform_calculate(
        score=options_score_expr(criteria, method, lambda i: f"w_{i}")).mark_bar(
        color=COLOURS["option score"]).encode(
        x=alt.X("score:Q", title=f"Overall score, {name} (0 to 1)",
                scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        tooltip=[alt.Tooltip("label:N"), alt.Tooltip("score:Q", format=".3f")],
    ).add_params(*params).properties(width=WIDTH - 100, height=alt.Step(28))
    return titled(chart, "Try it: move the weights, watch the ranking", sources,
                  [JUDGED])
