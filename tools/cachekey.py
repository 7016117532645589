"""The build's cache keys, defined once: what each notebook's outputs depend on.

A notebook's outputs depend on its code (jupyter-cache keys on that itself), on the packages it
runs with, and on the library and the data it reads. During the prefill (tools/prefill_cache.py)
each notebook records which curated files it opened (``alliances.curated.OPENED``) and which
modules of the library it imported; :func:`notebook_key` hashes exactly those, with the inputs
every notebook shares (:data:`SHARED`). A notebook runs again when its key changes, and only then:
a new event re-runs the chapters that read the events, not all of them.

Two wider keys use the same definitions:

* :func:`build_key` (``--build``): the library, the packages and the prefill; the Makefile clears
  Sphinx's read pages and the charts' pictures when it changes, since the library also renders
  them (``make cache-check``);
* :func:`cache_key` (no option): everything above plus the curated data, their schemas and the
  notebooks; the Pages workflow names its saved cache with it (a partial hit is safe, as every
  notebook is checked against its own key).

Standard library only: the Pages workflow calls it before any package is installed.

Usage: ``python tools/cachekey.py [--build]``
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Inputs of every notebook, relative to the repository: the pinned packages, the package's
#: metadata, and the scripts that run the notebooks and key them.
SHARED = ("requirements/*.txt", "pyproject.toml", "tools/prefill_cache.py", "tools/cachekey.py")

#: The library's files that are not modules: the stylesheet and scripts a chart carries.
ASSETS = ("lib/alliances/static/*",)

#: The schemas of the curated files, read whenever the curated module is imported.
SCHEMAS = "data/schemas.yml"

#: Where the book's notebooks are.
NOTEBOOKS = ("book/**/*.ipynb",)

#: The environment variable that points the library at another folder of curated files.
CURATED_DIR_ENV = "ALLIANCES_CURATED_DIR"


def _files(root: Path, patterns: Iterable[str]) -> list[Path]:
    return sorted({path for pattern in patterns for path in root.glob(pattern) if path.is_file()})


def _digest(root: Path, paths: Iterable[Path]) -> str:
    """A sha256 over each file's name and content, in sorted order.

    A file is named by its place in ``root``; a curated file by ``curated/`` and its name, so that
    a copy of the curated CSV files elsewhere (``$ALLIANCES_CURATED_DIR``) gives the same key.
    """
    folder = curated_dir(root)
    named = {}
    for path in paths:
        if path.parent == folder and path.suffix == ".csv":
            named[f"curated/{path.name}"] = path
        else:
            named[str(path.relative_to(root) if path.is_relative_to(root) else path)] = path
    hasher = hashlib.sha256()
    for name in sorted(named):
        hasher.update(f"{name}\0".encode())
        hasher.update(named[name].read_bytes() if named[name].is_file() else b"(missing)")
        hasher.update(b"\0")
    return hasher.hexdigest()[:16]


def curated_dir(root: Path) -> Path:
    """The folder of curated files the library reads: ``$ALLIANCES_CURATED_DIR``, else data/."""
    override = os.environ.get(CURATED_DIR_ENV)
    return Path(override).expanduser() if override else root / "data"


def library_files(root: Path) -> list[Path]:
    """Every file of the library that can change an output: modules, stylesheets, scripts."""
    return _files(root, ("lib/**/*.py", "lib/**/*.css", "lib/**/*.js"))


def module_file(root: Path, module: str) -> Path:
    """The source file of the library's ``module`` (``alliances.charts.votes``)."""
    base = root / "lib" / Path(*module.split("."))
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def notebook_inputs(root: Path, inputs: Mapping[str, Iterable[str]]) -> list[Path]:
    """The files one notebook's outputs depend on, from what it recorded during its run.

    ``inputs`` holds ``files`` (the curated files it opened) and ``modules`` (the library's
    modules it imported). The shared inputs always count; the schemas and the library's assets
    count once the notebook imports the library's curated module, or any of its modules.
    """
    modules = sorted(inputs.get("modules", ()))
    paths = _files(root, SHARED) + [module_file(root, module) for module in modules]
    if modules:
        paths += _files(root, ASSETS)
    if "alliances.curated" in modules:
        paths.append(root / SCHEMAS)
    folder = curated_dir(root)
    paths += [folder / name for name in sorted(inputs.get("files", ()))]
    return paths


def notebook_key(root: Path, inputs: Mapping[str, Iterable[str]]) -> str:
    """The key of one notebook's outputs: a hash of :func:`notebook_inputs`."""
    return _digest(root, notebook_inputs(root, inputs))


def build_key(root: Path = ROOT) -> str:
    """The key of what renders every page: the library, the shared inputs (packages, prefill)."""
    return _digest(root, library_files(root) + _files(root, SHARED))


def cache_key(root: Path = ROOT) -> str:
    """The key of the whole execution cache: :func:`build_key`'s inputs, the data, the notebooks."""
    return _digest(root, library_files(root) + _files(root, SHARED) +
                   _files(curated_dir(root), ("*.csv", "*.yml")) + [root / SCHEMAS] +
                   _files(root, NOTEBOOKS))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true",
                        help="the key of the library and the packages (Makefile's cache-check)")
    args = parser.parse_args(argv)
    print(build_key() if args.build else cache_key())
    return 0


if __name__ == "__main__":
    sys.exit(main())
