"""Practice variants of the chapters' exercises, for instructors, with keys the library computes.

Each teaching chapter has a file of variant specs, ``instructor/practice/<chapter>.yml``: variants of
the chapter's own exercises with other numbers, countries or thresholds. This tool runs each variant's
model solution with the book's library and writes the chapter's sheet,
``instructor/practice/<chapter>.md``: the prompt, the solution code and the answer key, every number
of which comes from that run. Nothing in a sheet is typed by hand but the prompts and the notes.

A spec file holds the chapter's page (``chapter: book/theory/theory``) and a list of ``variants``,
each with:

* ``id`` and ``exercise``: the variant's name and the number of the chapter's exercise it varies;
* ``params``: the numbers, countries or thresholds that this variant changes;
* ``prompt``: the task as a student reads it;
* ``solution`` (for a computational variant): Python code that uses only what the chapter and the
  pages before it show (``tests/test_practice.py`` checks this with ``tools/shown.py``), and that
  assigns each name of ``key``;
* ``key``: the names whose values make the answer key;
* ``note``: the model answer in words, or the marking note of a conceptual variant.

``{{name}}`` in a prompt, a solution or a note stands for a parameter (in a solution, written as a
Python literal, a YAML list as a tuple; ``{{name!r}}`` writes it so in a prompt too); in a note it may also stand for a key, so a note quotes computed numbers too.

Run ``python tools/practice.py`` to write every sheet (the open datasets are read as the book reads
them: set ``ALLIANCES_DATA_DIR`` to work offline), ``python tools/practice.py theory costs`` for
some, and ``--check`` to compare the committed sheets with a fresh run (exit status 1 if they differ).
The sheets go into the instructor's zip (``tools/coursepack.py``), never onto the site or into the
students' zip.
"""

from __future__ import annotations

import argparse
import html
import json
import math
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import yaml

from bookfiles import toc_pages  # tools/ is on sys.path: run as a script, or tests/conftest.py

ROOT = Path(__file__).resolve().parents[1]
PRACTICE = ROOT / "instructor" / "practice"
#: The teaching chapters, by the name of their sheet, in reading order.
CHAPTERS: dict[str, str] = {
    "theory": "book/theory/theory",
    "benefits": "book/theory/benefits",
    "costs": "book/theory/costs",
    "alternatives": "book/theory/alternatives",
    "hegemony": "book/russia/hegemony",
    "russian-case": "book/russia/russian-case",
    "russian-evidence": "book/russia/russian-evidence",
    "after-the-article": "book/russia/after-the-article",
    "scorecard": "book/russia/scorecard",
    "conclusion": "book/russia/conclusion",
    "un-votes": "book/lab/un-votes",
    "defence-pledges": "book/lab/defence-pledges",
    "asymmetry": "book/lab/asymmetry",
    "us-allies": "book/lab/us-allies",
}
#: The first line of every sheet: what it is, and who may see it.
BANNER = "Practice variants for instructors"
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)(!r)?\s*\}\}")


@dataclass(frozen=True)
class Variant:
    """One variant of a chapter's exercise, as its spec file declares it."""

    id: str
    exercise: int
    prompt: str
    params: Mapping[str, object] = field(default_factory=dict)
    solution: str = ""
    key: tuple[str, ...] = ()
    note: str = ""

    @property
    def computational(self) -> bool:
        return bool(self.solution)

    def code(self) -> str:
        """The solution with its parameters written in as Python literals."""
        return fill(self.solution, self.params, literal=True, where=f"variant {self.id}'s solution")


def fill(text: str, values: Mapping[str, object], literal: bool = False, where: str = "the text") -> str:
    """``text`` with each ``{{name}}`` replaced by ``values[name]`` (``repr`` when ``literal``).

    An unknown name raises ``KeyError`` naming ``where`` and the names it may use.
    """
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"{where}: {{{{{name}}}}} is no parameter or key; use one of {sorted(values)}")
        value = values[name]
        return _literal(value) if literal or match.group(2) else show(value)
    return _PLACEHOLDER.sub(replace, text)


def _literal(value: object) -> str:
    """``value`` as Python code, in the book's style: strings in double quotes, a YAML list as a
    tuple (the library's ranges and thresholds are tuples)."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        items = [_literal(item) for item in value]
        return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_literal(name)}: {_literal(item)}" for name, item in value.items()) + "}"
    return repr(value)


def spec_path(chapter: str, folder: Path = PRACTICE) -> Path:
    return Path(folder) / f"{chapter}.yml"


def sheet_path(chapter: str, folder: Path = PRACTICE) -> Path:
    return Path(folder) / f"{chapter}.md"


def _check_chapter(chapter: str) -> str:
    if chapter not in CHAPTERS:
        raise ValueError(f"chapter {chapter!r} is not a teaching chapter; choose from {list(CHAPTERS)}")
    return chapter


def load(chapter: str, folder: Path = PRACTICE) -> list[Variant]:
    """The variants declared in ``chapter``'s spec file, checked for their fields."""
    path = spec_path(_check_chapter(chapter), folder)
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    if spec.get("chapter") != CHAPTERS[chapter]:
        raise ValueError(f"{path}: 'chapter' should be {CHAPTERS[chapter]!r}, not {spec.get('chapter')!r}")
    variants = []
    for raw in spec.get("variants") or []:
        unknown = set(raw) - {"id", "exercise", "prompt", "params", "solution", "key", "note"}
        if unknown:
            raise ValueError(f"{path}: variant {raw.get('id')!r} has unknown field(s) {sorted(unknown)}")
        variant = Variant(id=raw["id"], exercise=int(raw["exercise"]), prompt=raw["prompt"].strip(),
                          params=dict(raw.get("params") or {}), solution=(raw.get("solution") or "").strip(),
                          key=tuple(raw.get("key") or ()), note=(raw.get("note") or "").strip())
        if variant.computational != bool(variant.key):
            raise ValueError(f"{path}: variant {variant.id!r} needs both a solution and a key, or neither")
        if not variant.computational and not variant.note:
            raise ValueError(f"{path}: variant {variant.id!r} has no solution, so it needs a note")
        variants.append(variant)
    ids = [v.id for v in variants]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: variant ids repeat: {ids}")
    return variants


def solve(variant: Variant) -> dict[str, object]:
    """Run ``variant``'s solution in a fresh namespace and return its key: name -> value."""
    if not variant.computational:
        return {}
    namespace: dict[str, object] = {"__name__": f"practice_{variant.id.replace('-', '_')}"}
    exec(compile(variant.code(), f"<practice variant {variant.id}>", "exec"), namespace)
    missing = [name for name in variant.key if name not in namespace]
    if missing:
        raise KeyError(f"variant {variant.id}: the solution assigns no {missing}")
    return {name: namespace[name] for name in variant.key}


def show(value: object) -> str:
    """A value as the sheet prints it: verdicts by name, numbers to at most three decimals."""
    import pandas as pd

    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) or type(value).__module__ == "numpy":
        number = float(value)  # type: ignore[arg-type]
        if math.isnan(number):
            return "none"
        text = f"{number:.3f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    if isinstance(value, pd.Series):
        value = value.to_frame()
    if isinstance(value, pd.DataFrame):
        shown = value.map(show) if hasattr(value, "map") else value.applymap(show)
        return "\n\n" + shown.to_markdown(index=not pd.api.types.is_integer_dtype(value.index)) + "\n"
    if isinstance(value, Mapping):
        return ", ".join(f"{show(name)}: {show(item)}" for name, item in value.items()) or "none"
    if isinstance(value, (set, frozenset)):
        return ", ".join(sorted(show(item) for item in value)) or "none"
    if isinstance(value, (list, tuple)):
        return ", ".join(show(item) for item in value) or "none"
    return str(value)


def render(chapter: str, variants: Sequence[Variant], keys: Mapping[str, Mapping[str, object]]) -> str:
    """The chapter's sheet as Markdown: each variant's prompt, solution, key and note."""
    lines = [f"# {BANNER}: {chapter}", "",
             f"Variants of the exercises of `{CHAPTERS[chapter]}.ipynb`, for practice or a quiz of your own. "
             "Instructor material: never post a sheet with its keys. `tools/practice.py` writes this sheet "
             f"from `instructor/practice/{chapter}.yml` and computes every value of a key with the book's "
             "library; edit the spec file, not the sheet.", ""]
    for variant in variants:
        values = {**variant.params, **keys.get(variant.id, {})}
        kind = "computed key" if variant.computational else "model-answer note"
        lines += [f"## {variant.id} (a variant of exercise {variant.exercise}; {kind})", "",
                  fill(variant.prompt, variant.params, where=f"variant {variant.id}'s prompt"), ""]
        if variant.computational:
            lines += ["**Solution**", "", "```python", variant.code(), "```", "", "**Key**", ""]
            for name in variant.key:
                lines.append(f"- `{name}`: {show(keys[variant.id][name])}")
            lines.append("")
        if variant.note:
            lines += ["**Note**" if variant.computational else "**Model answer**", "",
                      fill(variant.note, values, where=f"variant {variant.id}'s note"), ""]
    return "\n".join(lines).rstrip() + "\n"


def sheet(chapter: str, folder: Path = PRACTICE) -> str:
    """``chapter``'s sheet, computed afresh from its spec file."""
    variants = load(chapter, folder)
    return render(chapter, variants, {v.id: solve(v) for v in variants})


def write(chapters: Iterable[str] = CHAPTERS, folder: Path = PRACTICE) -> list[Path]:
    """Write the sheets of ``chapters`` and return their paths."""
    written = []
    for chapter in chapters:
        path = sheet_path(chapter, folder)
        path.write_text(sheet(chapter, folder), encoding="utf-8")
        written.append(path)
    return written


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def own_runs(root: Path = ROOT) -> set[str]:
    """The runs of plain words (40 characters or more, between code, maths, emphasis and the ends of
    sentences) of the sheets' prompts and notes that no notebook of the book holds: text that exists
    only in a sheet."""
    book = _plain(" ".join("".join(cell["source"]) for page in toc_pages(root)
                           if (root / f"{page}.ipynb").is_file()
                           for cell in json.loads((root / f"{page}.ipynb").read_text(encoding="utf-8"))["cells"]))
    runs = set()
    for chapter in CHAPTERS:
        for line in sheet_path(chapter, root / "instructor" / "practice").read_text(encoding="utf-8").splitlines():
            if not line.startswith(("#", "|", "- `")):
                parts = re.split(r"[`$*\\{}()]|(?<=[.?!:;])\s", line)   # markup, or a sentence's end
                runs |= {_plain(part) for part in parts if len(_plain(part)) >= 40}
    return {run for run in runs if run not in book}


def published(site: Path, root: Path = ROOT) -> list[str]:
    """The sheets' own runs of words (:func:`own_runs`) that a page of the built ``site`` shows,
    read without tags and maths delimiters: a leak of the sheets onto the site."""
    pages = _plain(" ".join(html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))
                            for path in Path(site).rglob("*.html")))
    pages = _plain(re.sub(r"\\[()\[\]]", " ", pages))
    return sorted([run for run in own_runs(root) if run in pages] + [BANNER] * (BANNER in pages))


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the sheets, or (``--check``) compare the committed ones with a fresh run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*", metavar="CHAPTER",
                        help=f"the sheets to write (default: all): {', '.join(CHAPTERS)}")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit with status 1 if a committed sheet differs from a fresh run")
    args = parser.parse_args(argv)
    chapters = [_check_chapter(name) for name in args.chapters] or list(CHAPTERS)
    if args.check:
        stale = [c for c in chapters if not sheet_path(c).is_file()
                 or sheet_path(c).read_text(encoding="utf-8") != sheet(c)]
        print(f"Out of date: {', '.join(stale)}; run python tools/practice.py {' '.join(stale)}"
              if stale else f"{len(chapters)} sheet(s) up to date.")
        return 1 if stale else 0
    for path in write(chapters):
        print(f"Wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
