"""The analyst's option scores: the real file loads whole, and each kind of mistake in it
is reported on one line that names the file, the option/criterion pair and the field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from dprk_troops import paths
from dprk_troops.errors import FactBaseError
from dprk_troops.factbase.facts import load_facts, load_options
from dprk_troops.factbase.scores import load_option_scores, read_option_scores


@pytest.fixture(scope="module")
def scores():
    return read_option_scores()


# --- the real file -----------------------------------------------------------------------


def test_matrix_has_every_option_in_file_order_and_every_criterion(scores) -> None:
    matrix = scores.matrix()
    assert list(matrix.index) == list(load_options()["option_id"])
    assert list(matrix.columns) == list(scores.criteria.index)
    assert list(scores.criteria.index) == [
        "deterrence", "escalation_risk", "domestic_support", "legal_feasibility",
        "value_to_allies",
    ]
    assert (matrix.dtypes == "int64").all()
    assert matrix.notna().all().all()
    assert matrix.isin(range(1, 6)).all().all()


def test_criteria_have_directions_and_default_weights_summing_to_one(scores) -> None:
    assert scores.directions["escalation_risk"] == "cost"
    assert {d for c, d in scores.directions.items() if c != "escalation_risk"} == {"benefit"}
    assert sum(scores.default_weights.values()) == pytest.approx(1.0)
    assert scores.criteria["default_weight"].dtype == "float64"
    assert scores.criteria["description"].str.len().min() > 20


def test_long_table_has_one_row_per_pair_with_reason_and_facts(scores) -> None:
    long = load_option_scores()
    assert len(long) == 6 * 5
    assert not long.duplicated(["option_id", "criterion_id"]).any()
    assert isinstance(long["option_id"].dtype, pd.CategoricalDtype)
    assert long["score"].dtype == "int64"
    known = set(load_facts()["fact_id"])
    for row in long.itertuples():
        assert "\n" not in row.reason
        assert row.fact_ids and set(row.fact_ids) <= known
        assert all(f in row.reason for f in row.fact_ids)


def test_matrix_is_the_long_table_pivoted(scores) -> None:
    matrix = scores.matrix()
    for row in scores.scores.itertuples():
        assert matrix.loc[row.option_id, row.criterion_id] == row.score


def test_direct_arms_judgment_follows_the_articles(scores) -> None:
    """The brief's reading: high deterrence and value, high risk, low support and legality."""
    direct = scores.matrix().loc["direct_arms"]
    assert direct["deterrence"] >= 4 and direct["value_to_allies"] >= 4
    assert direct["escalation_risk"] == 5
    assert direct["domestic_support"] <= 2 and direct["legal_feasibility"] <= 2


# --- broken copies -----------------------------------------------------------------------


def edit_scores(seeds: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Load the copy's option_scores.yaml, apply ``change`` to it, write it back."""
    path = seeds / paths.OPTION_SCORES_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def entry(data: dict[str, Any], option: str, criterion: str) -> dict[str, Any]:
    return next(s for s in data["scores"]
                if s["option_id"] == option and s["criterion_id"] == criterion)


def problems_of(seeds: Path) -> list[str]:
    with pytest.raises(FactBaseError) as info:
        read_option_scores(seeds)
    return info.value.problems


def test_error_line_names_file_pair_and_field(seeds_copy: Path, monkeypatch) -> None:
    edit_scores(seeds_copy, lambda d: entry(d, "direct_arms", "deterrence").update(score=6))
    monkeypatch.chdir(seeds_copy.parent)
    assert problems_of(seeds_copy) == [
        ("seeds/option_scores.yaml: score direct_arms/deterrence: score: expected a whole "
        "number from 1 to 5, got 6")
    ]


@pytest.mark.parametrize(("value", "message"), [
    (0, "expected a whole number from 1 to 5, got 0"),
    (4.5, "expected a whole number, got 4.5"),
    (4.0, "expected a whole number, got 4.0"),
    (True, "expected a whole number, got True"),
    ("4", "expected a whole number, got '4'"),
])
def test_score_must_be_a_whole_number_from_1_to_5(seeds_copy: Path, value, message) -> None:
    edit_scores(seeds_copy, lambda d: entry(d, "direct_arms", "deterrence").update(score=value))
    assert problems_of(seeds_copy) == [
        (f"{paths.display_path(seeds_copy / paths.OPTION_SCORES_FILE)}: score "
        f"direct_arms/deterrence: score: {message}")
    ]


def test_missing_pair_is_named(seeds_copy: Path) -> None:
    def drop(d: dict[str, Any]) -> None:
        d["scores"].remove(entry(d, "direct_arms", "deterrence"))
        d["scores"].remove(entry(d, "lift_arms_ban", "value_to_allies"))

    edit_scores(seeds_copy, drop)
    problems = problems_of(seeds_copy)
    assert len(problems) == 2
    assert problems[0].endswith("score lift_arms_ban/value_to_allies: missing (every option "
                                "needs one score on every criterion)")
    assert "score direct_arms/deterrence: missing" in problems[1]


def test_unknown_option_is_named(seeds_copy: Path) -> None:
    edit_scores(seeds_copy,
                lambda d: entry(d, "direct_arms", "deterrence").update(option_id="nuclear_test"))
    problems = problems_of(seeds_copy)
    assert any(p.endswith("score nuclear_test/deterrence: option_id 'nuclear_test' is not in "
                          "options.yaml (expected one of status_quo_nonlethal, "
                          "indirect_supply, monitoring_team, lift_arms_ban, direct_arms, "
                          "eu_nato_cooperation)") for p in problems)
    # The pair it no longer covers is reported too.
    assert any(p.endswith("score direct_arms/deterrence: missing (every option needs one "
                          "score on every criterion)") for p in problems)


def test_unknown_fact_id_is_named(seeds_copy: Path) -> None:
    edit_scores(seeds_copy, lambda d: entry(d, "direct_arms", "deterrence").update(
        fact_ids=["no_such_fact"], reason="Leans on a fact that does not exist (no_such_fact)."))
    [problem] = problems_of(seeds_copy)
    assert problem.endswith("score direct_arms/deterrence: fact_ids: unknown fact "
                            "'no_such_fact'")


def test_reason_must_name_its_facts(seeds_copy: Path) -> None:
    edit_scores(seeds_copy, lambda d: entry(d, "direct_arms", "deterrence").update(
        reason="Strong, but says not why."))
    [problem] = problems_of(seeds_copy)
    assert problem.endswith("score direct_arms/deterrence: the reason must name every fact "
                            "it leans on; it omits brk_yoon_direct_arms_pledge, "
                            "nos1_rok_army_500000")


def test_unknown_criterion_and_duplicate_pair(seeds_copy: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        entry(d, "direct_arms", "deterrence").update(criterion_id="cost")
        d["scores"].append(dict(entry(d, "indirect_supply", "deterrence")))

    edit_scores(seeds_copy, change)
    problems = "\n".join(problems_of(seeds_copy))
    assert "score direct_arms/cost: criterion_id 'cost' is not declared under criteria " \
           "(expected one of deterrence, escalation_risk," in problems
    assert "score indirect_supply/deterrence: duplicate score_id" in problems
    assert "score direct_arms/deterrence: missing" in problems


def test_criterion_direction_and_weights_are_checked(seeds_copy: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["criteria"][0]["direction"] = "up"
        d["criteria"][1]["default_weight"] = -0.2
        d["criteria"][2]["colour"] = "red"

    edit_scores(seeds_copy, change)
    problems = problems_of(seeds_copy)
    tails = [p.split(": ", 1)[1] for p in problems]
    assert tails == [
        "criterion deterrence: direction: expected 'benefit' or 'cost', got 'up'",
        "criterion escalation_risk: default_weight: expected a number >= 0, got -0.2",
        "criterion domestic_support: unknown field 'colour'",
    ]


def test_all_zero_default_weights_are_refused(seeds_copy: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        for c in d["criteria"]:
            c["default_weight"] = 0

    edit_scores(seeds_copy, change)
    [problem] = problems_of(seeds_copy)
    assert problem.endswith("criteria: default weights sum to 0; give at least one criterion "
                            "a weight above 0")


def test_top_level_must_be_criteria_and_scores(seeds_copy: Path) -> None:
    edit_scores(seeds_copy, lambda d: d.update(weights={}))
    [problem] = problems_of(seeds_copy)
    assert problem.endswith("unknown top-level key(s) ['weights']: expected 'criteria' and "
                            "'scores'")


def test_every_problem_is_reported_at_once(seeds_copy: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        entry(d, "direct_arms", "deterrence").update(score=6)
        entry(d, "monitoring_team", "deterrence").update(option_id="spy_team")

    edit_scores(seeds_copy, change)
    problems = problems_of(seeds_copy)
    assert sum("score direct_arms/deterrence: score:" in p for p in problems) == 1
    assert sum("option_id 'spy_team'" in p for p in problems) == 1
    # A score with a bad value is still present: it is not also reported as missing.
    assert not any("direct_arms/deterrence: missing" in p for p in problems)


def test_missing_and_broken_file(seeds_copy: Path) -> None:
    path = seeds_copy / paths.OPTION_SCORES_FILE
    path.write_text("criteria: [\n", encoding="utf-8")
    [problem] = problems_of(seeds_copy)
    assert problem.startswith(f"{paths.display_path(path)}: line ") and "broken YAML" in problem
    path.unlink()
    assert problems_of(seeds_copy) == [f"{paths.display_path(path)}: file not found"]


def test_a_broken_fact_base_is_reported_not_echoed(seeds_copy: Path) -> None:
    (seeds_copy / paths.OPTIONS_FILE).write_text("- [\n", encoding="utf-8")
    problems = problems_of(seeds_copy)
    assert len(problems) == 1 and "options.yaml: line" in problems[0]


def test_a_missing_section_is_one_problem_not_thirty(seeds_copy: Path) -> None:
    edit_scores(seeds_copy, lambda d: d.pop("scores"))
    assert [p.split(": ", 1)[1] for p in problems_of(seeds_copy)] == [
        "missing top-level key 'scores'"]
