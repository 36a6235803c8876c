"""The command line, run as a user runs it: exit codes, formats, filters, --seeds."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import yaml
from support import run_cli

REQUIRED = ["fact_id", "quantity", "value", "low", "high", "unit", "as_of", "speaker",
            "source_id", "source_file", "locator", "excerpt"]


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_facts_csv_has_one_row_per_fact_with_provenance_columns() -> None:
    out = run_cli("facts", "--format", "csv")
    assert out.returncode == 0, out.stderr
    rows = _csv(out.stdout)
    assert set(REQUIRED) <= set(rows[0])
    assert len(rows) == len({r["fact_id"] for r in rows}) > 100
    assert all(r["source_file"].endswith(".txt") for r in rows)
    assert {"10000", "1500", "12750"} <= {r["value"] for r in rows}  # no "10000.0"


def test_facts_filters_by_quantity_and_source() -> None:
    out = run_cli("facts", "--format", "json", "--quantity", "dprk_army_size",
                  "--source", "bnr_breuker_tienduizend")
    rows = json.loads(out.stdout)
    assert rows and {r["quantity"] for r in rows} == {"dprk_army_size"}
    assert {r["source_id"] for r in rows} == {"bnr_breuker_tienduizend"}


def test_unknown_filter_is_a_clear_error() -> None:
    out = run_cli("facts", "--quantity", "dprk_navy_size")
    assert out.returncode == 1
    assert out.stderr.strip() == "--quantity: unknown quantity 'dprk_navy_size'"


def test_table_format_prints() -> None:
    out = run_cli("facts", "--source", "nos_veel_te_winnen")
    assert out.returncode == 0 and "nos_veel_te_winnen" in out.stdout


def test_check_passes_on_the_seeds(texts_dir: Path) -> None:
    out = run_cli("check", "--texts", texts_dir)
    assert out.returncode == 0, out.stderr
    assert "provenance verified" in out.stdout


def test_seeds_option_checks_a_copy(seeds_copy: Path, texts_dir: Path) -> None:
    path = seeds_copy / "facts.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[0]["locator"] = 0
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = run_cli("check", "--seeds", seeds_copy, "--texts", texts_dir)
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1
    assert f"fact {data[0]['fact_id']}: locator: Input should be greater than or equal to 1" \
        in out.stderr
    assert run_cli("facts", "--seeds", seeds_copy).returncode == 1


def test_broken_yaml_exits_nonzero_with_one_line(seeds_copy: Path) -> None:
    (seeds_copy / "sources.yaml").write_text("- source_id: [\n", encoding="utf-8")
    out = run_cli("check", "--seeds", seeds_copy)
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "sources.yaml: line" in lines[0] and "broken YAML" in lines[0]
    assert "Traceback" not in out.stderr


def test_summary_command_summarises_each_article() -> None:
    out = run_cli("summary")
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("  facts:  ") == 5
    assert "nos_veel_te_winnen" in out.stdout


def test_results_describe_lists_each_result_from_the_registry() -> None:
    from dprk_troops.workbook import notebook

    out = run_cli("results", "--describe", "01")
    assert out.returncode == 0, out.stderr
    spec = notebook("01")
    assert out.stdout.startswith("01_cost_vs_revenue: recorded results")
    for r in spec.results:
        assert f"  {r.name}" in out.stdout and f"({r.unit}): {r.label}" in out.stdout
        assert r.meaning in out.stdout
    assert "path_cash_revenue_usd" not in out.stdout
    by_path = run_cli("results", "--describe", "notebooks/03_south_korea_options.ipynb")
    assert "ranking_cross_check" in by_path.stdout
    unknown = run_cli("results", "--describe", "09")
    assert unknown.returncode == 1 and "unknown notebook '09'" in unknown.stderr
    neither = run_cli("results")
    assert neither.returncode == 2 and "--describe NOTEBOOK" in neither.stderr
