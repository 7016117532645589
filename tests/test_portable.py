"""The portable edition (alliances.portable): MyST written back as CommonMark, outputs that any
front-end shows, and the launch links that open it.

The first tests convert small pieces of MyST; the others read the copies the build wrote beside the
site (``_build/portable``) and compare them with the built pages.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from alliances import portable
from alliances.portable import PortableError, Targets, portable_markdown, portable_outputs
from alliances.sphinxext import launch_links

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
SITE_URL = "https://asymmetric-alliances.github.io/asymmetric-alliances/"

TARGETS = Targets(
    site="https://example.org/book/",
    pages={"book/theory/costs": "Costs", "book/theory/theory": "Theory"},
    labels={"notation-key": ("Notation key", "book/theory/theory.html#notation-key")},
    terms={"csto": "book/glossary.html#term-CSTO"},
    citations={"istomin2021": ("Istomin", "2021", "book/bibliography.html#id2"),
               "miller2022": ("Miller and Ruiz", "2022", "book/bibliography.html#id9")},
    objects={"alliances.assess": "book/api/theory.html#alliances.assess"})


def convert(source: str, **evals: str) -> str:
    return portable_markdown(source, name="book/theory/theory.ipynb", docname="book/theory/theory",
                             targets=TARGETS, evals=evals, cell=3)


def test_roles_become_links_and_values():
    text = convert("{cite:t}`istomin2021` and {cite:p}`istomin2021,miller2022` on the "
                   "{term}`CSTO members <CSTO>`: {eval}`said.csto` in {doc}`costs`; see the "
                   "{ref}`notation-key`, {py:func}`~alliances.assess`.", **{"said.csto": "0.739"})
    u = "https://example.org/book/"
    assert text == (f"[Istomin (2021)]({u}book/bibliography.html#id2) and "
                    f"([Istomin, 2021]({u}book/bibliography.html#id2); "
                    f"[Miller and Ruiz, 2022]({u}book/bibliography.html#id9)) on the "
                    f"[CSTO members]({u}book/glossary.html#term-CSTO): 0.739 in "
                    f"[Costs]({u}book/theory/costs.html); see the "
                    f"[Notation key]({u}book/theory/theory.html#notation-key), "
                    f"[`assess()`]({u}book/api/theory.html#alliances.assess).")


def test_a_solution_folds_and_an_admonition_stays_visible():
    text = convert(":::{admonition} Solution\n:class: dropdown\nIt is $b - c = 2$, a "
                   "{term}`CSTO` case.\n:::\n\n:::{admonition} Learning objectives\n:class: tip\n"
                   "1. one\n2. two\n:::")
    assert text.startswith("<details>\n<summary>Solution</summary>\n\nIt is $b - c = 2$, a "
                           "[CSTO](https://example.org/book/book/glossary.html#term-CSTO) case."
                           "\n\n</details>")
    assert text.endswith("> **Learning objectives**\n>\n> 1. one\n> 1. two") or \
        text.endswith("> **Learning objectives**\n>\n> 1. one\n> 2. two")


@pytest.mark.parametrize("source, message", [
    ("Text.\n\nA {abbr}`CSTO (treaty)` here.", "cell 3, line 3: unknown role {abbr}"),
    ("Text.\n\n:::{figure} x.png\n:::", "cell 3, line 3: unknown directive {figure}"),
    ("One.\n\nTwo {eval}`said.nothing`.", "cell 3, line 3: {eval}`said.nothing` has no value"),
    ("A {term}`Nothing` here.", "cell 3, line 1: {term} 'Nothing' is not in the glossary"),
])
def test_an_unknown_construct_names_the_notebook_and_the_line(source, message):
    with pytest.raises(PortableError, match=re.escape(f"book/theory/theory.ipynb: {message}")):
        convert(source)


def test_a_chart_becomes_its_picture_with_its_spec_under_its_own_version():
    import altair as alt

    from alliances.render import vega_html

    chart = alt.Chart(alt.Data(values=[{"x": 1}]), description="One bar").mark_bar().encode(x="x:Q")
    output = {"output_type": "display_data", "metadata": {},
              "data": {"text/html": vega_html(chart.to_dict()), "text/plain": "One bar"}}
    shown = portable_outputs([output], lambda spec, width: ("image/svg+xml", f"<svg w='{width}'/>",
                                                           width))
    assert len(shown) == 1
    data = shown[0]["data"]
    assert data["image/svg+xml"] == "<svg w='688'/>" and data["text/plain"] == "One bar"
    version = alt.VEGALITE_VERSION.lstrip("v").split(".")[0]
    assert set(data) == {f"application/vnd.vegalite.v{version}+json", "image/svg+xml", "text/plain"}
    assert data[portable.vegalite_mime()]["mark"]["type"] == "bar"
    assert shown[0]["metadata"] == {"image/svg+xml": {"width": 688}}


def test_colab_opens_the_portable_branch_and_the_hub_button_needs_a_hub():
    config = SimpleNamespace(
        html_theme_options={"repository_url": "https://github.com/o/book"},
        alliances_portable_branch="portable", alliances_student_branch="student",
        alliances_jupyterhub_url="")
    links = launch_links(config, "book/theory/theory")
    assert links == {"Colab": "https://colab.research.google.com/github/o/book/blob/portable/"
                              "book/theory/theory.ipynb"}
    config.alliances_jupyterhub_url = "https://hub.example.edu/"
    assert launch_links(config, "book/theory/theory")["JupyterHub"] == (
        "https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A//github.com/o/book"
        "&branch=student&urlpath=lab/tree/book/book/theory/theory.ipynb")


# --- the copies the build wrote ---------------------------------------------------------------

def _copies(site: Path) -> dict[str, dict]:
    folder = site.parent / portable.PORTABLE_FOLDER
    copies = {str(p.relative_to(folder).with_suffix("")): json.loads(p.read_text(encoding="utf-8"))
              for p in sorted(folder.rglob("*.ipynb"))}
    sources = {str(p.relative_to(ROOT).with_suffix("")) for p in (ROOT / "book").rglob("*.ipynb")}
    assert set(copies) == sources, "every chapter notebook has one portable copy"
    return copies


@pytest.fixture(scope="module")
def copies(site) -> dict[str, dict]:
    return _copies(site)


def _markdown(notebook: dict) -> list[str]:
    return [cell["source"] for cell in notebook["cells"] if cell["cell_type"] == "markdown"]


#: What MyST leaves on screen when a front-end does not know it: a role or a directive.
MYST_LEFT = re.compile(r"\{[\w:.-]+\}`|^:::|\{admonition\}|\{eval\}|^```\{", re.M)


def test_no_myst_is_left_for_plain_commonmark(copies):
    from markdown_it import MarkdownIt
    from nbconvert.filters.markdown import markdown2html_mistune

    commonmark = MarkdownIt("commonmark")
    for page, notebook in copies.items():
        for source in _markdown(notebook):
            for rendered in (commonmark.render(source), markdown2html_mistune(source)):
                # Code may show MyST on purpose (the getting-started chapter names it).
                prose = re.sub(r"<code>.*?</code>", "", rendered, flags=re.S)
                text = html.unescape(re.sub(r"<[^>]+>", "", prose))
                assert not MYST_LEFT.search(text), f"{page}: MyST left in {text[:300]!r}"


def test_each_eval_value_is_the_one_the_page_shows(site, copies):
    pages_with_evals = 0
    for page in copies:
        source = json.loads((ROOT / f"{page}.ipynb").read_text(encoding="utf-8"))
        used = [m for cell in source["cells"] if cell["cell_type"] == "markdown"
                for m in re.findall(r"\{eval\}`([^`]+)`", "".join(cell["source"]))]
        if not used:
            continue
        pages_with_evals += 1
        values = json.loads((site.parent / portable.EVALS_FOLDER / f"{page}.json").read_text())
        shown = [html.unescape(v) for v in re.findall(
            r'<span class="output text_plain">([^<]*)</span>',
            (site / f"{page}.html").read_text(encoding="utf-8"))]
        assert [values[e] for e in used] == shown, page
        text = "\n".join(_markdown(copies[page]))
        for expression in set(used):
            assert portable._escape(values[expression]) in text
    assert pages_with_evals >= 5


def _anchors(site: Path, page: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', (site / page).read_text(encoding="utf-8")))


def test_every_link_to_the_site_resolves_to_an_existing_anchor(site, copies):
    checked = 0
    anchors: dict[str, set[str]] = {}
    for page, notebook in copies.items():
        for address in re.findall(r"\]\((" + re.escape(SITE_URL) + r"[^)\s]+)\)",
                                  "\n".join(_markdown(notebook))):
            path, _, anchor = address[len(SITE_URL):].partition("#")
            assert (site / path).is_file(), f"{page}: {address} names no page of the site"
            if anchor:
                known = anchors.setdefault(path, _anchors(site, path))
                assert anchor in known, f"{page}: {address} names no anchor of {path}"
            checked += 1
    assert checked > 500


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{3,}", html.unescape(text))


def test_each_details_block_holds_its_solution(site, copies):
    from bs4 import BeautifulSoup
    from nbconvert.filters.markdown import markdown2html_mistune

    checked = 0
    for page, notebook in copies.items():
        built = BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
        solutions = []
        for box in built.select("div.admonition.dropdown"):
            title = box.select_one("p.admonition-title")
            if title is not None and title.get_text() == "Solution":
                title.decompose()
                solutions.append(box.get_text(" "))
        folded = [m for source in _markdown(notebook)
                  for m in re.findall(r"<details>\n<summary>Solution</summary>\n\n(.*?)\n\n</details>",
                                      source, re.S)]
        assert len(folded) == len(solutions), page
        for mine, theirs in zip(folded, solutions):
            rendered = BeautifulSoup(markdown2html_mistune(mine), "html.parser").get_text(" ")
            assert _words(rendered) == _words(theirs), page
            checked += 1
    assert checked >= 50


SITE_FILES = re.compile(r"_static/|_images/|alliances-vega|data-alliances|alliancesChart\(|<script",
                        re.I)


def test_outputs_stand_alone_and_every_chart_has_its_picture(site, copies):
    charts = 0
    for page, notebook in copies.items():
        expected = (site / f"{page}.html").read_text(encoding="utf-8").count('class="alliances-chart"')
        found = 0
        for cell in notebook["cells"]:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                for mime, value in data.items():
                    text = value if isinstance(value, str) else json.dumps(value)
                    assert not (mime.startswith("text/") and SITE_FILES.search(text)), \
                        f"{page}: an output ({mime}) refers to the site's files"
                if portable.vegalite_mime() in data:
                    found += 1
                    assert {"image/svg+xml", "image/png"} & set(data), f"{page}: a chart lacks its picture"
                    assert data["text/plain"].strip(), f"{page}: a chart lacks its description"
        assert found == expected, f"{page}: {found} pictured charts, {expected} on the page"
        charts += found
    assert charts >= 20


def test_each_copy_opens_with_the_book_and_its_page(copies):
    import nbformat

    for page, notebook in copies.items():
        nbformat.validate(nbformat.from_dict(notebook))       # a valid notebook, cell ids and all
        first = notebook["cells"][0]["source"]
        assert first.startswith(f"*{portable.BOOK_TITLE}*"), page
        assert f"]({SITE_URL}{page}.html)" in first, page
        setup = "".join(c["source"] for c in notebook["cells"] if "%pip install" in c["source"])
        commit = notebook["metadata"]["alliances"]["commit"]
        if setup:
            assert f"asymmetric-alliances@{commit}\"" in setup, page


def test_the_page_context_hook_sets_colab_and_adds_a_hub_button_only_for_a_hub():
    from alliances import sphinxext

    def page(hub: str) -> list[dict]:
        config = SimpleNamespace(
            html_theme_options={"repository_url": "https://github.com/o/book"},
            alliances_portable_branch="portable", alliances_student_branch="student",
            alliances_jupyterhub_url=hub)
        context = {"header_buttons": [{"label": "launch-buttons", "buttons": [
            {"text": "Binder", "url": "https://mybinder.org/v2/gh/o/book/main"},
            {"text": "Colab", "url": "https://colab.research.google.com/github/o/book/blob/main/x"}]}]}
        sphinxext._launch_buttons(SimpleNamespace(config=config), "book/lab/un-votes", "page.html",
                                  context, None)
        return context["header_buttons"][0]["buttons"]

    buttons = {b["text"]: b["url"] for b in page("")}
    assert buttons["Colab"].endswith("/blob/portable/book/lab/un-votes.ipynb")
    assert buttons["Binder"] == "https://mybinder.org/v2/gh/o/book/main" and "JupyterHub" not in buttons
    buttons = {b["text"]: b["url"] for b in page("https://hub.example.edu")}
    assert buttons["JupyterHub"].startswith("https://hub.example.edu/hub/user-redirect/git-pull?")
    assert "branch=student" in buttons["JupyterHub"]


def test_the_built_pages_open_colab_on_the_portable_branch_and_name_no_hub(site, copies):
    for page in copies:
        text = (site / f"{page}.html").read_text(encoding="utf-8")
        colab = re.findall(r'href="(https://colab\.research\.google\.com/[^"]+)"', text)
        assert colab == [f"https://colab.research.google.com/github/asymmetric-alliances/"
                         f"asymmetric-alliances/blob/portable/{page}.ipynb"], page
        assert "git-pull" not in text, f"{page}: a JupyterHub button with no hub in _config.yml"


def test_the_student_branch_holds_the_course_pack_and_no_instructor_material(site, tmp_path):
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    import branches
    import coursepack

    pack = coursepack.build(tmp_path / "pack.zip")
    files = branches.student_tree(tmp_path / "student", pack)
    tree = tmp_path / "student"
    assert not (tree / "instructor").exists()
    assert not [f for f in files if coursepack.is_forbidden(f)]
    assert "README.md" in files and "requirements.txt" in files and "lib/alliances/__init__.py" in files
    myst = {f for f in files if f.startswith("book/") and f.endswith(".ipynb")}
    assert "book/theory/theory.ipynb" in myst
    assert {f"portable/{f[len('book/'):]}" for f in myst} <= set(files)
    readme = (tree / "README.md").read_text(encoding="utf-8")
    assert "portable/" in readme
