"""The page export: what needs a kernel stays out of a static page, and the fact ids its
tables carry reach the analysts' block, never the text."""

from __future__ import annotations

import nbformat
from dprk_troops.execute import WIDGET_VIEW
from dprk_troops.present import tables
from dprk_troops.reporting.export import LAB_ONLY, export_html


def _notebook() -> nbformat.NotebookNode:
    v4 = nbformat.v4
    table = tables.Table("<table><tr><td>10,000 soldiers</td></tr></table>", "10,000 soldiers",
                         {tables.FACT_IDS_MIME: ["nos1_blinken_10000", "bnr_pay_2000"]})
    return v4.new_notebook(cells=[
        v4.new_markdown_cell("## Try it yourself"),
        v4.new_markdown_cell("Move a slider: this panel needs the kernel.",
                             metadata={"tags": [LAB_ONLY]}),
        v4.new_code_cell("panel(...)", outputs=[v4.new_output(
            "display_data", data={WIDGET_VIEW: {"model_id": "x"}, "text/plain": "VBox()"})]),
        v4.new_code_cell("tables.facts(used)", outputs=[v4.new_output(
            "display_data", data=table._repr_mimebundle_())]),
    ])


def test_a_static_page_leaves_out_the_panel_and_the_words_about_it() -> None:
    body = export_html(_notebook()).split("<main>", 1)[1]  # the page, not its styles
    assert "Try it yourself" in body
    assert "kernel" not in body.lower() and "VBox" not in body and "model_id" not in body


def test_fact_ids_go_to_the_footer_only() -> None:
    seen: list[list[str]] = []

    def footer(ids: list[str]) -> str:
        seen.append(list(ids))
        return '<details class="dprk-analysts">' + " ".join(ids) + "</details>"

    page = export_html(_notebook(), footer=footer)
    assert seen == [["nos1_blinken_10000", "bnr_pay_2000"]]
    body, analysts = page.split('<details class="dprk-analysts">')
    assert "10,000 soldiers" in body and "nos1_blinken_10000" not in body
    assert "nos1_blinken_10000 bnr_pay_2000" in analysts
    assert tables.FACT_IDS_MIME not in page
