"""What a reader must never see in a page or a stored notebook's output (placeholder)."""

from __future__ import annotations


def reader_problems(text: str) -> list[str]:
    return [w for w in ("Traceback", "ERROR", "NaN") if w in text]
