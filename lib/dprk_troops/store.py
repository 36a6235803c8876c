"""Verified entries on disk, and the digests that name them: shared by the run cache
(``reporting.cache``) and the fact-base cache (``fact_cache``).

An entry is a folder of named files with a ``SHA256SUMS.json``; it is written into a
temporary folder and renamed into place (``os.replace``), and a read checks every file
against its digest. An entry that is partial, corrupt or unreadable is deleted and read as
missing, so nothing from a bad entry is ever used.

A sound read touches the entry (its folder's mtime is its last use), so ``Store.prune``
can evict the least recently used entries.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["LIBRARY", "SUMS", "TMP_GRACE_S", "Store", "canonical_json", "files_digest",
           "library_digest", "sha256"]

SUMS = "SHA256SUMS.json"
#: A temporary folder older than this is a write that was killed: pruning removes it.
TMP_GRACE_S = 3600.0
LIBRARY = Path(__file__).resolve().parent  # lib/dprk_troops


def canonical_json(value: Any) -> str:
    """One spelling per value: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


def sha256(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def files_digest(files: list[Path], base: Path) -> str:
    """sha256 over files' names (relative to ``base``) and contents."""
    h = hashlib.sha256()
    for f in sorted(files):
        h.update(str(f.relative_to(base)).encode() + b"\0")
        h.update(sha256(f.read_bytes()).encode() + b"\n")
    return h.hexdigest()


@functools.cache
def library_digest(root: Path = LIBRARY) -> str:
    """sha256 over the library's Python code and its report templates."""
    files = [p for p in root.rglob("*") if p.is_file()
             and (p.suffix == ".py" or "templates" in p.relative_to(root).parts)
             and "__pycache__" not in p.parts]
    return files_digest(files, root)


def _size(folder: str) -> int:
    """The bytes of an entry's files (entries are flat)."""
    with os.scandir(folder) as files:
        return sum(f.stat().st_size for f in files)


class Store:
    """Entries of named files, written atomically and verified on every read."""

    def __init__(self, root: Path):
        self.root = Path(root)

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
                    or any(sha256(data) != sums[name] for name, data in files.items())):
                raise ValueError("checksum mismatch")
        except (OSError, ValueError, TypeError):
            self.discard(kind, key)
            return None
        try:
            os.utime(entry)  # last used now: pruning evicts the least recently used
        except OSError:
            pass
        return files

    def put(self, kind: str, key: str, files: Mapping[str, bytes]) -> None:
        """Store an entry: written in a temporary folder, then renamed into place."""
        entry = self._entry(kind, key)
        tmp = entry.parent / f".tmp-{key[:16]}-{uuid.uuid4().hex}"
        try:
            tmp.mkdir(parents=True)
            for name, data in files.items():
                (tmp / name).write_bytes(data)
            sums = {name: sha256(data) for name, data in files.items()}
            (tmp / SUMS).write_text(json.dumps(sums, indent=1), encoding="utf-8")
            if entry.exists():  # a stale or concurrent entry: the newest one wins
                shutil.rmtree(entry, ignore_errors=True)
            os.replace(tmp, entry)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)  # a cache that cannot be written is no error

    def discard(self, kind: str, key: str) -> None:
        shutil.rmtree(self._entry(kind, key), ignore_errors=True)

    def prune(self, kinds: Iterable[str], *, max_age_s: float | None = None,
              max_bytes: int | None = None, max_entries: int | None = None,
              keep_since: float | None = None, now: float | None = None
              ) -> list[tuple[str, str]]:
        """Evict entries of ``kinds``: those last used more than ``max_age_s`` ago, then the
        least recently used until at most ``max_entries`` remain and they take at most
        ``max_bytes``. An entry used at or after ``keep_since`` (a timestamp: the running
        report's start) is never evicted. Temporary folders of killed writes (older than
        ``TMP_GRACE_S``) go too. Returns the evicted (kind, key) pairs, least recently used
        first; a folder that cannot be read is left alone."""
        now = time.time() if now is None else now
        entries: list[tuple[float, int, str, str]] = []  # (last used, bytes, kind, key)
        for kind in kinds:  # os.scandir: a full cache has thousands of entries
            try:
                with os.scandir(self.root / kind) as folders:
                    found = list(folders)
            except OSError:
                continue
            for folder in found:
                try:
                    used = folder.stat().st_mtime
                    if folder.name.startswith(".tmp-"):
                        if now - used > TMP_GRACE_S:
                            shutil.rmtree(folder.path, ignore_errors=True)
                    elif folder.is_dir() and not folder.name.startswith("."):
                        entries.append((used, 0 if max_bytes is None else _size(folder.path),
                                        kind, folder.name))
                except OSError:
                    continue
        entries.sort()  # least recently used first
        count, total = len(entries), sum(size for _, size, _, _ in entries)
        evicted = []
        for used, size, kind, key in entries:
            if keep_since is not None and used >= keep_since:
                continue
            if ((max_age_s is not None and now - used > max_age_s)
                    or (max_entries is not None and count > max_entries)
                    or (max_bytes is not None and total > max_bytes)):
                self.discard(kind, key)
                count, total = count - 1, total - size
                evicted.append((kind, key))
        return evicted
