"""Grading a small class with nbgrader, as course/simulate_class.py grades sixty students.

One class is handed in and autograded once (module fixture), in scratch copies of both
languages' courses: a student of each kind (course/simulate_class.py: correct, blank,
partly right, tampered, late, erroring), plus two students handing in one notebook whose
answers are typed-in numbers of one of them. The tests then read the gradebook, nbgrader's
log, the feedback and the exported grades, and finally rebuild the course over it.

Marked slow: about 17 autogrades (a kernel each).
"""

from __future__ import annotations

import csv
import io
import shutil
import tarfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from dprk_troops import cli
from dprk_troops.classroom import identify, revenue_scenario
from dprk_troops.models import revenue
from dprk_troops.workbook import NOTEBOOK_PARAMS

from course import build, workspace
from course import simulate_class as sim
from course.cells import md

pytestmark = [pytest.mark.slow,
              # nbgrader 0.9.6's gradebook code trips SQLAlchemy 2's autoflush warnings.
              pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")]

ALL = build.ASSIGNMENT_IDS
#: (student id, language, kind, assignments handed in)
CLASS = (
    ("ana", "nl", "correct", ALL),
    ("bob", "nl", "blank", ALL),
    ("cas", "nl", "partial", ALL),
    ("dan", "nl", "tampered", ("a1_fact_base",)),
    ("eve", "nl", "late", ("a2_cost_revenue",)),
    ("fay", "en", "erroring", ("a3_options",)),
)
#: Both hand in the notebook in which ivy typed her own numbers as answers to a2 question 2.
COPIED_FROM, COPIED_BY = "ivy", "jon"
MANUAL = {"correct": 1.0, "partial": 0.0}


@dataclass
class GradedClass:
    options: build.Options
    courses: dict[str, Path]
    outcomes: dict[tuple[str, str], sim.Outcome]
    logs: dict[tuple[str, str], str]


def _typed_in_answers(student_id: str) -> str:
    """a2 question 2 answered with the numbers of ``student_id``, typed in."""
    from dprk_troops import load_facts

    facts = load_facts()
    defaults = {p.name: p.default for p in NOTEBOOK_PARAMS["01_cost_vs_revenue"]}
    scenario = revenue_scenario(identify("a2_cost_revenue", student_id, environ={}), defaults)
    pay = float(facts.loc[facts["quantity"] == "dprk_pay_usd_per_soldier_month", "value"].mean())
    troops = facts.loc[(facts["quantity"] == "dprk_troops_in_russia") & facts["value"].notna(),
                       "value"]
    low, high = float(troops.min()), float(troops.max())
    values = {"pay_usd": pay, "troops_low": low, "troops_high": high,
              "revenue_low": revenue.cash_revenue_usd(low, pay, scenario.months,
                                                      scenario.regime_share),
              "revenue_high": revenue.cash_revenue_usd(high, pay, scenario.months,
                                                       scenario.regime_share)}
    return "\n".join(f"{name} = {float(value)!r}" for name, value in values.items())


def _hand_in_copied(course_dir: Path) -> None:
    release = nbformat.read(course_dir / "release" / "a2_cost_revenue" / "a2_cost_revenue.ipynb",
                            as_version=4)
    for cell in release.cells:
        if cell.id == "student":
            cell.source = f'STUDENT_ID = "{COPIED_FROM}"'
        elif cell.id == "q2_inputs":
            cell.source = _typed_in_answers(COPIED_FROM)
    for student in (COPIED_FROM, COPIED_BY):
        folder = course_dir / "submitted" / student / "a2_cost_revenue"
        folder.mkdir(parents=True)
        nbformat.write(release, folder / "a2_cost_revenue.ipynb")


@pytest.fixture(scope="module")
def graded(course_build: dict[str, Path], course_options: build.Options,
           tmp_path_factory: pytest.TempPathFactory) -> GradedClass:
    root = tmp_path_factory.mktemp("graded-class")
    courses = {lang: Path(shutil.copytree(course_build[lang], root / lang))
               for lang in build.LANGUAGES}
    outcomes: dict[tuple[str, str], sim.Outcome] = {}
    for student, lang, kind, assignments in CLASS:
        for assignment_id in assignments:
            member = sim.Member(student, lang, kind)
            expected = sim.hand_in(courses[lang], member, assignment_id, course_options)
            outcomes[student, assignment_id] = sim.Outcome(student, lang, kind, assignment_id,
                                                           expected)
    _hand_in_copied(courses["en"])
    q2_points = {a: p for a, _, p in build.graded_pairs(
        build.load_assignment("a2_cost_revenue"), course_options)}["q2_inputs"]
    for student, points in ((COPIED_FROM, q2_points), (COPIED_BY, 0.0)):
        outcomes[student, "a2_cost_revenue"] = sim.Outcome(student, "en", "copied",
                                                           "a2_cost_revenue", points)
    logs = {}
    apis = {lang: build.nbgrader_api(course) for lang, course in courses.items()}
    for lang, course in courses.items():
        sim.set_due_dates(course, ALL)
    for (student, assignment_id), outcome in outcomes.items():
        course = courses[outcome.lang]
        outcome.warnings, logs[student, assignment_id] = sim.autograde(
            apis[outcome.lang], assignment_id, student)
        outcome.auto = sim.auto_score(course, assignment_id, student)
        if outcome.kind in MANUAL:
            sim.hand_grade(course, assignment_id, student, MANUAL[outcome.kind])
    graded = {(o.lang, o.assignment_id) for o in outcomes.values()}
    for lang, api in apis.items():
        for assignment_id in (a for a in ALL if (lang, a) in graded):
            result = api.generate_feedback(assignment_id, force=True)
            assert result["success"], result.get("log", "") + result.get("error", "")
    return GradedClass(course_options, courses, outcomes, logs)


def test_every_submission_scores_as_expected(graded: GradedClass) -> None:
    wrong = {k: (o.auto, o.expected) for k, o in graded.outcomes.items() if o.auto != o.expected}
    assert wrong == {}
    # The expectations are not all trivial: full marks, none and part of them.
    autograded = {a: sum(p for _, _, p in build.graded_pairs(build.load_assignment(a),
                                                             graded.options))
                  for a in ALL}
    for assignment_id in ALL:
        assert graded.outcomes["ana", assignment_id].auto == autograded[assignment_id] > 0
        assert graded.outcomes["bob", assignment_id].auto == 0
        assert 0 < graded.outcomes["cas", assignment_id].auto < autograded[assignment_id]
    assert 0 < graded.outcomes["fay", "a3_options"].auto < autograded["a3_options"]


def test_only_tampering_gives_a_checksum_warning(graded: GradedClass) -> None:
    """Untouched (bob) and honestly answered notebooks give none: nbgrader's own warning for
    every test cell with hidden tests (jupyter/nbgrader#1961) is gone; a student who emptied
    the test cells (dan) is still reported, once per cell, and graded with the real tests."""
    warned = {k: o.warnings for k, o in graded.outcomes.items() if o.warnings}
    a1 = build.load_assignment("a1_fact_base")
    tests = [c.cell_id for c in build.built_cells(a1, graded.options) if c.role == "tests"]
    assert warned == {("dan", "a1_fact_base"): len(tests)}
    log = graded.logs["dan", "a1_fact_base"]
    assert all(f"for cell {cell_id} has changed" in log for cell_id in tests)


def test_each_student_is_graded_with_the_numbers_of_the_folder_they_handed_in(
        graded: GradedClass) -> None:
    """ivy's typed-in numbers earn her question 2; handed in by jon, the same notebook is
    graded with jon's numbers (the folder's id, not the notebook's) and earns nothing, and
    his graded notebook says so."""
    assert graded.outcomes[COPIED_FROM, "a2_cost_revenue"].auto > 0
    assert graded.outcomes[COPIED_BY, "a2_cost_revenue"].auto == 0
    nb = nbformat.read(graded.courses["en"] / "autograded" / COPIED_BY / "a2_cost_revenue" /
                       "a2_cost_revenue.ipynb", as_version=4)
    setup = next(c for c in nb.cells if c.id == "setup")
    printed = "".join(o.get("text", "") for o in setup.outputs)
    assert f"Graded with the numbers of student '{COPIED_BY}'" in printed
    assert f"STUDENT_ID says '{COPIED_FROM}'" in printed
    ivy, jon = (revenue_scenario(identify("a2_cost_revenue", s, environ={}),
                                 {p.name: p.default for p in NOTEBOOK_PARAMS["01_cost_vs_revenue"]})
                for s in (COPIED_FROM, COPIED_BY))
    assert ivy != jon
    assert f"{jon.months} " in printed and f"{jon.seed}" in printed


def test_feedback_names_each_test_and_shows_no_hidden_test_or_traceback(
        graded: GradedClass) -> None:
    problems = [p for (student, assignment_id), o in graded.outcomes.items()
                for p in sim.feedback_problems(graded.courses[o.lang], assignment_id, student)]
    assert problems == []
    # A failed hidden test shows its hint, in the student's language (cas: question 4 of a1
    # is blank, so its self-check fails and names what is missing).
    page = (graded.courses["nl"] / "feedback" / "cas" / "a1_fact_base" / "a1_fact_base.html"
            ).read_text(encoding="utf-8")
    assert "Opdracht 1: de feitenbank" in page and "SCHRIJF HIER JE ANTWOORD" in page
    assert "Assignment 1" not in page
    assert "hier liepen verborgen tests" in page and "zelftests mislukken" in page
    assert "Score: 0.0 / 2.0" in page


def test_grades_export_as_csv(graded: GradedClass, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    """`nbgrader export` (one row per student and assignment) and `dprk-troops course
    grades` (one row per student, for an LMS: late hand-ins and ungraded work named)."""
    course = graded.courses["nl"]
    export = tmp_path / "grades.csv"
    run = build.nbgrader(["export", "--to", str(export)], course)
    assert run.returncode == 0, run.stderr
    rows = {(r["student_id"], r["assignment"]): float(r["score"])
            for r in csv.DictReader(export.open())}
    written = {a: sum(c.points for c in build.load_assignment(a).CELLS if c.role == "written")
               for a in ALL}
    for (student, assignment_id), o in graded.outcomes.items():
        if o.lang == "nl":
            manual = MANUAL.get(o.kind, 0.0) * written[assignment_id]
            assert rows[student, assignment_id] == pytest.approx(o.expected + manual)
    assert cli.main(["course", "grades", str(course)]) == 0
    lms = {r["student_id"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert set(lms) == {s for s, lang, *_ in CLASS if lang == "nl"}
    assert float(lms["ana"]["total"]) == pytest.approx(sum(
        rows["ana", a] for a in ALL))
    assert lms["eve"]["late"].startswith("a2_cost_revenue (30.0 h)")
    assert lms["dan"]["a2_cost_revenue"] == ""  # handed nothing in
    assert lms["ana"]["to_grade"] == ""  # every written answer graded
    assert float(lms["ana"]["max_total"]) == pytest.approx(sum(
        sum(p for _, _, p in build.graded_pairs(build.load_assignment(a), graded.options))
        + written[a] for a in ALL))


def test_backup_archives_the_gradebook_and_the_students_work(
        graded: GradedClass, capsys: pytest.CaptureFixture[str]) -> None:
    course = graded.courses["nl"]
    assert cli.main(["course", "backup", str(course)]) == 0
    archive = Path(capsys.readouterr().out.split(" to ")[-1].strip())
    assert archive.parent == course / "backups"
    assert archive.name.startswith("nl-") and archive.name.endswith(".tar.gz")
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    handed_in = {f"nl/{p.relative_to(course).as_posix()}"
                 for p in (course / "submitted").rglob("*.ipynb")}
    assert "nl/gradebook.db" in names and handed_in <= names
    assert not any("/backups" in n for n in names)
    assert cli.main(["course", "backup", str(course / "release")]) == 2  # not a course folder


def test_rebuilding_keeps_every_grade_and_refuses_to_overwrite_a_teachers_change(
        graded: GradedClass, monkeypatch: pytest.MonkeyPatch) -> None:
    """`make course` again over a graded course: every grade (manual ones too) and every
    file of submitted/, autograded/ and feedback/ is still there. A source notebook a teacher
    edited is not overwritten (one line, nothing written) unless forced; a rebuild that
    adds a cell to an assignment with submissions is refused before anything is written."""
    course = graded.courses["nl"]
    grades, files = sim.grades_snapshot(course), sim.files_snapshot(course)
    assert any(manual for _, manual, _ in grades.values())  # hand grades are there
    build.build_language("nl", course, options=graded.options)
    assert sim.grades_snapshot(course) == grades and sim.files_snapshot(course) == files

    source = course / "source" / "a2_cost_revenue" / "a2_cost_revenue.ipynb"
    edited = source.read_text(encoding="utf-8").replace("Vraag 1", "Vraag één")
    source.write_text(edited, encoding="utf-8")
    with pytest.raises(workspace.BuildRefused, match=r"a2_cost_revenue\.ipynb: changed since "
                                                     r"the last build") as refused:
        build.build_language("nl", course, options=graded.options)
    assert "\n" not in str(refused.value)
    assert source.read_text(encoding="utf-8") == edited
    build.build_language("nl", course, options=graded.options, force=True)
    assert "Vraag één" not in source.read_text(encoding="utf-8")
    assert sim.grades_snapshot(course) == grades and sim.files_snapshot(course) == files

    before = source.read_bytes()
    real = build.load_assignment

    def with_extra_cell(assignment_id: str):
        module = real(assignment_id)
        if assignment_id != "a2_cost_revenue":
            return module
        return _Module(module, md("extra", en="More.", nl="Meer."))

    monkeypatch.setattr(build, "load_assignment", with_extra_cell)
    with pytest.raises(workspace.BuildRefused, match="has submissions, and this build adds or "
                                                     r"removes its cells \(extra\)"):
        build.build_language("nl", course, options=graded.options)
    assert source.read_bytes() == before
    assert sim.grades_snapshot(course) == grades


class _Module:
    """An assignment module with one more cell (what a rebuild must refuse mid-course)."""

    def __init__(self, module, extra):
        self.__dict__.update({k: getattr(module, k) for k in ("ID", "TITLE", "MINUTES",
                                                              "OBJECTIVES")})
        self.CELLS = [*module.CELLS, extra]
