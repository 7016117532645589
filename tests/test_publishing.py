"""Publishing: launch buttons, downloads, Binder and Colab set-up, and the GitHub Pages workflow.

The configuration checks read the repository's files. The page checks read the built book in
``_build/html`` (``make book`` first; the ``site`` fixture fails with a clear message otherwise):
every chapter page must offer Binder and Colab links that open that very notebook in this
repository (Colab its portable copy, on the portable branch), and a download link to its ``.ipynb`` file that exists in the built site.
"""

from __future__ import annotations

import html
import json
import os
import re
import stat
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import nbformat
import pytest
import yaml

import conftest
import lab
import practice
from conftest import toc_pages, toc_parts

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
GITHUB = re.compile(r"^https://github\.com/(?P<org>[\w.-]+)/(?P<repo>[\w.-]+?)/?$")


def _repository() -> tuple[str, str, str, str]:
    """(org, repo, branch, path_to_book) from _config.yml."""
    repo = CONFIG["repository"]
    match = GITHUB.match(repo["url"])
    assert match, f"repository.url must be https://github.com/<org>/<repo>, got {repo['url']!r}"
    return match["org"], match["repo"], str(repo["branch"]), str(repo["path_to_book"] or "")


def _chapters() -> list[str]:
    """Pages of the table of contents that are notebooks (path without suffix)."""
    return [page for page in toc_pages() if (ROOT / f"{page}.ipynb").is_file()]


def _all_notebooks() -> list[Path]:
    return sorted(p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


# ---------------------------------------------------------------------------
# _config.yml
# ---------------------------------------------------------------------------

def test_repository_and_launch_settings_are_set_and_consistent():
    repo = CONFIG.get("repository") or {}
    for key in ("url", "branch", "path_to_book"):
        assert key in repo, f"_config.yml: repository.{key} is not set"
    _, _, branch, path_to_book = _repository()
    assert branch and not path_to_book.startswith("/")
    assert (ROOT / path_to_book / "_toc.yml").is_file(), "path_to_book must hold the _toc.yml"
    launch = CONFIG.get("launch_buttons") or {}
    assert launch.get("binderhub_url") == "https://mybinder.org"
    assert launch.get("colab_url") == "https://colab.research.google.com"
    assert launch.get("notebook_interface") in ("jupyterlab", "classic")
    # The same repository is named in the citation file and the setup cell of the notebooks.
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    urls = [citation.get(k) for k in ("repository-code", "url") if citation.get(k)]
    assert any(u.rstrip("/") == repo["url"].rstrip("/") for u in urls), urls


# ---------------------------------------------------------------------------
# Built pages: launch and download buttons
# ---------------------------------------------------------------------------

class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: dict[str, str] = {}   # title → href

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("title") and attrs.get("href"):
            self.links.setdefault(attrs["title"], attrs["href"])


def _links(path: Path) -> dict[str, str]:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.links


def test_there_are_chapter_pages():
    assert "book/theory/theory" in _chapters()


#: The last part of the table of contents: pages for the people who keep the book, not its readers.
MAINTAINERS = "For maintainers"


def test_the_library_reference_and_data_provenance_are_for_maintainers_only():
    """Students meet the chapters, the glossary and the bibliography; the library reference (every
    page under book/api) and the datasets' addresses and checksums sit in a last part of their own."""
    parts = toc_parts()
    assert list(parts)[-1] == MAINTAINERS
    api = (ROOT / "book" / "api").glob("*.md")
    reference = ["book/api", *sorted(p.with_suffix("").relative_to(ROOT).as_posix() for p in api)]
    assert len(reference) == 5
    maintainers = parts[MAINTAINERS]
    assert maintainers[0] == "book/maintainers/index"
    assert set(maintainers) == {*reference, "book/maintainers/index", "book/maintainers/contributing",
                                "book/maintainers/data-provenance"}
    others = [page for caption, pages in parts.items() if caption != MAINTAINERS for page in pages]
    assert [p for p in others if p.startswith(("book/api", "book/maintainers/"))] == []
    assert {"book/glossary", "book/bibliography"} <= set(parts["Reference"])
    assert "book/lab/data-sources" in parts["Testing the claims"]


@pytest.mark.html
@pytest.mark.parametrize("page", _chapters())
def test_launch_and_download_buttons(site, page):
    org, name, branch, path_to_book = _repository()
    notebook = f"{path_to_book.strip('/') + '/' if path_to_book.strip('/') else ''}{page}.ipynb"
    interface = "lab/tree" if CONFIG["launch_buttons"]["notebook_interface"] == "jupyterlab" \
        else "tree"
    links = _links(site / f"{page}.html")
    assert links.get("Launch on Binder") == (
        f"{CONFIG['launch_buttons']['binderhub_url']}/v2/gh/{org}/{name}/{branch}"
        f"?urlpath={interface}/{notebook}")
    # Colab opens the portable edition, on the branch the deploy workflow writes (issue 36).
    portable = CONFIG["sphinx"]["config"]["alliances_portable_branch"]
    assert links.get("Launch on Colab") == (
        f"{CONFIG['launch_buttons']['colab_url']}/github/{org}/{name}/blob/{portable}/{notebook}")
    download = links.get("Download source file")
    assert download and download.endswith(f"_sources/{page}.ipynb"), download
    target = urlparse(urljoin(f"http://site/{page}.html", download)).path.lstrip("/")
    assert (site / target).is_file(), f"{download} is missing from {site}"
    assert nbformat.read(site / target, as_version=4).cells   # a real notebook


@pytest.mark.html
def test_instructor_solutions_are_never_published(site):
    published = [p.relative_to(site).as_posix() for p in site.rglob("*")
                 if "solution" in p.name.lower() or "instructor/solutions" in p.as_posix()]
    assert published == []
    solutions = list((ROOT / "instructor" / "solutions").glob("*.ipynb"))
    assert solutions, "instructor/solutions/ should hold the assignment solutions"
    # Lines that only the solutions hold (answers, worked code) appear on no page of the site.
    distinctive = set()
    for solution in solutions:
        student = ROOT / "book" / "assignments" / solution.name.replace("-solution", "")
        taken = {line.strip() for cell in json.loads(student.read_text(encoding="utf-8"))["cells"]
                 for line in "".join(cell["source"]).splitlines()}
        for cell in json.loads(solution.read_text(encoding="utf-8"))["cells"]:
            distinctive |= {line.strip() for line in "".join(cell["source"]).splitlines()
                            if len(line.strip()) > 40 and line.strip() not in taken}
    assert len(distinctive) > 10, "the solutions should differ from the student notebooks"
    pages = "\n".join(html.unescape(p.read_text(encoding="utf-8")) for p in site.rglob("*.html"))
    leaked = sorted(line for line in distinctive if line in pages)
    assert not leaked, leaked[:5]


@pytest.mark.html
def test_practice_variants_are_never_published(site):
    """The instructors' practice sheets (instructor/practice, tools/practice.py) show on no page."""
    assert [p.name for p in site.rglob("*") if "practice" in p.name.lower()] == []
    assert len(practice.own_runs()) > 40
    assert practice.published(site) == []


# ---------------------------------------------------------------------------
# Binder
# ---------------------------------------------------------------------------

def _pins(path: Path, seen: tuple[Path, ...] = ()) -> dict[str, str]:
    """name → version of every ``name==version`` line, following ``-r`` includes."""
    assert path.resolve() not in seen, f"{path} includes itself"
    pins: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        include = re.match(r"^(?:-r|--requirement)\s*(\S+)$", line)
        if include:
            pins.update(_pins(path.parent / include.group(1), (*seen, path.resolve())))
            continue
        pin = re.match(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;]+)", line)
        assert pin, f"{path.name}: not an exact pin: {raw!r}"
        pins[pin.group(1).lower().replace("_", "-")] = pin.group(2)
    return pins


def test_binder_requirements_resolve_to_the_runtime_pins():
    runtime = _pins(ROOT / "requirements" / "runtime.txt")
    binder = _pins(ROOT / "binder" / "requirements.txt")
    assert len(runtime) > 50 and binder == runtime
    for name in ("altair", "ipywidgets", "pandas", "jupyterlab", "ipykernel", "jupyterlab-myst",
                 "anywidget", "vl-convert-python"):
        assert name in binder
    # The students' set holds nothing to build or test the book.
    for name in ("sphinx", "jupyter-book", "playwright", "pytest", "nbmake", "hypothesis"):
        assert name not in binder, name


def _pins_for(path: Path, python: str) -> dict[str, str]:
    """name → version of the pins of ``path`` that apply on Linux with Python ``python``."""
    from packaging.requirements import Requirement

    environment = {"python_version": ".".join(python.split(".")[:2]), "python_full_version": python,
                   "sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
                   "implementation_name": "cpython", "platform_machine": "x86_64"}
    pins: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate(environment):
            pins[requirement.name.lower().replace("_", "-")] = str(requirement.specifier).lstrip("=")
    return pins


def test_the_three_pinned_sets_agree():
    folder = ROOT / "requirements"
    runtime, build, test = (_pins_for(folder / f"{name}.txt", "3.11.7")
                            for name in ("runtime", "build", "test"))
    assert set(runtime) < set(build) < set(test)
    assert {k: build[k] for k in runtime} == runtime
    assert {k: test[k] for k in build} == build
    assert "jupyter-book" in build and "sphinx" not in runtime
    assert {"pytest", "nbmake", "pytest-xdist", "playwright", "uv"} <= set(test) - set(build)
    # The runtime set resolves for every supported Python (universal pins with markers).
    for python in ("3.10.13", "3.12.1", "3.13.0"):
        assert {"pandas", "altair", "jupyterlab", "jupyterlab-myst", "anywidget"} <= set(
            _pins_for(folder / "runtime.txt", python))
    for name in ("runtime", "build", "test"):
        assert (folder / f"{name}.in").is_file()


def test_binder_postbuild_installs_the_library():
    path = ROOT / "binder" / "postBuild"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#!/bin/bash") or text.startswith("#!/usr/bin/env bash")
    assert os.stat(path).st_mode & stat.S_IXUSR, "binder/postBuild must be executable"
    commands = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert any(re.search(r"\bpip install\b.*\s-e \.(\s|$)", c) and "--no-deps" in c
               for c in commands), commands
    assert "set -e" in text


def test_python_version_is_the_same_everywhere():
    runtime = (ROOT / "binder" / "runtime.txt").read_text(encoding="utf-8").strip()
    assert re.fullmatch(r"python-3\.11(\.\d+)?", runtime), runtime
    for name in ("build", "test"):
        header = (ROOT / "requirements" / f"{name}.txt").read_text(encoding="utf-8").splitlines()[0]
        assert "Python 3.11" in header, header
    header = (ROOT / "requirements" / "runtime.txt").read_text(encoding="utf-8").splitlines()[0]
    assert "Python 3.10 to 3.13" in header, header
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "book.yml").read_text())
    versions = [step.get("with", {}).get("python-version") for job in workflow["jobs"].values()
                for step in job.get("steps", []) if "setup-python" in str(step.get("uses", ""))]
    assert versions == ["3.11"]


# ---------------------------------------------------------------------------
# Colab: every notebook installs the library when it is missing
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("path", _all_notebooks(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_first_code_cell_is_the_setup_cell(path):
    notebook = nbformat.read(path, as_version=4)
    first = next(cell for cell in notebook.cells if cell.cell_type == "code")
    assert "remove-cell" in first.metadata.get("tags", [])
    assert first.source.startswith("# Setup: make the book's library importable")
    assert re.search(r"^try:\n    import alliances\nexcept ImportError:", first.source, re.M)
    install = re.search(r'^\s*%pip install --quiet "alliances @ git\+(\S+)"\s*$', first.source, re.M)
    assert install, first.source
    assert install.group(1) == CONFIG["repository"]["url"]


# ---------------------------------------------------------------------------
# GitHub Actions: build on push to main, deploy to Pages
# ---------------------------------------------------------------------------

def _workflow() -> dict:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "book.yml").read_text())
    workflow["on"] = workflow.get("on", workflow.pop(True, None))   # YAML 1.1 reads `on` as True
    return workflow


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_workflow_builds_and_deploys_the_book():
    workflow = _workflow()
    assert "main" in workflow["on"]["push"]["branches"]
    steps = _steps(workflow)
    assert any(re.search(r"(^|\s)make book(\s|$)", step.get("run", "")) for step in steps)
    upload = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact@")]
    assert upload and upload[0]["with"]["path"] == "_build/html"
    deploy_jobs = [name for name, job in workflow["jobs"].items()
                   if any(str(s.get("uses", "")).startswith("actions/deploy-pages@")
                          for s in job.get("steps", []))]
    assert deploy_jobs
    build_job = next(name for name, job in workflow["jobs"].items()
                     if any(s in upload for s in job.get("steps", [])))
    for name in deploy_jobs:
        needs = workflow["jobs"][name].get("needs")
        assert build_job in ([needs] if isinstance(needs, str) else needs)
    assert workflow["permissions"]["pages"] == "write"
    assert workflow["permissions"]["id-token"] == "write"


def test_workflow_caches_the_execution_cache():
    caches = [s for s in _steps(_workflow()) if str(s.get("uses", "")).startswith("actions/cache@")]
    paths = [line.strip() for s in caches for line in str(s["with"]["path"]).splitlines()]
    assert "_build/.jupyter_cache" in paths
    cache = next(s for s in caches if "_build/.jupyter_cache" in str(s["with"]["path"]))
    # The key is tools/cachekey.py's, the Makefile's definition too: it changes when a notebook,
    # the library, the data, their schemas or the pinned packages change (tests/test_cachekey.py).
    steps = _steps(_workflow())
    keyed = next(s for s in steps if s.get("id") == "cachekey")
    assert "python tools/cachekey.py" in keyed["run"]
    assert steps.index(keyed) < steps.index(cache)
    assert "${{ steps.cachekey.outputs.key }}" in cache["with"]["key"]
    assert "_build/.jupyter_cache.build-key" in paths
    assert "$(PYTHON) tools/cachekey.py --build" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_the_tests_that_need_the_book_wait_for_its_build(tmp_path, monkeypatch):
    """``make test`` builds the book while pytest runs: ``conftest.wait_for_the_book`` waits while
    the build runs, goes on once it succeeded, and fails with the end of its log if it failed."""
    status, log, site = tmp_path / ".book-status", tmp_path / "book.log", tmp_path / "html"
    monkeypatch.setattr(conftest, "BOOK_STATUS", status)
    monkeypatch.setattr(conftest, "BOOK_LOG", log)
    monkeypatch.setattr(conftest, "SITE", site)
    conftest.wait_for_the_book()                               # no build under way: no wait

    status.write_text(f"running {os.getpid()}\n")
    threading.Timer(0.8, lambda: status.write_text("0\n")).start()
    start = time.monotonic()
    conftest.wait_for_the_book()
    assert time.monotonic() - start >= 0.7                     # it waited for the build

    log.write_text("Building...\nsphinx.errors.SphinxWarning: a broken reference\n")
    status.write_text("2\n")
    with pytest.raises(pytest.fail.Exception, match=r"(?s)exit status 2.*a broken reference"):
        conftest.wait_for_the_book()
    site.mkdir()
    time.sleep(0.05)
    (site / "index.html").write_text("<html></html>")          # built again since by `make book`
    conftest.wait_for_the_book()

    status.write_text("running 999999999\n")                   # a build that no longer runs
    conftest.wait_for_the_book()


def test_make_lab_opens_a_jupyterlab_that_never_calls_out(tmp_path):
    """``make lab`` starts JupyterLab through tools/lab.py, with the options and default settings
    that turn off the news feed and the update check (tests/conftest.py starts its JupyterLab
    with the same two)."""
    assert "\t$(BIN)/python tools/lab.py book\n" in (ROOT / "Makefile").read_text(encoding="utf-8")
    assert lab.command(["book"]) == [sys.executable, "-m", "jupyterlab", *lab.QUIET_OPTIONS, "book"]
    known = subprocess.run([sys.executable, "-m", "jupyterlab", "--help-all"], capture_output=True,
                           text=True, check=True).stdout
    for option in lab.QUIET_OPTIONS:
        assert f"\n{option.split('=')[0]}=" in known, option
    # The environment's default settings gain the quiet ones and keep the others.
    notification = "@jupyterlab/apputils-extension:notification"
    path = lab.overrides_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"},
                                notification: {"doNotDisturbMode": True}}), encoding="utf-8")
    assert lab.write_overrides(tmp_path) == path
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"},
        notification: {"doNotDisturbMode": True, "fetchNews": "false", "checkForUpdates": False}}
