"""The fact base's rules: what each flag, speaker and kind promises, checked by machine.

``seeds/README.md`` defines the flags and fields in words; every part of a definition that a
machine can check is one rule here. The loader runs them all on every read (seeds and extra
files alike), so ``dprk-troops check`` and every notebook see the same problems, one line
each: ``seeds/facts.yaml: fact ana_x: flag range: value 12000 is not the midpoint 12750 of
low and high``.

What a machine cannot check (that a speaker is really the one speaking, that a note says
what the public record says) is left to people: see ``seeds/CHANGES.md`` for the re-reads.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .schema import ARTICLE_SPEAKER, Fact, fmt_number

if TYPE_CHECKING:
    from .base import FactBase

__all__ = ["BASE_RULES", "FACT_RULES", "check_rules", "interval", "overlap"]

#: How a kind-event fact that no timeline event cites says why (in its note).
OFF_TIMELINE = "Not on the timeline:"
_BOUND_FLAGS = ("range", "at_least", "upper_bound")
_NUMBER_FLAGS = ("approximate", *_BOUND_FLAGS)


def _has_number(f: Fact) -> bool:
    return any(x is not None for x in (f.value, f.low, f.high))


# --- rules on one fact -------------------------------------------------------------------
# Each takes a fact and returns its problem (without the "file: fact id: " prefix), or None.


def range_has_two_ends(f: Fact) -> str | None:
    """`range`: the source states two ends, so low < high and value is their midpoint."""
    if "range" not in f.flags or f.value is None:  # no value: a vague plural's rule speaks
        return None
    if f.low is None or f.high is None or not f.low < f.high:
        return "flag range: needs low < high (a range the source states with two ends)"
    mid = (f.low + f.high) / 2
    if not math.isclose(f.value, mid):
        return (f"flag range: value {fmt_number(f.value)} is not the midpoint {fmt_number(mid)} "
                "of low and high")
    return None


def vague_plural_is_approximate(f: Fact) -> str | None:
    """A number with no `value` is a vague plural: low < high, flag approximate, not range."""
    if f.value is not None or not _has_number(f):
        return None
    if f.low is None or f.high is None or not f.low < f.high:
        return ("value is null: a vague plural ('duizenden') needs low < high; "
                "give other figures a value")
    if "approximate" not in f.flags:
        return "value is null (a vague plural): needs the flag approximate"
    if "range" in f.flags:
        return "flag range: a vague plural is not a stated range (flag approximate only)"
    return None


def floor_is_low(f: Fact) -> str | None:
    """`at_least`: low is the floor, high is open, and a value equals low."""
    if "at_least" not in f.flags:
        return None
    if f.low is None or f.high is not None or (f.value is not None and f.value != f.low):
        return "flag at_least: needs low (the floor), no high, and value equal to low"
    return None


def ceiling_is_high(f: Fact) -> str | None:
    """`upper_bound`: high is the ceiling, low is open, and a value equals high."""
    if "upper_bound" not in f.flags:
        return None
    if f.high is None or f.low is not None or (f.value is not None and f.value != f.high):
        return "flag upper_bound: needs high (the ceiling), no low, and value equal to high"
    return None


def one_kind_of_bound(f: Fact) -> str | None:
    """At most one of `range`, `at_least`, `upper_bound`."""
    both = [x for x in _BOUND_FLAGS if x in f.flags]
    return f"flags {' and '.join(both)} exclude each other" if len(both) > 1 else None


def number_flags_need_a_number(f: Fact) -> str | None:
    """`approximate`, `range`, `at_least`, `upper_bound` hedge numbers: never a claim or event."""
    wrong = [x for x in _NUMBER_FLAGS if x in f.flags]
    if wrong and not _has_number(f):
        return (f"flag {wrong[0]}: applies to numbers only, and this {f.kind} has none "
                "(say a vague date in the note)")
    return None


def unattributed_is_the_article(f: Fact) -> str | None:
    """`unattributed` exactly when the speaker is the article itself."""
    if "unattributed" in f.flags and f.speaker != ARTICLE_SPEAKER:
        return (f"flag unattributed: the speaker is {f.speaker!r}; unattributed means the "
                f"article's own voice (speaker {ARTICLE_SPEAKER!r})")
    return None


def secondhand_names_its_origin(f: Fact) -> str | None:
    """`secondhand`: a person relays someone else's figure, named in original_source and note."""
    if "secondhand" not in f.flags:
        if f.original_source is not None:
            return "original_source is only for a fact flagged secondhand"
        return None
    if f.speaker == ARTICLE_SPEAKER:
        return ("flag secondhand: the article's own attribution makes the original source the "
                "speaker; secondhand is for a person relaying someone else")
    if f.original_source is None:
        return "flag secondhand: needs original_source (whom the speaker relays)"
    if f.original_source not in f.note:
        return f"flag secondhand: the note must name the original source {f.original_source!r}"
    return None


def public_record_says_the_record(f: Fact) -> str | None:
    """`public_record`: the note says what the record says (it mentions 'record')."""
    if "public_record" in f.flags and "record" not in f.note.lower():
        return "flag public_record: the note must say what the public record says"
    return None


#: In order: a fact reports the first rule it breaks (the later ones assume the earlier).
FACT_RULES: tuple[Callable[[Fact], str | None], ...] = (
    number_flags_need_a_number,
    one_kind_of_bound,
    vague_plural_is_approximate,
    range_has_two_ends,
    floor_is_low,
    ceiling_is_high,
    unattributed_is_the_article,
    secondhand_names_its_origin,
    public_record_says_the_record,
)


# --- rules across facts ------------------------------------------------------------------


def interval(f: Fact) -> tuple[float, float]:
    """A numeric fact's interval: a point [v, v], at least [low, inf), up to (-inf, high]."""
    low, high = f.bounds()
    return (-math.inf if low is None else low, math.inf if high is None else high)


def overlap(a: Fact, b: Fact) -> bool:
    (a0, a1), (b0, b1) = interval(a), interval(b)
    return a0 <= b1 and b0 <= a1


@dataclass(frozen=True)
class _Where:
    base: FactBase

    def fact(self, fact_id: str) -> str:
        return f"{self.base.fact_files[fact_id]}: fact {fact_id}"


def _numeric_by_quantity(base: FactBase) -> dict[str, list[Fact]]:
    out: dict[str, list[Fact]] = {}
    for f in base.facts:
        if _has_number(f):
            out.setdefault(f.quantity, []).append(f)
    return out


def inconsistent_is_mutual(base: FactBase) -> Iterator[str]:
    """`inconsistent`: the note names a row it disagrees with, flagged and naming it back;
    for numbers, a row of the same quantity whose interval does not overlap."""
    at = _Where(base)
    by_id = {f.fact_id: f for f in base.facts}
    for f in base.facts:
        if "inconsistent" not in f.flags:
            continue
        named = [o for o in by_id.values() if o.fact_id != f.fact_id and o.fact_id in f.note]
        if _has_number(f):
            named = [o for o in named if o.quantity == f.quantity and not overlap(f, o)]
            what = f"another {f.quantity} row whose figure does not overlap this one"
        else:
            what = "the row it contradicts"
        if not named:
            yield f"{at.fact(f.fact_id)}: flag inconsistent: the note must name {what}"
            continue
        mutual = [o for o in named if "inconsistent" in o.flags and f.fact_id in o.note]
        if not mutual:
            yield (f"{at.fact(f.fact_id)}: flag inconsistent: {named[0].fact_id} must be flagged "
                   f"inconsistent too and name {f.fact_id} in its note (disagreement is mutual)")


def _figure(f: Fact) -> str:
    low, high = f.bounds()
    if f.value is not None:
        return fmt_number(f.value)
    return f"{fmt_number(low or 0)}-{fmt_number(high or 0)}"


def disjoint_figures_are_explained(base: FactBase) -> Iterator[str]:
    """Rows of one quantity whose intervals do not overlap: one note names the other
    (flagged inconsistent, or saying why they are not in conflict)."""
    at = _Where(base)
    for rows in _numeric_by_quantity(base).values():
        for a, b in itertools.combinations(rows, 2):
            if overlap(a, b) or a.fact_id in b.note or b.fact_id in a.note:
                continue
            # Named at the later row: an analyst's extra file is read after the seeds.
            yield (f"{at.fact(b.fact_id)}: {_figure(b)} and {a.fact_id}'s {_figure(a)} do not "
                   f"overlap: flag both inconsistent, or say in one note why they do not "
                   f"conflict, naming the other")


def events_are_on_the_timeline(base: FactBase) -> Iterator[str]:
    """A fact of kind event is cited by a timeline event, or its note says why not."""
    at = _Where(base)
    cited = {fid for e in base.events for fid in e.fact_ids}
    for f in base.facts:
        if f.kind == "event" and f.fact_id not in cited and OFF_TIMELINE not in f.note:
            yield (f"{at.fact(f.fact_id)}: kind event: cite it in events.yaml, or write "
                   f"'{OFF_TIMELINE} <why>' in its note")


def event_dates_match_their_facts(base: FactBase) -> Iterator[str]:
    """A timeline event's date agrees with the as_of of the event facts it cites (one is the
    other at a coarser precision: 2024-10 and 2024-10-23 agree)."""
    by_id = {f.fact_id: f for f in base.facts}
    where = base.events_file
    for e in base.events:
        for fid in e.fact_ids:
            f = by_id.get(fid)
            if f is None or f.kind != "event":
                continue
            if not (f.as_of.startswith(e.date) or e.date.startswith(f.as_of)):
                yield (f"{where}: event {e.event_id}: date {e.date} disagrees with as_of "
                       f"{f.as_of} of its fact {fid}: one event per dated happening")


BASE_RULES: tuple[Callable[[FactBase], Iterator[str]], ...] = (
    inconsistent_is_mutual,
    disjoint_figures_are_explained,
    events_are_on_the_timeline,
    event_dates_match_their_facts,
)


def check_rules(base: FactBase) -> list[str]:
    """Every rule broken anywhere in the fact base, one line each."""
    at = _Where(base)
    problems = []
    for f in base.facts:
        msg = next((m for rule in FACT_RULES if (m := rule(f)) is not None), None)
        if msg is not None:
            problems.append(f"{at.fact(f.fact_id)}: {msg}")
    for base_rule in BASE_RULES:
        problems += base_rule(base)
    return problems
