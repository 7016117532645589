"""The library's architecture, checked: layers, no cycles, no private names across modules, one theme.

The layers are drawn in the README's developer section; this test keeps that drawing true.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIB = ROOT / "lib" / "alliances"

#: Each module's layer, from the bottom up. A module may import from its own layer or a lower one.
LAYERS: dict[str, int] = {
    # the theory: the article's tables, the formula, argument checks; and a quick import, the speed switches
    "validate": 0, "typology": 0, "value": 0, "notation": 0, "imports": 0, "speedups": 0,
    # data
    "countries": 1, "datasets": 1, "curated": 1,
    # analysis
    "cases": 2, "russia": 2, "votes": 2, "pledges": 2, "capabilities": 2, "loyalty": 2,
    "sensitivity": 2, "unga": 2,
    # presentation
    "theme": 3, "charts": 3, "render": 3, "explorer": 3, "checks": 3, "sphinxext": 3, "prose": 3,
    "portable": 3,
    "activities": 3, "questions": 3,
}
LAYER_NAMES = ("theory", "data", "analysis", "presentation")


def _module(path: Path) -> str:
    parts = path.relative_to(LIB).with_suffix("").parts
    return ".".join(p for p in parts if p != "__init__") or "alliances"


def _imports() -> dict[str, set[tuple[str, str]]]:
    """For each module: the (module, name) pairs it imports from the package."""
    found: dict[str, set[tuple[str, str]]] = {}
    for path in sorted(LIB.rglob("*.py")):
        module = _module(path)
        package = module.split(".")[:-1] if path.name != "__init__.py" else module.split(".")
        if module == "alliances":
            package = []
        edges: set[tuple[str, str]] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
                for alias in node.names:
                    if node.module:
                        edges.add((target, alias.name))
                    else:  # from . import x
                        edges.add((".".join([*base, alias.name]), ""))
        found[module] = edges
    return found


def _top(module: str) -> str:
    return module.split(".")[0] if module else module


def test_every_module_has_a_layer():
    modules = {_top(m) for m in _imports() if m != "alliances"}
    assert modules <= set(LAYERS), f"modules without a layer: {sorted(modules - set(LAYERS))}"


def test_imports_only_point_down_the_layers():
    wrong = []
    for module, edges in _imports().items():
        if module == "alliances":
            continue
        mine = LAYERS[_top(module)]
        for target, _ in edges:
            top = _top(target)
            if top and top != _top(module) and top in LAYERS and LAYERS[top] > mine:
                wrong.append(f"{module} ({LAYER_NAMES[mine]}) imports {target} "
                             f"({LAYER_NAMES[LAYERS[top]]})")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycle():
    graph: dict[str, set[str]] = {}
    for module, edges in _imports().items():
        graph.setdefault(_top(module), set()).update(
            _top(t) for t, _ in edges if _top(t) and _top(t) != _top(module))
    seen: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        seen[node] = 1
        for nxt in graph.get(node, ()):
            if seen.get(nxt) == 1:
                pytest.fail("import cycle: " + " -> ".join([*stack, node, nxt]))
            if nxt not in seen:
                visit(nxt, [*stack, node])
        seen[node] = 2

    for node in graph:
        if node not in seen:
            visit(node, [])


def test_no_private_name_crosses_a_module():
    wrong = [f"{module} imports {name} from {target}" for module, edges in _imports().items()
             for target, name in edges if name.startswith("_") and name != "__version__"]
    wrong += [f"{path.name} uses {m}" for path in LIB.rglob("*.py")
              for m in re.findall(r"\b(?:countries|russia|votes|cases|capabilities|pledges|value|"
                                  r"curated|theme|typology|datasets|sensitivity)\._[a-z]\w*",
                                  path.read_text())]
    assert not wrong, "\n".join(wrong)


def test_colours_and_tooltips_come_from_the_theme():
    literal = re.compile(r"""["'](#[0-9A-Fa-f]{6}|white|black)["']""")
    offenders = [f"{path.relative_to(LIB)}:{n}" for path in LIB.rglob("*.py") if path.name != "theme.py"
                 for n, line in enumerate(path.read_text().splitlines(), 1)
                 if literal.search(line) or "alt.Tooltip(" in line]
    assert not offenders, "colour literals or hand-made tooltips outside theme.py: " + ", ".join(offenders)


def _readme_layers() -> dict[str, int]:
    """The module -> layer map drawn in the README's developer section."""
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## For developers", 1)[1].split("```text", 1)[1].split("```", 1)[0]
    drawn: dict[str, int] = {}
    layer = -1
    for line in block.splitlines():
        first = line.split(" ", 1)[0]
        if first in LAYER_NAMES:
            layer = LAYER_NAMES.index(first)
        for name in re.findall(r"`(\w+)`", line):
            drawn[name] = layer
    return drawn


def test_the_readme_draws_these_layers():
    present = {name: layer for name, layer in LAYERS.items()
               if (LIB / f"{name}.py").exists() or (LIB / name).is_dir()}
    assert _readme_layers() == present


@pytest.mark.parametrize("command", [["ruff", "check", "lib", "tests", "tools"], ["mypy"]])
def test_static_checks_pass(command):
    tool = Path(sys.executable).parent / command[0]
    result = subprocess.run([str(tool), *command[1:]], cwd=ROOT, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
