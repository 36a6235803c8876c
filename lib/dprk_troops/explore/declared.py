"""Explorations declared in ``reports.yaml`` (its ``explorations:`` section), and what the
report makes of them: each is run into the report's build (``explorations/<name>/``) and
shows on the index as a link and its sentences. In ``reports.yaml``::

    explorations:
      revenue-drivers:
        description: What drives the revenue and the losses?
        notebook: 01_cost_vs_revenue
        method: sobol          # or morris, lhs
        samples: 1024          # SALib's N (2N are evaluated)
        seed: 0
        parameters: {}         # held at values other than the defaults
        ranges: {troops: [1500, 13000], months: [6, 24], regime_share: [0.5, 1.0]}

``dprk-troops explore revenue-drivers`` runs one alone. In a report an exploration is
kept in the run cache under a key of everything it depends on (its declaration, the
library, the fact base and the package versions), so an unchanged one is not run again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DprkTroopsError

__all__ = ["Declared", "check_fields", "load_explorations", "report_explorations"]

FIELDS = {"description", "notebook", "method", "samples", "seed", "parameters", "ranges"}
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class Declared:
    """One exploration of ``reports.yaml``."""

    name: str
    notebook: str
    ranges: tuple[tuple[str, float, float], ...]
    method: str = "sobol"
    samples: int = 1024
    seed: int = 0
    parameters: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""

    def arguments(self) -> dict[str, Any]:
        """As the command line's arguments (``explore.cli``)."""
        return {"notebook": self.notebook, "ranges": list(self.ranges),
                "method": self.method, "samples": self.samples, "seed": self.seed,
                "fixed": dict(self.parameters)}

    def check(self) -> None:
        """Every range, the samples and the parameters, checked without the fact base."""
        from ..workbook import MODULES, notebook_stem
        from .ranges import factors
        from .sampling import check_samples

        module = MODULES[notebook_stem(self.notebook)]
        found = factors(module.DEFINITION, self.ranges, getattr(module, "BATCH_KEYS", {}),
                        self.parameters)
        check_samples(self.method, self.samples, len(found))
        module.DEFINITION.check(self.parameters, complete=False)


def check_fields(at: str, entry: Any, known: set[str] | frozenset[str], what: str) -> None:
    """An entry of ``reports.yaml`` is a mapping of known fields (``what`` says which it
    needs); one line naming the entry otherwise. Shared with the sweeps' entries."""
    if not isinstance(entry, dict):
        raise DprkTroopsError(f"{at}: expected a mapping with {what}")
    unknown = sorted(set(entry) - set(known))
    if unknown:
        raise DprkTroopsError(f"{at}: unknown field {unknown[0]!r} (expected: "
                              f"{', '.join(sorted(known))})")


def _entry(name: str, entry: Any, where: str) -> Declared:
    at = f"{where}: exploration {name}"
    if not _NAME.match(name):
        raise DprkTroopsError(f"{at}: a name uses letters, digits, '_', '.' and '-' only")
    check_fields(at, entry, FIELDS, "notebook and ranges")
    ranges = entry.get("ranges")
    if not isinstance(ranges, dict) or not all(
            isinstance(v, list) and len(v) == 2 and all(
                isinstance(x, int | float) and not isinstance(x, bool) for x in v)
            for v in ranges.values()):
        raise DprkTroopsError(f"{at}: ranges: expected a mapping of parameter to [low, high]")
    for key, kind in (("samples", int), ("seed", int), ("notebook", str | int),
                      ("method", str), ("parameters", dict), ("description", str)):
        value = entry.get(key)
        if key in entry and (isinstance(value, bool) or not isinstance(value, kind)):
            raise DprkTroopsError(f"{at}: {key}: not a valid value: {entry[key]!r}")
    if "notebook" not in entry:
        raise DprkTroopsError(f"{at}: notebook: missing")
    notebook = entry["notebook"]
    spec = Declared(
        name, f"{notebook:02d}" if isinstance(notebook, int) else notebook,
        tuple((k, float(v[0]), float(v[1])) for k, v in ranges.items()),
        entry.get("method", "sobol"), entry.get("samples", 1024), entry.get("seed", 0),
        entry.get("parameters") or {}, str(entry.get("description", "")).strip())
    try:
        spec.check()
    except DprkTroopsError as exc:
        raise DprkTroopsError([f"{at}: {line}" for line in exc.problems]) from None
    return spec


def load_explorations(path: Path) -> dict[str, Declared]:
    """The explorations of a reports file (its optional ``explorations:`` section), each
    checked; DprkTroopsError names the file and the exploration."""
    import yaml

    from .. import paths

    where = paths.display_path(path)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}  # the report's own reading says what is wrong with the file
    entries = data.get("explorations") or {} if isinstance(data, dict) else {}
    if not isinstance(entries, dict):
        raise DprkTroopsError(f"{where}: explorations: expected a mapping of names")
    return {str(name): _entry(str(name), entry, where) for name, entry in entries.items()}


def report_explorations(path: Path, notebooks: Sequence[str]) -> list[Declared]:
    """The declared explorations a report of ``notebooks`` (stems) shows."""
    from ..workbook import notebook_stem

    return [d for d in load_explorations(path).values()
            if notebook_stem(d.notebook) in notebooks]
