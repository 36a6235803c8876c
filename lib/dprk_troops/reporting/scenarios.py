"""The report scenarios (``reports.yaml``) and the runs they make, checked before any kernel.

A run is one notebook executed with one scenario's parameters. ``ReportsFile.read`` reads
the file once; its ``plan`` turns a ``Selection`` (the command line's scenarios, notebooks,
sweeps and ``-p NAME=VALUE`` overrides; none at all is the briefing) into a ``Plan``: the
runs, and each run's scenario in words. Every parameter of
every run is validated here (``params.check_params``), so bad input stops the command with
one clear line per problem before a kernel starts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import paths
from ..errors import DprkTroopsError, ParameterError
from ..workbook import NOTEBOOK_PARAMS, check_params, notebook_stem, parse_overrides
from .sweeps import Sweep, expand, sweep_from_yaml

__all__ = ["REPORTS_FILE", "Plan", "ReportsFile", "Run", "Scenario", "Selection",
           "load_scenarios", "load_sweeps", "parse_overrides", "plan"]

REPORTS_FILE = paths.PROJ_ROOT / "reports.yaml"


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    parameters: Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class Run:
    """One notebook for one scenario, with its full, validated parameters."""

    notebook: str  # stem, e.g. 01_cost_vs_revenue
    scenario: str
    parameters: Mapping[str, Any]  # as given to papermill (not normalised)
    #: For a run of a sweep: the sweep's name and its swept parameters' values.
    sweep: str | None = None
    swept: Mapping[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.notebook} x {self.scenario}"


def _read_yaml(path: Path) -> Any:
    """The parsed reports file; one-line errors name the file (and the line)."""
    import yaml

    where = paths.display_path(path)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DprkTroopsError(f"{where}: file not found") from None
    except OSError as exc:
        raise DprkTroopsError(f"{where}: cannot read it ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        raise DprkTroopsError(f"{where}: {line}broken YAML: {getattr(exc, 'problem', exc)}"
                              ) from None


def _notebooks_and_scenarios(data: Any, where: str
                             ) -> tuple[tuple[str, ...], dict[str, Scenario]]:
    if not isinstance(data, dict) or not isinstance(data.get("scenarios"), dict):
        raise DprkTroopsError(f"{where}: expected a mapping with 'notebooks' and 'scenarios'")
    problems: list[str] = []
    notebooks = []
    for name in data.get("notebooks") or list(NOTEBOOK_PARAMS):
        try:
            notebooks.append(notebook_stem(str(name)))
        except ParameterError as exc:
            problems.append(f"{where}: notebooks: {exc}")
    scenarios = {}
    for name, entry in data["scenarios"].items():
        if not isinstance(entry, dict):
            problems.append(f"{where}: scenario {name}: expected a mapping with 'description' "
                            "and 'parameters'")
            continue
        params = entry.get("parameters") or {}
        for nb in params:
            if nb not in NOTEBOOK_PARAMS:
                problems.append(f"{where}: scenario {name}: unknown notebook {nb!r}")
        scenarios[str(name)] = Scenario(str(name), str(entry.get("description", "")).strip(),
                                        params)
    if problems:
        raise DprkTroopsError(problems)
    return tuple(notebooks), scenarios


@dataclass(frozen=True)
class Selection:
    """What a command line asks for; nothing at all is the briefing (every scenario of
    the reports file, every notebook, no override, no sweep)."""

    scenarios: tuple[str, ...] = ()
    notebooks: tuple[str, ...] = ()
    overrides: Mapping[str, Any] = field(default_factory=dict)
    #: Sweeps of the reports file, by name, and the command line's own sweep.
    named_sweeps: tuple[str, ...] = ()
    sweep: Sweep | None = None

    @property
    def is_briefing(self) -> bool:
        return not (self.scenarios or self.notebooks or self.overrides or self.named_sweeps
                    or self.sweep is not None)


@dataclass(frozen=True)
class Plan:
    """The runs of one report, every parameter checked, and each run's scenario in words."""

    runs: tuple[Run, ...]
    notes: Mapping[str, str]
    selection: Selection = field(default_factory=Selection)

    @property
    def scenarios(self) -> dict[str, str]:
        """Each scenario of a run that is not part of a sweep, with its description."""
        return {r.scenario: self.notes.get(r.scenario, "") for r in self.runs
                if r.sweep is None}


@dataclass(frozen=True)
class ReportsFile:
    """``reports.yaml``, read once: its notebooks, scenarios and sweeps, and the plans they
    make (``plan``). Its sweeps are checked when one is asked for, so that a broken sweep
    does not stop the briefing."""

    path: Path
    notebooks: tuple[str, ...]
    scenarios: Mapping[str, Scenario]
    raw_sweeps: Any = None

    @classmethod
    def read(cls, path: Path = REPORTS_FILE) -> ReportsFile:
        data = _read_yaml(path)
        notebooks, scenarios = _notebooks_and_scenarios(data, paths.display_path(path))
        return cls(path, notebooks, scenarios, data.get("sweeps"))

    def sweeps(self) -> dict[str, Sweep]:
        """Every sweep of the file, checked; DprkTroopsError lists every problem."""
        where = paths.display_path(self.path)
        entries = self.raw_sweeps or {}
        if not isinstance(entries, dict):
            raise DprkTroopsError(f"{where}: sweeps: expected a mapping of sweep names")
        problems, out = [], {}
        for name, entry in entries.items():
            try:
                out[str(name)] = sweep_from_yaml(str(name), entry, where)
            except DprkTroopsError as exc:
                problems += exc.problems
        if problems:
            raise DprkTroopsError(problems)
        return out

    def sweep(self, name: str) -> Sweep:
        declared = self.sweeps()
        if name not in declared:
            raise DprkTroopsError(f"--sweep {name}: no such sweep in {self.path.name} "
                                  f"(it has: {', '.join(declared) or 'none'})")
        return declared[name]

    def plan(self, selection: Selection = Selection()) -> Plan:
        """The runs a selection makes, every parameter checked (DprkTroopsError lists the
        problems). A selection with sweeps and no scenario runs the sweeps alone."""
        sweeps = [*(self.sweep(n) for n in selection.named_sweeps),
                  *([selection.sweep] if selection.sweep is not None else [])]
        runs = _plan_runs(self, selection, sweeps)
        notes = {name: sc.description for name, sc in self.scenarios.items()}
        for sweep in sweeps:
            for run in runs:
                if run.sweep == sweep.name:
                    notes.setdefault(run.scenario, sweep.description or
                                     SWEEP_NOTES[sweep.kind])
        return Plan(tuple(runs), notes, selection)


#: What a sweep without a description of its own does, in words (its runs' pages and its
#: section of the index say it).
SWEEP_NOTES = {"grid": "Every combination of the swept values, one run each.",
               "latin hypercube": "Runs spread evenly over the swept ranges (a Latin "
                                  "hypercube sample), one run each."}


def load_scenarios(path: Path = REPORTS_FILE) -> tuple[list[str], dict[str, Scenario]]:
    """The notebooks and scenarios of a reports file; one-line errors name the entry."""
    reports = ReportsFile.read(path)
    return list(reports.notebooks), dict(reports.scenarios)


def load_sweeps(path: Path = REPORTS_FILE) -> dict[str, Sweep]:
    """The sweeps of a reports file (its optional ``sweeps:`` section); a missing or broken
    file has none (``load_scenarios`` reports it)."""
    try:
        reports = ReportsFile.read(path)
    except DprkTroopsError:
        return {}
    return reports.sweeps()


def _select(names: Sequence[str], known: Sequence[str], what: str, stem: bool) -> list[str]:
    if not names:
        return list(known)
    chosen = []
    for n in names:
        try:
            key = notebook_stem(n) if stem else n
        except ParameterError:
            key = None
        if key not in known:
            raise DprkTroopsError(f"unknown {what} {n!r} (expected one of {', '.join(known)})")
        chosen.append(key)
    return list(dict.fromkeys(chosen))


def _checked_run(nb: str, scenario: str, given: dict[str, Any], problems: list[str],
                 sweep: str | None = None, swept: Mapping[str, Any] | None = None
                 ) -> Run | None:
    spec = {p.name: p.default for p in NOTEBOOK_PARAMS[nb]}
    try:
        check_params(nb, **{**spec, **given})
    except ParameterError as exc:
        problems += [f"scenario {scenario}, notebook {nb}: {line}" for line in exc.problems]
        return None
    return Run(nb, scenario, given, sweep=sweep, swept=dict(swept or {}))


def _sweep_runs(sweep: Sweep, overrides: Mapping[str, Any], problems: list[str]) -> list[Run]:
    have = {p.name for nb in sweep.notebooks for p in NOTEBOOK_PARAMS[nb]}
    for name in sweep.fixed:
        if name not in have:
            problems.append(f"sweep {sweep.name}: parameters: no notebook of the sweep has "
                            f"{name!r}")
            return []
    runs = []
    for scenario, point in expand(sweep):
        for nb in sweep.notebooks:
            names = {p.name for p in NOTEBOOK_PARAMS[nb]}
            given = {k: v for k, v in {**sweep.fixed, **overrides}.items() if k in names}
            given.update(point)
            run = _checked_run(nb, scenario, given, problems, sweep.name, point)
            if run is not None:
                runs.append(run)
    return runs


def _plan_runs(reports: ReportsFile, selection: Selection, sweeps: Sequence[Sweep]
               ) -> list[Run]:
    with_scenarios = not sweeps or bool(selection.scenarios)
    chosen_nbs = _select(selection.notebooks, reports.notebooks, "notebook", stem=True)
    chosen_sc = _select(selection.scenarios, list(reports.scenarios), "scenario",
                        stem=False) if with_scenarios else []
    overrides = dict(selection.overrides)
    in_use = [*(chosen_nbs if with_scenarios else []),
              *(nb for sw in sweeps for nb in sw.notebooks)]
    names = {p.name for nb in in_use for p in NOTEBOOK_PARAMS[nb]}
    unknown = sorted(set(overrides) - names)
    if unknown:
        raise DprkTroopsError(f"-p {unknown[0]}: no selected notebook has this parameter "
                              f"(they have: {', '.join(sorted(names))})")
    runs: list[Run] = []
    problems: list[str] = []
    for sc in chosen_sc:
        for nb in chosen_nbs:
            spec = {p.name for p in NOTEBOOK_PARAMS[nb]}
            given = dict(reports.scenarios[sc].parameters.get(nb, {}))
            given.update({k: v for k, v in overrides.items() if k in spec})
            run = _checked_run(nb, sc, given, problems)
            if run is not None:
                runs.append(run)
    for sweep in sweeps:
        runs += _sweep_runs(sweep, overrides, problems)
    if problems:
        raise DprkTroopsError(problems)
    return runs


def plan(scenarios: Sequence[str] = (), notebooks: Sequence[str] = (),
         overrides: Mapping[str, Any] | None = None,
         reports_file: Path = REPORTS_FILE, sweeps: Sequence[Sweep] = (),
         with_scenarios: bool = True) -> list[Run]:
    """The runs to make, every parameter checked (``ReportsFile.plan`` in one call).

    ``sweeps`` add their runs (``sweeps.expand``); ``with_scenarios=False`` leaves out the
    scenarios' runs (a command line that asks for a sweep only)."""
    reports = ReportsFile.read(reports_file)
    if not with_scenarios:
        scenarios = ()
    elif sweeps and not scenarios:  # the scenarios' runs as well as the sweeps'
        scenarios = tuple(reports.scenarios)
    selection = Selection(tuple(scenarios), tuple(notebooks), dict(overrides or {}))
    return _plan_runs(reports, selection, list(sweeps))
