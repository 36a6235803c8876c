"""The nbgrader course: what `make course` builds, nbgrader's validate, and autograding.

Marked slow: they build the course (about 10 s), execute every notebook under nbgrader's
validator, and autograde three students' submissions in a scratch course directory.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from course import build

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def _notebooks(course_dir: Path, kind: str) -> list[Path]:
    return sorted((course_dir / kind).glob("*/*.ipynb"))


def test_make_course_builds_both_languages(course_build: dict[str, Path]) -> None:
    for lang, course_dir in course_build.items():
        assert (course_dir / "nbgrader_config.py").exists()
        for kind in ("source", "release"):
            ids = sorted(p.parent.name for p in _notebooks(course_dir, kind))
            assert ids == sorted(build.ASSIGNMENT_IDS), (lang, kind, ids)
            assert len(ids) >= 3


@pytest.mark.parametrize("lang", build.LANGUAGES)
def test_release_notebooks_hold_no_solution_and_no_hidden_test(
        course_build: dict[str, Path], lang: str) -> None:
    stubs = build.STUBS[lang]
    for notebook in _notebooks(course_build[lang], "release"):
        nb = nbformat.read(notebook, as_version=4)
        text = "\n".join(c.source for c in nb.cells)
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS"):
            assert marker not in text, (notebook, marker)
        for cell in nb.cells:
            meta = cell.metadata["nbgrader"]
            if meta["solution"] and cell.cell_type == "code":
                assert stubs["code"].splitlines()[0] in cell.source, (notebook, cell.id)
                assert "raise NotImplementedError()" in cell.source, (notebook, cell.id)
            elif meta["solution"]:
                assert cell.source == stubs["text"], (notebook, cell.id)
            assert not cell.get("outputs"), (notebook, cell.id)


def _validate_in_subprocess(course_dir: Path) -> dict[str, dict]:
    """nbgrader's validator on every source and release notebook of one course, in a
    process of its own (so that two languages validate side by side)."""
    notebooks = [str(p) for kind in ("source", "release") for p in _notebooks(course_dir, kind)]
    code = ("import json, sys; from pathlib import Path; from course.build import "
            "validate_notebooks; print(json.dumps(validate_notebooks(Path(sys.argv[1]), "
            "[Path(p) for p in sys.argv[2:]])))")
    run = subprocess.run([sys.executable, "-c", code, str(course_dir), *notebooks],
                         capture_output=True, text=True, cwd=REPO, timeout=300, check=False,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_validate_passes_on_sources_and_fails_on_blank_releases(
        course_build: dict[str, Path]) -> None:
    with ThreadPoolExecutor(len(course_build)) as pool:
        results = dict(zip(course_build, pool.map(_validate_in_subprocess,
                                                  course_build.values()), strict=True))
    for lang, by_path in results.items():
        assert len(by_path) == 2 * len(build.ASSIGNMENT_IDS)
        for path, result in by_path.items():
            kind = Path(path).parents[1].name
            if kind == "source":
                assert result["passed"], f"{lang}: nbgrader validate fails on {path}: {result}"
            else:
                assert not result["passed"], f"{lang}: a blank {path} passes validate"


# --- autograding three students ----------------------------------------------------------


def _filled(release: nbformat.NotebookNode, source: nbformat.NotebookNode,
            cell_ids: set[str]) -> nbformat.NotebookNode:
    """The release notebook with the source's answers in the cells named."""
    answers = {c.id: c.source for c in source.cells}
    nb = nbformat.from_dict(json.loads(json.dumps(release)))
    for cell in nb.cells:
        if cell.id in cell_ids:
            cell.source = answers[cell.id]
    return nb


# nbgrader 0.9.6's gradebook code trips SQLAlchemy 2's autoflush warnings; not ours.
@pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")
def test_autograde_three_students(course_build: dict[str, Path], tmp_path: Path) -> None:
    """complete: every answer (full autograded points); blank: none (zero); partial: the
    first answer of each assignment only (exactly that answer's points). nbgrader's own
    autograde grades them in a scratch copy of the Dutch course; the scores are read from
    the gradebook and from `nbgrader export`."""
    course_dir = tmp_path / "course"
    shutil.copytree(course_build["nl"], course_dir)
    api = build.nbgrader_api(course_dir)
    expected: dict[tuple[str, str], float] = {}
    for assignment_id in build.ASSIGNMENT_IDS:
        module = build.load_assignment(assignment_id)
        pairs = build.graded_pairs(module)
        answers = {c.cell_id for c in module.CELLS if c.role in ("answer", "written")}
        name = f"{assignment_id}.ipynb"
        release = nbformat.read(course_dir / "release" / assignment_id / name, as_version=4)
        source = nbformat.read(course_dir / "source" / assignment_id / name, as_version=4)
        students = {"complete": (answers, sum(p for _, _, p in pairs)),
                    "blank": (set(), 0.0),
                    "partial": ({pairs[0][0]}, pairs[0][2])}
        for student, (filled, points) in students.items():
            path = course_dir / "submitted" / student / assignment_id / name
            path.parent.mkdir(parents=True)
            nbformat.write(_filled(release, source, filled), path)
            expected[student, assignment_id] = points
    for (student, assignment_id) in expected:
        result = api.autograde(assignment_id, student, force=True, create=True)
        assert result["success"], result.get("log", "") + result.get("error", "")

    from nbgrader.api import Gradebook

    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        for (student, assignment_id), points in expected.items():
            notebook = gb.find_submission_notebook(assignment_id, assignment_id, student)
            auto = sum(g.auto_score or 0 for g in notebook.grades if g.auto_score is not None)
            assert auto == pytest.approx(points), (student, assignment_id, auto, points)
            assert notebook.code_score == pytest.approx(points), (student, assignment_id)
        assert expected["complete", "a1_fact_base"] > 0

    # The feedback a student gets back is in the student's language.
    result = api.generate_feedback("a1_fact_base", "partial", force=True)
    assert result["success"], result.get("log", "") + result.get("error", "")
    feedback = (course_dir / "feedback" / "partial" / "a1_fact_base" / "a1_fact_base.html"
                ).read_text(encoding="utf-8")
    assert "Opdracht 1: de feitenbank" in feedback and "SCHRIJF HIER JE ANTWOORD" in feedback
    assert "Assignment 1" not in feedback

    export = tmp_path / "grades.csv"
    run = build.nbgrader(["export", "--to", str(export)], course_dir)
    assert run.returncode == 0, run.stderr
    rows = {(r["student_id"], r["assignment"]): float(r["score"])
            for r in csv.DictReader(export.open())}
    for key, points in expected.items():
        assert rows[key] == pytest.approx(points), (key, rows[key], points)
