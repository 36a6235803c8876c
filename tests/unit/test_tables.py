"""tables: every table a notebook shows reads cleanly and is the same on every run."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from dprk_troops.factbase.facts import load_facts, load_options
from dprk_troops.factbase.scores import read_option_scores
from dprk_troops.models import comparisons as cmp
from dprk_troops.models import options as mcda
from dprk_troops.models import revenue
from dprk_troops.present import tables, views
from dprk_troops.present.results import PARAMETERS_MIME
from dprk_troops.workbook import NOTEBOOKS
from reader_text import html_text, reader_problems

SCIENTIFIC = re.compile(r"\d(\.\d+)?e[+-]?\d+", re.IGNORECASE)


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return load_facts()


def _every_table(facts: pd.DataFrame) -> dict[str, tables.Table]:
    options = load_options()
    scores = read_option_scores()
    labels = dict(zip(options["option_id"], options["label"], strict=True))
    criteria = scores.criteria["label"].to_dict()
    result = views.options_result(scores, labels, scores.default_weights, "weighted_sum")
    freq = mcda.random_weight_ranks(scores.matrix(), scores.directions, n=200, seed=1)
    freq = freq.rename_axis("option_id").reset_index()
    freq["label"] = freq["option_id"].map(labels)
    out = {
        "facts": tables.facts(facts),
        "comparisons": tables.comparisons(cmp.comparison_table(facts, 10_000)),
        "timeline": tables.timeline(cmp.troop_timeline(facts)),
        "options": tables.options(options, facts),
        "matrix": tables.score_matrix(scores.matrix(), labels, criteria),
        "reasons": tables.criterion_scores(scores.scores, labels, criteria, facts),
        "ranking": tables.ranking(result.table),
        "first": tables.first_rank_shares(freq),
        "risks": tables.political_risks(revenue.political_risks(facts)),
        "arms": tables.arms_deliveries(revenue.arms_delivery_context(facts)),
    }
    for stem, nb in NOTEBOOKS.items():
        out[f"parameters {stem}"] = views.parameters_table(nb.resolve(facts, {}), facts)
    return out


@pytest.fixture(scope="module")
def every_table(facts: pd.DataFrame) -> dict[str, tables.Table]:
    return _every_table(facts)


def test_tables_read_cleanly(every_table: dict[str, tables.Table]) -> None:
    for name, t in every_table.items():
        for text in (t.plain, html_text(t.html)):
            assert not reader_problems(text), (name, reader_problems(text)[:3])
            assert "NaN" not in text and "None" not in text and "nan" not in text.split()
            assert not SCIENTIFIC.search(text), name


def test_no_integer_index(every_table: dict[str, tables.Table]) -> None:
    for name, t in every_table.items():
        assert "row_heading" not in t.html and "blank level0" not in t.html, name
        first = t.plain.splitlines()[1].split()
        assert first[0] != "0", name


def test_text_is_wrapped_never_cut(facts: pd.DataFrame) -> None:
    long = "word " * 200
    t = tables.reader_table(pd.DataFrame({"Reason": [long.strip()]}))
    assert long.strip() in t.plain and long.strip() in t.html
    assert "white-space: normal" in t.html and "max-width" in t.html
    every = tables.facts(facts)
    shown = html_text(every.html)
    assert all(str(excerpt) in shown and str(excerpt) in every.plain
               for excerpt in facts["excerpt"])


def test_thousands_separators_and_units(every_table: dict[str, tables.Table]) -> None:
    assert "12,750 soldiers" in every_table["parameters 01_cost_vs_revenue"].plain
    assert "$2,000 per soldier per month" in every_table["facts"].plain
    assert "1,500,000" in every_table["comparisons"].plain
    assert "0.67% (0.5% to 1%)" in every_table["comparisons"].plain
    assert "12,750 soldiers (12,500 to 13,000)" in every_table["timeline"].plain
    assert "at least $1.7 billion" in every_table["arms"].plain


def test_labels_instead_of_ids(every_table: dict[str, tables.Table]) -> None:
    assert "Blinken (NOS)" in every_table["facts"].plain
    assert "Closer cooperation with the EU and NATO" in every_table["ranking"].plain
    assert "eu_nato_cooperation" not in every_table["ranking"].plain
    assert "Risk of escalation" in every_table["matrix"].plain
    assert "escalation_risk" not in every_table["matrix"].plain
    assert "unattributed" in every_table["facts"].plain
    assert "upper bound" in every_table["facts"].plain and "upper_bound" not in \
        every_table["facts"].plain
    for stem in NOTEBOOKS:  # parameters in words: no parameter name, no fact id
        plain = every_table[f"parameters {stem}"].plain
        for p in NOTEBOOKS[stem].params:  # names that are code, not words ("months")
            assert "_" not in p.name or p.name not in plain, (stem, p.name)
        assert "nos1_" not in plain and "ana_" not in plain and "bnr_" not in plain


def test_missing_values_read_as_a_dash() -> None:
    df = pd.DataFrame({"fact_id": ["a", "b"], "value": [np.nan, 3.0], "low": [np.nan, 3.0],
                       "high": [np.nan, 3.0], "unit": ["none", "years"],
                       "attribution": [None, "X (NOS)"], "locator": [1, 2],
                       "excerpt": ["één", pd.NA], "flags": [[], ["at_least"]]})
    t = tables.facts(df)
    assert tables.DASH in t.plain and "3 years" in t.plain and "at least" in t.plain
    assert not reader_problems(t.plain)


def test_fact_figures() -> None:
    nan = float("nan")
    assert tables.fact_figure(1e4, 1e4, 1e4, "soldiers") == "10,000 soldiers"
    assert tables.fact_figure(nan, 2000, 10_000, "soldiers") == "2,000 to 10,000 soldiers"
    assert tables.fact_figure(5.5e9, nan, 5.5e9, "usd") == "up to $5.5 billion"
    assert tables.fact_figure(19.0, 19.0, 19.0, "percent") == "19%"
    assert tables.fact_figure(nan, nan, nan, "none") == tables.DASH


def test_parameter_values() -> None:
    assert tables.param_value(2000.0, "USD per soldier per month") == \
        "$2,000 per soldier per month"
    assert tables.param_value(0.0, "USD, whole deployment") == "$0 over the whole deployment"
    assert tables.param_value(0.5, "share (0-1)") == "50%"
    assert tables.param_value({"troops": [1500, 13000]}, "") == "troops 1,500 to 13,000"
    assert tables.param_value({"deterrence": 0.25}, "") == "deterrence 0.25"
    assert tables.param_value("dprk_army_size", "") == "North Korea's army"
    assert tables.param_value(100_000, "draws") == "100,000 draws"


def test_output_is_deterministic_and_has_no_memory_address(facts: pd.DataFrame) -> None:
    first, second = _every_table(facts), _every_table(facts)
    for name in first:
        assert first[name] == second[name], name
        bundle = first[name]._repr_mimebundle_()
        parts = {"text/html", "text/plain"} | (
            {PARAMETERS_MIME} if name.startswith("parameters") else set()) | (
            {tables.FACT_IDS_MIME} if first[name].fact_ids else set())
        assert set(bundle) == parts
        assert " at 0x" not in bundle["text/plain"] and "Styler" not in bundle["text/plain"]
        assert "id=\"T_" in bundle["text/html"] and "_row0_col0" not in bundle["text/html"]


def test_html_escapes_text_from_the_data() -> None:
    t = tables.reader_table(pd.DataFrame({"Note": ["<script>alert(1)</script> & co"]}))
    assert "<script>" not in t.html and "&lt;script&gt;" in t.html and "&amp; co" in t.html


def test_sources_in_words_and_fact_ids_only_beside_the_table(
        every_table: dict[str, tables.Table], facts: pd.DataFrame) -> None:
    """A reader meets who said it and where, never a fact id; the ids travel in a part of
    their own, for the report's analysts' block. (The parameters tables are the notebooks'
    assumptions, whose reasons issue 17's parameter work puts in words.)"""
    ids = set(facts["fact_id"].astype(str))
    for name, t in every_table.items():
        if name.startswith("assumptions"):
            continue
        shown = set(re.findall(r"[a-z0-9]+(?:_[a-z0-9]+)+", t.plain + html_text(t.html)))
        assert not shown & ids, (name, sorted(shown & ids)[:3])
    for name in ("facts", "options", "reasons", "risks", "arms"):
        t = every_table[name]
        assert t.fact_ids and set(t.fact_ids) <= ids, name
        assert t._repr_mimebundle_()[tables.FACT_IDS_MIME] == list(t.fact_ids)
    assert "Blinken (NOS), paragraph 3" in tables.citations(facts, ["nos1_blinken_10000"])
    assert "Breuker (column Update Noord-/Zuid-Korea), paragraph 13" in every_table["reasons"].plain


def test_random_weight_shares_read_most_often_first(
        every_table: dict[str, tables.Table]) -> None:
    body = every_table["first"].plain.splitlines()[1:]
    shares = [float(re.search(r"(\d+(?:\.\d+)?)%", line).group(1)) for line in body]
    assert shares == sorted(shares, reverse=True) and len(shares) == 6


def test_the_timelines_place_stays_on_one_line(every_table: dict[str, tables.Table]) -> None:
    """'in Russia' must not wrap into 'in' over 'Russia' in its narrow column."""
    html = every_table["timeline"].html
    assert "in\u00a0Russia" in html or "in&nbsp;Russia" in html
    assert ">in Russia<" not in html
