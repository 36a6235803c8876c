"""Each student's scenario for each assignment, drawn from their id (``student.Student``).

With variants off (``Student.variants`` false) every function returns the workbook's own
defaults, so the whole class shares one scenario. Everything is drawn from the fact base,
the notebook's parameters and the analyst's scores as the notebook loads them, so a
scenario follows the library when those change.

The draws for one assignment come from one generator in a fixed order: changing the order,
or what is drawn, changes every student's numbers, which must not happen during a course.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .student import Student

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ASSIGNMENT_IDS", "FactBaseScenario", "OptionsScenario", "RevenueScenario",
    "contested_quantities", "fact_base_scenario", "options_scenario", "revenue_scenario", "switching_criteria",
]

#: The course's assignments, in course order (course/assignments/<id>.py), one scenario each.
ASSIGNMENT_IDS = ("a1_fact_base", "a2_cost_revenue", "a3_options")
#: The quantity of assignment 1 when variants are off: the workbook's main figure.
DEFAULT_QUANTITY = "dprk_troops_in_russia"
#: The criterion of assignment 3 question 4 when variants are off.
DEFAULT_CRITERION = "deterrence"
#: A student's weight for a criterion is its default weight times one of these.
WEIGHT_FACTORS = (0.5, 0.75, 1.0, 1.25, 1.5)
#: regime_share is drawn in steps of this size.
SHARE_STEP = 0.05


@dataclass(frozen=True)
class FactBaseScenario:
    """Assignment 1: the quantity whose claims questions 1 to 3 inspect."""

    quantity: str


@dataclass(frozen=True)
class RevenueScenario:
    """Assignment 2: months deployed, the share of pay the state keeps, the Monte Carlo seed."""

    months: int
    regime_share: float
    seed: int


@dataclass(frozen=True)
class OptionsScenario:
    """Assignment 3: the student's weights, question 4's criterion, question 5's score."""

    weights: dict[str, float]
    criterion: str
    #: (option_id, criterion_id) of the score to argue about; None: the student picks one
    score: tuple[str, str] | None


def contested_quantities(facts: pd.DataFrame, minimum: int = 3) -> list[str]:
    """Quantities with at least ``minimum`` rows that give a number, sorted."""
    numeric = facts[facts["value"].notna() | facts["low"].notna() | facts["high"].notna()]
    counts = numeric.groupby("quantity").size()
    return sorted(str(q) for q in counts[counts >= minimum].index)


def fact_base_scenario(student: Student, facts: pd.DataFrame) -> FactBaseScenario:
    if not student.variants:
        return FactBaseScenario(DEFAULT_QUANTITY)
    pool = contested_quantities(facts)
    return FactBaseScenario(str(student.rng().choice(pool)))


#: The spans a student's months and share are drawn from: half a year to two years, and
#: half to all of the pay (the sweep of reports.yaml explores the same). They are the
#: course's own, so that a change to notebook 01's Monte Carlo never changes a student's
#: numbers mid-course.
VARIANT_MONTHS = (6, 24)
VARIANT_SHARE = (0.5, 1.0)


def revenue_scenario(student: Student, defaults: Mapping[str, Any]) -> RevenueScenario:
    """Months and regime share drawn within the course's spans, and a seed."""
    if not student.variants:
        return RevenueScenario(int(defaults["months"]), float(defaults["regime_share"]),
                               int(defaults["seed"]))
    rng = student.rng()
    low, high = VARIANT_MONTHS
    months = int(rng.integers(int(low), int(high), endpoint=True))
    share_low, share_high = VARIANT_SHARE
    steps = round((share_high - share_low) / SHARE_STEP)
    share = round(share_low + SHARE_STEP * int(rng.integers(0, steps, endpoint=True)), 2)
    return RevenueScenario(months, share, int(rng.integers(0, 2**31 - 1)))


def _top(matrix: pd.DataFrame, weights: Mapping[str, float],
         directions: Mapping[str, str]) -> str:
    from ..models import options

    return options.rank(options.weighted_sum(matrix, weights, directions))[0]


def switching_criteria(matrix: pd.DataFrame, weights: Mapping[str, float],
                       directions: Mapping[str, str]) -> list[str]:
    """Criteria whose weight, raised from its share to nearly all, changes the top option.

    Compares the top option at ``weights`` with the top option when the criterion weighs
    0.999 and the others share the rest in their proportions; it does not say where the
    change happens (that is the question students answer).
    """
    top = _top(matrix, weights, directions)
    out = []
    for criterion in matrix.columns:
        others = {c: w for c, w in weights.items() if c != criterion}
        total = sum(others.values()) or 1.0
        nearly_all = {**{c: 0.001 * w / total for c, w in others.items()}, criterion: 0.999}
        if _top(matrix, nearly_all, directions) != top:
            out.append(str(criterion))
    return out


def options_scenario(student: Student, matrix: pd.DataFrame, default_weights: Mapping[str, float],
                     directions: Mapping[str, str], scores: pd.DataFrame) -> OptionsScenario:
    """Weights scaled per criterion, a criterion whose weight can change the top option, and
    one analyst score (a row of ``scores``: option_id, criterion_id)."""
    if not student.variants:
        return OptionsScenario(dict(default_weights), DEFAULT_CRITERION, None)
    rng = student.rng()
    for _ in range(100):
        factors = rng.choice(WEIGHT_FACTORS, size=len(default_weights))
        weights = {c: round(w * float(f), 4) for (c, w), f in zip(default_weights.items(), factors,
                                                              strict=True)}
        pool = switching_criteria(matrix, weights, directions)
        if pool:
            break
    else:  # no draw of weights lets any criterion change the top: keep the defaults
        weights, pool = dict(default_weights), [DEFAULT_CRITERION]
    criterion = str(rng.choice(pool))
    row = scores.iloc[int(rng.integers(0, len(scores)))]
    return OptionsScenario(weights, criterion, (str(row["option_id"]), str(row["criterion_id"])))
