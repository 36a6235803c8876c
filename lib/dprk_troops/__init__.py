"""dprk_troops: the helper library of the DPRK troops workbook.

Imports are lazy so that ``import dprk_troops`` (and the CLI's start) stays cheap: pandas,
pydantic and altair load only when a function that needs them is called.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "load_sources": "dprk_troops.factbase.facts",
    "load_facts": "dprk_troops.factbase.facts",
    "load_events": "dprk_troops.factbase.facts",
    "load_options": "dprk_troops.factbase.facts",
    "parse_dutch_number": "dprk_troops.factbase.dutch_numbers",
    "find_dutch_numbers": "dprk_troops.factbase.dutch_numbers",
}

__all__ = [
    "__version__",
    "find_dutch_numbers",
    "load_events",
    "load_facts",
    "load_options",
    "load_sources",
    "parse_dutch_number",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'dprk_troops' has no attribute {name!r}")
