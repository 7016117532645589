"""How long each chapter is to read: the words of the rendered text of its markdown.

A chapter's *body* is what a student reads on the page: the text of its markdown cells as MyST renders
it, headings, lists, tables and callouts included. Left out are

* the code (code cells, fenced code blocks and code directives) and every output;
* the folded solutions (an ``admonition`` or ``dropdown`` whose title starts with "Solution" and that
  is folded, ``:class: dropdown``): a student opens them after trying the exercise;
* markdown cells tagged ``remove-cell``, comments (``% ...``), targets (``(label)=``), math blocks and
  raw HTML.

Every other dropdown counts, so prose cannot be folded away to meet the cap. The roles count as they
render: ``{term}`an ally <ally>``` as "an ally", ``{cite:p}`a,b``` as two words per key (author and
year), ``{eval}`expr``` and inline math as one word, a ``{doc}``/``{ref}`` link without its own text
as two (the page's title is not known here).

Use: ``python tools/wordcount.py`` prints the words of every page of ``_toc.yml`` in reading order;
``--max 3000`` exits with status 1 when a chapter is longer. The functions are importable
(``tests/test_wordcount.py``; the course plans reuse :func:`book_words` for reading loads):
:func:`markdown_words`, :func:`notebook_words`, :func:`page_words`, :func:`book_words`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.myst_blocks import myst_block_plugin
from mdit_py_plugins.myst_role import myst_role_plugin

from bookfiles import ROOT, toc_pages  # tools/ is on sys.path: run as a script, or tests/conftest.py

#: Directives whose body is code, math or machinery, not prose: none of it is counted.
LITERAL_DIRECTIVES = frozenset({
    "code", "code-block", "sourcecode", "code-cell", "literalinclude", "math", "raw", "toctree",
    "bibliography", "glue", "glue:any", "glue:figure", "glue:math", "glue:text", "image", "include",
    "csv-table", "mermaid", "autofunction", "autoclass", "automodule", "eval-rst",
})
#: Roles whose text is not their content: how many words each renders as.
CITE_WORDS_PER_KEY = 2
LINK_WORDS = 2
_WORD = re.compile(r"[\w\u00C0-\uFFFF][\w\u00C0-\uFFFF'’.\-–/%]*")
_EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
_OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")


def _parser() -> MarkdownIt:
    return (MarkdownIt("commonmark").enable("table").use(front_matter_plugin).use(myst_block_plugin)
            .use(myst_role_plugin).use(colon_fence_plugin).use(dollarmath_plugin)
            .use(deflist_plugin))


_MD = _parser()


def words(text: str) -> int:
    """The number of words in plain ``text`` (a number, "b−c" or "2020–2026" is one word)."""
    return len(_WORD.findall(text))


def _role_words(name: str, content: str) -> int:
    explicit = _EXPLICIT.match(content)
    if name.startswith("cite"):
        return CITE_WORDS_PER_KEY * len([k for k in content.split(",") if k.strip()])
    if name in {"eval", "math"}:
        return 1
    if explicit and explicit.group("text"):
        return words(explicit.group("text"))
    if name in {"doc", "ref", "numref", "any", "download"}:
        return LINK_WORDS
    return words(content)


def _inline_words(tokens: Iterable[Token]) -> int:
    total = 0
    for token in tokens:
        if token.type in {"text", "code_inline"}:
            total += words(token.content)
        elif token.type == "myst_role":
            total += _role_words(token.meta.get("name", ""), token.content)
        elif token.type == "math_inline":
            total += 1
    return total


def _split_directive(body: str) -> tuple[dict[str, str], str]:
    """A directive's ``:key: value`` options (or YAML ``---`` block) and the markdown that follows."""
    lines = body.splitlines()
    options: dict[str, str] = {}
    if lines and lines[0].strip() == "---":
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)
        for line in lines[1:end]:
            key, _, value = line.partition(":")
            options[key.strip()] = value.strip()
        return options, "\n".join(lines[end + 1:])
    i = 0
    while i < len(lines) and (match := _OPTION.match(lines[i].strip())):
        options[match.group("key")] = match.group("value")
        i += 1
    return options, "\n".join(lines[i:])


def is_folded_solution(name: str, title: str, options: dict[str, str]) -> bool:
    """Whether a directive is a folded solution: an admonition (or dropdown) titled "Solution..."
    and folded (``:class: dropdown``; a ``dropdown`` directive is always folded)."""
    folded = name == "dropdown" or "dropdown" in options.get("class", "").split()
    return folded and title.strip().lower().startswith("solution")


def _directive_words(token: Token) -> int:
    info = token.info.strip()
    if not info.startswith("{"):
        return 0                               # a plain fence: code
    name, _, title = info[1:].partition("}")
    name, title = name.strip(), title.strip()
    if name in LITERAL_DIRECTIVES:
        return 0
    options, body = _split_directive(token.content)
    if is_folded_solution(name, title, options):
        return 0
    return words(title) + markdown_words(body)


def markdown_words(text: str) -> int:
    """The words of MyST markdown ``text`` as it renders, without code or folded solutions."""
    total = 0
    for token in _MD.parse(text):
        if token.type == "inline":
            total += _inline_words(token.children or [])
        elif token.type in {"fence", "colon_fence"}:
            total += _directive_words(token)
    return total


def _is_removed(cell: dict) -> bool:
    return "remove-cell" in cell.get("metadata", {}).get("tags", [])


def _markdown_cells(path: Path) -> list[str]:
    """The text of a notebook's markdown cells that the page shows."""
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    return ["".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for cell in notebook["cells"]
            if cell["cell_type"] == "markdown" and not _is_removed(cell)]


def notebook_words(path: Path) -> int:
    """The words of a notebook's body: its markdown cells as they render (see the module's notes)."""
    return sum(markdown_words(text) for text in _markdown_cells(path))


def page_blocks(page: str, root: Path = ROOT) -> list[str]:
    """The markdown of a page as the book shows it: a notebook's shown markdown cells, or a file."""
    base = Path(root) / page
    if base.with_suffix(".ipynb").is_file():
        return _markdown_cells(base.with_suffix(".ipynb"))
    if base.with_suffix(".md").is_file():
        return [base.with_suffix(".md").read_text(encoding="utf-8")]
    raise ValueError(f"page={page!r} has no .ipynb or .md file under {root}")


def section_words(page: str, root: Path = ROOT) -> dict[str, int]:
    """``{heading: words}`` for each ``##`` section of a page, its subsections included, in order;
    the text before the first ``##`` heading (the title and the opening) is under ``""``. The counts
    add up to :func:`page_words`: each cell is cut at its headings and counted as it renders."""
    sections: dict[str, int] = {"": 0}
    current = ""
    for text in page_blocks(page, root):
        lines = text.splitlines(keepends=True)
        tokens = _MD.parse(text)
        cuts = [(token.map[0], tokens[i + 1].content.strip()) for i, token in enumerate(tokens)
                if token.type == "heading_open" and token.tag == "h2" and token.level == 0 and token.map]
        start = 0
        for line, heading in cuts:
            sections[current] += markdown_words("".join(lines[start:line]))
            current, start = heading, line
            sections[current] = sections.get(current, 0)
        sections[current] += markdown_words("".join(lines[start:]))
    return sections


def page_words(page: str, root: Path = ROOT) -> int:
    """The words of one page of the book, named as in ``_toc.yml`` (``book/theory/costs``): its
    notebook, else its markdown file. A clear error when neither exists."""
    return sum(markdown_words(text) for text in page_blocks(page, root))


def book_words(root: Path = ROOT, pages: Iterable[str] | None = None) -> dict[str, int]:
    """``{page: words}`` for ``pages`` (default: every page of ``root/_toc.yml``, in reading order)."""
    return {page: page_words(page, root) for page in (toc_pages(root) if pages is None else pages)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=None,
                        help="exit with status 1 if a notebook page has more words than this")
    parser.add_argument("--json", action="store_true", help="print {page: words} as JSON")
    args = parser.parse_args(argv)
    counts = book_words()
    if args.json:
        print(json.dumps(counts, indent=1))
    else:
        for page, n in counts.items():
            print(f"{n:6d}  {page}")
    over = {p: n for p, n in counts.items()
            if args.max is not None and n > args.max and (ROOT / p).with_suffix(".ipynb").is_file()}
    for page, n in over.items():
        print(f"over {args.max}: {page} ({n} words)", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
