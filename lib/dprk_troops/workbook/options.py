"""Notebook 03, defined once: which of South Korea's options fares best, and how much that
depends on the weights.

The scores and the default weights are the analyst's judgments in
``seeds/option_scores.yaml``; ``weights`` defaults to those (so a corrected default
weight there moves the notebook), and a partial set of weights keeps the others'
defaults. ``evaluate_batch`` scores every option for many weight vectors at once (one row
of weights per point); ``evaluate`` is one point of it and builds the recorded results
(the ranking, the top option, the scores and how often each option ranks first when the
weights are drawn at random).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .spec import CELL_IMPORTS, Definition, FactDefault, Param, ResultSpec, seed_param

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["CRITERIA", "DEFINITION", "Inputs", "evaluate", "evaluate_batch", "inputs"]

STEM = "03_south_korea_options"
#: The criteria of ``seeds/option_scores.yaml``, in file order: checking a weight's name
#: needs no file (a report checks its parameters before anything is read); a test keeps
#: this in step with the file.
CRITERIA = ("deterrence", "escalation_risk", "domestic_support", "legal_feasibility",
            "value_to_allies")
METHODS = ("weighted_sum", "topsis")


def _default_weights(facts: pd.DataFrame) -> tuple[dict[str, float], tuple[str, ...]]:
    from ..factbase.scores import read_option_scores

    return read_option_scores().default_weights, ()


def _complete(given: Mapping[str, float], default: Mapping[str, float]) -> dict[str, float]:
    from ..models.weights import validate_weights

    return validate_weights(given, default)


PARAMS: tuple[Param, ...] = (
    Param("weights", "dict", None, "criterion -> weight (normalised to sum 1)", "assumption",
          "an analyst's judgment of what matters to Seoul; a partial set keeps the other "
          "defaults", "How much each criterion counts",
          fact_default=FactDefault(
              "the default weights of the analyst's scores (option_scores.yaml)",
              _default_weights, _complete)),
    Param("method", "str", "weighted_sum", "", "setting",
          "weighted sum is the headline; TOPSIS is the cross-check",
          "How the scores are combined", choices=METHODS,
          choice_labels={"weighted_sum": "weighted sum", "topsis": "TOPSIS"}),
    Param("n_draws", "int", 10_000, "random weight draws", "setting",
          "enough to estimate how often each option ranks first",
          "Random weightings drawn", 1, 1_000_000),
    seed_param("weights"),
)

RESULTS: tuple[ResultSpec, ...] = (
    ResultSpec("top_option", "Best-scoring option", "option",
               "the option that comes first with the chosen weights and method", key=True),
    ResultSpec("ranking", "Ranking, best first", "ranking",
               "every option, best first, with the chosen weights and method", key=True),
    ResultSpec("scores", "Each option's score", "option_scores",
               "each option's overall score with the chosen weights and method, from 0 "
               "(worst) to 1 (best)"),
    ResultSpec("ranking_cross_check", "Ranking by the other method (cross-check)", "ranking",
               "the same weights, ranked by the method not chosen (TOPSIS or the weighted "
               "sum)"),
    ResultSpec("share_ranked_first", "How often each option comes first when the weights "
               "are unknown", "option_shares",
               "the share of many random weightings (every weighting equally likely) under "
               "which each option ranks first", key=True),
)


#: For the explorer: the mapping parameters whose keys ``evaluate_batch`` takes as arrays
#: (one value per point), with those keys; and the recorded result each per-option column
#: of ``evaluate_batch`` ("rank.<option>") is one option's part of.
BATCH_KEYS = {"weights": CRITERIA}
BATCH_COLUMNS = {"score": "scores", "rank": "ranking", "cross_check_rank": "ranking_cross_check",
                 "share_ranked_first": "share_ranked_first"}


def _check_weights(p: Param, weights: dict[str, Any]) -> dict[str, Any]:
    from ..models.weights import validate_weights

    validate_weights(weights, dict.fromkeys(CRITERIA, 1.0))  # names and values
    return weights


@dataclass(frozen=True)
class Inputs:
    """The decision matrix and what ranking it needs, read once."""

    matrix: np.ndarray  # options x criteria, the analyst's 1-5 scores
    cost: np.ndarray  # a bool per criterion: lower is better
    option_ids: tuple[str, ...]
    criteria: tuple[str, ...]


def inputs(facts: pd.DataFrame | None = None) -> Inputs:
    import numpy as np

    from ..factbase.scores import read_option_scores

    scores = read_option_scores()
    matrix = scores.matrix()
    cost = np.array([scores.directions[c] == "cost" for c in matrix.columns])
    return Inputs(matrix.to_numpy(dtype=float), cost, tuple(map(str, matrix.index)),
                  tuple(map(str, matrix.columns)))


def _weight_rows(inp: Inputs, weights: Any) -> np.ndarray:
    """Weights as rows (points x criteria), normalised to sum 1: a mapping of criterion to
    a number or an array, or an array already in the criteria's order."""
    import numpy as np

    if isinstance(weights, Mapping):
        cols = np.broadcast_arrays(*(np.asarray(weights[c], dtype=float) for c in inp.criteria))
        w = np.stack([np.atleast_1d(c) for c in cols], axis=-1)
    else:
        w = np.atleast_2d(np.asarray(weights, dtype=float))
    total = w.sum(axis=1, keepdims=True)
    return w / np.where(total > 0, total, 1.0)


def evaluate_batch(inp: Inputs, v: Mapping[str, Any], with_mc: bool = True
                   ) -> dict[str, np.ndarray]:
    """Scores and ranks of every option for every row of weights, by ``method`` and by the
    other method, and (with ``with_mc``) how often each option ranks first over
    ``n_draws`` random weightings (the same draws for every point)."""
    import numpy as np

    from ..models import options as mcda

    w = _weight_rows(inp, v["weights"])
    other = "topsis" if v["method"] == "weighted_sum" else "weighted_sum"
    scores = mcda._SCORERS[v["method"]](inp.matrix, w, inp.cost)
    ranks = mcda._ranks(scores)
    cross = mcda._ranks(mcda._SCORERS[other](inp.matrix, w, inp.cost))
    out: dict[str, np.ndarray] = {}
    for j, option in enumerate(inp.option_ids):
        out[f"score.{option}"] = scores[:, j]
        out[f"rank.{option}"] = ranks[:, j].astype(float)
        out[f"cross_check_rank.{option}"] = cross[:, j].astype(float)
    out["top_option"] = np.asarray(inp.option_ids, dtype=object)[np.argmin(ranks, axis=1)]
    if with_mc:
        draws = np.random.default_rng(v["seed"]).dirichlet(np.ones(len(inp.criteria)),
                                                           size=v["n_draws"])
        first = (mcda._ranks(mcda._SCORERS[v["method"]](inp.matrix, draws, inp.cost)) == 1
                 ).mean(axis=0)
        for j, option in enumerate(inp.option_ids):
            out[f"share_ranked_first.{option}"] = np.full(len(w), first[j])
    return out


def evaluate(facts: pd.DataFrame, values: Mapping[str, Any]) -> dict[str, Any]:
    """Every result notebook 03 records: one point of ``evaluate_batch``, as the ranking,
    the top option and per-option mappings."""
    inp = inputs(facts)
    batch = evaluate_batch(inp, values)
    ids = inp.option_ids

    def by_rank(prefix: str) -> list[str]:
        return sorted(ids, key=lambda o: batch[f"{prefix}.{o}"][0])

    return {
        "top_option": str(batch["top_option"][0]),
        "ranking": by_rank("rank"),
        "scores": {o: float(batch[f"score.{o}"][0]) for o in by_rank("rank")},
        "ranking_cross_check": by_rank("cross_check_rank"),
        "share_ranked_first": dict(sorted(
            ((o, float(batch[f"share_ranked_first.{o}"][0])) for o in ids),
            key=lambda kv: -kv[1])),
    }


DEFINITION = Definition(
    STEM,
    "South Korea's options",
    "Which of South Korea's options fares best, and how much does that depend on the "
    "weights?",
    PARAMS,
    RESULTS,
    evaluate,
    imports=("dprk_troops.models.options", "dprk_troops.factbase.scores", *CELL_IMPORTS),
    check_dict={"weights": _check_weights},
    summary="Seoul's six possible responses scored on five criteria: which comes first with "
            "the weights you give, and how often each wins when nobody knows the weights.",
)
