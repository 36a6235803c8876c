"""Scenario sweeps: a grid over parameters, or N Latin-hypercube samples within ranges.

A sweep expands to named runs, checked like any scenario's before a kernel starts
(``scenarios.plan``). In ``reports.yaml``::

    sweeps:
      troops-months:
        description: Revenue as the deployment's size and length vary.
        notebooks: [01_cost_vs_revenue]
        parameters: {troop_schedule: constant}      # held fixed in every run
        grid: {troops: [1500, 5000, 10000, 13000], months: [6, 12, 24]}
      revenue-lhs:
        notebooks: [01]
        samples: 50                                 # Latin hypercube, within ranges
        seed: 1
        ranges: {troops: [1500, 13000], regime_share: [0.3, 1.0]}

On the command line, ``--sweep troops=1500,5000 --sweep months=6,12`` is a grid;
``--sweep troops=1500..13000 --samples 20`` draws samples; ``--sweep NAME`` runs a sweep of
``reports.yaml``. Runs are named ``<sweep>--troops=1500,months=6`` (a grid) or
``<sweep>--007`` (a sample): names safe as folder names.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import DprkTroopsError, ParameterError
from ..workbook import NOTEBOOK_PARAMS, Param, notebook_stem

__all__ = ["MAX_RUNS", "Sweep", "cli_sweep", "expand", "latin_hypercube", "parse_sweep",
           "point_name", "sensitivity", "sweep_from_yaml"]

#: The most runs one sweep may expand to (a typo in --samples should not start a week).
MAX_RUNS = 10_000
SEP = "--"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class Sweep:
    """A sweep: notebooks, fixed parameters, and a grid or sampled ranges."""

    name: str
    notebooks: tuple[str, ...]
    description: str = ""
    fixed: Mapping[str, Any] = field(default_factory=dict)
    grid: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    ranges: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    samples: int = 0
    seed: int = 0

    @property
    def swept(self) -> tuple[str, ...]:
        return tuple(self.grid) + tuple(self.ranges)

    @property
    def kind(self) -> str:
        return "grid" if self.grid else "latin hypercube"


def _param(name: str, notebooks: Sequence[str]) -> Param | None:
    for nb in notebooks:
        for p in NOTEBOOK_PARAMS[nb]:
            if p.name == name:
                return p
    return None


def latin_hypercube(n: int, d: int, seed: int) -> list[list[float]]:
    """n points in [0, 1)^d, one in each of n equal strata of every dimension (numpy's
    generator with a fixed seed: the same arguments give the same points)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    points = (rng.permuted(np.tile(np.arange(n), (d, 1)), axis=1).T
              + rng.random((n, d))) / n
    return points.tolist()


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def point_name(sweep: str, point: Mapping[str, Any], index: int | None = None) -> str:
    """A run's scenario name: ``sweep--troops=1500,months=6``, or ``sweep--007``."""
    if index is not None:
        return f"{sweep}{SEP}{index:03d}"
    return sweep + SEP + ",".join(f"{k}={_fmt(v)}" for k, v in point.items())


def expand(sweep: Sweep) -> list[tuple[str, dict[str, Any]]]:
    """(scenario name, swept values) of every run of a sweep, in a fixed order."""
    if sweep.grid:
        names = list(sweep.grid)
        return [(point_name(sweep.name, dict(zip(names, values, strict=True))),
                 dict(zip(names, values, strict=True)))
                for values in itertools.product(*sweep.grid.values())]
    names = list(sweep.ranges)
    width = len(str(sweep.samples - 1))
    out = []
    for i, unit in enumerate(latin_hypercube(sweep.samples, len(names), sweep.seed)):
        point = {}
        for name, u in zip(names, unit, strict=True):
            low, high = sweep.ranges[name]
            value = low + u * (high - low)
            p = _param(name, sweep.notebooks)
            point[name] = round(value) if p is not None and p.type == "int" else \
                float(f"{value:.6g}")
        out.append((f"{sweep.name}{SEP}{i:0{max(3, width)}d}", point))
    return out


def _check_shape(sweep: Sweep) -> list[str]:
    """Problems with a sweep's definition (not yet with its values: plan checks those)."""
    where = f"sweep {sweep.name}"
    problems = []
    if not _NAME.match(sweep.name) or SEP in sweep.name:
        problems.append(f"{where}: a sweep's name uses letters, digits, '_', '.' and single "
                        "'-' only")
    if bool(sweep.grid) == bool(sweep.ranges):
        problems.append(f"{where}: give either a grid of values or ranges with samples")
    if sweep.ranges and not 1 <= sweep.samples <= MAX_RUNS:
        problems.append(f"{where}: samples: expected a whole number from 1 to {MAX_RUNS}, "
                        f"got {sweep.samples}")
    if not sweep.notebooks:
        problems.append(f"{where}: no notebook has all of its parameters "
                        f"({', '.join(sweep.swept)})")
    for nb in sweep.notebooks:
        have = {p.name for p in NOTEBOOK_PARAMS[nb]}
        for name in sweep.swept:
            if name not in have:
                problems.append(f"{where}: notebook {nb} has no parameter {name!r}")
    for name, values in sweep.grid.items():
        if not values:
            problems.append(f"{where}: {name}: no values")
    for name, (low, high) in sweep.ranges.items():
        p = _param(name, sweep.notebooks)
        if p is not None and p.type not in ("int", "float"):
            problems.append(f"{where}: {name}: only numbers can be sampled within a range")
        elif not low < high:
            problems.append(f"{where}: {name}: range {low}..{high}: expected low < high")
    runs = math.prod(len(v) for v in sweep.grid.values()) if sweep.grid else sweep.samples
    if runs > MAX_RUNS:
        problems.append(f"{where}: {runs} runs; at most {MAX_RUNS}")
    return problems


def _checked(sweep: Sweep) -> Sweep:
    problems = _check_shape(sweep)
    if problems:
        raise DprkTroopsError(problems)
    return sweep


def _stems(names: Sequence[Any], where: str) -> tuple[str, ...]:
    out = []
    for name in names:
        try:
            out.append(notebook_stem(str(name)))
        except ParameterError as exc:
            raise DprkTroopsError(f"{where}: {exc}") from None
    return tuple(dict.fromkeys(out))


def _range(raw: Any, where: str) -> tuple[float, float]:
    if (isinstance(raw, list | tuple) and len(raw) == 2
            and all(isinstance(x, int | float) and not isinstance(x, bool) for x in raw)):
        return float(raw[0]), float(raw[1])
    raise DprkTroopsError(f"{where}: expected [low, high], two numbers, got {raw!r}")


def _notebooks_having(names: Sequence[str], among: Sequence[str]) -> tuple[str, ...]:
    return tuple(nb for nb in among
                 if set(names) <= {p.name for p in NOTEBOOK_PARAMS[nb]})


def sweep_from_yaml(name: str, entry: Any, where: str) -> Sweep:
    """A sweep of ``reports.yaml``; DprkTroopsError names the file and the sweep."""
    at = f"{where}: sweep {name}"
    from ..explore.declared import check_fields

    known = {"description", "notebooks", "parameters", "grid", "ranges", "samples", "seed"}
    check_fields(at, entry, known, "a grid or ranges")
    grid = entry.get("grid") or {}
    ranges = entry.get("ranges") or {}
    if not isinstance(grid, dict) or not isinstance(ranges, dict):
        raise DprkTroopsError(f"{at}: grid and ranges map parameter names to values")
    for k, v in grid.items():
        if not isinstance(v, list):
            raise DprkTroopsError(f"{at}: grid: {k}: expected a list of values")
    swept = [*grid, *ranges]
    notebooks = (_stems(entry["notebooks"], at) if entry.get("notebooks")
                 else _notebooks_having(swept, list(NOTEBOOK_PARAMS)))
    samples = entry.get("samples", 0)
    if not isinstance(samples, int) or isinstance(samples, bool):
        raise DprkTroopsError(f"{at}: samples: expected a whole number, got {samples!r}")
    return _checked(Sweep(
        name=str(name), notebooks=notebooks, description=str(entry.get("description", "")),
        fixed=dict(entry.get("parameters") or {}),
        grid={k: tuple(v) for k, v in grid.items()},
        ranges={k: _range(v, f"{at}: ranges: {k}") for k, v in ranges.items()},
        samples=samples, seed=int(entry.get("seed", 0))))


def parse_sweep(pair: str) -> tuple[str, tuple[Any, ...] | tuple[float, float], bool]:
    """``--sweep NAME=V1,V2,...`` (a grid: each value read as YAML) or ``NAME=LOW..HIGH``
    (a range); returns (name, values or (low, high), is_range)."""
    import yaml

    name, sep, raw = pair.partition("=")
    name = name.strip()
    if not sep or not name or not raw.strip():
        raise DprkTroopsError(f"--sweep {pair}: expected NAME=V1,V2,... or NAME=LOW..HIGH")
    if ".." in raw:
        low, _, high = raw.partition("..")
        try:
            bounds = (float(low), float(high))
        except ValueError:
            raise DprkTroopsError(f"--sweep {pair}: LOW..HIGH must be two numbers") from None
        return name, bounds, True
    try:
        values = tuple(yaml.safe_load(v) for v in raw.split(","))
    except yaml.YAMLError:
        raise DprkTroopsError(f"--sweep {pair}: a value is not valid YAML") from None
    if any(v is None for v in values):
        raise DprkTroopsError(f"--sweep {pair}: an empty value")
    return name, values, False


def cli_sweep(pairs: Sequence[str], notebooks: Sequence[str], samples: int | None,
              seed: int = 0, name: str = "sweep") -> Sweep:
    """The sweep the command line describes (``--sweep``, ``--samples``, ``--notebook``)."""
    grid: dict[str, tuple[Any, ...]] = {}
    ranges: dict[str, tuple[float, float]] = {}
    for pair in pairs:
        key, values, is_range = parse_sweep(pair)
        if key in grid or key in ranges:
            raise DprkTroopsError(f"--sweep {key}: given twice")
        if is_range:
            ranges[key] = values  # type: ignore[assignment]
        else:
            grid[key] = values
    if ranges and grid:
        raise DprkTroopsError("--sweep: give every parameter as values (a grid) or every one "
                              "as LOW..HIGH (sampled with --samples), not both")
    if ranges and samples is None:
        raise DprkTroopsError("--sweep NAME=LOW..HIGH: say how many runs with --samples N")
    if grid and samples is not None:
        raise DprkTroopsError("--samples: only for ranges (--sweep NAME=LOW..HIGH)")
    stems = (_stems(notebooks, "--notebook") if notebooks
             else _notebooks_having([*grid, *ranges], list(NOTEBOOK_PARAMS)))
    return _checked(Sweep(name=name, notebooks=stems, grid=grid, ranges=ranges,
                          samples=samples or 0, seed=seed))


def sensitivity(points: Sequence[Mapping[str, Any]], values: Sequence[float],
                names: Sequence[str]) -> list[dict[str, Any]]:
    """How far a result moves with each swept parameter (what a tornado chart shows).

    For each parameter, the runs are split at its median into a low and a high half (a
    grid's middle level goes to neither); the result's mean over each half is reported,
    and ``swing`` = |high mean - low mean|. Sorted by swing, largest first."""
    import statistics

    out = []
    for name in names:
        xs = [float(p[name]) for p in points]
        mid = statistics.median(xs)
        low = [v for x, v in zip(xs, values, strict=True) if x < mid]
        high = [v for x, v in zip(xs, values, strict=True) if x > mid]
        if not low or not high:
            continue
        lo, hi = statistics.fmean(low), statistics.fmean(high)
        out.append({"parameter": name, "low_mean": lo, "high_mean": hi,
                    "swing": abs(hi - lo)})
    return sorted(out, key=lambda row: -row["swing"])
