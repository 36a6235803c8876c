"""Load the fact base (``seeds/``) into validated pandas DataFrames.

Every problem in every file is collected and reported at once, one line each, naming the
file, the entry and the field: ``seeds/facts.yaml: fact dprk_army_x: low 2000000 > high
1500000``. ``FactBaseError`` carries them all.

An analyst adds newer reporting without touching ``seeds/``: ``load_facts(extra=["my.yaml"])``.
An extra file is either a list of facts (citing the seed sources) or a mapping with
``sources:`` and ``facts:`` lists, so new reporting can bring its own source.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import paths
from ..errors import FactBaseError
from .base import FactBase
from .cache import cached
from .constants import ARTICLE_SPEAKER

if TYPE_CHECKING:
    import pandas as pd
    from pydantic import BaseModel


# The schema (pydantic models) and the rules are imported where a read needs them: a
# notebook whose tables come from the fact-base cache (``fact_cache``) never builds them.

__all__ = [
    "FactBase",
    "facts_table",
    "load_events",
    "load_facts",
    "load_options",
    "load_sources",
    "read_fact_base",
]

PathLike = str | Path
LINE_KEY = "__line__"


# --- reading YAML ------------------------------------------------------------------------


def _yaml_loader() -> type:
    """A safe YAML loader (the C one when there is one) that records each mapping's line."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class LineLoader(base):  # type: ignore[valid-type,misc]
        pass

    def construct_mapping(loader: Any, node: Any, deep: bool = False) -> dict[str, Any]:
        mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping

    LineLoader.add_constructor("tag:yaml.org,2002:map", construct_mapping)
    return LineLoader


def _strip_lines(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _strip_lines(v) for k, v in obj.items() if k != LINE_KEY}
    if isinstance(obj, list):
        return [_strip_lines(v) for v in obj]
    return obj


def read_yaml(path: Path, problems: list[str]) -> Any:
    """The parsed YAML of a file, or None after adding a one-line problem to ``problems``."""
    import yaml

    where = paths.display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(f"{where}: file not found")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{where}: cannot read: {exc}")
        return None
    try:
        return yaml.load(text, Loader=_yaml_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(f"{where}: {line}broken YAML: {what}")
        return None


# --- validating --------------------------------------------------------------------------


def _entry_label(model: type[BaseModel], raw: dict[str, Any], index: int) -> str:
    from .schema import id_field

    key = id_field(model)
    noun = key.removesuffix("_id")
    if isinstance(raw.get(key), str):
        return f"{noun} {raw[key]}"
    return f"{noun} #{index + 1} (line {raw.get(LINE_KEY, '?')})"


def _describe(err: dict[str, Any]) -> str:
    """One pydantic error as a short phrase naming the field and what was expected."""
    loc = ".".join(str(p) for p in err["loc"])
    kind, got = err["type"], err.get("input")
    if kind == "missing":
        return f"missing required field '{loc}'"
    if kind == "extra_forbidden":
        return f"unknown field '{loc}'"
    if kind == "value_error" and not loc:
        return err["msg"].removeprefix("Value error, ")
    expected = {
        "float_type": "a number",
        "int_type": "a whole number",
        "string_type": "text",
        "list_type": "a list",
        "bool_type": "true or false",
        "model_type": "a mapping",
    }.get(kind)
    msg = f"expected {expected}" if expected else err["msg"].removeprefix("Value error, ")
    if kind == "literal_error":
        msg = msg.replace("Input should be", "expected")
    if kind == "string_pattern_mismatch":
        msg = f"expected snake_case (a-z, 0-9, _) or the documented format, got {got!r}"
        return f"{loc}: {msg}"
    shown = f", got {got!r}" if expected or kind == "literal_error" else ""
    return f"{loc}: {msg}{shown}"


def validate_entries(
    model: type[BaseModel], data: Any, where: str, problems: list[str]
) -> list[Any]:
    """Validate a YAML list of entries against ``model``; add each problem to ``problems``."""
    from pydantic import ValidationError

    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(f"{where}: expected a list of entries, got {type(data).__name__}")
        return []
    records, seen = [], set()
    from .schema import id_field

    key = id_field(model)
    for i, raw in enumerate(data):
        if not isinstance(raw, dict):
            problems.append(f"{where}: entry #{i + 1}: expected a mapping, got {raw!r}")
            continue
        label = _entry_label(model, raw, i)
        if raw.get(key) in seen:
            problems.append(f"{where}: {label}: duplicate {key} (line {raw.get(LINE_KEY, '?')})")
        seen.add(raw.get(key))
        try:
            records.append(model.model_validate(_strip_lines(raw)))
        except ValidationError as exc:
            problems.extend(f"{where}: {label}: {_describe(e)}" for e in exc.errors())
    return records


# --- the fact base -----------------------------------------------------------------------


def _split_extra(data: Any, where: str, problems: list[str]) -> tuple[Any, Any]:
    """An extra file's (sources, facts): a list is facts; a mapping has both keys."""
    if isinstance(data, dict):
        unknown = set(data) - {"sources", "facts", LINE_KEY}
        if unknown:
            problems.append(f"{where}: unknown top-level key(s) {sorted(unknown)}: "
                            "expected 'sources' and 'facts'")
        return data.get("sources"), data.get("facts")
    return None, data


def read_fact_base(
    seeds_dir: PathLike | None = None, extra: Iterable[PathLike] = ()
) -> FactBase:
    """Read and validate every file of the fact base (plus extra facts files).

    Raises FactBaseError listing every problem, one line each.
    """
    from .schema import Event, Fact, Option, Source

    seeds = _seeds(seeds_dir)
    problems: list[str] = []
    base = FactBase(seeds_dir=seeds)

    def where(name: str) -> str:
        return paths.display_path(seeds / name)

    base.sources = validate_entries(
        Source, read_yaml(seeds / paths.SOURCES_FILE, problems), where(paths.SOURCES_FILE),
        problems,
    )
    facts_where = where(paths.FACTS_FILE)
    base.facts = validate_entries(
        Fact, read_yaml(seeds / paths.FACTS_FILE, problems), facts_where, problems
    )
    base.fact_files = {f.fact_id: facts_where for f in base.facts}
    for path in map(Path, extra):
        data = read_yaml(path, problems)
        extra_where = paths.display_path(path)
        sources, facts = _split_extra(data, extra_where, problems)
        new_sources = validate_entries(Source, sources, extra_where, problems)
        new_facts = validate_entries(Fact, facts, extra_where, problems)
        _check_unique(base.sources, new_sources, "source_id", extra_where, problems)
        _check_unique(base.facts, new_facts, "fact_id", extra_where, problems)
        base.sources += new_sources
        base.facts += new_facts
        base.fact_files.update({f.fact_id: extra_where for f in new_facts})
    base.events_file = where(paths.EVENTS_FILE)
    base.events = validate_entries(
        Event, read_yaml(seeds / paths.EVENTS_FILE, problems), base.events_file, problems
    )
    base.options = validate_entries(
        Option, read_yaml(seeds / paths.OPTIONS_FILE, problems), where(paths.OPTIONS_FILE),
        problems,
    )
    # Cross-file checks only compare files that could be read: a broken sources.yaml must
    # not echo as "unknown source" on every fact.
    if not any(": broken YAML" in p or ": file not found" in p or ": cannot read" in p
               for p in problems):
        problems += _cross_checks(base, where)
    if problems:
        raise FactBaseError(problems)
    return base


def _check_unique(old: list[Any], new: list[Any], key: str, where: str, problems: list[str]):
    known = {getattr(r, key) for r in old}
    noun = key.removesuffix("_id")
    for r in new:
        if getattr(r, key) in known:
            problems.append(f"{where}: {noun} {getattr(r, key)}: {key} already in the fact base")


def _cross_checks(base: FactBase, where: Any) -> list[str]:
    """Checks across files: references resolve, speakers are known, units agree."""
    from .rules import check_rules
    from .schema import id_field

    problems = []
    sources = {s.source_id: s for s in base.sources}
    units: dict[str, tuple[str, str]] = {}
    for f in base.facts:
        at = f"{base.fact_files[f.fact_id]}: fact {f.fact_id}"
        source = sources.get(f.source_id)
        if source is None:
            problems.append(f"{at}: source_id {f.source_id!r} is not in sources.yaml")
        elif f.speaker not in source.speakers():
            known = ", ".join(sorted(source.speakers()))
            problems.append(f"{at}: speaker {f.speaker!r} is not among {f.source_id}'s "
                            f"people ({known})")
        first = units.setdefault(f.quantity, (f.unit, f.fact_id))
        if first[0] != f.unit:
            problems.append(f"{at}: unit {f.unit!r} differs from {first[0]!r} of "
                            f"{first[1]} (same quantity {f.quantity})")
    problems += check_rules(base)
    fact_ids = {f.fact_id for f in base.facts}
    for file, records in ((paths.EVENTS_FILE, base.events), (paths.OPTIONS_FILE, base.options)):
        for r in records:
            label = f"{id_field(type(r)).removesuffix('_id')} {getattr(r, id_field(type(r)))}"
            for fid in r.fact_ids:
                if fid not in fact_ids:
                    problems.append(f"{where(file)}: {label}: fact_ids: unknown fact {fid!r}")
    return problems


# --- DataFrames --------------------------------------------------------------------------


def _partial_to_date(partial: str) -> str:
    """The first day of a partial date: '2024-10' -> '2024-10-01', '1953' -> '1953-01-01'."""
    return partial + "-01" * ((10 - len(partial)) // 3)


def _frame(records: Sequence[BaseModel], model: type[BaseModel]) -> pd.DataFrame:
    """Records as a DataFrame typed by the model.

    A 'date' field becomes a datetime column (the first day of its period) followed by a
    ``<name>_precision`` column (year, month or day).
    """
    import pandas as pd

    from .schema import dataframe_dtypes, date_precision

    dtypes = dataframe_dtypes(model)
    df = pd.DataFrame([r.model_dump() for r in records], columns=list(dtypes))
    for name, dtype in dtypes.items():
        if dtype == "date":
            partial = df[name].tolist()
            df[name] = pd.to_datetime([_partial_to_date(p) for p in partial], format="%Y-%m-%d")
            precision = pd.Categorical(
                [date_precision(p) for p in partial], categories=["year", "month", "day"]
            )
            df.insert(df.columns.get_loc(name) + 1, f"{name}_precision", precision)
        elif dtype != "object":
            df[name] = df[name].astype(dtype)
    return df


def _seeds(seeds_dir: PathLike | None) -> Path:
    return Path(seeds_dir) if seeds_dir is not None else paths.SEEDS_DIR


def _extra(extra: Iterable[PathLike] | None) -> list[Path]:
    """The extra fact files asked for, else those DPRK_TROOPS_EXTRA names, so that a
    notebook's ``load_facts()`` sees what the analyst's report was given."""
    return [Path(p) for p in extra] if extra is not None else paths.extra_facts()


def load_sources(seeds_dir: PathLike | None = None,
                 extra: Iterable[PathLike] | None = None) -> pd.DataFrame:
    """One row per source article: outlet, title, publication date and its basis, people.
    ``extra`` defaults to the files DPRK_TROOPS_EXTRA names."""
    from .schema import Source

    seeds, more = _seeds(seeds_dir), _extra(extra)
    return cached("sources", seeds, more,
                  lambda: _frame(read_fact_base(seeds, more).sources, Source))


def facts_table(base: FactBase) -> pd.DataFrame:
    """The facts of a read fact base as a DataFrame, with each source's file and outlet."""
    import pandas as pd

    from .schema import Fact

    df = _frame(base.facts, Fact)
    bounds = [f.bounds() for f in base.facts]
    df["low"] = [b[0] for b in bounds]
    df["high"] = [b[1] for b in bounds]
    df[["low", "high"]] = df[["low", "high"]].astype("float64")
    sources = {s.source_id: s for s in base.sources}
    df["source_file"] = [sources[f.source_id].source_file for f in base.facts]
    df["source_file"] = df["source_file"].astype("string")
    df["outlet"] = pd.Categorical([sources[f.source_id].outlet for f in base.facts])
    df["attribution"] = pd.Categorical([attribution(f.speaker, sources[f.source_id].outlet)
                                        for f in base.facts])
    df["file"] = pd.array([base.fact_files[f.fact_id] for f in base.facts], dtype="string")
    return df


def attribution(speaker: str, outlet: str) -> str:
    """How a chart credits a fact: 'Blinken (NOS)', or the outlet alone for its own voice."""
    return outlet if speaker == ARTICLE_SPEAKER else f"{speaker} ({outlet})"


def load_facts(seeds_dir: PathLike | None = None,
               extra: Iterable[PathLike] | None = None) -> pd.DataFrame:
    """One row per figure or claim, with provenance, plus extra facts files on top
    (``extra``, by default the files DPRK_TROOPS_EXTRA names: so a report's or an
    analyst's newer facts reach every notebook, and the defaults read from them).

    A point figure's ``low`` and ``high`` equal its ``value``; "at least" figures leave
    ``high`` empty (NaN), "up to" figures leave ``low`` empty. The table comes from the
    fact-base cache when the files have not changed (``fact_cache``).
    """
    seeds, more = _seeds(seeds_dir), _extra(extra)
    return cached("facts", seeds, more, lambda: facts_table(read_fact_base(seeds, more)))


def load_events(seeds_dir: PathLike | None = None) -> pd.DataFrame:
    """The timeline: one row per dated event, with the facts that mention it."""
    from .schema import Event

    seeds = _seeds(seeds_dir)
    return cached("events", seeds, [], lambda: _frame(read_fact_base(seeds).events, Event))


def load_options(seeds_dir: PathLike | None = None) -> pd.DataFrame:
    """South Korea's response options as the articles describe them."""
    from .schema import Option

    seeds = _seeds(seeds_dir)
    return cached("options", seeds, [], lambda: _frame(read_fact_base(seeds).options, Option))
