"""Executed notebooks to self-contained HTML that opens with no network at all.

- The ``offline`` template (``templates/offline``) is nbconvert's lab template without the
  scripts it would fetch from CDNs (require.js, MathJax, Mermaid, the widget manager).
- Charts become inline SVG here, in the parent's one warm vl-convert (``svg_of``): the
  report kernels write Vega-Lite specs, as under stock papermill. Interactive charts (see
  ``display.show_interactive``) are drawn by vega-embed from one local file beside the
  pages (``VEGA_BUNDLE``), with their sliders bound to Vega-Lite parameters.
- Widget panels need a live kernel: the report leaves them out, with the markdown cells
  tagged ``lab-only`` (the words about the panel), so a static page never speaks of kernels.
- Tables that show facts carry their ids in a part of their own (``tables.FACT_IDS_MIME``):
  the page lists them in its one "For analysts" block (``footer``), never in the text.
- Text from the data is escaped: pandas escapes its tables, vl-convert its SVG text, and
  the interactive specs are embedded as JSON that cannot close their script tag.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..execute import WIDGET_VIEW
from ..present.display import INTERACTIVE_MIME, VEGALITE_V5_MIME
from ..present.tables import FACT_IDS_MIME
from .html import TEMPLATES, script_json

__all__ = ["LAB_ONLY", "VEGA_BUNDLE", "export_html", "svg_of", "warm_exporter", "warm_svg",
           "write_vega_bundle"]

VEGA_BUNDLE = "vega-bundle.js"
#: The tag of a cell that speaks of the kernel's panel: left out of the report's pages.
LAB_ONLY = "lab-only"


def write_vega_bundle(folder: Path) -> Path:
    """vega, vega-lite and vega-embed in one local file (from vl-convert, no network)."""
    import vl_convert as vlc

    path = folder / VEGA_BUNDLE
    path.write_text(vlc.javascript_bundle(), encoding="utf-8")
    return path


def _shown(output: Any, failed: bool) -> bool:
    """Whether a page shows an output: not a widget panel (it needs a kernel), and for a
    run that succeeded no stderr (library chatter is for the executed notebook, kept
    beside the page); a failed run keeps everything, so the failure shows."""
    if WIDGET_VIEW in output.get("data", {}):
        return False
    return failed or not (output.get("output_type") == "stream"
                          and output.get("name") == "stderr")


def _prepare(nb: Any, failed: bool) -> tuple[Any, list[str]]:
    """The notebook as its page shows it, and the fact ids its tables carry.

    Widget panels and ``lab-only`` cells go; interactive specs become a div drawn by
    vega-embed; any other Vega-Lite output (a notebook run without
    ``DPRK_TROOPS_CHART_OUTPUT=svg``) becomes inline SVG, rendered here by vl-convert."""
    nb.metadata.pop("widgets", None)
    nb.cells = [c for c in nb.cells if LAB_ONLY not in c.get("metadata", {}).get("tags", [])]
    n = 0
    fact_ids: list[str] = []
    for cell in nb.cells:
        if cell.get("outputs"):
            cell["outputs"] = [o for o in cell["outputs"] if _shown(o, failed)]
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            fact_ids += data.pop(FACT_IDS_MIME, [])
            if INTERACTIVE_MIME in data:
                n += 1
                div = f"dprk-vl-{n}"
                spec = script_json(data[INTERACTIVE_MIME])
                output["data"] = {"text/html": (
                    f"<div class='dprk-interactive' id='{div}'></div>"
                    f"<script>vegaEmbed('#{div}', {spec}, "
                    "{renderer: 'svg', actions: false});</script>")}
            elif VEGALITE_V5_MIME in data and "image/svg+xml" not in data:
                output["data"] = {"image/svg+xml": svg_of(data[VEGALITE_V5_MIME]),
                                  "text/plain": data.get("text/plain", "(chart)")}
                output.get("metadata", {}).pop(VEGALITE_V5_MIME, None)
    return nb, list(dict.fromkeys(fact_ids))


_LOCK = threading.Lock()


@functools.lru_cache(maxsize=256)
def _svg(spec_json: str) -> str:
    import json

    import vl_convert as vlc

    return vlc.vegalite_to_svg(json.loads(spec_json))


def svg_of(spec: Any) -> str:
    """A Vega-Lite spec as SVG (vl-convert), made once per spec in this process: the same
    chart in several runs (a timeline no parameter changes) is drawn once."""
    import json

    return _svg(json.dumps(spec, sort_keys=True))


def warm_svg() -> None:
    """Start vl-convert's JavaScript engine (about 1 s) ahead of the first page."""
    svg_of({"mark": "point", "data": {"values": [{"a": 1}]},
            "encoding": {"x": {"field": "a", "type": "quantitative"}}})


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
                header: str | None = None, failed: bool = False,
                footer: Callable[[Sequence[str]], str] | None = None) -> str:
    """One executed notebook as a self-contained HTML page (code hidden unless asked).

    ``header`` is HTML put at the top of the page as it is, and ``footer`` makes the HTML
    put at its end from the fact ids the page's tables carry: the caller escapes their text
    (``pages`` renders both from autoescaped templates)."""
    import copy

    with _LOCK:  # nbconvert exporters (and vl-convert) are not made for concurrent use
        page, fact_ids = _prepare(copy.deepcopy(nb), failed)
        body, _ = _exporter(show_code).from_notebook_node(
            page, resources={"vega_bundle": vega_bundle, "header": header,
                             "footer": footer(fact_ids) if footer else None})
    return body
