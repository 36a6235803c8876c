"""`dprk-troops explore` end to end, in-process (``cli.main``): the acceptance command
writes its three files; bad input exits 2 with one line and writes nothing; the explorer's
evaluations equal the notebook's own ``evaluate`` at every point; chunks change nothing."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pytest
from dprk_troops.cli import main
from dprk_troops.explore.evaluation import csv_text, evaluate_design
from dprk_troops.explore.model import Factor, notebook_model
from dprk_troops.explore.sampling import design
from dprk_troops.factbase.facts import load_facts
from dprk_troops.workbook import MODULES, NOTEBOOKS
from reader_text import code_problems, html_text, reader_problems

ACCEPTANCE = ["explore", "01", "--range", "troops=1500..13000", "--range", "months=6..24",
              "--range", "regime_share=0.5..1", "--samples", "1024", "--method", "sobol"]


@pytest.fixture(scope="module")
def facts():
    return load_facts()


@pytest.fixture(scope="module")
def acceptance(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("explore") / "out"
    assert main([*ACCEPTANCE, "--out", str(out)]) == 0
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def test_the_acceptance_command_writes_samples_indices_and_a_page(acceptance: Path) -> None:
    assert sorted(p.name for p in acceptance.iterdir()) == [
        "index.html", "indices.csv", "samples.csv"]
    samples = _rows(acceptance / "samples.csv")
    assert len(samples) == 2 * 1024 * 5
    assert list(samples[0])[:4] == ["troops", "months", "regime_share", "cash_revenue_usd"]
    assert not any(name.startswith("mc_") for name in samples[0])  # deterministic only
    assert {r["troops"].isdigit() and r["months"].isdigit() for r in samples} == {True}
    indices = _rows(acceptance / "indices.csv")
    assert list(indices[0]) == ["result", "parameter", "samples", "evaluations", "S1",
                                "S1_conf", "ST", "ST_conf"]
    assert {r["samples"] for r in indices} == {"1024", "2048"}
    page = (acceptance / "index.html").read_text()
    assert "<svg" in page and "<script" not in page and "http" not in page.split("<svg")[0]
    assert "Cash revenue over the deployment: driven most by soldiers the deployment grows to" in page
    assert "Converged: at N = 1,024 and 2N = 2,048 samples" in page
    # Left out, and said so: in words for a reader, by name in the analysts' block.
    assert "Monte Carlo&#39;s results (Revenue band, low (5th percentile);" in page
    assert "<code>mc_p5_usd</code>" in _analysts(page)


def _analysts(page: str) -> str:
    """The page's one collapsed "For analysts" block."""
    (block,) = re.findall(r'<details class="dprk-analysts">.*?</details>', page, re.DOTALL)
    return block


def _reader_part(page: str) -> str:
    """What a reader sees without opening the analysts' block."""
    return re.sub(r'<details class="dprk-analysts">.*?</details>', "", page, flags=re.DOTALL)


def test_the_page_speaks_words_outside_its_analysts_block(acceptance: Path) -> None:
    """Parameters and results by what a reader calls them (the table, the chart, what is
    held), with units; names, the seed, the run time and code font only for analysts."""
    page = (acceptance / "index.html").read_text()
    reader = _reader_part(page)
    text = html_text(reader)
    assert code_problems(text) == [] and reader_problems(text) == []
    assert "<code" not in reader
    assert "1,500 to 13,000 soldiers" in text and "50% to 100%" in text
    assert "Pay per soldier per month" in text and "$2,000 per soldier per month" in text
    # The chart's axis: each parameter by its label.
    assert "&gt;Soldiers the deployment grows to&lt;" not in page  # SVG text, not escaped
    assert ">Soldiers the deployment grows to</text>" in page
    assert ">regime_share</text>" not in page
    for name in ("troops", "regime_share", "pay_usd_per_soldier_month", "mc_spreads"):
        assert f"<code>{name}</code>" in _analysts(page)


def test_an_exploration_of_weights_names_criteria_and_options_in_words(
        tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["explore", "03", "--range", "weights.deterrence=0..1",
                 "--range", "weights.escalation_risk=0..1", "--samples", "64",
                 "--method", "sobol", "--out", str(out)]) == 0
    text = html_text(_reader_part((out / "index.html").read_text()))
    assert code_problems(text) == [] and reader_problems(text) == []
    assert "driven most by weight of deterrence of further deployments" in text, text
    assert "rank of No weapons delivered to Kyiv (status quo)" in text
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), re.findall(r"\b[a-z]+_[a-z_]+\b", text)


def test_the_indices_say_troops_and_months_drive_the_revenue(acceptance: Path) -> None:
    rows = {(r["result"], r["parameter"]): r for r in _rows(acceptance / "indices.csv")
            if r["samples"] == "2048"}
    revenue = {p: float(rows[("cash_revenue_usd", p)]["ST"])
               for p in ("troops", "months", "regime_share")}
    assert revenue["troops"] > revenue["months"] > revenue["regime_share"] > 0
    # Casualties do not depend on the share of the pay the state keeps.
    assert float(rows[("expected_casualties", "regime_share")]["ST"]) == 0


@pytest.mark.parametrize(("args", "message"), [
    (["--range", "troopz=1..2"], "--range troopz: unknown parameter for 01_cost_vs_revenue"),
    (["--range", "troops=1500..3000000"], ("--range troops: 1500..3e+06: outside the "
                                          "parameter's bounds")),
    (["--range", "months=24..6"], "--range months: 24..6: expected LOW < HIGH"),
    (["--range", "troop_schedule=0..1"], "--range troop_schedule: a choice"),
    (["--range", "troops=1500..13000", "--samples", "16"], ("--samples 16: too few for "
                                                            "Sobol'")),
    (["--range", "troops=1500..13000", "--method", "morris", "--samples", "4"],
     "--samples 4: too few for Morris"),
    (["--range", "troops=1500..13000", "-p", "months=-1"], "-p: parameter months: expected"),
    (["--range", "troops"], "--range troops: expected NAME=LOW..HIGH"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
        message: str) -> None:
    out = tmp_path / "out"
    assert main(["explore", "01", *args, "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(message) and "\n" not in err, err
    assert not out.exists()


def test_an_unknown_notebook_is_bad_input(tmp_path: Path, capsys) -> None:
    assert main(["explore", "07", "--range", "troops=1..2", "--out", str(tmp_path / "o")]) == 2
    assert "unknown notebook '07'" in capsys.readouterr().err


def test_the_explorers_evaluations_equal_the_notebooks_evaluate(facts) -> None:
    """The columns the explorer evaluates, point by point through ``evaluate`` (what the
    notebook records), Monte Carlo included: the same numbers, exactly."""
    stem = "01_cost_vs_revenue"
    factors = [Factor("troops", 1500, 13000, True), Factor("months", 6, 24, True),
               Factor("regime_share", 0.5, 1.0), Factor("casualty_rate_per_month", 0.01, 0.1)]
    for schedule in ("reported", "constant"):
        fixed = {"troop_schedule": schedule, "mc_samples": 2000}
        model = notebook_model(stem, facts, fixed, {f.name: f for f in factors}, with_mc=True)
        x = design("lhs", factors, 32, seed=7).x[:6]
        buf = io.StringIO()
        values = evaluate_design(model, factors, x, buf, chunk_rows=4)
        for i, row in enumerate(csv.DictReader(io.StringIO(buf.getvalue()))):
            point = {f.name: (int(row[f.name]) if f.integer else float(row[f.name]))
                     for f in factors}
            want = NOTEBOOKS[stem].run(facts, {**fixed, **point})
            assert {o.name: values[o.name][i] for o in model.outputs} == {
                k: v for k, v in want.items() if k in values}
            assert {o.name: float(row[o.name]) for o in model.outputs} == {
                o.name: values[o.name][i] for o in model.outputs}


def test_weights_of_notebook_03_are_explored_by_key(facts) -> None:
    stem = "03_south_korea_options"
    factors = [Factor("weights.deterrence", 0, 1), Factor("weights.escalation_risk", 0, 1)]
    model = notebook_model(stem, facts, {}, {f.name: f for f in factors})
    assert "rank.direct_arms" in [o.name for o in model.outputs]
    assert not any(o.name.startswith("share_ranked_first") for o in model.outputs)
    x = np.array([[0.9, 0.1], [0.0, 1.0]])
    values = evaluate_design(model, factors, x, io.StringIO())
    for i, (d, e) in enumerate(x):
        weights = {**model.values["weights"], "deterrence": d, "escalation_risk": e}
        want = NOTEBOOKS[stem].run(facts, {"weights": weights})
        ranking = sorted(want["scores"], key=lambda o: values[f"rank.{o}"][i])
        assert ranking == want["ranking"]
        # Equal to the last bit or so: the weighted sum is a matrix product, which BLAS
        # adds up in another order for one row than for many (notebook 01 is exact).
        assert {o: values[f"score.{o}"][i] for o in ranking} == pytest.approx(
            want["scores"], rel=1e-14)


def test_notebook_02_is_explored_on_its_numbers(facts) -> None:
    factors = [Factor("troops", 1000, 20000, True), Factor("russian_losses_per_day", 500, 2000)]
    model = notebook_model("02_troop_comparisons", facts, {}, {f.name: f for f in factors})
    values = evaluate_design(model, factors, np.array([[10000.0, 1000.0]]), io.StringIO())
    assert values["days_of_russian_losses_replaced"][0] == pytest.approx(10.0)
    assert MODULES["02_troop_comparisons"].DEFINITION.result(
        "days_of_russian_losses_replaced").key


def test_chunks_change_nothing_in_samples_csv(facts) -> None:
    factors = [Factor("troops", 1500, 13000, True), Factor("regime_share", 0.5, 1.0)]
    model = notebook_model("01_cost_vs_revenue", facts, {}, {f.name: f for f in factors})
    x = design("sobol", factors, 64, seed=2).x
    one, many = io.StringIO(), io.StringIO()
    evaluate_design(model, factors, x, one, chunk_rows=len(x))
    evaluate_design(model, factors, x, many, chunk_rows=7)
    assert one.getvalue() == many.getvalue()
    assert len(one.getvalue().splitlines()) == len(x) + 1


def test_csv_numbers_read_back_exactly() -> None:
    values = np.array([0.1, 1 / 3, 278e6, 1e-300, 12750.0])
    text = csv_text({"n": np.array([1.0, 2, 3, 4, 5]), "v": values}, ["n"])
    read = [line.split(",") for line in text.splitlines()]
    assert [r[0] for r in read] == ["1", "2", "3", "4", "5"]
    assert np.array_equal([float(r[1]) for r in read], values)
