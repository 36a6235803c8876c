"""Every path the workbook uses, defined once (cookiecutter-data-science's config.py).

No notebook or module writes a path by hand: they import these.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The repository root: lib/dprk_troops/paths.py -> ../../..
PROJ_ROOT = Path(__file__).resolve().parents[2]
#: The fact base; DPRK_TROOPS_SEEDS points notebooks (and report kernels) at a copy.
SEEDS_DIR = Path(os.environ.get("DPRK_TROOPS_SEEDS", PROJ_ROOT / "seeds"))
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
#: Where `dprk-troops report` publishes by default; DPRK_TROOPS_REPORTS moves it.
REPORTS_DIR = Path(os.environ.get("DPRK_TROOPS_REPORTS", PROJ_ROOT / "reports"))
#: Extra fact files an analyst adds on top of the seeds (``load_facts(extra=...)``), for
#: every notebook and report kernel: DPRK_TROOPS_EXTRA, file paths joined by ``os.pathsep``.
EXTRA_FACTS_ENV = "DPRK_TROOPS_EXTRA"


def extra_facts() -> list[Path]:
    """The extra fact files DPRK_TROOPS_EXTRA names (none when it is unset)."""
    value = os.environ.get(EXTRA_FACTS_ENV, "")
    return [Path(p) for p in value.split(os.pathsep) if p]


#: The original seed articles live outside the repo, in ../shared/seeds; override with
#: DPRK_TROOPS_TEXTS.
TEXTS_DIR = Path(os.environ.get("DPRK_TROOPS_TEXTS", PROJ_ROOT.parent / "shared" / "seeds"))

#: Built artefacts worth keeping between runs (the Vega bundle takes seconds to build).
CACHE_DIR = Path(os.environ.get("DPRK_TROOPS_CACHE",
                                Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
                                / "dprk-troops"))

SOURCES_FILE = "sources.yaml"
FACTS_FILE = "facts.yaml"
EVENTS_FILE = "events.yaml"
OPTIONS_FILE = "options.yaml"
OPTION_SCORES_FILE = "option_scores.yaml"


def display_path(path: Path) -> str:
    """How a file is named in messages: relative to the working directory when below it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
