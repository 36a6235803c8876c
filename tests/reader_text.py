"""What a reader must never see in a page or a notebook output: shared by the stored-output
test and the report's browser test (which checks the text of each page)."""

from __future__ import annotations

import html
import re

__all__ = ["html_text", "reader_problems"]

#: (what is wrong, pattern): each pattern matches text a reader should not meet.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an error", re.compile(r"\bERROR\b")),
    ("a traceback", re.compile(r"Traceback")),
    ("a warning", re.compile(r"Warning")),
    ("scientific notation", re.compile(r"\b\d(\.\d+)?e[+-]?\d+\b", re.IGNORECASE)),
    ("NaN", re.compile(r"\bNaN\b")),
    ("None", re.compile(r"\bNone\b")),
    ("a Python dict repr", re.compile(r"\{\s*['\"]\w+['\"]\s*:")),
    ("a Python list repr", re.compile(r"\[\s*['\"]")),
    ("a Python object repr", re.compile(r"<[\w.]+ object at 0x[0-9a-f]+>")),
)
#: Text cut short: a line, or a table cell (two or more spaces apart), ending in an ellipsis.
CUT = re.compile(r"(\.\.\.|\u2026)(?=\s{2,}|\s*$)", re.MULTILINE)

_TAG = re.compile(r"<[^>]+>")
_STYLE = re.compile(r"<(style|script)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
_CELL_END = re.compile(r"</(td|th|p|li|div|h\d)>", re.IGNORECASE)


def html_text(markup: str) -> str:
    """The text of some HTML: styles and scripts dropped, each cell or block on its own line."""
    markup = _STYLE.sub("", markup)
    markup = _CELL_END.sub("\n", markup)
    return html.unescape(_TAG.sub("", markup))


def reader_problems(text: str) -> list[str]:
    """One line per problem in ``text``: what is wrong and the line it is on."""
    problems = []
    for line in text.splitlines():
        for what, pattern in PATTERNS:
            if pattern.search(line):
                problems.append(f"{what}: {line.strip()[:200]}")
        if CUT.search(line):
            problems.append(f"text cut short: {line.strip()[:200]}")
    return problems
