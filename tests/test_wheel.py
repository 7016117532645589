"""The library as a user installs it: the built wheel, in a fresh environment outside the repository.

Colab's setup cell, the course pack and anyone who runs ``pip install`` get the package that
setuptools builds from this tree, not the editable checkout the other tests import. Here:

1. the wheel is built from a copy of the tree, without network (``pip wheel
   --no-build-isolation``), and must carry every curated CSV of ``data/`` and their schemas
   (``data/schemas.yml``), byte for byte;
2. it is installed, not editable, with the students' pinned runtime set
   (``requirements/runtime.txt``) into a fresh virtual environment in a temporary folder, by
   ``uv`` from its cache (offline first; online only if the cache misses a file);
3. from a temporary folder, with the repository off ``sys.path``, every public entry point that
   reads curated data works, and the data come from inside the installed package;
4. every chapter notebook and both student assignments run with nbmake, on two cores
   (pytest-xdist), in a kernel of that environment, over copies of the notebooks. The open
   datasets come from the mirror (``ALLIANCES_DATA_DIR``).

This is the one nbmake run of ``make test``: the build runs each notebook once, and this test
runs each once more against the installed wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, toc_pages

pytestmark = pytest.mark.slow

RUNTIME = ROOT / "requirements" / "runtime.txt"
KERNEL = "alliances-wheel"
#: Folders of the tree that the wheel does not need (and that can be large).
SKIP = (".git", ".venv", "_build", "book", "instructor", "tests", "coursepack", "binder", ".github",
        ".ci", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis", ".mypy_cache",
        ".ruff_cache", "build", "dist")


def _notebooks() -> list[str]:
    """Every page of the table of contents that is a notebook: the chapters and the assignments."""
    return [f"{page}.ipynb" for page in toc_pages() if (ROOT / f"{page}.ipynb").is_file()]


def _uv() -> str:
    found = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if not found:
        pytest.fail("uv is not installed: it comes with requirements/test.txt (`make env`).")
    return found


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, (f"{' '.join(map(str, command))} failed:\n"
                                    f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment of the installed library: no repository on the path, no data override."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "ALLIANCES_CURATED_DIR", "VIRTUAL_ENV", "PYTHONHOME")}
    mirror = ROOT.parent / "shared" / "datasets"
    if "ALLIANCES_DATA_DIR" not in env and mirror.is_dir():
        env["ALLIANCES_DATA_DIR"] = str(mirror)
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built from a copy of the tree (the repository itself gets no build folders)."""
    folder = tmp_path_factory.mktemp("wheel")
    source = folder / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*SKIP))
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
          "--no-index", "-w", str(folder / "dist"), str(source)])
    wheels = list((folder / "dist").glob("alliances-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment, outside the repository, with the runtime set and the wheel."""
    venv = tmp_path_factory.mktemp("installed") / "venv"
    uv = _uv()
    _run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)])
    python = venv / "bin" / "python"
    install = [uv, "pip", "install", "--quiet", "--python", str(python), "-r", str(RUNTIME),
               str(wheel)]
    offline = subprocess.run([*install, "--offline"], capture_output=True, text=True)
    if offline.returncode != 0:          # a cold cache: fetch what is missing from the registry
        _run(install)
    return python


def test_the_wheel_carries_every_curated_file(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        csvs = sorted((ROOT / "data").glob("*.csv"))
        assert csvs
        for path in [*csvs, ROOT / "data" / "schemas.yml"]:   # the files and their schemas
            packed = f"alliances/data/{path.name}"
            assert packed in names, f"{path.name} is missing from {wheel.name}"
            assert archive.read(packed) == path.read_bytes(), f"{packed} differs from data/"
        assert any(n.startswith("alliances/static/") for n in names)   # the book's stylesheet


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
    result = _run([str(installed), "-c", script], cwd=tmp_path, env=_clean_env())
    found = json.loads(result.stdout.strip().splitlines()[-1])
    site = installed.parent.parent
    assert Path(found["file"]).is_relative_to(site), found["file"]
    assert Path(found["data"]).is_relative_to(site), found["data"]
    assert not any(str(ROOT) in entry for entry in found["path"] if entry), found["path"]
    assert found["schemas"] == len(list((ROOT / "data").glob("*.csv")))
    assert found["presets"] and found["guaranteed"] > 0 and found["table4"] > 0 and found["chart"]


def test_every_notebook_runs_against_the_installed_wheel(installed, tmp_path):
    notebooks = _notebooks()
    assert "book/theory/theory.ipynb" in notebooks
    assert {"book/assignments/score-a-case.ipynb",
            "book/assignments/stress-test-a-claim.ipynb"} <= set(notebooks)
    shutil.copytree(ROOT / "book", tmp_path / "book",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "_build"))
    # A kernel of the fresh environment, found through JUPYTER_PATH.
    kernels = tmp_path / "jupyter" / "kernels" / KERNEL
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [str(installed), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "alliances (installed wheel)", "language": "python"}), encoding="utf-8")
    env = _clean_env(JUPYTER_PATH=str(tmp_path / "jupyter"),
                     JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
                     IPYTHONDIR=str(tmp_path / "ipython"))
    workers = ["-n", "2"] if len(notebooks) > 1 else []
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *workers, "--nbmake",
         f"--nbmake-kernel={KERNEL}", "--nbmake-timeout=300", "--rootdir", str(tmp_path),
         *notebooks],
        cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert f"{len(notebooks)} passed" in result.stdout, result.stdout[-2000:]
