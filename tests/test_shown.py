"""Only what has been shown (issue 29): no notebook uses a library name or construct before it is shown.

``tools/shown.py`` reads the notebooks with ``ast`` (no kernel), so these tests take about a second.
The first test checks the book; the others check the tool on tiny notebooks.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import shown  # tools/, put on sys.path by conftest.py

ROOT = Path(__file__).resolve().parents[1]


def markdown(text: str, *tags: str) -> dict[str, object]:
    return {"cell_type": "markdown", "metadata": {"tags": list(tags)}, "source": text}


def code(text: str, *tags: str) -> dict[str, object]:
    return {"cell_type": "code", "metadata": {"tags": list(tags)}, "source": text, "outputs": [],
            "execution_count": None}


def notebook(*cells: dict[str, object]) -> dict[str, object]:
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def violations(*notebooks: dict[str, object]) -> list[tuple[str, int, str]]:
    """The violations in ``notebooks``, the package's own name ``alliances`` taken as shown."""
    reports = shown.analyse([(f"nb{i}", nb) for i, nb in enumerate(notebooks)], shown={"alliances"})
    return [(v.notebook, v.cell, v.label) for report in reports for v in report.violations]


def labels(source: str) -> list[str]:
    return [use.label for use in shown.uses_in(source, shown.library_index())]


# --- the book -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def book() -> list[shown.NotebookReport]:
    return shown.analyse_book(ROOT)


def test_every_chapter_shows_a_name_or_construct_before_using_it(book: list[shown.NotebookReport]) -> None:
    reports = book
    order = [r.notebook for r in reports]
    assert order[0] == "book/start/getting-started"      # the reading order of _toc.yml
    assert order.index("book/theory/theory") < order.index("book/theory/benefits") < order.index(
        "book/lab/un-votes") < order.index("book/assignments/score-a-case")
    found = [str(v) for report in reports for v in report.violations]
    assert not found, (f"{len(found)} use(s) before the name or construct is shown; name it in the "
                       "markdown just before its first use:\n" + "\n".join(found))


def test_the_book_counts_the_names_a_student_meets(book: list[shown.NotebookReport]) -> None:
    reports = book
    met = shown.names_met(reports)
    assert "alliances.value.Scenario" in met and met["alliances.charts.tables.table"] == "charts.table"
    assert 80 < len(met) < 200
    assert shown.format_report(reports, summary=True).startswith(
        f"Library names a student meets: {len(met)} ")


@pytest.mark.parametrize("track", ["ug", "ma"])
def test_each_track_s_starter_and_solution_code_use_only_what_was_shown(track: str) -> None:
    """Issue 32: a student of one track reads the chapters, then that track's assignments in order.
    Each assignment's student notebook (the starter code) and its solution notebook (the code a full
    answer needs) may use only what those pages, or the assignment's own scaffold, showed before.
    Named is not enough for what the answer needs: every name and construct of the solution's code
    must also appear in code the student has seen run (a chapter, or the scaffold's worked examples)."""
    import grade  # tools/, like shown

    paths = shown.book_notebooks(ROOT)
    names = [str(p.relative_to(ROOT).with_suffix("")) for p in paths]
    first = next(i for i, name in enumerate(names) if name.startswith("book/assignments/"))
    chapters = [(name, json.loads(path.read_text(encoding="utf-8")))
                for name, path in zip(names[:first], paths[:first])]
    mine = [name for name in grade.ASSIGNMENTS if grade.track_of(name) == track]
    assert len(mine) == 2
    def student(name: str) -> tuple[str, dict[str, object]]:
        return f"book/assignments/{name}", json.loads((ROOT / "book" / "assignments" / f"{name}.ipynb")
                                                       .read_text(encoding="utf-8"))

    def scaffold(name: str) -> tuple[str, dict[str, object]]:
        label, notebook = student(name)
        cells = [c for c in notebook["cells"] if "otter_answer_cell" not in c["metadata"].get("tags", [])]
        return f"{label} (scaffold)", {**notebook, "cells": cells}

    found = []
    for index, name in enumerate(mine):
        before = [student(n) for n in mine[:index]]
        solution = json.loads((ROOT / "instructor" / "solutions" / f"{name}-solution.ipynb").read_text(encoding="utf-8"))
        for label, notebook in (student(name), (f"{name}-solution", solution)):
            reports = shown.analyse([*chapters, *before, (label, notebook)])
            assert reports[-1].names, label          # the notebook's code was read
            found += [str(v) for v in reports[-1].violations]
        reports = shown.analyse([*chapters, *map(scaffold, mine[:index + 1]), (name, solution)])
        ran = {key for report in reports[:-1] for key in report.keys.values()}
        found += [f"{name}-solution: {label} is in no code the student saw run before"
                  for label, key in reports[-1].keys.items() if key not in ran]
    assert not found, "used before shown (name it and show it in the scaffold):\n" + "\n".join(found)


# --- the rule, on tiny notebooks ------------------------------------------------------------------

def test_a_name_used_before_it_is_named_is_a_violation() -> None:
    nb = notebook(markdown("Let us start."), code("from alliances import Scenario\nScenario()"))
    assert violations(nb) == [("nb0", 1, "Scenario")]


def test_a_name_named_in_the_preceding_markdown_is_shown() -> None:
    nb = notebook(markdown("A `Scenario` holds every input of the formula."),
                  code("from alliances import Scenario\nScenario()"))
    assert violations(nb) == []


def test_markdown_after_the_use_does_not_show_it() -> None:
    nb = notebook(markdown("Start."), code("from alliances import assess\nassess(3, 1, 1)"),
                  markdown("`assess` applies the formula."), code("assess(4, 1, 1)"))
    assert violations(nb) == [("nb0", 1, "assess")]


def test_a_module_and_its_function_are_named_separately() -> None:
    nb = notebook(markdown("The `charts` module draws the book's charts."),
                  code("from alliances import charts\ncharts.break_even()"))
    assert violations(nb) == [("nb0", 1, "charts.break_even")]


@pytest.mark.parametrize(("source", "construct", "phrase"), [
    ("[x * 2 for x in range(3)]", "comprehension", "a list comprehension"),
    ("sum(x for x in range(3))", "comprehension", "a generator comprehension"),
    ("sorted([3, 1], key=lambda x: -x)", "lambda", "a `lambda` is a small function"),
    ("dict(**{'a': 1})", "** unpacking", "`**` unpacks a dictionary"),
    ("d = {**{'a': 1}, 'b': 2}", "** unpacking", "unpacking"),
    ("df[df['x'] == 1]", "boolean mask", "a boolean mask"),
    ("df.loc[(df['x'] > 1) & ~df['y'], 'z']", "boolean mask", "a mask"),
    ("df.groupby('x').mean()", "groupby", "`groupby`"),
    ("df.pivot_table(index='x', values='y')", "pivot_table", "a pivot table"),
    ("try:\n    pass\nexcept ValueError:\n    pass", "try", "a `try` statement"),
])
def test_each_construct_is_found_and_shown_by_its_phrase(source: str, construct: str, phrase: str) -> None:
    assert construct in labels(source)
    assert violations(notebook(markdown("Next."), code(source))) == [("nb0", 1, construct)]
    assert violations(notebook(markdown(f"Here {phrase} helps."), code(source))) == []


def test_plain_subscripts_are_no_mask() -> None:
    assert labels("df[['x', 'y']]\ndf['x']\ndf.loc[2, 'x']") == []
    assert labels("high = df['x'] > 1\ndf[high]") == ["boolean mask"]


def test_a_hidden_cell_is_not_counted_but_its_imports_are() -> None:
    setup = "try:\n    import alliances\nexcept ImportError:\n    %pip install alliances\n    import alliances"
    nb = notebook(markdown("Setup."), code(setup, "remove-cell"),
                  markdown("Hidden work."), code("[alliances.COMPLIANCE_RATE for _ in 'ab']", "remove-input"),
                  markdown("The `COMPLIANCE_RATE` of the `alliances` library is the default probability."),
                  code("alliances.COMPLIANCE_RATE"))
    reports = shown.analyse([("nb", nb)])
    assert reports[0].violations == []
    assert reports[0].names == {"alliances": 5, "COMPLIANCE_RATE": 5} and reports[0].constructs == {}


def test_a_later_notebook_inherits_what_an_earlier_one_showed() -> None:
    first = notebook(markdown("A `Scenario` holds the inputs; `with_params` changes some."),
                     code("from alliances import Scenario\ns = Scenario(alternative=1)\ns.with_params(a=2)"))
    second = notebook(markdown("Again."),
                      code("from alliances import Scenario, assess\nScenario().with_params(a=1)\nassess(1, 2, 3)"))
    assert violations(first, second) == [("nb1", 1, "assess")]


def test_a_solution_in_markdown_counts_at_its_place() -> None:
    solution = ("**1.** Sort the numbers.\n\n:::{admonition} Solution\n:class: dropdown\n"
                "```python\nsorted([3, 1], key=lambda x: -x)\n```\n:::\n")
    reports = shown.analyse([("nb", notebook(markdown("Intro."), code("1 + 1"), markdown(solution)))])
    assert [(v.cell, v.label, v.solution) for v in reports[0].violations] == [(2, "lambda", True)]
    assert str(reports[0].violations[0]) == "nb, a solution in cell 2: lambda"
    named = solution.replace("Sort the numbers.", "Sort the numbers with a `lambda`.")
    assert violations(notebook(markdown(named))) == []


def test_names_reached_through_type_hints_and_re_exports() -> None:
    library = shown.library_index()
    assert library.modules["alliances.cases"]["get_preset"].type == "alliances.value.Scenario"
    source = ("from alliances import cases\nimport alliances.value as value\nfrom alliances import assess\n"
              "case = cases.get_preset('US–Japan')\ncase.with_params(a=1).assess().verdict\n"
              "value.assess(1, 2, 3)\nassess(1, 2, 3)")
    uses = shown.uses_in(source, library)
    assert [u.label for u in uses] == ["alliances", "cases", "value", "assess", "cases.get_preset",
                                       "Scenario.with_params", "Scenario.assess", "Assessment.verdict"]
    assert [u.key for u in uses if u.label == "assess"] == ["alliances.value.assess"]


def test_bad_input_is_named() -> None:
    with pytest.raises(ValueError, match=r"nb, cell 0 is not valid Python"):
        shown.analyse([("nb", notebook(code("def (")))])
    with pytest.raises(ValueError, match=r"lib='.*tests' is not a package folder"):
        shown.library_index(ROOT / "tests")


def test_the_command_prints_a_report_per_notebook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n  - file: a\n  - file: b\n")
    (tmp_path / "intro.md").write_text("# Intro\n")
    (tmp_path / "lib").symlink_to(ROOT / "lib")
    (tmp_path / "a.ipynb").write_text(json.dumps(notebook(
        markdown("`assess` of `alliances` applies the formula."),
        code("from alliances import assess\nassess(3, 1, 1)"))))
    (tmp_path / "b.ipynb").write_text(json.dumps(notebook(
        markdown("Now."), code("from alliances import charts\ncharts.break_even()"))))
    assert shown.main(["--root", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "a\n  names: alliances, assess\n" in out
    assert "b\n  names: alliances, charts, charts.break_even\n" in out
    assert "used before shown: charts (cell 1)" in out and "1 violation" not in out
    assert out.rstrip().endswith("2 violation(s) in 2 notebooks")
    assert shown.main(["--root", str(tmp_path), "--summary"]) == 1
    assert capsys.readouterr().out.startswith("Library names a student meets: 4 (4 in the chapters)")
