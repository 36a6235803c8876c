"""The fact-base cache: tables reused while their inputs stay the same, and never a stale,
corrupt or failed read."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from dprk_troops import paths
from dprk_troops.errors import FactBaseError
from dprk_troops.factbase import cache as fact_cache
from dprk_troops.factbase import facts
from dprk_troops.factbase.scores import read_option_scores


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setattr(paths, "CACHE_DIR", folder)
    monkeypatch.delenv(fact_cache.ENV, raising=False)
    return folder


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every read of the files (the cache's misses), by seeds folder."""
    seen: list[Path] = []
    real = facts.read_fact_base

    def counting(seeds_dir: object = None, extra: object = ()) -> facts.FactBase:
        seen.append(Path(str(seeds_dir)))
        return real(seeds_dir, extra)  # type: ignore[arg-type]

    monkeypatch.setattr(facts, "read_fact_base", counting)
    return seen


def _entries(cache_dir: Path) -> list[Path]:
    return sorted((cache_dir / fact_cache.KIND).glob("[!.]*"))


def test_a_second_load_comes_from_the_cache_and_equals_the_first(
        seeds_copy: Path, cache_dir: Path, reads: list[Path]) -> None:
    first = facts.load_facts(seeds_copy)
    second = facts.load_facts(seeds_copy)
    assert len(reads) == 1
    pd.testing.assert_frame_equal(first, second)
    assert first is not second  # each caller gets its own copy to change
    fresh = facts.facts_table(facts.read_fact_base(seeds_copy))
    pd.testing.assert_frame_equal(second, fresh)


def test_every_loader_has_its_own_entry(seeds_copy: Path, cache_dir: Path) -> None:
    for load in (facts.load_facts, facts.load_sources, facts.load_events,
                 facts.load_options, read_option_scores):
        load(seeds_copy)
    assert len(_entries(cache_dir)) == 5
    scores = read_option_scores(seeds_copy)
    assert scores.matrix().shape == (len(scores.option_ids), len(scores.criteria))


def test_editing_a_file_reads_it_again(seeds_copy: Path, cache_dir: Path,
                                       reads: list[Path]) -> None:
    before = facts.load_facts(seeds_copy)
    path = seeds_copy / paths.FACTS_FILE
    path.write_text(path.read_text(encoding="utf-8").replace(
        "fact_id: nos1_pay_2000", "fact_id: nos1_pay_2000_edited", 1), encoding="utf-8")
    after = facts.load_facts(seeds_copy)
    assert len(reads) == 2
    assert "nos1_pay_2000_edited" in set(after["fact_id"])
    assert "nos1_pay_2000_edited" not in set(before["fact_id"])


def test_a_bad_fact_base_raises_every_time_and_stores_nothing(
        seeds_copy: Path, cache_dir: Path) -> None:
    path = seeds_copy / paths.FACTS_FILE
    path.write_text(path.read_text(encoding="utf-8").replace(
        "unit: usd_per_soldier_month", "unit: usd_per_fortnight", 1), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(FactBaseError):
            facts.load_facts(seeds_copy)
    assert _entries(cache_dir) == []


def test_a_corrupt_entry_is_read_again_from_the_files(seeds_copy: Path, cache_dir: Path,
                                                      reads: list[Path]) -> None:
    good = facts.load_facts(seeds_copy)
    [entry] = _entries(cache_dir)
    (entry / fact_cache.VALUE).write_bytes(b"not a pickle")
    again = facts.load_facts(seeds_copy)
    assert len(reads) == 2
    pd.testing.assert_frame_equal(good, again)


def test_the_key_covers_extra_files_the_library_and_the_working_directory(
        seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text("[]\n", encoding="utf-8")
    base = fact_cache.key("facts", seeds_copy)
    assert base == fact_cache.key("facts", seeds_copy)
    with_extra = fact_cache.key("facts", seeds_copy, [extra])
    extra.write_text("# edited\n[]\n", encoding="utf-8")
    edited_extra = fact_cache.key("facts", seeds_copy, [extra])
    monkeypatch.chdir(tmp_path)
    elsewhere = fact_cache.key("facts", seeds_copy)
    monkeypatch.setattr(fact_cache, "library_digest", lambda: "another library")
    other_library = fact_cache.key("facts", seeds_copy)
    keys = [base, with_extra, edited_extra, elsewhere, other_library,
            fact_cache.key("events", seeds_copy)]
    assert len(set(keys)) == len(keys)


def test_switched_off_every_load_reads_the_files(seeds_copy: Path, cache_dir: Path,
                                                 reads: list[Path],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fact_cache.ENV, "off")
    facts.load_facts(seeds_copy)
    facts.load_facts(seeds_copy)
    assert len(reads) == 2 and _entries(cache_dir) == []


def test_only_the_newest_entries_are_kept(seeds_copy: Path, cache_dir: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fact_cache, "KEEP", 2)
    for name in ("a", "b", "c"):
        fact_cache.cached(name, seeds_copy, [], lambda name=name: name)
    assert len(_entries(cache_dir)) == 2
    assert fact_cache.cached("c", seeds_copy, [], lambda: "read again") == "c"
