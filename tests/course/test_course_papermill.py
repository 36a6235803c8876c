"""The source notebooks run top to bottom under papermill, and their answers come from the
fact base: change one fact in a copy of it and the expected answers move with it."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
import yaml
from dprk_troops import paths
from dprk_troops.classroom import GRADING_ENV, identify, revenue_scenario
from dprk_troops.present.results import read_results
from dprk_troops.workbook import NOTEBOOK_PARAMS

from course import build

pytestmark = pytest.mark.slow

#: What the fact-change test reads from assignment 2's solution (and the student's scenario).
A2_ANSWERS = ("pay_usd", "troops_high", "revenue_high", "revenue_low", "p50", "MY_MONTHS",
              "MY_SHARE")
PAY_FACT = "nos1_pay_2000"
RECORD_CELL = "recorded_answers"  # the cell the tests append to read the answers back
NEW_PAY = 2500.0


def _with_recorded_answers(source: Path, dest: Path, names: tuple[str, ...]) -> Path:
    """A copy of a notebook with a last cell recording the named answers (in the results'
    machine-readable output, which ``read_results`` reads; ``results.record`` is for the
    notebooks' registered results only)."""
    nb = nbformat.read(source, as_version=4)
    record = ("from IPython.display import display\n"
              "from dprk_troops.present.results import RESULT_MIME\n" + "\n".join(
                  f"display({{RESULT_MIME: {{'name': {name!r}, 'value': float({name})}}}}, "
                  "raw=True)" for name in names))
    cell = nbformat.v4.new_code_cell(record)
    cell.id = RECORD_CELL
    nb.cells.append(cell)
    dest.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, dest)
    return dest


def _papermill(notebook: Path,
               seeds: Path | None = None) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Run a notebook in its folder with the numbers of build.DEMO_STUDENT (as the
    build's --validate does)."""
    out = notebook.with_name(notebook.stem + ".out.ipynb")
    env = {**os.environ, GRADING_ENV: build.DEMO_STUDENT,
           **({"DPRK_TROOPS_SEEDS": str(seeds)} if seeds else {})}
    papermill = Path(sys.executable).with_name("papermill")
    run = subprocess.run([str(papermill), str(notebook), str(out), "--cwd", str(notebook.parent),
                          "-k", "python3", "--no-progress-bar"],
                         capture_output=True, text=True, env=env, timeout=300, check=False)
    return out, run


@pytest.fixture(scope="module")
def runs(course_build: dict[str, Path], tmp_path_factory: pytest.TempPathFactory):
    """Every source notebook run by papermill on the seeds, plus assignment 2 (English) on a
    copy of the seeds whose pay fact says NEW_PAY. {(lang, id or 'changed'): (out, run)}."""
    root = tmp_path_factory.mktemp("papermill")
    jobs = {}
    for lang, course_dir in course_build.items():
        for assignment_id in build.ASSIGNMENT_IDS:
            folder = Path(shutil.copytree(course_dir / "source" / assignment_id,
                                          root / lang / assignment_id))
            source = folder / f"{assignment_id}.ipynb"
            names = A2_ANSWERS if assignment_id == "a2_cost_revenue" else ()
            jobs[lang, assignment_id] = (_with_recorded_answers(source, source, names), None)
    seeds = root / "seeds"
    shutil.copytree(paths.SEEDS_DIR, seeds)
    facts = yaml.safe_load((seeds / "facts.yaml").read_text(encoding="utf-8"))
    pay = next(f for f in facts if f["fact_id"] == PAY_FACT)
    pay["value"] = NEW_PAY
    pay.pop("low", None)
    pay.pop("high", None)
    (seeds / "facts.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True, sort_keys=False),
                                      encoding="utf-8")
    a2 = jobs["en", "a2_cost_revenue"][0]
    (root / "changed").mkdir()
    jobs["en", "changed"] = (Path(shutil.copy(a2, root / "changed" / a2.name)), seeds)
    with ThreadPoolExecutor(2) as pool:
        done = dict(zip(jobs, pool.map(lambda job: _papermill(*job), jobs.values()), strict=True))
    return {"done": done, "seeds": seeds}


@pytest.mark.parametrize("lang", build.LANGUAGES)
@pytest.mark.parametrize("assignment_id", build.ASSIGNMENT_IDS)
def test_source_notebook_runs_with_no_error(runs, lang: str, assignment_id: str) -> None:
    out, run = runs["done"][lang, assignment_id]
    assert run.returncode == 0, run.stderr[-3000:]
    nb = nbformat.read(out, as_version=4)
    errors = [(c.id, o.get("ename")) for c in nb.cells if c.cell_type == "code"
              for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []


def test_changing_one_fact_moves_the_expected_answers(runs) -> None:
    from dprk_troops import load_facts
    from dprk_troops.models import revenue

    before_out, before = runs["done"]["en", "a2_cost_revenue"]
    after_out, after = runs["done"]["en", "changed"]
    assert before.returncode == 0 and after.returncode == 0, after.stderr[-3000:]
    old, new = read_results(before_out), read_results(after_out)

    # The changed fact base is valid, and the pay it gives is the mean of its pay rows.
    facts = load_facts(runs["seeds"])
    pay_rows = facts[facts["quantity"] == "dprk_pay_usd_per_soldier_month"]
    expected_pay = float(pay_rows["value"].mean())
    assert expected_pay != old["pay_usd"]
    assert new["pay_usd"] == pytest.approx(expected_pay)
    # Revenue is proportional to pay: the solution's answer moves by the same factor, and
    # equals what the library computes from the changed facts.
    factor = expected_pay / old["pay_usd"]
    assert new["revenue_high"] == pytest.approx(old["revenue_high"] * factor)
    assert new["revenue_low"] == pytest.approx(old["revenue_low"] * factor)
    defaults = {p.name: p.default for p in NOTEBOOK_PARAMS["01_cost_vs_revenue"]}
    scenario = revenue_scenario(identify("a2_cost_revenue", build.DEMO_STUDENT, environ={}),
                                defaults)
    assert (new["MY_MONTHS"], new["MY_SHARE"]) == (scenario.months, scenario.regime_share)
    assert new["revenue_high"] == pytest.approx(revenue.cash_revenue_usd(
        new["troops_high"], expected_pay, scenario.months, scenario.regime_share))
    # The pay range widens, so the Monte Carlo's median moves too; the troops do not.
    assert new["p50"] != pytest.approx(old["p50"])
    assert new["troops_high"] == old["troops_high"]


#: Cells that show English data: the workbook's parameter reasons, the facts' notes and the
#: analyst's reasons (English in both editions; the guide says so).
ENGLISH_DATA_CELLS = {"q6_reasons", "q7_evidence", "q5_scores", RECORD_CELL}
#: English-style numbers: 10,000 (thousands with a comma) or 1.7 / 0.25 (a decimal point
#: not followed by exactly three digits, which would be Dutch thousands: 10.000).
ENGLISH_NUMBER = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?:,\d{3})+(?![\d,])"
                            r"|(?<![\d.,])\d+\.(?:\d{1,2}|\d{4,})(?![\d.])")


@pytest.mark.parametrize("assignment_id", build.ASSIGNMENT_IDS)
def test_dutch_notebooks_show_dutch_numbers(runs, assignment_id: str) -> None:
    """What the Dutch source notebooks print and display writes numbers the Dutch way."""
    out, run = runs["done"]["nl", assignment_id]
    assert run.returncode == 0
    found = []
    for cell in nbformat.read(out, as_version=4).cells:
        for output in cell.get("outputs", []):
            text = output.get("text") or output.get("data", {}).get("text/plain", "")
            if cell.id not in ENGLISH_DATA_CELLS:
                found += [(cell.id, m) for m in ENGLISH_NUMBER.findall(text)]
    assert found == []


@pytest.mark.parametrize("lang", build.LANGUAGES)
def test_tables_a_student_must_read_are_shown_in_full(runs, lang: str) -> None:
    """The parameters' reasons (a1 question 6) and the analyst's score reasons (a3 question
    5) end with the fact_ids the rubrics ask students to cite: every one is shown whole, in
    the table's text and in its HTML."""
    from dprk_troops.factbase.scores import read_option_scores

    wanted = {("a1_fact_base", "q6_reasons"): [p.reason for p in
                                               NOTEBOOK_PARAMS["01_cost_vs_revenue"]],
              ("a3_options", "q5_scores"): list(read_option_scores().scores["reason"])}
    for (assignment_id, cell_id), reasons in wanted.items():
        out, run = runs["done"][lang, assignment_id]
        assert run.returncode == 0
        cell = next(c for c in nbformat.read(out, as_version=4).cells if c.id == cell_id)
        data = next(o["data"] for o in cell.outputs if o.output_type == "execute_result")
        page = html.unescape(re.sub(r"<[^>]+>", " ", data["text/html"]))
        for shown in (data["text/plain"], page):
            flat = " ".join(shown.split())
            cut = [r[:40] for r in reasons if " ".join(r.split()) not in flat]
            assert cut == [], (assignment_id, cell_id, cut)
