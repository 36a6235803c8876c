"""``dprk-troops report``: every notebook for every scenario, as offline HTML, safely.

How a report is made (each step in its own module):

1. ``scenarios.ReportsFile`` reads ``reports.yaml`` once; its ``plan`` checks every run's
   parameters before any kernel starts; ``folders.destination`` says where the report is
   published (the briefing at the top, any other report in a folder of its own).
2. ``publish.locked`` keeps a second report run out of the same folder.
3. ``schedule.run_batch`` runs the batch, ``jobs`` runs at once, in the kernels that
   ``kernels.kernel_mode`` chose (forked from a warm ``forkserver`` where it can);
   ``executors.run_on_dask`` hands them to Dask instead. Runs found in the run cache
   (``cache``) are not run again.
4. ``pages.write_run`` writes each executed notebook and its page (``export``) into a
   hidden build folder (``publish.new_build``).
5. The index, ``summary.csv`` (``index``), ``manifest.json`` with what changed since the
   report it replaces (``changes``), the history and the Atom feed (``history``) are
   written into the build; ``publish.publish`` then makes it the current report in one
   atomic step. After it, the builds the history no longer keeps go, the page listing
   the reports beside the briefing is rewritten (``folders``), and the run cache evicts.

A stop (``stopping``: SIGTERM, SIGINT, SIGHUP) at any step before the atomic step
publishes nothing: the report's processes are killed and its hidden build removed. A
write that fails (a full disk) does the same and raises WriteError.

Exit codes (``cli``): 0 every run succeeded; 1 some runs failed (the others completed and
were published; failures are listed, one line each); 2 bad input, nothing started; 3
another report run holds the lock; 4 the report could not be written, nothing published;
128 + the signal when stopped (130, 143, 129).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import paths
from ..errors import DprkTroopsError, WriteError
from ..present.display import CHART_OUTPUT_ENV
from . import history
from .changes import (
    FACT_BASE_DIR,
    Snapshot,
    compare,
    lines,
    read_kept_fact_base,
    read_snapshot,
)
from .folders import build_links, write_listing
from .manifest import (
    fact_base_revision,
    fact_base_summary,
    previous_durations,
    seed_digests,
    versions,
)
from .pages import PageContext, write_run
from .publish import (
    check_writable,
    discard,
    link_into,
    locked,
    new_build,
    publish,
    published,
    remove_stale_builds,
    share_unchanged,
    writing,
)
from .runs import RunResult, new_result
from .scenarios import Plan, Run
from .schedule import longest_first, run_batch
from .stopping import Stopper

if TYPE_CHECKING:
    from ..factbase.base import FactBase
    from .cache import Eviction

__all__ = ["Report", "ReportOptions", "make_report"]


@dataclass(frozen=True)
class ReportOptions:
    """How one report runs and where it is published (the command line's options)."""

    #: The folder the report is published in (``folders.destination``), and its kind:
    #: ``briefing``, ``sweep`` or ``adhoc``.
    out: Path = paths.REPORTS_DIR
    kind: str = "briefing"
    #: The output folder whose ``other-reports.html`` lists this report (None: none).
    listing: Path | None = None
    jobs: int = 1
    #: ``kernels.kernel_mode``: forked, reused or fresh.
    kernels: str = "forked"
    executor: str = "local"
    scheduler: str | None = None
    show_code: bool = False
    timeout: int = 600
    wait: float = 0
    seeds_dir: Path = paths.SEEDS_DIR
    use_cache: bool = True
    cache_dir: Path | None = None
    #: The run cache's limits (None: ``cache.eviction()``, from the environment).
    evict: Eviction | None = None
    keep: int = history.DEFAULT_KEEP
    #: Declared explorations (``explore.declared``), run into the build (or taken from the
    #: run cache) and shown on the index.
    explorations: tuple[Any, ...] = ()


@dataclass
class Report:
    """A published report: every run's result, its manifest, and what did not work out
    after publishing (the other reports' page could not be rewritten, ...)."""

    runs: list[RunResult]
    manifest: dict[str, Any]
    folder: Path
    warnings: list[str] = field(default_factory=list)


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
        from ..factbase.facts import read_fact_base

        base = read_fact_base(seeds_dir)
    return ({o.option_id: o.label for o in base.options},
            list(dict.fromkeys(s.outlet for s in base.sources)))


class _Cache:
    """The run cache as one report uses it: keys per run, hits read, fresh runs stored."""

    def __init__(self, runs: Sequence[Run], seeds: Path, root: Path | None, read: bool,
                 chart_output: str):
        from ..workbook import notebook
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
        with writing(folder):
            folder.mkdir(parents=True, exist_ok=True)
        if page is not None:  # both files as they were published the first time
            ipynb, html = folder / f"{run.notebook}.ipynb", folder / f"{run.notebook}.html"
            with writing(ipynb):
                ipynb.write_bytes(entry["notebook.ipynb"])
            with writing(html):
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



@dataclass
class _Previous:
    """The report a new one replaces: its build, what it is compared on, its history."""

    build: Path | None = None
    snapshot: Snapshot | None = None
    unreadable: str | None = None
    entries: list[dict[str, Any]] = field(default_factory=list)
    note: str | None = None


def _previous(out: Path) -> _Previous:
    build = published(out)
    if build is None:
        return _Previous()
    entries, note = history.read(build)
    try:
        snapshot = read_snapshot(build, fact_base=False)
    except DprkTroopsError as exc:
        unreadable = (f"The previous report could not be read ({exc.problems[0]}), so what "
                      "changed is not known.")
        kept = entries or [{"build": build.name, "summary": "Its manifest could not be read."}]
        return _Previous(build, None, unreadable, kept, note)
    if not entries:  # a report made before histories were kept starts the history
        entries = [history.entry(snapshot.manifest, [])]
    return _Previous(build, snapshot, None, entries, note)


def _keep_fact_base(seeds: Path, build: Path) -> None:
    """Copy the fact-base files the report used into the build (``changes`` compares
    them with the next report's)."""
    kept = build / FACT_BASE_DIR
    with writing(kept):
        kept.mkdir()
        for f in [*sorted(seeds.glob("*.yaml")), seeds / "CHANGES.md"]:
            if f.is_file():
                shutil.copyfile(f, kept / f.name)


def _changes(previous: _Previous, manifest: dict[str, Any], build: Path) -> dict[str, Any]:
    """What changed since the previous report; the fact base is read only when its
    digest changed."""
    new = Snapshot(manifest)
    old = previous.snapshot
    if old is not None and previous.build is not None:
        digest = (manifest.get("seed_sha256") or {}).get("fact_base")
        if (old.manifest.get("seed_sha256") or {}).get("fact_base") != digest:
            old = Snapshot(old.manifest, *read_kept_fact_base(previous.build))
            new = Snapshot(manifest, *read_kept_fact_base(build))
    return compare(old, new, previous.unreadable)


def _title(options: ReportOptions) -> str:
    if options.kind == "briefing":
        return "DPRK troops workbook: the briefing"
    what = "sweep" if options.kind == "sweep" else "report"
    return f"DPRK troops workbook: {what} {options.out.name}"


def _write(path: Path, text: str) -> None:
    with writing(path):
        path.write_text(text, encoding="utf-8")


def make_report(plan: Plan, options: ReportOptions = ReportOptions(), *,
                fact_base_context: tuple[dict[str, str], list[str]] | None = None,
                stopper: Stopper | None = None,
                log: Callable[[RunResult, int], None] = lambda r, n: None) -> Report:
    """Run, export and publish ``plan`` as ``options`` say. Raises LockedError when another
    report run is writing the folder, WriteError when the report cannot be written, and
    StopRequested when ``stopper`` is stopped before the report is published; in each case
    nothing is published. ``fact_base_context`` is what the pages need of the fact base
    (option labels and outlets: the command line has read and checked it); else it is
    read here. After publishing, the run cache evicts what ``options.evict`` does not keep;
    the entries this report used or wrote stay."""
    from . import cache as run_cache

    stop = stopper if stopper is not None else Stopper()
    policy = options.evict if options.evict is not None else run_cache.eviction()
    out = options.out
    check_writable(out)
    stop.check("planning")
    with locked(out, options.wait):
        previous = _previous(out)
        started = datetime.now(UTC)
        used_since = time.time() - 2.0  # entries touched from here on are this report's
        build = new_build(out, started, keep=history.kept(previous.entries))
        try:
            with stop.abandoning(lambda: discard(build)):
                done, manifest, entries, store = _build(plan, options, build, previous, stop,
                                                        fact_base_context, log, started)
                with stop.committing():
                    publish(out, build)
        except BaseException as exc:
            discard(build)
            if isinstance(exc, OSError):
                raise WriteError(f"{exc.filename or build}: cannot write it "
                                 f"({exc.strerror or exc}); nothing was published, the "
                                 "previous report is as it was") from None
            raise
        warnings = []
        remove_stale_builds(out, keep=history.kept(entries))
        if options.listing is not None:
            try:
                write_listing(options.listing)
            except OSError as exc:
                warnings.append(f"{options.listing}: the list of other reports was not "
                                f"updated ({exc.strerror or exc})")
        store.prune(run_cache.KINDS, max_age_s=policy.max_age_s,
                    max_bytes=policy.max_bytes, keep_since=used_since)
        return Report(done, manifest, out, warnings)


def _build(plan: Plan, options: ReportOptions, build: Path, previous: _Previous,
           stop: Stopper, fact_base_context: tuple[dict[str, str], list[str]] | None,
           log: Callable[[RunResult, int], None], started: datetime
           ) -> tuple[list[RunResult], dict[str, Any], list[dict[str, Any]], Any]:
    """Everything of a report, in its hidden build: the runs, pages, index, manifest,
    history and feed. Returns (results, manifest, history entries, the run cache)."""
    from .cache import library_digest
    from .index import index_html, summary_csv

    t0 = time.perf_counter()
    runs, seeds, mode = plan.runs, Path(options.seeds_dir), options.kernels
    # The kernels write Vega-Lite specs, as under stock papermill; the parent's one warm
    # vl-convert turns them into the pages' SVG (``export``), so no kernel starts a
    # JavaScript engine and the fork server can fork (vl-convert runs in threads).
    env = {**os.environ, CHART_OUTPUT_ENV: "vega-lite"}
    if seeds != paths.SEEDS_DIR:
        env["DPRK_TROOPS_SEEDS"] = str(seeds.resolve())
    cache = _Cache(runs, seeds, options.cache_dir, options.use_cache, env[CHART_OUTPUT_ENV])
    server = None
    if options.executor == "local" and mode == "forked" and cache.may_miss():
        from .forkserver import ForkServer

        # Started first: its imports (about 1.5 s) overlap the parent's work below.
        server = ForkServer(env, build / "kernels.log", stop)
    pool = concurrent.futures.ThreadPoolExecutor(1)
    try:
        stop.check("reading the run cache")
        labels, outlets = (fact_base_context if fact_base_context is not None
                           else _fact_base_context(seeds, None))
        notes = dict(plan.notes)
        ctx = PageContext(build=build, show_code=options.show_code, scenario_notes=notes,
                          option_labels=labels)
        cache.for_pages(ctx)
        bundle_job = pool.submit(_vega_bundle_cached)  # seconds when cold, while runs run
        results: list[RunResult | None] = [None] * len(runs)
        todo, n_hits = [], 0
        for i, run in enumerate(runs):
            stop.check()
            results[i] = hit = cache.hit(run)
            if hit is None:
                todo.append(i)
            else:
                n_hits += 1
                log(hit, n_hits)

        def finish(r: RunResult, nb: object) -> None:
            stop.check()
            write_run(r, nb, ctx)
            cache.put(r, nb)

        def progress(r: RunResult, done: int) -> None:
            log(r, n_hits + done)

        pending = [runs[i] for i in todo]
        order = longest_first(pending, previous_durations(options.out))
        fresh: list[RunResult] = []
        if pending:
            stop.check("running the notebooks")
            if options.executor == "dask":
                from .executors import run_on_dask

                _warm_parent()
                fresh = run_on_dask(pending, order, nb_dir=paths.NOTEBOOKS_DIR,
                                    timeout=options.timeout, env=env, seeds_dir=seeds,
                                    scheduler=options.scheduler, n_workers=options.jobs,
                                    finish=finish, log=progress, stopper=stop)
            else:
                handed, server = server, None  # the batch closes it
                fresh = asyncio.run(run_batch(
                    pending, order, nb_dir=paths.NOTEBOOKS_DIR, jobs=options.jobs,
                    timeout=options.timeout, mode=mode, env=env,
                    kernel_log=build / "kernels.log",
                    warm_parent=asyncio.to_thread(_warm_parent), finish=finish,
                    log=progress, server=handed, stopper=stop))
            stop.check("writing the index")
        if server is not None:
            server.close()
            server = None
        by_name = {(r.notebook, r.scenario): r for r in fresh}
        for i in todo:
            results[i] = by_name[(runs[i].notebook, runs[i].scenario)]
        done = [r for r in results if r is not None]
        with writing(build / "vega-bundle.js"):
            shutil.copy(bundle_job.result(), build / "vega-bundle.js")
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        if server is not None:
            server.close()
    _keep_fact_base(seeds, build)
    manifest = {
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "duration_s": round(time.perf_counter() - t0, 2),
        "build": build.name, "kind": options.kind, "jobs": options.jobs,
        "fresh_kernels": mode == "fresh", "executor": options.executor,
        # forked: a kernel per run from the fork server; reused: warm kernels reset
        # between runs (Dask workers, systems without fork); fresh: a stock kernel a run
        "kernels": mode,
        "cache": {"used": options.use_cache, "hits": n_hits, "executed": len(pending)},
        # What this report started: a report where nothing changed starts nothing.
        "processes": stop.started(),
        "exit_code": 0 if all(r.ok for r in done) else 1,
        "runs": [asdict(r) for r in done],
        "scenarios": plan.scenarios,
        "versions": versions(),
        "library_sha256": library_digest(),
        "fact_base_revision": fact_base_revision(seeds),
        "fact_base": fact_base_summary(seeds),
        "seed_sha256": seed_digests(seeds),
    }
    manifest["changes"] = changes = _changes(previous, manifest, build)
    stop.check("writing the index")
    _write(build / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    _write(build / "summary.csv", summary_csv(done))
    from .explorations import write_explorations

    stop.check("running the explorations")
    explored = write_explorations(options.explorations, build, seeds, cache.store)
    _write(build / "index.html", index_html(done, manifest, notes, labels, outlets,
                                            svg_cache=cache.store, explorations=explored))
    stop.check("writing the history")
    entries = history.updated(previous.entries, history.entry(manifest, lines(changes)),
                              options.keep)
    title = _title(options)
    _write(build / history.HISTORY_FILE, json.dumps(entries, indent=1, ensure_ascii=False))
    _write(build / "history.html", history.history_html(entries, title, previous.note))
    _write(build / "feed.xml", history.feed_xml(entries, title, options.out))
    link_into(build, build_links(options.kind))
    share_unchanged(build, previous.build)
    stop.check("publishing")
    return done, manifest, entries, cache.store
