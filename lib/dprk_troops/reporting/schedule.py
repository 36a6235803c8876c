"""Handing runs to kernels: longest first, ``jobs`` runs at once.

One scheduler for every kind of kernel (``kernels.kernel_mode``): ``jobs`` workers each
take the next run from one queue, get a kernel for it, execute it, and hand the executed
notebook to the parent, which writes its page in a thread while the worker goes on with
the next run.

- forked: one fork server (``forkserver``, started by the report so that its imports
  overlap the report's own work) forks a kernel for every run;
- reused: ``jobs`` kernels start at once (while the parent warms up) and each runs one run
  after another, reset in between; a kernel that died is replaced;
- fresh: a stock kernel is started for every run.

Runs are handed out longest first by the durations in the previous manifest (LPT
scheduling), so that no kernel is left with a long run at the end while the others sit
idle. A stop (``stopping``) cancels the batch: every task is cancelled and awaited, every
kernel stopped, the fork server closed, and nothing is left pending.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .kernels import Kernel
from .runs import RunResult, error_of, execute, new_result
from .scenarios import Run

if TYPE_CHECKING:
    from .stopping import Stopper

__all__ = ["longest_first", "run_batch"]

#: Called in a worker thread when a run has executed: (result, executed notebook).
Finish = Callable[[RunResult, Any], None]
#: What the kernels' clients need, imported before the parent's warm-up thread imports
#: nbclient (two threads importing one package at once can meet it half-initialised).
CLIENT_MODULES = ("jupyter_client.manager", "jupyter_client.provisioning.local_provisioner",
                  "nbclient", "papermill.iorw", "papermill.parameterize")


def longest_first(runs: Sequence[Run], durations: Mapping[tuple[str, str], float]
                  ) -> list[int]:
    """The order to hand runs to the kernels: longest expected first.

    A run's expected duration is its own last one, else its notebook's mean over other
    scenarios; runs with no history go first (they may be long) in their planned order.
    """
    by_notebook: dict[str, list[float]] = {}
    for (notebook, _), seconds in durations.items():
        by_notebook.setdefault(notebook, []).append(seconds)

    def expected(i: int) -> float:
        run = runs[i]
        if (run.notebook, run.scenario) in durations:
            return durations[(run.notebook, run.scenario)]
        known = by_notebook.get(run.notebook)
        return sum(known) / len(known) if known else math.inf

    return sorted(range(len(runs)), key=lambda i: -expected(i))


async def _run_one(run: Run, kernel: Kernel, nb_dir: Path, timeout: int
                   ) -> tuple[RunResult, Any]:
    """Execute one run in a started kernel; the result says how it went."""
    r = new_result(run)
    start = time.perf_counter()
    nb, exc = await execute(run, kernel, nb_dir, timeout)
    r.duration_s = round(time.perf_counter() - start, 2)
    if exc is None:
        r.status = "ok"
    else:
        r.status = "failed"
        r.cell, r.error = error_of(nb, exc)
    return r, nb


async def _stop(kernel: asyncio.Future[Kernel] | None) -> None:
    """Stop a kernel that may still be starting, or may have failed to (never raises)."""
    if kernel is None:
        return
    if not kernel.done():
        kernel.cancel()
    with contextlib.suppress(BaseException):
        await asyncio.wait_for((await kernel).stop(), 10)


async def _settle(tasks: Sequence[asyncio.Future[Any]]) -> None:
    """Cancel what is still pending and wait for every task, so that none is left with an
    exception nobody retrieved."""
    for task in tasks:
        if not task.done():
            task.cancel()
    if tasks:
        await asyncio.gather(*tasks, return_exceptions=True)


async def run_batch(runs: Sequence[Run], order: Sequence[int], *, nb_dir: Path, jobs: int,
                    timeout: int, mode: str, env: dict[str, str], kernel_log: Path,
                    warm_parent: Awaitable[Any], finish: Finish,
                    log: Callable[[RunResult, int], None], server: Any = None,
                    stopper: Stopper | None = None) -> list[RunResult]:
    """Execute every run in kernels of ``mode`` (``kernels.KERNEL_MODES``); ``finish``
    writes each one's files (in a thread), ``log`` reports progress. ``server`` is the
    fork server of a forked batch (one is started when None); it is closed when the batch
    ends. Returns the results in the order of ``runs``."""
    import importlib

    for name in CLIENT_MODULES:
        importlib.import_module(name)
    if mode == "forked" and server is None:
        from .forkserver import ForkServer

        server = ForkServer(env, kernel_log, stopper)
    n_workers = max(1, min(jobs, len(runs)))

    def start() -> asyncio.Future[Kernel]:
        kernel = Kernel(nb_dir, env, kernel_log, server=server if mode == "forked" else None,
                        stopper=stopper)
        return asyncio.ensure_future(kernel.start())

    # Reused kernels boot at once, while the parent warms up; the others start per run.
    booting = [start() if mode == "reused" else None for _ in range(n_workers)]
    parent_ready = asyncio.ensure_future(warm_parent)
    queue = deque(order)
    results: list[RunResult | None] = [None] * len(runs)
    pages: list[asyncio.Future[None]] = []
    workers: list[asyncio.Future[None]] = []
    failed: list[BaseException] = []
    done = 0

    async def complete(index: int, r: RunResult, nb: Any) -> None:
        nonlocal done
        if nb is not None:
            try:
                await parent_ready  # the exporter and vl-convert, warmed once
                await asyncio.to_thread(finish, r, nb)
            except Exception as exc:  # a page that cannot be written ends the batch
                failed.append(exc)
                for w in workers:
                    w.cancel()
                raise
        results[index] = r
        done += 1
        log(r, done)

    async def worker(kernel: asyncio.Future[Kernel] | None) -> None:
        try:
            while queue:
                index = queue.popleft()
                if kernel is None:
                    kernel = start()
                try:
                    ready = await kernel
                except Exception as exc:  # noqa: BLE001 - recorded as the run's failure
                    r, nb = new_result(runs[index]), None
                    r.status, r.error = "failed", f"kernel did not start: {exc}".splitlines()[0]
                    kernel = None
                else:
                    r, nb = await _run_one(runs[index], ready, nb_dir, timeout)
                    if mode != "reused" or not await ready.is_alive():
                        await _stop(kernel)
                        kernel = None
                # The parent writes this run's page while this worker goes on.
                pages.append(asyncio.ensure_future(complete(index, r, nb)))
        finally:
            await _stop(kernel)

    workers += [asyncio.ensure_future(worker(boot)) for boot in booting]
    loop = asyncio.get_running_loop()
    this = asyncio.current_task()
    stop_watch: Any = contextlib.nullcontext()
    if stopper is not None and this is not None:
        stop_watch = stopper.on_stop(lambda: loop.call_soon_threadsafe(this.cancel))
    try:
        with stop_watch:
            try:
                await asyncio.gather(*workers)
                await asyncio.gather(*pages)
            except asyncio.CancelledError:
                if failed and (stopper is None or not stopper.requested):
                    raise failed[0] from None
                raise
    finally:
        await _settle([*workers, *pages, parent_ready])
        if server is not None:
            await asyncio.to_thread(server.close)
    return [r for r in results if r is not None]
