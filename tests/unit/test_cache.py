"""The run cache: what goes into a run's key, and entries checked on every read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dprk_troops import paths
from dprk_troops.reporting import cache
from dprk_troops.reporting.cache import RunCache

NB = paths.NOTEBOOKS_DIR / "02_troop_comparisons.ipynb"


def _key(**changes: object) -> str:
    inputs = {"notebook": "02_troop_comparisons", "notebook_source": "src",
              "parameters": {"troops": 1500}, "fact_base": "facts", "library": "lib",
              "versions": {"pandas": "2.2.3"}, "chart_output": "svg"}
    inputs.update(changes)
    return cache.run_key(**inputs)  # type: ignore[arg-type]


def test_each_input_changes_the_key_and_nothing_else_does() -> None:
    assert _key() == _key(parameters={"troops": 1500})
    changed = [_key(parameters={"troops": 1501}), _key(fact_base="other"),
               _key(library="other"), _key(versions={"pandas": "2.2.4"}),
               _key(notebook_source="other"), _key(chart_output="vega-lite")]
    assert len({_key(), *changed}) == len(changed) + 1


def test_parameters_key_by_value_not_by_spelling() -> None:
    a = _key(parameters={"weights": {"a": 0.5, "b": 0.5}, "troops": 1})
    b = _key(parameters={"troops": 1, "weights": {"b": 0.5, "a": 0.5}})
    assert a == b


def test_the_notebook_digest_ignores_outputs_and_ids(tmp_path: Path) -> None:
    nb = json.loads(NB.read_text())
    for i, cell in enumerate(nb["cells"]):
        cell["id"] = f"other-{i}"
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    copy = tmp_path / NB.name
    copy.write_text(json.dumps(nb))
    assert cache.notebook_digest(copy) == cache.notebook_digest(NB)
    nb["cells"][-1]["source"] = "print('edited')"
    copy.write_text(json.dumps(nb))
    assert cache.notebook_digest(copy) != cache.notebook_digest(NB)


def test_the_fact_base_digest_follows_the_files_content(seeds_copy: Path) -> None:
    assert cache.fact_base_digest(seeds_copy) == cache.fact_base_digest(paths.SEEDS_DIR)
    facts = seeds_copy / "facts.yaml"
    facts.write_text(facts.read_text().replace("note:", "note: ", 1))
    assert cache.fact_base_digest(seeds_copy) != cache.fact_base_digest(paths.SEEDS_DIR)


def test_the_library_digest_covers_code_and_templates() -> None:
    digest = cache.library_digest()
    assert len(digest) == 64 and digest == cache.library_digest()


def test_the_page_key_adds_what_only_the_page_shows() -> None:
    base = {"scenario": "low", "note": "n", "show_code": False, "labels": {"a": "A"}}
    key = cache.page_key("run", **base)  # type: ignore[arg-type]
    for field, value in [("note", "m"), ("show_code", True), ("scenario", "high"),
                         ("labels", {"a": "B"})]:
        assert cache.page_key("run", **{**base, field: value}) != key  # type: ignore[arg-type]
    assert cache.page_key("other", **base) != key  # type: ignore[arg-type]


def test_an_entry_round_trips(tmp_path: Path) -> None:
    store = RunCache(tmp_path)
    store.put("runs", "k1", {"a.txt": b"alpha", "b.json": b"{}"})
    assert store.get("runs", "k1") == {"a.txt": b"alpha", "b.json": b"{}"}
    assert store.get("runs", "missing") is None
    assert not [p for p in (tmp_path / "runs").iterdir() if p.name.startswith(".tmp")]


@pytest.mark.parametrize("damage", ["edit", "truncate", "delete file", "delete sums",
                                    "extra file", "bad sums"])
def test_a_corrupt_or_partial_entry_is_a_miss_and_is_deleted(tmp_path: Path,
                                                             damage: str) -> None:
    store = RunCache(tmp_path)
    store.put("runs", "k1", {"a.txt": b"alpha", "b.json": b"{}"})
    entry = tmp_path / "runs" / "k1"
    if damage == "edit":
        (entry / "a.txt").write_bytes(b"alphA")
    elif damage == "truncate":
        (entry / "a.txt").write_bytes(b"al")
    elif damage == "delete file":
        (entry / "b.json").unlink()
    elif damage == "delete sums":
        (entry / cache.SUMS).unlink()
    elif damage == "extra file":
        (entry / "c.txt").write_bytes(b"?")
    else:
        (entry / cache.SUMS).write_text("not json")
    assert store.get("runs", "k1") is None
    assert not entry.exists()


def test_a_new_entry_replaces_an_old_one(tmp_path: Path) -> None:
    store = RunCache(tmp_path)
    store.put("runs", "k1", {"a.txt": b"old"})
    store.put("runs", "k1", {"a.txt": b"new"})
    assert store.get("runs", "k1") == {"a.txt": b"new"}


def test_an_unwritable_cache_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    store = RunCache(blocker / "cache")
    store.put("runs", "k1", {"a.txt": b"x"})  # cannot be written: the run is not cached
    assert store.get("runs", "k1") is None


def _aged(store: RunCache, kind: str, key: str, size: int, days_ago: float,
          now: float) -> None:
    """An entry of ``size`` bytes, last used ``days_ago`` days before ``now``."""
    import os

    store.put(kind, key, {"data": b"x" * size})
    when = now - days_ago * 86400
    os.utime(store.root / kind / key, (when, when))


def _keys(store: RunCache) -> set[str]:
    return {p.name for kind in cache.KINDS if (store.root / kind).is_dir()
            for p in (store.root / kind).iterdir()}


def test_a_read_marks_the_entry_used(tmp_path: Path) -> None:
    import os
    import time

    store = RunCache(tmp_path)
    _aged(store, "runs", "k", 10, days_ago=40, now=time.time())
    assert store.get("runs", "k") is not None
    assert time.time() - os.stat(tmp_path / "runs" / "k").st_mtime < 60


def test_entries_unused_for_too_long_are_evicted(tmp_path: Path) -> None:
    now = 1_800_000_000.0
    store = RunCache(tmp_path)
    _aged(store, "runs", "old", 10, days_ago=31, now=now)
    _aged(store, "pages", "old-page", 10, days_ago=45, now=now)
    _aged(store, "charts", "recent", 10, days_ago=29, now=now)
    evicted = store.prune(cache.KINDS, max_age_s=30 * 86400, max_bytes=None, now=now)
    assert sorted(evicted) == [("pages", "old-page"), ("runs", "old")]
    assert _keys(store) == {"recent"}


def test_the_least_recently_used_go_first_until_the_cache_fits(tmp_path: Path) -> None:
    """Sizes count the files (the checksums file included: about 90 bytes an entry)."""
    now = 1_800_000_000.0
    store = RunCache(tmp_path)
    for key, days in (("a", 5), ("b", 1), ("c", 3), ("d", 2)):
        _aged(store, "runs", key, 1000, days_ago=days, now=now)
    evicted = store.prune(cache.KINDS, max_age_s=None, max_bytes=2500, now=now)
    assert evicted == [("runs", "a"), ("runs", "c")]  # the two used longest ago
    assert _keys(store) == {"b", "d"}


def test_what_the_running_report_used_is_never_evicted(tmp_path: Path) -> None:
    now = 1_800_000_000.0
    store = RunCache(tmp_path)
    _aged(store, "runs", "stale", 1000, days_ago=90, now=now)
    _aged(store, "runs", "this-report", 1000, days_ago=0, now=now)
    evicted = store.prune(cache.KINDS, max_age_s=0, max_bytes=0, keep_since=now - 60,
                          now=now)
    assert evicted == [("runs", "stale")]
    assert _keys(store) == {"this-report"}


def test_a_killed_writes_temporary_folder_goes_after_an_hour(tmp_path: Path) -> None:
    import os

    now = 1_800_000_000.0
    store = RunCache(tmp_path)
    for name, age in ((".tmp-killed", 2 * 3600), (".tmp-writing", 60)):
        (tmp_path / "runs" / name).mkdir(parents=True)
        os.utime(tmp_path / "runs" / name, (now - age, now - age))
    assert store.prune(cache.KINDS, max_age_s=None, max_bytes=None, now=now) == []
    assert _keys(store) == {".tmp-writing"}


def test_the_limits_come_from_the_environment() -> None:
    assert cache.eviction({}) == cache.Eviction(30 * 86400, 2_048_000_000)
    assert cache.eviction({cache.DAYS_ENV: "7", cache.MB_ENV: "0.5"}) == \
        cache.Eviction(7 * 86400, 500_000)
    assert cache.eviction({cache.DAYS_ENV: "off", cache.MB_ENV: " OFF "}) == \
        cache.Eviction(None, None)


@pytest.mark.parametrize(("variable", "value"), [
    ("DPRK_TROOPS_RUN_CACHE_DAYS", "soon"), ("DPRK_TROOPS_RUN_CACHE_DAYS", "-1"),
    ("DPRK_TROOPS_RUN_CACHE_MB", "nan"), ("DPRK_TROOPS_RUN_CACHE_MB", "inf")])
def test_a_bad_limit_names_its_variable(variable: str, value: str) -> None:
    from dprk_troops.errors import ParameterError

    unit = "days" if variable.endswith("DAYS") else "megabytes"
    with pytest.raises(ParameterError) as caught:
        cache.eviction({variable: value})
    assert str(caught.value) == (f"{variable}: expected a number of {unit} >= 0, or off, "
                                 f"got {value!r}")


def test_the_cache_folder_comes_from_the_environment(tmp_path: Path) -> None:
    assert cache.default_root({cache.ROOT_ENV: str(tmp_path)}) == tmp_path
    assert cache.default_root({}) == cache.default_root({cache.ROOT_ENV: " "})


@pytest.mark.parametrize("value", ["off", "OFF", " no ", "0", "false"])
def test_a_switch_is_not_taken_for_the_cache_folder(value: str) -> None:
    """``DPRK_TROOPS_RUN_CACHE=off`` made a folder named "off" where the report ran."""
    from dprk_troops.errors import ParameterError

    with pytest.raises(ParameterError) as caught:
        cache.default_root({cache.ROOT_ENV: value})
    assert str(caught.value) == (f"DPRK_TROOPS_RUN_CACHE={value.strip()}: expected the run "
                                 "cache's folder, not a switch; to run everything afresh, "
                                 "use --no-cache")
