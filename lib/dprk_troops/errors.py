"""The workbook's errors: one base class, each subclass says when it is raised.

Every message is one line that names the file, the entry and the field, and what was
expected, e.g. ``seeds/facts.yaml: fact dprk_army_breuker: low 2000000 > high 1500000``.
"""

from __future__ import annotations

from collections.abc import Iterable


class DprkTroopsError(Exception):
    """Base class of every error the workbook raises on purpose."""

    def __init__(self, problems: str | Iterable[str]):
        self.problems: list[str] = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class FactBaseError(DprkTroopsError):
    """Raised when a fact-base file (sources, facts, events, options) is broken or invalid.

    ``problems`` holds every problem found, one line each, so a user sees them all at once.
    """


class ProvenanceError(DprkTroopsError):
    """Raised when a fact's excerpt, paragraph or seed file does not match the original text."""


class ParameterError(DprkTroopsError, ValueError):
    """Raised when a notebook or model parameter has the wrong type or is out of range."""


class LockedError(DprkTroopsError):
    """Raised when another report run holds the output folder's lock."""


class InputError(DprkTroopsError):
    """Raised when the command line's input is bad: rejected before anything starts."""


class WriteError(DprkTroopsError):
    """Raised when a report cannot be written (a full disk, a folder gone read-only): the
    report stops, nothing is published, and the previous report stays as it was."""
