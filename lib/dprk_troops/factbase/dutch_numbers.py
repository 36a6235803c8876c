"""Read numbers as Dutch articles write them.

- Digits use a dot between thousands and a comma before decimals: ``10.000`` is ten
  thousand, ``1,7`` is one point seven, ``12.500`` twelve thousand five hundred.
- A scale word may follow: ``1,7 miljard`` is 1.7e9, ``3,5 miljoen`` 3.5e6.
- Number words are one word or several: ``tienduizend``, ``twaalfhonderd``,
  ``een miljoen``. These go to text2num's Dutch grammar (a maintained library).
- Halves: ``tweeënhalf`` (and the spelling ``tweeënehalf``) is 2.5, ``anderhalf`` 1.5.
- Vague plurals are ranges with no point: ``duizenden`` (thousands) is 2,000 up to
  10,000; ``honderdduizenden`` is 200,000 up to a million. We read "thousands" as at least
  two thousand and fewer than ten thousand; the upper bound is exclusive.

The article ``een`` ("a") is only read as one when a scale word follows (``een miljoen``),
and a run of number words never starts with ``en`` ("and").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

__all__ = ["DutchNumber", "find_dutch_numbers", "parse_dutch_number"]

SCALES: dict[str, float] = {
    "honderd": 1e2,
    "duizend": 1e3,
    "miljoen": 1e6,
    "miljard": 1e9,
}
_PLURALS: dict[str, float] = {
    "honderden": 1e2,
    "duizenden": 1e3,
    "miljoenen": 1e6,
    "miljarden": 1e9,
}
_DIGITS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_HALF = re.compile(r"^(?P<base>.+?)(?:ën|en)e?half$")
_MAX_WORDS = 4


@dataclass(frozen=True)
class DutchNumber:
    """A number read from Dutch text: a point (``value``) or a range with no point."""

    text: str
    value: float | None
    low: float
    high: float

    @classmethod
    def point(cls, text: str, value: float) -> DutchNumber:
        return cls(text, value, value, value)

    def matches(self, x: float, rel: float = 1e-9) -> bool:
        """True when x is this number's value or one of its bounds."""
        candidates = [self.low, self.high] if self.value is None else [self.value]
        return any(abs(x - c) <= rel * max(1.0, abs(c)) for c in candidates)


def _digits_to_float(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def _word_to_number(word: str) -> DutchNumber | None:
    """One Dutch word (lower case) as a number, or None when it is not one."""
    for suffix, size in _PLURALS.items():
        if word.endswith(suffix):
            base = word[: -len(suffix)]
            mult = 1.0 if not base else _words_value([base])
            if mult is None:
                return None
            return DutchNumber(word, None, 2 * mult * size, 10 * mult * size)
    if word == "anderhalf":
        return DutchNumber.point(word, 1.5)
    half = _HALF.match(word)
    if half:
        base = _words_value([half["base"]])
        return None if base is None else DutchNumber.point(word, base + 0.5)
    value = _words_value([word])
    return None if value is None else DutchNumber.point(word, value)


def _words_value(words: list[str]) -> float | None:
    """text2num's reading of a run of number words, or None."""
    from text_to_num import text2num

    if not words or words[0] == "en" or set(words) <= {"een", "en"}:
        return None
    try:
        return float(text2num(" ".join(words), "nl"))
    except ValueError:
        return None


def find_dutch_numbers(text: str) -> list[DutchNumber]:
    """Every number in a short Dutch text, in order of appearance."""
    found: list[tuple[int, DutchNumber]] = []
    taken: list[tuple[int, int]] = []
    for m in _DIGITS.finditer(text):
        value = _digits_to_float(m.group())
        end = m.end()
        scale = re.match(r"\s+(miljoen|miljard)\b", text[end:])
        if scale:
            value *= SCALES[scale.group(1)]
            end += scale.end()
        found.append((m.start(), DutchNumber.point(text[m.start() : end], value)))
        taken.append((m.start(), end))

    words = [w for w in _WORD.finditer(text) if not any(a <= w.start() < b for a, b in taken)]
    i = 0
    while i < len(words):
        hit = None
        for n in range(min(_MAX_WORDS, len(words) - i), 1, -1):
            run = [w.group().lower() for w in words[i : i + n]]
            value = _words_value(run)
            if value is not None:
                span = text[words[i].start() : words[i + n - 1].end()]
                hit = (n, DutchNumber.point(span, value))
                break
        if hit is None:
            single = _word_to_number(words[i].group().lower())
            hit = (1, replace(single, text=words[i].group())) if single else None
        if hit is None:
            i += 1
            continue
        found.append((words[i].start(), hit[1]))
        i += hit[0]
    return [num for _, num in sorted(found, key=lambda t: t[0])]


def parse_dutch_number(text: str) -> DutchNumber:
    """The one number a Dutch phrase is (``10.000``, ``1,7 miljard``, ``tienduizend``).

    Raises ValueError naming the text when it holds no number or several.
    """
    numbers = find_dutch_numbers(text)
    if len(numbers) != 1:
        what = "no number" if not numbers else f"{len(numbers)} numbers"
        raise ValueError(f"not one Dutch number: {text!r} holds {what}")
    return numbers[0]
