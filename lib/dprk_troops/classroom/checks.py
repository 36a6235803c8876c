"""What a course notebook shows a student: self-checks, tables in full, English glosses.

- ``self_check``: the visible part of a test cell, as otter-grader's ``check``: it runs
  every check, says which fail (with a hint), and never computes or shows the answer.
- ``uses``: whether a student's function reaches a library function it was asked not to
  call (the hidden tests of "write it yourself" questions refuse such answers).
- ``FullTable``: a table shown whole, with no cell cut short (fact ids sit at the end of
  long reasons, and the rubrics ask students to cite them).
- ``with_glosses``: the English edition's ``excerpt_en`` column, our short English gloss
  beside each Dutch excerpt (``glosses_en.yaml``).
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FullTable", "glosses", "self_check", "uses", "with_glosses"]

_TEXT = {
    "pass": {
        "en": "{question}: the answer has the right shape ({n} self-checks pass); hidden tests "
              "check its values when your work is graded.",
        "nl": "{question}: het antwoord heeft de goede vorm ({n} zelftests slagen); verborgen "
              "tests controleren de waarden bij het nakijken.",
    },
    "fail": {"en": "{question}: {n} of {total} self-checks fail", "nl":
             "{question}: {n} van de {total} zelftests mislukken"},
}

Check = tuple[Callable[[], object], str]


def self_check(lang: str, question: str, checks: Sequence[Check]) -> None:
    """Run each (test, hint): a test that returns something false or raises fails.

    Prints one line when all pass; raises AssertionError listing every failing hint
    otherwise (so nbgrader counts the test cell as failed).
    """
    failed = []
    for test, hint in checks:
        try:
            ok = bool(test())
        except NameError as exc:  # the answer is not there (yet): say which name
            ok, hint = False, f"{hint} ({exc})"
        except Exception:  # noqa: BLE001 - any other error in a check: the shape is wrong
            ok = False
        if not ok:
            failed.append(hint)
    texts = {k: v.get(lang, v["en"]) for k, v in _TEXT.items()}
    if failed:
        head = texts["fail"].format(question=question, n=len(failed), total=len(checks))
        raise AssertionError("\n".join([head, *(f"  - {hint}" for hint in failed)]))
    print(texts["pass"].format(question=question, n=len(checks)))


def _code_names(code: types.CodeType) -> Iterable[str]:
    yield from code.co_names
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _code_names(const)


def uses(func: Callable[..., Any], *forbidden: object) -> list[str]:
    """The names by which ``func`` reaches any of ``forbidden`` (functions or modules).

    Follows the names in ``func``'s code (nested functions too): a global bound to a
    forbidden object, an attribute named like a forbidden function (``revenue.f``), and the
    code of other functions the notebook defined that ``func`` calls. Empty: it reaches none.
    """
    targets = {id(f) for f in forbidden}
    target_names = {getattr(f, "__name__", None) for f in forbidden if callable(f)}
    found: list[str] = []
    seen: set[int] = set()

    def visit(f: Callable[..., Any]) -> None:
        code = getattr(f, "__code__", None)
        if code is None or id(code) in seen:
            return
        seen.add(id(code))
        namespace = getattr(f, "__globals__", {})
        for name in _code_names(code):
            value = namespace.get(name)
            if (value is not None and id(value) in targets) or name in target_names:
                found.append(name)
            elif isinstance(value, types.FunctionType) and value.__module__ == f.__module__:
                visit(value)

    visit(func)
    return sorted(set(found))


class FullTable:
    """A DataFrame displayed whole: every row, every column, no text cut short."""

    def __init__(self, frame: pd.DataFrame, index: bool = False):
        self.frame = frame
        self.index = index

    def _options(self) -> Any:
        import pandas as pd

        return pd.option_context("display.max_colwidth", None, "display.max_rows", None,
                                 "display.max_columns", None, "display.width", None)

    def _repr_html_(self) -> str:
        with self._options():
            return self.frame.to_html(index=self.index, notebook=True)

    def __repr__(self) -> str:
        with self._options():
            return self.frame.to_string(index=self.index)


@cache
def glosses() -> dict[str, str]:
    """Our short English gloss of each fact's Dutch excerpt, by fact_id."""
    import yaml

    text = resources.files(__package__).joinpath("glosses_en.yaml").read_text(encoding="utf-8")
    return {str(k): str(v) for k, v in yaml.safe_load(text).items()}


def with_glosses(facts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``facts`` with an ``excerpt_en`` column after ``excerpt`` in English; as is in Dutch.

    A fact with no gloss (added to the fact base after the glosses) gets an empty one.
    """
    if lang != "en":
        return facts
    out = facts.copy()
    out.insert(out.columns.get_loc("excerpt") + 1, "excerpt_en",
               [glosses().get(i, "") for i in out["fact_id"]])
    return out
