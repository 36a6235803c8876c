"""The Dask executor: the runs run on dask.distributed workers; the rest stays here.

``dprk-troops report --executor dask`` starts a LocalCluster (``--jobs`` worker processes,
one thread each); ``--scheduler ADDRESS`` uses a running cluster instead. Each task is one
run: the parent parameterizes the notebook (papermill), a worker executes it (nbclient) in
its own kernel, started and warmed once per worker process and reset between runs like the
local executor's, and returns the executed notebook. The parent writes the pages, the
index and the manifest into its hidden build and publishes it, under its lock, exactly as
with the local executor: a worker never writes into the report.

What a worker needs: the same environment (this package and its dependencies, a ``python3``
kernel). The fact base travels with the tasks (scattered once), so a worker on another
machine reads the same facts; the worker keeps it in a temporary folder named by its
digest.

A worker that dies mid-run: the scheduler hands its run to another worker once
(``distributed.scheduler.allowed-failures`` = 1 on the LocalCluster we start; set the same
on a cluster of your own); a second death reports the run failed (``KilledWorker``). A
failed run is listed like any failure; nothing of it is published but its failure.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .kernels import Kernel
from .runs import RunResult, error_of, execute_in, new_result, parameterized
from .scenarios import Run

if TYPE_CHECKING:
    from .stopping import Stopper

__all__ = ["ALLOWED_FAILURES", "cluster", "execute_on_worker", "run_on_dask"]

#: How often a run may lose its worker before it is reported failed: retried once.
ALLOWED_FAILURES = 1
#: Only these variables of the parent's kernel environment travel to the workers.
PASSED_ENV = ("DPRK_TROOPS_CHART_OUTPUT",)


def _seeds_folder(seeds: Mapping[str, bytes], digest: str) -> Path:
    """The fact base on this worker, written once per digest (atomically)."""
    import tempfile

    folder = Path(tempfile.gettempdir()) / "dprk-troops-worker" / f"seeds-{digest[:32]}"
    if not folder.is_dir():
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent))
        for name, data in seeds.items():
            (tmp / name).write_bytes(data)
        try:
            os.replace(tmp, folder)
        except OSError:  # another task wrote it first
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
    return folder


#: Per worker process: its event loop (in a thread of its own) and its warm kernels.
_WORKER: dict[Any, Any] = {}


def _worker_loop() -> asyncio.AbstractEventLoop:
    import threading

    loop = _WORKER.get("loop")
    if loop is None:
        loop = asyncio.new_event_loop()
        threading.Thread(target=loop.run_forever, name="dprk-kernels", daemon=True).start()
        _WORKER["loop"] = loop
    return loop


async def _kernel_for(env: Mapping[str, str], cwd: Path) -> Kernel:
    """This worker's warm kernel for an environment, started (and warmed) on first use
    and reused, reset, for the runs after; a dead one is replaced."""
    import tempfile

    key = ("kernel", tuple(sorted(env.items())))
    kernel = _WORKER.get(key)
    if kernel is not None and not await kernel.is_alive():
        await kernel.stop()
        kernel = None
    if kernel is None:
        log = Path(tempfile.gettempdir()) / "dprk-troops-worker" / f"kernels-{os.getpid()}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        kernel = await Kernel(cwd, dict(env), log).start()
        _WORKER[key] = kernel
    return kernel


async def _execute(nb: Any, env: Mapping[str, str], cwd: Path, timeout: int
                   ) -> Exception | None:
    try:
        kernel = await _kernel_for(env, cwd)
    except Exception as exc:  # noqa: BLE001 - recorded as the run's failure
        return RuntimeError(f"kernel did not start: {exc}")
    return await execute_in(nb, kernel, cwd, timeout)


def execute_on_worker(nb: Any, seeds: Mapping[str, bytes], seeds_digest: str,
                      env: Mapping[str, str], timeout: int) -> dict[str, Any]:
    """Run on a worker: execute one parameterized notebook in this worker's kernel (warm
    and reset between runs, as the local executor's are).

    Returns the executed notebook, the error if a cell failed (never raised: a failing
    notebook is a result, not a task to retry), the duration and the host."""
    import socket

    from .. import paths

    folder = _seeds_folder(seeds, seeds_digest)
    kernel_env = {**os.environ, **env, "DPRK_TROOPS_SEEDS": str(folder)}
    cwd = paths.NOTEBOOKS_DIR if paths.NOTEBOOKS_DIR.is_dir() else folder
    start = time.perf_counter()
    exc = asyncio.run_coroutine_threadsafe(_execute(nb, kernel_env, cwd, timeout),
                                           _worker_loop()).result()
    error = None if exc is None else f"{type(exc).__name__}: {exc}".splitlines()[0]
    # The notebook itself travels back (pickled): JSON would sort the keys of the
    # recorded results, and the results must read exactly as the local executor's.
    return {"notebook": nb, "error": error,
            "duration_s": round(time.perf_counter() - start, 2),
            "host": socket.gethostname()}


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker here, keeping this thread's signal mask.

    Starting it, the standard library unblocks SIGINT and SIGTERM in the calling thread
    (``resource_tracker.ensure_running``), and every worker process spawned from that
    thread after it would then take a Ctrl-C meant for the report (and print its
    traceback). Started first, with the mask put back, it is already running when the
    LocalCluster spawns its workers, which so inherit the report's blocked mask
    (``stopping``)."""
    import signal
    from multiprocessing import resource_tracker

    mask = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    try:
        resource_tracker.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _children() -> set[int]:
    import psutil

    return {p.pid for p in psutil.Process().children()}


@contextlib.contextmanager
def cluster(scheduler: str | None, n_workers: int, stopper: Stopper | None = None
            ) -> Iterator[Any]:
    """A dask.distributed Client: on a new LocalCluster, or connected to ``scheduler``.
    ``stopper`` adopts the processes a LocalCluster starts (its workers and their
    kernels): a stop ends them. A cluster of one's own (``scheduler``) is left running."""
    import dask
    import distributed

    if scheduler:
        with distributed.Client(scheduler, timeout="30s") as client:
            yield client
        return
    config = {"distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
              "distributed.worker.daemon": False}
    before = _children()
    _start_resource_tracker()
    with dask.config.set(config), \
            distributed.LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                                     dashboard_address=None, silence_logs=40) as local, \
            distributed.Client(local) as client:
        if stopper is not None:
            for pid in sorted(_children() - before):
                stopper.adopt(pid, "dask process")
        yield client


def _seed_files(seeds_dir: Path) -> tuple[dict[str, bytes], str]:
    from .cache import fact_base_digest

    return ({f.name: f.read_bytes() for f in sorted(Path(seeds_dir).glob("*.yaml"))},
            fact_base_digest(seeds_dir))


def _completed(futures: Mapping[Any, int], stopper: Stopper | None) -> Iterator[Any]:
    """The futures as they complete, checking for a stop between waits (a run that never
    comes back must not keep a stopped report waiting)."""
    from distributed import wait

    pending = set(futures)
    while pending:
        if stopper is not None:
            stopper.check()
        try:
            finished, pending = wait(list(pending), timeout=0.25,
                                     return_when="FIRST_COMPLETED")
        except TimeoutError:
            continue
        yield from sorted(finished, key=lambda f: futures[f])


def run_on_dask(runs: Sequence[Run], order: Sequence[int], *, nb_dir: Path, timeout: int,
                env: Mapping[str, str], seeds_dir: Path, scheduler: str | None,
                n_workers: int, finish: Callable[[RunResult, Any], None],
                log: Callable[[RunResult, int], None],
                stopper: Stopper | None = None) -> list[RunResult]:
    """Execute every run on Dask; ``finish`` (here, in the parent) writes each one's files.
    Returns the results in the order of ``runs``. A stop (``stopper``) cancels the runs
    still pending and ends a LocalCluster's processes."""
    seeds, digest = _seed_files(seeds_dir)
    passed = {k: env[k] for k in PASSED_ENV if k in env}
    results: list[RunResult | None] = [None] * len(runs)
    with cluster(scheduler, max(1, min(n_workers, len(runs))), stopper) as client:
        [seeds_future] = client.scatter([seeds], broadcast=True)
        futures = {}
        notebooks = {}
        for i in order:
            nb = parameterized(runs[i], nb_dir)
            notebooks[i] = nb
            future = client.submit(execute_on_worker, nb, seeds_future,
                                   digest, passed, timeout, pure=False,
                                   key=f"dprk-run-{i}-{os.getpid()}-{time.time_ns()}")
            futures[future] = i
        for done, future in enumerate(_completed(futures, stopper), 1):
            i = futures[future]
            r = new_result(runs[i])
            try:
                out = future.result()
            except Exception as exc:  # noqa: BLE001 - KilledWorker, lost connection, ...
                r.status = "failed"
                r.error = f"the run's worker failed: {type(exc).__name__}: {exc}".splitlines()[0]
                nb = notebooks[i]
            else:
                nb = out["notebook"]
                r.duration_s = out["duration_s"]
                if out["error"] is None:
                    r.status = "ok"
                else:
                    r.status = "failed"
                    r.cell, r.error = error_of(nb, RuntimeError(out["error"]))
            finish(r, nb)
            results[i] = r
            log(r, done)
    return [r for r in results if r is not None]
