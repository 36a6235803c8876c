"""The panel as an app: the notebook's panel, opened on a link's values, with its link and
scenario.

``app_panel`` is what each notebook's panel cell calls. In JupyterLab, papermill and the
report it is the panel of ``widgets.panel`` plus "save as scenario". Under Voila it also
reads the page's query string (``query_string``), sets the controls to the link's values
(checked by ``links.parse_link``; each value refused shows one line above the panel and
keeps its default) and shows "link to this view".

Under Voila's preheated kernels the notebook runs before anyone asks for the page; reading
the query string then waits, in this cell, for the request (Voila's ``get_query_string``),
so every cell above the panel is ready when the page is asked for.
"""

from __future__ import annotations

import html
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..present.widgets import Update, panel
from .links import LinkValues, parse_link, share_html

if TYPE_CHECKING:
    import ipywidgets as W

__all__ = ["app_panel", "in_voila", "query_string"]


def in_voila(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether this kernel runs a Voila app (Voila sets these in its kernels)."""
    return "VOILA_PREHEAT" in environ or "VOILA_KERNEL_ID" in environ


def query_string(environ: Mapping[str, str] = os.environ) -> str:
    """The app page's query string under Voila ('' elsewhere). A preheated kernel waits
    here until its page is asked for."""
    if environ.get("VOILA_PREHEAT") == "True":
        from voila.utils import get_query_string

        return get_query_string() or ""
    if not in_voila(environ):
        return ""
    return environ.get("QUERY_STRING", "")


def _set(control: W.Widget, value: Any) -> None:
    """Set a control to a checked value, widening a slider's range to hold it (a link may
    go beyond the Lab's range, as ``-p`` may)."""
    if hasattr(control, "max") and value > control.max:
        control.max = value
    if hasattr(control, "min") and value < control.min:
        control.min = value
    control.value = value


def problems_html(link: LinkValues) -> str:
    """Each refused value of the link, one line each (escaped)."""
    return "".join(f"<p class='dprk-link-problem' role='alert'>{html.escape(p)}</p>"
                   for p in link.problems)


def app_panel(notebook: str, controls: Mapping[str, W.Widget], update: Update,
              mapping: str | None = None) -> W.VBox:
    """``widgets.panel`` opened on the link's values, with the link and the scenario of
    its current values below it. ``mapping``: the parameter whose keys the controls not
    named after a parameter set (notebook 03: ``weights``)."""
    import ipywidgets as W

    voila = in_voila()
    query = query_string()
    link = parse_link(notebook, query, {n: w.value for n, w in controls.items()}, mapping) \
        if query else LinkValues()
    for name, value in link.values.items():
        _set(controls[name], value)
    box = panel(controls, update)
    share = W.HTML()
    share.add_class("dprk-share")

    def refresh(_change: object = None) -> None:
        share.value = share_html(notebook, {n: w.value for n, w in controls.items()},
                                 mapping, link=voila)

    for w in controls.values():
        w.observe(refresh, names="value")
    refresh()
    children: list[W.Widget] = [box, share]
    if link.problems:
        note = W.HTML(problems_html(link))
        note.add_class("dprk-link-problems")
        children.insert(0, note)
    return W.VBox(children)
