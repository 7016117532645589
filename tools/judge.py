"""Judge a submission from outside its reach: its answers as data, the checks in a clean process.

A submission's code never runs where it is judged. Grading one submission takes three steps:

1. **Scan** (:func:`scan`): before anything runs, the notebook's code is parsed (IPython's
   syntax turned into Python first) and every statement that would tamper with the grading is
   named: an assignment to, ``del`` of, ``setattr``/``delattr`` on anything reached from
   ``alliances``, ``otter`` or the grading helpers (``checks``, ``grader``), also through an
   alias or a module's ``__dict__``, a rebinding of those names, an edit of ``sys.modules``, a
   ``reload``, code run out of the scan's sight (``exec``, ``run_cell``, a magic) and the
   modules that open sockets, start processes or load C code (``socket``, ``subprocess``,
   ``ctypes``…). Python's audit hooks do not see a module attribute being reassigned; this
   scan does. A cell it cannot parse is named too.
2. **Run** (:func:`run_submission`): the notebook runs in a sandbox of its own
   (tools/sandbox.py: no network, a fresh home, the library read-only, nothing else of the
   machine in sight, time and memory limits), through tools/submission_runner.py, which installs
   an audit hook before the student's first cell and hands back the named variables as JSON and
   the audit events as they happen.
3. **Judge** (:func:`judge`): in the grader's own process, which never ran the student's code,
   the JSON is turned back into values (:func:`decode`) and each hidden test's check is called
   on them, ``checks.check_x(values…, **options, **params)``, with the variant's parameters
   (``{}`` is the book's own variant). The checks and the key are the grader's: nothing the
   submission did can change what is compared, or how.

The hidden tests are the master notebooks' otter test cells (``instructor/assignments/``): each
names its check and the variables it reads (:class:`Check`, read by tools/grade.py). The same
three steps grade a folder (``make grade``) and a Gradescope submission (:func:`gradescope`,
the autograder zip's entry point).
"""

from __future__ import annotations

import ast
import hashlib
import inspect
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNNER = HERE / "submission_runner.py"
#: Names whose attributes a submission must not assign: the library, otter and the tests' helpers.
GUARDED_MODULES = ("alliances", "otter")
GUARDED_NAMES = ("checks", "grader", "alliances", "otter")
#: Modules a submission has no reason to import: each is named in the summary.
SUSPECT_MODULES = {"socket": "opens network sockets", "ssl": "opens network sockets",
                   "urllib": "opens network connections", "http": "opens network connections",
                   "requests": "opens network connections", "subprocess": "starts processes",
                   "multiprocessing": "starts processes", "ctypes": "loads C code",
                   "cffi": "loads C code", "importlib": "reloads or loads modules by hand",
                   "builtins": "changes Python's built-in functions"}

#: IPython magics that run no code of the student's beyond what the scan reads.
SAFE_MAGICS = frozenset({"pip", "conda", "matplotlib", "config", "precision", "who", "whos",
                         "pwd", "ls"})


@dataclass(frozen=True)
class Check:
    """One hidden test: the check it calls and on what, and its points."""

    question: str
    function: str                   # the name of the check in alliances.checks
    variables: tuple[str, ...]      # the student's variables, in the check's order
    options: tuple[tuple[str, str], ...] = ()   # keyword → Python expression (literal or checks.X)
    points: float = 0.0


@dataclass(frozen=True)
class Result:
    """The automatic marks of one question for one submission, with the feedback to show."""

    question: str
    score: float
    possible: float
    message: str


@dataclass
class Run:
    """What running one submission in its sandbox gave: answers, errors, audit events."""

    values: dict = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    problem: str = ""               # why no answers came back (timeout, invalid output), or ""
    seconds: float = 0.0
    isolation: str = ""
    started: bool = False           # the runner reached the student's first cell
    grader_fault: bool = False      # the problem is the grader's (sandbox, runner), not the student's
    library_changed: bool = False   # without a sandbox: the installed library changed during the run


# ---------------------------------------------------------------------------
# The hidden tests, read from the master notebook's otter test cells
# ---------------------------------------------------------------------------

def checks_from_cells(cells: Iterable[dict], points: Mapping[str, float]) -> list[Check]:
    """The hidden tests of a master notebook's cells (already cut to one track).

    ``points`` maps each auto-graded question to its points; a test cell's ``points:`` in its
    TEST CONFIG sets its own, and the tests without one share the rest equally (otter's rule).
    """
    found: list[tuple[str, Check, float | None]] = []
    question, in_tests = "", False
    for cell in cells:
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "raw":
            match = re.search(r"^name:\s*(\w+)", text, re.MULTILINE)
            if text.startswith("# BEGIN QUESTION") and match:
                question = match.group(1)
            in_tests = {"# BEGIN TESTS": True, "# END TESTS": False}.get(text.strip(), in_tests)
            continue
        if not (in_tests and cell["cell_type"] == "code" and "BEGIN TEST CONFIG" in text):
            continue
        own = re.search(r"^points:\s*([\d.]+)", text, re.MULTILINE)
        calls = [node for node in ast.walk(ast.parse(text)) if isinstance(node, ast.Call)
                 and isinstance(node.func, ast.Attribute) and node.func.attr.startswith("check_")
                 and isinstance(node.func.value, ast.Name) and node.func.value.id == "checks"]
        if len(calls) != 1 or not all(isinstance(a, ast.Name) for a in calls[0].args):
            raise ValueError(f"the hidden test of {question} should call one check on named "
                             f"variables, as checks.check_x(a, b): {text!r}")
        call = calls[0]
        check = Check(question, call.func.attr, tuple(a.id for a in call.args),    # type: ignore
                      tuple((k.arg or "", ast.unparse(k.value)) for k in call.keywords))
        found.append((question, check, float(own.group(1)) if own else None))
    result = []
    for name, total in points.items():
        tests = [(c, p) for q, c, p in found if q == name]
        if not tests:
            raise ValueError(f"question {name} has no hidden test")
        fixed = sum(p for _, p in tests if p is not None)
        free = [c for c, p in tests if p is None]
        for check, own_points in tests:
            share = own_points if own_points is not None else (total - fixed) / len(free)
            result.append(Check(**{**asdict(check), "points": share}))
    return result


def variables(checks: Iterable[Check]) -> list[str]:
    """The student's variables that the checks read, each once, in order."""
    return list(dict.fromkeys(v for check in checks for v in check.variables))


def _option(source: str, library: object) -> object:
    try:
        return ast.literal_eval(source)
    except ValueError:
        pass
    match = re.fullmatch(r"checks\.([A-Z_]+)", source)
    if not match:
        raise ValueError(f"a hidden test's option must be a literal or checks.NAME: {source!r}")
    return getattr(library, match.group(1))


def code_sources(notebook: object) -> list[str]:
    """The source of each code cell of a submitted notebook (parsed JSON), in order.

    Raises ValueError, naming the first cell that is not a notebook cell (not an object, or a
    source that is neither text nor a list of texts): a student controls every byte of the file.
    """
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        raise ValueError("no list of cells")
    sources = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            raise ValueError(f"cell {number} is not a notebook cell")
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(line, str) for line in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise ValueError(f"cell {number}'s source is not text")
        sources.append(source)
    return sources


# ---------------------------------------------------------------------------
# 1. The tamper scan
# ---------------------------------------------------------------------------

def _python(source: str) -> str:
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:         # pragma: no cover - IPython comes with the test environment
        return source
    return TransformerManager().transform_cell(source)


def _root(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _dotted(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except Exception:           # pragma: no cover - ast.unparse handles every parsed node
        return "?"


def scan(sources: Sequence[str]) -> list[str]:
    """Every tampering attempt in the code cells ``sources``, one sentence each (in cell order).

    Names bound to ``alliances``, ``otter`` or a module inside them are followed through
    ``import … as``, ``from … import`` and plain assignment (``c = alliances.checks``); so are
    names bound to ``sys`` and ``json``. Assigning, deleting or ``setattr``-ing anything reached
    from them (``json.dumps`` writes the answers), editing their ``__dict__``, rebinding the
    names ``checks``, ``grader``, ``alliances`` or ``otter``, editing ``sys.modules``, reloading
    a module, running code the scan cannot see (``exec``, ``get_ipython().run_cell``…) and
    importing a module of :data:`SUSPECT_MODULES` are reported.
    """
    guarded: set[str] = set(GUARDED_NAMES)
    aliases: dict[str, str] = {"sys": "sys", "json": "json"}   # name → the module it stands for
    found: list[str] = []

    def note(cell: int, node: ast.AST, what: str) -> None:
        found.append(f"cell {cell}, line {getattr(node, 'lineno', '?')}: {what}")

    def canonical(node: ast.AST) -> str:
        """The dotted name of ``node`` with its root alias of sys or json resolved."""
        text = _dotted(node)
        root = _root(node)
        if root in aliases and root != aliases[root]:
            text = aliases[root] + text[len(root):]
        return text

    def is_guarded(node: ast.AST) -> bool:
        return _root(node) in guarded or canonical(node).startswith("json.")

    for number, source in enumerate(sources, start=1):
        try:
            tree = ast.parse(_python(source))
        except SyntaxError:
            continue                       # it fails when it runs, and loses its own marks
        except Exception as error:         # MemoryError, RecursionError: too deep to parse
            found.append(f"cell {number}: could not be parsed ({type(error).__name__}), so it "
                         "was not scanned")
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                module = (node.module or "") if isinstance(node, ast.ImportFrom) else ""
                for alias in node.names:
                    full = f"{module}.{alias.name}" if module else alias.name
                    top = full.split(".")[0]
                    bound = alias.asname or alias.name.split(".")[0]
                    if top in GUARDED_MODULES:
                        guarded.add(bound)
                    elif full in ("sys", "json", "sys.modules") and (alias.asname or module):
                        aliases[bound] = full
                    if top in SUSPECT_MODULES:
                        note(number, node, f"imports {top}, which {SUSPECT_MODULES[top]}")
        for _ in range(5):                 # c = alliances.checks; d = c … (to a fixed point)
            before = len(guarded) + len(aliases)
            for node in ast.walk(tree):
                if isinstance(node, ast.Assign) and node.value is not None:
                    names = [t.id for t in node.targets if isinstance(t, ast.Name)]
                    if _root(node.value) in guarded and isinstance(
                            node.value, (ast.Name, ast.Attribute)):
                        guarded.update(names)
                    elif canonical(node.value) in ("sys", "json", "sys.modules"):
                        aliases.update(dict.fromkeys(names, canonical(node.value)))
            if len(guarded) + len(aliases) == before:
                break
        for node in ast.walk(tree):
            targets: list[ast.AST] = []
            if isinstance(node, (ast.Assign, ast.Delete)):
                targets = list(node.targets)
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
                targets = [node.target]
            for target in targets:
                for part in ast.walk(target):
                    if isinstance(part, (ast.Attribute, ast.Subscript)):
                        if canonical(part).startswith("sys.modules"):
                            note(number, node, f"edits sys.modules ({_dotted(part)})")
                            break               # one note for each target
                        if is_guarded(part):
                            verb = "deletes" if isinstance(node, ast.Delete) else "assigns"
                            what = ("which the grader's runner uses" if canonical(
                                part).startswith("json.") else "part of the graded library or "
                                "the grading helpers")
                            note(number, node, f"{verb} {_dotted(part)}, {what}")
                            break
                    elif (isinstance(part, ast.Name) and part.id in GUARDED_NAMES
                          and isinstance(node, ast.Assign) and part in node.targets):
                        note(number, node, f"rebinds the name {part.id}, which the grading "
                             "helpers use")
            if isinstance(node, ast.Call):
                name = _dotted(node.func)
                first = node.args[0] if node.args else None
                method = name.split(".")[-1]
                if name in ("setattr", "delattr", "object.__setattr__", "vars().update") and (
                        first is not None and (is_guarded(first)
                                               or canonical(first).startswith("sys.modules"))):
                    note(number, node, f"calls {name} on {_dotted(first)}, part of the graded "
                         "library or the grading helpers")
                elif (isinstance(node.func, ast.Attribute) and "__dict__" in name
                      and is_guarded(node.func)) or (
                        name.startswith("vars(") and first is None and isinstance(
                            node.func, ast.Attribute) and isinstance(node.func.value, ast.Call)
                        and node.func.value.args and is_guarded(node.func.value.args[0])):
                    note(number, node, f"edits a module's namespace ({name}), part of the graded "
                         "library or the grading helpers")
                elif canonical(node.func).startswith("sys.modules.") and method not in (
                        "get", "keys", "items", "values", "copy"):
                    note(number, node, f"edits sys.modules ({name})")
                elif method == "reload":
                    note(number, node, f"reloads a module ({_dotted(node)})")
                elif name in ("__import__", "exec", "eval", "compile") and _root(
                        node.func) is not None:
                    note(number, node, f"calls {name}, which hides code from this scan")
                elif method in ("run_line_magic", "run_cell_magic") and isinstance(
                        first, ast.Constant) and first.value in SAFE_MAGICS:
                    continue                # %pip, %matplotlib: IPython's syntax, turned
                elif method in ("run_cell", "run_line_magic", "run_cell_magic", "ex", "ev",
                                "run_code", "runcode", "safe_execfile", "safe_run_module"):
                    magic = (f"the magic {first.value!r}" if isinstance(first, ast.Constant)
                             and method in ("run_line_magic", "run_cell_magic") else name)
                    note(number, node, f"runs {magic}, whose code is hidden from this scan")
    return found


# ---------------------------------------------------------------------------
# 2. Running the submission in its sandbox
# ---------------------------------------------------------------------------

def read_only_paths() -> list[Path]:
    """What a submission may read besides the system and Python: the library's package folder,
    its curated data and the open datasets' mirror (``ALLIANCES_DATA_DIR``), and the runner."""
    import os

    import alliances
    from alliances import curated
    paths = [Path(alliances.__file__).resolve().parent, curated.curated_dir().resolve(), RUNNER]
    mirror = os.environ.get("ALLIANCES_DATA_DIR", "").strip()
    if mirror and Path(mirror).is_dir():
        paths.append(Path(mirror).resolve())
    return paths


def run_submission(notebook: bytes, names: Sequence[str], *, isolated: bool = True,
                   seconds: float = 120.0) -> Run:
    """Run a submitted notebook (its bytes) in a sandbox and take the variables ``names`` out."""
    import os

    import sandbox

    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "MPLBACKEND": "Agg",
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "PYTHONHASHSEED": "0",
           "ALLIANCES_CACHE_DIR": f"{sandbox.HOME}/.cache/alliances", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    for name in ("ALLIANCES_DATA_DIR", "ALLIANCES_CURATED_DIR"):
        if os.environ.get(name):
            env[name] = str(Path(os.environ[name]).resolve())
    runner = str(RUNNER) if isolated else "submission_runner.py"
    files = {"submission.ipynb": notebook}
    if not isolated:
        files["submission_runner.py"] = RUNNER.read_bytes()
    library = "" if isolated else library_fingerprint()     # in a sandbox it is read-only
    outcome = sandbox.run([sys.executable, "-I", runner, "submission.ipynb", json.dumps(list(names))],
                          read_only=read_only_paths(), files=files, env=env, isolated=isolated,
                          limits=sandbox.Limits(seconds=seconds))
    run = Run(seconds=outcome.seconds, isolation=outcome.isolation)
    if library and library_fingerprint() != library:
        run.library_changed, run.started = True, True
        run.problem = "changed the installed library during its run: no marks"
        return run
    for line in outcome.stderr.decode("utf-8", "replace").splitlines():
        try:
            event = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if isinstance(event, dict) and set(event) == {"event", "detail"}:
            if event["event"] == START_EVENT:
                run.started = True
            else:
                run.events.append({k: str(v)[:300] for k, v in event.items()})
    tail = outcome.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    status = f"exit status {outcome.returncode}{': ' + tail[0][:200] if tail[0] else ''}"
    if outcome.overflowed:
        run.problem = (f"output too large: it wrote more than {outcome.cap // 2 ** 20} MB to "
                       "the grader's channels and was stopped")
        return run
    if not run.started:         # the sandbox or the runner failed before the student's code
        run.grader_fault = True
        run.problem = ("grader error: the sandbox failed before the submission's first cell ("
                       + (f"no start after {seconds:g} s" if outcome.timed_out else status) + ")")
        return run
    if outcome.timed_out:
        run.problem = f"never finished: stopped after {seconds:g} s"
        return run
    try:
        data = json.loads(outcome.stdout.decode("utf-8"))
        run.values = dict(data["values"])
        run.errors = [{"cell": int(e["cell"]), "error": str(e["error"])[:300]}
                      for e in data["errors"]]
    except (ValueError, KeyError, TypeError, RecursionError, UnicodeDecodeError):
        run.problem = f"its run gave no readable answers ({status})"
    return run


#: The flag of a run without a sandbox that changed the installed library or its data.
LIBRARY_CHANGED = "changed the installed library during its run"
#: The event the runner writes just before the student's first cell (tools/submission_runner.py):
#: a run that never wrote it failed on the grader's side, not the student's.
START_EVENT = "runner.start"
#: The trivial submission of :func:`self_test`.
_TRIVIAL = {"cells": [{"cell_type": "code", "metadata": {}, "source": "answer = 6 * 7"}],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def self_test(isolated: bool = True, seconds: float = 120.0) -> None:
    """Run a trivial notebook through the whole sandbox and runner once; raise RuntimeError,
    saying what failed, unless its answer comes back (so a broken sandbox never grades a class)."""
    run = run_submission(json.dumps(_TRIVIAL).encode(), ["answer"], isolated=isolated,
                         seconds=seconds)
    if run.problem or run.values.get("answer") != 42:
        raise RuntimeError("the sandbox does not work on this machine: a trivial notebook gave "
                           f"{run.problem or run.values!r}; nothing was graded")


def suspicious_events(events: Iterable[Mapping[str, str]]) -> list[str]:
    """The audit events worth naming in the summary, one sentence each."""
    words = {"socket.": "opened a network socket", "subprocess.": "started a process",
             "os.system": "ran a shell command", "os.exec": "replaced itself by a program",
             "os.posix_spawn": "started a process", "os.spawn": "started a process",
             "os.fork": "forked", "ctypes.": "called C code through ctypes"}
    found = []
    for event in events:
        name, detail = event["event"], event["detail"]
        if detail.startswith(("writes ", "reads ")):
            what = "wrote" if detail.startswith("writes") else "read"
            found.append(f"{what} a file outside its sandbox's home ({name}: {detail.split(' ', 1)[1]})")
            continue
        for prefix, sentence in words.items():
            if name.startswith(prefix):
                found.append(f"{sentence} ({name}{': ' + detail if detail else ''})")
                break
    return list(dict.fromkeys(found))


# ---------------------------------------------------------------------------
# 3. Judging, in a process the submission never touched
# ---------------------------------------------------------------------------

class _Unreadable:
    """Stands for a value the JSON could not carry; its type name is the original's."""


def _placeholder(name: str) -> object:
    clean = re.sub(r"\W", "_", str(name))[:60] or "object"
    return type(clean, (_Unreadable,), {})()


def decode(data: object, depth: int = 0) -> object:
    """A value written by tools/submission_runner.py, back as a Python value (never raises)."""
    if depth > 25:
        return _placeholder("too_deep")
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, list):
        return [decode(v, depth + 1) for v in data]
    if not isinstance(data, dict) or len(data) != 1:
        return _placeholder(type(data).__name__)
    (tag, inner), = data.items()
    try:
        if tag == "__dict__" and isinstance(inner, dict):
            return {str(k): decode(v, depth + 1) for k, v in inner.items()}
        if tag in ("__list__", "__tuple__", "__set__") and isinstance(inner, list):
            items = [decode(v, depth + 1) for v in inner]
            return {"__list__": list, "__tuple__": tuple, "__set__": set}[tag](items)
        if tag == "__float__":
            return float(str(inner))
        if tag == "__assessment__" and isinstance(inner, dict):
            from alliances.value import Assessment, Verdict
            fields = {k: float(inner[k]) for k in ("benefits", "costs", "alternative", "net",
                                                   "margin")}
            return Assessment(**fields, verdict=Verdict(inner["verdict"]))
        if tag == "__scenario__" and isinstance(inner, dict):
            from alliances import Scenario
            return Scenario.from_params({k: float(v) for k, v in inner["__dict__"].items()})
        if tag == "__object__":
            return _placeholder(str(inner))
    except Exception:                # hostile or odd data: the check says it cannot read it
        return _placeholder(tag.strip("_") or "object")
    return _placeholder("object")


def judge(values: Mapping[str, object], checks: Sequence[Check],
          params: Mapping[str, object] | None = None) -> list[Result]:
    """One :class:`Result` per question: each hidden test's check called on the decoded values.

    ``params`` are the student's variant's parameters (``{}``: the book's variant); each check
    gets those its signature accepts. A variable the notebook never set counts as ``None`` (the
    notebook's placeholder), so its check says "Not done yet".
    """
    from alliances import checks as library

    params = dict(params or {})
    results: dict[str, list[tuple[float, float, str]]] = {}
    for check in checks:
        function = getattr(library, check.function)
        accepted = inspect.signature(function).parameters
        every = any(p.kind is p.VAR_KEYWORD for p in accepted.values())
        options = {k: _option(v, library) for k, v in check.options}
        options.update({k: v for k, v in params.items() if every or k in accepted})
        arguments = [decode(values[v]) if v in values else None for v in check.variables]
        feedback = function(*arguments, **options)
        results.setdefault(check.question, []).append(
            (check.points if feedback.passed else 0.0, check.points,
             "" if feedback.passed else str(feedback)))
    return [Result(question, round(sum(s for s, _, _ in parts), 10),
                   round(sum(p for _, p, _ in parts), 10),
                   "; ".join(m for _, _, m in parts if m) or "passed")
            for question, parts in results.items()]


# ---------------------------------------------------------------------------
# Hashing (what a cached grade depends on)
# ---------------------------------------------------------------------------

def library_fingerprint() -> str:
    """A hash of the library's version and every file of its package and curated data."""
    import alliances
    from alliances import curated

    digest = hashlib.sha256(alliances.__version__.encode())
    for folder in (Path(alliances.__file__).resolve().parent, curated.curated_dir()):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def autograder_fingerprint(checks: Sequence[Check]) -> str:
    """A hash of the grader's code (this file, the sandbox, the runner) and of the hidden tests."""
    digest = hashlib.sha256(json.dumps([asdict(c) for c in checks]).encode())
    for path in (Path(__file__).resolve(), HERE / "sandbox.py", RUNNER):
        digest.update(path.read_bytes())
    return digest.hexdigest()


# ---------------------------------------------------------------------------
# Gradescope: the autograder zip's entry point
# ---------------------------------------------------------------------------

def gradescope(root: Path = Path("/autograder")) -> Path:
    """Grade the one notebook in ``root/submission`` and write ``root/results/results.json``.

    ``root/source/checks.json`` holds the hidden tests (written by ``tools/grade.py
    autograder``); with ``root/source/secret.key`` (``autograder --secret``) the submission's
    signature is checked and it is judged against its own variant, or not graded. The
    submission runs in the same sandbox as with ``make grade`` when the machine allows user
    namespaces, and is labelled "not isolated" when it does not (the Gradescope container is then
    its only wall): the hidden tests, the secret and the library are then read before it runs,
    the secret file is deleted, the submission runs as ``nobody`` where the autograder is root
    (tools/sandbox.py), every process it leaves is killed, and a change to the installed library
    voids its marks. Returns the path of results.json.
    """
    # Everything the judge needs is read before the submission runs, and the secret leaves the
    # disk: without a sandbox the submission runs beside these files (as nobody where possible).
    spec = json.loads((root / "source" / "checks.json").read_text(encoding="utf-8"))
    checks = [Check(**{**c, "variables": tuple(c["variables"]),
                       "options": tuple(tuple(o) for o in c["options"])}) for c in spec["checks"]]
    key_file = root / "source" / "secret.key"
    secret = key_file.read_bytes().strip() if key_file.is_file() else None
    if secret is not None:
        import variants  # imported before any student code runs
        key_file.unlink()           # a Gradescope container grades one submission
    import sandbox

    output = root / "results" / "results.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    notebooks = sorted((root / "submission").glob("*.ipynb"))
    if len(notebooks) != 1:
        output.write_text(json.dumps({"score": 0, "output": f"Submit exactly one notebook "
                                      f"(.ipynb); found {len(notebooks)}."}))
        return output
    data = notebooks[0].read_bytes()
    try:
        sources = code_sources(json.loads(data))
    except (ValueError, RecursionError) as error:
        output.write_text(json.dumps({"score": 0, "output": "The file is not a notebook "
                                      f"({str(error)[:80]})."}))
        return output
    params, label = spec.get("params", {}), "the book's variant"
    if secret is not None:          # signed copies: each its own variant
        try:
            signed = variants.read_signed(json.loads(data), secret)
            if signed.assignment != spec["assignment"]:
                raise variants.SignatureError(f"signed for {signed.assignment}")
        except variants.SignatureError as error:
            output.write_text(json.dumps({"score": 0, "output": f"Not graded: signature "
                                          f"{error.reason}. Hand in your own signed copy."}))
            return output
        params = variants.variant_by_id(signed.assignment, signed.vid).params
        label = f"variant {signed.vid} of {signed.login}"
    isolated = sandbox.isolation() is not None
    preload()
    run = run_submission(data, variables(checks), isolated=isolated)
    if run.grader_fault:            # Gradescope then shows a failed autograder, not a zero
        raise SystemExit(f"The autograder failed (not the student's work): {run.problem}")
    flags = scan(sources) + suspicious_events(run.events) + (
        [LIBRARY_CHANGED] if run.library_changed else [])
    results = judge(run.values, checks, params) if not run.problem else [
        Result(q, 0.0, sum(c.points for c in checks if c.question == q), run.problem)
        for q in dict.fromkeys(c.question for c in checks)]
    notes = [f"Grading: {run.isolation}; judged against {label}."] + [
        f"Flagged: {f}" for f in flags] + [
        f"Cell {e['cell']} raised {e['error']}" for e in run.errors]
    output.write_text(json.dumps({
        "score": sum(r.score for r in results),
        "output": "\n".join(notes),
        "tests": [{"name": r.question, "score": r.score, "max_score": r.possible,
                   "output": r.message, "visibility": "visible"} for r in results],
    }, indent=1))
    return output


def preload() -> None:
    """Import every module of the library before a submission runs (without a sandbox it runs
    beside the installed library; :func:`run_submission` voids a run that changed it)."""
    import importlib
    import pkgutil

    import alliances

    for module in pkgutil.walk_packages(alliances.__path__, "alliances."):
        try:
            importlib.import_module(module.name)
        except Exception:           # an optional part whose extra is not installed
            continue


if __name__ == "__main__":
    if sys.argv[1:2] == ["gradescope"]:
        print(gradescope(Path(sys.argv[2]) if len(sys.argv) > 2 else Path("/autograder")))
