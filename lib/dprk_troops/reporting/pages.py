"""A run's files in the build: the executed notebook and its page for readers.

Each page opens with a key-figures box: the notebook's question, the scenario in words, the
run's key results with their labels and units (``registry``), and, for a failed run, the
failure in plain sight. The rest of the page is the executed notebook (``export``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..execute import strip_volatile
from ..registry import format_result, notebook
from ..tables import param_value
from .html import templates
from .publish import writing
from .runs import RunResult

__all__ = ["PageContext", "describe_parameters", "key_figures", "scenario_settings",
           "write_run"]


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
    nb = notebook(stem)
    return [{"name": p.label, "value": param_value(parameters[p.name], p.unit)}
            for p in nb.params if p.name in parameters]


def key_figures(r: RunResult, ctx: PageContext,
                shown: list[dict[str, Any]] | None = None) -> str:
    """The key-figures box of a run's page, as HTML (autoescaped)."""
    nb = notebook(r.notebook)
    figures = [{"label": spec.label, "value": format_result(spec, r.results[spec.name],
                                                            ctx.option_labels)}
               for spec in nb.key_results if spec.name in r.results]
    return templates().get_template("key_figures.html.j2").render(
        nb=nb, run=r, figures=figures, scenario_note=ctx.scenario_notes.get(r.scenario, ""),
        parameters=describe_parameters(r.notebook, r.parameters, shown))


def write_run(r: RunResult, nb: Any, ctx: PageContext) -> None:
    """Write ``runs/<scenario>/<notebook>.ipynb`` and ``.html``; fills r.results, r.html."""
    import nbformat

    from ..results import read_parameters_from, read_results_from
    from .export import VEGA_BUNDLE, export_html

    folder = ctx.build / "runs" / r.scenario
    with writing(folder):
        folder.mkdir(parents=True, exist_ok=True)
    nb = strip_volatile(nb)
    ipynb = folder / f"{r.notebook}.ipynb"
    with writing(ipynb):
        nbformat.write(nb, ipynb)
    r.results = read_results_from(nb)
    page = folder / f"{r.notebook}.html"
    html = export_html(nb, show_code=ctx.show_code, vega_bundle=f"../../{VEGA_BUNDLE}",
                       header=key_figures(r, ctx, read_parameters_from(nb)), failed=not r.ok)
    with writing(page):
        page.write_text(html, encoding="utf-8")
    r.ipynb = str(ipynb.relative_to(ctx.build))
    r.html = str(page.relative_to(ctx.build))
