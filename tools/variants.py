"""A variant of each assignment for each student, chosen and signed with the instructor's secret.

"Stress-test a claim" (both tracks) comes in a declared finite set of variants
(:func:`variant_set`, at least :data:`MIN_VARIANTS`): each one changes Task 4 (whose population
grows, and the share Russia must fall to) and the Russia–Syria scenario that Task 5 nudges. Tasks
1 to 3 replicate a published table, so they keep the book's data in every variant. "Score a
case" (both tracks) has one variant, ``"own-case"``: its checks judge the student's own inputs,
so there is nothing to vary (the undergraduate version's given probabilities are inputs, not
answers).

A student's variant is picked by an HMAC-SHA256 of their login under the instructor's secret
(:func:`variant_for`), so the public code does not tell anyone which variant a login gets. Each
copy carries ``{"alliances": {login, assignment, track, variant, signature}}`` in its notebook
metadata; :func:`read_signed` checks the signature and names what is wrong
(:class:`SignatureError`). The variant's parameters are never read from the notebook: the judge
looks them up by the signed variant id, and calls each check as
``check_x(values…, **variant.params)``.

The generator keeps a variant only if (:func:`problems`):

* the model answers (:func:`answer_key`, computed by the library) pass every check;
* every tipping point lies in its range: the growth of Task 4 is above 0 and at most
  :data:`GROWTH_LIMIT` percent, and at least one nudge of Task 5 changes the verdict;
* no verdict sits within :data:`BOUNDARY_GAP` of a boundary: Russia's share is at least that far
  above the threshold, and the Syria scenario and each of its nudges keep b − c and b − c − a
  (rounded as the formula rounds them, :func:`alliances.value.round_difference`) at least that
  far from 0, with the verdict to defend "alternative";
* no two variants of the set share an answer (Task 4's growth differs by more than the checks'
  tolerance, Task 5's lists differ), so each variant differs from every other in both tasks.

Command line (``make assign ROSTER=roster.csv SECRET=file``)::

    python tools/variants.py assign --roster roster.csv --secret FILE [--output DIR] [--login L]

writes ``DIR/<login>/<login>-<assignment>.ipynb`` for every student and assignment,
``DIR/assignments-for-lms.zip`` with the same files and ``DIR/variants.csv`` (login,
assignment, variant) for the instructor, then prints how many students share an answer vector
(:func:`sharing_lines`); ``--login`` re-issues one student's copies (same variant, same
signature). ``python tools/variants.py list`` prints each variant set. The secret must be a
file outside the repository, of at least 16 bytes.
"""

from __future__ import annotations

import argparse
import copy
import csv
import functools
import hashlib
import hmac
import json
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import grade  # tools/, beside this file
from alliances import checks
from alliances.value import round_difference

ROOT = Path(__file__).resolve().parents[1]
#: The variant of the committed book notebooks (today's numbers); its params ``{}`` mean it.
BOOK_VID = "book"
#: The one variant of "Score a case": the student's own case.
OWN_CASE_VID = "own-case"
#: The assignments that come in a set of variants; the others have only :data:`OWN_CASE_VID`.
VARIED: tuple[str, ...] = ("stress-test-a-claim", "stress-test-a-claim-ug")
#: The fewest variants a varied assignment may have.
MIN_VARIANTS = 30
#: The largest growth (%) Task 4 may ask for: beyond it the answer is no longer a plausible margin.
GROWTH_LIMIT = 200.0
#: How far a verdict must sit from a boundary of its rule (percentage points, or value points).
BOUNDARY_GAP = 0.05
#: Task 4's answers pass within this many percentage points (the checks' tolerance).
_GROWTH_TOLERANCE = checks._GROWTH_TOLERANCE
#: The notebook metadata key that holds the signed variant.
METADATA_KEY = "alliances"
#: The line of the variant cell that ``assign`` rewrites with the student's numbers.
VARIANT_LINE = re.compile(r"^variant = .*$", re.MULTILINE)

#: Task 4 of each variant: who grows, and the share (%) Russia must fall to. Declared, not
#: searched at run time; the book's own pair ("allies", 75) is left out, since its answer is public.
TASK4_STARTS: tuple[tuple[str, float], ...] = (
    ("allies", 60), ("Armenia", 74), ("Belarus", 71), ("Kazakhstan", 65), ("Kyrgyzstan", 72),
    ("Tajikistan", 71), ("allies", 62.5), ("Armenia", 74.5), ("Belarus", 72.5),
    ("Kazakhstan", 67.5), ("Kyrgyzstan", 73), ("Tajikistan", 72.5), ("allies", 65),
    ("Armenia", 75), ("Belarus", 73), ("Kazakhstan", 70), ("Kyrgyzstan", 73.5),
    ("Tajikistan", 74), ("allies", 67.5), ("Armenia", 75.5), ("Belarus", 73.5),
    ("Kazakhstan", 71), ("Kyrgyzstan", 74), ("Tajikistan", 74.5), ("allies", 70),
    ("Belarus", 74), ("Kazakhstan", 72), ("Kyrgyzstan", 74.5), ("Tajikistan", 75),
    ("allies", 71), ("Belarus", 74.5), ("Kazakhstan", 72.5), ("Kyrgyzstan", 75),
    ("Tajikistan", 75.5), ("allies", 72), ("Belarus", 75),
)
#: Task 5 of each variant: the inputs of the Russia–Syria preset it starts from, where they
#: differ from the book's (one to three inputs moved by a step or two).
TASK5_STARTS: tuple[dict[str, float], ...] = (
    {"c_D2": 0.2}, {"c_D2": 1}, {"a": 1, "c_D2": 0.2}, {"a": 1, "c_D2": 1}, {"a": 2, "c_D2": 0},
    {"a": 2, "b_1B": 3}, {"a": 1, "c_D3": 2.5}, {"a": 2, "c_O1": 0.5}, {"c_D2": 0, "d_R1": 6},
    {"c_D2": 0, "b_1B": 1}, {"c_D2": 0.2, "b_1B": 1}, {"b_1B": 1, "p_2A": 0.6},
    {"a": 1.5, "c_D2": 0, "p_R2": 0.2}, {"a": 1.5, "c_D2": 0, "p_R2": 0.4},
    {"a": 1.5, "c_D2": 0, "d_R1": 6}, {"a": 1, "c_D2": 0, "b_1B": 1},
    {"a": 1, "c_D2": 0.2, "b_1B": 1}, {"a": 1.5, "c_D2": 0.8, "b_1B": 3},
    {"a": 1.5, "c_D2": 1, "b_1B": 3}, {"a": 2, "c_D2": 0.2, "b_1B": 3},
    {"a": 1.5, "c_D2": 1, "p_2A": 0.6}, {"a": 1.5, "c_D2": 0.8, "c_O1": 0.5},
    {"a": 2, "p_R2": 0.2, "b_1B": 3}, {"a": 1.5, "p_R2": 0.4, "c_O1": 0.5},
    {"a": 1, "p_R2": 0.2, "d_R2": 4}, {"a": 1, "p_R2": 0.4, "d_R2": 2},
    {"a": 1.5, "d_R1": 6, "b_1B": 3}, {"a": 1.5, "d_R1": 6, "c_O1": 0.5},
    {"a": 1, "b_1B": 1, "p_2A": 0.6}, {"a": 2.5, "b_1B": 3, "p_2A": 0.6},
    {"a": 1, "b_1B": 1, "c_O1": 0.5}, {"a": 2.5, "b_1B": 3, "c_O1": 0.5},
    {"c_D2": 1, "p_R2": 0.4, "b_1B": 3}, {"c_D2": 0.8, "b_1B": 3, "p_2A": 0.4},
    {"p_R2": 0.2, "d_R1": 6, "d_R2": 4}, {"p_R2": 0.4, "d_R1": 6, "d_R2": 2},
)


@dataclass(frozen=True)
class Variant:
    """One variant of one assignment: ``params`` are the keyword arguments of its checks."""

    assignment: str
    vid: str
    params: dict = field(hash=False)


@dataclass(frozen=True)
class Signed:
    """What a verified signature vouches for."""

    login: str
    assignment: str
    track: str
    vid: str


class SignatureError(ValueError):
    """A notebook's signed variant is missing, unknown or tampered with; ``reason`` says which."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _check_assignment(assignment: str) -> str:
    if assignment not in grade.ASSIGNMENTS:
        raise ValueError(f"assignment must be one of {', '.join(grade.ASSIGNMENTS)}, "
                         f"got {assignment!r}")
    return assignment


def _candidates(assignment: str) -> list[Variant]:
    if assignment not in VARIED:
        return [Variant(assignment, OWN_CASE_VID, {})]
    return [Variant(assignment, f"v{k + 1:02d}",
                    checks.check_stress_test_variant(threshold, grows, syria))
            for k, ((grows, threshold), syria) in enumerate(zip(TASK4_STARTS, TASK5_STARTS))]


def _params(variant: Variant) -> dict:
    """The variant's full keyword arguments (the book's values where ``params`` is silent)."""
    return checks.check_stress_test_variant(**{**checks.STRESS_TEST_BOOK, **variant.params})


def _syria_lists(syria: dict) -> tuple[list[str], list[str]]:
    changes, ally, _ = checks._nudge_outcomes(checks.stress_test_scenario(syria))
    return sorted(changes), sorted(ally)


def answer_key(variant: Variant) -> dict[str, object]:
    """The model answers of ``variant``, by the notebook's variable names, computed by the library.

    Only the answers that the automatic checks compare are given; written answers (and the
    report, whose check looks at its form) have none. "Score a case" has none: its checks judge
    the student's own inputs.
    """
    if variant.assignment not in VARIED:
        return {}
    params = _params(variant)
    shares = checks._russia_shares()
    changes, ally = _syria_lists(params["syria"])
    return {
        "russia_shares": shares,
        "weakest_indicator": min(shares, key=shares.__getitem__),
        "milex_without_tajikistan": checks._russia_shares(drop=[("Tajikistan", "milex")])["milex"],
        "population_growth_needed": checks._growth_needed(params["threshold"], params["grows"]),
        "changes_verdict": changes,
        "becomes_ally": ally,
    }


def grading_checks(assignment: str) -> dict[str, tuple[str, ...]]:
    """The checks of the answer key's variables: check function → the variables it takes."""
    if assignment not in VARIED:
        return {}
    return {"check_russia_shares": ("russia_shares",),
            "check_weakest_indicator": ("weakest_indicator",),
            "check_milex_without_tajikistan": ("milex_without_tajikistan",),
            "check_population_growth": ("population_growth_needed",),
            "check_becomes_ally": ("becomes_ally",),
            "check_changes_verdict_correct": ("changes_verdict",),
            "check_changes_verdict_complete": ("changes_verdict",)}


def score(answers: dict[str, object], variant: Variant) -> tuple[int, int]:
    """(checks passed, checks run) for ``answers`` judged against ``variant``."""
    found = grading_checks(variant.assignment)
    passed = sum(getattr(checks, name)(*(answers.get(v) for v in names),
                                        **variant.params).passed
                 for name, names in found.items())
    return passed, len(found)


def problems(variant: Variant) -> list[str]:
    """What breaks the generator's rules in ``variant`` (empty when it may be handed out)."""
    if variant.assignment not in VARIED:
        return [] if variant.vid == OWN_CASE_VID else [f"{variant.assignment} has only the "
                                                       f"variant {OWN_CASE_VID!r}"]
    try:
        params = _params(variant)
    except (TypeError, ValueError) as error:
        return [f"invalid params: {error}"]
    found = []
    key = answer_key(variant)
    passed, run = score(key, variant)
    if passed != run:
        found.append(f"the model answers pass {passed} of {run} checks")
    growth = float(key["population_growth_needed"])     # type: ignore[arg-type]
    if not 0 < growth <= GROWTH_LIMIT:
        found.append(f"Task 4's tipping point, a growth of {growth:.2f}%, is outside "
                     f"(0, {GROWTH_LIMIT:g}]")
    share = checks._population_share_after(0.0)
    if share - params["threshold"] < BOUNDARY_GAP:
        found.append(f"Russia's share, {share:.2f}%, is within {BOUNDARY_GAP} of the threshold "
                     f"{params['threshold']:g}% (or below it)")
    scenario = checks.stress_test_scenario(params["syria"])
    result = scenario.assess()
    if result.verdict.value != "alternative":
        found.append(f"Task 5 starts from the verdict {result.verdict.value!r}, not 'alternative'")
    table = checks.nudges(scenario)
    nets = [result.net, *table["net"]]
    margins = [result.margin, *(m for n, m in zip(table["net"], table["margin"]) if n > 0)]
    if min(abs(round_difference(x)) for x in nets) < BOUNDARY_GAP or (
            min(abs(round_difference(x)) for x in margins) < BOUNDARY_GAP):
        found.append(f"Task 5: a verdict sits within {BOUNDARY_GAP} of a boundary")
    if not key["changes_verdict"]:
        found.append("Task 5: no tipping point lies within one nudge (no nudge changes the verdict)")
    return found


def _answer_signature(variant: Variant) -> tuple[float, tuple, tuple]:
    key = answer_key(variant)
    return (float(key["population_growth_needed"]),                 # type: ignore[arg-type]
            tuple(key["changes_verdict"]), tuple(key["becomes_ally"]))   # type: ignore[arg-type]


def variant_set(assignment: str) -> tuple[Variant, ...]:
    """The declared variants of ``assignment``, each checked against the generator's rules.

    Raises ``ValueError`` if a declared variant breaks a rule, if two share an answer, or if
    fewer than :data:`MIN_VARIANTS` are declared for a varied assignment. The rules are applied
    once per process; each call returns fresh copies, which a caller may change.
    """
    return copy.deepcopy(_checked_set(assignment))


@functools.cache
def _checked_set(assignment: str) -> tuple[Variant, ...]:
    candidates = _candidates(_check_assignment(assignment))
    broken = {v.vid: problems(v) for v in candidates}
    broken = {vid: found for vid, found in broken.items() if found}
    if broken:
        raise ValueError(f"{assignment}: declared variants break the generator's rules: {broken}")
    if assignment in VARIED:
        keys = [_answer_signature(v) for v in candidates]
        for i, first in enumerate(keys):
            for j in range(i):
                same = ([] if abs(first[0] - keys[j][0]) > 2 * _GROWTH_TOLERANCE else ["Task 4"]) + (
                    ["Task 5"] if first[1:] == keys[j][1:] else [])
                if same:
                    raise ValueError(f"{assignment}: variants {candidates[j].vid} and "
                                     f"{candidates[i].vid} share the answer of {' and '.join(same)}")
        if len(candidates) < MIN_VARIANTS:
            raise ValueError(f"{assignment}: {len(candidates)} variants, fewer than {MIN_VARIANTS}")
    return tuple(candidates)


def book_variant(assignment: str) -> Variant:
    """The variant of the committed book notebook (params ``{}``: the checks' defaults)."""
    return Variant(_check_assignment(assignment), BOOK_VID, {})


def variant_by_id(assignment: str, vid: str) -> Variant:
    """The variant ``vid`` of ``assignment`` (the book's too); ``KeyError`` if there is none."""
    if vid == BOOK_VID:
        return book_variant(assignment)
    for variant in _checked_set(_check_assignment(assignment)):
        if variant.vid == vid:
            return copy.deepcopy(variant)
    raise KeyError(f"{assignment} has no variant {vid!r}")


def _digest(secret: bytes, message: str) -> bytes:
    if not isinstance(secret, bytes) or len(secret) < 16:
        raise ValueError("secret must be at least 16 bytes")
    return hmac.new(secret, message.encode("utf-8"), hashlib.sha256).digest()


def variant_for(login: str, assignment: str, secret: bytes) -> Variant:
    """The variant of ``assignment`` that ``login`` gets: HMAC-SHA256 of the login under ``secret``."""
    if not isinstance(login, str) or not login.strip():
        raise ValueError(f"login must be a non-empty string, got {login!r}")
    variants = _checked_set(_check_assignment(assignment))
    index = int.from_bytes(_digest(secret, f"variant\0{assignment}\0{login}")[:8], "big")
    return copy.deepcopy(variants[index % len(variants)])


_SIGNED_FIELDS = ("login", "assignment", "track", "variant")


def sign(meta: dict, secret: bytes) -> str:
    """The HMAC-SHA256 signature (hex) of ``meta``'s login, assignment, track and variant."""
    missing = [name for name in _SIGNED_FIELDS if not isinstance(meta.get(name), str)]
    if missing:
        raise ValueError(f"meta must give {', '.join(_SIGNED_FIELDS)} as text; missing {missing}")
    text = json.dumps({name: meta[name] for name in _SIGNED_FIELDS}, sort_keys=True)
    return _digest(secret, "signed\0" + text).hex()


def signed_metadata(login: str, assignment: str, secret: bytes) -> dict[str, str]:
    """The notebook metadata of ``login``'s copy of ``assignment``, signed."""
    meta = {"login": login, "assignment": assignment, "track": grade.track_of(assignment),
            "variant": variant_for(login, assignment, secret).vid}
    return {**meta, "signature": sign(meta, secret)}


def read_signed(nb: dict, secret: bytes) -> Signed:
    """Verify a submitted notebook's signed variant; raise :class:`SignatureError` if it fails.

    The reason starts with ``missing``, ``tampered`` or ``unknown variant``.
    """
    metadata = nb.get("metadata") if isinstance(nb, dict) else None
    meta = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
    if not isinstance(meta, dict) or "signature" not in meta:
        raise SignatureError("missing: the notebook carries no signed variant")
    try:
        expected = sign(meta, secret)
    except ValueError as error:
        raise SignatureError(f"tampered: {error}") from error
    signature = meta["signature"]
    if not (isinstance(signature, str) and re.fullmatch(r"[0-9a-f]{64}", signature)
            and hmac.compare_digest(expected.encode(), signature.encode())):
        raise SignatureError("tampered: the signature does not match the login, assignment, "
                             "track and variant")
    assignment = meta["assignment"]
    if assignment not in grade.ASSIGNMENTS or meta["track"] != grade.track_of(assignment):
        raise SignatureError(f"unknown variant: no assignment {assignment!r} of track "
                             f"{meta['track']!r}")
    try:
        variant_by_id(assignment, meta["variant"])
    except KeyError as error:
        raise SignatureError(f"unknown variant: {error.args[0]}") from error
    return Signed(meta["login"], assignment, meta["track"], meta["variant"])


def read_secret(path: Path) -> bytes:
    """The instructor's secret from ``path``, a file outside the repository (at least 16 bytes)."""
    path = Path(path).expanduser().resolve()
    if path == ROOT or ROOT in path.parents:
        raise ValueError(f"SECRET={path} is inside the repository: keep the secret outside it, "
                         "so that it is never committed or shipped")
    if not path.is_file():
        raise FileNotFoundError(f"SECRET={path}: no such file")
    secret = path.read_bytes().strip()
    if len(secret) < 16:
        raise ValueError(f"SECRET={path} holds {len(secret)} bytes: use at least 16 random "
                         "bytes (for example `openssl rand -hex 32 > FILE`)")
    return secret


def assigned_notebook(login: str, assignment: str, secret: bytes) -> dict:
    """``login``'s copy of ``assignment``: the student notebook with their numbers, signed."""
    path = grade.STUDENT_DIR / f"{_check_assignment(assignment)}.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    meta = signed_metadata(login, assignment, secret)
    variant = variant_by_id(assignment, meta["variant"])
    if assignment in VARIED:
        params = _params(variant)
        cells = [c for c in notebook["cells"] if c["cell_type"] == "code"
                 and VARIANT_LINE.search("".join(c["source"]))]
        if len(cells) != 1:
            raise ValueError(f"{path} should have one cell with a line `variant = …`, "
                             f"found {len(cells)}")
        text = VARIANT_LINE.sub(lambda _: f"variant = {params!r}", "".join(cells[0]["source"]))
        cells[0]["source"] = text.splitlines(keepends=True)
    notebook["metadata"][METADATA_KEY] = meta
    return notebook


def read_roster(path: Path) -> list[str]:
    """The logins of a roster CSV: its ``login`` column, else its ``student`` column."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    column = next((c for c in ("login", "student") if rows and c in rows[0]), None)
    if column is None:
        raise ValueError(f"ROSTER={path} needs a `login` (or `student`) column")
    logins = [row[column].strip() for row in rows]
    bad = [n for n in logins if not re.fullmatch(r"[\w.@+-]+", n)]
    if bad:
        raise ValueError(f"ROSTER={path}: logins may hold letters, digits and . @ + - _ only; "
                         f"got {bad[:3]}")
    duplicates = sorted({n for n in logins if logins.count(n) > 1})
    if duplicates:
        raise ValueError(f"ROSTER={path} lists {', '.join(duplicates)} twice")
    return logins


def sharing(logins: list[str], secret: bytes) -> dict[str, tuple[int, int, int]]:
    """For each assignment: (variants handed out, students who share their answers with
    another student, the largest number of students with one answer vector).

    Within a set no two variants share an answer vector (:func:`variant_set`), so students share
    one exactly when they share a variant.
    """
    summary = {}
    for assignment in grade.ASSIGNMENTS:
        counts: dict[str, int] = {}
        for login in logins:
            vid = variant_for(login, assignment, secret).vid
            counts[vid] = counts.get(vid, 0) + 1
        summary[assignment] = (len(counts), sum(n for n in counts.values() if n > 1),
                               max(counts.values(), default=0))
    return summary


def sharing_lines(logins: list[str], secret: bytes) -> list[str]:
    """The run's summary of :func:`sharing`, one line per assignment."""
    lines = []
    for assignment, (used, shared, largest) in sharing(logins, secret).items():
        if assignment not in VARIED:
            lines.append(f"{assignment}: {len(logins)} students, each on their own case (the "
                         "checks judge each student's own inputs)")
            continue
        total = len(_checked_set(assignment))
        lines.append(f"{assignment}: {len(logins)} students on {used} of {total} variant(s); "
                     f"{shared} share their answer vector with another student (at most "
                     f"{largest} on one)")
    return lines


def assign(roster: Path, secret_file: Path, output: Path, only: str | None = None) -> list[Path]:
    """Write every student's signed copies into ``output`` and the LMS zip beside them.

    ``output`` also gets ``variants.csv`` (login, assignment, variant) for the instructor, kept
    out of the zip. ``only`` re-issues one login's copies (the zip and the list are left as they
    are). Returns the notebooks and the zip written.
    """
    secret = read_secret(secret_file)
    logins = read_roster(roster)
    if only is not None:
        if only not in logins:
            raise ValueError(f"LOGIN={only} is not in ROSTER={roster}")
        logins = [only]
    output = Path(output)
    written = []
    for login in logins:
        for assignment in grade.ASSIGNMENTS:
            target = output / login / f"{login}-{assignment}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(assigned_notebook(login, assignment, secret), indent=1,
                                         ensure_ascii=False) + "\n", encoding="utf-8")
            written.append(target)
    if only is None:
        with open(output / "variants.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["login", "assignment", "variant"])
            for login in logins:
                for assignment in grade.ASSIGNMENTS:
                    writer.writerow([login, assignment, variant_for(login, assignment, secret).vid])
        archive = output / "assignments-for-lms.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            for path in written:
                zipped.write(path, path.relative_to(output).as_posix())
        written.append(archive)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: ``assign`` or ``list``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("assign", help="write each student's signed copies")
    run.add_argument("--roster", type=Path, required=True)
    run.add_argument("--secret", type=Path, required=True)
    run.add_argument("--output", type=Path, default=ROOT / "dist" / "assigned")
    run.add_argument("--login", default=None, help="re-issue this one student's copies")
    commands.add_parser("list", help="print each assignment's variants")
    args = parser.parse_args(argv)
    if args.command == "list":
        for assignment in grade.ASSIGNMENTS:
            for variant in variant_set(assignment):
                print(assignment, variant.vid, json.dumps(variant.params, sort_keys=True))
        return 0
    try:
        written = assign(args.roster, args.secret, args.output, args.login)
        summary = sharing_lines(read_roster(args.roster), read_secret(args.secret))
    except (ValueError, FileNotFoundError) as error:
        print(f"make assign: {error}", file=sys.stderr)
        return 2
    students = len({p.parent for p in written if p.suffix == ".ipynb"})
    print(f"Wrote {len([p for p in written if p.suffix == '.ipynb'])} signed notebooks for "
          f"{students} student(s) in {args.output}"
          + ("" if args.login else f", and {args.output / 'assignments-for-lms.zip'}") + ".")
    print("\n".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
