"""The points an exploration evaluates, drawn by SALib.

``--samples N`` is SALib's N: base samples for Sobol' (N x (D + 2) evaluations for D
parameters, no second-order indices), trajectories for Morris (N x (D + 1)), points for a
Latin hypercube. To check convergence the explorer draws the design of 2N, whose first
rows are the design of N: Sobol' points and Morris trajectories come in a fixed sequence
for a seed, and the first N rows of a Latin hypercube of 2N are a random half of it. The
indices are then computed on the first rows (N) and on all of them (2N).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .model import Factor

if TYPE_CHECKING:
    import numpy as np

__all__ = ["MAX_EVALUATIONS", "METHODS", "MIN_SAMPLES", "Design", "check_samples", "design",
           "evaluations", "problem"]

METHODS = ("sobol", "morris", "lhs")
#: The fewest samples each method's estimates and bootstrap intervals mean anything with:
#: Sobol' base samples (a power of 2: its points are balanced only then), Morris
#: trajectories, and Latin-hypercube points (RBD-FAST with 10 harmonics needs > 20).
MIN_SAMPLES = {"sobol": 64, "morris": 10, "lhs": 32}
#: Morris' grid levels.
MORRIS_LEVELS = 4
#: The most evaluations one exploration may make (2N's design): a typo should not start a
#: day's work.
MAX_EVALUATIONS = 50_000_000
NAMES = {"sobol": "Sobol'", "morris": "Morris", "lhs": "Latin hypercube"}


def rows_per_sample(method: str, d: int) -> int:
    """Evaluations per base sample: Sobol' D + 2, Morris D + 1, a Latin hypercube 1."""
    return {"sobol": d + 2, "morris": d + 1, "lhs": 1}[method]


def evaluations(method: str, n: int, d: int) -> int:
    """Evaluations an exploration of N makes (the design of 2N)."""
    return 2 * n * rows_per_sample(method, d)


def check_samples(method: str, n: int, d: int) -> None:
    """InputError (one line) unless N suits the method."""
    if method not in METHODS:
        raise InputError(f"--method {method}: expected one of {', '.join(METHODS)}")
    least = MIN_SAMPLES[method]
    if n < least:
        raise InputError(f"--samples {n}: too few for {NAMES[method]}: at least {least}")
    if method == "sobol" and n & (n - 1):
        raise InputError(f"--samples {n}: Sobol' points are balanced only at a power of 2 "
                         f"(e.g. {1 << (n.bit_length() - 1)} or {1 << n.bit_length()})")
    if evaluations(method, n, d) > MAX_EVALUATIONS:
        raise InputError(f"--samples {n}: {evaluations(method, n, d):,} evaluations; at most "
                         f"{MAX_EVALUATIONS:,}")


def problem(factors: Sequence[Factor]) -> dict[str, Any]:
    """SALib's problem: names and the ranges sampled."""
    return {"num_vars": len(factors), "names": [f.name for f in factors],
            "bounds": [list(f.bounds) for f in factors]}


@dataclass(frozen=True)
class Design:
    """The sampled points of 2N (rows; columns in the factors' order, as sampled, before
    whole numbers are floored) and how many of its first rows are the design of N."""

    x: np.ndarray
    rows_at_n: int


def design(method: str, factors: Sequence[Factor], n: int, seed: int) -> Design:
    """The design of 2N for ``method``; the same arguments give the same points."""
    prob = problem(factors)
    if method == "sobol":
        from SALib.sample import sobol

        x = sobol.sample(prob, 2 * n, calc_second_order=False, scramble=True, seed=seed)
    elif method == "morris":
        from SALib.sample import morris

        x = morris.sample(prob, 2 * n, num_levels=MORRIS_LEVELS, seed=seed)
    else:
        from SALib.sample import latin

        x = latin.sample(prob, 2 * n, seed=seed)
    return Design(x, n * rows_per_sample(method, len(factors)))
