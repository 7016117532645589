"""Self-check questions at the end of a chapter: choose an answer, and see whether it is right and why.

The questions are data, in ``questions.yml`` beside this module, by chapter. A ``verdict``
question gives b, c and a; which of the three verdicts is right is decided by
:func:`alliances.assess`, and the feedback quotes its numbers. A ``choice`` question lists its
options, one of them right, each with the reason.

:func:`self_check` shows a chapter's questions. Each option is a disclosure
(``<details>``): choosing it opens its feedback, in the page with no kernel and no script, in
JupyterLab (trusted or not), with the keyboard (Tab, then Enter or Space) and with a screen
reader (each question is a labelled group). Maths is written ``$...$`` and typeset by the
page's MathJax or JupyterLab's. The Markdown form (dropdowns) serves plain notebooks.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from .value import Verdict, assess, format_value

#: The file the questions are read from.
SOURCE = Path(__file__).with_name("questions.yml")

_MATH = re.compile(r"\$([^$]+)\$")


@dataclass(frozen=True)
class Option:
    """One answer to choose: its text, whether it is right, and why."""

    text: str
    right: bool
    why: str


@dataclass(frozen=True)
class Question:
    """One self-check question: its text and its options (exactly one right)."""

    text: str
    options: tuple[Option, ...]

    @property
    def answer(self) -> Option:
        """The right option."""
        return next(option for option in self.options if option.right)


def _number(value: float) -> str:
    """A number as a question quotes it: :func:`~alliances.value.format_value`, no trailing zeros."""
    text = format_value(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def _verdict_question(raw: Mapping[str, Any]) -> Question:
    b, c, a = (float(raw[key]) for key in ("b", "c", "a"))
    result = assess(b, c, a)
    numbers = f"here $b - c = {_number(result.net)}$ and $a = {_number(a)}$"
    options = []
    for verdict in Verdict:
        right = verdict is result.verdict
        why = (f"{'Right' if right else 'Not this one'}: {numbers}, so the verdict is "
               f"“{result.verdict.label}”.")
        options.append(Option(text=verdict.value, right=right, why=why))
    text = (f"An alliance has expected benefits $b = {_number(b)}$, expected costs "
            f"$c = {_number(c)}$, and its best alternative is worth $a = {_number(a)}$. "
            f"What is the verdict of $b - c \\ge a > 0$?")
    return Question(text=text, options=tuple(options))


def _choice_question(raw: Mapping[str, Any], where: str) -> Question:
    options = tuple(Option(text=str(o["text"]), right=bool(o.get("right", False)),
                           why=f"{'Right' if o.get('right') else 'Not this one'}: {o['why']}")
                    for o in raw["options"])
    if sum(option.right for option in options) != 1:
        raise ValueError(f"{SOURCE.name}: {where} needs exactly one right option")
    return Question(text=str(raw["question"]), options=options)


def _load() -> Mapping[str, tuple[Question, ...]]:
    document = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    found = {}
    for chapter, items in document.items():
        questions = []
        for number, raw in enumerate(items, 1):
            where = f"{chapter} question {number}"
            if raw["kind"] == "verdict":
                questions.append(_verdict_question(raw))
            elif raw["kind"] == "choice":
                questions.append(_choice_question(raw, where))
            else:
                raise ValueError(f"{SOURCE.name}: {where} has unknown kind {raw['kind']!r}")
        found[chapter] = tuple(questions)
    return MappingProxyType(found)


#: Every chapter's questions, keyed by chapter (``"theory/theory"``), from ``questions.yml``.
#:
#: :meta hide-value:
QUESTIONS: Mapping[str, tuple[Question, ...]] = _load()


def _html_text(text: str) -> str:
    """Escape text for HTML, with its ``$...$`` maths as ``\\(...\\)`` for MathJax."""
    parts = _MATH.split(text)
    return "".join(html.escape(part) if i % 2 == 0 else f"\\({html.escape(part)}\\)"
                   for i, part in enumerate(parts))


@dataclass(frozen=True)
class SelfCheck:
    """A chapter's questions, ready to show; see :func:`self_check`."""

    chapter: str
    questions: tuple[Question, ...]

    def _repr_html_(self) -> str:
        key = re.sub(r"[^a-z0-9]+", "-", self.chapter.lower()).strip("-")
        blocks = []
        for number, question in enumerate(self.questions, 1):
            qid = f"alliances-question-{key}-{number}"
            choices = "".join(
                f'<details class="alliances-choice" data-right="{str(o.right).lower()}">'
                f"<summary>{chr(64 + i)}. {_html_text(o.text)}</summary>"
                f'<p class="alliances-feedback">{_html_text(o.why)}</p></details>'
                for i, o in enumerate(question.options, 1))
            blocks.append(f'<div class="alliances-question" role="group" aria-labelledby="{qid}">'
                          f'<p id="{qid}"><b>{number}.</b> {_html_text(question.text)}</p>'
                          f"{choices}</div>")
        return ('<section class="alliances-questions mathjax_process" '
                'aria-label="Self-check questions">'
                '<p class="alliances-questions-hint">Choose an answer to see whether it is '
                "right, and why. Try each question before you open the others.</p>"
                + "".join(blocks) + "</section>")

    def _repr_markdown_(self) -> str:
        lines = []
        for number, question in enumerate(self.questions, 1):
            lines.append(f"**{number}.** {question.text}\n")
            lines += [f"- {chr(64 + i)}. {o.text}" for i, o in enumerate(question.options, 1)]
            right = question.options.index(question.answer)
            lines.append(f"\n:::{{admonition}} Answer\n:class: dropdown\n"
                         f"{chr(65 + right)}. {question.answer.why}\n:::\n")
        return "\n".join(lines)


def self_check(chapter: str) -> SelfCheck:
    """Return the self-check questions of ``chapter`` (a key of :data:`QUESTIONS`, e.g. ``"theory/costs"``)."""
    if chapter not in QUESTIONS:
        raise ValueError(f"chapter must be one of {', '.join(QUESTIONS)}, got {chapter!r}")
    return SelfCheck(chapter=chapter, questions=QUESTIONS[chapter])


__all__ = ["QUESTIONS", "SOURCE", "Option", "Question", "SelfCheck", "self_check"]
