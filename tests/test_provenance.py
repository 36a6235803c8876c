"""Provenance: every excerpt stands in its paragraph of the original article, and says the
number the fact records. Also checks that the check itself catches each kind of mismatch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from dprk_troops.factbase.facts import read_fact_base
from dprk_troops.factbase.provenance import check_provenance, paragraphs


def test_the_fact_base_matches_the_original_texts(texts_dir: Path) -> None:
    problems = check_provenance(read_fact_base(), texts_dir)
    assert problems == []


def test_paragraphs_are_non_empty_lines() -> None:
    assert paragraphs("\n\nfirst\n  \nsecond\n\n") == ["first", "second"]


def _tamper(seeds: Path, **changes: object) -> str:
    path = seeds / "facts.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    row = next(r for r in data if r["value"] == 1500)
    row.update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return row["fact_id"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"excerpt": "1600 militairen"}, "excerpt '1600 militairen' not found in paragraph"),
        ({"locator": 6}, "excerpt '1500 militairen' not found in paragraph 6"),
        ({"locator": 99}, "locator 99: the text has only"),
        ({"value": 15000}, "value 15000 is not what excerpt"),
    ],
)
def test_mismatches_are_caught(seeds_copy: Path, texts_dir: Path, changes: dict,
                               expected: str) -> None:
    fact_id = _tamper(seeds_copy, **changes)
    problems = check_provenance(read_fact_base(seeds_copy), texts_dir)
    assert len(problems) == 1 and f"fact {fact_id}: {expected}" in problems[0]


def test_a_changed_article_fails_its_digest(tmp_path: Path, texts_dir: Path) -> None:
    texts = tmp_path / "texts"
    shutil.copytree(texts_dir, texts)
    article = next(texts.glob("003_*.txt"))
    article.write_text(article.read_text(encoding="utf-8") + "\nextra\n", encoding="utf-8")
    problems = check_provenance(read_fact_base(), texts)
    assert len(problems) == 1 and "sha256 of" in problems[0]


def test_a_missing_article_is_reported(tmp_path: Path, texts_dir: Path) -> None:
    texts = tmp_path / "texts"
    shutil.copytree(texts_dir, texts)
    next(texts.glob("004_*.txt")).unlink()
    problems = check_provenance(read_fact_base(), texts)
    assert problems == [("sources.yaml: source bnr_breuker_tienduizend: source_file "
                         f"'004_7da7a1ff0f9dbecc.txt' not in {texts}")]
