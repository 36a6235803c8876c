"""A notebook's exploration, planned: every argument checked against the notebook's
definition (``workbook``) before anything is evaluated or written."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, ParameterError
from .model import Factor, NotebookModel, notebook_model
from .ranges import factors as checked_factors
from .sampling import check_samples

__all__ = ["Plan", "plan"]


@dataclass(frozen=True)
class Plan:
    """What to explore: the notebook as a model, and its explored factors."""

    model: NotebookModel
    factors: tuple[Factor, ...]


def _stem(notebook: str) -> str:
    from ..workbook import notebook_stem

    try:
        return notebook_stem(notebook)
    except ParameterError as exc:
        raise InputError(f"explore: {exc}") from None


def plan(notebook: str, ranges: Sequence[tuple[str, float, float]], method: str,
         samples: int, fixed: Mapping[str, Any] | None = None, with_mc: bool = False,
         seeds: Path | None = None, extra: Sequence[Path] = ()) -> Plan:
    """The checked plan; InputError (one line) for any bad argument, before any file is
    read but the fact base."""
    from ..workbook import MODULES

    stem = _stem(notebook)
    module = MODULES[stem]
    fixed = dict(fixed or {})
    keyed = getattr(module, "BATCH_KEYS", {})
    factors = checked_factors(module.DEFINITION, ranges, keyed, fixed)
    check_samples(method, samples, len(factors))
    try:
        module.DEFINITION.check(fixed, complete=False)
    except ParameterError as exc:
        raise InputError(f"-p: {exc}") from None
    from ..factbase.facts import load_facts

    facts = load_facts(seeds, list(extra) or None)
    explored = {f.name: f for f in factors}
    try:
        model = notebook_model(stem, facts, fixed, explored, with_mc)
    except ParameterError as exc:
        raise InputError(f"-p: {exc}") from None
    return Plan(model, tuple(factors))
