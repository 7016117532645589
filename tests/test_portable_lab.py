"""The slow tier's JupyterLab checks of issue 36, in the runtime set installed from the wheel.

* The portable edition (``_build/portable``, :mod:`alliances.portable`) in a JupyterLab whose
  ``jupyterlab-myst`` is turned off by configuration, as a front-end that knows no MyST: the
  computed values are in the text, the links point at anchors of the built site, solutions fold
  and open with their maths typeset, every chart shows its picture, and no MyST is left.
* The formula explorer survives a reopened notebook: move a slider, save, stop the kernel,
  reopen, and the explorer's place shows the moved verdict and chart, with no widget error (the
  wheel ships JupyterLab's setting that saves the widgets' state in the notebook).

Both need the built book (``make book``) and run in ``make test-slow``. Screenshots go to
``_build/screenshots/portable-*.png``.
"""

from __future__ import annotations

import json
import re
import shutil

import nbformat
import pytest

from conftest import start_lab
from test_jupyterlab import RUN_ALL, Notebook

pytestmark = [pytest.mark.browser, pytest.mark.slowtier]

SITE_URL = "https://asymmetric-alliances.github.io/asymmetric-alliances/"
#: The portable pages opened: the UN votes lab, After the article, the theory (maths in its
#: solutions) and the costs chapter (maths in a solution too).
PAGES = ("lab/un-votes", "russia/after-the-article", "theory/theory", "theory/costs")


@pytest.fixture(scope="module")
def plain_lab(tmp_path_factory, installed, site):
    """JupyterLab from the installed wheel's environment, with jupyterlab-myst disabled, over
    a copy of the portable edition."""
    folder = tmp_path_factory.mktemp("plain-lab")
    shutil.copytree(site.parent / "portable" / "book", folder / "portable")
    with start_lab(folder, installed, disabled=("jupyterlab-myst",)) as server:
        yield server


# What the rendered notebook shows: the Markdown cells' text and links, the solutions, the charts.
RENDERED = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const markdown = [...panel.node.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown')];
  const details = [...panel.node.querySelectorAll('.jp-RenderedMarkdown details')];
  const pictures = [...panel.node.querySelectorAll('.jp-OutputArea-output')]
    .filter(n => n.querySelector('.jp-RenderedImage img'))
    .map(n => n.querySelector('.jp-RenderedImage img').getBoundingClientRect().width);
  return {
    text: markdown.map(n => n.textContent).join('\\n'),
    links: markdown.flatMap(n => [...n.querySelectorAll('a[href]')].map(a => a.href)),
    details: details.map(d => ({open: d.open, summary: d.querySelector('summary').innerText})),
    pictures,
    myst: !!document.querySelector('.myst'),
  };
}"""


def _anchors(site, path: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', (site / path).read_text(encoding="utf-8")))


@pytest.mark.parametrize("page", PAGES)
def test_a_portable_copy_reads_right_without_jupyterlab_myst(browser, plain_lab, site, page,
                                                             screenshots):
    copy = json.loads((site.parent / "portable" / "book" / f"{page}.ipynb").read_text())
    notebook = Notebook(browser, plain_lab, f"portable/{page}.ipynb")
    try:
        view = notebook.page
        cells = sum(cell["cell_type"] == "markdown" for cell in copy["cells"])
        view.wait_for_function(
            """cells => { const done = [...document.querySelectorAll('.jp-RenderedMarkdown')]
                 .filter(n => n.textContent.trim().length > 0);
               return done.length >= cells; }""", arg=cells, timeout=60_000)
        view.wait_for_timeout(1500)                       # MathJax typesets after rendering
        shown = view.evaluate(RENDERED)
        assert not shown["myst"], "jupyterlab-myst is not disabled"
        text = shown["text"]
        assert not re.search(r"\{[\w:.-]+\}`|^:::|\{admonition\}", text, re.M), text[:500]
        # The values the build computed, where the chapter quotes them.
        values = json.loads((site.parent / "evals" / "book" / f"{page}.json").read_text())
        for value in values.values():
            assert value in text, f"{page}: {value!r} is not in the text"
        # Links: to existing anchors of the built site.
        ours = [link for link in shown["links"] if link.startswith(SITE_URL)]
        assert ours, page
        for link in ours:
            path, _, anchor = link[len(SITE_URL):].partition("#")
            assert (site / path).is_file() and (not anchor or anchor in _anchors(site, path)), link
        # Solutions: folded, and they open with their text and maths.
        solutions = [d for d in shown["details"] if d["summary"] == "Solution"]
        folded = sum(cell["source"].count("<summary>Solution</summary>")
                     for cell in copy["cells"] if cell["cell_type"] == "markdown")
        assert len(solutions) == folded > 0 and not any(d["open"] for d in solutions)
        # The first solution with maths in it, if any, else the first.
        bodies = [body for cell in copy["cells"] if cell["cell_type"] == "markdown"
                  for body in cell["source"].split("<summary>Solution</summary>")[1:]]
        index = next((i for i, body in enumerate(bodies)
                      if "$" in body.split("</details>")[0]), 0)
        first = view.locator(".jp-RenderedMarkdown details",
                             has=view.locator("summary", has_text="Solution")).nth(index)
        first.scroll_into_view_if_needed()
        body = first.locator(":scope > :not(summary)").first
        assert not body.is_visible()
        first.locator("summary").click()
        assert body.is_visible()
        if page.startswith("theory/"):               # both chapters have maths in a solution
            maths = view.locator(".jp-RenderedMarkdown details[open] mjx-container")
            maths.first.wait_for(timeout=10_000)
            assert maths.count() > 0, f"{page}: the solution's maths is not typeset"
            assert "$" not in first.inner_text(), "raw maths in the opened solution"
        view.screenshot(path=screenshots / f"portable-{page.replace('/', '-')}.png")
        # Every chart shows its picture.
        charts = sum(1 for cell in copy["cells"] for output in cell.get("outputs", [])
                     if any(m.startswith("application/vnd.vegalite") for m in output.get("data", {})))
        assert len([w for w in shown["pictures"] if w > 100]) >= charts
        assert notebook.blocked == []
    finally:
        notebook.close()


EXPLORER = ("from alliances import Scenario, formula_explorer\n"
            "formula_explorer(Scenario(benefits={'2B': 6}, costs={'D1': 2}, alternative=1))")

SAVE_AND_STOP = """async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await app.commands.execute('docmanager:save');
  await panel.sessionContext.shutdown();
  return panel.context.model.dirty;
}"""


def _explorer_state(view) -> dict:
    return view.evaluate("""() => {
      const out = document.querySelector('.jp-OutputArea-output .alliances-explorer');
      const area = out ? out.closest('.jp-OutputArea') : document.querySelector('.jp-OutputArea');
      const verdict = out && out.querySelector('.alliances-verdict');
      const marks = out ? [...out.querySelectorAll('svg.marks, canvas.marks')] : [];
      return {verdict: verdict ? verdict.innerText : '',
              drawn: marks.some(m => m.tagName === 'CANVAS' ? m.width > 0
                                     : m.querySelectorAll('path, rect, text').length > 3),
              text: area ? area.innerText : ''};
    }""")


def test_a_reopened_explorer_shows_the_moved_chart_and_verdict(browser, lab, screenshots):
    folder = lab[2]
    path = "reopened/explorer.ipynb"
    (folder / "reopened").mkdir(exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(EXPLORER)],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}}), folder / path)
    first = Notebook(browser, lab, path)
    try:
        result = first.page.evaluate(RUN_ALL)
        assert result["ok"] and not result["errors"], result
        explorer = first.page.locator(".alliances-explorer").first
        explorer.wait_for(timeout=60_000)
        assert _explorer_state(first.page)["verdict"].startswith("Ally")
        handle = explorer.locator(".widget-slider", has_text="alternative").first \
            .locator(".noUi-handle")
        handle.focus()
        handle.press("End")                                 # a = 10: above b − c
        first.page.wait_for_function(
            "() => document.querySelector('.alliances-explorer .alliances-verdict')"
            ".innerText.startsWith('Alternative')", timeout=10_000)
        first.page.wait_for_timeout(500)
        assert first.page.evaluate(SAVE_AND_STOP) is False
    finally:
        first.close()
    saved = json.loads((folder / path).read_text(encoding="utf-8"))
    assert saved["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]

    again = Notebook(browser, lab, path)
    try:
        view = again.page
        view.wait_for_function(
            "() => { const v = document.querySelector('.alliances-explorer .alliances-verdict');"
            " return v && v.innerText.length > 0; }", timeout=60_000)
        view.wait_for_timeout(1500)                         # let the chart draw from its state
        state = _explorer_state(view)
        assert state["verdict"].startswith("Alternative"), state
        assert state["drawn"], state
        assert "model not found" not in view.locator(".jp-Notebook").inner_text()
        view.locator(".alliances-explorer").first.screenshot(
            path=screenshots / "portable-reopened-explorer.png")
        assert again.blocked == [] and again.errors == []
    finally:
        again.close()
