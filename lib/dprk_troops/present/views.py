"""What each notebook shows, composed from its definition, the models and the charts.

The numbers come from each notebook's one definition (``workbook``): ``evaluate`` for the
results, ``resolve`` for the parameters with their sources. This module turns them into
what a reader sees: the parameters table in words, the Lab panels' readouts and charts.
Keeping the composition here, not in cells, means every number a notebook shows comes
from tested library code, and a widget change runs exactly what the batch run ran.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..workbook import MODULES, definition, notebook_stem
from ..workbook.spec import Definition, Param, Resolved, key_labels
from . import charts
from .formats import fmt_score, fmt_share, format_result

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

    from ..workbook.cost_revenue import Detail
    from .widgets import Readout

__all__ = [
    "CostRevenue",
    "OptionsResult",
    "assumption_labels",
    "attributions",
    "comparisons_update",
    "cost_revenue",
    "cost_revenue_chart",
    "cost_revenue_update",
    "interactive_revenue",
    "lab_controls",
    "options_result",
    "options_sources",
    "options_update",
    "parameter_rows",
    "parameters_table",
    "readout",
    "value_text",
]

PAY_FACTS = ("nos1_pay_2000", "bnr_pay_2000")
LOSS_FACTS = ("nos1_russian_losses_1200", "nos1_russian_front_600000")


def attributions(facts: pd.DataFrame, fact_ids: Iterable[str]) -> list[str]:
    """'Blinken (NOS)'-style credits of the given facts, in order, without repeats."""
    by_id = facts.set_index("fact_id")["attribution"]
    return list(dict.fromkeys(str(by_id[f]) for f in fact_ids if f in by_id.index))


# --- parameters in words --------------------------------------------------------------------

def _spread_text(d: Definition, spreads: Mapping[str, float]) -> str:
    words = key_labels(d, d.param("mc_spreads"))
    return "; ".join(f"{words.get(k, k)} {fmt_share(v)} either way"
                     for k, v in spreads.items())


def _schedule_text(values: Mapping[str, Any], facts: pd.DataFrame | None) -> str:
    from .tables import param_value

    if values.get("troop_schedule") != "reported":
        return "the full force from the first month"
    if facts is None or values.get("troops") is None:  # the steps need the fact base
        return "grows in the steps the sources reported, a month each"
    from ..models import revenue

    steps = revenue.troop_steps(facts)
    scale = values["troops"] / steps[-1][1] if steps and steps[-1][1] else 1.0
    sizes = ", then ".join(param_value(round(t * scale), "soldiers") for _, t, _ in steps)
    return f"grows in the reported steps, a month each: {sizes}"


def value_text(d: Definition, p: Param, values: Mapping[str, Any],
               facts: pd.DataFrame | None = None) -> str:
    """A parameter's value as a reader reads it, with its unit: '12,750 soldiers',
    '$2,000 per soldier per month', 'grows in the reported steps, ...'."""
    from .tables import param_value

    value = values[p.name]
    if p.name == "troop_schedule":
        return _schedule_text(values, facts)
    if p.name == "mc_spreads":
        return _spread_text(d, value)
    if p.name == "weights":
        words = key_labels(d, p)
        return "; ".join(f"{words.get(k, k)} {fmt_share(v)}" for k, v in value.items())
    return param_value(value, p.unit)


def _basis_text(p: Param, run: Resolved, facts: pd.DataFrame | None,
                default: str | None) -> str:
    basis = run.basis[p.name]
    who = ", ".join(attributions(facts, basis.fact_ids or p.cites)) if facts is not None \
        else ""
    sources = f" Sources: {who}." if who else ""
    if basis.source == "yours":
        return "Your value" + (f" (the default is {default})." if default else ".")
    if basis.source == "fact":
        return f"From the sources: {basis.rule}.{sources}"
    kind = "Assumption" if basis.source == "assumption" else "Setting"
    rule = f" By default {basis.rule}." if basis.rule else ""
    return f"{kind}: {p.reason}.{rule}{sources}"


def parameter_rows(run: Resolved, facts: pd.DataFrame | None = None
                   ) -> list[dict[str, Any]]:
    """Every parameter of a run in words: what it is, its value with its unit, and where
    that comes from (the sources, our assumption or setting with its reason, or "your
    value"); plus its name and fact rows for the analysts' block."""
    d = definition(run.notebook)
    defaults = d.resolve(facts, {}).values if facts is not None else d.cell_defaults
    rows = []
    for p in d.params:
        basis = run.basis[p.name]
        default = value_text(d, p, defaults, facts) if basis.source == "yours" and \
            defaults.get(p.name) is not None else None
        rows.append({"name": p.name, "label": p.label,
                     "value": value_text(d, p, run.values, facts),
                     "basis": _basis_text(p, run, facts, default),
                     "source": basis.source, "fact_ids": list(basis.fact_ids or p.cites)})
    return rows


def parameters_table(run: Resolved, facts: pd.DataFrame | None = None) -> Any:
    """The run's parameters as a reader's table (``tables.parameters``)."""
    from . import tables

    return tables.parameters(parameter_rows(run, facts))


def assumption_labels(notebook: str, values: Mapping[str, Any],
                      names: Sequence[str] | None = None) -> list[str]:
    """'Months the deployment lasts: 12 months'-style captions of a notebook's assumption
    parameters (those named, a mapping such as the Monte Carlo's spreads too; or every
    one that is not a mapping), for the charts that use them."""
    d = definition(notebook)
    return [f"{p.label}: {value_text(d, p, values)}" for p in d.params
            if p.kind == "assumption" and (p.name in names if names is not None
                                           else p.type != "dict")]


def readout(notebook: str, results: Mapping[str, Any],
            labels: Mapping[str, str] | None = None,
            names: Sequence[str] | None = None) -> Readout:
    """Readout rows: each result's label and its value with its unit, as on the page."""
    d = definition(notebook)
    return [(r.label, format_result(r, results[r.name], labels)) for r in d.results
            if (names is None or r.name in names) and r.name in results]


def lab_controls(notebook: str, values: Mapping[str, Any], names: Sequence[str]) -> dict:
    """A Lab control per named parameter, from its definition: label, step, range, unit."""
    from .widgets import control

    d = definition(notebook)
    return {n: control(d.stem, n, values[n], step=d.param(n).step,
                       maximum=d.param(n).lab_maximum, description=d.param(n).label)
            for n in names}


def _checked_update(notebook: str, params: Mapping[str, Any], controls: Mapping[str, Any],
                    facts: pd.DataFrame, **fixed: Any) -> dict[str, Any]:
    """A panel's values: the run's parameters with the controls' values, checked and
    resolved as the notebook's own are."""
    return definition(notebook).resolve(facts, {**params, **controls, **fixed}).values


# --- notebook 01 ----------------------------------------------------------------------------

NB01 = notebook_stem("01")


@dataclass(frozen=True)
class CostRevenue:
    """Every number notebook 01 shows, for one set of (resolved) parameters."""

    params: Mapping[str, Any]
    results: Mapping[str, float]
    detail: Detail
    sources: list[str] = field(default_factory=list)

    @property
    def path(self) -> pd.DataFrame:
        return self.detail.path

    @property
    def constant_path(self) -> pd.DataFrame:
        return self.detail.constant_path

    @property
    def monte_carlo(self) -> Any:
        return self.detail.monte_carlo

    @property
    def mc(self) -> dict[str, float]:
        """The band of this run's cash revenue, as recorded."""
        return {"p5": self.results["mc_p5_usd"], "median": self.results["mc_median_usd"],
                "p95": self.results["mc_p95_usd"]}


def cost_revenue(facts: pd.DataFrame, params: Mapping[str, Any],
                 results: Mapping[str, float] | None = None) -> CostRevenue:
    """Notebook 01's results (``evaluate``, unless given) and what its charts draw
    (``detail``)."""
    module = MODULES[NB01]
    detail = module.detail(facts, params)
    return CostRevenue(params=params, results=results if results is not None
                       else module.evaluate(facts, params), detail=detail,
                       sources=attributions(facts, [*PAY_FACTS, *detail.steps]))


COST_REVENUE_READOUT = ("cash_revenue_usd", "cash_revenue_usd_per_year", "soldier_months",
                        "expected_casualties", "soldiers_sent", "forgone_labour_usd",
                        "in_kind_usd")


def cost_revenue_chart(r: CostRevenue) -> alt.TopLevelMixin:
    """The revenue path; with the reported schedule, next to the full force from the start."""
    names = ["months", "regime_share", "labour_value_usd_per_soldier_month"]
    constant = r.constant_path if r.params["troop_schedule"] == "reported" else None
    return charts.revenue_path_chart(r.path, r.sources, assumption_labels(NB01, r.params, names),
                                     constant)


def cost_revenue_update(facts: pd.DataFrame, params: Mapping[str, Any],
                        mc_samples: int = 2_000) -> Any:
    """The widget callback of notebook 01: recompute with the controls' values.

    The panel's Monte Carlo is small (its band is not shown there) to keep a change well
    under 50 ms; the notebook's headline Monte Carlo uses ``mc_samples`` in full.
    """
    def update(**controls: Any) -> tuple[Readout, alt.TopLevelMixin]:
        values = _checked_update(NB01, params, controls, facts, mc_samples=mc_samples)
        r = cost_revenue(facts, values)
        return readout(NB01, r.results, names=COST_REVENUE_READOUT), cost_revenue_chart(r)

    return update


def interactive_revenue(facts: pd.DataFrame, params: Mapping[str, Any],
                        sources: Sequence[str]) -> alt.TopLevelMixin:
    """Notebook 01's kernel-free chart: the run's schedule, computed here, scaled in Vega
    by sliders that start at the run's values (so it opens on the page's headline)."""
    d = definition(NB01)
    plan = MODULES[NB01].inputs(facts).plan(params["troop_schedule"])
    p = d.param
    labels = {"troops": f"{p('troops').label} (soldiers) ",
              "pay": f"{p('pay_usd_per_soldier_month').label} (USD) ",
              "months": f"{p('months').label} ",
              "share": f"{p('regime_share').label} (%) "}
    return charts.interactive_revenue_chart(
        params["troops"], params["pay_usd_per_soldier_month"], params["months"],
        params["regime_share"], plan.reference, plan.cum, sources, labels,
        troops_max=p("troops").lab_maximum, pay_max=p("pay_usd_per_soldier_month").lab_maximum,
        months_max=int(p("months").lab_maximum))


# --- notebook 02 ----------------------------------------------------------------------------

NB02 = notebook_stem("02")


def comparisons_update(facts: pd.DataFrame, params: Mapping[str, Any] | None = None) -> Any:
    """The widget callback of notebook 02 (the forces' estimates are computed once)."""
    from ..models import comparisons as cmp

    module = MODULES[NB02]
    inp = module.inputs(facts)
    base = dict(params or {})

    def update(**controls: Any) -> tuple[Readout, alt.TopLevelMixin]:
        values = _checked_update(NB02, base, controls, facts)
        results = {k: float(v.reshape(-1)[0]) for k, v in
                   module.evaluate_batch(inp, values).items()}
        ref = cmp.COMPARISONS[values["reference"]]
        rows = [*readout(NB02, results, names=["days_of_russian_losses_replaced"]),
                ("Share of North Korea's army",
                 (f"{fmt_share(results['share_of_dprk_army'])} (from "
                  f"{fmt_share(results['share_of_dprk_army_low'])} to "
                  f"{fmt_share(results['share_of_dprk_army_high'])})")),
                (f"Share of {ref}", fmt_share(results["share_of_reference"]))]
        table = cmp.comparison_table(inp.estimates, values["troops"])
        return rows, charts.comparison_chart(table, values["troops"], values["scale"],
                                             reference=values["reference"])

    return update


# --- notebook 03 ----------------------------------------------------------------------------

NB03 = notebook_stem("03")


@dataclass(frozen=True)
class OptionsResult:
    """Notebook 03's ranking for one set of weights and one method."""

    table: pd.DataFrame  # option_id, label, score, rank (best first)
    ranking: list[str]

    @property
    def top_option(self) -> str:
        return self.ranking[0]


def options_result(scores: Any, labels: Mapping[str, str], weights: Mapping[str, float],
                   method: str) -> OptionsResult:
    """Score and rank the options with the given (validated) weights and method."""
    import pandas as pd

    from ..models import options as mcda

    fn = mcda.topsis if method == "topsis" else mcda.weighted_sum
    result = fn(scores.matrix(), weights, scores.directions)
    ranking = mcda.rank(result)
    table = pd.DataFrame({"option_id": ranking, "label": [labels[o] for o in ranking],
                          "score": [float(result[o]) for o in ranking],
                          "rank": range(1, len(ranking) + 1)})
    return OptionsResult(table, ranking)


def options_sources(facts: pd.DataFrame, scores: Any) -> list[str]:
    """Credits of every fact the scores' reasons lean on."""
    cited = [f for ids in scores.scores["fact_ids"] for f in ids]
    return attributions(facts, cited)


def options_update(scores: Any, labels: Mapping[str, str], sources: Sequence[str]) -> Any:
    """The widget callback of notebook 03: one weight slider per criterion and a method."""
    from ..models import options as mcda

    defaults = scores.default_weights

    def update(method: str, **weights: float) -> tuple[Readout, alt.TopLevelMixin]:
        if sum(weights.values()) == 0:  # every slider at 0: nothing to weigh, count equally
            weights = dict.fromkeys(weights, 1.0)
        result = options_result(scores, labels, mcda.validate_weights(weights, defaults),
                                method)
        rows = [(f"{r.rank}. {r.label}", f"score {fmt_score(r.score)} of 1")
                for r in result.table.itertuples()]
        return rows, charts.option_scores_chart(result.table, method, sources)

    return update
