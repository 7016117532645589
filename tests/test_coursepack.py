"""The students' course pack (tools/coursepack.py) and the instructor solutions.

* The pack holds every student notebook, the library, the curated data, the pinned requirements and
  the student README, and nothing from ``instructor/``; building it twice gives the same bytes.
* The instructor solutions run with every check saying *Passed*; the student versions run with every
  check saying *Not done yet*, and both versions have the same tasks.
* The pack works on its own: it is extracted into a temporary folder, the README's setup command is
  run there as written (a fresh virtual environment; ``pip install -r requirements.txt -e .``), and
  every student notebook is executed by that environment's Python with ``pytest --nbmake``.

Why a real install rather than borrowing the book's environment (a ``.pth`` file pointing at the
running interpreter's site-packages): it is what a student does, and it is fast enough here. pip takes
the pinned wheels from its cache (or PyPI, which CI reaches), so the whole test took about a minute
and a half on the 2-core build machine (install ~40 s, 13 notebooks ~50 s), well under the 3-minute
budget at which the ``.pth`` shortcut would have been worth its blind spots (it would not catch a
dependency missing from ``requirements.txt`` or a broken ``pyproject.toml``).
"""

from __future__ import annotations

import hashlib
import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from installed import clean_env, uv

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("coursepack", ROOT / "tools" / "coursepack.py")
coursepack = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(coursepack)

PACK = coursepack.PACK_NAME
ASSIGNMENTS = ("score-a-case", "stress-test-a-claim")
ICONS = ("✔", "✎", "✘")


def _student_notebooks() -> set[str]:
    return {p.relative_to(ROOT).as_posix() for p in (ROOT / "book").rglob("*.ipynb")
            if ".ipynb_checkpoints" not in p.parts and "instructor" not in p.parts}


@pytest.fixture(scope="module")
def pack(tmp_path_factory, site) -> Path:
    # The pack holds the portable copies of the built book (_build/portable).
    return coursepack.build(tmp_path_factory.mktemp("dist") / f"{PACK}.zip")


def test_pack_contents(pack):
    with zipfile.ZipFile(pack) as archive:
        names = archive.namelist()
        inside = {n[len(PACK) + 1:] for n in names}
        assert all(n.startswith(PACK + "/") for n in names)
        # Every student notebook, the assignments among them, and nothing an instructor keeps.
        notebooks = {n for n in inside if n.endswith(".ipynb") and not n.startswith("portable/")}
        assert notebooks == _student_notebooks()
        # Both editions: the portable copy of each, with its outputs.
        portable = {n for n in inside if n.startswith("portable/")}
        assert portable == {f"portable/{n[len('book/'):]}" for n in notebooks}
        ran = json.loads(archive.read(f"{PACK}/portable/theory/theory.ipynb"))
        assert any(cell.get("outputs") for cell in ran["cells"])
        assert {f"book/assignments/{a}.ipynb" for a in ASSIGNMENTS} <= notebooks
        assert not [n for n in inside if "instructor" in n.lower() or "solution" in n.lower()]
        solutions = {p.name for p in (ROOT / "instructor" / "solutions").rglob("*") if p.is_file()}
        assert solutions and not solutions & {Path(n).name for n in inside}
        # The library, its install recipe, the data in the layout the library expects.
        for path in (ROOT / "lib" / "alliances").rglob("*.py"):
            assert path.relative_to(ROOT).as_posix() in inside
        for path in (ROOT / "data").glob("*.csv"):
            assert f"data/{path.name}" in inside
        assert {"pyproject.toml", "requirements.txt", "README.md", "LICENSE",
                "lib/alliances/static/alliances.css"} <= inside
        assert not [n for n in inside if "__pycache__" in n or n.endswith(".pyc") or "egg-info" in n]
        assert archive.read(f"{PACK}/README.md") == (ROOT / "coursepack" / "README.md").read_bytes()
        # The students' environment is the runtime set: no build or test tools.
        runtime = (ROOT / "requirements" / "runtime.txt").read_bytes()
        assert archive.read(f"{PACK}/requirements.txt") == runtime
        assert not any(tool in runtime.decode() for tool in ("sphinx", "playwright", "pytest=="))
        # Notebooks travel without outputs, but with every cell of the source.
        for name in notebooks:
            packed = json.loads(archive.read(f"{PACK}/{name}"))
            source = json.loads((ROOT / name).read_text(encoding="utf-8"))
            assert [c["source"] for c in packed["cells"]] == [c["source"] for c in source["cells"]]
            for cell in packed["cells"]:
                if cell["cell_type"] == "code":
                    assert cell["outputs"] == [] and cell["execution_count"] is None


def test_pack_is_reproducible(pack, tmp_path):
    again = coursepack.build(tmp_path / "again.zip")
    assert hashlib.sha256(again.read_bytes()).hexdigest() == \
        hashlib.sha256(pack.read_bytes()).hexdigest()


def test_pack_files_refuses_instructor_material(tmp_path):
    for name in ("coursepack/README.md", "pyproject.toml", "requirements/runtime.txt", "LICENSE",
                 "setup.py", "MANIFEST.in",
                 "CITATION.cff", "book/glossary.md", "book/references.bib",
                 "lib/alliances/__init__.py", "data/a.csv", "book/ch/ch.ipynb",
                 "book/ch/un-resolution.ipynb", "book/instructor/guide.ipynb",
                 "book/ch/ch-solution.ipynb", "book/solutions/x.ipynb"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    files = coursepack.pack_files(tmp_path)
    assert "book/ch/ch.ipynb" in files and "book/ch/un-resolution.ipynb" in files
    assert not [n for n in files if "instructor" in n or "-solution" in n or "solutions/" in n]
    (tmp_path / "LICENSE").unlink()
    with pytest.raises(FileNotFoundError, match="LICENSE"):
        coursepack.pack_files(tmp_path)
    assert coursepack.is_forbidden("instructor/solutions/score-a-case-solution.ipynb")
    assert not coursepack.is_forbidden("book/assignments/score-a-case.ipynb")


def test_student_readme():
    text = (ROOT / "coursepack" / "README.md").read_text(encoding="utf-8")
    assert "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt -e .\n" \
           ".venv/bin/jupyter lab" in text
    assert "ALLIANCES_DATA_DIR" in text and "3.10" in text and "3.13" in text
    assert "book/assignments/" in text


# ---------------------------------------------------------------------------
# Assignments and instructor solutions
# ---------------------------------------------------------------------------

def _run(path: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return notebook


def _check_outputs(notebook) -> tuple[int, list[str]]:
    """Number of cells that call a check, and the text of every check's feedback."""
    calls, feedback = 0, []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        if re.match(r"^checks\.check_\w+\(", cell.source):
            calls += 1
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", output
            text = output.get("data", {}).get("text/plain", "") or output.get("text", "")
            if text.startswith(ICONS):
                feedback.append(text)
    return calls, feedback


def _assert_every_check_says(notebook: dict, status: str) -> None:
    calls, feedback = _check_outputs(notebook)
    assert calls >= 5 and len(feedback) == calls
    for text in feedback:
        assert re.match(rf"^. Task \d \([^)]*\): {status}: ", text), text


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_instructor_solution_passes_every_check(name):
    _assert_every_check_says(_run(ROOT / "instructor" / "solutions" / f"{name}-solution.ipynb"),
                             "Passed")


@pytest.mark.html
@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_student_assignment_runs_with_blanks_unfilled(name, site):
    """The build ran the student notebook as published: each check's feedback, shown on the
    page, says "not done yet" (the notebook is not run again here)."""
    notebook = nbformat.read(ROOT / "book" / "assignments" / f"{name}.ipynb", as_version=4)
    calls = sum(1 for cell in notebook.cells
                if cell.cell_type == "code" and re.match(r"^checks\.check_\w+\(", cell.source))
    text = html.unescape(re.sub(r"<[^>]+>", "", (site / "book" / "assignments" / f"{name}.html")
                                .read_text(encoding="utf-8")))
    feedback = re.findall(r"[✔✎✘] Task \d \([^)]*\): ([A-Z][a-z]+(?: [a-z]+)*):", text)
    assert calls >= 5 and feedback == ["Not done yet"] * calls, feedback


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_solution_and_student_versions_match(name):
    """Both come from one otter master (tests/test_grading.py checks they are its output): the
    solution has the same cells plus the model answers, and the student's blanks instead of the
    solution code."""
    student = nbformat.read(ROOT / "book" / "assignments" / f"{name}.ipynb", as_version=4)
    solution = nbformat.read(ROOT / "instructor" / "solutions" / f"{name}-solution.ipynb",
                             as_version=4)
    solution_cells = [c for c in solution.cells if not c.source.startswith("*Model answer:*")]
    assert len(solution.cells) > len(solution_cells)
    assert len(student.cells) == len(solution_cells)
    for mine, theirs in zip(student.cells, solution_cells):
        assert mine.cell_type == theirs.cell_type and mine.get("id") == theirs.get("id")
        if "otter_answer_cell" in mine.metadata.get("tags", []):
            if mine.cell_type == "code":   # the blank is the solution's prompt, not its answer
                assert mine.source in theirs.source and mine.source != theirs.source
        else:
            assert mine.source == theirs.source
    for notebook in (student, solution):
        assert notebook.metadata["kernelspec"]["name"] == "python3"
        assert sum(c.source.startswith("# ") for c in notebook.cells
                   if c.cell_type == "markdown") == 1
        assert "remove-cell" in notebook.cells[[c.cell_type for c in notebook.cells].index("code")
                                               ].metadata.get("tags", [])
        for cell in notebook.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None


def solution_strings() -> set[str]:
    """Distinctive strings of the solutions: model answers, solution code, test code.

    A solution line that also stands in the library (which students have) is left out: it
    gives nothing away that the pack does not already hold.
    """
    library = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "lib").rglob("*.py"))
    strings = {"*Model answer:*", "# BEGIN SOLUTION", "@test_case", "def test_"}
    for path in (ROOT / "instructor" / "solutions").glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown" and cell.source.startswith("*Model answer:*"):
                strings.add(cell.source[len("*Model answer:* "):][:60])
            inside = False
            for line in cell.source.splitlines() if cell.cell_type == "code" else []:
                if line.startswith("# BEGIN SOLUTION"):
                    inside = True
                elif line.startswith("# END SOLUTION"):
                    inside = False
                elif inside and len(line.strip()) >= 30 and line.strip() not in library:
                    strings.add(line.strip()[:80])
    return strings


def test_student_pack_has_no_solution_and_no_hidden_test(pack):
    strings = solution_strings()
    assert len(strings) >= 40
    assert 'ally = "Tajikistan"' in strings or any("Tajikistan" in s for s in strings)
    with zipfile.ZipFile(pack) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8", errors="replace")
            leaked = [s for s in strings if s in text]
            assert not leaked, f"{name} holds solution text: {leaked[:3]}"
            if name.endswith(".ipynb"):
                for cell in json.loads(text)["cells"]:
                    tags = cell.get("metadata", {}).get("tags", [])
                    assert "otter_assign_solution_cell" not in tags, name


def test_binder_opens_only_the_student_tree(tmp_path):
    """Run binder/postBuild on a copy of the repository, with a stand-in for pip."""
    copy = tmp_path / "repo"
    for folder in ("book", "instructor", "tests", "tools", "binder", "lib", "data"):
        shutil.copytree(ROOT / folder, copy / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", ".*"))
    (copy / ".git").mkdir()
    (copy / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "python").write_text("#!/bin/sh\necho \"$@\" >> \"$HOME/pip-calls\"\n")
    (fake / "python").chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": f"{fake}{os.pathsep}/usr/bin{os.pathsep}/bin", "HOME": str(home)}
    done = subprocess.run(["bash", str(copy / "binder" / "postBuild")], cwd=copy, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert (home / "pip-calls").read_text() == "-m pip install --no-cache-dir --no-deps -e .\n"
    assert not [p for p in ("instructor", "tests", ".git") if (copy / p).exists()]
    strings = solution_strings()
    for path in copy.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not [s for s in strings if s in text], path
    # Every page a launch button opens is still there, and JupyterLab opens on the book.
    for page in (ROOT / "book").rglob("*.ipynb"):
        assert (copy / page.relative_to(ROOT)).is_file()
    config = (home / ".jupyter" / "jupyter_server_config.py").read_text()
    assert 'c.ServerApp.default_url = "/lab/tree/book"' in config


# ---------------------------------------------------------------------------
# The pack on its own
# ---------------------------------------------------------------------------

def _readme_setup_command() -> str:
    text = (ROOT / "coursepack" / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", text, re.DOTALL).group(1)
    return block.splitlines()[0]


PROBE = """\
import sys, pathlib, alliances
from alliances import russia
from alliances import curated
here = pathlib.Path.cwd().resolve()
assert pathlib.Path(sys.prefix).resolve() == here / ".venv", sys.prefix
assert pathlib.Path(alliances.__file__).resolve().is_relative_to(here / "lib"), alliances.__file__
assert curated.curated_dir().resolve() == here / "data", curated.curated_dir()
"""


def test_pack_installs_and_runs_in_a_fresh_environment(pack, tmp_path):
    """The README's two commands give a working environment: the runtime set plus the library.

    The install is the README's (a fresh virtual environment, ``-r requirements.txt -e .``),
    done by uv from its cache so that the test takes seconds; the notebooks themselves are run
    from an installed wheel by tests/test_wheel.py, so here one probe notebook checks that the
    pack's library and data are the ones in use.
    """
    started = time.monotonic()
    with zipfile.ZipFile(pack) as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / PACK
    assert not (folder / "instructor").exists()
    assert not list(folder.rglob("*solution*"))

    command = _readme_setup_command()
    assert command == "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt -e ."
    env = clean_env(folder / ".venv" / "bin", PIP_DISABLE_PIP_VERSION_CHECK="1")
    subprocess.run([uv(), "venv", "--quiet", "--python", sys.executable, ".venv"], cwd=folder,
                   env=env, check=True, capture_output=True)
    install = [uv(), "pip", "install", "--quiet", "--python", ".venv/bin/python",
               "-r", "requirements.txt", "-e", "."]
    done = subprocess.run([*install, "--offline"], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=900)
    if done.returncode != 0:     # a cold cache: fetch what is missing from the registry
        done = subprocess.run(install, cwd=folder, env=env, capture_output=True, text=True,
                              timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    installed = time.monotonic()
    assert not (folder / ".venv" / "bin" / "pytest").exists()     # no test tools for students

    nbformat.write(nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(PROBE)],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}}), folder / "probe.ipynb")
    done = subprocess.run([str(folder / ".venv" / "bin" / "jupyter"), "nbconvert", "--execute",
                           "--to", "notebook", "--output", "probe-run.ipynb", "probe.ipynb"],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    print(f"course pack: install {installed - started:.0f} s, "
          f"probe {time.monotonic() - installed:.0f} s")
