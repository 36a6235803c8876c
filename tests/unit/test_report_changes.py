"""What changed between two reports: results, facts with their logged reasons, scenarios,
versions, code and runs, in words for readers and by id for analysts."""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from dprk_troops import paths
from dprk_troops.errors import DprkTroopsError
from dprk_troops.reporting.changes import (
    Snapshot,
    compare,
    describe_row,
    lines,
    read_snapshot,
    summary_line,
)
from dprk_troops.workbook import NOTEBOOKS


def _run(notebook: str, scenario: str, results: dict[str, Any], status: str = "ok",
         parameters: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"notebook": notebook, "scenario": scenario, "status": status,
            "parameters": parameters or {}, "results": results}


MANIFEST: dict[str, Any] = {
    "build": "20261201T023000Z-1", "finished": "2026-12-01T02:30:00+00:00",
    "fact_base_revision": "2", "library_sha256": "lib1",
    "versions": {"python": "3.11.7", "pandas": "2.2.3"},
    "seed_sha256": {"fact_base": "facts1"},
    "scenarios": {"base": "The defaults.", "low": "The smallest."},
    "runs": [_run("01_cost_vs_revenue", "base", {"cash_revenue_usd": 278e6,
                                                  "expected_casualties": 2000.0}),
             _run("02_troop_comparisons", "base", {"share_of_dprk_army": 0.0067}),
             _run("03_south_korea_options", "low", {"top_option": "indirect_supply"},
                  parameters={"weights": {"deterrence": 0.2}})],
}


@functools.cache
def _read_facts() -> dict[str, Any]:
    return {name: yaml.load((paths.SEEDS_DIR / name).read_text(encoding="utf-8"),
                            Loader=yaml.CSafeLoader)
            for name in ("facts.yaml", "sources.yaml", "events.yaml", "options.yaml")}


def _facts() -> dict[str, Any]:
    """The seeds' rows, parsed (a fresh copy to change)."""
    return copy.deepcopy(_read_facts())


def test_nothing_changed_is_one_line_and_no_item() -> None:
    base = Snapshot(MANIFEST, _facts())
    later = copy.deepcopy(MANIFEST)
    later.update(build="later", finished="2026-12-02T02:30:00+00:00")  # not a change
    later["runs"][0]["duration_s"] = 9.9
    changes = compare(base, Snapshot(later, _facts()))
    assert changes["nothing_changed"] is True
    assert changes["summary"] == "Nothing changed."
    assert lines(changes) == ["Nothing changed."]
    assert changes["previous"]["build"] == MANIFEST["build"]


def test_a_moved_result_says_old_new_and_by_how_much() -> None:
    later = copy.deepcopy(MANIFEST)
    later["runs"][0]["results"]["cash_revenue_usd"] = 300e6
    later["runs"][1]["results"]["share_of_dprk_army"] = 0.0083
    changes = compare(Snapshot(MANIFEST), Snapshot(later))
    texts = [item["text"] for item in changes["results"]]
    title = NOTEBOOKS["01_cost_vs_revenue"].title
    assert texts[0] == (f"scenario base, 01. {title}: Cash revenue over the deployment: "
                        "$278 million \u2192 $300 million (up $22 million, +7.9%)")
    assert "0.67% \u2192 0.83% (up 0.16 percentage points, +23.9%)" in texts[1]
    assert changes["results"][0]["delta"] == pytest.approx(22e6)
    assert changes["summary"] == "2 key results moved."


def test_a_changed_option_and_a_tiny_float_difference() -> None:
    later = copy.deepcopy(MANIFEST)
    later["runs"][2]["results"]["top_option"] = "monitoring_team"
    later["runs"][0]["results"]["cash_revenue_usd"] = 278e6 * (1 + 1e-12)  # no move
    changes = compare(Snapshot(MANIFEST), Snapshot(later))
    assert [c["result"] for c in changes["results"]] == ["top_option"]
    assert "indirect_supply \u2192 monitoring_team" in changes["results"][0]["text"]


def test_a_changed_fact_is_named_in_words_with_the_logged_reason() -> None:
    old, new = _facts(), _facts()
    fact = next(f for f in new["facts.yaml"] if f["fact_id"] == "nos1_dprk_army_1_5m")
    fact["value"] = 1_200_000
    log = ("| facts.yaml | `nos1_dprk_army_1_5m` | value | `1500000` | `1200000` | "
           "NOS corrected the figure (¶4) |\n")
    later = copy.deepcopy(MANIFEST)
    later["seed_sha256"] = {"fact_base": "facts2"}
    changes = compare(Snapshot(MANIFEST, old), Snapshot(later, new, log))
    [item] = changes["facts"]
    assert (item["id"], item["field"], item["old"], item["new"]) == (
        "nos1_dprk_army_1_5m", "value", 1_500_000, 1_200_000)
    assert item["reason"] == "NOS corrected the figure (¶4)"
    assert item["text"].endswith("value 1,500,000 soldiers \u2192 1,200,000 soldiers "
                                 "(why: NOS corrected the figure (¶4))")
    assert "nos1_dprk_army_1_5m" not in item["text"] and "(NOS)" in item["text"]
    assert changes["summary"] == "1 fact-base change."


def test_added_removed_and_rewritten_rows() -> None:
    old, new = _facts(), _facts()
    gone = new["facts.yaml"].pop(0)
    new["options.yaml"][0]["description"] = "Rewritten."
    added = dict(gone, fact_id="new_row")
    new["facts.yaml"].append(added)
    texts = [c["text"] for c in compare(Snapshot(MANIFEST, old), Snapshot(MANIFEST, new))
             ["facts"]]
    assert any(t.startswith("new: ") for t in texts)
    assert any(t.startswith("removed: ") for t in texts)
    assert any(t.endswith("its description was rewritten") for t in texts)


def test_without_the_old_files_the_fact_base_change_is_still_said() -> None:
    later = copy.deepcopy(MANIFEST)
    later["seed_sha256"] = {"fact_base": "facts2"}
    [item] = compare(Snapshot(MANIFEST), Snapshot(later, _facts()))["facts"]
    assert "the fact base changed" in item["text"]


def test_scenarios_parameters_versions_code_and_runs() -> None:
    later = copy.deepcopy(MANIFEST)
    later["runs"][2]["parameters"] = {"weights": {"deterrence": 0.4}}
    later["runs"][1]["status"] = "failed"
    later["runs"].append(_run("01_cost_vs_revenue", "high", {}))
    later["scenarios"]["low"] = "Rewritten."
    later["versions"]["pandas"] = "2.3.0"
    later["library_sha256"] = "lib2"
    changes = compare(Snapshot(MANIFEST), Snapshot(later))
    assert [r["what"] for r in changes["runs"]] == ["failed", "added"]
    assert "failed (it succeeded last time)" in changes["runs"][0]["text"]
    assert [s["what"] for s in changes["scenarios"]] == ["parameter", "description"]
    assert "deterrence 0.2 \u2192 deterrence 0.4" in changes["scenarios"][0]["text"]
    assert changes["versions"] == [{"package": "pandas", "old": "2.2.3", "new": "2.3.0",
                                    "text": "pandas 2.2.3 \u2192 2.3.0"}]
    assert changes["code"]["new"] == "lib2"
    assert summary_line(changes) == ("1 run failed; 3 scenario or parameter changes; 1 package "
                                     "version changed; the workbook's code changed.")
    recovered = compare(Snapshot(later), Snapshot(MANIFEST))
    assert "recovered" in [r["what"] for r in recovered["runs"]]


def test_the_first_report_and_an_unreadable_one() -> None:
    first = compare(None, Snapshot(MANIFEST))
    assert first["status"] == "first" and not first["nothing_changed"]
    assert lines(first) == ["The first report here."]
    lost = compare(None, Snapshot(MANIFEST), unreadable="The previous report could not be "
                                                        "read (manifest.json: unreadable).")
    assert lost["status"] == "unreadable"
    assert "could not be read" in lost["summary"]


def test_rows_in_words() -> None:
    facts = _facts()
    assert describe_row("facts.yaml", "nos1_dprk_army_1_5m", facts).endswith(
        "figure on DPRK army size (NOS)")
    assert describe_row("options.yaml", facts["options.yaml"][0]["option_id"],
                        facts).startswith('the option "')
    assert describe_row("sources.yaml", "nos_veel_te_winnen", facts) == "the article from NOS"
    assert describe_row("facts.yaml", "no_such_row", facts) == "no such row"


def test_read_snapshot_names_a_folder_that_is_not_a_report(tmp_path: Path) -> None:
    with pytest.raises(DprkTroopsError, match=r"manifest\.json: not found"):
        read_snapshot(tmp_path)
    (tmp_path / "manifest.json").write_text("{broken")
    with pytest.raises(DprkTroopsError, match=r"manifest\.json: unreadable"):
        read_snapshot(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps(MANIFEST))
    assert read_snapshot(tmp_path).manifest == MANIFEST
