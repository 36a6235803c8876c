"""A report folder's history (kept builds, newest first), its page and its Atom feed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import feedparser
from dprk_troops.reporting import history


def _entry(n: int, changed: bool = True) -> dict[str, Any]:
    manifest = {"build": f"2026120{n}T023000Z-1", "finished": f"2026-12-0{n}T02:30:00+00:00",
                "fact_base_revision": "2", "exit_code": 0, "seed_sha256": {"fact_base": "ab" * 32},
                "runs": [{"status": "ok"}, {"status": "ok"}],
                "changes": {"summary": "1 key result moved." if changed else "Nothing changed.",
                            "nothing_changed": not changed}}
    return history.entry(manifest, ["scenario base: <b>a</b> moved"] if changed else [])


def test_a_new_report_goes_first_and_only_the_newest_are_kept() -> None:
    entries: list[dict[str, Any]] = []
    for n in range(1, 6):
        entries = history.updated(entries, _entry(n), keep=3)
    assert [e["build"][:9] for e in entries] == ["20261205T", "20261204T", "20261203T"]
    assert history.kept(entries) == {e["build"] for e in entries}
    assert history.updated(entries, entries[0], keep=3) == entries  # no duplicate


def test_an_unreadable_history_starts_again_with_a_note(tmp_path: Path) -> None:
    assert history.read(tmp_path) == ([], None)  # a build from before histories
    (tmp_path / history.HISTORY_FILE).write_text("[{]")
    entries, note = history.read(tmp_path)
    assert entries == [] and "unreadable" in note
    (tmp_path / history.HISTORY_FILE).write_text(json.dumps([_entry(1)]))
    assert history.read(tmp_path) == ([_entry(1)], None)


def test_the_page_lists_each_report_in_words_with_a_link_to_its_build() -> None:
    page = history.history_html([_entry(2), _entry(1, changed=False)], "A title")
    assert 'href=".builds/20261202T023000Z-1/index.html"' in page
    assert "2 December 2026, 02:30 UTC" in page and "revision 2" in page
    assert "all 2 runs succeeded" in page and "Nothing changed." in page
    assert "2026-12-02T02:30" not in page  # no ISO timestamp for readers
    lost = history.history_html([{"build": "x", "summary": "Its manifest could not be read."}],
                                "A title")
    assert "not known (its manifest could not be read)" in lost and "an unknown date" in lost


def test_the_feed_is_atom_with_an_entry_per_report_that_changed(tmp_path: Path) -> None:
    text = history.feed_xml([_entry(3), _entry(2, changed=False), _entry(1)], "A title",
                            tmp_path)
    feed = feedparser.parse(text)
    assert feed.version == "atom10" and not feed.bozo, feed.get("bozo_exception")
    assert [e.link for e in feed.entries] == [".builds/20261203T023000Z-1/index.html",
                                             ".builds/20261201T023000Z-1/index.html"]
    entry = feed.entries[0]
    assert entry.content[0].value == "scenario base: <b>a</b> moved"  # text, escaped in XML
    assert entry.title == "3 December 2026, 02:30 UTC: 1 key result moved."
    assert entry.id.startswith("urn:uuid:") and feed.feed.title == "A title"
    again = history.feed_xml([_entry(3), _entry(2, changed=False), _entry(1)], "A title",
                             tmp_path)
    assert again == text  # the same history gives the same feed (ids are stable)
