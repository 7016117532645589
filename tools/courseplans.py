"""The course plans of ``instructor/plans.yml``, computed and rendered into the instructor guide.

* :func:`load` reads the plans; :func:`reading_words` counts one reading with ``tools/wordcount.py``
  (a whole page, named sections, or sections of the article), :func:`session_words` a session's
  readings and :func:`weekly_loads` a plan's words per week, at :data:`RATE` words a minute
  (``tools/grade.py``'s reading rate, one source for both).
* :func:`problems` lists every way the plans break the rules of issue 34 (minutes, empty fields,
  pages, the core, optional chapters, budgets, placement, coverage); ``tests/test_plans.py`` asserts
  it is empty.
* As a Sphinx extension (``_config.yml``: ``sphinx: local_extensions: {courseplans: tools}``) it
  adds three directives, each writing MyST that the guide's page parses: ``{course-plan} ug week``
  (one plan, session by session), ``{course-core}`` (the core and the optional chapters of each
  track) and ``{reading-budget}`` (every plan's load per week against its budget).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

import wordcount
from bookfiles import ROOT
from bookfiles import toc_parts as _read_toc_parts
from grade import READING_WORDS_PER_MINUTE as RATE
from grade import track_of

PLANS = ROOT / "instructor" / "plans.yml"
READING_GUIDE = "book/instructor/reading-guide"
#: The parts of _toc.yml that hold the students' chapters, which a six-session plan must place.
STUDENT_PARTS = ("Start here", "Theory", "Optional: the United States frame", "The Russian case",
                 "Testing the claims", "Assignments")
SEGMENTS = ("lecture", "activity", "discussion", "exit")
SESSION_MINUTES = 90
SESSIONS = {"week": 3, "six": 6}
MAX_OPTIONAL = 2
#: A plan covers a core chapter when its readings hold at least this share of the chapter's words.
CORE_SHARE = 0.5
LABEL = re.compile(r"^dq-(?P<stem>[a-z0-9-]+?)-(?P<n>\d+)$")


@functools.lru_cache(maxsize=4)
def toc_parts(root: Path = ROOT) -> dict[str, list[str]]:
    """The pages of each part of ``_toc.yml`` (``bookfiles.toc_parts``), read once."""
    return _read_toc_parts(root)


@functools.lru_cache(maxsize=4)
def _load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load(path: Path = PLANS) -> dict[str, Any]:
    """The plans file, parsed."""
    return _load(Path(path))


@functools.lru_cache(maxsize=64)
def _sections(page: str, root: Path) -> dict[str, int]:
    return wordcount.section_words(page, root)


def reading_words(reading: dict[str, Any], plans: dict[str, Any] | None = None,
                  root: Path = ROOT) -> int:
    """The words of one reading: a page (whole, ``sections`` with the opening, or all ``except``
    the named sections), or ``article`` sections (their counts in the plans file)."""
    plans = load() if plans is None else plans
    if "article" in reading:
        known = plans["article"]["sections"]
        return sum(known[str(key)]["words"] for key in reading["article"])
    sections = _sections(reading["page"], Path(root))
    if "sections" in reading:
        return sections[""] + sum(sections[name] for name in reading["sections"])
    return sum(n for name, n in sections.items() if name not in reading.get("except", ()))


def session_words(session: dict[str, Any], plans: dict[str, Any] | None = None) -> int:
    """The words of a session's readings before class."""
    return sum(reading_words(reading, plans) for reading in session["readings"])


def minutes(words: int) -> int:
    """Reading time of ``words`` at :data:`RATE`, rounded up to 5 minutes."""
    return -(-words // (5 * RATE)) * 5


def weekly_loads(plan: dict[str, Any], plans: dict[str, Any] | None = None) -> dict[int, int]:
    """``{week: words}`` of a plan's readings before class."""
    loads: dict[int, int] = {}
    for session in plan["sessions"]:
        week = session.get("week", 1)
        loads[week] = loads.get(week, 0) + session_words(session, plans)
    return loads


def plans_of(plans: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(track, plan name, plan) for every plan."""
    for track, spec in plans["tracks"].items():
        for name, plan in spec["plans"].items():
            yield track, name, plan


def placed_pages(plan: dict[str, Any]) -> set[str]:
    """Pages a plan places: read before class, set as homework, or released as an assignment."""
    pages = {r["page"] for s in plan["sessions"] for r in s["readings"] if "page" in r}
    pages |= {h["page"] for s in plan["sessions"] for h in s["homework"]}
    return pages | {a["page"] for a in plan["assignments"]}


def core_coverage(plan: dict[str, Any], plans: dict[str, Any] | None = None,
                  root: Path = ROOT) -> dict[str, float]:
    """Share of each core chapter's counted words that the plan's readings cover."""
    plans = load() if plans is None else plans
    read: dict[str, int] = {}
    for session in plan["sessions"]:
        for reading in session["readings"]:
            if reading.get("page") in plans["core"]:
                read[reading["page"]] = read.get(reading["page"], 0) + reading_words(reading, plans, root)
    return {page: read.get(page, 0) / sum(_sections(page, Path(root)).values()) for page in plans["core"]}


def chapters_to_place(track: str, root: Path = ROOT) -> list[str]:
    """The chapters a six-session plan of ``track`` must place: every page of the students' parts
    of ``_toc.yml``; of the Assignments part, only the track's own versions (``grade.track_of``)."""
    return [page for caption, part in toc_parts(root).items() if caption in STUDENT_PARTS
            for page in part
            if caption != "Assignments" or track_of(page.rsplit("/", 1)[-1]) == track]


def empty_fields(value: object, where: str = "plans") -> list[str]:
    """Where ``value`` holds an empty string, list, mapping or a missing value."""
    if isinstance(value, dict):
        return [where] if not value else [f for k, v in value.items() for f in empty_fields(v, f"{where}.{k}")]
    if isinstance(value, list):
        return [where] if not value else [f for i, v in enumerate(value) for f in empty_fields(v, f"{where}[{i}]")]
    if isinstance(value, str):
        return [] if value.strip() else [where]
    return [where] if value is None else []


@functools.lru_cache(maxsize=64)
def _exercises(page: str, root: Path) -> set[int]:
    text = _markdown(page, root)
    part = text.split("\n## Exercises", 1)[-1].split("\n## ", 1)[0] if "\n## Exercises" in text else ""
    return {int(n) for n in re.findall(r"^\*\*(\d+)\.", part, flags=re.M)}


@functools.lru_cache(maxsize=64)
def _markdown(page: str, root: Path) -> str:
    return "\n\n".join(wordcount.page_blocks(page, root))


@functools.lru_cache(maxsize=4)
def dq_labels(root: Path = ROOT) -> frozenset[str]:
    """Every discussion-question label ``(dq-...)=`` in the chapters."""
    found: set[str] = set()
    for page in (p for part in toc_parts(root).values() for p in part):
        if (Path(root) / f"{page}.ipynb").is_file():
            found |= set(re.findall(r"\((dq-[a-z0-9-]+-\d+)\)=[ \t]*$", _markdown(page, root), flags=re.M))
    return frozenset(found)


@functools.lru_cache(maxsize=4)
def reading_guide_labels(root: Path = ROOT) -> frozenset[str]:
    """The section labels of the reading guide to the article (``book/instructor/reading-guide.md``)."""
    return frozenset(re.findall(r"^\((reading-[a-z0-9-]+)\)=$", _markdown(READING_GUIDE, root), flags=re.M))


def problems(plans: dict[str, Any] | None = None, root: Path = ROOT) -> list[str]:
    """Every way the plans break their rules, one line each (an empty list: none)."""
    plans = load() if plans is None else plans
    out: list[str] = []
    toc = {page for part in toc_parts(root).values() for page in part} | {"book/intro"}
    labels = dq_labels(root)
    out += [f"{field} is empty" for field in empty_fields(plans)]
    guide = reading_guide_labels(root)
    for key, section in plans["article"]["sections"].items():
        if section.get("guide") not in guide:
            out.append(f"article section {key}: no label {section.get('guide')!r} in the reading guide")
    for track, spec in plans["tracks"].items():
        optional = spec.get("optional", [])
        if len(optional) > MAX_OPTIONAL:
            out.append(f"{track}: {len(optional)} optional chapters, at most {MAX_OPTIONAL}")
        for item in optional:
            if item["page"] in plans["core"]:
                out.append(f"{track}: core chapter {item['page']} marked optional")
            if not item.get("reason") or not item.get("use"):
                out.append(f"{track}: optional {item['page']} needs a reason and a use")
        for name, plan in spec["plans"].items():
            where = f"{track}/{name}"
            if len(plan["sessions"]) != SESSIONS[name]:
                out.append(f"{where}: {len(plan['sessions'])} sessions, not {SESSIONS[name]}")
            for i, session in enumerate(plan["sessions"], 1):
                total = sum(session[seg]["minutes"] for seg in SEGMENTS)
                if total != SESSION_MINUTES:
                    out.append(f"{where} session {i}: minutes add to {total}, not {SESSION_MINUTES}")
                for reading in session["readings"]:
                    if "page" in reading:
                        if reading["page"] not in toc:
                            out.append(f"{where} session {i}: {reading['page']} is not in _toc.yml")
                            continue
                        known = _sections(reading["page"], Path(root))
                        for section in [*reading.get("sections", ()), *reading.get("except", ())]:
                            if section not in known:
                                out.append(f"{where} session {i}: {reading['page']} has no section {section!r}")
                    else:
                        for key in reading["article"]:
                            if str(key) not in plans["article"]["sections"]:
                                out.append(f"{where} session {i}: no article section {key!r}")
                for label in session["discussion"]["questions"]:
                    if label not in labels:
                        out.append(f"{where} session {i}: no discussion question {label}")
                for item in session["homework"]:
                    if item["page"] not in toc:
                        out.append(f"{where} session {i}: homework page {item['page']} is not in _toc.yml")
                        continue
                    missing = set(item["exercises"]) - _exercises(item["page"], root)
                    if missing:
                        out.append(f"{where} session {i}: {item['page']} has no exercise {sorted(missing)}")
            for item in plan["assignments"]:
                if item["page"] not in toc:
                    out.append(f"{where}: assignment {item['page']} is not in _toc.yml")
                if item["page"] not in chapters_to_place(track, root):
                    out.append(f"{where}: {item['page']} is not the {track} track's version")
                if not 1 <= item["release"] <= item["due"] <= len(plan["sessions"]):
                    out.append(f"{where}: {item['page']} released at {item['release']}, due {item['due']}")
    if out:                                 # an unknown page or section: nothing to count yet
        return out
    for track, spec in plans["tracks"].items():
        for name, plan in spec["plans"].items():
            where = f"{track}/{name}"
            for page, share in core_coverage(plan, plans, root).items():
                if share < CORE_SHARE:
                    out.append(f"{where}: covers {share:.0%} of core chapter {page}, needs {CORE_SHARE:.0%}")
            for week, words in weekly_loads(plan, plans).items():
                if words > spec["budget"]:
                    out.append(f"{where} week {week}: {words:,} words, over the budget of {spec['budget']:,}")
            if name == "six":
                unplaced = set(chapters_to_place(track, root)) - placed_pages(plan)
                unplaced -= {item["page"] for item in spec.get("optional", [])}
                for page in sorted(unplaced):
                    out.append(f"{where}: {page} is neither placed nor optional")
    return out


# --- rendering: MyST for the guide ------------------------------------------------------------------

@functools.lru_cache(maxsize=64)
def title(page: str, root: Path = ROOT) -> str:
    """A page's title: its first ``#`` heading."""
    for block in wordcount.page_blocks(page, root):
        match = re.search(r"^# (.+)$", block, flags=re.M)
        if match:
            return match.group(1).strip()
    raise ValueError(f"page={page!r} has no title")


def _doc(page: str) -> str:
    return f"{{doc}}`/{page}`"


def short_title(page: str, root: Path = ROOT) -> str:
    """A page's title up to its colon, or the whole title when another page shares that start."""
    full = title(page, root)
    short = full.split(":", 1)[0].removesuffix(" (optional)")
    chapters = [p for part in toc_parts(root).values() for p in part if p != page
                and (Path(root) / f"{p}.ipynb").is_file()]
    return full if any(title(p, root).split(":", 1)[0] == short for p in chapters) else short


def _dq(label: str, root: Path = ROOT) -> str:
    match = LABEL.match(label)
    if not match:
        raise ValueError(f"discussion label {label!r} is not dq-<notebook>-<n>")
    page = next(p for part in toc_parts(root).values() for p in part
                if p.rsplit("/", 1)[-1] == match.group("stem"))
    return f"{{ref}}`{short_title(page, root)}, question {match.group('n')} <{label}>`"


def _reading(reading: dict[str, Any], plans: dict[str, Any]) -> str:
    words = reading_words(reading, plans)
    if "article" in reading:
        parts = [f"{{ref}}`{known['title']} <{known['guide']}>`"
                 for known in (plans["article"]["sections"][str(k)] for k in reading["article"])]
        return f"the article {{cite:p}}`{plans['article']['cite']}`, {' and '.join(parts)} ({words:,})"
    if "sections" in reading:
        return f"{_doc(reading['page'])}, sections {', '.join(f'*{s}*' for s in reading['sections'])} ({words:,})"
    if "except" in reading:
        return f"{_doc(reading['page'])} without {', '.join(f'*{s}*' for s in reading['except'])} ({words:,})"
    return f"{_doc(reading['page'])}, whole ({words:,})"


def _when(item: dict[str, Any]) -> str:
    due = (f"{item['due_days']} days after session {item['due']}" if item.get("due_days")
           else f"before session {item['due']}")
    return f"released at the end of session {item['release']}, due {due}"


def plan_markdown(track: str, name: str, plans: dict[str, Any] | None = None) -> str:
    """One plan as MyST: each session's readings (words, time), timed segments, exit question with
    its answer key folded, homework; then the assignments with their release and due sessions."""
    plans = load() if plans is None else plans
    plan = plans["tracks"][track]["plans"][name]
    lines: list[str] = []
    for i, session in enumerate(plan["sessions"], 1):
        words = session_words(session, plans)
        week = f", week {session['week']}" if "week" in session else ""
        lines += [f"**Session {i}{week}: {session['title']}** ({SESSION_MINUTES} minutes)", ""]
        lines.append(f"- **Read before class:** {words:,} words, about {minutes(words)} minutes at "
                     f"{RATE} words a minute: " + "; ".join(_reading(r, plans) for r in session["readings"]) + ".")
        lecture = session["lecture"]
        lines.append(f"- **Lecture ({lecture['minutes']} min):**")
        lines += [f"  - {point}" for point in lecture["outline"]]
        activity = session["activity"]
        lines.append(f"- **Activity ({activity['minutes']} min), *{activity['title']}*:** {activity['text']}")
        discussion = session["discussion"]
        lines.append(f"- **Discussion ({discussion['minutes']} min):** "
                     + "; ".join(_dq(label) for label in discussion["questions"]) + ".")
        exit_ = session["exit"]
        lines.append(f"- **Exit question ({exit_['minutes']} min):** {exit_['question']} "
                     f"*Answer key:* {exit_['answer']}")
        lines.append("- **Homework:** " + "; ".join(
            f"{_doc(h['page'])}, exercise{'s' if len(h['exercises']) > 1 else ''} "
            + ", ".join(map(str, h["exercises"])) for h in session["homework"]) + ".")
        lines.append("")
    lines += ["**Assignments**", ""]
    lines += [f"- {_doc(a['page'])}: {_when(a)}." for a in plan["assignments"]]
    return "\n".join(lines) + "\n"


def core_markdown(plans: dict[str, Any] | None = None) -> str:
    """The named core, and each track's optional chapters with reason and suggested use."""
    plans = load() if plans is None else plans
    lines = ["**The core**, covered by every plan (at least half of each chapter's counted words): "
             + ", ".join(_doc(p) for p in plans["core"]) + ".", ""]
    for spec in plans["tracks"].values():
        name = spec["name"] if spec["name"].isupper() else spec["name"].lower()
        lines += [f"**Optional in the {name} track**", ""]
        for item in spec["optional"]:
            lines.append(f"- {_doc(item['page'])} ({wordcount.page_words(item['page']):,} words). "
                         f"*Why optional:* {item['reason']} *Suggested use:* {item['use']}")
        lines.append("")
    return "\n".join(lines)


def budget_markdown(plans: dict[str, Any] | None = None) -> str:
    """Every plan's reading load by week against its track's budget, as a narrow table."""
    plans = load() if plans is None else plans
    lines = ["| plan | week | words | time |", "| --- | --- | --- | --- |"]
    for track, name, plan in plans_of(plans):
        spec = plans["tracks"][track]
        for week, words in weekly_loads(plan, plans).items():
            lines.append(f"| {spec['name']}, {name.replace('week', 'one week').replace('six', 'six sessions')} "
                         f"| {week} | {words:,} of {spec['budget']:,} | {minutes(words)} min |")
    return "\n".join(lines) + "\n"


#: A container of this class stacks the rows of the tables inside it on a phone.
STACK_CLASS = "alliances-stack"


def stack_tables(app: Any, doctree: Any) -> None:
    """Tables inside a ``{container} alliances-stack`` stack their rows on a phone, as the curated
    tables do (class ``alliances-stacked``): each cell after the first starts with its column's
    name, read from the table's own header, which only a phone shows."""
    from docutils import nodes

    for container in doctree.findall(nodes.container):
        if STACK_CLASS not in container["classes"]:
            continue
        for table in container.findall(nodes.table):
            table["classes"].append("alliances-stacked")
            head = next(table.findall(nodes.thead), None)
            if head is None:
                continue
            names = [entry.astext().strip() for entry in head.findall(nodes.entry)]
            for body in table.findall(nodes.tbody):
                for row in body.findall(nodes.row):
                    for name, entry in list(zip(names, row.findall(nodes.entry)))[1:]:
                        if name and entry.children:
                            label = nodes.inline(text=name, classes=["alliances-stack-label"])
                            target = entry.children[0]
                            if isinstance(target, nodes.paragraph):
                                target.insert(0, label)
                            else:
                                entry.insert(0, nodes.paragraph("", "", label))


# --- the Sphinx extension ---------------------------------------------------------------------------

def setup(app: Any) -> dict[str, Any]:
    """Register the directives ``course-plan``, ``course-core`` and ``reading-budget``."""
    from sphinx.util.docutils import SphinxDirective

    class _Rendered(SphinxDirective):
        def markdown(self) -> str:
            raise NotImplementedError

        def run(self) -> list[Any]:
            self.env.note_dependency(str(PLANS))
            return self.parse_text_to_nodes(self.markdown())

    class CoursePlan(_Rendered):
        required_arguments = 2          # track, plan: ``{course-plan} ug week``

        def markdown(self) -> str:
            track, name = self.arguments
            plans = load()
            if track not in plans["tracks"] or name not in plans["tracks"][track]["plans"]:
                raise self.error(f"course-plan: no plan {track!r} {name!r} in {PLANS.name}")
            return plan_markdown(track, name, plans)

    class CourseCore(_Rendered):
        def markdown(self) -> str:
            return core_markdown()

    class ReadingBudget(_Rendered):
        def markdown(self) -> str:
            return budget_markdown()

    app.connect("doctree-read", stack_tables)
    app.add_directive("course-plan", CoursePlan)
    app.add_directive("course-core", CourseCore)
    app.add_directive("reading-budget", ReadingBudget)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
