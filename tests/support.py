"""Helpers for tests (a module of its own: tests/browser has a conftest.py too)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def report_with_fact_note(tmp_path: Path, note: str) -> Path:
    """Notebook 01's page at the base scenario, reported from a copy of the fact base in
    which one fact's note (shown in a table of the notebook) reads ``note``."""
    import shutil

    import yaml
    from dprk_troops import paths

    seeds = tmp_path / "seeds"
    shutil.copytree(paths.SEEDS_DIR, seeds)
    facts = yaml.safe_load((seeds / "facts.yaml").read_text())
    risk = next(f for f in facts if f["quantity"] == "kim_risk_casualty_questions")
    risk["note"] = note
    (seeds / "facts.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True))
    out = tmp_path / "out"
    run = run_cli("report", "--out", out, "--seeds", seeds, "--scenario", "base",
                  "--notebook", "01")
    assert run.returncode == 0, run.stderr
    return next(out.glob("build-*/runs/base/01_cost_vs_revenue.html"))


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed `dprk-troops` command the way a user does, in its own process."""
    exe = Path(sys.executable).with_name("dprk-troops")
    return subprocess.run(
        [str(exe), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120,
        check=False,
    )


ARTIFACTS = Path(__file__).parent / "artifacts"
#: Debian's chromium (`make test` installs it); DPRK_TROOPS_CHROMIUM points elsewhere.
CHROMIUM = Path(os.environ.get("DPRK_TROOPS_CHROMIUM", "/usr/bin/chromium"))
#: Headless Chromium with every name but localhost resolving nowhere: nothing but file://
#: and the local server can load, and a CDN fetch fails at once instead of hanging. The
#: background-networking flags stop Chromium's own calls home.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]


def require_chromium() -> str:
    """The Chromium binary; a missing one fails the test (never skips) and says why."""
    import pytest

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: `make test` installs it (Debian: "
                    "`sudo apt-get install chromium`), or set DPRK_TROOPS_CHROMIUM to a "
                    "Chromium binary. (`playwright install` is not needed.)")
    return str(CHROMIUM)
