"""Record a notebook's key results in its outputs, and read them back from the file.

Our own small equivalent of scrapbook's ``glue`` (scrapbook is unmaintained): ``record``
displays one output whose bundle carries the result twice:

- ``application/vnd.dprk-troops.result+json``: ``{"name": ..., "value": ...}``, read by
  ``read_results`` and by ``dprk-troops results EXECUTED.ipynb``;
- ``text/plain``: the reader's line, the result's label and formatted value from the
  registry (``Cash revenue over the deployment: $278 million``), which JupyterLab shows and
  nbval compares; a result about every option gets a line per option;
- ``text/html``: the same, escaped, in a small styled block: a ranking as a numbered list,
  shares and scores as a small table, largest first, shares with a bar (``value_html``, which
  the report's key-figures box and index use too).

Values are JSON: numbers, text, lists and mappings of them (numpy scalars are converted).
Every recorded name must be a result of ``registry.NOTEBOOKS``.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import DprkTroopsError
from ..workbook import NOTEBOOKS, ResultSpec
from .formats import format_result, result_items
from .palette import for_result

__all__ = ["PARAMETERS_MIME", "RESULT_MIME", "option_labels", "read_parameters_from",
           "read_results", "read_results_from", "reader_line", "record", "result_bundle", "result_spec",
           "to_json_value", "value_html"]

RESULT_MIME = "application/vnd.dprk-troops.result+json"
#: The run's parameters in words (``views.parameter_rows``), shown as a table and read back
#: by the report's pages.
PARAMETERS_MIME = "application/vnd.dprk-troops.parameters+json"


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


#: Units whose values name options: shown by the options' labels.
_OPTION_UNITS = ("option", "ranking", "option_scores", "option_shares")
_HTML_STYLE = ("margin:0.15em 0;padding:0.2em 0.6em;border-left:3px solid #4c78a8;"
               "font-family:inherit;white-space:normal")


def result_spec(name: str) -> ResultSpec:
    """The registry's spec of a recorded result, by name (names are unique across notebooks)."""
    for nb in NOTEBOOKS.values():
        for spec in nb.results:
            if spec.name == name:
                return spec
    raise DprkTroopsError(f"unknown result {name!r}: add it to a notebook's results in "
                          "lib/dprk_troops/workbook/")


def option_labels() -> dict[str, str]:
    """Each option's label by its id, from the seeds' options."""
    from ..factbase.facts import load_options

    options = load_options()
    return dict(zip(options["option_id"].astype(str), options["label"].astype(str),
                    strict=True))


def _labels(spec: ResultSpec, labels: Mapping[str, str] | None) -> Mapping[str, str] | None:
    """Option labels for a result that names options: ``labels``, else the seeds'."""
    if labels is None and spec.unit in _OPTION_UNITS:
        return option_labels()
    return labels


def reader_line(name: str, value: Any, labels: Mapping[str, str] | None = None) -> str:
    """'Cash revenue over the deployment: $278 million': label and formatted value; a
    result about every option puts each option on a line of its own, indented.

    Option ids show by their labels: ``labels`` when given, else the seeds' options.
    """
    spec = result_spec(name)
    text = format_result(spec, value, _labels(spec, labels))
    if "\n" in text:
        return f"{spec.label}:\n" + "\n".join(f"  {line}" for line in text.splitlines())
    return f"{spec.label}: {text}"


#: Width of a full (100%) share's bar.
_BAR_EM = 10


def value_html(spec: ResultSpec, value: Any, labels: Mapping[str, str] | None = None) -> str:
    """A result's value as escaped HTML: its text; a ranking as a numbered list; shares
    and scores as a small table, largest first, each share with a bar in its colour."""
    items = result_items(spec, value, _labels(spec, labels))
    if not items:
        return html.escape(format_result(spec, value, _labels(spec, labels)))
    if spec.unit == "ranking":
        rows = "".join(f"<li>{html.escape(i.label)}</li>" for i in items)
        return f"<ol class=\"dprk-ranking\" style=\"margin:.2em 0;padding-left:1.6em\">{rows}</ol>"
    colour = for_result(spec.name)
    cells = []
    for i in items:
        bar = "" if i.share is None else (
            f"<span class=\"dprk-bar\" style=\"display:inline-block;height:.8em;"
            f"width:{i.share * _BAR_EM:.2f}em;background:{colour}\"></span>")
        cells.append(f"<tr><td style=\"padding:0 .8em 0 0;text-align:left\">"
                     f"{html.escape(i.label)}</td><td style=\"padding:0;text-align:left;"
                     f"white-space:nowrap\">{bar} {html.escape(i.text)}</td></tr>")
    return (f"<table class=\"dprk-shares\" style=\"border-collapse:collapse;"
            f"margin:.2em 0\">{''.join(cells)}</table>")


def result_bundle(name: str, value: Any,
                  labels: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The output ``record`` displays: the machine-readable part and the reader's line."""
    plain = to_json_value(value)
    spec = result_spec(name)
    markup = (f"<div class=\"dprk-result\" style=\"{_HTML_STYLE}\">"
              f"<strong>{html.escape(spec.label)}:</strong> "
              f"{value_html(spec, plain, labels)}</div>")
    return {RESULT_MIME: {"name": name, "value": plain},
            "text/plain": reader_line(name, plain, labels), "text/html": markup}


def record(name: str, value: Any, labels: Mapping[str, str] | None = None) -> None:
    """Show a result to the reader and store it in the notebook for ``read_results``."""
    from IPython.display import display

    display(result_bundle(name, value, labels), raw=True)


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


def read_parameters_from(nb: Mapping[str, Any]) -> list[dict[str, Any]] | None:
    """The run's parameters as its notebook showed them (``tables.parameters``), or None
    when the run stopped before showing them."""
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            rows = output.get("data", {}).get(PARAMETERS_MIME)
            if rows is not None:
                return list(rows)
    return None


def read_results_from(nb: Mapping[str, Any]) -> dict[str, Any]:
    """Every recorded result of a notebook already in memory (a dict or NotebookNode)."""
    results: dict[str, Any] = {}
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {}).get(RESULT_MIME)
            if data is not None:
                results[data["name"]] = data["value"]
    return results
