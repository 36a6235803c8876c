"""Links that open an app's view, and a view saved as a report scenario: pure functions.

An app's link names its controls' values in the query string, read as ``-p NAME=VALUE``
reads them (each value is YAML: ``5000`` is a number, ``constant`` a word) and checked by
the notebook's one definition (``Definition.check``), so a link is held to the same rules
as the command line and ``reports.yaml``. A control that sets one key of a mapping
parameter (notebook 03's weight of one criterion) is named ``weights.deterrence``.

``parse_link`` never raises: each bad value becomes one line for the page and the control
keeps its default. ``view_query`` writes the link of the controls' current values, and
``scenario_yaml`` the same values as a ``reports.yaml`` scenario. Nothing here imports
ipywidgets, numpy or pandas.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import ParameterError
from ..workbook import definition

__all__ = ["RESERVED", "LinkValues", "parse_link", "scenario_name", "scenario_parameters",
           "scenario_yaml", "share_html", "view_link", "view_query"]

#: Query names that belong to the server, not to the app: the login token and Voila's own.
RESERVED = ("token", "template", "theme")


@dataclass(frozen=True)
class LinkValues:
    """What a link sets: each control's checked value, and a line for each value refused."""

    values: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _read(raw: str) -> Any:
    """A query value as ``-p`` reads it: YAML (a number, a word, a mapping)."""
    import yaml

    try:
        return yaml.safe_load(raw)
    except yaml.YAMLError:
        return raw


def _kept(name: str, message: str) -> str:
    return f"The link's {name}: {message}; the app keeps its default."


def parse_link(notebook: str, query: str, current: Mapping[str, Any],
               mapping: str | None = None) -> LinkValues:
    """The control values a link's ``query`` sets, checked by the notebook's definition.

    ``current`` holds every control's value now (by control name); controls whose name is
    not a parameter set keys of the parameter ``mapping`` (``weights``). A mapping's keys
    are checked together with the others' current values (so one weight of 0 is fine).
    """
    d = definition(notebook)
    params = {p.name for p in d.params}
    direct, keyed, problems = {}, {}, []
    for name, raw in urllib.parse.parse_qsl(query.lstrip("?"), keep_blank_values=True):
        head, _, key = name.partition(".")
        if name in RESERVED:
            continue
        if mapping and head == mapping and key in current and key not in params:
            keyed[key] = _read(raw)
        elif name in current and name in params:
            direct[name] = _read(raw)
        elif head in params:
            problems.append(_kept(name, "this app has no control for it (its controls: "
                                  f"{', '.join(_names(current, mapping, params))})"))
        else:
            problems.append(_kept(name, f"unknown parameter (expected one of "
                                  f"{', '.join(_names(current, mapping, params))})"))
    values = {}
    for name, value in direct.items():
        try:
            values[name] = d.check({name: value}, complete=False)[name]
        except ParameterError as exc:
            problems.append(_kept(name, _reason(exc)))
    if keyed and mapping:
        values.update(_mapping_values(d, mapping, keyed, current, params, problems))
    return LinkValues(values, problems)


def _names(current: Mapping[str, Any], mapping: str | None, params: set[str]) -> list[str]:
    return [n if n in params or not mapping else f"{mapping}.{n}" for n in current]


def _reason(exc: ParameterError) -> str:
    return str(exc).removeprefix("parameter ").split(": ", 1)[-1]


def _mapping_values(d: Any, mapping: str, keyed: Mapping[str, Any],
                    current: Mapping[str, Any], params: set[str],
                    problems: list[str]) -> dict[str, Any]:
    base = {k: v for k, v in current.items() if k not in params}
    good = {}
    for key, value in keyed.items():
        try:
            d.check({mapping: {**base, key: value}}, complete=False)
            good[key] = value
        except ParameterError as exc:
            problems.append(_kept(f"{mapping}.{key}", _reason(exc)))
    try:
        d.check({mapping: {**base, **good}}, complete=False)
    except ParameterError as exc:
        problems.append(_kept(mapping, _reason(exc)))
        return {}
    return {k: float(v) for k, v in good.items()}


def _text(value: Any) -> str:
    """A value as the link writes it, to read back as the same value: whole numbers without
    '.0', others in Python's shortest exact form (with the '.0' YAML 1.1 needs before an
    exponent: '5.0e-07'), words as they are."""
    if isinstance(value, float) and math.isfinite(value):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        mantissa, e, exponent = repr(value).partition("e")
        return f"{mantissa}{'' if '.' in mantissa else '.0'}{e}{exponent}"
    return str(value)


def view_query(notebook: str, values: Mapping[str, Any], mapping: str | None = None) -> str:
    """The query string of a view: each control's value, in the controls' order."""
    params = {p.name for p in definition(notebook).params}
    pairs = [(n if n in params or not mapping else f"{mapping}.{n}", _text(v))
             for n, v in values.items()]
    return urllib.parse.urlencode(pairs, safe=",")


def view_link(notebook: str, values: Mapping[str, Any], mapping: str | None = None) -> str:
    """The app's link for a view, relative to the dashboard's root: ``01_cost...?troops=``."""
    return f"{definition(notebook).stem}?{view_query(notebook, values, mapping)}"


def scenario_parameters(notebook: str, values: Mapping[str, Any],
                        mapping: str | None = None) -> dict[str, Any]:
    """A view's values as a scenario's parameters of its notebook: a mapping's controls
    grouped under it, all at 0 written as equal weights (as the panel then computes)."""
    params = {p.name for p in definition(notebook).params}
    out: dict[str, Any] = {n: v for n, v in values.items() if n in params}
    keyed = {n: float(v) for n, v in values.items() if n not in params}
    if mapping and keyed:
        if math.fsum(keyed.values()) <= 0:
            keyed = dict.fromkeys(keyed, 1.0)
        out[mapping] = keyed
    return out


def scenario_name(notebook: str, parameters: Mapping[str, Any]) -> str:
    """A scenario's name that says which app it comes from, and differs for other values:
    ``app-01-3f9a2c``."""
    digest = hashlib.sha256(json.dumps(parameters, sort_keys=True).encode()).hexdigest()
    return f"app-{definition(notebook).number}-{digest[:6]}"


def _description(notebook: str, parameters: Mapping[str, Any]) -> str:
    from ..present.tables import param_value

    d = definition(notebook)
    said = "; ".join(f"{d.param(n).label}: {param_value(v, d.param(n).unit)}"
                     for n, v in parameters.items())
    return f"Saved from the dashboard's app {d.number}, {d.title}. {said}."


class _Folded(str):
    """A long text that YAML writes folded (``>-``), without quotes to escape."""


def _dumper() -> Any:
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    Dumper.add_representer(_Folded, lambda dumper, text: dumper.represent_scalar(
        "tag:yaml.org,2002:str", str(text), style=">"))
    return Dumper


def scenario_yaml(notebook: str, values: Mapping[str, Any], mapping: str | None = None) -> str:
    """A view as a scenario to paste under ``scenarios:`` in ``reports.yaml`` (indented
    for that place), named by ``scenario_name``."""
    import yaml

    d = definition(notebook)
    parameters = scenario_parameters(notebook, values, mapping)
    entry = {scenario_name(notebook, parameters): {
        "description": _Folded(_description(notebook, parameters)),
        "parameters": {d.stem: parameters}}}
    text = yaml.dump(entry, Dumper=_dumper(), sort_keys=False, width=84, allow_unicode=True)
    lines = ["# Paste under 'scenarios:' in reports.yaml, then run `make report`.",
             *text.splitlines()]
    return "\n".join(f"  {line}" for line in lines) + "\n"


def share_html(notebook: str, values: Mapping[str, Any], mapping: str | None = None,
               link: bool = True) -> str:
    """The app's "link to this view" and "save as scenario" as HTML (every text escaped):
    the link is relative to the app's page (``voila/render/NAME.ipynb``), so it works
    under any base URL; the scenario is shown as text and offered as a download."""
    parts = []
    if link:
        href = "../../" + view_link(notebook, values, mapping)
        parts.append(f"<p><a class='dprk-view-link' href='{html.escape(href)}' "
                     f"target='_blank' rel='noopener'>Link to this view</a> "
                     f"<span class='dprk-note'>(copy it to share these settings; whoever "
                     f"opens it logs in first)</span></p>")
    scenario = scenario_yaml(notebook, values, mapping)
    data = "data:text/yaml;charset=utf-8," + urllib.parse.quote(scenario)
    name = f"{definition(notebook).number}-scenario.yaml"
    parts.append("<details class='dprk-save'><summary>Save as scenario</summary>"
                 "<p class='dprk-note'>These settings as a scenario of the scheduled report: "
                 "paste the text under <code>scenarios:</code> in <code>reports.yaml</code>, "
                 f"or <a class='dprk-scenario-download' download='{name}' "
                 f"href='{html.escape(data)}'>download it</a>.</p>"
                 f"<pre class='dprk-scenario'>{html.escape(scenario)}</pre></details>")
    return "".join(parts)
