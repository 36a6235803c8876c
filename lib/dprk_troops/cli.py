"""The ``dprk-troops`` command line.

Exit codes: 0 when everything holds; 1 when the fact base or a file is invalid (every problem
on stderr, one line each); 2 for a usage error (argparse's own) or, for ``report``, bad input
caught before any kernel starts; 3 when another report run holds the output folder's lock;
4 when a report could not be written (a full disk: nothing published); 128 + the signal
when a report was stopped (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP). ``diff`` answers as diff(1)
does: 0 nothing differs, 1 something does, 2 a folder could not be read.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, paths
from .errors import DprkTroopsError, InputError, LockedError, WriteError

if TYPE_CHECKING:
    import pandas as pd

CSV_COLUMNS = [
    "fact_id", "quantity", "value", "low", "high", "unit", "as_of", "as_of_precision",
    "speaker", "source_id", "source_file", "outlet", "locator", "excerpt", "kind", "flags",
    "note",
]
TABLE_COLUMNS = ["fact_id", "value", "low", "high", "unit", "as_of", "speaker", "source_id",
                 "locator", "excerpt"]


def _seeds_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seeds", type=Path, default=paths.SEEDS_DIR, metavar="DIR",
                        help="the fact-base folder (default: the repo's seeds/)")


def _extra_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--extra", type=Path, action="append", default=[], metavar="FILE",
                        help="an extra facts file to load on top of the seeds (repeatable)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dprk-troops",
        description="The DPRK troops workbook: fact base, notebooks and reports.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    facts = sub.add_parser("facts", help="list the facts with their provenance")
    facts.add_argument("--format", choices=["table", "csv", "json"], default="table")
    facts.add_argument("--quantity", action="append", default=[], metavar="Q",
                       help="only this quantity (repeatable)")
    facts.add_argument("--source", action="append", default=[], metavar="S",
                       help="only this source_id (repeatable)")
    _seeds_arg(facts)
    _extra_arg(facts)

    check = sub.add_parser("check", help="validate the fact base (and its provenance)")
    check.add_argument("--texts", type=Path, metavar="DIR",
                       help="the original articles: also check sha256, excerpts and numbers")
    _seeds_arg(check)
    _extra_arg(check)

    summary = sub.add_parser("summary", help="validate the fact base and summarise each article")
    _seeds_arg(summary)

    report = sub.add_parser(
        "report", help="the main job: render every notebook for every scenario as offline HTML",
        description="Render notebooks x scenarios (reports.yaml) to self-contained HTML, with "
                    "index.html, summary.csv and manifest.json. The briefing (no selection) "
                    "goes into --out; any other report into a folder of its own under it "
                    "(sweeps/NAME, adhoc/NAME), unless --out is given. Exit codes: 0 all "
                    "runs ok, 1 some runs failed, 2 bad input (nothing started), 3 locked by "
                    "another report run, 4 could not be written (nothing published), "
                    "128+signal stopped (130, 143, 129: nothing published).")
    report.add_argument("--scenario", action="append", default=[], metavar="NAME",
                        help="only this scenario (repeatable; default: all)")
    report.add_argument("--notebook", action="append", default=[], metavar="NAME",
                        help="only this notebook: stem or number (repeatable; default: all)")
    report.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="output folder (default: the repo's reports/, where a partial "
                             "report goes into sweeps/NAME or adhoc/NAME); a partial report "
                             "given --out goes into DIR itself, unless DIR holds the briefing")
    report.add_argument("--keep", type=int, default=30, metavar="N",
                        help="published reports kept in the history (default: 30)")
    report.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="kernels in parallel (default: one per core)")
    report.add_argument("-p", "--parameter", action="append", default=[], metavar="NAME=VALUE",
                        help="override a parameter in every selected notebook that has it")
    report.add_argument("--show-code", action="store_true", help="show code cells in the HTML")
    report.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                        help="wait this long for another report run to finish (default: 0)")
    report.add_argument("--timeout", type=int, default=600, metavar="SECONDS",
                        help="longest a single cell may run (default: 600)")
    report.add_argument("--fresh-kernels", action="store_true",
                        help="a stock kernel started for every run (slower; default: a "
                             "kernel per run forked from a warm fork server)")
    report.add_argument("--reports-file", type=Path, default=None, metavar="FILE",
                        help="the scenarios file (default: the repo's reports.yaml)")
    report.add_argument("--sweep", action="append", default=[], metavar="NAME=V1,V2|NAME",
                        help="sweep a parameter over values (a grid; repeat for more "
                             "parameters), or over LOW..HIGH with --samples; or run a sweep "
                             "of reports.yaml by its name. Without --scenario, only the sweep "
                             "runs")
    report.add_argument("--samples", type=int, default=None, metavar="N",
                        help="Latin-hypercube samples for --sweep NAME=LOW..HIGH")
    report.add_argument("--sweep-seed", type=int, default=0, metavar="N",
                        help="the seed of the Latin-hypercube samples (default: 0)")
    report.add_argument("--sweep-name", default="sweep", metavar="NAME",
                        help="the name of the command line's sweep (default: sweep)")
    report.add_argument("--no-cache", action="store_true",
                        help="run everything afresh, not from the run cache (the fresh runs "
                             "are cached all the same)")
    report.add_argument("--cache-dir", type=Path, default=None, metavar="DIR",
                        help="the run cache (default: $DPRK_TROOPS_RUN_CACHE, else "
                             "~/.cache/dprk-troops)")
    report.add_argument("--executor", choices=["local", "dask"], default="local",
                        help="local: kernels in this process (default); dask: dask.distributed "
                             "workers")
    report.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="with --executor dask: a running scheduler (tcp://host:8786); "
                             "default: a LocalCluster of --jobs workers")
    _seeds_arg(report)
    _extra_arg(report)

    results = sub.add_parser("results", help="print an executed notebook's recorded results "
                                             "as JSON, or describe a notebook's results")
    results.add_argument("notebook", type=Path, metavar="EXECUTED.ipynb", nargs="?")
    results.add_argument("--describe", metavar="NOTEBOOK",
                         help="list a notebook's results (stem, number or path) with their "
                              "unit, label and meaning, instead of reading a run")
    _seeds_arg(results)

    diff = sub.add_parser(
        "diff", help="what changed between two reports (folders or builds)",
        description="Compare two reports: report folders (reports/, reports/adhoc/NAME) or "
                    "builds (reports/.builds/ID). Exit codes as diff(1): 0 nothing differs, "
                    "1 something does, 2 a folder could not be read.")
    diff.add_argument("old", type=Path, metavar="OLD")
    diff.add_argument("new", type=Path, metavar="NEW")
    diff.add_argument("--format", choices=["text", "json"], default="text")

    params = sub.add_parser("params", help="list a notebook's parameters with defaults, "
                                           "types and units")
    params.add_argument("notebook", metavar="NOTEBOOK",
                        help="stem (01_cost_vs_revenue), number (01) or path")
    _seeds_arg(params)
    _extra_arg(params)
    _course_parser(sub)
    from .dashboard.server import add_parser as add_dashboard_parser

    add_dashboard_parser(sub)
    from .explore.cli import add_parser as add_explore_parser

    add_explore_parser(sub)
    return parser


def export_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Facts as printed: dates at their own precision ('2024-10'), flags joined by ';'."""
    out = df.copy()
    width = {"year": 4, "month": 7, "day": 10}
    out["as_of"] = [
        ts.strftime("%Y-%m-%d")[: width[p]] for ts, p in zip(out["as_of"], out["as_of_precision"])
    ]
    out["flags"] = [";".join(f) for f in out["flags"]]
    return out


def cmd_facts(args: argparse.Namespace) -> int:
    from .factbase.facts import facts_table, read_fact_base

    base = read_fact_base(args.seeds, args.extra)
    df = facts_table(base)
    for column, wanted in (("quantity", args.quantity), ("source_id", args.source)):
        unknown = sorted(set(wanted) - set(df[column].astype(str)))
        if unknown:
            raise DprkTroopsError(f"--{column.removesuffix('_id')}: unknown {column} "
                                  f"{', '.join(map(repr, unknown))}")
        if wanted:
            df = df[df[column].isin(wanted)]
    out = export_frame(df)
    if args.format == "csv":
        out[CSV_COLUMNS].to_csv(sys.stdout, index=False, float_format="%.12g")
    elif args.format == "json":
        sys.stdout.write(out[CSV_COLUMNS].to_json(orient="records", force_ascii=False, indent=1))
        sys.stdout.write("\n")
    else:
        import pandas as pd

        with pd.option_context("display.max_rows", None, "display.width", 200,
                               "display.max_colwidth", 40, "display.float_format", "{:,.12g}".format):
            print(out[TABLE_COLUMNS].to_string(index=False))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .factbase.facts import read_fact_base

    base = read_fact_base(args.seeds, args.extra)
    what = f"{len(base.sources)} sources, {len(base.facts)} facts, {len(base.events)} events, "
    what += f"{len(base.options)} options"
    if args.texts is not None:
        from .factbase.provenance import check_provenance

        problems = check_provenance(base, args.texts)
        if problems:
            raise DprkTroopsError(problems)
        print(f"ok: {what}; provenance verified against {args.texts}")
    else:
        print(f"ok: {what} (provenance not checked: pass --texts DIR)")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from .factbase.facts import read_fact_base

    base = read_fact_base(args.seeds)
    print(summarise(base))
    return 0


def summarise(base) -> str:
    """A few lines per article: outlet, date, title and what the fact base holds from it."""
    from collections import Counter

    lines = []
    for s in base.sources:
        facts = [f for f in base.facts if f.source_id == s.source_id]
        kinds = Counter(f.kind for f in facts)
        flagged = sum(1 for f in facts if f.flags)
        counts = ", ".join(f"{k} {kinds[k]}" for k in ("figure", "estimate", "claim", "event"))
        lines.append(f"{s.source_id} ({s.outlet}, {s.published}, {s.published_basis})")
        lines.append(f"  title:  {s.title or '(not in the text)'}")
        lines.append(f"  facts:  {len(facts)} ({counts}); {flagged} flagged")
        quantities = sorted({f.quantity for f in facts if f.kind in ("figure", "estimate")})
        lines.append(f"  figures on: {', '.join(quantities) or '-'}")
    lines.append(f"total: {len(base.facts)} facts from {len(base.sources)} sources, "
                 f"{len(base.events)} events, {len(base.options)} options")
    return "\n".join(lines)


def cmd_results(args: argparse.Namespace) -> int:
    import json

    from .present.results import read_results

    if args.describe is not None:
        from .workbook import notebook

        nb = notebook(args.describe)
        print(f"{nb.stem}: recorded results (* = key result, shown in the report's index)")
        for r in nb.results:
            print(f"  {r.name}{' *' if r.key else ''}  ({r.unit}): {r.label}")
            print(f"      {r.meaning}")
        return 0
    if args.notebook is None:
        raise InputError("results: give an executed notebook (EXECUTED.ipynb) or "
                         "--describe NOTEBOOK")
    print(json.dumps(read_results(args.notebook), indent=2, ensure_ascii=False))
    return 0


def cmd_params(args: argparse.Namespace) -> int:
    import json

    from .factbase.facts import load_facts
    from .workbook import definition

    nb = definition(args.notebook)
    run = nb.resolve(load_facts(args.seeds, args.extra or None), {})
    print(f"{nb.stem}: parameters (kind: fact = read from the fact base, assumption = ours, "
          "setting = how it computes or shows)")
    for p in nb.params:
        bounds = f"; {p.describe_range()}" if p.type != "dict" else ""
        basis = run.basis[p.name]
        if p.fact_default is not None:
            default = (f"None = from the fact base: {p.fact_default.rule} "
                       f"(now {json.dumps(run.values[p.name])}"
                       + (f", rows {', '.join(basis.fact_ids)}" if basis.fact_ids else "")
                       + ")")
        else:
            default = json.dumps(p.default)
        print(f"  {p.name} = {default}  ({p.type}{bounds}; {p.unit or '-'}; {p.kind})")
        print(f"      {p.label}: {p.reason}")
    return 0


def _report_selection(args: argparse.Namespace, reports) -> object:
    """What the command line asks for: scenarios, notebooks, overrides and sweeps."""
    from .reporting.scenarios import Selection, parse_overrides
    from .reporting.sweeps import cli_sweep

    named = tuple(s for s in args.sweep if "=" not in s)
    pairs = [s for s in args.sweep if "=" in s]
    for name in named:
        reports.sweep(name)  # one line naming it when there is no such sweep
    if not pairs and args.samples is not None:
        raise DprkTroopsError("--samples: only with --sweep NAME=LOW..HIGH")
    sweep = (cli_sweep(pairs, args.notebook, args.samples, args.sweep_seed, args.sweep_name)
             if pairs else None)
    return Selection(tuple(args.scenario), tuple(args.notebook),
                     parse_overrides(args.parameter), named, sweep)


def _report_context(seeds: Path | None, extra: list[Path]
                    ) -> tuple[str, dict[str, str], list[str]]:
    """What a report needs of the fact base, read and checked (or from the fact-base cache
    when the files have not changed): the summary, option labels and the outlets."""
    from .factbase.cache import cached
    from .factbase.facts import read_fact_base

    def read() -> tuple[str, dict[str, str], list[str]]:
        base = read_fact_base(seeds, extra)
        return (summarise(base), {o.option_id: o.label for o in base.options},
                list(dict.fromkeys(s.outlet for s in base.sources)))

    return cached("report_context", Path(seeds) if seeds else paths.SEEDS_DIR, extra, read)


def _report_explorations(reports_file: Path, plan) -> tuple:
    """The explorations of reports.yaml a report shows: those of the notebooks it runs for
    its scenarios (a sweep's report shows none). Bad input, like any of the file's."""
    from .explore.declared import report_explorations

    try:
        return tuple(report_explorations(reports_file,
                                         {r.notebook for r in plan.runs if r.sweep is None}))
    except DprkTroopsError as exc:
        raise InputError(exc.problems) from None


def _plan_report(args: argparse.Namespace) -> tuple[object, object, tuple]:
    """Everything checked before anything starts: (plan, options, fact-base context)."""
    from .reporting.cache import default_root, eviction
    from .reporting.folders import destination
    from .reporting.kernels import kernel_mode
    from .reporting.publish import check_writable
    from .reporting.report import ReportOptions
    from .reporting.scenarios import REPORTS_FILE, ReportsFile

    if args.jobs < 1:
        raise InputError(f"--jobs: expected a whole number >= 1, got {args.jobs}")
    if args.keep < 1:
        raise InputError(f"--keep: expected a whole number >= 1, got {args.keep}")
    if args.scheduler and args.executor != "dask":
        raise InputError("--scheduler: only with --executor dask")
    if args.extra:  # every kernel's load_facts() reads them, and the run cache keys on them
        os.environ[paths.EXTRA_FACTS_ENV] = os.pathsep.join(str(p.resolve())
                                                            for p in args.extra)
    try:
        evict = eviction()
        if args.cache_dir is None:
            default_root()  # a switch-like DPRK_TROOPS_RUN_CACHE is refused here
        _, labels, outlets = _report_context(args.seeds, paths.extra_facts())
        reports = ReportsFile.read(args.reports_file or REPORTS_FILE)
        selection = _report_selection(args, reports)
        plan = reports.plan(selection)
        where = destination(selection, args.out or paths.REPORTS_DIR, args.out is not None)
        check_writable(where.path)
    except DprkTroopsError as exc:
        raise InputError(exc.problems) from None
    options = ReportOptions(
        out=where.path, kind=where.kind, listing=where.root, jobs=args.jobs,
        kernels=kernel_mode(args.executor, args.fresh_kernels), executor=args.executor,
        scheduler=args.scheduler, show_code=args.show_code, timeout=args.timeout,
        wait=args.wait, seeds_dir=args.seeds, use_cache=not args.no_cache,
        cache_dir=args.cache_dir, evict=evict, keep=args.keep,
        explorations=_report_explorations(args.reports_file or REPORTS_FILE, plan))
    return plan, options, (labels, outlets)


def _run_report(args: argparse.Namespace, stopper, state: dict) -> int:
    """The report, in the thread ``run_stoppable`` gives it."""
    from .reporting.report import make_report

    plan, options, context = _plan_report(args)
    state["out"] = options.out
    stopper.check("planning the runs")
    runs = plan.runs
    log = _progress(len(runs), stopper)
    where = (f"dask ({args.scheduler or f'a LocalCluster of {min(args.jobs, len(runs))}'})"
             if args.executor == "dask" else f"{min(args.jobs, len(runs))} kernels")
    print(f"report: {len(runs)} runs on {where} -> {options.out}", file=sys.stderr)
    try:
        report = make_report(plan, options, fact_base_context=context, stopper=stopper,
                             log=log.update)
    except LockedError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        return 3
    finally:
        log.close()
    results = report.runs
    failed = [r for r in results if r.status != "ok"]
    for r in failed:
        print(r.failure_line(), file=sys.stderr)
    for line in report.warnings:
        print(line, file=sys.stderr)
    cached = sum(r.cached for r in results)
    changes = report.manifest.get("changes", {}).get("summary", "")
    # stdout says where the report is and whether anything failed, nothing else (cron
    # mails stdout); the log, the failures, the progress and the changes go to stderr.
    print(f"report: {len(results) - len(failed)} of {len(results)} runs ok "
          f"({cached} from the run cache); {options.out / 'index.html'}", flush=True)
    if changes:
        print(f"report: since the last report: {changes}", file=sys.stderr)
    return 1 if failed else 0


def _stopped(stop, stopper, state: dict) -> str:
    """The one line a stopped report leaves on stderr."""
    from .reporting.stopping import signal_name

    out = state.get("out")
    if stopper.published:
        return (f"report: stopped by {signal_name(stop.signum)} after the report was "
                f"published in {out} (only the tidying up was cut short)")
    kept = f"; {out} is as it was" if out is not None else ""
    return (f"report: stopped by {signal_name(stop.signum)} while {stopper.phase}: nothing "
            f"was published{kept}")


def cmd_report(args: argparse.Namespace) -> int:
    """``dprk-troops report``, stoppable at any moment (``reporting.stopping``)."""
    from .reporting.stopping import Stopper, StopRequested, run_stoppable, signal_name

    stopper = Stopper()
    state: dict = {}

    def end(code: int, line: str) -> None:
        print(line, file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)  # the clean-up threads are not waited for: the stop is the order

    def second(signum: int) -> None:
        end(128 + signum, f"report: stopped by {signal_name(signum)} again during the "
                          "clean-up: ended at once; nothing was published")

    try:
        return run_stoppable(lambda: _run_report(args, stopper, state), stopper,
                             on_second=second, block_after=True)
    except StopRequested as stop:
        end(stop.exit_code, _stopped(stop, stopper, state))
        raise  # not reached


def cmd_diff(args: argparse.Namespace) -> int:
    """``dprk-troops diff OLD NEW``: 0 nothing differs, 1 something does (as diff(1))."""
    import json

    from .reporting.changes import compare, lines, read_snapshot

    try:
        old, new = read_snapshot(args.old), read_snapshot(args.new)
    except DprkTroopsError as exc:
        raise InputError(exc.problems) from None
    changes = compare(old, new)
    if args.format == "json":
        print(json.dumps(changes, indent=2, ensure_ascii=False, default=str))
    else:
        print("\n".join(lines(changes)))
    return 0 if changes["nothing_changed"] else 1


class _Progress:
    """A progress bar on a terminal; plain log lines otherwise (cron, CI, pipes). Nothing
    once the report is being stopped: the stop's one line is the last word."""

    def __init__(self, total: int, stopper=None):
        self.total = total
        self.stopper = stopper
        self.bar = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="run", file=sys.stderr)

    def update(self, result, done: int) -> None:
        if self.stopper is not None and self.stopper.requested:
            return
        how = "cached" if result.cached else f"{result.duration_s:.1f} s"
        line = (f"[{done}/{self.total}] {result.status} {result.notebook} x {result.scenario} "
                f"({how})")
        if self.bar is not None:
            self.bar.set_postfix_str(f"{result.notebook} x {result.scenario}: {result.status}")
            self.bar.update(1)
        else:
            print(line, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def cmd_dashboard(args: argparse.Namespace) -> int:
    """Serve the notebooks as apps (``dashboard.server``) until Ctrl-C or SIGTERM."""
    from .dashboard.server import cmd_dashboard as serve_dashboard

    return serve_dashboard(args)


def _progress(total: int, stopper=None) -> _Progress:
    return _Progress(total, stopper)


def _course_parser(sub: argparse._SubParsersAction) -> None:
    from .classroom.cli import add_parser

    add_parser(sub)


def cmd_course(args: argparse.Namespace) -> int:
    """``dprk-troops course ...``: a course folder's backup, grades and variants."""
    from .classroom.cli import run

    return run(args)


def cmd_explore(args: argparse.Namespace) -> int:
    from .explore.cli import run

    return run(args)


COMMANDS = {"facts": cmd_facts, "check": cmd_check, "summary": cmd_summary,
            "report": cmd_report, "diff": cmd_diff, "results": cmd_results,
            "params": cmd_params, "course": cmd_course, "dashboard": cmd_dashboard,
            "explore": cmd_explore}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except InputError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        return 2
    except WriteError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        return 4
    except DprkTroopsError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `dprk-troops facts | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
