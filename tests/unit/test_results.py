"""Recording results in a notebook and reading them back."""

from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np
import pytest
from dprk_troops.errors import DprkTroopsError
from dprk_troops.present.results import RESULT_MIME, read_results, to_json_value


def _nb_with(outputs: list[dict], path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.from_dict(o) for o in outputs]
    nb.cells.append(cell)
    nbformat.write(nb, path)
    return path


def _result(name: str, value: object) -> dict:
    return {"output_type": "display_data", "metadata": {},
            "data": {RESULT_MIME: {"name": name, "value": value}, "text/plain": "x"}}


def test_results_are_read_in_order_and_later_wins(tmp_path: Path) -> None:
    path = _nb_with([_result("a", 1), _result("b", [1, 2]), _result("a", 3)], tmp_path / "n.ipynb")
    assert read_results(path) == {"a": 3, "b": [1, 2]}


def test_numpy_values_become_json() -> None:
    assert to_json_value({"x": np.float64(1.5), "y": np.arange(3), "z": (1, "a")}) == {
        "x": 1.5, "y": [0, 1, 2], "z": [1, "a"]}
    with pytest.raises(TypeError, match="cannot record"):
        to_json_value(object())


def test_not_a_notebook_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json")
    with pytest.raises(DprkTroopsError, match="bad.ipynb: not a notebook"):
        read_results(bad)
    with pytest.raises(DprkTroopsError, match="missing.ipynb: file not found"):
        read_results(tmp_path / "missing.ipynb")


def test_stored_notebooks_carry_their_results() -> None:
    from dprk_troops.paths import NOTEBOOKS_DIR

    results = read_results(NOTEBOOKS_DIR / "01_cost_vs_revenue.ipynb")
    assert results["cash_revenue_usd"] == 278_000_000  # the reported troop path, the default
    assert results["cash_revenue_usd_constant"] == 306_000_000  # 12,750 from the first month


def test_record_shows_the_reader_line_and_keeps_the_value() -> None:
    from dprk_troops.present.results import result_bundle

    bundle = result_bundle("cash_revenue_usd", np.float64(278_000_000.0))
    assert bundle[RESULT_MIME] == {"name": "cash_revenue_usd", "value": 278_000_000.0}
    assert bundle["text/plain"] == "Cash revenue over the deployment: $278 million"
    assert "<strong>Cash revenue over the deployment:</strong> $278 million" in \
        bundle["text/html"]


def test_record_shows_options_by_label_escaped_in_html() -> None:
    from dprk_troops.present.results import result_bundle

    labels = {"a": "Option <A>", "b": "Option B", "c": "Option C"}
    bundle = result_bundle("ranking", ["a", "b"], labels)
    assert bundle["text/plain"] == "Ranking, best first:\n  1. Option <A>\n  2. Option B"
    assert "Option &lt;A&gt;" in bundle["text/html"] and "<A>" not in bundle["text/html"]
    assert "<ol" in bundle["text/html"] and bundle["text/html"].count("<li>") == 2


def test_shares_read_largest_first_with_a_bar_each() -> None:
    from dprk_troops.present.results import result_bundle, result_spec

    labels = {"a": "Option A", "b": "Option B", "c": "Option C"}
    shares = result_bundle("share_ranked_first", {"a": 0.25, "b": 0.0, "c": 0.75}, labels)
    label = result_spec("share_ranked_first").label
    assert shares["text/plain"] == (f"{label}:\n"
                                    "  Option C: 75%\n  Option A: 25%\n  Option B: 0%")
    markup = shares["text/html"]
    assert markup.index("Option C") < markup.index("Option A") < markup.index("Option B")
    assert markup.count("dprk-bar") == 3 and "width:7.50em" in markup
    assert ";" not in shares["text/plain"]


def test_record_looks_up_the_seed_options_when_no_labels_are_given() -> None:
    from dprk_troops.present.results import reader_line

    line = reader_line("top_option", "eu_nato_cooperation")
    assert line == "Best-scoring option: Closer cooperation with the EU and NATO"


def test_record_is_free_of_float_noise() -> None:
    from dprk_troops.present.results import reader_line

    assert reader_line("scores", {"x": 0.42499999999999993}, {"x": "X"}).endswith("X: 0.425")
    assert reader_line("days_of_russian_losses_replaced", 10_000 / 1200) == \
        "Days of Russian losses replaced: 8.3 days"
    assert reader_line("share_of_dprk_army", 10_000 / 1.5e6) == \
        "Share of North Korea's army: 0.67%"
    assert reader_line("expected_casualties", 8340.000000001) == \
        "Killed or wounded, expected: 8,340 soldiers"


def test_an_unknown_result_name_is_a_clear_error() -> None:
    from dprk_troops.present.results import result_bundle

    with pytest.raises(DprkTroopsError, match="unknown result 'path_cash_revenue_usd'"):
        result_bundle("path_cash_revenue_usd", 1.0)
