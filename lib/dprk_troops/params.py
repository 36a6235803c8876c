"""Every notebook parameter, defined once: type, default, unit, kind and a one-line reason.

A parameter is a **fact** (its default comes from the fact base: the reason names the
fact_ids), an **assumption** (the seeds give no figure: the reason says why this default)
or a **setting** (how the notebook computes or shows things). Notebooks validate their
parameters here first thing (``check_params``), papermill's ``-p``/``-y`` values included,
and ``dprk-troops params NOTEBOOK`` prints these specs. ``tests/test_notebooks.py`` checks
that each notebook's ``parameters`` cell holds exactly these names and defaults.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .errors import ParameterError
from .registry import notebook_stem

__all__ = ["NOTEBOOK_PARAMS", "Param", "check_params", "check_value", "notebook_stem"]

Kind = Literal["fact", "assumption", "setting"]
Type = Literal["int", "float", "str", "dict"]


@dataclass(frozen=True)
class Param:
    """One notebook parameter."""

    name: str
    type: Type
    default: Any
    unit: str
    kind: Kind
    reason: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()

    def describe_range(self) -> str:
        if self.choices:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        noun = "a whole number" if self.type == "int" else "a number"
        if self.minimum is not None and self.maximum is not None:
            return f"{noun} from {_fmt(self.minimum)} to {_fmt(self.maximum)}"
        if self.minimum is not None:
            return f"{noun} >= {_fmt(self.minimum)}"
        return noun


def _fmt(x: float) -> str:
    return f"{x:g}" if abs(x) < 1e6 else f"{x:,.0f}"


#: The Monte Carlo ranges notebook 01 draws from, as [low, high] per parameter.
MC_RANGE_KEYS = ("troops", "months", "regime_share", "casualty_rate_per_month")

NOTEBOOK_PARAMS: dict[str, tuple[Param, ...]] = {
    "01_cost_vs_revenue": (
        Param("troops", "int", 10_000, "soldiers", "fact",
              "about 10,000 in Russia by late October 2024 (nos1_blinken_10000, "
              "bnr_tienduizend_lead, ana_dprk_troops_kursk_pentagon)", 0, 2_000_000),
        Param("pay_usd_per_soldier_month", "float", 2000.0, "USD per soldier per month", "fact",
              "both sources that give a price say 2000 dollars (nos1_pay_2000, bnr_pay_2000)",
              0, 100_000),
        Param("months", "int", 12, "months", "assumption",
              "one year: the seeds give no duration for the deployment", 0, 120),
        Param("regime_share", "float", 1.0, "share (0-1)", "assumption",
              "the seeds say Pyongyang is paid, not how much reaches the soldiers: all of it",
              0, 1),
        Param("troop_schedule", "str", "reported", "", "setting",
              "'reported': troops grow month by month as reported (1,500, then 10,000, then "
              "12,750) and then hold; 'constant': `troops` from the first month",
              choices=("reported", "constant")),
        Param("casualty_rate_per_month", "float", 0.06, "share of deployed soldiers per month",
              "assumption",
              "Russia's own rate: 1,200 killed or wounded a day among 600,000 at the front "
              "(nos1_russian_losses_1200, nos1_russian_front_600000)", 0, 1),
        Param("labour_value_usd_per_soldier_month", "float", 0.0, "USD per soldier per month",
              "assumption",
              "most soldiers build roads and tunnels at home (nos1_dprk_troops_construction); "
              "the seeds give no value, so 0 until you set one", 0, 100_000),
        Param("in_kind_oil_gas_usd", "float", 0.0, "USD, whole deployment", "assumption",
              "oil and gas are named as gains (nos1_dprk_gains_oil_gas, nos2_gains_oil_gas) "
              "but the seeds give no figure", 0, 1e12),
        Param("in_kind_technology_usd", "float", 0.0, "USD, whole deployment", "assumption",
              "space, satellite and nuclear technology are hoped for (ana_kim_hopes_tech_sharing,"
              " ana_pact_cooperation_areas) but the seeds give no figure", 0, 1e12),
        Param("in_kind_combat_experience_usd", "float", 0.0, "USD, whole deployment",
              "assumption",
              "combat experience is named as a gain (nos1_dprk_combat_experience, "
              "ana_shea_kim_motive_battle_hardened) but has no price in the seeds", 0, 1e12),
        Param("mc_ranges", "dict",
              {"troops": [1500, 13000], "months": [6, 24], "regime_share": [0.5, 1.0],
               "casualty_rate_per_month": [0.01, 0.06]},
              "[low, high] per parameter", "assumption",
              "troops span the reported figures (1,500 to 13,000: nos2_nis_first_group_1500, "
              "ana_dprk_troops_russia_appathurai); the other spans are assumptions"),
        Param("mc_samples", "int", 100_000, "draws", "setting",
              "enough for stable 5th and 95th percentiles", 1, 10_000_000),
        Param("seed", "int", 42, "", "setting", "fixed so every run draws the same numbers",
              0, 2**32 - 1),
    ),
    "02_troop_comparisons": (
        Param("troops", "int", 10_000, "soldiers", "fact",
              "about 10,000 in Russia by late October 2024 (nos1_blinken_10000, "
              "bnr_tienduizend_lead, ana_dprk_troops_kursk_pentagon)", 0, 2_000_000),
        Param("russian_losses_per_day", "float", 1200.0, "killed or wounded per day", "fact",
              "three sources give 1,200 (nos1_russian_losses_1200, ana_russian_losses_per_day, "
              "bnr_losses_1200_per_day)", 1, 100_000),
        Param("reference", "str", "dprk_army_size", "", "setting",
              "which force the deployment is shown as a share of",
              choices=("dprk_army_size", "dprk_elite_forces", "russian_front_troops",
                       "rok_army_size", "rok_reservists", "russia_mobilisation_2022",
                       "rok_vietnam_deployment")),
        Param("scale", "str", "log", "", "setting",
              "a log scale shows 10,000 and 3.5 million on one axis",
              choices=("log", "linear")),
    ),
    "03_south_korea_options": (
        Param("weights", "dict",
              {"deterrence": 0.25, "escalation_risk": 0.2, "domestic_support": 0.2,
               "legal_feasibility": 0.15, "value_to_allies": 0.2},
              "criterion -> weight (normalised to sum 1)", "assumption",
              "the default weights in seeds/option_scores.yaml: an analyst's judgment"),
        Param("method", "str", "weighted_sum", "", "setting",
              "weighted sum is the headline; TOPSIS is the cross-check",
              choices=("weighted_sum", "topsis")),
        Param("n_draws", "int", 10_000, "random weight draws", "setting",
              "enough to estimate how often each option ranks first", 1, 1_000_000),
        Param("seed", "int", 42, "", "setting", "fixed so every run draws the same weights",
              0, 2**32 - 1),
    ),
}


def _is_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def check_value(p: Param, value: Any) -> Any:
    """One parameter's value, checked (ints stay ints, ints are accepted for floats)."""
    bad = f"parameter {p.name}: expected {p.describe_range()}, got {value!r}"
    if p.type in ("int", "float"):
        if not _is_number(value) or (p.type == "int" and not float(value).is_integer()):
            raise ParameterError(bad)
        if (p.minimum is not None and value < p.minimum) or (
            p.maximum is not None and value > p.maximum
        ):
            raise ParameterError(bad)
        return int(value) if p.type == "int" else float(value)
    if p.type == "str":
        if not isinstance(value, str) or (p.choices and value not in p.choices):
            raise ParameterError(bad)
        return value
    if not isinstance(value, Mapping):
        raise ParameterError(f"parameter {p.name}: expected a mapping ({p.unit}), got {value!r}")
    return _CHECK_DICT[p.name](p, dict(value))


def _check_mc_ranges(p: Param, ranges: dict[str, Any]) -> dict[str, list[float]]:
    specs = {q.name: q for q in NOTEBOOK_PARAMS["01_cost_vs_revenue"]}
    out = dict(p.default)
    for key, pair in ranges.items():
        if key not in MC_RANGE_KEYS:
            raise ParameterError(f"parameter mc_ranges: unknown key {key!r} (expected one of "
                                 f"{', '.join(MC_RANGE_KEYS)})")
        if not (isinstance(pair, list | tuple) and len(pair) == 2):
            raise ParameterError(f"parameter mc_ranges: {key}: expected [low, high], got {pair!r}")
        low, high = (check_value(specs[key], x) for x in pair)
        if low > high:
            raise ParameterError(f"parameter mc_ranges: {key}: low {low:g} > high {high:g}")
        out[key] = [low, high]
    return out


def _check_weights(p: Param, weights: dict[str, Any]) -> dict[str, float]:
    from .models.weights import validate_weights

    return validate_weights(weights, p.default)


_CHECK_DICT = {"mc_ranges": _check_mc_ranges, "weights": _check_weights}


def check_params(notebook: str, **values: Any) -> dict[str, Any]:
    """Check a notebook's parameters; raise ParameterError naming the first bad one.

    Every parameter of the notebook must be given; an unknown name is an error too.
    """
    specs = {p.name: p for p in NOTEBOOK_PARAMS[notebook_stem(notebook)]}
    unknown = sorted(set(values) - set(specs))
    if unknown:
        raise ParameterError(f"unknown parameter {unknown[0]!r} for {notebook} (expected one "
                             f"of {', '.join(specs)})")
    missing = [name for name in specs if name not in values]
    if missing:
        raise ParameterError(f"parameter {missing[0]}: missing")
    return {name: check_value(specs[name], values[name]) for name in specs}
