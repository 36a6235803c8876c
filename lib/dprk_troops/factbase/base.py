"""A read fact base: every table as a list of validated records, with where each came from.

Its own module, so that the reader (``facts``) and the rules (``rules``) that check what
it read both use it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths

if TYPE_CHECKING:
    from .schema import Event, Fact, Option, Source

__all__ = ["FactBase"]


@dataclass
class FactBase:
    """The validated fact base: every table as a list of records, with where each came from."""

    seeds_dir: Path
    sources: list[Source] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    fact_files: dict[str, str] = field(default_factory=dict)
    #: How messages name events.yaml (relative to the working directory when below it).
    events_file: str = paths.EVENTS_FILE

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.source_id == source_id)
