"""What a reader must never see in a page or a notebook output: shared by the stored-output
test and the report's browser test (which checks the text of each page).

``reader_problems``: errors, reprs, NaN, cut-off text. ``code_problems``: what belongs to
code, not to a reader: a parameter name (``params.NOTEBOOK_PARAMS``) or a fact id
(``seeds/facts.yaml``), an ISO timestamp, a hash, a run time, talk of kernels. A page may
say those only in its one "For analysts" block, which the browser test leaves out."""

from __future__ import annotations

import functools
import html
import re

__all__ = ["code_problems", "code_terms", "html_text", "reader_problems"]

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


#: (what is wrong, pattern) for text that belongs to code or to the machine, not a reader.
CODE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an ISO timestamp", re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")),
    ("a hash", re.compile(r"\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{10,}\b")),
    ("a run time", re.compile(r"(?<![\w$])\d+\.\d+ s\b")),
    ("talk of kernels", re.compile(r"\bkernel\b", re.IGNORECASE)),
)
#: A word as code writes it: lower case with underscores (``regime_share``).
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


@functools.cache
def code_terms() -> frozenset[str]:
    """Every parameter name with an underscore (single words such as 'troops' are English
    too) and every fact id: the names a reader must not meet outside the analysts' block."""
    import yaml
    from dprk_troops import paths
    from dprk_troops.workbook import NOTEBOOK_PARAMS

    facts = yaml.safe_load((paths.SEEDS_DIR / "facts.yaml").read_text(encoding="utf-8"))
    names = {p.name for specs in NOTEBOOK_PARAMS.values() for p in specs if "_" in p.name}
    return frozenset(names | {str(f["fact_id"]) for f in facts})


@functools.cache
def _spaced_names() -> re.Pattern[str]:
    """Parameter names with their underscores turned into spaces that still read as code
    ('pay usd per soldier month', 'in kind oil gas usd')."""
    spaced = sorted((n.replace("_", " ") for n in code_terms() if "usd" in n.split("_")),
                    key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, spaced)) + r")\b")


def code_problems(text: str, terms: frozenset[str] | None = None) -> list[str]:
    """One line per place where ``text`` speaks code: a parameter name or fact id (of
    ``terms``, default ``code_terms()``), an ISO timestamp, a hash, a run time, a kernel."""
    terms = code_terms() if terms is None else terms
    problems = []
    for line in text.splitlines():
        named = sorted({w for w in _SNAKE.findall(line) if w in terms}
                       | set(_spaced_names().findall(line)))
        if named:
            problems.append(f"a parameter name or fact id ({', '.join(named)}): "
                            f"{line.strip()[:200]}")
        for what, pattern in CODE_PATTERNS:
            if pattern.search(line):
                problems.append(f"{what}: {line.strip()[:200]}")
    return problems
