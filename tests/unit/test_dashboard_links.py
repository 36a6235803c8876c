"""The dashboard's links and saved scenarios (``dashboard.links``): a link's values are
checked as ``-p`` checks them, a bad one is one line and keeps the default, a view's link
reads back as that view, and "save as scenario" is a reports.yaml scenario that the report
accepts and that computes what the app showed."""

from __future__ import annotations

import html
import urllib.parse

import pytest
from dprk_troops.dashboard.links import (
    parse_link,
    scenario_name,
    scenario_parameters,
    scenario_yaml,
    share_html,
    view_link,
    view_query,
)
from dprk_troops.factbase.facts import load_facts
from dprk_troops.present import views
from dprk_troops.present.formats import format_result
from dprk_troops.reporting.scenarios import load_scenarios, plan
from dprk_troops.workbook import definition
from hypothesis import given, settings
from hypothesis import strategies as st

NB01 = {"troops": 12750, "pay_usd_per_soldier_month": 2000.0, "months": 12,
        "regime_share": 1.0, "troop_schedule": "reported", "casualty_rate_per_month": 0.0609}
NB02 = {"troops": 12750, "russian_losses_per_day": 1200.0, "reference": "dprk_army_size",
        "scale": "log"}
NB03 = {"method": "weighted_sum", "deterrence": 0.3, "escalation_risk": 0.25,
        "domestic_support": 0.15, "legal_feasibility": 0.15, "value_to_allies": 0.15}


def test_a_link_sets_the_values_it_names_checked_and_typed() -> None:
    link = parse_link("01", "troops=5000&months=24&troop_schedule=constant", NB01)
    assert link.values == {"troops": 5000, "months": 24, "troop_schedule": "constant"}
    assert isinstance(link.values["troops"], int)
    assert link.problems == []


@pytest.mark.parametrize(("query", "line"), [
    ("troops=abc", ("The link's troops: expected a whole number from 0 to 2,000,000, got "
                    "'abc'; the app keeps its default.")),
    ("troops=-5", ("The link's troops: expected a whole number from 0 to 2,000,000, got -5; "
                   "the app keeps its default.")),
    ("troops=1.5", "got 1.5"),
    ("regime_share=2", "The link's regime_share: expected a number from 0 to 1, got 2"),
    ("troop_schedule=weird", "expected one of 'reported', 'constant', got 'weird'"),
    ("mc_samples=5", ("The link's mc_samples: this app has no control for it (its "
                      "controls: troops, pay_usd_per_soldier_month")),
    ("nonsense=1", "The link's nonsense: unknown parameter (expected one of troops, "),
])
def test_a_bad_value_is_one_line_and_keeps_the_default(query: str, line: str) -> None:
    link = parse_link("01", f"months=24&{query}", NB01)
    assert link.values == {"months": 24}  # the good value still applies
    assert len(link.problems) == 1 and "\n" not in link.problems[0]
    assert line in link.problems[0]


def test_the_token_and_voilas_own_names_are_not_the_apps() -> None:
    link = parse_link("02", "token=abc&template=reveal&theme=dark&troops=900", NB02)
    assert link.values == {"troops": 900} and link.problems == []


def test_the_same_rules_as_the_command_line() -> None:
    """A value the command line refuses, a link refuses with the same words."""
    from dprk_troops.errors import ParameterError

    with pytest.raises(ParameterError) as exc:
        definition("01").check({"months": 500}, complete=False)
    message = parse_link("01", "months=500", NB01).problems[0]
    assert str(exc.value).split(": ", 1)[1] in message


def test_weights_are_checked_together_with_the_others() -> None:
    one_zero = parse_link("03", "weights.deterrence=0&method=topsis", NB03, "weights")
    assert one_zero.values == {"deterrence": 0.0, "method": "topsis"}
    assert one_zero.problems == []
    everything_zero = "&".join(f"weights.{c}=0" for c in NB03 if c != "method")
    all_zero = parse_link("03", everything_zero, NB03, "weights")
    assert all_zero.values == {}
    assert "all weights are 0" in all_zero.problems[0]
    negative = parse_link("03", "weights.deterrence=-1&weights.nope=1", NB03, "weights")
    assert negative.values == {}
    assert len(negative.problems) == 2


@pytest.mark.parametrize(("notebook", "values", "mapping"), [
    ("01", {**NB01, "troops": 5000, "casualty_rate_per_month": 0.060875}, None),
    ("02", {**NB02, "scale": "linear"}, None),
    ("03", {**NB03, "method": "topsis", "deterrence": 0.55}, "weights"),
])
def test_a_views_link_reads_back_as_that_view(notebook: str, values: dict,
                                              mapping: str | None) -> None:
    link = view_link(notebook, values, mapping)
    stem, _, query = link.partition("?")
    assert stem == definition(notebook).stem
    back = parse_link(notebook, query, values, mapping)
    assert back.problems == [] and back.values == values


@settings(max_examples=60, derandomize=True, deadline=None)
@given(troops=st.integers(0, 2_000_000), share=st.floats(0, 1),
       pay=st.floats(0, 100_000), schedule=st.sampled_from(["reported", "constant"]))
def test_every_view_reads_back(troops: int, share: float, pay: float, schedule: str) -> None:
    values = {**NB01, "troops": troops, "regime_share": share,
              "pay_usd_per_soldier_month": pay, "troop_schedule": schedule}
    back = parse_link("01", view_query("01", values), NB01)
    assert back.problems == [] and back.values == values


def test_the_share_box_escapes_and_links_relative_to_the_apps_page() -> None:
    text = share_html("01", {**NB01, "troops": 5000})
    assert "href='../../01_cost_vs_revenue?troops=5000&amp;" in text
    assert "<script" not in text
    scenario = html.unescape(text.split("<pre class='dprk-scenario'>")[1].split("</pre>")[0])
    assert scenario == scenario_yaml("01", {**NB01, "troops": 5000})
    download = html.unescape(text.split("download='01-scenario.yaml' href='")[1].split("'")[0])
    assert urllib.parse.unquote(download.split(",", 1)[1]) == scenario
    assert "Link to this view" not in share_html("01", NB01, link=False)


def test_all_weights_at_zero_are_saved_as_equal_weights() -> None:
    zero = {**NB03, **dict.fromkeys([c for c in NB03 if c != "method"], 0.0)}
    params = scenario_parameters("03", zero, "weights")
    assert set(params["weights"].values()) == {1.0}
    assert scenario_name("03", params).startswith("app-03-")
    assert scenario_name("03", params) != scenario_name("03", scenario_parameters(
        "03", NB03, "weights"))


def _with_scenario(tmp_path, text: str):
    """reports.yaml with ``text`` pasted under its ``scenarios:`` line, as a person would."""
    from dprk_troops import paths

    lines = (paths.PROJ_ROOT / "reports.yaml").read_text().splitlines(keepends=True)
    at = lines.index("scenarios:\n") + 1
    path = tmp_path / "reports.yaml"
    path.write_text("".join([*lines[:at], text, *lines[at:]]))
    return path


def _shown(update, values: dict) -> dict[str, str]:
    rows, _chart = update(**values)
    return dict(rows)


@pytest.fixture(scope="module")
def facts():
    return load_facts()


@pytest.mark.parametrize(("notebook", "values", "mapping"), [
    ("01", {**NB01, "troops": 5000, "months": 24, "troop_schedule": "constant"}, None),
    ("02", {**NB02, "troops": 4000, "reference": "russian_front_troops"}, None),
    ("03", {**NB03, "method": "topsis", "escalation_risk": 0.7}, "weights"),
])
def test_a_saved_scenario_computes_what_the_app_showed(tmp_path, facts, notebook: str,
                                                         values: dict,
                                                         mapping: str | None) -> None:
    """Pasted into reports.yaml, the scenario is accepted by the report's own checks, and its
    notebook's results read as the app's readout for every figure both show."""
    d = definition(notebook)
    text = scenario_yaml(notebook, values, mapping)
    path = _with_scenario(tmp_path, text)
    name = scenario_name(notebook, scenario_parameters(notebook, values, mapping))
    _notebooks, scenarios = load_scenarios(path)
    runs = [r for r in plan([name], [d.stem], reports_file=path) if r.notebook == d.stem]
    assert scenarios[name].description.startswith(f"Saved from the dashboard's app {d.number}")
    report = d.run(facts, runs[0].parameters)
    if notebook == "03":
        from dprk_troops.factbase.facts import load_options
        from dprk_troops.factbase.scores import read_option_scores

        options = load_options()
        labels = dict(zip(options["option_id"], options["label"], strict=True))
        scores = read_option_scores()
        shown = _shown(views.options_update(scores, labels, []), values)
        app_ranking = [label.split(". ", 1)[1] for label in shown]
        assert app_ranking == [labels[o] for o in report["ranking"]]
        return
    update = views.cost_revenue_update(facts, {}) if notebook == "01" else \
        views.comparisons_update(facts, {})
    shown = _shown(update, values)
    compared = [r for r in d.results if r.label in shown]
    assert compared, shown
    for r in compared:  # notebook 02's readout adds the span: "0.27% (from 0.2% to 0.4%)"
        figure = format_result(r, report[r.name])
        assert shown[r.label] == figure or shown[r.label].startswith(f"{figure} ("), r.name
