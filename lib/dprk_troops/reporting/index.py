"""The report's index (a briefing comparing the scenarios) and ``summary.csv``.

The index is rendered from ``templates/index.html.j2`` with autoescape on. It shows, per
scenario: its description and parameters in words, each notebook's key results with label
and unit, links to the pages, and any failure; above them, one chart compares the
scenarios on every numeric key result (inline SVG, sources named).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..registry import NOTEBOOKS, format_result, notebook
from .html import templates
from .pages import describe_parameters
from .runs import RunResult

if TYPE_CHECKING:
    import altair as alt

__all__ = ["comparison_chart", "index_html", "summary_csv"]

#: Units the comparison chart can put on an axis (the others are options and rankings).
NUMERIC_UNITS = ("usd", "soldiers", "people", "share", "days", "number")


def _csv_value(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def summary_csv(results: Sequence[RunResult]) -> str:
    """One row per run: notebook, scenario, status, duration, error, page, and its key
    results as plain machine-readable values (units in the registry and the index)."""
    rows = []
    for r in results:
        row = {"notebook": r.notebook, "scenario": r.scenario, "status": r.status,
               "duration_s": r.duration_s, "error": r.error or "", "html": r.html or ""}
        for spec in notebook(r.notebook).key_results:
            row[spec.name] = _csv_value(r.results[spec.name]) if spec.name in r.results else ""
        rows.append(row)
    fields = list(dict.fromkeys(k for row in rows for k in row))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def comparison_chart(results: Sequence[RunResult], scenarios: Sequence[str],
                     sources: Sequence[str]) -> alt.TopLevelMixin | None:
    """Every numeric key result, one panel each, a bar per scenario (None: nothing to show)."""
    import altair as alt
    import pandas as pd

    from ..charts import LABEL_LIMIT, caption

    rows = []
    for r in results:
        nb = notebook(r.notebook)
        for spec in nb.key_results:
            if spec.unit in NUMERIC_UNITS and r.results.get(spec.name) is not None:
                rows.append({"result": f"{nb.number}. {spec.label}", "scenario": r.scenario,
                             "value": float(r.results[spec.name]),
                             "shown": format_result(spec, r.results[spec.name])})
    if not rows:
        return None
    data = pd.DataFrame(rows)
    order = list(dict.fromkeys(data["result"]))
    bars = alt.Chart().mark_bar(color="#1f5f99").encode(
        x=alt.X("value:Q", title=None, axis=alt.Axis(labels=False, ticks=False, grid=False)),
        y=alt.Y("scenario:N", sort=list(scenarios), title=None,
                axis=alt.Axis(labelLimit=LABEL_LIMIT)))
    text = bars.mark_text(align="left", dx=4, fontSize=11).encode(text="shown:N")
    chart = alt.layer(bars, text, data=data).properties(width=360, height=18 * len(scenarios))
    facet = chart.facet(row=alt.Row("result:N", sort=order, title=None,
                                    header=alt.Header(labelAngle=0, labelAlign="left",
                                                      labelLimit=LABEL_LIMIT, labelFontSize=12,
                                                      labelFontWeight="bold",
                                                      labelOrient="top")))
    return facet.resolve_scale(x="independent").properties(title=alt.TitleParams(
        "The scenarios side by side: each notebook's key results", anchor="start",
        subtitle=caption(sources, ["each scenario's parameters, listed below"]),
        subtitleFontSize=10, subtitleColor="#555"))


def _scenario_rows(results: Sequence[RunResult], scenario: str,
                   labels: Mapping[str, str]) -> list[dict[str, Any]]:
    out = []
    for r in results:
        if r.scenario != scenario:
            continue
        nb = notebook(r.notebook)
        out.append({
            "run": r, "nb": nb,
            "figures": [{"label": s.label, "value": format_result(s, r.results[s.name], labels)}
                        for s in nb.key_results if s.name in r.results],
            "parameters": [p for p in describe_parameters(r.notebook, r.parameters)
                           if p["set"] != "default"],
        })
    return out


def index_html(results: Sequence[RunResult], manifest: Mapping[str, Any],
               scenario_notes: Mapping[str, str], labels: Mapping[str, str],
               sources: Sequence[str]) -> str:
    """The index page of a report."""
    from ..display import svg

    scenarios = list(dict.fromkeys(r.scenario for r in results))
    chart = comparison_chart(results, scenarios, sources)
    return templates().get_template("index.html.j2").render(
        manifest=manifest,
        failed=[r for r in results if not r.ok],
        n_ok=sum(r.ok for r in results), n_runs=len(results),
        chart_svg=svg(chart) if chart is not None else None,
        scenarios=[{"name": s, "note": scenario_notes.get(s, ""),
                    "rows": _scenario_rows(results, s, labels)} for s in scenarios],
        notebooks=[nb for nb in NOTEBOOKS.values()
                   if any(r.notebook == nb.stem for r in results)],
    )
