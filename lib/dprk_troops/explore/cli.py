"""``dprk-troops explore NOTEBOOK --range NAME=LOW..HIGH ... --samples N --method M``.

NOTEBOOK is a notebook (stem or number) or the name of an exploration declared in
``reports.yaml`` (its ``explorations:``). Exit codes: 0 done; 2 bad input, rejected with
one line before anything is written; 1 an invalid fact base.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from .. import paths
from ..errors import DprkTroopsError, InputError

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    """The ``explore`` subcommand's arguments."""
    from .evaluation import EXECUTORS
    from .sampling import METHODS

    p = sub.add_parser(
        "explore", help="which parameters drive a notebook's results: global sensitivity "
                        "over thousands of in-process evaluations",
        description="Evaluate a notebook's results in-process over sampled parameter ranges "
                    "and write DIR/samples.csv, DIR/indices.csv and DIR/index.html. Exit "
                    "codes: 0 done, 2 bad input (nothing written), 1 invalid fact base.")
    p.add_argument("notebook", metavar="NOTEBOOK",
                   help="stem (01_cost_vs_revenue) or number (01), or the name of an "
                        "exploration of reports.yaml")
    p.add_argument("--range", action="append", default=[], metavar="NAME=LOW..HIGH",
                   dest="ranges", help="explore a parameter over a range (repeatable); a "
                                       "weight of notebook 03 by its key: weights.deterrence=0..1")
    p.add_argument("--samples", type=int, default=None, metavar="N",
                   help="SALib's N: Sobol' base samples (a power of 2), Morris "
                        "trajectories or Latin-hypercube points; 2N are evaluated to check "
                        "convergence (default: 1024)")
    p.add_argument("--method", choices=METHODS, default=None,
                   help="sobol (default): first-order and total indices; morris: screening "
                        "(mu*, sigma); lhs: first-order indices (RBD-FAST)")
    p.add_argument("--seed", type=int, default=None, metavar="S",
                   help="the seed of the sampled points (default: 0)")
    p.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="output folder (default: reports/explore/<notebook>-<method>)")
    p.add_argument("-p", "--parameter", action="append", default=[], metavar="NAME=VALUE",
                   help="hold a parameter at a value other than its default (repeatable)")
    p.add_argument("--with-mc", action="store_true",
                   help="explore the Monte Carlo's results too (slower: each evaluation "
                        "draws mc_samples; lower it with -p mc_samples=2000)")
    p.add_argument("--executor", choices=EXECUTORS, default="local",
                   help="local: in this process (default); dask: chunks on dask.distributed "
                        "workers (the same samples.csv, byte for byte)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="with --executor dask: a running scheduler; default: a LocalCluster")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                   help="with --executor dask: LocalCluster workers (default: one per core)")
    p.add_argument("--reports-file", type=Path, default=None, metavar="FILE",
                   help="where declared explorations are (default: the repo's reports.yaml)")
    p.add_argument("--seeds", type=Path, default=None, metavar="DIR",
                   help="the fact-base folder (default: the repo's seeds/)")
    p.add_argument("--extra", type=Path, action="append", default=[], metavar="FILE",
                   help="an extra facts file to load on top of the seeds (repeatable)")


def _declared(args: argparse.Namespace) -> Any:
    """The declared exploration NOTEBOOK names, or None when it names a notebook."""
    from ..workbook import NOTEBOOKS
    from .declared import load_explorations

    if any(args.notebook in (s, s.split("_", 1)[0]) for s in NOTEBOOKS):
        return None
    declared = load_explorations(args.reports_file or paths.PROJ_ROOT / "reports.yaml")
    return declared.get(args.notebook)


def _arguments(args: argparse.Namespace) -> dict[str, Any]:
    """The exploration's arguments: the command line's, over a declared one's."""
    from ..workbook import parse_overrides
    from .ranges import parse_range

    spec = _declared(args)
    given = {"ranges": [parse_range(r) for r in args.ranges],
             "fixed": parse_overrides(args.parameter)}
    base = spec.arguments() if spec is not None else {"notebook": args.notebook}
    out = {**base, **{k: v for k, v in given.items() if v}}
    for name in ("samples", "method", "seed"):
        if getattr(args, name) is not None:
            out[name] = getattr(args, name)
    out.setdefault("samples", 1024)
    out.setdefault("method", "sobol")
    out.setdefault("seed", 0)
    out.setdefault("ranges", [])
    out.setdefault("fixed", {})
    return out


def run(args: argparse.Namespace) -> int:
    from .exploration import explore
    from .notebook import plan

    try:
        a = _arguments(args)
    except DprkTroopsError as exc:  # -p or reports.yaml: bad input too
        raise InputError(exc.problems) from None
    if args.jobs < 1:
        raise InputError(f"--jobs: expected a whole number >= 1, got {args.jobs}")
    if args.scheduler and args.executor != "dask":
        raise InputError("--scheduler: only with --executor dask")
    checked = plan(a["notebook"], a["ranges"], a["method"], a["samples"], a["fixed"],
                   args.with_mc, args.seeds, args.extra)
    out = args.out or paths.REPORTS_DIR / "explore" / f"{checked.model.name}-{a['method']}"
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out}: not a folder")
    print(f"explore: {checked.model.name}, {a['method']}, N = {a['samples']:,} -> {out}",
          file=sys.stderr, flush=True)
    outcome = explore(checked.model, checked.factors, a["method"], a["samples"], out,
                      seed=a["seed"], executor=args.executor, scheduler=args.scheduler,
                      n_workers=args.jobs)
    for line in outcome.sentences:
        print(line)
    compared, bad = outcome.convergence
    print(f"explore: {outcome.evaluations:,} evaluations in {outcome.seconds:.1f} s; "
          f"N and 2N agree for {compared - len(bad)} of {compared} indices; "
          f"{out / 'index.html'}", file=sys.stderr)
    return 0
