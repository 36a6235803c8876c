"""A scripted course run: a class hands in every assignment and is graded as a teacher would.

    .venv/bin/python -m course.simulate_class                  # 60 students, both languages
    .venv/bin/python -m course.simulate_class --students 12 --keep /tmp/class

Builds both languages' course folders (in a scratch folder, never course/build/), then for
each student of a class of mixed kinds (``KINDS``: blank, correct, partly right, erroring,
tampered, late; half of each kind Dutch, half English) hands in all three assignments
under the student's own id, and then:

1. autogrades every submission with nbgrader (the course's own configuration);
2. grades the written answers by hand (full marks for the correct and late kinds, none for
   the partly right, whose written answers are empty);
3. generates the feedback and checks it holds no hidden test and no traceback;
4. exports the grades as CSV (``dprk-troops course grades``) and checks every score;
5. rebuilds the course, as ``make course`` does, and checks every grade, manual ones
   included, and every file of submitted/, autograded/ and feedback/ is still there.

It prints the scores per kind, the checksum warnings per kind (only the tampered kind may
have any) and the time each step took, and exits 1 when anything is not as expected. Not
part of ``make test`` (180 autogrades take minutes); ``tests/course`` runs a few students
of each kind with these same functions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import math
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType

import nbformat

from course import build

KINDS = ("blank", "correct", "partial", "erroring", "tampered", "late")
#: The due date of every assignment in the simulation, and when each kind hands in.
DUE = dt.datetime(2026, 3, 1, 17, 0)
ON_TIME = DUE - dt.timedelta(hours=20)
LATE = DUE + dt.timedelta(hours=30)
#: nbgrader's log line for a locked cell it found changed (and put back).
CHANGED = re.compile(r"Attribute '\w+' for cell \S+ has changed")
#: What an answer that crashes looks like (a KeyError on a dict, as a typo would give).
CRASH = '{"value": 1}["valeu"]'
#: A test cell a student emptied to pass it.
TAMPERED = "pass"


@dataclass(frozen=True)
class Member:
    """One student of the simulated class."""

    student_id: str
    lang: str
    kind: str


@dataclass
class Outcome:
    """One graded submission: what it should score and what it scored."""

    student_id: str
    lang: str
    kind: str
    assignment_id: str
    expected: float
    auto: float | None = None
    warnings: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


def class_list(n: int, kinds: tuple[str, ...] = KINDS) -> list[Member]:
    """``n`` students, the kinds in turn, each run of kinds in the other language."""
    langs = ("nl", "en")
    return [Member(f"s{i + 1:03d}", langs[(i // len(kinds)) % 2], kinds[i % len(kinds)])
            for i in range(n)]


def _notebooks(course_dir: Path, assignment_id: str) -> tuple[nbformat.NotebookNode, ...]:
    name = f"{assignment_id}.ipynb"
    return tuple(nbformat.read(course_dir / kind / assignment_id / name, as_version=4)
                 for kind in ("release", "source"))


def _copy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return nbformat.from_dict(json.loads(json.dumps(nb)))


def _set_id(nb: nbformat.NotebookNode, student_id: str) -> None:
    for cell in nb.cells:
        if cell.id == "student":
            cell.source = f'STUDENT_ID = "{student_id}"'


def submission(release: nbformat.NotebookNode, source: nbformat.NotebookNode,
               module: ModuleType, options: build.Options, kind: str, student_id: str
               ) -> tuple[nbformat.NotebookNode, float]:
    """The notebook a student of ``kind`` hands in, and the autograded points it should get.

    blank: the release untouched. correct and late: every answer, written ones too.
    partial: the first half of the autograded answers. erroring: every answer but one,
    which crashes. tampered: no answer, and every test cell emptied (nbgrader puts the
    tests back, so it scores 0 and is reported).
    """
    pairs = build.graded_pairs(module, options)
    answers = {c.id: c.source for c in source.cells}
    nb = _copy(release)
    if kind == "blank":
        return nb, 0.0
    _set_id(nb, student_id)
    if kind in ("correct", "late"):
        filled, crashed = {c.cell_id for c in module.CELLS if c.role in ("answer", "written")}, ""
    elif kind == "partial":
        filled, crashed = {a for a, _, _ in pairs[:math.ceil(len(pairs) / 2)]}, ""
    elif kind == "erroring":
        crashed = pairs[1][0]
        filled = {a for a, _, _ in pairs if a != crashed}
    elif kind == "tampered":
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade") and cell.cell_type == "code":
                cell.source = TAMPERED
        return nb, 0.0
    else:
        raise ValueError(f"unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
    for cell in nb.cells:
        if cell.id in filled:
            cell.source = build.without_markers(answers[cell.id])
        elif cell.id == crashed:
            cell.source = CRASH
    return nb, float(sum(p for a, _, p in pairs if a in filled))


def hand_in(course_dir: Path, member: Member, assignment_id: str, options: build.Options
            ) -> float:
    """Put a member's submission in submitted/ (with its time); return its expected points."""
    release, source = _notebooks(course_dir, assignment_id)
    nb, points = submission(release, source, build.load_assignment(assignment_id), options,
                            member.kind, member.student_id)
    folder = course_dir / "submitted" / member.student_id / assignment_id
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / f"{assignment_id}.ipynb")
    when = LATE if member.kind == "late" else ON_TIME
    (folder / "timestamp.txt").write_text(when.strftime("%Y-%m-%d %H:%M:%S.%f UTC"))
    return points


def set_due_dates(course_dir: Path, assignment_ids: Iterable[str], due: dt.datetime = DUE
                  ) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(_db(course_dir)) as gb:
        for assignment_id in assignment_ids:
            gb.update_or_create_assignment(assignment_id, duedate=due)


def _db(course_dir: Path) -> str:
    return f"sqlite:///{(course_dir / 'gradebook.db').resolve()}"


def autograde(api, assignment_id: str, student_id: str) -> tuple[int, str]:
    """nbgrader's autograde of one submission: (checksum warnings, log); raises on failure."""
    result = api.autograde(assignment_id, student_id, force=True, create=True)
    log = result.get("log", "")
    if not result["success"]:
        raise RuntimeError(f"autograde {assignment_id} {student_id} failed:\n{log}\n"
                           f"{result.get('error', '')}")
    return len(CHANGED.findall(log)), log


def auto_score(course_dir: Path, assignment_id: str, student_id: str) -> float:
    from nbgrader.api import Gradebook

    with Gradebook(_db(course_dir)) as gb:
        notebook = gb.find_submission_notebook(assignment_id, assignment_id, student_id)
        return float(sum(g.auto_score or 0 for g in notebook.grades if g.auto_score is not None))


def hand_grade(course_dir: Path, assignment_id: str, student_id: str, share: float) -> None:
    """Give each written answer ``share`` of its points, as a teacher in the Formgrader."""
    from nbgrader.api import Gradebook

    with Gradebook(_db(course_dir)) as gb:
        notebook = gb.find_submission_notebook(assignment_id, assignment_id, student_id)
        for grade in notebook.grades:
            if grade.cell.cell_type == "markdown":  # a written answer
                grade.manual_score = share * grade.max_score
                grade.needs_manual_grade = False
        gb.db.commit()


def grades_snapshot(course_dir: Path) -> dict[str, tuple]:
    """Every grade in the gradebook: {student/assignment/cell: (auto, manual, max)}."""
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(_db(course_dir)) as gb:
        for assignment in gb.assignments:
            for sub in assignment.submissions:
                for notebook in sub.notebooks:
                    for grade in notebook.grades:
                        key = f"{sub.student.id}/{assignment.name}/{grade.name}"
                        out[key] = (grade.auto_score, grade.manual_score, grade.max_score)
    return out


def files_snapshot(course_dir: Path) -> dict[str, str]:
    """sha256 of every file of submitted/, autograded/ and feedback/."""
    return {p.relative_to(course_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for name in ("submitted", "autograded", "feedback")
            for p in sorted((course_dir / name).rglob("*")) if p.is_file()}


def _text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def feedback_problems(course_dir: Path, assignment_id: str, student_id: str) -> list[str]:
    """What a student's feedback shows that it should not, in its test cells: a line of a
    hidden test, a traceback; and a test cell it does not name."""
    source = _notebooks(course_dir, assignment_id)[1]
    path = course_dir / "feedback" / student_id / assignment_id / f"{assignment_id}.html"
    if not path.is_file():
        return [f"{path}: no feedback"]
    answers = "\n".join(c.source for c in source.cells if not c.metadata.get(
        "nbgrader", {}).get("grade") or c.metadata["nbgrader"].get("solution"))
    hidden = {c.metadata["nbgrader"]["grade_id"]: [
        " ".join(line.split()) for line in build.hidden_lines(c.source)
        if len(line.strip()) > 12 and line.strip() not in answers]
        for c in source.cells if c.cell_type == "code"
        and c.metadata.get("nbgrader", {}).get("grade")}
    problems, named = [], set()
    for chunk in re.split(r'<div class="cell border-box-sizing ', path.read_text(encoding="utf-8")):
        test = re.search(r"Grade cell: <code>(\w+)</code>", chunk)
        if not test or test[1] not in hidden:
            continue
        named.add(test[1])
        text = _text(chunk)
        flat = " ".join(text.split())
        if "Traceback" in text or "---->" in text:
            problems.append(f"{path.name}: {test[1]} shows a traceback")
        shown = [line for line in hidden[test[1]] if line in flat]
        if shown:
            problems.append(f"{path.name}: {test[1]} shows the hidden test line {shown[0]!r}")
    problems += [f"{path.name}: test {t} is not named" for t in sorted(set(hidden) - named)]
    return problems


def _grade_language(course_dir: Path, members: list[Member], options: build.Options,
                    manual: dict[str, float]) -> list[Outcome]:
    """Hand in, autograde, hand-grade and give feedback for one language's course."""
    api = build.nbgrader_api(course_dir)
    set_due_dates(course_dir, build.ASSIGNMENT_IDS)
    outcomes = []
    for member in members:
        for assignment_id in build.ASSIGNMENT_IDS:
            expected = hand_in(course_dir, member, assignment_id, options)
            outcomes.append(Outcome(member.student_id, member.lang, member.kind, assignment_id,
                                    expected))
    for outcome in outcomes:
        started = time.monotonic()
        outcome.warnings, _ = autograde(api, outcome.assignment_id, outcome.student_id)
        outcome.seconds = time.monotonic() - started
        outcome.auto = auto_score(course_dir, outcome.assignment_id, outcome.student_id)
        if outcome.auto != outcome.expected:
            outcome.problems.append(f"scored {outcome.auto}, expected {outcome.expected}")
        if (outcome.warnings > 0) != (outcome.kind == "tampered"):
            outcome.problems.append(f"{outcome.warnings} checksum warnings")
        if outcome.kind in manual:
            hand_grade(course_dir, outcome.assignment_id, outcome.student_id,
                       manual[outcome.kind])
    for assignment_id in build.ASSIGNMENT_IDS:
        result = api.generate_feedback(assignment_id, force=True)
        if not result["success"]:
            raise RuntimeError(f"generate_feedback {assignment_id} failed: {result.get('log')}")
    for outcome in outcomes:
        outcome.problems += feedback_problems(course_dir, outcome.assignment_id,
                                              outcome.student_id)
    return outcomes


def _language_job(args: tuple) -> list[dict]:
    import warnings

    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)  # nbgrader 0.9's, not ours
    course_dir, members, options, manual = args
    return [asdict(o) for o in _grade_language(course_dir, members, options, manual)]


def run(n_students: int, root: Path, options: build.Options, jobs: int = 2) -> dict:
    """The whole course run; returns its report (see the module's docstring)."""
    from dprk_troops.classroom import archive

    times: dict[str, float] = {}
    started = time.monotonic()
    members = class_list(n_students)
    courses = {lang: build.build_language(lang, root / lang, options=options)
               for lang in build.LANGUAGES}
    times["build"] = time.monotonic() - started
    manual = {"correct": 1.0, "late": 1.0, "partial": 0.0}
    started = time.monotonic()
    jobs_args = [(courses[lang], [m for m in members if m.lang == lang], options, manual)
                 for lang in build.LANGUAGES]
    with ProcessPoolExecutor(max(1, min(jobs, len(jobs_args)))) as pool:
        outcomes = [Outcome(**o) for result in pool.map(_language_job, jobs_args)
                    for o in result]
    times["hand in, autograde, hand-grade, feedback"] = time.monotonic() - started
    started = time.monotonic()
    exported = {lang: archive.grades(course) for lang, course in courses.items()}
    for lang, table in exported.items():
        table.to_csv(root / f"grades_{lang}.csv", index=False)
    by_student = {(row["student_id"], a): row[a] for table in exported.values()
                  for row in table.to_dict("records") for a in build.ASSIGNMENT_IDS}
    late_rows = {row["student_id"]: row["late"] for table in exported.values()
                 for row in table.to_dict("records")}
    for o in outcomes:
        want = o.expected + manual.get(o.kind, 0.0) * _written_points(o.assignment_id, options)
        got = by_student[o.student_id, o.assignment_id]
        if got == "" or abs(float(got) - want) > 1e-9:
            o.problems.append(f"grades CSV says {got!r}, expected {want}")
        if (o.kind == "late") != bool(late_rows[o.student_id]):
            o.problems.append(f"grades CSV late column says {late_rows[o.student_id]!r}")
    times["export grades"] = time.monotonic() - started
    started = time.monotonic()
    before = {lang: (grades_snapshot(c), files_snapshot(c)) for lang, c in courses.items()}
    for lang in build.LANGUAGES:
        build.build_language(lang, root / lang, options=options)
    after = {lang: (grades_snapshot(c), files_snapshot(c)) for lang, c in courses.items()}
    times["rebuild"] = time.monotonic() - started
    kept = {lang: before[lang] == after[lang] for lang in courses}
    return _report(outcomes, times, kept, before, n_students)


def _written_points(assignment_id: str, options: build.Options) -> float:
    module = build.load_assignment(assignment_id)
    return float(sum(c.points for c in build.built_cells(module, options)
                     if c.role == "written"))


def _report(outcomes: list[Outcome], times: dict[str, float], kept: dict[str, bool],
            before: dict, n_students: int) -> dict:
    per_kind: dict[str, dict] = defaultdict(lambda: Counter())
    for o in outcomes:
        k = per_kind[o.kind]
        k["submissions"] += 1
        k["as expected"] += not o.problems
        k["points"] += o.auto or 0
        k["expected points"] += o.expected
        k["checksum warnings"] += o.warnings
    seconds = sorted(o.seconds for o in outcomes)
    return {
        "students": n_students,
        "submissions": len(outcomes),
        "per_kind": {kind: dict(per_kind[kind]) for kind in KINDS if kind in per_kind},
        "problems": [f"{o.student_id} ({o.lang}, {o.kind}) {o.assignment_id}: {p}"
                     for o in outcomes for p in o.problems],
        "grades_kept_after_rebuild": kept,
        "grades_in_gradebook": {lang: len(b[0]) for lang, b in before.items()},
        "files_of_students": {lang: len(b[1]) for lang, b in before.items()},
        "seconds": {**{k: round(v, 1) for k, v in times.items()},
                    "autograde median": round(seconds[len(seconds) // 2], 2),
                    "autograde max": round(seconds[-1], 2)},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.simulate_class",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--jobs", type=int, default=2,
                        help="languages graded side by side (default: 2)")
    parser.add_argument("--articles", type=Path, default=None, metavar="DIR",
                        help="bundle the seed articles (default: ../shared/seeds when there)")
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR",
                        help="build and grade in DIR and keep it (default: a scratch folder)")
    args = parser.parse_args(argv)
    from dprk_troops import paths

    articles = args.articles or (paths.TEXTS_DIR if paths.TEXTS_DIR.is_dir() else None)
    options = build.Options(articles=articles)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="simulate-class-") as scratch:
        root = args.keep or Path(scratch)
        report = run(args.students, root, options, args.jobs)
    report["seconds"]["total"] = round(time.monotonic() - started, 1)
    print(json.dumps(report, indent=1))
    ok = not report["problems"] and all(report["grades_kept_after_rebuild"].values())
    print("every score, warning, feedback and grade as expected" if ok else "NOT AS EXPECTED",
          file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
