"""The multi-criteria model of notebook 03: weights, normalisation, weighted sum, TOPSIS
(checked against pymcdm), ranking and both sensitivity analyses."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from dprk_troops.errors import ParameterError
from dprk_troops.factbase.scores import read_option_scores
from dprk_troops.models.options import (
    normalise,
    random_weight_ranks,
    rank,
    topsis,
    validate_weights,
    weight_sweep,
    weighted_sum,
)

DIRECTIONS = {"gain": "benefit", "risk": "cost", "flat": "benefit"}
DEFAULTS = {"gain": 0.5, "risk": 0.25, "flat": 0.25}


@pytest.fixture
def small() -> pd.DataFrame:
    """Three options; 'flat' scores all three the same."""
    return pd.DataFrame(
        {"gain": [1, 3, 5], "risk": [1, 5, 3], "flat": [2, 2, 2]},
        index=pd.Index(["a", "b", "c"], name="option_id"),
    )


@pytest.fixture(scope="module")
def real():
    scores = read_option_scores()
    return scores.matrix(), scores.directions, validate_weights(None, scores.default_weights)


def random_matrix(seed: int, options: int = 7, criteria: int = 4) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        rng.uniform(1, 10, size=(options, criteria)),
        index=[f"o{i}" for i in range(options)], columns=[f"c{j}" for j in range(criteria)],
    )


# --- validate_weights --------------------------------------------------------------------


def test_no_weights_means_the_defaults_normalised() -> None:
    assert validate_weights(None, {"x": 2, "y": 6}) == {"x": 0.25, "y": 0.75}


def test_omitted_criteria_keep_their_default_weight() -> None:
    weights = validate_weights({"risk": 0.5}, DEFAULTS)
    assert weights == pytest.approx({"gain": 0.5 / 1.25, "risk": 0.5 / 1.25, "flat": 0.25 / 1.25})
    assert list(weights) == list(DEFAULTS), "criteria order comes from the defaults"
    assert sum(weights.values()) == pytest.approx(1.0)


def test_weights_accept_series_and_numpy_numbers() -> None:
    weights = validate_weights(pd.Series({"flat": np.float64(0.75), "gain": np.int64(1)}),
                               pd.Series(DEFAULTS))
    assert weights == pytest.approx({"gain": 0.5, "risk": 0.125, "flat": 0.375})


def test_a_single_nonzero_weight_is_allowed() -> None:
    assert validate_weights({"gain": 0, "risk": 3, "flat": 0}, DEFAULTS) == {
        "gain": 0.0, "risk": 1.0, "flat": 0.0}


@pytest.mark.parametrize(("weights", "message"), [
    ({"cost": 1}, (r"^parameter weights: unknown criterion 'cost' \(expected one of gain, risk, "
                  r"flat\)$")),
    ({"gain": -0.2}, r"^parameter weights: weight of gain must be >= 0, got -0\.2$"),
    ({"gain": True}, r"^parameter weights: weight of gain must be a number, got True$"),
    ({"gain": np.bool_(True)}, r"weight of gain must be a number"),
    ({"gain": "high"}, r"^parameter weights: weight of gain must be a number, got 'high'$"),
    ({"gain": None}, r"weight of gain must be a number, got None"),
    ({"gain": float("nan")}, r"weight of gain must be a finite number, got nan"),
    ({"gain": float("inf")}, r"weight of gain must be a finite number, got inf"),
    ({"gain": 0, "risk": 0, "flat": 0}, (r"^parameter weights: all weights are 0; give at least "
                                        r"one criterion a weight above 0$")),
    ([("gain", 1)], r"^parameter weights: expected a mapping of criterion to weight, got list$"),
])
def test_bad_weights_name_the_parameter(weights, message) -> None:
    with pytest.raises(ParameterError, match=message):
        validate_weights(weights, DEFAULTS)


def test_every_bad_weight_is_reported_at_once() -> None:
    with pytest.raises(ParameterError) as info:
        validate_weights({"gain": -1, "risk": "x"}, DEFAULTS)
    assert len(info.value.problems) == 2
    assert isinstance(info.value, ValueError), "ParameterError is a ValueError too"


# --- normalise ---------------------------------------------------------------------------


def test_normalise_min_max_with_costs_reversed_and_flat_to_zero(small) -> None:
    out = normalise(small, DIRECTIONS)
    assert out["gain"].tolist() == [0.0, 0.5, 1.0]
    assert out["risk"].tolist() == [1.0, 0.0, 0.5], "cost: the lowest risk scores 1"
    assert out["flat"].tolist() == [0.0, 0.0, 0.0], "a flat criterion separates nothing"
    assert out.index.equals(small.index) and out.columns.equals(small.columns)
    assert small["gain"].tolist() == [1, 3, 5], "input untouched"


def test_normalise_real_matrix_stays_in_unit_interval(real) -> None:
    matrix, directions, _ = real
    out = normalise(matrix, directions)
    assert ((out >= 0) & (out <= 1)).all().all()
    assert (out.max() == 1).all(), "no criterion of the real matrix is flat"


@pytest.mark.parametrize(("directions", "message"), [
    ({"gain": "benefit", "risk": "cost"}, (r"^parameter directions: no direction for criterion "
                                          r"'flat'$")),
    ({**DIRECTIONS, "flat": "up"}, (r"^parameter directions: direction of flat must be "
                                   r"'benefit' or 'cost', got 'up'$")),
    (["benefit"], r"parameter directions: expected a mapping"),
])
def test_bad_directions_name_the_parameter(small, directions, message) -> None:
    with pytest.raises(ParameterError, match=message):
        normalise(small, directions)


def test_directions_may_name_more_criteria_than_the_matrix(small) -> None:
    out = normalise(small[["gain"]], DIRECTIONS)
    assert out["gain"].tolist() == [0.0, 0.5, 1.0]


@pytest.mark.parametrize(("matrix", "message"), [
    (pd.DataFrame({"gain": [1.0, np.nan]}), r"finite number \(no NaN\)"),
    (pd.DataFrame({"gain": ["a", "b"]}), r"every score must be a number"),
    (pd.DataFrame(), r"parameter matrix: empty"),
    (np.ones((2, 2)), r"parameter matrix: expected a DataFrame"),
])
def test_bad_matrix_names_the_parameter(matrix, message) -> None:
    with pytest.raises(ParameterError, match=message):
        normalise(matrix, DIRECTIONS)


# --- weighted_sum ------------------------------------------------------------------------


def test_weighted_sum_by_hand(small) -> None:
    scores = weighted_sum(small, DEFAULTS, DIRECTIONS)
    # normalised: gain 0, .5, 1; risk 1, 0, .5; flat 0
    assert scores.tolist() == pytest.approx([0.25, 0.25, 0.625])
    assert scores.name == "weighted_sum" and scores.index.equals(small.index)


def test_weights_are_divided_by_their_sum(small) -> None:
    doubled = {k: 2 * v for k, v in DEFAULTS.items()}
    pd.testing.assert_series_equal(weighted_sum(small, doubled, DIRECTIONS),
                                   weighted_sum(small, DEFAULTS, DIRECTIONS))


def test_single_nonzero_weight_ranks_by_that_criterion_alone(small) -> None:
    only_gain = weighted_sum(small, {"gain": 1, "risk": 0, "flat": 0}, DIRECTIONS)
    assert only_gain.tolist() == [0.0, 0.5, 1.0]
    only_risk = weighted_sum(small, {"gain": 0, "risk": 1, "flat": 0}, DIRECTIONS)
    assert rank(only_risk) == ["a", "c", "b"]


def test_cost_reverses_what_benefit_would_say(small) -> None:
    weights = {"gain": 0, "risk": 1, "flat": 0}
    as_cost = weighted_sum(small, weights, DIRECTIONS)
    as_benefit = weighted_sum(small, weights, {**DIRECTIONS, "risk": "benefit"})
    assert (as_cost + as_benefit).tolist() == pytest.approx([1.0, 1.0, 1.0])
    assert rank(as_cost) == list(reversed(rank(as_benefit)))


def test_weight_on_a_flat_criterion_adds_nothing(small) -> None:
    assert weighted_sum(small, {"gain": 0, "risk": 0, "flat": 1}, DIRECTIONS).tolist() == [0, 0, 0]


@pytest.mark.parametrize(("weights", "message"), [
    ({"gain": 1, "risk": 1}, (r"^parameter weights: no weight for criterion 'flat' \(complete "
                             r"them with validate_weights\)$")),
    ({**DEFAULTS, "cost": 1}, r"^parameter weights: unknown criterion 'cost'"),
    ({**DEFAULTS, "gain": -1}, r"weight of gain must be >= 0, got -1$"),
])
def test_weighted_sum_needs_a_weight_per_criterion(small, weights, message) -> None:
    with pytest.raises(ParameterError, match=message):
        weighted_sum(small, weights, DIRECTIONS)


def test_default_ranking_is_deterministic(real) -> None:
    matrix, directions, weights = real
    first = rank(weighted_sum(matrix, weights, directions))
    assert sorted(first) == sorted(matrix.index)
    for _ in range(5):
        assert rank(weighted_sum(matrix, weights, directions)) == first
    reordered = dict(reversed(list(weights.items())))
    assert rank(weighted_sum(matrix, reordered, directions)) == first
    assert rank(weighted_sum(matrix, pd.Series(weights), pd.Series(directions))) == first


# --- topsis ------------------------------------------------------------------------------


def test_topsis_by_hand_on_one_criterion() -> None:
    matrix = pd.DataFrame({"gain": [1.0, 2.0, 3.0]}, index=["a", "b", "c"])
    closeness = topsis(matrix, {"gain": 1}, {"gain": "benefit"})
    # v = x / sqrt(14); ideal 3, anti-ideal 1 (in v units): C = (x - 1) / 2
    assert closeness.tolist() == pytest.approx([0.0, 0.5, 1.0])
    as_cost = topsis(matrix, {"gain": 1}, {"gain": "cost"})
    assert as_cost.tolist() == pytest.approx([1.0, 0.5, 0.0])
    assert closeness.name == "topsis"


def test_topsis_gives_a_tie_when_every_criterion_is_flat() -> None:
    matrix = pd.DataFrame({"x": [2, 2, 2], "y": [4, 4, 4]}, index=["a", "b", "c"])
    closeness = topsis(matrix, {"x": 1, "y": 1}, {"x": "benefit", "y": "cost"})
    assert closeness.tolist() == [0.5, 0.5, 0.5]
    assert rank(closeness) == ["a", "b", "c"]


def test_topsis_ignores_a_criterion_of_zeros_without_dividing_by_zero() -> None:
    matrix = pd.DataFrame({"x": [1, 3], "z": [0, 0]}, index=["a", "b"])
    assert topsis(matrix, {"x": 1, "z": 1}, {"x": "benefit", "z": "benefit"}).tolist() == [0, 1]


def test_topsis_stays_in_unit_interval(real) -> None:
    matrix, directions, weights = real
    closeness = topsis(matrix, weights, directions)
    assert ((closeness >= 0) & (closeness <= 1)).all()
    assert rank(topsis(matrix, weights, directions)) == rank(closeness)


def _pymcdm_topsis(matrix: pd.DataFrame, weights: dict[str, float],
                   directions: dict[str, str]) -> np.ndarray:
    from pymcdm.methods import TOPSIS
    from pymcdm.normalizations import vector_normalization

    w = np.array([weights[c] for c in matrix.columns])
    types = np.array([-1 if directions[c] == "cost" else 1 for c in matrix.columns])
    return TOPSIS(normalization_function=vector_normalization)(
        matrix.to_numpy(dtype=float), w, types)


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_topsis_agrees_with_pymcdm_on_the_real_matrix(real) -> None:
    matrix, directions, weights = real
    ours = topsis(matrix, weights, directions)
    assert ours.to_numpy() == pytest.approx(_pymcdm_topsis(matrix, weights, directions),
                                            abs=1e-12)
    for criterion in weights:  # and with every single criterion emphasised
        tilted = validate_weights({criterion: 1.0}, weights)
        assert topsis(matrix, tilted, directions).to_numpy() == pytest.approx(
            _pymcdm_topsis(matrix, tilted, directions), abs=1e-12)


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_topsis_agrees_with_pymcdm_on_random_matrices(seed: int) -> None:
    matrix = random_matrix(seed)
    rng = np.random.default_rng(100 + seed)
    weights = dict(zip(matrix.columns, rng.dirichlet(np.ones(matrix.shape[1])), strict=True))
    directions = {c: ("cost" if j % 2 else "benefit") for j, c in enumerate(matrix.columns)}
    assert topsis(matrix, weights, directions).to_numpy() == pytest.approx(
        _pymcdm_topsis(matrix, weights, directions), abs=1e-12)


# --- rank --------------------------------------------------------------------------------


def test_rank_best_first_with_ties_to_the_option_listed_first() -> None:
    assert rank(pd.Series([0.5, 0.7, 0.5, 0.1], index=["a", "b", "c", "d"])) == [
        "b", "a", "c", "d"]
    assert rank(pd.Series([0.5, 0.5], index=["y", "x"])) == ["y", "x"]


def test_rank_treats_float_noise_as_a_tie() -> None:
    assert 0.1 + 0.2 > 0.3
    assert rank(pd.Series([0.3, 0.1 + 0.2], index=["a", "b"])) == ["a", "b"]


@pytest.mark.parametrize(("scores", "message"), [
    (pd.Series([0.1, np.nan], index=["a", "b"]), r"^parameter scores: no score \(NaN\) for b$"),
    ([0.1, 0.2], r"^parameter scores: expected a Series"),
])
def test_rank_refuses_bad_scores(scores, message) -> None:
    with pytest.raises(ParameterError, match=message):
        rank(scores)


# --- weight_sweep ------------------------------------------------------------------------


def test_sweep_shape_and_grid(small) -> None:
    sweep = weight_sweep(small, DEFAULTS, DIRECTIONS, "gain", steps=5)
    assert list(sweep.columns) == ["criterion", "weight", "option_id", "score", "rank"]
    assert len(sweep) == 5 * 3
    assert sorted(set(sweep["weight"])) == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert (sweep["criterion"] == "gain").all()
    assert list(sweep["option_id"].cat.categories) == ["a", "b", "c"]
    assert sweep["rank"].dtype == "int64"


def test_sweep_keeps_the_other_weights_in_proportion(small) -> None:
    weights = {"gain": 0.2, "risk": 0.6, "flat": 0.2}
    sweep = weight_sweep(small, weights, DIRECTIONS, "gain", steps=11)
    for w, group in sweep.groupby("weight"):
        implied = {"gain": w, "risk": (1 - w) * 0.75, "flat": (1 - w) * 0.25}
        if w == 1:
            implied = {"gain": 1, "risk": 0, "flat": 0}
        expected = weighted_sum(small, implied, DIRECTIONS)
        assert group["score"].tolist() == pytest.approx(expected.tolist())
        ranks = group.sort_values("rank")["option_id"].astype(str).tolist()
        assert ranks == rank(expected)


@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
def test_sweep_passes_through_the_readers_weights(real, method: str) -> None:
    matrix, directions, weights = real
    score = {"weighted_sum": weighted_sum, "topsis": topsis}[method]
    sweep = weight_sweep(matrix, weights, directions, "deterrence", steps=21, method=method)
    at_default = sweep[np.isclose(sweep["weight"], weights["deterrence"])]
    assert at_default["score"].tolist() == pytest.approx(
        score(matrix, weights, directions).tolist())


def test_sweep_shares_the_rest_equally_when_the_others_weigh_nothing(small) -> None:
    sweep = weight_sweep(small, {"gain": 1, "risk": 0, "flat": 0}, DIRECTIONS, "gain", steps=3)
    at_zero = sweep[sweep["weight"] == 0]
    expected = weighted_sum(small, {"gain": 0, "risk": 0.5, "flat": 0.5}, DIRECTIONS)
    assert at_zero["score"].tolist() == pytest.approx(expected.tolist())


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"criterion": "cost"}, (r"^parameter criterion: unknown criterion 'cost' \(expected one of "
                            r"gain, risk, flat\)$")),
    ({"steps": 1}, r"^parameter steps: must be >= 2, got 1$"),
    ({"steps": True}, r"^parameter steps: expected a whole number, got True$"),
    ({"steps": 2.5}, r"^parameter steps: expected a whole number, got 2\.5$"),
    ({"method": "ahp"}, (r"^parameter method: unknown method 'ahp' \(expected one of "
                        r"weighted_sum, topsis\)$")),
])
def test_sweep_refuses_bad_parameters(small, kwargs, message) -> None:
    kwargs = {"criterion": "gain", **kwargs}
    with pytest.raises(ParameterError, match=message):
        weight_sweep(small, DEFAULTS, DIRECTIONS, **kwargs)


# --- random_weight_ranks -----------------------------------------------------------------


@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
def test_random_ranks_shares_and_mean_ranks_add_up(real, method: str) -> None:
    matrix, directions, _ = real
    out = random_weight_ranks(matrix, directions, n=2_000, method=method)
    assert list(out.index) == list(matrix.index) and out.index.name == "option_id"
    assert list(out.columns) == ["share_first", "mean_rank"]
    assert out["share_first"].sum() == pytest.approx(1.0)
    m = len(matrix)
    assert out["mean_rank"].sum() == pytest.approx(m * (m + 1) / 2)
    assert out["mean_rank"].between(1, m).all()


def test_random_ranks_are_reproducible_with_a_seed(real) -> None:
    matrix, directions, _ = real
    a = random_weight_ranks(matrix, directions, n=1_000, seed=7)
    pd.testing.assert_frame_equal(a, random_weight_ranks(matrix, directions, n=1_000, seed=7))
    b = random_weight_ranks(matrix, directions, n=1_000, seed=8)
    assert not a.equals(b)


@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
def test_random_ranks_match_a_draw_by_draw_loop(method: str) -> None:
    matrix = random_matrix(5, options=5, criteria=3)
    directions = {"c0": "benefit", "c1": "cost", "c2": "benefit"}
    n, seed = 300, 11
    draws = np.random.default_rng(seed).dirichlet(np.ones(3), size=n)
    score = {"weighted_sum": weighted_sum, "topsis": topsis}[method]
    firsts = pd.Series(0, index=matrix.index)
    rank_sum = pd.Series(0, index=matrix.index)
    for w in draws:
        order = rank(score(matrix, dict(zip(matrix.columns, w, strict=True)), directions))
        firsts[order[0]] += 1
        rank_sum[order] += np.arange(1, len(order) + 1)
    out = random_weight_ranks(matrix, directions, n=n, seed=seed, method=method)
    assert out["share_first"].tolist() == pytest.approx((firsts / n).tolist())
    assert out["mean_rank"].tolist() == pytest.approx((rank_sum / n).tolist())


def test_a_dominant_option_always_wins_and_a_dominated_one_never(small) -> None:
    matrix = pd.DataFrame({"gain": [5, 3, 1], "risk": [1, 3, 5]}, index=["best", "mid", "worst"])
    out = random_weight_ranks(matrix, {"gain": "benefit", "risk": "cost"}, n=500)
    assert out["share_first"].tolist() == [1.0, 0.0, 0.0]
    assert out["mean_rank"].tolist() == [1.0, 2.0, 3.0]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"n": 0}, r"^parameter n: must be >= 1, got 0$"),
    ({"n": 1.5}, r"^parameter n: expected a whole number, got 1\.5$"),
    ({"seed": "x"}, r"^parameter seed: expected a whole number, got 'x'$"),
    ({"seed": -1}, r"^parameter seed: must be >= 0, got -1$"),
    ({"method": "ahp"}, r"^parameter method: unknown method 'ahp'"),
])
def test_random_ranks_refuse_bad_parameters(small, kwargs, message) -> None:
    with pytest.raises(ParameterError, match=message):
        random_weight_ranks(small, DIRECTIONS, **kwargs)


def test_random_ranks_without_a_seed_still_run(small) -> None:
    out = random_weight_ranks(small, DIRECTIONS, n=10, seed=None)
    assert out["share_first"].sum() == pytest.approx(1.0)
