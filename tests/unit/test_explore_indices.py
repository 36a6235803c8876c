"""The explorer's indices against functions whose indices are known in closed form, through
the very path a notebook's exploration takes (``explore``: sampling, chunked evaluation
streamed to samples.csv, SALib's analysis); and the sentences and convergence built on
them."""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pytest
from dprk_troops.explore.exploration import explore
from dprk_troops.explore.indices import convergence, resamples, sentence
from dprk_troops.explore.model import Factor, FunctionModel, Output
from dprk_troops.explore.sampling import design, problem

A, B = 7.0, 0.1  # Ishigami's constants
PI = math.pi


def ishigami(c: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    x1, x2, x3 = c["x1"], c["x2"], c["x3"]
    return {"y": np.sin(x1) + A * np.sin(x2) ** 2 + B * x3 ** 4 * np.sin(x1)}


def ishigami_indices() -> tuple[list[float], list[float]]:
    """First-order and total indices of Ishigami's function on [-pi, pi]^3, closed form."""
    v1 = 0.5 * (1 + B * PI ** 4 / 5) ** 2
    v2 = A ** 2 / 8
    v13 = 8 * B ** 2 * PI ** 8 / 225
    v = v1 + v2 + v13
    return [v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v]


ISHIGAMI = FunctionModel("ishigami", "Ishigami's function", (Output("y", "y"),), ishigami)
CUBE = [Factor(f"x{i}", -PI, PI) for i in (1, 2, 3)]
COEFFICIENTS = (4.0, 2.0, 1.0)
#: y = 4 x1 + 2 x2 + x3 on [0, 1]^3: S1 = ST = a_i^2 / sum(a^2) = 16/21, 4/21, 1/21; each
#: elementary effect is a_i times the range, so Morris' mu* = a_i exactly and sigma = 0.
LINEAR = FunctionModel("linear", "A linear model", (Output("y", "y"),), lambda c: {
    "y": sum(a * c[f"x{i}"] for i, a in enumerate(COEFFICIENTS, 1))})
UNIT = [Factor(f"x{i}", 0.0, 1.0) for i in (1, 2, 3)]


def test_sobol_indices_of_ishigami_match_the_closed_form(tmp_path: Path) -> None:
    s1, st = ishigami_indices()
    outcome = explore(ISHIGAMI, CUBE, "sobol", 1024, tmp_path, seed=1, page=False)
    rows = outcome.final_rows()
    assert [r["parameter"] for r in rows] == ["x1", "x2", "x3"]
    for r, want1, want_t in zip(rows, s1, st, strict=True):
        assert abs(r["S1"] - want1) <= r["S1_conf"] and abs(r["S1"] - want1) < 0.03
        assert abs(r["ST"] - want_t) <= r["ST_conf"] and abs(r["ST"] - want_t) < 0.03
        assert 0 < r["S1_conf"] < 0.06 and 0 < r["ST_conf"] < 0.06
    # x3 acts only with x1: no first-order effect, a total one; the sentence says so.
    assert outcome.sentences == (
        (f"y: driven most by x1 (total index {rows[0]['ST']:.2f} ± {rows[0]['ST_conf']:.2f}), "
        f"then x2 ({rows[1]['ST']:.2f}) and x3 ({rows[2]['ST']:.2f}). Interactions matter: "
        f"total minus first order is {rows[2]['ST'] - rows[2]['S1']:.2f} for x3, a share of "
        "the variance it causes only together with the others."),)
    assert outcome.convergence == (6, ())


def test_sobol_indices_of_a_linear_model_and_no_interactions(tmp_path: Path) -> None:
    outcome = explore(LINEAR, UNIT, "sobol", 256, tmp_path, seed=3, page=False)
    total = sum(a * a for a in COEFFICIENTS)
    for r, a in zip(outcome.final_rows(), COEFFICIENTS, strict=True):
        assert r["S1"] == pytest.approx(a * a / total, abs=0.03)
        assert r["ST"] == pytest.approx(a * a / total, abs=0.03)
    assert "Interactions hardly matter" in outcome.sentences[0]


def test_morris_mu_star_of_a_linear_model_is_its_coefficients(tmp_path: Path) -> None:
    outcome = explore(LINEAR, UNIT, "morris", 20, tmp_path, seed=3, page=False)
    for r, a in zip(outcome.final_rows(), COEFFICIENTS, strict=True):
        assert r["mu_star"] == pytest.approx(a) and r["sigma"] == pytest.approx(0, abs=1e-9)
    assert outcome.sentences[0].startswith("y: moved most by x1 (mu* 4 over its range), then "
                                           "x2 (2) and x3 (1). Interactions hardly matter")


def test_first_order_indices_from_a_latin_hypercube(tmp_path: Path) -> None:
    outcome = explore(LINEAR, UNIT, "lhs", 2000, tmp_path, seed=3, page=False)
    total = sum(a * a for a in COEFFICIENTS)
    for r, a in zip(outcome.final_rows(), COEFFICIENTS, strict=True):
        assert r["S1"] == pytest.approx(a * a / total, abs=0.05)
    assert set(outcome.rows[0]) == {"result", "parameter", "samples", "evaluations", "S1",
                                    "S1_conf"}


def test_the_design_of_2n_begins_with_the_design_of_n() -> None:
    from SALib.sample import morris, sobol

    prob = problem(UNIT)
    d = design("sobol", UNIT, 64, seed=5)
    assert d.x.shape == (2 * 64 * 5, 3) and d.rows_at_n == 64 * 5
    assert np.array_equal(d.x[:d.rows_at_n],
                          sobol.sample(prob, 64, calc_second_order=False, seed=5))
    d = design("morris", UNIT, 10, seed=5)
    assert np.array_equal(d.x[:d.rows_at_n], morris.sample(prob, 10, num_levels=4, seed=5))


def test_whole_numbers_are_floored_and_each_equally_likely(tmp_path: Path) -> None:
    months = Factor("months", 6, 24, integer=True)
    assert months.bounds == (6, 25)
    assert months.values(np.array([6.0, 6.999, 24.5, 25.0])).tolist() == [6, 6, 24, 24]
    model = FunctionModel("m", "m", (Output("y", "y"),), lambda c: {"y": c["months"] * 1.0})
    explore(model, [months], "sobol", 1024, tmp_path, page=False)
    with open(tmp_path / "samples.csv") as f:
        rows = list(csv.DictReader(f))
    counts = np.bincount([int(r["months"]) for r in rows])[6:]
    assert len(counts) == 19 and counts.min() > 0.85 * counts.mean()  # 6..24, all alike
    assert all(r["y"] == f"{float(r['months'])!r}" for r in rows[:50])


def test_a_result_that_does_not_vary_gets_no_indices(tmp_path: Path) -> None:
    model = FunctionModel("m", "m", (Output("y", "y"), Output("zero", "zero")), lambda c: {
        "y": c["x1"] + c["x2"], "zero": np.zeros(len(c["x1"]))})
    outcome = explore(model, UNIT[:2], "sobol", 64, tmp_path, page=False)
    assert outcome.constant == ("zero",)
    assert {r["result"] for r in outcome.rows} == {"y"}
    assert (tmp_path / "samples.csv").read_text().splitlines()[0] == "x1,x2,y,zero"


def _row(parameter: str, s1: float, st: float, conf: float = 0.01, samples: int = 64
         ) -> dict:
    return {"result": "y", "parameter": parameter, "samples": samples, "S1": s1,
            "S1_conf": conf, "ST": st, "ST_conf": conf}


def test_the_sentence_names_the_driver_and_judges_the_interactions() -> None:
    y = Output("y", "Revenue", "usd")
    alone = [_row("months", 0.30, 0.31), _row("troops", 0.68, 0.70)]
    assert sentence(y, alone, "sobol") == (
        "Revenue: driven most by troops (total index 0.70 ± 0.01), then months (0.31). "
        "Interactions hardly matter: total minus first order is at most 0.02 (troops).")
    together = [_row("troops", 0.40, 0.60), _row("months", 0.30, 0.35)]
    assert "Interactions matter: total minus first order is 0.20 for troops" in sentence(
        y, together, "sobol")
    # A gap inside the estimates' own noise is not called an interaction.
    noisy = [_row("troops", 0.40, 0.47, conf=0.1)]
    assert sentence(y, noisy, "sobol").endswith(
        "Interactions may matter: total minus first order is 0.07 for troops, but within the "
        "estimates' intervals (more samples would tell).")


def test_n_and_2n_agree_when_their_intervals_overlap() -> None:
    rows = [_row("troops", 0.50, 0.60, samples=64), _row("troops", 0.51, 0.61, samples=128),
            _row("months", 0.20, 0.30, samples=64), _row("months", 0.40, 0.31, samples=128)]
    compared, bad = convergence(rows, "sobol")
    assert compared == 4
    assert bad == ["y, months, first-order index: 0.2 ± 0.01 at N, 0.4 ± 0.01 at 2N"]
    # A page names them as a reader does.
    _, bad = convergence(rows, "sobol", {"y": "Cash revenue", "months": "Months it lasts"})
    assert bad == [("Cash revenue, Months it lasts, first-order index: 0.2 ± 0.01 at N, "
                    "0.4 ± 0.01 at 2N")]


def test_the_bootstrap_shrinks_for_huge_designs() -> None:
    assert resamples(1024) == 100 and resamples(100_000) == 40 and resamples(10**7) == 20
