"""What the tools and the tests share about the book: its pages in order, and a local server.

* :func:`toc_pages` lists every page named in ``_toc.yml``, in reading order, as paths
  without suffix (``book/theory/theory``);
* :func:`serve` serves a built site on a free port of 127.0.0.1, quietly, in a thread;
* :func:`chromium` and :data:`CHROMIUM_FLAGS` say which headless Chromium to start, and how.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

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


def toc_pages(root: Path = ROOT) -> list[str]:
    """Every page named in ``root/_toc.yml``, in order, as paths without suffix."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "file" in node:
                pages.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc.get("parts", []))
    walk(toc.get("chapters", []))
    return pages


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
