"""Where a report goes: the briefing at the top, every other report in a folder of its
own, and a named folder refused when a partial report would replace a briefing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from dprk_troops.errors import InputError
from dprk_troops.reporting.folders import LISTING, destination, folder_name, write_listing
from dprk_troops.reporting.publish import share_unchanged
from dprk_troops.reporting.scenarios import Selection
from dprk_troops.reporting.sweeps import cli_sweep

SWEEP = cli_sweep(["troops=1500,13000", "months=6,12"], ["01"], None)


@pytest.mark.parametrize(("selection", "kind", "where"), [
    (Selection(), "briefing", ""),
    (Selection(scenarios=("base",), overrides={"months": 24}), "adhoc",
     "adhoc/base--months=24"),
    (Selection(notebooks=("01", "02_troop_comparisons")), "adhoc", "adhoc/01+02"),
    (Selection(notebooks=("01",), sweep=SWEEP), "sweep", "sweeps/sweep"),
    (Selection(named_sweeps=("size-and-length",)), "sweep", "sweeps/size-and-length"),
    (Selection(scenarios=("low",), sweep=SWEEP), "adhoc", "adhoc/low--sweep"),
    (Selection(overrides={"weights": {"deterrence": 1}}), "adhoc",
     "adhoc/weights=_deterrence_1"),
])
def test_each_selection_has_its_folder(tmp_path: Path, selection: Selection, kind: str,
                                       where: str) -> None:
    dest = destination(selection, tmp_path, named=False)
    assert dest.kind == kind and dest.root == tmp_path
    assert dest.path == tmp_path / where if where else dest.path == tmp_path


def test_a_long_name_is_cut_and_stays_distinct() -> None:
    a = folder_name(Selection(overrides={"weights": {f"criterion_{i}": i for i in range(20)}}))
    b = folder_name(Selection(overrides={"weights": {f"criterion_{i}": i for i in range(21)}}))
    assert len(a) <= 80 and a != b


def test_a_named_folder_takes_a_partial_report_unless_it_holds_the_briefing(
        tmp_path: Path) -> None:
    partial = Selection(scenarios=("base",))
    assert destination(partial, tmp_path, named=True).path == tmp_path
    (tmp_path / "manifest.json").write_text(json.dumps({"kind": "briefing", "runs": []}))
    with pytest.raises(InputError, match="holds the scheduled briefing"):
        destination(partial, tmp_path, named=True)
    assert destination(Selection(), tmp_path, named=True).path == tmp_path


def test_the_listing_names_the_latest_of_each_other_report(tmp_path: Path) -> None:
    folder = tmp_path / "adhoc" / "base--months=24"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({
        "finished": "2026-12-05T08:00:00+00:00", "runs": [{"status": "ok"}],
        "changes": {"summary": "The first report here."}}))
    (tmp_path / "sweeps" / "broken").mkdir(parents=True)  # no manifest: not listed
    write_listing(tmp_path)
    page = (tmp_path / LISTING).read_text()
    assert 'href="adhoc/base--months=24/index.html"' in page
    assert "5 December 2026, 08:00 UTC" in page and "broken" not in page
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_unchanged_files_are_shared_with_the_build_before(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    for build, page in ((old, "same"), (new, "same")):
        (build / "runs").mkdir(parents=True)
        (build / "runs" / "page.html").write_text(page)
    (old / "index.html").write_text("old")
    (new / "index.html").write_text("new")
    assert share_unchanged(new, old) == 1
    assert os.path.samefile(new / "runs" / "page.html", old / "runs" / "page.html")
    assert (new / "index.html").read_text() == "new"
    assert share_unchanged(new, None) == 0
