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
from ..registry import LIST_UNITS, notebook
from ..results import value_html
from ..tables import param_value
from ..wording import param_phrase
from .html import templates
from .runs import RunResult

__all__ = ["PageContext", "analysts", "describe_parameters", "key_figures", "run_title",
           "sweep_title", "write_run"]

#: The name ``--sweep`` gives a command line's sweep unless ``--sweep-name`` says otherwise.
CLI_SWEEP = "sweep"


@dataclass(frozen=True)
class PageContext:
    """What every page of one report shares."""

    build: Path
    show_code: bool
    scenario_notes: Mapping[str, str]
    option_labels: Mapping[str, str]


def describe_parameters(stem: str, parameters: Mapping[str, Any]) -> list[dict[str, str]]:
    """Every parameter of a run in words: name, value with unit, its kind, and whether the
    scenario set it (the others are the notebook's defaults)."""
    rows = []
    for p in notebook(stem).params:
        if p.kind == "setting" and p.name not in parameters:
            continue
        value = parameters.get(p.name, p.default)
        rows.append({"name": p.name.replace("_", " "), "value": param_value(value, p.unit),
                     "kind": p.kind, "set": "set by the scenario" if p.name in parameters
                     else "default"})
    return rows


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


def key_figures(r: RunResult, ctx: PageContext) -> str:
    """The key-figures box of a run's page, as HTML (autoescaped)."""
    return templates().get_template("key_figures.html.j2").render(
        nb=notebook(r.notebook), run=r, figures=figures(r, ctx.option_labels),
        title=run_title(r), scenario_note=ctx.scenario_notes.get(r.scenario, ""),
        parameters=describe_parameters(r.notebook, r.parameters))


def analysts(r: RunResult, fact_ids: Sequence[str]) -> str:
    """The page's one "For analysts" block (autoescaped HTML): the notebook and the run by
    name, every parameter by name with its value as JSON (as ``-p`` and papermill take
    them), and the facts the page shows by their ids in ``seeds/facts.yaml``."""
    params = [{"name": p.name, "value": json.dumps(r.parameters.get(p.name, p.default),
                                                   ensure_ascii=False),
               "set": "this run" if p.name in r.parameters else "default"}
              for p in notebook(r.notebook).params]
    return templates().get_template("analysts.html.j2").render(
        run=r, parameters=params, fact_ids=list(fact_ids))


def write_run(r: RunResult, nb: Any, ctx: PageContext) -> None:
    """Write ``runs/<scenario>/<notebook>.ipynb`` and ``.html``; fills r.results, r.html."""
    import nbformat

    from ..results import read_results_from
    from .export import VEGA_BUNDLE, export_html

    folder = ctx.build / "runs" / r.scenario
    folder.mkdir(parents=True, exist_ok=True)
    nb = strip_volatile(nb)
    ipynb = folder / f"{r.notebook}.ipynb"
    nbformat.write(nb, ipynb)
    r.results = read_results_from(nb)
    page = folder / f"{r.notebook}.html"
    page.write_text(export_html(nb, show_code=ctx.show_code, vega_bundle=f"../../{VEGA_BUNDLE}",
                                header=key_figures(r, ctx), failed=not r.ok,
                                footer=lambda ids: analysts(r, ids)),
                    encoding="utf-8")
    r.ipynb = str(ipynb.relative_to(ctx.build))
    r.html = str(page.relative_to(ctx.build))
