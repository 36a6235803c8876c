"""A course folder on disk: what the build may write there, and what it must never touch.

The build writes ``nbgrader_config.py`` and ``source/``, and nbgrader's generate_assignment
writes ``release/`` and updates ``gradebook.db`` in place. Nothing else is touched:
``submitted/``, ``autograded/``, ``feedback/``, the grades in the gradebook, the teacher's
``teacher_config.py`` and backups stay as they are.

``.build-manifest.json`` records the sha256 of every file the last build wrote, and the
options it was built with. A file that differs from its record was changed by someone else
(a teacher fixing a question by hand, say): the build refuses, in one line, to overwrite it,
before it writes anything, unless forced. A folder with no manifest (built before there was
one) is overwritten only when it holds no students' work.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from dprk_troops.classroom.archive import student_work

__all__ = ["MANIFEST", "BuildRefused", "check_writable", "read_manifest", "release_files",
           "write_files", "write_manifest"]

MANIFEST = ".build-manifest.json"


class BuildRefused(Exception):
    """Raised when a build would overwrite or delete what someone else made; one line."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(course_dir: Path) -> dict:
    """{"files": {relative path: sha256}, "options": {...}}; empty for a folder never built."""
    path = course_dir / MANIFEST
    if not path.is_file():
        return {"files": {}, "options": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def release_files(course_dir: Path, assignment_ids: Iterable[str]) -> list[str]:
    """Every file under release/<id>/ (nbgrader's generate_assignment replaces those folders)."""
    out = []
    for assignment_id in assignment_ids:
        folder = course_dir / "release" / assignment_id
        out += [p.relative_to(course_dir).as_posix() for p in sorted(folder.rglob("*"))
                if p.is_file()]
    return out


def check_writable(course_dir: Path, planned: Mapping[str, bytes],
                   assignment_ids: Iterable[str], options: Mapping[str, object]) -> None:
    """Raise BuildRefused when writing ``planned`` (and regenerating release/) would lose a
    change someone made, or would change a graded course's options."""
    manifest = read_manifest(course_dir)
    recorded: dict[str, str] = manifest["files"]
    if not (course_dir / MANIFEST).is_file() and not student_work(course_dir):
        return  # never built with a manifest, and nothing of students' to lose
    stale = [rel for rel in recorded if rel not in planned and not rel.startswith("release/")]
    at_risk = [*planned, *stale, *release_files(course_dir, assignment_ids)]
    changed = []
    for rel in dict.fromkeys(at_risk):
        path = course_dir / rel
        if not path.is_file():
            continue
        current = sha256(path.read_bytes())
        if current != recorded.get(rel) and (rel not in planned
                                             or current != sha256(planned[rel])):
            changed.append(rel)
    if changed:
        more = f" (and {len(changed) - 1} more)" if len(changed) > 1 else ""
        raise BuildRefused(f"{course_dir / changed[0]}{more}: changed since the last build, "
                           "not by it; nothing was written: move it away, or rebuild with "
                           "--force to overwrite it")
    old = manifest["options"]
    if old and dict(old) != dict(options) and student_work(course_dir):
        raise BuildRefused(f"{course_dir}: holds students' work, built with {old}; building "
                           f"with {dict(options)} would change what they were graded on; "
                           "nothing was written: rebuild with --force if you mean it")


def write_files(course_dir: Path, planned: Mapping[str, bytes]) -> None:
    """Write ``planned``; delete what the last build wrote under source/ and no longer
    writes (a file changed since is kept: ``check_writable`` refused it before)."""
    recorded = read_manifest(course_dir)["files"]
    for rel, data in planned.items():
        path = course_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
    for rel, digest in recorded.items():
        path = course_dir / rel
        if (rel not in planned and rel.startswith("source/") and path.is_file()
                and sha256(path.read_bytes()) == digest):
            path.unlink()


def write_manifest(course_dir: Path, planned: Mapping[str, bytes],
                   assignment_ids: Iterable[str], options: Mapping[str, object]) -> None:
    files = {rel: sha256(data) for rel, data in planned.items()}
    for rel in release_files(course_dir, assignment_ids):
        files[rel] = sha256((course_dir / rel).read_bytes())
    (course_dir / MANIFEST).write_text(
        json.dumps({"files": files, "options": dict(options)}, indent=1, sort_keys=True) + "\n",
        encoding="utf-8")


def clean(build_dir: Path, force: bool = False) -> str:
    """Delete ``build_dir`` (course/build/) unless a course folder in it holds students' work;
    ``force`` deletes it anyway. Returns what was done, one line."""
    import shutil

    if not build_dir.exists():
        return f"{build_dir}: nothing to clean"
    holding = [f"{course.name}/{name}" for course in sorted(build_dir.iterdir())
               if course.is_dir() for name in student_work(course)]
    if holding and not force:
        return (f"{build_dir}: kept, it holds students' work ({', '.join(holding)}): back it up "
                "(dprk-troops course backup) and run `make clean FORCE=1` to delete it")
    shutil.rmtree(build_dir)
    return f"{build_dir}: deleted"


def main(argv: list[str] | None = None) -> int:
    """``python -m course.workspace clean DIR [--force]``: what `make clean` runs (it needs
    only the standard library and lib/ on PYTHONPATH, so it works after .venv is gone)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m course.workspace")
    parser.add_argument("action", choices=["clean"])
    parser.add_argument("build_dir", type=Path)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    print(clean(args.build_dir, args.force))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
