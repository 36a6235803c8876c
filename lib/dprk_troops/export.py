"""Executed notebooks to self-contained HTML that opens with no network at all.

- The ``offline`` template (``templates/offline``) is nbconvert's lab template without the
  scripts it would fetch from CDNs (require.js, MathJax, Mermaid, the widget manager).
- Charts are the notebooks' inline SVG (vl-convert). Interactive charts (see
  ``display.show_interactive``) are drawn by vega-embed from one local file beside the
  pages (``VEGA_BUNDLE``), with their sliders bound to Vega-Lite parameters.
- Widget panels need a live kernel: in the report they become a short note.
- Text from the data is escaped: pandas escapes its tables, vl-convert its SVG text, and
  the interactive specs are embedded as JSON that cannot close their script tag.
"""

from __future__ import annotations

import functools
import json
import threading
from pathlib import Path
from typing import Any

from .display import INTERACTIVE_MIME, VEGALITE_V5_MIME
from .execute import WIDGET_VIEW

__all__ = ["VEGA_BUNDLE", "export_html", "warm_exporter", "write_vega_bundle"]

TEMPLATES = Path(__file__).parent / "templates"
VEGA_BUNDLE = "vega-bundle.js"
WIDGET_NOTE = ("<p class='dprk-note'>Interactive panel: it needs a running kernel. Open the "
               "notebook in JupyterLab to use it, or use the interactive chart in this "
               "report.</p>")


def write_vega_bundle(folder: Path) -> Path:
    """vega, vega-lite and vega-embed in one local file (from vl-convert, no network)."""
    import vl_convert as vlc

    path = folder / VEGA_BUNDLE
    path.write_text(vlc.javascript_bundle(), encoding="utf-8")
    return path


def _script_json(value: Any) -> str:
    """JSON safe inside a <script> element: '</' cannot end it, nor '<!--' open a comment."""
    return (json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("&", "\\u0026"))


def _prepare(nb: Any) -> Any:
    """Widget views become a note; interactive specs become a div drawn by vega-embed;
    any other Vega-Lite output (a notebook run without ``DPRK_TROOPS_CHART_OUTPUT=svg``)
    becomes inline SVG, rendered here by vl-convert."""
    nb.metadata.pop("widgets", None)
    n = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data:
                output["data"] = {"text/html": WIDGET_NOTE, "text/plain": "(interactive panel)"}
            elif INTERACTIVE_MIME in data:
                n += 1
                div = f"dprk-vl-{n}"
                spec = _script_json(data[INTERACTIVE_MIME])
                output["data"] = {"text/html": (
                    f"<div class='dprk-interactive' id='{div}'></div>"
                    f"<script>vegaEmbed('#{div}', {spec}, "
                    "{renderer: 'svg', actions: false});</script>")}
            elif VEGALITE_V5_MIME in data and "image/svg+xml" not in data:
                import vl_convert as vlc

                output["data"] = {"image/svg+xml": vlc.vegalite_to_svg(data[VEGALITE_V5_MIME]),
                                  "text/plain": data.get("text/plain", "(chart)")}
                output.get("metadata", {}).pop(VEGALITE_V5_MIME, None)
    return nb


_LOCK = threading.Lock()


@functools.cache
def _exporter(show_code: bool) -> Any:
    """One exporter per setting: building its template environment costs about 0.4 s."""
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATES)],
                        exclude_input=not show_code, exclude_input_prompt=not show_code,
                        exclude_output_prompt=True)


def warm_exporter(show_code: bool = False) -> None:
    """Pay the exporter's one-off set-up (template, filters, CSS) ahead of the first page."""
    import nbformat

    export_html(nbformat.v4.new_notebook(), show_code=show_code)


def export_html(nb: Any, show_code: bool = False, vega_bundle: str | None = None,
                banner: str | None = None) -> str:
    """One executed notebook as a self-contained HTML page (code hidden unless asked)."""
    import copy

    with _LOCK:  # nbconvert exporters are not made for concurrent use
        body, _ = _exporter(show_code).from_notebook_node(
            _prepare(copy.deepcopy(nb)),
            resources={"vega_bundle": vega_bundle, "banner": banner})
    return body
