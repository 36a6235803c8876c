"""Benchmark `dprk-troops explore` against papermill, and how it scales.

Usage: .venv/bin/python tests/benchmarks/bench_explore.py [--sizes 128,1024,16384,131072]

In one run of this script:
1. one papermill run of notebook 01 at its defaults (the `papermill` command: kernel
   start, imports, every cell), wall clock;
2. the whole `dprk-troops explore 01` command (process start, imports, the fact base,
   SALib, the page's chart included) with a Sobol' design over troops, months and
   regime_share for each N of ``--sizes`` (10 N evaluations: the design of 2N with
   D + 2 = 5 evaluations per sample), wall clock and peak memory (the child's max RSS);
3. the ratio: papermill's one run against the explorer's 10,240 evaluations (N = 1024),
   and the cost per evaluation at each size: of the whole command, and of the
   exploration itself (sampling, evaluation, samples.csv, the indices; the time the
   command reports, start-up excluded), and of each evaluation added since the size before
   (what the fixed costs leave: it should stay flat).

Prints a Markdown table for the README. Timings are of a shared machine: run it alone.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
RANGES = ["--range", "troops=1500..13000", "--range", "months=6..24",
          "--range", "regime_share=0.5..1"]


def timed(cmd: list[str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB, stderr) of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err}")
    return wall, usage.ru_maxrss / 1024, err


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="128,1024,16384,131072",
                        help="Sobol' N for each size (powers of 2; 10 N evaluations)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paper, paper_mb, _ = timed([str(BIN / "papermill"), "--log-level", "ERROR",
                                    "notebooks/01_cost_vs_revenue.ipynb",
                                    str(folder / "out.ipynb")])
        print(f"papermill, one run of notebook 01: {paper:.2f} s ({paper_mb:.0f} MB)",
              file=sys.stderr, flush=True)
        for n in (int(x) for x in args.sizes.split(",")):
            wall, mb, err = timed([str(BIN / "dprk-troops"), "explore", "01", *RANGES,
                                   "--samples", str(n), "--method", "sobol",
                                   "--out", str(folder / f"explore-{n}")])
            found = re.search(r"([\d,]+) evaluations in ([\d.]+) s", err)
            if found is None:
                raise SystemExit(f"no timing in the command's output:\n{err}")
            evals, inner = int(found[1].replace(",", "")), float(found[2])
            csv_mb = (folder / f"explore-{n}" / "samples.csv").stat().st_size / 1e6
            rows.append((n, evals, wall, inner, mb, csv_mb))
            print(f"N = {n}: {evals:,} evaluations, {wall:.2f} s wall, {inner:.2f} s "
                  f"exploring, {mb:.0f} MB peak", file=sys.stderr, flush=True)
    ten_k = next((r for r in rows if r[0] == 1024), rows[0])
    print(f"\nOne papermill run of notebook 01: {paper:.2f} s. The whole `dprk-troops "
          f"explore` command, {ten_k[1]:,} evaluations: {ten_k[2]:.2f} s, "
          f"{paper / ten_k[2]:.1f}x faster than that one run; per evaluation "
          f"{paper / (ten_k[2] / ten_k[1]):,.0f}x.\n")
    print("| evaluations | whole command | per evaluation | exploring (no start-up) | "
          "per evaluation | each added evaluation | peak memory | samples.csv |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    previous = None
    for _, evals, wall, inner, mb, csv_mb in rows:
        # The cost of one more evaluation: the time added since the size before, over the
        # evaluations added (the fixed costs, imports and the page, cancel out).
        added = ("" if previous is None else
                 f"{(inner - previous[1]) / (evals - previous[0]) * 1e6:,.1f} µs")
        print(f"| {evals:,} | {wall:.2f} s | {wall / evals * 1e6:,.1f} µs | {inner:.2f} s | "
              f"{inner / evals * 1e6:,.1f} µs | {added} | {mb:,.0f} MB | {csv_mb:,.1f} MB |")
        previous = (evals, inner)


if __name__ == "__main__":
    main()
