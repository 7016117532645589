"""What the tools and the tests share about the book: its pages in order, and a local server.

* :func:`toc_pages` lists every page named in ``_toc.yml``, in reading order, as paths
  without suffix (``book/theory/theory``), and :func:`toc_parts` the pages of each part;
* :func:`serve` serves a built site on a free port of 127.0.0.1, quietly, in a thread;
* :func:`chromium` and :data:`CHROMIUM_FLAGS` say which headless Chromium to start, and how.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
#: Headless Chromium as the tests, ``make bench`` and ``make pdf`` start it: no GPU and no sandbox
#: (a container), and nothing that calls out on its own (sync, updates, background networking).
CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio",
]


def chromium() -> str | None:
    """The Chromium to drive: ``$CHROMIUM``, else Debian's ``chromium`` (offline); ``None`` when
    neither is there, which leaves Playwright its own build (``playwright install``)."""
    return (os.environ.get("CHROMIUM") or shutil.which("chromium")
            or shutil.which("chromium-browser"))


def _toc(root: Path) -> dict:
    return yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))


def _files(node: object) -> list[str]:
    """Every ``file`` named in a piece of ``_toc.yml``, in order, sections included."""
    if isinstance(node, dict):
        return ([node["file"]] if "file" in node else []) + [f for value in node.values()
                                                             for f in _files(value)]
    if isinstance(node, list):
        return [f for item in node for f in _files(item)]
    return []


def toc_pages(root: Path = ROOT) -> list[str]:
    """Every page named in ``root/_toc.yml``, in order, as paths without suffix."""
    toc = _toc(root)
    return [toc["root"], *_files(toc.get("parts", [])), *_files(toc.get("chapters", []))]


def toc_parts(root: Path = ROOT) -> dict[str, list[str]]:
    """The pages of each part of ``root/_toc.yml`` by the part's caption, parts and pages in
    reading order (the root page belongs to no part)."""
    return {part["caption"]: _files(part.get("chapters", [])) for part in _toc(root).get("parts", [])}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    # Keep-alive, as any real web host: HTTP/1.0 would open a new connection for every file.
    protocol_version = "HTTP/1.1"
    # ... and no Nagle delay between a response's header and its body on a kept-alive connection.
    disable_nagle_algorithm = True

    def log_message(self, *args: object) -> None:   # keep the output clean
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``site`` on a free port of 127.0.0.1; return the server and its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


@contextlib.contextmanager
def a_browser(browser: Any = None) -> Iterator[Any]:
    """Yield ``browser`` (a Playwright browser), or, when it is None, a headless Chromium started
    for the block and closed after it. Playwright's synchronous API cannot start twice in one
    process, so a caller that already drives a browser (the tests) passes it in."""
    if browser is not None:
        yield browser
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        started = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
        try:
            yield started
        finally:
            started.close()
