"""Build the students' course pack: dist/asymmetric-alliances-coursepack.zip.

The zip holds everything a student needs to run the book's notebooks on their own
computer, and nothing an instructor keeps back:

* ``README.md``: the student README (from ``coursepack/README.md``);
* ``book/``: every chapter notebook and assignment (``book/**/*.ipynb``, outputs
  cleared), plus the glossary and the bibliography file: the MyST edition, for JupyterLab with
  the runtime set (``jupyterlab-myst``);
* ``portable/``: the portable edition of the same notebooks, as the book's build wrote them
  (``_build/portable/book/``, with their outputs; :mod:`alliances.portable`), for every other
  front-end (VS Code, Colab, Jupyter without ``jupyterlab-myst``). Build the book first;
* ``lib/alliances/``: the book's library, with ``pyproject.toml``, so that
  ``pip install -e .`` works;
* ``data/``: the curated CSV files (the library finds them at
  ``lib/alliances/../../data``, so the layout is kept);
* ``requirements.txt``: the students' pinned runtime set (``requirements/runtime.txt``:
  the library's dependencies, JupyterLab and jupyterlab-myst; no build or test tools),
  ``LICENSE``, ``CITATION.cff``, and ``setup.py`` with ``MANIFEST.in`` (which pack the
  curated data into a wheel, should a student build one).

Nothing under an ``instructor`` folder and no file whose name contains
"solution" is ever packed: :func:`pack_files` refuses such a path. Every entry
sits under one top folder, ``asymmetric-alliances-coursepack/``, with a fixed
timestamp, so that building twice from the same sources gives the same bytes.

Next to it, :func:`build_instructor` writes ``dist/asymmetric-alliances-instructor.zip``
for the instructor alone (keep it off the learning-management system):

* ``assignments/``: the otter master notebooks, the single source of each assignment;
* ``solutions/``: the solution notebooks (what ``otter assign`` makes of the masters);
* ``autograder/<name>-autograder.zip``: otter's autograder, ready to upload to Gradescope;
* ``rubrics/``: the marking rubric of every hand-marked question;
* ``practice/``: practice variants of each chapter's exercises, with keys (``tools/practice.py``);
* ``lms-grades-template.csv``: the gradebook file that ``make grade`` fills in, in the format
  Canvas imports directly and Moodle imports by mapping its columns;
* ``discussion-notes.md`` and ``reading-guide-notes.md``: notes on every discussion question and
  answer notes for the reading guide to the article (``tools/instructor_notes.py`` writes them);
* ``README.md``: what is where (from ``instructor/README.md``).

Building the autograders needs otter-grader (the test environment has it).

Run ``python tools/coursepack.py`` (or ``make coursepack``) for both zips; ``--student-only``
skips the instructor zip; ``--output`` and ``--instructor-output`` pick other destinations.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACK_NAME = "asymmetric-alliances-coursepack"
DEFAULT_OUTPUT = ROOT / "dist" / f"{PACK_NAME}.zip"
INSTRUCTOR_PACK = "asymmetric-alliances-instructor"
DEFAULT_INSTRUCTOR_OUTPUT = ROOT / "dist" / f"{INSTRUCTOR_PACK}.zip"
README_TEMPLATE = Path("coursepack") / "README.md"
#: The portable copies the book's build writes (``make book``), packed under ``portable/``.
PORTABLE_BUILD = Path("_build") / "portable" / "book"

#: Files copied from the repository's top level, unchanged.
TOP_LEVEL = ("pyproject.toml", "setup.py", "MANIFEST.in", "LICENSE", "CITATION.cff")
#: The students' pinned environment: the runtime set, packed under the name ``requirements.txt``.
RUNTIME_SET = Path("requirements") / "runtime.txt"
#: Extra files from book/ besides the notebooks.
BOOK_EXTRAS = ("book/glossary.md", "book/references.bib")

_FIXED_TIME = (2020, 1, 1, 0, 0, 0)   # zip timestamps: reproducible archives
_SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".hypothesis"}


_SOLUTION = re.compile(r"(?:^|[-_.])solutions?(?:[-_.]|$)", re.IGNORECASE)


def is_forbidden(path: str) -> bool:
    """True for a path that must never reach students: instructor material and solutions.

    That is any path with a folder called ``instructor``, or a folder or file
    whose name has "solution(s)" as a word (``score-a-case-solution.ipynb``,
    ``solutions/``), but not a word that merely contains it ("resolution").
    """
    parts = Path(path).parts
    return any(part.lower() == "instructor" or _SOLUTION.search(part) for part in parts)


def _wanted(relative: Path, root: Path) -> bool:
    return ((root / relative).is_file()
            and not any(part in _SKIP_PARTS or part.startswith(".") or part.endswith(".egg-info")
                        for part in relative.parts)
            and relative.suffix not in (".pyc", ".pyo"))


def pack_files(root: Path = ROOT, portable: Path | None = None) -> dict[str, Path]:
    """Return the pack's contents: archive path (inside the top folder) → source file.

    ``portable`` is the folder of the portable copies (``_build/portable/book`` of a built
    book), packed under ``portable/``; ``None`` packs the MyST edition alone. Raises
    ``FileNotFoundError`` if a required file is missing and
    ``ValueError`` if instructor material or a solution would be packed.
    """
    root = Path(root)
    files: dict[str, Path] = {"README.md": root / README_TEMPLATE,
                              "requirements.txt": root / RUNTIME_SET}
    for name in TOP_LEVEL + BOOK_EXTRAS:
        files[name] = root / name
    for folder, pattern in (("lib/alliances", "*"), ("data", "*"), ("book", "*.ipynb")):
        for path in sorted((root / folder).rglob(pattern)):
            relative = path.relative_to(root)
            if _wanted(relative, root) and not is_forbidden(relative.as_posix()):
                files[relative.as_posix()] = path
    if portable is not None:
        copies = sorted(Path(portable).rglob("*.ipynb")) if Path(portable).is_dir() else []
        if not copies:
            raise FileNotFoundError(f"course pack: no portable copies in {portable}; build the "
                                    f"book first (make book)")
        for path in copies:
            relative = path.relative_to(portable)
            if not is_forbidden(relative.as_posix()):
                files[f"portable/{relative.as_posix()}"] = path
    missing = [name for name, path in files.items() if not path.is_file()]
    if missing:
        raise FileNotFoundError(f"course pack: missing file(s) {missing} under {root}")
    forbidden = [name for name in files if is_forbidden(name)]
    if forbidden:
        raise ValueError(f"course pack: refusing to pack instructor material {forbidden}")
    if not any(name.startswith("book/") and name.endswith(".ipynb") for name in files):
        raise FileNotFoundError(f"course pack: no notebooks found under {root / 'book'}")
    return dict(sorted(files.items()))


def _clean_notebook(path: Path) -> bytes:
    """The notebook's JSON with every output and execution count removed."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return (json.dumps(notebook, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def _write_zip(output: Path, top: str, files: dict[str, Path]) -> Path:
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, source in files.items():
            # The MyST edition goes without outputs; the portable one keeps its own.
            data = (_clean_notebook(source) if name.endswith(".ipynb")
                    and not name.startswith("portable/") else source.read_bytes())
            info = zipfile.ZipInfo(f"{top}/{name}", date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    tmp.replace(output)
    return output


def build(output: Path = DEFAULT_OUTPUT, root: Path = ROOT) -> Path:
    """Write the course pack zip to ``output`` and return its path.

    Every entry lies under ``asymmetric-alliances-coursepack/``; the MyST notebooks are packed
    with their outputs cleared, the portable copies of the built book (``_build/portable``)
    as the build wrote them. See :func:`pack_files` for what is included.
    """
    return _write_zip(output, PACK_NAME, pack_files(root, Path(root) / PORTABLE_BUILD))


def _grade_tool(root: Path):
    """tools/grade.py of ``root``, imported by path (it needs otter-grader only when called)."""
    name = "grade"
    if name in sys.modules and Path(sys.modules[name].__file__) == root / "tools" / "grade.py":
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, root / "tools" / "grade.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def instructor_files(root: Path = ROOT) -> dict[str, Path]:
    """The instructor pack's files from the repository (all but the autograders, built later)."""
    root = Path(root)
    files = {"README.md": root / "instructor" / "README.md"}
    for folder, pattern in (("assignments", "*"), ("solutions", "*.ipynb"), ("rubrics", "*.md")):
        for path in sorted((root / "instructor" / folder).glob(pattern)):
            if path.is_file() and not path.name.startswith("."):
                files[f"{folder}/{path.name}"] = path
    files["lms-grades-template.csv"] = root / "instructor" / "lms-grades-template.csv"
    for name in ("discussion-notes.md", "reading-guide-notes.md"):   # tools/instructor_notes.py
        files[name] = root / "instructor" / name
    files |= {f"practice/{p.name}": p for p in sorted((root / "instructor" / "practice").glob("*.md"))}
    missing = [name for name, path in files.items() if not path.is_file()]
    if missing:
        raise FileNotFoundError(f"instructor pack: missing file(s) {missing} under {root}")
    return files


def build_instructor(output: Path = DEFAULT_INSTRUCTOR_OUTPUT, root: Path = ROOT,
                     autograders: dict[str, Path] | None = None) -> Path:
    """Write the instructor's zip (solutions, masters, autograders, rubrics) and return its path.

    ``autograders`` maps each assignment to an autograder zip already built; by default they are
    built here with ``otter assign`` (tools/grade.py), which needs otter-grader.
    """
    root = Path(root)
    files = instructor_files(root)
    with tempfile.TemporaryDirectory() as tmp:
        if autograders is None:
            autograders = _grade_tool(root).build_autograders(Path(tmp))
        for name, path in sorted(autograders.items()):
            files[f"autograder/{name}-autograder.zip"] = Path(path)
        return _write_zip(output, INSTRUCTOR_PACK, dict(sorted(files.items())))


def main(argv: list[str] | None = None) -> int:
    """Command line: build the pack and say where it is."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help="where to write the students' zip "
                             f"(default: {DEFAULT_OUTPUT.relative_to(ROOT)})")
    parser.add_argument("--instructor-output", type=Path, default=DEFAULT_INSTRUCTOR_OUTPUT,
                        help="where to write the instructor's zip "
                             f"(default: {DEFAULT_INSTRUCTOR_OUTPUT.relative_to(ROOT)})")
    parser.add_argument("--student-only", action="store_true",
                        help="build only the students' zip (needs no otter-grader)")
    args = parser.parse_args(argv)
    path = build(args.output)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    notebooks = sum(name.endswith(".ipynb") for name in names)
    print(f"Wrote {path} ({path.stat().st_size / 1024:.0f} KiB): {len(names)} files, "
          f"{notebooks} notebooks, no instructor material.")
    if not args.student_only:
        path = build_instructor(args.instructor_output)
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
        print(f"Wrote {path} ({path.stat().st_size / 1024:.0f} KiB): {len(names)} files: "
              "solutions, autograders for Gradescope, rubrics, LMS grades template. "
              "Keep it away from students.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
