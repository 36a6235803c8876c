"""No silent parameter: every parameter a user can set changes what it says it changes.

Every numeric parameter of every notebook (and every number inside a mapping parameter:
each Monte Carlo spread, each weight) is moved off its default, under every value of each
choice parameter, and some recorded result must move. A notebook run records exactly what
its definition's ``evaluate`` returns (``tests/test_notebooks.py`` checks that at random
points under papermill), so evaluating in-process is evaluating the notebook.

Choice parameters: each value must move a recorded result, or the chart the notebook
draws with it (the axis scale of notebook 02 changes the chart, not a number).
"""

from __future__ import annotations

import itertools
from typing import Any

import pandas as pd
import pytest
from dprk_troops.errors import ParameterError
from dprk_troops.factbase.facts import load_facts
from dprk_troops.models import comparisons as cmp
from dprk_troops.present import charts
from dprk_troops.workbook import NOTEBOOKS
from dprk_troops.workbook.spec import Definition, Param


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return load_facts()


def _off_default(p: Param, value: float) -> float:
    """A valid value other than ``value``: a quarter more, or less at the upper bound."""
    moved = value * 1.25 if value else (p.maximum or 1) / 4
    if p.maximum is not None and moved > p.maximum:
        moved = value * 0.75 if value else p.maximum / 2
    if p.type == "int":
        moved = round(moved) if round(moved) != value else int(value) + 1
    return moved


def _cases() -> list[tuple[str, str, dict[str, str]]]:
    """(notebook, parameter, one setting of every choice parameter)."""
    out = []
    for stem, nb in NOTEBOOKS.items():
        choices = [p for p in nb.params if p.choices]
        for combo in itertools.product(*(p.choices for p in choices)):
            setting = {p.name: c for p, c in zip(choices, combo, strict=True)}
            for p in nb.params:
                if p.type in ("int", "float", "dict"):
                    out.append((stem, p.name, setting))
    return out


def _numbers(nb: Definition, facts: pd.DataFrame, name: str,
             values: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Each way to move parameter ``name`` off its value: the number itself, or each key
    of a mapping."""
    p, value = nb.param(name), values[name]
    if p.type != "dict":
        return [(name, {name: _off_default(p, value)})]
    bound = 1.0  # a spread and a weight both lie in 0..1
    return [(f"{name}.{key}", {name: {**value, key: v * 1.5 if v * 1.5 <= bound else v / 2}})
            for key, v in value.items()]


@pytest.mark.parametrize(("stem", "name", "setting"), _cases(),
                         ids=lambda x: x if isinstance(x, str) else ",".join(x.values()))
def test_every_number_moves_a_result(facts: pd.DataFrame, stem: str, name: str,
                                     setting: dict[str, str]) -> None:
    nb = NOTEBOOKS[stem]
    values = dict(nb.resolve(facts, setting).values)
    before = nb.evaluate(facts, values)
    for label, change in _numbers(nb, facts, name, values):
        try:
            after = nb.evaluate(facts, nb.resolve(facts, {**values, **change}).values)
        except ParameterError as exc:  # refused: the one line must name what overrides it
            assert len(exc.problems) == 1 and name in exc.problems[0], exc.problems
            continue
        moved = [k for k in before if after[k] != before[k]]
        assert moved, f"{stem}: {label} -> {change} under {setting} moves no result"


def test_every_choice_moves_a_result_or_its_chart(facts: pd.DataFrame) -> None:
    for stem, nb in NOTEBOOKS.items():
        base = dict(nb.resolve(facts, {}).values)
        for p in (q for q in nb.params if q.choices):
            seen = []
            for choice in p.choices:
                values = {**base, p.name: choice}
                seen.append((nb.evaluate(facts, values), _chart(stem, values, facts)))
            distinct = {repr(r) for r, _ in seen} | {repr(c) for _, c in seen}
            assert len({repr(r) + repr(c) for r, c in seen}) == len(p.choices), \
                (stem, p.name, len(distinct))


def _chart(stem: str, values: dict[str, Any], facts: pd.DataFrame) -> Any:
    """The chart a choice is documented to change (notebook 02's axis scale)."""
    if stem != "02_troop_comparisons":
        return None
    table = cmp.comparison_table(facts, values["troops"])
    return charts.spec(charts.comparison_chart(table, values["troops"], values["scale"],
                                               reference=values["reference"]))
