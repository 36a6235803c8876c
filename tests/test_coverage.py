"""Coverage: every number written in a seed article is inside the excerpt of some fact in
the same paragraph, except the few listed below, each with the reason it is no figure."""

from __future__ import annotations

from pathlib import Path

import pytest
from dprk_troops.factbase.dutch_numbers import find_dutch_numbers
from dprk_troops.factbase.facts import read_fact_base
from dprk_troops.factbase.provenance import paragraphs

#: (seed file prefix, paragraph, number as written) -> why no fact records it.
NOT_FIGURES: dict[tuple[str, int, str], str] = {
    ("001", 2, "11"): "page furniture: publication time 11:05",
    ("001", 2, "05"): "page furniture: publication time 11:05",
    ("001", 10, "1"): "the name of a radio station (NOS Radio 1)",
    ("002", 6, "twee"): "counts the two leaders named next (Putin and Kim), not a figure",
    ("002", 6, "1"): "'Trump 1.0': Trump's first term, not a figure",
    ("002", 6, "0"): "'Trump 1.0': Trump's first term, not a figure",
    ("002", 32, "21"): "'21ste eeuw': the present century, not a figure",
    ("002", 34, "21"): "'21ste eeuw': the present century, not a figure",
    ("002", 61, "2022"): "repeats the invasion year recorded as ana_russia_invasion_20220224",
    ("003", 1, "2024"): "file header 'date 2024-10' (used to date the source)",
    ("003", 1, "10"): "file header 'date 2024-10' (used to date the source)",
    ("003", 2, "22"): "page furniture: publication time 22:00",
    ("003", 2, "00"): "page furniture: publication time 22:00",
    ("004", 1, "2024"): "file header 'date 2024-10' (used to date the source)",
    ("004", 1, "10"): "file header 'date 2024-10' (used to date the source)",
}


def _uncovered(texts_dir: Path) -> set[tuple[str, int, str]]:
    base = read_fact_base()
    missing = set()
    for source in base.sources:
        paras = paragraphs((texts_dir / source.source_file).read_text(encoding="utf-8"))
        prefix = source.source_file[:3]
        for number, para in enumerate(paras, 1):
            spans = []
            for f in base.facts:
                if f.source_id == source.source_id and f.locator == number:
                    start = para.find(f.excerpt)
                    spans.append((start, start + len(f.excerpt)))
            pos = 0
            for n in find_dutch_numbers(para):
                start = para.find(n.text, pos)
                pos = start + len(n.text)
                if not any(a <= start and pos <= b for a, b in spans):
                    missing.add((prefix, number, n.text))
    return missing


def test_every_number_in_the_articles_is_a_fact(texts_dir: Path) -> None:
    missing = _uncovered(texts_dir) - set(NOT_FIGURES)
    assert not missing, "numbers no fact covers (add a fact, or a reason to NOT_FIGURES): " + \
        ", ".join(f"{f}_* paragraph {p}: {t!r}" for f, p, t in sorted(missing))


def test_the_exceptions_are_still_needed(texts_dir: Path) -> None:
    """An exception that no longer matches anything is stale: remove it."""
    stale = set(NOT_FIGURES) - _uncovered(texts_dir)
    assert not stale, f"stale NOT_FIGURES entries: {sorted(stale)}"


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_article_has_facts(prefix: str) -> None:
    base = read_fact_base()
    source = next(s for s in base.sources if s.source_file.startswith(prefix))
    assert sum(f.source_id == source.source_id for f in base.facts) >= 15
