"""Write the trees of the two branches the deploy workflow publishes besides the site.

* ``portable``: the portable edition (``_build/portable``, written by the book's build;
  :mod:`alliances.portable`), at the paths of the MyST notebooks (``book/theory/theory.ipynb``),
  which is what the chapters' Colab buttons open.
* ``student``: the students' course pack (``tools/coursepack.py``), unpacked at the top: the MyST
  notebooks in ``book/``, the portable copies in ``portable/``, the library, the data, the
  pinned runtime set. No ``instructor/`` folder and no solution: the course pack refuses them,
  and this script checks again. A course's JupyterHub pulls this branch with nbgitpuller (the
  JupyterHub button of each chapter, shown when ``_config.yml`` names a hub).

Each branch is written as one commit with no history (``--commit``), so a force-push replaces
it; the workflow (``.github/workflows/book.yml``) pushes it. Run locally into any folder::

    python tools/branches.py student /tmp/student --pack dist/asymmetric-alliances-coursepack.zip
    python tools/branches.py portable /tmp/portable --commit
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from coursepack import DEFAULT_OUTPUT, PACK_NAME, is_forbidden  # noqa: E402

PORTABLE = ROOT / "_build" / "portable"


def _empty(folder: Path) -> Path:
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise FileExistsError(f"into must be a new or empty folder, got {folder}")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def portable_tree(into: Path, portable: Path = PORTABLE) -> list[str]:
    """Copy the portable copies into ``into`` (new or empty); return the files written."""
    copies = sorted(Path(portable).rglob("*.ipynb"))
    if not copies:
        raise FileNotFoundError(f"no portable copies in {portable}; build the book first (make book)")
    into = _empty(into)
    written = []
    for path in copies:
        relative = path.relative_to(portable).as_posix()
        (into / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, into / relative)
        written.append(relative)
    (into / "README.md").write_text(
        "# Asymmetric Alliances: the portable edition\n\nBuilt by the book's deploy workflow from "
        "the MyST notebooks of the main branch; do not edit here. Each notebook reads the same in "
        "Colab, VS Code, GitHub and any Jupyter.\n", encoding="utf-8")
    return [*written, "README.md"]


def student_tree(into: Path, pack: Path = DEFAULT_OUTPUT) -> list[str]:
    """Unpack the students' course pack at the top of ``into`` (new or empty); return the files.

    Raises ``ValueError`` if the pack holds instructor material or a solution.
    """
    into = _empty(into)
    written = []
    with zipfile.ZipFile(pack) as archive:
        for name in archive.namelist():
            relative = name.split("/", 1)[1] if name.startswith(PACK_NAME + "/") else name
            if is_forbidden(relative):
                raise ValueError(f"the student branch would hold instructor material: {relative}")
            if not relative or name.endswith("/"):
                continue
            (into / relative).parent.mkdir(parents=True, exist_ok=True)
            (into / relative).write_bytes(archive.read(name))
            written.append(relative)
    return sorted(written)


def commit(into: Path, branch: str, message: str) -> None:
    """Make ``into`` a git repository holding one commit on ``branch``, with no history."""
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=into, check=True, capture_output=True)

    git("init", "--quiet", "--initial-branch", branch)
    git("add", "--all")
    git("-c", "user.name=Asymmetric Alliances", "-c", "user.email=book@users.noreply.github.com",
        "commit", "--quiet", "--message", message)


def main(argv: list[str] | None = None) -> int:
    """Command line: write one branch's tree (and commit it with ``--commit``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("branch", choices=("portable", "student"))
    parser.add_argument("into", type=Path, help="a new or empty folder")
    parser.add_argument("--pack", type=Path, default=DEFAULT_OUTPUT,
                        help="the students' course pack (for the student branch)")
    parser.add_argument("--commit", action="store_true",
                        help="make the folder a git repository with one commit on the branch")
    parser.add_argument("--source", default="", help="the commit it is built from (message)")
    args = parser.parse_args(argv)
    files = (portable_tree(args.into) if args.branch == "portable"
             else student_tree(args.into, args.pack))
    if args.commit:
        commit(args.into, args.branch, f"The {args.branch} branch, built from {args.source or 'main'}")
    print(f"Wrote the {args.branch} branch's tree into {args.into}: {len(files)} files.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
