"""Fixtures of the course tests: one build of the course per session, in a scratch folder.

The build is the one `make course` makes (course/build.py), written under pytest's
tmp_path so that the tests never touch course/build/.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # `course` is a folder of the repo, not an installed package
    sys.path.insert(0, str(REPO))

from course import build


@pytest.fixture(scope="session")
def course_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """{lang: nbgrader course directory} for every language, built once per session."""
    root = tmp_path_factory.mktemp("course-build")
    return {lang: build.build_language(lang, root / lang) for lang in build.LANGUAGES}
