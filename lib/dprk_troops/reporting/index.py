"""The report's index (a briefing comparing the scenarios) and ``summary.csv``.

The index is rendered from ``templates/index.html.j2`` with autoescape on. It shows, per
scenario: its description and parameters in words, each notebook's key results with label
and unit, links to the pages, and any failure; above them, one chart compares the
scenarios on every numeric key result (inline SVG, sources named). A sweep gets a tornado
chart and each result against each swept parameter, parameters named in words (``wording``),
axes in the results' units. Names, hashes, timestamps and run times are for analysts: they
stand in the index's one collapsed "For analysts" block.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..present.formats import format_result
from ..present.palette import INK, for_result
from ..present.wording import param_label, swept_phrase, value_words
from ..workbook import NOTEBOOKS, ResultSpec, notebook
from .html import templates
from .pages import figures, run_title, scenario_settings, sweep_title
from .runs import RunResult

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

__all__ = ["comparison_chart", "comparison_rows", "date_words", "index_html", "scope",
           "summary_csv", "sweep_rows", "sweep_scatter", "sweep_sensitivity", "tornado"]

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
                             "shown": format_result(spec, r.results[spec.name]),
                             "colour": for_result(spec.name)})
    return rows


def comparison_chart(results: Sequence[RunResult], scenarios: Sequence[str],
                     sources: Sequence[str]) -> alt.TopLevelMixin | None:
    """Every numeric key result, one panel each, a bar per scenario (None: nothing to show)."""
    import altair as alt
    import pandas as pd

    from ..present.charts import LABEL_LIMIT, caption, styled

    rows = comparison_rows(results)
    if not rows:
        return None
    data = pd.DataFrame(rows)
    order = list(dict.fromkeys(data["result"]))
    bars = alt.Chart().mark_bar().encode(
        x=alt.X("value:Q", title=None, axis=alt.Axis(labels=False, ticks=False, grid=False)),
        color=alt.Color("colour:N", scale=None, legend=None),
        y=alt.Y("scenario:N", sort=list(scenarios), title=None,
                axis=alt.Axis(labelLimit=LABEL_LIMIT)))
    text = bars.mark_text(align="left", dx=4, fontSize=11).encode(
        text="shown:N", color=alt.ColorValue(INK))
    chart = alt.layer(bars, text, data=data).properties(width=360, height=18 * len(scenarios))
    facet = chart.facet(row=alt.Row("result:N", sort=order, title=None,
                                    header=alt.Header(labelAngle=0, labelAlign="left",
                                                      labelAnchor="start",
                                                      labelLimit=LABEL_LIMIT, labelFontSize=12,
                                                      labelFontWeight="bold",
                                                      labelOrient="top")))
    return styled(facet.resolve_scale(x="independent").properties(title=alt.TitleParams(
        "The scenarios side by side: each notebook's key results", anchor="start",
        subtitle=caption(sources, ["each scenario's parameters, listed below"]),
        subtitleFontSize=10, subtitleColor="#555")))


def _numeric_key_results(results: Sequence[RunResult]
                         ) -> Iterator[tuple[RunResult, ResultSpec, str, float]]:
    """(run, spec, '01. label', value) of every numeric key result of every successful run."""
    for r in results:
        if not r.ok:
            continue
        nb = notebook(r.notebook)
        for spec in nb.key_results:
            value = r.results.get(spec.name)
            if spec.unit in NUMERIC_UNITS and value is not None:
                yield r, spec, f"{nb.number}. {spec.label}", float(value)


def _swept_axis(name: str, notebook_stem: str) -> tuple[str, str]:
    """A swept parameter as an axis shows it: its title ('length of the deployment
    (months)') and the d3 format of its labels (a share as '50%', whole numbers as
    '10,000')."""
    from ..workbook import NOTEBOOK_PARAMS

    spec = next((p for p in NOTEBOOK_PARAMS[notebook_stem] if p.name == name), None)
    unit = spec.unit if spec else ""
    label = param_label(name, notebook_stem)
    if unit.startswith("share"):
        return label, ".0%"
    fmt = ",d" if spec is not None and spec.type == "int" else ",.3~f"
    words = unit.replace("USD", "US dollars")
    return (f"{label} ({words})" if words else label), fmt


def sweep_rows(results: Sequence[RunResult]) -> list[dict[str, Any]]:
    """A sweep's chart data: one row per run, swept parameter and numeric key result."""
    return [{"result": label, "name": spec.name, "unit": spec.unit,
             "parameter": _swept_axis(name, r.notebook)[0],
             "x_format": _swept_axis(name, r.notebook)[1], "x": float(x), "value": value,
             "run": r.scenario}
            for r, spec, label, value in _numeric_key_results(results)
            for name, x in r.swept.items()]


def sweep_sensitivity(results: Sequence[RunResult], swept: Sequence[str]
                      ) -> list[dict[str, Any]]:
    """Per numeric key result, how far it moves with each swept parameter (the tornado)."""
    from .sweeps import sensitivity

    out = []
    by_result: dict[str, tuple[ResultSpec, str, list[Mapping[str, Any]], list[float]]] = {}
    for r, spec, label, value in _numeric_key_results(results):
        _, _, points, values = by_result.setdefault(label, (spec, r.notebook, [], []))
        points.append(r.swept)
        values.append(value)
    for result, (spec, stem, points, values) in by_result.items():
        for row in sensitivity(points, values, swept):
            out.append({"result": result, "name": spec.name, "unit": spec.unit, **row,
                        "parameter": param_label(row["parameter"], stem)})
    return out


def _result_charts(data: pd.DataFrame, cell: Any) -> list[Any]:
    """One chart per result (``cell(rows of that result, its unit, its colour)``), each
    titled with the result's label: a result's own axis, in its own unit."""
    import altair as alt

    charts = []
    for result in dict.fromkeys(data["result"]):
        rows = data[data["result"] == result]
        first = rows.iloc[0]
        charts.append(cell(rows, str(first["unit"]), for_result(str(first["name"])))
                      .properties(title=alt.TitleParams(result, anchor="start", fontSize=12)))
    return charts


def sweep_scatter(rows: Sequence[Mapping[str, Any]], sources: Sequence[str],
                  trend: str = "mean") -> Any:
    """Each numeric key result (rows of charts) against each swept parameter (columns):
    one point per run, in the result's colour, and a trend line: the mean at each value
    (``mean``: a grid, its other parameters averaged) or a least-squares line (``linear``:
    samples, where every run has values of its own). Axes in the result's and the
    parameter's units."""
    import altair as alt
    import pandas as pd

    from ..present.charts import caption, styled, unit_axis

    data = pd.DataFrame(list(rows))
    parameters = list(dict.fromkeys(data["parameter"]))

    def cell(result_rows: pd.DataFrame, unit: str, colour: str) -> Any:
        panels = []
        for parameter in parameters:
            rows = result_rows[result_rows["parameter"] == parameter]
            x_format = str(rows["x_format"].iloc[0]) if len(rows) else ",.3~f"
            base = alt.Chart(rows).encode(
                x=alt.X("x:Q", scale=alt.Scale(zero=False),
                        axis=alt.Axis(title=parameter, format=x_format, labelOverlap=True)),
                y=alt.Y("value:Q", scale=alt.Scale(zero=False), axis=unit_axis(unit)))
            points = base.mark_circle(size=28, opacity=0.55, color=colour)
            if trend == "linear":
                line = base.transform_regression("x", "value").mark_line(color=INK,
                                                                         strokeWidth=2)
            else:
                line = base.mark_line(color=INK, strokeWidth=2).encode(y="mean(value):Q")
            panels.append((points + line).properties(width=220, height=120))
        return alt.hconcat(*panels)

    note = ("One point per run; the line is the least-squares fit." if trend == "linear"
            else "One point per run; the line is the mean at each value.")
    return styled(alt.vconcat(*_result_charts(data, cell)).properties(title=alt.TitleParams(
        "Each key result against each swept parameter", anchor="start",
        subtitle=[note, *caption(sources)], subtitleFontSize=10, subtitleColor="#555")))


def tornado(rows: Sequence[Mapping[str, Any]], sources: Sequence[str]) -> Any:
    """Which swept parameter moves each result most: a bar from the result's mean over
    the runs with the parameter's low values to its mean over the high ones."""
    import altair as alt
    import pandas as pd

    from ..present.charts import LABEL_LIMIT, caption, styled, unit_axis

    data = pd.DataFrame(list(rows))
    n = len(set(data["parameter"]))

    def cell(result_rows: pd.DataFrame, unit: str, colour: str) -> Any:
        return alt.Chart(result_rows).mark_bar(color=colour, height=14).encode(
            x=alt.X("low_mean:Q", scale=alt.Scale(zero=False), axis=unit_axis(unit)),
            x2="high_mean:Q",
            y=alt.Y("parameter:N", sort=alt.EncodingSortField("swing", order="descending"),
                    title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
            tooltip=["parameter:N", "low_mean:Q", "high_mean:Q"],
        ).properties(width=420, height=max(24, 22 * n))

    return styled(alt.vconcat(*_result_charts(data, cell)).properties(title=alt.TitleParams(
        "Which parameter moves each result most (longest bar first)", anchor="start",
        subtitle=[("Each bar runs from the result's mean over the runs with the parameter "
                   "below its median to the mean over those above it.")] + caption(sources),
        subtitleFontSize=10, subtitleColor="#555")))


def _cached_svg(store: Any, inputs: Mapping[str, Any], build: Any) -> str | None:
    """A chart's SVG, made once per content: ``store`` (a RunCache, or None) keeps it by a
    digest of the chart's inputs and the library, so a report where nothing changed does
    not start altair or vl-convert."""
    from ..present.display import svg
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
        out.append({
            "run": r, "nb": notebook(r.notebook), "figures": figures(r, labels),
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
    first = notebooks[0]
    specs = [(notebook(nb), s) for nb in notebooks for s in notebook(nb).key_results
             if s.unit in TABLE_UNITS]
    scatter_rows = sweep_rows(results)
    tornado_rows = sweep_sensitivity(results, swept)
    values = {k: sorted({r.swept[k] for r in results if k in r.swept}) for k in swept}
    trend = "linear" if any(len(v) > 12 for v in values.values()) else "mean"
    return {
        "name": name, "title": sweep_title(name), "note": note, "n_runs": len(results),
        "n_ok": sum(r.ok for r in results),
        "notebooks": [notebook(nb) for nb in notebooks],
        "swept": [swept_phrase(k, v, first) for k, v in values.items()],
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
        "rows": [{"run": r, "swept": [value_words(k, r.swept[k], r.notebook)
                                      if k in r.swept else "" for k in swept],
                  "values": [format_result(s, r.results[s.name], labels)
                             if r.notebook == nb.stem and s.name in r.results else ""
                             for nb, s in specs]} for r in results],
        "swept_labels": [param_label(k, first) for k in swept],
    }


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def date_words(iso: str, with_time: bool = False) -> str:
    """An ISO date or timestamp as a reader writes it: '3 December 2026', or with the time
    '5 December 2026, 07:56 UTC' (times are shown in UTC)."""
    from datetime import UTC

    when = datetime.fromisoformat(iso)
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    day = f"{when.day} {_MONTHS[when.month - 1]} {when.year}"
    return f"{day}, {when:%H:%M} UTC" if with_time else day


def _heading(scenarios: bool, sweeps: bool) -> str:
    """What the report holds, as its title says it."""
    if scenarios and sweeps:
        return "scenarios and sweeps"
    return "sweep report" if sweeps else "scenario reports"


def _numbered(stems: Sequence[str]) -> str:
    """'notebook 01', 'notebooks 01 and 02', 'notebooks 01, 02 and 03'."""
    numbers = [notebook(s).number for s in stems]
    if len(numbers) == 1:
        return f"notebook {numbers[0]}"
    return f"notebooks {', '.join(numbers[:-1])} and {numbers[-1]}"


def scope(plain: Sequence[RunResult], scenarios: Sequence[str],
          sweeps: Mapping[str, int]) -> str:
    """What was run, in one sentence per part: 'Notebooks 01, 02 and 03, each run for the
    scenarios low, base and high.' and 'The command line's sweep: 12 runs.'"""
    parts = []
    if scenarios:
        stems = list(dict.fromkeys(r.notebook for r in plain))
        which = _numbered(stems)
        noun = "the scenario" if len(scenarios) == 1 else "the scenarios"
        names = (scenarios[0] if len(scenarios) == 1
                 else f"{', '.join(scenarios[:-1])} and {scenarios[-1]}")
        each = "each run" if len(stems) > 1 else "run"
        parts.append(f"{which[0].upper()}{which[1:]}, {each} for {noun} {names}.")
    parts += [f"{sweep_title(name)}: {n} run{'s' if n != 1 else ''}."
              for name, n in sweeps.items()]
    return " ".join(parts)


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
    fact_base = manifest.get("fact_base") or {}
    return env.get_template("index.html.j2").render(
        manifest=manifest, made=date_words(manifest["finished"], with_time=True),
        fact_base=fact_base, revised=date_words(fact_base["revised"])
        if fact_base.get("revised") else None,
        heading=_heading(bool(scenarios), bool(sweeps)),
        scope=scope(plain, scenarios, {name: len(runs) for name, runs in sweeps.items()}),
        failed=[{"run": r, "what": f"{notebook(r.notebook).number}. "
                 f"{notebook(r.notebook).title}, {run_title(r)}"}
                for r in results if not r.ok],
        all_runs=list(results),
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
