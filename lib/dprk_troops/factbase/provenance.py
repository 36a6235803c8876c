"""Check the fact base against the original articles.

For every source with a ``source_file`` found in the texts folder:
- the file's sha256 equals the one in ``sources.yaml``;
and for every fact of that source:
- its ``locator`` names a paragraph that exists (the Nth non-empty line, from 1);
- its ``excerpt`` occurs verbatim in that paragraph;
- the number(s) the excerpt writes, read as Dutch (``dutch_numbers``), are the fact's
  ``value`` (or, for a range or vague plural, its ``low`` and ``high``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .base import FactBase
from .dutch_numbers import find_dutch_numbers
from .schema import Fact, fmt_number

__all__ = ["check_provenance", "numbers_to_verify", "paragraphs", "sha256_of"]


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a seed text: its non-empty lines (white space alone is empty)."""
    return [line for line in text.splitlines() if line.strip()]


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def numbers_to_verify(fact: Fact) -> list[tuple[str, float]]:
    """Which of a fact's numbers its excerpt must show: the value, or a range's bounds."""
    if "range" in fact.flags or fact.value is None:
        named = [("low", fact.low), ("high", fact.high)]
    else:
        named = [("value", fact.value)]
    return [(name, x) for name, x in named if x is not None]


def _check_fact(fact: Fact, paras: list[str], where: str) -> list[str]:
    at = f"{where}: fact {fact.fact_id}"
    if fact.locator > len(paras):
        return [f"{at}: locator {fact.locator}: the text has only {len(paras)} paragraphs"]
    para = paras[fact.locator - 1]
    if fact.excerpt not in para:
        return [f"{at}: excerpt {fact.excerpt!r} not found in paragraph {fact.locator}"]
    numbers = find_dutch_numbers(fact.excerpt)
    problems = []
    for name, x in numbers_to_verify(fact):
        if not any(n.matches(x) for n in numbers):
            read = ", ".join(n.text for n in numbers) or "no number"
            problems.append(f"{at}: {name} {fmt_number(x)} is not what excerpt "
                            f"{fact.excerpt!r} says (read: {read})")
    return problems


def check_provenance(base: FactBase, texts_dir: Path) -> list[str]:
    """Every mismatch between the fact base and the original texts, one line each."""
    texts_dir = Path(texts_dir)
    if not texts_dir.is_dir():
        return [f"{texts_dir}: texts folder not found (expected the seed articles, *.txt)"]
    problems: list[str] = []
    for source in base.sources:
        if source.source_file is None:
            continue
        path = texts_dir / source.source_file
        at = f"sources.yaml: source {source.source_id}"
        if not path.is_file():
            problems.append(f"{at}: source_file {source.source_file!r} not in {texts_dir}")
            continue
        digest = sha256_of(path)
        if source.sha256 is not None and digest != source.sha256:
            problems.append(f"{at}: sha256 of {path} is {digest}, not {source.sha256}")
        paras = paragraphs(path.read_text(encoding="utf-8"))
        for fact in base.facts:
            if fact.source_id == source.source_id:
                problems += _check_fact(fact, paras, base.fact_files[fact.fact_id])
    return problems
