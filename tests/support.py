"""Helpers for tests (a module of its own: tests/browser has a conftest.py too)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

#: What the escaping tests inject into the data: markup that must show as text, and a
#: script that must never run (it would open a dialog, which the browser tests catch).
INJECTED = "</script><script>alert(1)</script><b>bold</b>"


def report_with_injected_text(tmp_path: Path, text: str = INJECTED) -> Path:
    """A report of every notebook at the base scenario in which ``text`` stands in a fact
    note (a table of notebook 01), an option's label (notebook 03 and the index) and the
    scenario's description (the key-figures box of every page, and the index). Returns
    the output folder."""
    import shutil

    import yaml
    from dprk_troops import paths

    seeds = tmp_path / "seeds"
    shutil.copytree(paths.SEEDS_DIR, seeds)
    facts = yaml.safe_load((seeds / "facts.yaml").read_text())
    risk = next(f for f in facts if f["quantity"] == "kim_risk_casualty_questions")
    risk["note"] = f"{text} (a note)"
    (seeds / "facts.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True))
    options = yaml.safe_load((seeds / "options.yaml").read_text())
    options[0]["label"] = f"{text} (an option)"
    (seeds / "options.yaml").write_text(yaml.safe_dump(options, allow_unicode=True))
    scenarios = yaml.safe_load((paths.PROJ_ROOT / "reports.yaml").read_text())
    scenarios["scenarios"]["base"]["description"] = f"{text} (a scenario)"
    reports_file = tmp_path / "reports.yaml"
    reports_file.write_text(yaml.safe_dump(scenarios, allow_unicode=True))
    out = tmp_path / "out"
    run = run_cli("report", "--out", out, "--seeds", seeds, "--scenario", "base",
                  "--reports-file", reports_file)
    assert run.returncode == 0, run.stderr
    return out


def visible_files(out: Path) -> dict[str, bytes]:
    """What a reader sees in a report folder: every visible file's bytes, through the
    symlinks (hidden names, such as the builds being made, are not seen)."""
    found = {}
    for name in sorted(os.listdir(out)):
        if name.startswith("."):
            continue
        path = out / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        found.update({str(p.relative_to(out)): p.read_bytes() for p in files})
    return found


def small_reports_file(folder: Path, scenarios: tuple[str, ...] = ("base",),
                       notebooks: tuple[str, ...] = ("02_troop_comparisons",)) -> Path:
    """A copy of reports.yaml with only these scenarios and notebooks: its briefing (a report
    of everything it asks for) is small. Returns the file."""
    import yaml
    from dprk_troops import paths

    data = yaml.safe_load((paths.PROJ_ROOT / "reports.yaml").read_text())
    data["notebooks"] = list(notebooks)
    data["scenarios"] = {k: v for k, v in data["scenarios"].items() if k in scenarios}
    path = Path(folder) / f"reports-{'-'.join(scenarios)}-{len(notebooks)}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


def run_cli(*args: str | Path, cwd: Path | None = None, timeout: float = 120,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed `dprk-troops` command the way a user does, in its own process
    (``env``: variables added to this process's environment)."""
    exe = Path(sys.executable).with_name("dprk-troops")
    return subprocess.run(
        [str(exe), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=timeout,
        check=False, env={**os.environ, **env} if env else None,
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
