"""--executor dask on a LocalCluster: the same results as the local executor, and a worker
killed mid-run does not corrupt the report (its run is retried once)."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import run_cli

pytestmark = pytest.mark.slow
EXE = str(Path(sys.executable).with_name("dprk-troops"))


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """One LocalCluster for the module: two worker processes, a run retried once."""
    import dask
    import distributed
    from dprk_troops.reporting.executors import ALLOWED_FAILURES

    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                     dashboard_address=None, silence_logs=50) as local, \
            distributed.Client(local) as client:
        yield client


def _rows(out: Path, scenario: str) -> list[dict[str, str]]:
    rows = [r for r in csv.DictReader((out / "summary.csv").open())
            if r["scenario"] == scenario]
    # Without the durations, and without the columns of notebooks not in this report.
    return sorted(({k: v for k, v in r.items() if k != "duration_s" and v} for r in rows),
                  key=lambda r: r["notebook"])


def test_dask_gives_the_local_executors_summary_and_pages(full_report: Path, tmp_path: Path,
                                                          cluster: Any) -> None:
    run = run_cli("report", "--out", tmp_path, "--scenario", "base", "--executor", "dask",
                  "--scheduler", cluster.scheduler.address, "--no-cache", timeout=300)
    assert run.returncode == 0, run.stderr
    assert _rows(tmp_path, "base") == _rows(full_report, "base")
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["executor"] == "dask"
    assert manifest["cache"] == {"used": False, "hits": 0, "executed": 3}  # --no-cache
    for page in full_report.glob("runs/base/*.*"):  # identical: timings are not on them
        assert (tmp_path / page.relative_to(full_report)).read_bytes() == page.read_bytes()


def _kill_tree(pid: int) -> None:
    import psutil

    proc = psutil.Process(pid)
    for child in proc.children(recursive=True):  # the run's kernel
        child.kill()
    proc.send_signal(signal.SIGKILL)


def test_a_killed_worker_is_retried_and_corrupts_nothing(full_report: Path, tmp_path: Path,
                                                         cluster: Any) -> None:
    pids = cluster.run(os.getpid)
    proc = subprocess.Popen([EXE, "report", "--out", str(tmp_path), "--scenario", "low",
                             "--notebook", "01", "--notebook", "02", "--executor", "dask",
                             "--scheduler", cluster.scheduler.address, "--no-cache"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    killed = None
    deadline = time.time() + 120
    while killed is None and time.time() < deadline and proc.poll() is None:
        busy = [w for w, tasks in cluster.processing().items()
                if any(str(t).startswith("dprk-run-") for t in tasks)]
        if busy:
            time.sleep(1.0)  # well into the run: its kernel is executing cells
            killed = busy[0]
            _kill_tree(pids[killed])
        time.sleep(0.05)
    assert killed is not None, "no run was seen on a worker"
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert [r["status"] for r in manifest["runs"]] == ["ok", "ok"]
    assert _rows(tmp_path, "low") == [r for r in _rows(full_report, "low")
                                      if r["notebook"] != "03_south_korea_options"]
