"""Shared fixtures: the built site, a local HTTP server for it, and headless Chromium.

The HTML and browser tests need the book built into ``_build/html``: ``make test`` builds it
while the other tests run, and the ``site`` fixture waits for that build (:func:`wait_for_the_book`).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from bookfiles import CHROMIUM_FLAGS, chromium, serve, toc_pages, toc_parts  # noqa: E402, F401  (tools/ is no package; tests import these from here)
from installed import Installed, build, build_once, clean_env  # noqa: E402
from lab import QUIET_OPTIONS, QUIET_SETTINGS  # noqa: E402

#: The built site the HTML and browser tests read: ``_build/html``, or the folder that
#: ``ALLIANCES_TEST_SITE`` names (``tests/test_plain_build.py`` points the browser checks at a plain build).
SITE = Path(os.environ.get("ALLIANCES_TEST_SITE") or ROOT / "_build" / "html")
SCREENSHOTS = ROOT / "_build" / "screenshots"


@pytest.fixture(scope="session")
def installed(tmp_path_factory, worker_id) -> Installed:
    """The wheel and the fresh environment it is installed in (``tests/installed.py``), built
    once per session: the first worker to ask builds it, the other waits for it."""
    if worker_id == "master":                      # no pytest-xdist workers
        return build(tmp_path_factory.mktemp("installed"))
    return build_once(tmp_path_factory.getbasetemp().parent / "installed")


#: ``make test`` builds the book while the tests run, and writes the build's state here:
#: ``running <pid>`` while it runs, then its exit status; the build's output goes to BOOK_LOG.
BOOK_STATUS = ROOT / "_build" / ".book-status"
BOOK_LOG = ROOT / "_build" / "book.log"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def wait_for_the_book(timeout: float = 1800) -> None:
    """Return once no build of ``make test`` is running; fail if that build failed.

    With no state file (the book was built by ``make book`` beforehand), return at once. A
    state left by a build that no longer runs (an interrupted ``make test``), or by a build older
    than the book in ``_build/html`` (built again since by ``make book``), is ignored.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            state = BOOK_STATUS.read_text(encoding="utf-8").split()
        except FileNotFoundError:
            return
        if state and state[0] != "running":
            break
        if len(state) == 2 and not _alive(int(state[1])):
            return
        if time.monotonic() > deadline:
            pytest.fail(f"The book's build did not finish in {timeout:.0f} s (see {BOOK_LOG}).")
        time.sleep(0.5)
    index = SITE / "index.html"
    if state != ["0"] and not (index.exists()
                               and index.stat().st_mtime > BOOK_STATUS.stat().st_mtime):
        tail = BOOK_LOG.read_text(encoding="utf-8", errors="replace")[-4000:] \
            if BOOK_LOG.exists() else ""
        pytest.fail(f"The book's build failed (exit status {' '.join(state)}); the end of "
                    f"{BOOK_LOG}:\n{tail}")


@pytest.fixture(scope="session")
def site() -> Path:
    if not os.environ.get("ALLIANCES_TEST_SITE"):
        wait_for_the_book()
    if not (SITE / "index.html").exists():
        pytest.fail(f"The book is not built: {SITE} has no index.html. Run `make book` first.")
    return SITE


@pytest.fixture(scope="session")
def server(site: Path):
    httpd, base = serve(site)
    yield base
    httpd.shutdown()


def chromium_path() -> str:
    path = chromium()
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


#: The window of a desktop: the tab's size unless a test sets another.
DESKTOP = {"width": 1280, "height": 900}

#: Resolves once every chart fits its box, or once no chart's drawn width has changed for 0.3 s
#: (an explorer wider than a phone's box is scaled to fit it, and never "fits"), at most 5 s.
_CHARTS_SETTLED = """() => new Promise(resolve => {
  const start = performance.now();
  let last = null, same = 0;
  (function poll() {
    const charts = Array.from(document.querySelectorAll('.alliances-chart'));
    const widths = charts.map(el => {
      const svg = el.querySelector('svg');
      return svg ? parseFloat(svg.getAttribute('width')) || svg.getBoundingClientRect().width : 0;
    });
    const fit = charts.every((el, i) => widths[i] <= el.getBoundingClientRect().width + 1);
    const key = widths.join(',');
    same = key === last ? same + 1 : 0;
    last = key;
    if (fit || same >= 3 || performance.now() - start > 5000) resolve(fit);
    else setTimeout(poll, 100);
  })();
})"""


class PageWatch:
    """A browser tab that records requests leaving 127.0.0.1 and console errors.

    One tab serves every browser test of a worker, as one tab serves a reader going from page to
    page: a new tab would start a new renderer process, which compiles the theme's and Vega's
    scripts afresh, at about 1.5 CPU-seconds a page. :meth:`reset` gives each test the tab as
    new: a desktop window on screen media, no other tab, no storage, nothing recorded.
    """

    def __init__(self, browser, base: str):
        self.base = base
        self.context = browser.new_context(viewport=DESKTOP)
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
        self.page.evaluate(_CHARTS_SETTLED)
        return self.page

    def reset(self) -> None:
        """Leave the page (so that nothing of it runs on into the next test) and start afresh."""
        for other in self.context.pages:
            if other != self.page:
                other.close()
        if self.page.url.startswith(self.base):
            self.page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        self.page.goto("about:blank")
        self.context.clear_cookies()
        self.page.set_viewport_size(DESKTOP)
        self.page.emulate_media(media="screen")
        self.outside.clear()
        self.errors.clear()

    def close(self):
        self.context.close()


@pytest.fixture(scope="session")
def _tab(browser, server):
    watcher = PageWatch(browser, server)
    yield watcher
    watcher.close()


@pytest.fixture()
def watch(_tab):
    """The worker's browser tab (:class:`PageWatch`), as new."""
    _tab.reset()
    yield _tab
    _tab.reset()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


#: JupyterLab settings for the test: render every cell (no windowing, so charts far down the
#: notebook are drawn too), no autosave over the copies, and no news or update check (tools/lab.py).
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    **QUIET_SETTINGS,
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def lab(tmp_path_factory, installed):
    """A JupyterLab server over a copy of book/, on 127.0.0.1; yields (base URL, token, folder).

    JupyterLab and its kernels run in the installed wheel's environment (``tests/installed.py``):
    the runtime set and the library as a student installs them, not this checkout."""
    folder = tmp_path_factory.mktemp("jupyterlab")
    shutil.copytree(ROOT / "book", folder / "book",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "_build"))
    with start_lab(folder, installed) as server:
        yield server


@contextlib.contextmanager
def start_lab(folder: Path, installed: Installed, disabled: tuple[str, ...] = ()):
    """Run JupyterLab over ``folder`` (see :func:`lab`), with the lab extensions ``disabled`` turned
    off by configuration (``labconfig/page_config.json``); yield (base URL, token, folder)."""
    settings = folder / "settings"
    settings.mkdir()
    for plugin, values in LAB_SETTINGS.items():
        package, name = plugin.split(":")
        path = settings / package / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    if disabled:
        page_config = folder / "config" / "labconfig" / "page_config.json"
        page_config.parent.mkdir(parents=True, exist_ok=True)
        page_config.write_text(json.dumps({"disabledExtensions": {name: True for name in disabled}}),
                               encoding="utf-8")
    port, token = _free_port(), secrets.token_hex(16)
    env = {**clean_env(), "JUPYTER_CONFIG_DIR": str(folder / "config"),
           "JUPYTER_RUNTIME_DIR": str(folder / "runtime"), "IPYTHONDIR": str(folder / "ipython"),
           "JUPYTERLAB_SETTINGS_DIR": str(settings),
           "JUPYTERLAB_WORKSPACES_DIR": str(folder / "workspaces")}
    log = (folder / "server.log").open("w")
    server = subprocess.Popen(
        [str(installed.python), "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={folder}",
         "--LabApp.expose_app_in_browser=True", *QUIET_OPTIONS,
         "--LabApp.extension_manager=readonly", "--allow-root"],
        cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not start:\n"
                                + (folder / "server.log").read_text(encoding="utf-8")[-3000:])
                time.sleep(0.3)
        yield base, token, folder
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
