"""What a notebook is, declared once: its parameters, its results and ``evaluate``.

A notebook's ``Definition`` holds every parameter (``Param``: type, bounds, unit, kind, a
reader's label and a one-line reason), every result it records (``ResultSpec``) and the
function that computes those results from the fact base and the parameters. The notebook's
parameters cell, ``check_params``, the parameters table, ``dprk-troops params``, the Lab
controls, the report and the sweeps all read this one declaration.

A parameter's default is a number or text we chose (an *assumption* or a *setting*), or it
is read from the fact base when the notebook runs (a ``FactDefault``): then the notebook's
parameters cell says ``None`` ("from the fact base"), ``resolve`` reads the value through
the loader the notebook uses (so ``--seeds`` and extra fact files count) and names the rows
it comes from.

Nothing here imports numpy or pandas: checking a report's parameters happens before any
kernel starts, and must stay cheap.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ..errors import ParameterError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Basis",
    "Definition",
    "FactDefault",
    "Param",
    "Resolved",
    "ResultSpec",
    "Unit",
    "check_value",
    "key_labels",
    "seed_param",
]

Kind = Literal["fact", "assumption", "setting"]
#: What every notebook's cells import besides its model (see ``Definition.imports``).
CELL_IMPORTS = ("dprk_troops.present.views", "dprk_troops.present.charts",
                "dprk_troops.present.display", "dprk_troops.present.widgets",
                "dprk_troops.present.results", "dprk_troops.present.tables",
                "dprk_troops.workbook", "dprk_troops.dashboard.panel")
Type = Literal["int", "float", "str", "dict"]
#: How a result reads: a number with a unit (see ``formats.FORMATS``), an option id (shown
#: by its label), a ranking (option ids, best first) or a mapping of option id to a number.
Unit = Literal["usd", "soldiers", "people", "share", "days", "number", "soldier_months",
               "option", "ranking", "option_scores", "option_shares"]


@dataclass(frozen=True)
class FactDefault:
    """A default read from the fact base when the notebook runs.

    ``pick(facts)`` returns the value and the fact_ids it comes from; ``rule`` says in words
    how it is chosen ("the latest reported size of the deployment"). ``complete(given,
    default)``, for a mapping, fills in what a partial value leaves out.
    """

    rule: str
    pick: Callable[[pd.DataFrame], tuple[Any, tuple[str, ...]]]
    complete: Callable[[Any, Any], Any] | None = None


@dataclass(frozen=True)
class Param:
    """One notebook parameter."""

    name: str
    type: Type
    #: The value the notebook's parameters cell holds; None: from the fact base
    #: (``fact_default`` says how).
    default: Any
    unit: str
    kind: Kind
    #: Why this default: the facts it rests on, or why we chose it.
    reason: str
    #: What a reader calls it, in words ("Soldiers the deployment grows to").
    label: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    #: The Lab control: its step and its upper end (None: no control).
    step: float | None = None
    lab_maximum: float | None = None
    #: How the default is read from the fact base when ``default`` is None.
    fact_default: FactDefault | None = None
    #: The fact rows the reason leans on (a reader sees their sources, in words).
    cites: tuple[str, ...] = ()
    #: Each choice in words, where its id is not ("weighted_sum": "weighted sum").
    choice_labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def from_facts(self) -> bool:
        return self.fact_default is not None

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


@dataclass(frozen=True)
class ResultSpec:
    """One recorded result: its name in the notebook, a reader's label, unit and meaning."""

    name: str
    label: str
    unit: Unit
    #: What it counts, in words a reader understands.
    meaning: str
    #: Shown in the page's key-figures box and side by side in the index.
    key: bool = False


@dataclass(frozen=True)
class Basis:
    """Where a run's parameter value comes from, in words and ids."""

    #: ``fact`` (the fact base's value), ``assumption`` or ``setting`` (our default, which
    #: may itself be read from the fact base), or ``yours`` (set by the analyst, a
    #: scenario or the command line).
    source: Literal["fact", "assumption", "setting", "yours"]
    #: The fact rows a default was read from (empty otherwise).
    fact_ids: tuple[str, ...] = ()
    #: How a default read from the fact base was chosen, in words.
    rule: str = ""


@dataclass(frozen=True)
class Resolved:
    """A run's parameters, every default filled in, each with where it comes from."""

    notebook: str
    values: Mapping[str, Any]
    basis: Mapping[str, Basis]


def _is_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


CheckDict = Callable[["Param", dict[str, Any]], Any]


def check_value(p: Param, value: Any, check_dict: CheckDict | None = None) -> Any:
    """One parameter's value, checked (ints stay ints, ints are accepted for floats).

    ``None`` stands for "from the fact base" and is accepted only where the default is one.
    """
    if value is None and p.from_facts:
        return None
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
    if check_dict is None:
        raise ParameterError(f"parameter {p.name}: no check for this mapping")
    return check_dict(p, dict(value))


@dataclass(frozen=True)
class Definition:
    """A notebook, declared once."""

    stem: str
    title: str
    question: str
    params: tuple[Param, ...]
    results: tuple[ResultSpec, ...]
    #: ``evaluate(facts, values)``: every recorded result, from resolved parameter values.
    evaluate: Callable[[pd.DataFrame, Mapping[str, Any]], dict[str, Any]]
    #: Checks of the mapping parameters, by name.
    check_dict: Mapping[str, CheckDict] = field(default_factory=dict)
    #: Modules the notebook's cells import: a report kernel imports them before its first
    #: run (the one-off costs).
    imports: tuple[str, ...] = ()
    #: Whether its runs read the fact base: the run cache then keys them on its files.
    reads_fact_base: bool = True
    #: What it lets a reader find out, in one line (the dashboard's list of apps).
    summary: str = ""

    @property
    def number(self) -> str:
        return self.stem.split("_", 1)[0]

    @property
    def path(self) -> Any:
        from .. import paths

        return paths.NOTEBOOKS_DIR / f"{self.stem}.ipynb"

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise ParameterError(f"unknown parameter {name!r} for {self.stem} (expected one of "
                             f"{', '.join(p.name for p in self.params)})")

    def result(self, name: str) -> ResultSpec:
        return next(r for r in self.results if r.name == name)

    @property
    def key_results(self) -> tuple[ResultSpec, ...]:
        return tuple(r for r in self.results if r.key)

    @property
    def cell_defaults(self) -> dict[str, Any]:
        """What the notebook's parameters cell holds (None: from the fact base)."""
        return {p.name: p.default for p in self.params}

    def check(self, values: Mapping[str, Any], complete: bool = True) -> dict[str, Any]:
        """Every parameter checked; raise ParameterError naming the first bad one.

        With ``complete``, every parameter must be given; an unknown name is always an
        error. Fact defaults stay None (``resolve`` fills them in from the fact base).
        """
        names = [p.name for p in self.params]
        unknown = sorted(set(values) - set(names))
        if unknown:
            raise ParameterError(f"unknown parameter {unknown[0]!r} for {self.stem} (expected "
                                 f"one of {', '.join(names)})")
        if complete:
            missing = [n for n in names if n not in values]
            if missing:
                raise ParameterError(f"parameter {missing[0]}: missing")
        return {p.name: check_value(p, values[p.name], self.check_dict.get(p.name))
                for p in self.params if p.name in values}

    def from_namespace(self, namespace: Mapping[str, Any]) -> dict[str, Any]:
        """The parameters as a notebook's cells left them (its globals), checked."""
        return self.check({p.name: namespace[p.name] for p in self.params if p.name in namespace})

    def resolve(self, facts: pd.DataFrame, values: Mapping[str, Any]) -> Resolved:
        """Checked values with every fact default read from ``facts``, and their basis."""
        checked = self.check({**self.cell_defaults, **values})
        out: dict[str, Any] = {}
        basis: dict[str, Basis] = {}
        for p in self.params:
            value = checked[p.name]
            fd = p.fact_default
            if fd is not None and value is None:
                value, ids = fd.pick(facts)
                value = check_value(p, value, self.check_dict.get(p.name))
                if fd.complete is not None:
                    value = fd.complete(value, value)
                basis[p.name] = Basis(p.kind, tuple(ids), fd.rule)
            elif fd is not None and fd.complete is not None:
                value = fd.complete(value, fd.pick(facts)[0])
                basis[p.name] = Basis("yours")
            elif p.from_facts or value != p.default:
                basis[p.name] = Basis("yours")
            else:
                basis[p.name] = Basis("setting" if p.kind == "setting" else "assumption")
            out[p.name] = value
        return Resolved(self.stem, out, basis)

    def run(self, facts: pd.DataFrame, values: Mapping[str, Any]) -> dict[str, Any]:
        """``evaluate`` at the given (partial, unresolved) values."""
        return self.evaluate(facts, self.resolve(facts, values).values)

    def result_names(self) -> list[str]:
        return [r.name for r in self.results]


def seed_param(draws: str) -> Param:
    """The random seed of a notebook whose results rest on random ``draws`` ('numbers',
    'weights'): fixed, so that every run draws the same."""
    return Param("seed", "int", 42, "", "setting", f"fixed so every run draws the same {draws}",
                 "Random seed", 0, 2**32 - 1)


def names(params: Sequence[Param]) -> list[str]:
    return [p.name for p in params]


def key_labels(d: Definition, p: Param) -> dict[str, str]:
    """Each key of a mapping parameter in words: a spread's keys are parameters
    ('regime_share' -> 'share of the pay the regime keeps'), a weight's are criteria
    ('deterrence' -> its label in the options' scores, read once per call)."""
    if p.name == "mc_spreads":
        return {q.name: q.label.lower() for q in d.params}
    if p.name == "weights":
        from ..factbase.scores import read_option_scores

        return {str(k): str(v) for k, v in
                read_option_scores().criteria["label"].to_dict().items()}
    return {}
