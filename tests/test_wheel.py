"""The library as a user installs it: the built wheel, in an environment of its own, outside the repository.

Colab's setup cell, the course pack and anyone who runs ``pip install`` get the package that
setuptools builds from this tree, not the editable checkout the other tests import. Here:

1. the wheel is built from a copy of the tree, without network (``pip wheel
   --no-build-isolation``), and must carry every curated CSV of ``data/`` and their schemas
   (``data/schemas.yml``), byte for byte;
2. it is installed, not editable, with the students' pinned runtime set
   (``requirements/runtime.txt``) into a virtual environment that then holds exactly that set
   and the wheel (``uv pip sync``, from uv's cache: offline first, online only if the cache
   misses a file; the environment is kept between sessions, so that its bytecode is compiled
   once, and made afresh when the runtime set changes). The session
   fixture ``installed`` (``tests/installed.py``) does both, once for this module and
   ``test_jupyterlab.py``;
3. from a temporary folder, with the repository off ``sys.path``, every public entry point that
   reads curated data works, and the data come from inside the installed package;
4. the chapter notebooks and both student assignments run with nbmake, on two cores
   (pytest-xdist), in a kernel of that environment, over copies of the notebooks. The open
   datasets come from the mirror (``ALLIANCES_DATA_DIR``).

This is the one nbmake run of ``make test``. The build runs each notebook once; this test runs
each once more against the installed wheel, except the few that ``test_jupyterlab.py`` runs in
JupyterLab in that same environment (``installed.RUN_IN_JUPYTERLAB``).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT, toc_pages
from installed import KERNEL, RUN_IN_JUPYTERLAB, RUNTIME, clean_env, run, uv

pytestmark = pytest.mark.slow


def _notebooks() -> list[str]:
    """Every page of the table of contents that is a notebook: the chapters and the assignments."""
    return [f"{page}.ipynb" for page in toc_pages() if (ROOT / f"{page}.ipynb").is_file()]


def test_the_wheel_carries_every_curated_file(installed):
    wheel = installed.wheel
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        csvs = sorted((ROOT / "data").glob("*.csv"))
        assert csvs
        for path in [*csvs, ROOT / "data" / "schemas.yml"]:   # the files and their schemas
            packed = f"alliances/data/{path.name}"
            assert packed in names, f"{path.name} is missing from {wheel.name}"
            assert archive.read(packed) == path.read_bytes(), f"{packed} differs from data/"
        for path in (ROOT / "lib" / "alliances" / "static").iterdir():   # the stylesheet, the scripts
            assert f"alliances/static/{path.name}" in names, f"{path.name} is missing from {wheel.name}"


def test_installed_library_works_outside_the_repository(installed, tmp_path):
    script = textwrap.dedent("""
        import json, sys
        import alliances
        from alliances import cases, curated, russia, charts
        presets = cases.load_presets()
        print(json.dumps({
            "file": alliances.__file__,
            "data": str(curated.curated_dir()),
            "schemas": len(curated.SCHEMAS),
            "path": sys.path,
            "presets": {name: s.assess().verdict.value for name, s in presets.items()},
            "guaranteed": len(russia.guaranteed_parties(2019)),
            "table4": int(russia.table4_wide().shape[0]),
            "chart": bool(charts.table4_chart().to_dict()),
        }))
    """)
    result = run([str(installed.python), "-c", script], cwd=tmp_path, env=clean_env())
    found = json.loads(result.stdout.strip().splitlines()[-1])
    site = installed.python.parent.parent
    assert Path(found["file"]).is_relative_to(site), found["file"]
    assert Path(found["data"]).is_relative_to(site), found["data"]
    assert not any(str(ROOT) in entry for entry in found["path"] if entry), found["path"]
    assert found["schemas"] == len(list((ROOT / "data").glob("*.csv")))
    assert found["presets"] and found["guaranteed"] > 0 and found["table4"] > 0 and found["chart"]


def test_every_notebook_runs_against_the_installed_wheel(installed, tmp_path):
    """nbmake runs every notebook that test_jupyterlab.py does not run in JupyterLab."""
    every = _notebooks()
    assert "book/theory/theory.ipynb" in every
    assert {"book/assignments/score-a-case.ipynb",
            "book/assignments/stress-test-a-claim.ipynb"} <= set(every)
    assert set(RUN_IN_JUPYTERLAB) < set(every), set(RUN_IN_JUPYTERLAB) - set(every)
    notebooks = [n for n in every if n not in RUN_IN_JUPYTERLAB]
    shutil.copytree(ROOT / "book", tmp_path / "book",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "_build"))
    installed.kernel_dir(tmp_path / "jupyter")       # found through JUPYTER_PATH
    env = clean_env(JUPYTER_PATH=str(tmp_path / "jupyter"),
                    JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
                    IPYTHONDIR=str(tmp_path / "ipython"))
    # The first two kernels start together: on a fresh IPython folder both would create its
    # profile and history database at once, and one could die in that race before it answers.
    subprocess.run([str(installed.python), "-c", "from IPython.core.interactiveshell import "
                    "InteractiveShell; InteractiveShell.instance().history_manager.end_session()"],
                   env=env, check=True, capture_output=True)
    assert (tmp_path / "ipython" / "profile_default" / "history.sqlite").is_file()

    def nbmake(paths: list[str]) -> tuple[subprocess.CompletedProcess, list[str]]:
        workers = ["-n", "2"] if len(paths) > 1 else []
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *workers, "--nbmake",
             f"--nbmake-kernel={KERNEL}", "--nbmake-timeout=300", "--rootdir", str(tmp_path),
             *paths],
            cwd=tmp_path, env=env, capture_output=True, text=True)
        return done, [line for line in done.stdout.splitlines()
                      if line.startswith(("FAILED", "ERROR"))]

    def passed_in(done: subprocess.CompletedProcess) -> int:
        found = re.search(r"(\d+) passed", done.stdout)
        return int(found.group(1)) if found else 0

    result, failed = nbmake(notebooks)
    passed = passed_in(result)
    # A kernel that dies on start-up, before it runs a cell ("Kernel died before replying to
    # kernel_info", which nbmake reports as an internal error), has happened now and then in
    # clean-clone runs (twice so far, on different notebooks); its cause is not the notebook.
    # Those notebooks, and only those, run once more, one at a time. Any other failure fails.
    died = "Kernel died before replying to kernel_info" in result.stdout + result.stderr
    if failed and died and all("NBMAKE INTERNAL ERROR" in line for line in failed):
        again = [line.split()[1].split("::")[0] for line in failed]
        print(f"kernel died on start-up; running {again} once more")
        result, failed = nbmake(again)
        passed += passed_in(result)
    assert result.returncode == 0, "\n".join(failed) + "\n" + result.stdout[-6000:] \
        + result.stderr[-2000:]
    assert passed == len(notebooks) and failed == [], result.stdout[-2000:]


def test_the_environment_holds_exactly_the_runtime_set_and_the_wheel(installed):
    """The environment is kept between sessions, so nothing may be left in it from one before:
    its packages are the runtime set's pins for its Python, and the library from the wheel."""
    version = run([str(installed.python), "-c", "import platform; print(platform.python_version())"]
                  ).stdout.strip()
    python = {"python_full_version": version, "python_version": ".".join(version.split(".")[:2])}
    wanted = {}
    for line in RUNTIME.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pin = Requirement(line)
            if pin.marker is None or pin.marker.evaluate(python):
                wanted[canonicalize_name(pin.name)] = str(pin.specifier).removeprefix("==")
    frozen = run([uv(), "pip", "freeze", "--python", str(installed.python)]).stdout.splitlines()
    found = {canonicalize_name(name): pin
             for name, pin in (line.split("==", 1) for line in frozen if "==" in line)}
    library = [line for line in frozen if line.startswith("alliances @ ")]
    assert library == [f"alliances @ {installed.wheel.resolve().as_uri()}"], library
    assert len(wanted) > 50 and found == wanted, set(found.items()) ^ set(wanted.items())
