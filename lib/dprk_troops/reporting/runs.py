"""One run: a notebook executed with one scenario's parameters, in a report kernel.

papermill injects the parameters (``parameterize_notebook``) and nbclient executes in the
given kernel. A failure of any kind is recorded in the run's result, never raised: one
failing notebook must not stop the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..execute import KERNEL_NAME
from .kernels import Kernel
from .scenarios import Run

__all__ = ["RunResult", "error_of", "execute", "execute_in", "new_result", "parameterized"]


@dataclass
class RunResult:
    notebook: str
    scenario: str
    parameters: dict[str, Any]
    status: str = "pending"  # ok | failed
    duration_s: float = 0.0
    error: str | None = None
    cell: int | None = None
    results: dict[str, Any] = field(default_factory=dict)
    html: str | None = None
    ipynb: str | None = None
    #: True when the executed notebook, page and results came from the run cache.
    cached: bool = False
    cache_key: str | None = None
    #: The sweep this run belongs to, and the values of its swept parameters.
    sweep: str | None = None
    swept: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def failure_line(self) -> str:
        where = f"cell {self.cell}" if self.cell is not None else "kernel"
        return f"FAILED {self.notebook} x {self.scenario}: {where}: {self.error}"


def new_result(run: Run) -> RunResult:
    """A pending result for a run."""
    return RunResult(run.notebook, run.scenario, dict(run.parameters), sweep=run.sweep,
                     swept=dict(run.swept))


def error_of(nb: Any, exc: BaseException) -> tuple[int | None, str]:
    """(cell number counting code cells from 1, one-line error) of a failed execution."""
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    for i, cell in enumerate(code_cells, 1):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return i, f"{out.get('ename')}: {out.get('evalue')}".splitlines()[0]
    return None, f"{type(exc).__name__}: {exc}".splitlines()[0]


def parameterized(run: Run, nb_dir: Path) -> Any:
    """The run's notebook with its outputs cleared and its parameters injected (papermill)."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = load_notebook_node(str(nb_dir / f"{run.notebook}.ipynb"))
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return parameterize_notebook(nb, dict(run.parameters), kernel_name=KERNEL_NAME)


async def execute(run: Run, kernel: Kernel, nb_dir: Path, timeout: int) -> tuple[Any, Any]:
    """Parameterize (papermill) and execute (nbclient) one run; returns (nb, exception)."""
    from papermill.iorw import load_notebook_node

    nb = load_notebook_node(str(nb_dir / f"{run.notebook}.ipynb"))
    try:
        nb = parameterized(run, nb_dir)
    except Exception as exc:  # noqa: BLE001 - any failure of a run is recorded, not raised
        return nb, exc
    return nb, await execute_in(nb, kernel, nb_dir, timeout)


async def execute_in(nb: Any, kernel: Kernel, cwd: Path, timeout: int) -> Exception | None:
    """Execute a parameterized notebook in a (reset) report kernel, in place; returns the
    exception of a failure (never raises it)."""
    from nbclient import NotebookClient

    try:
        await kernel.prepare()
        client = NotebookClient(nb, km=kernel.km, timeout=timeout, kernel_name=KERNEL_NAME,
                                record_timing=False, store_widget_state=False,
                                resources={"metadata": {"path": str(cwd)}})
        client.kc = kernel.kc
        await client.async_execute(cleanup_kc=False)
        return None
    except Exception as exc:  # noqa: BLE001 - any failure of a run is recorded, not raised
        return exc
