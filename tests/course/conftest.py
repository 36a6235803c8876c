"""Fixtures of the course tests: one build of the course per session, in a scratch folder.

The build is the one `make course ARTICLES=../shared/seeds` makes (course/build.py: the
seed articles bundled, each student's own numbers), written under pytest's tmp_path so that
the tests never touch course/build/.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # `course` is a folder of the repo, not an installed package
    sys.path.insert(0, str(REPO))

from dprk_troops import paths

from course import build


@pytest.fixture(scope="session")
def course_options() -> build.Options:
    """What the tests build: every feature on (the articles bundled, variants)."""
    return build.Options(articles=paths.TEXTS_DIR, variants=True)


@pytest.fixture(scope="session")
def course_build(course_options: build.Options,
                 tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """{lang: nbgrader course directory} for every language, built once per session.

    Copy it before handing in or grading anything: other tests read it as built."""
    root = tmp_path_factory.mktemp("course-build")
    return {lang: build.build_language(lang, root / lang, options=course_options)
            for lang in build.LANGUAGES}
