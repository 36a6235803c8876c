"""The explored ranges (``--range NAME=LOW..HIGH``), checked against a notebook's
definition before anything is evaluated or written: one line per problem.

What can be explored: a number that is a fact or an assumption (``troops``, ``months``,
``regime_share``...), and a key of a mapping whose keys ``evaluate_batch`` takes as arrays
(notebook 03's ``weights.deterrence``). Not explored: a choice (``troop_schedule``: fix it
with ``-p``), a setting (the seeds and sizes of the random draws: held fixed, so that every
evaluation draws the same random numbers), and the Monte Carlo's spreads (they shape the
band the Monte Carlo summarises, and ``evaluate_batch`` takes one set per batch).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import InputError
from ..workbook.spec import Definition, Param, key_labels
from .model import Factor

__all__ = ["explorable", "factors", "parse_range"]


def parse_range(text: str) -> tuple[str, float, float]:
    """``NAME=LOW..HIGH`` as (name, low, high); InputError names the bad argument."""
    name, sep, raw = text.partition("=")
    low, dots, high = raw.partition("..")
    try:
        if not (sep and dots and name.strip()):
            raise ValueError
        bounds = float(low), float(high)
    except ValueError:
        raise InputError(f"--range {text}: expected NAME=LOW..HIGH, two numbers") from None
    if not all(math.isfinite(b) for b in bounds):
        raise InputError(f"--range {text}: expected two finite numbers")
    return name.strip(), bounds[0], bounds[1]


def explorable(definition: Definition, keyed: Mapping[str, Sequence[str]]) -> list[str]:
    """The names a notebook can explore, in its parameters' order."""
    out = []
    for p in definition.params:
        if p.name in keyed:
            out += [f"{p.name}.{k}" for k in keyed[p.name]]
        elif p.type in ("int", "float") and p.kind != "setting":
            out.append(p.name)
    return out


def _why_not(p: Param, key: str, keyed: Mapping[str, Sequence[str]]) -> str | None:
    """Why a parameter (or one of its keys) cannot be explored; None when it can."""
    if p.choices:
        return (f"a choice (one of {', '.join(p.choices)}), not a number: fix it with "
                f"-p {p.name}=VALUE")
    if p.type == "dict" and p.name not in keyed:
        return ("shapes the band the Monte Carlo summarises and is one mapping per "
                f"evaluation: not explored; set it with -p {p.name}=MAPPING")
    if p.type == "dict" and not key:
        return (f"a mapping: explore its keys one by one, e.g. "
                f"{p.name}.{keyed[p.name][0]}=0..1")
    if p.type == "dict" and key not in keyed[p.name]:
        return f"unknown key {key!r} (expected one of {', '.join(keyed[p.name])})"
    if p.type != "dict" and key:
        return "not a mapping: it has no keys"
    if p.kind == "setting":
        return (f"a setting, held fixed so that every evaluation draws the same random "
                f"numbers; set it with -p {p.name}=VALUE")
    return None


def _check_bounds(p: Param, name: str, low: float, high: float) -> str | None:
    if not low < high:
        return f"{low:g}..{high:g}: expected LOW < HIGH"
    if p.type == "int" and not (low.is_integer() and high.is_integer()):
        return f"{low:g}..{high:g}: {p.name} takes whole numbers"
    lowest = 0.0 if p.type == "dict" else p.minimum
    if (lowest is not None and low < lowest) or (p.maximum is not None and high > p.maximum):
        expected = "a weight >= 0" if p.type == "dict" else p.describe_range()
        return f"{low:g}..{high:g}: outside the parameter's bounds ({expected})"
    return None


#: How a key of a mapping reads as a parameter of its own ("Weight of deterrence of ...").
KEYED_LABELS = {"weights": "Weight of {}", "mc_spreads": "Spread of {}"}


def _key_label(definition: Definition, p: Param, key: str) -> str:
    words = key_labels(definition, p).get(key, key.replace("_", " "))
    words = words[:1].lower() + words[1:]
    return KEYED_LABELS.get(p.name, p.label + ": {}").format(words)


def factors(definition: Definition, ranges: Sequence[tuple[str, float, float]],
            keyed: Mapping[str, Sequence[str]], fixed: Mapping[str, Any] | None = None
            ) -> list[Factor]:
    """The explored factors, every range checked; InputError names the first bad one.
    ``fixed`` are the ``-p`` values: a parameter is either fixed or explored (a mapping's
    other keys may be fixed while one is explored)."""
    out: list[Factor] = []
    fixed = fixed or {}
    if not ranges:
        raise InputError("explore: give at least one --range NAME=LOW..HIGH (explorable: "
                         f"{', '.join(explorable(definition, keyed))})")
    for name, *bounds in ranges:
        low, high = map(float, bounds)
        where = f"--range {name}"
        head, _, key = name.partition(".")
        try:
            p = definition.param(head)
        except Exception:  # noqa: BLE001 - ParameterError: unknown name
            raise InputError(f"{where}: unknown parameter for {definition.stem} (explorable: "
                             f"{', '.join(explorable(definition, keyed))})") from None
        problem = _why_not(p, key, keyed) or _check_bounds(p, name, low, high)
        if problem is None and any(f.name == name for f in out):
            problem = "given twice"
        if problem is None and not key and head in fixed:
            problem = f"given both as a range and as -p {head}"
        if problem is not None:
            raise InputError(f"{where}: {problem}")
        label = _key_label(definition, p, key) if key else p.label
        unit = ("share" if p.name == "mc_spreads" else "") if key else p.unit
        out.append(Factor(name, low, high, p.type == "int", label, unit))
    return out
