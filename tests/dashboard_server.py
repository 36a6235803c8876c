"""A `dprk-troops dashboard` server for the tests and the benchmark, started the way a user
starts it (the installed command), on a free localhost port with a random token and
scratch Jupyter folders, so no user setting leaks in; and what they ask of it."""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
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
from typing import Any

START_TIMEOUT = 90  # seconds for the server to answer (its preheated kernels start too)


@dataclass
class Dashboard:
    process: subprocess.Popen[bytes]
    port: int
    token: str
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def is_local(self, url: str) -> bool:
        """Whether ``url`` goes to this server, or is inline data."""
        parts = urllib.parse.urlsplit(url)
        return parts.scheme in ("data", "blob") or (
            parts.hostname == "127.0.0.1" and parts.port == self.port)

    def get(self, path: str, token: str | None = None) -> tuple[int, str, str]:
        """(status, Location header, body) of a GET, without following redirects."""
        request = urllib.request.Request(self.base + path)
        if token:
            request.add_header("Authorization", f"token {token}")
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=120) as response:
                return response.status, "", response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers.get("Location", ""), exc.read().decode(errors="replace")

    def delete_kernel(self, kernel_id: str) -> None:
        request = urllib.request.Request(f"{self.base}api/kernels/{kernel_id}", method="DELETE",
                                         headers={"Authorization": f"token {self.token}"})
        try:
            urllib.request.urlopen(request, timeout=30).close()
        except urllib.error.HTTPError as exc:
            if exc.code != 404:  # already gone (its page shut it down)
                raise

    def kernel_pids(self) -> dict[str, int]:
        """The server's kernels' process ids, by kernel id (from their command lines)."""
        pids = {}
        for proc in Path("/proc").iterdir():
            try:
                cmd = (proc / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            found = re.search(r"voila_[^/\x00]+/kernel-([0-9a-f-]{36})\.json", cmd)
            if found and _descends_from(int(proc.name), self.process.pid):
                pids[found.group(1)] = int(proc.name)
        return pids

    def preheated(self) -> int:
        """How many preheated kernels have run their app up to its panel (the server logs
        each), since the server started."""
        return self.log.read_text(errors="replace").count("has run its app up to the panel")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _descends_from(pid: int, ancestor: int) -> bool:
    while pid > 1:
        if pid == ancestor:
            return True
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return False
        pid = int(stat.rsplit(")", 1)[1].split()[1])
    return False


def kernel_of(body: str) -> str:
    """The kernel id an app's page was served with (its Jupyter config data)."""
    config = re.search(r'<script id="jupyter-config-data" type="application/json">\s*(.*?)\s*'
                       r'</script>', body, re.DOTALL)
    if not config:
        raise AssertionError(f"no kernel in the page: {body[:2000]}")
    return json.loads(config.group(1))["kernelId"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process: subprocess.Popen[bytes]) -> float:
    """SIGTERM the server; the seconds it took to exit (its group killed after 30)."""
    started = time.monotonic()
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    return time.monotonic() - started


@contextlib.contextmanager
def running_dashboard(base: Path, *options: str) -> Iterator[Dashboard]:
    """The dashboard with ``options`` (``--pool 1``...), until the block ends; raises
    RuntimeError with its log's tail when it does not start."""
    exe = Path(sys.executable).with_name("dprk-troops")
    port, token, log = _free_port(), secrets.token_hex(24), base / "server.log"
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(base / "config"),
           "JUPYTER_DATA_DIR": str(base / "data"), "JUPYTER_RUNTIME_DIR": str(base / "run"),
           "IPYTHONDIR": str(base / "ipython"), "JUPYTER_PLATFORM_DIRS": "1",
           "PYTHONUNBUFFERED": "1"}
    cmd = [str(exe), "dashboard", "--no-browser", "--port", str(port), "--token", token,
           *options]
    with log.open("wb") as out:
        process = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    server = Dashboard(process, port, token, log)
    started = time.monotonic()
    try:
        while _status(server) != 200:
            if process.poll() is not None or time.monotonic() - started > START_TIMEOUT:
                raise RuntimeError(f"the dashboard did not start; its log:\n"
                                   f"{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.3)
        yield server
    finally:
        stop(process)


def _status(server: Dashboard) -> int | None:
    try:
        return server.get("", server.token)[0]
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None
