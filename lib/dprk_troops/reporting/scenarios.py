"""The report scenarios (``reports.yaml``) and the runs they make, checked before any kernel.

A run is one notebook executed with one scenario's parameters. ``plan`` turns the file, the
command line's selections and its ``-p NAME=VALUE`` overrides into runs. Every parameter of
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
from ..params import NOTEBOOK_PARAMS, check_params, notebook_stem
from .sweeps import Sweep, expand, sweep_from_yaml

__all__ = ["REPORTS_FILE", "Run", "Scenario", "load_scenarios", "load_sweeps",
           "parse_overrides", "plan"]

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


def load_scenarios(path: Path = REPORTS_FILE) -> tuple[list[str], dict[str, Scenario]]:
    """The notebooks and scenarios of a reports file; one-line errors name the entry."""
    import yaml

    where = paths.display_path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DprkTroopsError(f"{where}: file not found") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        raise DprkTroopsError(f"{where}: {line}broken YAML: {getattr(exc, 'problem', exc)}")
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
    return notebooks, scenarios


def parse_overrides(pairs: Sequence[str]) -> dict[str, Any]:
    """``-p NAME=VALUE`` pairs; VALUE is read as YAML (12 is a number, {a: 1} a mapping)."""
    import yaml

    out = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep or not name.strip():
            raise DprkTroopsError(f"-p {pair}: expected NAME=VALUE")
        try:
            out[name.strip()] = yaml.safe_load(raw)
        except yaml.YAMLError:
            raise DprkTroopsError(f"-p {pair}: VALUE is not valid YAML") from None
    return out


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


def load_sweeps(path: Path = REPORTS_FILE) -> dict[str, Sweep]:
    """The sweeps of a reports file (its optional ``sweeps:`` section)."""
    import yaml

    where = paths.display_path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}  # load_scenarios reports a missing or broken file
    entries = data.get("sweeps") or {} if isinstance(data, dict) else {}
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


def plan(scenarios: Sequence[str] = (), notebooks: Sequence[str] = (),
         overrides: Mapping[str, Any] | None = None,
         reports_file: Path = REPORTS_FILE, sweeps: Sequence[Sweep] = (),
         with_scenarios: bool = True) -> list[Run]:
    """The runs to make, every parameter checked. Raises DprkTroopsError listing problems.

    ``sweeps`` add their runs (``sweeps.expand``); ``with_scenarios=False`` leaves out the
    scenarios' runs (a command line that asks for a sweep only)."""
    all_notebooks, all_scenarios = load_scenarios(reports_file)
    chosen_nbs = _select(notebooks, all_notebooks, "notebook", stem=True)
    chosen_sc = _select(scenarios, list(all_scenarios), "scenario", stem=False) \
        if with_scenarios else []
    overrides = dict(overrides or {})
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
            given = dict(all_scenarios[sc].parameters.get(nb, {}))
            given.update({k: v for k, v in overrides.items() if k in spec})
            run = _checked_run(nb, sc, given, problems)
            if run is not None:
                runs.append(run)
    for sweep in sweeps:
        runs += _sweep_runs(sweep, overrides, problems)
    if problems:
        raise DprkTroopsError(problems)
    return runs
