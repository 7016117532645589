"""The article's typologies as data: benefits (Table 1), costs (Table 2), tools (Table 3).

Istomin (2021) classifies what a major power can gain from an asymmetric
alliance (Table 1), what it pays (Table 2) and which other tools of domination
it could use instead (Table 3). Each cell gets a stable code that the rest of
the library uses: the formula's benefit parts are keyed ``1A``, ``1B``, ``2A``
and ``2B``; its cost parts ``D1``-``D3`` (direct), ``O1`` (opportunity) and
``R1``-``R2`` (risks); the tools of Table 3 ``1`` (colonial possession, which
spans the whole first row) and ``2A`` ... ``4C``.

The functions :func:`table1`, :func:`table2` and :func:`table3` return each
table as a :class:`pandas.DataFrame` laid out like the article's. The labels
are the article's own wording; the codes and the ``short`` labels are the
book's additions.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from html import escape

import pandas as pd


class _Printed(Enum):
    """A row or column of one of the article's tables: its number or letter, and its label.

    Each member is written ``NAME = mark, label``: the enum's value is the
    mark (``"1"``, ``"A"``) and ``label`` the name as printed in the table.
    """

    label: str

    def __new__(cls, mark: str, label: str = "") -> _Printed:  # Nature("1") looks a member up
        member = object.__new__(cls)
        member._value_ = mark
        member.label = label
        return member

    @property
    def heading(self) -> str:
        """The label with its number or letter, e.g. ``"1. Restrictive"`` or ``"A. Economic tools"``."""
        return f"{self.value}. {self.label}"

    def __repr__(self) -> str:   # as printed in the table, also inside a list
        return self.heading

    def __str__(self) -> str:
        return self.heading


class Nature(_Printed):
    """Rows of Table 1: what the major power wants to do to its ally."""

    RESTRICTIVE = "1", "Restrictive"
    TRANSFORMATIVE = "2", "Transformative"


class Sphere(_Printed):
    """Columns of Table 1: which side of the ally's life is influenced."""

    INTERNAL = "A", "Internal development of an ally"
    FOREIGN = "B", "Foreign policy of an ally"


@dataclass(frozen=True)
class BenefitFunction:
    """One cell of Table 1: a benefit an alliance can bring its leader.

    ``code`` joins the row number and column letter (``"1A"``), from which
    ``nature`` and ``sphere`` follow; ``label`` is the article's cell text;
    ``short`` is the book's plain-language name used on sliders and chart axes.
    """

    code: str
    label: str
    short: str

    @property
    def nature(self) -> Nature:
        """The cell's row of Table 1 (from the code's number)."""
        return Nature(self.code[0])

    @property
    def sphere(self) -> Sphere:
        """The cell's column of Table 1 (from the code's letter)."""
        return Sphere(self.code[1])

    def __repr__(self) -> str:   # one line, also inside a list
        return f"{self.code}: {self.label} ({self.short})"


BENEFITS: tuple[BenefitFunction, ...] = (
    BenefitFunction("1A", "prevention of the emergence of independent players",
                    "Keep the ally from becoming a rival"),
    BenefitFunction("1B", "limiting the external ties of an ally", "Limit the ally's ties with rivals"),
    BenefitFunction("2A", "strengthening the statehood of an ally", "Stabilise the ally's state"),
    BenefitFunction("2B", "engaging an ally in support of the leader's initiative",
                    "Enlist the ally's support"),
)


class CostKind(_Printed):
    """Rows of Table 2: the three kinds of cost, numbered as in the table."""

    DIRECT = "1", "Direct costs"
    OPPORTUNITY = "2", "Opportunity costs"
    RISK = "3", "Potential risks"

    @property
    def number(self) -> int:
        """The kind's number in Table 2 (1 direct, 2 opportunity, 3 risks)."""
        return int(self.value)


@dataclass(frozen=True)
class CostItem:
    """One entry of Table 2: a cost or risk an alliance brings its leader.

    ``label`` is the article's wording; ``short`` is the book's
    plain-language name used on sliders and chart axes.
    """

    code: str
    kind: CostKind
    label: str
    short: str

    def __repr__(self) -> str:   # one line, also inside a list
        return f"{self.code}: {self.label} ({self.short}; {self.kind.label.lower()})"


COSTS: tuple[CostItem, ...] = (
    CostItem("D1", CostKind.DIRECT, "military preparedness",
             "Forces to make the guarantee credible"),
    CostItem("D2", CostKind.DIRECT, "access to market",
             "Market access granted to the ally"),
    CostItem("D3", CostKind.DIRECT,
             "military technical assistance / development assistance",
             "Military or development aid"),
    CostItem("O1", CostKind.OPPORTUNITY,
             "deteriorating relations with allies' opponents",
             "Worse relations with the ally's rivals"),
    CostItem("R1", CostKind.RISK, "involvement in allies' adventurism",
             "Entrapment in the ally's adventures"),
    CostItem("R2", CostKind.RISK, "failed expectations effect",
             "Failed expectations"),
)

BENEFIT_CODES: tuple[str, ...] = tuple(b.code for b in BENEFITS)
COST_CODES: tuple[str, ...] = tuple(c.code for c in COSTS)
DIRECT_CODES: tuple[str, ...] = tuple(c.code for c in COSTS if c.kind is CostKind.DIRECT)
OPPORTUNITY_CODES: tuple[str, ...] = tuple(c.code for c in COSTS if c.kind is CostKind.OPPORTUNITY)
RISK_CODES: tuple[str, ...] = tuple(c.code for c in COSTS if c.kind is CostKind.RISK)


def benefit(code: str) -> BenefitFunction:
    """Return the Table 1 cell with this code (``"1A"``, ``"1B"``, ``"2A"`` or ``"2B"``)."""
    for item in BENEFITS:
        if item.code == code:
            return item
    raise ValueError(f"code must be one of {', '.join(BENEFIT_CODES)}, got {code!r}")


def cost(code: str) -> CostItem:
    """Return the Table 2 entry with this code (``"D1"`` ... ``"R2"``)."""
    for item in COSTS:
        if item.code == code:
            return item
    raise ValueError(f"code must be one of {', '.join(COST_CODES)}, got {code!r}")


# --------------------------------------------------------------------------- Table 3


class Domain(_Printed):
    """Columns of Table 3: the area of interaction a tool of domination works in."""

    MILITARY = "A", "Military and strategic tools"
    ECONOMIC = "B", "Economic tools"
    CULTURAL = "C", "Cultural tools"


@dataclass(frozen=True)
class Tool:
    """One cell of Table 3: a tool a major power can use to dominate weaker states.

    ``level`` is the article's row number (1-4; the article gives the rows no
    names) and ``domains`` the columns the cell covers: one column for every
    tool except colonial possession, whose cell in the article carries no
    column letter and spans the whole first row. ``label`` is the article's
    cell text and ``short`` the book's plain-language name.

    The three flags record what section 4 of the article says about each
    tool; ``basis`` gives the reasoning in a sentence.

    ``security_for_autonomy``
        The tool works by the formula "security for autonomy": the weak state
        gets protection from force, or the means of it, and gives up some
        freedom of action in return. The article says economic and cultural
        tools "do not function according to" this formula because they give
        no protection from violence, and groups the protectorate and
        military-technical assistance with alliances as "instruments of
        military and political cooperation". Colonial possession leaves the
        weak side no formal autonomy to trade, so it is ``False`` (a reading
        of the article's remark that post-1950 tools, unlike colonies,
        preserve the formal autonomy of the weaker side).
    ``direct_alternative``
        The tool can directly replace an alliance. The article names "the
        establishment of a protectorate and military technical assistance"
        as the only direct alternatives. The alliance itself is ``False``
        (it is the thing being replaced).
    ``real_alternative_today``
        The tool is still a live option. The article calls
        military-technical assistance "the only real alternative" in the
        modern world: colonies were abandoned as self-determination became
        the norm and protectorates became "almost as exotic as colonies".
    """

    code: str
    level: int
    domains: tuple[Domain, ...]
    label: str
    short: str
    security_for_autonomy: bool
    direct_alternative: bool
    real_alternative_today: bool
    basis: str

    @property
    def spans(self) -> bool:
        """True when the cell covers more than one column of Table 3."""
        return len(self.domains) > 1

    def __repr__(self) -> str:   # one line, also inside a list
        return f"{self.code}: {self.label} ({self.short})"


_ALL_DOMAINS = (Domain.MILITARY, Domain.ECONOMIC, Domain.CULTURAL)
_NOT_SECURITY = ("Gives the weak state no protection from force, so it cannot replace an "
                 "alliance (section 4).")

TOOLS: tuple[Tool, ...] = (
    Tool("1", 1, _ALL_DOMAINS, "Colonial possession", "Colony",
         False, False, False,
         "Direct rule leaves no formal autonomy to trade; abandoned as the norm of "
         "self-determination took hold (section 4)."),
    Tool("2A", 2, (Domain.MILITARY,), "Protectorate", "Protectorate",
         True, True, False,
         "Named as a direct alternative, but a heavy burden for the patron and a "
         "humiliation for the junior side, now 'almost as exotic as colonies' (section 4)."),
    Tool("2B", 2, (Domain.ECONOMIC,), "Common currency zone and financial integration",
         "Currency union", False, False, False, _NOT_SECURITY),
    Tool("3A", 3, (Domain.MILITARY,), "Alliance", "Alliance",
         True, False, False,
         "The tool the theory explains: a security guarantee in exchange for influence."),
    Tool("3B", 3, (Domain.ECONOMIC,), "Trade and economic associations", "Trade bloc",
         False, False, False, _NOT_SECURITY),
    Tool("3C", 3, (Domain.CULTURAL,), "Associations by language, history, religion",
         "Cultural association", False, False, False, _NOT_SECURITY),
    Tool("4A", 4, (Domain.MILITARY,), "Military technical assistance", "Arms and training",
         True, True, True,
         "Arms supplies and military training: the only real alternative to alliances "
         "today, with fewer reputational risks because it gives no public guarantee "
         "(section 4)."),
    Tool("4B", 4, (Domain.ECONOMIC,), "Promoting international development",
         "Development aid", False, False, False, _NOT_SECURITY),
    Tool("4C", 4, (Domain.CULTURAL,), "Organizations for development of humanitarian cooperation",
         "Humanitarian cooperation", False, False, False, _NOT_SECURITY),
)

TOOL_CODES: tuple[str, ...] = tuple(t.code for t in TOOLS)
#: The Table 3 code of the alliance itself.
ALLIANCE_CODE: str = "3A"
#: The Table 3 code of military-technical assistance, the alliance's only real alternative today.
ASSISTANCE_CODE: str = "4A"


def tool(code: str) -> Tool:
    """Return the Table 3 cell with this code (``"1"``, ``"2A"``, ``"2B"``, ``"3A"`` ... ``"4C"``)."""
    for item in TOOLS:
        if item.code == code:
            return item
    raise ValueError(f"code must be one of {', '.join(TOOL_CODES)}, got {code!r}")


def direct_alternatives() -> tuple[Tool, ...]:
    """Return the tools the article counts as direct alternatives to an alliance (``direct_alternative``)."""
    return tuple(t for t in TOOLS if t.direct_alternative)


# --------------------------------------------------------------------------- tables


def _check_flag(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {value!r} of type "
                        f"{type(value).__name__}")
    return value


def table1() -> pd.DataFrame:
    """Return Table 1 ("Benefits of asymmetric alliances for major powers") as a DataFrame.

    Rows are the nature of the objective (``"1. Restrictive"``,
    ``"2. Transformative"``), columns the sphere of influence (``"A. Internal
    development of an ally"``, ``"B. Foreign policy of an ally"``); each cell
    holds the article's wording, so the cell in row 1 and column A is
    benefit ``1A``.
    """
    data = {s.heading: [next(b.label for b in BENEFITS if b.nature is n and b.sphere is s)
                        for n in Nature] for s in Sphere}
    frame = pd.DataFrame(data, index=pd.Index([n.heading for n in Nature],
                                              name="Nature of objectives"))
    frame.columns.name = "Sphere of influence"
    return frame


def table2(fill_spans: bool = False) -> pd.DataFrame:
    """Return Table 2 ("Costs of Asymmetric Alliances") as a DataFrame.

    One row per cost, indexed by its code (``D1`` ... ``R2``); the column
    ``"Type of cost"`` holds the kind (``"1. Direct costs"`` ...) and
    ``"Cost"`` the article's wording. In the article the kind is a merged
    cell beside its items, so by default it appears on the first row of its
    group and the rows below hold ``""``; with ``fill_spans=True`` it is
    repeated on every row.
    """
    _check_flag(fill_spans, "fill_spans")
    kinds, seen = [], set()
    for item in COSTS:
        first = item.kind not in seen
        seen.add(item.kind)
        kinds.append(item.kind.heading if (first or fill_spans) else "")
    return pd.DataFrame({"Type of cost": kinds, "Cost": [c.label for c in COSTS]},
                        index=pd.Index(list(COST_CODES), name="code"))


def table3(fill_spans: bool = False) -> pd.DataFrame:
    """Return Table 3 ("Tools for Securing Political Domination") as a DataFrame.

    Rows are the article's row numbers ``"1"`` ... ``"4"``, columns the
    domains (``"A. Military and strategic tools"``, ``"B. Economic tools"``,
    ``"C. Cultural tools"``); each cell holds the article's wording, and a
    cell with no tool holds ``""`` (only row 2, column C). Colonial
    possession spans the whole first row in the article: by default its text
    sits in column A and the covered cells B and C hold ``""``, as a merged
    cell is usually flattened; ``fill_spans=True`` repeats it in every cell it
    covers. :func:`table3_html` draws the merged cell as in the article.
    """
    _check_flag(fill_spans, "fill_spans")
    levels = sorted({t.level for t in TOOLS})
    cells = {(lv, d): "" for lv in levels for d in Domain}
    for item in TOOLS:
        for i, d in enumerate(item.domains):
            if i == 0 or fill_spans:
                cells[(item.level, d)] = item.label
    frame = pd.DataFrame({d.heading: [cells[(lv, d)] for lv in levels] for d in Domain},
                         index=pd.Index([str(lv) for lv in levels], name="Row"))
    return frame


def table3_html() -> str:
    """Return Table 3 as an HTML ``<table>`` with colonial possession spanning its row.

    Each cell shows the article's code and wording (``"2.A. Protectorate"``);
    the empty cell stays empty. Use it with ``IPython.display.HTML`` when the
    merged cell matters; :func:`table3` gives the same content as a DataFrame.
    """
    head = "".join(f"<th>{escape(d.heading)}</th>" for d in Domain)
    rows = []
    for lv in sorted({t.level for t in TOOLS}):
        cells: list[str] = []
        covered: set[Domain] = set()
        for d in Domain:
            if d in covered:
                continue
            item = next((t for t in TOOLS if t.level == lv and d in t.domains), None)
            if item is None:
                cells.append("<td></td>")
                continue
            covered.update(item.domains)
            number = f"{lv}." if item.spans else f"{lv}.{d.value}."
            span = f' colspan="{len(item.domains)}"' if item.spans else ""
            cells.append(f"<td{span}>{escape(number)} {escape(item.label)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return ('<table class="alliances-table3">'
            "<caption>Tools for securing political domination (Table 3)</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def tool_flags() -> pd.DataFrame:
    """Return one row per Table 3 tool with its domain(s) and the three flags of :class:`Tool`.

    Indexed by code; columns ``tool`` (the article's wording), ``domain``
    (the column letters it covers), ``security_for_autonomy``,
    ``direct_alternative``, ``real_alternative_today`` and ``basis`` (why,
    from section 4 of the article).
    """
    return pd.DataFrame(
        {"tool": [t.label for t in TOOLS],
         "domain": ["".join(d.value for d in t.domains) for t in TOOLS],
         "security_for_autonomy": [t.security_for_autonomy for t in TOOLS],
         "direct_alternative": [t.direct_alternative for t in TOOLS],
         "real_alternative_today": [t.real_alternative_today for t in TOOLS],
         "basis": [t.basis for t in TOOLS]},
        index=pd.Index(list(TOOL_CODES), name="code"))
