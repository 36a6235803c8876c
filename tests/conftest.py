"""Shared fixtures: the original texts and a scratch copy of the fact base."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dprk_troops import paths

#: Every report of the test session uses its own, empty run cache (reports run in
#: subprocesses, which inherit this), so the session's first full report is a cold one.
os.environ["DPRK_TROOPS_RUN_CACHE"] = tempfile.mkdtemp(prefix="dprk-troops-run-cache-")


@pytest.fixture(scope="session")
def texts_dir() -> Path:
    """The original seed articles (../shared/seeds). Missing texts fail, never skip."""
    if not any(paths.TEXTS_DIR.glob("*.txt")):
        pytest.fail(f"seed articles not found in {paths.TEXTS_DIR}: clone the repo beside shared/")
    return paths.TEXTS_DIR


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A scratch copy of seeds/ to break on purpose."""
    dest = tmp_path / "seeds"
    shutil.copytree(paths.SEEDS_DIR, dest)
    return dest


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    """One Playwright for the whole session: its sync API runs an event loop of its own,
    and a second instance started while the first is open fails."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: `.venv/bin/pip install -e '.[dev]'`")
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def full_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One full report (every notebook x every scenario), shared by the report and browser
    tests: building it is the slowest step of the suite, so it is built once."""
    from support import run_cli

    out = tmp_path_factory.mktemp("full-report")
    run = run_cli("report", "--out", out)
    assert run.returncode == 0, run.stderr
    return out


#: The 24-run grid sweep of notebook 01 that the sweep tests read (4 x 3 x 2 values).
SWEEP_ARGS = ("--notebook", "01", "--sweep", "troops=1500,5000,10000,13000",
              "--sweep", "months=6,12,24", "--sweep", "regime_share=0.5,1")


@pytest.fixture(scope="session")
def sweep_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 24-run grid sweep from the command line, built once for the session."""
    from support import run_cli

    out = tmp_path_factory.mktemp("sweep-report")
    run = run_cli("report", "--out", out, *SWEEP_ARGS, timeout=300)
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="session")
def injected_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A base-scenario report with markup injected into the data (``support.INJECTED``),
    shared by the escaping tests of the report and the browser."""
    from support import report_with_injected_text

    return report_with_injected_text(tmp_path_factory.mktemp("injected"))


#: Tests that share a session fixture run on one pytest-xdist worker (``--dist loadgroup``):
#: the reports (full, sweep, injected), the course build, and the JupyterLab server.
_XDIST_GROUPS = (("tests/browser/", "jupyterlab"), ("tests/course/", "course"),
                 ("tests/test_report", "reports"), ("tests/test_dask", "reports"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.pluginmanager.hasplugin("xdist"):
        return
    root = Path(str(config.rootpath))
    for item in items:
        where = Path(str(item.path)).relative_to(root).as_posix()
        for prefix, group in _XDIST_GROUPS:
            if where.startswith(prefix):
                item.add_marker(pytest.mark.xdist_group(group))
                break
