"""The dashboard (``dprk-troops dashboard``), as a visitor and as an intruder meet it.

One server for the module, started the way a user starts it (the installed command, a
random port and token, one preheated kernel per app, at most two visitors' kernels), with
scratch Jupyter folders so no user setting leaks in. Headless Chromium (Debian's) reaches
nothing but that server: every other request is blocked and reported.

What it proves: each app loads with no console error and draws every chart offline;
moving a slider and a dropdown redraws the readout and the chart; a link sets the
controls, a bad value in it is one line; "save as scenario" pasted into reports.yaml
renders in the report with the figures the app showed; without the token, no page and no
kernel; no file browser, terminal or other notebook; a page's kernel runs no code it is
sent; beyond the cap, a page that says so; a killed kernel is said in words and a reload
gives a fresh one; SIGTERM stops the server and every kernel.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from dashboard_server import Dashboard, kernel_of, running_dashboard, stop
from support import ARTIFACTS, CHROMIUM_ARGS, require_chromium, run_cli

pytestmark = [pytest.mark.slow, pytest.mark.browser]

LOAD_TIMEOUT = 60_000  # ms for an app's page to draw its panel's chart
CHANGE_TIMEOUT = 30_000  # ms for a control's change to reach the readout and the chart
STEMS = ["01_cost_vs_revenue", "02_troop_comparisons", "03_south_korea_options"]
#: Charts each app draws outside its panel (a floor: a chart lost fails the test).
MIN_CHARTS = {"01_cost_vs_revenue": 4, "02_troop_comparisons": 3,
              "03_south_korea_options": 4}


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    """One preheated kernel per app, at most two visitors' kernels."""
    try:
        with running_dashboard(tmp_path_factory.mktemp("dashboard"), "--pool", "1",
                               "--max-sessions", "2") as server:
            yield server
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="module")
def browser(playwright: Any) -> Iterator[Any]:
    b = playwright.chromium.launch(executable_path=require_chromium(), headless=True,
                                   args=CHROMIUM_ARGS)
    yield b
    b.close()


@dataclass
class Visit:
    """A page of the dashboard in a fresh browser context, with what went wrong on it."""

    page: Any
    problems: list[str] = field(default_factory=list)

    def kernel_id(self) -> str:
        return self.page.evaluate(
            "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def _visit(browser: Any, server: Dashboard, path: str, token: bool = True) -> Visit:
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    page = context.new_page()
    visit = Visit(page)

    def route(route: Any) -> None:
        if server.is_local(route.request.url):
            route.continue_()
        else:
            visit.problems.append(f"blocked a request to {route.request.url}")
            route.abort("blockedbyclient")

    page.route("**/*", route)
    page.on("websocket", lambda ws: None if server.is_local(ws.url.replace("ws:", "http:", 1))
            else visit.problems.append(f"a websocket to {ws.url}"))
    page.on("console", lambda m: m.type == "error" and visit.problems.append(
        f"console error: {m.text[:500]}"))
    page.on("pageerror", lambda e: visit.problems.append(f"page error: {e}"))
    sep = "&" if "?" in path else "?"
    page.goto(f"{server.base}{path}{sep}token={server.token}" if token else server.base + path)
    return visit


def _close(visit: Visit, server: Dashboard) -> None:
    from playwright.sync_api import Error as PlaywrightError

    kernel = None
    with contextlib.suppress(PlaywrightError):  # the page never got that far
        kernel = visit.kernel_id()
    visit.page.context.close()
    if kernel:
        server.delete_kernel(kernel)


def _panel(page: Any) -> dict[str, Any]:
    return page.evaluate("""() => {
      const panel = document.querySelector('.dprk-panel');
      return {readout: panel.querySelector('.dprk-readout').textContent,
              chart: panel.querySelector('.dprk-chart svg.marks')?.innerHTML || ''};
    }""")


def _await_change(page: Any, before: dict[str, Any], what: str) -> None:
    page.wait_for_function(
        """(before) => {
          const panel = document.querySelector('.dprk-panel');
          const chart = panel.querySelector('.dprk-chart svg.marks');
          return chart && panel.querySelector('.dprk-readout').textContent !== before.readout
                 && chart.innerHTML !== before.chart;
        }""", arg=before, timeout=CHANGE_TIMEOUT)


def _loaded(page: Any, stem: str) -> None:
    page.wait_for_selector(".dprk-panel .dprk-chart svg.marks", timeout=LOAD_TIMEOUT)
    page.wait_for_function(
        "(n) => document.querySelectorAll('svg.marks').length > n "
        "&& [...document.querySelectorAll('svg.marks')].every(s => s.querySelector('g'))",
        arg=MIN_CHARTS[stem], timeout=LOAD_TIMEOUT)


def test_the_login_page_then_the_list_of_apps(browser: Any, dashboard: Dashboard) -> None:
    """Without the token, the login page (drawn offline); with it typed in, the landing
    page, which lists every app with its question and summary."""
    from dprk_troops.workbook import NOTEBOOKS

    visit = _visit(browser, dashboard, "", token=False)
    try:
        page = visit.page
        page.wait_for_load_state("load")
        assert page.url.startswith(f"{dashboard.base}login?next=")
        page.locator("#password_input").fill(dashboard.token)
        page.locator("#password_input").press("Enter")
        page.wait_for_url(dashboard.base)
        text = page.locator("body").inner_text()
        for d in NOTEBOOKS.values():
            assert d.question in text and d.summary in text and d.title in text
        hrefs = page.locator("a.open").evaluate_all("(as) => as.map((a) => a.href)")
        assert hrefs == [f"{dashboard.base}voila/render/{stem}.ipynb" for stem in STEMS]
        assert "of 2 places in use" in text
        page.screenshot(path=ARTIFACTS / "dashboard-landing.png", full_page=True)
    finally:
        _close(visit, dashboard)
    assert visit.problems == []


def _move_controls(page: Any) -> None:
    """Move the panel's first slider (by keyboard, as a person would: End, or Home if it
    sits at its end), then its first dropdown; each must redraw the readout and the chart."""
    handle = page.locator(".dprk-panel .dprk-control.widget-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    before = _panel(page)
    at_end = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
    handle.focus()
    page.keyboard.press("Home" if at_end else "End")
    _await_change(page, before, "slider")
    select = page.locator(".dprk-panel .dprk-control.widget-dropdown select").first
    options = select.locator("option").evaluate_all("(os) => os.map((o) => o.value)")
    before = _panel(page)
    select.select_option(next(o for o in options if o != select.input_value()))
    _await_change(page, before, "dropdown")


def _readout(page: Any) -> dict[str, str]:
    return dict(zip(*(page.locator(f".dprk-readout {cell}").all_inner_texts()
                      for cell in ("th", "td")), strict=True))


def test_a_link_opens_app_01_on_its_values_and_its_scenario_renders_the_same(
        browser: Any, dashboard: Dashboard, tmp_path: Path) -> None:
    """The issue's link plus a bad value: the controls are set, the bad value is one line;
    moving a slider and a dropdown redraws; then "save as scenario", pasted into
    reports.yaml and rendered by `dprk-troops report`, gives the key figures the app
    showed."""
    from dprk_troops.present.formats import format_result
    from dprk_troops.workbook import definition

    link = "01_cost_vs_revenue?troops=5000&months=24&troop_schedule=constant&regime_share=x"
    visit = _visit(browser, dashboard, link)
    try:
        page = visit.page
        _loaded(page, "01_cost_vs_revenue")
        assert page.locator(".jp-InputArea-editor, .jp-InputPrompt").count() == 0  # no code
        values = page.locator(".dprk-panel .noUi-handle").evaluate_all(
            "(hs) => hs.map((h) => Number(h.getAttribute('aria-valuenow')))")
        assert values[0] == 5000 and values[2] == 24
        assert page.locator(".dprk-panel select").first.input_value() == "constant"
        refused = ("The link's regime_share: expected a number from 0 to 1, got 'x'; the app "
                   "keeps its default.")
        assert page.locator(".dprk-link-problem").all_inner_texts() == [refused]
        assert _readout(page)["Cash revenue over the deployment"] == "$240 million"
        view = page.locator("a.dprk-view-link").get_attribute("href")
        assert view.startswith("../../01_cost_vs_revenue?troops=5000&")
        _move_controls(page)
        readout = _readout(page)
        page.locator(".dprk-save summary").click()
        scenario = page.locator("pre.dprk-scenario").inner_text()
        page.screenshot(path=ARTIFACTS / "dashboard-01_cost_vs_revenue.png", full_page=True)
    finally:
        _close(visit, dashboard)
    assert visit.problems == []
    reports = Path(__file__).resolve().parents[2] / "reports.yaml"
    lines = reports.read_text().splitlines(keepends=True)
    at = lines.index("scenarios:\n") + 1
    pasted = tmp_path / "reports.yaml"
    pasted.write_text("".join([*lines[:at], scenario.rstrip("\n") + "\n", *lines[at:]]))
    name = next(iter(yaml.safe_load("x:\n" + scenario)["x"]))
    out = tmp_path / "out"
    run = run_cli("report", "--reports-file", pasted, "--scenario", name, "--notebook", "01",
                  "--out", out)
    assert run.returncode == 0, run.stderr
    results = json.loads((out / "manifest.json").read_text())["runs"][0]["results"]
    shown = [r for r in definition("01").key_results if r.label in readout]
    assert len(shown) >= 3
    for r in shown:
        assert format_result(r, results[r.name]) == readout[r.label], r.name


def test_app_03_draws_offline_and_its_controls_redraw(browser: Any,
                                                      dashboard: Dashboard) -> None:
    visit = _visit(browser, dashboard, "voila/render/03_south_korea_options.ipynb")
    try:
        _loaded(visit.page, "03_south_korea_options")
        _move_controls(visit.page)
        visit.page.screenshot(path=ARTIFACTS / "dashboard-03_south_korea_options.png",
                              full_page=True)
    finally:
        _close(visit, dashboard)
    assert visit.problems == []


def test_app_02_redraws_and_a_killed_kernel_is_said_in_words(browser: Any,
                                                             dashboard: Dashboard) -> None:
    """App 02 draws offline and its controls redraw; then its kernel is killed: the page
    says so in words, and a reload gives a fresh kernel whose panel works."""
    visit = _visit(browser, dashboard, "voila/render/02_troop_comparisons.ipynb")
    try:
        page = visit.page
        _loaded(page, "02_troop_comparisons")
        _move_controls(page)
        page.screenshot(path=ARTIFACTS / "dashboard-02_troop_comparisons.png", full_page=True)
        assert visit.problems == []
        first = visit.kernel_id()
        os.kill(dashboard.kernel_pids()[first], signal.SIGKILL)
        banner = page.locator("#dprk-session-ended")
        banner.wait_for(state="visible", timeout=60_000)
        assert "This app has stopped" in banner.inner_text()
        assert "Reload the page" in banner.inner_text()
        page.reload()
        _loaded(page, "02_troop_comparisons")
        assert visit.kernel_id() != first
        assert not page.locator("#dprk-session-ended").is_visible()
        _move_controls(page)
    finally:
        _close(visit, dashboard)
    # The dead kernel's page logged its lost websocket, and the 404 that told it so.
    assert [p for p in visit.problems
            if "WebSocket" not in p and "Failed to load resource" not in p] == []


def test_without_the_token_only_the_login_page(dashboard: Dashboard) -> None:
    """The landing page and every app send a visitor without the token (or with a wrong
    one) to the login page; the kernel API refuses (with real kernels: see below)."""
    for token in (None, "wrong"):
        for path in ["", "01_cost_vs_revenue?troops=5000",
                     *[f"voila/render/{stem}.ipynb" for stem in STEMS]]:
            status, location, _ = dashboard.get(path, token)
            assert status == 302 and location.startswith("/login?next="), path
    status, _, body = dashboard.get("login")
    assert status == 200 and "token" in body.lower()


def test_only_the_apps_are_served(dashboard: Dashboard) -> None:
    """No file browser, contents, files, terminal, JupyterLab, other notebook or source."""
    for path in ["voila/tree", "voila/tree/", "voila/api/contents", "voila/api/contents/",
                 "voila/files/01_cost_vs_revenue.py", "voila/files/../README.md",
                 "terminals/1", "api/terminals", "api/kernels", "api/sessions", "api/contents",
                 "lab", "tree", "voila/render/01_cost_vs_revenue.py",
                 "voila/render/../tests/browser/fixtures/panel_demo.ipynb",
                 "voila/render/..%2Ftests%2Fbrowser%2Ffixtures%2Fpanel_demo.ipynb",
                 f"voila/render/{'%2E%2E/' * 3}etc/passwd"]:
        status = dashboard.get(path, dashboard.token)[0]
        assert status in (404, 403, 405), (path, status)


def _message(msg_type: str, content: dict[str, Any]) -> dict[str, Any]:
    return {"header": {"msg_id": uuid.uuid4().hex, "username": "test", "session": "t",
                       "msg_type": msg_type, "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "content": content, "channel": "shell",
            "buffers": []}


def test_kernels_refuse_intruders_run_no_code_and_the_cap_holds(dashboard: Dashboard,
                                                                tmp_path: Path) -> None:
    """Without the token, a running kernel's API and websocket refuse (403). With it, code
    sent over a page's own websocket is dropped (Voila's kernels take widget messages
    only), while a kernel_info_request gets its reply. With both places taken (the cap is
    2 here), a third visitor gets a page that says so, and no kernel."""
    from websockets.sync.client import connect

    kernels = [kernel_of(dashboard.get("voila/render/02_troop_comparisons.ipynb",
                                        dashboard.token)[2]) for _ in range(2)]
    try:
        for token in (None, "wrong"):
            for path in [f"api/kernels/{kernels[0]}", f"api/kernels/{kernels[0]}/channels",
                         f"voila/api/shutdown/{kernels[0]}"]:
                assert dashboard.get(path, token)[0] == 403, path
        marker = tmp_path / "ran"
        url = f"ws://127.0.0.1:{dashboard.port}/api/kernels/{kernels[0]}/channels"
        with connect(url, additional_headers={"Authorization": f"token {dashboard.token}"},
                     open_timeout=30) as ws:
            code = f"open({str(marker)!r}, 'w').write('ran')"
            ws.send(json.dumps(_message("execute_request", {
                "code": code, "silent": False, "store_history": False,
                "user_expressions": {}, "allow_stdin": False})))
            info = _message("kernel_info_request", {})
            ws.send(json.dumps(info))
            deadline = time.monotonic() + 30
            replies = []
            while time.monotonic() < deadline:
                reply = json.loads(ws.recv(timeout=30))
                replies.append(reply["header"]["msg_type"])
                if reply["parent_header"].get("msg_id") == info["header"]["msg_id"] and \
                        reply["header"]["msg_type"] == "kernel_info_reply":
                    break
        assert "kernel_info_reply" in replies
        assert "execute_reply" not in replies and "execute_input" not in replies
        assert not marker.exists()
        status, _, body = dashboard.get("voila/render/01_cost_vs_revenue.ipynb",
                                        dashboard.token)
        assert status == 503 and "Every place is taken right now" in body
        assert "at most 2 at once" in body
        assert "jupyter-config-data" not in body  # no kernel for it
    finally:
        for kernel in kernels:
            dashboard.delete_kernel(kernel)


def test_sigterm_stops_the_server_and_every_kernel(dashboard: Dashboard) -> None:
    """Last in this module: it stops the shared server."""
    kernels = dashboard.kernel_pids()
    assert kernels, "the preheated kernels should be running"
    seconds = stop(dashboard.process)
    assert dashboard.process.returncode is not None
    left = {pid for pid in kernels.values() if Path(f"/proc/{pid}").exists()
            and "zombie" not in Path(f"/proc/{pid}/status").read_text()}
    assert not left, f"kernels still running after {seconds:.1f} s: {left}"
    print(f"dashboard stopped with {len(kernels)} kernels in {seconds:.2f} s")
