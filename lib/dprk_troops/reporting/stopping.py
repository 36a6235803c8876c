"""Stopping a report cleanly: SIGTERM, SIGINT or SIGHUP at any moment.

``systemctl stop``, a cron job's ``timeout`` and Ctrl-C send one of these. Whatever the
report is doing (planning, starting kernels, running notebooks, writing pages, publishing),
a stop ends the whole report: nothing is published, every visible file stays as it was, no
process the report started is left, stderr gets one line saying what was stopped, and the
exit code is 128 + the signal (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP).

How (``run_stoppable``): the report runs in a worker thread that blocks the three signals,
and every process it starts (the fork server and its kernels, stock kernels, Dask's
workers) inherits that mask. So a Ctrl-C or a ``timeout`` sent to the whole process group
reaches only the main thread, which does nothing but wait and handle them. (It also keeps
nbclient from installing its own SIGINT and SIGTERM handlers, which would shut the kernel
down and let the report carry on: it can install them only in the main thread.)

On the first signal, ``Stopper.request``, in the main thread:

1. kills every process the report adopted (``adopt``), with its children: SIGKILL, as a
   half-done run has nothing to keep; a process adopted after the stop is killed at once;
2. runs the callbacks registered with ``on_stop`` (the batch's event loop is cancelled)
   and makes the next ``check`` raise ``StopRequested`` in the worker, which unwinds and
   removes its hidden build;
3. publishing switches the ``current`` link inside ``committing``, under the same lock as
   the request: a stop comes either before the switch (nothing is published) or after it
   (the report was whole, and ``published`` says so).

Whatever the libraries print while they unwind (a kernel that died, a Dask worker that
vanished) goes to /dev/null, so the one line is the only one. The main thread waits at most
``GRACE`` seconds for the worker, then ends the process. A second signal ends it at once.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

__all__ = ["GRACE", "STOP_SIGNALS", "StopRequested", "Stopper", "run_stoppable",
           "signal_name"]

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
#: How long the main thread waits for the worker to clean up before it ends the process.
GRACE = 4.0
T = TypeVar("T")


def signal_name(signum: int) -> str:
    """'SIGTERM', 'SIGINT (Ctrl-C)', 'SIGHUP'."""
    name = signal.Signals(signum).name
    return f"{name} (Ctrl-C)" if signum == signal.SIGINT else name


class StopRequested(BaseException):
    """Raised in the report's thread when a stop signal arrived: a BaseException, so that
    no ``except Exception`` that records a run's failure can swallow it."""

    def __init__(self, signum: int):
        super().__init__(signal_name(signum))
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


class Stopper:
    """One report's stop: requested once (by a signal, or by a test), checked by the
    report between its steps. ``phase`` says what the report is doing, for the one line."""

    def __init__(self, on_check: Callable[[Stopper, str], None] | None = None):
        self._lock = threading.RLock()
        self.signum: int | None = None
        self.phase = "planning"
        self.published = False
        self._procs: dict[int, Any] = {}
        self._seen: dict[int, str] = {}
        self._callbacks: list[Callable[[], None]] = []
        #: Called at every ``check`` (tests stop the report at a chosen step this way).
        self._on_check = on_check
        self.checks = 0

    @property
    def requested(self) -> bool:
        return self.signum is not None

    def check(self, phase: str | None = None) -> None:
        """Raise StopRequested when a stop was requested; ``phase`` names the step."""
        if phase is not None:
            self.phase = phase
        self.checks += 1
        if self._on_check is not None:
            self._on_check(self, self.phase)
        if self.signum is not None:
            raise StopRequested(self.signum)

    def request(self, signum: int) -> bool:
        """Stop the report (once): kill its processes, run the callbacks. Returns False
        when a stop had already been requested."""
        with self._lock:
            if self.signum is not None:
                return False
            self.signum = signum
            procs = list(self._procs.values())
            callbacks = list(self._callbacks)
        _kill_trees(procs)
        for callback in callbacks:
            with contextlib.suppress(Exception):
                callback()
        return True

    def adopt(self, pid: int, what: str) -> None:
        """A process the report started (``what``: 'kernel', 'fork server', ...): killed,
        with its children, on a stop (at once when the stop came first)."""
        import psutil

        with self._lock:
            self._seen.setdefault(pid, what)
        try:
            proc = psutil.Process(pid)
        except psutil.Error:
            return
        with self._lock:
            self._procs[pid] = proc
            stopped = self.signum is not None
        if stopped:
            _kill_trees([proc])
            self.check()

    def started(self) -> dict[str, int]:
        """How many processes of each kind the report started."""
        out: dict[str, int] = {}
        with self._lock:
            for what in self._seen.values():
                out[what] = out.get(what, 0) + 1
        return out

    def release(self, pid: int) -> None:
        """A process that has ended the ordinary way."""
        with self._lock:
            self._procs.pop(pid, None)

    def kill_all(self) -> None:
        """Kill every adopted process now (a second signal)."""
        with self._lock:
            procs = list(self._procs.values())
        _kill_trees(procs)

    @contextlib.contextmanager
    def on_stop(self, callback: Callable[[], None]) -> Iterator[None]:
        """Run ``callback`` (from the signal's thread) if a stop comes during the block."""
        with self._lock:
            self._callbacks.append(callback)
            stopped = self.signum is not None
        try:
            if stopped:
                callback()
            yield
        finally:
            with self._lock:
                self._callbacks.remove(callback)

    @contextlib.contextmanager
    def committing(self) -> Iterator[None]:
        """The block that publishes: it runs whole before a stop, or not at all."""
        with self._lock:
            self.check("publishing")
            yield
            self.published = True


def _kill_trees(procs: list[Any]) -> None:
    """SIGKILL each process and every process below it (psutil checks that a pid has not
    been reused since it was adopted)."""
    import psutil

    found = []
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            found += [proc, *proc.children(recursive=True)]
    for proc in found:
        with contextlib.suppress(psutil.Error):
            proc.kill()


def run_stoppable(work: Callable[[], T], stopper: Stopper, *, grace: float = GRACE,
                  on_second: Callable[[int], None] | None = None,
                  block_after: bool = False) -> T:
    """Run ``work`` in a worker thread that blocks the stop signals, handling them here in
    the main thread (see the module's docstring). Returns what ``work`` returns, or raises
    what it raised; after a stop, StopRequested (also when the worker has not finished its
    clean-up within ``grace`` seconds: the caller then ends the process). A second signal
    calls ``on_second(signum)``, which should end the process at once. ``block_after``
    (for a process about to exit) leaves the signals blocked once the work is done: one
    that comes later came after the end, and is never delivered."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        # Inherited by every thread and process the report starts (see the docstring).
        signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            outcome["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            outcome["error"] = exc

    silenced: list[int] = []

    def handler(signum: int, frame: Any) -> None:
        if stopper.request(signum):
            with contextlib.suppress(OSError):
                sys.stderr.flush()
                silenced.append(os.dup(2))
                null = os.open(os.devnull, os.O_WRONLY)
                os.dup2(null, 2)
                os.close(null)
            return
        stopper.kill_all()
        if silenced:
            os.dup2(silenced[0], 2)
        if on_second is not None:
            on_second(signum)

    thread = threading.Thread(target=target, name="dprk-troops-report", daemon=True)
    previous = {s: signal.signal(s, handler) for s in STOP_SIGNALS}
    try:
        thread.start()
        deadline = None
        while thread.is_alive():
            thread.join(0.05)
            if stopper.requested and deadline is None:
                deadline = time.monotonic() + grace
            if deadline is not None and time.monotonic() > deadline:
                break
    finally:
        if block_after:
            signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        for s, h in previous.items():
            signal.signal(s, h)
        if silenced:
            with contextlib.suppress(OSError):
                sys.stderr.flush()
                os.dup2(silenced[0], 2)
                os.close(silenced[0])
    if stopper.signum is not None and not stopper.published:
        raise StopRequested(stopper.signum)
    if "error" in outcome:
        raise outcome["error"]
    if stopper.signum is not None:  # the stop came after the report was published
        raise StopRequested(stopper.signum)
    return outcome["value"]
