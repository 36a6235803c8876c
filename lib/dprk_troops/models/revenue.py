"""What the deployment earns Pyongyang, and what it costs (notebook 01).

Revenue is cash: soldiers x pay per soldier per month x months x the share the state keeps.
In-kind gains (oil and gas, technology, combat experience) are assumption parameters in
USD that default to 0, because the seeds name them but give no figure. The arms deliveries
the seeds value (1.7 to 5.5 billion USD) are context, never added to the deployment.

Costs are kept in their own units: expected casualties in people (we put no dollar value
on a life), the construction labour lost at home in USD (an assumption), and the political
risks the articles name, which stay qualitative (``political_risks``).

All functions are pure and broadcast over numpy arrays, so one call computes a point, a
month-by-month path or 100,000 Monte Carlo draws.
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
    "MC_INPUTS",
    "POLITICAL_RISK_QUANTITIES",
    "REPORTED_TROOP_STEPS",
    "MonteCarloResult",
    "arms_delivery_context",
    "cash_revenue_usd",
    "effective_range",
    "fact_range",
    "loss_rate_per_month",
    "monthly_path",
    "political_risks",
    "simulate",
    "troop_steps",
    "troops_by_month",
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


def loss_rate_per_month(losses_per_day: float, deployed: float) -> float:
    """A loss rate per month from losses per day and the force that suffers them."""
    if deployed <= 0:
        raise ParameterError(f"deployed force must be > 0, got {deployed}")
    return losses_per_day * DAYS_PER_MONTH / deployed


def _triangular(rng: np.random.Generator, low: float, mode: float, high: float,
                n: int) -> NDArray[np.float64]:
    """n draws from a triangular distribution; a range with low == high is a constant."""
    if low == high:
        return np.full(n, float(low))
    return rng.triangular(low, mode, high, size=n)


def effective_range(point: float, low: float, high: float) -> tuple[float, float]:
    """A [low, high] range widened to include its point value.

    The analyst's point value wins: a point outside the range (troops 20,000 against
    1,500 to 13,000) stretches the range rather than stopping the run.
    """
    return min(low, point), max(high, point)


@dataclass(frozen=True)
class MonteCarloResult:
    """Draws of the uncertain inputs and the revenue and casualties they give."""

    draws: pd.DataFrame
    #: The [low, high] range each input was drawn from (widened to include its point).
    ranges: Mapping[str, tuple[float, float]]

    def quantiles(self, column: str = "cash_revenue_usd") -> dict[str, float]:
        """Median and 5th/95th percentiles of a column."""
        p5, p50, p95 = np.percentile(self.draws[column].to_numpy(), [5, 50, 95])
        return {"p5": float(p5), "median": float(p50), "p95": float(p95)}


def simulate(
    point: Mapping[str, float], ranges: Mapping[str, Sequence[float]],
    pay_range: Sequence[float], n: int, seed: int,
) -> MonteCarloResult:
    """Monte Carlo over the uncertain inputs, at constant troops over the months drawn.

    Each input is drawn from a triangular distribution on its [low, high] range peaking at
    its point value (``point``): troops, months, regime_share, casualty_rate_per_month, and
    the pay, whose range comes from the fact base (both sources say 2000: a constant).
    Months are drawn as real numbers (a deployment can end mid-month).
    """
    import pandas as pd

    rng = np.random.default_rng(seed)
    spans = {name: ranges[name] for name in MC_INPUTS[:-1]}
    spans["pay_usd_per_soldier_month"] = pay_range
    draw, used = {}, {}
    for name in MC_INPUTS:
        low, high = effective_range(float(point[name]), *map(float, spans[name]))
        used[name] = (low, high)
        draw[name] = _triangular(rng, low, float(point[name]), high, n)
    df = pd.DataFrame(draw)
    df["cash_revenue_usd"] = cash_revenue_usd(df["troops"], df["pay_usd_per_soldier_month"],
                                              df["months"], df["regime_share"])
    df["expected_casualties"] = df["troops"] * df["casualty_rate_per_month"] * df["months"]
    return MonteCarloResult(df, used)


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
