"""The analyst's scores as the workbook holds them once read: ``OptionScores`` and the
constants that define a valid file.

Its own module, so that the cheap reader (``scores``, which serves the tables from the
fact-base cache) and the validation (``scores_schema``, pydantic) both use it without
importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DIRECTIONS", "SCORE_RANGE", "TOP_LEVEL_KEYS", "OptionScores"]

#: benefit: higher is better; cost: lower is better.
DIRECTIONS = ("benefit", "cost")
#: The lowest and highest score.
SCORE_RANGE = (1, 5)
TOP_LEVEL_KEYS = ("criteria", "scores")


@dataclass(frozen=True, eq=False)
class OptionScores:
    """The validated judgments: criteria, scores in long form, and the options' order.

    ``criteria`` is indexed by ``criterion_id`` (file order) with ``label``, ``direction``,
    ``default_weight`` and ``description``. ``scores`` has one row per option and criterion:
    ``option_id``, ``criterion_id`` (categoricals in options.yaml and file order),
    ``score``, ``reason``, ``fact_ids``.
    """

    criteria: pd.DataFrame
    scores: pd.DataFrame
    option_ids: tuple[str, ...]

    def matrix(self) -> pd.DataFrame:
        """The decision matrix: options (options.yaml order) x criteria (file order)."""
        wide = self.scores.pivot(index="option_id", columns="criterion_id", values="score")
        wide = wide.reindex(index=list(self.option_ids), columns=list(self.criteria.index))
        wide.index.name, wide.columns.name = "option_id", "criterion_id"
        return wide.astype("int64")

    @property
    def directions(self) -> dict[str, str]:
        """Each criterion's direction, ``benefit`` or ``cost``, in file order."""
        return {str(k): str(v) for k, v in self.criteria["direction"].items()}

    @property
    def default_weights(self) -> dict[str, float]:
        """Each criterion's default weight, in file order, as written (not normalised)."""
        return {str(k): float(v) for k, v in self.criteria["default_weight"].items()}
