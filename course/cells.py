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
| ``free`` | an ordinary code cell (no nbgrader metadata): the student may change it, nothing grades it | as written |

Read-only cells must not use a name a student's answer defines: in a release notebook they
must run with no error even before any answer is filled in.

A cell with ``needs="articles"`` is built only when the teacher bundles the seed articles
with the course (``python -m course.build --articles DIR``); one with ``needs="variants"``
only when each student gets their own numbers (the default; ``--no-variants``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["FEATURES", "Cell", "answer", "code", "free", "md", "tests", "written"]

Role = Literal["md", "code", "answer", "tests", "written", "free"]
Feature = Literal["articles", "variants"]
#: What a cell may need from the build (see the module's docstring).
FEATURES: tuple[Feature, ...] = ("articles", "variants")


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
    #: built only when the build has this feature (None: always)
    needs: Feature | None = None

    @property
    def is_markdown(self) -> bool:
        return self.role in ("md", "written")


def _strip(text: str) -> str:
    """Triple-quoted text without its first newline and common indentation."""
    import textwrap

    return textwrap.dedent(text).strip("\n")


def md(cell_id: str, *, en: str, nl: str, needs: Feature | None = None) -> Cell:
    """A read-only markdown cell: instructions, context, a question."""
    return Cell("md", cell_id, {"en": _strip(en), "nl": _strip(nl)}, needs=needs)


def code(cell_id: str, source: str, *, needs: Feature | None = None) -> Cell:
    """A read-only code cell: set-up or an example the student runs but does not change."""
    return Cell("code", cell_id, {"code": _strip(source)}, needs=needs)


def free(cell_id: str, source: str, *, needs: Feature | None = None) -> Cell:
    """A code cell the student may change and nothing grades (their id, a scratch check)."""
    return Cell("free", cell_id, {"code": _strip(source)}, needs=needs)


def answer(cell_id: str, source: str, *, needs: Feature | None = None) -> Cell:
    """A code answer; the solution sits between ``### BEGIN SOLUTION`` and ``### END SOLUTION``."""
    return Cell("answer", cell_id, {"code": _strip(source)}, needs=needs)


def tests(cell_id: str, source: str, *, points: float, needs: Feature | None = None) -> Cell:
    """Autograder tests worth ``points``: a visible ``classroom.self_check``, then hidden
    tests."""
    return Cell("tests", cell_id, {"code": _strip(source)}, points=points, needs=needs)


def written(cell_id: str, *, points: float, en: str, nl: str,
            rubric_en: str, rubric_nl: str) -> Cell:
    """A manually graded written answer: ``en``/``nl`` hold the model answer."""
    return Cell("written", cell_id, {"en": _strip(en), "nl": _strip(nl)}, points=points,
                rubric={"en": _strip(rubric_en), "nl": _strip(rubric_nl)})


def student_id_cells() -> list[Cell]:
    """The two cells, after an assignment's introduction, where a student gives their id.

    Built only with variants on; the set-up cell then reads ``STUDENT_ID`` through
    ``dprk_troops.classroom.identify`` (which prefers the grader's and JupyterHub's id).
    """
    return [
        md("student_task", needs="variants", en="""
            ## Your student id

            Your numbers in this assignment are your own: they are drawn from your student
            id, and your work is graded with the same numbers. Type your id between the
            quotes below, exactly as your teacher gave it, then run the cells from the top.
            On your school's JupyterHub you may leave it empty: the hub knows who you are.
            """, nl="""
            ## Je studentnummer

            Je getallen in deze opdracht zijn van jou alleen: ze worden getrokken uit je
            studentnummer, en je werk wordt met dezelfde getallen nagekeken. Typ je nummer
            tussen de aanhalingstekens hieronder, precies zoals je docent het gaf, en voer
            dan de cellen van boven af uit. Op de JupyterHub van je school mag je het leeg
            laten: de hub weet wie je bent.
            """),
        free("student", 'STUDENT_ID = ""', needs="variants"),
    ]
