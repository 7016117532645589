"""Automatic checks for the book's assignments: say what is wrong without giving the answer.

Every ``check_*`` function takes a student's answer exactly as it stands in
the assignment notebook, including the placeholder the notebook starts with
(``None``, an empty dict or an empty string), and returns a :class:`Feedback`:

* ``Passed``: the answer is right (or, for written parts, complete enough to
  hand in);
* ``Not done yet``: the answer is still the placeholder;
* ``Not yet``: the answer is wrong, with a hint that points to the method and
  never to the correct value.

The checks never raise: a check that cannot read an answer says so in its
message. The expected values are computed from the book's data and library
at run time (``alliances.curated.material_potential()``, ``alliances.cases.get_preset()``),
never typed in, so the checks follow the data.

**Variants.** Every check of "Stress-test a claim" also takes the keyword arguments of a
student's variant (:data:`STRESS_TEST_BOOK` lists them with the book's values, which are the
defaults): ``threshold`` and ``grows`` change Task 4, ``syria`` the scenario of Task 5
(:func:`stress_test_scenario`), and the other checks accept and ignore them. So
``check_x(value)`` judges the book's version and ``check_x(value, **params)`` a variant;
``tools/variants.py`` declares the variants and picks one for each student.
"""

from __future__ import annotations

import functools
import html
import inspect
import math
import numbers
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeGuard

import pandas as pd

from . import cases, curated, sensitivity, theme
from .value import COMPLIANCE_RATE, PARAMETERS, Assessment, Scenario, Verdict

__all__ = [
    "NUDGE_STEPS", "CLAIM_THRESHOLD", "Feedback", "GIVEN_PROBABILITIES", "INDICATORS", "PASSED",
    "NOT_DONE", "NOT_YET", "check_becomes_ally", "check_changes_verdict_complete",
    "check_changes_verdict_correct", "check_defence", "check_dyad",
    "check_milex_without_tajikistan", "check_population_growth", "check_report", "check_result",
    "check_russia_shares", "check_scenario", "check_sources", "check_syria_nudges",
    "check_weakest_indicator", "nudge_step", "nudges", "STRESS_TEST_BOOK", "GROWERS",
    "check_stress_test_variant", "stress_test_scenario", "describe_stress_test_variant",
]

#: Status of an answer that passed its check.
PASSED = "Passed"
#: Status of an answer that still holds the notebook's placeholder.
NOT_DONE = "Not done yet"
#: Status of an answer that is wrong (the message says where to look).
NOT_YET = "Not yet"
_ICONS = {PASSED: "✔", NOT_DONE: "✎", NOT_YET: "✘"}
_COLOURS = {PASSED: theme.GREEN, NOT_DONE: theme.ORANGE, NOT_YET: theme.VERMILION}

#: The three Table 4 indicators, as keys of the answers of the stress-test assignment.
INDICATORS: tuple[str, ...] = tuple(curated.INDICATOR_LABELS)

#: The claim of the stress-test assignment: Russia holds over this share (%) of every indicator.
CLAIM_THRESHOLD: float = 75.0

#: Who grows in Task 4 of the stress test: the five allies together ("allies", the book's
#: version) or one ally alone (a variant for a student; see ``tools/variants.py``).
GROWERS: tuple[str, ...] = ("allies", "Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan",
                            "Tajikistan")

#: The book's version of "Stress-test a claim": the keyword arguments of its checks, with the
#: values the committed notebook uses. A student's variant changes ``threshold`` (the share
#: Task 4 brings Russia down to), ``grows`` (who grows in Task 4, one of :data:`GROWERS`) and
#: ``syria`` (the inputs of the Russia–Syria preset that Task 5 starts from, where they differ
#: from the book's; ``{}`` is the preset itself).
STRESS_TEST_BOOK: dict[str, object] = {"threshold": CLAIM_THRESHOLD, "grows": "allies",
                                       "syria": {}}

#: How many slider steps (the ``step`` of :class:`alliances.value.Parameter`) make one nudge in the stress test.
NUDGE_STEPS: int = 2

#: The probabilities the undergraduate version of "Score a case" gives its students: each benefit
#: at the compliance rate of allies in wartime (:data:`alliances.COMPLIANCE_RATE`), each risk at
#: one in four (a teaching judgement: possible, not expected).
GIVEN_PROBABILITIES: dict[str, float] = {
    **{name: COMPLIANCE_RATE for name in ("p_1A", "p_1B", "p_2A", "p_2B")},
    "p_R1": 0.25, "p_R2": 0.25,
}

_SHARE_TOLERANCE = 0.05      # percentage points: answers rounded to 0.1 pass
_GROWTH_TOLERANCE = 0.05     # percentage points of growth
_TIE = 1e-9                  # |b − c| or |b − c − a| below this is a boundary case
_MIN_JUSTIFICATION_WORDS = 8
_SOURCE_PATTERN = re.compile(r"(1[89]\d\d|20\d\d|§|\bhttps?://|\bp\.\s*\d|\bpp\.\s*\d|\btable\b|"
                             r"\bfn\.?\s*\d|\bfootnote\b|\bsection\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Feedback:
    """The result of one check: the task it is about, a status and a message for the student.

    ``status`` is :data:`PASSED`, :data:`NOT_DONE` or :data:`NOT_YET`. The
    object shows itself as one line of text (with an icon) in a notebook.
    """

    task: str
    status: str
    message: str

    @property
    def passed(self) -> bool:
        """True when the answer passed the check."""
        return self.status == PASSED

    def __str__(self) -> str:
        return f"{_ICONS[self.status]} {self.task}: {self.status}: {self.message}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        """Show the feedback as a wrapped line with a coloured left border."""
        body = re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(str(self), quote=False))
        return (f'<div class="alliances-check" role="status" style="border-left: 4px solid '
                f'{_COLOURS[self.status]}; padding: 0.3em 0.8em; white-space: pre-wrap;">'
                f"{body}</div>")


def _never_raise(task: str) -> Callable[[Callable[..., Feedback]], Callable[..., Feedback]]:
    """Turn any unexpected error inside a check into a 'Not yet' message."""
    def decorate(check: Callable[..., Feedback]) -> Callable[..., Feedback]:
        @functools.wraps(check)
        def wrapper(*args: object, **kwargs: object) -> Feedback:
            try:
                return check(*args, **kwargs)
            except Exception as error:
                return Feedback(task, NOT_YET, f"the check could not read your answer "
                                f"({type(error).__name__}: {error}). Compare its form with the "
                                f"example in the task.")
        return wrapper
    return decorate


def _file_stamp(filename: str) -> tuple[str, int, int]:
    """The curated file's path, modification time and size: a cache key that follows the data."""
    path = curated.curated_dir() / filename
    status = path.stat()
    return str(path), status.st_mtime_ns, status.st_size


@functools.lru_cache(maxsize=4)
def _values_at(stamp: tuple[str, int, int]) -> dict[tuple[str, str], float]:
    frame = curated.material_potential()
    values: dict[tuple[str, str], float] = {}
    for country, indicator, value in zip(frame["country"], frame["indicator"], frame["value"]):
        values[country, indicator] = values.get((country, indicator), 0.0) + float(value)
    return values


def _values() -> dict[tuple[str, str], float]:
    """Table 4's values (``curated.material_potential()``) by (country, indicator), read again
    only when the file changes."""
    return _values_at(_file_stamp("csto_material_potential_2019.csv"))


@functools.lru_cache(maxsize=4)
def _syria_at(stamp: tuple[str, int, int]) -> Scenario:
    return cases.get_preset("Russia–Syria")


def _syria_preset() -> Scenario:
    """The book's Russia–Syria preset, read again only when the presets' file changes."""
    return _syria_at(_file_stamp("case_presets.csv"))


def _is_number(value: object) -> TypeGuard[numbers.Real]:
    return (isinstance(value, numbers.Real) and not isinstance(value, bool)
            and math.isfinite(float(value)))


def _is_blank(value: object) -> bool:
    """True for the notebooks' placeholders: None, an empty or blank string, an empty container."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (Mapping, list, tuple, set)):
        return len(value) == 0
    return False


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", text)


def _text_length_feedback(task: str, name: str, text: object, minimum: int,
                          maximum: int) -> Feedback | None:
    """Feedback when a written answer is not text or has too few or too many words, else None."""
    if not isinstance(text, str):
        return Feedback(task, NOT_YET, f"`{name}` should be text in quotes, got "
                        f"{type(text).__name__}.")
    count = len(_words(text))
    if count < minimum:
        return Feedback(task, NOT_YET, f"`{name}` has {count} words: write at least {minimum}.")
    if count > maximum:
        return Feedback(task, NOT_YET, f"`{name}` has {count} words: keep it to {maximum}.")
    return None


def _bullets(problems: list[str], limit: int = 6) -> str:
    shown = problems[:limit]
    more = len(problems) - len(shown)
    text = "".join(f"\n  - {p}" for p in shown)
    return text + (f"\n  - … and {more} more" if more else "")


# ---------------------------------------------------------------------------
# Assignment 1: score a case of your choice
# ---------------------------------------------------------------------------

@_never_raise("Task 1 (dyad)")
def check_dyad(patron: object, ally: object) -> Feedback:
    """Check Task 1 of "Score a case": two different, non-empty state names.

    ``patron`` is the major power and ``ally`` the weaker state, both strings
    such as ``"Russia"`` and ``"Armenia"``.
    """
    task = "Task 1 (dyad)"
    if _is_blank(patron) and _is_blank(ally):
        return Feedback(task, NOT_DONE, "set `patron` and `ally` to the names of two states, "
                        "in quotes.")
    states: list[str] = []
    for name, value in (("patron", patron), ("ally", ally)):
        if _is_blank(value):
            return Feedback(task, NOT_DONE, f"set `{name}` to the name of a state, in quotes.")
        if not isinstance(value, str) or not value.strip():
            return Feedback(task, NOT_YET, f"`{name}` should be a state's name in quotes, "
                            f"got {type(value).__name__}.")
        states.append(value.strip())
    first, second = states
    if first.casefold() == second.casefold():
        return Feedback(task, NOT_YET, "`patron` and `ally` name the same state: an alliance "
                        "needs two.")
    return Feedback(task, PASSED, f"you score the dyad {first}–{second}.")


def _input_problems(inputs: Mapping[str, object]) -> list[str]:
    problems = []
    unknown = [name for name in inputs if name not in PARAMETERS]
    for name in unknown:
        problems.append(f"{name!r} is not an input of the formula; the inputs are "
                        f"{', '.join(PARAMETERS)}")
    for name in PARAMETERS:
        if name not in inputs:
            problems.append(f"you have not scored input {name}: add `inputs[{name!r}]`")
            continue
        value = inputs[name]
        if value is None:
            problems.append(f"you have not scored input {name}: replace None in "
                            f"`inputs[{name!r}]` by a number")
            continue
        low, high = cases.parameter_range(name)
        if not _is_number(value):
            problems.append(f"`inputs[{name!r}]` should be a number, got {value!r}")
        elif not low <= float(value) <= high:
            problems.append(f"your {cases.parameter_label(name)} ({name} = {value!r}) is outside "
                            f"[{low:g}, {high:g}]")
    return problems


def _justification_problems(justifications: object, given: Mapping[str, float]) -> list[str]:
    if not isinstance(justifications, Mapping):
        return [f"`justifications` should be a dict from input names to sentences, got "
                f"{type(justifications).__name__}"]
    problems = []
    for name in [n for n in PARAMETERS if n not in given]:
        text = justifications.get(name)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"you have not justified input {name}: add a sentence to "
                            f"`justifications[{name!r}]`")
        elif len(_words(text)) < _MIN_JUSTIFICATION_WORDS:
            problems.append(f"`justifications[{name!r}]` is too short: give a reason of at least "
                            f"{_MIN_JUSTIFICATION_WORDS} words")
        elif not _SOURCE_PATTERN.search(text):
            problems.append(f"`justifications[{name!r}]` names no source: add the article "
                            f"section (e.g. §6), a table or footnote, or a document with its year")
    return problems


@_never_raise("Task 2 (inputs and justifications)")
def check_scenario(inputs: object, justifications: object,
                   given: Mapping[str, float] | None = None) -> Feedback:
    """Check Task 2 of "Score a case": all 17 inputs scored in range, each justified with a source.

    ``inputs`` maps every flat parameter of :class:`~alliances.Scenario`
    (``b_1A`` … ``a``) to a number in its range (``alliances.cases.parameter_range``);
    a :class:`~alliances.Scenario` is accepted too. ``justifications`` maps the
    same names to a sentence of at least eight words that names a source (a
    year, a section sign, a table, a footnote or a URL). ``given`` maps the inputs
    the assignment gives (the undergraduate version's :data:`GIVEN_PROBABILITIES`)
    to their values: those must keep them and need no justification.
    """
    given = dict(given or {})
    task = "Task 2 (inputs and justifications)"
    if isinstance(inputs, Scenario):
        inputs = inputs.to_params()
    if _is_blank(inputs) or (isinstance(inputs, Mapping) and all(
            value is None for name, value in inputs.items() if name not in given)):
        return Feedback(task, NOT_DONE, "fill `inputs` with a value for each of the 17 inputs "
                        "and `justifications` with a sourced sentence for each.")
    if not isinstance(inputs, Mapping):
        return Feedback(task, NOT_YET, f"`inputs` should be a dict from input names to numbers, "
                        f"got {type(inputs).__name__}.")
    problems = _input_problems(inputs) + _justification_problems(
        {} if justifications is None else justifications, given)
    problems += [f"keep the given {name} = {value:g}: this version gives it to you"
                 for name, value in given.items()
                 if _is_number(inputs.get(name)) and abs(float(inputs[name]) - value) > _TIE]
    if problems:
        return Feedback(task, NOT_YET, f"{len(problems)} thing(s) to fix:" + _bullets(problems))
    scored = len(PARAMETERS) - len(given)
    return Feedback(task, PASSED, f"all 17 inputs are in range and each of the {scored} you "
                    "scored has a sourced reason.")


def _scenario_or_none(inputs: object) -> Scenario | None:
    if isinstance(inputs, Scenario):
        return inputs
    if not isinstance(inputs, Mapping) or not inputs or _input_problems(inputs):
        return None
    return Scenario.from_params({k: float(v) for k, v in inputs.items()})


@_never_raise("Task 3 (verdict)")
def check_result(result: object, inputs: object) -> Feedback:
    """Check Task 3 of "Score a case": ``result`` assesses the scenario built from ``inputs``.

    ``result`` should be what :meth:`alliances.Scenario.assess` returns for
    ``alliances.Scenario.from_params(inputs)``.
    """
    task = "Task 3 (verdict)"
    scenario = _scenario_or_none(inputs)
    if scenario is None:
        return Feedback(task, NOT_DONE, "first make Task 2's check of `inputs` pass.")
    if result is None:
        return Feedback(task, NOT_DONE, "set `result` to the assessment of your scenario.")
    if not isinstance(result, Assessment):
        return Feedback(task, NOT_YET, f"`result` should be what `.assess()` returns, got "
                        f"{type(result).__name__}.")
    if result != scenario.assess():
        return Feedback(task, NOT_YET, "`result` is not the assessment of your `inputs`: build "
                        "the scenario from `inputs` again and call `.assess()` on it.")
    return Feedback(task, PASSED, f"your verdict is '{result.verdict.value}'.")


@_never_raise("Task 4 (defence)")
def check_defence(inputs: object, most_sensitive: object, defence: object,
                  words: tuple[int, int] = (80, 400)) -> Feedback:
    """Check Task 4 of "Score a case": the most sensitive input, and a defence that discusses it.

    ``most_sensitive`` is the flat name of the input whose smallest move, as a
    share of its range, flips the verdict of the scenario built from
    ``inputs`` (any one of tied inputs is right), or ``"none"`` if no single
    input can flip it. ``defence`` is a text of ``words`` (80 to 400 by default) words
    that names that input.
    """
    task = "Task 4 (defence)"
    scenario = _scenario_or_none(inputs)
    if scenario is None:
        return Feedback(task, NOT_DONE, "first make Task 2's check of `inputs` pass.")
    if _is_blank(most_sensitive):
        return Feedback(task, NOT_DONE, "set `most_sensitive` to the name of an input, such as "
                        "'p_R1', or to 'none'.")
    if not isinstance(most_sensitive, str) or (most_sensitive not in PARAMETERS
                                               and most_sensitive != "none"):
        return Feedback(task, NOT_YET, f"`most_sensitive` should be one of "
                        f"{', '.join(PARAMETERS)} or 'none', got {most_sensitive!r}.")
    expected = sensitivity.most_sensitive(scenario)
    if most_sensitive == "none" and expected:
        return Feedback(task, NOT_YET, "at least one input flips your verdict within its range: "
                        "look for a strip that changes colour.")
    if most_sensitive != "none" and most_sensitive not in expected:
        points = sensitivity.tipping_points(scenario).set_index("parameter")
        if math.isinf(float(points["distance"][most_sensitive])):
            return Feedback(task, NOT_YET, f"moving {most_sensitive} across its whole range never "
                            "changes your verdict: its strip has one colour.")
        return Feedback(task, NOT_YET, f"another input flips your verdict with a smaller move "
                        f"than {most_sensitive} (measured as a share of each input's range): look "
                        "for the colour change closest to a black diamond.")
    if _is_blank(defence):
        return Feedback(task, NOT_DONE, "your choice of `most_sensitive` is right; now write "
                        "`defence`.")
    length = _text_length_feedback(task, "defence", defence, *words)
    if length:
        return length
    assert isinstance(defence, str)  # _text_length_feedback answers anything else
    named = "alternative" if most_sensitive == "a" else most_sensitive.split("_")[-1]
    if most_sensitive != "none" and named not in defence:
        return Feedback(task, NOT_YET, f"`defence` never names {most_sensitive}, the input you "
                        "found most sensitive: say why its value is, or is not, safe.")
    return Feedback(task, PASSED, "you found the most sensitive input and defend the verdict "
                    "against it. Your instructor marks the argument itself.")


@_never_raise("Task 5 (sources)")
def check_sources(sources: object) -> Feedback:
    """Check Task 5 of "Score a case": at least three sources, one a line, each with a year.

    ``sources`` is a text with one full reference a line (author, year, title,
    and where it was published or its URL); it must include the main article
    (Istomin 2021). Only the form is checked; the instructor marks the choice.
    """
    task = "Task 5 (sources)"
    if _is_blank(sources):
        return Feedback(task, NOT_DONE, "list your sources in `sources`, one a line.")
    if not isinstance(sources, str):
        return Feedback(task, NOT_YET, f"`sources` should be text in quotes, got "
                        f"{type(sources).__name__}.")
    lines = [line.strip(" -*\t") for line in sources.splitlines() if line.strip(" -*\t")]
    if len(lines) < 3:
        return Feedback(task, NOT_YET, f"`sources` has {len(lines)} line(s): list at least 3 "
                        "sources, one a line.")
    undated = [i + 1 for i, line in enumerate(lines) if not re.search(r"1[89]\d\d|20\d\d", line)]
    if undated:
        return Feedback(task, NOT_YET, f"source line(s) {undated} give no year: add the year of "
                        "publication (or of access, for a web page).")
    if "istomin" not in sources.casefold():
        return Feedback(task, NOT_YET, "`sources` should include the main article the book "
                        "teaches (Istomin 2021).")
    return Feedback(task, PASSED, f"{len(lines)} dated sources.")


# ---------------------------------------------------------------------------
# Assignment 2: replicate and stress-test a claim
# ---------------------------------------------------------------------------

def check_stress_test_variant(threshold: object = CLAIM_THRESHOLD, grows: object = "allies",
                              syria: object = None) -> dict[str, object]:
    """Check a variant of "Stress-test a claim" and return it as a plain dict (JSON-able).

    ``threshold`` is the share (%) of population that Task 4 brings Russia down to, above 0 and
    below 100; ``grows`` is who grows in Task 4, one of :data:`GROWERS`; ``syria`` maps inputs
    of the Russia–Syria preset to the values the variant starts Task 5 from (``None`` or ``{}``:
    the preset itself), each within :func:`alliances.cases.parameter_range`. Raises
    ``TypeError`` or ``ValueError`` naming the argument.
    """
    if not _is_number(threshold) or not 0 < float(threshold) < 100:
        raise ValueError(f"threshold must be a number above 0 and below 100, got {threshold!r}")
    if grows not in GROWERS:
        raise ValueError(f"grows must be one of {', '.join(GROWERS)}, got {grows!r}")
    changes = {} if syria is None else syria
    if not isinstance(changes, Mapping):
        raise TypeError(f"syria must be a dict from input names to numbers, got "
                        f"{type(changes).__name__}")
    for name, value in changes.items():
        if name not in PARAMETERS:
            raise ValueError(f"syria must name inputs of the formula ({', '.join(PARAMETERS)}), "
                             f"got {name!r}")
        low, high = cases.parameter_range(name)
        if not _is_number(value) or not low <= float(value) <= high:
            raise ValueError(f"syria[{name!r}] must be a number in [{low:g}, {high:g}], "
                             f"got {value!r}")
    return {"threshold": float(threshold), "grows": grows,
            "syria": {name: float(changes[name]) for name in PARAMETERS if name in changes}}


def stress_test_scenario(syria: Mapping[str, float] | None = None) -> Scenario:
    """The Russia–Syria scenario that Task 5 of "Stress-test a claim" starts from: the book's
    preset with the inputs in ``syria`` changed (``None`` or ``{}``: the preset itself)."""
    changes = check_stress_test_variant(syria=syria)["syria"]
    assert isinstance(changes, dict)
    return _syria_preset().with_params(**changes)


def describe_stress_test_variant(threshold: float = CLAIM_THRESHOLD, grows: str = "allies",
                                 syria: Mapping[str, float] | None = None) -> str:
    """The numbers of a variant of "Stress-test a claim", in words, for the student's notebook."""
    variant = check_stress_test_variant(threshold, grows, syria)
    who = ("the five allies together" if variant["grows"] == "allies"
           else f"{variant['grows']} alone, the other allies staying as they are")
    changes = variant["syria"]
    assert isinstance(changes, dict)
    preset = _syria_preset().to_params()
    start = ("the book's Russia–Syria preset as it is" if not changes else
             "the book's Russia–Syria preset with " + ", ".join(
                 f"{name} = {value:g} (the preset has {preset[name]:g})"
                 for name, value in changes.items()))
    return (f"Task 4: the population that grows is that of {who}; the share to bring Russia down "
            f"to is {variant['threshold']:g}%.\nTask 5: you nudge {start}.")


_VARIANT_KEYWORDS = frozenset(STRESS_TEST_BOOK)


def _takes_variant(check: Callable[..., Feedback]) -> Callable[..., Feedback]:
    """Let a check of "Stress-test a claim" take any variant's keyword arguments
    (:data:`STRESS_TEST_BOOK`): they are checked, and the check gets those it uses."""
    own = set(inspect.signature(check).parameters)

    @functools.wraps(check)
    def wrapper(*args: object, **kwargs: object) -> Feedback:
        unknown = set(kwargs) - own - _VARIANT_KEYWORDS
        if unknown:
            raise TypeError(f"{check.__name__} takes the variant's keywords "
                            f"{', '.join(sorted(_VARIANT_KEYWORDS))}, got {sorted(unknown)}")
        variant = check_stress_test_variant(**{k: v for k, v in kwargs.items()
                                               if k in _VARIANT_KEYWORDS})
        used = {k: v for k, v in variant.items() if k in own and k in kwargs}
        return check(*args, **{k: v for k, v in kwargs.items() if k not in _VARIANT_KEYWORDS},
                     **used)
    return wrapper


def _russia_shares(drop: Iterable[tuple[str, str]] = ()) -> dict[str, float]:
    """Russia's share (%) of each indicator's CSTO total, leaving out (country, indicator) pairs."""
    left_out = set(drop)
    values = {key: value for key, value in _values().items() if key not in left_out}
    shares = {}
    for indicator in INDICATORS:
        total = sum(value for (_, kind), value in values.items() if kind == indicator)
        shares[indicator] = values.get(("Russia", indicator), 0.0) / total * 100.0
    return shares


def _percentage(value: object, name: str) -> float | str:
    """``value`` as a float if it is a percentage (0 to 100), else what is wrong with it."""
    if not _is_number(value):
        return f"`{name}` should be a number, got {value!r}"
    share = float(value)
    if not 0 <= share <= 100:
        return f"`{name}` should be a percentage between 0 and 100"
    return share


@_takes_variant
@_never_raise("Task 1 (replicate)")
def check_russia_shares(answer: object) -> Feedback:
    """Check Task 1 of "Stress-test a claim": Russia's share (%) of each Table 4 indicator.

    ``answer`` maps ``"population"``, ``"gdp"`` and ``"milex"`` to Russia's
    share of the six CSTO members' total, in percent (0–100). Shares rounded
    to 0.1 pass.
    """
    task = "Task 1 (replicate)"
    if _is_blank(answer):
        return Feedback(task, NOT_DONE, "fill `russia_shares` with Russia's share of each "
                        "indicator, computed from `curated.material_potential()`.")
    if not isinstance(answer, Mapping):
        return Feedback(task, NOT_YET, f"`russia_shares` should be a dict with the keys "
                        f"{', '.join(INDICATORS)}, got {type(answer).__name__}.")
    missing = [k for k in INDICATORS if k not in answer]
    extra = [k for k in answer if k not in INDICATORS]
    if missing or extra:
        return Feedback(task, NOT_YET, f"`russia_shares` should have exactly the keys "
                        f"{', '.join(INDICATORS)}" + (f"; missing {missing}" if missing else "")
                        + (f"; unexpected {extra}" if extra else "") + ".")
    for key in INDICATORS:
        problem = _percentage(answer[key], f"russia_shares[{key!r}]")
        if isinstance(problem, str):
            return Feedback(task, NOT_YET, f"{problem}; recompute it from "
                            "`curated.material_potential()`.")
    if all(float(answer[k]) <= 1 for k in INDICATORS):
        return Feedback(task, NOT_YET, "these look like fractions: give percentages "
                        "(multiply by 100).")
    expected = _russia_shares()
    wrong = [k for k in INDICATORS if abs(float(answer[k]) - expected[k]) > _SHARE_TOLERANCE]
    if wrong:
        return Feedback(task, NOT_YET, f"your {' and '.join(wrong)} share(s) do not match "
                        "Table 4: recompute them from `curated.material_potential()`, dividing "
                        "Russia's value by the total of all six members for that indicator.")
    return Feedback(task, PASSED, "your shares reproduce Table 4.")


@_takes_variant
@_never_raise("Task 2 (threshold)")
def check_weakest_indicator(answer: object) -> Feedback:
    """Check Task 2 of "Stress-test a claim": the indicator on which Russia's share is smallest."""
    task = "Task 2 (threshold)"
    if _is_blank(answer):
        return Feedback(task, NOT_DONE, "set `weakest_indicator` to one of "
                        f"{', '.join(repr(k) for k in INDICATORS)}.")
    if answer not in INDICATORS:
        return Feedback(task, NOT_YET, f"`weakest_indicator` should be one of "
                        f"{', '.join(repr(k) for k in INDICATORS)}, got {answer!r}.")
    shares = _russia_shares()
    if shares[answer] > min(shares.values()) + _TIE:
        return Feedback(task, NOT_YET, f"Russia's {answer} share is not its smallest: compare "
                        "the three shares of Task 1.")
    return Feedback(task, PASSED, "that is where the claim has the least room.")


@_takes_variant
@_never_raise("Task 3 (period)")
def check_milex_without_tajikistan(answer: object) -> Feedback:
    """Check Task 3 of "Stress-test a claim": Russia's defence share without the 2015 figure.

    ``answer`` is Russia's share (%) of the defence expenditure of the five
    members whose figures are for 2019, i.e. Tajikistan's 2015 value removed
    from the total. Shares rounded to 0.1 pass.
    """
    task = "Task 3 (period)"
    if _is_blank(answer):
        return Feedback(task, NOT_DONE, "set `milex_without_tajikistan` to Russia's defence "
                        "share with Tajikistan's 2015 figure left out of the total.")
    share = _percentage(answer, "milex_without_tajikistan")
    if isinstance(share, str):
        return Feedback(task, NOT_YET, share + ".")
    if share <= 1:
        return Feedback(task, NOT_YET, "this looks like a fraction: give a percentage "
                        "(multiply by 100).")
    expected = _russia_shares(drop=[("Tajikistan", "milex")])["milex"]
    if abs(share - expected) <= _SHARE_TOLERANCE:
        return Feedback(task, PASSED, "your share leaves the 2015 figure out.")
    if abs(share - _russia_shares()["milex"]) <= _SHARE_TOLERANCE:
        return Feedback(task, NOT_YET, "that is still the share with Tajikistan's 2015 figure "
                        "in the total: drop Tajikistan's defence row before you add up.")
    return Feedback(task, NOT_YET, "not Russia's share of the five 2019 figures: drop the row "
                    "where country is Tajikistan and indicator is milex, then divide Russia's "
                    "value by the total of the rest.")


@_takes_variant
@_never_raise("Task 4 (margin)")
def check_population_growth(answer: object, threshold: float = CLAIM_THRESHOLD,
                            grows: str = "allies") -> Feedback:
    """Check Task 4 of "Stress-test a claim": the allies' growth (%) that brings Russia to 75 %.

    ``answer`` is the percentage by which the five allies' combined population
    would have to grow, Russia's staying the same, for Russia's share to fall
    to exactly ``threshold`` percent (:data:`CLAIM_THRESHOLD` in the book). In a
    variant, ``grows`` names the one ally whose population grows, the others
    staying the same. Answers within 0.05 percentage points pass; a wrong
    answer gets only the direction of the error.
    """
    task = "Task 4 (margin)"
    if _is_blank(answer):
        return Feedback(task, NOT_DONE, "set `population_growth_needed` to a growth in percent.")
    if not _is_number(answer):
        return Feedback(task, NOT_YET, f"`population_growth_needed` should be a number, got "
                        f"{answer!r}.")
    growth = float(answer)
    if growth <= 0:
        return Feedback(task, NOT_YET, "the allies must grow for Russia's share to fall: the "
                        "growth should be positive.")
    expected = _growth_needed(threshold, grows)
    if abs(growth - expected) <= _GROWTH_TOLERANCE:
        return Feedback(task, PASSED, "that is the claim's margin on population.")
    share = _population_share_after(growth, grows)
    if growth < 1 and share > threshold:
        return Feedback(task, NOT_YET, "too small; if you computed a fraction, give the growth "
                        "in percent (write 12.5 for 12.5%).")
    bar = "three quarters" if threshold == CLAIM_THRESHOLD else f"{threshold:g}%"
    direction = (f"too small: Russia would still hold more than {bar}" if share > threshold else
                 f"too large: Russia's share would fall below {bar}")
    who = "the five allies' total" if grows == "allies" else f"{grows}'s population"
    return Feedback(task, NOT_YET, f"{direction}. Grow {who} by your percentage, keep "
                    f"Russia's population fixed, and aim for a share of exactly {threshold:g}%.")


def _population(grows: str) -> tuple[float, float, float]:
    """Population of Russia, of its five allies, and of ``grows`` (the allies or one ally)."""
    people = {country: value for (country, kind), value in _values().items()
              if kind == "population"}
    own = people.get("Russia", 0.0)
    allies = sum(people.values()) - own
    return own, allies, allies if grows == "allies" else people.get(grows, 0.0)


def _population_share_after(growth: float, grows: str = "allies") -> float:
    """Russia's share (%) of population when ``grows`` grows by ``growth`` percent."""
    own, allies, grower = _population(grows)
    return own / (own + allies + grower * growth / 100) * 100


def _growth_needed(threshold: float = CLAIM_THRESHOLD, grows: str = "allies") -> float:
    """The growth (%) of ``grows`` that brings Russia's share of population to ``threshold``."""
    own, allies, grower = _population(grows)
    return (own / (threshold / 100) - own - allies) / grower * 100


def nudge_step(name: str) -> float:
    """Return the size of one nudge of the flat input ``name`` in the stress test: 0.1 or 1.

    A nudge is :data:`NUDGE_STEPS` steps of the input's slider
    (:data:`alliances.value.PARAMETERS`): probabilities (``p_…``) move by 0.1;
    values, costs, damages and ``a`` by 1.
    """
    if name not in PARAMETERS:
        raise ValueError(f"name must be one of {', '.join(PARAMETERS)}, got {name!r}")
    return round(NUDGE_STEPS * PARAMETERS[name].step, 10)


def nudges(scenario: Scenario) -> pd.DataFrame:
    """Every single nudge of ``scenario``: each input moved one step down and one step up.

    One row per input and direction, all other inputs unchanged: ``parameter``,
    ``direction`` (``"down"`` or ``"up"``), ``value`` (the scenario's), ``nudged``
    (the moved value, kept inside :func:`alliances.cases.parameter_range`; a step
    is :func:`nudge_step`), ``net`` (b − c after the nudge) and ``verdict`` (its
    :class:`~alliances.Verdict` value, such as ``"ally"``).
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a Scenario, got {type(scenario).__name__}")
    rows = []
    for name, value in scenario.to_params().items():
        low, high = cases.parameter_range(name)
        step = nudge_step(name)
        for direction, new in (("down", max(low, value - step)), ("up", min(high, value + step))):
            result = scenario.with_params(**{name: new}).assess()
            rows.append({"parameter": name, "direction": direction, "value": value,
                         "nudged": new, "net": round(result.net, 10),
                         "margin": round(result.margin, 10), "verdict": result.verdict.value})
    return pd.DataFrame(rows)


def _nudge_outcomes(scenario: Scenario) -> tuple[set[str], set[str], set[str]]:
    """Inputs whose ±1 nudge changes the verdict, makes it ALLY, and boundary (tie) cases."""
    changes, ally, ties = _outcomes_of(tuple(scenario.to_params().items()))
    return set(changes), set(ally), set(ties)


@functools.lru_cache(maxsize=128)
def _outcomes_of(params: tuple[tuple[str, float], ...]
                 ) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """:func:`_nudge_outcomes` of the scenario with these inputs (kept: a grader asks often)."""
    scenario = Scenario.from_params(dict(params))
    table = nudges(scenario)
    base = scenario.assess().verdict.value
    changes = frozenset(table.loc[table["verdict"] != base, "parameter"])
    ally = frozenset(table.loc[table["verdict"] == Verdict.ALLY.value, "parameter"])
    ties = frozenset(table.loc[(table["net"].abs() < _TIE)
                               | ((table["net"] > 0) & (table["margin"].abs() < _TIE)),
                               "parameter"])
    return changes, ally, ties


def _name_list(value: object, variable: str) -> set[str] | str:
    """The input names in ``value`` as a set, or what is wrong with ``value``, as text."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        return f"`{variable}` should be a list of input names, got {type(value).__name__}"
    names = list(value)
    bad = [n for n in names if n not in PARAMETERS]
    if bad:
        return f"`{variable}` holds names that are not inputs of the formula: {bad}"
    return set(names)


@_takes_variant
@_never_raise("Task 5 (Russia–Syria)")
def check_syria_nudges(changes_verdict: object, becomes_ally: object,
                       syria: Mapping[str, float] | None = None) -> Feedback:
    """Check Task 5 of "Stress-test a claim": which single nudges change the Russia–Syria verdict.

    ``changes_verdict`` lists the flat inputs for which a nudge down or up
    (:func:`nudge_step`, kept within ``alliances.cases.parameter_range``)
    changes the preset's verdict; ``becomes_ally`` lists those for which a
    nudge makes it ``ALLY`` (an empty list is a valid answer). An input whose
    nudge lands exactly on a boundary of the formula (b − c = 0 or b − c = a)
    may be listed or not. In a variant, ``syria`` holds the inputs it starts
    from where they differ from the preset (:func:`stress_test_scenario`).
    """
    task = "Task 5 (Russia–Syria)"
    if changes_verdict is None and becomes_ally is None:
        return Feedback(task, NOT_DONE, "set `changes_verdict` and `becomes_ally` to lists of "
                        "input names (a list may be empty).")
    changes, ally, ties = _nudge_outcomes(stress_test_scenario(syria))
    problems = []
    for value, variable, expected in ((changes_verdict, "changes_verdict", changes),
                                      (becomes_ally, "becomes_ally", ally)):
        if value is None:
            problems.append(f"`{variable}` is still None: make it a list (it may be empty)")
            continue
        names = _name_list(value, variable)
        if isinstance(names, str):
            problems.append(names)
            continue
        missing = len((expected - ties) - names)
        extra = len(names - expected - ties)
        if missing:
            problems.append(f"`{variable}` misses {missing} input(s) that belong in it")
        if extra:
            problems.append(f"`{variable}` holds {extra} input(s) that do not belong in it")
    if problems:
        return Feedback(task, NOT_YET, "; ".join(problems) + ". Nudge each input down and up "
                        "from the preset's value, one at a time, and compare verdicts.")
    return Feedback(task, PASSED, "your lists match the nudges of the preset.")


_Outcomes = tuple[set[str], set[str], set[str]]
_TASK5 = "Task 5 (Russia–Syria)"


def _syria_part(task: str, value: object, variable: str,
                expected_of: Callable[[_Outcomes], set[str]],
                syria: Mapping[str, float] | None) -> Feedback | _Outcomes:
    """(names listed, names missing, names extra) of ``value`` against the Russia–Syria nudges
    (boundary cases neither missing nor extra), or a Feedback when it cannot be compared."""
    if value is None:
        return Feedback(task, NOT_DONE, f"set `{variable}` to a list of input names.")
    names = _name_list(value, variable)
    if isinstance(names, str):
        return Feedback(task, NOT_YET, names + ".")
    outcomes = _nudge_outcomes(stress_test_scenario(syria))
    expected, ties = expected_of(outcomes), outcomes[2]
    return names, expected - ties, names - expected - ties


def _changes_verdict_part(changes_verdict: object, complete: bool,
                          syria: Mapping[str, float] | None) -> Feedback:
    """One of the two parts of ``changes_verdict``: nothing missing, or nothing extra."""
    found = _syria_part(_TASK5, changes_verdict, "changes_verdict", lambda o: o[0], syria)
    if isinstance(found, Feedback):
        return found
    names, needed, extra = found
    if complete and needed - names:
        return Feedback(_TASK5, NOT_YET, f"`changes_verdict` misses {len(needed - names)} "
                        "input(s) that belong in it.")
    if not complete and not names:
        return Feedback(_TASK5, NOT_YET, "`changes_verdict` is empty, but some nudges do "
                        "change the verdict.")
    if not complete and extra:
        return Feedback(_TASK5, NOT_YET, f"`changes_verdict` holds {len(extra)} input(s) that "
                        "do not belong in it.")
    return Feedback(_TASK5, PASSED, "`changes_verdict` misses none." if complete else
                    "every input in `changes_verdict` belongs there.")


@_takes_variant
@_never_raise(_TASK5)
def check_changes_verdict_complete(changes_verdict: object,
                                   syria: Mapping[str, float] | None = None) -> Feedback:
    """Part of Task 5 of "Stress-test a claim": ``changes_verdict`` misses no input that belongs.

    Inputs on a boundary of the formula may be listed or not (see :func:`check_syria_nudges`).
    """
    return _changes_verdict_part(changes_verdict, True, syria)


@_takes_variant
@_never_raise(_TASK5)
def check_changes_verdict_correct(changes_verdict: object,
                                  syria: Mapping[str, float] | None = None) -> Feedback:
    """Part of Task 5 of "Stress-test a claim": ``changes_verdict`` is not empty and every input
    in it belongs (a nudge of it changes the Russia–Syria verdict)."""
    return _changes_verdict_part(changes_verdict, False, syria)


@_takes_variant
@_never_raise("Task 5 (Russia–Syria)")
def check_becomes_ally(becomes_ally: object,
                       syria: Mapping[str, float] | None = None) -> Feedback:
    """Part of Task 5 of "Stress-test a claim": ``becomes_ally`` lists exactly the inputs whose
    nudge makes the Russia–Syria verdict ``ALLY`` (it may be empty)."""
    task = "Task 5 (Russia–Syria)"
    found = _syria_part(task, becomes_ally, "becomes_ally", lambda o: o[1], syria)
    if isinstance(found, Feedback):
        return found
    names, needed, extra = found
    problems = ([f"misses {len(needed - names)} input(s) that belong in it"] if needed - names
                else []) + ([f"holds {len(extra)} input(s) that do not belong in it"] if extra
                            else [])
    if problems:
        return Feedback(task, NOT_YET, "`becomes_ally` " + " and ".join(problems) + ".")
    return Feedback(task, PASSED, "`becomes_ally` is right.")


@_takes_variant
@_never_raise("Task 6 (report)")
def check_report(report: object) -> Feedback:
    """Check Task 6 of "Stress-test a claim": a report of 120 to 350 words that covers both claims.

    Only the form is checked (length; mentions Table 4 or the CSTO, and
    Syria); the instructor marks the argument.
    """
    task = "Task 6 (report)"
    if _is_blank(report):
        return Feedback(task, NOT_DONE, "write your report in `report`.")
    length = _text_length_feedback(task, "report", report, 120, 350)
    if length:
        return length
    assert isinstance(report, str)  # _text_length_feedback answers anything else
    lowered = report.casefold()
    if "table 4" not in lowered and "csto" not in lowered:
        return Feedback(task, NOT_YET, "`report` should discuss the Table 4 claim about the "
                        "CSTO.")
    if "syria" not in lowered:
        return Feedback(task, NOT_YET, "`report` should discuss the Russia–Syria verdict.")
    return Feedback(task, PASSED, "your report covers both claims. Your instructor marks the "
                    "argument itself.")
