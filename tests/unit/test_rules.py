"""The fact base's machine-checked rules: each has a bad fact file that breaks it alone.

Each case edits a scratch copy of seeds/ (or adds an extra facts file) so that exactly one
rule breaks, and expects exactly one problem line naming the file, the entry and the rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from dprk_troops.errors import FactBaseError
from dprk_troops.factbase import rules
from dprk_troops.factbase.facts import read_fact_base

Facts = list[dict[str, Any]]


def _first(facts: Facts, test: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    return next(f for f in facts if test(f))


def _flagged(flag: str) -> Callable[[dict[str, Any]], bool]:
    return lambda f: flag in (f.get("flags") or [])


def _claim(f: dict[str, Any]) -> bool:
    return f["kind"] == "claim" and not f.get("flags")


def _set(test: Callable[[dict[str, Any]], bool], **changes: Any) -> Callable[[Facts], None]:
    return lambda facts: _first(facts, test).update(changes)


def _add_flag(test: Callable[[dict[str, Any]], bool], flag: str) -> Callable[[Facts], None]:
    def edit(facts: Facts) -> None:
        f = _first(facts, test)
        f["flags"] = [*(f.get("flags") or []), flag]
    return edit


def _vague(f: dict[str, Any]) -> bool:
    return f.get("value") is None and f.get("low") is not None


def _mutual_inconsistent(facts: Facts) -> None:
    """Flag one row inconsistent, naming a row of its quantity it does not overlap, which
    is not flagged back."""
    base = read_fact_base()
    for a in base.facts:
        for b in base.facts:
            if (a.quantity == b.quantity and a.unit != "none" and b.unit != "none"
                    and not rules.overlap(a, b) and "inconsistent" not in a.flags + b.flags):
                row = next(f for f in facts if f["fact_id"] == a.fact_id)
                row["flags"] = [*(row.get("flags") or []), "inconsistent"]
                row["note"] += f" It disagrees with {b.fact_id}."
                return
    raise AssertionError("no pair of non-overlapping rows to break")


BAD_FACTS: dict[str, tuple[Callable[[Facts], None], str]] = {
    "range value off its midpoint": (
        lambda d: _first(d, _flagged("range")).update(
            value=_first(d, _flagged("range"))["low"]),
        r"fact \w+: flag range: value \d+ is not the midpoint \d+ of low and high",
    ),
    "range without two ends": (
        lambda d: _first(d, _flagged("range")).update(high=None),
        r"fact \w+: flag range: needs low < high",
    ),
    "vague plural without approximate": (
        lambda d: _first(d, _vague).update(
            flags=[x for x in _first(d, _vague)["flags"] if x != "approximate"]),
        r"fact \w+: value is null \(a vague plural\): needs the flag approximate",
    ),
    "vague plural flagged range": (
        _add_flag(_vague, "range"),
        r"fact \w+: flag range: a vague plural is not a stated range",
    ),
    "at least with a high": (
        lambda d: _first(d, _flagged("at_least")).update(
            high=_first(d, _flagged("at_least"))["low"] * 2),
        r"fact \w+: flag at_least: needs low \(the floor\), no high",
    ),
    "upper bound with a low": (
        lambda d: _first(d, _flagged("upper_bound")).update(low=1),
        r"fact \w+: flag upper_bound: needs high \(the ceiling\), no low",
    ),
    "two kinds of bound": (
        _add_flag(_flagged("at_least"), "upper_bound"),
        r"fact \w+: flags at_least and upper_bound exclude each other",
    ),
    "approximate claim": (
        _add_flag(_claim, "approximate"),
        r"fact \w+: flag approximate: applies to numbers only, and this claim has none",
    ),
    "unattributed with a named speaker": (
        _add_flag(lambda f: _claim(f) and f["speaker"] != "article", "unattributed"),
        r"fact \w+: flag unattributed: the speaker is '[^']+'; unattributed means the article",
    ),
    "secondhand without original source": (
        _set(_flagged("secondhand"), original_source=None),
        r"fact \w+: flag secondhand: needs original_source",
    ),
    "secondhand note not naming the original": (
        _set(_flagged("secondhand"), note="Relayed, but the note forgets from whom."),
        r"fact \w+: flag secondhand: the note must name the original source '[^']+'",
    ),
    "secondhand in the article's voice": (
        _set(_flagged("secondhand"), speaker="article",
             flags=["secondhand", "unattributed"]),
        r"fact \w+: flag secondhand: the article's own attribution makes the original source",
    ),
    "original source without secondhand": (
        _set(_claim, original_source="UK MoD"),
        r"fact \w+: original_source is only for a fact flagged secondhand",
    ),
    "public record without the record": (
        _set(lambda f: _flagged("public_record")(f) and not _flagged("inconsistent")(f),
             note="This disagrees with what officials said."),
        r"fact \w+: flag public_record: the note must say what the public record says",
    ),
    "inconsistent naming nothing": (
        _add_flag(_claim, "inconsistent"),
        r"fact \w+: flag inconsistent: the note must name the row it contradicts",
    ),
    "inconsistent not mutual": (
        _mutual_inconsistent,
        r"fact \w+: flag inconsistent: \w+ must be flagged inconsistent too and name \w+",
    ),
}


def _edit_facts(seeds: Path, edit: Callable[[Facts], None]) -> None:
    path = seeds / "facts.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    edit(data)
    path.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True),
                    encoding="utf-8")


def _only_problem(seeds: Path, extra: list[Path] | None = None) -> str:
    with pytest.raises(FactBaseError) as info:
        read_fact_base(seeds, extra or [])
    problems = info.value.problems
    assert len(problems) == 1, problems
    return problems[0]


def test_the_seeds_keep_every_rule() -> None:
    assert rules.check_rules(read_fact_base()) == []


@pytest.mark.parametrize("case", sorted(BAD_FACTS))
def test_each_rule_breaks_alone_with_one_line(seeds_copy: Path, case: str) -> None:
    edit, pattern = BAD_FACTS[case]
    _edit_facts(seeds_copy, edit)
    problem = _only_problem(seeds_copy)
    assert re.search(r"facts\.yaml: " + pattern, problem), problem


# --- rules that a new row breaks: an analyst's extra file -------------------------------

NEW = {
    "fact_id": "extra_row",
    "quantity": "rok_army_size",
    "value": 900_000,
    "unit": "soldiers",
    "as_of": "2024-10",
    "speaker": "Breuker",
    "source_id": "nos_spanning_zuid_korea",
    "locator": 18,
    "excerpt": "ongeveer 500.000 soldaten",
    "note": "A test row.",
    "kind": "figure",
    "flags": [],
}


def _extra(tmp_path: Path, **changes: Any) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump([dict(NEW, **changes)]), encoding="utf-8")
    return path


def test_disjoint_figures_need_a_note(seeds_copy: Path, tmp_path: Path) -> None:
    problem = _only_problem(seeds_copy, [_extra(tmp_path)])
    assert re.search(r"fact \w+: \d+ and \w+'s \d+ do not overlap: flag both inconsistent, or "
                     r"say in one note why they do not conflict", problem), problem


def test_disjoint_figures_pass_when_a_note_names_the_other(seeds_copy: Path,
                                                           tmp_path: Path) -> None:
    base = read_fact_base()
    other = next(f.fact_id for f in base.facts if f.quantity == "rok_army_size")
    note = f"A later count than {other}, so not in conflict."
    read_fact_base(seeds_copy, [_extra(tmp_path, note=note)])


def test_event_facts_are_on_the_timeline_or_say_why(seeds_copy: Path, tmp_path: Path) -> None:
    event = {"value": None, "unit": "none", "kind": "event", "quantity": "test_event",
             "excerpt": "reservisten"}
    problem = _only_problem(seeds_copy, [_extra(tmp_path, **event)])
    assert "fact extra_row: kind event: cite it in events.yaml, or write 'Not on the timeline:" \
        in problem
    off = _extra(tmp_path, **event, note=f"{rules.OFF_TIMELINE} a test row.")
    read_fact_base(seeds_copy, [off])


def test_event_dates_agree_with_their_facts(seeds_copy: Path) -> None:
    base = read_fact_base()
    kinds = {f.fact_id: f.kind for f in base.facts}
    path = seeds_copy / "events.yaml"
    events = yaml.safe_load(path.read_text(encoding="utf-8"))
    event = next(e for e in events if [kinds[i] for i in e["fact_ids"]].count("event") == 1)
    event["date"] = "1900"
    path.write_text(yaml.safe_dump(events, allow_unicode=True), encoding="utf-8")
    problem = _only_problem(seeds_copy)
    assert re.search(rf"events\.yaml: event {event['event_id']}: date 1900 disagrees with "
                     r"as_of \S+ of its fact \w+", problem), problem


def test_every_rule_has_a_docstring_and_a_case() -> None:
    """The README lists the rules from their docstrings; each needs its bad-file test."""
    for rule in (*rules.FACT_RULES, *rules.BASE_RULES):
        assert rule.__doc__, rule.__name__
    assert len(BAD_FACTS) + 3 >= len(rules.FACT_RULES) + len(rules.BASE_RULES)
