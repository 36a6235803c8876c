"""Execute notebooks: refresh the stored ones from their jupytext twins.

The ``.py`` (jupytext percent format) beside each notebook is the reviewed source; the
``.ipynb`` keeps the outputs that nbval compares. ``refresh`` rebuilds the ``.ipynb`` from
the ``.py`` and executes it in place, keeping it deterministic:
- no execution timing in cell metadata (``record_timing=False``);
- no widget state in the notebook metadata (its model ids are random on every run; the
  widget views in the outputs are what nbval already skips);
- fixed random seeds are the notebooks' own parameters.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import paths

__all__ = ["KERNEL_NAME", "notebook_paths", "refresh", "strip_volatile"]

KERNEL_NAME = "python3"


def notebook_paths(notebooks_dir: Path | None = None) -> list[Path]:
    """The workbook's notebooks (``registry.NOTEBOOKS``), in order (01_..., 02_..., ...)."""
    from .workbook import NOTEBOOKS

    folder = notebooks_dir or paths.NOTEBOOKS_DIR
    return [folder / f"{stem}.ipynb" for stem in sorted(NOTEBOOKS)]


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def strip_volatile(nb: Any) -> Any:
    """Make a run's notebook the same on every run: drop widget state and timings, and
    number cell ids and widget model ids by position (both are random otherwise; a stored
    widget view has no saved state to point to either way)."""
    nb.metadata.pop("widgets", None)
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        cell["id"] = f"cell-{i:02d}"
        for j, output in enumerate(cell.get("outputs", [])):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view is not None:
                view["model_id"] = f"widget-{i:02d}-{j}"
    return nb


def refresh(py_path: Path, timeout: int = 600) -> Path:
    """Rebuild ``X.ipynb`` from ``X.py`` and execute it in place; returns the notebook path."""
    import jupytext
    import nbformat
    from nbclient import NotebookClient

    nb = jupytext.read(py_path)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                 "name": KERNEL_NAME}
    NotebookClient(nb, timeout=timeout, kernel_name=KERNEL_NAME, record_timing=False,
                   resources={"metadata": {"path": str(py_path.parent)}}).execute()
    out = py_path.with_suffix(".ipynb")
    nbformat.write(strip_volatile(nb), out)
    return out
