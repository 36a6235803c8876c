"""Runs are handed to the kernels longest first, using the last report's durations."""

from __future__ import annotations

import json
from pathlib import Path

from dprk_troops.reporting.manifest import previous_durations
from dprk_troops.reporting.scenarios import Run
from dprk_troops.reporting.schedule import longest_first

RUNS = [Run("01_cost_vs_revenue", "base", {}), Run("02_troop_comparisons", "base", {}),
        Run("03_south_korea_options", "base", {}), Run("03_south_korea_options", "low", {})]


def test_longest_first_uses_each_runs_last_duration() -> None:
    durations = {("01_cost_vs_revenue", "base"): 1.0, ("02_troop_comparisons", "base"): 1.1,
                 ("03_south_korea_options", "base"): 1.9, ("03_south_korea_options", "low"): 1.6}
    assert longest_first(RUNS, durations) == [2, 3, 1, 0]


def test_unknown_runs_go_first_and_a_notebooks_mean_stands_in_for_a_new_scenario() -> None:
    durations = {("01_cost_vs_revenue", "base"): 1.0, ("03_south_korea_options", "base"): 1.9}
    # 02 has no history at all: first; 03 x low takes 03's mean (1.9).
    assert longest_first(RUNS, durations) == [1, 2, 3, 0]
    assert longest_first(RUNS, {}) == [0, 1, 2, 3]  # no history: the planned order


def test_previous_durations_reads_ok_runs_and_shrugs_at_a_bad_manifest(tmp_path: Path) -> None:
    assert previous_durations(tmp_path) == {}
    (tmp_path / "manifest.json").write_text(json.dumps({"runs": [
        {"notebook": "01_cost_vs_revenue", "scenario": "base", "status": "ok", "duration_s": 1.5},
        {"notebook": "02_troop_comparisons", "scenario": "base", "status": "failed",
         "duration_s": 0.1}]}), encoding="utf-8")
    assert previous_durations(tmp_path) == {("01_cost_vs_revenue", "base"): 1.5}
    for broken in ("{not json", '["runs"]', '{"runs": ["x"]}', '{"runs": [{"status": "ok"}]}'):
        (tmp_path / "manifest.json").write_text(broken, encoding="utf-8")
        assert previous_durations(tmp_path) == {}, broken


def test_checking_a_plan_does_not_load_pandas() -> None:
    """Everything `report` validates before the kernels start stays light: pandas (0.2 s to
    import) waits for the kernels, which need it anyway."""
    import subprocess
    import sys

    code = ("import sys; from dprk_troops.reporting.scenarios import plan; plan([], [], {}); "
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
