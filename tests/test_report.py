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
from dprk_troops.present.results import read_results
from dprk_troops.reporting.folders import LISTING
from dprk_troops.reporting.publish import BUILDS, CURRENT, ENTRY_POINTS
from reader_text import code_problems, html_text
from support import run_cli, small_reports_file, visible_files

pytestmark = pytest.mark.slow
EXE = str(Path(sys.executable).with_name("dprk-troops"))


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
    assert manifest["fact_base_revision"] is not None  # the newest heading of CHANGES.md


def test_cash_revenue_is_the_chosen_schedules(full_report: Path) -> None:
    """base grows troops as reported; low and high hold them constant (reports.yaml)."""
    from dprk_troops.factbase.facts import load_facts
    from dprk_troops.present import views
    from dprk_troops.workbook import definition

    rows = list(csv.DictReader((full_report / "summary.csv").open()))
    assert len(rows) == 9
    revenue = {r["scenario"]: float(r["cash_revenue_usd"]) for r in rows
               if r["notebook"] == "01_cost_vs_revenue"}
    facts = load_facts()
    defaults = definition("01").resolve(facts, {}).values
    reported = views.cost_revenue(facts, defaults).path["cash_revenue_usd"].sum()
    assert revenue["base"] == pytest.approx(reported)
    assert revenue["low"] == 1500 * 2000 * 6 * 0.5
    assert revenue["high"] == 13000 * 2000 * 24 * 1.0


def test_every_scenarios_band_brackets_its_headline(full_report: Path) -> None:
    """The Monte Carlo's 5th to 95th percentile is about the run's own figure."""
    rows = [r for r in csv.DictReader((full_report / "summary.csv").open())
            if r["notebook"] == "01_cost_vs_revenue"]
    assert {r["scenario"] for r in rows} == {"low", "base", "high"}
    for r in rows:
        cash, p5, p95 = (float(r[k]) for k in ("cash_revenue_usd", "mc_p5_usd", "mc_p95_usd"))
        assert p5 <= cash <= p95, r["scenario"]


def test_index_briefs_each_scenario_with_units_and_working_links(full_report: Path) -> None:
    index = (full_report / "index.html").read_text()
    for scenario in ("low", "base", "high"):
        assert f'id="scenario-{scenario}"' in index
    assert "$9 million" in index and "$624 million" in index  # low and high revenue
    assert re.search(r"\d days", index) and re.search(r"\d%", index)
    assert "Cash revenue over the deployment" in index
    assert "<svg" in index and 'class="mark-' in index  # the comparison chart, inline
    links = re.findall(r'href="([^"]+)"', index)
    assert len(links) >= 20
    for link in links:
        assert (full_report / link).exists(), link
        assert (full_report / CURRENT / link).exists(), link  # the index works there too


def test_forked_kernels_give_the_stored_notebooks_results(full_report: Path) -> None:
    """The base scenario is the defaults: its results equal the stored notebooks' ones."""
    manifest = _manifest(full_report)
    assert manifest["kernels"] == "forked"
    for r in manifest["runs"]:
        if r["scenario"] == "base":
            stored = read_results(paths.NOTEBOOKS_DIR / f"{r['notebook']}.ipynb")
            assert r["results"] == stored, r["notebook"]


def test_the_executed_notebooks_pass_nbval(full_report: Path, tmp_path: Path) -> None:
    """What a forked kernel executed is what stock papermill writes: nbval re-runs each
    base notebook of the report in a stock kernel and gets the same outputs."""
    notebooks = sorted((full_report / "runs" / "base").glob("*.ipynb"))
    assert len(notebooks) == 3
    run = subprocess.run([sys.executable, "-m", "pytest", "--nbval", "-q", "-p",
                          "no:cacheprovider", *map(str, notebooks)], cwd=tmp_path,
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stdout[-3000:]


def test_pages_fetch_nothing_and_draw_charts_as_inline_svg(full_report: Path) -> None:
    pages = sorted(full_report.glob("runs/*/*.html"))
    assert len(pages) == 9
    for page in pages:
        text = page.read_text()
        sources = re.findall(r"""(?:src|href)=["']([^"'#][^"']*)["']""", text)
        assert all(not s.startswith(("http:", "https:", "//")) for s in sources), page
        assert "<svg" in text and 'class="mark-' in text
        assert not re.search(r"<img[^>]+data:image/svg", text), "charts must be inline SVG"
        assert "require.min.js" not in text and "mathjax" not in text.lower()
        assert 'class="dprk-key-figures' in text


def test_the_output_folder_shows_only_the_published_report(full_report: Path) -> None:
    visible = sorted(p.name for p in full_report.iterdir() if not p.name.startswith("."))
    assert visible == sorted([CURRENT, *ENTRY_POINTS, LISTING])
    builds = list((full_report / BUILDS).iterdir())
    assert len(builds) == 1 and (full_report / CURRENT).resolve() == builds[0].resolve()


@pytest.fixture(scope="module")
def one_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    """One small report exercising the options: code shown, a parameter overridden, a fresh
    kernel, one job (one run of notebook 02 at the base scenario)."""
    out = tmp_path_factory.mktemp("one-run")
    run = run_cli("report", "--out", out, "--scenario", "base", "--notebook", "02",
                  "--show-code", "-p", "troops=12000", "--fresh-kernels", "--jobs", "1")
    assert run.returncode == 0, run.stderr
    return out, run


def test_code_is_shown_on_request(one_run: tuple[Path, subprocess.CompletedProcess],
                                  full_report: Path) -> None:
    out, _ = one_run
    assert "from_namespace" in (out / "runs" / "base" / "02_troop_comparisons.html").read_text()
    hidden = (full_report / "runs" / "base" / "02_troop_comparisons.html").read_text()
    assert "from_namespace" not in hidden  # hidden by default


def test_parameter_override_reaches_the_runs(
        one_run: tuple[Path, subprocess.CompletedProcess]) -> None:
    result = _manifest(one_run[0])["runs"][0]["results"]
    assert result["days_of_russian_losses_replaced"] == 10.0  # 12,000 / 1,200 a day


def test_stdout_says_where_the_report_is_and_nothing_else(
        one_run: tuple[Path, subprocess.CompletedProcess]) -> None:
    """A scheduled report mails its stdout: one line, where the report is and how many runs
    succeeded; the progress log goes to stderr (`dprk-troops summary` summarises the
    fact base)."""
    out, run = one_run
    assert run.stdout.splitlines() == [
        f"report: 1 of 1 runs ok (0 from the run cache); {out / 'index.html'}"]
    assert "[1/1] ok 02_troop_comparisons x base" in run.stderr


#: A page's one "For analysts" block, where names and ids may stand.
ANALYSTS = re.compile(r'<details class="dprk-analysts">.*?</details>', re.DOTALL)


def test_each_page_has_one_analysts_block_naming_its_parameters_and_facts(
        full_report: Path) -> None:
    page = (full_report / "runs" / "low" / "01_cost_vs_revenue.html").read_text()
    blocks = ANALYSTS.findall(page)
    assert len(blocks) == 1
    block = html_text(blocks[0])
    assert "regime_share" in block and "0.5" in block and "this run" in block
    assert "nos1_pay_2000" in block and "bnr_pay_2000" in block  # the facts table's rows
    index = (full_report / "index.html").read_text()
    assert len(ANALYSTS.findall(index)) == 1
    assert manifest_sha(full_report)[:12] in ANALYSTS.findall(index)[0]


def manifest_sha(out: Path) -> str:
    return _manifest(out)["seed_sha256"]["fact_base"]


def test_no_page_speaks_code_outside_its_analysts_block(full_report: Path) -> None:
    """The whole of every page and the index, collapsed parts included (the settings of a
    run): no parameter name, fact id, hash, ISO timestamp, run time or kernel notice
    outside the analysts' block. (The browser test reads what a reader sees open.)"""
    problems = []
    for page in [full_report / "index.html", *sorted(full_report.glob("runs/*/*.html"))]:
        text = html_text(ANALYSTS.sub("", page.read_text()))
        problems += [f"{page.name}: {p}" for p in code_problems(text)]
    assert problems == []


@pytest.mark.parametrize(("args", "message"), [
    (["--scenario", "medium"], "unknown scenario 'medium'"),
    (["--notebook", "09"], "unknown notebook '09'"),
    (["-p", "trops=1"], "-p trops: no selected notebook has this parameter"),
    (["-p", "troops=many"], "parameter troops: expected a whole number"),
    (["-p", "regime_share=1.5"], "parameter regime_share: expected a number from 0 to 1"),
    (["--jobs", "0"], "--jobs: expected a whole number >= 1"),
    (["--notebook", "01", "--sweep", "troops=1500,-5"], "parameter troops: expected a whole"),
    (["--sweep", "months=6..x", "--samples", "3"], "LOW..HIGH must be two numbers"),
    (["--sweep", "troops=1..9"], "say how many runs with --samples N"),
    (["--sweep", "no-such-sweep"], "--sweep no-such-sweep: no such sweep"),
    (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler: only with --executor dask"),
])
def test_bad_input_is_rejected_before_anything_changes(full_report: Path, args: list[str],
                                                       message: str) -> None:
    before = visible_files(full_report)
    builds = sorted((full_report / BUILDS).iterdir())
    run = run_cli("report", "--out", full_report, *args)
    assert run.returncode == 2
    assert message in run.stderr and "Traceback" not in run.stderr
    assert "[1/" not in run.stderr  # no run was started
    assert visible_files(full_report) == before
    assert sorted((full_report / BUILDS).iterdir()) == builds


def test_a_bad_cache_limit_is_rejected_before_anything_changes(full_report: Path) -> None:
    before = visible_files(full_report)
    builds = sorted((full_report / BUILDS).iterdir())
    run = run_cli("report", "--out", full_report,
                  env={"DPRK_TROOPS_RUN_CACHE_MB": "a lot"})
    assert run.returncode == 2
    assert run.stderr.strip() == ("DPRK_TROOPS_RUN_CACHE_MB: expected a number of "
                                  "megabytes >= 0, or off, got 'a lot'")
    assert visible_files(full_report) == before
    assert sorted((full_report / BUILDS).iterdir()) == builds


def test_a_switch_for_the_cache_folder_is_rejected_before_anything_changes(
        full_report: Path, tmp_path: Path) -> None:
    before = visible_files(full_report)
    run = run_cli("report", "--out", full_report, env={"DPRK_TROOPS_RUN_CACHE": "off"},
                  cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.strip() == ("DPRK_TROOPS_RUN_CACHE=off: expected the run cache's "
                                  "folder, not a switch; to run everything afresh, use "
                                  "--no-cache")
    assert visible_files(full_report) == before
    assert list(tmp_path.iterdir()) == []  # no folder named "off"


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
    index = (out / "index.html").read_text()
    assert "1 run failed" in index and "dprk_army_size" in index
    page = (out / "runs" / "base" / "02_troop_comparisons.html").read_text()
    assert "This run failed" in page


def test_data_text_is_escaped_on_every_page_and_the_index(injected_report: Path) -> None:
    out = injected_report
    for path in [out / "index.html", *sorted(out.glob("runs/base/*.html"))]:
        text = path.read_text()
        assert "<script>alert(1)" not in text and "<b>bold</b>" not in text, path.name
        assert "&lt;/script&gt;&lt;script&gt;alert(1)" in text or \
            "&lt;/script>&lt;script>alert(1)" in text, path.name


def _start_report(out: Path, *args: str) -> subprocess.Popen[bytes]:
    # --no-cache: from the cache the runs would finish before the moment to kill them.
    return subprocess.Popen([EXE, "report", "--out", str(out), "--no-cache", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _builds(out: Path) -> list[Path]:
    return [b for b in (out / BUILDS).iterdir() if b.resolve() != (out / CURRENT).resolve()]


#: When to kill a run: as it starts, once its hidden build exists (kernels booting), and
#: once its first page is written (runs executing and pages being exported).
KILL_AT = {
    "start": lambda out: True,
    "build": lambda out: bool(_builds(out)),
    "first page": lambda out: any(b.glob("runs/*/*.html") for b in _builds(out)),
}


@pytest.mark.parametrize("moment", sorted(KILL_AT))
def test_a_killed_run_leaves_the_visible_files_as_they_were(full_report: Path, tmp_path: Path,
                                                            moment: str) -> None:
    """Killed at any moment, a run leaves every visible file byte-identical (the hidden
    build is the only trace); the next run cleans up after it."""
    out = tmp_path / "out"
    shutil.copytree(full_report, out, symlinks=True)
    before = visible_files(out)
    low = small_reports_file(tmp_path, ("low",), ("01_cost_vs_revenue", "02_troop_comparisons",
                                                 "03_south_korea_options"))
    proc = _start_report(out, "--reports-file", str(low))  # a briefing: it may replace one
    deadline = time.time() + 60
    while not KILL_AT[moment](out) and time.time() < deadline and proc.poll() is None:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    assert visible_files(out) == before
    if moment == "first page":
        killed = _builds(out)
        assert killed
        again = run_cli("report", "--out", out, "--reports-file", small_reports_file(tmp_path))
        assert again.returncode == 0, again.stderr
        assert not any(b.exists() for b in killed)  # the killed run's build is gone
        assert visible_files(out) != before
