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
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import paths

__all__ = ["CACHE_FORMAT", "SUMS", "RunCache", "canonical_json", "default_root",
           "fact_base_digest", "library_digest", "notebook_digest", "page_key", "run_key"]

#: Bumped when the layout or the meaning of an entry changes: every old entry then misses.
CACHE_FORMAT = 2
SUMS = "SHA256SUMS.json"
LIBRARY = Path(__file__).resolve().parents[1]  # lib/dprk_troops


def default_root() -> Path:
    return Path(os.environ.get("DPRK_TROOPS_RUN_CACHE", paths.CACHE_DIR))


def canonical_json(value: Any) -> str:
    """One spelling per value: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


def _sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def _files_digest(files: list[Path], base: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(files):
        h.update(str(f.relative_to(base)).encode() + b"\0")
        h.update(_sha(f.read_bytes()).encode() + b"\n")
    return h.hexdigest()


@functools.cache
def library_digest(root: Path = LIBRARY) -> str:
    """sha256 over the library's Python code and its report templates."""
    files = [p for p in root.rglob("*") if p.is_file()
             and (p.suffix == ".py" or "templates" in p.relative_to(root).parts)
             and "__pycache__" not in p.parts]
    return _files_digest(files, root)


def fact_base_digest(seeds_dir: Path) -> str:
    """sha256 over the fact-base files (``*.yaml``) of a seeds folder."""
    return _files_digest(list(Path(seeds_dir).glob("*.yaml")), Path(seeds_dir))


def notebook_digest(path: Path) -> str:
    """sha256 over a notebook's cells (type and source) and kernel: its outputs and cell
    ids do not count, so re-executing the stored notebook changes nothing."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))

    def source(cell: Mapping[str, Any]) -> str:
        src = cell.get("source", "")
        return "".join(src) if isinstance(src, list) else str(src)

    cells = [[c.get("cell_type"), source(c)] for c in nb.get("cells", [])]
    kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name")
    return _sha(canonical_json({"cells": cells, "kernel": kernel}))


def run_key(*, notebook: str, notebook_source: str, parameters: Mapping[str, Any],
            fact_base: str | None, library: str, versions: Mapping[str, str],
            chart_output: str) -> str:
    """The key of one run from the digests of its inputs (see the module's docstring)."""
    return _sha(canonical_json({
        "format": CACHE_FORMAT, "notebook": notebook, "source": notebook_source,
        "parameters": dict(parameters), "fact_base": fact_base, "library": library,
        "versions": dict(versions), "chart_output": chart_output}))


def page_key(run: str, *, scenario: str, note: str, show_code: bool,
             labels: Mapping[str, str]) -> str:
    """The key of a run's page: the run's key and what only the page shows."""
    return _sha(canonical_json({"run": run, "scenario": scenario, "note": note,
                                "show_code": show_code, "labels": dict(labels)}))


class RunCache:
    """Entries of named files, written atomically and verified on every read."""

    def __init__(self, root: Path | None = None):
        self.root = Path(root) if root is not None else default_root()

    def _entry(self, kind: str, key: str) -> Path:
        return self.root / kind / key

    def get(self, kind: str, key: str) -> dict[str, bytes] | None:
        """An entry's files, or None when it is missing; a partial or corrupt entry is
        deleted (and is a miss)."""
        entry = self._entry(kind, key)
        if not entry.is_dir():
            return None
        try:
            sums = json.loads((entry / SUMS).read_text(encoding="utf-8"))
            files = {name: (entry / name).read_bytes() for name in sums}
            on_disk = {p.name for p in entry.iterdir()} - {SUMS}
            if (not isinstance(sums, dict) or not sums or on_disk != set(sums)
                    or any(_sha(data) != sums[name] for name, data in files.items())):
                raise ValueError("checksum mismatch")
        except (OSError, ValueError, TypeError):
            self.discard(kind, key)
            return None
        return files

    def put(self, kind: str, key: str, files: Mapping[str, bytes]) -> None:
        """Store an entry: written in a temporary folder, then renamed into place."""
        entry = self._entry(kind, key)
        tmp = entry.parent / f".tmp-{key[:16]}-{uuid.uuid4().hex}"
        try:
            tmp.mkdir(parents=True)
            for name, data in files.items():
                (tmp / name).write_bytes(data)
            sums = {name: _sha(data) for name, data in files.items()}
            (tmp / SUMS).write_text(json.dumps(sums, indent=1), encoding="utf-8")
            if entry.exists():  # a stale or concurrent entry: the newest one wins
                shutil.rmtree(entry, ignore_errors=True)
            os.replace(tmp, entry)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)  # a cache that cannot be written is no error

    def discard(self, kind: str, key: str) -> None:
        shutil.rmtree(self._entry(kind, key), ignore_errors=True)
