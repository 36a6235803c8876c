"""How the workbook shows things in a notebook: display policy, apart from building charts.

Charts (``charts``) are altair objects; this module decides which output a notebook gets,
chosen to work with no network at all. Stock altair 6 output loads vega from a CDN, and
offline it shows "Error loading script"; so the workbook picks its own outputs, by the
environment variable ``DPRK_TROOPS_CHART_OUTPUT``:
- ``vega-lite`` (the default: JupyterLab, papermill, nbval): ``show(chart)`` hands JupyterLab
  the Vega-Lite spec under the v5 mimetype, which JupyterLab draws with the vega it bundles
  (offline, as SVG). The kernel never starts a JavaScript engine, which keeps a notebook run
  about 1 s shorter than rendering SVG in the kernel would. Altair 6 writes Vega-Lite 6,
  but the charts here use only features that Vega-Lite 5 shares (the browser test draws
  every one of them in JupyterLab).
- ``svg`` (set by ``dprk-troops report`` for its kernels): ``show(chart)`` displays SVG
  rendered by vl-convert, so the executed notebooks and the HTML pages need no JavaScript
  to show a chart. The report's export also turns any Vega-Lite output it meets into SVG.
- Widget callbacks always use the spec (``live_bundle``): SVG costs 50-300 ms per chart
  here, over the 50 ms budget of a widget change; the spec costs about 5 ms.
- Charts with bound parameters (``show_interactive``) also carry ``INTERACTIVE_MIME``,
  which the report turns into a live chart drawn by its local Vega bundle.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from .charts import spec

if TYPE_CHECKING:
    import altair as alt

__all__ = ["CHART_OUTPUT_ENV", "INTERACTIVE_MIME", "VEGALITE_V5_MIME", "chart_output",
           "live_bundle", "show", "show_interactive", "svg"]

VEGALITE_V5_MIME = "application/vnd.vegalite.v5+json"


def svg(chart: alt.TopLevelMixin) -> str:
    return _svg_of(spec(chart))


def _svg_of(vl: dict[str, Any]) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(vl)


CHART_OUTPUT_ENV = "DPRK_TROOPS_CHART_OUTPUT"
CHART_OUTPUTS = ("vega-lite", "svg")


def chart_output() -> str:
    """How ``show`` displays charts: 'vega-lite' (default) or 'svg', from the environment."""
    value = os.environ.get(CHART_OUTPUT_ENV, "") or "vega-lite"
    if value not in CHART_OUTPUTS:
        raise ValueError(f"environment variable {CHART_OUTPUT_ENV}: expected one of "
                         f"{', '.join(CHART_OUTPUTS)}, got {value!r}")
    return value


def show(chart: alt.TopLevelMixin) -> None:
    """Display a chart offline: a Vega-Lite 5 spec that JupyterLab draws itself, or SVG
    (``DPRK_TROOPS_CHART_OUTPUT=svg``) for executed notebooks meant for export."""
    from IPython.display import display

    if chart_output() == "svg":
        vl = spec(chart)
        display({"image/svg+xml": _svg_of(vl), "text/plain": _plain(vl)}, raw=True)
    else:
        data, metadata = live_bundle(chart)
        display(data, metadata=metadata, raw=True)


def live_bundle(chart: alt.TopLevelMixin) -> tuple[dict[str, Any], dict[str, Any]]:
    """(data, metadata) for JupyterLab's built-in Vega-Lite 5 renderer, drawing SVG."""
    return _v5_bundle(spec(chart))


def _v5_bundle(vl: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``live_bundle`` of a spec already built (left as it is: the copy gets the v5 schema)."""
    v5 = {**vl, "$schema": "https://vega.github.io/schema/vega-lite/v5.json"}
    data = {VEGALITE_V5_MIME: v5, "text/plain": _plain(v5)}
    metadata = {VEGALITE_V5_MIME: {"embed_options": {"renderer": "svg", "actions": False}}}
    return data, metadata


def _plain(vl: dict[str, Any]) -> str:
    """A chart's text/plain stand-in: its title."""
    title = vl.get("title", {})
    text = title.get("text") if isinstance(title, dict) else title
    return f"<chart: {text or 'untitled'}>"


INTERACTIVE_MIME = "application/vnd.dprk-troops.interactive+json"


def show_interactive(chart: alt.TopLevelMixin) -> None:
    """Display a chart with bound parameters. JupyterLab draws its sliders live from the
    Vega-Lite 5 spec; the report turns ``INTERACTIVE_MIME`` into a live chart of its own;
    with ``DPRK_TROOPS_CHART_OUTPUT=svg`` an SVG at the parameters' values stands in."""
    from IPython.display import display

    vl = spec(chart)
    if chart_output() == "svg":
        display({INTERACTIVE_MIME: vl, "image/svg+xml": _svg_of(vl), "text/plain": _plain(vl)},
                raw=True)
    else:
        data, metadata = _v5_bundle(vl)  # one spec for both: building it is the cost
        display({INTERACTIVE_MIME: vl, **data}, metadata=metadata, raw=True)
