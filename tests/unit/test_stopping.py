"""Stopping a report: a signal is handled in the main thread, the work stops at its next
check, every adopted process goes (with its children), and publishing is all or nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import psutil
import pytest
from dprk_troops.reporting.kernels import kernel_mode
from dprk_troops.reporting.stopping import (
    STOP_SIGNALS,
    Stopper,
    StopRequested,
    run_stoppable,
    signal_name,
)


def _gone(proc: psutil.Process) -> bool:
    try:
        return proc.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_a_stop_kills_every_adopted_process_and_its_children() -> None:
    parent = subprocess.Popen(["sh", "-c", "sleep 60 & sleep 60; wait"])
    try:
        stopper = Stopper()
        stopper.adopt(parent.pid, "kernel")
        deadline = time.monotonic() + 10
        while not psutil.Process(parent.pid).children() and time.monotonic() < deadline:
            time.sleep(0.02)
        family = [psutil.Process(parent.pid), *psutil.Process(parent.pid).children()]
        assert len(family) >= 2
        assert stopper.request(signal.SIGTERM) is True
        assert stopper.request(signal.SIGINT) is False  # once
        parent.wait(timeout=10)
        deadline = time.monotonic() + 10  # a bound for a loaded machine, not a timing
        while not all(_gone(p) for p in family) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert all(_gone(p) for p in family)
        assert stopper.started() == {"kernel": 1}
    finally:
        parent.kill()
        parent.wait()


def test_a_process_adopted_after_the_stop_is_killed_at_once() -> None:
    stopper = Stopper()
    stopper.request(signal.SIGHUP)
    late = subprocess.Popen(["sleep", "60"])
    with pytest.raises(StopRequested) as info:
        stopper.adopt(late.pid, "kernel")
    assert late.wait(timeout=10) == -signal.SIGKILL
    assert info.value.exit_code == 129 and signal_name(info.value.signum) == "SIGHUP"


def test_publishing_runs_whole_before_a_stop_or_not_at_all() -> None:
    stopper = Stopper()
    with stopper.committing():
        pass
    assert stopper.published
    stopped = Stopper()
    stopped.request(signal.SIGTERM)
    ran = []
    with pytest.raises(StopRequested), stopped.committing():
        ran.append(True)
    assert ran == [] and not stopped.published and stopped.phase == "publishing"


def test_callbacks_run_on_a_stop_and_checks_see_it() -> None:
    stopper = Stopper()
    called: list[str] = []
    with stopper.on_stop(lambda: called.append("cancel")):
        stopper.check("running the notebooks")
        stopper.request(signal.SIGINT)
        with pytest.raises(StopRequested):
            stopper.check()
    assert called == ["cancel"] and stopper.phase == "running the notebooks"


def _raise_later(signum: int, after: float = 0.2) -> None:
    threading.Timer(after, os.kill, (os.getpid(), signum)).start()


def test_a_signal_stops_the_work_in_its_thread_and_handlers_are_restored() -> None:
    stopper = Stopper()
    before = {s: signal.getsignal(s) for s in STOP_SIGNALS}
    stderr = os.fstat(2)

    def work() -> None:
        _raise_later(signal.SIGTERM)
        while True:
            stopper.check("running the notebooks")
            time.sleep(0.01)

    with pytest.raises(StopRequested) as info:
        run_stoppable(work, stopper)
    assert info.value.exit_code == 143 and stopper.phase == "running the notebooks"
    assert {s: signal.getsignal(s) for s in STOP_SIGNALS} == before
    assert os.fstat(2).st_ino == stderr.st_ino  # stderr is back for the one line


def test_without_a_signal_the_work_returns_or_raises_as_usual() -> None:
    assert run_stoppable(lambda: 42, Stopper()) == 42
    with pytest.raises(ValueError, match="bad"):
        run_stoppable(lambda: (_ for _ in ()).throw(ValueError("bad")), Stopper())


def test_processes_the_work_starts_do_not_receive_the_signals() -> None:
    """They inherit the worker's mask: a Ctrl-C to the process group reaches the report's
    main thread alone, which ends them itself."""
    code = "import signal; print(sorted(int(s) for s in signal.pthread_sigmask(0, [])))"

    def work() -> str:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True).stdout.strip()

    assert run_stoppable(work, Stopper()) == str(sorted(int(s) for s in STOP_SIGNALS))


def test_which_kernels_is_decided_in_one_place(monkeypatch: pytest.MonkeyPatch) -> None:
    assert kernel_mode("dask", fresh_kernels=True) == "reused"
    assert kernel_mode("local", fresh_kernels=True) == "fresh"
    assert kernel_mode("local", fresh_kernels=False) == "forked"
    monkeypatch.setenv("DPRK_TROOPS_FORK", "off")
    assert kernel_mode("local", fresh_kernels=False) == "reused"
