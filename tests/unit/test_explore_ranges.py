"""The explorer's input: ranges checked against a notebook's definition, samples against
the method, and the declared explorations of reports.yaml. One line per problem."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from dprk_troops import paths
from dprk_troops.errors import DprkTroopsError, InputError
from dprk_troops.explore.declared import load_explorations
from dprk_troops.explore.ranges import explorable, factors, parse_range
from dprk_troops.explore.sampling import check_samples, evaluations
from dprk_troops.workbook import MODULES

NB01 = MODULES["01_cost_vs_revenue"]
NB03 = MODULES["03_south_korea_options"]


def _factors(module, *ranges: str, fixed=None):
    return factors(module.DEFINITION, [parse_range(r) for r in ranges],
                   getattr(module, "BATCH_KEYS", {}), fixed)


def test_a_range_reads_name_low_and_high() -> None:
    assert parse_range("troops=1500..13000") == ("troops", 1500.0, 13000.0)
    assert parse_range(" regime_share = 0.5..1") == ("regime_share", 0.5, 1.0)


@pytest.mark.parametrize("text", ["troops", "troops=1500", "troops=a..b", "=1..2",
                                  "troops=1..inf"])
def test_a_malformed_range_is_one_line(text: str) -> None:
    with pytest.raises(InputError, match=r"^--range .*expected") as err:
        parse_range(text)
    assert len(err.value.problems) == 1


def test_good_ranges_become_factors_whole_numbers_marked() -> None:
    found = _factors(NB01, "troops=1500..13000", "months=6..24", "regime_share=0.5..1")
    assert [(f.name, f.integer) for f in found] == [
        ("troops", True), ("months", True), ("regime_share", False)]
    assert found[0].label == "Soldiers the deployment grows to"


@pytest.mark.parametrize(("module", "text", "message"), [
    (NB01, "troopz=1..2", (r"^--range troopz: unknown parameter for 01_cost_vs_revenue "
                          r"\(explorable: troops, ")),
    (NB01, "troops=1500..3000000", (r"^--range troops: 1500\.\.3e\+06: outside the "
                                   r"parameter's bounds \(a whole number from 0 to 2,000,000\)$")),
    (NB01, "regime_share=-0.5..1", r"outside the parameter's bounds \(a number from 0 to 1\)"),
    (NB01, "months=24..6", r"^--range months: 24\.\.6: expected LOW < HIGH$"),
    (NB01, "months=6..6", r"expected LOW < HIGH"),
    (NB01, "months=6.5..24", r"months takes whole numbers"),
    (NB01, "troop_schedule=0..1", (r"^--range troop_schedule: a choice \(one of reported, "
                                  r"constant\), not a number: fix it with -p")),
    (NB01, "seed=0..10", r"^--range seed: a setting, held fixed"),
    (NB01, "mc_spreads.troops=0..0.5", r"^--range mc_spreads\.troops: shapes the band"),
    (NB01, "troops.x=1..2", r"not a mapping"),
    (NB03, "weights=0..1", r"explore its keys one by one, e\.g\. weights\.deterrence=0\.\.1"),
    (NB03, "weights.courage=0..1", r"unknown key 'courage' \(expected one of deterrence, "),
    (NB03, "weights.deterrence=-1..1", r"outside the parameter's bounds \(a weight >= 0\)"),
    (NB03, "method=0..1", r"a choice"),
])
def test_a_bad_range_is_refused_in_one_line(module, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as err:
        _factors(module, text)
    assert len(err.value.problems) == 1 and "\n" not in err.value.problems[0]


def test_a_parameter_is_explored_once_and_never_also_fixed() -> None:
    with pytest.raises(InputError, match="--range troops: given twice"):
        _factors(NB01, "troops=1..2", "troops=3..4")
    with pytest.raises(InputError, match="given both as a range and as -p troops"):
        _factors(NB01, "troops=1..2", fixed={"troops": 5})
    # A mapping's other keys may be fixed while one is explored.
    assert _factors(NB03, "weights.deterrence=0..1", fixed={"weights": {"deterrence": 1}})


def test_no_range_names_what_can_be_explored() -> None:
    with pytest.raises(InputError, match="at least one --range"):
        _factors(NB01)
    assert explorable(NB03.DEFINITION, NB03.BATCH_KEYS)[:2] == [
        "weights.deterrence", "weights.escalation_risk"]
    assert "seed" not in explorable(NB01.DEFINITION, {})


@pytest.mark.parametrize(("method", "n", "message"), [
    ("sobol", 32, r"^--samples 32: too few for Sobol': at least 64$"),
    ("sobol", 1000, (r"^--samples 1000: Sobol' points are balanced only at a power of 2 "
                    r"\(e\.g\. 512 or 1024\)$")),
    ("morris", 5, r"too few for Morris: at least 10"),
    ("lhs", 20, r"too few for Latin hypercube: at least 32"),
    ("sobol", 1 << 24, r"evaluations; at most"),
    ("saltelli", 64, r"--method saltelli: expected one of sobol, morris, lhs"),
])
def test_too_few_samples_for_the_method_are_refused(method: str, n: int, message: str) -> None:
    with pytest.raises(InputError, match=message):
        check_samples(method, n, 3)


def test_the_evaluations_are_2n_times_the_rows_per_sample() -> None:
    assert evaluations("sobol", 1024, 3) == 10_240
    assert evaluations("morris", 100, 3) == 800
    assert evaluations("lhs", 500, 3) == 1000


def test_the_reports_file_declares_an_exploration_of_notebook_01() -> None:
    declared = load_explorations(paths.PROJ_ROOT / "reports.yaml")
    d = declared["revenue-drivers"]
    assert d.notebook == "01_cost_vs_revenue" and d.method == "sobol"
    assert [name for name, _, _ in d.ranges] == ["troops", "months", "regime_share"]


@pytest.mark.parametrize(("change", "message"), [
    ({"ranges": {"troops": [13000, 1500]}}, (r"exploration revenue-drivers: --range troops: "
                                            r"13000\.\.1500: expected LOW < HIGH")),
    ({"samples": 100}, r"exploration revenue-drivers: --samples 100: Sobol' points"),
    ({"colour": "red"}, r"exploration revenue-drivers: unknown field 'colour'"),
    ({"ranges": {"troops": 5}}, (r"exploration revenue-drivers: ranges: expected a mapping of "
                                r"parameter to \[low, high\]")),
    ({"parameters": {"troop_schedule": "weekly"}}, (r"exploration revenue-drivers: parameter "
                                                   r"troop_schedule: expected one")),
])
def test_a_bad_declared_exploration_names_the_file_and_the_entry(
        tmp_path: Path, change: dict, message: str) -> None:
    data = yaml.safe_load((paths.PROJ_ROOT / "reports.yaml").read_text())
    data["explorations"]["revenue-drivers"].update(change)
    path = tmp_path / "reports.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(DprkTroopsError, match=r"reports\.yaml: " + message) as err:
        load_explorations(path)
    assert len(err.value.problems) == 1
