"""The briefing end to end: never clobbered by other reports, kept in a history, telling
what changed since the last one (index, manifest, diff, Atom feed), and whole through a
full disk or an unreadable predecessor."""

from __future__ import annotations

import errno
import html as html_module
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import feedparser
import pytest
import yaml
from dprk_troops.errors import WriteError
from dprk_troops.reporting.folders import LISTING
from dprk_troops.reporting.publish import BUILDS, CURRENT
from reader_text import code_problems
from support import run_cli, small_reports_file, visible_files

pytestmark = pytest.mark.slow


def _manifest(out: Path) -> dict[str, Any]:
    return json.loads((out / "manifest.json").read_text())


def _visible_text(html: str) -> str:
    """The page's text as a reader sees it at first: without the collapsed blocks for
    analysts, the markup and the inline charts."""
    html = re.sub(r"<details.*?</details>|<svg.*?</svg>|<style.*?</style>", "", html,
                  flags=re.DOTALL)
    return html_module.unescape(re.sub(r"<[^>]+>", " ", html))


def test_other_reports_never_replace_the_briefing(full_report: Path, tmp_path: Path) -> None:
    """The README's rule: a sweep and a one-off report go into folders of their own under
    the output folder, listed from the briefing; a named folder holding the briefing is
    refused to them. (Their runs come from the full report's run cache.)"""
    out = tmp_path / "reports"
    shutil.copytree(full_report, out, symlinks=True)
    index = (out / "index.html").read_bytes()
    env = {"DPRK_TROOPS_REPORTS": str(out)}
    sweep = run_cli("report", "--notebook", "02", "--sweep", "troops=1500,13000", env=env)
    assert sweep.returncode == 0, sweep.stderr
    assert f"{out}/sweeps/sweep/index.html" in sweep.stdout  # it says where
    adhoc = run_cli("report", "--scenario", "base", "--notebook", "02", "-p", "troops=13000",
                    env=env)
    assert adhoc.returncode == 0, adhoc.stderr
    assert (out / "index.html").read_bytes() == index
    assert _manifest(out)["kind"] == "briefing" and len(_manifest(out)["runs"]) == 9
    assert _manifest(out / "sweeps" / "sweep")["kind"] == "sweep"
    assert _manifest(out / "adhoc" / "base--02--troops=13000")["cache"]["hits"] == 1
    assert 'href="other-reports.html"' in index.decode()
    listing = (out / LISTING).read_text()
    links = re.findall(r'href="([^"]+)"', listing)
    assert {"sweeps/sweep/index.html", "adhoc/base--02--troops=13000/index.html"} <= set(links)
    for link in links:  # from reports/ and from reports/current/ alike
        assert (out / link).exists() and (out / CURRENT / LISTING).exists(), link
    before = visible_files(out)
    refused = run_cli("report", "--out", out, "--scenario", "base", "--notebook", "02")
    assert refused.returncode == 2
    assert refused.stderr.strip().endswith("or name another folder")
    assert "holds the scheduled briefing" in refused.stderr
    assert visible_files(out) == before


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A small briefing published three times: with the seeds as they are, with one fact's
    value changed (in a copy of seeds/), and again with nothing changed."""
    folder = tmp_path_factory.mktemp("changed")
    seeds = folder / "seeds"
    shutil.copytree(Path("seeds"), seeds)
    out = folder / "out"
    common = ["--out", out, "--seeds", seeds, "--reports-file", small_reports_file(folder)]
    builds = []
    for step in ("as it is", "a fact changed", "nothing changed"):
        if step == "a fact changed":
            text = (seeds / "facts.yaml").read_text()
            facts = yaml.safe_load(text)
            fact = next(f for f in facts if f["fact_id"] == "nos1_dprk_army_1_5m")
            assert fact["value"] == 1_500_000
            fact["value"] = 1_200_000
            (seeds / "facts.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True))
        run = run_cli("report", *common)
        assert run.returncode == 0, run.stderr
        builds.append((out / CURRENT).resolve())
    return {"out": out, "builds": builds}


def test_a_changed_fact_is_named_with_the_results_that_moved(changed: dict[str, Any]) -> None:
    build = changed["builds"][1]
    manifest = json.loads((build / "manifest.json").read_text())
    changes = manifest["changes"]
    assert [(f["id"], f["field"], f["old"], f["new"]) for f in changes["facts"]] == [
        ("nos1_dprk_army_1_5m", "value", 1_500_000, 1_200_000)]
    moved = {r["result"] for r in changes["results"]}
    assert "share_of_dprk_army" in moved
    text = _visible_text((build / "index.html").read_text())
    assert "Since the last report" in text
    assert "figure on DPRK army size (NOS): value 1,500,000 soldiers" in text
    assert "Share of North Korea's army: 0.85%" in text  # 12,750 of 1.5 million, before
    assert "nos1_dprk_army_1_5m" not in text  # the id only for analysts, collapsed
    assert "nos1_dprk_army_1_5m" in (build / "index.html").read_text()


def test_diff_says_what_changed_and_exits_like_diff(changed: dict[str, Any]) -> None:
    first, second, third = changed["builds"]
    moved = run_cli("diff", first, second)
    assert moved.returncode == 1, moved.stderr
    assert "value 1,500,000 soldiers \u2192 1,200,000 soldiers" in moved.stdout
    assert "Share of North Korea's army" in moved.stdout
    as_json = run_cli("diff", first, changed["out"], "--format", "json")
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout)["facts"][0]["id"] == "nos1_dprk_army_1_5m"
    same = run_cli("diff", second, third)
    assert (same.returncode, same.stdout.strip()) == (0, "Nothing changed.")
    missing = run_cli("diff", first, first.parent / "no-such-build")
    assert missing.returncode == 2 and "not found" in missing.stderr


def test_nothing_changed_is_said_and_adds_no_feed_entry(changed: dict[str, Any]) -> None:
    out = changed["out"]
    assert "Nothing changed since the report of" in _visible_text(
        (out / "index.html").read_text())
    assert _manifest(out)["changes"]["nothing_changed"] is True
    feed = feedparser.parse((out / "feed.xml").read_text())
    assert feed.version == "atom10" and not feed.bozo
    # the first report and the changed fact; the unchanged third has no entry
    assert len(feed.entries) == 2
    assert "1 fact-base change" in feed.entries[0].title
    assert "value 1,500,000 soldiers" in feed.entries[0].content[0].value


def test_the_history_keeps_each_report_readable(changed: dict[str, Any]) -> None:
    out = changed["out"]
    page = (out / "history.html").read_text()
    links = re.findall(r'href="(\.builds/[^"]+)"', page)
    assert len(links) == 3
    for link in links:
        assert (out / link).is_file()
        assert (out / CURRENT / link).is_file()  # the history works from current/ too
        old_index = (out / link).read_text()
        for target in re.findall(r'href="(runs/[^"]+)"', old_index):
            assert ((out / link).parent / target).is_file()
    assert "1 fact-base change" in page and "revision" in page
    # What changed, in words: the changed fact's id is for the index's analysts' block.
    assert code_problems(_visible_text(page)) == []


def test_keep_n_keeps_the_n_newest(changed: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(changed["out"], out, symlinks=True)
    reports_file = small_reports_file(tmp_path)
    run = run_cli("report", "--out", out, "--reports-file", reports_file, "--keep", "2",
                  "--seeds", changed["out"] / CURRENT / "fact-base")
    assert run.returncode == 0, run.stderr
    assert len(json.loads((out / CURRENT / "history.json").read_text())) == 2
    assert len(list((out / BUILDS).iterdir())) == 2


# --- faults ---------------------------------------------------------------------------------

@pytest.fixture
def small(tmp_path: Path) -> tuple[Path, Any]:
    """A published small briefing (its run from the run cache) and its plan."""
    from dprk_troops.reporting.scenarios import ReportsFile

    reports_file = small_reports_file(tmp_path)
    out = tmp_path / "out"
    run = run_cli("report", "--out", out, "--reports-file", reports_file)
    assert run.returncode == 0, run.stderr
    return out, ReportsFile.read(reports_file).plan()


def _disk_full_at(monkeypatch: pytest.MonkeyPatch, method: str, name: str) -> None:
    """Writing a file called ``name`` (or ending so) fails as on a full disk."""
    real = getattr(Path, method)

    def full(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name.endswith(name):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, method, full)


@pytest.mark.parametrize(("method", "name"), [
    ("write_bytes", ".html"),            # a page (from the run cache)
    ("write_text", "manifest.json"),
    ("write_text", "history.json"),
    ("write_text", "feed.xml"),
])
def test_a_full_disk_publishes_nothing(small: tuple[Path, Any], monkeypatch: pytest.MonkeyPatch,
                                       method: str, name: str) -> None:
    from dprk_troops.reporting.report import ReportOptions, make_report

    out, plan = small
    before, builds = visible_files(out), sorted((out / BUILDS).iterdir())
    _disk_full_at(monkeypatch, method, name)
    with pytest.raises(WriteError) as info:
        make_report(plan, ReportOptions(out=out))
    [line] = info.value.problems
    assert name in line and "No space left on device" in line
    assert line.endswith("nothing was published, the previous report is as it was")
    assert visible_files(out) == before
    assert sorted((out / BUILDS).iterdir()) == builds  # nothing half-written left
    monkeypatch.undo()
    make_report(plan, ReportOptions(out=out))  # the lock was released, the disk has room
    assert visible_files(out) != before


def test_a_full_disk_is_one_line_and_exit_4(small: tuple[Path, Any], tmp_path: Path) -> None:
    out, _ = small
    before = visible_files(out)
    code = ("import errno, sys; from pathlib import Path; real = Path.write_text\n"
            "def full(self, *a, **k):\n"
            "    if self.name == 'index.html': raise OSError(errno.ENOSPC, 'No space left on device')\n"
            "    return real(self, *a, **k)\n"
            "Path.write_text = full\n"
            "from dprk_troops.cli import main; sys.exit(main(sys.argv[1:]))")
    run = subprocess.run([sys.executable, "-c", code, "report", "--out", str(out),
                          "--reports-file", str(small_reports_file(tmp_path))],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 4, run.stderr
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith(str(out / BUILDS)) and "index.html: cannot write it (No space" in last
    assert "Traceback" not in run.stderr
    assert visible_files(out) == before


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_an_unreadable_previous_manifest_is_said_and_kept(small: tuple[Path, Any],
                                                          damage: str) -> None:
    from dprk_troops.reporting.report import ReportOptions, make_report

    out, plan = small
    previous = (out / CURRENT).resolve()
    manifest = previous / "manifest.json"
    manifest.unlink()  # (a hard link shared with other builds: replaced, not edited)
    if damage == "corrupt":
        manifest.write_text('{"runs": [')
    report = make_report(plan, ReportOptions(out=out))
    changes = report.manifest["changes"]
    assert changes["status"] == "unreadable" and "could not be read" in changes["summary"]
    assert "could not be read" in _visible_text((out / "index.html").read_text())
    history = json.loads((out / CURRENT / "history.json").read_text())
    assert [e["build"] for e in history] == [report.manifest["build"], previous.name]
    assert previous.is_dir()
