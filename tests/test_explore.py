"""The explorer against the notebooks themselves: 20 random points of notebook 01 run under
papermill (the report engine, kernels forked from a warm process) record exactly the
numbers the explorer computes in-process; Dask writes the same samples.csv byte for byte;
the report shows its declared exploration."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from dprk_troops.explore.evaluation import evaluate_design
from dprk_troops.explore.model import Factor, notebook_model
from dprk_troops.explore.sampling import design
from dprk_troops.factbase.facts import load_facts

pytestmark = pytest.mark.slow

STEM = "01_cost_vs_revenue"
#: Every number of notebook 01 a point can move; whole numbers are floored as explored.
FACTORS = [Factor("troops", 1500, 13000, True), Factor("months", 1, 36, True),
           Factor("regime_share", 0.3, 1.0), Factor("pay_usd_per_soldier_month", 1000, 3000),
           Factor("casualty_rate_per_month", 0.01, 0.12),
           Factor("labour_value_usd_per_soldier_month", 0, 500)]


def _run_under_papermill(runs: list, folder: Path) -> list:
    """The runs executed by the report engine (papermill's parameters, nbclient, a kernel
    per run forked from a warm process), their recorded results read; no pages written."""
    import asyncio
    import concurrent.futures
    import os

    from dprk_troops import paths
    from dprk_troops.present.results import read_results_from
    from dprk_troops.reporting.schedule import run_batch

    def finish(r, nb) -> None:
        r.results = read_results_from(nb)

    async def batch() -> list:
        return await run_batch(
            runs, range(len(runs)), nb_dir=paths.NOTEBOOKS_DIR, jobs=2, timeout=120,
            mode="forked", env={**os.environ, "DPRK_TROOPS_CHART_OUTPUT": "vega-lite"},
            kernel_log=folder / "kernels.log", warm_parent=asyncio.sleep(0), finish=finish,
            log=lambda r, n: None)

    # In a thread of its own: the session's playwright keeps an event loop in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, batch()).result()


def test_twenty_random_points_record_exactly_the_in_process_numbers(tmp_path: Path) -> None:
    from dprk_troops.reporting.scenarios import Run

    facts = load_facts()
    x = design("lhs", FACTORS, 10, seed=2024).x  # 20 points, drawn by the explorer
    columns = {f.name: f.values(x[:, j]) for j, f in enumerate(FACTORS)}
    runs, expected = [], {}
    for half, schedule in ((slice(0, 10), "reported"), (slice(10, 20), "constant")):
        model = notebook_model(STEM, facts, {"troop_schedule": schedule},
                               {f.name: f for f in FACTORS}, with_mc=True)
        values = evaluate_design(model, FACTORS, x[half], io.StringIO(), chunk_rows=4)
        for i in range(half.stop - half.start):
            name = f"point-{half.start + i:02d}"
            params = {f.name: (int(columns[f.name][half][i]) if f.integer
                               else float(columns[f.name][half][i])) for f in FACTORS}
            runs.append(Run(STEM, name, {**params, "troop_schedule": schedule}))
            expected[name] = {o: float(values[o][i]) for o in values}
    results = _run_under_papermill(runs, tmp_path)
    assert [r.status for r in results] == ["ok"] * 20, [r.error for r in results]
    assert len(expected["point-00"]) == 13  # every numeric result, the Monte Carlo's too
    for r in results:
        recorded = {k: r.results[k] for k in expected[r.scenario]}
        assert recorded == expected[r.scenario], r.scenario  # exactly, not approximately


def test_dask_writes_the_same_samples_byte_for_byte(tmp_path: Path) -> None:
    from dprk_troops.explore.exploration import explore

    facts = load_facts()
    factors = FACTORS[:3]
    model = notebook_model(STEM, facts, {}, {f.name: f for f in factors})
    local = explore(model, factors, "sobol", 64, tmp_path / "local", chunk_rows=100,
                    page=False)
    dask = explore(model, factors, "sobol", 64, tmp_path / "dask", chunk_rows=100,
                   executor="dask", n_workers=2, page=False)
    assert local.evaluations == dask.evaluations == 640  # 7 chunks
    for name in ("samples.csv", "indices.csv"):
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes()


def test_the_report_runs_its_declared_exploration_onto_the_index(full_report: Path) -> None:
    index = (full_report / "index.html").read_text()
    block = index[index.index('id="explorations"'):index.index("<h2>Data</h2>")]
    assert 'href="explorations/revenue-drivers/index.html"' in block
    assert "Cash revenue over the deployment: driven most by soldiers the deployment grows to" in block
    folder = full_report / "explorations" / "revenue-drivers"
    assert sorted(p.name for p in folder.iterdir()) == ["index.html", "indices.csv",
                                                       "samples.csv"]
    assert len((folder / "samples.csv").read_text().splitlines()) == 10_241
