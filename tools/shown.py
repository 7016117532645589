"""Only what has been shown: the library names and Python constructs each notebook's visible code uses.

For every notebook of ``_toc.yml``, in reading order, this lists the library names (``alliances``, its
modules, and the functions, classes, constants, methods and attributes reached from them: ``Scenario``,
``charts.table``, ``curated.events_2020_2026``, ``Scenario.with_params``) and the constructs
(:data:`CONSTRUCTS`) that the students' visible code uses, and where each is first *shown*.

The rule (issue 29): a name or construct counts as shown from the first visible code cell, in this
notebook or an earlier one, whose preceding markdown names it. A library name is named when the
markdown holds its last component as a whole word (``Scenario``, ``with_params``, ``charts``); a
construct when the markdown holds one of its phrases (:data:`CONSTRUCT_PHRASES`). Any use before that is
a violation.

* Visible code: code cells not tagged ``remove-cell`` or ``remove-input``, and the Python code blocks
  of the markdown (the folded solutions), each at its place. IPython magics and shell lines
  (``%pip``, ``!ls``) are skipped.
* The preceding markdown of a piece of code is all the markdown since the previous visible code
  (markdown cells tagged ``remove-cell`` excluded; a code block's own cell counts up to the block).
* Names are found with :mod:`ast`, through the notebook's imports (hidden cells' imports count: the
  kernel runs them) and a light reading of the library's type hints: a variable assigned from
  ``cases.get_preset(...)`` is a ``Scenario``, so ``.with_params`` on it is ``Scenario.with_params``.
  The library is read from its source with :mod:`ast`, never imported, so the tool takes well under
  a second.

Use: ``python tools/shown.py`` prints a report per notebook; ``--summary`` prints the number of
library names a student meets; ``--violations`` only the violations (exit status 1 if any).
The functions are importable (``tests/test_shown.py``; the assignments reuse them):
:func:`library_index`, :func:`book_notebooks`, :func:`code_units`, :func:`uses_in`,
:func:`analyse`, :func:`analyse_book`, :func:`names_met`, :func:`format_report`.
"""

from __future__ import annotations

import argparse
import ast
import functools
import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bookfiles import ROOT, toc_pages  # tools/ is on sys.path: run as a script, or tests/conftest.py

PACKAGE = "alliances"
#: The constructs the rule tracks, in the order the report lists them.
CONSTRUCTS: tuple[str, ...] = ("comprehension", "lambda", "** unpacking", "boolean mask", "groupby",
                               "pivot_table", "try")
#: The phrases (case-insensitive) by which markdown names each construct.
CONSTRUCT_PHRASES: Mapping[str, tuple[str, ...]] = {
    "comprehension": ("comprehension",),
    "lambda": ("lambda",),
    "** unpacking": ("unpack",),
    "boolean mask": ("mask",),
    "groupby": ("groupby",),
    "pivot_table": ("pivot_table", "pivot"),
    "try": ("`try`",),
}
#: Cell tags that hide a code cell's code from the page.
HIDING_TAGS = frozenset({"remove-cell", "remove-input"})
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<ticks>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)$", re.MULTILINE)
_PYTHON_INFO = {"python", "python3", "py", "ipython", "ipython3", "{code-cell}", "{code-block} python",
                "{code} python"}


# --- the library, read from its source ------------------------------------------------------------

@dataclass(frozen=True)
class Member:
    """One public name of a library module or class.

    ``qualname`` is where it is defined (``alliances.value.Scenario``, ``alliances.value.Scenario.b``);
    ``kind`` is ``module``, ``class``, ``function``, ``method`` or ``value``; ``type`` is the qualified
    name of the library class that the value is (for a value) or that calling it returns (for a
    function, a method or a class), when the type hints say so.
    """

    qualname: str
    kind: str
    type: str | None = None


@dataclass
class Library:
    """The library's modules and classes: for each, its public members by name."""

    modules: dict[str, dict[str, Member]] = field(default_factory=dict)
    classes: dict[str, dict[str, Member]] = field(default_factory=dict)

    def members(self, qualname: str) -> dict[str, Member]:
        """The members of a module or class (empty for anything else)."""
        return self.modules.get(qualname) or self.classes.get(qualname) or {}


def _module_name(path: Path, lib: Path) -> str:
    parts = list(path.relative_to(lib).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _annotation_names(node: ast.expr | None) -> list[str]:
    """The bare names an annotation may stand for: ``Scenario``, ``"Scenario"``, ``Scenario | None``."""
    if node is None:
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            return _annotation_names(ast.parse(node.value, mode="eval").body)
        except SyntaxError:
            return []
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        return [ast.unparse(node)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _annotation_names(node.left) + _annotation_names(node.right)
    return []


def library_index(lib: Path = ROOT / "lib" / PACKAGE) -> Library:
    """Read every module of the library at ``lib`` with :mod:`ast` and index its public names.

    Imports between the library's modules are followed, so ``alliances.Scenario`` and
    ``alliances.value.Scenario`` are one member, and the type hints of functions, methods,
    properties, dataclass fields and annotated constants give the library class each returns.
    The index is read once per folder.
    """
    return _library_index(Path(lib).resolve())


@functools.lru_cache(maxsize=4)
def _library_index(lib: Path) -> Library:
    if not (lib / "__init__.py").is_file():
        raise ValueError(f"lib={str(lib)!r} is not a package folder (no __init__.py)")
    trees = {_module_name(p, lib.parent): ast.parse(p.read_text(encoding="utf-8"))
             for p in sorted(lib.rglob("*.py"))}
    packages = {_module_name(p, lib.parent) for p in lib.rglob("__init__.py")}
    index = Library()
    imports: dict[str, dict[str, str]] = {}     # module -> local name -> qualified target
    raw_types: dict[str, list[str]] = {}        # member qualname -> annotation names, read in module
    home: dict[str, str] = {}                   # member qualname -> module whose names it sees

    def absolute(module: str, node: ast.ImportFrom) -> str:
        base = module if module in packages else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            base = base.rpartition(".")[0]
        return ".".join(p for p in (base if node.level else "", node.module or "") if p)

    for module, tree in trees.items():
        members: dict[str, Member] = {}
        imports[module] = {}
        for node in tree.body:
            if isinstance(node, ast.ImportFrom):
                source = absolute(module, node)
                for alias in node.names:
                    imports[module][alias.asname or alias.name] = f"{source}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    imports[module][alias.asname or alias.name.partition(".")[0]] = (
                        alias.name if alias.asname else alias.name.partition(".")[0])
            elif isinstance(node, ast.ClassDef):
                qual = f"{module}.{node.name}"
                members[node.name] = Member(qual, "class", qual)
                index.classes[qual] = _class_members(node, qual, raw_types, home, module)
                index.classes[qual].update({"__bases__": Member(
                    ",".join(b for base in node.bases for b in _annotation_names(base)), "bases")})
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                qual = f"{module}.{node.name}"
                members[node.name] = Member(qual, "function")
                raw_types[qual], home[qual] = _annotation_names(node.returns), module
            elif isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        qual = f"{module}.{target.id}"
                        members[target.id] = Member(qual, "value")
                        hint = node.annotation if isinstance(node, ast.AnnAssign) else None
                        called = (node.value.func if isinstance(node.value, ast.Call) else None)
                        raw_types[qual] = _annotation_names(hint) or _annotation_names(called)
                        home[qual] = module
        index.modules[module] = members

    def resolve_class(module: str, name: str) -> str | None:
        """The library class a name seen in ``module`` stands for, if any."""
        head, *rest = name.split(".")
        member = index.modules[module].get(head)
        target = member.qualname if member else imports[module].get(head)
        for part in rest:
            target = _follow(target, imports, index) if target else None
            found = index.modules.get(target or "", {}).get(part)
            target = found.qualname if found else None
        target = _follow(target, imports, index) if target else None
        return target if target in index.classes else None

    def typed(qual: str, member: Member) -> Member:
        if member.kind in {"module", "bases"} or qual not in raw_types:
            return member
        found = [c for n in raw_types[qual] if (c := resolve_class(home[qual], n))]
        return Member(member.qualname, member.kind, found[0] if found else member.type)

    # Re-exports: ``from .value import Scenario`` makes ``Scenario`` a member of the package.
    for module in trees:
        for local, source in imports[module].items():
            if not source.startswith(PACKAGE) or local.startswith("_") or local in index.modules[module]:
                continue
            resolved = _follow(source, imports, index)
            if resolved in index.modules:
                index.modules[module][local] = Member(resolved, "module")
            else:
                owner, _, name = resolved.rpartition(".")
                found = index.modules.get(owner, {}).get(name)
                if found:
                    index.modules[module][local] = found
    for module in packages:     # a package's submodules are reachable as attributes
        for sub in index.modules:
            if sub.rpartition(".")[0] == module:
                index.modules[module].setdefault(sub.rpartition(".")[2], Member(sub, "module"))
    for table in (*index.modules.values(), *index.classes.values()):
        for name, member in list(table.items()):
            table[name] = typed(member.qualname, member)
    for qual, table in index.classes.items():    # inherited members, from library base classes
        bases = table.pop("__bases__").qualname.split(",")
        module = qual.rpartition(".")[0]
        for base in filter(None, bases):
            base_qual = resolve_class(module, base)
            for name, member in index.classes.get(base_qual or "", {}).items():
                table.setdefault(name, member)
    return index


def _class_members(node: ast.ClassDef, qual: str, raw_types: dict[str, list[str]],
                   home: dict[str, str], module: str) -> dict[str, Member]:
    is_enum = any("Enum" in name for base in node.bases for name in _annotation_names(base))
    members: dict[str, Member] = {}
    for item in node.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
            if item.name.startswith("_") and item.name != "__call__":
                continue
            decorators = {ast.unparse(d) for d in item.decorator_list}
            kind = "value" if decorators & {"property", "functools.cached_property",
                                           "cached_property"} else "method"
            members[item.name] = Member(f"{qual}.{item.name}", kind)
            raw_types[f"{qual}.{item.name}"], home[f"{qual}.{item.name}"] = (
                _annotation_names(item.returns), module)
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            if not item.target.id.startswith("_"):
                members[item.target.id] = Member(f"{qual}.{item.target.id}", "value")
                raw_types[f"{qual}.{item.target.id}"] = _annotation_names(item.annotation)
                home[f"{qual}.{item.target.id}"] = module
        elif isinstance(item, ast.Assign):
            for target in item.targets:
                if isinstance(target, ast.Name) and not target.id.startswith("_"):
                    members[target.id] = Member(f"{qual}.{target.id}", "value", qual if is_enum else None)
    return members


def _follow(target: str, imports: Mapping[str, Mapping[str, str]], index: Library) -> str:
    """Follow a chain of re-exports to where a name is defined (at most a few steps)."""
    for _ in range(10):
        if target in index.modules:
            return target
        owner, _, name = target.rpartition(".")
        if name in index.modules.get(owner, {}):
            member = index.modules[owner][name]
            return member.qualname
        if name in imports.get(owner, {}):
            target = imports[owner][name]
            continue
        return target
    return target


# --- notebooks: their visible code, each with the markdown that precedes it --------------------------

@dataclass(frozen=True)
class CodeUnit:
    """One piece of code of a notebook, with the markdown a student reads just before it.

    ``cell`` is the cell's index in the notebook; ``solution`` is true for a code block inside a
    markdown cell (a folded solution); ``visible`` is false for a hidden code cell, whose code still
    runs (its imports count) but is not shown.
    """

    cell: int
    code: str
    markdown: str
    visible: bool
    solution: bool = False


def book_notebooks(root: Path = ROOT) -> list[Path]:
    """The notebooks of ``root/_toc.yml`` in reading order (pages that are not notebooks left out)."""
    return [root / f"{page}.ipynb" for page in toc_pages(root) if (root / f"{page}.ipynb").is_file()]


def _source(cell: Mapping[str, object]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _tags(cell: Mapping[str, object]) -> set[str]:
    metadata = cell.get("metadata") or {}
    return set(metadata.get("tags", [])) if isinstance(metadata, dict) else set()


def _split_markdown(text: str) -> Iterator[tuple[str, str]]:
    """Split markdown into (kind, text) pieces: ``prose``, ``python`` (a Python code block) and
    ``other`` (any other fenced block)."""
    position = 0
    while (opening := _FENCE.search(text, position)) is not None:
        ticks = opening["ticks"]
        closing = re.compile(rf"^[ \t]*{re.escape(ticks[0])}{{{len(ticks)},}}[ \t]*$", re.MULTILINE)
        end = closing.search(text, opening.end())
        if end is None:
            break
        yield "prose", text[position:opening.start()]
        info = opening["info"].strip().lower()
        body = text[opening.end() + 1:end.start()]
        if opening["indent"]:
            body = "\n".join(line.removeprefix(opening["indent"]) for line in body.splitlines())
        yield ("python" if info in _PYTHON_INFO else "other"), body
        position = end.end()
    yield "prose", text[position:]


def code_units(notebook: Mapping[str, object]) -> list[CodeUnit]:
    """The code of a notebook (a dict as in the ``.ipynb`` file), in order, with the markdown before it."""
    units: list[CodeUnit] = []
    prose: list[str] = []
    cells = notebook.get("cells", [])
    if not isinstance(cells, list):
        raise ValueError("notebook['cells'] must be a list of cells")
    for index, cell in enumerate(cells):
        tags = _tags(cell)
        if cell.get("cell_type") == "markdown" and "remove-cell" not in tags:
            for kind, text in _split_markdown(_source(cell)):
                if kind == "prose":
                    prose.append(text)
                elif kind == "python":
                    units.append(CodeUnit(index, text, "\n".join(prose), True, solution=True))
                    prose = []
        elif cell.get("cell_type") == "code":
            visible = not tags & HIDING_TAGS
            units.append(CodeUnit(index, _source(cell), "\n".join(prose) if visible else "", visible))
            if visible:
                prose = []
    return units


def _without_magics(code: str) -> str:
    """The code with IPython magics and shell lines (``%pip``, ``!ls``) replaced by ``pass``."""
    return "\n".join(re.sub(r"^(\s*)[%!].*$", r"\1pass", line) for line in code.splitlines())


# --- what a piece of code uses -----------------------------------------------------------------------

@dataclass(frozen=True)
class Bound:
    """What a notebook variable stands for: a library member (``member``), or an instance of a
    library class (``instance``, its qualified name)."""

    label: str = ""
    member: Member | None = None
    instance: str | None = None


@dataclass(frozen=True)
class Use:
    """One library name or construct used by a piece of code: ``label`` as the report shows it
    (``charts.table``, ``Scenario.with_params``, ``lambda``) and ``key``, the same for every
    spelling of one library object."""

    label: str
    key: str
    construct: bool = False

    @property
    def word(self) -> str:
        """The word that markdown must hold to name a library name: its last component."""
        return self.label.rpartition(".")[2]


def _is_mask(node: ast.expr, masks: set[str]) -> bool:
    """True for an expression that makes a boolean mask: a comparison, ``&``, ``|``, ``~``, or a
    variable assigned one."""
    if isinstance(node, ast.Compare):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitAnd | ast.BitOr):
        return True
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Invert):
        return True
    return isinstance(node, ast.Name) and node.id in masks


class _Reader(ast.NodeVisitor):
    """Collect the library names and constructs of one piece of code, given the notebook's bindings."""

    def __init__(self, library: Library, scope: dict[str, Bound], masks: set[str]) -> None:
        self.library, self.scope, self.masks = library, scope, masks
        self.uses: dict[str, Use] = {}

    def use(self, label: str, key: str, construct: bool = False) -> None:
        self.uses.setdefault(key, Use(label, key, construct))

    def construct(self, name: str) -> None:
        self.use(name, f"construct:{name}", construct=True)

    # the value of an expression, as far as the library goes; records uses on the way
    def value(self, node: ast.expr) -> Bound | None:
        if isinstance(node, ast.Name):
            bound = self.scope.get(node.id)
            if bound and bound.member:
                self.use(bound.label, bound.member.qualname)
            return bound
        if isinstance(node, ast.Attribute):
            owner = self.value(node.value)
            return self.attribute(owner, node.attr) if owner else None
        if isinstance(node, ast.Call):
            func = self.value(node.func)
            for arg in node.args:
                self.visit(arg)
            for keyword in node.keywords:
                if keyword.arg is None:
                    self.construct("** unpacking")
                self.visit(keyword.value)
            if isinstance(node.func, ast.Attribute) and node.func.attr in {"groupby", "pivot_table"}:
                self.construct(node.func.attr)
            member = func.member if func else None
            if member and member.type and member.kind in {"class", "function", "method"}:
                return Bound(instance=member.type)
            return None
        self.visit(node)
        return None

    def attribute(self, owner: Bound, name: str) -> Bound | None:
        if owner.member and owner.member.kind == "module":
            member = self.library.modules.get(owner.member.qualname, {}).get(name)
            label = f"{owner.label}.{name}" if owner.label != PACKAGE else name
        elif owner.member and owner.member.kind == "class":
            member = self.library.classes.get(owner.member.qualname, {}).get(name)
            label = f"{owner.label}.{name}"
        elif owner.instance:
            member = self.library.classes.get(owner.instance, {}).get(name)
            label = f"{owner.instance.rpartition('.')[2]}.{name}"
        else:
            return None
        if member is None:
            return None
        self.use(label, member.qualname)
        if member.kind == "value" and member.type:
            return Bound(label, member, instance=member.type)
        return Bound(label, member)

    def visit_Name(self, node: ast.Name) -> None:
        self.value(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        self.value(node)

    def visit_Call(self, node: ast.Call) -> None:
        self.value(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        index = node.slice.elts[0] if isinstance(node.slice, ast.Tuple) and node.slice.elts else node.slice
        if _is_mask(index, self.masks):
            self.construct("boolean mask")
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        if any(key is None for key in node.keys):
            self.construct("** unpacking")
        self.generic_visit(node)

    def _comprehension(self, node: ast.AST) -> None:
        self.construct("comprehension")
        self.generic_visit(node)

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _comprehension

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.construct("lambda")
        self.generic_visit(node)

    def visit_Try(self, node: ast.Try) -> None:
        self.construct("try")
        self.generic_visit(node)

    def visit_TryStar(self, node: ast.TryStar) -> None:
        self.construct("try")
        self.generic_visit(node)

    # statements that bind names
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name.partition(".")[0] != PACKAGE:
                self.scope.pop(alias.asname or alias.name.partition(".")[0], None)
                continue
            self.use(PACKAGE, PACKAGE)
            module = alias.name if alias.asname else PACKAGE
            label = module.removeprefix(f"{PACKAGE}.")
            for step in range(2, alias.name.count(".") + 2):     # import alliances.charts uses charts
                sub = ".".join(alias.name.split(".")[:step])
                self.use(sub.rpartition(".")[2], sub)
            self.scope[alias.asname or PACKAGE] = Bound(label, Member(module, "module"))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if node.level or module.partition(".")[0] != PACKAGE:
            for alias in node.names:
                self.scope.pop(alias.asname or alias.name, None)
            return
        self.use(PACKAGE, PACKAGE)
        owner: Bound | None = Bound(PACKAGE, Member(PACKAGE, "module"))
        for part in module.split(".")[1:]:
            owner = self.attribute(owner, part) if owner else None
        for alias in node.names:
            found = self.attribute(owner, alias.name) if owner else None
            if found:
                self.scope[alias.asname or alias.name] = found
            else:
                self.scope.pop(alias.asname or alias.name, None)

    def bind(self, target: ast.expr, bound: Bound | None, mask: bool) -> None:
        if isinstance(target, ast.Name):
            if bound and (bound.member or bound.instance):
                self.scope[target.id] = bound
            else:
                self.scope.pop(target.id, None)
            (self.masks.add if mask else self.masks.discard)(target.id)
        elif isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self.bind(element, None, False)
        else:
            self.visit(target)

    def visit_Assign(self, node: ast.Assign) -> None:
        bound = self.value(node.value)
        for target in node.targets:
            self.bind(target, bound, _is_mask(node.value, self.masks))

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        bound = self.value(node.value) if node.value else None
        self.bind(node.target, bound, node.value is not None and _is_mask(node.value, self.masks))

    def visit_For(self, node: ast.For) -> None:
        self.visit(node.iter)
        self.bind(node.target, None, False)
        for statement in (*node.body, *node.orelse):
            self.visit(statement)


def uses_in(code: str, library: Library, scope: dict[str, Bound] | None = None,
            masks: set[str] | None = None, where: str = "the code") -> list[Use]:
    """The library names and constructs that ``code`` uses, in order of first use.

    ``scope`` holds the notebook's variables bound so far (updated in place: pass the same dict for
    each cell of a notebook, in order); ``masks`` the variables that hold a boolean mask. A syntax
    error raises ``ValueError`` naming ``where``.
    """
    try:
        tree = ast.parse(_without_magics(code))
    except SyntaxError as error:
        raise ValueError(f"{where} is not valid Python: {error.msg} (line {error.lineno})") from error
    reader = _Reader(library, {} if scope is None else scope, set() if masks is None else masks)
    reader.visit(tree)
    return list(reader.uses.values())


# --- the rule ---------------------------------------------------------------------------------------

def names_it(markdown: str, use: Use, words: set[str] | None = None) -> bool:
    """True when ``markdown`` names the library name or construct ``use`` (see the module's rule).

    ``words``, the set of the markdown's words (``re.findall(r"\\w+", markdown)``), saves finding
    them again for every name.
    """
    if use.construct:
        lowered = markdown.lower()
        return any(phrase in lowered for phrase in CONSTRUCT_PHRASES[use.label])
    return use.word in (set(re.findall(r"\w+", markdown)) if words is None else words)


@dataclass(frozen=True)
class Violation:
    """A use in visible code before the name or construct was shown."""

    notebook: str
    cell: int
    label: str
    solution: bool = False

    def __str__(self) -> str:
        where = "a solution in cell" if self.solution else "cell"
        return f"{self.notebook}, {where} {self.cell}: {self.label}"


@dataclass
class NotebookReport:
    """What one notebook's visible code uses, what it shows first, and its violations.

    ``names`` and ``constructs`` map each label used to the first cell that uses it; ``shown`` maps
    each label this notebook shows first to the cell from which it counts as shown.
    """

    notebook: str
    names: dict[str, int] = field(default_factory=dict)
    constructs: dict[str, int] = field(default_factory=dict)
    shown: dict[str, int] = field(default_factory=dict)
    violations: list[Violation] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)


def analyse(notebooks: Sequence[tuple[str, Mapping[str, object]]], library: Library | None = None,
            shown: Iterable[str] = ()) -> list[NotebookReport]:
    """Apply the rule to ``notebooks`` (name and ``.ipynb`` content), in reading order.

    ``shown`` lists the keys of what counts as shown before the first notebook (by an earlier part
    of a course, say): a library name's key is where it is defined (``alliances.value.Scenario``,
    ``alliances.charts.tables.table``), a construct's is ``construct:`` and its label
    (``construct:lambda``). Returns one report per notebook.
    """
    library = library or library_index()
    per_notebook: list[tuple[str, list[tuple[CodeUnit, list[Use]]]]] = []
    for name, notebook in notebooks:
        scope: dict[str, Bound] = {}
        masks: set[str] = set()
        units = [(unit, uses_in(unit.code, library, scope, masks, where=f"{name}, cell {unit.cell}"))
                 for unit in code_units(notebook)]
        per_notebook.append((name, units))
    candidates = {use.key: use for _, units in per_notebook for unit, uses in units if unit.visible
                  for use in uses}
    known = set(shown)
    reports = []
    for name, units in per_notebook:
        report = NotebookReport(name)
        for unit, uses in units:
            if not unit.visible:
                continue
            words = set(re.findall(r"\w+", unit.markdown))
            for key, use in candidates.items():
                if key not in known and names_it(unit.markdown, use, words):
                    known.add(key)
                    report.shown[use.label] = unit.cell
            for use in uses:
                (report.constructs if use.construct else report.names).setdefault(use.label, unit.cell)
                report.keys.setdefault(use.label, use.key)
                violation = Violation(name, unit.cell, use.label, unit.solution)
                if use.key not in known and violation not in report.violations:
                    report.violations.append(violation)
        reports.append(report)
    return reports


def analyse_book(root: Path = ROOT, library: Library | None = None) -> list[NotebookReport]:
    """:func:`analyse` for every notebook of ``root/_toc.yml``, named by their path in ``root``."""
    notebooks = [(str(path.relative_to(root).with_suffix("")),
                  json.loads(path.read_text(encoding="utf-8"))) for path in book_notebooks(root)]
    return analyse(notebooks, library or library_index(root / "lib" / PACKAGE))


def names_met(reports: Iterable[NotebookReport]) -> dict[str, str]:
    """The distinct library names a student meets in ``reports``: key -> label of its first use."""
    met: dict[str, str] = {}
    for report in reports:
        for label in report.names:
            met.setdefault(report.keys[label], label)
    return met


def format_report(reports: Sequence[NotebookReport], summary: bool = False,
                  violations_only: bool = False) -> str:
    """The report as text: per notebook, or (``summary``) the counts of names a student meets."""
    lines: list[str] = []
    everything = [v for report in reports for v in report.violations]
    if summary:
        chapters = [r for r in reports if "/assignments/" not in f"/{r.notebook}"]
        lines.append(f"Library names a student meets: {len(names_met(reports))} "
                     f"({len(names_met(chapters))} in the chapters)")
        seen: set[str] = set()
        for report in reports:
            new = [label for label in report.names if report.keys[label] not in seen]
            seen.update(report.keys[label] for label in new)
            constructs = ", ".join(report.constructs) or "none"
            lines.append(f"  {report.notebook}: {len(report.names)} names, {len(new)} new; "
                         f"constructs: {constructs}")
        lines.append(f"Violations: {len(everything)}")
        return "\n".join(lines)
    for report in reports:
        if violations_only and not report.violations:
            continue
        lines.append(report.notebook)
        if not violations_only:
            lines.append("  names: " + (", ".join(report.names) or "none"))
            lines.append("  constructs: " + (", ".join(report.constructs) or "none"))
            lines.append("  shown first here: " + (", ".join(
                f"{label} (cell {cell})" for label, cell in report.shown.items()) or "none"))
        for violation in report.violations:
            where = "solution in cell" if violation.solution else "cell"
            lines.append(f"  used before shown: {violation.label} ({where} {violation.cell})")
    lines.append(f"{len(everything)} violation(s) in {len(reports)} notebooks")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the report; exit status 1 when any name or construct is used before it is shown."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the book's folder (with _toc.yml)")
    parser.add_argument("--summary", action="store_true", help="only the counts of names a student meets")
    parser.add_argument("--violations", action="store_true", help="only the violations")
    args = parser.parse_args(argv)
    reports = analyse_book(args.root)
    print(format_report(reports, summary=args.summary, violations_only=args.violations))
    return 1 if any(report.violations for report in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
