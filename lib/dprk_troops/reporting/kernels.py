"""Report kernels: forked from the warm fork server, or started and warmed once and reused.

Which kernels a report uses is decided in one place, ``kernel_mode``:

- ``forked`` (``forkserver``, the default where the system can fork): a kernel per run,
  forked from a process that has done the imports, so no warm-up runs in it;
- ``reused`` (the Dask workers, systems without fork, ``DPRK_TROOPS_FORK=off``): warm
  kernels, each running one run after another;
- ``fresh`` (``--fresh-kernels``): a stock kernel started for every run.

Reused (the Dask workers, and systems without fork): between runs a kernel's namespace is reset (``%reset -f``) and its execution count set back
to 1, so a run sees only its own variables and numbers its cells as a fresh kernel would;
the imported modules stay loaded, which is what makes a batch fast. IPython's history
database is off in these kernels: it has nothing to keep, and with the count set back it
would print "Session/line number was not unique in database" into a page.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..execute import KERNEL_NAME
from ..workbook import NOTEBOOKS

if TYPE_CHECKING:
    from .stopping import Stopper

__all__ = ["KERNEL_ARGS", "KERNEL_MODES", "RESET", "Kernel", "can_fork", "kernel_mode",
           "warm_up_code"]

#: forked: a kernel per run from the fork server; reused: warm kernels reset between runs;
#: fresh: a stock kernel per run.
KERNEL_MODES = ("forked", "reused", "fresh")


def can_fork() -> bool:
    """Whether kernels can be forked here (POSIX), unless ``DPRK_TROOPS_FORK=off``."""
    return hasattr(os, "fork") and os.environ.get("DPRK_TROOPS_FORK", "").lower() not in {
        "off", "0", "false", "no"}


def kernel_mode(executor: str, fresh_kernels: bool) -> str:
    """Which kernels a report runs in (one of ``KERNEL_MODES``): a Dask worker keeps a warm
    kernel of its own; locally a kernel per run is forked where the system can fork."""
    if executor == "dask":
        return "reused"
    if fresh_kernels:
        return "fresh"
    return "forked" if can_fork() else "reused"

#: Passed to every report kernel: no history database (see the module's docstring).
KERNEL_ARGS = ["--HistoryManager.enabled=False"]
RESET = "%reset -f\nget_ipython().execution_count = 1"


def warm_up_code() -> str:
    """What a kernel runs once before its first run: every notebook's imports (from the
    registry) and the one-off cost of the first fact-base load. Report kernels draw no SVG
    (the parent does, see ``export``), so vl-convert is not started here."""
    modules = dict.fromkeys(m for nb in NOTEBOOKS.values() for m in nb.imports)
    return "\n".join([
        "import numpy, pandas, altair, ipywidgets, yaml",
        *(f"import {m}" for m in modules),
        "from dprk_troops.factbase.facts import load_facts, load_options",
        "from dprk_troops.factbase.scores import read_option_scores",
        "load_facts(), load_options(), read_option_scores()",
    ])


class Kernel:
    """One kernel (and its client): reused for several runs, or forked for one
    (``server``, a ``forkserver.ForkServer`` started with this environment)."""

    def __init__(self, cwd: Path, env: dict[str, str], log: Path, server: Any = None,
                 stopper: Stopper | None = None):
        self.cwd, self.env, self.log, self.server = cwd, env, log, server
        self.stopper = stopper
        self.km: Any = None
        self.kc: Any = None
        self.pid: int | None = None
        self.used = False

    async def start(self) -> Kernel:
        from jupyter_client.manager import AsyncKernelManager

        from .forkserver import ForkedKernelManager

        if self.server is not None:
            self.km = ForkedKernelManager(self.server, kernel_name=KERNEL_NAME)
        else:
            self.km = AsyncKernelManager(kernel_name=KERNEL_NAME)
        # The kernel's own stderr (start-up warnings) goes to a log, not the cron mail.
        with self.log.open("a") as err:
            try:
                await self.km.start_kernel(cwd=str(self.cwd), env=self.env, stderr=err,
                                           extra_arguments=KERNEL_ARGS)
            finally:  # a report's stop kills its kernels, even one half started
                self.pid = getattr(self.km.provisioner, "pid", None)
                if self.stopper is not None and self.pid is not None:
                    self.stopper.adopt(self.pid, "kernel")
        self.kc = self.km.client()
        self.kc.start_channels()
        if self.server is None:
            await self.kc.wait_for_ready(timeout=120)
            await self.run_code(warm_up_code())
        else:  # a forked kernel has the fork server's imports
            await self.wait_ready(timeout=120)
        return self

    async def wait_ready(self, timeout: float) -> None:
        """Ready when a kernel_info request has its reply on the shell channel and its idle
        status on iopub (so the iopub subscription is live and no output can be missed).
        ``kc.wait_for_ready`` does the same, then waits 0.2 s for iopub to fall silent:
        a third of a forked kernel's start."""
        import queue
        import time

        deadline = time.monotonic() + timeout
        while True:
            msg_id = self.kc.kernel_info()
            try:
                while True:
                    reply = await self.kc.get_shell_msg(timeout=1)
                    if reply["parent_header"].get("msg_id") == msg_id:
                        break
                while True:  # iopub may connect after the first reply went out: ask again
                    msg = await self.kc.get_iopub_msg(timeout=0.1)
                    if (msg["parent_header"].get("msg_id") == msg_id
                            and msg["msg_type"] == "status"
                            and msg["content"].get("execution_state") == "idle"):
                        return
            except queue.Empty:
                if not await self.km.is_alive():
                    raise RuntimeError("the kernel died before it was ready") from None
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the kernel was not ready after {timeout:.0f} s"
                                       ) from None

    async def run_code(self, code: str) -> None:
        reply = await self.kc.execute_interactive(code, silent=True, timeout=300)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"kernel set-up failed: {reply['content'].get('evalue')}")

    async def prepare(self) -> None:
        """Before a run: a used kernel is reset to a clean namespace."""
        if self.used:
            await self.run_code(RESET)
        self.used = True

    async def is_alive(self) -> bool:
        return bool(self.km and await self.km.is_alive())

    async def stop(self) -> None:
        if self.kc is not None:
            self.kc.stop_channels()
        if self.km is not None and self.km.has_kernel:
            await self.km.shutdown_kernel(now=True)
        if self.stopper is not None and self.pid is not None:
            self.stopper.release(self.pid)
