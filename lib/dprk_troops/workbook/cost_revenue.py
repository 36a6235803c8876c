"""Notebook 01, defined once: what the deployment earns Pyongyang, and what it costs.

``troops`` is the level the deployment grows to. Under the reported schedule (the default)
the force grows in the steps the sources reported (1,500, then 10,000, then 12,750
soldiers, a month each) scaled to end at ``troops``; under the constant schedule the full
force serves from the first month. Killed or wounded soldiers are replaced, so the force
keeps its size; ``soldiers_sent`` counts the force plus those replacements.

The Monte Carlo draws every uncertain input around this run's own values (its troops,
pay, months, share and casualty rate), each a stated share either way (``mc_spreads``),
so that its band answers the page's question: how sure is this run's figure?

``evaluate_batch`` computes every numeric result for arrays of points at once (an
exploration evaluates thousands); ``evaluate``, which the notebook calls, is one point of
it, so the two agree by construction.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import ParameterError
from .facts_defaults import latest_figure, median_figure, ratio_per_month
from .spec import CELL_IMPORTS, Definition, Param, ResultSpec, seed_param

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from ..models.revenue import MonteCarloResult, Schedule

__all__ = [
    "DEFINITION",
    "MC_SPREAD_REASONS",
    "Detail",
    "Inputs",
    "detail",
    "evaluate",
    "evaluate_batch",
    "inputs",
]

STEM = "01_cost_vs_revenue"


def _russian_rate(losses_per_day: float, front: float) -> float:
    from ..models.revenue import loss_rate_per_month

    return loss_rate_per_month(losses_per_day, front)


#: Why each input of the Monte Carlo may lie as far from the run's value as it does, and
#: the fact rows that reason leans on.
MC_SPREAD_REASONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "troops": (("two weeks apart the sources gave about 10,000 and 12,500 to 13,000 "
                "soldiers: a fifth either way"),
               ("nos1_blinken_10000", "ana_dprk_troops_russia_appathurai")),
    "months": ("no source says how long the soldiers stay: half the run's length either way",
               ()),
    "regime_share": (("no source says how much of the pay reaches the soldiers: a quarter "
                      "either way, never above all of it"), ()),
    "casualty_rate_per_month": (("the rate is Russia's, borrowed; no source counts North "
                                 "Korean losses: half either way"),
                                ("nos1_russian_losses_1200",)),
    "pay_usd_per_soldier_month": (("both articles state the price without naming who gave "
                                   "it: a quarter either way"),
                                  ("nos1_pay_2000", "bnr_pay_2000")),
}
#: Shared with notebook 02: both take the deployment's size from the same rule.
TROOPS_DEFAULT = latest_figure("dprk_troops_in_russia",
                               "the latest figure the sources give for the soldiers in Russia")
MC_SPREADS = {"troops": 0.2, "months": 0.5, "regime_share": 0.25,
              "casualty_rate_per_month": 0.5, "pay_usd_per_soldier_month": 0.25}

PARAMS: tuple[Param, ...] = (
    Param("troops", "int", None, "soldiers", "fact",
          "the most recent reported size of the deployment; under the reported schedule the "
          "force grows to it in the reported steps", "Soldiers the deployment grows to",
          0, 2_000_000, step=500, lab_maximum=50_000, fact_default=TROOPS_DEFAULT),
    Param("pay_usd_per_soldier_month", "float", None, "USD per soldier per month", "fact",
          "what Russia pays per soldier per month, as the articles report it",
          "Pay per soldier per month", 0, 100_000, step=100, lab_maximum=5_000,
          fact_default=median_figure("dprk_pay_usd_per_soldier_month",
                                     "the price per soldier the sources give (their median)")),
    Param("months", "int", 12, "months", "assumption",
          "one year: the sources give no duration for the deployment",
          "Months the deployment lasts", 0, 120, step=1, lab_maximum=48),
    Param("regime_share", "float", 1.0, "share (0-1)", "assumption",
          "the sources say Pyongyang is paid, not how much reaches the soldiers: all of it",
          "Share of the pay the state keeps", 0, 1, step=0.05),
    Param("troop_schedule", "str", "reported", "", "setting",
          "by default the force builds up as the sources reported it, scaled to end at the "
          "size set; the other choice puts the full force in Russia from the first month",
          "How the force builds up", choices=("reported", "constant"),
          choice_labels={"reported": "reported (grows as reported)"}),
    Param("casualty_rate_per_month", "float", None, "share of deployed soldiers per month",
          "assumption",
          "we assume North Korean soldiers suffer Russia's own rate; no source counts their "
          "losses", "Killed or wounded per month, share of the force", 0, 1, step=0.01,
          lab_maximum=0.3,
          fact_default=ratio_per_month(
              "russian_losses_per_day", "russian_front_troops",
              "Russia's own loss rate: its killed or wounded a day, over a month, among its "
              "soldiers at the front", _russian_rate)),
    Param("labour_value_usd_per_soldier_month", "float", 0.0, "USD per soldier per month",
          "assumption",
          "most soldiers build roads and tunnels at home, but the sources put no value on "
          "that work, so it counts as nothing unless set",
          "Value of a soldier's construction work at home, per month", 0, 100_000,
          cites=("nos1_dprk_troops_construction",)),
    Param("in_kind_oil_gas_usd", "float", 0.0, "USD, whole deployment", "assumption",
          "oil and gas are named as gains but the sources give no figure",
          "Value of oil and gas received", 0, 1e12,
          cites=("nos1_dprk_gains_oil_gas", "nos2_gains_oil_gas")),
    Param("in_kind_technology_usd", "float", 0.0, "USD, whole deployment", "assumption",
          "space, satellite and nuclear technology are hoped for, but the sources give no "
          "figure", "Value of technology received", 0, 1e12,
          cites=("ana_kim_hopes_tech_sharing", "ana_pact_cooperation_areas")),
    Param("in_kind_combat_experience_usd", "float", 0.0, "USD, whole deployment",
          "assumption",
          "combat experience is named as a gain but has no price in the sources",
          "Value of the combat experience gained", 0, 1e12,
          cites=("nos1_dprk_combat_experience", "ana_shea_kim_motive_battle_hardened")),
    Param("mc_spreads", "dict", MC_SPREADS,
          "share of the run's value, either way", "assumption",
          "; ".join(reason for reason, _ in MC_SPREAD_REASONS.values()),
          "How far each uncertain input may lie from this run's value",
          cites=tuple(f for _, ids in MC_SPREAD_REASONS.values() for f in ids)),
    Param("mc_samples", "int", 100_000, "draws", "setting",
          "enough for stable 5th and 95th percentiles; fewer than 1,000 give none",
          "Monte Carlo draws", 1_000, 10_000_000),
    seed_param("numbers"),
)

RESULTS: tuple[ResultSpec, ...] = (
    ResultSpec("cash_revenue_usd", "Cash revenue over the deployment", "usd",
               "the pay Russia gives for the soldiers that the state keeps, added up over "
               "the whole deployment, with the force building up as the schedule says",
               key=True),
    ResultSpec("cash_revenue_usd_per_year", "Cash revenue per year", "usd",
               "the cash revenue over the deployment, spread evenly over its months and "
               "given for twelve of them", key=True),
    ResultSpec("cash_revenue_usd_constant", "Cash revenue had the full force served from "
               "the start", "usd",
               "the same, with every soldier serving from the first month: soldiers x pay "
               "x months x the share the state keeps"),
    ResultSpec("soldier_months", "Soldier-months served", "soldier_months",
               "the soldiers in Russia each month, added up over the deployment: the cash "
               "revenue is this x the pay x the share the state keeps"),
    ResultSpec("mc_p5_usd", "Revenue band, low (5th percentile)", "usd",
               "1 in 20 Monte Carlo draws around this run's values earns less", key=True),
    ResultSpec("mc_median_usd", "Revenue band, middle (median)", "usd",
               "half the Monte Carlo draws around this run's values earn less", key=True),
    ResultSpec("mc_p95_usd", "Revenue band, high (95th percentile)", "usd",
               "19 in 20 Monte Carlo draws around this run's values earn less", key=True),
    ResultSpec("expected_casualties", "Killed or wounded, expected", "soldiers",
               "over the whole deployment, at the assumed monthly rate, each replaced so "
               "that the force keeps its size", key=True),
    ResultSpec("mc_casualties_p5", "Killed or wounded, low (5th percentile)", "soldiers",
               "1 in 20 Monte Carlo draws around this run's values loses fewer"),
    ResultSpec("mc_casualties_p95", "Killed or wounded, high (95th percentile)", "soldiers",
               "19 in 20 Monte Carlo draws around this run's values lose fewer"),
    ResultSpec("soldiers_sent", "Soldiers sent in all", "soldiers",
               "the force at its largest plus the replacements for those killed or wounded",
               key=True),
    ResultSpec("forgone_labour_usd", "Construction work lost at home", "usd",
               "the soldier-months served x the value of a soldier's work at home per month "
               "(an assumption; 0 unless set)"),
    ResultSpec("in_kind_usd", "In-kind gains", "usd",
               "oil and gas, technology and combat experience, as valued by whoever set "
               "them (assumptions; 0 unless set)"),
)


def _check_spreads(p: Param, spreads: dict[str, Any]) -> dict[str, float]:
    out = dict(p.default)
    for key, value in spreads.items():
        if key not in MC_SPREADS:
            raise ParameterError(f"parameter mc_spreads: unknown input {key!r} (expected one "
                                 f"of {', '.join(MC_SPREADS)})")
        if not (isinstance(value, int | float) and not isinstance(value, bool)
                and math.isfinite(value) and 0 <= value <= 1):
            raise ParameterError(f"parameter mc_spreads: {key}: expected a share from 0 to 1 "
                                 f"of the run's value, got {value!r}")
        out[key] = float(value)
    return out


@dataclass(frozen=True)
class Inputs:
    """What notebook 01 needs of the fact base, read once."""

    reported: Schedule
    constant: Schedule
    #: The fact rows of the reported steps, in order.
    steps: tuple[str, ...]

    def plan(self, troop_schedule: str) -> Schedule:
        return self.reported if troop_schedule == "reported" else self.constant


def inputs(facts: pd.DataFrame) -> Inputs:
    from ..models import revenue

    steps = revenue.troop_steps(facts)
    return Inputs(revenue.schedule(steps), revenue.schedule(None),
                  tuple(f for _, _, f in steps))


_BOUNDS = {p.name: (p.minimum, p.maximum) for p in PARAMS}


def _mc_quantiles(plan: Schedule, v: Mapping[str, Any], chunk: int = 2_000_000
                  ) -> dict[str, np.ndarray]:
    """The Monte Carlo's 5th, 50th and 95th percentile of the cash revenue, and the 5th and
    95th of the casualties, at every point, the same uniform numbers for every point
    (common random numbers)."""
    import numpy as np

    from ..models import revenue

    u = revenue.uniforms(int(v["mc_samples"]), int(v["seed"]))
    names = revenue.MC_INPUTS
    points = {k: np.atleast_1d(np.asarray(v[k], dtype=float)) for k in names}
    k = max(len(a) for a in points.values())
    points = {name: np.broadcast_to(a, (k,)) for name, a in points.items()}
    out = np.empty((5, k))
    step = max(1, chunk // max(len(u), 1))
    for start in range(0, k, step):
        part = {name: a[start:start + step, None] for name, a in points.items()}
        draw = revenue.draw_inputs(part, v["mc_spreads"], _BOUNDS, u)
        scale, served = plan.scale(draw["troops"]), plan.served(draw["months"])
        cash = revenue.cash_revenue_usd(scale, draw["pay_usd_per_soldier_month"], served,
                                        draw["regime_share"])
        out[:3, start:start + step] = np.percentile(cash, [5, 50, 95], axis=1)
        casualties = scale * served * draw["casualty_rate_per_month"]
        out[3:, start:start + step] = np.percentile(casualties, [5, 95], axis=1)
    names = ("mc_p5_usd", "mc_median_usd", "mc_p95_usd", "mc_casualties_p5",
             "mc_casualties_p95")
    return dict(zip(names, out, strict=True))


def evaluate_batch(inp: Inputs, v: Mapping[str, Any], with_mc: bool = True
                   ) -> dict[str, np.ndarray]:
    """Every numeric result at many points: each numeric parameter a number or an array
    (of one length), ``troop_schedule`` one choice for all. Pure and vectorised."""
    import numpy as np

    from ..models import revenue

    plan = inp.plan(v["troop_schedule"])
    arr = {name: np.asarray(v[name], dtype=float) for name in (
        "troops", "pay_usd_per_soldier_month", "months", "regime_share",
        "casualty_rate_per_month", "labour_value_usd_per_soldier_month",
        "in_kind_oil_gas_usd", "in_kind_technology_usd", "in_kind_combat_experience_usd")}
    months = arr["months"]
    scale, served = plan.scale(arr["troops"]), plan.served(months)
    cash = revenue.cash_revenue_usd(scale, arr["pay_usd_per_soldier_month"], served,
                                    arr["regime_share"])
    soldier_months = scale * served
    casualties = soldier_months * arr["casualty_rate_per_month"]
    out = {
        "cash_revenue_usd": cash,
        "cash_revenue_usd_per_year": np.where(months > 0, cash * 12 / np.where(
            months > 0, months, 1), 0.0),
        "cash_revenue_usd_constant": revenue.cash_revenue_usd(
            arr["troops"], arr["pay_usd_per_soldier_month"], months, arr["regime_share"]),
        "soldier_months": soldier_months,
        "expected_casualties": casualties,
        "soldiers_sent": scale * plan.sent_by(months) + casualties,
        "forgone_labour_usd": soldier_months * arr["labour_value_usd_per_soldier_month"],
        "in_kind_usd": arr["in_kind_oil_gas_usd"] + arr["in_kind_technology_usd"]
        + arr["in_kind_combat_experience_usd"],
    }
    if with_mc:
        out.update(_mc_quantiles(plan, v))
    shape = np.broadcast_shapes(*(np.shape(a) for a in out.values()))
    return {name: np.broadcast_to(out.get(name), shape) for name in
            [r.name for r in RESULTS] if name in out}


def evaluate(facts: pd.DataFrame, values: Mapping[str, Any]) -> dict[str, Any]:
    """Every result notebook 01 records, from resolved parameter values: one point of
    ``evaluate_batch``."""
    batch = evaluate_batch(inputs(facts), values)
    return {name: float(a.reshape(-1)[0]) for name, a in batch.items()}


@dataclass(frozen=True)
class Detail:
    """What notebook 01's charts draw besides its results: the month-by-month path, the
    same deployment with the full force from the start, and the Monte Carlo's draws."""

    path: pd.DataFrame
    constant_path: pd.DataFrame
    monte_carlo: MonteCarloResult
    #: The fact rows of the reported steps the path follows (none when constant).
    steps: tuple[str, ...]


def detail(facts: pd.DataFrame, v: Mapping[str, Any]) -> Detail:
    import numpy as np

    from ..models import revenue

    inp = inputs(facts)
    rates = (v["pay_usd_per_soldier_month"], v["regime_share"], v["casualty_rate_per_month"],
             v["labour_value_usd_per_soldier_month"])

    def path(plan: Schedule) -> pd.DataFrame:
        troops = plan.scale(v["troops"]) * np.diff(plan.cum)[: v["months"]]
        return revenue.monthly_path(troops, *rates)

    plan = inp.plan(v["troop_schedule"])
    mc = revenue.simulate(v, v["mc_spreads"], _BOUNDS, plan, v["mc_samples"], v["seed"])
    return Detail(path(plan), path(inp.constant), mc,
                  inp.steps if v["troop_schedule"] == "reported" else ())


DEFINITION = Definition(
    STEM,
    "Cost against revenue",
    "What does the deployment earn Pyongyang, and what does it cost?",
    PARAMS,
    RESULTS,
    evaluate,
    imports=("dprk_troops.models.revenue", *CELL_IMPORTS),
    check_dict={"mc_spreads": _check_spreads},
    summary="The cash Russia's pay brings Pyongyang, how sure that figure is, and the soldiers "
            "killed or wounded, as the deployment's size, length and price change.",
)
