"""Write numbers the way a reader's language does: English or Dutch.

The reverse of ``dutch_numbers`` (which reads them). Used by the course edition, whose
Dutch notebooks must show ``10.000`` and ``1,7 miljard`` where the English ones show
``10,000`` and ``1.7 billion``.

- ``format_number(10000, "nl")`` is ``"10.000"``; ``format_number(2.5, "nl")`` ``"2,5"``.
- ``compact=True`` writes millions and billions with a scale word, one decimal at most:
  ``format_number(1.7e9, "nl", compact=True)`` is ``"1,7 miljard"``, in English
  ``"1.7 billion"``. Smaller numbers are written in full (``12.750``).
- ``format_percent(0.125, "nl")`` is ``"12,5%"``.
- ``format_frame(df, "nl")`` turns a DataFrame's number columns into such text, for display.

Pure Python, no locale settings (which differ between machines); ``tests/unit`` checks it
against babel's CLDR data.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LANGUAGES", "format_frame", "format_number", "format_percent"]

Lang = Literal["en", "nl"]
LANGUAGES: tuple[str, ...] = ("en", "nl")
#: (thousands separator, decimal mark) per language.
_MARKS = {"en": (",", "."), "nl": (".", ",")}
#: Scale words for compact numbers, largest first.
_SCALES = {
    "en": ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")),
    "nl": ((1e12, "biljoen"), (1e9, "miljard"), (1e6, "miljoen")),
}


def _check_lang(lang: str) -> tuple[str, str]:
    if lang not in _MARKS:
        raise ValueError(f"unknown language {lang!r} (expected one of {', '.join(LANGUAGES)})")
    return _MARKS[lang]


def format_number(x: float, lang: Lang = "en", decimals: int | None = None,
                  compact: bool = False) -> str:
    """``x`` as text in ``lang``: grouped thousands, the language's decimal mark.

    ``decimals``: that many digits after the mark; None (the default) writes up to three and
    drops trailing zeros (``2.50`` -> ``2.5``, ``10000.0`` -> ``10000``). ``compact``: millions
    and up get a scale word and one decimal at most (unless ``decimals`` says otherwise).
    NaN is written ``-`` in both languages (a table's empty cell).
    """
    thousands, mark = _check_lang(lang)
    x = float(x)
    if math.isnan(x):
        return "-"
    if math.isinf(x):
        return ("-" if x < 0 else "") + "∞"
    if compact:
        for size, word in _SCALES[lang]:
            if abs(x) >= size:
                digits = 1 if decimals is None else decimals
                scaled = round(x / size, digits)  # half to even, as CLDR (babel) does
                return f"{format_number(scaled, lang, None if decimals is None else digits)} {word}"
    if decimals is None:
        text = f"{x:,.3f}".rstrip("0").rstrip(".")
    else:
        if decimals < 0:
            raise ValueError(f"decimals must be >= 0, got {decimals}")
        text = f"{x:,.{decimals}f}"
    if text in ("-0", "-0." + "0" * (decimals or 0)):
        text = text[1:]
    return text.replace(",", "\0").replace(".", mark).replace("\0", thousands)


def format_percent(share: float, lang: Lang = "en", decimals: int | None = None) -> str:
    """A share (0.125) as a percentage in ``lang``: ``12.5%`` or ``12,5%``."""
    return f"{format_number(share * 100, lang, decimals)}%"


def format_frame(df: pd.DataFrame, lang: Lang = "en", decimals: int | None = None,
                 columns: list[str] | None = None) -> pd.DataFrame:
    """A copy of ``df`` with its number columns (or ``columns``) written as text in ``lang``.

    For display only: the result's numbers are strings. Other columns are left alone, so
    Dutch excerpts stay exactly as written.
    """
    import pandas as pd

    _check_lang(lang)
    out = df.copy()
    names = columns if columns is not None else [
        c for c in out.columns
        if pd.api.types.is_numeric_dtype(out[c]) and not pd.api.types.is_bool_dtype(out[c])]
    for name in names:
        out[name] = [format_number(v, lang, decimals) for v in out[name]]
    return out
