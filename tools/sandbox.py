"""Run one untrusted program (a student's submission) in a sandbox of its own, on Linux.

The sandbox is built from Linux namespaces with util-linux's ``unshare`` (always present on
Debian, no daemon, no package to install): a new user namespace (we are its root, mapped to the
caller), a new mount namespace, a new network namespace (no interface but a loopback that is
down: no network), a new PID namespace (the program sees only its own processes; killing the
sandbox kills them all) and new IPC and UTS namespaces. Inside, :func:`_inner` builds a fresh
root on a small tmpfs:

* read-only bind mounts of what the program needs: the system's ``/usr`` and libraries, a few
  files of ``/etc``, the Python installation, the virtual environment, the library and its
  data, and the read-only folders the caller names;
* a fresh, empty, writable home and ``/tmp`` (tmpfs, with a size limit);
* the files the caller hands in (the one submission), copied into the sandbox's home.

It then moves into that root with ``pivot_root`` and detaches the old one, so no path leads back
to the machine's files: not the keys, not ``instructor/``, not the other submissions, not the
grader's home, whatever absolute path the program tries. It drops every capability (the
bounding set is emptied, so the program runs with none even as uid 0 of its namespace) and sets
``no_new_privs``: the program cannot remount a read-only folder as writable. The caller sets the
limits: a memory limit (``RLIMIT_AS``), a CPU-time limit, a file-size limit and a wall-clock time
limit, after which the whole sandbox is killed. At most :data:`MAX_OUTPUT` bytes are read from its
pipes (a program can find them through /proc/self/fd): beyond, it is killed and the outcome says
so. The caller becomes a child subreaper, and after each run every process the program left
behind, however it detached, is killed (:func:`kill_leftovers`).

Being root does not help a program to see more: the hiding comes from the mount namespace, not
from file permissions. Where user namespaces are not available (macOS, Windows, a container that
forbids them), :func:`isolation` says so and the grader refuses to run, unless told to run
without isolation, in which case every output says "not isolated"; a grader that is root then
runs the program as ``nobody`` (:func:`as_nobody`).
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import resource
import select
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: The label written into every output of a run without a sandbox.
NOT_ISOLATED = "not isolated"
#: The label of a run in which each submission had a sandbox of its own.
ISOLATED = "isolated (Linux namespaces: no network, read-only library, fresh home)"

#: Where the sandbox's home is, inside it; the submission's files are copied there.
HOME = "/home/student"
#: Files of /etc a Python program may read (resolvers, time zone, fonts); nothing secret.
ETC_FILES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "nsswitch.conf",
             "passwd", "group", "hosts", "fonts", "mime.types", "ssl/certs")
#: System folders bound read-only (those that exist; symlinks such as /lib → usr/lib are copied
#: as symlinks).
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
#: Device files bound into the sandbox's /dev.
DEVICES = ("null", "zero", "random", "urandom")

_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_REMOUNT, _MS_BIND, _MS_REC, _MS_PRIVATE = (
    1, 2, 4, 32, 4096, 16384, 1 << 18)
_MNT_DETACH = 2
_PR_CAPBSET_DROP, _PR_SET_CHILD_SUBREAPER, _PR_SET_NO_NEW_PRIVS = 24, 36, 38
#: The most a sandboxed program may write to the grader's channels (stdout and stderr together).
MAX_OUTPUT = 16 * 2 ** 20
#: The unprivileged user (``nobody``) that runs a submission where the grader is root and has no
#: sandbox.
NOBODY = 65534


@dataclass(frozen=True)
class Limits:
    """The limits of one sandboxed run."""

    seconds: float = 120.0          # wall clock, then the whole sandbox is killed
    memory_mb: int = 3072           # address space (RLIMIT_AS)
    cpu_seconds: int = 300          # CPU time (RLIMIT_CPU)
    file_mb: int = 64               # largest file it may write (RLIMIT_FSIZE)
    tmpfs_mb: int = 256             # size of its home and of its /tmp


@dataclass
class Outcome:
    """What a sandboxed program left: its exit status, its output and whether it ran out of time."""

    returncode: int
    stdout: bytes
    stderr: bytes
    timed_out: bool
    seconds: float
    isolation: str = ISOLATED
    notes: list[str] = field(default_factory=list)
    overflowed: bool = False        # it wrote more than ``cap`` bytes and was stopped
    cap: int = 0


def _unshare_works() -> bool:
    try:
        done = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "--net",
                               "--pid", "--fork", "true"], capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


_ISOLATION: list[str | None] = []


def isolation() -> str | None:
    """``"unshare"`` when this machine can build the sandbox, else None (macOS, Windows, a
    container without user namespaces). Checked once per process."""
    if not _ISOLATION:
        _ISOLATION.append("unshare" if sys.platform.startswith("linux") and shutil.which(
            "unshare") and _unshare_works() else None)
    return _ISOLATION[0]


def python_paths() -> list[Path]:
    """The folders this Python needs read-only: its installation and the virtual environment."""
    paths = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve()}
    return sorted(paths)


def run(argv: Sequence[str], *, read_only: Iterable[Path] = (),
        files: Mapping[str, bytes] | None = None, env: Mapping[str, str] | None = None,
        limits: Limits = Limits(), isolated: bool = True) -> Outcome:
    """Run ``argv`` in a sandbox and return its :class:`Outcome`.

    ``read_only`` lists the folders or files it may read (bound at the same path), beside the
    system's and Python's; ``files`` maps names to contents copied into its home (its working
    folder), which is otherwise empty; ``env`` is its whole environment (``HOME`` and ``TMPDIR``
    are set here). With ``isolated=False`` (where :func:`isolation` is None and the caller
    accepted a run without a sandbox) it runs in a temporary folder with the same limits: a
    working folder is no isolation, and the outcome says "not isolated".
    """
    files = dict(files or {})
    env = {**(env or {}), "HOME": HOME, "TMPDIR": HOME, "LANG": "C.UTF-8"}
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="sandbox-") as tmp:
        if isolated:
            if isolation() is None:
                raise RuntimeError("this machine cannot build a sandbox (no user namespaces): "
                                   "grade on Linux, or accept a run labelled 'not isolated'")
            spec = {"argv": list(argv), "env": env, "files": {k: v.hex() for k, v in files.items()},
                    "read_only": sorted({str(Path(p).resolve()) for p in
                                         [*python_paths(), *read_only]}),
                    "tmpfs_mb": limits.tmpfs_mb, "root": str(Path(tmp) / "root")}
            (Path(tmp) / "root").mkdir()
            command = ["unshare", "--user", "--map-root-user", "--mount", "--net", "--pid",
                       "--ipc", "--uts", "--fork", "--kill-child",
                       sys.executable, "-I", "-S", str(Path(__file__).resolve()), "--inner"]
            stdin = json.dumps(spec).encode()
            cwd = tmp
        else:
            home = Path(tmp) / "home"
            home.mkdir()
            for name, data in files.items():
                (home / name).write_bytes(data)
            env = {**env, "HOME": str(home), "TMPDIR": str(home)}
            command, stdin, cwd = list(argv), b"", str(home)
            nobody = as_nobody()
            if nobody:                  # root without a sandbox (Gradescope): run as nobody
                os.chmod(tmp, 0o711)
                os.chown(home, NOBODY, NOBODY)
                for name in files:
                    os.chown(home / name, NOBODY, NOBODY)
                command = [*nobody, *command]

        def limit() -> None:            # in the child, before exec: the sandbox inherits these
            os.setsid()
            mb = 1024 * 1024
            for kind, value in ((resource.RLIMIT_AS, limits.memory_mb * mb),
                                (resource.RLIMIT_CPU, limits.cpu_seconds),
                                (resource.RLIMIT_FSIZE, limits.file_mb * mb),
                                (resource.RLIMIT_CORE, 0)):
                resource.setrlimit(kind, (value, value))

        _become_subreaper()
        before = _descendants()
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, cwd=cwd, preexec_fn=limit,
                                   env=env if not isolated else {"PATH": "/usr/bin:/bin"})
        deadline = start + limits.seconds
        try:
            stdout, stderr, timed_out, overflowed = _exchange(process, stdin, deadline,
                                                               MAX_OUTPUT)
            if not (timed_out or overflowed):
                try:
                    process.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    timed_out = True
        finally:
            with contextlib.suppress(OSError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            for pipe in (process.stdin, process.stdout, process.stderr):
                with contextlib.suppress(OSError):
                    pipe.close()        # type: ignore[union-attr]
            kill_leftovers(before)      # whatever left the process group (setsid, fork)
    return Outcome(process.returncode, stdout, stderr, timed_out, time.monotonic() - start,
                   ISOLATED if isolated else NOT_ISOLATED, overflowed=overflowed, cap=MAX_OUTPUT)


def _exchange(process: subprocess.Popen, stdin: bytes, deadline: float,
              cap: int) -> tuple[bytes, bytes, bool, bool]:
    """Feed ``stdin`` to ``process`` and read its stdout and stderr until both close, the
    ``deadline`` passes or more than ``cap`` bytes came (the process may have found its pipes
    through /proc/self/fd): (stdout, stderr, timed out, over the cap)."""
    chunks: dict[object, list[bytes]] = {process.stdout: [], process.stderr: []}
    total, offset, view = 0, 0, memoryview(stdin)
    with selectors.DefaultSelector() as selector:
        if view:
            selector.register(process.stdin, selectors.EVENT_WRITE)    # type: ignore[arg-type]
        else:
            process.stdin.close()                                      # type: ignore[union-attr]
        for pipe in chunks:
            selector.register(pipe, selectors.EVENT_READ)             # type: ignore[arg-type]
        exited = None           # when the program ended: what it left running gets 0.5 s more
        while selector.get_map():
            now = time.monotonic()
            if exited is None and process.poll() is not None:
                exited = now
            if now >= (deadline if exited is None else min(deadline, exited + 0.5)):
                return b"".join(chunks[process.stdout]), b"".join(chunks[process.stderr]), \
                    exited is None, False
            for key, _ in selector.select(min(deadline - now, 0.2)):
                if key.fileobj is process.stdin:
                    try:
                        offset += os.write(key.fd, view[offset:offset + select.PIPE_BUF])
                    except BrokenPipeError:
                        offset = len(view)
                    if offset >= len(view):
                        selector.unregister(key.fileobj)
                        key.fileobj.close()                            # type: ignore[union-attr]
                    continue
                data = os.read(key.fd, 65536)
                if not data:
                    selector.unregister(key.fileobj)
                    continue
                total += len(data)
                if total > cap:
                    return b"".join(chunks[process.stdout]), b"".join(chunks[process.stderr]), \
                        False, True
                chunks[key.fileobj].append(data)
    return b"".join(chunks[process.stdout]), b"".join(chunks[process.stderr]), False, False


def as_nobody() -> list[str]:
    """The command prefix that runs a program as the unprivileged user ``nobody`` (no groups,
    no new privileges) where this process is root and util-linux's ``setpriv`` exists (a
    Gradescope container without user namespaces), else ``[]``."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        return []
    return [str(shutil.which("setpriv")), f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
            "--no-new-privs", "--"]


def _become_subreaper() -> None:
    """Make this process the one that inherits the orphans of its descendants, so that a
    program that detaches (``setsid``, a double fork) stays in reach of :func:`kill_leftovers`."""
    if sys.platform.startswith("linux"):
        _libc().prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _descendants() -> set[int]:
    """The process ids of every descendant of this process (read from /proc; empty elsewhere)."""
    parents: dict[int, int] = {}
    with contextlib.suppress(OSError):
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                with contextlib.suppress(OSError, ValueError, IndexError), open(
                        f"/proc/{entry.name}/stat", "rb") as handle:
                    parents[int(entry.name)] = int(handle.read().rsplit(b")", 1)[1].split()[1])
    found, todo = set(), [os.getpid()]
    while todo:
        parent = todo.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in found]
        found.update(children)
        todo.extend(children)
    return found


def kill_leftovers(before: Iterable[int] = ()) -> list[int]:
    """Kill every descendant of this process that is not in ``before`` (the processes a run
    left behind, however they detached) and reap those that are its children; return their ids."""
    killed: list[int] = []
    for _ in range(20):
        left = _descendants() - set(before)
        if not left:
            break
        for pid in left:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(pid, os.WNOHANG)
        killed.extend(sorted(left - set(killed)))
        time.sleep(0.05)
    return killed


# ---------------------------------------------------------------------------
# Inside the namespaces: build the root, drop capabilities, run the program
# ---------------------------------------------------------------------------

def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _mount(libc: ctypes.CDLL, source: str, target: str, fstype: str | None, flags: int,
           data: str | None = None) -> None:
    if libc.mount(source.encode(), target.encode(), fstype.encode() if fstype else None,
                  ctypes.c_ulong(flags), data.encode() if data else None) != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"mount {source} on {target}: {os.strerror(error)}")


def _bind(libc: ctypes.CDLL, root: Path, path: str, writable: bool = False) -> None:
    source = Path(path)
    if not source.exists():
        return
    target = root / path.lstrip("/")
    if source.is_symlink() and str(source.parent) == "/":     # /lib → usr/lib on merged-/usr
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() and not target.is_symlink():
            target.symlink_to(os.readlink(source))
        return
    if source.is_dir():
        target.mkdir(parents=True, exist_ok=True)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch()
    _mount(libc, str(source), str(target), None, _MS_BIND | _MS_REC)
    if not writable:
        _mount(libc, "none", str(target), None,
               _MS_BIND | _MS_REMOUNT | _MS_RDONLY | _MS_NOSUID | _MS_NODEV)


def _inner() -> None:
    """Runs as root of the new namespaces: make the root, pivot into it, drop all capabilities,
    and exec the program (the spec comes as JSON on stdin)."""
    spec = json.loads(sys.stdin.buffer.read())
    libc = _libc()
    root = Path(spec["root"])
    _mount(libc, "none", "/", None, _MS_REC | _MS_PRIVATE)
    _mount(libc, "tmpfs", str(root), "tmpfs", _MS_NOSUID | _MS_NODEV, "size=16m,mode=0755")
    for path in SYSTEM_DIRS:
        _bind(libc, root, path)
    for name in ETC_FILES:
        _bind(libc, root, f"/etc/{name}")
    size = f"size={int(spec['tmpfs_mb'])}m,mode=1777"
    for path in (HOME, "/tmp"):                 # before the binds, which may lie under /tmp
        (root / path.lstrip("/")).mkdir(parents=True, exist_ok=True)
        _mount(libc, "tmpfs", str(root / path.lstrip("/")), "tmpfs", _MS_NOSUID | _MS_NODEV, size)
    for path in spec["read_only"]:
        _bind(libc, root, path)
    (root / "dev").mkdir(exist_ok=True)
    for device in DEVICES:
        _bind(libc, root, f"/dev/{device}", writable=True)
    (root / "proc").mkdir(exist_ok=True)
    _mount(libc, "proc", str(root / "proc"), "proc", _MS_NOSUID | _MS_NODEV)
    for name, data in spec["files"].items():
        (root / HOME.lstrip("/") / name).write_bytes(bytes.fromhex(data))
    old = root / ".old-root"
    old.mkdir()
    if libc.syscall(155 if os.uname().machine == "x86_64" else 41, str(root).encode(),
                    str(old).encode()) != 0:                 # pivot_root (x86_64 / aarch64)
        raise OSError(ctypes.get_errno(), "pivot_root failed")
    os.chdir("/")
    if libc.umount2(b"/.old-root", _MNT_DETACH) != 0:
        raise OSError(ctypes.get_errno(), "could not detach the old root")
    os.rmdir("/.old-root")
    _mount(libc, "none", "/", None, _MS_BIND | _MS_REMOUNT | _MS_RDONLY | _MS_NOSUID | _MS_NODEV)
    os.chdir(HOME)
    for cap in range(64):                           # no capability survives the exec
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 and ctypes.get_errno() != 22:
            raise OSError(ctypes.get_errno(), f"could not drop capability {cap}")
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "could not set no_new_privs")
    os.execve(spec["argv"][0], spec["argv"], spec["env"])


if __name__ == "__main__" and sys.argv[1:] == ["--inner"]:
    _inner()
