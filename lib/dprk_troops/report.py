"""``dprk-troops report``: every notebook for every scenario, as offline HTML, safely.

How a report is made:
1. ``scenarios.plan`` checks every run's parameters before any kernel starts.
2. A lock (``OUT/.lock``) keeps a second report run from writing the same folder.
3. One process runs the whole batch: ``jobs`` kernels start at once, each warmed with the
   workbook's imports, and each runs its share of the notebooks one after another (papermill
   injects the parameters; nbclient executes). Between runs a kernel's namespace is reset
   (``%reset -f``), so a run sees only its own variables; the imported modules stay loaded,
   which is what makes the batch fast. ``--fresh-kernels`` starts a new kernel per run.
   Runs are handed out longest first, by the durations in the previous manifest.
4. Each executed notebook is exported to HTML in-process (``export.export_html``).
5. Everything is built in ``OUT/build-<id>/``; ``manifest.json``, ``summary.csv`` and last
   ``index.html`` are then replaced atomically (``os.replace``). The index is the commit
   point: until it is replaced, the previous report is whole and untouched; a killed run
   leaves only a stray ``build-<id>`` folder, which the next run removes.

Exit codes: 0 every run succeeded; 1 some runs failed (the others completed and were
published; failures are listed, one line each); 2 bad input, nothing started; 3 another
report run holds the lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import hashlib
import html
import io
import json
import math
import os
import shutil
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import paths
from .display import CHART_OUTPUT_ENV
from .errors import DprkTroopsError
from .execute import KERNEL_NAME, strip_volatile
from .scenarios import Run

__all__ = ["KEY_RESULTS", "LockedError", "RunResult", "longest_first", "make_report",
           "previous_durations"]

#: The results shown side by side in the index, per notebook.
KEY_RESULTS: dict[str, tuple[str, ...]] = {
    "01_cost_vs_revenue": ("cash_revenue_usd", "cash_revenue_usd_per_year", "mc_p5_usd",
                           "mc_median_usd", "mc_p95_usd", "expected_casualties"),
    "02_troop_comparisons": ("days_of_russian_losses_replaced", "share_of_dprk_army",
                             "share_of_dprk_army_low", "share_of_dprk_army_high"),
    "03_south_korea_options": ("top_option", "ranking"),
}
#: What a kernel does once, before its first run: the imports and the one-off costs of the
#: first fact-base load (pydantic), the first chart (altair) and the first SVG (vl-convert).
WARM_UP = """\
import numpy, pandas, altair, vl_convert, ipywidgets, yaml, pydantic
import dprk_troops.charts, dprk_troops.views, dprk_troops.widgets, dprk_troops.results
import dprk_troops.params, dprk_troops.models.revenue, dprk_troops.models.comparisons
import dprk_troops.models.options
from dprk_troops.facts import load_facts, load_options
from dprk_troops.option_scores import read_option_scores
load_facts(), load_options(), read_option_scores()
dprk_troops.display.svg(altair.Chart(pandas.DataFrame({"a": [1]})).mark_point().encode(
    x=altair.X("a:Q")))
"""
RESET = "%reset -f\nget_ipython().execution_count = 1"


class LockedError(DprkTroopsError):
    """Raised when another report run holds the output folder's lock."""


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

    def failure_line(self) -> str:
        where = f"cell {self.cell}" if self.cell is not None else "kernel"
        return f"FAILED {self.notebook} x {self.scenario}: {where}: {self.error}"


# --- kernels --------------------------------------------------------------------------------

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
            await self.km.start_kernel(cwd=str(self.cwd), env=self.env, stderr=err)
        self.kc = self.km.client()
        self.kc.start_channels()
        await self.kc.wait_for_ready(timeout=120)
        await self.run_code(WARM_UP)
        return self

    async def run_code(self, code: str) -> None:
        reply = await self.kc.execute_interactive(code, silent=True, timeout=300)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"kernel set-up failed: {reply['content'].get('evalue')}")

    async def prepare(self) -> None:
        if self.used:
            await self.run_code(RESET)
        self.used = True

    async def stop(self) -> None:
        if self.kc is not None:
            self.kc.stop_channels()
        if self.km is not None and self.km.has_kernel:
            await self.km.shutdown_kernel(now=True)


# --- one run --------------------------------------------------------------------------------

def _error_of(nb: Any, exc: BaseException) -> tuple[int | None, str]:
    """(cell number counting code cells from 1, one-line error) of a failed execution."""
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    for i, cell in enumerate(code_cells, 1):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return i, f"{out.get('ename')}: {out.get('evalue')}".splitlines()[0]
    return None, f"{type(exc).__name__}: {exc}".splitlines()[0]


async def _execute(run: Run, kernel: Kernel, nb_dir: Path, timeout: int) -> tuple[Any, Any]:
    """Parameterize (papermill) and execute (nbclient) one run; returns (nb, exception)."""
    from nbclient import NotebookClient
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = load_notebook_node(str(nb_dir / f"{run.notebook}.ipynb"))
    try:
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        nb = parameterize_notebook(nb, dict(run.parameters), kernel_name=KERNEL_NAME)
        await kernel.prepare()
        client = NotebookClient(nb, km=kernel.km, timeout=timeout, kernel_name=KERNEL_NAME,
                                record_timing=False, store_widget_state=False,
                                resources={"metadata": {"path": str(nb_dir)}})
        client.kc = kernel.kc
        await client.async_execute(cleanup_kc=False)
        return nb, None
    except Exception as exc:  # noqa: BLE001 - any failure of a run is recorded, not raised
        return nb, exc


# --- the batch ------------------------------------------------------------------------------

def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _seed_digests(seeds_dir: Path) -> dict[str, Any]:
    """sha256 of each fact-base file, of the fact base as a whole (its version), and of
    the original seed articles when they are beside the repo."""
    out: dict[str, Any] = {f.name: _digest(f) for f in sorted(seeds_dir.glob("*.yaml"))}
    out["fact_base"] = hashlib.sha256("".join(out.values()).encode()).hexdigest()
    out["texts"] = {f.name: _digest(f) for f in sorted(paths.TEXTS_DIR.glob("*.txt"))}
    return out


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    names = ["dprk-troops", "pandas", "numpy", "altair", "vl-convert-python", "papermill",
             "nbclient", "nbconvert", "ipykernel", "ipywidgets", "pydantic"]
    out = {"python": sys.version.split()[0]}
    for n in names:
        try:
            out[n] = version(n)
        except PackageNotFoundError:
            out[n] = "not installed"
    return out


def check_writable(out: Path) -> None:
    """Create ``out`` if needed and prove a file can be written there."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".write-test-{os.getpid()}"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise DprkTroopsError(f"{out}: output folder is not writable ({exc.strerror})") from None


def _vega_bundle_cached() -> Path:
    """The Vega bundle, built once per vl-convert version (it takes seconds to build)."""
    import vl_convert as vlc

    from .export import write_vega_bundle

    cache = paths.CACHE_DIR / f"vl-convert-{vlc.__version__}"
    path = cache / "vega-bundle.js"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        tmp = cache / f".build-{os.getpid()}"
        tmp.mkdir(exist_ok=True)
        os.replace(write_vega_bundle(tmp), path)
        tmp.rmdir()
    return path


def _warm_parent() -> None:
    """The parent's own imports and first export, done while the kernels boot."""
    import nbclient  # noqa: F401
    import papermill.parameterize  # noqa: F401

    from .export import warm_exporter

    warm_exporter()


def previous_durations(out: Path) -> dict[tuple[str, str], float]:
    """Each (notebook, scenario)'s duration in the last report in ``out``, if any.

    Only a hint for scheduling: a missing or unreadable manifest gives an empty mapping.
    """
    try:
        runs = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["runs"]
        return {(r["notebook"], r["scenario"]): float(r["duration_s"]) for r in runs
                if r.get("status") == "ok"}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def longest_first(runs: Sequence[Run], durations: Mapping[tuple[str, str], float]
                  ) -> list[int]:
    """The order to hand runs to the kernels: longest expected first (LPT scheduling), so
    that no kernel is left with a long run at the end while the others sit idle.

    A run's expected duration is its own last one, else its notebook's mean over other
    scenarios; runs with no history go first (they may be long) in their planned order.
    """
    by_notebook: dict[str, list[float]] = {}
    for (notebook, _), seconds in durations.items():
        by_notebook.setdefault(notebook, []).append(seconds)

    def expected(i: int) -> float:
        run = runs[i]
        if (run.notebook, run.scenario) in durations:
            return durations[(run.notebook, run.scenario)]
        known = by_notebook.get(run.notebook)
        return sum(known) / len(known) if known else math.inf

    return sorted(range(len(runs)), key=lambda i: -expected(i))


async def _batch(runs: Sequence[Run], build: Path, jobs: int, timeout: int, show_code: bool,
                 fresh: bool, env: dict[str, str], log: Callable[[RunResult, int], None],
                 order: Sequence[int]) -> list[RunResult]:
    nb_dir = paths.NOTEBOOKS_DIR
    n_kernels = max(1, min(jobs, len(runs)))
    log_file = build / "kernels.log"
    # Kernels first: they boot in their own processes while this one imports and warms up.
    booting = [asyncio.create_task(Kernel(nb_dir, env, log_file).start())
               for _ in range(n_kernels)]
    parent_warm = asyncio.create_task(asyncio.to_thread(_warm_parent))
    bundle_task = asyncio.create_task(asyncio.to_thread(_vega_bundle_cached))
    queue: asyncio.Queue[tuple[int, Run]] = asyncio.Queue()
    for index in order:
        queue.put_nowait((index, runs[index]))
    results: list[RunResult | None] = [None] * len(runs)
    done = 0

    def finish(index: int, r: RunResult) -> None:
        nonlocal done
        results[index] = r
        done += 1
        log(r, done)

    async def new_kernel() -> Kernel:
        return await Kernel(nb_dir, env, log_file).start()

    async def worker(boot: asyncio.Task[Kernel]) -> None:
        kernel: Kernel | None = None
        first = True
        try:
            while not queue.empty():
                index, run = queue.get_nowait()
                r = RunResult(run.notebook, run.scenario, dict(run.parameters))
                try:
                    if kernel is None or fresh:
                        if kernel is not None:
                            await kernel.stop()
                        kernel = await boot if first else await new_kernel()
                        first = False
                except Exception as exc:  # noqa: BLE001 - recorded as the run's failure
                    r.status, r.error, kernel = "failed", f"kernel did not start: {exc}", None
                    finish(index, r)
                    continue
                await parent_warm
                start = time.perf_counter()
                nb, exc = await _execute(run, kernel, nb_dir, timeout)
                r.duration_s = round(time.perf_counter() - start, 2)
                if exc is None:
                    r.status = "ok"
                else:
                    r.status = "failed"
                    r.cell, r.error = _error_of(nb, exc)
                    if not (kernel.km and await kernel.km.is_alive()):
                        await kernel.stop()
                        kernel = None
                await asyncio.to_thread(_write_run, r, nb, build, show_code)
                finish(index, r)
        finally:
            if kernel is not None:
                await kernel.stop()
            if first:  # this worker never used its kernel
                with contextlib.suppress(Exception):
                    await (await boot).stop()

    await asyncio.gather(*(worker(boot) for boot in booting))
    shutil.copy(await bundle_task, build / "vega-bundle.js")
    return [r for r in results if r is not None]


def _write_run(r: RunResult, nb: Any, build: Path, show_code: bool) -> None:
    import nbformat

    from .export import VEGA_BUNDLE, export_html
    from .results import read_results_from

    folder = build / "runs" / r.scenario
    folder.mkdir(parents=True, exist_ok=True)
    nb = strip_volatile(nb)
    ipynb = folder / f"{r.notebook}.ipynb"
    nbformat.write(nb, ipynb)
    r.results = read_results_from(nb)
    banner = (f"Scenario {r.scenario} · notebook {r.notebook} · "
              + ("run succeeded" if r.status == "ok" else f"RUN FAILED: {r.error}"))
    page = folder / f"{r.notebook}.html"
    page.write_text(export_html(nb, show_code=show_code, vega_bundle=f"../../{VEGA_BUNDLE}",
                                banner=banner), encoding="utf-8")
    r.ipynb = str(ipynb.relative_to(build.parent))
    r.html = str(page.relative_to(build.parent))


# --- index, summary, manifest -----------------------------------------------------------------

def _fmt(value: Any) -> str:
    if isinstance(value, float):
        if abs(value) >= 1e6:
            return f"{value:,.0f}"
        return f"{value:.4g}" if abs(value) < 1 else f"{value:,.2f}"
    if isinstance(value, list):
        return " > ".join(map(str, value))
    return str(value)


def _summary_rows(results: Sequence[RunResult]) -> list[dict[str, Any]]:
    rows = []
    for r in results:
        row = {"notebook": r.notebook, "scenario": r.scenario, "status": r.status,
               "duration_s": r.duration_s, "error": r.error or "", "html": r.html or ""}
        for key in KEY_RESULTS.get(r.notebook, ()):
            row[key] = _fmt(r.results[key]) if key in r.results else ""
        rows.append(row)
    return rows


def _summary_csv(results: Sequence[RunResult]) -> str:
    rows = _summary_rows(results)
    fields = list(dict.fromkeys(k for row in rows for k in row))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _index_html(results: Sequence[RunResult], manifest: dict[str, Any],
                scenario_notes: dict[str, str]) -> str:
    e = html.escape
    scenarios = list(dict.fromkeys(r.scenario for r in results))
    notebooks = list(dict.fromkeys(r.notebook for r in results))
    by = {(r.notebook, r.scenario): r for r in results}
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>DPRK troops workbook: reports</title><style>",
        "body{font:14px/1.45 sans-serif;margin:2em;max-width:1100px}",
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;",
        "padding:.3em .6em;text-align:left;vertical-align:top}th{background:#f3f6fa}",
        ".failed{background:#fde8e8}.num{text-align:right}code{font-size:90%}",
        "</style></head><body>",
        "<h1>DPRK troops workbook: reports</h1>",
        (f"<p>Generated {e(manifest['finished'])} in {manifest['duration_s']:.1f} s · "
         f"dprk-troops {e(manifest['versions']['dprk-troops'])} · fact base "
         f"<code>{e(manifest['seed_sha256']['fact_base'][:12])}</code> · "
         f"{sum(r.status == 'ok' for r in results)} of {len(results)} runs succeeded</p>"),
        "<h2>Scenarios</h2><ul>",
        *[f"<li><b>{e(s)}</b>: {e(scenario_notes.get(s, ''))}</li>" for s in scenarios],
        "</ul>",
    ]
    for nb in notebooks:
        parts.append(f"<h2>{e(nb)}</h2><table><tr><th>result</th>")
        parts += [f"<th>{e(s)}</th>" for s in scenarios]
        parts.append("</tr><tr><td>report</td>")
        for s in scenarios:
            r = by.get((nb, s))
            if r is None:
                parts.append("<td></td>")
                continue
            cls = " class='failed'" if r.status != "ok" else ""
            link = f"<a href='{e(r.html or '')}'>html</a> · <a href='{e(r.ipynb or '')}'>ipynb</a>"
            status = "ok" if r.status == "ok" else f"FAILED: {e(r.error or '')}"
            parts.append(f"<td{cls}>{link}<br>{status} ({r.duration_s:.1f} s)</td>")
        parts.append("</tr>")
        for key in KEY_RESULTS.get(nb, ()):
            parts.append(f"<tr><td><code>{e(key)}</code></td>")
            for s in scenarios:
                r = by.get((nb, s))
                value = _fmt(r.results[key]) if r and key in r.results else ""
                parts.append(f"<td class='num'>{e(value)}</td>")
            parts.append("</tr>")
        parts.append("</table>")
    parts.append("<p>Also: <a href='summary.csv'>summary.csv</a> · "
                 "<a href='manifest.json'>manifest.json</a></p></body></html>")
    return "\n".join(parts)


def _replace(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _publish(out: Path, build: Path, results: Sequence[RunResult], manifest: dict[str, Any],
             notes: dict[str, str]) -> None:
    """Make the new report the current one; the index is replaced last (the commit point)."""
    _replace(out / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    _replace(out / "summary.csv", _summary_csv(results))
    _replace(out / "index.html", _index_html(results, manifest, notes))
    for old in out.glob("build-*"):
        if old != build:
            shutil.rmtree(old, ignore_errors=True)


def make_report(runs: Sequence[Run], out: Path, jobs: int, *, show_code: bool = False,
                timeout: int = 600, fresh_kernels: bool = False, wait: float = 0,
                seeds_dir: Path | None = None, scenario_notes: dict[str, str] | None = None,
                log: Callable[[RunResult, int], None] = lambda r, n: None) -> list[RunResult]:
    """Run, export and publish; returns every run's result. Raises LockedError when another
    report run is writing ``out``."""
    from filelock import FileLock, Timeout

    check_writable(out)
    lock = FileLock(str(out / ".lock"))
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        raise LockedError(f"{out}: another report run is writing here (lock {out / '.lock'}); "
                          "wait for it to finish, or pass --wait SECONDS") from None
    try:
        started = datetime.now(UTC)
        t0 = time.perf_counter()
        build = out / f"build-{started.strftime('%Y%m%dT%H%M%SZ')}-{os.getpid()}"
        build.mkdir()
        # The kernels render SVG themselves, in parallel: the pages then need no JavaScript
        # to show a chart, and the executed notebooks show their charts anywhere.
        env = {**os.environ, CHART_OUTPUT_ENV: "svg"}
        if seeds_dir is not None:
            env["DPRK_TROOPS_SEEDS"] = str(Path(seeds_dir).resolve())
        order = longest_first(runs, previous_durations(out))
        results = asyncio.run(_batch(runs, build, jobs, timeout, show_code, fresh_kernels,
                                     env, log, order))
        manifest = {
            "started": started.isoformat(timespec="seconds"),
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
            "duration_s": round(time.perf_counter() - t0, 2),
            "build": build.name, "jobs": jobs, "fresh_kernels": fresh_kernels,
            "exit_code": 0 if all(r.status == "ok" for r in results) else 1,
            "runs": [asdict(r) for r in results],
            "versions": _versions(),
            "seed_sha256": _seed_digests(Path(seeds_dir) if seeds_dir else paths.SEEDS_DIR),
        }
        _publish(out, build, results, manifest, scenario_notes or {})
        return results
    finally:
        lock.release()
