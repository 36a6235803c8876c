"""The workbook's notebooks, defined once: stem, number, title, question and results.

Every other place reads this: the report (which notebooks, their key results with labels
and units, the warm-up imports), ``dprk-troops results --describe``, ``dprk-troops params``,
the page's key-figures box, ``make notebooks`` and the tests. A notebook's parameters are in
``params.NOTEBOOK_PARAMS`` (keyed by the same stems), each with its unit and reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from . import paths
from .errors import ParameterError

if TYPE_CHECKING:
    from .params import Param

__all__ = ["LIST_UNITS", "NOTEBOOKS", "Notebook", "ResultItem", "ResultSpec", "format_result",
           "notebook", "notebook_stem", "result_items"]

#: How a result reads: a number with a unit (see ``formats.FORMATS``), an option id (shown
#: by its label), a ranking (option ids, best first) or a mapping of option id to a number.
Unit = Literal["usd", "soldiers", "people", "share", "days", "number", "option", "ranking",
               "option_scores", "option_shares"]


@dataclass(frozen=True)
class ResultSpec:
    """One recorded result: its name in the notebook, a reader's label, unit and meaning."""

    name: str
    label: str
    unit: Unit
    meaning: str
    #: Shown in the page's key-figures box and side by side in the index.
    key: bool = False


@dataclass(frozen=True)
class Notebook:
    stem: str
    title: str
    question: str
    results: tuple[ResultSpec, ...]
    #: Modules a report kernel imports before its first run (the one-off costs).
    imports: tuple[str, ...] = ()
    #: Whether its runs read the fact base: the run cache then keys them on its files.
    reads_fact_base: bool = True

    @property
    def number(self) -> str:
        return self.stem.split("_", 1)[0]

    @property
    def path(self) -> Path:
        return paths.NOTEBOOKS_DIR / f"{self.stem}.ipynb"

    @property
    def params(self) -> tuple[Param, ...]:
        from .params import NOTEBOOK_PARAMS

        return NOTEBOOK_PARAMS[self.stem]

    def result(self, name: str) -> ResultSpec:
        return next(r for r in self.results if r.name == name)

    @property
    def key_results(self) -> tuple[ResultSpec, ...]:
        return tuple(r for r in self.results if r.key)


_MODELS = ("dprk_troops.views", "dprk_troops.charts", "dprk_troops.display",
           "dprk_troops.widgets", "dprk_troops.results", "dprk_troops.tables")

NOTEBOOKS: dict[str, Notebook] = {nb.stem: nb for nb in (
    Notebook(
        "01_cost_vs_revenue",
        "Cost against revenue",
        "What does the deployment earn Pyongyang, and what does it cost?",
        (
            ResultSpec("cash_revenue_usd", "Cash revenue over the deployment", "usd",
                       "troops x pay x months x the share the state keeps, with troops as "
                       "troop_schedule says (growing as reported, or constant)", key=True),
            ResultSpec("cash_revenue_usd_per_year", "Cash revenue per year", "usd",
                       "cash_revenue_usd spread over the deployment's months, per 12 months",
                       key=True),
            ResultSpec("cash_revenue_usd_constant", "Cash revenue with constant troops", "usd",
                       "troops x pay x months x share, with `troops` soldiers every month"),
            ResultSpec("mc_p5_usd", "Monte Carlo revenue, 5th percentile", "usd",
                       "5% of the draws earn less (troops constant within each draw, drawn "
                       "with months, share and casualty rate from mc_ranges)", key=True),
            ResultSpec("mc_median_usd", "Monte Carlo revenue, median", "usd",
                       "half the draws earn less", key=True),
            ResultSpec("mc_p95_usd", "Monte Carlo revenue, 95th percentile", "usd",
                       "95% of the draws earn less", key=True),
            ResultSpec("expected_casualties", "Expected killed or wounded", "soldiers",
                       "deployed soldiers each month x casualty_rate_per_month, summed over "
                       "the deployment (an assumption-driven figure)", key=True),
            ResultSpec("forgone_labour_usd", "Construction work lost at home", "usd",
                       "deployed soldiers each month x labour_value_usd_per_soldier_month "
                       "(an assumption; 0 by default)"),
            ResultSpec("in_kind_usd", "In-kind gains", "usd",
                       "oil and gas, technology and combat experience, as the analyst values "
                       "them (assumptions; 0 by default)"),
        ),
        ("dprk_troops.models.revenue", *_MODELS),
    ),
    Notebook(
        "02_troop_comparisons",
        "Troop comparisons",
        "How big is the deployment next to armies, fronts and losses?",
        (
            ResultSpec("days_of_russian_losses_replaced", "Days of Russian losses replaced",
                       "days", "troops / Russian killed and wounded per day", key=True),
            ResultSpec("share_of_dprk_army", "Share of North Korea's army", "share",
                       "troops / the central estimate of North Korea's armed forces",
                       key=True),
            ResultSpec("share_of_dprk_army_low", "Share of North Korea's army, lowest",
                       "share", "troops / the largest estimate of the army", key=True),
            ResultSpec("share_of_dprk_army_high", "Share of North Korea's army, highest",
                       "share", "troops / the smallest estimate of the army", key=True),
            ResultSpec("dprk_army_central", "North Korea's army, central estimate", "soldiers",
                       "the middle of the fact base's estimates of its armed forces"),
        ),
        ("dprk_troops.models.comparisons", *_MODELS),
    ),
    Notebook(
        "03_south_korea_options",
        "South Korea's options",
        "Which of South Korea's options fares best, and how much does that depend on the "
        "weights?",
        (
            ResultSpec("top_option", "Best-scoring option", "option",
                       "first in the ranking by the chosen method and weights", key=True),
            ResultSpec("ranking", "Ranking, best first", "ranking",
                       "every option by the chosen method and weights", key=True),
            ResultSpec("scores", "Each option's score", "option_scores",
                       "each option's score by the chosen method (0 to 1, higher is better)"),
            ResultSpec("ranking_cross_check", "Ranking by the other method (cross-check)",
                       "ranking",
                       "the same weights, ranked by the method not chosen (TOPSIS or the "
                       "weighted sum)"),
            ResultSpec("share_ranked_first", "Share of random weightings ranking it first",
                       "option_shares",
                       "how often each option comes first over n_draws random weightings",
                       key=True),
        ),
        ("dprk_troops.models.options", "dprk_troops.option_scores", *_MODELS),
    ),
)}


def notebook_stem(name: str) -> str:
    """A notebook's stem from its stem, number, file name or path ('01' -> '01_cost_...')."""
    stem = name.rsplit("/", 1)[-1].removesuffix(".ipynb").removesuffix(".py")
    matches = [s for s in NOTEBOOKS if s == stem or s.split("_", 1)[0] == stem]
    if len(matches) != 1:
        raise ParameterError(f"unknown notebook {name!r} (expected one of "
                             f"{', '.join(NOTEBOOKS)} or its number)")
    return matches[0]


def notebook(name: str) -> Notebook:
    """A notebook by stem, number, file name or path."""
    return NOTEBOOKS[notebook_stem(name)]


@dataclass(frozen=True)
class ResultItem:
    """One line of a result about every option: the option's label, its value as it
    reads ('54%', '0.713'; '' in a ranking) and, for a share, the share itself (0 to 1)."""

    label: str
    text: str
    share: float | None = None


#: Units whose results name every option (a list to read, not one value).
LIST_UNITS = ("ranking", "option_scores", "option_shares")


def result_items(spec: ResultSpec, value: Any,
                 labels: Mapping[str, str] | None = None) -> list[ResultItem]:
    """A result about every option in reading order: a ranking best first, scores and
    shares largest first (ties by label). Empty for a result of one value."""
    from .formats import fmt_score, fmt_share

    name = (labels or {}).get
    if value is None or spec.unit not in LIST_UNITS:
        return []
    if spec.unit == "ranking":
        return [ResultItem(name(v, v), "") for v in value]
    ordered = sorted(value.items(), key=lambda kv: (-float(kv[1]), name(kv[0], kv[0])))
    if spec.unit == "option_scores":
        return [ResultItem(name(k, k), fmt_score(v)) for k, v in ordered]
    return [ResultItem(name(k, k), fmt_share(v), float(v)) for k, v in ordered]


def format_result(spec: ResultSpec, value: Any, labels: Mapping[str, str] | None = None) -> str:
    """A recorded result as a reader reads it: '$278 million', '0.67%', an option's label;
    a result about every option as one line each ('1. Closer cooperation ...', or
    'Closer cooperation ...: 54%'), in ``result_items``' order.

    ``labels`` maps option ids to their labels (``load_options``); ids show when absent.
    """
    from .formats import FORMATS

    if value is None:
        return "not computed"
    if spec.unit == "option":
        return (labels or {}).get(value, value)
    if spec.unit == "ranking":
        return "\n".join(f"{i}. {item.label}"
                         for i, item in enumerate(result_items(spec, value, labels), 1))
    if spec.unit in LIST_UNITS:
        return "\n".join(f"{item.label}: {item.text}"
                         for item in result_items(spec, value, labels))
    text = FORMATS[spec.unit](value)
    return f"{text} {spec.unit}" if spec.unit in ("soldiers", "people") else text
