"""The registry: every result a notebook records is in it, and every result in it is
recorded; names are unique; the formats read as a reader expects."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from dprk_troops import workbook as registry
from dprk_troops.execute import notebook_paths
from dprk_troops.present import formats
from dprk_troops.present.results import read_results

NOTEBOOKS = notebook_paths()


def recorded_names(py: Path) -> list[str]:
    """The names a notebook's twin passes to ``record``: each must be a string literal."""
    names = []
    for node in ast.walk(ast.parse(py.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "record":
            first = node.args[0]
            assert isinstance(first, ast.Constant) and isinstance(first.value, str), \
                f"{py.name} line {node.lineno}: record's name must be a literal string"
            names.append(first.value)
    return names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_records_exactly_its_registry_results(path: Path) -> None:
    spec = registry.notebook(path.stem)
    recorded = recorded_names(path.with_suffix(".py"))
    assert len(recorded) == len(set(recorded)), "a result is recorded twice"
    assert sorted(recorded) == sorted(r.name for r in spec.results)
    assert sorted(read_results(path)) == sorted(r.name for r in spec.results)


def test_result_names_are_unique_across_notebooks() -> None:
    names = [r.name for nb in registry.NOTEBOOKS.values() for r in nb.results]
    assert len(names) == len(set(names))


def test_every_result_has_a_label_and_a_meaning() -> None:
    for nb in registry.NOTEBOOKS.values():
        assert nb.key_results
        for r in nb.results:
            assert r.label and r.meaning and r.label[0].isupper(), r.name


def test_notebook_stem_accepts_numbers_names_and_paths() -> None:
    assert registry.notebook_stem("01") == "01_cost_vs_revenue"
    assert registry.notebook_stem("notebooks/02_troop_comparisons.ipynb") == \
        "02_troop_comparisons"
    with pytest.raises(Exception, match="unknown notebook"):
        registry.notebook_stem("09")


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("cash_revenue_usd", 278_000_000.0, "$278 million"),
    ("mc_p5_usd", 71_721_135.9416719, "$71.7 million"),
    ("share_of_dprk_army_high", 0.01, "1%"),
    ("dprk_army_central", 1_500_000.0, "1,500,000 soldiers"),
    ("days_of_russian_losses_replaced", 25.0, "25 days"),
])
def test_format_result(name: str, value: float, expected: str) -> None:
    spec = next(r for nb in registry.NOTEBOOKS.values() for r in nb.results if r.name == name)
    assert formats.format_result(spec, value) == expected


def test_format_result_of_nothing() -> None:
    spec = registry.notebook("01").result("in_kind_usd")
    assert formats.format_result(spec, None) == "not computed"


def test_results_about_every_option_read_in_order_one_per_line() -> None:
    labels = {"a": "Option A", "b": "Option B", "c": "Option C"}
    nb = registry.notebook("03")
    ranking = formats.format_result(nb.result("ranking"), ["b", "a", "c"], labels)
    assert ranking == "1. Option B\n2. Option A\n3. Option C"
    shares = nb.result("share_ranked_first")
    value = {"a": 0.13, "b": 0.0, "c": 0.54}
    assert [i.label for i in formats.result_items(shares, value, labels)] == \
        ["Option C", "Option A", "Option B"]
    assert formats.format_result(shares, value, labels) == \
        "Option C: 54%\nOption A: 13%\nOption B: 0%"
    assert formats.result_items(nb.result("top_option"), "a", labels) == []
