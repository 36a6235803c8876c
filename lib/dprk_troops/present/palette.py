"""One colour per series, the same on every page, notebook and index chart.

A reader who learns on one page that blue is cash revenue should find blue meaning cash
revenue on the next. Every chart takes its colours from here, never from a scheme of its
own; ``tests/unit/test_charts_and_widgets.py`` checks that no two series share a colour
and that the charts use only these.

The colours are Tableau 10's (Vega's default scheme, readable for the common kinds of
colour blindness when paired with labels), assigned by meaning.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

__all__ = ["COLOURS", "INK", "MUTED", "OPTION_COLOURS", "for_result", "option_scale", "scale"]

#: Series -> colour. The keys name what is drawn, not where.
COLOURS: dict[str, str] = {
    "cash revenue": "#4c78a8",                  # notebook 01, index, sweeps: money earned
    "cash revenue, constant troops": "#72b7b2",  # the same at a constant troop number
    "construction work lost": "#b279a2",         # forgone labour at home
    "killed or wounded": "#e45756",              # casualties
    "deployment": "#f58518",                     # the North Korean soldiers sent
    "forces compared": "#bab0ac",                # the armies and fronts it is set against
    "force the share is taken of": "#9d755d",    # the reference force
    "option score": "#54a24b",                   # notebook 03: each option's score
    "ranked first": "#eeca3b",                   # share of random weightings won
    "other result": "#79706e",                   # index results of no series above
}
#: South Korea's options where a chart tells them apart by colour (one line each), in the
#: order of ``seeds/options.yaml``: ColorBrewer's Dark2, none of them a colour above.
OPTION_COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#a6761d",
                  "#e6ab02", "#666666")
#: Rules, percentiles and trend lines: drawn in ink, not in a series' colour.
INK = "#333333"
#: Secondary text (captions).
MUTED = "#555555"

#: Registry results (``registry.ResultSpec.name`` prefixes) -> their series.
_RESULT_SERIES = (
    ("cash_revenue", "cash revenue"),
    ("mc_", "cash revenue"),
    ("expected_casualties", "killed or wounded"),
    ("forgone_labour", "construction work lost"),
    ("days_of_russian_losses", "deployment"),
    ("share_of_dprk_army", "deployment"),
    ("share_ranked_first", "ranked first"),
    ("scores", "option score"),
)


def for_result(name: str) -> str:
    """The colour of a recorded result (by its registry name): cash revenue and its Monte
    Carlo percentiles in the cash-revenue colour, casualties in theirs, and so on."""
    for prefix, series in _RESULT_SERIES:
        if name.startswith(prefix):
            return COLOURS[series]
    return COLOURS["other result"]


def option_scale(labels: Sequence[str]) -> dict[str, list[str]]:
    """A colour scale for options' labels, given in the options' own order: the same
    option gets the same colour in every run."""
    if len(labels) > len(OPTION_COLOURS):
        raise ValueError(f"{len(labels)} options: the palette has colours for "
                         f"{len(OPTION_COLOURS)}; add some to palette.OPTION_COLOURS")
    return {"domain": list(labels), "range": list(OPTION_COLOURS[:len(labels)])}


def scale(labels: Mapping[str, str]) -> dict[str, list[str]]:
    """A Vega-Lite colour scale (``domain`` and ``range``): each label a chart draws (its
    legend's text) -> the series it shows. Use as ``alt.Scale(**scale(...))``."""
    return {"domain": list(labels), "range": [COLOURS[s] for s in labels.values()]}
