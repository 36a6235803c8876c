"""Browser-test fixtures: one JupyterLab server and one headless Chromium for the session.

The server runs from the venv on a free localhost port with a random token, over a scratch
copy of the notebooks (the repo's own are never touched), with its own config, data,
runtime and IPython directories so neither the user's settings nor a stale workspace can
leak in. Chromium is Debian's (`/usr/bin/chromium`, installed by `make test`), driven by
playwright, with every name but localhost unresolvable.

Nothing here skips: a missing chromium or jupyter is a failure that says how to install it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from support import CHROMIUM_ARGS, require_chromium

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

REPO = Path(__file__).resolve().parents[2]
FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"

JUPYTER = Path(sys.executable).with_name("jupyter")
SERVER_START_TIMEOUT = 60  # seconds


# JupyterLab user settings for the test server (written to its scratch config dir).
LAB_SETTINGS = {
    # Render every cell: the default windowing leaves far-off cells' DOM unrendered, and
    # the harness reads every cell's prompt and outputs.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    # Don't ask about news (the toast would sit over the page; the answer would fetch).
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False,
    },
}


# (notebook, {step: seconds}, notes) per notebook the browser tests ran; printed at the end.
_TIMINGS: list[tuple[str, dict[str, float], list[str]]] = []
_SERVER_START: list[float] = []


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _TIMINGS:
        return
    write = terminalreporter.write_line
    terminalreporter.section("JupyterLab browser timings")
    if _SERVER_START:
        write(f"server start: {_SERVER_START[0]:.1f} s")
    for name, timings, notes in _TIMINGS:
        steps = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in timings.items())
        write(f"{name}: {steps}")
        for note in notes:
            write(f"    note: {note}")


@pytest.fixture(scope="session")
def lab_timings() -> list[tuple[str, dict[str, float], list[str]]]:
    """Append (notebook, timings, notes) here to have them printed after the run."""
    return _TIMINGS


@dataclass(frozen=True)
class LabServer:
    """A running JupyterLab: where it is, how to log in, and where its files are."""

    port: int
    token: str
    root: Path
    log: Path
    start_seconds: float

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def is_local(self, url: str) -> bool:
        """Whether `url` goes to this server (http or its WebSockets), or is inline data."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme in ("data", "blob"):
            return True
        return (parts.scheme in ("http", "ws") and parts.port == self.port
                and parts.hostname in ("127.0.0.1", "localhost"))

    def api(self, method: str, path: str) -> object:
        """Call the server's REST API (token auth); return the decoded JSON, or None."""
        request = urllib.request.Request(
            f"{self.base_url}{path}", method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_errors(self, since: int) -> list[str]:
        """Error and critical lines, and tracebacks, the server logged after byte `since`.

        One traceback is not a problem of the page: tornado's "Task exception was never
        retrieved ... WebSocketClosedError", logged when a closed tab's websocket still had
        a message queued (the previous notebook's teardown, on a loaded machine)."""
        with self.log.open("rb") as log:
            log.seek(since)
            text = log.read().decode(errors="replace")
        text = _CLOSED_SOCKET.sub("", text)
        return [line for line in text.splitlines()
                if re.match(r"\[[EC] ", line) or line.startswith("Traceback")]


#: tornado's report of a message queued on a websocket its tab had already closed.
_CLOSED_SOCKET = re.compile(
    r"Task exception was never retrieved\nfuture: <Task finished name='[^']+' "
    r"coro=<WebSocketProtocol13\.write_message\.<locals>\.wrapper\(\).*?"
    r"\ntornado\.websocket\.WebSocketClosedError\n", re.DOTALL)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _log_tail(log: Path, lines: int = 60) -> str:
    text = log.read_text(errors="replace") if log.exists() else "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server and its kernels: SIGTERM (it shuts its kernels down), then kill."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        # The server started its own process group: kill that group, and only it.
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """JupyterLab over a scratch copy of notebooks/0*.ipynb and the fixture notebooks."""
    if not JUPYTER.exists():
        pytest.fail(f"{JUPYTER} not found: install the dev extras (`make test`, or "
                    f"`.venv/bin/pip install -e '.[dev]'`)")
    base = tmp_path_factory.mktemp("jupyterlab")
    root = base / "root"
    root.mkdir()
    notebooks = sorted((REPO / "notebooks").glob("0*.ipynb"))
    for notebook in [*notebooks, *sorted(FIXTURES_DIR.glob("*.ipynb"))]:
        shutil.copy2(notebook, root / notebook.name)
    with running_lab(base, root) as server:
        _SERVER_START.append(server.start_seconds)
        yield server


@contextlib.contextmanager
def running_lab(base: Path, root: Path) -> Iterator[LabServer]:
    """JupyterLab serving ``root`` (random localhost port and token, its own settings and
    folders under ``base``), until the block ends; shared with the course's browser test."""
    config_dir = base / "config"
    for name, settings in LAB_SETTINGS.items():
        path = config_dir / "lab" / "user-settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings))
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(config_dir),
        "JUPYTER_DATA_DIR": str(base / "data"),
        "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
        "IPYTHONDIR": str(base / "ipython"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "PYTHONUNBUFFERED": "1",
    }
    port, token, log = _free_port(), secrets.token_hex(24), base / "server.log"
    cmd = [
        str(JUPYTER), "lab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        # No fetch of news or PyPI from the server side either.
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    if os.geteuid() == 0:  # containers and CI runners often run as root
        cmd.append("--allow-root")
    started = time.monotonic()
    with log.open("wb") as log_file:
        process = subprocess.Popen(cmd, cwd=root, env=env, stdout=log_file,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        server = LabServer(port, token, root, log, 0.0)
        while True:
            if process.poll() is not None:
                pytest.fail(f"jupyter lab exited with code {process.returncode} before "
                            f"answering; its log:\n{_log_tail(log)}")
            try:
                server.api("GET", "/api/status")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() - started > SERVER_START_TIMEOUT:
                    pytest.fail(f"jupyter lab did not answer on port {port} within "
                                f"{SERVER_START_TIMEOUT} s; its log:\n{_log_tail(log)}")
                time.sleep(0.2)
        server = LabServer(port, token, root, log, time.monotonic() - started)
        yield server
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def lab_browser(tmp_path_factory: pytest.TempPathFactory,
                playwright: Any) -> Iterator[BrowserContext]:
    """Headless Debian Chromium with networking cut to localhost, on a fresh profile."""
    exe = require_chromium()
    profile = tmp_path_factory.mktemp("chromium-profile")
    # A persistent context is the only way to give Chromium a profile dir of our own.
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=exe, headless=True, args=CHROMIUM_ARGS,
        viewport={"width": 1400, "height": 1000}, service_workers="block",
    )
    try:
        yield context
    finally:
        context.close()
