"""Run one submitted notebook inside its sandbox and hand back its named answers as JSON.

This is the only code of the grader that runs beside a student's code, inside the sandbox
(tools/sandbox.py); it judges nothing. Usage, inside the sandbox::

    python -I submission_runner.py NOTEBOOK '["patron", "ally", ...]'

In order:

1. it imports IPython and the book's library, the student's tools;
2. it installs an audit hook (``sys.addaudithook``: it cannot be removed) that writes a line to
   the grader for every file opened for writing or outside the library and the sandbox's home,
   every socket, subprocess, ``os.system`` or ``exec*`` and every ``ctypes`` event, at the
   moment it happens (stderr, which the student's cells do not get);
3. it writes a start marker on the same channel (the grader then knows that a failure after it
   is the submission's, not the sandbox's), and runs every code cell in one IPython shell, in
   order; a cell that raises is noted and the next one runs, as in a kernel;
4. it writes the named variables as JSON on its standard output (which the cells do not get
   either): ``{"values": {...}, "errors": [...]}``. A value JSON cannot hold (a chart, an object)
   is written as ``{"__object__": "<type name>"}``; an :class:`alliances.Assessment` and a
   :class:`alliances.Scenario` as their fields.

Whatever the student's code does here, it can only change its own answers: the checks run
later, in another process, on this JSON.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import sys

#: Longest text and most items kept of one answer (a larger answer is cut, and fails its check).
MAX_TEXT = 200_000
MAX_ITEMS = 10_000
#: Audit events that are always reported, by prefix.
REPORTED = ("socket.", "subprocess.", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
            "os.fork", "os.forkpty", "ctypes.", "urllib.Request", "http.client.connect",
            "ftplib.", "smtplib.", "webbrowser.", "os.kill", "signal.pthread_kill")
#: Audit events about files: reported when they write, or touch a path outside the allowed ones.
FILE_EVENTS = {"open", "os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.chmod", "os.chown",
               "os.symlink", "os.link", "os.truncate", "os.utime", "shutil.rmtree",
               "shutil.copyfile", "shutil.move", "os.listdir", "os.scandir"}


def encode(value: object, depth: int = 0) -> object:
    """``value`` as JSON data (see the module's docstring)."""
    if depth > 20:
        return {"__object__": "too deep"}
    if value is None or isinstance(value, (bool, str)):
        return value[:MAX_TEXT] if isinstance(value, str) else value
    if isinstance(value, int):
        return value if abs(value) < 2 ** 63 else float(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else {"__float__": repr(value)}
    kind = type(value)
    module, name = getattr(kind, "__module__", ""), kind.__name__
    if module.startswith("numpy") and hasattr(value, "item") and getattr(value, "ndim", 0) == 0:
        return encode(value.item(), depth + 1)
    if module.startswith("alliances") and name == "Assessment":
        fields = {f: encode(getattr(value, f), depth + 1)
                  for f in ("benefits", "costs", "alternative", "net", "margin")}
        return {"__assessment__": {**fields, "verdict": str(value.verdict.value)}}
    if module.startswith("alliances") and name == "Scenario":
        return {"__scenario__": encode(dict(value.to_params()), depth + 1)}
    if isinstance(value, dict):
        items = list(value.items())[:MAX_ITEMS]
        if all(isinstance(k, str) for k, _ in items):
            return {"__dict__": {k: encode(v, depth + 1) for k, v in items}}
        return {"__object__": "dict with keys that are not text"}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)[:MAX_ITEMS]
        tag = {list: "__list__", tuple: "__tuple__"}.get(type(value), "__set__")
        try:
            return {tag: [encode(v, depth + 1) for v in items]}
        except Exception:               # an unsortable or odd item: keep the container's name
            return {"__object__": name}
    return {"__object__": name}


def _allowed_roots() -> tuple[str, ...]:
    roots = {sys.prefix, sys.base_prefix, os.path.expanduser("~"), "/usr", "/etc",
             "/proc/self", "/dev/null", "/dev/urandom", "/dev/random", "/lib", "/lib64"}
    roots |= {p for p in sys.path if p}
    import alliances
    from alliances import curated
    roots.add(os.path.dirname(os.path.abspath(alliances.__file__)))
    roots.add(str(curated.curated_dir()))
    roots |= {os.environ[v] for v in ("ALLIANCES_DATA_DIR", "ALLIANCES_CURATED_DIR")
              if os.environ.get(v)}
    return tuple(sorted(roots))


def install_audit_hook(channel: int) -> None:
    """Report the events of :data:`REPORTED` and :data:`FILE_EVENTS` on file descriptor
    ``channel``, one JSON line each, as they happen."""
    roots = _allowed_roots()
    home = os.path.expanduser("~")
    writable = (home, "/dev/null")
    seen: set[tuple[str, str]] = set()
    write = os.write

    def inside(path: str, where: tuple[str, ...]) -> bool:
        return any(path == r or path.startswith(r.rstrip("/") + "/") for r in where)

    def hook(event: str, args: tuple) -> None:
        detail = ""
        if event in FILE_EVENTS:
            if not args or not isinstance(args[0], (str, bytes)):
                return
            raw = args[0].decode(errors="replace") if isinstance(args[0], bytes) else args[0]
            path = os.path.normpath(os.path.join(home, raw))
            mode = str(args[1]) if event == "open" and len(args) > 1 else ""
            flags = args[2] if event == "open" and len(args) > 2 else 0
            writes = (event != "open" and not event.startswith("os.list")
                      and event != "os.scandir") or any(c in mode for c in "wax+") or (
                isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
            if (writes and inside(path, writable)) or (not writes and inside(path, roots)):
                return
            detail = f"{'writes' if writes else 'reads'} {path}"
        elif event.startswith(REPORTED):
            detail = " ".join(repr(a)[:120] for a in args[:3])
        else:
            return
        key = (event, detail)
        if key in seen or len(seen) > 200:
            return
        seen.add(key)
        with contextlib.suppress(OSError):
            write(channel, (json.dumps({"event": event, "detail": detail}) + "\n").encode())

    sys.addaudithook(hook)


def main(argv: list[str]) -> int:
    """Run the notebook ``argv[0]`` and print the variables named in ``argv[1]`` (JSON list)."""
    notebook_path, names = argv[0], json.loads(argv[1])
    answers, audit = os.dup(1), os.dup(2)       # the grader's channels; the cells get /dev/null
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    os.environ.setdefault("MPLBACKEND", "Agg")
    import pandas  # noqa: F401
    from IPython.core.interactiveshell import InteractiveShell

    import alliances
    import alliances.charts
    import alliances.checks  # noqa: F401

    with open(notebook_path, "rb") as handle:      # bytes, read as the grader read them
        notebook = json.loads(handle.read())
    cells = [c for c in notebook.get("cells", []) if c.get("cell_type") == "code"]
    shell = InteractiveShell.instance(colors="NoColor", history_length=0)
    shell.history_manager.enabled = False
    install_audit_hook(audit)
    os.write(audit, b'{"event": "runner.start", "detail": ""}\n')    # judge.START_EVENT
    errors = []
    for number, cell in enumerate(cells, start=1):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        result = shell.run_cell(source, store_history=False, silent=True)
        error = result.error_before_exec or result.error_in_exec
        if error is not None:
            errors.append({"cell": number, "error": f"{type(error).__name__}: {error}"[:300]})
    values = {}
    for name in names:
        if name in shell.user_ns:
            try:
                values[name] = encode(shell.user_ns[name])
            except Exception as error:      # a value whose methods raise when read
                values[name] = {"__object__": f"unreadable ({type(error).__name__})"}
    with os.fdopen(answers, "w", encoding="utf-8") as channel:
        channel.write(json.dumps({"values": values, "errors": errors}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
