"""Every folded solution runs on its own, in a fresh namespace, after only its chapter's setup cell.

A student who opens a solution and runs its code in a new notebook (or after restarting the
kernel) has the chapter's setup cell and nothing else: no variable from the chapter's other cells,
no module that a cell above imported. So each solution must show every value it relies on.

For every notebook of ``_toc.yml`` (the chapters and the assignments), the code of each solution
(the ```` ```python ```` blocks inside a ``:::{admonition} Solution`` with ``:class: dropdown``)
runs in one kernel per chapter: before each solution, ``%reset -f`` empties the namespace and the
chapter's setup cell (its first code cell, tagged ``remove-cell``) runs again. A failure names the
notebook, the exercise and the last line of each error.

The kernels load the open datasets again for every lab solution that needs them, which takes
over a minute: that test is in the slow tier (``make test-slow``), not in ``make test``. The checks of the
extraction itself take milliseconds and stay in ``make test``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, toc_pages

#: A solution: a MyST admonition titled "Solution", up to its closing fence of as many colons.
SOLUTION = re.compile(r"^(?P<fence>:{3,})\{admonition\} Solution[ \t]*\n(?P<body>.*?)^(?P=fence)[ \t]*$",
                      re.MULTILINE | re.DOTALL)
#: A fenced block (backticks or tildes) and its info string, up to a closing fence as long or longer.
FENCED = re.compile(r"^(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)\n(?P<code>.*?)^(?P=fence)[`~]*[ \t]*$",
                    re.MULTILINE | re.DOTALL)
#: The info strings of a block a student is meant to run, and of a block that only shows text.
PYTHON = {"python", "python3", "ipython", "ipython3", "{code-cell}", "{code-cell} python3",
          "{code-cell} ipython3"}
TEXT = {"text", "none"}
#: An exercise's number, from the bold start of its question: "**4. Computational.**".
EXERCISE = re.compile(r"^\*\*(\d+)\.", re.MULTILINE)
#: Inline code that calls something (`typology.tool("2B")`): code to run, so it belongs in a block.
INLINE_CALL = re.compile(r"`[^`\n]*\w\([^`\n]*`")


@dataclass(frozen=True)
class Solution:
    notebook: str      # "book/russia/russian-case.ipynb"
    exercise: str      # "4"
    code: str          # the solution's Python blocks, one after the other


def _notebooks() -> list[str]:
    """Every page of the table of contents that is a notebook, in reading order."""
    return [f"{page}.ipynb" for page in toc_pages() if (ROOT / f"{page}.ipynb").is_file()]


def _source(cell: dict) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def setup_cell(notebook: dict) -> dict:
    """The chapter's setup cell: its first code cell."""
    return next(cell for cell in notebook["cells"] if cell["cell_type"] == "code")


def solutions(path: str, root: Path = ROOT) -> list[Solution]:
    """The folded solutions of the notebook at ``path`` (relative to ``root``), in order.

    A solution's exercise is the last "**N." seen above it, in its own cell or an earlier one.
    Fails on a solution that is not folded, on a block in a solution whose language is neither
    Python nor text, and on inline code that calls something (it could not be run as shown).
    """
    notebook = json.loads((root / path).read_text(encoding="utf-8"))
    found, exercise = [], "?"
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text, position = _source(cell), 0
        for match in SOLUTION.finditer(text):
            numbers = EXERCISE.findall(text, position, match.start())
            exercise, position = (numbers[-1] if numbers else exercise), match.end()
            where = f"{path}, exercise {exercise}"
            body = match["body"]
            assert re.search(r"^:class:[^\n]*\bdropdown\b", body, re.MULTILINE), \
                f"{where}: the solution is not folded (`:class: dropdown`)"
            blocks = []
            for block in FENCED.finditer(body):
                info = block["info"].strip().lower()
                assert info in PYTHON | TEXT, (f"{where}: a block in the solution is marked {info!r}; "
                                               "mark code to run ```python and anything else ```text")
                if info in PYTHON:
                    blocks.append(block["code"])
            prose = FENCED.sub("", body)
            calls = INLINE_CALL.findall(prose)
            assert not calls, (f"{where}: inline code {calls} calls something; put it in a ```python "
                               "block, so that it is shown whole and tested")
            if blocks:
                found.append(Solution(path, exercise, "".join(blocks)))
        numbers = EXERCISE.findall(text, position)
        exercise = numbers[-1] if numbers else exercise
    return found


def test_every_solution_is_folded_and_shows_its_code_in_blocks():
    """The extraction's checks hold for every notebook, and it finds the book's solutions with code."""
    found = {path: solutions(path) for path in _notebooks()}
    assert sum(map(len, found.values())) >= 20
    evidence = {solution.exercise: solution.code for solution in found["book/russia/russian-evidence.ipynb"]}
    assert "curated.unga_68_262_votes()" in evidence["2"]


EXAMPLE = (
    "## Exercises\n\n**1. Computational.** Add.\n\n:::{admonition} Solution\n:class: dropdown\n"
    "```python\nx = 1 + 1\n```\nThat makes `x` two.\n:::\n\n**2. Discussion.** Why?\n",
    "Words.\n\n:::{admonition} Solution\n:class: dropdown\n```text\nnot code\n```\n:::\n"
    "\n**3. Computational.** Print.\n\n::::{admonition} Solution\n:class: dropdown\n"
    "```python\nprint(2)\n```\n:::{note}\ninside\n:::\n```ipython3\nprint(3)\n```\n::::\n",
)


def _solutions_of(cells: tuple[str, ...], tmp_path: Path) -> list[Solution]:
    notebook = {"cells": [{"cell_type": "markdown", "source": text, "metadata": {}} for text in cells]}
    (tmp_path / "n.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    return solutions("n.ipynb", root=tmp_path)


def test_the_extraction_names_each_exercise_and_takes_only_python(tmp_path):
    assert _solutions_of(EXAMPLE, tmp_path) == [Solution("n.ipynb", "1", "x = 1 + 1\n"),
                                                Solution("n.ipynb", "3", "print(2)\nprint(3)\n")]


@pytest.mark.parametrize(("old", "new", "complaint"), [
    (":class: dropdown\n", "", "exercise 1: the solution is not folded"),
    ("```python", "```", "exercise 1: a block in the solution is marked ''"),
    ("makes `x` two", "makes `x` two: check with `print(x)`", r"exercise 1: inline code \['`print\(x\)`'\]"),
])
def test_the_extraction_rejects_a_solution_that_cannot_be_run_as_shown(tmp_path, old, new, complaint):
    with pytest.raises(AssertionError, match=complaint):
        _solutions_of((EXAMPLE[0].replace(old, new, 1),), tmp_path)


def _last_line(output: dict) -> str:
    return f"{output['ename']}: {output['evalue']}".strip().splitlines()[-1]


@pytest.mark.slow
@pytest.mark.slowtier
@pytest.mark.parametrize("path", [path for path in _notebooks()
                                  if "{admonition} Solution" in (ROOT / path).read_text(encoding="utf-8")])
def test_every_solution_runs_after_the_setup_cell_alone(path):
    import nbformat
    from nbclient import NotebookClient

    notebook = json.loads((ROOT / path).read_text(encoding="utf-8"))
    setup = setup_cell(notebook)
    assert "remove-cell" in setup["metadata"].get("tags", []) and "import alliances" in _source(setup), \
        f"{path}: the first code cell is not the setup cell"
    found = solutions(path)
    run = nbformat.v4.new_notebook()
    run.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for solution in found:
        run.cells.append(nbformat.v4.new_code_cell(f"%reset -f\n{_source(setup)}"))
        run.cells.append(nbformat.v4.new_code_cell(solution.code))
    NotebookClient(run, timeout=600, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str((ROOT / path).parent)}}).execute()
    failures = []
    for index, solution in enumerate(found):
        for step, cell in (("the setup cell", run.cells[2 * index]), ("the solution", run.cells[2 * index + 1])):
            errors = [output for output in cell.outputs if output.output_type == "error"]
            failures += [f"{path}, exercise {solution.exercise}: {step} fails with {_last_line(error)}"
                         for error in errors]
    assert not failures, "\n".join(failures)
