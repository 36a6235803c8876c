"""Helpers for tests (a module of its own: tests/browser has a conftest.py too)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed `dprk-troops` command the way a user does, in its own process."""
    exe = Path(sys.executable).with_name("dprk-troops")
    return subprocess.run(
        [str(exe), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120,
        check=False,
    )
