"""Whose numbers a course notebook uses: the student's id, and the random draws it seeds.

Each student of a class gets their own scenario (``scenarios``), drawn from their student
id, so that two students' expected answers differ. The notebook learns the id, first found
first used, from:

1. ``DPRK_TROOPS_STUDENT_ID``: the autograder sets it to the id of the folder a submission
   was handed in under (``grading.StudentExecute``), so grading always uses the submission
   folder's id, whatever the notebook says; a teacher may set it to preview a student;
2. ``JUPYTERHUB_USER``: on a JupyterHub, the logged-in user (nbgrader's student id there);
3. ``STUDENT_ID``, the cell a student fills in on a laptop.

During nbgrader's autograde (``NBGRADER_EXECUTION=autograde``) only the first counts: a
course graded without its ``nbgrader_config.py`` stops with one line rather than grade a
student against the id typed into the notebook.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import DprkTroopsError

if TYPE_CHECKING:
    import numpy as np

__all__ = ["GRADING_ENV", "Student", "StudentIdError", "identify"]

#: The environment variable that names the student at grading time (or for a preview).
GRADING_ENV = "DPRK_TROOPS_STUDENT_ID"
HUB_ENV = "JUPYTERHUB_USER"
#: An nbgrader student id: letters, digits and . _ @ + - (it names a folder).
_ID = re.compile(r"[\w.@+-]{1,64}")

_TEXT = {
    "missing": {
        "en": "No student id: type yours between the quotes of STUDENT_ID in the cell above "
              "(as your teacher gave it) and run the cells again; it chooses your own numbers.",
        "nl": "Geen studentnummer: typ het jouwe tussen de aanhalingstekens van STUDENT_ID in "
              "de cel hierboven (zoals je docent het gaf) en voer de cellen opnieuw uit; het "
              "bepaalt je eigen getallen.",
    },
    "bad": {
        "en": "STUDENT_ID {id!r} is not a student id: use letters, digits and . _ @ + - only, "
              "as your teacher gave it.",
        "nl": "STUDENT_ID {id!r} is geen studentnummer: gebruik alleen letters, cijfers en "
              ". _ @ + -, zoals je docent het gaf.",
    },
    "no_grader": {
        "en": "graded without the course's nbgrader_config.py ({env} is not set): run nbgrader "
              "in the course folder.",
        "nl": "nagekeken zonder de nbgrader_config.py van de cursus ({env} ontbreekt): start "
              "nbgrader in de cursusmap.",
    },
    "off": {
        "en": "Everyone in this class works with the same numbers.",
        "nl": "Iedereen in deze klas werkt met dezelfde getallen.",
    },
    "grading": {
        "en": "Graded with the numbers of student {id!r} (the folder it was handed in under).",
        "nl": "Nagekeken met de getallen van student {id!r} (de map waarin het is ingeleverd).",
    },
    "preview": {
        "en": "Numbers of student {id!r} (set by {env}).",
        "nl": "Getallen van student {id!r} (gezet door {env}).",
    },
    "hub": {
        "en": "Your numbers come from your JupyterHub user, {id!r}.",
        "nl": "Je getallen komen van je JupyterHub-gebruiker, {id!r}.",
    },
    "typed": {
        "en": "Your numbers come from your student id, {id!r}.",
        "nl": "Je getallen komen van je studentnummer, {id!r}.",
    },
    "mismatch": {
        "en": "Note: STUDENT_ID says {typed!r}, but these are the numbers of {id!r}.",
        "nl": "Let op: STUDENT_ID zegt {typed!r}, maar dit zijn de getallen van {id!r}.",
    },
}


class StudentIdError(DprkTroopsError, ValueError):
    """Raised when a course notebook cannot tell whose numbers to use."""


def _say(key: str, lang: str, **values: str) -> str:
    texts = _TEXT[key]
    return texts.get(lang, texts["en"]).format(**values)


@dataclass(frozen=True)
class Student:
    """Whose numbers an assignment uses: ``student_id`` is None when variants are off."""

    assignment_id: str
    student_id: str | None
    #: one line for the notebook to print: where the id came from (in the student's language)
    origin: str

    @property
    def variants(self) -> bool:
        return self.student_id is not None

    def seed(self) -> int:
        """A 64-bit seed from the assignment and the student id (the same on every machine)."""
        digest = hashlib.sha256(f"{self.assignment_id}/{self.student_id}".encode()).digest()
        return int.from_bytes(digest[:8], "big")

    def rng(self) -> np.random.Generator:
        """A generator for this student's draws; every call starts afresh from their seed."""
        import numpy as np

        return np.random.default_rng(self.seed())


def _checked(student_id: str, lang: str) -> str:
    student_id = student_id.strip()
    if not _ID.fullmatch(student_id):
        raise StudentIdError(_say("bad", lang, id=student_id))
    return student_id


def identify(assignment_id: str, typed: object = "", *, variants: bool = True,
             lang: str = "en", environ: Mapping[str, str] | None = None) -> Student:
    """The student whose numbers ``assignment_id`` uses (see the module's docstring).

    ``typed`` is the notebook's ``STUDENT_ID`` ("" or None when left blank). Raises
    StudentIdError, one line in ``lang``, when no id is found or an id is malformed.
    """
    env = os.environ if environ is None else environ
    if not variants:
        return Student(assignment_id, None, _say("off", lang))
    typed_id = str(typed or "").strip()
    if env.get(GRADING_ENV, "").strip():
        student_id = _checked(env[GRADING_ENV], lang)
        key = "grading" if env.get("NBGRADER_EXECUTION") == "autograde" else "preview"
    elif env.get("NBGRADER_EXECUTION") == "autograde":
        raise StudentIdError(_say("no_grader", lang, env=GRADING_ENV))
    elif env.get(HUB_ENV, "").strip():
        student_id, key = _checked(env[HUB_ENV], lang), "hub"
    elif typed_id:
        student_id, key = _checked(typed_id, lang), "typed"
    else:
        raise StudentIdError(_say("missing", lang))
    origin = _say(key, lang, id=student_id, env=GRADING_ENV)
    if typed_id and typed_id != student_id:
        origin += " " + _say("mismatch", lang, typed=typed_id, id=student_id)
    return Student(assignment_id, student_id, origin)
