"""One definition per fact-base table, used twice (PUDL's "one definition, two validators").

Each pydantic model below defines a table's fields once: its type, whether it is required,
and (``json_schema_extra={"dtype": ...}``) the pandas dtype of its column. The loader
validates every YAML entry against the model (strict types, no unknown fields) and builds
the DataFrame's dtypes from the same model (``dataframe_dtypes``).

The validation library is pydantic 2, chosen over pandera because the YAML entries are
records before they are a table, and pydantic gives us each problem's field by name.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from .constants import ARTICLE_SPEAKER

UNITS: dict[str, str] = {
    "soldiers": "soldiers (people under arms)",
    "persons": "people",
    "persons_per_day": "people per day",
    "usd": "US dollars",
    "usd_per_soldier_month": "US dollars per soldier per month",
    "years": "years",
    "decades": "decades",
    "percent": "percent",
    "km2": "square kilometres",
    "none": "no unit (claims and events)",
}
KINDS = ("figure", "estimate", "claim", "event")
FLAGS: dict[str, str] = {
    "approximate": "the source hedges the figure",
    "at_least": "the source gives a floor",
    "upper_bound": "the source gives a ceiling or a 'possibly as much as' figure",
    "range": "the source gives a range; value is its midpoint",
    "unattributed": "the article states it without naming who says so",
    "secondhand": "the speaker relays someone else's figure",
    "unverified": "the source says there is no proof",
    "inconsistent": "disagrees with another row of the same quantity",
    "public_record": "disagrees with the public record",
}
MAX_EXCERPT_WORDS = 8

Unit = Literal[tuple(UNITS)]  # type: ignore[valid-type]
Kind = Literal[KINDS]  # type: ignore[valid-type]
Flag = Literal[tuple(FLAGS)]  # type: ignore[valid-type]

SnakeId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]

_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
PRECISIONS = {4: "year", 7: "month", 10: "day"}


def _partial_date(value: Any) -> str:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD (a string, or a date YAML parsed) as a string."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not _PARTIAL_DATE.match(value):
        raise ValueError(f"expected a date YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError as exc:
        raise ValueError(f"not a calendar date: {value!r} ({exc})") from None
    return value


PartialDate = Annotated[str, BeforeValidator(_partial_date)]


def date_precision(partial: str) -> str:
    """'year', 'month' or 'day' for a validated partial date."""
    return PRECISIONS[len(partial)]


def _dtype(dtype: str) -> dict[str, Any]:
    return {"json_schema_extra": {"dtype": dtype}}


def fmt_number(x: float) -> str:
    """A number as messages show it: 2000000, not 2000000.0 or 2e+06."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Person(_Record):
    key: Text
    name: Text
    role: Text


class Source(_Record):
    """One seed article (or an analyst's added source): the origin block of its facts."""

    source_id: SnakeId = Field(**_dtype("category"))
    source_file: Text | None = Field(None, **_dtype("string"))
    sha256: Sha256 | None = Field(None, **_dtype("string"))
    url: Text | None = Field(None, **_dtype("string"))
    outlet: Text = Field(**_dtype("category"))
    outlet_basis: Text | None = Field(None, **_dtype("string"))
    kind: Text = Field(**_dtype("category"))
    title: Text | None = Field(None, **_dtype("string"))
    title_note: Text | None = Field(None, **_dtype("string"))
    language: Literal["nl", "en"] = Field(**_dtype("category"))
    published: PartialDate = Field(**_dtype("date"))
    published_basis: Literal["stated", "inferred"] = Field(**_dtype("category"))
    published_note: Text | None = Field(None, **_dtype("string"))
    authors: list[Text] = Field(default_factory=list, **_dtype("object"))
    people: list[Person] = Field(default_factory=list, **_dtype("object"))

    @model_validator(mode="after")
    def _has_origin(self) -> Source:
        if self.source_file is None and self.url is None:
            raise ValueError("needs source_file or url: where can a reader find it?")
        if self.title is None and self.title_note is None:
            raise ValueError("title is null: say why in title_note")
        return self

    def speakers(self) -> set[str]:
        return {p.key for p in self.people} | {ARTICLE_SPEAKER}


class Fact(_Record):
    """One figure or claim, as published, with where it stands in the original text."""

    fact_id: SnakeId = Field(**_dtype("string"))
    quantity: SnakeId = Field(**_dtype("category"))
    value: float | None = Field(None, **_dtype("float64"))
    low: float | None = Field(None, **_dtype("float64"))
    high: float | None = Field(None, **_dtype("float64"))
    unit: Unit = Field(**_dtype("category"))
    as_of: PartialDate = Field(**_dtype("date"))
    speaker: Text = Field(**_dtype("category"))
    #: For a ``secondhand`` figure: who the speaker relays (``UK MoD``); the note names it.
    original_source: Text | None = Field(None, **_dtype("string"))
    source_id: SnakeId = Field(**_dtype("category"))
    locator: int = Field(ge=1, **_dtype("int64"))
    excerpt: Text = Field(**_dtype("string"))
    note: Text = Field(**_dtype("string"))
    kind: Kind = Field(**_dtype("category"))
    flags: list[Flag] = Field(default_factory=list, **_dtype("object"))

    @model_validator(mode="after")
    def _consistent(self) -> Fact:
        words = len(self.excerpt.split())
        if words > MAX_EXCERPT_WORDS:
            raise ValueError(f"excerpt has {words} words, at most {MAX_EXCERPT_WORDS}")
        numeric = self.kind in ("figure", "estimate")
        has_number = any(x is not None for x in (self.value, self.low, self.high))
        if numeric and not has_number:
            raise ValueError(f"kind {self.kind} needs a value, low or high")
        if numeric and self.unit == "none":
            raise ValueError(f"kind {self.kind} needs a unit other than none")
        if not numeric and has_number:
            raise ValueError(f"kind {self.kind} takes no value, low or high")
        pairs = [("low", self.low, "value", self.value), ("value", self.value, "high", self.high)]
        pairs.append(("low", self.low, "high", self.high))
        for a, x, b, y in pairs:
            if x is not None and y is not None and x > y:
                raise ValueError(f"{a} {fmt_number(x)} > {b} {fmt_number(y)}")
        if self.speaker == ARTICLE_SPEAKER and "unattributed" not in self.flags:
            raise ValueError("speaker 'article' needs the flag unattributed")
        if len(set(self.flags)) != len(self.flags):
            raise ValueError("flags repeat")
        return self

    def bounds(self) -> tuple[float | None, float | None]:
        """low and high, where a plain point figure's bounds are its value."""
        open_ended = {"at_least", "upper_bound", "range"} & set(self.flags)
        if self.low is None and self.high is None and not open_ended:
            return self.value, self.value
        return self.low, self.high


class Event(_Record):
    """A dated event on the timeline, with the fact rows that mention it."""

    event_id: SnakeId = Field(**_dtype("string"))
    date: PartialDate = Field(**_dtype("date"))
    label: Text = Field(**_dtype("string"))
    category: Literal["history", "agreement", "deployment", "statement", "combat", "politics"] = (
        Field(**_dtype("category"))
    )
    fact_ids: list[SnakeId] = Field(min_length=1, **_dtype("object"))


class Option(_Record):
    """One of South Korea's response options as the articles describe it."""

    option_id: SnakeId = Field(**_dtype("string"))
    label: Text = Field(**_dtype("string"))
    description: Text = Field(**_dtype("string"))
    status: Literal["in_place", "announced", "considered", "proposed"] = Field(
        **_dtype("category")
    )
    fact_ids: list[SnakeId] = Field(min_length=1, **_dtype("object"))


def id_field(model: type[BaseModel]) -> str:
    """The name of a model's id field: its first field."""
    return next(iter(model.model_fields))


def dataframe_dtypes(model: type[BaseModel]) -> dict[str, str]:
    """Each field's pandas dtype, as the model declares it ('date' means datetime64)."""
    out = {}
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        out[name] = extra["dtype"] if isinstance(extra, dict) else "object"  # type: ignore[assignment]
    return out
