"""Benchmark the notebooks: import cost, kernel start, papermill runs, widget updates, Monte Carlo.

Usage: .venv/bin/python tests/benchmarks/bench_notebooks.py [--repeat N]

Not a test (no pass or fail): it prints a Markdown table for the README. Each papermill
run is a fresh process, timed wall-clock, round-robin with a one-cell empty notebook in
the same environment, taking the median of N runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def wall(cmd: list[str], repeat: int) -> float:
    """Median wall time of a command, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved(cmds: dict[str, list[str]], repeat: int) -> dict[str, float]:
    """Median wall time of each command, run round-robin so that drift in the machine's
    speed hits every command alike (the ratios compare runs made side by side)."""
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(repeat):
        for name, cmd in cmds.items():
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def in_process(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm up: imports, caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def one_cell_notebook(folder: Path, name: str, code: str) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(code))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


#: The floor any notebook of ours stands on: import pandas and altair, show one chart.
TRIVIAL_ALTAIR = ("import pandas as pd, altair as alt\n"
                  "alt.Chart(pd.DataFrame({'a': [1, 2]})).mark_point().encode(x='a:Q')")


def kernel_start(repeat: int) -> float:
    from jupyter_client.manager import start_new_kernel

    def once() -> None:
        km, kc = start_new_kernel(kernel_name="python3")
        kc.stop_channels()
        km.shutdown_kernel(now=True)

    return in_process(once, repeat)


def widget_updates(repeat: int) -> dict[str, float]:
    from dprk_troops.factbase.facts import load_facts, load_options
    from dprk_troops.factbase.scores import read_option_scores
    from dprk_troops.present import display, views
    from dprk_troops.workbook import NOTEBOOK_PARAMS, check_params

    facts = load_facts()

    def params(stem: str) -> dict:
        return check_params(stem, **{p.name: p.default for p in NOTEBOOK_PARAMS[stem]})

    u1 = views.cost_revenue_update(facts, params("01_cost_vs_revenue"))
    u2 = views.comparisons_update(facts)
    scores = read_option_scores()
    labels = dict(zip(load_options()["option_id"], load_options()["label"], strict=True))
    u3 = views.options_update(scores, labels, ["x"])
    counter = iter(range(10**9))

    def run(update: Callable[..., tuple], **kw: object) -> None:
        _rows, chart = update(**kw)
        display.live_bundle(chart)

    return {
        "01_cost_vs_revenue": in_process(lambda: run(u1, troops=5000 + next(counter)), repeat),
        "02_troop_comparisons": in_process(lambda: run(
            u2, troops=5000 + next(counter), russian_losses_per_day=1200.0,
            reference="dprk_army_size", scale="log"), repeat),
        "03_south_korea_options": in_process(lambda: run(
            u3, method="weighted_sum", **{**scores.default_weights,
                                          "deterrence": (next(counter) % 20) / 20}), repeat),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    py = str(BIN / "python")
    papermill = str(BIN / "papermill")

    rows: list[tuple[str, str]] = []
    bare = wall([py, "-c", "pass"], 5)
    lib = wall([py, "-c", "import dprk_troops"], 5)
    nb_imports = wall([py, "-c", ("from dprk_troops import charts, views; "
                                 "from dprk_troops.factbase.facts import load_facts; "
                                 "import dprk_troops.present.widgets, ipywidgets, altair; "
                                 "load_facts()")], 5)
    rows.append(("`import dprk_troops` (process, minus bare Python)", f"{(lib - bare)*1000:.0f} ms"))
    rows.append(("notebook imports + load_facts (process, minus bare Python)",
                 f"{(nb_imports - bare):.2f} s"))
    rows.append(("kernel start (python3, to ready)", f"{kernel_start(args.repeat):.2f} s"))

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cmds = {name: [papermill, str(one_cell_notebook(folder, name, code)),
                       str(folder / "o.ipynb"), "--log-level", "ERROR"]
                for name, code in (("empty", "pass"), ("trivial", TRIVIAL_ALTAIR))}
        for nb in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
            cmds[nb.stem] = [papermill, str(nb), str(folder / "o.ipynb"), "--log-level", "ERROR"]
        runs = interleaved(cmds, args.repeat)
        empty, trivial = runs.pop("empty"), runs.pop("trivial")
        rows.append(("papermill, one-cell empty notebook", f"{empty:.2f} s"))
        rows.append(("papermill, trivial pandas + altair notebook (one chart)",
                     f"{trivial:.2f} s = {trivial / empty:.2f}x empty"))
        for stem, t in runs.items():
            rows.append((f"papermill, {stem} (defaults)", f"{t:.2f} s = {t / empty:.2f}x empty"))

    for stem, t in widget_updates(20).items():
        rows.append((f"widget change, {stem} (recompute + chart spec)", f"{t * 1000:.1f} ms"))

    from dprk_troops.factbase.scores import read_option_scores
    from dprk_troops.models import options as mcda
    from dprk_troops.models import revenue

    point = {"troops": 10_000, "months": 12, "regime_share": 1.0,
             "casualty_rate_per_month": 0.06, "pay_usd_per_soldier_month": 2000}
    ranges = {"troops": [1500, 13_000], "months": [6, 24], "regime_share": [0.5, 1.0],
              "casualty_rate_per_month": [0.01, 0.06]}
    mc = in_process(lambda: revenue.simulate(point, ranges, (2000, 2000), 100_000, 42), 5)
    rows.append(("Monte Carlo, 100,000 draws", f"{mc * 1000:.0f} ms"))
    s = read_option_scores()
    draws = in_process(lambda: mcda.random_weight_ranks(s.matrix(), s.directions, 10_000), 5)
    rows.append(("random weights, 10,000 draws (weighted sum)", f"{draws * 1000:.0f} ms"))

    print("| measure | time |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
