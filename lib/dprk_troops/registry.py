"""The workbook's notebooks as the report, the command line and the pages read them.

Each notebook is defined once in ``workbook`` (its parameters, its results with labels,
units and meanings, and ``evaluate``); this module gives the report, ``dprk-troops results
--describe``, the page's key-figures box and ``make notebooks`` their names for it, and
formats a recorded result for a reader (``format_result``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .workbook import NOTEBOOKS, definition, notebook_stem
from .workbook.spec import Definition, ResultSpec, Unit

__all__ = ["LIST_UNITS", "NOTEBOOKS", "Notebook", "ResultItem", "ResultSpec", "Unit",
           "format_result", "notebook", "notebook_stem", "result_items"]

#: A notebook as the registry knows it: its definition (``workbook.spec.Definition``).
Notebook = Definition


def notebook(name: str) -> Notebook:
    """A notebook by stem, number, file name or path."""
    return definition(name)


@dataclass(frozen=True)
class ResultItem:
    """One line of a result about every option: the option's label, its value as it
    reads ('54%', '0.713'; '' in a ranking) and, for a share, the share itself (0 to 1)."""

    label: str
    text: str
    share: float | None = None


#: Units whose results name every option (a list to read, not one value).
LIST_UNITS = ("ranking", "option_scores", "option_shares")


def result_items(spec: ResultSpec, value: Any,
                 labels: Mapping[str, str] | None = None) -> list[ResultItem]:
    """A result about every option in reading order: a ranking best first, scores and
    shares largest first (ties by label). Empty for a result of one value."""
    from .formats import fmt_score, fmt_share

    name = (labels or {}).get
    if value is None or spec.unit not in LIST_UNITS:
        return []
    if spec.unit == "ranking":
        return [ResultItem(name(v, v), "") for v in value]
    ordered = sorted(value.items(), key=lambda kv: (-float(kv[1]), name(kv[0], kv[0])))
    if spec.unit == "option_scores":
        return [ResultItem(name(k, k), fmt_score(v)) for k, v in ordered]
    return [ResultItem(name(k, k), fmt_share(v), float(v)) for k, v in ordered]


def format_result(spec: ResultSpec, value: Any, labels: Mapping[str, str] | None = None) -> str:
    """A recorded result as a reader reads it: '$278 million', '0.67%', an option's label;
    a result about every option as one line each ('1. Closer cooperation ...', or
    'Closer cooperation ...: 54%'), in ``result_items``' order.

    ``labels`` maps option ids to their labels (``load_options``); ids show when absent.
    """
    from .formats import FORMATS

    if value is None:
        return "not computed"
    if spec.unit == "option":
        return (labels or {}).get(value, value)
    if spec.unit == "ranking":
        return "\n".join(f"{i}. {item.label}"
                         for i, item in enumerate(result_items(spec, value, labels), 1))
    if spec.unit in LIST_UNITS:
        return "\n".join(f"{item.label}: {item.text}"
                         for item in result_items(spec, value, labels))
    text = FORMATS[spec.unit](value)
    return f"{text} {spec.unit}" if spec.unit in ("soldiers", "people") else text
