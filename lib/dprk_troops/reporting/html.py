"""HTML safety for the report: the one helper every page and the index use for JSON in a
``<script>`` element, and the Jinja2 environment (autoescape on) that renders the index.

Text from the data (fact notes, labels, scenario descriptions) reaches HTML in three ways,
each escaped by its owner: Jinja2's autoescape in our templates, pandas and nbconvert in the
pages, vl-convert in the SVG charts; JSON inside a script goes through ``script_json``.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2

__all__ = ["TEMPLATES", "script_json", "templates", "when"]

TEMPLATES = Path(__file__).parent / "templates"


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' appear as such, so
    neither '</script>' nor '<!--' can end or change the script; the JSON means the same."""
    return (json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def when(iso: str | None) -> str:
    """A timestamp as readers read it: '5 December 2026, 02:30 UTC' (the ``when``
    filter)."""
    from datetime import datetime

    if not iso:
        return "an unknown date"
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return moment.strftime("%d %B %Y, %H:%M UTC").lstrip("0")


@functools.cache
def templates() -> jinja2.Environment:
    """The report's own templates (``templates/*.html.j2``), HTML-escaped by default."""
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["script_json"] = lambda value: Markup(script_json(value))
    env.filters["when"] = when
    return env
