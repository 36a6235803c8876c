"""A non-editable install, as on a lab machine or in a JupyterHub image: the wheel alone
holds the fact base, runs `dprk-troops check` and grades an assignment.

The wheel is built from a copy of the packaging files (pyproject.toml, setup.py,
MANIFEST.in, README.md, lib/, seeds/) and installed with --no-deps into a fresh venv. Its
third-party packages come from the dev venv, to keep the test offline and fast: a .pth file
in the fresh venv names the dev venv's site-packages. The site module appends such a
folder to sys.path without reading the .pth files inside it, so the dev venv's editable
finder for dprk_troops never loads: the fresh venv imports dprk_troops from the wheel (the
test checks it, in the interpreter and in the grading kernel). The full offline route (a
wheelhouse with every dependency) is `make wheelhouse`; course/README.md.

Marked slow: a wheel build, a venv and one nbgrader autograde (about 15 s).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import nbformat
import pytest

from course import build
from course import simulate_class as sim

pytestmark = [pytest.mark.slow,
              pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")]

REPO = Path(__file__).resolve().parents[2]
PACKAGING = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "lib", "seeds")


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    run = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False,
                         **kwargs)
    assert run.returncode == 0, f"{' '.join(command)}\n{run.stdout[-2000:]}\n{run.stderr[-3000:]}"
    return run


def _env(venv: Path) -> dict[str, str]:
    """The fresh venv first on PATH (nbgrader runs `alembic` from PATH: the dev venv's is
    found after it), no fact-base override, nothing of the repo on PYTHONPATH."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DPRK_TROOPS_SEEDS", "PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = os.pathsep.join([str(venv / "bin"), str(Path(sys.executable).parent),
                                   env.get("PATH", "")])
    return env


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("wheel")
    src = root / "src"
    src.mkdir()
    for name in PACKAGING:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, src / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(path, src / name)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
          "--no-index", "--quiet", "--wheel-dir", str(root / "dist"), str(src)])
    wheel = next((root / "dist").glob("dprk_troops-*.whl"))
    venv = root / "venv"
    _run([sys._base_executable, "-m", "venv", "--without-pip", str(venv)])
    purelib = Path(_run([str(venv / "bin" / "python"), "-c",
                         "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
                        ).stdout.strip())
    (purelib / "dev_site_packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
          "--no-deps", "--no-index", "--quiet", str(wheel)])
    return venv


def test_the_wheel_holds_the_fact_base_and_checks_it(fresh_venv: Path, tmp_path: Path) -> None:
    env = _env(fresh_venv)
    code = "import dprk_troops, dprk_troops.paths as p; print(dprk_troops.__file__, p.SEEDS_DIR)"
    where = _run([str(fresh_venv / "bin" / "python"), "-c", code], cwd=tmp_path,
                 env=env).stdout.split()
    assert all(Path(w).is_relative_to(fresh_venv) for w in where), where
    check = _run([str(fresh_venv / "bin" / "dprk-troops"), "check"], cwd=tmp_path, env=env)
    assert check.stdout.startswith("ok: 5 sources, ")


def test_the_wheel_grades_an_assignment(fresh_venv: Path, course_build: dict[str, Path],
                                        course_options: build.Options, tmp_path: Path) -> None:
    """nbgrader started from the fresh venv autogrades a correct a2: full marks, graded with
    the folder's student id by the wheel's own grading code, in a kernel that imports the
    wheel."""
    course = Path(shutil.copytree(course_build["en"], tmp_path / "course"))
    student = sim.Member("kim", "en", "correct")
    expected = sim.hand_in(course, student, "a2_cost_revenue", course_options)
    notebook = course / "submitted" / "kim" / "a2_cost_revenue" / "a2_cost_revenue.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    probe = nbformat.v4.new_code_cell("import dprk_troops\nprint(dprk_troops.__file__)")
    probe.id = "probe"
    nb.cells.append(probe)
    nbformat.write(nb, notebook)
    _run([str(fresh_venv / "bin" / "python"), "-m", "nbgrader", "autograde", "a2_cost_revenue",
          "--create"], cwd=course, env=_env(fresh_venv))
    assert expected > 0
    assert sim.auto_score(course, "a2_cost_revenue", "kim") == expected
    graded = nbformat.read(course / "autograded" / "kim" / "a2_cost_revenue" /
                           "a2_cost_revenue.ipynb", as_version=4)
    printed = {c.id: "".join(o.get("text", "") for o in c.get("outputs", []))
               for c in graded.cells}
    assert "Graded with the numbers of student 'kim'" in printed["setup"]
    assert Path(printed["probe"].strip()).is_relative_to(fresh_venv)
