"""Multi-criteria comparison of South Korea's response options (notebook 03).

The inputs are a decision matrix (options x criteria, the analyst's 1-5 scores from
``seeds/option_scores.yaml``), each criterion's direction (``benefit``: higher is better;
``cost``: lower is better) and the weights. Two methods turn them into one score per option:

- ``weighted_sum``: min-max normalise each criterion to 0..1, then take the weighted mean.
  Easy to explain; the default.
- ``topsis``: how close each option is to an ideal option and how far from the worst one.
  Written out by hand, step by step, so a reader can follow it; a test checks it against
  pymcdm.

The weights are a judgment as much as the scores, so two functions show how much the
ranking depends on them: ``weight_sweep`` varies one criterion's weight from 0 to 1, and
``random_weight_ranks`` draws thousands of weight vectors at random.

Every function is pure and vectorized (numpy); errors in a parameter raise ``ParameterError``
with one line naming the parameter.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

if TYPE_CHECKING:  # pandas loads lazily: checking weights (before a report starts) needs none
    import pandas as pd

from ..errors import ParameterError
from .weights import _as_dict, _check_weight_values, _normalised, validate_weights

__all__ = [
    "METHODS",
    "normalise",
    "random_weight_ranks",
    "rank",
    "topsis",
    "validate_weights",
    "vega_columns",
    "weight_sweep",
    "weight_sweep_all",
    "weighted_sum",
]

Method = Literal["weighted_sum", "topsis"]
METHODS: tuple[str, ...] = ("weighted_sum", "topsis")
DIRECTIONS = ("benefit", "cost")
#: Scores that differ by less than this count as tied when ranking, so that float noise
#: (0.1 + 0.2 vs 0.3) cannot decide a rank; ties go to the option listed first.
TIE_DECIMALS = 12


def _matrix(matrix: pd.DataFrame) -> np.ndarray:
    """The decision matrix as a float array, after checking it is one."""
    import pandas as pd

    if not isinstance(matrix, pd.DataFrame):
        raise ParameterError(f"parameter matrix: expected a DataFrame of options x criteria, "
                             f"got {type(matrix).__name__}")
    if matrix.empty:
        raise ParameterError("parameter matrix: empty; expected at least one option and one "
                             "criterion")
    if not (matrix.columns.is_unique and matrix.index.is_unique):
        raise ParameterError("parameter matrix: options and criteria must be unique")
    try:
        values = matrix.to_numpy(dtype="float64")
    except (TypeError, ValueError):
        raise ParameterError("parameter matrix: every score must be a number") from None
    if not np.isfinite(values).all():
        raise ParameterError("parameter matrix: every score must be a finite number (no NaN)")
    return values


def _is_cost(directions: Mapping[str, str] | pd.Series, criteria: Sequence[str]) -> np.ndarray:
    """A bool per criterion: True for a cost criterion. Directions of other criteria are
    ignored, so one mapping serves a matrix with fewer columns."""
    directions = _as_dict(directions, "directions", "'benefit' or 'cost'")
    problems = []
    for c in criteria:
        if c not in directions:
            problems.append(f"parameter directions: no direction for criterion {c!r}")
        elif directions[c] not in DIRECTIONS:
            problems.append(f"parameter directions: direction of {c} must be 'benefit' or "
                            f"'cost', got {directions[c]!r}")
    if problems:
        raise ParameterError(problems)
    return np.array([directions[c] == "cost" for c in criteria], dtype=bool)


def _weight_vector(weights: Mapping[str, float] | pd.Series, criteria: Sequence[str]) -> np.ndarray:
    """The weights in the matrix's criteria order, normalised to sum 1.

    Unlike ``validate_weights`` there are no defaults: every criterion needs a weight.
    """
    weights = _as_dict(weights, "weights", "weight")
    problems = [
        f"parameter weights: unknown criterion {name!r} (expected one of {', '.join(criteria)})"
        for name in weights if name not in criteria
    ]
    problems += [f"parameter weights: no weight for criterion {c!r} (complete them with "
                 "validate_weights)" for c in criteria if c not in weights]
    problems += _check_weight_values(weights) if not problems else []
    if problems:
        raise ParameterError(problems)
    return np.array(list(_normalised(weights, criteria).values()))


def _check_method(method: str) -> None:
    if method not in METHODS:
        raise ParameterError(f"parameter method: unknown method {method!r} (expected one of "
                             f"{', '.join(METHODS)})")


def _check_int(value: Any, name: str, minimum: int) -> int:
    if not isinstance(value, numbers.Integral) or isinstance(value, (bool, np.bool_)):
        raise ParameterError(f"parameter {name}: expected a whole number, got {value!r}")
    if value < minimum:
        raise ParameterError(f"parameter {name}: must be >= {minimum}, got {value}")
    return int(value)


# --- the methods, on arrays --------------------------------------------------------------


def _minmax(x: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """Min-max per column to 0..1, cost columns reversed; a flat column becomes 0."""
    low, high = x.min(axis=0), x.max(axis=0)
    span = high - low
    flat = span == 0
    safe = np.where(flat, 1.0, span)
    out = np.where(cost, high - x, x - low) / safe
    return np.where(flat, 0.0, out)


def _weighted_sums(x: np.ndarray, w: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """Weighted sum for each weight vector: w (draws x criteria) -> (draws x options)."""
    return w @ _minmax(x, cost).T


def _topsis(x: np.ndarray, w: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """TOPSIS closeness for each weight vector: w (draws x criteria) -> (draws x options)."""
    norms = np.sqrt((x**2).sum(axis=0))
    r = x / np.where(norms == 0, 1.0, norms)  # a column of zeros stays zero
    v = w[:, None, :] * r[None, :, :]  # draws x options x criteria
    best = np.where(cost, v.min(axis=1), v.max(axis=1))[:, None, :]
    worst = np.where(cost, v.max(axis=1), v.min(axis=1))[:, None, :]
    d_best = np.sqrt(((v - best) ** 2).sum(axis=2))
    d_worst = np.sqrt(((v - worst) ** 2).sum(axis=2))
    total = d_best + d_worst
    # Both distances are 0 only when every weighted criterion is flat: all options tie.
    return np.where(total == 0, 0.5, d_worst / np.where(total == 0, 1.0, total))


_SCORERS = {"weighted_sum": _weighted_sums, "topsis": _topsis}


def _ranks(scores: np.ndarray) -> np.ndarray:
    """Rank positions (1 = best) for each row of scores (draws x options).

    Higher is better; ties (to ``TIE_DECIMALS``) go to the option listed first.
    """
    order = np.argsort(-np.round(scores, TIE_DECIMALS), axis=1, kind="stable")
    ranks = np.empty_like(order)
    positions = np.broadcast_to(np.arange(1, scores.shape[1] + 1), order.shape)
    np.put_along_axis(ranks, order, positions, axis=1)
    return ranks


# --- the public functions ----------------------------------------------------------------


def normalise(
    matrix: pd.DataFrame, directions: Mapping[str, str] | pd.Series
) -> pd.DataFrame:
    """Each criterion rescaled to 0..1, where 1 is always the best option on it.

    Min-max normalisation: ``(x - min) / (max - min)`` for a benefit criterion and
    ``(max - x) / (max - min)`` for a cost criterion, so the least risky option gets 1 on
    ``escalation_risk``. A criterion on which every option scores the same cannot tell
    them apart: it becomes 0 for all (rather than a division by zero), so its weight adds
    nothing to any option.
    """
    import pandas as pd

    x = _matrix(matrix)
    cost = _is_cost(directions, list(matrix.columns))
    return pd.DataFrame(_minmax(x, cost), index=matrix.index, columns=matrix.columns)


def weighted_sum(
    matrix: pd.DataFrame,
    weights: Mapping[str, float] | pd.Series,
    directions: Mapping[str, str] | pd.Series,
) -> pd.Series:
    """Each option's weighted mean of its normalised scores (``normalise``), from 0 to 1.

    ``weights`` must name every criterion of the matrix (``validate_weights`` completes a
    partial set from the defaults); they are divided by their sum. 1 would mean best on every
    criterion that separates the options.
    """
    import pandas as pd

    x = _matrix(matrix)
    criteria = list(matrix.columns)
    w = _weight_vector(weights, criteria)[None, :]
    scores = _weighted_sums(x, w, _is_cost(directions, criteria))[0]
    return pd.Series(scores, index=matrix.index, name="weighted_sum")


def topsis(
    matrix: pd.DataFrame,
    weights: Mapping[str, float] | pd.Series,
    directions: Mapping[str, str] | pd.Series,
) -> pd.Series:
    """TOPSIS closeness of each option to the ideal option, from 0 (worst) to 1 (ideal).

    TOPSIS (Hwang and Yoon, 1981) asks how near each option lies to an imaginary best option
    and how far from an imaginary worst one. With scores ``x[i, j]`` (option i, criterion j)
    and weights ``w[j]`` summing to 1:

    1. Vector normalisation, so criteria on different scales compare:
       ``r[i, j] = x[i, j] / sqrt(sum over i of x[i, j]**2)``.
    2. Weighting: ``v[i, j] = w[j] * r[i, j]``.
    3. The ideal option ``A+`` takes each criterion's best value (the largest ``v`` for a
       benefit, the smallest for a cost); the anti-ideal ``A-`` takes the worst.
    4. Euclidean distances of each option to both:
       ``D+[i] = sqrt(sum over j of (v[i, j] - A+[j])**2)``, and ``D-[i]`` likewise to
       ``A-``.
    5. Closeness ``C[i] = D-[i] / (D+[i] + D-[i])``: 1 for an option that is the ideal,
       0 for one that is the anti-ideal.

    When every weighted criterion is flat the ideal and anti-ideal coincide, both distances
    are 0 for every option, and all options get 0.5 (a tie). A criterion whose scores are all
    0 cannot be vector-normalised and stays 0.
    """
    import pandas as pd

    x = _matrix(matrix)
    criteria = list(matrix.columns)
    w = _weight_vector(weights, criteria)[None, :]
    scores = _topsis(x, w, _is_cost(directions, criteria))[0]
    return pd.Series(scores, index=matrix.index, name="topsis")


def rank(scores: pd.Series) -> list[str]:
    """The options best first (highest score first); ties go to the option listed first.

    Scores equal to ``TIE_DECIMALS`` decimals count as tied, so the order is deterministic.
    """
    import pandas as pd

    if not isinstance(scores, pd.Series):
        raise ParameterError(f"parameter scores: expected a Series of scores per option, "
                             f"got {type(scores).__name__}")
    values = scores.to_numpy(dtype="float64")
    if np.isnan(values).any():
        missing = ", ".join(str(i) for i in scores.index[np.isnan(values)])
        raise ParameterError(f"parameter scores: no score (NaN) for {missing}")
    ranks = _ranks(values[None, :])[0]
    return [str(scores.index[i]) for i in np.argsort(ranks, kind="stable")]


def vega_columns(matrix: pd.DataFrame, directions: Mapping[str, str] | pd.Series,
                 method: Method = "weighted_sum") -> pd.DataFrame:
    """Per option, what its score needs of the analyst's scores once the weights are known,
    for a chart that applies the weights in Vega (``charts.options_score_expr``).

    ``weighted_sum``: ``n_j``, the normalised score on criterion j (``normalise``).
    ``topsis``: ``a_j`` and ``b_j``, the squared distance of the vector-normalised score
    from the best and the worst option's on criterion j. With weights w >= 0 the weighted
    ideal is w times the unweighted one, so ``D+ = sqrt(sum w_j**2 a_j)`` and likewise
    ``D-``: the closeness ``D- / (D+ + D-)`` is ``topsis``'s.
    """
    import pandas as pd

    x = _matrix(matrix)
    cost = _is_cost(directions, list(matrix.columns))
    _check_method(method)
    if method == "weighted_sum":
        cols = {f"n_{j}": col for j, col in enumerate(_minmax(x, cost).T)}
    else:
        norms = np.sqrt((x**2).sum(axis=0))
        r = x / np.where(norms == 0, 1.0, norms)
        best = np.where(cost, r.min(axis=0), r.max(axis=0))
        worst = np.where(cost, r.max(axis=0), r.min(axis=0))
        cols = {**{f"a_{j}": c for j, c in enumerate(((r - best) ** 2).T)},
                **{f"b_{j}": c for j, c in enumerate(((r - worst) ** 2).T)}}
    return pd.DataFrame(cols, index=matrix.index)


def weight_sweep(
    matrix: pd.DataFrame,
    weights: Mapping[str, float] | pd.Series,
    directions: Mapping[str, str] | pd.Series,
    criterion: str,
    steps: int = 21,
    method: Method = "weighted_sum",
) -> pd.DataFrame:
    """How scores and ranks move as one criterion's weight goes from 0 to 1.

    One-at-a-time sensitivity: ``criterion`` takes ``steps`` evenly spaced weights from 0 to
    1; the other criteria share the rest in proportion to their ``weights`` (so their ratios
    stay as the reader set them). If the others all weigh 0 they share the rest equally.

    Returns long form, one row per weight and option: ``criterion``, ``weight``,
    ``option_id`` (categorical in matrix order), ``score`` and ``rank`` (1 = best).
    """
    import pandas as pd

    x = _matrix(matrix)
    criteria = [str(c) for c in matrix.columns]
    if criterion not in criteria:
        raise ParameterError(f"parameter criterion: unknown criterion {criterion!r} (expected "
                             f"one of {', '.join(criteria)})")
    steps = _check_int(steps, "steps", 2)
    _check_method(method)
    base = _weight_vector(weights, criteria)
    j = criteria.index(criterion)
    others = np.delete(base, j)
    share = others / others.sum() if others.sum() > 0 else np.full(len(others), 1 / len(others))
    grid = np.linspace(0.0, 1.0, steps)
    w = np.insert((1.0 - grid)[:, None] * share[None, :], j, grid, axis=1)  # steps x criteria
    scores = _SCORERS[method](x, w, _is_cost(directions, criteria))
    ranks = _ranks(scores)
    n_options = x.shape[0]
    return pd.DataFrame({
        "criterion": criterion,
        "weight": np.repeat(grid, n_options),
        "option_id": pd.Categorical(
            np.tile(np.asarray(matrix.index, dtype=object), steps),
            categories=list(matrix.index),
        ),
        "score": scores.ravel(),
        "rank": ranks.ravel().astype("int64"),
    })


def random_weight_ranks(
    matrix: pd.DataFrame,
    directions: Mapping[str, str] | pd.Series,
    n: int = 10_000,
    seed: int | None = 42,
    method: Method = "weighted_sum",
) -> pd.DataFrame:
    """How often each option comes first when the weights are drawn at random.

    Draws ``n`` weight vectors uniformly from all vectors of weights >= 0 summing to 1 (a
    flat Dirichlet, ``numpy.random.default_rng(seed)``), scores every option under each in
    one vectorized step, and ranks them (ties to the option listed first). An option that
    wins under most weights does not hinge on the reader's choice of weights.

    Returns one row per option (matrix order), indexed by ``option_id``: ``share_first``
    (the share of draws in which it ranks first) and ``mean_rank`` (1 = best).
    """
    import pandas as pd

    x = _matrix(matrix)
    criteria = [str(c) for c in matrix.columns]
    cost = _is_cost(directions, criteria)
    n = _check_int(n, "n", 1)
    if seed is not None:
        seed = _check_int(seed, "seed", 0)
    _check_method(method)
    w = np.random.default_rng(seed).dirichlet(np.ones(len(criteria)), size=n)
    ranks = _ranks(_SCORERS[method](x, w, cost))
    out = pd.DataFrame({
        "share_first": (ranks == 1).mean(axis=0),
        "mean_rank": ranks.mean(axis=0),
    }, index=pd.Index(matrix.index, name="option_id"))
    return out


def weight_sweep_all(
    matrix: pd.DataFrame,
    weights: Mapping[str, float] | pd.Series,
    directions: Mapping[str, str] | pd.Series,
    steps: int = 21,
    method: Method = "weighted_sum",
) -> pd.DataFrame:
    """``weight_sweep`` for every criterion in turn, in one long table."""
    import pandas as pd

    return pd.concat(
        [weight_sweep(matrix, weights, directions, c, steps=steps, method=method)
         for c in matrix.columns],
        ignore_index=True,
    )
