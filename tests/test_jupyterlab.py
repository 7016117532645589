"""The chapters in a real JupyterLab, as a student opens them with no internet.

A JupyterLab server (the ``lab`` fixture of ``conftest.py``) runs
on 127.0.0.1 over a copy of ``book/`` in a temporary folder (so nothing in the repository is
saved over). Server and kernels run in the environment a student gets from ``pip install``: the
runtime set and the installed wheel (``tests/installed.py``). Headless Chromium opens a chapter,
runs every cell, and the tests check what a student sees:

* every chart output holds a drawn SVG or canvas (JupyterLab draws the charts' Vega-Lite JSON
  with its own Vega; the explorer's chart is an altair.JupyterChart whose JavaScript is inlined
  from vl-convert: nothing comes from a CDN);
* moving a slider of the formula explorer changes the verdict;
* choosing a case in the case explorer goes straight to that case's verdict, with no wrong
  verdict on the way; its toggle hides the 17 sliders and shows them again;
* a self-check question with maths answers back: a wrong and a right option each show their
  reason, typeset by JupyterLab's MathJax;
* a solution is folded; citations and glossary terms render as links, not as MyST source;
* a number that the prose computes (an ``{eval}`` role, see ``test_prose.py``) shows its
  expression before the cells run and the number after;
* no request leaves 127.0.0.1: every other request is blocked and recorded;
* the kernel imports the library from the installed wheel.

The notebooks run here (``installed.RUN_IN_JUPYTERLAB``) are the ones nbmake leaves out
(``test_wheel.py``), so that no notebook runs a third time.

Screenshots go to ``_build/screenshots/jupyterlab-*.png``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlparse

import pytest

from conftest import ROOT
from installed import RUN_IN_JUPYTERLAB

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Runs code in the open notebook's kernel and returns what it printed.
IN_KERNEL = """async code => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({code});
  let out = '';
  future.onIOPub = msg => { if (msg.header.msg_type === 'stream') out += msg.content.text; };
  await future.done;
  return out;
}"""

# Runs every cell of the open notebook and waits until the last one has finished.
RUN_ALL = """async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.context.ready;
  await panel.sessionContext.ready;
  const ok = await app.commands.execute('notebook:run-all-cells');
  const errors = [];
  panel.content.widgets.forEach((cell, index) => {
    if (cell.model.type !== 'code') return;
    for (let i = 0; i < cell.model.outputs.length; i++) {
      const out = cell.model.outputs.get(i).toJSON();
      if (out.output_type === 'error') errors.push(`cell ${index}: ${out.ename}: ${out.evalue}`);
    }
  });
  return {ok, errors};
}"""

# For every output that holds a chart of the book (Vega-Lite JSON that JupyterLab draws itself,
# an explorer widget, or the book's HTML view), whether its view shows drawn Vega marks.
CHART_OUTPUTS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const found = [];
  panel.content.widgets.forEach((cell, index) => {
    if (cell.model.type !== 'code') return;
    const outputs = cell.model.outputs;
    for (let i = 0; i < outputs.length; i++) {
      const data = outputs.get(i).data, html = data['text/html'];
      const drawnByLab = 'application/vnd.vegalite.v5+json' in data
        || 'application/vnd.jupyter.widget-view+json' in data;
      if (!drawnByLab && (typeof html !== 'string' || !html.includes('alliances-figure'))) continue;
      const node = cell.outputArea.widgets[i].node;
      const marks = node.querySelectorAll('svg.marks, canvas.marks');
      const drawn = [...marks].some(m => m.tagName === 'CANVAS'
        ? m.width > 0 : m.querySelectorAll('path, rect, text, line').length > 3);
      const width = marks.length ? marks[0].getBoundingClientRect().width : 0;
      found.push({cell: index, output: i, drawn, width, text: node.innerText.slice(0, 120)});
    }
  });
  return found;
}"""


class Notebook:
    """A chapter open in JupyterLab in its own browser context, with outside requests blocked."""

    #: The notebooks run so far in this session (each must be one of ``RUN_IN_JUPYTERLAB``).
    ran: ClassVar[set[str]] = set()

    def __init__(self, browser, lab, path: str):
        base, token, _ = lab
        self.path = path
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.goto(f"{base}/lab/tree/{path}?token={token}&reset")
        # Wait for this notebook's cells: while JupyterLab starts, the current widget may be
        # another one (the launcher, or a document with no cells yet).
        self.page.wait_for_function(
            """path => {
              const widget = window.jupyterapp && window.jupyterapp.shell.currentWidget;
              return !!(widget && widget.context && widget.context.path === path
                        && widget.content && widget.content.widgets
                        && widget.content.widgets.length > 0);
            }""", arg=path, timeout=60_000)

    def _route(self, route):
        url = route.request.url
        host = urlparse(url).hostname
        if url.startswith(("data:", "blob:", "about:")) or host == "127.0.0.1":
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def run_all(self) -> None:
        # nbmake leaves these notebooks to JupyterLab (test_wheel.py): any other is a third run.
        assert self.path in RUN_IN_JUPYTERLAB, f"{self.path} is not in RUN_IN_JUPYTERLAB"
        result = self.page.evaluate(RUN_ALL)
        assert result["ok"] and not result["errors"], result
        Notebook.ran.add(self.path)
        self.wait_for_charts()

    def in_kernel(self, code: str) -> str:
        """Run ``code`` in the notebook's kernel; return what it printed."""
        return self.page.evaluate(IN_KERNEL, code)

    def wait_for_charts(self, timeout: float = 30) -> list[dict]:
        deadline = time.monotonic() + timeout
        while True:
            charts = self.page.evaluate(CHART_OUTPUTS)
            if (charts and all(c["drawn"] for c in charts)) or time.monotonic() > deadline:
                return charts
            self.page.wait_for_timeout(250)

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def theory(browser, lab):
    notebook = Notebook(browser, lab, "book/theory/theory.ipynb")
    notebook.run_all()
    yield notebook
    notebook.close()


def test_the_kernel_runs_the_installed_wheel(theory, installed):
    """The student's setup: the library comes from the installed wheel, not from this checkout."""
    executable, library = theory.in_kernel(
        "import sys, alliances; print(sys.executable); print(alliances.__file__)").split()
    venv = installed.python.parent.parent
    assert Path(executable) == installed.python
    assert Path(library).is_relative_to(venv) and not Path(library).is_relative_to(ROOT), library


def _verdict(page, explorer) -> str:
    return explorer.locator(".alliances-verdict").first.inner_text().strip()


def test_every_chart_draws_offline(theory, screenshots):
    charts = theory.wait_for_charts()
    assert charts, "the chapter's explorer holds a chart"
    assert [c for c in charts if not c["drawn"]] == []
    assert [c for c in charts if c["width"] < 300] == []   # none squeezed into a sliver
    assert theory.blocked == []
    theory.page.locator(".jp-OutputArea-output .vega-embed").first.scroll_into_view_if_needed()
    theory.page.screenshot(path=screenshots / "jupyterlab-theory-chart.png")


def test_moving_a_slider_changes_the_verdict(theory, screenshots):
    page = theory.page
    explorer = page.locator(".alliances-explorer").first
    explorer.scroll_into_view_if_needed()
    before = _verdict(page, explorer)
    assert before.startswith("Ally"), before     # the chapter's example: b − c = 3.5 ≥ a = 2
    slider = explorer.locator(".widget-slider", has_text="alternative").first
    handle = slider.locator(".noUi-handle")
    handle.focus()
    handle.press("End")                          # a = 10, above b − c
    page.wait_for_function(
        "el => !el.innerText.startsWith('Ally')",
        arg=explorer.locator(".alliances-verdict").first.element_handle(), timeout=10_000)
    after = _verdict(page, explorer)
    assert after.startswith("Alternative"), after
    page.wait_for_timeout(500)                   # let the chart redraw for the screenshot
    page.set_viewport_size({"width": 1400, "height": 1900})     # the whole explorer in view
    explorer.screenshot(path=screenshots / "jupyterlab-theory-explorer.png")
    page.set_viewport_size({"width": 1400, "height": 1000})
    assert theory.blocked == []


def test_myst_renders_and_solutions_are_folded(theory, screenshots):
    page = theory.page
    rendered = page.locator(".jp-MarkdownCell .jp-RenderedMarkdown, .jp-MarkdownCell .myst")
    text = " ".join(rendered.all_inner_texts())
    assert "{term}" not in text and "{cite:p}" not in text and ":::" not in text
    solution = page.locator("details", has_text="Solution").first
    solution.scroll_into_view_if_needed()
    assert solution.get_attribute("open") is None
    body = solution.locator(":scope > :not(summary)")
    assert body.count() and not any(body.nth(i).is_visible() for i in range(body.count()))
    page.screenshot(path=screenshots / "jupyterlab-theory-solution.png")
    assert theory.blocked == []


def test_a_self_check_question_with_maths_answers_back_offline(theory, screenshots):
    """Issue 30: in JupyterLab a question typeset by Lab's MathJax, answered wrongly (a click)
    and then rightly (the keyboard), shows each option's reason; nothing leaves 127.0.0.1."""
    from alliances import questions

    page = theory.page
    expected = next(q for q in questions.QUESTIONS["theory/theory"] if "\\ge" in q.text)
    question = page.locator(".alliances-question").filter(
        has_text=expected.text.split("$")[0].strip()).first
    question.scroll_into_view_if_needed()
    page.wait_for_function("el => el.querySelector('mjx-container') !== null",
                           arg=question.element_handle(), timeout=20_000)
    label = question.get_attribute("aria-labelledby")
    assert page.locator(f"#{label}").inner_text().strip()   # the group is named by its question
    wrong_option = next(o for o in expected.options if not o.right)
    wrong = question.locator('details[data-right="false"]').first
    right = question.locator('details[data-right="true"]')
    for choice, option, how in ((wrong, wrong_option, "click"), (right, expected.answer, "key")):
        feedback = choice.locator(".alliances-feedback")
        assert not feedback.is_visible()
        summary = choice.locator("summary")
        if how == "click":
            summary.click()
        else:
            summary.focus()
            summary.press("Enter")
        feedback.wait_for(state="visible", timeout=5_000)
        text = " ".join(feedback.inner_text().split())
        # the words between the maths, as the library wrote them; the maths itself is typeset
        for words in option.why.split("$")[::2]:
            assert " ".join(words.split()) in text, (words, text)
        assert "$" not in text and "\\(" not in text
        assert feedback.locator("mjx-container").count() == option.why.count("$") // 2
    question.screenshot(path=screenshots / "jupyterlab-self-check.png")
    assert theory.blocked == []


def test_a_container_wide_chart_keeps_its_width(browser, lab, screenshots):
    """The book's page gives a chart its box's width; JupyterLab would give it almost none."""
    notebook = Notebook(browser, lab, "book/lab/us-allies.ipynb")
    try:
        notebook.run_all()
        charts = notebook.wait_for_charts()
        assert charts and all(c["drawn"] for c in charts)
        assert [c for c in charts if c["width"] < 400] == []
        assert notebook.blocked == []
    finally:
        notebook.close()


def test_case_preset_goes_straight_to_its_verdict(browser, lab, screenshots):
    from alliances import cases

    presets = cases.load_presets()
    notebook = Notebook(browser, lab, "book/russia/russian-evidence.ipynb")
    try:
        notebook.run_all()
        page = notebook.page
        explorer = page.locator(".alliances-explorer", has=page.locator("select")).first
        explorer.scroll_into_view_if_needed()
        menu = explorer.locator("select").first
        verdict = explorer.locator(".alliances-verdict").first
        # Record every text the verdict shows from now on.
        verdict.evaluate("""el => {
          window.verdicts = [];
          new MutationObserver(() => window.verdicts.push(el.innerText.trim()))
            .observe(el, {subtree: true, childList: true, characterData: true});
        }""")
        current = menu.input_value()
        name = next(n for n in presets if n != current
                    and presets[n].assess().verdict != presets[current].assess().verdict)
        expected = presets[name].assess().verdict.label
        menu.select_option(name)
        page.wait_for_function("want => window.verdicts.some(v => v.startsWith(want))",
                               arg=expected, timeout=10_000)
        page.wait_for_timeout(1000)              # anything after the final verdict is recorded too
        seen = [v.splitlines()[0] for v in page.evaluate("window.verdicts") if v]
        assert seen and all(v == expected for v in seen), seen
        charts = notebook.wait_for_charts()
        assert charts and [c for c in charts if not c["drawn"]] == []
        page.set_viewport_size({"width": 1400, "height": 1900})
        explorer.screenshot(path=screenshots / "jupyterlab-case-explorer.png")
        # the full explorer's toggle hides the 17 sliders; the verdict stays and follows the menu
        sliders = explorer.locator(".widget-slider")
        assert sliders.count() == 17 and sliders.first.is_visible()
        explorer.locator("button", has_text="Hide the 17 detailed inputs").click()
        shown = explorer.locator("button", has_text="Show the 17 detailed inputs")
        shown.wait_for(timeout=10_000)
        assert not any(sliders.nth(i).is_visible() for i in range(sliders.count()))
        name = next(n for n in presets if presets[n].assess().verdict.label != expected)
        menu.select_option(name)
        page.wait_for_function("want => window.verdicts.some(v => v.startsWith(want))",
                               arg=presets[name].assess().verdict.label, timeout=10_000)
        assert verdict.is_visible()
        explorer.screenshot(path=screenshots / "jupyterlab-case-explorer-inputs-hidden.png")
        shown.press("Enter")                     # the keyboard shows them again
        page.wait_for_function("el => el.offsetParent !== null",
                               arg=sliders.first.element_handle(), timeout=10_000)
        assert notebook.blocked == []
    finally:
        notebook.close()


def test_jupyterlab_shows_the_numbers_once_the_cells_have_run(browser, lab):
    """What a student sees in JupyterLab with jupyterlab-myst (the runtime set): before the
    cells run, the role shows its expression as code; after Run All, the number."""
    notebook = Notebook(browser, lab, "book/russia/hegemony.ipynb")
    try:
        page = notebook.page
        # the story is the folded answer to the chapter's task (jupyterlab-myst draws it as a
        # <details>): its rendered text is read whether it is folded or not
        story = page.locator(".jp-MarkdownCell", has_text="One possible answer").first \
            .locator(".myst-admonition-body").first
        page.wait_for_function("el => el.textContent.includes('was.p_1B')",
                               arg=story.element_handle(), timeout=30_000)
        notebook.run_all()
        page.wait_for_function("el => !el.textContent.includes('was.p_1B')",
                               arg=story.element_handle(), timeout=30_000)
        text = " ".join(story.text_content().split())
        said = _said_in_hegemony()
        assert f"from {said['was']['p_1B']} to {said['now']['p_1B']}" in text, text
        assert "{eval}" not in text and notebook.blocked == []
    finally:
        notebook.close()


def _said_in_hegemony() -> dict[str, dict[str, str]]:
    """The hegemony chapter's quoted numbers, computed here as its code cell does."""
    from alliances import cases, prose

    params = cases.get_preset("US–Japan").to_params()
    return {"was": {"p_1B": repr(prose.numbers(decimals=None, p=params["p_1B"]).p)},
            "now": {"p_1B": "0.5"}}


def test_every_notebook_left_to_jupyterlab_runs_there(browser, lab):
    """nbmake skips RUN_IN_JUPYTERLAB (test_wheel.py): run here any that no test above ran."""
    for path in sorted(set(RUN_IN_JUPYTERLAB) - Notebook.ran):
        notebook = Notebook(browser, lab, path)
        try:
            notebook.run_all()
            assert notebook.blocked == []
        finally:
            notebook.close()
    assert Notebook.ran == set(RUN_IN_JUPYTERLAB)
