"""How big the deployment is next to what it can be compared with (notebook 02).

Where sources disagree (North Korea's army: at least 1 million, 1.5 million, up to 2
million), a quantity gets a **central** estimate and a **low-high** span:
- central: the median of the point figures, i.e. the rows that are neither a floor
  ("at least") nor a ceiling ("up to"); with no point figure, the middle of the span;
- low and high: the smallest and largest number any row gives (floors and ceilings count).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import ParameterError
from ..factbase.constants import ARTICLE_SPEAKER
from .forces import COMPARISONS

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "COMPARISONS",
    "TROOP_QUANTITIES",
    "Estimate",
    "comparison_table",
    "days_of_losses_replaced",
    "estimate",
    "estimates",
    "share_of",
    "troop_timeline",
]

TROOP_QUANTITIES = ("dprk_troops_in_russia", "dprk_troops_in_kursk")
_BOUND_FLAGS = {"at_least", "upper_bound"}


@dataclass(frozen=True)
class Estimate:
    """A quantity's central estimate and span across sources, with who gave them."""

    quantity: str
    central: float
    low: float
    high: float
    fact_ids: tuple[str, ...]
    speakers: tuple[str, ...]


def estimate(facts: pd.DataFrame, quantity: str) -> Estimate:
    """The central estimate and low-high span of a quantity across every source, with the
    attribution ('Breuker (NOS)') of every row."""
    rows = facts[(facts["quantity"] == quantity) & facts[["value", "low", "high"]].notna().any(
        axis=1)]
    if rows.empty:
        raise ParameterError(f"no figures in the fact base for quantity {quantity!r}")
    numbers = rows[["low", "value", "high"]].to_numpy(dtype=float)
    low, high = float(np.nanmin(numbers)), float(np.nanmax(numbers))
    points = rows[rows["value"].notna() & rows["flags"].map(lambda f: not _BOUND_FLAGS & set(f))]
    central = float(points["value"].median()) if len(points) else (low + high) / 2
    return Estimate(quantity, central, low, high, tuple(rows["fact_id"]),
                    tuple(dict.fromkeys(map(str, rows["attribution"]))))


def days_of_losses_replaced(troops: ArrayLike, losses_per_day: ArrayLike) -> NDArray | float:
    """How many days of losses the deployment makes good: troops / losses per day.

    >>> days_of_losses_replaced(10_000, 1200)
    8.333333333333334
    """
    losses = np.asarray(losses_per_day, dtype=float)
    if np.any(losses <= 0):
        raise ParameterError(f"parameter russian_losses_per_day: expected a number > 0, got "
                             f"{losses_per_day!r}")
    out = np.asarray(troops, dtype=float) / losses
    return float(out) if out.ndim == 0 else out


def share_of(troops: ArrayLike, total: Estimate) -> dict[str, float]:
    """The deployment as a share of a force: central, and the span it gives (a larger
    force means a smaller share, so ``low`` uses the force's ``high``)."""
    t = float(np.asarray(troops, dtype=float))
    return {"central": t / total.central, "low": t / total.high, "high": t / total.low}


def estimates(facts: pd.DataFrame,
              quantities: Sequence[str] = tuple(COMPARISONS)) -> dict[str, Estimate]:
    """``estimate`` for each quantity (they do not depend on the deployment: compute once)."""
    return {q: estimate(facts, q) for q in quantities}


def comparison_table(facts: pd.DataFrame | Mapping[str, Estimate], troops: float,
                     quantities: Sequence[str] = tuple(COMPARISONS)) -> pd.DataFrame:
    """One row per force compared: central, low, high, the deployment's share, sources.

    ``facts`` may be the fact table or estimates already computed by ``estimates``.
    """
    import pandas as pd

    known = facts if isinstance(facts, Mapping) else estimates(facts, quantities)
    rows = []
    for q in quantities:
        e = known[q]
        share = share_of(troops, e)
        rows.append({
            "quantity": q, "label": COMPARISONS.get(q, q), "central": e.central,
            "low": e.low, "high": e.high, "share_central": share["central"],
            "share_low": share["low"], "share_high": share["high"],
            "sources": ", ".join(e.speakers), "fact_ids": ", ".join(e.fact_ids),
        })
    return pd.DataFrame(rows)


def troop_timeline(facts: pd.DataFrame) -> pd.DataFrame:
    """Every troop estimate with its date and speaker, oldest first, for the timeline.

    ``label`` names every speaker who gave the same figure for the same date (on the first
    such row; the others get an empty label); ``label_above`` alternates among rows with
    the same figure so that their labels do not sit on top of each other.
    """
    rows = facts[facts["quantity"].isin(TROOP_QUANTITIES)].copy()
    rows["where"] = rows["quantity"].map({"dprk_troops_in_russia": "in Russia",
                                          "dprk_troops_in_kursk": "in Kursk"})
    rows = rows.sort_values(["as_of", "fact_id"]).reset_index(drop=True)
    key = rows["as_of"].astype(str) + "|" + rows["value"].astype(str)
    rows["who"] = rows["speaker"].astype(str).where(rows["speaker"] != ARTICLE_SPEAKER,
                                                    rows["outlet"].astype(str))
    speakers = rows.groupby(key, sort=False)["who"].transform(
        lambda s: ", ".join(dict.fromkeys(s)))
    rows["label"] = speakers.where(~key.duplicated(), "")
    labelled = rows["label"] != ""
    rows["label_above"] = True
    rows.loc[labelled, "label_above"] = (
        rows[labelled].groupby("value").cumcount() % 2 == 0).to_numpy()
    cols = ["fact_id", "as_of", "as_of_precision", "value", "low", "high", "where", "speaker",
            "outlet", "attribution", "label", "label_above", "excerpt"]
    return rows[cols]
