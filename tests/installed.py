"""The library as a user installs it: the wheel built from this tree, in an environment of its own.

The environment holds exactly the students' runtime set and the wheel: it is created once per
runtime set (kept in the user's cache, so that its bytecode is compiled once) and synced to that
set and the new wheel at every session.

``conftest.py`` turns this into the session fixture ``installed``. Two test modules use it, on
different pytest-xdist workers: ``test_wheel.py`` runs the notebooks under nbmake with a kernel
of it, and ``test_jupyterlab.py`` runs JupyterLab from it, for the notebooks of
:data:`RUN_IN_JUPYTERLAB`. The first worker to ask builds it, under a file lock; the other waits
and reuses it. So each notebook runs twice per ``make test``: once in the build, and once against
the installed wheel (in JupyterLab or under nbmake, never both).

:func:`clean_env` and :func:`uv` also serve ``test_coursepack.py``, which installs the course pack
as its README says.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = ROOT / "requirements" / "runtime.txt"
#: The kernel of the installed wheel, as nbmake finds it through ``JUPYTER_PATH``.
KERNEL = "alliances-wheel"
#: Notebooks that ``test_jupyterlab.py`` runs in JupyterLab against the installed wheel; nbmake
#: runs every other notebook of the book (``test_wheel.py``).
RUN_IN_JUPYTERLAB = ("book/theory/theory.ipynb", "book/lab/us-allies.ipynb",
                     "book/russia/russian-evidence.ipynb", "book/russia/hegemony.ipynb")
#: Folders of the tree that the wheel does not need (and that can be large).
SKIP = (".git", ".venv", "_build", "book", "instructor", "tests", "coursepack", "binder", ".github",
        ".ci", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis", ".mypy_cache",
        ".ruff_cache", "build", "dist")


@dataclass(frozen=True)
class Installed:
    """The built wheel and the Python of the environment it is installed in."""

    wheel: Path
    python: Path

    def kernel_dir(self, jupyter_path: Path) -> Path:
        """Write the kernel spec :data:`KERNEL` of this environment under ``jupyter_path``."""
        folder = jupyter_path / "kernels" / KERNEL
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "kernel.json").write_text(json.dumps({
            "argv": [str(self.python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "alliances (installed wheel)", "language": "python"}), encoding="utf-8")
        return folder


def run(command: list, **kwargs) -> subprocess.CompletedProcess:
    """Run ``command``; fail with its output if it fails."""
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, command))} failed:\n"
                             f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result


#: What the test run's environment sets that an installed library must not see: this checkout on
#: the path, this virtual environment, a curated-data override, Jupyter's search path, pytest's
#: options.
_NOT_PASSED_ON = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "ALLIANCES_CURATED_DIR",
                  "JUPYTER_PATH", "PYTEST_ADDOPTS")


def clean_env(venv_bin: Path | None = None, **extra: str) -> dict[str, str]:
    """The environment of an installed library: none of :data:`_NOT_PASSED_ON`, ``venv_bin``
    (a virtual environment's ``bin`` folder) first on ``PATH``, the open datasets from the
    offline mirror beside the repository (as ``make test`` sets them), then ``extra``."""
    env = {k: v for k, v in os.environ.items() if k not in _NOT_PASSED_ON}
    if venv_bin is not None:
        env["PATH"] = f"{venv_bin}{os.pathsep}{env.get('PATH', '')}"
    mirror = ROOT.parent / "shared" / "datasets"
    if "ALLIANCES_DATA_DIR" not in env and (mirror / "SOURCES.md").is_file():
        env["ALLIANCES_DATA_DIR"] = str(mirror)
    env.update(extra)
    return env


def uv() -> str:
    """The ``uv`` of the test environment (``requirements/test.txt``)."""
    found = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if not found:
        raise AssertionError("uv is not installed: it comes with requirements/test.txt (`make env`).")
    return found


#: The installed wheel's environment, kept between ``make test`` runs in the user's cache, outside
#: the repository (one for each checkout): created once for each runtime set and Python, and synced
#: to exactly that set and the new wheel at every session (see :func:`environment`).
ENVIRONMENT = (Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "alliances-tests"
               / f"installed-wheel-{hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]}")


def environment(folder: Path = ENVIRONMENT) -> Path:
    """The virtual environment in ``folder``, created afresh when none is there or when it was
    made for another runtime set or Python; return its Python.

    Keeping it saves compiling some 4,800 files to bytecode at every session (about 25 s of CPU
    here); :func:`build` then syncs it to the exact set, so nothing is left over from a run before.
    """
    key = hashlib.sha256(RUNTIME.read_bytes() + sys.version.encode()).hexdigest()
    python = folder / "bin" / "python"
    stamp = folder / ".runtime-key"
    if not (python.exists() and stamp.exists() and stamp.read_text(encoding="utf-8") == key):
        run([uv(), "venv", "--quiet", "--clear", "--python", sys.executable, str(folder)])
        stamp.write_text(key, encoding="utf-8")
    return python


def build(folder: Path, venv: Path = ENVIRONMENT) -> Installed:
    """Build the wheel from a copy of the tree in ``folder`` (the repository gets no build
    folders), and install it, not editable, with the runtime set into the environment ``venv``
    (:func:`environment`), which then holds exactly that set and the library, nothing else."""
    source = folder / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*SKIP))
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "-w", str(folder / "dist"), str(source)])
    wheels = list((folder / "dist").glob("alliances-*.whl"))
    assert len(wheels) == 1, wheels
    wanted = folder / "requirements.txt"
    wanted.write_text(RUNTIME.read_text(encoding="utf-8")
                      + f"\nalliances @ {wheels[0].resolve().as_uri()}\n", encoding="utf-8")
    venv.parent.mkdir(parents=True, exist_ok=True)
    with open(venv.with_suffix(".lock"), "w") as lock:     # one session at a time syncs it
        fcntl.flock(lock, fcntl.LOCK_EX)
        python = environment(venv)
        # Compiled to bytecode as pip does for a student: the kernels, JupyterLab and nbmake's
        # workers then start in about 2 s instead of 5 s (uv leaves it to each process otherwise,
        # and with PYTHONDONTWRITEBYTECODE set each process compiles everything it imports again).
        # `uv pip sync` removes whatever the set does not name; the library is always reinstalled.
        install = [uv(), "pip", "sync", "--quiet", "--compile-bytecode", "--python", str(python),
                   "--reinstall-package", "alliances", str(wanted)]
        offline = subprocess.run([*install, "--offline"], capture_output=True, text=True)
        if offline.returncode != 0:      # a cold cache: fetch what is missing from the registry
            run(install)
    return Installed(wheel=wheels[0], python=python)


def build_once(folder: Path) -> Installed:
    """:func:`build` into ``folder`` unless another process has, under a lock on ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)             # released when the file closes
        done = folder / "installed.json"
        if done.exists():
            paths = json.loads(done.read_text(encoding="utf-8"))
            return Installed(wheel=Path(paths["wheel"]), python=Path(paths["python"]))
        for leftover in folder.iterdir():            # a build that failed half-way
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
        made = build(folder)
        done.write_text(json.dumps({"wheel": str(made.wheel), "python": str(made.python)}),
                        encoding="utf-8")
        return made
