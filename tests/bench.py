"""Benchmark of the book (``make bench``): build times, notebook times and page sizes.

This is a measurement, not a test: it prints figures and never fails on them.
It runs a clean build (``_build`` removed), a no-change rebuild (served by the
execution cache), executes every notebook once more on its own to time it,
and lists the size of every page and of the chart data inlined in it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
JB = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(ROOT), "--builder", "html"]
SPEC = re.compile(r'<script type="application/json" id="alliances-chart-[^"]+">(.*?)</script>', re.S)


def timed_build() -> float:
    start = time.perf_counter()
    subprocess.run(JB, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def notebook_seconds(path: Path) -> float:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main() -> None:
    shutil.rmtree(BUILD, ignore_errors=True)
    clean = timed_build()
    again = timed_build()
    print(f"clean build:            {clean:7.1f} s")
    print(f"no-change rebuild:      {again:7.1f} s")
    print("\nnotebook execution (kernel start included):")
    for path in sorted((ROOT / "book").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        print(f"  {path.relative_to(ROOT)!s:48} {notebook_seconds(path):6.1f} s")
    print("\nHTML pages (bytes; inline chart data in KB):")
    for page in sorted((BUILD / "html").rglob("*.html")):
        if "_static" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        inline = sum(len(m.encode()) for m in SPEC.findall(text)) / 1000
        print(f"  {page.relative_to(BUILD / 'html')!s:48} {page.stat().st_size:9,d}   {inline:7.1f} KB")


if __name__ == "__main__":
    main()
