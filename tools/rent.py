"""Measure what each speed mechanism of the book buys, on and off, interleaved in one run.

A measurement run by hand (not a test): it prints figures for the rent table of CONTRIBUTING.md
("Machinery that pays its rent") and never fails on them. Each mechanism is named in
``alliances.speedups.MECHANISMS``; "off" means that one mechanism off and every other on. The on
and off runs alternate, so that the machine's load falls on both; the load average (``uptime``) is
printed with each figure. Each figure is a median with its spread, the median absolute deviation
of the runs (the larger of on's and off's); a mechanism pays its rent when its gain is at least
twice that spread (and, for a page, 100 ms at 390 px; for the import, 10% of its time). The
median and spread of the paired differences (on and off of the same round) follow: under a load
that drifts between rounds, they show what the levels' spread hides.

  page    On copies of a plain build (``make book PLAIN=1``, read from --site), the page mechanisms
          are applied as the build applies them (``alliances.sphinxext.finish_site``): one copy with
          all on, one with each off. Each page of --pages is opened cold --runs times at 390 and at
          1280 px in every copy, in turn: DOMContentLoaded and charts visible (the chart's picture
          or the live chart), as ``make bench`` measures them.
  import  ``import alliances`` in a fresh interpreter, --runs times with the stand-in for
          rfc3987_syntax and as many without (--python: the students' runtime set, such as the
          installed wheel's environment of the tests; this checkout's library comes first on its path).
  build   The prefill of a fresh execution cache, one notebook per core and one at a time; then
          a clean Sphinx build (the prefilled cache, no read pages) and a no-change build, with
          {eval} chapters answered from the cache and run again inline. --rounds rounds, in folders
          under _build/rent (this worktree's cache and pictures are copied there first).
  sites   Two finished sites, --site (after) and --before, such as today's build and an earlier
          commit's: the pages of --pages opened cold in turn, as for page; a positive gain means
          --site is faster.

Usage: ``python tools/rent.py page|sites|import|build [options]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from alliances.speedups import MECHANISMS, SWITCH  # noqa: E402
from bookfiles import CHROMIUM_FLAGS, chromium, serve  # noqa: E402  (tools/ is no package)

PAGE_MECHANISMS = ("chart-pictures", "held-scripts")
#: The pages where the page mechanisms matter most: the longest page with the most charts, and the
#: chapter of the formula's explorer.
PAGES = ("book/russia/russian-case", "book/theory/theory")
WIDTHS = (390, 1280)


def load() -> str:
    """The machine's load averages over 1, 5 and 15 minutes."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def mad(values: Sequence[float]) -> float:
    """The median absolute deviation of ``values`` from their median."""
    middle = statistics.median(values)
    return statistics.median(abs(v - middle) for v in values)


def verdict(on: Sequence[float], off: Sequence[float], floor: float = 0.0,
            compare: bool = False) -> str:
    """One line: medians on and off, the gain, the spread, and whether the gain pays the rent
    (at least twice the spread, and at least ``floor``); with ``compare``, whether "on" (a later
    build) is faster or slower than "off" (an earlier one) by twice the spread, or neither."""
    gain = statistics.median(off) - statistics.median(on)
    spread = max(mad(on), mad(off))
    pays = gain >= 2 * spread and gain >= floor
    if compare:
        said = ("faster" if gain >= 2 * spread else "slower" if -gain >= 2 * spread
                else "within the spread")
    else:
        said = "pays" if pays else "does not pay"
    # The runs of one round are neighbours in time: their differences leave out the load's drift.
    paired = [b - a for a, b in zip(on, off)]
    return (f"on {statistics.median(on):7.3f}  off {statistics.median(off):7.3f}  "
            f"gain {gain:+7.3f}  spread {spread:6.3f}  n={len(on)}/{len(off)}  "
            f"{said}  (paired: gain {statistics.median(paired):+7.3f}"
            f"  spread {mad(paired):6.3f})")


# ---- pages -----------------------------------------------------------------------------------

def variant_sites(plain: Path, folder: Path) -> dict[str, Path]:
    """Copies of the plain site ``plain`` in ``folder``: ``on`` (every page mechanism) and, for each
    page mechanism, the site with that one off."""
    from alliances.sphinxext import finish_site

    cache = ROOT / "_build" / "alliances_previews"
    sites = {}
    for name in ("on", *PAGE_MECHANISMS):
        site = folder / name
        shutil.copytree(plain, site)
        finish_site(site, cache, frozenset() if name == "on" else {name})
        sites[name] = site
    return sites


def sample_sites(sites: dict[str, Path], names: Sequence[str], runs: int) -> tuple[dict, list]:
    """Open each page of ``names`` cold ``runs`` times at each width in every site of ``sites``,
    the sites in turn (their order reversed every other run); return the samples, keyed by page,
    width and site, and the load averages seen."""
    from playwright.sync_api import sync_playwright

    from bench import measure_page

    servers = {name: serve(site) for name, site in sites.items()}
    samples: dict[tuple, list[dict]] = {}
    loads: list[float] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
            first = next(iter(servers.values()))[1]
            measure_page(browser, f"{first}/{names[0]}.html")   # warm the browser
            for run in range(runs):
                loads.append(os.getloadavg()[0])
                for page in names:
                    for width in WIDTHS:
                        order = list(sites) if run % 2 == 0 else list(reversed(sites))
                        for name in order:
                            url = f"{servers[name][1]}/{page}.html"
                            samples.setdefault((page, width, name), []).append(
                                measure_page(browser, url, width))
            browser.close()
    finally:
        for httpd, _ in servers.values():
            httpd.shutdown()
    print(f"Pages: {runs} cold loads each, interleaved; load average (1 min) during the runs "
          f"{min(loads):.1f} to {max(loads):.1f}, median {statistics.median(loads):.1f}. Seconds.")
    return samples, loads


def report(samples: dict, names: Sequence[str], base: str, others: Sequence[str],
           compare: bool = False) -> None:
    """Print, for each page, width, site of ``others`` and measure, ``base`` against that site."""
    for page in names:
        for width in WIDTHS:
            on = samples[(page, width, base)]
            for other in others:
                off = samples[(page, width, other)]
                floor = 0.1 if width == 390 else 0.0
                for measure in ("dcl", "charts"):
                    if on[0][measure] is None:
                        continue
                    print(f"  {page:26} {width:4} px  {other:20} {measure:6} "
                          + verdict([s[measure] for s in on], [s[measure] for s in off], floor,
                                    compare))


def pages(plain: Path, names: Sequence[str], runs: int, keep: Path | None = None) -> None:
    if 'data-alliances-later="' in (plain / f"{names[0]}.html").read_text(encoding="utf-8"):
        sys.exit(f"{plain} is not a plain build: run `make book PLAIN=1` first.")
    with tempfile.TemporaryDirectory(prefix="alliances-rent-") as folder:
        if keep:
            shutil.rmtree(keep, ignore_errors=True)
        sites = variant_sites(plain, keep or Path(folder))
        samples, _ = sample_sites(sites, names, runs)
    report(samples, names, "on", PAGE_MECHANISMS)


def compare_sites(after: Path, before: Path, names: Sequence[str], runs: int) -> None:
    """Two finished sites, such as today's build and the build of an earlier commit: "on" is
    ``after``, "off" is ``before``, so a positive gain means ``after`` is faster."""
    samples, _ = sample_sites({"after": after, "before": before}, names, runs)
    report(samples, names, "after", ("before",), compare=True)


# ---- import ----------------------------------------------------------------------------------

_IMPORT = "import time; t = time.perf_counter(); import alliances; print(time.perf_counter() - t)"


def import_time(python: str, runs: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "lib")}
    env.pop(SWITCH, None)
    times: dict[str, list[float]] = {"on": [], "off": []}
    loads = []
    for run in range(runs):
        loads.append(os.getloadavg()[0])
        for name in (("on", "off") if run % 2 == 0 else ("off", "on")):
            extra = {SWITCH: "iri-stand-in"} if name == "off" else {}
            out = subprocess.run([python, "-c", _IMPORT], env={**env, **extra}, check=True,
                                 capture_output=True, text=True, cwd=tempfile.gettempdir())
            times[name].append(float(out.stdout.split()[-1]))
    print(f"import alliances with {python}: {runs} runs each, interleaved; load average (1 min) "
          f"{min(loads):.1f} to {max(loads):.1f}. Seconds.")
    floor = 0.1 * statistics.median(times["off"])
    print("  iri-stand-in  " + verdict(times["on"], times["off"], floor))


# ---- build -----------------------------------------------------------------------------------

def with_data(environ: dict[str, str]) -> dict[str, str]:
    """``environ`` with the offline mirror of the open datasets, as the Makefile exports it."""
    mirror = ROOT.parent / "shared" / "datasets"
    if "ALLIANCES_DATA_DIR" not in environ and (mirror / "SOURCES.md").exists():
        return {**environ, "ALLIANCES_DATA_DIR": str(mirror)}
    return environ


def timed(command: Sequence[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-1500:]}")
    return time.perf_counter() - start


def build_times(rounds: int) -> None:
    python = sys.executable
    jupyter_book = str(Path(python).with_name("jupyter-book"))
    work = ROOT / "_build" / "rent"
    figures: dict[str, list[float]] = {}
    loads: list[float] = []

    def note(key: str, seconds: float) -> None:
        figures.setdefault(key, []).append(seconds)
        loads.append(os.getloadavg()[0])
        print(f"  {key:28} {seconds:6.1f} s  (load {load()})", flush=True)

    base = with_data({k: v for k, v in os.environ.items() if k != SWITCH})
    for run in range(rounds):
        for jobs in ((2, 1) if run % 2 == 0 else (1, 2)):
            shutil.rmtree(work, ignore_errors=True)
            env = {**base, SWITCH: "" if jobs > 1 else "parallel-prefill"}
            note(f"prefill {'on' if jobs > 1 else 'off'}",
                 timed([python, "tools/prefill_cache.py", "--cache", str(work / "_build" / ".jupyter_cache")], env, ROOT))
        pictures = ROOT / "_build" / "alliances_previews"
        for name in (("on", "off") if run % 2 == 0 else ("off", "on")):
            shutil.rmtree(work / "_build" / "html", ignore_errors=True)
            shutil.rmtree(work / "_build" / ".doctrees", ignore_errors=True)
            if pictures.is_dir() and not (work / "_build" / "alliances_previews").exists():
                shutil.copytree(pictures, work / "_build" / "alliances_previews")
            env = {**base, SWITCH: "" if name == "on" else "cached-eval"}
            command = [jupyter_book, "build", str(ROOT), "--builder", "html", "--path-output", str(work)]
            note(f"cached-eval {name} clean", timed(command, env, ROOT))
            note(f"cached-eval {name} no-change", timed(command, env, ROOT))
    print(f"Builds: {rounds} rounds, interleaved; load average (1 min) {min(loads):.1f} to "
          f"{max(loads):.1f}. Seconds.")
    print("  parallel-prefill  " + verdict(figures["prefill on"], figures["prefill off"]))
    for kind in ("clean", "no-change"):
        print(f"  cached-eval {kind:9} " + verdict(figures[f"cached-eval on {kind}"],
                                                  figures[f"cached-eval off {kind}"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("page", "sites", "import", "build"))
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html",
                        help="a plain build (make book PLAIN=1), for page")
    parser.add_argument("--pages", default=",".join(PAGES), help="pages of the site, for page")
    parser.add_argument("--runs", type=int, default=15, help="cold loads or imports of each variant")
    parser.add_argument("--before", type=Path, help="the earlier site, for sites")
    parser.add_argument("--keep", type=Path, help="a folder to keep the page variants in, for page")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of builds")
    parser.add_argument("--python", default=sys.executable, help="the interpreter, for import")
    args = parser.parse_args(argv)
    actions: dict[str, Callable[[], None]] = {
        "page": lambda: pages(args.site, args.pages.split(","), args.runs, args.keep),
        "sites": lambda: compare_sites(args.site, args.before, args.pages.split(","), args.runs),
        "import": lambda: import_time(args.python, args.runs),
        "build": lambda: build_times(args.rounds)}
    print(f"tools/rent.py {args.what} (load average {load()}); mechanisms: "
          f"{', '.join(MECHANISMS)}", flush=True)
    actions[args.what]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
