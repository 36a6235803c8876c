"""The change log's diff, table and replay (``dprk_troops.factbase.changelog``)."""

from __future__ import annotations

from dprk_troops.factbase import changelog

OLD = {"facts.yaml": [{"fact_id": "a", "speaker": "Breuker", "flags": ["range"], "note": "x"},
                      {"fact_id": "gone", "speaker": "NIS"}],
       "sources.yaml": [{"source_id": "s", "people": [{"key": "NIS", "role": "agency"}]}]}
NEW = {"facts.yaml": [{"fact_id": "a", "speaker": "article", "flags": ["unattributed"],
                       "note": "y"}, {"fact_id": "b", "speaker": "NIS"}],
       "sources.yaml": [{"source_id": "s", "people": [{"key": "NIS", "role": "agency"},
                                                       {"key": "Bosman", "role": "x"}]}]}


def _logged(changes: list[changelog.Change]) -> list[changelog.Change]:
    return [changelog.Change(c.file, c.row, c.field, c.old, c.new, "¶4: because")
            for c in changes]


def test_diff_finds_fields_new_and_removed_rows_and_people() -> None:
    found = {(c.row, c.field) for c in changelog.diff(OLD, NEW)}
    assert found == {("a", "speaker"), ("a", "flags"), ("a", "note"), ("b", "(new row)"),
                     ("gone", "(removed)"), ("s.people.Bosman", "(new row)")}


def test_a_rendered_log_parses_back_and_accounts_for_every_change() -> None:
    table = changelog.render_table(_logged(changelog.diff(OLD, NEW)))
    assert "| facts.yaml | `a` | speaker | `\"Breuker\"` | `\"article\"` |" in table
    assert "| note | rewritten | rewritten |" in table
    parsed = changelog.parse(table)
    assert len(parsed) == 6
    assert changelog.apply(OLD, NEW, parsed) == []


def test_replay_names_an_unlogged_change_and_a_wrong_old_value() -> None:
    logged = [c for c in _logged(changelog.diff(OLD, NEW)) if c.field != "flags"]
    logged = [changelog.Change(c.file, c.row, c.field, "Bosman", c.new, c.reason)
              if c.field == "speaker" else c for c in logged]
    problems = changelog.apply(OLD, NEW, logged)
    assert "facts.yaml: a: flags changed but is not in the log" in problems
    assert any("a: speaker: the log says 'Bosman' -> 'article'" in p for p in problems)


def test_a_field_changed_twice_runs_from_its_oldest_to_its_newest_value() -> None:
    newest_first = [changelog.Change("facts.yaml", "a", "speaker", "Shea", "article", "r2"),
                    changelog.Change("facts.yaml", "a", "speaker", "Breuker", "Shea", "r1")]
    old = {"facts.yaml": [{"fact_id": "a", "speaker": "Breuker"}]}
    new = {"facts.yaml": [{"fact_id": "a", "speaker": "article"}]}
    assert changelog.apply(old, new, newest_first) == []


def test_the_base_commit_is_the_oldest_revisions() -> None:
    text = "## 3\nBase: revision 2, commit `abcdef1`.\n## 2\nBase: revision 1, commit 1234567.\n"
    assert changelog.base_commit(text) == "1234567"
