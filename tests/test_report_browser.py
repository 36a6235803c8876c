"""The reports in headless Chromium with the network cut off: every chart draws, sliders
work without a kernel, nothing is fetched, no error shows, and the text a reader sees has
no error text, reprs, NaN or cut-off cells, and no parameter name, fact id, code font, hash,
ISO timestamp, run time or kernel notice outside the page's one "For analysts" block.
Screenshots: tests/artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest
from reader_text import code_problems, reader_problems
from support import ARTIFACTS, CHROMIUM_ARGS, INJECTED, require_chromium

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def report(full_report: Path) -> Path:
    return full_report


@pytest.fixture(scope="module")
def browser(playwright):
    b = playwright.chromium.launch(executable_path=require_chromium(), headless=True,
                                   args=CHROMIUM_ARGS)
    yield b
    b.close()


class Page:
    """A page opened offline, recording every problem a reader would meet."""

    def __init__(self, browser, path: Path):
        self.problems: list[str] = []
        self.page = browser.new_page(viewport={"width": 1100, "height": 900})
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(
            f"console error: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"),
                                          d.dismiss()))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def _route(self, route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.problems.append(f"blocked request: {route.request.url}")
            route.abort()


#: JavaScript: the text a reader sees (``innerText``: rendered text, no scripts or styles)
#: with the "For analysts" block hidden; it is shown again afterwards.
VISIBLE_TEXT = """() => {
  const hidden = [...document.querySelectorAll('details.dprk-analysts')];
  for (const e of hidden) { e.dataset.display = e.style.display; e.style.display = 'none'; }
  const text = document.body.innerText;
  for (const e of hidden) e.style.display = e.dataset.display;
  return text;
}"""


def code_outside_analysts(page) -> list[str]:
    """What speaks code on a page outside its analysts' block: names, ids, hashes, ISO
    timestamps, run times, kernel talk, and any ``<code>`` element."""
    code = page.locator("code").count() - page.locator("details.dprk-analysts code").count()
    return code_problems(page.evaluate(VISIBLE_TEXT)) + (
        [f"{code} code-font elements outside the analysts' block"] if code else [])


def _pages(report: Path) -> list[Path]:
    return sorted(report.glob("runs/*/*.html"))


def test_there_is_a_page_per_notebook_and_scenario(report: Path) -> None:
    assert len(_pages(report)) == 9


@pytest.mark.parametrize("index", range(9))
def test_every_chart_draws_offline_without_errors(report: Path, browser, index: int) -> None:
    path = _pages(report)[index]
    p = Page(browser, path)
    page = p.page
    static = page.locator(".jp-RenderedSVG svg")
    assert static.count() >= 2
    for i in range(static.count()):
        assert static.nth(i).locator("g[class*='mark-']").count() > 0, f"static chart {i}"
    interactive = page.locator(".dprk-interactive")
    assert interactive.count() == 1
    page.wait_for_function(
        "() => [...document.querySelectorAll('.dprk-interactive')].every("
        "d => d.querySelector('svg g[class*=\"mark-\"]'))", timeout=20_000)
    _opens_on_the_key_figures(path.stem, page, interactive.first)
    # A slider drives the chart without a kernel.
    chart = interactive.first.locator("svg")
    before = chart.inner_html()
    slider = interactive.first.locator("input[type=range]").first
    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    page.wait_for_function("(b) => document.querySelector('.dprk-interactive svg').innerHTML "
                           "!== b", arg=before, timeout=10_000)
    assert "Error loading script" not in page.content()
    assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert page.locator(".dprk-key-figures dd").count() >= 2
    assert reader_problems(page.inner_text("body")) == []
    assert page.locator("details.dprk-analysts").count() == 1  # one block, collapsed
    assert page.locator("details.dprk-analysts[open]").count() == 0
    assert code_outside_analysts(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"report_{path.parent.name}_{path.stem}.png"),
                    full_page=True)
    page.close()
    assert p.problems == []


def _opens_on_the_key_figures(stem: str, page, interactive) -> None:
    """The kernel-free chart, before any slider moves, shows the key figures printed above
    it, as printed there."""
    figures = dict(zip(page.locator(".dprk-key-figures dt").all_inner_texts(),
                       page.locator(".dprk-key-figures dd").all_inner_texts(), strict=True))
    texts = [t.strip() for t in interactive.locator("svg text").evaluate_all(
        "els => els.map(e => e.textContent)")]
    if stem.startswith("01"):
        assert figures["Cash revenue over the deployment"] in texts, (figures, texts)
    elif stem.startswith("02"):
        note = next(t for t in texts if " = " in t)
        assert figures["Days of Russian losses replaced"] in note, (figures, note)
        assert figures["Share of North Korea's army"] in note, (figures, note)
    else:  # the options' bars, best first: the top label is the best-scoring option
        labels = [t for t in interactive.locator("svg .role-axis-label text").evaluate_all(
                      "els => els.map(e => e.textContent)")
                  if not t.replace(".", "", 1).isdigit()]
        assert labels and labels[0] == figures["Best-scoring option"], (figures, labels)


def test_index_opens_offline_and_links_resolve(report: Path, browser) -> None:
    p = Page(browser, report / "index.html")
    links = p.page.locator("a").evaluate_all("els => els.map(e => e.href)")
    assert len(links) >= 20
    for href in links:
        assert href.startswith("file://") and Path(href.removeprefix("file://")).exists(), href
    chart = p.page.locator(".chart svg")
    assert chart.count() == 1 and chart.locator("g[class*='mark-']").count() > 0
    text = p.page.inner_text("body")
    for scenario in ("low", "base", "high"):
        assert f"Scenario {scenario}" in text
    assert reader_problems(text) == []
    assert code_outside_analysts(p.page) == []
    assert "163 facts from 5 articles, revised on 3 December 2026" in text
    ARTIFACTS.mkdir(exist_ok=True)
    p.page.screenshot(path=str(ARTIFACTS / "report_index.png"), full_page=True)
    p.page.close()
    assert p.problems == []


def test_a_sweeps_index_draws_its_charts_offline(sweep_report: Path, browser) -> None:
    p = Page(browser, sweep_report / "index.html")
    charts = p.page.locator(".chart svg")
    assert charts.count() == 2
    for i in range(2):
        chart = charts.nth(i)
        assert chart.locator("g[class*='mark-']").count() > 0
        box = chart.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 200
    links = p.page.locator("a").evaluate_all("els => els.map(e => e.href)")
    for href in links:
        assert Path(href.removeprefix("file://").split("#")[0]).exists(), href
    text = p.page.inner_text("body")
    assert reader_problems(text) == [] and code_outside_analysts(p.page) == []
    assert "Sweep sweep" not in text and "every scenario" not in text
    ARTIFACTS.mkdir(exist_ok=True)
    p.page.screenshot(path=str(ARTIFACTS / "report_sweep_index.png"), full_page=True)
    p.page.close()
    assert p.problems == []


def test_markup_in_the_data_shows_as_text_and_runs_nowhere(injected_report: Path,
                                                           browser) -> None:
    out = injected_report
    pages = [out / "index.html", *sorted(out.glob("runs/base/*.html"))]
    assert len(pages) == 4
    for path in pages:
        p = Page(browser, path)
        assert INJECTED in p.page.inner_text("body"), path.name
        assert p.page.locator("b", has_text="bold").count() == 0, path.name
        p.page.close()
        assert p.problems == [], path.name  # no dialog opened, no error


def test_the_reports_exploration_page_draws_offline(report: Path, browser) -> None:
    """The declared exploration's page (reports.yaml: explorations): the chart of the
    indices draws with no network and no script, and reads as a reader should."""
    p = Page(browser, report / "explorations" / "revenue-drivers" / "index.html")
    chart = p.page.locator(".chart svg")
    assert chart.count() == 1
    assert chart.locator("g[class*='mark-rule'] path, g[class*='mark-rule'] line").count() > 0
    assert chart.locator("g[class*='mark-symbol'] path").count() >= 4 * 3 * 2 * 2
    box = chart.bounding_box()
    assert box is not None and box["width"] > 400 and box["height"] > 400
    text = p.page.inner_text("body")
    assert "Cash revenue over the deployment: driven most by soldiers the deployment grows to" in text
    assert reader_problems(text) == [] and code_outside_analysts(p.page) == []
    assert p.page.locator("details.dprk-analysts").count() == 1
    for href in p.page.locator("a").evaluate_all("els => els.map(e => e.href)"):
        assert Path(href.removeprefix("file://")).is_file(), href
    ARTIFACTS.mkdir(exist_ok=True)
    p.page.screenshot(path=str(ARTIFACTS / "report_exploration.png"), full_page=True)
    p.page.close()
    assert p.problems == []


@pytest.mark.parametrize("name", ["history.html", "other-reports.html"])
def test_the_briefings_other_pages_read_in_words(report: Path, browser, name: str) -> None:
    """The earlier reports and the other reports' pages: no code, no error text, links
    that resolve, nothing fetched."""
    p = Page(browser, report / name)
    text = p.page.inner_text("body")
    assert reader_problems(text) == [] and code_outside_analysts(p.page) == []
    for href in p.page.locator("a").evaluate_all("els => els.map(e => e.href)"):
        assert Path(href.removeprefix("file://").split("#")[0]).exists(), href
    p.page.close()
    assert p.problems == []
