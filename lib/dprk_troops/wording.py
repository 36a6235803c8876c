"""Parameters in a reader's words: 'share of the pay the state keeps: 100%', never
'regime_share = 1 share (0-1)'.

Chart captions, the index, sweep charts and tables name parameters through here, so that
no parameter name (``params.NOTEBOOK_PARAMS``) reaches the text a reader sees; the names
belong to the one "For analysts" block of each page. ``tests/unit/test_wording.py``
checks that every parameter of every notebook has its words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .formats import in_unit

__all__ = ["PARAMETER_LABELS", "drawn_ranges", "param_label", "param_phrase", "range_phrase",
           "swept_phrase", "value_words"]

#: Parameter name -> what a reader calls it (the unit comes with the value).
PARAMETER_LABELS: dict[str, str] = {
    "troops": "troops",
    "pay_usd_per_soldier_month": "pay",
    "months": "length of the deployment",
    "regime_share": "share of the pay the state keeps",
    "troop_schedule": "troop numbers",
    "casualty_rate_per_month": "casualty rate",
    "labour_value_usd_per_soldier_month": "construction work lost at home",
    "in_kind_oil_gas_usd": "oil and gas received",
    "in_kind_technology_usd": "technology received",
    "in_kind_combat_experience_usd": "combat experience gained",
    "mc_ranges": "ranges the Monte Carlo draws from",
    "mc_samples": "Monte Carlo draws",
    "seed": "random seed",
    "russian_losses_per_day": "Russian losses",
    "reference": "force the share is taken of",
    "scale": "chart scale",
    "weights": "weights of the criteria",
    "method": "scoring method",
    "n_draws": "random weightings drawn",
}


def param_label(name: str) -> str:
    """A parameter in words ('regime_share' -> 'share of the pay the state keeps'); a name
    with no entry reads with spaces for underscores."""
    return PARAMETER_LABELS.get(name, name.replace("_", " "))


def _unit(notebook: str | None, name: str) -> str:
    from .params import NOTEBOOK_PARAMS
    from .registry import notebook_stem

    stems = [notebook_stem(notebook)] if notebook else list(NOTEBOOK_PARAMS)
    for stem in stems:
        for p in NOTEBOOK_PARAMS[stem]:
            if p.name == name:
                return p.unit
    return ""


def value_words(name: str, value: Any, notebook: str | None = None) -> str:
    """A parameter's value with its unit: '100%', '12 months', '$2,000 per soldier per
    month' (``notebook``: whose parameter; else the first notebook that has it)."""
    from .tables import param_value

    return param_value(value, _unit(notebook, name))


def param_phrase(name: str, value: Any, notebook: str | None = None) -> str:
    """'share of the pay the state keeps: 100%', 'length of the deployment: 12 months'."""
    return f"{param_label(name)}: {value_words(name, value, notebook)}"


def range_phrase(name: str, low: float, high: float, notebook: str | None = None) -> str:
    """'troops drawn from 1,500 to 13,000 soldiers'; a range of one value says so: 'pay:
    $2,000 per soldier per month in every draw'."""
    unit = _unit(notebook, name)
    (lo, rest), (hi, _) = in_unit(low, unit), in_unit(high, unit)
    if lo == hi:
        return f"{param_label(name)}: {lo}{rest} in every draw"
    return f"{param_label(name)} drawn from {lo} to {hi}{rest}"


def swept_phrase(name: str, values: Sequence[float], notebook: str | None = None) -> str:
    """A swept parameter's values: 'troops: 4 values from 1,500 to 13,000 soldiers'."""
    unit = _unit(notebook, name)
    ordered = sorted(values)
    (lo, rest), (hi, _) = in_unit(ordered[0], unit), in_unit(ordered[-1], unit)
    if len(ordered) == 1:
        return f"{param_label(name)}: {lo}{rest}"
    return f"{param_label(name)}: {len(ordered)} values from {lo} to {hi}{rest}"


def drawn_ranges(ranges: Mapping[str, Sequence[float]], notebook: str | None = None
                 ) -> list[str]:
    """Each Monte Carlo input's range in words, for a chart's caption."""
    return [range_phrase(k, lo, hi, notebook) for k, (lo, hi) in ranges.items()]
