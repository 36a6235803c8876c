"""Helpers for tests (a module of its own: tests/browser has a conftest.py too)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed `dprk-troops` command the way a user does, in its own process."""
    exe = Path(sys.executable).with_name("dprk-troops")
    return subprocess.run(
        [str(exe), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120,
        check=False,
    )


ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
#: Headless Chromium with every name resolving nowhere: nothing but file:// and localhost
#: can load. The background-networking flags stop Chromium's own calls home.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]


@contextmanager
def chromium() -> Iterator[object]:
    """Playwright driving Debian's chromium (never a downloaded browser); fails, never
    skips, when it is missing."""
    import shutil

    import pytest
    from playwright.sync_api import sync_playwright

    exe = shutil.which("chromium") or CHROMIUM
    if not Path(exe).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it "
                    "(apt-get install -y chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
