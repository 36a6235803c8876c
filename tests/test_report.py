"""`dprk-troops report` end to end: outputs, offline HTML, safety and failure handling."""

from __future__ import annotations

import csv
import json
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from dprk_troops import paths
from dprk_troops.results import read_results
from support import report_with_fact_note, run_cli

pytestmark = pytest.mark.slow
EXE = str(Path(sys.executable).with_name("dprk-troops"))


@pytest.fixture(scope="module")
def full_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    run = run_cli("report", "--out", out)
    assert run.returncode == 0, run.stderr
    return out


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text())


def test_every_notebook_for_every_scenario(full_report: Path) -> None:
    manifest = _manifest(full_report)
    runs = {(r["notebook"], r["scenario"]): r for r in manifest["runs"]}
    assert len(runs) == 9 and all(r["status"] == "ok" for r in runs.values())
    for r in runs.values():
        assert (full_report / r["html"]).is_file() and (full_report / r["ipynb"]).is_file()
        assert r["duration_s"] > 0 and r["parameters"] is not None


def test_manifest_records_versions_and_seed_digests(full_report: Path) -> None:
    manifest = _manifest(full_report)
    assert manifest["exit_code"] == 0
    assert {"python", "dprk-troops", "papermill", "altair"} <= set(manifest["versions"])
    digests = manifest["seed_sha256"]
    assert re.fullmatch(r"[0-9a-f]{64}", digests["facts.yaml"])
    assert len(digests["texts"]) == 5


def test_summary_and_index_compare_the_scenarios(full_report: Path) -> None:
    rows = list(csv.DictReader((full_report / "summary.csv").open()))
    assert len(rows) == 9
    revenue = {r["scenario"]: r["cash_revenue_usd"] for r in rows
               if r["notebook"] == "01_cost_vs_revenue"}
    assert revenue == {"low": "9,000,000", "base": "240,000,000", "high": "624,000,000"}
    index = (full_report / "index.html").read_text()
    for scenario in ("low", "base", "high"):
        assert f"<th>{scenario}</th>" in index
    for link in re.findall(r"href='([^']+)'", index):
        assert (full_report / link).exists(), link


def test_reused_kernels_give_the_stored_notebooks_results(full_report: Path) -> None:
    """The base scenario is the defaults: its results equal the stored notebooks' ones."""
    for r in _manifest(full_report)["runs"]:
        if r["scenario"] == "base":
            stored = read_results(paths.NOTEBOOKS_DIR / f"{r['notebook']}.ipynb")
            assert r["results"] == stored, r["notebook"]


def test_pages_fetch_nothing_and_draw_charts_as_inline_svg(full_report: Path) -> None:
    for page in full_report.glob("build-*/runs/*/*.html"):
        text = page.read_text()
        sources = re.findall(r"""(?:src|href)=["']([^"'#][^"']*)["']""", text)
        assert all(not s.startswith(("http:", "https:", "//")) for s in sources), page
        assert "<svg" in text and 'class="mark-' in text
        assert not re.search(r"<img[^>]+data:image/svg", text), "charts must be inline SVG"
        assert "require.min.js" not in text and "mathjax" not in text.lower()


def test_code_is_hidden_by_default_and_shown_on_request(tmp_path: Path) -> None:
    run = run_cli("report", "--out", tmp_path, "--scenario", "base", "--notebook", "02",
                  "--show-code")
    assert run.returncode == 0, run.stderr
    page = next(tmp_path.glob("build-*/runs/base/02_troop_comparisons.html")).read_text()
    assert "check_params" in page


def test_parameter_override_reaches_the_runs(tmp_path: Path) -> None:
    run = run_cli("report", "--out", tmp_path, "--scenario", "base", "--notebook", "02",
                  "-p", "troops=12000", "--fresh-kernels", "--jobs", "1")
    assert run.returncode == 0, run.stderr
    result = _manifest(tmp_path)["runs"][0]["results"]
    assert result["days_of_russian_losses_replaced"] == 10.0


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != ".lock"}


@pytest.mark.parametrize(("args", "message"), [
    (["--scenario", "medium"], "unknown scenario 'medium'"),
    (["--notebook", "09"], "unknown notebook '09'"),
    (["-p", "trops=1"], "-p trops: no selected notebook has this parameter"),
    (["-p", "troops=many"], "parameter troops: expected a whole number"),
    (["-p", "regime_share=1.5"], "parameter regime_share: expected a number from 0 to 1"),
    (["--jobs", "0"], "--jobs: expected a whole number >= 1"),
])
def test_bad_input_is_rejected_before_any_kernel(full_report: Path, args: list[str],
                                                 message: str) -> None:
    before, builds = _snapshot(full_report), sorted(full_report.glob("build-*"))
    start = time.perf_counter()
    run = run_cli("report", "--out", full_report, *args)
    assert run.returncode == 2
    assert message in run.stderr and "Traceback" not in run.stderr
    assert time.perf_counter() - start < 20  # no kernel was started
    assert _snapshot(full_report) == before and sorted(full_report.glob("build-*")) == builds


def test_unwritable_output_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    run = run_cli("report", "--out", blocker / "reports", "--notebook", "02")
    assert run.returncode == 2
    assert "output folder is not writable" in run.stderr


def test_a_second_run_is_locked_out(tmp_path: Path) -> None:
    from filelock import FileLock

    with FileLock(str(tmp_path / ".lock")):
        run = run_cli("report", "--out", tmp_path, "--notebook", "02", "--scenario", "base")
    assert run.returncode == 3
    assert "another report run is writing here" in run.stderr
    assert not (tmp_path / "index.html").exists()


def _seeds_without(tmp_path: Path, quantity: str) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(paths.SEEDS_DIR, seeds)
    facts = yaml.safe_load((seeds / "facts.yaml").read_text())
    kept = [f for f in facts if f["quantity"] != quantity]
    (seeds / "facts.yaml").write_text(yaml.safe_dump(kept, allow_unicode=True))
    return seeds


def test_a_failing_run_is_listed_and_the_others_complete(tmp_path: Path) -> None:
    seeds = _seeds_without(tmp_path, "dprk_army_size")  # notebook 02 needs the army's size
    out = tmp_path / "out"
    run = run_cli("report", "--out", out, "--seeds", seeds, "--scenario", "base",
                  "--notebook", "01", "--notebook", "02")
    assert run.returncode == 1
    failures = [line for line in run.stderr.splitlines() if line.startswith("FAILED")]
    assert len(failures) == 1
    assert re.match(r"FAILED 02_troop_comparisons x base: cell \d+: ParameterError: no figures "
                    r"in the fact base for quantity 'dprk_army_size'", failures[0])
    statuses = {r["notebook"]: r["status"] for r in _manifest(out)["runs"]}
    assert statuses == {"01_cost_vs_revenue": "ok", "02_troop_comparisons": "failed"}
    assert "FAILED" in (out / "index.html").read_text()


def test_data_text_is_escaped(tmp_path: Path) -> None:
    page = report_with_fact_note(
        tmp_path, "<script>alert('injected')</script> a note with markup").read_text()
    assert "<script>alert('injected')" not in page
    assert "&lt;script&gt;alert(" in page


def test_a_killed_run_leaves_the_previous_report_intact(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_cli("report", "--out", out, "--scenario", "base", "--notebook", "02")
    assert first.returncode == 0, first.stderr
    before = _snapshot(out)
    proc = subprocess.Popen([EXE, "report", "--out", str(out), "--scenario", "low",
                             "--notebook", "01", "--notebook", "02"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while len(list(out.glob("build-*"))) < 2 and time.time() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)  # kernels are running
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert _snapshot(out) == before  # index, summary and manifest untouched
    again = run_cli("report", "--out", out, "--scenario", "base", "--notebook", "02")
    assert again.returncode == 0, again.stderr
    assert len(list(out.glob("build-*"))) == 1  # the killed run's folder is cleaned up
