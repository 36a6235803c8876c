"""Load the analyst's scores of South Korea's options (``seeds/option_scores.yaml``).

The scores are judgments, not facts: the workbook's authors rate each option of
``options.yaml`` on each criterion from 1 to 5, with a one-line reason naming the fact rows
it leans on. This module validates the file like the rest of the fact base (strict pydantic
models, every problem at once, one line each) and checks it against the fact base: every
option, criterion and fact it names must exist, and every option needs exactly one score on
every criterion, so the decision matrix of notebook 03 has no holes.

    seeds/option_scores.yaml: score direct_arms/deterrence: score: expected a whole number
    from 1 to 5, got 6
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import paths
from .cache import cached
from .scores_table import DIRECTIONS, SCORE_RANGE, TOP_LEVEL_KEYS, OptionScores

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DIRECTIONS",
    "SCORE_RANGE",
    "TOP_LEVEL_KEYS",
    "OptionScores",
    "load_option_scores",
    "read_option_scores",
]

def read_option_scores(seeds_dir: str | Path | None = None) -> OptionScores:
    """Read, validate and cross-check ``option_scores.yaml`` against the fact base.

    Raises FactBaseError listing every problem, one line each (including any problem in the
    fact base itself, since the scores cannot be checked against a broken one). The tables
    come from the fact-base cache when the files have not changed (``fact_cache``).
    """
    seeds = Path(seeds_dir) if seeds_dir is not None else paths.SEEDS_DIR
    return cached("option_scores", seeds, [], lambda: _read(seeds))


def _read(seeds: Path) -> OptionScores:
    from .scores_schema import read_scores

    return read_scores(seeds)


def load_option_scores(seeds_dir: str | Path | None = None) -> pd.DataFrame:
    """The scores in long form: one row per option and criterion, with reason and facts."""
    return read_option_scores(seeds_dir).scores


def __getattr__(name: str) -> Any:
    """``Criterion`` and ``Score`` (the pydantic models) live in ``scores_schema``,
    imported only when a read needs them: a cached read builds no pydantic model."""
    if name in {"Criterion", "Score"}:
        from . import scores_schema

        return getattr(scores_schema, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
