"""Notebook 02, defined once: how big the deployment is next to armies, fronts and losses.

Every result is a ratio of the deployment's size (``troops``, by default the latest
reported figure) to another reported figure: Russia's losses per day, North Korea's army
(its central estimate and the span the sources give), or the force chosen as
``reference``. ``evaluate_batch`` computes them for arrays of points at once; ``evaluate``
is one point of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..models.forces import COMPARISONS
from .cost_revenue import TROOPS_DEFAULT
from .facts_defaults import median_figure
from .spec import CELL_IMPORTS, Definition, Param, ResultSpec

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from ..models.comparisons import Estimate

__all__ = ["DEFINITION", "Inputs", "evaluate", "evaluate_batch", "inputs"]

STEM = "02_troop_comparisons"
REFERENCES = tuple(COMPARISONS)

PARAMS: tuple[Param, ...] = (
    Param("troops", "int", None, "soldiers", "fact",
          "the most recent reported size of the deployment", "North Korean soldiers in Russia",
          0, 2_000_000, step=500, lab_maximum=100_000, fact_default=TROOPS_DEFAULT),
    Param("russian_losses_per_day", "float", None, "killed or wounded per day", "fact",
          "Russia's killed and wounded a day, as the sources report it",
          "Russian soldiers killed or wounded a day", 1, 100_000, step=100,
          lab_maximum=5_000,
          fact_default=median_figure("russian_losses_per_day",
                                     "the Russian losses a day the sources give (their "
                                     "median)")),
    Param("reference", "str", "dprk_army_size", "", "setting",
          "which force the deployment is shown as a share of",
          "The force the deployment is a share of", choices=REFERENCES,
          choice_labels=COMPARISONS),
    Param("scale", "str", "log", "", "setting",
          "a log scale shows 10,000 and 3.5 million on one axis",
          "Scale of the comparison chart's axis", choices=("log", "linear")),
)

RESULTS: tuple[ResultSpec, ...] = (
    ResultSpec("days_of_russian_losses_replaced", "Days of Russian losses replaced", "days",
               "how many days it takes Russia to lose as many soldiers, killed or wounded, "
               "as North Korea sent", key=True),
    ResultSpec("share_of_dprk_army", "Share of North Korea's army", "share",
               "the soldiers sent, as a share of the middle estimate of North Korea's army",
               key=True),
    ResultSpec("share_of_dprk_army_low", "Share of North Korea's army, lowest", "share",
               "the same share of the largest army figure any source gives", key=True),
    ResultSpec("share_of_dprk_army_high", "Share of North Korea's army, highest", "share",
               "the same share of the smallest army figure any source gives", key=True),
    ResultSpec("dprk_army_central", "North Korea's army, middle estimate", "soldiers",
               "the median of the sources' figures for North Korea's armed forces"),
    ResultSpec("share_of_reference", "Share of the force it is compared with", "share",
               "the soldiers sent, as a share of the middle estimate of the force chosen "
               "for the comparison"),
)


@dataclass(frozen=True)
class Inputs:
    """Every compared force's estimates, read once from the fact base."""

    estimates: Mapping[str, Estimate]


def inputs(facts: pd.DataFrame) -> Inputs:
    from ..models import comparisons as cmp

    return Inputs(cmp.estimates(facts, tuple(cmp.COMPARISONS)))


def evaluate_batch(inp: Inputs, v: Mapping[str, Any], with_mc: bool = True
                   ) -> dict[str, np.ndarray]:
    """Every numeric result at many points (``troops`` and the losses numbers or arrays;
    ``reference`` one choice for all). ``with_mc`` is accepted for symmetry: no Monte
    Carlo here."""
    import numpy as np

    from ..models import comparisons as cmp

    troops = np.asarray(v["troops"], dtype=float)
    army, ref = inp.estimates["dprk_army_size"], inp.estimates[v["reference"]]
    out = {
        "days_of_russian_losses_replaced": np.asarray(
            cmp.days_of_losses_replaced(troops, v["russian_losses_per_day"]), dtype=float),
        "share_of_dprk_army": troops / army.central,
        "share_of_dprk_army_low": troops / army.high,
        "share_of_dprk_army_high": troops / army.low,
        "dprk_army_central": np.asarray(army.central, dtype=float),
        "share_of_reference": troops / ref.central,
    }
    shape = np.broadcast_shapes(*(np.shape(a) for a in out.values()))
    return {name: np.broadcast_to(a, shape) for name, a in out.items()}


def evaluate(facts: pd.DataFrame, values: Mapping[str, Any]) -> dict[str, Any]:
    """Every result notebook 02 records: one point of ``evaluate_batch``."""
    batch = evaluate_batch(inputs(facts), values)
    return {name: float(a.reshape(-1)[0]) for name, a in batch.items()}


DEFINITION = Definition(
    STEM,
    "Troop comparisons",
    "How big is the deployment next to armies, fronts and losses?",
    PARAMS,
    RESULTS,
    evaluate,
    imports=("dprk_troops.models.comparisons", *CELL_IMPORTS),
    summary="The deployment next to North Korea's army, other forces and Russia's losses: "
            "how many days of losses it makes up for, and what share of the army it is.",
)
