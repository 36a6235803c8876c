"""Report kernels: started once, warmed with the workbook's imports, reused between runs.

Between runs a kernel's namespace is reset (``%reset -f``) and its execution count set back
to 1, so a run sees only its own variables and numbers its cells as a fresh kernel would;
the imported modules stay loaded, which is what makes a batch fast. IPython's history
database is off in these kernels: it has nothing to keep, and with the count set back it
would print "Session/line number was not unique in database" into a page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..execute import KERNEL_NAME
from ..registry import NOTEBOOKS

__all__ = ["KERNEL_ARGS", "RESET", "Kernel", "warm_up_code"]

#: Passed to every report kernel: no history database (see the module's docstring).
KERNEL_ARGS = ["--HistoryManager.enabled=False"]
RESET = "%reset -f\nget_ipython().execution_count = 1"


def warm_up_code() -> str:
    """What a kernel runs once before its first run: every notebook's imports (from the
    registry) and the one-off costs of the first fact-base load (pydantic), the first chart
    (altair) and the first SVG (vl-convert)."""
    modules = dict.fromkeys(m for nb in NOTEBOOKS.values() for m in nb.imports)
    return "\n".join([
        "import numpy, pandas, altair, vl_convert, ipywidgets, yaml, pydantic",
        *(f"import {m}" for m in modules),
        "from dprk_troops.facts import load_facts, load_options",
        "from dprk_troops.option_scores import read_option_scores",
        "load_facts(), load_options(), read_option_scores()",
        ("dprk_troops.display.svg(altair.Chart(pandas.DataFrame({'a': [1]})).mark_point()"
         ".encode(x=altair.X('a:Q')))"),
    ])


class Kernel:
    """One kernel (and its client) reused for several runs."""

    def __init__(self, cwd: Path, env: dict[str, str], log: Path):
        self.cwd, self.env, self.log = cwd, env, log
        self.km: Any = None
        self.kc: Any = None
        self.used = False

    async def start(self) -> Kernel:
        from jupyter_client.manager import AsyncKernelManager

        self.km = AsyncKernelManager(kernel_name=KERNEL_NAME)
        # The kernel's own stderr (start-up warnings) goes to a log, not the cron mail.
        with self.log.open("a") as err:
            await self.km.start_kernel(cwd=str(self.cwd), env=self.env, stderr=err,
                                       extra_arguments=KERNEL_ARGS)
        self.kc = self.km.client()
        self.kc.start_channels()
        await self.kc.wait_for_ready(timeout=120)
        await self.run_code(warm_up_code())
        return self

    async def run_code(self, code: str) -> None:
        reply = await self.kc.execute_interactive(code, silent=True, timeout=300)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"kernel set-up failed: {reply['content'].get('evalue')}")

    async def prepare(self) -> None:
        """Before a run: a used kernel is reset to a clean namespace."""
        if self.used:
            await self.run_code(RESET)
        self.used = True

    async def is_alive(self) -> bool:
        return bool(self.km and await self.km.is_alive())

    async def stop(self) -> None:
        if self.kc is not None:
            self.kc.stop_channels()
        if self.km is not None and self.km.has_kernel:
            await self.km.shutdown_kernel(now=True)
