"""Handing runs to kernels: longest first, ``jobs`` kernels at once, each reused.

``jobs`` kernels start at once (they boot in their own processes while the parent warms
up), and each takes the next run from one queue until it is empty. Runs are handed out
longest first by the durations in the previous manifest (LPT scheduling), so that no kernel
is left with a long run at the end while the others sit idle.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .kernels import Kernel
from .runs import RunResult, error_of, execute, new_result
from .scenarios import Run

__all__ = ["longest_first", "run_batch"]

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


async def run_batch(runs: Sequence[Run], order: Sequence[int], *, nb_dir: Path, jobs: int,
                    timeout: int, fresh: bool, env: dict[str, str], kernel_log: Path,
                    warm_parent: Awaitable[Any], finish: Finish,
                    log: Callable[[RunResult, int], None]) -> list[RunResult]:
    """Execute every run; ``finish`` writes each one's files, ``log`` reports progress."""
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
