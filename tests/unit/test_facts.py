"""The loader: dtypes, extra facts files, and one clear error per kind of bad file."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from dprk_troops.errors import FactBaseError
from dprk_troops.factbase.facts import (
    load_events,
    load_facts,
    load_options,
    load_sources,
    read_fact_base,
)


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return load_facts()


def test_facts_have_proper_dtypes(facts: pd.DataFrame) -> None:
    for col in ("value", "low", "high"):
        assert facts[col].dtype == "float64", col
    assert pd.api.types.is_datetime64_any_dtype(facts["as_of"])
    assert facts["locator"].dtype == "int64"
    for col in ("quantity", "unit", "kind", "source_id", "speaker", "as_of_precision"):
        assert isinstance(facts[col].dtype, pd.CategoricalDtype), col
    assert facts["fact_id"].is_unique


def test_point_figures_get_their_value_as_bounds(facts: pd.DataFrame) -> None:
    points = facts[facts["value"].notna() & facts["flags"].map(lambda f: not {
        "at_least", "upper_bound", "range"} & set(f))]
    assert len(points) > 10
    assert (points["low"] == points["value"]).all()
    assert (points["high"] == points["value"]).all()


def test_open_ended_figures_keep_an_open_bound(facts: pd.DataFrame) -> None:
    at_least = facts[facts["flags"].map(lambda f: "at_least" in f)]
    assert len(at_least) >= 3
    assert at_least["high"].isna().all()


def test_every_source_has_its_file_and_digest() -> None:
    sources = load_sources()
    assert len(sources) == 5
    assert sources["source_file"].notna().all()
    assert sources["sha256"].str.fullmatch(r"[0-9a-f]{64}").all()
    assert pd.api.types.is_datetime64_any_dtype(sources["published"])
    assert set(sources["published_precision"]) <= {"month", "day"}


def test_events_and_options_load_with_dates_and_references() -> None:
    events = load_events()
    options = load_options()
    assert len(events) >= 8 and pd.api.types.is_datetime64_any_dtype(events["date"])
    assert events["event_id"].is_unique
    assert len(options) >= 5 and options["fact_ids"].map(len).min() >= 1


def test_disagreements_are_kept_as_rows(facts: pd.DataFrame) -> None:
    army = facts[facts["quantity"] == "dprk_army_size"]
    assert {1e6, 1.5e6, 2e6} <= set(army["value"])
    troops = facts[facts["quantity"].isin(["dprk_troops_in_russia", "dprk_troops_in_kursk"])]
    assert {1500, 8000, 10_000, 12_750} <= set(troops["value"])


# --- extra facts files -------------------------------------------------------------------

NEW_FACT = {
    "fact_id": "extra_troops_update",
    "quantity": "dprk_troops_in_kursk",
    "value": 11000,
    "unit": "soldiers",
    "as_of": "2024-12-01",
    "speaker": "article",
    "source_id": "nos_veel_te_winnen",
    "locator": 7,
    "excerpt": "1500 militairen",
    # The fact base's rules hold for extra files too: a figure that does not overlap the
    # earlier ones names them and says why it does not conflict.
    "note": ("A test row standing for an analyst's newer reporting, later than "
             "nos1_kursk_8000 and ana_dprk_troops_kursk_pentagon, so not in conflict."),
    "kind": "estimate",
    "flags": ["unattributed"],
}


def _write(path: Path, data: object) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_extra_facts_load_on_top_of_the_seeds(tmp_path: Path, facts: pd.DataFrame) -> None:
    extra = _write(tmp_path / "mine.yaml", [NEW_FACT])
    both = load_facts(extra=[extra])
    assert len(both) == len(facts) + 1
    row = both.set_index("fact_id").loc["extra_troops_update"]
    assert row["value"] == 11000 and row["file"].endswith("mine.yaml")


def test_extra_file_may_bring_its_own_source(tmp_path: Path) -> None:
    source = {
        "source_id": "my_newer_report", "url": "https://example.org/report", "outlet": "Example",
        "kind": "news article", "title": "A newer report", "language": "en",
        "published": "2025-01", "published_basis": "stated",
        "people": [{"key": "Analyst", "name": "An Analyst", "role": "tester"}],
    }
    fact = dict(NEW_FACT, source_id="my_newer_report", speaker="Analyst", flags=[])
    extra = _write(tmp_path / "mine.yaml", {"sources": [source], "facts": [fact]})
    assert "my_newer_report" in set(load_facts(extra=[extra])["source_id"])


def test_extra_facts_get_the_same_validation(tmp_path: Path) -> None:
    extra = _write(tmp_path / "mine.yaml", [dict(NEW_FACT, low=12000)])
    with pytest.raises(FactBaseError, match=r"mine\.yaml: fact extra_troops_update: low 12000 > "
                                            r"value 11000"):
        load_facts(extra=[extra])


def test_extra_fact_may_not_reuse_a_seed_id(tmp_path: Path, facts: pd.DataFrame) -> None:
    taken = facts["fact_id"].iloc[0]
    extra = _write(tmp_path / "mine.yaml", [dict(NEW_FACT, fact_id=taken)])
    with pytest.raises(FactBaseError, match=f"fact {taken}: fact_id already in the fact base"):
        load_facts(extra=[extra])


# --- bad files: one clear line each ------------------------------------------------------

def _edit_facts(seeds: Path, edit) -> None:
    path = seeds / "facts.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    _write(path, data)


BAD_FACTS = {
    "missing field": (
        lambda d: d[0].pop("unit"),
        r"facts\.yaml: fact \w+: missing required field 'unit'",
    ),
    "wrong type": (
        lambda d: d.__setitem__(0, dict(d[0], value="ten thousand", kind="figure",
                                        unit="soldiers")),
        r"facts\.yaml: fact \w+: value: expected a number, got 'ten thousand'",
    ),
    "unknown source": (
        lambda d: d[0].__setitem__("source_id", "no_such_article"),
        r"facts\.yaml: fact \w+: source_id 'no_such_article' is not in sources\.yaml",
    ),
    "low above high": (
        lambda d: d.__setitem__(0, dict(d[0], fact_id="dprk_army_breuker", value=None,
                                        low=2_000_000, high=1_500_000, kind="estimate",
                                        unit="soldiers")),
        r"facts\.yaml: fact dprk_army_breuker: low 2000000 > high 1500000",
    ),
    "duplicate id": (
        lambda d: d.append(dict(d[0])),
        r"facts\.yaml: fact \w+: duplicate fact_id \(line \d+\)",
    ),
    "unknown unit": (
        lambda d: d[0].__setitem__("unit", "furlongs"),
        r"facts\.yaml: fact \w+: unit: expected 'soldiers', .* got 'furlongs'",
    ),
    "bad date": (
        lambda d: d[0].__setitem__("as_of", "2024-13"),
        r"facts\.yaml: fact \w+: as_of: not a calendar date: '2024-13'",
    ),
    "unknown field": (
        lambda d: d[0].__setitem__("valeu", 3),
        r"facts\.yaml: fact \w+: unknown field 'valeu'",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FACTS))
def test_bad_facts_give_one_clear_line(seeds_copy: Path, case: str) -> None:
    edit, pattern = BAD_FACTS[case]
    _edit_facts(seeds_copy, edit)
    with pytest.raises(FactBaseError) as info:
        read_fact_base(seeds_copy)
    assert len(info.value.problems) == 1, info.value.problems
    assert "\n" not in info.value.problems[0]


    assert re.search(pattern, info.value.problems[0]), info.value.problems[0]


def test_broken_yaml_names_file_and_line(seeds_copy: Path) -> None:
    (seeds_copy / "facts.yaml").write_text("- fact_id: a\n  value: [1, 2\n", encoding="utf-8")
    with pytest.raises(FactBaseError, match=r"facts\.yaml: line \d+: broken YAML"):
        read_fact_base(seeds_copy)


def test_every_problem_is_reported_at_once(seeds_copy: Path) -> None:
    def two_problems(d: list) -> None:
        d[0].pop("note")
        d[1]["source_id"] = "nowhere"

    _edit_facts(seeds_copy, two_problems)
    with pytest.raises(FactBaseError) as info:
        read_fact_base(seeds_copy)
    assert len(info.value.problems) == 2


def test_events_must_cite_existing_facts(seeds_copy: Path) -> None:
    path = seeds_copy / "events.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[0]["fact_ids"] = ["no_such_fact"]
    _write(path, data)
    with pytest.raises(FactBaseError, match=r"events\.yaml: event \w+: fact_ids: unknown fact "
                                            r"'no_such_fact'"):
        read_fact_base(seeds_copy)


def test_speaker_must_be_among_the_sources_people(seeds_copy: Path) -> None:
    _edit_facts(seeds_copy, lambda d: d[0].__setitem__("speaker", "Somebody Else"))
    with pytest.raises(FactBaseError, match=r"speaker 'Somebody Else' is not among"):
        read_fact_base(seeds_copy)


def test_extra_facts_named_in_the_environment_reach_every_notebook(
        tmp_path: Path, facts: pd.DataFrame, monkeypatch: pytest.MonkeyPatch) -> None:
    """A newer figure for the deployment, in an extra file a report or an analyst names
    (DPRK_TROOPS_EXTRA), moves the troops default of the notebooks that read the fact base,
    which name the new row."""
    from dprk_troops.workbook import definition

    newer = {**NEW_FACT, "quantity": "dprk_troops_in_russia",
             "note": ("A test row standing for an analyst's newer reporting, later than "
                      "nos2_nis_first_group_1500, nos1_blinken_10000, nos1_dekruif_10000, "
                      "bnr_tienduizend_lead, bnr_nis_tienduizend, ana_dprk_troops_thousands "
                      "and ana_dprk_troops_russia_appathurai, so not in conflict.")}
    extra = _write(tmp_path / "mine.yaml", [newer])
    monkeypatch.setenv("DPRK_TROOPS_EXTRA", str(extra))
    with_extra = load_facts()
    assert len(with_extra) == len(facts) + 1
    for stem in ("01", "02"):
        run = definition(stem).resolve(with_extra, {})
        assert run.values["troops"] == 11_000
        assert run.basis["troops"].fact_ids == ("extra_troops_update",)
    assert len(load_facts(extra=[])) == len(facts)  # an explicit list wins
