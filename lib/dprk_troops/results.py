"""Record a notebook's key results in its outputs, and read them back from the file.

Our own small equivalent of scrapbook's ``glue`` (scrapbook is unmaintained): ``record``
displays one output whose bundle carries the result twice:

- ``application/vnd.dprk-troops.result+json``: ``{"name": ..., "value": ...}``, read by
  ``read_results`` and by ``dprk-troops results EXECUTED.ipynb``;
- ``text/plain``: ``name = value``, which JupyterLab shows and nbval compares.

Values are JSON: numbers, text, lists and mappings of them (numpy scalars are converted).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import DprkTroopsError

__all__ = ["RESULT_MIME", "read_results", "read_results_from", "record", "to_json_value"]

RESULT_MIME = "application/vnd.dprk-troops.result+json"


def to_json_value(value: Any) -> Any:
    """A value as plain JSON types (numpy numbers and arrays, tuples, mappings)."""
    if isinstance(value, Mapping):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json_value(v) for v in value]
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        return to_json_value(value.tolist())
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"cannot record a {type(value).__name__}: {value!r}")


def record(name: str, value: Any) -> None:
    """Show a result and store it in the notebook for ``read_results``."""
    from IPython.display import display

    plain = to_json_value(value)
    display({RESULT_MIME: {"name": name, "value": plain},
             "text/plain": f"{name} = {json.dumps(plain, ensure_ascii=False)}"}, raw=True)


def read_results(path: str | Path) -> dict[str, Any]:
    """Every recorded result of an executed notebook, in order (a later record wins)."""
    path = Path(path)
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DprkTroopsError(f"{path}: file not found") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DprkTroopsError(f"{path}: not a notebook (invalid JSON: {exc})") from None
    return read_results_from(nb)


def read_results_from(nb: Mapping[str, Any]) -> dict[str, Any]:
    """Every recorded result of a notebook already in memory (a dict or NotebookNode)."""
    results: dict[str, Any] = {}
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {}).get(RESULT_MIME)
            if data is not None:
                results[data["name"]] = data["value"]
    return results
