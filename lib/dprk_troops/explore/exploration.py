"""One exploration, start to end: sample, evaluate (streaming ``samples.csv``), compute the
indices (``indices.csv``) and write the page (``index.html``).

Everything is checked before the output folder is touched (``plan`` for a notebook;
``check_samples`` for any model), so bad input writes nothing. Each file is written under
a temporary name and renamed into place when complete.
"""

from __future__ import annotations

import csv
import io
import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .evaluation import CHUNK_ROWS, write_samples
from .indices import COLUMNS, analyze, convergence, sentence
from .model import Factor, Model, Outcome, Output
from .sampling import check_samples, design

__all__ = ["FILES", "Outcome", "explore", "indices_csv"]

#: What an exploration writes into its folder.
FILES = ("samples.csv", "indices.csv", "index.html")


def indices_csv(rows: Sequence[Mapping[str, Any]], method: str) -> str:
    fields = ["result", "parameter", "samples", "evaluations", *COLUMNS[method]]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _sentences(outputs: Sequence[Output], rows: Sequence[Mapping[str, Any]], method: str,
               factors: Sequence[Factor]) -> tuple[str, ...]:
    labels = {f.name: f.words for f in factors}
    out = []
    for o in outputs:
        mine = [r for r in rows if r["result"] == o.name]
        if o.key and mine:
            out.append(sentence(o, mine, method, labels))
    return tuple(out)


def explore(model: Model, factors: Sequence[Factor], method: str, samples: int,
            out: Path, *, seed: int = 0, executor: str = "local",
            scheduler: str | None = None, n_workers: int = 2,
            chunk_rows: int = CHUNK_ROWS, page: bool = True) -> Outcome:
    """Explore ``model`` over ``factors`` and write ``FILES`` into ``out``.

    ``samples`` is SALib's N (see ``sampling``); the design of 2N is evaluated, and the
    indices are computed at N and at 2N. ``executor`` is ``local`` or ``dask``."""
    check_samples(method, samples, len(factors))
    start = time.perf_counter()
    warming = None
    if page:
        import threading

        from .page import warm

        warming = threading.Thread(target=warm, name="vl-convert", daemon=True)
        warming.start()
    d = design(method, factors, samples, seed)
    out.mkdir(parents=True, exist_ok=True)
    values = write_samples(out / "samples.csv", model, factors, d.x, chunk_rows=chunk_rows,
                           executor=executor, scheduler=scheduler, n_workers=n_workers)
    rows = analyze(method, factors, d.x, values, d.rows_at_n, samples, seed)
    _write(out / "indices.csv", indices_csv(rows, method))
    final = [r for r in rows if r["samples"] == 2 * samples]
    labels = {**{f.name: f.words for f in factors}, **{o.name: o.label for o in model.outputs}}
    compared, bad = convergence(rows, method, labels)
    outcome = Outcome(
        model.name, model.title, method, samples, seed, tuple(factors), model.outputs,
        len(d.x), time.perf_counter() - start, tuple(rows),
        _sentences(model.outputs, final, method, factors), (compared, tuple(bad)),
        tuple(o.name for o in model.outputs if not any(r["result"] == o.name for r in rows)),
        tuple(model.notes), executor, tuple(getattr(model, "held", ())),
        () if getattr(model, "with_mc", False) else tuple(getattr(model, "mc_outputs", ())))
    if warming is not None:
        from .page import page_html

        warming.join()
        _write(out / "index.html", page_html(outcome))
    return outcome
