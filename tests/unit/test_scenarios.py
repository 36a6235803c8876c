"""Planning a report: scenarios, selections and -p overrides, all checked before a kernel."""

from __future__ import annotations

from pathlib import Path

import pytest
from dprk_troops.errors import DprkTroopsError
from dprk_troops.factbase.facts import load_facts
from dprk_troops.models.revenue import fact_range
from dprk_troops.reporting.scenarios import load_scenarios, parse_overrides, plan


def test_the_reports_file_has_low_base_high_for_every_notebook() -> None:
    notebooks, scenarios = load_scenarios()
    assert {"low", "base", "high"} <= set(scenarios)
    assert len(plan()) == len(notebooks) * len(scenarios)


def test_low_and_high_are_the_ends_of_the_reported_troop_range() -> None:
    _, scenarios = load_scenarios()
    low, high = fact_range(load_facts(), "dprk_troops_in_russia")
    for nb in ("01_cost_vs_revenue", "02_troop_comparisons"):
        assert scenarios["low"].parameters[nb]["troops"] == low
        assert scenarios["high"].parameters[nb]["troops"] == high


def test_selection_by_stem_or_number() -> None:
    runs = plan(["base"], ["01", "02_troop_comparisons"])
    assert [(r.notebook, r.scenario) for r in runs] == [("01_cost_vs_revenue", "base"),
                                                        ("02_troop_comparisons", "base")]


def test_overrides_apply_to_every_notebook_that_has_them() -> None:
    runs = plan(["low"], [], parse_overrides(["troops=5000"]))
    given = {r.notebook: r.parameters.get("troops") for r in runs}
    assert given == {"01_cost_vs_revenue": 5000, "02_troop_comparisons": 5000,
                     "03_south_korea_options": None}


def test_override_values_are_read_as_yaml() -> None:
    assert parse_overrides(["months=12", "regime_share=0.5", "weights={deterrence: 1}",
                            "scale=linear"]) == {"months": 12, "regime_share": 0.5,
                                                 "weights": {"deterrence": 1}, "scale": "linear"}


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"scenarios": ["medium"]}, "unknown scenario 'medium' (expected one of low, base, high)"),
    ({"notebooks": ["04"]}, "unknown notebook '04'"),
    ({"overrides": {"trops": 1}}, "-p trops: no selected notebook has this parameter"),
    ({"notebooks": ["03"], "overrides": {"troops": 1}},
     "-p troops: no selected notebook has this parameter"),
    ({"scenarios": ["base"], "overrides": {"troops": -5}},
     "scenario base, notebook 01_cost_vs_revenue: parameter troops: expected a whole number"),
    ({"scenarios": ["base"], "overrides": {"months": "twelve"}},
     "scenario base, notebook 01_cost_vs_revenue: parameter months"),
    ({"scenarios": ["base"], "overrides": {"regime_share": 2}},
     "parameter regime_share: expected a number from 0 to 1, got 2"),
])
def test_bad_input_is_one_clear_line(kwargs: dict, message: str) -> None:
    with pytest.raises(DprkTroopsError) as info:
        plan(**kwargs)
    assert any(message in line for line in info.value.problems), info.value.problems


def test_bad_override_syntax() -> None:
    with pytest.raises(DprkTroopsError, match="-p troops: expected NAME=VALUE"):
        parse_overrides(["troops"])


def test_a_broken_reports_file_names_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "reports.yaml"
    bad.write_text("scenarios:\n  base: [\n")
    with pytest.raises(DprkTroopsError, match=r"reports\.yaml: line \d+: broken YAML"):
        load_scenarios(bad)
    bad.write_text("scenarios:\n  odd:\n    parameters:\n      05_nothing: {}\n")
    with pytest.raises(DprkTroopsError, match="scenario odd: unknown notebook '05_nothing'"):
        load_scenarios(bad)


def test_a_new_scenario_is_a_few_lines(tmp_path: Path) -> None:
    text = Path("reports.yaml").read_text() + (
        "  longer:\n    description: Two and a half years.\n    parameters:\n"
        "      01_cost_vs_revenue: {months: 30}\n")
    path = tmp_path / "reports.yaml"
    path.write_text(text)
    runs = plan(["longer"], ["01"], reports_file=path)
    assert runs[0].parameters == {"months": 30}


def test_the_reports_file_is_read_once_into_one_object_that_plans(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml
    from dprk_troops.reporting.scenarios import ReportsFile, Selection

    reads = []
    real = yaml.safe_load
    monkeypatch.setattr(yaml, "safe_load", lambda text: reads.append(1) or real(text))
    reports = ReportsFile.read()
    briefing = reports.plan(Selection())
    sweep = reports.plan(Selection(named_sweeps=("size-and-length",)))
    assert len(reads) == 1
    assert Selection().is_briefing and not Selection(scenarios=("base",)).is_briefing
    assert len(briefing.runs) == len(reports.notebooks) * len(reports.scenarios)
    assert briefing.scenarios == {k: v.description for k, v in reports.scenarios.items()}
    assert len(sweep.runs) == 12 and sweep.scenarios == {}
    assert sweep.notes[sweep.runs[0].scenario].startswith("Revenue and losses")


def test_an_unknown_sweep_names_those_there_are() -> None:
    from dprk_troops.reporting.scenarios import ReportsFile, Selection

    with pytest.raises(DprkTroopsError, match=r"--sweep nope: no such sweep in reports\.yaml "
                                              r"\(it has: size-and-length, revenue-"):
        ReportsFile.read().plan(Selection(named_sweeps=("nope",)))
