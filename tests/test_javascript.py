"""The book's JavaScript lives in ``.js`` files, and every one of them parses.

- Every ``.js`` file of ``lib/`` (the package's ``alliances/static/``) and ``tools/`` is parsed by
  Node.js (``node --check``; ``make browser`` installs Debian's ``nodejs`` where it is missing).
- No Python string of ``lib/`` or ``tools/`` holds JavaScript: Python adds data only, as JSON in a
  one-line call after a file's text (``alliancesChart({...})``, ``alliancesLoadHeld("...")``).
- The call that :func:`alliances.render.vega_html` writes carries the chart's data as JSON.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from alliances import render, sphinxext

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted([*(ROOT / "lib").rglob("*.js"), *(ROOT / "tools").glob("*.js")])
PYTHON = sorted([*(ROOT / "lib").rglob("*.py"), *(ROOT / "tools").glob("*.py")])


def node_check(path: Path) -> str:
    """Parse ``path`` with ``node --check``; return Node's error message, or ``""`` if it parses."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is missing: `make browser` installs Debian's nodejs, which parses the "
                    "book's scripts")
    done = subprocess.run([node, "--check", str(path)], capture_output=True, text=True, timeout=60)
    return "" if done.returncode == 0 else (done.stderr.strip() or f"exit status {done.returncode}")


def test_the_scripts_are_where_the_library_and_tools_read_them():
    names = {p.relative_to(ROOT).as_posix() for p in SCRIPTS}
    assert {f"lib/alliances/static/{render.CHART_SCRIPT}",
            f"lib/alliances/static/{sphinxext.HELD_SCRIPTS}", "tools/pdf.js"} <= names


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_script_parses(path):
    assert node_check(path) == ""


def test_the_parse_check_reports_a_syntax_error(tmp_path):
    broken = tmp_path / "broken.js"
    broken.write_text("function alliancesChart(config) {\n  var id = config.id\n  if (id {\n}\n")
    assert "SyntaxError" in node_check(broken)


#: What only JavaScript code holds: a function with its body, an arrow function, the DOM's
#: globals used, an event listener, a declared variable.
_JAVASCRIPT = re.compile(r"\bfunction\b[\w\s]*\([\w\s,]*\)\s*\{"
                         r"|(?:\)|\b\w+)\s*=>\s*[{(\[\w]"
                         r"|\b(?:document|window|location|history)\.\w+"
                         r"|\.addEventListener\("
                         r"|\b(?:var|let|const)\s+\w+\s*=(?!=)")


def javascript_in_strings(source: str) -> list[tuple[int, str]]:
    """The Python strings of ``source`` (a module's text) that hold JavaScript: line and text.

    Docstrings, which may name a script's globals (``window.vegaEmbed``), are not code.
    """
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in docstrings):
            hit = _JAVASCRIPT.search(node.value)
            if hit:
                found.append((node.lineno, node.value[max(0, hit.start() - 30):hit.end() + 30]))
    return found


@pytest.mark.parametrize("snippet", [
    '(function () {\n  var id = %(id)s, el = document.getElementById(id);\n})();',
    'held.sort(function (a, b) { return (b.id === "x") - (a.id === "x"); });',
    "async () => {\n  const charts = [...document.querySelectorAll('.alliances-chart')];\n}",
    "(css => document.addEventListener('DOMContentLoaded', () => {}))(%s)",
    "el.addEventListener('load', embed)",
])
def test_javascript_in_a_python_string_is_found(snippet):
    assert javascript_in_strings(f"X = {snippet!r}\n")


@pytest.mark.parametrize("snippet", [
    'alliancesChart({"id": "alliances-chart-1", "presets": null});',   # a one-line call: data only
    "The benefit function (1A) of the ally; let the reader choose a case.",
    "datum.b - datum.c >= datum.a && datum.a > 0 ? 'keep' : 'drop'",   # a Vega expression
    '<script type="application/json" id="alliances-chart-1-spec">',
])
def test_text_data_and_vega_expressions_are_not_javascript(snippet):
    assert javascript_in_strings(f"X = {snippet!r}\n") == []


@pytest.mark.parametrize("path", PYTHON, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_python_string_holds_javascript(path):
    found = javascript_in_strings(path.read_text(encoding="utf-8"))
    assert found == [], (f"{path.relative_to(ROOT)} holds JavaScript in a string (move it into a .js "
                         f"file and pass the data as JSON): {found}")


def _call(html: str, function: str) -> dict:
    """The JSON argument of the one-line call of ``function`` that ends the page's script."""
    call = re.search(r"\n" + function + r"\((.*)\);</script>", html)
    assert call, f"no one-line call of {function} ends the script"
    return json.loads(call.group(1))


def test_a_chart_script_is_the_file_and_one_call_with_its_data():
    spec = {"mark": "point", "description": "A test chart", "width": "container",
            "params": [{"name": "b", "value": 2, "bind": {"input": "range", "min": 0, "max": 5}},
                       {"name": "c", "value": 1, "bind": {"input": "range", "min": 0, "max": 5}},
                       {"name": "total", "expr": "b - c"}]}
    page = render.vega_html(spec, presets={"Armenia": {"b": 3, "c": 1}},
                            controls={"Inputs": ["b", "c"]},
                            verdict={"value": "v", "label": "l", "numbers": "n"}, key="test")
    element_id = re.search(r'<div id="(alliances-chart-\d+)" class="alliances-chart"', page).group(1)
    script = page[page.rindex("<script>") + len("<script>"):]
    assert script.startswith(render.static_script(render.CHART_SCRIPT))
    assert _call(page, "alliancesChart") == {
        "id": element_id, "presets": {"Armenia": {"b": 3, "c": 1}},
        "verdict": {"value": "v", "label": "l", "numbers": "n"}, "start": {"b": 2, "c": 1},
        "bundle": render.BUNDLE_ID, "cdn": [
            f"https://cdn.jsdelivr.net/npm/vega@{render.alt.VEGA_VERSION}",
            f"https://cdn.jsdelivr.net/npm/vega-lite@{render.alt.VEGALITE_VERSION}",
            f"https://cdn.jsdelivr.net/npm/vega-embed@{render.alt.VEGAEMBED_VERSION}"]}
    plain = _call(render.vega_html({"mark": "bar", "description": "Bars"}), "alliancesChart")
    assert (plain["presets"], plain["verdict"], plain["start"]) == (None, None, None)


def test_the_page_holds_the_scripts_without_their_developer_comment():
    source = (ROOT / "lib" / "alliances" / "static" / render.CHART_SCRIPT).read_text(encoding="utf-8")
    assert source.startswith("/*")
    text = render.static_script(render.CHART_SCRIPT)
    assert text.startswith("function alliancesChart(config) {") and source.endswith(text)
    assert _call(sphinxext.LATER_LOADER, "alliancesLoadHeld") == render.BUNDLE_ID
    with pytest.raises(ValueError, match=r"name must be one of the library's scripts"):
        render.static_script("missing.js")
