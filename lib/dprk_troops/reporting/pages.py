"""A run's files in the build: the executed notebook and its page for readers.

Each page opens with a key-figures box: the notebook's question, the scenario in words, the
run's key results with their labels and units (``registry``), and, for a failed run, the
failure in plain sight. The rest of the page is the executed notebook (``export``), and it
ends with the one block that speaks to analysts in code's terms: the run's parameters by
name and the facts on the page by id (``analysts``). Everything above it is in words.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..execute import strip_volatile
from ..present.formats import LIST_UNITS
from ..present.results import value_html
from ..present.tables import param_value
from ..present.wording import param_phrase
from ..workbook import notebook
from .html import templates
from .publish import writing
from .runs import RunResult

__all__ = ["PageContext", "analysts", "describe_parameters", "key_figures", "run_title",
           "scenario_settings", "sweep_title", "write_run"]

#: The name ``--sweep`` gives a command line's sweep unless ``--sweep-name`` says otherwise.
CLI_SWEEP = "sweep"


@dataclass(frozen=True)
class PageContext:
    """What every page of one report shares."""

    build: Path
    show_code: bool
    scenario_notes: Mapping[str, str]
    option_labels: Mapping[str, str]


def describe_parameters(stem: str, parameters: Mapping[str, Any],
                        shown: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Every parameter of a run in words, as its notebook showed them (``shown``: what
    ``views.parameter_rows`` gave, with every default read from the fact base), or, for a
    run that stopped before showing them, what the scenario set and the defaults."""
    if shown is not None:
        return shown
    rows = []
    for p in notebook(stem).params:
        given = p.name in parameters
        value = parameters.get(p.name, p.default)
        rows.append({"name": p.name, "label": p.label,
                     "value": param_value(value, p.unit) if value is not None
                     else "from the sources (the run stopped before reading them)",
                     "basis": "Your value." if given else "Default.", "fact_ids": []})
    return rows


def scenario_settings(stem: str, parameters: Mapping[str, Any]) -> list[dict[str, str]]:
    """What a scenario (or sweep) sets for a notebook, in words: each parameter's label and
    value with its unit (the index's "Set by this scenario")."""
    from ..present.views import value_text

    nb = notebook(stem)
    # A mapping (the weights, the Monte Carlo's spreads) and a choice read as the
    # notebook's own table reads them: criteria by their labels, shares in per cent.
    return [{"name": p.label, "value": value_text(nb, p, parameters)
             if p.type == "dict" or p.choices else param_value(parameters[p.name], p.unit)}
            for p in nb.params if p.name in parameters]


def sweep_title(name: str) -> str:
    """A sweep as a heading names it: 'Sweep “size-and-length”'; the command line's
    unnamed sweep is 'The command line's sweep' (not 'Sweep sweep')."""
    return "The command line's sweep" if name == CLI_SWEEP else f"Sweep \u201c{name}\u201d"


def run_title(r: RunResult) -> str:
    """What a run is, in words: 'Scenario base', or for a sweep's run its swept values
    ('Sweep “size-and-length”: troops: 1,500 soldiers; length of the deployment: 6
    months')."""
    if r.sweep is None:
        return f"Scenario {r.scenario}"
    values = "; ".join(param_phrase(k, v, r.notebook) for k, v in r.swept.items())
    return f"{sweep_title(r.sweep)}: {values}" if values else sweep_title(r.sweep)


def figures(r: RunResult, labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """A run's key results for a reader: label, value as escaped HTML (a ranking as a
    list, shares as a small table) and whether it is a list."""
    from markupsafe import Markup

    return [{"label": spec.label, "list": spec.unit in LIST_UNITS,
             "html": Markup(value_html(spec, r.results[spec.name], labels))}
            for spec in notebook(r.notebook).key_results if spec.name in r.results]


def key_figures(r: RunResult, ctx: PageContext,
                shown: list[dict[str, Any]] | None = None) -> str:
    """The key-figures box of a run's page, as HTML (autoescaped)."""
    return templates().get_template("key_figures.html.j2").render(
        nb=notebook(r.notebook), run=r, figures=figures(r, ctx.option_labels),
        title=run_title(r), scenario_note=ctx.scenario_notes.get(r.scenario, ""),
        parameters=describe_parameters(r.notebook, r.parameters, shown))


def analysts(r: RunResult, fact_ids: Sequence[str],
             shown: Sequence[Mapping[str, Any]] | None = None) -> str:
    """The page's one "For analysts" block (autoescaped HTML): the notebook and the run by
    name, every parameter by name with its value as JSON as ``-p`` and papermill take it
    (or "from the fact base", with the rows its default was read from: ``shown``, the
    notebook's parameters), and the facts the page's tables show by their ids."""
    read = {row["name"]: row.get("fact_ids") or [] for row in shown or []}
    params = []
    for p in notebook(r.notebook).params:
        value = r.parameters.get(p.name, p.default)
        params.append({"name": p.name, "value": "from the fact base" if value is None
                       else json.dumps(value, ensure_ascii=False),
                       "set": "this run" if p.name in r.parameters else "default",
                       "fact_ids": ", ".join(read.get(p.name, []))})
    return templates().get_template("analysts.html.j2").render(
        run=r, parameters=params, fact_ids=list(fact_ids))


def write_run(r: RunResult, nb: Any, ctx: PageContext) -> None:
    """Write ``runs/<scenario>/<notebook>.ipynb`` and ``.html``; fills r.results, r.html."""
    import nbformat

    from ..present.results import read_parameters_from, read_results_from
    from .export import VEGA_BUNDLE, export_html

    folder = ctx.build / "runs" / r.scenario
    with writing(folder):
        folder.mkdir(parents=True, exist_ok=True)
    nb = strip_volatile(nb)
    ipynb = folder / f"{r.notebook}.ipynb"
    with writing(ipynb):
        nbformat.write(nb, ipynb)
    r.results = read_results_from(nb)
    shown = read_parameters_from(nb)
    page = folder / f"{r.notebook}.html"
    html = export_html(nb, show_code=ctx.show_code, vega_bundle=f"../../{VEGA_BUNDLE}",
                       header=key_figures(r, ctx, shown), failed=not r.ok,
                       footer=lambda ids: analysts(r, ids, shown))
    with writing(page):
        page.write_text(html, encoding="utf-8")
    r.ipynb = str(ipynb.relative_to(ctx.build))
    r.html = str(page.relative_to(ctx.build))
