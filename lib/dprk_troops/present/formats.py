"""Numbers as a reader sees them: '$278 million', '0.67%', '8.3 days', '10,000'.

One place for the formats that pages, tables, widget readouts, the index and the results'
text use, so the same number reads the same everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..workbook.spec import ResultSpec

__all__ = ["FORMATS", "LIST_UNITS", "ResultItem", "fmt_count", "fmt_days", "fmt_number",
           "fmt_score", "fmt_share", "fmt_usd", "format_result", "in_unit", "result_items"]


def _fixed(x: float, decimals: int) -> str:
    """x with ``decimals`` decimals and thousands separators, a tie rounded up (1.25 ->
    '1.3'), as JavaScript's ``toFixed`` and d3-format do: the kernel-free charts format in
    Vega and must print exactly what the page prints. Python's own rounding of a float
    halves to even (``f"{1.25:.1f}"`` is '1.2')."""
    rounded = Decimal(x).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{rounded:,.{decimals}f}"


def fmt_usd(x: float) -> str:
    """USD for a reader: '$278 million', '$1.7 billion', '$2,000' (3 significant figures
    at most for millions and billions: these are estimates)."""
    if abs(x) >= 1e9:
        return f"${_sig(x / 1e9)} billion"
    if abs(x) >= 1e6:
        return f"${_sig(x / 1e6)} million"
    return f"${_fixed(x, 0)}"


def _sig(x: float, digits: int = 3) -> str:
    """x to ``digits`` significant figures, with thousands separators: 278, 1.7, 24.5.

    A tie rounds up (278.5 -> 279), as JavaScript's ``toPrecision`` and d3-format do, so
    that the kernel-free charts, which format in Vega, print exactly what the page prints.
    """
    if x == 0:
        return "0"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(x))))
    text = _fixed(x, decimals)
    return text.rstrip("0").rstrip(".") if "." in text else text


def fmt_count(x: float) -> str:
    """A count of people: '10,000', '1,512'."""
    return _fixed(x, 0)


def fmt_share(x: float) -> str:
    """A share (0..1) as a percentage: '0.67%', '12%', '100%'."""
    pct = x * 100
    if pct == 0:
        return "0%"
    return f"{_sig(pct, 2)}%" if abs(pct) < 10 else f"{_fixed(pct, 0)}%"


def fmt_days(x: float) -> str:
    """A number of days: '8.3 days', '10.8 days', '1 day', '250 days'."""
    text = _fixed(x, 1).removesuffix(".0") if abs(x) < 100 else _fixed(x, 0)
    return f"{text} day" if text == "1" else f"{text} days"


def fmt_number(x: float) -> str:
    """Any other number: whole numbers with separators, else 3 significant figures."""
    return f"{x:,.0f}" if float(x).is_integer() else _sig(x)


def fmt_score(x: float) -> str:
    """A 0..1 score to 3 decimals, rounded first so float noise cannot tip the last digit:
    0.42499999999999993 reads '0.425'."""
    return f"{round(float(x), 9):.3f}"


def in_unit(x: float, unit: str) -> tuple[str, str]:
    """A parameter's number in its unit as written in ``params``: (the number, the words
    after it). ('$2,000', ' per soldier per month'), ('50%', ''), ('12', ' months');
    'USD, whole deployment' reads ' over the whole deployment'."""
    if unit.startswith("USD"):
        rest = unit[3:]
        return fmt_usd(x), (f" over the {rest[2:]}" if rest.startswith(", ") else rest)
    if unit.startswith("share"):
        return fmt_share(x), unit.removeprefix("share").removeprefix(" (0-1)")
    return fmt_number(x), (f" {unit}" if unit else "")


#: Each result unit's formatter (see ``registry.ResultSpec.unit``).
FORMATS: dict[str, Callable[[float], str]] = {
    "usd": fmt_usd,
    "soldiers": fmt_count,
    "people": fmt_count,
    "share": fmt_share,
    "days": fmt_days,
    "number": fmt_number,
    "soldier_months": lambda x: f"{x:,.0f} soldier-months",
}


# --- a recorded result as a reader reads it -------------------------------------------------

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
