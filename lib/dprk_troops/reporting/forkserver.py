"""Kernels forked from a warm process: a kernel per run without a kernel start per run.

A stock kernel is a new Python process that imports ipykernel, then the notebook imports
numpy, pandas, altair and the workbook: about 2 s before a report's run does any work.
The fork server does that once. It is one process, started with the report kernels'
environment, that imports everything the notebooks import (``WARM_MODULES`` and each
registry notebook's imports) and reads the fact base once (filling the fact-base cache),
then waits. For each kernel the report asks for, it forks: the child is a fresh
``IPKernelApp`` on the connection file jupyter_client wrote, with the imports already in
memory. To nbclient it is an ordinary kernel (the same messages, outputs and execution
counts), so an executed notebook is what stock papermill would write, and each run has a
kernel of its own: nothing of one run is left in the next.

What the fork server must not do before it forks: start threads or open sockets (a fork
copies only the thread that forks). So it does not import vl-convert (a JavaScript engine
in threads of its own; the report makes SVG in the parent instead) and opens no zmq
context; ipykernel opens its sockets in the child.

Protocol, one JSON object per line: the server writes ``{"ready": ...}`` once warm; each
request ``{"connection_file", "args", "cwd", "log"}`` gets ``{"pid": N}`` back. Closing
its stdin ends it (so it ends with the report, even a killed one), and each kernel watches
it and exits when it has gone. Children are reaped by the system (SIGCHLD ignored), so a
kernel that exits leaves no zombie.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .stopping import Stopper

__all__ = ["WARM_MODULES", "ForkServer", "ForkedKernelManager", "forked_process", "main"]

#: Imported by the fork server before it forks (with the registry notebooks' imports).
WARM_MODULES = ("numpy", "pandas", "pandas.io.formats.style", "altair", "ipywidgets", "yaml",
                "jinja2", "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger",
                "IPython.display", "dprk_troops.present.display", "dprk_troops.present.widgets",
                "dprk_troops.present.tables", "dprk_troops.present.results")


def _warm() -> None:
    import importlib

    from ..workbook import NOTEBOOKS

    for name in dict.fromkeys([*WARM_MODULES, *(m for nb in NOTEBOOKS.values()
                                                for m in nb.imports)]):
        importlib.import_module(name)
    from ..factbase.facts import load_facts, load_options
    from ..factbase.scores import read_option_scores

    load_facts(), load_options(), read_option_scores()  # fills the fact-base cache


def _child(request: Mapping[str, Any]) -> None:
    """In the forked child: become a kernel on the request's connection file. Its stdin and
    stdout (the server's pipes) are replaced: /dev/null in, the log out."""
    code = 1
    try:
        os.setsid()
        log = os.open(request.get("log") or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(null)
        os.close(log)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        if request.get("cwd"):
            os.chdir(request["cwd"])
        from ipykernel.kernelapp import IPKernelApp

        # The kernel exits when the fork server does (ipykernel's parent poller), and the
        # server exits when the report does (its stdin closes): a killed report leaves no
        # kernel behind.
        argv = ["-f", request["connection_file"], f"--IPKernelApp.parent_handle={os.getppid()}",
                *request.get("args", [])]
        sys.argv = [sys.executable, "-m", "ipykernel_launcher", *argv]
        app = IPKernelApp.instance()
        app.initialize(argv)
        app.start()
        code = 0
    except BaseException:  # noqa: BLE001 - whatever happens, the child must not return
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def main() -> None:
    """The fork server's loop (``python -m dprk_troops.reporting.forkserver``)."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    start = time.perf_counter()
    _warm()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    stdout.write(json.dumps({"ready": round(time.perf_counter() - start, 3)}).encode() + b"\n")
    stdout.flush()
    for line in stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(request)
        stdout.write(json.dumps({"pid": pid}).encode() + b"\n")
        stdout.flush()


class ForkServer:
    """The parent's handle on a fork server: started with the kernels' environment, in a
    session of its own (a Ctrl-C meant for the report does not reach it: the report ends
    it). ``stopper`` (a ``stopping.Stopper``) adopts it and every kernel it forks."""

    def __init__(self, env: Mapping[str, str], log: Path, stopper: Stopper | None = None):
        self.log = log
        self.stopper = stopper
        with log.open("a") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "dprk_troops.reporting.forkserver"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                start_new_session=True,
                # debugpy (imported before the fork) warns of frozen modules in every kernel
                env={"PYDEVD_DISABLE_FILE_VALIDATION": "1", **env})
        if stopper is not None:
            stopper.adopt(self.proc.pid, "fork server")
        self._lock = asyncio.Lock()
        self._ready: asyncio.Future[Any] | None = None

    def _read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the fork server exited (code {self.proc.wait()}); "
                               f"see {self.log}")
        return json.loads(line)

    async def ready(self) -> None:
        """Wait until the server has done its imports (once)."""
        if self._ready is None:
            self._ready = asyncio.ensure_future(asyncio.to_thread(self._read))
        await asyncio.shield(self._ready)

    async def fork(self, connection_file: str, args: list[str], cwd: str | None) -> int:
        """A new kernel process on ``connection_file``; returns its pid."""
        await self.ready()
        async with self._lock:
            assert self.proc.stdin is not None
            request = {"connection_file": connection_file, "args": args, "cwd": cwd,
                       "log": str(self.log)}
            self.proc.stdin.write(json.dumps(request).encode() + b"\n")
            self.proc.stdin.flush()
            pid = int((await asyncio.to_thread(self._read))["pid"])
        if self.stopper is not None:
            self.stopper.adopt(pid, "kernel")
        return pid

    def close(self) -> None:
        with contextlib.suppress(OSError):  # a killed server's pipe is broken
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        if self.stopper is not None:
            self.stopper.release(self.proc.pid)


class _Forked:
    """A forked kernel, as jupyter_client's provisioner sees a Popen: poll, wait, kill."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and not _alive(self.pid):
            self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            time.sleep(0.02)
        return self.returncode or 0

    def send_signal(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _alive(pid: int) -> bool:
    """Whether a process runs (a zombie, e.g. an orphan the system has not reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def forked_process(pid: int) -> _Forked:
    return _Forked(pid)


def _provisioner_class() -> type:
    from jupyter_client.provisioning.local_provisioner import LocalProvisioner

    class ForkProvisioner(LocalProvisioner):  # type: ignore[misc]
        """LocalProvisioner whose kernel is forked by the fork server, not spawned."""

        server: ForkServer

        async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
            args = cmd[cmd.index("-f") + 2:] if "-f" in cmd else []
            pid = await self.server.fork(self.parent.connection_file, args, kwargs.get("cwd"))
            self.process = _Forked(pid)
            self.pid = self.pgid = pid
            return self.connection_info

    return ForkProvisioner


def ForkedKernelManager(server: ForkServer, **kwargs: Any) -> Any:
    """An AsyncKernelManager whose kernels the fork server forks."""
    from jupyter_client.manager import AsyncKernelManager

    class _Manager(AsyncKernelManager):  # type: ignore[misc]
        async def _async_pre_start_kernel(self, **kw: Any) -> Any:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            if self.provisioner is None:
                self.provisioner = _provisioner_class()(
                    kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
                self.provisioner.server = server
            return await super()._async_pre_start_kernel(**kw)

    return _Manager(**kwargs)


if __name__ == "__main__":
    main()
