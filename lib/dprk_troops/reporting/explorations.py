"""The report's explorations: each exploration declared in ``reports.yaml`` (see
``explore.declared``) is run into the build (``explorations/<name>/``: its page,
samples.csv and indices.csv), and the index shows a link and its sentences.

An exploration takes a few seconds, so it is kept in the run cache beside the index's
charts (like them, drawn from data), under a key of everything it depends on: its
declaration, the library, the fact base and the package versions (SALib's included). An
unchanged report does not run it again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["KIND", "exploration_key", "write_explorations"]

#: The run cache's kind of entry the explorations are kept under (see ``cache.KINDS``).
KIND = "charts"


def exploration_key(arguments: dict[str, Any], seeds: Path) -> str:
    from importlib.metadata import version

    from ..store import canonical_json, library_digest, sha256
    from .cache import fact_base_digest
    from .manifest import versions

    return sha256(canonical_json({
        "kind": "exploration", "arguments": arguments, "library": library_digest(),
        "fact_base": fact_base_digest(seeds),
        "versions": {**versions(), "SALib": version("SALib")}}))


def _run(arguments: dict[str, Any], folder: Path, seeds: Path) -> dict[str, Any]:
    """Run one exploration into ``folder``; what the index shows of it."""
    from ..explore.exploration import explore
    from ..explore.notebook import plan

    a = arguments
    checked = plan(a["notebook"], a["ranges"], a["method"], a["samples"], a["fixed"],
                   seeds=seeds)
    outcome = explore(checked.model, checked.factors, a["method"], a["samples"], folder,
                      seed=a["seed"])
    compared, bad = outcome.convergence
    return {"sentences": list(outcome.sentences), "evaluations": outcome.evaluations,
            "method": a["method"], "converged": not bad, "compared": compared}


def write_explorations(declared: Sequence[Any], build: Path, seeds: Path,
                       store: Any = None) -> list[dict[str, Any]]:
    """Each declared exploration's files in ``build/explorations/<name>/`` (from the run
    cache ``store`` when unchanged); returns what the index shows of each."""
    from ..explore.exploration import FILES

    (build / "explorations").mkdir(exist_ok=True)  # an entry point of every report
    out = []
    for d in declared:
        folder = build / "explorations" / d.name
        key = exploration_key(d.arguments(), seeds)
        hit = store.get(KIND, key) if store is not None else None
        if hit is not None and {*FILES, "summary.json"} <= set(hit):
            folder.mkdir(parents=True, exist_ok=True)
            for name in FILES:
                (folder / name).write_bytes(hit[name])
            summary = json.loads(hit["summary.json"])
        else:
            summary = _run(d.arguments(), folder, seeds)
            if store is not None:
                store.put(KIND, key, {**{n: (folder / n).read_bytes() for n in FILES},
                                      "summary.json": json.dumps(summary).encode()})
        out.append({**summary, "name": d.name, "description": d.description,
                    "notebook": d.notebook, "href": f"explorations/{d.name}/index.html"})
    return out
