"""Shared fixtures: the original texts and a scratch copy of the fact base."""

from __future__ import annotations

import shutil
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
