"""Shared fixtures: the repo's paths, a scratch copy of the fact base, and a CLI runner."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

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


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed `dprk-troops` command the way a user does, in its own process."""
    exe = Path(sys.executable).with_name("dprk-troops")
    return subprocess.run(
        [str(exe), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120,
        check=False,
    )
