"""Tables as readers see them: every DataFrame a notebook shows goes through here.

A notebook that ends a cell with a DataFrame shows pandas' own rendering: an integer index,
ids for names, ``1.000000e+04``, ``NaN`` and text cut off with "...". Each builder below
turns one of the workbook's frames into a ``Table`` instead:
- numbers with thousands separators and their unit (``10,000 soldiers``, ``$2,000 per
  soldier per month``, ``0.67%``), dates at their own precision (``October 2024``);
- readable headers, option and criterion labels instead of ids, flags as words;
- no index, a missing value as an em dash, text wrapped and never cut;
- sources in words (who, which outlet, which paragraph), never fact ids: a table that
  shows facts carries their ids in a part of its own (``FACT_IDS_MIME``), which no reader
  sees and which the report lists in the page's "For analysts" block.

``Table`` shows as HTML built by pandas' Styler with a fixed id and no cell ids, and as
plain text (the formatted frame, whole), so both are the same on every run: a Styler's own
text repr names its memory address, which would differ on every run.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .formats import fmt_count, fmt_number, fmt_score, fmt_share, fmt_usd, in_unit

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DASH",
    "FACT_IDS_MIME",
    "Table",
    "arms_deliveries",
    "citations",
    "comparisons",
    "criterion_scores",
    "fact_date",
    "fact_figure",
    "facts",
    "first_rank_shares",
    "flags",
    "options",
    "param_value",
    "parameters",
    "political_risks",
    "ranking",
    "reader_table",
    "score_matrix",
    "text",
    "timeline",
]

#: How a missing value reads.
DASH = "\u2014"
#: The mimetype of the fact ids behind a table (a JSON list; shown to nobody).
FACT_IDS_MIME = "application/vnd.dprk-troops.fact-ids+json"
#: Styles of every table: wrap long text, never cut it; headers on the left like the text.
TABLE_STYLES = [
    {"selector": "td, th",
     "props": "white-space: normal; overflow-wrap: break-word; max-width: 36em; "
              "text-align: left; vertical-align: top; padding: 0.25em 0.6em"},
    {"selector": "th", "props": "font-weight: 600; border-bottom: 1px solid #999"},
    {"selector": "", "props": "border-collapse: collapse; margin: 0.4em 0"},
]

Row = Mapping[str, Any]
#: A column of a reader's table: its header and how a row of the source frame reads in it.
Column = tuple[str, Callable[[Row], str]]


@dataclass(frozen=True)
class Table:
    """A formatted table that shows the same on every run: HTML and plain text (and, for
    a machine to read back, any ``data`` parts: mime type -> JSON)."""

    html: str
    plain: str
    #: Other parts of its output (mimetype -> JSON), which no reader sees: the run's
    #: parameters for the report's pages, the facts shown by id for the analysts' block.
    data: Mapping[str, Any] = field(default_factory=dict)

    @property
    def fact_ids(self) -> tuple[str, ...]:
        """The facts the table shows, by id (``FACT_IDS_MIME``; never in its text)."""
        return tuple(self.data.get(FACT_IDS_MIME, ()))

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {**self.data, "text/html": self.html, "text/plain": self.plain}

    def _repr_html_(self) -> str:
        return self.html


# --- cells -------------------------------------------------------------------------------


def _missing(x: Any) -> bool:
    if x is None:
        return True
    if isinstance(x, (str, bool, int)):  # no pandas needed (a report's index needs none)
        return False
    if isinstance(x, float):
        return math.isnan(x)
    try:
        import pandas as pd

        return bool(pd.isna(x))
    except (TypeError, ValueError):  # lists and arrays are values, not missing
        return False


def text(x: Any) -> str:
    """Any cell as text: missing is an em dash; a list is joined; a number is formatted."""
    if isinstance(x, list | tuple):
        return ", ".join(text(v) for v in x) or DASH
    if _missing(x):
        return DASH
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, int | float) or hasattr(x, "dtype"):
        return fmt_number(float(x))
    return str(x) or DASH


def words(x: Any) -> str:
    """An id as words: 'in_place' -> 'in place'."""
    return DASH if _missing(x) else str(x).replace("_", " ")


def flags(x: Iterable[str] | None) -> str:
    """A fact's flags as words, 'unattributed, secondhand'; none is empty."""
    return ", ".join(words(f) for f in (x if x is not None else ()))


#: How a number in each fact unit reads: (format of the number, words after it).
UNIT_FORMATS: dict[str, tuple[Callable[[float], str], str]] = {
    "soldiers": (fmt_count, " soldiers"),
    "persons": (fmt_count, " people"),
    "persons_per_day": (fmt_count, " a day"),
    "usd": (fmt_usd, ""),
    "usd_per_soldier_month": (fmt_usd, " per soldier per month"),
    "years": (fmt_number, " years"),
    "decades": (fmt_number, " decades"),
    "percent": (lambda x: f"{fmt_number(x)}%", ""),
    "km2": (fmt_count, " km\u00b2"),
    "none": (fmt_number, ""),
}


def fact_figure(value: Any, low: Any, high: Any, unit: Any) -> str:
    """A fact's number with its unit: '10,000 soldiers', '12,750 soldiers (12,500 to
    13,000)', 'at least $1.7 billion', 'up to $5.5 billion', '2,000 to 10,000 soldiers'."""
    fmt, suffix = UNIT_FORMATS.get(str(unit), (fmt_number, ""))
    has = {k: not _missing(v) for k, v in (("value", value), ("low", low), ("high", high))}
    if not any(has.values()):
        return DASH
    if has["low"] and has["high"] and low != high:
        span = f"{fmt(low)} to {fmt(high)}"
        return f"{fmt(value)}{suffix} ({span})" if has["value"] else f"{span}{suffix}"
    if has["low"] and not has["high"]:
        return f"at least {fmt(low)}{suffix}"
    if has["high"] and not has["low"]:
        return f"up to {fmt(high)}{suffix}"
    return f"{fmt(value if has['value'] else low)}{suffix}"


_DATE_FORMATS = {"day": "%d %B %Y", "month": "%B %Y", "year": "%Y"}


def fact_date(when: Any, precision: Any) -> str:
    """A date at its own precision: '18 October 2024', 'October 2024', '2024'."""
    if _missing(when):
        return DASH
    out = when.strftime(_DATE_FORMATS.get(str(precision), "%d %B %Y"))
    return out.lstrip("0")


def _choice_label(value: str) -> str:
    """A parameter's choice in words, as its notebook's definition gives it."""
    from ..workbook import NOTEBOOKS

    for nb in NOTEBOOKS.values():
        for p in nb.params:
            if value in p.choice_labels:
                return p.choice_labels[value]
    return words(value)


def _unit_number(x: float, unit: str) -> str:
    """A parameter's number with its unit as written in ``params``."""
    return "".join(in_unit(x, unit))


def _range_text(name: str, span: Sequence[float]) -> str:
    unit = "share" if "share" in name or "rate" in name else ""
    lo, hi = (_unit_number(v, unit) for v in span)
    return f"{words(name)} {lo} to {hi}"


def param_value(value: Any, unit: str) -> str:
    """A parameter's value as a reader reads it: '$2,000 per soldier per month', '100%',
    'troops 1,500 to 13,000; months 6 to 24', 'deterrence 0.25; ...'."""
    if isinstance(value, Mapping):
        if all(isinstance(v, list | tuple) for v in value.values()):
            return "; ".join(_range_text(k, v) for k, v in value.items())
        return "; ".join(f"{words(k)} {fmt_number(v)}" for k, v in value.items())
    if isinstance(value, str):
        return _choice_label(value)
    if isinstance(value, bool) or _missing(value):
        return text(value)
    return _unit_number(value, unit or "")


# --- tables ------------------------------------------------------------------------------


def _uuid(plain: str) -> str:
    return "dprk" + hashlib.sha1(plain.encode("utf-8")).hexdigest()[:10]


def reader_table(frame: pd.DataFrame) -> Table:
    """A frame of text cells (headers as they read) as a ``Table``."""
    from pandas.io.formats.style import Styler

    cells = frame.astype(str)
    plain = cells.to_string(index=False) if len(cells) else "(no rows)"
    styler = Styler(cells, uuid=_uuid(plain), cell_ids=False)
    styler = styler.hide(axis="index").set_table_styles(TABLE_STYLES).format(escape="html")
    return Table(styler.to_html(), plain)


def build(df: pd.DataFrame, columns: Sequence[Column], fact_ids: Iterable[str] = ()) -> Table:
    """A reader's table of ``df``: one column per (header, row -> text); ``fact_ids``: the
    facts it shows, kept beside it for analysts."""
    import pandas as pd

    rows = df.to_dict("records")
    body = {header: [cell(r) for r in rows] for header, cell in columns}
    table = reader_table(pd.DataFrame(body, columns=[h for h, _ in columns]))
    ids = list(dict.fromkeys(map(str, fact_ids)))
    return replace(table, data={FACT_IDS_MIME: ids}) if ids else table


def _ids(df: pd.DataFrame) -> list[str]:
    """The fact ids of a frame with a ``fact_id`` column (none without one)."""
    return [str(f) for f in df["fact_id"]] if "fact_id" in df else []


def _citation(r: Row) -> str:
    """'Blinken (NOS), paragraph 3': who said it, in which outlet, where."""
    return f"{text(r['attribution'])}, paragraph {r['locator']}"


def citations(facts: pd.DataFrame, fact_ids: Iterable[str]) -> str:
    """Where the given facts stand, in words: 'Blinken (NOS), paragraph 3; BNR, paragraph
    1' (each place once; an id the fact base lacks stays as it is)."""
    rows = facts.set_index("fact_id")
    found = [_citation({"attribution": rows.at[f, "attribution"],
                        "locator": rows.at[f, "locator"]}) if f in rows.index else f
             for f in fact_ids]
    return "; ".join(dict.fromkeys(found)) or DASH


#: A parenthesis of fact ids in a text: '(nos1_rok_arms_ban, nos2_rok_could_change)'.
_CITED = re.compile(r"\(([a-z0-9]+_[a-z0-9_]+(?:, [a-z0-9]+_[a-z0-9_]+)*)\)")


def _cited_in_words(reason: str, facts: pd.DataFrame) -> str:
    """A text whose parentheses cite fact ids, with the ids as sources in words."""
    return _CITED.sub(lambda m: f"({citations(facts, m.group(1).split(', '))})", reason)


def _col(name: str, fmt: Callable[[Any], str] = text) -> Callable[[Row], str]:
    return lambda r: fmt(r[name])


def _figure(r: Row) -> str:
    return fact_figure(r.get("value"), r.get("low"), r.get("high"), r.get("unit"))


def facts(df: pd.DataFrame) -> Table:
    """Fact rows with their provenance: the figure, who said it, where, the words, flags."""
    return build(df, [
        ("Figure", _figure),
        ("Who (outlet)", _col("attribution")),
        ("As written (Dutch)", _col("excerpt")),
        ("Flags", _col("flags", flags)),
        ("Where", lambda r: f"paragraph {r['locator']}"),
    ], _ids(df))


def parameters(rows: Sequence[Mapping[str, Any]]) -> Table:
    """``views.parameter_rows``: every setting of the run in words, its value with its unit
    and where it comes from; the rows themselves ride along for the report's pages
    (``results.PARAMETERS_MIME``)."""
    import pandas as pd

    from .results import PARAMETERS_MIME

    table = build(pd.DataFrame(list(rows)), [
        ("Setting", _col("label")),
        ("Value", _col("value")),
        ("Where it comes from", _col("basis")),
    ])
    return replace(table, data={PARAMETERS_MIME: [dict(r) for r in rows]})


def comparisons(df: pd.DataFrame) -> Table:
    """``comparisons.comparison_table``: each force, its estimates and the deployment's share."""
    return build(df, [
        ("Force", _col("label")),
        ("Central estimate (soldiers)", _col("central", fmt_count)),
        ("Lowest figure", _col("low", fmt_count)),
        ("Highest figure", _col("high", fmt_count)),
        ("Deployment's share", _share_span),
        ("Sources", _col("sources")),
    ])


def _share_span(r: Row) -> str:
    """'0.67% (0.5% to 1%)'; one figure when the sources agree."""
    central, low, high = (fmt_share(r[k]) for k in ("share_central", "share_low",
                                                     "share_high"))
    return central if low == high else f"{central} ({low} to {high})"


def timeline(df: pd.DataFrame) -> Table:
    """``comparisons.troop_timeline``: each troop estimate, when, where and whose."""
    return build(df, [
        ("Date", lambda r: fact_date(r["as_of"], r["as_of_precision"])),
        ("Figure", lambda r: fact_figure(r["value"], r["low"], r["high"], "soldiers")),
        # "in Russia" on one line: the column is narrow, and a wrapped place reads badly.
        ("Where", lambda r: str(r["where"]).replace(" ", "\u00a0")),
        ("Who (outlet)", _col("attribution")),
        ("As written (Dutch)", _col("excerpt")),
    ])


def options(df: pd.DataFrame, facts: pd.DataFrame) -> Table:
    """``load_options``: each option, what it means, whether it is in place, and where the
    articles describe it (``facts``: the fact base, for the sources in words)."""
    return build(df, [
        ("Option", _col("label")),
        ("What it means", _col("description")),
        ("Status", _col("status", words)),
        ("Sources", lambda r: citations(facts, r["fact_ids"])),
    ], [f for ids in df["fact_ids"] for f in ids])


def score_matrix(matrix: pd.DataFrame, labels: Mapping[str, str],
                 criteria: Mapping[str, str]) -> Table:
    """The options x criteria scores (1 to 5), by label."""
    df = matrix.rename(columns=dict(criteria)).reset_index()
    df["option_id"] = df["option_id"].map(lambda o: labels.get(o, o))
    return build(df, [("Option", _col("option_id")),
                      *[(str(c), _col(str(c), lambda v: f"{v:.0f}"))
                        for c in df.columns[1:]]])


def criterion_scores(df: pd.DataFrame, labels: Mapping[str, str],
                     criteria: Mapping[str, str], facts: pd.DataFrame) -> Table:
    """Each score with its reason: option, criterion, score out of 5, reason, the facts it
    leans on named in words (``facts``: the fact base)."""
    return build(df, [
        ("Option", lambda r: labels.get(r["option_id"], r["option_id"])),
        ("Criterion", lambda r: criteria.get(r["criterion_id"], r["criterion_id"])),
        ("Score (1 to 5)", _col("score", lambda v: f"{v:.0f}")),
        ("Reason", lambda r: _cited_in_words(str(r["reason"]), facts)),
    ], [f for ids in df["fact_ids"] for f in ids])


def ranking(df: pd.DataFrame) -> Table:
    """``views.OptionsResult.table``: rank, option and score (0 to 1)."""
    return build(df, [
        ("Rank", _col("rank", lambda v: f"{v:.0f}")),
        ("Option", _col("label")),
        ("Score (0 to 1)", _col("score", fmt_score)),
    ])


def first_rank_shares(df: pd.DataFrame) -> Table:
    """How often each option ranks first over random weights, and its mean rank: most
    often first at the top (ties by mean rank)."""
    df = df.sort_values(["share_first", "mean_rank"], ascending=[False, True], kind="stable")
    return build(df, [
        ("Option", _col("label")),
        ("Ranked first", _col("share_first", fmt_share)),
        ("Mean rank", _col("mean_rank", lambda v: f"{round(float(v), 9):.1f}")),
    ])


def political_risks(df: pd.DataFrame) -> Table:
    """``revenue.political_risks``: each risk, in our words, and who names it."""
    return build(df, [
        ("Who (outlet)", _col("attribution")),
        ("The risk", _col("note")),
        ("Where", lambda r: f"paragraph {r['locator']}"),
    ], _ids(df))


def arms_deliveries(df: pd.DataFrame) -> Table:
    """``revenue.arms_delivery_context``: the reported value of the arms deliveries."""
    return build(df, [
        ("Figure", _figure),
        ("Who (outlet)", _col("attribution")),
        ("As written (Dutch)", _col("excerpt")),
        ("Where", lambda r: f"paragraph {r['locator']}"),
    ], _ids(df))
