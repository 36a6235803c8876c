"""course/workspace.py: what a (re)build may write into a course folder, and `make clean`.

No nbgrader here: files on disk only (test_course_grading.py rebuilds a graded course).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from course import workspace

OPTIONS = {"articles": True, "variants": True}
IDS = ("a1",)


def _built(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A course folder as a build left it: config, a source and a release, the manifest."""
    course = tmp_path / "nl"
    planned = {"nbgrader_config.py": b"c = 1\n", "source/a1/a1.ipynb": b"{source}",
               "source/a1/articles/x.txt": b"text"}
    workspace.write_files(course, planned)
    (course / "release" / "a1").mkdir(parents=True)
    (course / "release" / "a1" / "a1.ipynb").write_bytes(b"{release}")
    workspace.write_manifest(course, planned, IDS, OPTIONS)
    return course, planned


def _hand_in(course: Path) -> None:
    (course / "submitted" / "ann" / "a1").mkdir(parents=True)
    (course / "submitted" / "ann" / "a1" / "a1.ipynb").write_bytes(b"{ann}")


def test_a_rebuild_of_what_the_build_wrote_is_allowed(tmp_path: Path) -> None:
    course, planned = _built(tmp_path)
    _hand_in(course)
    new = {**planned, "source/a1/a1.ipynb": b"{fixed question}"}
    workspace.check_writable(course, new, IDS, OPTIONS)
    workspace.write_files(course, new)
    assert (course / "source/a1/a1.ipynb").read_bytes() == b"{fixed question}"
    assert (course / "submitted/ann/a1/a1.ipynb").read_bytes() == b"{ann}"


@pytest.mark.parametrize("changed", ["nbgrader_config.py", "source/a1/a1.ipynb",
                                     "release/a1/a1.ipynb", "release/a1/extra.csv"])
def test_a_file_changed_by_hand_is_not_overwritten(tmp_path: Path, changed: str) -> None:
    course, planned = _built(tmp_path)
    (course / changed).write_bytes(b"the teacher's own")
    with pytest.raises(workspace.BuildRefused, match=rf"{changed}: changed since the last "
                                                     "build, not by it; nothing was written"):
        workspace.check_writable(course, planned, IDS, OPTIONS)


def test_a_file_the_build_no_longer_writes_is_deleted_unless_changed(tmp_path: Path) -> None:
    course, planned = _built(tmp_path)
    without = {k: v for k, v in planned.items() if "articles" not in k}
    workspace.check_writable(course, without, IDS, OPTIONS)
    workspace.write_files(course, without)
    assert not (course / "source/a1/articles/x.txt").exists()
    course, planned = _built(tmp_path / "again")
    (course / "source/a1/articles/x.txt").write_bytes(b"edited")
    with pytest.raises(workspace.BuildRefused, match="x.txt: changed"):
        workspace.check_writable(course, without, IDS, OPTIONS)


def test_other_options_over_students_work_are_refused(tmp_path: Path) -> None:
    course, planned = _built(tmp_path)
    workspace.check_writable(course, planned, IDS, {"articles": True, "variants": False})
    _hand_in(course)
    with pytest.raises(workspace.BuildRefused, match="holds students' work, built with"):
        workspace.check_writable(course, planned, IDS, {"articles": True, "variants": False})


def test_a_folder_built_before_manifests_is_kept_when_it_holds_students_work(
        tmp_path: Path) -> None:
    course = tmp_path / "nl"
    (course / "source" / "a1").mkdir(parents=True)
    (course / "source" / "a1" / "a1.ipynb").write_bytes(b"{old}")
    planned = {"source/a1/a1.ipynb": b"{new}"}
    workspace.check_writable(course, planned, IDS, OPTIONS)  # nothing to lose: fine
    _hand_in(course)
    with pytest.raises(workspace.BuildRefused, match="a1.ipynb: changed since"):
        workspace.check_writable(course, planned, IDS, OPTIONS)


def test_make_clean_keeps_a_course_with_students_work_unless_forced(tmp_path: Path) -> None:
    build_dir = tmp_path / "build"
    _built(build_dir)
    assert workspace.clean(build_dir) == f"{build_dir}: deleted"
    course, _ = _built(build_dir)
    _hand_in(course)
    kept = workspace.clean(build_dir)
    assert "kept, it holds students' work (nl/submitted)" in kept and "FORCE=1" in kept
    assert (course / "submitted/ann/a1/a1.ipynb").exists()
    assert workspace.main(["clean", str(build_dir), "--force"]) == 0
    assert not build_dir.exists()
    assert workspace.clean(build_dir) == f"{build_dir}: nothing to clean"
