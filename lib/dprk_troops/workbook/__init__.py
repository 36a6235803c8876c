"""The workbook's notebooks, each declared once: parameters, results and ``evaluate``.

``NOTEBOOKS`` maps each notebook's stem to its ``Definition`` (``spec``); the notebook's
own module (``cost_revenue``, ``comparisons``, ``options``) holds its parameters, its
results and the vectorised ``evaluate_batch`` that ``evaluate`` is one point of. Every
other place reads these: the notebooks' cells, ``check_params``, ``dprk-troops params``
and ``results --describe``, the Lab controls, the report, the sweeps and the explorer.
"""

from __future__ import annotations

from ..errors import ParameterError
from . import comparisons, cost_revenue, options
from .spec import Basis, Definition, FactDefault, Param, Resolved, ResultSpec

__all__ = ["MODULES", "NOTEBOOKS", "Basis", "Definition", "FactDefault", "Param", "Resolved",
           "ResultSpec", "definition", "notebook_stem"]

#: Each notebook's own module (its ``inputs`` and ``evaluate_batch``), by stem.
MODULES = {m.STEM: m for m in (cost_revenue, comparisons, options)}
NOTEBOOKS: dict[str, Definition] = {stem: m.DEFINITION for stem, m in MODULES.items()}


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
