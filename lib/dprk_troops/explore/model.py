"""What the explorer evaluates: a model with bounded inputs (``Factor``) and named numeric
outputs (``Output``), evaluated on whole columns of points at once.

A notebook becomes such a model through its definition (``notebook_model``): its
``evaluate_batch`` at the resolved defaults, with the explored parameters replaced by
columns. A test model (a function whose indices are known in closed form) goes through
``FunctionModel`` and the very same sampling, evaluation and analysis.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["Factor", "FunctionModel", "Held", "Model", "NotebookModel", "Outcome", "Output",
           "notebook_model"]

#: Result units that are numbers already; the others are per-option parts of a mapping or
#: ranking, read as these units (a rank is a number, a share of draws a share).
NUMERIC_UNITS = ("usd", "soldiers", "people", "share", "days", "number", "soldier_months")
PART_UNITS = {"option_scores": "number", "ranking": "number", "option_shares": "share"}
PART_LABELS = {"option_scores": "score of {}", "ranking": "rank of {} (1 = best)",
               "option_shares": "share of the draws that rank {} first"}


@dataclass(frozen=True)
class Factor:
    """One explored input: its name (``weights.deterrence`` for a key of a mapping), its
    range and whether it takes whole numbers only."""

    name: str
    low: float
    high: float
    integer: bool = False
    label: str = ""
    #: Its unit as the parameter gives it ("soldiers", "USD per soldier per month").
    unit: str = ""

    @property
    def words(self) -> str:
        """What a reader calls it: its label, else its name."""
        return self.label or self.name

    @property
    def bounds(self) -> tuple[float, float]:
        """The range sampled. A whole number is drawn over [low, high + 1) and floored, so
        every whole number of the range is equally likely (rounding would give the two
        ends half the weight of the others)."""
        return (self.low, self.high + 1.0) if self.integer else (self.low, self.high)

    def values(self, x: np.ndarray) -> np.ndarray:
        """The values evaluated (and written to samples.csv) for sampled ``x``."""
        import numpy as np

        return np.minimum(np.floor(x), self.high) if self.integer else x


@dataclass(frozen=True)
class Output:
    """One numeric result: its column name, a reader's label, its unit (``formats``) and
    whether it is a key result (a sentence and a chart on the page)."""

    name: str
    label: str
    unit: str = "number"
    key: bool = True


class Model(Protocol):
    """What the explorer needs of a model."""

    name: str
    title: str
    outputs: tuple[Output, ...]
    #: Lines for the page: what is held fixed, how randomness is handled.
    notes: tuple[str, ...]

    def evaluate(self, columns: Mapping[str, np.ndarray]) -> Mapping[str, np.ndarray]:
        """Every output at every point (each column one value per point)."""
        ...


@dataclass(frozen=True)
class FunctionModel:
    """A model from a function of columns (tests, and any model outside the workbook)."""

    name: str
    title: str
    outputs: tuple[Output, ...]
    function: Callable[[Mapping[str, np.ndarray]], Mapping[str, np.ndarray]]
    notes: tuple[str, ...] = ()

    def evaluate(self, columns: Mapping[str, np.ndarray]) -> Mapping[str, np.ndarray]:
        return self.function(columns)


@dataclass(frozen=True)
class Held:
    """A parameter held at one value while the explored ones vary: its name (for
    analysts), what a reader calls it, and its value in words with its unit."""

    name: str
    label: str
    value: str


@dataclass(frozen=True)
class NotebookModel:
    """A notebook's ``evaluate_batch`` at fixed parameter values, the explored ones
    replaced by columns (``weights.deterrence`` replaces one key of ``weights``)."""

    name: str
    title: str
    outputs: tuple[Output, ...]
    #: What the notebook needs of the fact base (its module's ``inputs(facts)``).
    inputs: Any
    #: Every parameter, resolved (fact defaults read from the fact base).
    values: Mapping[str, Any]
    with_mc: bool = False
    notes: tuple[str, ...] = ()
    #: The Monte Carlo's outputs, left out unless ``with_mc``.
    mc_outputs: tuple[str, ...] = field(default=())
    #: The parameters not explored, at their values.
    held: tuple[Held, ...] = ()

    def point(self, columns: Mapping[str, Any]) -> dict[str, Any]:
        """The parameter values ``evaluate_batch`` gets."""
        v = dict(self.values)
        for name, column in columns.items():
            head, _, key = name.partition(".")
            if key:
                v[head] = {**v[head], key: column}
            else:
                v[name] = column
        return v

    def evaluate(self, columns: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        import numpy as np

        from ..workbook import MODULES

        k = len(next(iter(columns.values())))
        out = MODULES[self.name].evaluate_batch(self.inputs, self.point(columns),
                                                with_mc=self.with_mc)
        return {o.name: np.broadcast_to(np.asarray(out[o.name], dtype=float), (k,))
                for o in self.outputs}


def _numeric(batch: Mapping[str, Any]) -> list[str]:
    import numpy as np

    return [name for name, a in batch.items() if np.asarray(a).dtype.kind in "fiub"]


def _output(definition: Any, column: str, parts: Mapping[str, str],
            options: Mapping[str, str] | None = None) -> Output:
    """An output's label, unit and key flag from the result it is (or is part of); a part
    named by an option's id reads as the option's label (``options``)."""
    head, _, part = column.partition(".")
    names = definition.result_names()
    spec = definition.result(column if column in names else parts.get(head, head))
    if not part:
        return Output(column, spec.label, spec.unit, spec.key)
    phrase = PART_LABELS.get(spec.unit, "{}").format((options or {}).get(part, part))
    return Output(column, f"{spec.label}: {phrase}", PART_UNITS.get(spec.unit, "number"),
                  spec.key)


def notebook_model(stem: str, facts: pd.DataFrame, fixed: Mapping[str, Any],
                   explored: Mapping[str, Any], with_mc: bool = False) -> NotebookModel:
    """Notebook ``stem`` as a model: every parameter at ``fixed`` or its default (read
    from ``facts``), the ``explored`` names (``Factor`` by name) varying. Its outputs are
    every numeric column of ``evaluate_batch``; the Monte Carlo's only with ``with_mc``."""
    from ..present.results import option_labels
    from ..present.views import value_text
    from ..workbook import MODULES

    module = MODULES[stem]
    definition = module.DEFINITION
    values = definition.resolve(facts, fixed).values
    inputs = module.inputs(facts)
    full = _numeric(module.evaluate_batch(inputs, values, with_mc=True))
    plain = set(_numeric(module.evaluate_batch(inputs, values, with_mc=False)))
    parts = getattr(module, "BATCH_COLUMNS", {})
    columns = full if with_mc else [c for c in full if c in plain]
    options = option_labels() if parts else {}
    outputs = tuple(_output(definition, c, parts, options) for c in columns)
    mc = tuple(c for c in full if c not in plain)
    held = tuple(Held(p.name, p.label, value_text(definition, p, values, facts))
                 for p in definition.params if p.name not in explored
                 and not any(n.startswith(p.name + ".") for n in explored))
    notes = []
    if mc and not with_mc:
        left_out = [_output(definition, c, parts, options).label for c in mc]
        notes.append(f"Left out: the Monte Carlo's results ({'; '.join(left_out)}). They "
                     "summarise the uncertainty around each run themselves; an analyst can "
                     "add them (see the notes for analysts).")
    if mc:
        notes.append(("Common random numbers: " if with_mc else "When they are included, ")
                     + "the random parts (the Monte Carlo, random weights) draw the same "
                     "random numbers at every evaluation (one set per seed), so the indices "
                     "measure the parameters, not the noise of the draws.")
    return NotebookModel(stem, definition.title, outputs, inputs, values, with_mc,
                         tuple(notes), mc, held)


@dataclass(frozen=True)
class Outcome:
    """What an exploration found, as the page and the report's index show it."""

    model: str
    title: str
    method: str
    samples: int
    seed: int
    factors: tuple[Factor, ...]
    outputs: tuple[Output, ...]
    evaluations: int
    seconds: float
    rows: tuple[Mapping[str, Any], ...]
    #: One per key result that varies: what drives it, whether interactions matter.
    sentences: tuple[str, ...]
    #: (indices compared between N and 2N, the ones that disagree)
    convergence: tuple[int, tuple[str, ...]]
    #: Results that did not vary over the ranges (no indices).
    constant: tuple[str, ...]
    notes: tuple[str, ...] = ()
    executor: str = "local"
    #: The parameters not explored, at their values (a notebook's model only).
    held: tuple[Held, ...] = ()
    #: Results computed but left out of the exploration (the Monte Carlo's, by name).
    left_out: tuple[str, ...] = ()

    def final_rows(self) -> list[Mapping[str, Any]]:
        """The rows at 2N (the estimates the sentences use)."""
        return [r for r in self.rows if r["samples"] == 2 * self.samples]
