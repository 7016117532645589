"""Numbers in the chapters' prose are computed when the page runs, never typed (issue 13).

A chapter quotes a computed number with ``{eval}`name.attribute``` (see
:mod:`alliances.prose`). These tests check the formatting rules, that every
quoted name is defined by a code cell above the sentence (MyST-NB runs the
cells in order and evaluates the role in between), that the chapters set the
notebook metadata that makes ``{eval}`` work, that the numbers once typed in
the prose are gone from it, and, when the book is built, that the page shows
numbers where the source has roles.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from alliances import prose

ROOT = Path(__file__).resolve().parents[1]

#: The chapters whose prose quotes computed numbers, and how many each quotes.
QUOTING = {
    "book/lab/un-votes": 61,
    "book/lab/us-allies": 36,
    "book/lab/defence-pledges": 15,
    "book/lab/asymmetry": 33,
    "book/russia/russian-evidence": 10,
    "book/russia/hegemony": 10,
    "book/russia/after-the-article": 10,
    "book/russia/scorecard": 8,
    "book/russia/conclusion": 5,
}

#: The chapters that quote a date computed from the data ("events up to 7 June 2026"), bound in a
#: code cell to ``russia.events_up_to()`` or ``russia.data_as_of()``, and how many such dates each
#: quotes.
DATING = {"book/russia/after-the-article": 2}
DATE_SHOWN = re.compile(r"\d{1,2} [A-Z][a-z]+ \d{4}")

#: The chapters that quote a verdict word of the scorecard file ("weakened"), bound in a code cell
#: to ``russia.scorecard_judgement(...)``, and how many such words each quotes.
WORDING = {"book/russia/scorecard": 1}

#: Figures that were typed in the prose before they were computed into it, by chapter. None of
#: them may come back as typed text in the chapter's prose (outside code and the exercises).
ONCE_TYPED = {
    "book/lab/un-votes": ["0.739", "0.628", "0.802", "0.731", "0.690", "0.814", "0.769", "0.740",
                          "0.686", "0.687", "0.629", "0.573", "0.558", "0.836", "0.803", "0.691",
                          "0.732", "0.580", "0.679", "0.763", "0.009", "0.150", "0.151", "0.685",
                          "0.737", "0.103", "0.715", "0.720", "0.021", "0.029", "= 0.83",
                          "74 times", "63 times", "11 percentage points", "15 and 22", "73 roll calls", "each of the 28 years",
                          "26 of 28", "All 48", "to 7 points", "to 8 points", "about 74 of 100"],
    "book/lab/us-allies": ["31 in 1950", "66 in 2018", "70 %", "42 %", "28 percentage points",
                           "14 points", "6 to 9 points", "23–25", "5–9", "−0.022", "−0.015",
                           "0.015", "0.080", "23 points", "11 to 12", "25 to 28", "8 and 5",
                           "0.007", "0.001", "0.250", "0.276", "0.063", "0.059", "28–30", "6–9"],
    "book/lab/defence-pledges": ["273,296", "31 states", "66 in 2018", "33 in the Americas",
                                 "26 in Europe", "(34 partners)", "(38)", "between 7 and 12",
                                 "13 in 1993", "7 in 2010", "| 66 partners", "| 7 partners"],
    "book/lab/asymmetry": ["61 times", "9.5", "4.2 times", "1.4)", "137,762", "69,127", "492",
                           "1,200", "1,161", "89.2", "71.7", "80.9", "61.5", "17%", "43%", "68.8",
                           "80.1", "60% to 82%", "382", "409", "161", "213", "60.3", "66.0",
                           "36.6", "39.4", "1,040", "14,686", "607"],
    "book/russia/russian-evidence": ["76%", "86%", "95%", "19 times", "6 times", "3 times",
                                 "100 states", "11 against", "58 abstained", "other 24"],
    "book/russia/hegemony": ["from 0.75", "from 0.9", "from 4 to", "from 2 to"],
}

ROLE = re.compile(r"\{eval\}`([^`]*)`")


def _notebook(page: str) -> dict:
    return json.loads((ROOT / f"{page}.ipynb").read_text(encoding="utf-8"))


def _prose(text: str) -> str:
    """Markdown without code blocks, inline code, roles' contents and the exercises."""
    text = text.split("## Exercises")[0]
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = ROLE.sub("", text)
    return re.sub(r"`[^`]*`", "", text)


# --- the formatting rules ------------------------------------------------------------------

def test_numbers_print_as_the_charts_do():
    said = prose.numbers(share=0.73851, gap=0.11066, count=5231, negative=-0.02909, half=0.0625)
    assert (repr(said.share), str(said.gap), repr(said.count)) == ("0.739", "0.111", "5,231")
    assert repr(said.negative) == "\u22120.029"              # Vega's minus sign
    assert repr(said.half) == "0.063"                         # halves away from zero, not to even
    assert (repr(said.share.pct), repr(said.gap.pct), repr(said.gap.pct1)) == ("74", "11", "11.1")
    assert (repr(said.share.d2), repr(said.negative.abs)) == ("0.74", "0.029")
    assert float(said.share) == 0.73851 and said["gap"] is said.gap and len(said) == 5


def test_numbers_keep_a_count_as_a_count_and_inputs_short():
    import numpy as np

    said = prose.numbers(decimals=None, rows=np.int64(273296), p=0.75, c=4.0, q=np.float64(0.9))
    assert [repr(said[name]) for name in ("rows", "p", "c", "q")] == ["273,296", "0.75", "4",
                                                                      "0.9"]
    assert repr(prose.numbers(decimals=1, share=89.2).share) == "89.2"
    assert repr(prose.Number(1993, 0)) == "1993"              # a year has no separator


@pytest.mark.parametrize("call, message", [
    (lambda: prose.numbers(), "needs at least one keyword"),
    (lambda: prose.numbers(gap=float("nan")), "gap must be a finite number"),
    (lambda: prose.numbers(gap="0.1"), "gap must be a finite number"),
    (lambda: prose.numbers(decimals=11, gap=0.1), r"decimals must be None or an integer in \[0, 10\]"),
    (lambda: prose.numbers(gap=0.1).gaps, "no number named 'gaps'; quoted numbers: gap"),
])
def test_bad_input_names_the_argument(call, message):
    with pytest.raises((TypeError, ValueError, AttributeError), match=message):
        call()


# --- the chapters ---------------------------------------------------------------------------

@pytest.mark.parametrize("page", sorted(QUOTING))
def test_chapter_quotes_computed_numbers_it_has_defined(page):
    nb = _notebook(page)
    assert nb["metadata"].get("mystnb") == prose.NOTEBOOK_METADATA, \
        f"{page} must set notebook metadata mystnb = alliances.prose.NOTEBOOK_METADATA"
    pattern = re.compile(prose.EVAL_NAME_REGEX)
    defined: dict[str, set[str]] = {}        # name of a Numbers -> the numbers it holds
    dates: set[str] = set()                  # names bound to a date computed from the data
    words: set[str] = set()                  # names bound to a verdict word of the scorecard file
    quoted = dated = worded = 0
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code":
            assert not re.search(r"myst_nb|glue\(", source), f"{page}: no myst_nb in notebooks"
            for name, body in re.findall(r"^(\w+) = prose\.numbers\((.*?)\)\s*$", source,
                                         flags=re.S | re.M):
                # names passed as **mapping cannot be read here: only the call is checked then
                defined[name] = {"**"} if "**" in body else set(re.findall(r"(?:^|[(,\s])(\w+)=",
                                                                            body))
            dates |= set(re.findall(r"^(\w+) = russia\.(?:events_up_to|data_as_of)\(\)\s*$",
                                    source, flags=re.M))
            words |= set(re.findall(r"^(\w+) = russia\.scorecard_judgement\(\"\w+\"\)\s*$",
                                    source, flags=re.M))
            continue
        for expression in ROLE.findall(source):
            if expression in dates:
                dated += 1
                continue
            if expression in words:
                worded += 1
                continue
            quoted += 1
            assert pattern.match(expression), f"{page}: {{eval}}`{expression}` is not allowed"
            name, number, *attributes = expression.split(".")
            assert name in defined, f"{page}: {expression} is quoted before {name} is defined"
            assert number in defined[name] or "**" in defined[name], \
                f"{page}: {name} has no number {number}"
            for attribute in attributes:
                assert attribute in {"d0", "d1", "d2", "d3", "pct", "pct1", "abs"}, expression
    assert quoted == QUOTING[page], f"{page} quotes {quoted} computed numbers"
    assert dated == DATING.get(page, 0), f"{page} quotes {dated} computed dates"
    assert worded == WORDING.get(page, 0), f"{page} quotes {worded} verdict words"


@pytest.mark.parametrize("page", sorted(ONCE_TYPED))
def test_computed_numbers_are_no_longer_typed(page):
    text = _prose("\n".join("".join(c["source"]) for c in _notebook(page)["cells"]
                            if c["cell_type"] == "markdown"))
    typed = [figure for figure in ONCE_TYPED[page] if figure in text]
    assert not typed, f"{page}: typed again in the prose: {typed}; compute them with prose.numbers"


@pytest.mark.html
@pytest.mark.parametrize("page", sorted(QUOTING))
def test_built_page_shows_the_numbers(site, page):
    """Each role became a number in the page; no raw role text is left."""
    text = (site / f"{page}.html").read_text(encoding="utf-8")
    assert "{eval}" not in text and "mystnb.eval" not in text
    shown = re.findall(r'<span class="output text_plain">([^<]*)</span>', text)
    assert len(shown) >= QUOTING[page]
    inline = [value for value in shown if re.fullmatch(r"\u2212?[\d,]+(\.\d+)?", value)]
    assert len(inline) == QUOTING[page], f"{page}: {len(inline)} numbers shown"
    dates = [value for value in shown if DATE_SHOWN.fullmatch(value)]
    assert len(dates) == DATING.get(page, 0), f"{page}: {len(dates)} dates shown"
    verdicts = [value for value in shown if value in ("held", "weakened", "broken", "inconclusive")]
    assert len(verdicts) == WORDING.get(page, 0), f"{page}: {len(verdicts)} verdict words shown"
