"""Students work offline: each release notebook opens and runs in JupyterLab with no network.

A real JupyterLab (random localhost port and token, scratch folder, its own settings) driven
by headless Chromium with only localhost reachable, as in tests/browser/ (whose harness this
reuses). Every code cell is run, in order, going on past an error:

a blank release notebook may fail only in the cells that wait for the student: the answer
cells (each raises NotImplementedError until filled in) and the test cells that check them;
every answer cell fails, and every other cell runs with no error.

The release notebooks are what students open, so they are the ones opened here, the
assignments alternating between the languages (both are opened, and each assignment once):
the two languages' notebooks differ only in their texts (tests/course/test_course_bilingual.py). The source notebooks (with solutions) run with no
error under nbgrader (test_course_nbgrader.py) and papermill (test_course_papermill.py);
opening them in the browser too cost half a minute and checked nothing more.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from course import build

pytestmark = [pytest.mark.slow, pytest.mark.browser]

BROWSER_DIR = Path(__file__).resolve().parents[1] / "browser"
#: Each assignment's release opened in one language, alternating (nl, en, nl, ...).
LANGS = ("nl", "en")
CELL_TIMEOUT = 60  # seconds for the cells from one start to the next error (or the end)


def _load(name: str, path: Path):
    """A module of tests/browser/ by path (its names would clash with ours otherwise)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


lab = _load("dprk_browser_conftest", BROWSER_DIR / "conftest.py")
harness = _load("dprk_browser_harness", BROWSER_DIR / "test_jupyterlab.py")

CELLS_JS = """
() => {
  const notebook = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!notebook) return null;
  const indicator = notebook.querySelector('.jp-Notebook-ExecutionIndicator');
  return {
    status: indicator ? indicator.getAttribute('data-status') : null,
    cells: [...notebook.querySelectorAll('.jp-Cell')].map((cell) => ({
      code: cell.classList.contains('jp-CodeCell'),
      prompt: (cell.querySelector('.jp-InputArea-prompt')?.textContent || '').trim(),
      stderr: [...cell.querySelectorAll(
          '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
        .map((out) => out.textContent),
    })),
  };
}
"""


#: The id a student types into the release notebook first (on a laptop).
STUDENT = "lab-student"


@pytest.fixture(scope="module")
def course_lab(course_build: dict[str, Path],
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """JupyterLab over scratch copies of the release folders of both languages (notebook and
    articles), in which the student typed their id, as the notebook asks first."""
    base = tmp_path_factory.mktemp("course-lab")
    root = base / "root"
    for lang in LANGS:
        for folder in sorted((course_build[lang] / "release").iterdir()):
            dest = Path(shutil.copytree(folder, root / f"release_{lang}" / folder.name))
            notebook = dest / f"{folder.name}.ipynb"
            nb = nbformat.read(notebook, as_version=4)
            for cell in nb.cells:
                if cell.id == "student":
                    cell.source = f'STUDENT_ID = "{STUDENT}"'
            nbformat.write(nb, notebook)
    with lab.running_lab(base, root) as server:
        yield server


@pytest.fixture(scope="module")
def course_browser(tmp_path_factory: pytest.TempPathFactory, playwright) -> Iterator[object]:
    """Headless Debian Chromium with networking cut to localhost (as tests/browser/)."""
    from support import CHROMIUM_ARGS, require_chromium

    context = playwright.chromium.launch_persistent_context(
        str(tmp_path_factory.mktemp("course-chromium")), executable_path=require_chromium(),
        headless=True, args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 1000},
        service_workers="block")
    try:
        yield context
    finally:
        context.close()


#: Seconds after which a "run all below" that started nothing is asked again (twice at most).
RUN_RETRY_S = 10


def _cells(page) -> dict:
    return page.evaluate(CELLS_JS) or {"status": None, "cells": []}


def _errors(cell: dict) -> list[str]:
    return [t for t in cell["stderr"] if harness.ERROR_TEXT.search(t)]


def _run_every_cell(page, name: str, n_cells: int) -> dict:
    """Run from the first code cell; after each error go on from the next code cell ("Run
    Selected Cell and All Below") until the last has run. The notebooks are stored with no
    outputs (nbgrader clears them), so every prompt this shows comes from this run."""
    harness._wait(page, "the notebook did not open with an idle kernel", harness.LOAD_TIMEOUT,
                  lambda s: s.get("status") == "idle")
    deadline = time.monotonic() + harness.LOAD_TIMEOUT
    while len((snap := _cells(page))["cells"]) != n_cells:  # every cell rendered
        if time.monotonic() > deadline:
            pytest.fail(f"{name}: JupyterLab shows {len(snap['cells'])} of {n_cells} cells")
        page.wait_for_timeout(100)
    stale = [c["prompt"] for c in snap["cells"] if c["code"] and c["prompt"] != "[ ]:"]
    assert not stale, f"{name}: stored with execution counts {stale}"
    cells_loc = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell")
    snap = _cells(page)
    code = [i for i, c in enumerate(snap["cells"]) if c["code"]]
    start = code[0]
    while True:
        cells_loc.nth(start).locator(".jp-InputPrompt").first.click()
        assert harness._menu(page, "Run", "notebook:run-all-below"), name
        deadline = time.monotonic() + CELL_TIMEOUT
        retry_at, retries = time.monotonic() + RUN_RETRY_S, 2
        while True:
            snap = _cells(page)
            cells = snap["cells"]
            if (snap["status"] == "idle" and re.fullmatch(r"\[\d+\]:", cells[start]["prompt"])
                    and not any(c["prompt"] == "[*]:" for c in cells)):
                break
            if (retries and time.monotonic() > retry_at and snap["status"] == "idle"
                    and cells[start]["prompt"] == "[ ]:"
                    and not any(c["prompt"] == "[*]:" for c in cells)):
                # The command reached no cell (JupyterLab was still settling the panel on a
                # loaded machine): nothing ran or is queued, so asking again runs nothing twice.
                cells_loc.nth(start).locator(".jp-InputPrompt").first.click()
                assert harness._menu(page, "Run", "notebook:run-all-below"), name
                retry_at, retries = time.monotonic() + RUN_RETRY_S, retries - 1
            if time.monotonic() > deadline:
                shown = [(i, c["code"], c["prompt"]) for i, c in enumerate(cells)]
                pytest.fail(f"{name}: cells from {start} did not finish in {CELL_TIMEOUT} s "
                            f"(kernel {snap['status']}; cells {shown})")
            page.wait_for_timeout(100)
        failed = [i for i in code if i >= start and _errors(cells[i])]
        later = [i for i in code if failed and i > failed[0]]
        if not failed or not later:
            return snap
        start = later[0]


def _check(context, server, name: str, n_cells: int) -> tuple[dict, list[str]]:
    """Run every cell of `name`; return the final snapshot and the problems seen."""
    log_start = server.log.stat().st_size
    page = context.new_page()
    blocked = harness._guard_network(page, server)
    console = harness._watch_console(page)
    try:
        page.goto(harness._lab_url(server, name), timeout=harness.LOAD_TIMEOUT * 1000)
        snap = _run_every_cell(page, name, n_cells)
        shot = harness.ARTIFACTS_DIR / f"course_{name.replace('/', '_')}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=shot, full_page=True)
    finally:
        page.close()
        harness._shutdown_kernel(server, name)
    problems = [*console, *(f"server log: {line}" for line in server.log_errors(log_start)),
                *(f"blocked a request to {url}" for url in blocked)]
    return snap, problems


@pytest.mark.parametrize(("assignment_id", "lang"), [
    (a, LANGS[i % len(LANGS)]) for i, a in enumerate(build.ASSIGNMENT_IDS)])
def test_release_in_jupyterlab_offline(course_lab, course_browser, course_build,
                                       assignment_id: str, lang: str) -> None:
    name = f"release_{lang}/{assignment_id}/{assignment_id}.ipynb"
    nb = nbformat.read(course_lab.root / name, as_version=4)
    snap, problems = _check(course_browser, course_lab, name, len(nb.cells))
    assert len(snap["cells"]) == len(nb.cells), "JupyterLab shows another number of cells"
    roles = {c.id: c.metadata.get("nbgrader", {"solution": False, "grade": False})
             for c in nb.cells}
    ran = [c for c, shown in zip(nb.cells, snap["cells"], strict=True)
           if c.cell_type == "code" and not re.fullmatch(r"\[\d+\]:", shown["prompt"])]
    assert not ran, f"{name}: cells that did not run: {[c.id for c in ran]}"
    failed = {c.id for c, shown in zip(nb.cells, snap["cells"], strict=True) if _errors(shown)}
    assert problems == [], problems
    answers = {i for i, m in roles.items() if m["solution"] and not m["grade"]}
    checks = {i for i, m in roles.items() if m["grade"] and not m["solution"]}
    assert failed <= answers | checks, f"{name}: errors outside the answers: {failed - answers - checks}"
    # A blank answer raises NotImplementedError, unless it only defines functions (their
    # bodies raise when called: in the test cell).
    defining = {c.id for c in nb.cells if c.id in answers and all(
        isinstance(node, ast.FunctionDef) for node in ast.parse(c.source).body)}
    assert answers - defining <= failed, f"{name}: blank answers that raised nothing: {answers - defining - failed}"
    assert checks <= failed, f"{name}: test cells that pass on a blank notebook: {checks - failed}"
