"""What the deployment earns Pyongyang, and what it costs (notebook 01).

Revenue is cash: soldiers x pay per soldier per month x months x the share the state keeps.
In-kind gains (oil and gas, technology, combat experience) are assumption parameters in
USD that default to 0, because the seeds name them but give no figure. The arms deliveries
the seeds value (1.7 to 5.5 billion USD) are context, never added to the deployment.

Costs are kept in their own units: expected casualties in people (we put no dollar value
on a life), the construction labour lost at home in USD (an assumption), and the political
risks the articles name, which stay qualitative (``political_risks``).

All functions are pure and broadcast over numpy arrays, so one call computes a point, a
month-by-month path, 100,000 Monte Carlo draws or a million points of an exploration.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import ParameterError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "HORIZON_MONTHS",
    "MC_INPUTS",
    "POLITICAL_RISK_QUANTITIES",
    "REPORTED_TROOP_STEPS",
    "MonteCarloResult",
    "Schedule",
    "arms_delivery_context",
    "cash_revenue_usd",
    "draw_inputs",
    "fact_range",
    "loss_rate_per_month",
    "monthly_path",
    "political_risks",
    "schedule",
    "simulate",
    "spread_range",
    "triangular_ppf",
    "troop_steps",
    "troops_by_month",
    "uniforms",
]

#: The reported growth of the deployment, in order: NIS's first group (18 October 2024),
#: Blinken's ~10,000 (31 October 2024), Appathurai's 12,500 to 13,000 (November 2024).
REPORTED_TROOP_STEPS = (
    "nos2_nis_first_group_1500",
    "nos1_blinken_10000",
    "ana_dprk_troops_russia_appathurai",
)
#: Claims naming the political risks of the deployment for Pyongyang.
POLITICAL_RISK_QUANTITIES = (
    "kim_risk_casualty_questions",
    "kim_risk_returnee_unrest",
    "kim_risk_outside_information",
    "dprk_deployment_gamble",
    "dprk_troops_cannon_fodder",
    "dprk_russia_language_barrier",
)
DAYS_PER_MONTH = 365.25 / 12
#: The inputs the Monte Carlo draws, in drawing order (the order fixes the random streams).
MC_INPUTS = ("troops", "months", "regime_share", "casualty_rate_per_month",
             "pay_usd_per_soldier_month")


def cash_revenue_usd(
    troops: ArrayLike, pay_usd_per_soldier_month: ArrayLike, months: ArrayLike,
    regime_share: ArrayLike = 1.0,
) -> NDArray[np.float64] | float:
    """Cash paid for the deployment that the state keeps: troops x pay x months x share.

    >>> cash_revenue_usd(10_000, 2000, 12)
    240000000.0
    """
    out = (np.asarray(troops, dtype=float) * np.asarray(pay_usd_per_soldier_month, dtype=float)
           * np.asarray(months, dtype=float) * np.asarray(regime_share, dtype=float))
    return float(out) if out.ndim == 0 else out


def troop_steps(facts: pd.DataFrame,
                fact_ids: Sequence[str] = REPORTED_TROOP_STEPS) -> list[tuple[int, float, str]]:
    """(month index, troops, fact_id): one reported figure per month, in the order reported.

    The sources' own dates lie closer together (18 October, 31 October, mid-November 2024),
    so within a monthly model this path grows a little more slowly than reported.
    """
    rows = facts.set_index("fact_id").loc[list(fact_ids)].sort_values("as_of", kind="stable")
    return [(i, float(row["value"]), str(fact_id))
            for i, (fact_id, row) in enumerate(rows.iterrows())]


def troops_by_month(steps: Sequence[tuple[int, float, str]], months: int) -> NDArray[np.float64]:
    """Troops deployed in each of ``months`` months: each step holds until the next one.

    Months before the first step count the first step's troops; after the last step the
    last figure holds (an assumption: the seeds report no later change).
    """
    if months < 0:
        raise ParameterError(f"parameter months: expected a whole number >= 0, got {months}")
    out = np.full(months, steps[0][1] if steps else 0.0)
    for month, troops, _ in steps:
        out[max(month, 0):] = troops
    return out


def loss_rate_per_month(losses_per_day: float, deployed: float) -> float:
    """A loss rate per month from losses per day and the force that suffers them."""
    if deployed <= 0:
        raise ParameterError(f"deployed force must be > 0, got {deployed}")
    return losses_per_day * DAYS_PER_MONTH / deployed


# --- the deployment's size over time --------------------------------------------------------
#
# ``troops`` is the level the deployment grows to. Under the reported schedule the force
# grows as the sources reported it (1,500, then 10,000, then 12,750 soldiers, one step a
# month), scaled so that its last step is ``troops``: the shape of the reported growth is
# kept, its size is the parameter. Under the constant schedule the full force serves from
# the first month. Either way every result is ``troops`` / the schedule's reference level
# times a number that only the schedule and the months decide (``Schedule``).

#: Months a schedule covers: the longest deployment a parameter allows (120) and the
#: Monte Carlo's draws around it (cut at that bound).
HORIZON_MONTHS = 120


@dataclass(frozen=True)
class Schedule:
    """How the force builds up, as a reference path of soldiers per month.

    ``reference`` is the path's level (its last step; 1 for a constant force), ``cum[m]``
    the soldier-months it has served after ``m`` months and ``sent[m]`` the soldiers sent
    to build it by then (every rise of the path: the first group, then each
    reinforcement). A deployment growing to ``troops`` is this path times
    ``troops / reference``.
    """

    reference: float
    cum: NDArray[np.float64]
    sent: NDArray[np.float64]

    def scale(self, troops: ArrayLike) -> NDArray[np.float64]:
        return np.asarray(troops, dtype=float) / self.reference

    def served(self, months: ArrayLike) -> NDArray[np.float64]:
        """Soldier-months of the reference path after ``months`` months; a fraction of a
        month (a Monte Carlo draw) counts that fraction of the next month's troops."""
        m = np.asarray(months, dtype=float)
        if m.size and float(m.max()) > len(self.cum) - 1:
            raise ParameterError(f"parameter months: the schedule covers {len(self.cum) - 1} "
                                 f"months, got {float(m.max()):g}")
        return np.interp(m, np.arange(len(self.cum), dtype=float), self.cum)

    def sent_by(self, months: ArrayLike) -> NDArray[np.float64]:
        """Soldiers of the reference path sent by the end of ``months`` (whole) months."""
        m = np.asarray(months, dtype=float)
        return self.sent[np.ceil(m).astype(int)]


def schedule(steps: Sequence[tuple[int, float, str]] | None,
             horizon: int = HORIZON_MONTHS) -> Schedule:
    """The reported schedule from ``troop_steps(facts)``; ``None`` (or no steps with troops)
    for the constant one, the full force from the first month."""
    path = troops_by_month(steps, horizon) if steps else np.zeros(horizon)
    if not len(path) or path[-1] <= 0:
        path = np.ones(horizon)
    rises = np.maximum(np.diff(path, prepend=0.0), 0.0)
    return Schedule(float(path[-1]), np.concatenate([[0.0], np.cumsum(path)]),
                    np.concatenate([[0.0], np.cumsum(rises)]))


def monthly_path(
    troops: ArrayLike, pay_usd_per_soldier_month: float, regime_share: float,
    casualty_rate_per_month: float, labour_value_usd_per_soldier_month: float,
) -> pd.DataFrame:
    """Month by month: troops, cash revenue, forgone labour and expected casualties,
    each also cumulated. ``troops`` holds one number per month."""
    import pandas as pd

    t = np.asarray(troops, dtype=float)
    revenue = cash_revenue_usd(t, pay_usd_per_soldier_month, 1, regime_share)
    labour = t * labour_value_usd_per_soldier_month
    casualties = t * casualty_rate_per_month
    return pd.DataFrame({
        "month": np.arange(1, len(t) + 1),
        "troops": t,
        "cash_revenue_usd": revenue,
        "cumulative_cash_revenue_usd": np.cumsum(revenue),
        "forgone_labour_usd": labour,
        "cumulative_forgone_labour_usd": np.cumsum(labour),
        "expected_casualties": casualties,
        "cumulative_expected_casualties": np.cumsum(casualties),
    })


# --- the Monte Carlo ------------------------------------------------------------------------


def triangular_ppf(u: ArrayLike, low: ArrayLike, mode: ArrayLike,
                   high: ArrayLike) -> NDArray[np.float64]:
    """The triangular distribution's quantile function (inverse CDF), vectorised.

    Written out so that one set of uniform numbers serves every point of an exploration
    (common random numbers); ``tests/unit/test_revenue.py`` checks it against scipy's
    ``triang.ppf``. A range with ``low == high`` is that constant.
    """
    u, a, c, b = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (u, low, mode,
                                                                             high)))
    width = b - a
    safe = np.where(width > 0, width, 1.0)
    split = np.where(width > 0, (c - a) / safe, 0.0)
    left = a + np.sqrt(u * width * (c - a))
    right = b - np.sqrt((1.0 - u) * width * (b - c))
    return np.where(width > 0, np.where(u < split, left, right), a)


def spread_range(value: ArrayLike, spread: float, minimum: float | None,
                 maximum: float | None) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """[low, high] of an input drawn around ``value``: ``value`` x (1 -/+ spread), cut at
    the parameter's bounds (a share cannot exceed 1). Centred on ``value`` unless cut."""
    v = np.asarray(value, dtype=float)
    low, high = v * (1.0 - spread), v * (1.0 + spread)
    if minimum is not None:
        low = np.maximum(low, minimum)
    if maximum is not None:
        high = np.minimum(high, maximum)
    return low, high


def uniforms(n: int, seed: int) -> NDArray[np.float64]:
    """The Monte Carlo's uniform numbers: ``n`` draws x ``len(MC_INPUTS)`` inputs, the same
    for every point evaluated with this seed (common random numbers)."""
    return np.random.default_rng(seed).random((n, len(MC_INPUTS)))


@dataclass(frozen=True)
class MonteCarloResult:
    """Draws of the uncertain inputs and the revenue and casualties they give."""

    draws: pd.DataFrame
    #: The [low, high] range each input was drawn from.
    ranges: Mapping[str, tuple[float, float]]

    def quantiles(self, column: str = "cash_revenue_usd") -> dict[str, float]:
        """Median and 5th/95th percentiles of a column."""
        p5, p50, p95 = np.percentile(self.draws[column].to_numpy(), [5, 50, 95])
        return {"p5": float(p5), "median": float(p50), "p95": float(p95)}


def draw_inputs(point: Mapping[str, ArrayLike], spreads: Mapping[str, float],
                bounds: Mapping[str, tuple[float | None, float | None]],
                u: NDArray[np.float64]) -> dict[str, NDArray[np.float64]]:
    """Each input of ``MC_INPUTS`` drawn around its point value: a triangle on
    ``spread_range`` peaking at the value. ``point`` values may be arrays of points (shape
    (k, 1)) against the draws' uniform numbers ``u`` (n x inputs): the result is k x n."""
    out = {}
    for j, name in enumerate(MC_INPUTS):
        low, high = spread_range(point[name], spreads.get(name, 0.0), *bounds[name])
        out[name] = triangular_ppf(u[:, j], low, point[name], high)
    return out


def simulate(point: Mapping[str, float], spreads: Mapping[str, float],
             bounds: Mapping[str, tuple[float | None, float | None]], plan: Schedule,
             n: int, seed: int) -> MonteCarloResult:
    """Monte Carlo around one run's own values: each of ``MC_INPUTS`` is drawn from a
    triangle peaking at the run's value, ``spreads[name]`` of it either way (cut at the
    parameter's ``bounds``). Troops are the level the deployment grows to, in the run's
    schedule (``plan``); months are drawn as real numbers (a deployment can end mid-month).
    """
    import pandas as pd

    draw = draw_inputs(point, spreads, bounds, uniforms(n, seed))
    df = pd.DataFrame(draw)
    scale, served = plan.scale(df["troops"]), plan.served(df["months"])
    df["cash_revenue_usd"] = cash_revenue_usd(scale, df["pay_usd_per_soldier_month"], served,
                                              df["regime_share"])
    df["expected_casualties"] = scale * served * df["casualty_rate_per_month"].to_numpy()
    used = {name: spread_range(point[name], spreads.get(name, 0.0), *bounds[name])
            for name in MC_INPUTS}
    return MonteCarloResult(df, {k: (float(lo), float(hi)) for k, (lo, hi) in used.items()})


def fact_range(facts: pd.DataFrame, quantity: str) -> tuple[float, float]:
    """The lowest and highest figure the fact base gives for a quantity."""
    rows = facts[(facts["quantity"] == quantity) & facts["value"].notna()]
    values = rows[["low", "value", "high"]].to_numpy(dtype=float)
    return float(np.nanmin(values)), float(np.nanmax(values))


def political_risks(facts: pd.DataFrame) -> pd.DataFrame:
    """The political risks the articles name, as a qualitative table with provenance."""
    rows = facts[facts["quantity"].isin(POLITICAL_RISK_QUANTITIES)]
    return rows[["fact_id", "speaker", "outlet", "attribution", "locator", "note"]
                ].reset_index(drop=True)


def arms_delivery_context(facts: pd.DataFrame) -> pd.DataFrame:
    """The reported value of North Korea's arms deliveries: context, not deployment revenue."""
    rows = facts[facts["quantity"] == "dprk_arms_deliveries_usd"]
    cols = ["fact_id", "value", "low", "high", "unit", "speaker", "attribution", "locator",
            "excerpt"]
    return rows[cols].reset_index(drop=True)
