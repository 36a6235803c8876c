"""Shared fixtures: the original texts and a scratch copy of the fact base."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dprk_troops import paths


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


@pytest.fixture(scope="session")
def injected_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A base-scenario report with markup injected into the data (``support.INJECTED``),
    shared by the escaping tests of the report and the browser."""
    from support import report_with_injected_text

    return report_with_injected_text(tmp_path_factory.mktemp("injected"))
