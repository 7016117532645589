"""Run the book's notebooks in parallel into Jupyter Book's execution cache, before the build.

Jupyter Book 1 (myst-nb in ``cache`` mode) executes the notebooks one after the other while it
reads them. This script executes the notebooks that the cache does not hold yet, several at a
time (one per core by default), and stores the results in the same jupyter-cache, so that the
build that follows only reads them. The cache keys on each notebook's code cells and kernel, as
myst-nb's does, and on what the notebook read during its last run (its key, made by
``tools/cachekey.py`` from the curated files it opened and the library's modules it imported), so
a notebook runs again when its code or one of those inputs changed, and only then. A notebook that
runs again is touched, so that Sphinx reads its page again.

A chapter that quotes computed numbers with ``{eval}`` (myst-nb's "inline" mode) is stored with
the value of each expression, which the book's Sphinx extension serves to the build
(``alliances.sphinxext.execute_with_evals``); myst-nb alone would run it again, inline.

A notebook that fails stops the build here: no further notebook starts, the script ends with
the failed cell's code and error (no colour codes) and exits with status 1, so that ``make book``
stops before Sphinx starts.

Usage: ``python tools/prefill_cache.py [--cache _build/.jupyter_cache] [--jobs N]``
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import nbformat
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn

from alliances.speedups import on
from alliances.sphinxext import EVALS_KEY, execute_with_evals
from bookfiles import toc_pages
from cachekey import notebook_key

ROOT = Path(__file__).resolve().parents[1]


def toc_notebooks() -> list[Path]:
    """The notebooks named in ``_toc.yml``, in the book's order."""
    return [ROOT / f"{page}.ipynb" for page in toc_pages() if (ROOT / f"{page}.ipynb").exists()]


#: The last cell the prefill adds to each notebook: it prints what the run read from the library
#: (the curated files opened and the modules imported), for the notebook's key (tools/cachekey.py).
RECORD_INPUTS = """\
import json as _json, sys as _sys
_curated = _sys.modules.get("alliances.curated")
print(_json.dumps({"files": sorted(getattr(_curated, "OPENED", ())),
                   "modules": sorted(m for m in _sys.modules if m.split(".")[0] == "alliances")}))
"""

#: Where a notebook's record in the cache keeps what its run read, and the key made from that.
INPUTS_KEY, KEY_KEY = "alliances_inputs", "alliances_key"


def _execute(path: str, timeout: int) -> tuple[str, nbformat.NotebookNode | None, dict, float,
                                                str | None, dict]:
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(RECORD_INPUTS))
    notebook, evals, seconds, error = execute_with_evals(notebook, str(Path(path).parent), timeout)
    inputs: dict = {}
    if error is None:
        recorder = notebook.cells.pop()
        inputs = json.loads("".join(o.get("text", "") for o in recorder.get("outputs", [])
                                    if o.get("name") == "stdout"))
    return path, notebook if error is None else None, evals, seconds, error, inputs


def _up_to_date(cache, path: Path) -> bool:
    """Whether the cache holds this notebook's code, with its ``{eval}`` values, and whether what
    its run read (the library's modules, the curated files, the packages) is unchanged."""
    try:
        record = cache.match_cache_notebook(nbformat.read(path, as_version=4))
    except KeyError:
        return False
    data = record.data
    return EVALS_KEY in data and INPUTS_KEY in data and \
        data.get(KEY_KEY) == notebook_key(ROOT, data[INPUTS_KEY])


#: The terminal's colour codes, which a notebook's traceback carries (IPython's colours).
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def cell_error(error: str) -> str:
    """The failed cell's code and error from nbclient's report, without colour codes.

    nbclient's text starts with the Python traceback of the executor itself, then "An error
    occurred while executing the following cell:", the cell's code and the notebook's
    traceback, ending with the exception's name and message: only that part is kept.
    """
    text = ANSI.sub("", error).rstrip()
    start = text.find("An error occurred while executing")
    return text[start:] if start >= 0 else text


def prefill(notebooks: list[Path], cache_path: str, jobs: int, timeout: int) -> int:
    """Run the ``notebooks`` that ``cache_path`` lacks, ``jobs`` at a time; 1 if one fails.

    At the first failure no further notebook starts (those already running finish and are
    stored), and the failed notebook's name and its cell's error are printed last, so that they
    end the build's log.
    """
    # The kernels inherit this: charts are HTML only, as in the book's build (alliances.sphinxext).
    os.environ["ALLIANCES_HTML_ONLY"] = "1"
    cache = get_cache(cache_path)
    todo = [str(path) for path in notebooks if not _up_to_date(cache, path)]
    if not todo:
        print("Execution cache: every notebook is up to date.")
        return 0
    start = time.perf_counter()
    print(f"Execution cache: running {len(todo)} notebook(s), {jobs} at a time.", flush=True)
    failed: tuple[Path, str] | None = None
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(_execute, path, timeout) for path in todo]
        for future in as_completed(futures):
            if future.cancelled():
                continue
            path, notebook, evals, seconds, error, inputs = future.result()
            name = Path(path).relative_to(ROOT) if Path(path).is_relative_to(ROOT) else Path(path)
            if error is not None:
                if failed is None:
                    failed = (name, error)
                    print(f"  failed: {name}; no further notebook starts.", flush=True)
                    for other in futures:
                        other.cancel()
                continue
            record = cache.add_nb_to_project(path)
            cache.cache_notebook_bundle(CacheBundleIn(notebook, record.uri,
                                                      data={"execution_seconds": seconds,
                                                            EVALS_KEY: evals, INPUTS_KEY: inputs,
                                                            KEY_KEY: notebook_key(ROOT, inputs)}),
                                        check_validity=False, overwrite=True)
            os.utime(path)              # Sphinx reads a page again when its source is newer
            print(f"  {name}: {seconds:.1f} s", flush=True)
    if failed is not None:
        name, error = failed
        print(f"\nThe book was not built: {name} failed. Its error:\n\n{cell_error(error)}",
              flush=True)
        return 1
    print(f"Execution cache filled in {time.perf_counter() - start:.0f} s.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", default=str(ROOT / "_build" / ".jupyter_cache"))
    # ALLIANCES_OFF=parallel-prefill (or PLAIN=1) runs them one at a time (alliances.speedups).
    parser.add_argument("--jobs", type=int,
                        default=(os.cpu_count() or 1) if on("parallel-prefill") else 1)
    parser.add_argument("--timeout", type=int, default=120)
    args = parser.parse_args(argv)
    return prefill(toc_notebooks(), args.cache, args.jobs, args.timeout)


if __name__ == "__main__":
    sys.exit(main())
