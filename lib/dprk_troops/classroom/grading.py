"""nbgrader preprocessors of the course, switched on by its ``nbgrader_config.py``.

``configure(c, lang)`` replaces two of nbgrader's own preprocessors by subclasses and adds
one to the feedback:

- ``QuietOverwriteCells`` (autograde): nbgrader stores a test cell's checksum before it
  removes the hidden tests from the students' copy, so every untouched test cell with hidden
  tests was reported as changed ("Attribute 'checksum' for cell ... has changed!",
  jupyter/nbgrader#1961): five false alarms per student for assignment 1. A cell that equals
  the students' copy is now put back silently; a cell a student changed is still reported
  and put back, as nbgrader does.
- ``StudentExecute`` (autograde): sets ``DPRK_TROOPS_STUDENT_ID`` to the id of the folder the
  submission was handed in under while the notebook runs, so each student is graded with
  their own numbers (``student.identify``).
- ``StudentFeedback`` (generate_feedback): the feedback shows each test cell's name, score
  and a hint written for students, never the hidden tests: their code is taken out of the
  test cells, and an error keeps only its one-line message (the traceback would quote the
  hidden code that failed).

This module imports nbgrader: only nbgrader's configuration loads it.
"""

from __future__ import annotations

from typing import Any

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.api import MissingEntry
from nbgrader.converters import Autograde, GenerateFeedback
from nbgrader.preprocessors import ClearHiddenTests, Execute, NbGraderPreprocessor, OverwriteCells
from traitlets import Unicode

from .student import GRADING_ENV

__all__ = ["QuietOverwriteCells", "StudentExecute", "StudentFeedback", "configure",
           "released_source"]

#: What replaces the hidden tests in the feedback, per language.
HIDDEN_NOTE = {"en": "# (hidden tests ran here: their code is not shown)",
               "nl": "# (hier liepen verborgen tests: hun code wordt niet getoond)"}


def released_source(source: str) -> str:
    """A test cell's source as students get it: nbgrader's own removal of hidden tests."""
    cell = NotebookNode({"cell_type": "code", "source": source, "metadata": {}})
    ClearHiddenTests(enforce_metadata=False)._remove_hidden_test_region(cell)
    return cell.source


class QuietOverwriteCells(OverwriteCells):
    """OverwriteCells that reports a locked cell as changed only when a student changed it."""

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict,
                        cell_index: int) -> tuple[NotebookNode, ResourcesDict]:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id is not None and cell.cell_type == "code":
            try:
                source_cell = self.gradebook.find_source_cell(grade_id, self.notebook_id,
                                                              self.assignment_id)
            except MissingEntry:
                pass  # nbgrader's own code below says so
            else:
                if (source_cell.locked and source_cell.source != cell.source
                        and released_source(source_cell.source) == cell.source):
                    cell.source = source_cell.source  # the students' copy, untouched
        return super().preprocess_cell(cell, resources, cell_index)


class StudentExecute(Execute):
    """Execute with the submission's student id in the kernel's environment."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict
                   ) -> tuple[NotebookNode, ResourcesDict]:
        with utils.setenv(**{GRADING_ENV: resources["nbgrader"]["student"]}):
            return super().preprocess(nb, resources)


class StudentFeedback(NbGraderPreprocessor):
    """Takes the hidden tests and tracebacks out of test cells, for the students' feedback."""

    lang = Unicode("en", help="the course's language: en or nl").tag(config=True)

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict,
                        cell_index: int) -> tuple[NotebookNode, ResourcesDict]:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("grade") or meta.get("solution"):
            return cell, resources
        shown = released_source(cell.source)
        if shown != cell.source:
            cell.source = shown.rstrip("\n") + "\n" + HIDDEN_NOTE.get(self.lang, HIDDEN_NOTE["en"])
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                name, message = output.get("ename", "Error"), output.get("evalue", "")
                output["traceback"] = [f"{name}: {message}"]
        return cell, resources


def _replaced(default: list[type], old: type, new: type) -> list[type]:
    if old not in default:
        raise RuntimeError(f"nbgrader has no {old.__name__} in its pipeline: this course needs "
                           "nbgrader 0.9")
    return [new if p is old else p for p in default]


def configure(c: Any, lang: str) -> None:
    """Switch the course's preprocessors on in an nbgrader config object ``c``."""
    traits = Autograde.class_traits()
    c.Autograde.sanitize_preprocessors = _replaced(
        traits["sanitize_preprocessors"].default(), OverwriteCells, QuietOverwriteCells)
    c.Autograde.autograde_preprocessors = _replaced(
        traits["autograde_preprocessors"].default(), Execute, StudentExecute)
    # A test cell a student deleted comes back, so its tests still run.
    c.OverwriteCells.add_missing_cells = True
    c.GenerateFeedback.preprocessors = [
        *GenerateFeedback.class_traits()["preprocessors"].default(), StudentFeedback]
    c.StudentFeedback.lang = lang
