"""Kernels forked from the warm fork server: ordinary kernels to nbclient, warm, each its
own, and none left behind when the server (or the report that started it) goes away."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from dprk_troops import paths
from dprk_troops.reporting.forkserver import ForkServer, _alive
from dprk_troops.reporting.kernels import Kernel

pytestmark = pytest.mark.slow


def _run(coro: Any) -> Any:
    """asyncio.run in a thread of its own: the browser tests' sync API may have left an
    event loop running in this one."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _output(kernel: Kernel, code: str) -> str:
    """What ``code`` prints in the kernel."""
    out: list[str] = []

    def hook(msg: dict) -> None:
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])

    reply = await kernel.kc.execute_interactive(code, output_hook=hook, timeout=60)
    assert reply["content"]["status"] == "ok", reply["content"]
    return "".join(out)


def test_forked_kernels_are_warm_separate_and_numbered_like_fresh_ones(tmp_path: Path) -> None:
    async def scenario() -> tuple[list[int], list[str], int]:
        server = ForkServer(dict(os.environ), tmp_path / "kernels.log")
        try:
            counts, outputs = [], []
            for value in ("first", "second"):
                kernel = await Kernel(paths.NOTEBOOKS_DIR, dict(os.environ),
                                      tmp_path / "kernels.log", server=server).start()
                code = ("import os, sys; print('pandas' in sys.modules, os.getppid(), "
                        "globals().get('left_over'))\n"
                        f"left_over = {value!r}")
                reply = await kernel.kc.execute_interactive(code, timeout=60)
                counts.append(reply["content"]["execution_count"])
                outputs.append(await _output(kernel, code))
                await kernel.stop()
            return counts, outputs, server.proc.pid
        finally:
            server.close()

    counts, outputs, server_pid = _run(scenario())
    # Each kernel numbers its cells from 1, as a fresh kernel does; the imports were done
    # before the fork; nothing of the first run reaches the second kernel.
    assert counts == [1, 1]
    assert outputs == [f"True {server_pid} first\n", f"True {server_pid} second\n"]


def test_a_kernel_exits_when_its_fork_server_is_gone(tmp_path: Path) -> None:
    async def scenario() -> tuple[int, ForkServer]:
        server = ForkServer(dict(os.environ), tmp_path / "kernels.log")
        kernel = await Kernel(Path.cwd(), dict(os.environ), tmp_path / "kernels.log",
                              server=server).start()
        pid = int((await _output(kernel, "import os; print(os.getpid())")).strip())
        kernel.kc.stop_channels()
        return pid, server

    pid, server = _run(scenario())
    assert _alive(pid)
    server.proc.kill()  # as when the report is killed: the server dies without a word
    server.proc.wait()
    deadline = time.monotonic() + 15
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid), "the kernel outlived its fork server"


def test_a_server_that_cannot_warm_up_says_so(tmp_path: Path) -> None:
    broken = tmp_path / "seeds"
    broken.mkdir()
    (broken / paths.FACTS_FILE).write_text("- not: a fact\n", encoding="utf-8")
    env = {**os.environ, "DPRK_TROOPS_SEEDS": str(broken)}
    server = ForkServer(env, tmp_path / "kernels.log")

    async def scenario() -> None:
        await server.fork(str(tmp_path / "kernel.json"), [], None)

    try:
        with pytest.raises(RuntimeError, match=r"the fork server exited \(code 1\); see .*"
                                               r"kernels\.log"):
            _run(scenario())
    finally:
        server.close()
    assert "FactBaseError" in (tmp_path / "kernels.log").read_text()


def test_a_killed_report_leaves_no_fork_server_or_kernel(tmp_path: Path) -> None:
    """SIGKILL the report while its runs execute: the fork server and its kernels go too."""
    env = {**os.environ, "DPRK_TROOPS_RUN_CACHE": str(tmp_path / "cache")}
    report = subprocess.Popen(
        [str(Path(sys.executable).parent / "dprk-troops"), "report", "--scenario", "base",
         "--out", str(tmp_path / "out")], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, start_new_session=True)
    children: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and report.poll() is None:
        children |= _descendants(report.pid)
        if any("ipykernel" in _cmdline(p) or _ppid(p) in children for p in children):
            break
        time.sleep(0.05)
    assert report.poll() is None, "the report ended before a kernel started"
    time.sleep(0.3)
    children |= _descendants(report.pid)
    os.kill(report.pid, signal.SIGKILL)
    report.wait()
    deadline = time.monotonic() + 15
    while any(_alive(p) for p in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [p for p in children if _alive(p)], "processes outlived the killed report"


def _ppid(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[1])
    except (OSError, ValueError, IndexError):
        return -1


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _descendants(root: int) -> set[int]:
    """Every process below ``root`` now (forked kernels run in sessions of their own)."""
    parents = {int(p.name): _ppid(int(p.name)) for p in Path("/proc").iterdir()
               if p.name.isdigit()}
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, ppid in parents.items() if ppid in frontier} - found
        found |= frontier
    return found
