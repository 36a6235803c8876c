"""The validated fact base, cached by content: read and checked once, then reused.

Reading the fact base means parsing five YAML files, validating every entry (pydantic)
and running the rules: about 0.3 s in a fresh kernel, paid by every notebook run, every
report kernel and every course notebook. The tables the loaders return (``load_facts``,
``load_options``, ...) are kept here, pickled, under a key that covers everything they
depend on:

- the loader's name and this cache's format;
- every ``*.yaml`` file of the seeds folder in use (path and sha256), and any extra facts
  files (resolved path and sha256);
- the library's code (``store.library_digest``): a change to a rule or a field re-reads;
- the working directory (the ``file`` column names files relative to it);
- the versions of Python, pandas and pydantic (what the pickle holds).

Only a read that succeeded is stored: a fact base with problems raises its
``FactBaseError`` on every read, exactly as without the cache. Entries are the library's
verified store (``store.Store``): written atomically, checked against their sha256 on every
read; a bad one is deleted and the tables are read again from the files. At most
``KEEP`` entries are kept, the most recently used (a read touches its entry).

``DPRK_TROOPS_FACT_CACHE=off`` turns the cache off (every read parses and validates).
Entries live in ``paths.CACHE_DIR / "fact-base"``.
"""

from __future__ import annotations

import functools
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from .. import paths
from ..store import Store, canonical_json, files_digest, library_digest, sha256

__all__ = ["ENV", "FORMAT", "KEEP", "cached", "enabled", "key"]

T = TypeVar("T")

ENV = "DPRK_TROOPS_FACT_CACHE"
#: Bumped when what an entry holds changes: every old entry then misses.
FORMAT = 1
#: Entries kept (the newest); an analyst's extra files or a test's folders add entries.
KEEP = 64
KIND = "fact-base"
VALUE = "value.pickle"


def enabled() -> bool:
    """False when ``DPRK_TROOPS_FACT_CACHE`` is off (or 0, false, no)."""
    return os.environ.get(ENV, "").strip().lower() not in {"off", "0", "false", "no"}


@functools.cache
def _versions() -> dict[str, str]:
    """From the packages' metadata: importing pandas (0.4 s) or pydantic just to read their
    versions would cost more than the cache saves, and a hit needs neither."""
    from importlib.metadata import version

    return {"python": sys.version, "pandas": version("pandas"),
            "pydantic": version("pydantic")}


def key(name: str, seeds: Path, extra: Sequence[Path] = ()) -> str:
    """The entry's key for loader ``name`` over a seeds folder and extra files.

    Raises OSError when a file cannot be read (the loader then reports it)."""
    seeds = Path(seeds).resolve()
    return sha256(canonical_json({
        "format": FORMAT, "name": name, "seeds": str(seeds),
        "files": files_digest(sorted(seeds.glob("*.yaml")), seeds),
        "extra": [[str(Path(p).resolve()), sha256(Path(p).read_bytes())] for p in extra],
        "library": library_digest(), "cwd": os.getcwd(), "versions": _versions()}))


def _store() -> Store:
    return Store(paths.CACHE_DIR)


def cached(name: str, seeds: Path, extra: Sequence[Path], read: Callable[[], T]) -> T:
    """``read()``'s value for these inputs: from the cache when an entry is there and
    sound, else read (and stored when the read succeeds)."""
    if not enabled():
        return read()
    try:
        entry_key = key(name, seeds, extra)
    except OSError:
        return read()  # a missing or unreadable file: the loader names it
    store = _store()
    entry = store.get(KIND, entry_key)
    if entry is not None:
        try:
            return pickle.loads(entry[VALUE])
        except Exception:  # noqa: BLE001 - any unreadable entry is a miss
            store.discard(KIND, entry_key)
    value = read()
    store.put(KIND, entry_key, {VALUE: pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)})
    store.prune((KIND,), max_entries=KEEP)
    return value
