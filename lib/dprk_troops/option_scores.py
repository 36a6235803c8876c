"""Load the analyst's scores of South Korea's options (``seeds/option_scores.yaml``).

The scores are judgments, not facts: the workbook's authors rate each option of
``options.yaml`` on each criterion from 1 to 5, with a one-line reason naming the fact rows
it leans on. This module validates the file like the rest of the fact base (strict pydantic
models, every problem at once, one line each) and checks it against the fact base: every
option, criterion and fact it names must exist, and every option needs exactly one score on
every criterion, so the decision matrix of notebook 03 has no holes.

    seeds/option_scores.yaml: score direct_arms/deterrence: score: expected a whole number
    from 1 to 5, got 6
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, Field, model_validator

from . import paths
from .errors import FactBaseError
from .facts import LINE_KEY, read_fact_base, read_yaml, validate_entries
from .schema import SnakeId, Text, _Record, fmt_number

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DIRECTIONS",
    "SCORE_RANGE",
    "Criterion",
    "OptionScores",
    "Score",
    "load_option_scores",
    "read_option_scores",
]

#: benefit: higher is better; cost: lower is better.
DIRECTIONS = ("benefit", "cost")
#: The lowest and highest score.
SCORE_RANGE = (1, 5)
TOP_LEVEL_KEYS = ("criteria", "scores")


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


@dataclass(frozen=True, eq=False)
class OptionScores:
    """The validated judgments: criteria, scores in long form, and the options' order.

    ``criteria`` is indexed by ``criterion_id`` (file order) with ``label``, ``direction``,
    ``default_weight`` and ``description``. ``scores`` has one row per option and criterion:
    ``option_id``, ``criterion_id`` (categoricals in options.yaml and file order),
    ``score``, ``reason``, ``fact_ids``.
    """

    criteria: pd.DataFrame
    scores: pd.DataFrame
    option_ids: tuple[str, ...]

    def matrix(self) -> pd.DataFrame:
        """The decision matrix: options (options.yaml order) x criteria (file order)."""
        wide = self.scores.pivot(index="option_id", columns="criterion_id", values="score")
        wide = wide.reindex(index=list(self.option_ids), columns=list(self.criteria.index))
        wide.index.name, wide.columns.name = "option_id", "criterion_id"
        return wide.astype("int64")

    @property
    def directions(self) -> dict[str, str]:
        """Each criterion's direction, ``benefit`` or ``cost``, in file order."""
        return {str(k): str(v) for k, v in self.criteria["direction"].items()}

    @property
    def default_weights(self) -> dict[str, float]:
        """Each criterion's default weight, in file order, as written (not normalised)."""
        return {str(k): float(v) for k, v in self.criteria["default_weight"].items()}


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


def read_option_scores(seeds_dir: str | Path | None = None) -> OptionScores:
    """Read, validate and cross-check ``option_scores.yaml`` against the fact base.

    Raises FactBaseError listing every problem, one line each (including any problem in the
    fact base itself, since the scores cannot be checked against a broken one).
    """
    seeds = Path(seeds_dir) if seeds_dir is not None else paths.SEEDS_DIR
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


def load_option_scores(seeds_dir: str | Path | None = None) -> pd.DataFrame:
    """The scores in long form: one row per option and criterion, with reason and facts."""
    return read_option_scores(seeds_dir).scores
