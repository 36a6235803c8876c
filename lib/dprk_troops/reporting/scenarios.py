"""The report scenarios (``reports.yaml``) and the runs they make, checked before any kernel.

A run is one notebook executed with one scenario's parameters. ``plan`` turns the file, the
command line's selections and its ``-p NAME=VALUE`` overrides into runs. Every parameter of
every run is validated here (``params.check_params``), so bad input stops the command with
one clear line per problem before a kernel starts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import paths
from ..errors import DprkTroopsError, ParameterError
from ..params import NOTEBOOK_PARAMS, check_params, notebook_stem

__all__ = ["REPORTS_FILE", "Run", "Scenario", "load_scenarios", "parse_overrides", "plan"]

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


def plan(scenarios: Sequence[str] = (), notebooks: Sequence[str] = (),
         overrides: Mapping[str, Any] | None = None,
         reports_file: Path = REPORTS_FILE) -> list[Run]:
    """The runs to make, every parameter checked. Raises DprkTroopsError listing problems."""
    all_notebooks, all_scenarios = load_scenarios(reports_file)
    chosen_nbs = _select(notebooks, all_notebooks, "notebook", stem=True)
    chosen_sc = _select(scenarios, list(all_scenarios), "scenario", stem=False)
    overrides = dict(overrides or {})
    names = {p.name for nb in chosen_nbs for p in NOTEBOOK_PARAMS[nb]}
    unknown = sorted(set(overrides) - names)
    if unknown:
        raise DprkTroopsError(f"-p {unknown[0]}: no selected notebook has this parameter "
                              f"(they have: {', '.join(sorted(names))})")
    runs, problems = [], []
    for sc in chosen_sc:
        for nb in chosen_nbs:
            spec = {p.name: p.default for p in NOTEBOOK_PARAMS[nb]}
            given = dict(all_scenarios[sc].parameters.get(nb, {}))
            given.update({k: v for k, v in overrides.items() if k in spec})
            try:
                check_params(nb, **{**spec, **given})
            except ParameterError as exc:
                problems += [f"scenario {sc}, notebook {nb}: {line}" for line in exc.problems]
                continue
            runs.append(Run(nb, sc, given))
    if problems:
        raise DprkTroopsError(problems)
    return runs
