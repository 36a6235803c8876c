"""Defaults read from the fact base: each a rule in words and the rows it picks.

A ``FactDefault`` is evaluated when a notebook runs, on the fact table the notebook loaded
(``load_facts``, so ``--seeds`` and extra fact files count): a corrected or newer fact
moves the default, and the parameters table names the rows it came from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import ParameterError
from .spec import FactDefault

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["latest_figure", "median_figure", "ratio_per_month"]


def _figures(facts: pd.DataFrame, quantity: str) -> pd.DataFrame:
    rows = facts[(facts["quantity"] == quantity) & facts["value"].notna()]
    if rows.empty:
        raise ParameterError(f"no figure in the fact base for {quantity!r}: give the parameter "
                             "a value, or add a fact of that quantity")
    return rows


def _latest(facts: pd.DataFrame, quantity: str) -> tuple[float, tuple[str, ...]]:
    rows = _figures(facts, quantity)
    newest = rows[rows["as_of"] == rows["as_of"].max()]
    return float(newest["value"].median()), tuple(map(str, newest["fact_id"]))


def _median(facts: pd.DataFrame, quantity: str) -> tuple[float, tuple[str, ...]]:
    rows = _figures(facts, quantity)
    return float(rows["value"].median()), tuple(map(str, rows["fact_id"]))


def latest_figure(quantity: str, rule: str) -> FactDefault:
    """The figure with the latest date the fact base gives for ``quantity`` (the median of
    several given for that date)."""
    return FactDefault(rule, lambda facts: _latest(facts, quantity))


def median_figure(quantity: str, rule: str) -> FactDefault:
    """The median of every figure the fact base gives for ``quantity``."""
    return FactDefault(rule, lambda facts: _median(facts, quantity))


def ratio_per_month(numerator: str, denominator: str, rule: str,
                    per_month: Callable[[float, float], float]) -> FactDefault:
    """``per_month(median numerator, median denominator)``: a rate from two quantities."""
    def pick(facts: pd.DataFrame) -> tuple[Any, tuple[str, ...]]:
        top, top_ids = _median(facts, numerator)
        bottom, bottom_ids = _median(facts, denominator)
        return per_month(top, bottom), top_ids + bottom_ids

    return FactDefault(rule, pick)
