"""The portable edition: each executed chapter as a notebook that any front-end shows right.

The chapters are MyST notebooks: JupyterLab with ``jupyterlab-myst`` renders their citations,
glossary terms, computed numbers (``{eval}``) and folded solutions, and the book's site draws their
charts with its own Vega files. Colab, VS Code, GitHub's preview and a Jupyter without
``jupyterlab-myst`` know none of that. The book's build (:mod:`alliances.sphinxext`) therefore
writes, beside the site, a portable copy of each executed notebook (``_build/portable/<page>.ipynb``):

- **Markdown** is parsed with markdown-it-py and its MyST plugins (:func:`myst_parser`) and
  written back as CommonMark with a little HTML by mdformat (:func:`portable_markdown`): a
  citation becomes "Istomin (2021)" linked to the bibliography on the published site, a term, a
  page (``{doc}``), a label (``{ref}``) or a library object (``{py:...}``) a link to its anchor
  there, each ``{eval}`` the value the build computed (:data:`EVALS_FOLDER`), an admonition a
  quoted block with its title in bold, and a solution (an admonition titled "Solution" or with the
  class ``dropdown``) a ``<details>`` block that folds. A role or directive it does not know
  stops the build with :class:`PortableError`, naming the notebook, the cell and the line.
- **Outputs** (:func:`portable_outputs`): a chart becomes its picture (a PNG, which JupyterLab
  shows even in a notebook it does not trust, unlike an SVG) with its description as text, and its spec under its own Vega-Lite version's MIME type
  (which a front-end that lacks that version skips for the picture); the explorer becomes its
  picture, its verdict and one line on running the cell; an HTML table keeps no script.
- The copy opens with a cell naming the book and linking to the chapter's page, and its setup
  cell installs the library at the commit the copy was built from.

The MyST notebooks stay the source: the copies are build outputs, published on a branch of their
own by the deploy workflow (which Colab's links open) and packed in the course pack.
"""

from __future__ import annotations

import copy
import html
import json
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

#: The folder of the build (beside ``html/``) that holds the portable copies.
PORTABLE_FOLDER = "portable"
#: The folder of the build that holds each notebook's ``{eval}`` values: ``evals/<page>.json``,
#: a JSON object from each expression, as the chapter writes it, to the text the built page shows.
#: :mod:`alliances.sphinxext` writes it; this module and the tests read it.
EVALS_FOLDER = "evals"
#: The book's name, as the header of every portable copy gives it.
BOOK_TITLE = "Asymmetric Alliances"
#: The line under the explorer's picture in a portable copy.
EXPLORER_NOTE = ("This is the explorer's picture at its starting values: run this cell in "
                 "Jupyter (with the book's library installed) to move its sliders.")
#: The admonitions written as visible blocks, with the title each gets when it has none.
ADMONITIONS = {"admonition": "", "note": "Note", "tip": "Tip", "hint": "Hint",
               "important": "Important", "warning": "Warning", "caution": "Caution",
               "attention": "Attention", "seealso": "See also"}


class PortableError(ValueError):
    """A MyST construct that the portable edition cannot write, with where it stands."""


@dataclass(frozen=True)
class Targets:
    """Where the roles of the chapters point on the published site, and the computed values.

    Every address is relative to ``site`` (the published site's address, ending in ``/``):
    ``pages`` maps a page (``book/theory/costs``) to its title; ``labels`` a ``{ref}`` label to
    its title and address (``book/theory/theory.html#notation-key``); ``terms`` a glossary term
    (lower case) to its address; ``citations`` a bibliography key to its authors (as cited), year
    and address; ``objects`` a library object's full name to its address.
    """

    site: str
    pages: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    terms: Mapping[str, str] = field(default_factory=dict)
    citations: Mapping[str, tuple[str, str, str]] = field(default_factory=dict)
    objects: Mapping[str, str] = field(default_factory=dict)

    def url(self, address: str) -> str:
        """The published address of ``address`` (relative to the site)."""
        return self.site + address


def myst_parser() -> Any:
    """A markdown-it parser that reads the MyST the chapters use: roles, colon fences, maths,
    targets, comments, definition lists and tables."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.amsmath import amsmath_plugin
    from mdit_py_plugins.colon_fence import colon_fence_plugin
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.myst_blocks import myst_block_plugin
    from mdit_py_plugins.myst_role import myst_role_plugin

    return (MarkdownIt("commonmark").enable("table").use(myst_role_plugin).use(myst_block_plugin)
            .use(colon_fence_plugin).use(dollarmath_plugin).use(amsmath_plugin).use(deflist_plugin))


def _escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|$])", r"\\\1", text)


def _link(text: str, url: str, code: bool = False) -> str:
    shown = f"`{text}`" if code else _escape(text)
    return f"[{shown}]({url})"


def _split_target(content: str) -> tuple[str | None, str]:
    """A role's text and target: ``text <target>`` or ``target`` alone."""
    found = re.fullmatch(r"(.*?)\s*<([^<>]+)>", content.strip(), re.S)
    if found and found.group(1):
        return found.group(1), found.group(2).strip()
    return None, content.strip()


def cited_authors(names: list[str]) -> str:
    """The authors of a work as an author-year citation names them: one, two, or the first
    with "et al."."""
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


@dataclass
class _Page:
    """One notebook being converted: where it is, what it links to, what it computed."""

    name: str                       # the notebook, as the error messages name it
    docname: str                    # its page (book/theory/theory)
    targets: Targets
    evals: Mapping[str, str]
    cell: int = 0
    offset: int = 0                 # the line of the cell at which the text being read starts

    def fail(self, line: int | None, what: str) -> PortableError:
        where = f"cell {self.cell}" + (f", line {self.offset + line + 1}" if line is not None else "")
        return PortableError(f"{self.name}: {where}: {what}")

    def role(self, name: str, content: str, line: int | None) -> str:
        targets = self.targets
        if name == "eval":
            if content not in self.evals:
                raise self.fail(line, f"{{eval}}`{content}` has no value computed by the build")
            return _escape(self.evals[content])
        if name in ("cite:p", "cite:t", "cite"):
            cited = []
            keys = [k.strip() for k in content.split(",")]
            for key in keys:
                if key not in targets.citations:
                    raise self.fail(line, f"{{{name}}} cites {key!r}, which the bibliography lacks")
            # In the order the site lists them: by authors, then year.
            for authors, year, address in sorted(targets.citations[key] for key in keys):
                shown = f"{authors} ({year})" if name == "cite:t" else f"{authors}, {year}"
                cited.append(_link(shown, targets.url(address)))
            return "; ".join(cited) if name == "cite:t" else "(" + "; ".join(cited) + ")"
        text, target = _split_target(content)
        if name == "term":
            if target.lower() not in targets.terms:
                raise self.fail(line, f"{{term}} {target!r} is not in the glossary")
            return _link(text or target, targets.url(targets.terms[target.lower()]))
        if name == "doc":
            page = (target.lstrip("/") if target.startswith("/")
                    else posixpath.normpath(posixpath.join(posixpath.dirname(self.docname), target)))
            if page not in targets.pages:
                raise self.fail(line, f"{{doc}} {target!r} names no page of the book")
            return _link(text or targets.pages[page], targets.url(page + ".html"))
        if name == "ref":
            if target.lower() not in targets.labels:
                raise self.fail(line, f"{{ref}} {target!r} names no label of the book")
            title, address = targets.labels[target.lower()]
            return _link(text or title, targets.url(address))
        if name.startswith("py:"):
            full = target.lstrip("~")
            found = targets.objects.get(full) or next(
                (a for n, a in targets.objects.items() if n.endswith("." + full)), None)
            if found is None:
                raise self.fail(line, f"{{{name}}} {target!r} names no documented object")
            shown = text or (full.rsplit(".", 1)[-1] if target.startswith("~") else full)
            if name in ("py:func", "py:meth") and not text:
                shown += "()"
            return _link(shown, targets.url(found), code=True)
        raise self.fail(line, f"unknown role {{{name}}}")


def _line(node: Any) -> int | None:
    while node is not None:
        if getattr(node, "map", None):
            return int(node.map[0])
        node = node.parent
    return None


def _directive(page: _Page, node: Any) -> str:
    """A ``:::{name}`` (or fenced) directive as a visible block or a folded solution."""
    found = re.fullmatch(r"\{([\w:-]+)\}\s*(.*)", node.info.strip())
    assert found is not None
    name, title = found.group(1), found.group(2).strip()
    line = _line(node) or 0
    if name not in ADMONITIONS:
        raise page.fail(line, f"unknown directive {{{name}}}")
    lines = node.content.splitlines()
    options: dict[str, str] = {}
    while lines and re.match(r"^:[\w-]+:", lines[0]):
        key, _, value = lines.pop(0)[1:].partition(":")
        options[key] = value.strip()
    unknown = set(options) - {"class", "name"}
    if unknown:
        raise page.fail(line, f"unknown option {sorted(unknown)} of {{{name}}}")
    title = title or ADMONITIONS[name]
    inner = _Page(page.name, page.docname, page.targets, page.evals, page.cell,
                  page.offset + line + 1 + len(options))
    body = _convert(inner, "\n".join(lines)).strip()
    if title.lower() == "solution" or "dropdown" in options.get("class", "").split():
        return f"<details>\n<summary>{html.escape(title)}</summary>\n\n{body}\n\n</details>"
    quoted = f"**{_escape(title)}**\n\n{body}" if title else body
    return "\n".join(("> " + row).rstrip() for row in quoted.splitlines())


def _renderers(page: _Page) -> dict[str, Callable[[Any, Any], str]]:
    def role(node: Any, context: Any) -> str:
        return page.role(node.meta["name"], node.content, _line(node))

    def fence(node: Any, context: Any) -> str:
        if node.info.strip().startswith("{"):
            return _directive(page, node)
        from mdformat.renderer import DEFAULT_RENDERERS
        return DEFAULT_RENDERERS["fence"](node, context)

    def math_block(node: Any, context: Any) -> str:
        return f"$$\n{node.content.strip()}\n$$"

    def table(node: Any, context: Any) -> str:
        rows = []
        for part in node.children:                      # thead, tbody
            for row in part.children:
                rows.append([cell.children[0].render(context) if cell.children else ""
                             for cell in row.children])
                if part.type == "thead":
                    rows.append(["---"] * len(row.children))
        return "\n".join("| " + " | ".join(cells) + " |" for cells in rows)

    def definitions(node: Any, context: Any) -> str:
        # A definition list (MyST's deflist, not CommonMark) becomes a list of bold terms.
        items, term = [], ""
        for child in node.children:
            if child.type == "dt":
                term = "".join(part.render(context) for part in child.children)
            else:
                body = "\n\n".join(part.render(context) for part in child.children)
                items.append("- " + f"**{term}**: {body}".replace("\n", "\n  "))
        return "\n".join(items)

    return {
        "myst_role": role,
        "dl": definitions,
        "colon_fence": lambda node, context: _directive(page, node),
        "fence": fence,
        "math_inline": lambda node, context: f"${node.content}$",
        "math_block": math_block,
        "math_block_label": math_block,
        "amsmath": lambda node, context: node.content.strip(),
        "myst_target": lambda node, context: "",
        "myst_line_comment": lambda node, context: "",
        "myst_block_break": lambda node, context: "",
        "table": table,
    }


def _convert(page: _Page, source: str) -> str:
    from mdformat.renderer import MDRenderer

    extension = SimpleNamespace(RENDERERS=_renderers(page), POSTPROCESSORS={})
    parser = myst_parser()
    env: dict[str, Any] = {}
    tokens = parser.parse(source, env)
    options = {**parser.options, "parser_extension": [extension],
               "mdformat": {"wrap": "keep", "number": True}}
    try:
        return MDRenderer().render(tokens, options, env)
    except KeyError as error:   # a token type with no renderer: a MyST construct not handled here
        raise page.fail(None, f"no portable form for {error.args[0]!r}") from None


def portable_markdown(source: str, *, name: str, docname: str, targets: Targets,
                      evals: Mapping[str, str] | None = None, cell: int = 0) -> str:
    """Write a MyST Markdown cell's ``source`` as CommonMark with a little HTML.

    ``name`` names the notebook in errors and ``cell`` the cell's index; ``docname`` is the
    page the cell belongs to (``{doc}`` targets are relative to it); ``targets`` says where
    the roles point and ``evals`` gives each ``{eval}`` expression's value. Raises
    :class:`PortableError` for a role or directive it does not know, naming the notebook, the cell
    and the line.
    """
    page = _Page(name, docname, targets, evals or {}, cell)
    return _convert(page, source).rstrip("\n")


_SPEC = re.compile(r'<script type="application/json" id="([^"]+)-spec">(.*?)</script>', re.S)
_WIDTH = re.compile(r'data-preview-width="(\d+)"')
_VERDICT = re.compile(r'<strong class="alliances-verdict-label">(.*?)</strong>\s*'
                      r'<span class="alliances-verdict-numbers">(.*?)</span>', re.S)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.S | re.I)

#: A picture of a chart's spec (JSON text) at a width: its MIME type, its data (SVG text, or
#: base64 PNG) and the width at which to show it, in CSS pixels.
Picture = Callable[[str, int], tuple[str, str, int]]


def vegalite_mime() -> str:
    """The MIME type of the Vega-Lite version altair writes (``application/vnd.vegalite.v6+json``
    for altair 6), under which a portable copy keeps each chart's spec."""
    import altair as alt

    return f"application/vnd.vegalite.v{alt.VEGALITE_VERSION.lstrip('v').split('.')[0]}+json"


def portable_outputs(outputs: list[dict[str, Any]], picture: Picture) -> list[dict[str, Any]]:
    """A code cell's outputs, as any front-end shows them (see the module's note)."""
    kept = []
    for output in outputs:
        data = output.get("data", {})
        page = data.get("text/html")
        if isinstance(page, list):
            page = "".join(page)
        if not page:
            kept.append(output)
            continue
        spec = _SPEC.search(page)
        if spec is None or 'class="alliances-chart"' not in page:
            clean = dict(output, data={**data, "text/html": _SCRIPT.sub("", page)})
            kept.append(clean)
            continue
        width = _WIDTH.search(page)
        mime, drawing, shown_width = picture(html.unescape(spec.group(2).replace("<\\/", "</")),
                                int(width.group(1)) if width else 688)
        text = data.get("text/plain", "A chart")
        text = "".join(text) if isinstance(text, list) else text
        spec_json = json.loads(spec.group(2).replace("<\\/", "</"))
        kept.append({"output_type": "display_data", "metadata": {mime: {"width": shown_width}},
                     "data": {vegalite_mime(): spec_json, mime: drawing, "text/plain": text}})
        if "alliances-explorer" in page:
            verdict = _VERDICT.search(page)
            line = (f"<p><strong>{verdict.group(1)}</strong> {verdict.group(2)}</p>"
                    if verdict else "")
            shown = re.sub(r"<[^>]+>", "", html.unescape(line.replace("</strong> ", ": ")))
            kept.append({"output_type": "display_data", "metadata": {},
                         "data": {"text/html": f"{line}<p><em>{html.escape(EXPLORER_NOTE)}</em></p>",
                                  "text/plain": f"{shown}\n{EXPLORER_NOTE}".strip()}})
    return kept


def portable_notebook(notebook: Mapping[str, Any], *, name: str, docname: str, title: str,
                      targets: Targets, evals: Mapping[str, str], picture: Picture,
                      repository: str, commit: str) -> dict[str, Any]:
    """The portable copy of an executed MyST notebook (a dict in nbformat 4).

    ``title`` is the chapter's title; ``repository`` the library's repository address, whose
    installation in the setup cell is pinned to ``commit``. Markdown goes through
    :func:`portable_markdown`, outputs through :func:`portable_outputs`.
    """
    copied: dict[str, Any] = copy.deepcopy(dict(notebook))
    page_url = targets.url(docname + ".html")
    header = (f"*{BOOK_TITLE}*, the portable edition: this notebook reads the same in any "
              f"Jupyter front-end. The chapter's web page is [{_escape(title)}]({page_url}).")
    cells = [{"cell_type": "markdown", "id": "portable-edition", "metadata": {}, "source": header}]
    for index, cell in enumerate(copied["cells"]):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            cell["source"] = portable_markdown(source, name=name, docname=docname, targets=targets,
                                               evals=evals, cell=index)
            cell.pop("attachments", None) if not cell.get("attachments") else None
        elif cell["cell_type"] == "code":
            cell["source"] = source.replace(f"git+{repository}\"", f"git+{repository}@{commit}\"")
            cell["outputs"] = portable_outputs(cell.get("outputs", []), picture)
        cells.append(cell)
    copied["cells"] = cells
    metadata = copied.setdefault("metadata", {})
    for key in ("mystnb", "widgets"):
        metadata.pop(key, None)
    metadata["alliances"] = {"edition": "portable", "page": page_url, "commit": commit}
    return copied
