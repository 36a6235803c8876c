"""The bilingual cells an assignment is written in (``course/assignments/*.py``).

Every text a student reads is written once, English and Dutch side by side:

- markdown cells take ``en=`` and ``nl=``;
- in code, a string a student sees is ``tr("English", "Nederlands")`` (f-strings too), which
  the build replaces by the one literal of the language it builds;
- a comment a student sees is a pair of lines, ``# en: ...`` then ``# nl: ...``; the build
  keeps the one of its language (as ``# ...``).

The kinds of cell, and the nbgrader cell each becomes:

| function | nbgrader cell | in the release notebook |
|---|---|---|
| ``md`` | read-only markdown | as written |
| ``code`` | read-only code (set-up, examples) | as written |
| ``answer`` | autograded answer (a solution cell) | the code between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` becomes a stub that raises ``NotImplementedError`` |
| ``tests`` | autograder tests, with points | the part between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS`` is removed |
| ``written`` | manually graded answer (markdown), with points | the model answer becomes "YOUR ANSWER HERE" |

Read-only cells must not use a name a student's answer defines: in a release notebook they
must run with no error even before any answer is filled in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Cell", "answer", "code", "md", "tests", "written"]

Role = Literal["md", "code", "answer", "tests", "written"]


@dataclass(frozen=True)
class Cell:
    """One cell of an assignment, before it is split into a language."""

    role: Role
    cell_id: str
    #: markdown: {"en": ..., "nl": ...}; code: {"code": source with tr() and en:/nl: comments}
    text: dict[str, str] = field(default_factory=dict)
    points: float = 0.0
    #: for written answers: what a good answer cites (the teacher's guide repeats it)
    rubric: dict[str, str] = field(default_factory=dict)

    @property
    def is_markdown(self) -> bool:
        return self.role in ("md", "written")


def _strip(text: str) -> str:
    """Triple-quoted text without its first newline and common indentation."""
    import textwrap

    return textwrap.dedent(text).strip("\n")


def md(cell_id: str, *, en: str, nl: str) -> Cell:
    """A read-only markdown cell: instructions, context, a question."""
    return Cell("md", cell_id, {"en": _strip(en), "nl": _strip(nl)})


def code(cell_id: str, source: str) -> Cell:
    """A read-only code cell: set-up or an example the student runs but does not change."""
    return Cell("code", cell_id, {"code": _strip(source)})


def answer(cell_id: str, source: str) -> Cell:
    """A code answer; the solution sits between ``### BEGIN SOLUTION`` and ``### END SOLUTION``."""
    return Cell("answer", cell_id, {"code": _strip(source)})


def tests(cell_id: str, source: str, *, points: float) -> Cell:
    """Autograder tests worth ``points``: visible asserts, then hidden ones."""
    return Cell("tests", cell_id, {"code": _strip(source)}, points=points)


def written(cell_id: str, *, points: float, en: str, nl: str,
            rubric_en: str, rubric_nl: str) -> Cell:
    """A manually graded written answer: ``en``/``nl`` hold the model answer."""
    return Cell("written", cell_id, {"en": _strip(en), "nl": _strip(nl)}, points=points,
                rubric={"en": _strip(rubric_en), "nl": _strip(rubric_nl)})
