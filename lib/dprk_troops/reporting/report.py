"""``dprk-troops report``: every notebook for every scenario, as offline HTML, safely.

How a report is made (each step in its own module):
1. ``scenarios.plan`` checks every run's parameters before any kernel starts.
2. ``publish.locked`` keeps a second report run out of the same folder.
3. ``schedule.run_batch`` runs the batch, ``jobs`` runs at once, each in a kernel forked
   for it by a warm fork server (``forkserver``).
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
import concurrent.futures
import json
import os
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import paths
from ..display import CHART_OUTPUT_ENV
from .manifest import fact_base_revision, previous_durations, seed_digests, versions
from .pages import PageContext, write_run
from .publish import check_writable, locked, new_build, publish
from .runs import RunResult, new_result
from .scenarios import Run
from .schedule import can_fork, longest_first, run_batch

if TYPE_CHECKING:
    from ..facts import FactBase
    from .cache import Eviction

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
    """The parent's own imports, first export and first SVG, done while the kernels boot."""
    import nbclient  # noqa: F401
    import papermill.parameterize  # noqa: F401

    from .export import warm_exporter, warm_svg

    warm_svg()
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


class _Cache:
    """The run cache as one report uses it: keys per run, hits read, fresh runs stored."""

    def __init__(self, runs: Sequence[Run], seeds: Path, root: Path | None, read: bool,
                 chart_output: str):
        from ..registry import notebook
        from . import cache

        self.store = cache.RunCache(root)
        self.read = read
        self.runs = runs
        library, vers = cache.library_digest(), versions()
        fact_base = cache.fact_base_digest(seeds)
        sources = {nb: cache.notebook_digest(paths.NOTEBOOKS_DIR / f"{nb}.ipynb")
                   for nb in dict.fromkeys(r.notebook for r in runs)}
        self.run_keys = {(run.notebook, run.scenario): cache.run_key(
            notebook=run.notebook, notebook_source=sources[run.notebook],
            parameters=run.parameters, library=library, versions=vers,
            fact_base=fact_base if notebook(run.notebook).reads_fact_base else None,
            chart_output=chart_output) for run in runs}

    def may_miss(self) -> bool:
        """Whether some run will be executed (its entry is not even there)."""
        return not self.read or any(not (self.store.root / "runs" / key).is_dir()
                                    for key in self.run_keys.values())

    def for_pages(self, ctx: PageContext) -> None:
        """The pages' keys, once the page context is known."""
        from . import cache

        self.ctx = ctx
        self.keys: dict[tuple[str, str], tuple[str, str]] = {}
        for run in self.runs:
            key = self.run_keys[(run.notebook, run.scenario)]
            page = cache.page_key(key, scenario=run.scenario, show_code=ctx.show_code,
                                  note=ctx.scenario_notes.get(run.scenario, ""),
                                  labels=ctx.option_labels)
            self.keys[(run.notebook, run.scenario)] = (key, page)

    def hit(self, run: Run) -> RunResult | None:
        """A run from the cache, its files written into the build; None: run it."""
        if not self.read:
            return None
        key, page_key = self.keys[(run.notebook, run.scenario)]
        entry = self.store.get("runs", key)
        if entry is None:
            return None
        try:
            meta = json.loads(entry["run.json"])
            r = new_result(run)
            r.status, r.duration_s, r.results = "ok", float(meta["duration_s"]), meta["results"]
        except (KeyError, ValueError, TypeError):
            self.store.discard("runs", key)
            return None
        r.cached, r.cache_key = True, key
        page = self.store.get("pages", page_key)
        folder = self.ctx.build / "runs" / run.scenario
        folder.mkdir(parents=True, exist_ok=True)
        if page is not None:  # both files as they were published the first time
            ipynb, html = folder / f"{run.notebook}.ipynb", folder / f"{run.notebook}.html"
            ipynb.write_bytes(entry["notebook.ipynb"])
            html.write_bytes(page["page.html"])
            r.ipynb, r.html = str(ipynb.relative_to(self.ctx.build)), \
                str(html.relative_to(self.ctx.build))
        else:  # the page's own inputs changed (a scenario's description): export again
            import nbformat

            # executed.json keeps the notebook's keys in their order (the .ipynb sorts
            # them), so the results and the page read exactly as a fresh run's.
            write_run(r, nbformat.from_dict(json.loads(entry["executed.json"])), self.ctx)
            self.put_page(r, page_key)
        return r

    def put(self, r: RunResult, nb: object) -> None:
        """Store a fresh run that succeeded (a failure is never cached)."""
        key, page_key = self.keys[(r.notebook, r.scenario)]
        r.cache_key = key
        if not r.ok or r.ipynb is None:
            return
        meta = {"notebook": r.notebook, "parameters": r.parameters,
                "duration_s": r.duration_s, "results": r.results}
        self.store.put("runs", key, {
            "notebook.ipynb": (self.ctx.build / r.ipynb).read_bytes(),
            "executed.json": json.dumps(nb, ensure_ascii=False).encode(),
            "run.json": json.dumps(meta, ensure_ascii=False, default=str).encode()})
        self.put_page(r, page_key)

    def put_page(self, r: RunResult, page_key: str) -> None:
        if r.html is not None:
            self.store.put("pages", page_key, {"page.html": (self.ctx.build / r.html)
                                               .read_bytes()})


def make_report(runs: Sequence[Run], out: Path, jobs: int, *, show_code: bool = False,
                timeout: int = 600, fresh_kernels: bool = False, wait: float = 0,
                seeds_dir: Path | None = None, scenario_notes: Mapping[str, str] | None = None,
                fact_base: FactBase | None = None,
                fact_base_context: tuple[dict[str, str], list[str]] | None = None,
                use_cache: bool = True,
                cache_dir: Path | None = None, executor: str = "local",
                scheduler: str | None = None, evict: Eviction | None = None,
                log: Callable[[RunResult, int], None] = lambda r, n: None,
                explorations: Sequence[Any] = ()) -> list[RunResult]:
    """Run, export and publish; returns every run's result. Raises LockedError when another
    report run is writing ``out``. ``fact_base`` is the fact base already read from
    ``seeds_dir``, or ``fact_base_context`` what the pages need of it (option labels and
    outlets: the command line has read and checked it); else it is read here.

    Runs found in the run cache (``cache``) are not executed again unless ``use_cache`` is
    False (the fresh runs are stored all the same). ``executor`` is ``local`` (``jobs``
    kernels in this process) or ``dask`` (dask.distributed: a LocalCluster of ``jobs``
    workers, or the scheduler at ``scheduler``). After publishing, the run cache evicts
    what ``evict`` (default: ``cache.eviction()``, from the environment) does not keep; the
    entries this report used or wrote stay. ``explorations`` (``explore.declared``) are run
    into the build (or taken from the run cache) and shown on the index."""
    from . import cache as run_cache
    from .index import index_html, summary_csv

    policy = evict if evict is not None else run_cache.eviction()
    check_writable(out)
    seeds = Path(seeds_dir) if seeds_dir is not None else paths.SEEDS_DIR
    with locked(out, wait):
        started = datetime.now(UTC)
        used_since = time.time() - 2.0  # entries touched from here on are this report's
        t0 = time.perf_counter()
        build = new_build(out, started)
        # The kernels write Vega-Lite specs, as under stock papermill; the parent's one warm
        # vl-convert turns them into the pages' SVG (``export``), so no kernel starts a
        # JavaScript engine and the fork server can fork (vl-convert runs in threads).
        env = {**os.environ, CHART_OUTPUT_ENV: "vega-lite"}
        if seeds_dir is not None:
            env["DPRK_TROOPS_SEEDS"] = str(seeds.resolve())
        cache = _Cache(runs, seeds, cache_dir, use_cache, env[CHART_OUTPUT_ENV])
        server = None
        if executor == "local" and can_fork() and not fresh_kernels and cache.may_miss():
            from .forkserver import ForkServer

            # Started first: its imports (about 1.5 s) overlap the parent's work below.
            server = ForkServer(env, build / "kernels.log")
        labels, outlets = (fact_base_context if fact_base_context is not None
                           else _fact_base_context(seeds, fact_base))
        notes = dict(scenario_notes or {})
        ctx = PageContext(build=build, show_code=show_code, scenario_notes=notes,
                          option_labels=labels)
        cache.for_pages(ctx)

        pool = concurrent.futures.ThreadPoolExecutor(1)
        bundle_job = pool.submit(_vega_bundle_cached)  # seconds when cold, while runs run
        results: list[RunResult | None] = [None] * len(runs)
        todo, n_hits = [], 0
        for i, run in enumerate(runs):
            results[i] = hit = cache.hit(run)
            if hit is None:
                todo.append(i)
            else:
                n_hits += 1
                log(hit, n_hits)

        def finish(r: RunResult, nb: object) -> None:
            write_run(r, nb, ctx)
            cache.put(r, nb)

        def progress(r: RunResult, done: int) -> None:
            log(r, n_hits + done)

        pending = [runs[i] for i in todo]
        order = longest_first(pending, previous_durations(out))
        if server is not None and not pending:
            server.close()
        if not pending:
            fresh: list[RunResult] = []
        elif executor == "dask":
            from .executors import run_on_dask

            _warm_parent()
            fresh = run_on_dask(pending, order, nb_dir=paths.NOTEBOOKS_DIR, timeout=timeout,
                                env=env, seeds_dir=seeds, scheduler=scheduler,
                                n_workers=jobs, finish=finish, log=progress)
        else:
            fresh = asyncio.run(run_batch(
                pending, order, nb_dir=paths.NOTEBOOKS_DIR, jobs=jobs, timeout=timeout,
                fresh=fresh_kernels, env=env, kernel_log=build / "kernels.log",
                warm_parent=asyncio.to_thread(_warm_parent), finish=finish, log=progress,
                server=server))
        by_name = {(r.notebook, r.scenario): r for r in fresh}
        for i in todo:
            results[i] = by_name[(runs[i].notebook, runs[i].scenario)]
        done = [r for r in results if r is not None]
        shutil.copy(bundle_job.result(), build / "vega-bundle.js")
        pool.shutdown()
        manifest = {
            "started": started.isoformat(timespec="seconds"),
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
            "duration_s": round(time.perf_counter() - t0, 2),
            "build": build.name, "jobs": jobs, "fresh_kernels": fresh_kernels,
            "executor": executor,
            # forked: a kernel per run from the fork server; reused: warm kernels reset
            # between runs (Dask workers, systems without fork); fresh: a stock kernel a run
            "kernels": ("fresh" if fresh_kernels else "forked"
                        if executor == "local" and can_fork() else "reused"),
            "cache": {"used": use_cache, "hits": n_hits, "executed": len(pending)},
            "exit_code": 0 if all(r.ok for r in done) else 1,
            "runs": [asdict(r) for r in done],
            "versions": versions(),
            "fact_base_revision": fact_base_revision(seeds),
            "seed_sha256": seed_digests(seeds),
        }
        _write(build / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        _write(build / "summary.csv", summary_csv(done))
        from .explorations import write_explorations

        explored = write_explorations(explorations, build, seeds, cache.store)
        _write(build / "index.html", index_html(done, manifest, notes, labels, outlets,
                                                    svg_cache=cache.store,
                                                    explorations=explored))
        publish(out, build)
        cache.store.prune(run_cache.KINDS, max_age_s=policy.max_age_s,
                          max_bytes=policy.max_bytes, keep_since=used_since)
        return done
