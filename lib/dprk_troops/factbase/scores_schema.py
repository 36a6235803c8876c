"""Validating ``option_scores.yaml``: its pydantic models and the checks against the fact
base. ``option_scores.read_option_scores`` imports this module only when it reads the
files (not when its tables come from the fact-base cache)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, Field, model_validator

from .. import paths
from ..errors import FactBaseError
from .facts import LINE_KEY, read_fact_base, read_yaml, validate_entries
from .schema import SnakeId, Text, _Record, fmt_number
from .scores_table import DIRECTIONS, SCORE_RANGE, TOP_LEVEL_KEYS, OptionScores

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Criterion", "Score", "read_scores"]


def _score_in_range(value: int) -> int:
    low, high = SCORE_RANGE
    if not low <= value <= high:
        raise ValueError(f"expected a whole number from {low} to {high}, got {value}")
    return value


def _weight(value: float) -> float:
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"expected a number >= 0, got {fmt_number(value)}")
    return value


def _one_line(value: str) -> str:
    if "\n" in value:
        raise ValueError("must be one line")
    return value


class Criterion(_Record):
    """A criterion the options are scored on, and how much it counts by default."""

    criterion_id: SnakeId
    label: Text
    direction: Literal[DIRECTIONS]  # type: ignore[valid-type]
    default_weight: Annotated[float, AfterValidator(_weight)]
    description: Text


class Score(_Record):
    """One judgment: an option's score on a criterion, why, and the facts it leans on.

    ``score_id`` (``option/criterion``) is not written in the file: the loader derives it, so
    that each entry is named, and each duplicate pair caught, like any other id.
    """

    score_id: str | None = None
    option_id: SnakeId
    criterion_id: SnakeId
    score: Annotated[int, AfterValidator(_score_in_range)]
    reason: Annotated[Text, AfterValidator(_one_line)]
    fact_ids: list[SnakeId] = Field(min_length=1)

    @model_validator(mode="after")
    def _reason_names_its_facts(self) -> Score:
        unnamed = [f for f in self.fact_ids if f not in self.reason]
        if unnamed:
            raise ValueError(f"the reason must name every fact it leans on; it omits "
                             f"{', '.join(unnamed)}")
        return self


def _with_score_ids(data: Any, where: str, problems: list[str]) -> Any:
    """The score entries, each given ``score_id`` = ``option/criterion`` to name it by."""
    if not isinstance(data, list):
        return data
    out = []
    for raw in data:
        if isinstance(raw, dict):
            if "score_id" in raw:
                problems.append(f"{where}: entry at line {raw.get(LINE_KEY, '?')}: unknown "
                                "field 'score_id' (the loader derives it)")
            raw = {k: v for k, v in raw.items() if k != "score_id"}
            option, criterion = raw.get("option_id"), raw.get("criterion_id")
            if isinstance(option, str) and isinstance(criterion, str):
                raw = {"score_id": f"{option}/{criterion}", **raw}
        out.append(raw)
    return out


def _ids(raw_entries: Any, *keys: str) -> list[tuple[Any, ...]]:
    """The ``keys`` of each raw entry that names them all as text, in file order.

    Cross-checks use the raw entries, not only the valid ones, so that an entry with a bad
    field (reported already) is not reported a second time as missing.
    """
    if not isinstance(raw_entries, list):
        return []
    return [tuple(r[k] for k in keys) for r in raw_entries
            if isinstance(r, dict) and all(isinstance(r.get(k), str) for k in keys)]


def _cross_checks(
    criteria: list[Criterion], scores: list[Score], raw_criteria: Any, raw_scores: Any,
    option_ids: list[str], fact_ids: set[str], where: str,
) -> list[str]:
    """Every name resolves, and every option has one score on every criterion."""
    problems = []
    criterion_ids = list(dict.fromkeys(c for (c,) in _ids(raw_criteria, "criterion_id")))
    if not criterion_ids:
        problems.append(f"{where}: criteria: none declared")
    total = math.fsum(c.default_weight for c in criteria)
    if criteria and total <= 0:
        problems.append(f"{where}: criteria: default weights sum to {fmt_number(total)}; "
                        "give at least one criterion a weight above 0")
    known_options = set(option_ids)
    for s in scores:
        at = f"{where}: score {s.score_id}"
        if s.option_id not in known_options:
            problems.append(f"{at}: option_id {s.option_id!r} is not in {paths.OPTIONS_FILE} "
                            f"(expected one of {', '.join(option_ids)})")
        if s.criterion_id not in criterion_ids:
            problems.append(f"{at}: criterion_id {s.criterion_id!r} is not declared under "
                            f"criteria (expected one of {', '.join(criterion_ids)})")
        for fid in s.fact_ids:
            if fid not in fact_ids:
                problems.append(f"{at}: fact_ids: unknown fact {fid!r}")
    have = set(_ids(raw_scores, "option_id", "criterion_id"))
    for option in option_ids:
        for criterion in criterion_ids:
            if (option, criterion) not in have:
                problems.append(f"{where}: score {option}/{criterion}: missing (every option "
                                "needs one score on every criterion)")
    return problems


def _tables(
    criteria: list[Criterion], scores: list[Score], option_ids: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The validated records as typed DataFrames (criteria by id; scores in a stable order)."""
    import pandas as pd

    crit = pd.DataFrame(
        [c.model_dump() for c in criteria],
        columns=["criterion_id", "label", "direction", "default_weight", "description"],
    ).set_index("criterion_id")
    crit = crit.astype({"label": "string", "description": "string", "default_weight": "float64"})
    crit["direction"] = pd.Categorical(crit["direction"], categories=list(DIRECTIONS))
    criterion_ids = list(crit.index)

    long = pd.DataFrame(
        [s.model_dump(exclude={"score_id"}) for s in scores],
        columns=["option_id", "criterion_id", "score", "reason", "fact_ids"],
    )
    long["option_id"] = pd.Categorical(long["option_id"], categories=option_ids)
    long["criterion_id"] = pd.Categorical(long["criterion_id"], categories=criterion_ids)
    long = long.astype({"score": "int64", "reason": "string"})
    long = long.sort_values(["option_id", "criterion_id"], kind="stable", ignore_index=True)
    return crit, long


def read_scores(seeds: Path) -> OptionScores:
    """Read, validate and cross-check the scores (``option_scores.read_option_scores``)."""
    path = seeds / paths.OPTION_SCORES_FILE
    where = paths.display_path(path)
    problems: list[str] = []

    data = read_yaml(path, problems)
    readable = not problems
    raw_criteria: Any = None
    raw_scores: Any = None
    if isinstance(data, dict):
        unknown = sorted(set(data) - {*TOP_LEVEL_KEYS, LINE_KEY})
        if unknown:
            problems.append(f"{where}: unknown top-level key(s) {unknown}: expected "
                            f"{' and '.join(repr(k) for k in TOP_LEVEL_KEYS)}")
        for key in TOP_LEVEL_KEYS:
            if key not in data:
                problems.append(f"{where}: missing top-level key {key!r}")
                readable = False  # else every option/criterion pair would echo it as missing
        raw_criteria, raw_scores = data.get("criteria"), data.get("scores")
    elif readable:
        problems.append(f"{where}: expected a mapping with 'criteria' and 'scores', "
                        f"got {type(data).__name__}")
        readable = False
    criteria = validate_entries(Criterion, raw_criteria, where, problems)
    raw_scores = _with_score_ids(raw_scores, where, problems)
    scores = validate_entries(Score, raw_scores, where, problems)

    try:
        base = read_fact_base(seeds)
    except FactBaseError as exc:
        problems.extend(exc.problems)
        readable = False
    option_ids: list[str] = []
    if readable:
        option_ids = [o.option_id for o in base.options]
        fact_ids = {f.fact_id for f in base.facts}
        problems += _cross_checks(criteria, scores, raw_criteria, raw_scores, option_ids,
                                  fact_ids, where)
    if problems:
        raise FactBaseError(problems)
    criteria_df, scores_df = _tables(criteria, scores, option_ids)
    return OptionScores(criteria=criteria_df, scores=scores_df, option_ids=tuple(option_ids))


