"""What each notebook shows, composed from the models and charts: notebooks call these.

Keeping the composition here, not in cells, means every number a notebook shows comes
from tested library code, and a widget change runs exactly what the batch run ran.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import charts
from .formats import fmt_count, fmt_days, fmt_score, fmt_share, fmt_usd
from .params import NOTEBOOK_PARAMS
from .registry import notebook_stem

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

    from .models.revenue import MonteCarloResult
    from .widgets import Readout

__all__ = [
    "CostRevenue",
    "OptionsResult",
    "assumption_labels",
    "assumptions_table",
    "attributions",
    "comparisons_update",
    "cost_revenue",
    "cost_revenue_update",
    "fmt_count",
    "fmt_usd",
    "options_result",
    "options_sources",
    "options_update",
    "per_year",
]

PAY_FACTS = ("nos1_pay_2000", "bnr_pay_2000")
LOSS_FACTS = ("nos1_russian_losses_1200", "nos1_russian_front_600000")


def attributions(facts: pd.DataFrame, fact_ids: Iterable[str]) -> list[str]:
    """'Blinken (NOS)'-style credits of the given facts, in order, without repeats."""
    by_id = facts.set_index("fact_id")["attribution"]
    return list(dict.fromkeys(str(by_id[f]) for f in fact_ids))


def assumption_labels(notebook: str, values: Mapping[str, Any],
                      names: Sequence[str] | None = None) -> list[str]:
    """'length of the deployment: 12 months'-style labels of a notebook's assumption
    parameters, in words (``wording``)."""
    from .wording import param_phrase

    specs = [p for p in NOTEBOOK_PARAMS[notebook_stem(notebook)] if p.kind == "assumption"
             and (names is None or p.name in names) and p.type != "dict"]
    return [param_phrase(p.name, values[p.name], notebook) for p in specs]


def assumptions_table(notebook: str, values: Mapping[str, Any]) -> pd.DataFrame:
    """Every parameter with its value, unit, kind (fact, assumption, setting) and reason."""
    import pandas as pd

    return pd.DataFrame([{"parameter": p.name, "value": values[p.name], "unit": p.unit,
                          "kind": p.kind, "reason": p.reason}
                         for p in NOTEBOOK_PARAMS[notebook_stem(notebook)]])


# --- notebook 01 ----------------------------------------------------------------------------

NB01 = notebook_stem("01")


@dataclass(frozen=True)
class CostRevenue:
    """Every number notebook 01 shows, for one set of parameters."""

    params: Mapping[str, Any]
    path: pd.DataFrame
    constant_path: pd.DataFrame  # the same deployment with ``troops`` soldiers every month
    #: Cash revenue under the chosen ``troop_schedule`` (the sum of ``path``).
    cash_revenue_usd: float
    #: ``cash_revenue_usd`` per 12 months of the deployment.
    cash_revenue_usd_per_year: float
    #: troops x pay x months x regime_share: ``troops`` soldiers every month.
    cash_revenue_usd_constant: float
    in_kind_usd: float
    forgone_labour_usd: float
    expected_casualties: float
    monte_carlo: MonteCarloResult
    sources: list[str] = field(default_factory=list)

    @property
    def mc(self) -> dict[str, float]:
        return self.monte_carlo.quantiles("cash_revenue_usd")


def _troop_path(facts: pd.DataFrame, params: Mapping[str, Any]) -> Any:
    import numpy as np

    from .models import revenue

    if params["troop_schedule"] == "constant":
        return np.full(params["months"], float(params["troops"]))
    return revenue.troops_by_month(revenue.troop_steps(facts), params["months"])


def per_year(total: float, months: int) -> float:
    """A total over ``months`` months as a yearly figure (0 for a deployment of 0 months)."""
    return total * 12 / months if months else 0.0


def cost_revenue(facts: pd.DataFrame, params: Mapping[str, Any]) -> CostRevenue:
    """Notebook 01's numbers: cash revenue under the chosen troop schedule (and with
    constant troops), in-kind gains, forgone labour, expected casualties and the Monte
    Carlo. With ``troop_schedule="constant"`` the revenue is the product itself, not a sum
    of months, so that it equals troops x pay x months x regime_share exactly."""
    from .models import revenue

    p = params
    rates = (p["pay_usd_per_soldier_month"], p["regime_share"], p["casualty_rate_per_month"],
             p["labour_value_usd_per_soldier_month"])
    path = revenue.monthly_path(_troop_path(facts, p), *rates)
    constant = revenue.monthly_path(_troop_path(facts, {**p, "troop_schedule": "constant"}),
                                    *rates)
    in_kind = p["in_kind_oil_gas_usd"] + p["in_kind_technology_usd"] + \
        p["in_kind_combat_experience_usd"]
    mc = revenue.simulate(p, p["mc_ranges"], revenue.fact_range(
        facts, "dprk_pay_usd_per_soldier_month"), p["mc_samples"], p["seed"])
    steps = [f for _, _, f in revenue.troop_steps(facts)] if p["troop_schedule"] == "reported" \
        else []
    flat = float(revenue.cash_revenue_usd(p["troops"], p["pay_usd_per_soldier_month"],
                                          p["months"], p["regime_share"]))
    cash = flat if p["troop_schedule"] == "constant" else float(path["cash_revenue_usd"].sum())
    return CostRevenue(
        params=p, path=path, constant_path=constant,
        cash_revenue_usd=cash,
        cash_revenue_usd_per_year=per_year(cash, p["months"]),
        cash_revenue_usd_constant=flat,
        in_kind_usd=float(in_kind),
        forgone_labour_usd=float(path["forgone_labour_usd"].sum()),
        expected_casualties=float(path["expected_casualties"].sum()),
        monte_carlo=mc,
        sources=attributions(facts, [*PAY_FACTS, *steps]),
    )


def cost_revenue_readout(r: CostRevenue) -> Readout:
    """The panel's numbers: revenue under the chosen schedule first, then the rest."""
    schedule = {"reported": "troops as reported", "constant": "constant troops"}
    return [
        (f"Cash revenue ({schedule[r.params['troop_schedule']]})", fmt_usd(r.cash_revenue_usd)),
        ("Cash revenue per year", fmt_usd(r.cash_revenue_usd_per_year)),
        ("Cash revenue with constant troops", fmt_usd(r.cash_revenue_usd_constant)),
        ("In-kind gains (assumption)", fmt_usd(r.in_kind_usd)),
        ("Construction labour lost (assumption)", fmt_usd(r.forgone_labour_usd)),
        ("Expected killed or wounded", fmt_count(r.expected_casualties)),
    ]


def cost_revenue_chart(r: CostRevenue) -> alt.TopLevelMixin:
    """The revenue path; with the reported troop schedule, next to constant ``troops``."""
    names = ["months", "regime_share", "labour_value_usd_per_soldier_month"]
    constant = r.constant_path if r.params["troop_schedule"] == "reported" else None
    return charts.revenue_path_chart(r.path, r.sources, assumption_labels(NB01, r.params, names),
                                     constant)


def cost_revenue_update(facts: pd.DataFrame, params: Mapping[str, Any],
                        mc_samples: int = 2_000) -> Any:
    """The widget callback of notebook 01: recompute with the controls' values.

    The panel's Monte Carlo is small (its quantiles are not shown there) to keep a change
    well under 50 ms; the notebook's headline Monte Carlo uses ``mc_samples`` in full.
    """
    from .params import check_params

    def update(**controls: Any) -> tuple[Readout, alt.TopLevelMixin]:
        values = check_params(NB01, **{**params, **controls, "mc_samples": mc_samples})
        r = cost_revenue(facts, values)
        return cost_revenue_readout(r), cost_revenue_chart(r)

    return update


# --- notebook 02 ----------------------------------------------------------------------------

NB02 = notebook_stem("02")


def comparisons_update(facts: pd.DataFrame) -> Any:
    """The widget callback of notebook 02 (the forces' estimates are computed once)."""
    from .models import comparisons as cmp

    known = cmp.estimates(facts, tuple(cmp.COMPARISONS))

    def update(troops: int, russian_losses_per_day: float, reference: str,
               scale: str) -> tuple[Readout, alt.TopLevelMixin]:
        share = cmp.share_of(troops, known[reference])
        rows = [
            ("Days of Russian losses replaced",
             fmt_days(cmp.days_of_losses_replaced(troops, russian_losses_per_day))),
            (f"Share of {cmp.COMPARISONS[reference]}",
             f"{fmt_share(share['central'])} ({fmt_share(share['low'])} to "
             + f"{fmt_share(share['high'])})"),
        ]
        table = cmp.comparison_table(known, troops)
        return rows, charts.comparison_chart(table, troops, scale, reference=reference)

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

    from .models import options as mcda

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
    from .models import options as mcda

    defaults = scores.default_weights

    def update(method: str, **weights: float) -> tuple[Readout, alt.TopLevelMixin]:
        if sum(weights.values()) == 0:  # every slider at 0: nothing to weigh, count equally
            weights = dict.fromkeys(weights, 1.0)
        result = options_result(scores, labels, mcda.validate_weights(weights, defaults),
                                method)
        rows = [(f"{r.rank}. {r.label}", fmt_score(r.score)) for r in result.table.itertuples()]
        return rows, charts.option_scores_chart(result.table, method, sources)

    return update
