"""Sweeps: grids and Latin-hypercube samples expand to named, checked runs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from dprk_troops import paths
from dprk_troops.errors import DprkTroopsError
from dprk_troops.reporting.scenarios import load_sweeps, plan
from dprk_troops.reporting.sweeps import (
    cli_sweep,
    expand,
    latin_hypercube,
    parse_sweep,
    sensitivity,
    sweep_from_yaml,
)


def test_a_grid_expands_to_every_combination_in_order() -> None:
    sweep = cli_sweep(["troops=1500,5000,10000,13000", "months=6,12,24"], ["01"], None)
    points = expand(sweep)
    assert len(points) == 12
    assert points[0] == ("sweep--troops=1500,months=6", {"troops": 1500, "months": 6})
    assert points[-1][0] == "sweep--troops=13000,months=24"
    assert len({name for name, _ in points}) == 12


def test_the_latin_hypercube_fills_every_stratum_and_repeats_itself() -> None:
    points = latin_hypercube(20, 3, seed=7)
    assert points == latin_hypercube(20, 3, seed=7) != latin_hypercube(20, 3, seed=8)
    for d in range(3):
        assert sorted(int(p[d] * 20) for p in points) == list(range(20))


def test_samples_respect_the_ranges_and_the_types() -> None:
    sweep = cli_sweep(["troops=1500..13000", "regime_share=0.5..1"], ["01"], 30, seed=3)
    points = [p for _, p in expand(sweep)]
    assert len(points) == 30
    assert all(isinstance(p["troops"], int) and 1500 <= p["troops"] <= 13000 for p in points)
    assert all(isinstance(p["regime_share"], float) and 0.5 <= p["regime_share"] <= 1
               for p in points)
    assert expand(sweep)[0][0] == "sweep--000"


def test_a_sweep_plans_checked_runs_with_its_fixed_parameters() -> None:
    sweep = sweep_from_yaml("s", {"notebooks": ["01"], "parameters": {"troop_schedule":
                                                                       "constant"},
                                  "grid": {"troops": [1500, 13000]}}, "reports.yaml")
    runs = plan(sweeps=[sweep], with_scenarios=False)
    assert [(r.scenario, dict(r.parameters), r.sweep) for r in runs] == [
        ("s--troops=1500", {"troop_schedule": "constant", "troops": 1500}, "s"),
        ("s--troops=13000", {"troop_schedule": "constant", "troops": 13000}, "s")]
    assert len(plan(["base"], sweeps=[sweep])) == 3 + 2


def test_without_notebooks_a_sweep_takes_those_that_have_its_parameters() -> None:
    assert cli_sweep(["troops=1,2"], [], None).notebooks == ("01_cost_vs_revenue",
                                                             "02_troop_comparisons")
    assert cli_sweep(["months=6,12"], [], None).notebooks == ("01_cost_vs_revenue",)


@pytest.mark.parametrize(("pairs", "notebooks", "samples", "message"), [
    (["troops"], ["01"], None, "expected NAME=V1,V2,... or NAME=LOW..HIGH"),
    (["troops=1..x"], ["01"], 5, "LOW..HIGH must be two numbers"),
    (["troops=1..9"], ["01"], None, "--samples N"),
    (["troops=1,2"], ["01"], 4, "--samples: only for ranges"),
    (["troops=1,2", "months=6..9"], ["01"], 4, "not both"),
    (["months=6,12"], ["02"], None, "notebook 02_troop_comparisons has no parameter 'months'"),
    (["troops=9..1"], ["01"], 3, "expected low < high"),
    (["troop_schedule=1..2"], ["01"], 3, "only numbers can be sampled"),
    (["troops=1..2"], ["01"], 0, "samples: expected a whole number from 1"),
    (["nothing=1,2"], [], None, "no notebook has all of its parameters"),
])
def test_bad_sweeps_are_refused(pairs: list[str], notebooks: list[str], samples: int | None,
                                message: str) -> None:
    with pytest.raises(DprkTroopsError) as exc:
        cli_sweep(pairs, notebooks, samples)
    assert any(message in line for line in exc.value.problems), exc.value.problems


def test_bad_values_are_refused_before_any_run_like_any_parameter() -> None:
    sweep = cli_sweep(["troops=1500,-5", "regime_share=0.5,1.5"], ["01"], None)
    with pytest.raises(DprkTroopsError) as exc:
        plan(sweeps=[sweep], with_scenarios=False)
    text = "\n".join(exc.value.problems)
    assert "sweep--troops=-5,regime_share=0.5" in text and "parameter troops" in text
    assert "parameter regime_share: expected a number from 0 to 1" in text


def test_values_are_read_as_yaml() -> None:
    assert parse_sweep("scale=log,linear") == ("scale", ("log", "linear"), False)
    assert parse_sweep("months=6,12") == ("months", (6, 12), False)
    assert parse_sweep("regime_share=0.5..1") == ("regime_share", (0.5, 1.0), True)


def test_the_reports_file_declares_a_grid_and_a_sample() -> None:
    sweeps = load_sweeps()
    assert sweeps["size-and-length"].kind == "grid"
    assert len(expand(sweeps["size-and-length"])) == 12
    assert len(expand(sweeps["revenue-uncertainty"])) == sweeps["revenue-uncertainty"].samples
    for sweep in sweeps.values():
        plan(sweeps=[sweep], with_scenarios=False)  # every run's parameters are valid


def test_a_broken_sweep_in_the_reports_file_names_it(tmp_path: Path) -> None:
    data = yaml.safe_load((paths.PROJ_ROOT / "reports.yaml").read_text())
    data["sweeps"] = {"bad": {"grid": {"troops": 5}}}
    path = tmp_path / "reports.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(DprkTroopsError, match="sweep bad: grid: troops: expected a list"):
        load_sweeps(path)


def test_sensitivity_ranks_the_parameter_that_moves_the_result_most() -> None:
    points = [{"a": a, "b": b} for a in (1, 2, 3) for b in (1, 2, 3)]
    values = [10 * p["a"] + p["b"] for p in points]
    rows = sensitivity(points, values, ["b", "a"])
    assert [r["parameter"] for r in rows] == ["a", "b"]
    assert rows[0]["low_mean"] == pytest.approx(12) and rows[0]["high_mean"] == pytest.approx(32)
    assert rows[0]["swing"] == pytest.approx(20)
