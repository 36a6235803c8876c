"""Sensitivity indices by SALib, from the evaluated design; convergence between N and 2N;
and one sentence per key result, naming what drives it and whether interactions matter.

- Sobol' (``sobol``): first-order ``S1`` and total ``ST`` indices (shares of the result's
  variance), with ``S1_conf``/``ST_conf``, the half-width of their 95% bootstrap interval.
  ``ST - S1`` is what a parameter does through interactions with the others.
- Morris (``morris``): ``mu_star``, the mean absolute elementary effect (in the result's
  unit, per the parameter's whole range), with ``mu_star_conf``, and ``sigma``, their
  spread: a large sigma next to mu_star means a non-linear effect or interactions.
- Latin hypercube (``lhs``): first-order indices by RBD-FAST (``S1``, ``S1_conf``); no
  total indices, so 1 - sum(S1) is all it says of interactions.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .model import Factor, Output
from .sampling import MORRIS_LEVELS, problem

if TYPE_CHECKING:
    import numpy as np

__all__ = ["COLUMNS", "INDEX_NAMES", "INTERACTION", "analyze", "convergence", "resamples",
           "sentence", "varies"]

#: indices.csv's columns after result, parameter, samples and evaluations, per method.
COLUMNS = {"sobol": ("S1", "S1_conf", "ST", "ST_conf"),
           "morris": ("mu_star", "mu_star_conf", "sigma"),
           "lhs": ("S1", "S1_conf")}
#: Each index as a reader reads it (the page's table and its disagreements).
INDEX_NAMES = {"S1": "first-order index", "ST": "total index", "mu_star": "mu*",
               "sigma": "sigma"}
#: The index that ranks the parameters, and the indices compared between N and 2N.
RANKED_BY = {"sobol": "ST", "morris": "mu_star", "lhs": "S1"}
COMPARED = {"sobol": ("S1", "ST"), "morris": ("mu_star",), "lhs": ("S1",)}
#: A share of the variance from interactions (total minus first order, or 1 - sum of the
#: first-order indices) at or above which the page says they matter.
INTERACTION = 0.05
#: Morris: sigma / mu_star at or above which a parameter's effect depends on the others
#: (or is non-linear).
MORRIS_RATIO = 0.5


def resamples(n_rows: int) -> int:
    """Bootstrap resamples: 100, fewer for very large designs (at least 20), so that the
    bootstrap's arrays (samples x resamples) stay near 4 million numbers: SALib holds
    several at once, and at a million evaluations they would take gigabytes (intervals
    that narrow need fewer resamples to be told apart)."""
    return max(20, min(100, 4_000_000 // max(n_rows, 1)))


def varies(y: np.ndarray) -> bool:
    """Whether a result has a variance to apportion (finite and not constant)."""
    import numpy as np

    return bool(np.all(np.isfinite(y))) and float(np.ptp(y)) > 1e-12 * max(
        1.0, float(np.abs(y).max()))


def _indices(method: str, prob: dict[str, Any], x: np.ndarray, y: np.ndarray, seed: int,
             base: int) -> Mapping[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if method == "sobol":
            from SALib.analyze import sobol

            return sobol.analyze(prob, y, calc_second_order=False,
                                 num_resamples=resamples(base), seed=seed + 1)
        if method == "morris":
            from SALib.analyze import morris

            return morris.analyze(prob, x, y, num_levels=MORRIS_LEVELS,
                                  num_resamples=resamples(base), seed=seed + 1)
        from SALib.analyze import rbd_fast

        return rbd_fast.analyze(prob, x, y, num_resamples=resamples(base), seed=seed + 1)


def analyze(method: str, factors: Sequence[Factor], x: np.ndarray,
            values: Mapping[str, np.ndarray], rows_at_n: int, n: int, seed: int
            ) -> list[dict[str, Any]]:
    """indices.csv's rows: every result that varies, every parameter, at N and at 2N
    (the design's first ``rows_at_n`` rows, then all of it)."""
    prob = problem(factors)
    rows = []
    for name, y in values.items():
        if not varies(y):
            continue
        for samples, upto in ((n, rows_at_n), (2 * n, len(x))):
            s = _indices(method, prob, x[:upto], y[:upto], seed, samples)
            for j, f in enumerate(factors):
                rows.append({"result": name, "parameter": f.name, "samples": samples,
                             "evaluations": upto,
                             **{c: float(s[c][j]) for c in COLUMNS[method]}})
    return rows


def convergence(rows: Sequence[Mapping[str, Any]], method: str,
                labels: Mapping[str, str] | None = None) -> tuple[int, list[str]]:
    """(indices compared, those whose N and 2N estimates disagree): two estimates agree
    when their intervals overlap (|a - b| <= conf_a + conf_b). A disagreement names its
    result and parameter by ``labels`` where given (else by name) and the index as the
    page's table does."""
    labels = labels or {}
    at: dict[tuple[str, str, int], Mapping[str, Any]] = {
        (r["result"], r["parameter"], r["samples"]): r for r in rows}
    sizes = sorted({r["samples"] for r in rows})
    if len(sizes) < 2:
        return 0, []
    n, n2 = sizes[0], sizes[-1]
    compared, bad = 0, []
    for (result, param, samples), a in at.items():
        if samples != n:
            continue
        b = at[(result, param, n2)]
        for index in COMPARED[method]:
            compared += 1
            ca, cb = a[f"{index}_conf"], b[f"{index}_conf"]
            if abs(a[index] - b[index]) > ca + cb:
                bad.append(f"{labels.get(result, result)}, {labels.get(param, param)}, "
                           f"{INDEX_NAMES[index]}: {a[index]:.3g} ± {ca:.2g} at N, "
                           f"{b[index]:.3g} ± {cb:.2g} at 2N")
    return compared, bad


def _words(label: str) -> str:
    """A parameter's label inside a sentence: 'Months the deployment lasts' -> 'months the
    deployment lasts'; underscores of a mapping's key as spaces."""
    text = label.replace("_", " ")
    return text[:1].lower() + text[1:]


def _fmt(value: float, unit: str) -> str:
    from ..present.formats import FORMATS

    return FORMATS.get(unit, lambda v: f"{v:,.3g}")(value)


def _ranked(rows: Sequence[Mapping[str, Any]], method: str) -> list[Mapping[str, Any]]:
    key = RANKED_BY[method]
    return sorted(rows, key=lambda r: -r[key])


def _list(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _drivers(label: str, rows: Sequence[Mapping[str, Any]], method: str, verb: str,
             first: Callable[[Mapping[str, Any]], str],
             then: Callable[[Mapping[str, Any]], str]) -> str:
    """'<label>: <verb> most by <parameter> (<first>), then <parameter> (<then>) and ...'"""
    top, *rest = _ranked(rows, method)
    text = f"{label}: {verb} most by {top['parameter']} ({first(top)})"
    if rest:
        text += ", then " + _list([f"{r['parameter']} ({then(r)})" for r in rest])
    return text


def _sobol(label: str, rows: Sequence[Mapping[str, Any]]) -> str:
    text = _drivers(label, rows, "sobol", "driven",
                    lambda r: f"total index {r['ST']:.2f} ± {r['ST_conf']:.2f}",
                    lambda r: f"{r['ST']:.2f}")
    gap = max(rows, key=lambda r: r["ST"] - r["S1"])
    g = gap["ST"] - gap["S1"]
    if g >= INTERACTION and g > max(gap["ST_conf"], gap["S1_conf"]):
        return (text + f". Interactions matter: total minus first order is {g:.2f} for "
                f"{gap['parameter']}, a share of the variance it causes only together with "
                "the others.")
    if g >= INTERACTION:
        return (text + f". Interactions may matter: total minus first order is {g:.2f} for "
                f"{gap['parameter']}, but within the estimates' intervals (more samples "
                "would tell).")
    return (text + f". Interactions hardly matter: total minus first order is at most "
            f"{max(g, 0.0):.2f} ({gap['parameter']}).")


def _morris(label: str, rows: Sequence[Mapping[str, Any]], unit: str) -> str:
    text = _drivers(label, rows, "morris", "moved",
                    lambda r: f"mu* {_fmt(r['mu_star'], unit)} over its range",
                    lambda r: _fmt(r["mu_star"], unit))
    top = _ranked(rows, "morris")[0]
    big = [r for r in rows if r["mu_star"] > 0.1 * top["mu_star"]
           and r["sigma"] >= MORRIS_RATIO * r["mu_star"]]
    if big:
        worst = max(big, key=lambda r: r["sigma"] / r["mu_star"])
        return (text + f". Interactions (or a non-linear effect) may matter: sigma is "
                f"{worst['sigma'] / worst['mu_star']:.1f} x mu* for {worst['parameter']}; "
                "Morris cannot tell which, --method sobol can.")
    return text + ". Interactions hardly matter: sigma is small next to mu* for every parameter."


def _lhs(label: str, rows: Sequence[Mapping[str, Any]]) -> str:
    text = _drivers(label, rows, "lhs", "driven",
                    lambda r: f"first-order index {r['S1']:.2f} ± {r['S1_conf']:.2f}",
                    lambda r: f"{r['S1']:.2f}")
    left = 1.0 - sum(r["S1"] for r in rows)
    verdict = ("Interactions may matter" if left >= INTERACTION
               else "Interactions hardly matter")
    return (text + f". {verdict}: first-order effects leave {max(left, 0.0):.0%} of the "
            "variance unexplained (a Latin hypercube gives no total indices; --method "
            "sobol does).")


def sentence(output: Output, rows: Sequence[Mapping[str, Any]], method: str,
             labels: Mapping[str, str] | None = None) -> str:
    """What drives one result and whether interactions matter, from its rows at 2N; each
    parameter named by ``labels`` (its words for a reader) where given."""
    if labels:
        rows = [{**r, "parameter": _words(labels.get(r["parameter"], r["parameter"]))}
                for r in rows]
    if method == "sobol":
        return _sobol(output.label, rows)
    if method == "morris":
        return _morris(output.label, rows, output.unit)
    return _lhs(output.label, rows)
