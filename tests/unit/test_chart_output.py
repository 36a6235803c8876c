"""Charts show as a Vega-Lite 5 spec by default (JupyterLab draws it offline) or as SVG for
export (DPRK_TROOPS_CHART_OUTPUT=svg); the HTML export turns a spec it meets into SVG."""

from __future__ import annotations

from typing import Any

import altair as alt
import nbformat
import pandas as pd
import pytest
from dprk_troops.present import charts, display
from dprk_troops.reporting.export import export_html


def _chart() -> alt.TopLevelMixin:
    return charts.titled(alt.Chart(pd.DataFrame({"soldiers": [1500, 10000]})).mark_bar().encode(
        x=alt.X("soldiers:Q", title="Soldiers")), "A test chart", ["NOS"])


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[dict, dict]]:
    calls: list[tuple[dict, dict]] = []

    def fake_display(data: dict, metadata: dict | None = None, raw: bool = False) -> None:
        assert raw
        calls.append((data, metadata or {}))

    monkeypatch.setattr("IPython.display.display", fake_display)
    return calls


def test_default_output_is_a_vegalite5_spec_without_svg(shown: list, monkeypatch) -> None:
    monkeypatch.delenv(display.CHART_OUTPUT_ENV, raising=False)
    display.show(_chart())
    data, metadata = shown[0]
    assert set(data) == {display.VEGALITE_V5_MIME, "text/plain"}
    assert data[display.VEGALITE_V5_MIME]["$schema"].endswith("/v5.json")
    assert metadata[display.VEGALITE_V5_MIME]["embed_options"]["renderer"] == "svg"


def test_svg_output_on_request(shown: list, monkeypatch) -> None:
    monkeypatch.setenv(display.CHART_OUTPUT_ENV, "svg")
    display.show(_chart())
    display.show_interactive(_chart())
    assert set(shown[0][0]) == {"image/svg+xml", "text/plain"}
    assert shown[0][0]["image/svg+xml"].startswith("<svg")
    assert set(shown[1][0]) == {display.INTERACTIVE_MIME, "image/svg+xml", "text/plain"}


def test_interactive_chart_keeps_its_report_spec_by_default(shown: list, monkeypatch) -> None:
    monkeypatch.delenv(display.CHART_OUTPUT_ENV, raising=False)
    display.show_interactive(_chart())
    assert set(shown[0][0]) == {display.INTERACTIVE_MIME, display.VEGALITE_V5_MIME, "text/plain"}


def test_unknown_chart_output_is_named(monkeypatch) -> None:
    monkeypatch.setenv(display.CHART_OUTPUT_ENV, "png")
    with pytest.raises(ValueError, match="DPRK_TROOPS_CHART_OUTPUT: expected one of "
                                         "vega-lite, svg, got 'png'"):
        display.show(_chart())


def test_export_turns_a_spec_into_inline_svg() -> None:
    data, metadata = display.live_bundle(_chart())
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "display.show(chart)", outputs=[nbformat.v4.new_output(
            "display_data", data=data, metadata=metadata)])])
    page: Any = export_html(nb)
    assert "<svg" in page and 'class="mark-rect' in page and "A test chart" in page
    assert "vegalite" not in page and "vegaEmbed" not in page
