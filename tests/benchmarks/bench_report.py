"""Benchmark `dprk-troops report` against the naive route a user would take by hand.

Usage: .venv/bin/python tests/benchmarks/bench_report.py [--repeat N] [--scenario base|all]

Our runs are cold (``--no-cache``: every run executed) unless the row says cached (the
same report again, every run from the run cache).

Naive route, per notebook: stock `papermill` (new process, new kernel) with
DPRK_TROOPS_CHART_OUTPUT=svg (so that the page shows its charts), then
`jupyter nbconvert --to html` (another process). Ours: one `dprk-troops report` process for
the whole batch (a kernel per run forked from a warm fork server, runs in parallel, export
and SVG in-process); ``--fresh-kernels`` starts a stock kernel per run instead. Both render
the three notebooks at the same scenario, side by side in one run on the same machine;
each figure is the median of N repetitions. The Vega bundle cache is warmed first (its
one-off cost is reported separately).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def timed(cmds: list[list[str]], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    for cmd in cmds:
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scenario", default="base",
                        help="a scenario of reports.yaml, or 'all' for the full report")
    args = parser.parse_args()
    from dprk_troops.reporting.scenarios import plan

    selected = [] if args.scenario == "all" else [args.scenario]
    runs = plan(selected)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        def naive() -> float:
            cmds = []
            for run in runs:
                out = folder / f"{run.notebook}-{run.scenario}.ipynb"
                params = [x for k, v in run.parameters.items() for x in ("-y", f"{k}: {v!r}")]
                cmds.append([str(BIN / "papermill"),
                             str(ROOT / "notebooks" / f"{run.notebook}.ipynb"),
                             str(out), "--log-level", "ERROR", *params])
                cmds.append([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(out)])
            # SVG charts, as the README tells a user who wants HTML from papermill: stock
            # nbconvert cannot draw the default Vega-Lite outputs, and pages without their
            # charts would not be the same product.
            return timed(cmds, {**os.environ, "DPRK_TROOPS_CHART_OUTPUT": "svg"})

        # A run cache of its own, so that the cached row reads this benchmark's entries.
        env = {**os.environ, "DPRK_TROOPS_RUN_CACHE": str(folder / "run-cache")}

        def ours(*extra: str) -> float:
            pick = [x for name in selected for x in ("--scenario", name)]
            return timed([[str(BIN / "dprk-troops"), "report", *pick,
                           "--out", str(folder / "reports"), *extra]], env)

        cold = ours("--no-cache")  # warms the Vega bundle cache if it is cold
        results = {"naive": [], "ours": [], "fresh": [], "cached": []}
        for _ in range(args.repeat):
            results["naive"].append(naive())
            results["ours"].append(ours("--no-cache"))
            results["fresh"].append(ours("--no-cache", "--fresh-kernels"))
            results["cached"].append(ours())
    med = {k: statistics.median(v) for k, v in results.items()}
    n = len(runs)
    what = "every scenario" if args.scenario == "all" else f"{args.scenario} scenario"
    print(f"{n} runs ({what}), median of {args.repeat}, {os.cpu_count()} cores\n")
    print("| route | total | per run | speed-up |\n|---|---|---|---|")
    print(f"| naive: papermill + jupyter nbconvert, per notebook | {med['naive']:.1f} s | "
          f"{med['naive'] / n:.2f} s | 1.0x |")
    print(f"| dprk-troops report --no-cache (kernels forked) | {med['ours']:.1f} s | "
          f"{med['ours'] / n:.2f} s | {med['naive'] / med['ours']:.1f}x |")
    print(f"| dprk-troops report --no-cache --fresh-kernels | {med['fresh']:.1f} s | "
          f"{med['fresh'] / n:.2f} s | {med['naive'] / med['fresh']:.1f}x |")
    print(f"| dprk-troops report, nothing changed (every run cached) | {med['cached']:.2f} s | "
          f"{med['cached'] / n:.2f} s | {med['naive'] / med['cached']:.0f}x; "
          f"{med['cached'] / med['ours']:.0%} of cold |")
    print(f"\nfirst run in this process (may include building the Vega bundle): {cold:.1f} s")


if __name__ == "__main__":
    main()
