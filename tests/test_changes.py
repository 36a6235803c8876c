"""seeds/CHANGES.md lists every change to the fact base since its base commit: the fact
base at that commit, with the log's changes, is the fact base now."""

from __future__ import annotations

import subprocess

import pytest
import yaml
from dprk_troops import paths
from dprk_troops.factbase import changelog

LOG = paths.SEEDS_DIR / "CHANGES.md"


def _at_commit(commit: str, name: str) -> object:
    run = subprocess.run(["git", "-C", str(paths.PROJ_ROOT), "show", f"{commit}:seeds/{name}"],
                         capture_output=True, text=True, check=False)
    if run.returncode != 0:
        pytest.fail(f"git cannot show seeds/{name} at {commit} (a full clone is needed): "
                    f"{run.stderr.strip()}")
    return yaml.safe_load(run.stdout)


def test_the_change_log_lists_every_change_since_its_base() -> None:
    text = LOG.read_text(encoding="utf-8")
    commit = changelog.base_commit(text)
    assert commit, "CHANGES.md names no base commit ('Base: ... commit abc1234')"
    old = {name: _at_commit(commit, name) for name in changelog.ROW_IDS}
    new = {name: yaml.safe_load((paths.SEEDS_DIR / name).read_text(encoding="utf-8"))
           for name in changelog.ROW_IDS}
    changes = changelog.parse(text)
    assert changes, "CHANGES.md lists no change"
    assert changelog.apply(old, new, changes) == []


def test_every_logged_change_gives_its_reason_and_paragraph() -> None:
    for c in changelog.parse(LOG.read_text(encoding="utf-8")):
        assert c.reason and c.reason != "TODO", (c.row, c.field)
        if c.file == "facts.yaml" and c.field not in (changelog.NEW, changelog.REMOVED):
            assert "¶" in c.reason, f"{c.row} {c.field}: name the paragraph (¶N)"
