"""The nbgrader course: what `make course` builds, and nbgrader's validate.

Marked slow: they build the course (about 10 s) and execute every notebook under nbgrader's
validator. Grading a class is test_course_grading.py.
"""

from __future__ import annotations

import json
import os
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
    from dprk_troops import load_sources

    articles = sorted(load_sources()["source_file"])
    for lang, course_dir in course_build.items():
        assert (course_dir / "nbgrader_config.py").exists()
        assert (course_dir / ".build-manifest.json").exists()
        for kind in ("source", "release"):
            ids = sorted(p.parent.name for p in _notebooks(course_dir, kind))
            assert ids == sorted(build.ASSIGNMENT_IDS), (lang, kind, ids)
            assert len(ids) >= 3
            # The articles go with the assignment that reads them, and only with it.
            bundled = sorted(p.name for p in (course_dir / kind).glob("*/articles/*"))
            assert bundled == articles, (lang, kind, bundled)
            assert (course_dir / kind / "a1_fact_base" / "articles").is_dir()


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
            meta = cell.metadata.get("nbgrader", {"solution": False})
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
