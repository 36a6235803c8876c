"""dprk_troops.classroom: student ids, scenarios, self-checks, tables in full, the nbgrader
preprocessors' pieces and backups, without a kernel (the graded class is
test_course_grading.py)."""

from __future__ import annotations

import sqlite3
import tarfile
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from dprk_troops import classroom
from dprk_troops.classroom import archive, scenarios
from dprk_troops.classroom.student import GRADING_ENV, Student, StudentIdError, identify
from dprk_troops.factbase.scores import read_option_scores
from dprk_troops.models import options, revenue
from dprk_troops.workbook import NOTEBOOK_PARAMS

DEFAULTS = {p.name: p.default for p in NOTEBOOK_PARAMS["01_cost_vs_revenue"]}


# --- whose numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(("environ", "typed", "expected", "origin"), [
    ({GRADING_ENV: "bob", "NBGRADER_EXECUTION": "autograde", "JUPYTERHUB_USER": "hub"}, "ann",
     "bob", "Graded with the numbers of student 'bob'"),
    ({GRADING_ENV: "bob"}, "", "bob", "set by DPRK_TROOPS_STUDENT_ID"),
    ({"JUPYTERHUB_USER": "hub"}, "ann", "hub", "your JupyterHub user"),
    ({}, " ann ", "ann", "your student id, 'ann'"),
])
def test_the_grader_wins_then_the_hub_then_the_notebook(environ, typed, expected, origin) -> None:
    student = identify("a1_fact_base", typed, environ=environ)
    assert student.student_id == expected
    assert origin in student.origin
    assert ("STUDENT_ID says 'ann'" in student.origin) == (typed.strip() not in ("", expected))


@pytest.mark.parametrize(("environ", "typed", "match"), [
    ({}, "", "No student id: type yours"),
    ({}, None, "No student id"),
    ({}, "ann/../bob", "is not a student id"),
    ({"NBGRADER_EXECUTION": "autograde"}, "ann", "without the course's nbgrader_config.py"),
])
def test_no_usable_id_stops_with_one_line(environ, typed, match) -> None:
    with pytest.raises(StudentIdError, match=match) as error:
        identify("a1_fact_base", typed, environ=environ)
    assert "\n" not in str(error.value)


def test_messages_speak_the_students_language() -> None:
    with pytest.raises(StudentIdError, match="Geen studentnummer"):
        identify("a1_fact_base", "", lang="nl", environ={})
    assert "Je getallen komen" in identify("a1_fact_base", "ann", lang="nl", environ={}).origin


def test_variants_off_ignore_every_id() -> None:
    student = identify("a1_fact_base", "", variants=False, environ={})
    assert student.student_id is None and not student.variants


def test_a_seed_depends_on_the_student_and_the_assignment_and_never_changes() -> None:
    """Pinned: a new hash or draw order would change every student's numbers mid-course."""
    alice = Student("a2_cost_revenue", "alice", "")
    assert alice.seed() == Student("a2_cost_revenue", "alice", "x").seed() == 17443586114383006551
    assert alice.seed() != Student("a2_cost_revenue", "bob", "").seed()
    assert alice.seed() != Student("a3_options", "alice", "").seed()
    fixed = {"months": 12, "regime_share": 1.0, "seed": 42}
    assert scenarios.revenue_scenario(alice, fixed) == scenarios.RevenueScenario(23, 0.65,
                                                                                1522537438)


# --- scenarios ------------------------------------------------------------------------------


def _students(n: int, assignment_id: str) -> list[Student]:
    return [identify(assignment_id, f"s{i:03d}", environ={}) for i in range(n)]


def test_revenue_scenarios_stay_in_the_courses_spans_and_differ() -> None:
    drawn = [scenarios.revenue_scenario(s, DEFAULTS) for s in _students(40, "a2_cost_revenue")]
    low, high = scenarios.VARIANT_MONTHS
    assert all(low <= d.months <= high for d in drawn)
    share_low, share_high = scenarios.VARIANT_SHARE
    assert all(share_low <= d.regime_share <= share_high for d in drawn)
    assert len({(d.months, d.regime_share) for d in drawn}) > 20
    off = scenarios.revenue_scenario(identify("a2_cost_revenue", variants=False), DEFAULTS)
    assert off == scenarios.RevenueScenario(DEFAULTS["months"], DEFAULTS["regime_share"],
                                            DEFAULTS["seed"])


def test_fact_base_scenarios_pick_a_contested_quantity() -> None:
    from dprk_troops import load_facts

    facts = load_facts()
    pool = scenarios.contested_quantities(facts)
    assert scenarios.DEFAULT_QUANTITY in pool and len(pool) >= 3
    picked = {scenarios.fact_base_scenario(s, facts).quantity
              for s in _students(30, "a1_fact_base")}
    assert picked == set(pool)
    off = scenarios.fact_base_scenario(identify("a1_fact_base", variants=False), facts)
    assert off.quantity == scenarios.DEFAULT_QUANTITY


def test_options_scenarios_give_a_criterion_whose_weight_changes_the_top_option() -> None:
    judgments = read_option_scores()
    matrix, directions = judgments.matrix(), judgments.directions
    default = judgments.default_weights
    assert scenarios.DEFAULT_CRITERION in scenarios.switching_criteria(matrix, default,
                                                                       directions)
    drawn = [scenarios.options_scenario(s, matrix, default, directions, judgments.scores)
             for s in _students(25, "a3_options")]
    for d in drawn:
        assert set(d.weights) == set(default)
        assert all(min(abs(d.weights[c] / w - f) for f in scenarios.WEIGHT_FACTORS) < 1e-3
                   for c, w in default.items())
        sweep = options.weight_sweep(matrix, d.weights, directions, d.criterion, steps=1001)
        tops = sweep[sweep["rank"] == 1]["option_id"].astype(str)
        assert tops.nunique() > 1, d  # the top option changes somewhere
        assert d.score in set(zip(judgments.scores["option_id"].astype(str),
                                  judgments.scores["criterion_id"].astype(str), strict=True))
    assert len({d.criterion for d in drawn}) > 1 and len({d.score for d in drawn}) > 10
    off = scenarios.options_scenario(identify("a3_options", variants=False), matrix, default,
                                     directions, judgments.scores)
    assert off == scenarios.OptionsScenario(dict(default), scenarios.DEFAULT_CRITERION, None)


# --- what a student sees --------------------------------------------------------------------


def test_self_check_says_the_shape_is_right_or_lists_every_failing_hint(capsys) -> None:
    classroom.self_check("en", "q1", [(lambda: True, "fine"), (lambda: 1, "fine too")])
    assert "q1: the answer has the right shape (2 self-checks pass)" in capsys.readouterr().out
    with pytest.raises(AssertionError) as failed:
        classroom.self_check("nl", "q2", [(lambda: True, "ok"), (lambda: False, "sorteer"),
                                          (lambda: undefined_answer > 0, "te klein"),  # noqa: F821
                                          (lambda: 1 / 0, "deel niet door nul")])
    message = str(failed.value)
    assert message.startswith("q2: 3 van de 4 zelftests mislukken")
    assert "- sorteer" in message and "- deel niet door nul" in message
    assert "te klein (name 'undefined_answer' is not defined)" in message
    assert "- ok" not in message


def _own_formula(t, p, m, s=1.0):
    return t * p * m * s


def _calls_library(t, p, m, s=1.0):
    return revenue.cash_revenue_usd(t, p, m, s)


_alias = revenue.cash_revenue_usd


def _calls_alias(t, p, m, s=1.0):
    return _alias(t, p, m, s)


def _calls_helper(t, p, m, s=1.0):
    return _calls_library(t, p, m, s)


def test_uses_finds_a_library_call_however_it_is_reached() -> None:
    assert classroom.uses(_own_formula, revenue.cash_revenue_usd) == []
    assert classroom.uses(_calls_library, revenue.cash_revenue_usd) == ["cash_revenue_usd"]
    assert classroom.uses(_calls_alias, revenue.cash_revenue_usd) == ["_alias"]
    assert classroom.uses(_calls_helper, revenue.cash_revenue_usd) == ["cash_revenue_usd"]
    assert classroom.uses(lambda x: options.normalise(x, {}), options.normalise) == ["normalise"]


def test_a_full_table_cuts_no_text() -> None:
    reason = "A long reason " * 20 + "(nos1_blinken_10000, bnr_pay_2000)"
    table = classroom.FullTable(pd.DataFrame({"fact_id": ["x"] * 70, "reason": [reason] * 70}))
    assert repr(table).count("(nos1_blinken_10000, bnr_pay_2000)") == 70
    assert table._repr_html_().count("bnr_pay_2000)") == 70
    assert "..." not in repr(table)


# --- grading ---------------------------------------------------------------------------------


TEST_CELL = """classroom.self_check(LANG, "q1", [])
### BEGIN HIDDEN TESTS
_expected = compute_the_answer()
assert answer == _expected, "look again"
### END HIDDEN TESTS
print("after")"""


def test_the_released_test_cell_is_nbgraders_own() -> None:
    from dprk_troops.classroom.grading import released_source

    assert released_source(TEST_CELL) == 'classroom.self_check(LANG, "q1", [])\nprint("after")'
    assert released_source("x = 1") == "x = 1"


def test_feedback_keeps_the_hint_and_drops_the_hidden_code_and_traceback() -> None:
    from dprk_troops.classroom.grading import StudentFeedback

    error = nbformat.v4.new_output("error", ename="AssertionError", evalue="look again",
                                   traceback=["----> 3 assert answer == _expected", "..."])
    test = nbformat.v4.new_code_cell(TEST_CELL, outputs=[error], metadata={"nbgrader": {
        "grade": True, "solution": False, "grade_id": "q1_tests", "points": 2}})
    answer = nbformat.v4.new_code_cell("answer = 1 / 0", outputs=[nbformat.v4.new_output(
        "error", ename="ZeroDivisionError", evalue="division by zero",
        traceback=["----> 1 answer = 1 / 0"])], metadata={"nbgrader": {
            "grade": False, "solution": True, "grade_id": "q1"}})
    nb = nbformat.v4.new_notebook(cells=[answer, test])
    nb, _ = StudentFeedback(lang="nl").preprocess(nb, {})
    assert "_expected" not in nb.cells[1].source
    assert nb.cells[1].source.endswith(
        "# (hier liepen verborgen tests: hun code wordt niet getoond)")
    assert nb.cells[1].outputs[0]["traceback"] == ["AssertionError: look again"]
    assert nb.cells[0].outputs[0]["traceback"] == ["----> 1 answer = 1 / 0"]  # the student's own


def test_configure_puts_the_course_preprocessors_in_nbgraders_pipelines() -> None:
    from dprk_troops.classroom import grading
    from nbgrader.preprocessors import Execute, OverwriteCells
    from traitlets.config import Config

    c = Config()
    grading.configure(c, "nl")
    sanitize, autograde = c.Autograde.sanitize_preprocessors, c.Autograde.autograde_preprocessors
    assert grading.QuietOverwriteCells in sanitize and OverwriteCells not in sanitize
    assert grading.StudentExecute in autograde and Execute not in autograde
    assert c.GenerateFeedback.preprocessors[-1] is grading.StudentFeedback
    assert c.StudentFeedback.lang == "nl" and c.OverwriteCells.add_missing_cells


# --- a course folder's students' work -------------------------------------------------------


def _course(tmp_path: Path) -> Path:
    course = tmp_path / "nl"
    (course / "submitted" / "ann" / "a1").mkdir(parents=True)
    (course / "submitted" / "ann" / "a1" / "a1.ipynb").write_text("{}")
    (course / "autograded").mkdir()
    (course / "nbgrader_config.py").write_text("c = get_config()\n")
    with sqlite3.connect(course / "gradebook.db") as db:
        db.execute("create table grade (student text, score real)")
        db.execute("insert into grade values ('ann', 7.5)")
    return course


def test_student_work_names_the_folders_that_hold_files(tmp_path: Path) -> None:
    course = _course(tmp_path)
    assert archive.student_work(course) == ["submitted"]
    assert archive.student_work(tmp_path / "empty") == []


def test_backup_writes_a_dated_archive_with_a_consistent_gradebook(tmp_path: Path) -> None:
    import datetime as dt

    course = _course(tmp_path)
    path = archive.backup(course, tmp_path / "safe", now=dt.datetime(2026, 3, 1, 9, 30))
    assert path == tmp_path / "safe" / "nl-2026-03-01-093000.tar.gz"
    with tarfile.open(path) as tar:
        assert {"nl/gradebook.db", "nl/submitted/ann/a1/a1.ipynb",
                "nl/nbgrader_config.py"} <= set(tar.getnames())
        tar.extract("nl/gradebook.db", tmp_path / "out", filter="data")
    with sqlite3.connect(tmp_path / "out" / "nl" / "gradebook.db") as db:
        assert db.execute("select score from grade").fetchall() == [(7.5,)]
    assert list((tmp_path / "safe").glob(".backup-*")) == []  # no half-written file left
    with pytest.raises(archive.InputError, match="exists already"):
        archive.backup(course, tmp_path / "safe", now=dt.datetime(2026, 3, 1, 9, 30))
    with pytest.raises(archive.InputError, match="not a course folder"):
        archive.backup(tmp_path / "safe")
