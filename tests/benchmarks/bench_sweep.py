"""Benchmark how a sweep scales: the cost per run of 1, 10 and 100 runs of notebook 01.

Usage: .venv/bin/python tests/benchmarks/bench_sweep.py [--sizes 1,10,100] [--jobs N]

For each size, a grid sweep over `troops` (N values from 1,500 to 13,000) runs four ways,
side by side in one process of this script: the local executor cold (``--no-cache``: every
run executed) and cached (the same report again: every run from the run cache), then
``--executor dask`` on a LocalCluster (started by the report, ``--jobs`` workers) cold and
cached. Each figure is one wall-clock run of ``dprk-troops report``, process start included;
the Markdown table is for the README.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def troops_values(n: int) -> str:
    if n == 1:
        return "10000"
    return ",".join(str(round(1500 + i * (13000 - 1500) / (n - 1))) for i in range(n))


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([str(BIN / "dprk-troops"), "report", *args], check=True,
                   capture_output=True, cwd=ROOT, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in (int(x) for x in args.sizes.split(",")):
            sweep = ["--notebook", "01", "--sweep", f"troops={troops_values(n)}",
                     "--jobs", str(args.jobs), "--out", str(folder / f"out-{n}")]
            row = {"n": n}
            for executor in ("local", "dask"):
                env = {**os.environ,
                       "DPRK_TROOPS_RUN_CACHE": str(folder / f"cache-{executor}-{n}")}
                extra = ["--executor", executor]
                row[f"{executor} cold"] = timed([*sweep, *extra, "--no-cache"], env)
                row[f"{executor} cached"] = timed([*sweep, *extra], env)
            rows.append(row)
            print(row, file=sys.stderr, flush=True)
    cols = ["local cold", "local cached", "dask cold", "dask cached"]
    print(f"{os.cpu_count()} cores, --jobs {args.jobs}; total wall time, and per run\n")
    print("| runs | " + " | ".join(cols) + " |\n|---|" + "---|" * len(cols))
    for row in rows:
        cells = [f"{row[c]:.1f} s ({row[c] / row['n']:.2f} s/run)" for c in cols]
        print(f"| {row['n']} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
