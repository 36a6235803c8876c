"""The one helper for JSON inside <script>, and the index's autoescaping templates."""

from __future__ import annotations

import json

import pytest
from dprk_troops.reporting.html import script_json, templates

NASTY = ["</script><script>alert(1)</script>", "<!-- a comment", "<b>bold</b> & co",
         "\u2028line separator", "</SCRIPT >", "]]>"]


@pytest.mark.parametrize("text", NASTY)
def test_script_json_cannot_close_or_change_its_script(text: str) -> None:
    out = script_json({"label": text, "list": [text]})
    assert "<" not in out and ">" not in out and "&" not in out
    assert "\u2028" not in out
    assert json.loads(out) == {"label": text, "list": [text]}  # the same data


def test_templates_escape_by_default() -> None:
    env = templates()
    page = env.from_string("<p>{{ note }}</p><script>var d = {{ data | script_json }};</script>")
    html = page.render(note=NASTY[0], data={"label": NASTY[0]})
    assert "<script>alert(1)" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("</script>") == 1  # only the template's own
