"""Benchmark the dashboard (`dprk-troops dashboard`) in headless Chromium.

Usage: .venv/bin/python tests/benchmarks/bench_dashboard.py [--repeat N] [--sessions N]
                                                              [--hold SECONDS]

What it measures, each app's figure the median of N openings:
- cold: a server without preheated kernels (``--pool 0``): from opening an app's page to
  its first chart drawn (the page shows when every cell has run) and to its panel's chart;
- warm: a server with one preheated kernel per app, each opening once its pool is full
  again; in a fresh browser (nothing cached) and in one that has opened the app before;
- a control change: a slider moved by keyboard, to the panel's readout and chart redrawn;
- memory: each visitor's kernel (PSS: its own pages plus its share of those it shares)
  and the server's;
- concurrent sessions: N visitors at once, each with a kernel of its own, held for
  SECONDS while each moves a control now and then; every page must still answer at the
  end.
The server and Chromium run on this machine; the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the shared helpers

from dashboard_server import Dashboard, running_dashboard
from support import CHROMIUM, CHROMIUM_ARGS

STEMS = ["01_cost_vs_revenue", "02_troop_comparisons", "03_south_korea_options"]
TIMEOUT = 120_000  # ms

DRAWN_JS = """() => {
  const cells = document.getElementById('rendered_cells');
  const shown = cells && cells.style.display !== 'none';
  return shown && !!document.querySelector('svg.marks g');
}"""
PANEL_JS = "() => !!document.querySelector('.dprk-panel .dprk-chart svg.marks g')"
#: The panel could not load (ipywidgets gave up waiting for a busy kernel): the page's
#: banner says so and offers a reload.
FAILED_JS = "() => !document.getElementById('dprk-session-ended').hidden"
STATE_JS = """() => {
  const panel = document.querySelector('.dprk-panel');
  return panel.querySelector('.dprk-readout').textContent + '|' +
         (panel.querySelector('.dprk-chart svg.marks')?.innerHTML || '');
}"""


def _open(context: Any, server: Dashboard, stem: str) -> tuple[Any, float, float]:
    """Open an app; (page, seconds to its first chart drawn, seconds to its panel's)."""
    # No request interception here (playwright's routing adds a round trip through this
    # process to each of the page's ~90 requests): Chromium's resolver reaches nothing but
    # localhost (CHROMIUM_ARGS), and the browser tests check that nothing else is asked for.
    page = context.new_page()
    started = time.perf_counter()
    page.goto(f"{server.base}voila/render/{stem}.ipynb?token={server.token}",
              wait_until="commit", timeout=TIMEOUT)
    page.wait_for_function(DRAWN_JS, polling="raf", timeout=TIMEOUT)
    first = time.perf_counter() - started
    page.wait_for_function(PANEL_JS, polling="raf", timeout=TIMEOUT)
    return page, first, time.perf_counter() - started


def _kernel(page: Any) -> str:
    return page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def _change(page: Any, key: str) -> float:
    """Seconds from a slider's key press to the readout and chart both redrawn."""
    before = page.evaluate(STATE_JS)
    handle = page.locator(".dprk-panel .dprk-control.widget-slider .noUi-handle").first
    handle.focus()
    started = time.perf_counter()
    page.keyboard.press(key)
    page.wait_for_function(
        f"(before) => {{ const now = ({STATE_JS})(); const [r0, c0] = before.split('|');"
        f" const [r1, c1] = now.split('|'); return r1 !== r0 && c1 !== c0 && c1 !== ''; }}",
        arg=before, polling="raf", timeout=TIMEOUT)
    return time.perf_counter() - started


def _memory_mb(pid: int) -> tuple[float, float]:
    """(PSS, RSS) of a process in MB (10^6 bytes)."""
    import psutil

    info = psutil.Process(pid).memory_full_info()
    return info.pss / 1e6, info.rss / 1e6


def _close(page: Any, server: Dashboard) -> None:
    kernel = _kernel(page)
    page.close()
    server.delete_kernel(kernel)


def _wait_for_pools(server: Dashboard, filled: int, timeout: float = 120) -> None:
    """Until ``filled`` preheated kernels have run their app up to its panel."""
    deadline = time.monotonic() + timeout
    while server.preheated() < filled:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the preheated pools did not fill ({server.preheated()} "
                               f"of {filled})")
        time.sleep(0.1)


def cold(browser: Any, base: Path, repeat: int) -> dict[str, list[tuple[float, float]]]:
    out: dict[str, list[tuple[float, float]]] = {s: [] for s in STEMS}
    with running_dashboard(base, "--pool", "0", "--max-sessions", "20") as server:
        for _ in range(repeat):
            for stem in STEMS:
                context = browser.new_context()
                page, first, panel = _open(context, server, stem)
                out[stem].append((first, panel))
                _close(page, server)
                context.close()
    return out


def warm(browser: Any, base: Path, repeat: int, sessions: int, hold: float) -> dict[str, Any]:
    figures: dict[str, Any] = {"fresh": {s: [] for s in STEMS}, "cached": {s: [] for s in STEMS},
                               "change": {s: [] for s in STEMS}, "pss": [], "rss": []}
    with running_dashboard(base, "--pool", "1", "--max-sessions", str(sessions + 2)) as server:
        filled = len(STEMS)
        _wait_for_pools(server, filled)
        for _ in range(repeat):
            for stem in STEMS:
                context = browser.new_context()
                for kind in ("fresh", "cached"):
                    page, first, panel = _open(context, server, stem)
                    filled += 1
                    figures[kind][stem].append((first, panel))
                    if kind == "cached":
                        for i in range(6):
                            figures["change"][stem].append(_change(page, "End" if i % 2 == 0
                                                                   else "Home"))
                        pss, rss = _memory_mb(server.kernel_pids()[_kernel(page)])
                        figures["pss"].append(pss)
                        figures["rss"].append(rss)
                    _close(page, server)
                    _wait_for_pools(server, filled)
                context.close()
        figures["server_mb"] = _memory_mb(server.process.pid)
        figures["concurrent"] = concurrent(browser, server, sessions, hold)
    return figures


def concurrent(browser: Any, server: Dashboard, sessions: int, hold: float) -> dict[str, Any]:
    """``sessions`` visitors at once, each on its own kernel, for ``hold`` seconds."""
    contexts = [browser.new_context() for _ in range(sessions)]
    pages = []
    started = time.perf_counter()
    for i, context in enumerate(contexts):
        page = context.new_page()
        page.goto(f"{server.base}voila/render/{STEMS[i % 3]}.ipynb?token={server.token}",
                  wait_until="commit", timeout=TIMEOUT)
        pages.append(page)
    reloaded = 0
    for i, page in enumerate(pages):
        try:
            page.wait_for_function(f"() => ({PANEL_JS})() || ({FAILED_JS})()", polling="raf",
                                   timeout=TIMEOUT)
            if page.evaluate(FAILED_JS):  # the page says so, and offers a reload: take it
                reloaded += 1
                page.reload(wait_until="commit")
                page.wait_for_function(PANEL_JS, polling="raf", timeout=TIMEOUT)
        except Exception:
            kernel = _kernel(page)
            state = page.evaluate("""() => [document.querySelectorAll('.dprk-panel').length,
                document.querySelectorAll('.jupyter-widgets').length,
                [...document.querySelectorAll('.jp-OutputArea-output')].map(o => o.textContent)
                  .filter(t => t.includes('rror')).slice(0, 3)]""")
            Path(f"/tmp/bench-session-{i}.html").write_text(page.content())
            lines = [x for x in server.log.read_text().splitlines() if kernel in x]
            print(f"session {i} ({STEMS[i % 3]}, kernel {kernel}) did not draw its panel: "
                  f"{state}; the server on its kernel:\n" + "\n".join(lines), file=sys.stderr)
            raise
    all_loaded = time.perf_counter() - started
    kernels = {_kernel(page) for page in pages}
    pids = server.kernel_pids()
    pss = [_memory_mb(pids[k])[0] for k in kernels]
    changes: list[float] = []
    deadline = time.monotonic() + hold
    rounds = 0
    while time.monotonic() < deadline or rounds == 0:
        for page in pages:
            changes.append(_change(page, "End" if rounds % 2 == 0 else "Home"))
        rounds += 1
        time.sleep(max(0.0, min(10.0, deadline - time.monotonic())))
    alive = sum(1 for page in pages if _change(page, "Home" if rounds % 2 else "End") > 0)
    for page, context in zip(pages, contexts, strict=True):
        _close(page, server)
        context.close()
    return {"sessions": sessions, "kernels": len(kernels), "all_loaded": all_loaded,
            "reloaded": reloaded,
            "pss": pss, "changes": changes, "rounds": rounds, "alive": alive, "hold": hold}


def _ms(xs: list[float]) -> str:
    return f"{statistics.median(xs) * 1000:.0f} ms"


def _s(pairs: list[tuple[float, float]]) -> str:
    return (f"{statistics.median(p[0] for p in pairs):.2f} s "
            f"(panel {statistics.median(p[1] for p in pairs):.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--hold", type=float, default=60)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=CHROMIUM_ARGS)
        (Path(tmp) / "cold").mkdir()
        (Path(tmp) / "warm").mkdir()
        c = cold(browser, Path(tmp) / "cold", args.repeat)
        w = warm(browser, Path(tmp) / "warm", args.repeat, args.sessions, args.hold)
        browser.close()
    print(f"load average before: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; "
          f"after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("| app | cold (no pool) | warm pool, fresh browser | warm pool, browser cache "
          "| control change |")
    print("|---|---|---|---|---|")
    for stem in STEMS:
        print(f"| {stem} | {_s(c[stem])} | {_s(w['fresh'][stem])} | {_s(w['cached'][stem])} "
              f"| {_ms(w['change'][stem])} |")
    print(f"memory per visitor's kernel: PSS {statistics.median(w['pss']):.0f} MB "
          f"(RSS {statistics.median(w['rss']):.0f} MB); server PSS {w['server_mb'][0]:.0f} MB")
    k = w["concurrent"]
    print(f"{k['sessions']} sessions at once: {k['kernels']} kernels, all drawn in "
          f"{k['all_loaded']:.1f} s ({k['reloaded']} reloaded after their page said the "
          f"controls did not load); held {k['hold']:.0f} s, {k['rounds']} rounds of changes, "
          f"median {_ms(k['changes'])}, slowest {max(k['changes']) * 1000:.0f} ms; "
          f"{k['alive']} of {k['sessions']} answering at the end; kernels' PSS "
          f"{statistics.median(k['pss']):.0f} MB each, {sum(k['pss']):.0f} MB in all")


if __name__ == "__main__":
    main()
