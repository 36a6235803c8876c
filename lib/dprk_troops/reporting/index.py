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
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..registry import NOTEBOOKS, format_result, notebook
from .html import templates
from .pages import scenario_settings
from .runs import RunResult

if TYPE_CHECKING:
    import altair as alt

__all__ = ["comparison_chart", "comparison_rows", "index_html", "summary_csv", "sweep_rows",
           "sweep_scatter", "sweep_sensitivity", "tornado"]

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


def comparison_rows(results: Sequence[RunResult]) -> list[dict[str, Any]]:
    """The comparison chart's data: one row per run and numeric key result."""
    rows = []
    for r in results:
        nb = notebook(r.notebook)
        for spec in nb.key_results:
            if spec.unit in NUMERIC_UNITS and r.results.get(spec.name) is not None:
                rows.append({"result": f"{nb.number}. {spec.label}", "scenario": r.scenario,
                             "value": float(r.results[spec.name]),
                             "shown": format_result(spec, r.results[spec.name])})
    return rows


def comparison_chart(results: Sequence[RunResult], scenarios: Sequence[str],
                     sources: Sequence[str]) -> alt.TopLevelMixin | None:
    """Every numeric key result, one panel each, a bar per scenario (None: nothing to show)."""
    import altair as alt
    import pandas as pd

    from ..charts import LABEL_LIMIT, caption

    rows = comparison_rows(results)
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


def _numeric_key_results(results: Sequence[RunResult]
                         ) -> Iterator[tuple[RunResult, str, float]]:
    """(run, '01. label', value) of every numeric key result of every successful run."""
    for r in results:
        if not r.ok:
            continue
        nb = notebook(r.notebook)
        for spec in nb.key_results:
            value = r.results.get(spec.name)
            if spec.unit in NUMERIC_UNITS and value is not None:
                yield r, f"{nb.number}. {spec.label}", float(value)


def sweep_rows(results: Sequence[RunResult]) -> list[dict[str, Any]]:
    """A sweep's chart data: one row per run, swept parameter and numeric key result."""
    return [{"result": label, "parameter": name, "x": float(x), "value": value,
             "run": r.scenario}
            for r, label, value in _numeric_key_results(results)
            for name, x in r.swept.items()]


def sweep_sensitivity(results: Sequence[RunResult], swept: Sequence[str]
                      ) -> list[dict[str, Any]]:
    """Per numeric key result, how far it moves with each swept parameter (the tornado)."""
    from .sweeps import sensitivity

    out = []
    by_result: dict[str, tuple[list[Mapping[str, Any]], list[float]]] = {}
    for r, label, value in _numeric_key_results(results):
        points, values = by_result.setdefault(label, ([], []))
        points.append(r.swept)
        values.append(value)
    for result, (points, values) in by_result.items():
        for row in sensitivity(points, values, swept):
            out.append({"result": result, **row})
    return out


def _facet_header() -> Any:
    import altair as alt

    from ..charts import LABEL_LIMIT

    return alt.Header(labelAngle=0, labelAlign="left", labelLimit=LABEL_LIMIT,
                      labelFontSize=12, labelFontWeight="bold", labelOrient="top")


def sweep_scatter(rows: Sequence[Mapping[str, Any]], sources: Sequence[str],
                  trend: str = "mean") -> Any:
    """Each numeric key result (rows) against each swept parameter (columns): one point
    per run, and a trend line: the mean at each value (``mean``: a grid, its other
    parameters averaged) or a least-squares line (``linear``: samples, where every run has
    values of its own)."""
    import altair as alt
    import pandas as pd

    from ..charts import caption

    data = pd.DataFrame(list(rows))
    base = alt.Chart().encode(
        x=alt.X("x:Q", title=None, scale=alt.Scale(zero=False)),
        y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False),
                axis=alt.Axis(format="~s")))
    points = base.mark_circle(size=28, opacity=0.45, color="#1f5f99")
    if trend == "linear":
        line = base.transform_regression("x", "value", groupby=["result", "parameter"]
                                         ).mark_line(color="#b35900", strokeWidth=2)
        note = "One point per run; the line is the least-squares fit."
    else:
        line = base.mark_line(color="#b35900", strokeWidth=2).encode(y="mean(value):Q")
        note = "One point per run; the line is the mean at each value."
    chart = alt.layer(points, line, data=data).properties(width=220, height=120)
    order = list(dict.fromkeys(data["result"]))
    return chart.facet(
        row=alt.Row("result:N", sort=order, title=None, header=_facet_header()),
        column=alt.Column("parameter:N", sort=list(dict.fromkeys(data["parameter"])),
                          title=None, header=_facet_header()),
    ).resolve_scale(x="independent", y="independent").properties(title=alt.TitleParams(
        "Each key result against each swept parameter", anchor="start",
        subtitle=[note, *caption(sources)], subtitleFontSize=10, subtitleColor="#555"))


def tornado(rows: Sequence[Mapping[str, Any]], sources: Sequence[str]) -> Any:
    """Which swept parameter moves each result most: a bar from the result's mean over
    the runs with the parameter's low values to its mean over the high ones."""
    import altair as alt
    import pandas as pd

    from ..charts import LABEL_LIMIT, caption

    data = pd.DataFrame(list(rows))
    bars = alt.Chart().mark_bar(color="#1f5f99", height=14).encode(
        x=alt.X("low_mean:Q", title=None, scale=alt.Scale(zero=False),
                axis=alt.Axis(format="~s")),
        x2="high_mean:Q",
        y=alt.Y("parameter:N", sort=alt.EncodingSortField("swing", order="descending"),
                title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        tooltip=["parameter:N", "low_mean:Q", "high_mean:Q"])
    n = len(set(data["parameter"]))
    chart = alt.layer(bars, data=data).properties(width=420, height=max(24, 22 * n))
    return chart.facet(row=alt.Row("result:N", sort=list(dict.fromkeys(data["result"])),
                                   title=None, header=_facet_header())
                       ).resolve_scale(x="independent", y="independent").properties(
        title=alt.TitleParams(
            "Which parameter moves each result most (longest bar first)", anchor="start",
            subtitle=[("Each bar runs from the result's mean over the runs with the "
                       "parameter below its median to the mean over those above it.")]
            + caption(sources), subtitleFontSize=10, subtitleColor="#555"))


def _cached_svg(store: Any, inputs: Mapping[str, Any], build: Any) -> str | None:
    """A chart's SVG, made once per content: ``store`` (a RunCache, or None) keeps it by a
    digest of the chart's inputs and the library, so a report where nothing changed does
    not start altair or vl-convert."""
    from ..display import svg
    from ..store import canonical_json, library_digest, sha256

    if store is None:
        chart = build()
        return svg(chart) if chart is not None else None
    key = sha256(canonical_json({"inputs": inputs, "library": library_digest()}))
    hit = store.get("charts", key)
    if hit is not None:
        text = hit["chart.svg"].decode()
        return text or None
    chart = build()
    text = svg(chart) if chart is not None else ""
    store.put("charts", key, {"chart.svg": text.encode()})
    return text or None


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
            "parameters": scenario_settings(r.notebook, r.parameters),
        })
    return out


#: Units short enough for a sweep's table (rankings and shares per option are not).
TABLE_UNITS = (*NUMERIC_UNITS, "option")


def _sweep_section(name: str, results: Sequence[RunResult], note: str,
                   labels: Mapping[str, str], sources: Sequence[str], store: Any
                   ) -> dict[str, Any]:
    swept = list(dict.fromkeys(k for r in results for k in r.swept))
    notebooks = list(dict.fromkeys(r.notebook for r in results))
    specs = [(notebook(nb), s) for nb in notebooks for s in notebook(nb).key_results
             if s.unit in TABLE_UNITS]
    scatter_rows = sweep_rows(results)
    tornado_rows = sweep_sensitivity(results, swept)
    values = {k: sorted({r.swept[k] for r in results if k in r.swept}) for k in swept}
    trend = "linear" if any(len(v) > 12 for v in values.values()) else "mean"
    return {
        "name": name, "note": note, "n_runs": len(results),
        "n_ok": sum(r.ok for r in results),
        "swept": [{"name": k, "n": len(v), "low": v[0], "high": v[-1]}
                  for k, v in values.items()],
        "scatter_svg": _cached_svg(store, {"kind": "sweep-scatter", "rows": scatter_rows,
                                           "sources": list(sources), "trend": trend},
                                   lambda: sweep_scatter(scatter_rows, sources, trend)
                                   if scatter_rows else None),
        "tornado_svg": _cached_svg(store, {"kind": "tornado", "rows": tornado_rows,
                                           "sources": list(sources)},
                                   lambda: tornado(tornado_rows, sources)
                                   if tornado_rows else None),
        "top": list({row["result"]: row for row in reversed(tornado_rows)}.values())[::-1],
        "columns": [f"{nb.number}. {s.label}" for nb, s in specs],
        "rows": [{"run": r, "swept": [r.swept.get(k, "") for k in swept],
                  "values": [format_result(s, r.results[s.name], labels)
                             if r.notebook == nb.stem and s.name in r.results else ""
                             for nb, s in specs]} for r in results],
        "swept_names": swept,
    }


def index_html(results: Sequence[RunResult], manifest: Mapping[str, Any],
               scenario_notes: Mapping[str, str], labels: Mapping[str, str],
               sources: Sequence[str], svg_cache: Any = None,
               explorations: Sequence[Mapping[str, Any]] = ()) -> str:
    """The index page of a report: the scenarios side by side, then each sweep as charts.

    ``svg_cache`` (a ``cache.RunCache``) keeps the charts' SVG by their content;
    ``explorations`` are the declared explorations (``explorations.write_explorations``)."""
    plain = [r for r in results if r.sweep is None]
    scenarios = list(dict.fromkeys(r.scenario for r in plain))
    rows = comparison_rows(plain)
    chart_svg = _cached_svg(svg_cache, {"kind": "comparison", "rows": rows,
                                        "scenarios": scenarios, "sources": list(sources)},
                            lambda: comparison_chart(plain, scenarios, sources))
    env = templates()
    if svg_cache is not None and env.bytecode_cache is None:
        import jinja2  # the index template compiles in about 0.3 s; its bytecode keeps

        folder = svg_cache.root / "jinja"
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    sweeps: dict[str, list[RunResult]] = {}
    for r in results:
        if r.sweep is not None:
            sweeps.setdefault(r.sweep, []).append(r)
    return env.get_template("index.html.j2").render(
        manifest=manifest,
        failed=[r for r in results if not r.ok],
        n_ok=sum(r.ok for r in results), n_runs=len(results),
        chart_svg=chart_svg,
        scenarios=[{"name": s, "note": scenario_notes.get(s, ""),
                    "rows": _scenario_rows(plain, s, labels)} for s in scenarios],
        sweeps=[_sweep_section(name, runs, scenario_notes.get(runs[0].scenario, ""), labels,
                               sources, svg_cache) for name, runs in sweeps.items()],
        notebooks=[nb for nb in NOTEBOOKS.values()
                   if any(r.notebook == nb.stem for r in results)],
        explorations=list(explorations),
    )
