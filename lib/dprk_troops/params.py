"""Every notebook parameter, as declared in each notebook's definition (``workbook``).

A parameter is a **fact** (its default is read from the fact base when the notebook runs:
the notebook's parameters cell holds None, and ``Definition.resolve`` names the rows), an
**assumption** (the seeds give no figure: the reason says why this default) or a
**setting** (how the notebook computes or shows things). Notebooks validate their
parameters first thing, papermill's ``-p``/``-y`` values included, and ``dprk-troops params
NOTEBOOK`` prints these specs.
"""

from __future__ import annotations

from typing import Any

from .workbook import NOTEBOOKS, definition, notebook_stem
from .workbook.spec import Param, check_value

__all__ = ["NOTEBOOK_PARAMS", "Param", "check_params", "check_value", "notebook_stem"]

#: Each notebook's parameters, by stem.
NOTEBOOK_PARAMS: dict[str, tuple[Param, ...]] = {stem: d.params for stem, d in NOTEBOOKS.items()}


def check_params(notebook: str, **values: Any) -> dict[str, Any]:
    """Check a notebook's parameters; raise ParameterError naming the first bad one.

    Every parameter of the notebook must be given; an unknown name is an error too. None
    stands for "from the fact base" where the default is read from it.
    """
    return definition(notebook).check(values)
