"""The analysts' control panels (ipywidgets), bound to the library's models.

``panel(controls, update)`` lays out the controls, a readout of the key numbers and a chart.
It calls ``update(**values)`` (which returns the readout rows and an altair chart) whenever a
control changes.

The DOM contract that the browser test relies on is the CSS classes: ``dprk-panel`` for the
panel, ``dprk-control`` for each control, ``dprk-readout`` for the numbers and
``dprk-chart`` for the chart. An exception in ``update`` is not swallowed: ipykernel
reports it, and JupyterLab shows it in its log console, where the browser test looks.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..workbook import NOTEBOOK_PARAMS, Param, notebook_stem
from . import display

if TYPE_CHECKING:
    import altair as alt
    import ipywidgets as W

__all__ = ["Readout", "control", "describe", "panel", "readout_format", "readout_html",
           "weight_controls"]

#: Readout rows: (label, formatted value) pairs.
Readout = Sequence[tuple[str, str]]
Update = Callable[..., tuple[Readout, "alt.TopLevelMixin"]]


def readout_html(rows: Readout) -> str:
    """Readout rows as a small HTML table; every label and value is escaped."""
    cells = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(k)}</th>"
                    f"<td style='text-align:right'>{html.escape(v)}</td></tr>" for k, v in rows)
    return f"<table class='dprk-readout-table'>{cells}</table>"


#: Controls' look: room for a label with its unit, and for the slider.
_STYLE = {"description_width": "25em"}
_WIDTH = "48em"


def describe(spec: Param, label: str | None = None) -> str:
    """A control's label: the parameter in words (``label``, default its own) with its
    unit where the words do not already say it: 'Pay per soldier per month (US$)',
    'Value of oil and gas received (US$ over the deployment)', 'Months the deployment
    lasts'; a share reads as a percentage and a choice as words, so they need none."""
    unit = spec.unit.replace("USD", "US$").replace("US$, whole deployment",
                                                   "US$ over the deployment")
    words = label or spec.label
    if not unit or unit.startswith("share") or spec.choices:
        return words
    head, sep, rest = unit.partition(" per ")
    if head.lower() in words.lower():
        return words
    if sep and f"per {rest}".lower() in words.lower():
        unit = head
    return f"{words} ({unit})"


def readout_format(spec: Param, step: float) -> str:
    """How a slider shows its value: shares as percentages ('100%'), whole steps with
    thousands separators and no decimals ('10,000', '2,000'), else two decimals."""
    if spec.unit.startswith("share"):
        return ".0%"
    if spec.type == "int":
        return ",d"
    return ",.0f" if float(step).is_integer() else ",.2f"


def control(notebook: str, name: str, value: Any, step: float | None = None,
            maximum: float | None = None, description: str | None = None) -> W.Widget:
    """A slider or dropdown for a notebook parameter, with its spec's range and unit: the
    label says the unit (``describe``), the slider shows its value in it (``readout_format``)
    and a dropdown lists its choices in words."""
    import ipywidgets as W

    from .tables import param_value

    spec: Param = {p.name: p for p in NOTEBOOK_PARAMS[notebook_stem(notebook)]}[name]
    label = describe(spec, description)
    layout = W.Layout(width=_WIDTH)
    if spec.choices:
        return W.Dropdown(options=[(param_value(c, ""), c) for c in spec.choices], value=value,
                          description=label, style=_STYLE, layout=layout)
    top = maximum if maximum is not None else spec.maximum
    cls = W.IntSlider if spec.type == "int" else W.FloatSlider
    step = step or (1 if spec.type == "int" else 0.01)
    return cls(value=value, min=spec.minimum, max=top, step=step, description=label,
               readout_format=readout_format(spec, step), continuous_update=False,
               style=_STYLE, layout=layout, tooltip=f"{spec.unit}: {spec.reason}")


def weight_controls(weights: Mapping[str, float], labels: Mapping[str, str]
                    ) -> dict[str, W.Widget]:
    """One weight slider (0 to 1) per criterion, starting at the given weights."""
    import ipywidgets as W

    return {c: W.FloatSlider(value=round(w, 2), min=0.0, max=1.0, step=0.05,
                             description=f"{labels.get(c, c)} (weight)",
                             readout_format=".2f", continuous_update=False,
                             style=_STYLE, layout=W.Layout(width=_WIDTH))
            for c, w in weights.items()}


def panel(controls: Mapping[str, W.Widget], update: Update) -> W.VBox:
    """Controls, readout and chart; moving a control re-runs ``update`` and redraws."""
    import ipywidgets as W

    readout = W.HTML()
    readout.add_class("dprk-readout")
    chart_out = W.Output()
    chart_out.add_class("dprk-chart")

    def refresh(_change: object = None) -> None:
        rows, chart = update(**{name: w.value for name, w in controls.items()})
        readout.value = readout_html(rows)
        data, metadata = display.live_bundle(chart)
        chart_out.outputs = ({"output_type": "display_data", "data": data,
                              "metadata": metadata},)

    for w in controls.values():
        w.add_class("dprk-control")
        w.observe(refresh, names="value")
    refresh()
    box = W.VBox([*controls.values(), readout, chart_out])
    box.add_class("dprk-panel")
    return box
