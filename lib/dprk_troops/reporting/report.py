"""``dprk-troops report``: every notebook for every scenario, as offline HTML, safely.

How a report is made (each step in its own module):
1. ``scenarios.plan`` checks every run's parameters before any kernel starts.
2. ``publish.locked`` keeps a second report run out of the same folder.
3. ``schedule.run_batch`` runs the batch in one process on ``jobs`` reused ``kernels``.
4. ``pages.write_run`` writes each executed notebook and its page (``export``) into a
   hidden build folder (``publish.new_build``).
5. The index, ``summary.csv`` (``index``) and ``manifest.json`` (``manifest``) are written
   into the build; ``publish.publish`` then makes it the current report in one atomic step.

Exit codes (``cli``): 0 every run succeeded; 1 some runs failed (the others completed and
were published; failures are listed, one line each); 2 bad input, nothing started; 3
another report run holds the lock.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths
from ..display import CHART_OUTPUT_ENV
from .manifest import fact_base_revision, previous_durations, seed_digests, versions
from .pages import PageContext, write_run
from .publish import locked, new_build, publish
from .runs import RunResult
from .scenarios import Run
from .schedule import longest_first, run_batch

if TYPE_CHECKING:
    from ..facts import FactBase

__all__ = ["make_report"]


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


def _fact_base_context(seeds_dir: Path, base: FactBase | None
                       ) -> tuple[dict[str, str], list[str]]:
    """(option id -> label, the outlets of the sources) from the fact base, for readers."""
    if base is None:
        from ..facts import read_fact_base

        base = read_fact_base(seeds_dir)
    return ({o.option_id: o.label for o in base.options},
            list(dict.fromkeys(s.outlet for s in base.sources)))


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def make_report(runs: Sequence[Run], out: Path, jobs: int, *, show_code: bool = False,
                timeout: int = 600, fresh_kernels: bool = False, wait: float = 0,
                seeds_dir: Path | None = None, scenario_notes: Mapping[str, str] | None = None,
                fact_base: FactBase | None = None,
                log: Callable[[RunResult, int], None] = lambda r, n: None) -> list[RunResult]:
    """Run, export and publish; returns every run's result. Raises LockedError when another
    report run is writing ``out``. ``fact_base`` is the fact base already read from
    ``seeds_dir`` (the command line has read it to check it), else it is read here."""
    from .index import index_html, summary_csv
    from .publish import check_writable

    check_writable(out)
    seeds = Path(seeds_dir) if seeds_dir is not None else paths.SEEDS_DIR
    with locked(out, wait):
        started = datetime.now(UTC)
        t0 = time.perf_counter()
        build = new_build(out, started)
        labels, outlets = _fact_base_context(seeds, fact_base)
        notes = dict(scenario_notes or {})
        ctx = PageContext(build=build, show_code=show_code, scenario_notes=notes,
                          option_labels=labels)
        # The kernels render SVG themselves, in parallel: the pages then need no JavaScript
        # to show a chart, and the executed notebooks show their charts anywhere.
        env = {**os.environ, CHART_OUTPUT_ENV: "svg"}
        if seeds_dir is not None:
            env["DPRK_TROOPS_SEEDS"] = str(seeds.resolve())

        async def batch() -> tuple[list[RunResult], Path]:
            bundle = asyncio.create_task(asyncio.to_thread(_vega_bundle_cached))
            results = await run_batch(
                runs, longest_first(runs, previous_durations(out)), nb_dir=paths.NOTEBOOKS_DIR,
                jobs=jobs, timeout=timeout, fresh=fresh_kernels, env=env,
                kernel_log=build / "kernels.log", warm_parent=asyncio.to_thread(_warm_parent),
                finish=lambda r, nb: write_run(r, nb, ctx), log=log)
            return results, await bundle

        results, bundle = asyncio.run(batch())
        shutil.copy(bundle, build / "vega-bundle.js")
        manifest = {
            "started": started.isoformat(timespec="seconds"),
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
            "duration_s": round(time.perf_counter() - t0, 2),
            "build": build.name, "jobs": jobs, "fresh_kernels": fresh_kernels,
            "exit_code": 0 if all(r.ok for r in results) else 1,
            "runs": [asdict(r) for r in results],
            "versions": versions(),
            "fact_base_revision": fact_base_revision(seeds),
            "seed_sha256": seed_digests(seeds),
        }
        _write(build / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        _write(build / "summary.csv", summary_csv(results))
        _write(build / "index.html", index_html(results, manifest, notes, labels, outlets))
        publish(out, build)
        return results
