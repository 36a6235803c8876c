"""The notebooks, as stock papermill and jupytext see them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import papermill
import pytest
from dprk_troops.execute import notebook_paths
from dprk_troops.present.results import read_results
from dprk_troops.workbook import NOTEBOOK_PARAMS
from support import run_cli

NOTEBOOKS = notebook_paths()
PAPERMILL = str(Path(sys.executable).with_name("papermill"))


def test_there_is_one_notebook_per_parameter_spec() -> None:
    assert [p.stem for p in NOTEBOOKS] == sorted(NOTEBOOK_PARAMS)


def test_the_registry_lists_every_notebook_on_disk() -> None:
    on_disk = sorted(p.stem for p in NOTEBOOKS[0].parent.glob("[0-9][0-9]_*.ipynb"))
    assert on_disk == [p.stem for p in NOTEBOOKS]
    assert all(p.exists() and p.with_suffix(".py").exists() for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameters_cell_matches_the_spec(path: Path) -> None:
    found = papermill.inspect_notebook(str(path))
    spec = NOTEBOOK_PARAMS[path.stem]
    assert list(found) == [p.name for p in spec]
    for p in spec:
        assert eval(found[p.name]["default"]) == p.default, p.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_uses_the_python3_kernel_and_its_twin_is_in_sync(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.kernelspec.name == "python3"
    twin = jupytext.read(path.with_suffix(".py"))
    assert [c.source for c in nb.cells] == [c.source for c in twin.cells], \
        f"{path.name} and its .py differ: run `make notebooks`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_outputs_have_no_errors_or_volatile_metadata(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert "widgets" not in nb.metadata
    for cell in nb.cells:
        assert "execution" not in cell.metadata
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error"
            assert out.get("name") != "stderr", out.get("text")


def _papermill(nb: str, out: Path, *args: str, env: dict[str, str] | None = None
               ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PAPERMILL, str(Path("notebooks") / f"{nb}.ipynb"), str(out),
                           "--log-level", "ERROR", *args], capture_output=True, text=True,
                          timeout=300, check=False, cwd=Path(__file__).parents[1],
                          env={**os.environ, **(env or {})})


@pytest.mark.slow
def test_a_corrected_fact_moves_the_default_and_the_headline(tmp_path: Path,
                                                             seeds_copy: Path) -> None:
    """The pay is a fact: correct it in a copy of the fact base and the notebook's default,
    its parameters table and its headline follow, with no parameter given."""
    import yaml
    from dprk_troops.factbase.facts import load_facts
    from dprk_troops.present.results import PARAMETERS_MIME
    from dprk_troops.workbook import definition

    facts_file = seeds_copy / "facts.yaml"
    rows = yaml.safe_load(facts_file.read_text(encoding="utf-8"))
    for row in rows:
        if row["fact_id"] in ("nos1_pay_2000", "bnr_pay_2000"):
            row.update(value=2500, low=2500, high=2500)
    facts_file.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
    nb = definition("01")
    facts = load_facts(seeds_copy)
    run = nb.resolve(facts, {})
    assert run.values["pay_usd_per_soldier_month"] == 2500
    assert set(run.basis["pay_usd_per_soldier_month"].fact_ids) == {"nos1_pay_2000",
                                                                   "bnr_pay_2000"}
    assert nb.evaluate(facts, run.values)["cash_revenue_usd"] == 278_000_000 * 1.25
    out = tmp_path / "out.ipynb"
    ran = _papermill("01_cost_vs_revenue", out, env={"DPRK_TROOPS_SEEDS": str(seeds_copy)})
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert read_results(out)["cash_revenue_usd"] == 278_000_000 * 1.25
    shown = next(o["data"][PARAMETERS_MIME] for c in nbformat.read(out, as_version=4).cells
                 for o in c.get("outputs", []) if PARAMETERS_MIME in o.get("data", {}))
    pay = next(r for r in shown if r["name"] == "pay_usd_per_soldier_month")
    assert pay["value"] == "$2,500 per soldier per month"
    assert pay["basis"].startswith("From the sources:") and "NOS" in pay["basis"]


@pytest.mark.slow
def test_papermill_cost_vs_revenue_with_custom_parameters(tmp_path: Path) -> None:
    out = tmp_path / "out.ipynb"
    run = _papermill("01_cost_vs_revenue", out, "-p", "troops", "10000", "-p",
                     "pay_usd_per_soldier_month", "2000", "-p", "months", "24", "-p",
                     "regime_share", "0.37", "-p", "troop_schedule", "constant")
    assert run.returncode == 0, run.stderr[-2000:]
    cli = run_cli("results", out)
    results = json.loads(cli.stdout)
    assert results["cash_revenue_usd"] == 10000 * 2000.0 * 24 * 0.37  # exactly
    assert results["cash_revenue_usd"] == results["cash_revenue_usd_constant"]
    assert results["cash_revenue_usd_per_year"] == pytest.approx(10000 * 2000.0 * 12 * 0.37)
    assert results["mc_p5_usd"] < results["mc_median_usd"] < results["mc_p95_usd"]


@pytest.mark.slow
def test_papermill_troop_comparisons_with_custom_parameters(tmp_path: Path) -> None:
    out = tmp_path / "out.ipynb"
    run = _papermill("02_troop_comparisons", out, "-p", "troops", "13000", "-p", "scale",
                     "linear")
    assert run.returncode == 0, run.stderr[-2000:]
    results = read_results(out)
    assert results["days_of_russian_losses_replaced"] == pytest.approx(13_000 / 1200)
    assert results["share_of_dprk_army_low"] <= results["share_of_dprk_army"] <= \
        results["share_of_dprk_army_high"]


@pytest.mark.slow
def test_papermill_options_with_yaml_weights(tmp_path: Path) -> None:
    out = tmp_path / "out.ipynb"
    run = _papermill("03_south_korea_options", out, "-y",
                     '{"weights": {"escalation_risk": 5}, "method": "topsis"}')
    assert run.returncode == 0, run.stderr[-2000:]
    results = read_results(out)
    assert results["top_option"] == results["ranking"][0]
    assert len(results["ranking"]) == 6


@pytest.mark.slow
@pytest.mark.parametrize(("nb", "args", "message"), [
    ("01_cost_vs_revenue", ["-p", "troops", "-5"],
     "ParameterError: parameter troops: expected a whole number from 0 to 2,000,000, got -5"),
    ("01_cost_vs_revenue", ["-p", "regime_share", "1.5"],
     "ParameterError: parameter regime_share: expected a number from 0 to 1, got 1.5"),
    ("01_cost_vs_revenue", ["-p", "months", "twelve"],
     "ParameterError: parameter months: expected a whole number from 0 to 120, got 'twelve'"),
    ("03_south_korea_options", ["-y", '{"weights": {"cost": 1}}'],
     "ParameterError: parameter weights: unknown criterion 'cost'"),
    ("03_south_korea_options", ["-y", '{"weights": {"deterrence": -1}}'],
     "ParameterError: parameter weights: weight of deterrence"),
])
def test_bad_parameters_stop_the_run_with_one_clear_line(tmp_path: Path, nb: str,
                                                         args: list[str], message: str) -> None:
    run = _papermill(nb, tmp_path / "out.ipynb", *args)
    assert run.returncode != 0
    assert message in run.stderr, run.stderr[-2000:]
