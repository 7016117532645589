"""Run the book's notebooks in parallel into Jupyter Book's execution cache, before the build.

Jupyter Book 1 (myst-nb in ``cache`` mode) executes the notebooks one after the other while it
reads them. This script executes the notebooks that the cache does not hold yet, several at a
time (one per core by default), and stores the results in the same jupyter-cache, so that the
build that follows only reads them. The cache keys on each notebook's code cells and kernel, as
myst-nb's does, so a notebook whose code has not changed is not run again.

A chapter that quotes computed numbers with ``{eval}`` (myst-nb's "inline" mode) is stored with
the value of each expression, which the book's Sphinx extension serves to the build
(``alliances.sphinxext.execute_with_evals``); myst-nb alone would run it again, inline.

Usage: ``python tools/prefill_cache.py [--cache _build/.jupyter_cache] [--jobs N]``
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn

from alliances.sphinxext import EVALS_KEY, execute_with_evals
from bookfiles import toc_pages

ROOT = Path(__file__).resolve().parents[1]


def toc_notebooks() -> list[Path]:
    """The notebooks named in ``_toc.yml``, in the book's order."""
    return [ROOT / f"{page}.ipynb" for page in toc_pages() if (ROOT / f"{page}.ipynb").exists()]


def _execute(path: str, timeout: int) -> tuple[str, nbformat.NotebookNode | None, dict, float,
                                                str | None]:
    notebook = nbformat.read(path, as_version=4)
    notebook, evals, seconds, error = execute_with_evals(notebook, str(Path(path).parent), timeout)
    return path, notebook if error is None else None, evals, seconds, error


def _up_to_date(cache, path: Path) -> bool:
    """Whether the cache holds this notebook's code, with its ``{eval}`` values."""
    try:
        record = cache.match_cache_notebook(nbformat.read(path, as_version=4))
    except KeyError:
        return False
    return EVALS_KEY in record.data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", default=str(ROOT / "_build" / ".jupyter_cache"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=int, default=120)
    args = parser.parse_args(argv)

    # The kernels inherit this: charts are HTML only, as in the book's build (alliances.sphinxext).
    os.environ["ALLIANCES_HTML_ONLY"] = "1"
    cache = get_cache(args.cache)
    todo = [str(path) for path in toc_notebooks() if not _up_to_date(cache, path)]
    if not todo:
        print("Execution cache: every notebook is up to date.")
        return 0
    start = time.perf_counter()
    print(f"Execution cache: running {len(todo)} notebook(s), {args.jobs} at a time.")
    failed = []
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(_execute, path, args.timeout) for path in todo]
        for future in futures:
            path, notebook, evals, seconds, error = future.result()
            name = Path(path).relative_to(ROOT)
            if error is not None:
                failed.append(name)
                print(f"  failed: {name}\n{error}", file=sys.stderr)
                continue
            record = cache.add_nb_to_project(path)
            cache.cache_notebook_bundle(CacheBundleIn(notebook, record.uri,
                                                      data={"execution_seconds": seconds,
                                                            EVALS_KEY: evals}),
                                        check_validity=False, overwrite=True)
            print(f"  {name}: {seconds:.1f} s")
    print(f"Execution cache filled in {time.perf_counter() - start:.0f} s.")
    # A failed notebook is left to the build, which runs it again and reports the error in place.
    return 0


if __name__ == "__main__":
    sys.exit(main())
