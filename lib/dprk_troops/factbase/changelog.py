"""The fact base's change log (``seeds/CHANGES.md``): every changed field of every row.

A change is (file, row id, field, old, new, reason). ``diff`` finds the changes between two
copies of the fact base's YAML; ``render_table`` writes them as the Markdown table of one
revision; ``parse`` reads every revision's table back, and ``apply`` replays them on an
older copy, so ``tests/test_changes.py`` proves the log lists every change since its base
commit (the fact base at that commit, plus the log, is the fact base now).

Long texts (notes, labels, descriptions) are logged as "rewritten" with the reason: their
old wording is in git. Every other field is logged old -> new, exactly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Change", "apply", "base_commit", "diff", "parse", "render_table"]

#: The files and the id field of their rows; a source's people are rows of their own,
#: with ids ``<source_id>.people.<key>``.
ROW_IDS = {"facts.yaml": "fact_id", "events.yaml": "event_id", "options.yaml": "option_id",
           "sources.yaml": "source_id"}
TEXT_FIELDS = frozenset({"note", "label", "description", "title_note", "published_note",
                         "outlet_basis", "role", "name"})
NEW, REMOVED, REWRITTEN = "(new row)", "(removed)", "rewritten"


@dataclass(frozen=True)
class Change:
    file: str
    row: str
    field: str
    old: Any = None
    new: Any = None
    reason: str = ""


def _rows(file: str, data: list[dict[str, Any]] | None) -> dict[str, dict[str, Any]]:
    key = ROW_IDS[file]
    rows: dict[str, dict[str, Any]] = {}
    for entry in data or []:
        entry = dict(entry)
        if file == "sources.yaml":
            for person in entry.pop("people", None) or []:
                rows[f"{entry[key]}.people.{person['key']}"] = dict(person)
        rows[entry[key]] = entry
    return rows


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every change from ``old`` to ``new``: each maps a file name to its parsed YAML."""
    changes = []
    for file in ROW_IDS:
        before, after = _rows(file, old.get(file)), _rows(file, new.get(file))
        for row in after:
            if row not in before:
                changes.append(Change(file, row, NEW))
                continue
            for name in dict.fromkeys([*before[row], *after[row]]):
                a, b = before[row].get(name), after[row].get(name)
                if a != b:
                    changes.append(Change(file, row, name, a, b))
        changes += [Change(file, row, REMOVED) for row in before if row not in after]
    return changes


def _cell(value: Any) -> str:
    return "`" + json.dumps(value, ensure_ascii=False) + "`"


def render_table(changes: Iterable[Change]) -> str:
    """One revision's changes as a Markdown table (the reason says which paragraph)."""
    lines = ["| file | row | field | old | new | reason |", "|---|---|---|---|---|---|"]
    for c in changes:
        if c.field in (NEW, REMOVED):
            old = new = ""
        elif c.field in TEXT_FIELDS and c.old is not None and c.new is not None:
            old, new = REWRITTEN, REWRITTEN
        else:
            old, new = _cell(c.old), _cell(c.new)
        reason = " ".join(c.reason.split()).replace("|", "/")
        lines.append(f"| {c.file} | `{c.row}` | {c.field} | {old} | {new} | {reason} |")
    return "\n".join(lines) + "\n"


_ROW = re.compile(r"^\| (\S+\.yaml) \| `([^`]+)` \| ([^|]+?) \| (.*?) \| (.*?) \| (.*) \|$")


def _value(cell: str) -> Any:
    cell = cell.strip()
    if cell in ("", REWRITTEN):
        return cell
    return json.loads(cell.strip("`"))


def parse(text: str) -> list[Change]:
    """Every change listed in a CHANGES.md, in the order written."""
    changes = []
    for line in text.splitlines():
        match = _ROW.match(line)
        if match:
            file, row, name, old, new, reason = match.groups()
            changes.append(Change(file, row, name.strip(), _value(old), _value(new),
                                  reason.strip()))
    return changes


def base_commit(text: str) -> str | None:
    """The commit the oldest logged revision starts from ('Base: commit 1a2b3c4')."""
    found = re.findall(r"^Base: .*?commit `?([0-9a-f]{7,40})`?", text, flags=re.MULTILINE)
    return found[-1] if found else None


def apply(old: Mapping[str, Any], new: Mapping[str, Any], changes: Iterable[Change]
          ) -> list[str]:
    """What ``diff(old, new)`` finds that ``changes`` does not account for, one line each
    (empty when the log is complete and right). ``changes`` are newest first, as written;
    a field changed in several revisions goes from its oldest old to its newest new."""
    logged: dict[tuple[str, str, str], Change] = {}
    for c in reversed(list(changes)):
        key = (c.file, c.row, c.field)
        first = logged.get(key)
        logged[key] = c if first is None else Change(c.file, c.row, c.field, first.old, c.new,
                                                     c.reason)
    problems = []
    for c in diff(old, new):
        entry = logged.get((c.file, c.row, c.field))
        if entry is None:
            problems.append(f"{c.file}: {c.row}: {c.field} changed but is not in the log")
        elif c.field in (NEW, REMOVED) or entry.old == REWRITTEN:
            continue
        elif (entry.old, entry.new) != (c.old, c.new):
            problems.append(f"{c.file}: {c.row}: {c.field}: the log says "
                            f"{entry.old!r} -> {entry.new!r}, the files {c.old!r} -> {c.new!r}")
        if entry is not None and not entry.reason:
            problems.append(f"{c.file}: {c.row}: {c.field}: the log gives no reason")
    return problems
