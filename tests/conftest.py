"""Shared fixtures: the built site, a local HTTP server for it, and headless Chromium.

The HTML and browser tests need the book built into ``_build/html`` first;
``make test`` does that before running pytest.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from bookfiles import serve, toc_pages  # noqa: E402, F401  (tools/ is no package; tests import toc_pages from here)

SITE = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio",
]


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "index.html").exists():
        pytest.fail(f"The book is not built: {SITE} has no index.html. Run `make book` first.")
    return SITE


@pytest.fixture(scope="session")
def server(site: Path):
    httpd, base = serve(site)
    yield base
    httpd.shutdown()


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Chromium is not installed: `make test` installs Debian's chromium package.")
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


_CHARTS_SETTLED = """() => Array.from(document.querySelectorAll('.alliances-chart')).every(el => {
  const svg = el.querySelector('svg');
  const drawn = svg && (parseFloat(svg.getAttribute('width')) || svg.getBoundingClientRect().width);
  return !svg || drawn <= el.getBoundingClientRect().width + 1; })"""


class PageWatch:
    """A browser page that records requests leaving 127.0.0.1 and console errors."""

    def __init__(self, browser, base: str):
        self.base = base
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", self._on_request)
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("response", lambda r: r.status >= 400 and self.errors.append(
            f"HTTP {r.status} for {r.url}"))

    def _on_request(self, request):
        url = request.url
        if not (url.startswith(self.base) or url.startswith("data:") or url.startswith("blob:")
                or url.startswith("about:")):
            self.outside.append(url)

    def open(self, page_path: str):
        self.page.goto(f"{self.base}/{page_path}.html", wait_until="load")
        charts = self.page.locator(".alliances-chart")
        for i in range(charts.count()):
            charts.nth(i).and_(self.page.locator("[data-ready=true]")).wait_for(timeout=20_000)
        # A chart that follows its box (the explorers') redraws once the page's layout settles;
        # give it a moment, so that what is measured is the drawing the reader sees.
        with contextlib.suppress(PlaywrightTimeout):
            self.page.wait_for_function(_CHARTS_SETTLED, timeout=5_000)
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture()
def watch(browser, server):
    watcher = PageWatch(browser, server)
    yield watcher
    watcher.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
