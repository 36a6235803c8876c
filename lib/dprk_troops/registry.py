"""The workbook's notebooks as the report, the command line and the pages read them.

Each notebook is defined once in ``workbook`` (its parameters, its results with labels,
units and meanings, and ``evaluate``); this module gives the report, ``dprk-troops results
--describe``, the page's key-figures box and ``make notebooks`` their names for it, and
formats a recorded result for a reader (``format_result``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .workbook import NOTEBOOKS, definition, notebook_stem
from .workbook.spec import Definition, ResultSpec, Unit

__all__ = ["NOTEBOOKS", "Notebook", "ResultSpec", "Unit", "format_result", "notebook",
           "notebook_stem"]

#: A notebook as the registry knows it: its definition (``workbook.spec.Definition``).
Notebook = Definition


def notebook(name: str) -> Notebook:
    """A notebook by stem, number, file name or path."""
    return definition(name)


def format_result(spec: ResultSpec, value: Any, labels: Mapping[str, str] | None = None) -> str:
    """A recorded result as a reader reads it: '$278 million', '0.67%', an option's label.

    ``labels`` maps option ids to their labels (``load_options``); ids show when absent.
    """
    from .formats import FORMATS, fmt_score, fmt_share

    name = (labels or {}).get
    if value is None:
        return "not computed"
    if spec.unit == "option":
        return name(value, value)
    if spec.unit == "ranking":
        return "; ".join(f"{i}. {name(v, v)}" for i, v in enumerate(value, 1))
    if spec.unit == "option_scores":
        return "; ".join(f"{name(k, k)} {fmt_score(v)}" for k, v in value.items())
    if spec.unit == "option_shares":
        return "; ".join(f"{name(k, k)} {fmt_share(v)}" for k, v in value.items())
    text = FORMATS[spec.unit](value)
    return f"{text} {spec.unit}" if spec.unit in ("soldiers", "people") else text
