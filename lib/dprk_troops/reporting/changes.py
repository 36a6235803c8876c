"""What changed between two reports: the "Since the last report" of every index, the
``changes`` object of ``manifest.json``, ``dprk-troops diff`` and the feed's entries.

A report is compared with the one it replaces (or any two, by ``diff``) on what a reader
cares about, never on timings or cache hits:

- each key result that moved, per scenario and notebook: old -> new, and by how much;
- each fact-base row added, removed or changed (``changelog.diff`` over the fact-base files
  that each build keeps in ``fact-base/``), field by field, old -> new, with the reason that
  ``CHANGES.md`` gives for that change where it gives one;
- each scenario or run added or removed, each parameter of a run changed;
- package versions, and the workbook's own code (its digest);
- runs that failed, and runs that failed last time and now succeed.

Every item carries a ``text`` in words for readers (labels, not ids or digests); the ids,
field names and digests stay in the data, which the index shows only in a collapsed block
for analysts. ``compare`` is pure: ``read_snapshot`` does the reading.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DprkTroopsError

__all__ = ["FACT_BASE_DIR", "Snapshot", "compare", "describe_row", "lines",
           "read_kept_fact_base", "read_snapshot", "summary_line"]

#: Where a build keeps the fact-base files it used (``*.yaml`` and ``CHANGES.md``).
FACT_BASE_DIR = "fact-base"
#: Results closer than this (relative) have not moved: the models are deterministic.
TOLERANCE = 1e-9
#: Categories of change, in the order a reader sees them.
CATEGORIES = ("runs", "results", "facts", "scenarios", "versions", "code")


@dataclass(frozen=True)
class Snapshot:
    """What a report is compared on: its manifest, and the fact base it used (each file's
    parsed YAML; None when the build did not keep it) with its change log."""

    manifest: Mapping[str, Any]
    fact_base: Mapping[str, Any] | None = None
    changelog: str = ""


def read_kept_fact_base(folder: Path) -> tuple[dict[str, Any] | None, str]:
    """The fact-base files a build kept (each parsed) and its change log; (None, '') when
    it kept none or they cannot be read."""
    import yaml

    kept = Path(folder) / FACT_BASE_DIR
    if not kept.is_dir():
        return None, ""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ten times faster
    try:
        files = {f.name: yaml.load(f.read_text(encoding="utf-8"), Loader=loader)
                 for f in sorted(kept.glob("*.yaml"))}
        log = kept / "CHANGES.md"
        return files, log.read_text(encoding="utf-8") if log.is_file() else ""
    except (OSError, yaml.YAMLError):
        return None, ""


def read_snapshot(folder: Path, fact_base: bool = True) -> Snapshot:
    """A report folder (``reports/``: its current report) or a build folder, read for
    comparing (its kept fact base too, unless ``fact_base`` is False). DprkTroopsError
    (one line) when its manifest is missing or unreadable."""
    folder = Path(folder)
    if (folder / "current").is_symlink():  # a report folder: its published build
        folder = (folder / "current").resolve()
    path = folder / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DprkTroopsError(f"{path}: not found: not a report folder or build") from None
    except (OSError, ValueError) as exc:
        raise DprkTroopsError(f"{path}: unreadable ({exc})".splitlines()[0]) from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("runs"), list):
        raise DprkTroopsError(f"{path}: not a report's manifest (no runs)")
    if not fact_base:
        return Snapshot(manifest)
    return Snapshot(manifest, *read_kept_fact_base(folder))


# --- words ---------------------------------------------------------------------------------

_TOKENS = {"dprk": "DPRK", "rok": "South Korea's", "usd": "in dollars", "nis": "NIS",
           "us": "US", "eu": "EU", "nato": "NATO", "mc": "Monte Carlo"}
FIELD_WORDS = {"value": "value", "low": "lower end", "high": "upper end", "as_of": "date",
               "locator": "paragraph", "excerpt": "quoted words", "note": "note",
               "flags": "flags", "speaker": "speaker", "kind": "kind", "unit": "unit",
               "quantity": "what it measures", "original_source": "original source",
               "label": "label", "date": "date", "fact_ids": "facts cited",
               "description": "description", "status": "status", "category": "category"}


def _words(name: str) -> str:
    return " ".join(_TOKENS.get(w, w) for w in str(name).split("_"))


def _short(text: Any, n: int = 70) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


def describe_row(file: str, row_id: str, fact_base: Mapping[str, Any] | None) -> str:
    """A fact-base row in words: 'Breuker's figure on DPRK army size (NOS)', 'the
    timeline event "..."', 'the option "..."'. Falls back to the id's words."""
    rows = (fact_base or {}).get(file) or []
    if file == "sources.yaml":
        source_id, _, person = row_id.partition(".people.")
        source = next((r for r in rows if r.get("source_id") == source_id), {})
        outlet = source.get("outlet") or _words(source_id)
        if person:
            who = next((p for p in source.get("people") or [] if p.get("key") == person), {})
            return f"{who.get('name') or person}, quoted by {outlet}"
        return f"the article from {outlet}"
    key = {"facts.yaml": "fact_id", "events.yaml": "event_id", "options.yaml": "option_id"
           }.get(file, "")
    row = next((r for r in rows if r.get(key) == row_id), None)
    if row is None:
        return _words(row_id)
    if file == "facts.yaml":
        sources = (fact_base or {}).get("sources.yaml") or []
        outlet = next((s.get("outlet") for s in sources
                       if s.get("source_id") == row.get("source_id")), None)
        speaker = row.get("speaker")
        who = "the article's" if speaker in (None, "article") else f"{speaker}'s"
        what = "figure" if row.get("kind") in ("figure", "estimate") else row.get("kind", "row")
        return (f"{who} {what} on {_words(row.get('quantity', row_id))}"
                + (f" ({outlet})" if outlet else ""))
    if file == "events.yaml":
        return f'the timeline event "{_short(row.get("label", row_id))}"'
    return f'the option "{_short(row.get("label", row_id))}"'


def _fact_value(value: Any, unit: Any) -> str:
    from ..present.tables import UNIT_FORMATS, fmt_number

    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        fmt, suffix = UNIT_FORMATS.get(str(unit), (fmt_number, ""))
        return f"{fmt(value)}{suffix}"
    if isinstance(value, list):
        return ", ".join(_words(v) for v in value) or "none"
    return _short(value, 60)


def _result_text(spec: Any, value: Any) -> str:
    from ..present.formats import format_result

    return format_result(spec, value)


def _movement(spec: Any, old: float, new: float) -> str:
    """'up $22 million, +7.9%', 'down 0.05 percentage points, -6.3%'."""
    from ..present.formats import format_result

    way = "up" if new > old else "down"
    if spec.unit == "share":
        by = f"{abs(new - old) * 100:.2g} percentage points"
    else:
        by = format_result(spec, abs(new - old))
    if old:
        return f"{way} {by}, {(new - old) / abs(old):+.1%}"
    return f"{way} {by}"


def _moved(old: Any, new: Any) -> bool:
    if isinstance(old, int | float) and isinstance(new, int | float) \
            and not isinstance(old, bool) and not isinstance(new, bool):
        return not math.isclose(float(old), float(new), rel_tol=TOLERANCE, abs_tol=0.0)
    return old != new


# --- the comparison ------------------------------------------------------------------------

def _runs(manifest: Mapping[str, Any]) -> dict[tuple[str, str], Mapping[str, Any]]:
    return {(r.get("notebook", ""), r.get("scenario", "")): r
            for r in manifest.get("runs") or [] if isinstance(r, Mapping)}


def _where(notebook: str, scenario: str) -> str:
    from ..workbook import NOTEBOOKS

    nb = NOTEBOOKS.get(notebook)
    title = f"{nb.number}. {nb.title}" if nb is not None else _words(notebook)
    return f"scenario {scenario}, {title}"


def _result_changes(old: Mapping[tuple[str, str], Any], new: Mapping[tuple[str, str], Any]
                    ) -> list[dict[str, Any]]:
    from ..workbook import NOTEBOOKS

    out = []
    for key in new:
        if key not in old or key[0] not in NOTEBOOKS:
            continue
        before, after = old[key].get("results") or {}, new[key].get("results") or {}
        for spec in NOTEBOOKS[key[0]].key_results:
            if spec.name not in before or spec.name not in after:
                continue
            a, b = before[spec.name], after[spec.name]
            if not _moved(a, b):
                continue
            item = {"notebook": key[0], "scenario": key[1], "result": spec.name,
                    "label": spec.label, "unit": spec.unit, "old": a, "new": b}
            text = f"{spec.label}: {_result_text(spec, a)} \u2192 {_result_text(spec, b)}"
            if isinstance(a, int | float) and isinstance(b, int | float):
                item["delta"] = b - a
                item["relative"] = (b - a) / abs(a) if a else None
                text += f" ({_movement(spec, float(a), float(b))})"
            item["text"] = f"{_where(*key)}: {text}"
            out.append(item)
    return out


def _run_changes(old: Mapping[tuple[str, str], Any], new: Mapping[tuple[str, str], Any]
                 ) -> list[dict[str, Any]]:
    out = []
    for key, run in new.items():
        status = run.get("status")
        if key not in old:
            out.append({"notebook": key[0], "scenario": key[1], "what": "added",
                        "old_status": None, "new_status": status,
                        "text": f"{_where(*key)}: a new run"})
            continue
        was = old[key].get("status")
        if was == status:
            continue
        what = "failed" if status != "ok" else "recovered"
        words = ("failed (it succeeded last time)" if what == "failed"
                 else "succeeded again (it failed last time)")
        out.append({"notebook": key[0], "scenario": key[1], "what": what,
                    "old_status": was, "new_status": status,
                    "text": f"{_where(*key)}: {words}"})
    for key in old:
        if key not in new:
            out.append({"notebook": key[0], "scenario": key[1], "what": "removed",
                        "old_status": old[key].get("status"), "new_status": None,
                        "text": f"{_where(*key)}: no longer run"})
    return out


def _parameter_changes(old: Mapping[tuple[str, str], Any],
                       new: Mapping[tuple[str, str], Any],
                       old_notes: Mapping[str, str], new_notes: Mapping[str, str]
                       ) -> list[dict[str, Any]]:
    from ..present.tables import param_value
    from ..workbook import NOTEBOOK_PARAMS

    out = []
    for key, run in new.items():
        if key not in old:
            continue
        before, after = old[key].get("parameters") or {}, run.get("parameters") or {}
        specs = {p.name: p for p in NOTEBOOK_PARAMS.get(key[0], ())}
        for name in dict.fromkeys([*before, *after]):
            a, b = before.get(name), after.get(name)
            if a == b:
                continue
            spec = specs.get(name)

            def shown(v: Any, spec: Any = spec) -> str:
                if v is None:
                    return "the default" if spec is None else param_value(spec.default,
                                                                           spec.unit)
                return param_value(v, spec.unit if spec is not None else "")

            out.append({"notebook": key[0], "scenario": key[1], "parameter": name,
                        "old": a, "new": b, "what": "parameter",
                        "text": f"{_where(*key)}: {_words(name)} {shown(a)} \u2192 "
                                f"{shown(b)}"})
    for name in dict.fromkeys([*new_notes, *old_notes]):
        a, b = old_notes.get(name), new_notes.get(name)
        if a is not None and b is not None and a != b:
            out.append({"scenario": name, "what": "description", "old": a, "new": b,
                        "text": f"scenario {name}: its description was rewritten"})
    return out


def _reason(changes: Sequence[Any], file: str, row: str, field: str, old: Any,
            new: Any) -> str:
    """The change log's reason for this change, when it logs it (newest first)."""
    from ..factbase.changelog import REWRITTEN

    for c in changes:
        if (c.file, c.row, c.field) != (file, row, field):
            continue
        if c.old == REWRITTEN or (c.old, c.new) == (old, new) or c.field.startswith("("):
            return c.reason
    return ""


def _fact_changes(old: Snapshot, new: Snapshot) -> list[dict[str, Any]]:
    from ..factbase.changelog import NEW, REMOVED, TEXT_FIELDS, diff, parse

    if old.fact_base is None or new.fact_base is None:
        return []
    logged = parse(new.changelog)
    out = []
    for c in diff(old.fact_base, new.fact_base):
        base = new.fact_base if c.field != REMOVED else old.fact_base
        what = describe_row(c.file, c.row, base)
        rows = (base.get(c.file) or []) if c.file == "facts.yaml" else []
        unit = next((r.get("unit") for r in rows if r.get("fact_id") == c.row), None)
        if c.field == NEW:
            text = f"new: {what}"
        elif c.field == REMOVED:
            text = f"removed: {what}"
        elif c.field in TEXT_FIELDS and c.old is not None and c.new is not None:
            text = f"{what}: its {FIELD_WORDS.get(c.field, _words(c.field))} was rewritten"
        else:
            text = (f"{what}: {FIELD_WORDS.get(c.field, _words(c.field))} "
                    f"{_fact_value(c.old, unit)} \u2192 {_fact_value(c.new, unit)}")
        reason = _reason(logged, c.file, c.row, c.field, c.old, c.new)
        item = {"file": c.file, "id": c.row, "field": c.field, "old": c.old, "new": c.new,
                "reason": reason, "text": text + (f" (why: {reason})" if reason else "")}
        out.append(item)
    return out


def _version_changes(old: Mapping[str, Any], new: Mapping[str, Any]
                     ) -> list[dict[str, Any]]:
    before, after = old.get("versions") or {}, new.get("versions") or {}
    out = []
    for name in dict.fromkeys([*after, *before]):
        if before.get(name) != after.get(name):
            a, b = before.get(name, "not installed"), after.get(name, "not installed")
            out.append({"package": name, "old": a, "new": b, "text": f"{name} {a} \u2192 {b}"})
    return out


def compare(old: Snapshot | None, new: Snapshot, unreadable: str | None = None
            ) -> dict[str, Any]:
    """The ``changes`` object of ``new`` against ``old`` (None: no previous report, or
    ``unreadable`` says why it could not be read). Pure: no file is read."""
    base: dict[str, Any] = {k: [] for k in CATEGORIES[:-1]}
    base["code"] = None
    if old is None:
        status = "unreadable" if unreadable else "first"
        return {"status": status, "previous": None, "note": unreadable,
                "nothing_changed": False, **base,
                "summary": ("The previous report could not be read, so what changed is not "
                            "known." if unreadable else "The first report here.")}
    m_old, m_new = old.manifest, new.manifest
    r_old, r_new = _runs(m_old), _runs(m_new)
    code = None
    if m_old.get("library_sha256") != m_new.get("library_sha256"):
        code = {"old": m_old.get("library_sha256"), "new": m_new.get("library_sha256"),
                "text": "the workbook's own code changed"}
    facts = _fact_changes(old, new)
    if old.fact_base is None or new.fact_base is None:
        a, b = ((m.get("seed_sha256") or {}).get("fact_base") for m in (m_old, m_new))
        if a != b:
            facts = [{"file": None, "id": None, "field": None, "old": a, "new": b,
                      "reason": "", "text": "the fact base changed (the previous report did "
                                            "not keep its files, so the rows cannot be named)"}]
    out = {
        "status": "compared",
        "previous": {k: m_old.get(k) for k in ("build", "finished", "fact_base_revision")},
        "note": None,
        "runs": _run_changes(r_old, r_new),
        "results": _result_changes(r_old, r_new),
        "facts": facts,
        "scenarios": _parameter_changes(r_old, r_new, m_old.get("scenarios") or {},
                                        m_new.get("scenarios") or {}),
        "versions": _version_changes(m_old, m_new),
        "code": code,
    }
    out["nothing_changed"] = not any(out[k] for k in CATEGORIES)
    out["summary"] = summary_line(out)
    return out


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary_line(changes: Mapping[str, Any]) -> str:
    """One line: 'Nothing changed.', or what changed, e.g. '4 key results moved; 1 fact
    changed.'"""
    if changes.get("status") != "compared":
        return str(changes.get("summary", ""))
    parts = []
    runs = changes.get("runs") or []
    failed = sum(r["what"] == "failed" for r in runs)
    recovered = sum(r["what"] == "recovered" for r in runs)
    if failed:
        parts.append(_count(failed, "run failed", "runs failed"))
    if recovered:
        parts.append(_count(recovered, "run recovered", "runs recovered"))
    if changes.get("results"):
        parts.append(_count(len(changes["results"]), "key result moved", "key results moved"))
    if changes.get("facts"):
        parts.append(_count(len(changes["facts"]), "fact-base change", "fact-base changes"))
    other = len(changes.get("scenarios") or []) + (len(runs) - failed - recovered)
    if other:
        parts.append(_count(other, "scenario or parameter change",
                            "scenario or parameter changes"))
    if changes.get("versions"):
        parts.append(_count(len(changes["versions"]), "package version changed",
                            "package versions changed"))
    if changes.get("code"):
        parts.append("the workbook's code changed")
    if not parts:
        return "Nothing changed."
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def lines(changes: Mapping[str, Any]) -> list[str]:
    """Every change in words, one line each (``diff``'s text, the feed's content)."""
    if changes.get("status") != "compared":
        return [str(changes.get("summary", ""))]
    if changes.get("nothing_changed"):
        return ["Nothing changed."]
    out = []
    for category in CATEGORIES:
        items = changes.get(category)
        if category == "code":
            items = [items] if items else []
        out += [item["text"] for item in items or []]
    return out
