"""Handing runs to kernels: longest first, ``jobs`` runs at once.

Forked (the default where the system can fork): one fork server (``forkserver``) starts
and does the imports while the parent warms up; then ``jobs`` workers each take the next
run from one queue, execute it in a kernel forked for it, and fork the next run's kernel
while the parent writes the page of the last. Reused (``forked=False``): ``jobs`` kernels
start at once and each runs one run after another, reset in between; ``fresh`` starts a
stock kernel per run instead. Runs are handed out
longest first by the durations in the previous manifest (LPT scheduling), so that no kernel
is left with a long run at the end while the others sit idle.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .kernels import Kernel
from .runs import RunResult, error_of, execute, new_result
from .scenarios import Run

__all__ = ["can_fork", "longest_first", "run_batch"]

#: Called in a worker thread when a run has executed: (result, executed notebook).
Finish = Callable[[RunResult, Any], None]


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


def can_fork() -> bool:
    """Whether kernels can be forked here (POSIX), unless ``DPRK_TROOPS_FORK=off``."""
    return hasattr(os, "fork") and os.environ.get("DPRK_TROOPS_FORK", "").lower() not in {
        "off", "0", "false", "no"}


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


async def run_batch(runs: Sequence[Run], order: Sequence[int], *, nb_dir: Path, jobs: int,
                    timeout: int, fresh: bool, env: dict[str, str], kernel_log: Path,
                    warm_parent: Awaitable[Any], finish: Finish,
                    log: Callable[[RunResult, int], None],
                    forked: bool | None = None, server: Any = None) -> list[RunResult]:
    """Execute every run; ``finish`` writes each one's files, ``log`` reports progress.
    ``forked`` (default: ``can_fork()`` unless ``fresh``) forks a kernel per run, from
    ``server`` (a ``forkserver.ForkServer`` already started) or a fork server of its own;
    either way the fork server is closed when the batch ends."""
    if forked is None:
        forked = server is not None or (can_fork() and not fresh)
    if forked:
        return await _run_forked(runs, order, nb_dir=nb_dir, jobs=jobs, timeout=timeout,
                                 env=env, kernel_log=kernel_log, warm_parent=warm_parent,
                                 finish=finish, log=log, server=server)
    n_kernels = max(1, min(jobs, len(runs)))

    async def new_kernel() -> Kernel:
        return await Kernel(nb_dir, env, kernel_log).start()

    booting = [asyncio.create_task(new_kernel()) for _ in range(n_kernels)]
    parent_ready = asyncio.ensure_future(warm_parent)
    queue: asyncio.Queue[tuple[int, Run]] = asyncio.Queue()
    for index in order:
        queue.put_nowait((index, runs[index]))
    results: list[RunResult | None] = [None] * len(runs)
    done = 0

    def record(index: int, r: RunResult) -> None:
        nonlocal done
        results[index] = r
        done += 1
        log(r, done)

    async def worker(boot: asyncio.Task[Kernel]) -> None:
        kernel: Kernel | None = None
        first = True
        try:
            while not queue.empty():
                index, run = queue.get_nowait()
                r = new_result(run)
                try:
                    if kernel is None or fresh:
                        if kernel is not None:
                            await kernel.stop()
                        kernel = await boot if first else await new_kernel()
                        first = False
                except Exception as exc:  # noqa: BLE001 - recorded as the run's failure
                    r.status, r.error, kernel = "failed", f"kernel did not start: {exc}", None
                    record(index, r)
                    continue
                await parent_ready
                start = time.perf_counter()
                nb, exc = await execute(run, kernel, nb_dir, timeout)
                r.duration_s = round(time.perf_counter() - start, 2)
                if exc is None:
                    r.status = "ok"
                else:
                    r.status = "failed"
                    r.cell, r.error = error_of(nb, exc)
                    if not await kernel.is_alive():
                        await kernel.stop()
                        kernel = None
                await asyncio.to_thread(finish, r, nb)
                record(index, r)
        finally:
            if kernel is not None:
                await kernel.stop()
            if first:  # this worker never used its kernel
                with contextlib.suppress(Exception):
                    await (await boot).stop()

    await asyncio.gather(*(worker(boot) for boot in booting))
    return [r for r in results if r is not None]


async def _run_forked(runs: Sequence[Run], order: Sequence[int], *, nb_dir: Path, jobs: int,
                      timeout: int, env: dict[str, str], kernel_log: Path,
                      warm_parent: Awaitable[Any], finish: Finish,
                      log: Callable[[RunResult, int], None], server: Any = None
                      ) -> list[RunResult]:
    """``run_batch`` with a kernel forked for each run (see the module's docstring)."""
    # What the kernels' clients need, imported before the parent's warm-up thread imports
    # nbclient (two threads importing one package at once can meet it half-initialised).
    import importlib

    for name in ("jupyter_client.manager", "jupyter_client.provisioning.local_provisioner",
                 "nbclient", "papermill.iorw", "papermill.parameterize"):
        importlib.import_module(name)

    from .forkserver import ForkServer

    if server is None:
        server = ForkServer(env, kernel_log)
    parent_ready = asyncio.ensure_future(warm_parent)
    queue: list[int] = list(order)
    results: list[RunResult | None] = [None] * len(runs)
    done = 0

    async def start() -> Kernel:
        return await Kernel(nb_dir, env, kernel_log, server=server).start()

    async def stop(kernel: asyncio.Future[Kernel]) -> None:
        with contextlib.suppress(Exception):
            await (await kernel).stop()

    def take() -> tuple[int, asyncio.Future[Kernel]] | None:
        """The next run, with its kernel forking already."""
        return (queue.pop(0), asyncio.ensure_future(start())) if queue else None

    pages: list[asyncio.Future[None]] = []

    async def complete(index: int, r: RunResult, nb: Any) -> None:
        nonlocal done
        if nb is not None:
            await parent_ready  # the exporter and vl-convert, warmed once
            await asyncio.to_thread(finish, r, nb)
        results[index] = r
        done += 1
        log(r, done)

    async def worker() -> None:
        job = take()
        while job is not None:
            index, kernel = job
            try:
                ready = await kernel
            except Exception as exc:  # noqa: BLE001 - recorded as the run's failure
                r, nb = new_result(runs[index]), None
                r.status, r.error = "failed", f"kernel did not start: {exc}".splitlines()[0]
            else:  # runs while the parent still warms up its exporter
                r, nb = await _run_one(runs[index], ready, nb_dir, timeout)
            await stop(kernel)
            # The parent writes this run's page while the next run's kernel forks and runs.
            pages.append(asyncio.ensure_future(complete(index, r, nb)))
            job = take()

    try:
        await asyncio.gather(*(worker() for _ in range(max(1, min(jobs, len(runs))))))
        await asyncio.gather(*pages)
    finally:
        await asyncio.to_thread(server.close)
    return [r for r in results if r is not None]
