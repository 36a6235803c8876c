"""The workbook's notebooks, each declared once: parameters, results and ``evaluate``.

``NOTEBOOKS`` maps each notebook's stem to its ``Definition`` (``spec``); the notebook's
own module (``cost_revenue``, ``comparisons``, ``options``) holds its parameters, its
results and the vectorised ``evaluate_batch`` that ``evaluate`` is one point of. Every
other place reads these: the notebooks' cells, ``check_params``, ``dprk-troops params``
and ``results --describe``, the Lab controls, the report, the sweeps and the explorer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import DprkTroopsError, ParameterError
from . import comparisons, cost_revenue, options
from .spec import Basis, Definition, FactDefault, Param, Resolved, ResultSpec, Unit, check_value

__all__ = ["MODULES", "NOTEBOOKS", "NOTEBOOK_PARAMS", "Basis", "Definition", "FactDefault",
           "Notebook", "Param", "Resolved", "ResultSpec", "Unit", "check_params", "check_value",
           "definition", "notebook", "notebook_stem", "parse_overrides"]

#: Each notebook's own module (its ``inputs`` and ``evaluate_batch``), by stem.
MODULES = {m.STEM: m for m in (cost_revenue, comparisons, options)}
NOTEBOOKS: dict[str, Definition] = {stem: m.DEFINITION for stem, m in MODULES.items()}
#: Each notebook's parameters, by stem.
NOTEBOOK_PARAMS: dict[str, tuple[Param, ...]] = {stem: d.params for stem, d in NOTEBOOKS.items()}
#: A notebook, as the report and the command line call it: its definition.
Notebook = Definition


def notebook_stem(name: str) -> str:
    """A notebook's stem from its stem, number, file name or path ('01' -> '01_cost_...')."""
    stem = name.rsplit("/", 1)[-1].removesuffix(".ipynb").removesuffix(".py")
    matches = [s for s in NOTEBOOKS if s == stem or s.split("_", 1)[0] == stem]
    if len(matches) != 1:
        raise ParameterError(f"unknown notebook {name!r} (expected one of "
                             f"{', '.join(NOTEBOOKS)} or its number)")
    return matches[0]


def definition(name: str) -> Definition:
    """A notebook's definition by stem, number, file name or path."""
    return NOTEBOOKS[notebook_stem(name)]


#: A notebook by stem, number, file name or path (the report's and the pages' name for it).
notebook = definition


def check_params(notebook: str, **values: Any) -> dict[str, Any]:
    """Check a notebook's parameters; raise ParameterError naming the first bad one.

    Every parameter of the notebook must be given; an unknown name is an error too. None
    stands for "from the fact base" where the default is read from it.
    """
    return definition(notebook).check(values)


def parse_overrides(pairs: Sequence[str]) -> dict[str, Any]:
    """``-p NAME=VALUE`` pairs; VALUE is read as YAML (12 is a number, {a: 1} a mapping)."""
    import yaml

    out = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep or not name.strip():
            raise DprkTroopsError(f"-p {pair}: expected NAME=VALUE")
        try:
            out[name.strip()] = yaml.safe_load(raw)
        except yaml.YAMLError:
            raise DprkTroopsError(f"-p {pair}: VALUE is not valid YAML") from None
    return out
