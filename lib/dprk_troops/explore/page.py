"""An exploration's page: self-contained HTML that opens offline (no script at all), with
the indices as a chart (inline SVG by vl-convert, whiskers for the intervals, N beside
2N), one sentence per key result, the convergence between N and 2N, and every index in a
table. Text is escaped by Jinja2's autoescape and vl-convert's SVG."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .indices import COLUMNS
from .sampling import NAMES, rows_per_sample

if TYPE_CHECKING:
    import altair as alt
    import jinja2

    from .model import Factor, Outcome

__all__ = ["chart_rows", "indices_chart", "page_html", "warm"]

TEMPLATE = Path(__file__).parent / "templates" / "page.html.j2"
#: Each method's indices drawn, with the column of their interval's half-width.
DRAWN = {"sobol": (("S1", "first order"), ("ST", "total")),
         "morris": (("mu_star", "mu*"), ("sigma", "sigma")),
         "lhs": (("S1", "first order"),)}
COLOURS = {"first order": "#4c78a8", "total": "#e45756", "mu*": "#4c78a8",
           "sigma": "#f58518"}


def warm() -> None:
    """Start vl-convert's JavaScript engine (about a second), to be done in a thread while
    the exploration samples, evaluates and analyses: the engine runs outside the GIL."""
    import vl_convert as vlc

    vlc.vegalite_to_svg({"mark": "point", "data": {"values": [{"a": 1}]}})


def _factor_labels(outcome: Outcome) -> dict[str, str]:
    """Each explored parameter as a reader calls it."""
    return {f.name: f.words for f in outcome.factors}


def chart_rows(outcome: Outcome) -> list[dict[str, Any]]:
    """The chart's data: one row per key result, parameter, index and sample size; both
    named as a reader calls them."""
    labels = {o.name: o.label for o in outcome.outputs if o.key}
    factors = _factor_labels(outcome)
    out = []
    for r in outcome.rows:
        if r["result"] not in labels:
            continue
        size = "N" if r["samples"] == outcome.samples else "2N"
        for column, name in DRAWN[outcome.method]:
            conf = r.get(f"{column}_conf", 0.0)
            out.append({"result": labels[r["result"]],
                        "parameter": factors.get(r["parameter"], r["parameter"]),
                        "index": name, "samples": f"{size} = {r['samples']:,}",
                        "series": f"{name}, {size}", "value": r[column],
                        "low": r[column] - conf, "high": r[column] + conf})
    return out


def indices_chart(outcome: Outcome) -> alt.TopLevelMixin | None:
    """The key results' indices, a panel each: a point per index with its 95% interval as
    whiskers; the faint one is at N, the solid one at 2N."""
    import altair as alt
    import pandas as pd

    from ..present.charts import LABEL_LIMIT

    rows = chart_rows(outcome)
    if not rows:
        return None
    data = pd.DataFrame(rows)
    names = [n for _, n in DRAWN[outcome.method]]
    colour = alt.Color("index:N", title=None, sort=names, scale=alt.Scale(
        domain=names, range=[COLOURS[n] for n in names]), legend=alt.Legend(orient="top"))
    sizes = [f"N = {outcome.samples:,}", f"2N = {2 * outcome.samples:,}"]
    opacity = alt.Opacity("samples:N", title=None, sort=sizes, scale=alt.Scale(
        domain=sizes, range=[0.35, 1.0]), legend=alt.Legend(orient="top"))
    y = alt.Y("parameter:N", title=None, sort=list(_factor_labels(outcome).values()),
              axis=alt.Axis(labelLimit=LABEL_LIMIT))
    offset = alt.YOffset("series:N", sort=[f"{n}, {size}" for n in names
                                           for size in ("N", "2N")])
    # Shares of the variance share one axis from 0 to 1; Morris' effects are in each
    # result's own unit, an axis each.
    shares = outcome.method != "morris"
    x = alt.X("low:Q", title=None, scale=alt.Scale(domain=[0, 1], clamp=True) if shares
              else alt.Undefined)
    whiskers = alt.Chart().mark_rule(strokeWidth=2).encode(
        x=x, x2="high:Q", y=y, yOffset=offset, color=colour, opacity=opacity)
    points = alt.Chart().mark_point(filled=True, size=40).encode(
        x="value:Q", y=y, yOffset=offset, color=colour, opacity=opacity,
        tooltip=["parameter:N", "index:N", "samples:N", alt.Tooltip("value:Q", format=".3f")])
    height = 16 * len(outcome.factors) * len(set(data["series"])) // 2 + 20
    layer = alt.layer(whiskers, points, data=data).properties(width=420, height=height)
    what = {"sobol": "Sobol' indices: the share of the variance each parameter causes alone "
                     "(first order) and with its interactions (total)",
            "morris": "Morris screening: mu*, the mean absolute effect over each "
                      "parameter's range (in the result's unit), and sigma, its spread",
            "lhs": "First-order indices (RBD-FAST on a Latin hypercube)"}[outcome.method]
    return layer.facet(row=alt.Row("result:N", title=None, sort=list(dict.fromkeys(
        data["result"])), header=alt.Header(labelAngle=0, labelAlign="left",
                                            labelOrient="top", labelFontWeight="bold",
                                            labelLimit=LABEL_LIMIT))
    ).resolve_scale(x="shared" if shares else "independent").properties(title=alt.TitleParams(
        "What drives each key result", anchor="start",
        subtitle=[what + ".",
                  "Whiskers: 95% bootstrap intervals. Faint: N samples; solid: 2N.",
                  (f"Model: {outcome.title}, evaluated at {outcome.evaluations:,} "
                   "points.")],
        subtitleFontSize=10, subtitleColor="#555"))


@functools.cache
def _template() -> jinja2.Template:
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    return env.from_string(TEMPLATE.read_text(encoding="utf-8"))


def _number(value: float, column: str, unit: str) -> str:
    """An index for a reader: a share of the variance to 3 decimals; Morris' effects in
    the result's own unit."""
    from ..present.formats import FORMATS

    if column.startswith("S"):
        return f"{value:.3f}"
    return FORMATS.get(unit, lambda v: f"{v:,.3f}")(value)


def _table(outcome: Outcome) -> tuple[list[str], list[list[str]]]:
    """Every index, the result and parameter as a reader calls them; the interval's
    half-width as "±" after its index."""
    headers = dict(pair for drawn in DRAWN.values() for pair in drawn)
    columns = ["result", "parameter", "samples",
               *(("±" if c.endswith("_conf") else headers[c]) for c in COLUMNS[outcome.method])]
    units = {o.name: o.unit for o in outcome.outputs}
    results = {o.name: o.label for o in outcome.outputs}
    factors = _factor_labels(outcome)
    rows = [[results.get(r["result"], str(r["result"])),
             factors.get(r["parameter"], str(r["parameter"])), f"{r['samples']:,}",
             *(_number(r[c], c, units[r["result"]]) for c in COLUMNS[outcome.method])]
            for r in outcome.rows]
    return columns, rows


def _range(f: Factor) -> str:
    """A factor's range with its unit: '1,500 to 13,000 soldiers', '50% to 100%',
    '$1,500 to $3,000 per soldier per month'."""
    from ..present.formats import in_unit

    (low, unit), (high, _) = in_unit(f.low, f.unit), in_unit(f.high, f.unit)
    return f"{low} to {high}{unit}"


def _convergence(outcome: Outcome) -> str:
    compared, bad = outcome.convergence
    n, n2 = f"{outcome.samples:,}", f"{2 * outcome.samples:,}"
    if not compared:
        return "No result varied: nothing to compare."
    if not bad:
        return (f"Converged: at N = {n} and 2N = {n2} samples the estimates agree within "
                f"their intervals, all {compared} of them.")
    return (f"Not yet converged: at N = {n} and 2N = {n2} samples {len(bad)} of {compared} "
            f"estimates disagree beyond their intervals (listed below); take more samples.")


def page_html(outcome: Outcome) -> str:
    """The page of an exploration (self-contained; no script, no network)."""
    from ..present.display import svg

    chart = indices_chart(outcome)
    columns, rows = _table(outcome)
    per = rows_per_sample(outcome.method, len(outcome.factors))
    labels = {o.name: o.label for o in outcome.outputs}
    return _template().render(
        o=outcome, method=NAMES[outcome.method], per=per,
        ranges=[_range(f) for f in outcome.factors],
        constant=[labels.get(c, c) for c in outcome.constant],
        chart_svg=svg(chart) if chart is not None else None,
        convergence=_convergence(outcome), disagreements=list(outcome.convergence[1]),
        columns=columns, rows=rows)
