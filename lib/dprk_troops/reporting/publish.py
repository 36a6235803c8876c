"""Publishing a report so that nobody ever sees half of one, and one run at a time.

The output folder (``reports/`` by default) looks like this::

    .builds/<id>/     a run builds everything here, hidden: index.html, manifest.json,
                      summary.csv, runs/<scenario>/<notebook>.html|.ipynb, vega-bundle.js,
                      history.html|.json, feed.xml, fact-base/ (the files it used)
    current           symlink to the published build (.builds/<id>, a relative link)
    index.html  manifest.json  summary.csv  runs  vega-bundle.js  history.html  feed.xml
                      symlinks to the same names in current/, made once and never changed

Publishing is one atomic step: a new symlink is renamed over ``current`` (``os.replace``).
Until then the previous report is whole and every visible file is what it was; a run that
is killed, stopped or fails to write leaves only its hidden build folder, which it removes
(or the next run does). The builds the history keeps stay (``keep``); the others go. Links
inside a build are relative, so ``current/index.html`` and ``index.html`` both work.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Collection, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path

from ..errors import DprkTroopsError, LockedError, WriteError

__all__ = ["BUILDS", "CURRENT", "ENTRY_POINTS", "check_writable", "discard", "link_into",
           "locked", "new_build", "publish", "published", "remove_stale_builds",
           "share_unchanged", "writing"]

BUILDS = ".builds"
CURRENT = "current"
#: The names a reader opens, each a symlink into ``current``.
ENTRY_POINTS = ("index.html", "manifest.json", "summary.csv", "runs", "vega-bundle.js",
                "history.html", "feed.xml", "explorations")


@contextlib.contextmanager
def writing(path: Path) -> Iterator[Path]:
    """A write into a hidden build: an OSError (a full disk) becomes a WriteError, one line
    naming the file."""
    try:
        yield path
    except OSError as exc:
        raise WriteError(f"{path}: cannot write it ({exc.strerror or exc}); nothing was "
                         "published, the previous report is as it was") from None


def check_writable(out: Path) -> None:
    """Create ``out`` if needed and prove a file can be written there."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".write-test-{os.getpid()}"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise DprkTroopsError(f"{out}: output folder is not writable ({exc.strerror})") from None


@contextlib.contextmanager
def locked(out: Path, wait: float) -> Iterator[None]:
    """Hold ``out/.lock`` for the block; LockedError when another run holds it."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(out / ".lock"))
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        raise LockedError(f"{out}: another report run is writing here (lock {out / '.lock'}); "
                          "wait for it to finish, or pass --wait SECONDS") from None
    try:
        yield
    finally:
        lock.release()


def published(out: Path) -> Path | None:
    """The build ``out/current`` points to (None: nothing published yet)."""
    link = out / CURRENT
    return (out / os.readlink(link)).resolve() if link.is_symlink() else None


def remove_stale_builds(out: Path, keep: Collection[str] = ()) -> None:
    """Remove every build folder but the published one and those named in ``keep`` (the
    history's): what killed, stopped or failed runs left, and old reports past the
    history. Also the ``build-*`` folders of reports made before builds were hidden."""
    current = published(out)
    for old in [*(out / BUILDS).glob("*"), *out.glob("build-*")]:
        if old.is_dir() and old.resolve() != current and old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)


def new_build(out: Path, started: datetime | None = None, keep: Collection[str] = ()) -> Path:
    """A fresh hidden build folder in ``out`` (stale ones removed first)."""
    remove_stale_builds(out, keep)
    stamp = (started or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    build = out / BUILDS / f"{stamp}-{os.getpid()}"
    with writing(build):
        build.mkdir(parents=True)
    return build


def share_unchanged(build: Path, previous: Path | None) -> int:
    """Hard-link every file of ``build`` that is byte for byte the same file in the
    ``previous`` build, so that a history of 30 reports costs little more than one (a
    report's files are written once and never changed). Returns how many were shared;
    where links cannot be made (another file system), the copies simply stay."""
    if previous is None or not previous.is_dir():
        return 0
    shared = 0
    for path in build.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        old = previous / path.relative_to(build)
        try:
            if (old.is_symlink() or not old.is_file() or old.stat().st_size != path.stat().st_size
                    or old.read_bytes() != path.read_bytes()):
                continue
            tmp = path.with_name(f".{path.name}.link")
            os.link(old, tmp)
            os.replace(tmp, path)
            shared += 1
        except OSError:
            continue
    return shared


def discard(build: Path) -> None:
    """Remove a build that will not be published (hidden all along)."""
    shutil.rmtree(build, ignore_errors=True)


def link_into(build: Path, links: Mapping[str, str]) -> None:
    """Symlinks inside a build to what lies outside it (``name -> relative target``)."""
    for name, target in links.items():
        with writing(build / name):
            os.symlink(target, build / name)


def _symlink(out: Path, name: str, target: str) -> None:
    """Make ``out/name`` a symlink to ``target``, replacing what is there atomically."""
    path = out / name
    if path.is_symlink() and os.readlink(path) == target:
        return
    tmp = out / f".{name}.{os.getpid()}.tmp"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(target, tmp)
    if path.is_dir() and not path.is_symlink():  # a real folder from an older layout
        shutil.rmtree(path)
    os.replace(tmp, path)


def publish(out: Path, build: Path) -> None:
    """Make ``build`` the current report in one atomic rename. The fixed entry points are
    made first where missing (pointing into ``current``), so the rename is the last step."""
    for name in ENTRY_POINTS:
        with writing(out / name):
            _symlink(out, name, f"{CURRENT}/{name}")
    with writing(out / CURRENT):
        _symlink(out, CURRENT, os.path.relpath(build, out))  # the commit point
