"""The run cache end to end: what re-runs after which edit, and a corrupt entry.

The session's reports share one run cache (``conftest``), filled by the cold full report.
"""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import pytest
import yaml
from dprk_troops import paths
from dprk_troops.reporting.cache import KINDS, default_root
from support import run_cli

pytestmark = pytest.mark.slow


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text())


def _executed(out: Path) -> list[tuple[str, str]]:
    return sorted((r["notebook"], r["scenario"]) for r in _manifest(out)["runs"]
                  if not r["cached"])


def _rows(out: Path) -> list[dict[str, str]]:
    """summary.csv without the durations (a cache entry keeps its run's latest duration,
    and other tests of the session run some of these runs afresh)."""
    return [{k: v for k, v in row.items() if k != "duration_s"}
            for row in csv.DictReader((out / "summary.csv").open())]


def test_nothing_changed_runs_nothing(full_report: Path, tmp_path: Path) -> None:
    """Every run from the cache: no fork server and no kernel start (how long that takes
    is a benchmark's question: tests/benchmarks/bench_report.py)."""
    run = run_cli("report", "--out", tmp_path)
    assert run.returncode == 0, run.stderr
    manifest = _manifest(tmp_path)
    assert all(r["cached"] for r in manifest["runs"]) and len(manifest["runs"]) == 9
    assert manifest["cache"] == {"used": True, "hits": 9, "executed": 0}
    assert manifest["processes"] == {}  # no fork server, no kernel, no cluster
    assert not (tmp_path / "current" / "kernels.log").exists()
    cold = _manifest(full_report)  # a kernel forked for each run it executed
    assert cold["processes"] == {"fork server": 1, "kernel": cold["cache"]["executed"]} != {}
    assert _rows(tmp_path) == _rows(full_report)
    for page in full_report.glob("runs/*/*.*"):
        assert (tmp_path / page.relative_to(full_report)).read_bytes() == page.read_bytes()
    assert "9 of 9 runs ok (9 from the run cache)" in run.stderr


def test_editing_one_fact_reruns_the_notebooks_that_read_the_fact_base(
        full_report: Path, seeds_copy: Path, tmp_path: Path) -> None:
    facts = yaml.safe_load((seeds_copy / "facts.yaml").read_text())
    facts[0]["note"] = (facts[0].get("note") or "") + " (edited)"
    (seeds_copy / "facts.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True))
    run = run_cli("report", "--out", tmp_path, "--seeds", seeds_copy, "--scenario", "base",
                  "--notebook", "01", "--notebook", "02")
    assert run.returncode == 0, run.stderr
    assert _executed(tmp_path) == [("01_cost_vs_revenue", "base"),
                                   ("02_troop_comparisons", "base")]


def test_editing_one_scenario_reruns_only_its_runs(full_report: Path, tmp_path: Path) -> None:
    """low's troops for notebook 02 change: that run alone re-runs. high's description
    changes: its pages are exported again from the cached notebooks, nothing runs."""
    data = yaml.safe_load((paths.PROJ_ROOT / "reports.yaml").read_text())
    data["scenarios"]["low"]["parameters"]["02_troop_comparisons"]["troops"] = 1600
    data["scenarios"]["high"]["description"] = "An edited description of high."
    reports_file = tmp_path / "reports.yaml"
    reports_file.write_text(yaml.safe_dump(data, allow_unicode=True))
    out = tmp_path / "out"
    run = run_cli("report", "--out", out, "--reports-file", reports_file)
    assert run.returncode == 0, run.stderr
    assert _executed(out) == [("02_troop_comparisons", "low")]
    for page in (out / "runs" / "high").glob("*.html"):
        assert "An edited description of high." in page.read_text()
    before = {(r["notebook"], r["scenario"]): r for r in _rows(full_report)}
    for row in _rows(out):
        if (row["notebook"], row["scenario"]) != ("02_troop_comparisons", "low"):
            assert row == before[(row["notebook"], row["scenario"])]


def test_a_corrupt_entry_is_run_again_never_published(full_report: Path,
                                                      tmp_path: Path) -> None:
    out = tmp_path / "out"
    key = next(r["cache_key"] for r in _manifest(full_report)["runs"]
               if (r["notebook"], r["scenario"]) == ("02_troop_comparisons", "base"))
    entry = default_root() / "runs" / key
    assert (entry / "notebook.ipynb").is_file()
    (entry / "notebook.ipynb").write_text('{"cells": []}')  # a valid JSON, the wrong bytes
    run = run_cli("report", "--out", out, "--scenario", "base", "--notebook", "02")
    assert run.returncode == 0, run.stderr
    assert _executed(out) == [("02_troop_comparisons", "base")]
    published = (out / "runs" / "base" / "02_troop_comparisons.ipynb").read_bytes()
    assert published == (full_report / "runs" / "base" / "02_troop_comparisons.ipynb"
                         ).read_bytes()
    assert (entry / "notebook.ipynb").read_bytes() == published  # the entry is whole again


def test_eviction_keeps_what_the_report_used(full_report: Path, tmp_path: Path) -> None:
    """With no room at all (0 MB), a cached report still finds all its runs, and after it
    the cache holds exactly what it used: its runs, pages and index charts. The entries of
    other reports (the session's sweep, other seeds) and a stale planted one are gone."""
    import os
    import shutil

    store = tmp_path / "cache"
    shutil.copytree(default_root(), store, ignore=shutil.ignore_patterns(".tmp-*"))
    stale = store / "runs" / ("0" * 64)
    shutil.copytree(next(p for p in (store / "runs").iterdir()), stale)
    os.utime(stale, (time.time() - 90 * 86400,) * 2)
    before = {p.name for kind in KINDS for p in (store / kind).iterdir()}
    env = {"DPRK_TROOPS_RUN_CACHE_MB": "0"}
    run = run_cli("report", "--out", tmp_path / "out", "--cache-dir", store, env=env)
    assert run.returncode == 0, run.stderr
    manifest = _manifest(tmp_path / "out")
    assert manifest["cache"]["hits"] == 9
    runs = {r["cache_key"] for r in manifest["runs"]}
    kept = {kind: {p.name for p in (store / kind).iterdir()} for kind in KINDS}
    assert kept["runs"] == runs and len(kept["pages"]) == 9 and kept["charts"]
    assert stale.name in before and not stale.exists()
    assert len(before) > sum(map(len, kept.values()))
    again = run_cli("report", "--out", tmp_path / "out", "--cache-dir", store, env=env)
    assert again.returncode == 0, again.stderr
    assert _manifest(tmp_path / "out")["cache"]["hits"] == 9
    assert {kind: {p.name for p in (store / kind).iterdir()} for kind in kept} == kept
