"""What a report records about itself (``manifest.json``): runs, versions, digests.

The fact base's version is the sha256 over its YAML files, so any edit changes it; the
revision named by ``seeds/CHANGES.md``'s newest heading says which re-read it is.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

from .. import paths

__all__ = ["fact_base_revision", "fact_base_summary", "previous_durations", "seed_digests",
           "versions"]

PACKAGES = ("dprk-troops", "pandas", "numpy", "altair", "vl-convert-python", "papermill",
            "nbclient", "nbconvert", "ipykernel", "ipywidgets", "pydantic")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def seed_digests(seeds_dir: Path) -> dict[str, Any]:
    """sha256 of each fact-base file, of the fact base as a whole (its version), and of
    the original seed articles when they are beside the repo."""
    out: dict[str, Any] = {f.name: _digest(f) for f in sorted(seeds_dir.glob("*.yaml"))}
    out["fact_base"] = hashlib.sha256("".join(out.values()).encode()).hexdigest()
    out["texts"] = {f.name: _digest(f) for f in sorted(paths.TEXTS_DIR.glob("*.txt"))}
    return out


def fact_base_revision(seeds_dir: Path) -> str | None:
    """The newest revision in ``CHANGES.md`` ('## 2 (2026-12-03): ...' gives '2'), if any."""
    try:
        text = (seeds_dir / "CHANGES.md").read_text(encoding="utf-8")
    except OSError:
        return None
    match = re.search(r"^## (\S+)", text, flags=re.MULTILINE)
    return match.group(1) if match else None


def fact_base_summary(seeds_dir: Path) -> dict[str, Any]:
    """The fact base as a reader names it: how many facts from how many articles, and the
    newest revision of ``CHANGES.md`` with the day it was made ('## 2 (2026-12-03): ...'
    gives revision '2', revised '2026-12-03'; a span '(2024-11 to 2026-11)' its end)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    counts = {}
    for key, name in (("facts", "facts.yaml"), ("articles", "sources.yaml")):
        try:
            rows = yaml.load((seeds_dir / name).read_text(encoding="utf-8"), Loader=loader)
        except (OSError, yaml.YAMLError):
            rows = None
        counts[key] = len(rows) if isinstance(rows, list) else None
    revised = None
    try:
        text = (seeds_dir / "CHANGES.md").read_text(encoding="utf-8")
        match = re.search(r"^## \S+ \(([^)]*)\)", text, flags=re.MULTILINE)
        if match:
            found = re.findall(r"\d{4}-\d{2}-\d{2}", match.group(1))
            revised = found[-1] if found else None
    except OSError:
        pass
    return {**counts, "revision": fact_base_revision(seeds_dir), "revised": revised}


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": sys.version.split()[0]}
    for name in PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def previous_durations(out: Path) -> dict[tuple[str, str], float]:
    """Each (notebook, scenario)'s duration in the last report in ``out``, if any.

    Only a hint for scheduling: a missing or unreadable manifest gives an empty mapping.
    """
    try:
        runs = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["runs"]
        return {(r["notebook"], r["scenario"]): float(r["duration_s"]) for r in runs
                if r.get("status") == "ok"}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
