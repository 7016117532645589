"""Headless Chromium against the built book served on 127.0.0.1.

Every page loads with no request leaving 127.0.0.1 and no console error;
every chart draws an SVG or a canvas; every interactive chart responds; on
the theory chapter a slider moved from the keyboard changes the verdict, and
the browser's verdict equals :func:`alliances.assess` on a grid of inputs.
"""

from __future__ import annotations

import itertools

import pytest

from alliances import Scenario, assess
from conftest import ROOT, toc_pages

pytestmark = pytest.mark.browser

THEORY = "book/theory/theory"


@pytest.mark.parametrize("page", toc_pages())
def test_page_loads_offline_without_errors_and_charts_render(watch, page):
    p = watch.open(page)
    assert p.locator("h1").count() >= 1
    charts = p.locator(".alliances-chart")
    for i in range(charts.count()):
        assert charts.nth(i).locator("svg, canvas").count() >= 1, f"chart {i} on {page} drew nothing"
    p.wait_for_timeout(300)
    assert watch.outside == [], f"requests left 127.0.0.1: {watch.outside}"
    assert watch.errors == [], f"console errors: {watch.errors}"


def _svg(chart) -> str:
    return chart.locator("svg").first.inner_html()


@pytest.mark.parametrize("page", toc_pages())
def test_every_interactive_chart_responds(watch, page):
    p = watch.open(page)
    charts = p.locator(".alliances-chart")
    for i in range(charts.count()):
        chart = charts.nth(i)
        inputs = chart.locator(".vega-bindings input, .vega-bindings select")
        if inputs.count() == 0:
            continue
        before = _svg(chart)
        changed = False
        for j in range(inputs.count()):
            control = inputs.nth(j)
            kind = control.get_attribute("type")
            if kind == "range":
                control.focus()
                for key in ("End", "Home"):
                    p.keyboard.press(key)
                    p.wait_for_timeout(50)
                    if _svg(chart) != before:
                        changed = True
                        break
            elif kind == "checkbox":
                control.click()
            elif control.evaluate("e => e.tagName") == "SELECT":
                options = control.locator("option")
                if options.count() > 1:
                    control.select_option(index=options.count() - 1)
            else:
                continue
            p.wait_for_timeout(50)
            if changed or _svg(chart) != before:
                changed = True
                break
        assert changed, f"no control of chart {i} on {page} changed its picture"
    assert watch.errors == []


def _shoot(page, chart, path) -> None:
    """Screenshot of one chart, taken from the full page so the sticky header cannot cover it."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); "
                  "window.scrollTo(0, 0); }")
    box = chart.bounding_box()
    page.screenshot(path=str(path), full_page=True, clip={
        "x": box["x"], "y": box["y"], "width": box["width"], "height": box["height"]})


def _verdict_text(page) -> str:
    return page.locator(".alliances-chart").first.locator("svg text").first.text_content()


def test_theory_slider_changes_the_verdict_and_screenshots(watch, screenshots):
    p = watch.open(THEORY)
    chart = p.locator(".alliances-chart").first
    chart.scroll_into_view_if_needed()
    before = _verdict_text(p)
    assert before.startswith("Ally")
    _shoot(p, chart, screenshots / "theory-explorer-before.png")
    slider = chart.locator(".vega-bind").filter(has_text="a: net value").locator("input[type=range]")
    slider.focus()
    p.keyboard.press("End")          # a = 10: the alliance still pays but no longer beats a
    p.wait_for_timeout(200)
    after = _verdict_text(p)
    _shoot(p, chart, screenshots / "theory-explorer-after.png")
    assert after.startswith("Alternative"), after
    assert after != before
    assert watch.errors == []


def _grid() -> list[Scenario]:
    """At least 50 scenarios, with the edge cases net = 0 and net = a."""
    cases = []
    for value, prob, cost, alt in itertools.product([0, 2, 4, 8], [0, 0.5, 1], [0, 2, 4],
                                                    [-2, 0, 2]):
        cases.append(Scenario(benefits={"2B": value}, probabilities={"2B": prob},
                              costs={"D1": cost}, alternative=alt))
    cases += [
        Scenario(benefits={"1A": 4}, probabilities={"1A": 0.5}, costs={"O1": 2}, alternative=-1),  # net 0
        Scenario(benefits={"1B": 6}, probabilities={"1B": 1}, costs={"D2": 2}, alternative=4),     # net = a
        Scenario(benefits={"2A": 3}, costs={"D3": 0.25}, alternative=2),                           # net = a
        Scenario(benefits={"1A": 10, "1B": 10, "2A": 10, "2B": 10}, costs={"D1": 10, "D2": 10},
                 risk_probabilities={"R1": 1, "R2": 1}, risk_damages={"R1": 10, "R2": 10},
                 alternative=0),                                                                   # net 0
        Scenario(benefits={"2B": 0.3}, probabilities={"2B": 0.1}, costs={"D1": 0.03},
                 alternative=0),                                                                   # tiny net
        Scenario(risk_probabilities={"R1": 0.35}, risk_damages={"R1": 3}, benefits={"1B": 7},
                 probabilities={"1B": 0.15}, alternative=0.0),                                     # float edge
    ]
    return cases


def test_browser_verdict_equals_assess_on_a_grid(watch):
    p = watch.open(THEORY)
    chart = p.locator(".alliances-chart").first
    grid = _grid()
    assert len(grid) >= 50
    assert any(s.assess().net == 0 for s in grid) and any(s.assess().margin == 0 for s in grid)
    results = chart.evaluate("""async (el, grid) => {
        const out = [];
        for (const params of grid) {
            for (const [name, value] of Object.entries(params)) el.vegaView.signal(name, value);
            await el.vegaView.runAsync();
            out.push([el.vegaView.signal('verdict'), el.vegaView.signal('net_value')]);
        }
        return out;
    }""", [s.to_params() for s in grid])
    for scenario, (verdict, net) in zip(grid, results):
        expected = assess(scenario.b, scenario.c, scenario.alternative)
        assert verdict == expected.verdict.value, (scenario.to_params(), net, expected)
        assert net == expected.net


@pytest.mark.parametrize("page", toc_pages())
def test_no_serious_accessibility_violations(watch, page):
    """axe-core (bundled by axe-playwright-python) on every page: no serious or critical issue."""
    from axe_playwright_python.sync_playwright import Axe

    p = watch.open(page)
    results = Axe().run(p)
    violations = results.response["violations"]
    counts = {impact: sum(1 for v in violations if v["impact"] == impact)
              for impact in ("minor", "moderate", "serious", "critical")}
    print(f"axe {page}: {counts}")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in violations if v["impact"] in ("serious", "critical")]
    assert bad == [], bad


@pytest.mark.parametrize("page", [p for p in toc_pages() if (ROOT / f"{p}.ipynb").exists()])
def test_chapters_print_with_their_charts(watch, page, screenshots):
    """Chromium's print-to-PDF: charts stay visible in print media and the PDF carries the text."""
    import shutil
    import subprocess

    p = watch.open(page)
    p.emulate_media(media="print")
    charts = p.locator(".alliances-chart svg")
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box and box["width"] > 50 and box["height"] > 50, f"chart {i} hidden in print"
    title = p.locator("h1").first.text_content().strip().rstrip("#").strip()
    pdf = screenshots.parent / "print" / f"{page.replace('/', '_')}.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    p.pdf(path=str(pdf), format="A4", print_background=True)
    assert pdf.stat().st_size > 10_000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert " ".join(title.split()[:3]) in " ".join(text.split())


def test_case_explorer_verdicts_match_assess_for_every_preset(watch):
    """Choosing each preset in the page sets every slider, and the browser's verdict equals assess."""
    from alliances.cases import load_presets

    presets = load_presets()
    p = watch.open("book/russia/russian-case")
    select = p.locator(".alliances-preset select")
    assert select.count() == 1
    chart = p.locator(".alliances-figure").filter(has=select).locator(".alliances-chart")
    names = select.locator("option").all_text_contents()
    assert names == list(presets)
    for name in reversed(names):           # the first one is shown already; change to each
        select.select_option(label=name)
        p.wait_for_timeout(100)
        state = chart.evaluate("el => ({verdict: el.vegaView.signal('verdict'), "
                               "net: el.vegaView.signal('net_value'), a: el.vegaView.signal('a')})")
        expected = presets[name].assess()
        assert state["verdict"] == expected.verdict.value, (name, state, expected)
        assert state["net"] == pytest.approx(expected.net, abs=1e-12)
        assert state["a"] == expected.alternative
        assert _svg_text(chart).startswith(expected.verdict.label.split(":")[0])
    assert watch.errors == []


def _svg_text(chart) -> str:
    return chart.locator("svg text").first.text_content()
