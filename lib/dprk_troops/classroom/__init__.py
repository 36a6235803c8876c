"""What the course edition (``course/``) needs where it runs: in students' notebooks, in
nbgrader while it grades, and on the teacher's command line.

- ``student``: whose numbers a notebook uses (the student id: grading folder, JupyterHub
  user or the notebook's ``STUDENT_ID``); ``scenarios``: each student's numbers per
  assignment, drawn from that id (or the workbook's defaults when variants are off);
- ``checks``: self-checks for students, "write it yourself" enforcement, tables shown in
  full, English glosses of the Dutch excerpts;
- ``grading``: nbgrader preprocessors (no false checksum alarms, grading with the
  submission folder's id, feedback without hidden tests); loaded by nbgrader's config only;
- ``archive``: a course folder's students' work, its dated backup and its grades as CSV;
  ``cli``: ``dprk-troops course ...``.

Importing this package loads no numpy, pandas or nbgrader.
"""

from __future__ import annotations

from .checks import FullTable, self_check, uses, with_glosses
from .scenarios import fact_base_scenario, options_scenario, revenue_scenario
from .student import GRADING_ENV, Student, StudentIdError, identify

__all__ = ["GRADING_ENV", "FullTable", "Student", "StudentIdError", "fact_base_scenario",
           "identify", "options_scenario", "revenue_scenario", "self_check", "uses",
           "with_glosses"]
