"""The history of a report folder: every published report kept, listed and fed.

Each build carries ``history.json``: one entry per published report still kept, newest
first (when, the fact base's revision and version, the exit code, the runs, a one-line
summary of what changed, and the changes in words). A new report's history is its own
entry followed by its predecessor's, cut to the ``keep`` newest (30 by default,
``--keep N``); builds no longer listed are removed after publishing. Because the history
is part of the build, it is published with the report in the one atomic switch.

From it, in the same build: ``history.html`` (every kept report, with a link to its
build, which stays readable as it was published) and ``feed.xml``, an Atom feed with an
entry for each kept report that changed something. The feed is written with the standard
library's ``xml.etree`` (correct escaping and namespaces, no dependency for forty lines);
the tests read it back with feedparser, as a subscriber's reader would.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .html import templates, when

__all__ = ["BUILDS_LINK", "DEFAULT_KEEP", "HISTORY_FILE", "entry", "feed_xml",
           "history_html", "kept", "read", "updated"]

HISTORY_FILE = "history.json"
DEFAULT_KEEP = 30
#: How a build's pages reach the other builds: each build holds a link ``.builds -> ..``,
#: so ``.builds/<id>/index.html`` works from ``reports/``, ``reports/current/`` and from
#: inside any build alike.
BUILDS_LINK = ".builds"
ATOM = "http://www.w3.org/2005/Atom"
#: At most this many change lines per entry (a new package version can move every run).
MAX_LINES = 40


def entry(manifest: Mapping[str, Any], change_lines: Sequence[str]) -> dict[str, Any]:
    """A report's history entry, from its manifest and its changes in words."""
    changes = manifest.get("changes") or {}
    runs = manifest.get("runs") or []
    return {
        "build": manifest.get("build"),
        "finished": manifest.get("finished"),
        "fact_base_revision": manifest.get("fact_base_revision"),
        "fact_base": (manifest.get("seed_sha256") or {}).get("fact_base"),
        "exit_code": manifest.get("exit_code"),
        "runs": len(runs),
        "ok": sum(r.get("status") == "ok" for r in runs),
        "summary": changes.get("summary", ""),
        "changed": not changes.get("nothing_changed", False),
        "lines": list(change_lines[:MAX_LINES]),
    }


def read(build: Path | None) -> tuple[list[dict[str, Any]], str | None]:
    """A build's history (newest first), and a note when it could not be read."""
    if build is None:
        return [], None
    path = Path(build) / HISTORY_FILE
    if not path.exists():
        return [], None  # a build made before histories were kept
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(entries, list) or not all(isinstance(e, dict) and e.get("build")
                                                    for e in entries):
            raise ValueError("not a list of entries")
    except (OSError, ValueError) as exc:
        return [], f"{path}: unreadable ({exc}); the history starts again here".splitlines()[0]
    return entries, None


def updated(previous: Sequence[Mapping[str, Any]], new: Mapping[str, Any], keep: int
            ) -> list[dict[str, Any]]:
    """The new history: ``new`` first, then the previous entries, the ``keep`` newest."""
    rest = [dict(e) for e in previous if e.get("build") != new.get("build")]
    return [dict(new), *rest][:max(1, keep)]


def kept(entries: Sequence[Mapping[str, Any]]) -> set[str]:
    """The builds a history keeps."""
    return {str(e["build"]) for e in entries if e.get("build")}


def _outcome(e: Mapping[str, Any]) -> str:
    code = e.get("exit_code")
    if code is None:
        return "not known (its manifest could not be read)"
    if code == 0:
        return f"all {e.get('runs', 0)} runs succeeded"
    failed = int(e.get("runs", 0)) - int(e.get("ok", 0))
    return f"{failed} of {e.get('runs', 0)} runs failed (exit code {code})"


def history_html(entries: Sequence[Mapping[str, Any]], title: str, note: str | None = None
                 ) -> str:
    """The history page: every kept report, newest first, each linking to its build."""
    rows = [{"link": f"{BUILDS_LINK}/{e['build']}/index.html", "when": when(e.get("finished")),
             "revision": e.get("fact_base_revision"), "outcome": _outcome(e),
             "exit_code": e.get("exit_code"), "summary": e.get("summary", ""),
             "build": e["build"], "fact_base": (e.get("fact_base") or "")[:12]}
            for e in entries]
    return templates().get_template("history.html.j2").render(title=title, rows=rows,
                                                              note=note)


def _uuid(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'dprk-troops:' + ':'.join(parts))}"


def feed_xml(entries: Sequence[Mapping[str, Any]], title: str, folder: Path) -> str:
    """An Atom feed (RFC 4287) with an entry for each kept report that changed something,
    newest first; its content is the changes in words. ``folder`` (the report folder)
    names the feed, so that each folder's feed keeps its identity."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("", ATOM)

    def el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            node.text = text
        return node

    changed = [e for e in entries if e.get("changed")]
    feed = ET.Element(f"{{{ATOM}}}feed")
    el(feed, "id", _uuid("feed", str(Path(folder).resolve())))
    el(feed, "title", title)
    el(feed, "subtitle", "A new entry whenever a published report changed something.")
    newest = (changed or entries or [{}])[0].get("finished") or "1970-01-01T00:00:00+00:00"
    el(feed, "updated", newest)
    el(el(feed, "author"), "name", "DPRK troops workbook")
    el(feed, "link", href="index.html", rel="alternate", type="text/html")
    el(feed, "link", href="feed.xml", rel="self", type="application/atom+xml")
    for e in changed:
        item = el(feed, "entry")
        el(item, "id", _uuid("report", str(Path(folder).resolve()), str(e["build"])))
        el(item, "title", f"{when(e.get('finished'))}: {e.get('summary', '')}")
        el(item, "updated", e.get("finished") or newest)
        el(item, "link", href=f"{BUILDS_LINK}/{e['build']}/index.html", rel="alternate",
           type="text/html")
        el(item, "summary", str(e.get("summary", "")))
        el(item, "content", "\n".join(e.get("lines") or [e.get("summary", "")]), type="text")
    ET.indent(feed)
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            + ET.tostring(feed, encoding="unicode") + "\n")
