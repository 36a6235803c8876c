"""The stored notebooks read cleanly: no error, warning, NaN, None, scientific notation,
cut-off text or Python repr in any output a reader sees (the text, the HTML's text, streams),
and no parameter name, fact id, hash or timestamp (``reader_text.code_problems``).

Skipped: the machine-readable result and parameters parts, chart specs (Vega-Lite, SVG) and widget views,
which no reader reads as text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from dprk_troops.execute import notebook_paths
from reader_text import code_problems, html_text, reader_problems

NOTEBOOKS = notebook_paths()
#: Parts a reader never reads as text.
SKIPPED = ("application/vnd.dprk-troops.result+json", "application/vnd.dprk-troops.interactive",
           "application/vnd.dprk-troops.fact-ids+json",
           "application/vnd.dprk-troops.parameters+json", "application/vnd.vegalite",
           "image/svg+xml")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def output_texts(path: Path) -> Iterator[tuple[str, str]]:
    """(where, text) for every reader-facing part of every output of a notebook."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        for j, out in enumerate(cell.get("outputs", [])):
            where = f"{path.name} cell {i} output {j}"
            if out.get("output_type") == "stream":
                yield f"{where} ({out.get('name')})", out.get("text", "")
            if out.get("output_type") == "error":
                yield f"{where} (error)", "ERROR " + "\n".join(out.get("traceback", []))
            data = out.get("data", {})
            if WIDGET_VIEW in data:
                continue
            for mime, value in data.items():
                if mime.startswith(SKIPPED):
                    continue
                text = value if isinstance(value, str) else "".join(value)
                yield f"{where} {mime}", html_text(text) if mime == "text/html" else text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_outputs_read_cleanly(path: Path) -> None:
    """No error, repr or NaN, and no parameter name, fact id, hash or timestamp either."""
    problems = [f"{where}: {p}" for where, text in output_texts(path)
                for p in [*reader_problems(text), *code_problems(text)]]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_output_goes_to_stderr(path: Path) -> None:
    streams = [where for where, _ in output_texts(path) if "(stderr)" in where]
    assert not streams


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_prose_is_in_words(path: Path) -> None:
    """Every markdown cell a page shows reads without code: no code font, no parameter name
    or fact id, no talk of kernels (cells tagged ``lab-only``, about the JupyterLab panel,
    are left out of the pages and may mention the kernel)."""
    nb = nbformat.read(path, as_version=4)
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        lab_only = "lab-only" in cell.get("metadata", {}).get("tags", [])
        found = [p for p in code_problems(cell.source)
                 if not (lab_only and p.startswith("talk of kernels"))]
        found += ["code font: " + line for line in cell.source.splitlines() if "`" in line]
        problems += [f"{path.name} cell {i}: {p}" for p in found]
    assert not problems, "\n".join(problems)


def test_code_problems_catch_what_they_should() -> None:
    bad = ["regime_share = 1 share (0-1)", "drawn from nos1_pay_2000",
           "pay usd per soldier month: $2,000",
           "fact base revision 2, version 1cecab71b03c", "Generated 2026-12-05T07:56:35+00:00",
           "Read the page · 0.4 s", "Interactive panel: it needs a running kernel"]
    for line in bad:
        assert code_problems(line), line
    good = ["share of the pay the state keeps: 100%", "troops: 1,500 soldiers", "8.3 days",
            "Made on 5 December 2026, 07:56 UTC", "revised on 3 December 2026", "$1.7 billion",
            "summary.csv", "a sha256 over the files"]
    for line in good:
        assert not code_problems(line), line


def test_reader_problems_catch_what_they_should() -> None:
    bad = ["value 1.000000e+04", "low NaN", "speaker None", "Traceback (most recent call)",
           "UserWarning: careful", "{'a': 1}", "['x', 'y']", "a long excerpt cut...",
           "cut\u2026  next cell", "<pandas.io.formats.style.Styler object at 0x7f00>",
           "ERROR in cell"]
    for line in bad:
        assert reader_problems(line), line
    good = ["Cash revenue over the deployment: $278 million", "10,000 soldiers",
            "0.67% (0.5% to 1%)", "Nonetheless, a nominal figure", "see notebook 02 ...and"]
    for line in good:
        assert not reader_problems(line), line


def test_html_text_keeps_cells_apart_and_drops_styles() -> None:
    markup = "<style>#T td {color: red}</style><table><tr><td>a...</td><td>b</td></tr></table>"
    assert html_text(markup).splitlines()[:2] == ["a...", "b"]
