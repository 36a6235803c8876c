"""``dprk-troops course ...``: the teacher's commands for a course folder.

    dprk-troops course backup COURSE_DIR [--to DIR]   # gradebook + students' work, dated
    dprk-troops course grades COURSE_DIR [--out CSV]  # one row per student, for an LMS
    dprk-troops course variant ASSIGNMENT STUDENT_ID  # a student's numbers
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import InputError
from .scenarios import ASSIGNMENT_IDS


def add_parser(sub: argparse._SubParsersAction) -> None:
    course = sub.add_parser("course", help="a course folder: back it up, export its grades, "
                                           "show a student's numbers")
    actions = course.add_subparsers(dest="course_command", required=True, metavar="ACTION")
    backup = actions.add_parser("backup", help="copy the gradebook and the students' work to "
                                               "a dated .tar.gz")
    backup.add_argument("course_dir", type=Path, metavar="COURSE_DIR")
    backup.add_argument("--to", type=Path, default=None, metavar="DIR",
                        help="where to write it (default: COURSE_DIR/backups/)")
    grades = actions.add_parser("grades", help="the grades as CSV, one row per student")
    grades.add_argument("course_dir", type=Path, metavar="COURSE_DIR")
    grades.add_argument("--out", type=Path, default=None, metavar="FILE",
                        help="write the CSV here (default: print it)")
    variant = actions.add_parser("variant", help="the numbers a student's notebook uses")
    variant.add_argument("assignment", choices=ASSIGNMENT_IDS)
    variant.add_argument("student_id", metavar="STUDENT_ID")


def variant_lines(assignment: str, student_id: str) -> list[str]:
    """A student's scenario for one assignment, one ``name: value`` line each."""
    from dataclasses import asdict

    from . import scenarios
    from .student import StudentIdError, identify

    try:
        student = identify(assignment, student_id, environ={})
    except StudentIdError as exc:
        raise InputError(exc.problems) from None
    if assignment == "a1_fact_base":
        from ..factbase.facts import load_facts

        scenario: object = scenarios.fact_base_scenario(student, load_facts())
    elif assignment == "a2_cost_revenue":
        from ..workbook import NOTEBOOK_PARAMS

        defaults = {p.name: p.default for p in NOTEBOOK_PARAMS["01_cost_vs_revenue"]}
        # months, regime_share and seed: assumptions and settings, none read from facts
        scenario = scenarios.revenue_scenario(student, defaults)
    else:
        from ..factbase.scores import read_option_scores

        judgments = read_option_scores()
        scenario = scenarios.options_scenario(student, judgments.matrix(),
                                              judgments.default_weights,
                                              judgments.directions, judgments.scores)
    return [f"{key}: {value}" for key, value in asdict(scenario).items()]


def run(args: argparse.Namespace) -> int:
    from . import archive

    if args.course_command == "backup":
        path = archive.backup(args.course_dir, args.to)
        print(f"backed up {args.course_dir} to {path}")
    elif args.course_command == "grades":
        table = archive.grades(args.course_dir)
        if args.out is None:
            table.to_csv(sys.stdout, index=False)
        else:
            table.to_csv(args.out, index=False)
            print(f"wrote {len(table)} students' grades to {args.out}")
    else:
        print("\n".join(variant_lines(args.assignment, args.student_id)))
    return 0
