"""A 24-run grid sweep from the command line: named runs, one summary row each, and an
index that summarises the sweep with charts (inline SVG: they draw with no network)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from dprk_troops.reporting.index import NUMERIC_UNITS
from dprk_troops.workbook import notebook

pytestmark = pytest.mark.slow


def _sweep_section(index: str) -> str:
    start = index.index('id="sweep-sweep"')
    return index[start:index.index("<h2>Data</h2>")]


def test_the_sweep_expands_to_24_named_runs(sweep_report: Path) -> None:
    runs = json.loads((sweep_report / "manifest.json").read_text())["runs"]
    assert len(runs) == 24 and all(r["status"] == "ok" for r in runs)
    assert {r["sweep"] for r in runs} == {"sweep"}
    names = {r["scenario"] for r in runs}
    assert "sweep--troops=1500,months=6,regime_share=0.5" in names and len(names) == 24
    for r in runs:
        assert r["parameters"] == r["swept"]
        assert (sweep_report / r["html"]).is_file()


def test_summary_csv_keeps_one_row_per_run(sweep_report: Path) -> None:
    rows = list(csv.DictReader((sweep_report / "summary.csv").open()))
    assert len(rows) == 24
    revenue = {r["scenario"]: float(r["cash_revenue_usd"]) for r in rows}
    # troops_schedule 'reported' scales the reported growth to `troops` at its end
    assert revenue["sweep--troops=13000,months=24,regime_share=1"] > \
        revenue["sweep--troops=1500,months=6,regime_share=0.5"]


def test_the_index_summarises_the_sweep_with_charts(sweep_report: Path) -> None:
    index = (sweep_report / "index.html").read_text()
    section = _sweep_section(index)
    svgs = re.findall(r"<svg.*?</svg>", section, flags=re.DOTALL)
    assert len(svgs) == 2  # the tornado, and each result against each parameter
    assert all('class="mark-' in s for s in svgs)
    assert "Which parameter moves each result most" in svgs[0]
    assert "Each key result against each swept parameter" in svgs[1]
    for words in ("Soldiers the deployment grows to: 4 values from 1,500 to 13,000 soldiers",
                  "Months the deployment lasts: 3 values from 6 to 24 months",
                  "Share of the pay the state keeps: 2 values from 50% to 100%"):
        assert words in section
    assert "moved most by" in section
    runs_table = section[section.index('<details class="sweep-runs">'):]
    assert runs_table.count("<tr") == 1 + 24  # every run in one compact, collapsed table
    moves = section[section.index('<table class="moves">'):section.index("</table>")]
    numeric = [r for r in notebook("01").key_results if r.unit in NUMERIC_UNITS]
    assert moves.count("<tr") == 1 + len(numeric)  # each result and what moves it most
    assert "Scenario base" not in index  # no scenario's runs were asked for
    sources = re.findall(r"""(?:src|href)=["']([^"'#][^"']*)["']""", index)
    assert all(not s.startswith(("http:", "https:", "//")) for s in sources)
