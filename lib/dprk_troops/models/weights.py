"""Checking a reader's weights for notebook 03: pure Python, so that checking a report's
parameters (before any kernel starts) imports neither numpy nor pandas."""

from __future__ import annotations

import math
import numbers
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import ParameterError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["validate_weights"]


# --- parameter checks --------------------------------------------------------------------


def _is_number(x: Any) -> bool:
    """A real number, but not a bool (True is an int to Python, not a weight to us)."""
    numpy = sys.modules.get("numpy")  # not imported yet: x cannot be a numpy bool
    bools = (bool,) if numpy is None else (bool, numpy.bool_)
    return isinstance(x, numbers.Real) and not isinstance(x, bools)


def _as_dict(value: Any, name: str, what: str) -> dict[Any, Any]:
    pandas = sys.modules.get("pandas")  # not imported yet: value cannot be a Series
    if pandas is not None and isinstance(value, pandas.Series):
        return value.to_dict()
    if not isinstance(value, Mapping):
        raise ParameterError(f"parameter {name}: expected a mapping of criterion to {what}, "
                             f"got {type(value).__name__}")
    return dict(value)


def _check_weight_values(weights: Mapping[str, Any]) -> list[str]:
    """One problem per weight that is not a finite number >= 0; then, whether any is > 0."""
    problems = []
    for name, w in weights.items():
        if not _is_number(w):
            problems.append(f"parameter weights: weight of {name} must be a number, got {w!r}")
        elif not math.isfinite(w):
            problems.append(f"parameter weights: weight of {name} must be a finite number, "
                            f"got {w!r}")
        elif w < 0:
            problems.append(f"parameter weights: weight of {name} must be >= 0, got {w!r}")
    if not problems and math.fsum(float(w) for w in weights.values()) <= 0:
        problems.append("parameter weights: all weights are 0; give at least one criterion a "
                        "weight above 0")
    return problems


def _normalised(weights: Mapping[str, Any], order: Sequence[str]) -> dict[str, float]:
    total = math.fsum(float(weights[c]) for c in order)
    return {c: float(weights[c]) / total for c in order}


def validate_weights(
    weights: Mapping[str, float] | pd.Series | None, defaults: Mapping[str, float] | pd.Series
) -> dict[str, float]:
    """A reader's weights, checked, completed from ``defaults`` and normalised to sum 1.

    ``weights`` may name only known criteria (the keys of ``defaults``); a criterion it
    omits keeps its default weight, so ``{"escalation_risk": 0.5}`` changes one weight and
    leaves the others alone. Every weight must be a finite number >= 0 (a bool is not a
    number here) and at least one must be above 0. ``None`` means the defaults.

    Returns the weights in the defaults' order, divided by their sum. Raises ParameterError
    listing every problem, one line each, e.g.
    ``parameter weights: unknown criterion 'cost' (expected one of deterrence, ...)``.
    """
    defaults = _as_dict(defaults, "defaults", "default weight")
    weights = {} if weights is None else _as_dict(weights, "weights", "weight")
    known = list(defaults)
    problems = [
        f"parameter weights: unknown criterion {name!r} (expected one of {', '.join(known)})"
        for name in weights if name not in defaults
    ]
    merged = {c: weights.get(c, defaults[c]) for c in known}
    problems += _check_weight_values(merged) if not problems else []
    if problems:
        raise ParameterError(problems)
    return _normalised(merged, known)
