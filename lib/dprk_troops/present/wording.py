"""Parameters in a reader's words: 'Share of the pay the state keeps: 100%', never
'regime_share = 1 share (0-1)'.

The words are each parameter's own (``Param.label`` and ``Param.unit`` in ``workbook``);
this module puts them together where the report speaks of runs and sweeps: a sweep's runs,
its axes and tables, a sweep run's page. No parameter name reaches the text a reader sees;
the names belong to the one "For analysts" block of each page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .formats import in_unit

__all__ = ["param_label", "param_phrase", "swept_phrase", "value_words"]


def _param(name: str, notebook: str | None) -> Any:
    """A parameter's declaration: ``notebook``'s, else the first notebook's that has it."""
    from ..workbook import NOTEBOOK_PARAMS, notebook_stem

    stems = [notebook_stem(notebook)] if notebook else list(NOTEBOOK_PARAMS)
    for stem in stems:
        for p in NOTEBOOK_PARAMS[stem]:
            if p.name == name:
                return p
    return None


def param_label(name: str, notebook: str | None = None) -> str:
    """A parameter in words ('regime_share' -> 'Share of the pay the state keeps'); a name
    no notebook declares reads with spaces for underscores."""
    p = _param(name, notebook)
    return p.label if p is not None else name.replace("_", " ")


def value_words(name: str, value: Any, notebook: str | None = None) -> str:
    """A parameter's value with its unit: '100%', '12 months', '$2,000 per soldier per
    month'."""
    from .tables import param_value

    p = _param(name, notebook)
    return param_value(value, p.unit if p is not None else "")


def param_phrase(name: str, value: Any, notebook: str | None = None) -> str:
    """'Share of the pay the state keeps: 100%', 'Months the deployment lasts: 12 months'."""
    return f"{param_label(name, notebook)}: {value_words(name, value, notebook)}"


def swept_phrase(name: str, values: Sequence[float], notebook: str | None = None) -> str:
    """A swept parameter's values: 'Months the deployment lasts: 3 values from 6 to 24
    months'."""
    p = _param(name, notebook)
    unit = p.unit if p is not None else ""
    ordered = sorted(values)
    (lo, rest), (hi, _) = in_unit(ordered[0], unit), in_unit(ordered[-1], unit)
    if len(ordered) == 1:
        return f"{param_label(name, notebook)}: {lo}{rest}"
    return f"{param_label(name, notebook)}: {len(ordered)} values from {lo} to {hi}{rest}"
