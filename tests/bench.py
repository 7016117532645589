"""Benchmark of the book (``make bench``): page speed in a browser, page sizes, test and build times.

This is a measurement, not a test: it prints figures and never fails on them.

For every page of ``_toc.yml`` in the built site (``_build/html``), served from 127.0.0.1
and opened cold (a fresh browser context, so nothing is cached) three times in headless
Chromium, it reports the medians of:

* ``DCL``: DOMContentLoaded, in seconds after navigation started;
* ``paint``: the first contentful paint, in seconds after navigation started;
* ``charts``: the time when every chart of the page is drawn: its picture from the build is
  shown (``alliances.sphinxext.add_previews``) or the live chart is drawn, in seconds after
  navigation started (``-`` on a page with no chart);
* ``live``: the time when every chart is live (its element carries ``data-ready="true"``);
* ``transfer``: the bytes the page transferred (the page and everything it loaded);

beside the size of the HTML file and of the chart data inlined in it. It also prints the
duration of the last ``make test`` when ``_build/test-time.txt`` records it.

Options:
  --site DIR     measure another built site (for example a baseline build)
  --runs N       cold loads per page (default 3)
  --build        also time a clean build and a no-change rebuild into a temporary folder,
                 and every notebook's execution (slow: minutes)
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from bookfiles import CHROMIUM_FLAGS, chromium, serve, toc_pages  # noqa: E402  (tools/ is not a package)

BUILD = ROOT / "_build"
SPEC = re.compile(r'<script type="application/json" id="alliances-chart-[^"]+">(.*?)</script>', re.S)
GOAL_DCL = 0.5      # seconds, issue 10
GOAL_CHARTS = 0.7   # seconds, issue 10

# Runs in the page from its first moment (an init script), so that nothing drawn before the
# harness looks is missed: from DOMContentLoaded on, it checks every frame and records two times
# since navigation, in seconds: when every chart is drawn (its picture from the build is shown,
# or the live chart) and when every chart is live (its element carries data-ready="true" and holds
# its SVG or canvas). A page with no chart records null for both.
_WATCH_CHARTS = """(() => {
  function live(c) { return c.getAttribute('data-ready') === 'true' && c.querySelector('svg, canvas'); }
  function pictured(c) {
    const picture = c.parentNode.querySelector('.alliances-preview');   // an SVG, or a PNG file
    return picture && (picture.tagName !== 'IMG' || (picture.complete && picture.naturalWidth > 0))
      && picture.getBoundingClientRect().width > 0;
  }
  document.addEventListener('DOMContentLoaded', () => {
    const charts = [...document.querySelectorAll('.alliances-chart')];
    if (!charts.length) { window.__alliancesCharts = [null, null]; return; }
    let drawn = null;
    (function check() {
      const now = performance.now() / 1000;
      if (drawn === null && charts.every(c => live(c) || pictured(c))) drawn = now;
      if (charts.every(live)) { window.__alliancesCharts = [drawn, now]; return; }
      requestAnimationFrame(check);
    })();
  });
})()"""

_CHARTS_DRAWN = """() => new Promise(resolve => {
  (function wait() {
    if (window.__alliancesCharts) resolve(window.__alliancesCharts); else setTimeout(wait, 20);
  })();
})"""

_FIGURES = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  return {dcl: nav.domContentLoadedEventStart / 1000, fcp: paint ? paint.startTime / 1000 : null,
          bytes: nav.transferSize + res.reduce((sum, r) => sum + r.transferSize, 0)};
}"""


_PAINTED = "() => performance.getEntriesByName('first-contentful-paint').length > 0"


def measure_page(browser, url: str, width: int = 1280) -> dict[str, float | None]:
    """Open ``url`` cold once in a window ``width`` pixels wide; return DOMContentLoaded, first
    paint, charts-drawn and charts-live times and bytes transferred (``tools/rent.py`` uses it too)."""
    context = browser.new_context(viewport={"width": width, "height": 900 if width > 600 else 844})
    context.add_init_script(_WATCH_CHARTS)
    try:
        page = context.new_page()
        page.goto(url, wait_until="domcontentloaded")
        charts, live = page.evaluate(_CHARTS_DRAWN)
        page.wait_for_load_state("load")
        # a long page may be painted only after its load event: wait for the first paint too
        page.wait_for_function(_PAINTED, timeout=10_000)
        page.wait_for_timeout(100)       # late requests (fonts, lazy scripts) count too
        figures = page.evaluate(_FIGURES)
        return {"dcl": figures["dcl"], "fcp": figures["fcp"], "charts": charts, "live": live,
                "bytes": figures["bytes"]}
    finally:
        context.close()


def page_speed(site: Path, runs: int = 3) -> list[dict]:
    """Median over ``runs`` cold loads of every ``_toc.yml`` page of ``site``."""
    from playwright.sync_api import sync_playwright

    httpd, base = serve(site)
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
            measure_page(browser, f"{base}/{toc_pages()[0]}.html")   # warm up the browser itself
            for name in toc_pages():
                path = site / f"{name}.html"
                if not path.exists():          # a page added since that site was built
                    continue
                samples = [measure_page(browser, f"{base}/{name}.html") for _ in range(runs)]
                text = path.read_text(encoding="utf-8")
                charts = [s["charts"] for s in samples]
                live = [s["live"] for s in samples]
                rows.append({
                    "page": name,
                    "dcl": statistics.median(s["dcl"] for s in samples),
                    "fcp": statistics.median(s["fcp"] or 0 for s in samples),
                    "charts": None if charts[0] is None else statistics.median(charts),
                    "live": None if live[0] is None else statistics.median(live),
                    "bytes": statistics.median(s["bytes"] for s in samples),
                    "html": path.stat().st_size,
                    "inline": sum(len(m.encode()) for m in SPEC.findall(text)),
                })
            browser.close()
    finally:
        httpd.shutdown()
    return rows


def print_page_speed(rows: list[dict], site: Path, runs: int) -> None:
    print(f"Pages of {site} from 127.0.0.1, cold, median of {runs} "
          f"(goal: DCL <= {GOAL_DCL} s, charts <= {GOAL_CHARTS} s):")
    print(f"  {'page':34} {'DCL s':>6} {'paint s':>8} {'charts s':>9} {'live s':>7} {'transfer KB':>12} "
          f"{'HTML KB':>8} {'inline KB':>10}")
    for r in rows:
        charts = "-" if r["charts"] is None else f"{r['charts']:.2f}"
        live = "-" if r.get("live") is None else f"{r['live']:.2f}"
        flag = ""
        if r["dcl"] > GOAL_DCL or (r["charts"] or 0) > GOAL_CHARTS:
            flag = "  <- over goal"
        print(f"  {r['page']:34} {r['dcl']:6.2f} {r.get('fcp') or 0:8.2f} {charts:>9} {live:>7} {r['bytes'] / 1000:12,.0f} "
              f"{r['html'] / 1000:8,.0f} {r['inline'] / 1000:10,.1f}{flag}")
    worst_dcl = max(r["dcl"] for r in rows)
    worst_charts = max((r["charts"] for r in rows if r["charts"] is not None), default=0)
    worst_live = max((r["live"] for r in rows if r.get("live") is not None), default=0)
    worst_paint = max(r.get("fcp") or 0 for r in rows)
    print(f"  worst DCL {worst_dcl:.2f} s, worst first paint {worst_paint:.2f} s, worst time-to-charts {worst_charts:.2f} s "
          f"(every chart live: {worst_live:.2f} s), "
          f"total transfer {sum(r['bytes'] for r in rows) / 1e6:.1f} MB")


def timed_build(output: Path) -> float:
    jb = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(ROOT),
          "--builder", "html", "--path-output", str(output)]
    start = time.perf_counter()
    subprocess.run(jb, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def notebook_seconds(path: Path) -> float:
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def builds() -> None:
    with tempfile.TemporaryDirectory(prefix="alliances-bench-") as folder:
        clean = timed_build(Path(folder))
        again = timed_build(Path(folder))
    print(f"clean build:            {clean:7.1f} s")
    print(f"no-change rebuild:      {again:7.1f} s")
    print("\nnotebook execution (kernel start included):")
    for path in sorted((ROOT / "book").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        print(f"  {path.relative_to(ROOT)!s:48} {notebook_seconds(path):6.1f} s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=BUILD / "html")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--build", action="store_true")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        sys.exit(f"{args.site} holds no built book: run `make book` first.")
    print_page_speed(page_speed(args.site, args.runs), args.site, args.runs)
    record = BUILD / "test-time.txt"
    if record.exists():
        took = record.read_text().strip()
        unit = " s" if took.isdigit() else ""
        print(f"\nmake test took {took}{unit} (from {record.relative_to(ROOT)})")
    if args.build:
        print()
        builds()


if __name__ == "__main__":
    main()
