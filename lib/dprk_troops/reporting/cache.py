"""The run cache: a run whose inputs have not changed is not executed again.

A run's key is a sha256 over everything that decides what its executed notebook holds:

- the notebook's source cells (type and source; not its stored outputs);
- the run's parameters (canonical JSON);
- the fact-base files (``seeds/*.yaml`` of the seeds folder in use), for notebooks that
  read the fact base (``registry.Notebook.reads_fact_base``);
- the library's code (``lib/dprk_troops/**/*.py`` and the report templates);
- the versions of the packages that run it (``manifest.versions()``, Python included);
- how the kernels draw charts (``DPRK_TROOPS_CHART_OUTPUT``).

A page's key adds what only the page shows: the scenario's name and description, the
option labels and whether code is shown. So editing a scenario's description re-exports
its pages from the cached notebooks without running a kernel.

Entries live in ``<root>/runs/<key>/`` and ``<root>/pages/<key>/`` (root: the environment
variable ``DPRK_TROOPS_RUN_CACHE``, else ``paths.CACHE_DIR``). Each is written into a
temporary folder and renamed into place (``os.replace``) with a ``SHA256SUMS.json`` naming
every file's digest; a read checks every file against it. An entry that is partial, corrupt
or unreadable is deleted and reported as a miss: the run is executed again, and nothing
from a bad entry is ever published.

Eviction (``Eviction``, after each report has published): entries not used for
``DPRK_TROOPS_RUN_CACHE_DAYS`` days (default 30) go, then the least recently used until
the cache takes at most ``DPRK_TROOPS_RUN_CACHE_MB`` megabytes (default 2048); ``off``
turns either limit off. An entry the report just used or wrote is never evicted, so a cron
job's unchanged report stays cached however small the limits.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import paths
from ..errors import ParameterError
from ..store import SUMS, Store, canonical_json, files_digest, library_digest, sha256

__all__ = ["CACHE_FORMAT", "DAYS_ENV", "KINDS", "MB_ENV", "ROOT_ENV", "SUMS", "Eviction",
           "RunCache",
           "canonical_json", "default_root", "eviction", "fact_base_digest",
           "library_digest", "notebook_digest", "page_key", "run_key"]

#: Bumped when the layout or the meaning of an entry changes: every old entry then misses.
CACHE_FORMAT = 2


#: The run cache's kinds of entries: executed runs, their pages, the index's charts.
KINDS = ("runs", "pages", "charts")
DAYS_ENV, DEFAULT_DAYS = "DPRK_TROOPS_RUN_CACHE_DAYS", 30.0
MB_ENV, DEFAULT_MB = "DPRK_TROOPS_RUN_CACHE_MB", 2048.0


@dataclass(frozen=True)
class Eviction:
    """How much the run cache keeps: entries used within ``max_age_s`` seconds, at most
    ``max_bytes`` in all (None: no limit)."""

    max_age_s: float | None = DEFAULT_DAYS * 86400
    max_bytes: int | None = int(DEFAULT_MB * 1e6)


def _limit(environ: Mapping[str, str], name: str, default: float, unit: str
           ) -> float | None:
    text = environ.get(name, "").strip()
    if not text:
        return default
    if text.lower() == "off":
        return None
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise ParameterError(f"{name}: expected a number of {unit} >= 0, or off, got {text!r}")
    return value


def eviction(environ: Mapping[str, str] | None = None) -> Eviction:
    """The eviction limits from ``DPRK_TROOPS_RUN_CACHE_DAYS`` and ``_MB`` (see the module's
    docstring); a bad value raises ParameterError naming the variable."""
    env = os.environ if environ is None else environ
    days = _limit(env, DAYS_ENV, DEFAULT_DAYS, "days")
    mb = _limit(env, MB_ENV, DEFAULT_MB, "megabytes")
    return Eviction(max_age_s=None if days is None else days * 86400,
                    max_bytes=None if mb is None else int(mb * 1e6))


ROOT_ENV = "DPRK_TROOPS_RUN_CACHE"
#: Values of ``ROOT_ENV`` that read as a switch, not a folder. Refused: taken as a path,
#: ``off`` made a folder named "off" in whatever directory the report ran from (the fact
#: base's ``DPRK_TROOPS_FACT_CACHE=off`` is a switch, which invites the mistake).
SWITCHES = frozenset({"off", "on", "no", "yes", "false", "true", "0", "1", "none"})


def default_root(environ: Mapping[str, str] | None = None) -> Path:
    """The run cache's folder: ``DPRK_TROOPS_RUN_CACHE`` if set, else the workbook's cache
    folder. A switch-like value raises ParameterError naming the variable."""
    env = os.environ if environ is None else environ
    text = env.get(ROOT_ENV, "").strip()
    if not text:
        return Path(paths.CACHE_DIR)
    if text.lower() in SWITCHES:
        raise ParameterError(f"{ROOT_ENV}={text}: expected the run cache's folder, not a "
                             "switch; to run everything afresh, use --no-cache")
    return Path(text)


class RunCache(Store):
    """The run cache's entries: the library's verified store, under ``default_root()``."""

    def __init__(self, root: Path | None = None):
        super().__init__(Path(root) if root is not None else default_root())


def fact_base_digest(seeds_dir: Path) -> str:
    """sha256 over the fact-base files (``*.yaml``) of a seeds folder and the extra fact
    files the kernels will load (DPRK_TROOPS_EXTRA)."""
    seeds = files_digest(list(Path(seeds_dir).glob("*.yaml")), Path(seeds_dir))
    extra = [p.resolve() for p in paths.extra_facts()]
    if not extra:
        return seeds
    return sha256(canonical_json([seeds, files_digest(extra, Path("/"))]).encode())


def notebook_digest(path: Path) -> str:
    """sha256 over a notebook's cells (type and source) and kernel: its outputs and cell
    ids do not count, so re-executing the stored notebook changes nothing."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))

    def source(cell: Mapping[str, Any]) -> str:
        src = cell.get("source", "")
        return "".join(src) if isinstance(src, list) else str(src)

    cells = [[c.get("cell_type"), source(c)] for c in nb.get("cells", [])]
    kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name")
    return sha256(canonical_json({"cells": cells, "kernel": kernel}))


def run_key(*, notebook: str, notebook_source: str, parameters: Mapping[str, Any],
            fact_base: str | None, library: str, versions: Mapping[str, str],
            chart_output: str) -> str:
    """The key of one run from the digests of its inputs (see the module's docstring)."""
    return sha256(canonical_json({
        "format": CACHE_FORMAT, "notebook": notebook, "source": notebook_source,
        "parameters": dict(parameters), "fact_base": fact_base, "library": library,
        "versions": dict(versions), "chart_output": chart_output}))


def page_key(run: str, *, scenario: str, note: str, show_code: bool,
             labels: Mapping[str, str]) -> str:
    """The key of a run's page: the run's key and what only the page shows."""
    return sha256(canonical_json({"run": run, "scenario": scenario, "note": note,
                                "show_code": show_code, "labels": dict(labels)}))
