"""Recording results in a notebook and reading them back."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import numpy as np
import pytest
from dprk_troops.errors import DprkTroopsError
from dprk_troops.results import RESULT_MIME, read_results, to_json_value


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
    assert results["cash_revenue_usd"] == 240_000_000
    assert json.dumps(results)
