"""Where a report is published: the briefing at the top, every other report beside it.

The rule (README, *Reports*):

- **The briefing** is a report of everything the reports file asks for: every scenario
  and every notebook, no ``--scenario``, ``--notebook``, ``-p`` or ``--sweep``. It is
  published in the output folder itself (``reports/index.html``), and only a briefing ever
  is.
- **Any other report** (a sweep, one scenario, one notebook, a changed parameter) is
  published in a folder of its own under the output folder, named after what it asks for:
  ``reports/sweeps/<sweep>/`` for sweeps alone, ``reports/adhoc/<name>/`` for the rest,
  e.g. ``adhoc/base--months=24``. Each has its own ``current``, index, history and feed; the
  same command publishes into the same folder again, and its "Since the last report"
  compares with its own last report. ``other-reports.html`` in the output folder, linked
  from the briefing's index, lists the latest of each, and is rewritten (atomically)
  whenever one is published.
- **--out DIR** publishes into DIR itself, whatever the report: the user named the folder.
  A report that is not a briefing is refused (before anything starts) when DIR holds a
  briefing, so that not even ``--out reports`` replaces it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from .html import templates, when
from .scenarios import Selection

__all__ = ["ADHOC", "KINDS", "LISTING", "SWEEPS", "Destination", "build_links", "destination",
           "folder_name", "other_reports", "write_listing"]

SWEEPS, ADHOC = "sweeps", "adhoc"
KINDS = ("briefing", "sweep", "adhoc")
#: The page in the output folder that lists the reports beside the briefing.
LISTING = "other-reports.html"
_UNSAFE = re.compile(r"[^A-Za-z0-9._=,+-]+")
MAX_NAME = 80


@dataclass(frozen=True)
class Destination:
    """Where one report goes: ``path`` (its folder), its ``kind``, and ``root``, the output
    folder whose ``other-reports.html`` lists it (None: ``--out`` named the folder)."""

    path: Path
    kind: str
    root: Path | None = None


def _value(value: Any) -> str:
    if isinstance(value, str | int | float | bool):
        return str(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _safe(name: str) -> str:
    name = _UNSAFE.sub("_", name).strip("._-") or "report"
    if len(name) > MAX_NAME:
        name = name[:MAX_NAME - 9] + "-" + hashlib.sha256(name.encode()).hexdigest()[:8]
    return name


def folder_name(selection: Selection) -> str:
    """A partial report's folder name, from what it asks for: 'base--months=24',
    '01+02', 'size-and-length' (sweeps under ``sweeps/``)."""
    from ..workbook import notebook_stem

    parts = []
    if selection.scenarios:
        parts.append("+".join(selection.scenarios))
    if selection.notebooks and _kind(selection) != "sweep":  # a sweep names its notebooks
        parts.append("+".join(notebook_stem(n).split("_", 1)[0] for n in selection.notebooks))
    sweeps = [*selection.named_sweeps, *([selection.sweep.name] if selection.sweep else [])]
    if sweeps:
        parts.append("+".join(sweeps))
    if selection.overrides:
        parts.append(",".join(f"{k}={_value(v)}" for k, v in selection.overrides.items()))
    return _safe("--".join(parts))


def _kind(selection: Selection) -> str:
    if selection.is_briefing:
        return "briefing"
    sweeps_only = (selection.named_sweeps or selection.sweep) and not selection.scenarios
    return "sweep" if sweeps_only else "adhoc"


def _current_kind(folder: Path) -> str | None:
    """The kind of the report a folder holds now (None: none, or one made before kinds)."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest.get("kind") if isinstance(manifest, dict) else None


def destination(selection: Selection, out: Path, named: bool) -> Destination:
    """Where a report of ``selection`` goes, given the output folder ``out`` and whether
    the user named it (``--out``). InputError when a named folder holds a briefing that a
    partial report would replace."""
    kind = _kind(selection)
    if kind == "briefing":
        return Destination(out, kind, out)
    if named:
        if _current_kind(out) == "briefing":
            raise InputError(
                f"--out {out}: holds the scheduled briefing, which a partial report would "
                f"replace; leave out --out to publish into {out / ADHOC}/... (or "
                f"{out / SWEEPS}/... for a sweep), or name another folder")
        return Destination(out, kind, None)
    group = SWEEPS if kind == "sweep" else ADHOC
    return Destination(out / group / folder_name(selection), kind, out)


def _latest(folder: Path, link: str) -> dict[str, Any] | None:
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        runs = manifest["runs"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    ok = sum(r.get("status") == "ok" for r in runs)
    return {"title": folder.name, "link": link, "when": when(manifest.get("finished")),
            "outcome": (f"{ok} of {len(runs)} succeeded" if ok < len(runs)
                        else f"all {len(runs)} succeeded"),
            "summary": (manifest.get("changes") or {}).get("summary", "")}


def other_reports(root: Path) -> list[dict[str, Any]]:
    """The sweeps and one-off reports in an output folder, each its latest report."""
    groups = []
    for group, title in ((SWEEPS, "Sweeps"), (ADHOC, "One-off reports")):
        reports = []
        for folder in sorted((root / group).glob("*")):
            latest = _latest(folder, f"{group}/{folder.name}/index.html")
            if latest is not None:
                reports.append(latest)
        groups.append({"title": title, "reports": reports})
    return groups


def write_listing(root: Path) -> None:
    """Rewrite ``root/other-reports.html`` in one atomic step (a hidden file renamed into
    place): a reader sees the old page or the new one, never half of one."""
    text = templates().get_template("other_reports.html.j2").render(
        groups=other_reports(root))
    tmp = root / f".{LISTING}.{os.getpid()}.tmp"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, root / LISTING)


def build_links(kind: str) -> Mapping[str, str]:
    """The links a build holds to what lies outside it (``name -> target``, relative to
    the build in ``.builds/<id>/``): its sibling builds for the history, and for a
    briefing the other reports' page and folders. So every page's links work from
    ``reports/``, ``reports/current/`` and inside an old build alike."""
    from .history import BUILDS_LINK

    links = {BUILDS_LINK: ".."}
    if kind == "briefing":
        links.update({LISTING: f"../../{LISTING}", SWEEPS: f"../../{SWEEPS}",
                      ADHOC: f"../../{ADHOC}"})
    return links
