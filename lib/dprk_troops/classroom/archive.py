"""A course folder's students' work: find it, back it up, export its grades for an LMS.

A course folder is an nbgrader course directory (``nbgrader_config.py``, ``source/``,
``release/``, ``gradebook.db``). What students and the teacher made in it, and what no
build may ever delete, is ``STUDENT_WORK``: the gradebook (with the manual grades),
``submitted/``, ``autograded/`` and ``feedback/``.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tarfile
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["BACKUP_DIR", "STUDENT_WORK", "backup", "grades", "student_work"]

STUDENT_FOLDERS = ("submitted", "autograded", "feedback")
STUDENT_WORK = ("gradebook.db", *STUDENT_FOLDERS)
#: Also archived: what the students' work was graded against, and the teacher's settings.
COURSE_FILES = ("nbgrader_config.py", "teacher_config.py", "source", "release")
#: Where ``backup`` writes by default, inside the course folder.
BACKUP_DIR = "backups"


def _course(course_dir: Path) -> Path:
    course_dir = Path(course_dir)
    if not (course_dir / "nbgrader_config.py").is_file():
        raise InputError(f"{course_dir}: not a course folder (no nbgrader_config.py)")
    return course_dir


def student_work(course_dir: Path) -> list[str]:
    """The folders of ``course_dir`` that hold students' work (submitted/, autograded/,
    feedback/), each only when it holds a file; empty when there is none."""
    return [name for name in STUDENT_FOLDERS
            if any(p.is_file() for p in (course_dir / name).rglob("*"))]


def _copy_gradebook(source: Path, dest: Path) -> None:
    """A consistent copy of an SQLite database, even while nbgrader writes to it."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    out = sqlite3.connect(dest)
    try:
        src.backup(out)
    finally:
        out.close()
        src.close()


def backup(course_dir: Path, to: Path | None = None, now: dt.datetime | None = None) -> Path:
    """Archive the gradebook, the students' work and the course files to a dated .tar.gz.

    Written to ``to`` (default: ``<course_dir>/backups/``) as
    ``<course folder>-YYYY-MM-DD-HHMMSS.tar.gz``, first under a temporary name, so that an
    interrupted backup leaves no half-written archive. Returns the archive's path.
    """
    course_dir = _course(course_dir)
    stamp = (now or dt.datetime.now()).strftime("%Y-%m-%d-%H%M%S")
    out_dir = Path(to) if to is not None else course_dir / BACKUP_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{course_dir.resolve().name}-{stamp}.tar.gz"
    if target.exists():
        raise InputError(f"{target}: exists already")
    fd, partial = tempfile.mkstemp(prefix=".backup-", suffix=".tar.gz", dir=out_dir)
    os.close(fd)
    try:
        with tempfile.TemporaryDirectory() as scratch, \
                tarfile.open(partial, "w:gz") as tar:
            for name in (*STUDENT_WORK, *COURSE_FILES):
                path = course_dir / name
                if name == "gradebook.db" and path.is_file():
                    copy = Path(scratch) / name
                    _copy_gradebook(path, copy)
                    tar.add(copy, arcname=f"{course_dir.resolve().name}/{name}")
                elif path.exists():
                    tar.add(path, arcname=f"{course_dir.resolve().name}/{name}")
        os.replace(partial, target)
    finally:
        Path(partial).unlink(missing_ok=True)
    return target


def grades(course_dir: Path) -> pd.DataFrame:
    """One row per student, for a learning-management system.

    Columns: ``student_id``, ``last_name``, ``first_name``, ``email``; per assignment its
    score after any late penalty (empty when nothing was handed in); ``total``, ``max_total``;
    ``late`` (the assignments handed in after their due date, with the hours) and
    ``to_grade`` (assignments with written answers or flagged cells you have not graded yet:
    export again when they are done). Reads nbgrader's gradebook (needs nbgrader).
    """
    import pandas as pd

    course_dir = _course(course_dir)
    if not (course_dir / "gradebook.db").is_file():
        raise InputError(f"{course_dir}: no gradebook.db (build the course first)")
    try:
        from nbgrader.api import Gradebook, MissingEntry
    except ImportError:
        raise InputError("exporting grades needs nbgrader: pip install 'dprk-troops[course]'") \
            from None
    rows = []
    with Gradebook(f"sqlite:///{(course_dir / 'gradebook.db').resolve()}") as gb:
        assignments = sorted(a.name for a in gb.assignments)
        max_total = sum(gb.find_assignment(a).max_score for a in assignments)
        for student in sorted(gb.students, key=lambda s: s.id):
            row: dict[str, object] = {"student_id": student.id,
                                      "last_name": student.last_name or "",
                                      "first_name": student.first_name or "",
                                      "email": student.email or ""}
            late, to_grade, total = [], [], 0.0
            for name in assignments:
                try:
                    sub = gb.find_submission(name, student.id)
                except MissingEntry:
                    row[name] = ""
                    continue
                score = max(0.0, float(sub.score) - float(sub.late_submission_penalty or 0))
                row[name] = round(score, 2)
                total += score
                if sub.total_seconds_late > 0:
                    late.append(f"{name} ({sub.total_seconds_late / 3600:.1f} h)")
                if sub.needs_manual_grade:
                    to_grade.append(name)
            row.update(total=round(total, 2), max_total=round(max_total, 2),
                       late="; ".join(late), to_grade="; ".join(to_grade))
            rows.append(row)
    columns = ["student_id", "last_name", "first_name", "email", *assignments, "total",
               "max_total", "late", "to_grade"]
    return pd.DataFrame(rows, columns=columns)
