"""The index's words: dates as a reader writes them, what was run, sweeps by name."""

from __future__ import annotations

from dprk_troops.reporting.index import date_words, scope
from dprk_troops.reporting.pages import run_title, sweep_title
from dprk_troops.reporting.runs import RunResult


def test_dates_in_words() -> None:
    assert date_words("2026-12-03") == "3 December 2026"
    assert date_words("2026-12-05T07:56:35+00:00", with_time=True) == \
        "5 December 2026, 07:56 UTC"
    assert date_words("2026-12-05T08:56:35+01:00", with_time=True) == \
        "5 December 2026, 07:56 UTC"


def test_sweeps_and_runs_by_name_in_words() -> None:
    assert sweep_title("sweep") == "The command line's sweep"  # not 'Sweep sweep'
    assert sweep_title("size-and-length") == "Sweep \u201csize-and-length\u201d"
    assert run_title(RunResult("01_cost_vs_revenue", "base", {})) == "Scenario base"
    swept = RunResult("01_cost_vs_revenue", "sweep--troops=1500,regime_share=0.5",
                      {"troops": 1500, "regime_share": 0.5}, sweep="sweep",
                      swept={"troops": 1500, "regime_share": 0.5})
    assert run_title(swept) == ("The command line's sweep: Soldiers the deployment grows to: "
                                "1,500 soldiers; Share of the pay the state keeps: 50%")


def test_scope_says_what_was_run() -> None:
    runs = [RunResult(nb, sc, {}) for nb in ("01_cost_vs_revenue", "02_troop_comparisons")
            for sc in ("low", "base")]
    assert scope(runs, ["low", "base"], {}) == \
        "Notebooks 01 and 02, each run for the scenarios low and base."
    assert scope(runs[:1], ["low"], {"sweep": 12}) == \
        "Notebook 01, run for the scenario low. The command line's sweep: 12 runs."
    assert scope([], [], {"size-and-length": 1}) == "Sweep \u201csize-and-length\u201d: 1 run."
