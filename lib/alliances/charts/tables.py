"""Tables for a page: one drawer for every curated table, and the chapters' named tables.

:func:`table` draws any frame the way the book shows its curated tables: no index, a fixed
HTML id, ISO dates, every text whole, numbers right-aligned, and long unbreakable tokens (a
sha256, a URL) allowed to break, so the table fits its column. On a phone (``alliances.css``)
its rows stack into labelled cards instead of hiding columns behind a sideways scroll. The named
tables (:func:`events_table`, :func:`scorecard_table`) use it. Each returns a :class:`Table`:
the styled HTML in Jupyter and in the book, and the same cells as plain text anywhere else.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
from collections import Counter
from collections.abc import Callable, Hashable, Mapping
from typing import TYPE_CHECKING

import pandas as pd

from .. import curated
from ..russia import events_for

if TYPE_CHECKING:   # pandas' Styler module takes 60 ms to import: only a drawn table needs it
    from pandas.io.formats.style import Styler
    from pandas.io.formats.style_render import CSSDict

_TABLE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")

#: A token longer than this (a sha256, a URL) may break anywhere, so its column can narrow.
LONG_TOKEN = 24


def _css_string(text: str) -> str:
    """``text`` as a quoted CSS string (for a ``content`` property)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def _breakable(label: object) -> str:
    """A column name as HTML that may break after each ``_`` (``security_for_autonomy``)."""
    return html.escape(str(label)).replace("_", "_<wbr>")


def _has_long_token(column: pd.Series) -> bool:
    words = column.dropna().astype(str).str.split()
    return bool(words.map(lambda ws: max((len(w) for w in ws), default=0)).gt(LONG_TOKEN).any())


class Table:
    """A table drawn by :func:`table`: styled HTML in Jupyter and the book, plain text elsewhere.

    In Jupyter and in the book it shows the HTML of its pandas ``Styler`` (``styler``)
    unchanged; as plain text (``repr``, a console, a list) it shows the same cells, formatted as
    in the HTML, in aligned columns with no index. ``data`` is the frame it shows (a named index
    made its first column).
    """

    def __init__(self, frame: pd.DataFrame, styler: Styler,
                 formats: Mapping[Hashable, str | Callable[[object], str] | None]) -> None:
        self.data = frame
        self.styler = styler
        self._formats = formats

    def to_html(self) -> str:
        """The table's HTML, as the book and Jupyter show it."""
        return self.styler.to_html()

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        """The cells as plain text: text left-aligned and cut at :data:`PLAIN_WIDTH`
        characters, numbers right-aligned, no index."""
        frame = self.data
        if frame.empty:
            return f"An empty table with the columns {', '.join(map(str, frame.columns))}."
        cells = pd.DataFrame([[_plain(value, self._formats.get(column))
                               for column, value in zip(frame.columns, row)]
                              for row in frame.itertuples(index=False)], columns=frame.columns)
        aligned = {column: _aligned(max(len(str(column)), int(cells[column].str.len().max())),
                                    _is_number(frame[column]))
                   for column in frame.columns}
        text = cells.to_string(index=False, formatters=aligned, justify="left")
        return "\n".join(line.rstrip() for line in text.splitlines())


#: A text cell longer than this is cut, with "…", in a table's plain-text form.
PLAIN_WIDTH = 60


def _plain(value: object, shape: str | Callable[[object], str] | None) -> str:
    """One cell as plain text, formatted as in the HTML; a missing value as "–"."""
    if value is None or value is pd.NA or value is pd.NaT or (
            isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(shape, str):
        text = shape.format(value)
    else:
        text = str(value) if shape is None else shape(value)
    text = " ".join(text.split())
    return text if len(text) <= PLAIN_WIDTH else text[:PLAIN_WIDTH - 1] + "…"


def _aligned(width: int, right: bool) -> Callable[[str], str]:
    """Pad a cell to ``width``: numbers to the right, text to the left."""
    return (lambda text: text.rjust(width)) if right else (lambda text: text.ljust(width))


def _is_number(column: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)


#: How many tables this kernel has drawn under each default id (a page runs in one kernel).
_DRAWN: Counter[str] = Counter()


def _default_name(frame: pd.DataFrame) -> str:
    """An HTML id for a table drawn without a name: deterministic, and unique in the page.

    It is ``table-`` and the start of the sha256 of the frame's CSV, so a rebuilt page keeps it;
    a second table with the same contents in the same kernel gets ``-2``, a third ``-3``.
    """
    digest = hashlib.sha256(frame.to_csv().encode("utf-8")).hexdigest()[:10]
    base = f"table-{digest}"
    _DRAWN[base] += 1
    return base if _DRAWN[base] == 1 else f"{base}-{_DRAWN[base]}"


def table(frame: pd.DataFrame, name: str | None = None, *, precision: int | None = None) -> Table:
    """Draw a curated table for a page and for JupyterLab: no index, every text whole.

    ``name`` fixes the table's HTML id (``T_<name>``); it must start with a letter and hold
    only letters, digits, ``-`` and ``_``. Left out, the id is made from the frame's contents
    (``T_table-`` and ten hexadecimal digits), so a rebuilt page does not change for nothing,
    and a table drawn twice in one page gets a second id of its own. The
    cells carry no ids of their own. Text reads from the left and the top; numbers are
    right-aligned, shown with ``precision`` decimals (by default as short as they can be, so
    2.5 and not 2.500000), and a missing value shows as "–". A ``date`` column prints as
    ``YYYY-MM-DD``. A column holding a token longer than :data:`LONG_TOKEN` characters (a
    sha256, a URL) may break it anywhere, and a column name may break after each ``_``, so the
    table fits its column on a desktop. A named index (such as Table 3's ``code``) is kept, as
    the first column.

    On a phone the class ``alliances-stacked`` lets ``alliances.css`` stack the rows, one after
    another, and each cell but the first shows its column's name before its value, so a table of
    numbers reads as labelled cards. Elsewhere, and in JupyterLab, those labels stay hidden.
    As plain text the :class:`Table` shows the same cells in aligned columns.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    if name is not None and (not isinstance(name, str) or not _TABLE_NAME.fullmatch(name)):
        raise ValueError("name must start with a letter and hold only letters, digits, '-' and "
                         f"'_', got {name!r}")
    if precision is not None and (isinstance(precision, bool) or not isinstance(precision, int)
                                  or not 0 <= precision <= 6):
        raise ValueError(f"precision must be a whole number from 0 to 6, or None, got {precision!r}")
    from pandas.io.formats.style import Styler

    if any(level is not None for level in frame.index.names):
        frame = frame.reset_index()
    if name is None:
        name = _default_name(frame)
    # One rule for the whole table keeps the cells free of ids; JupyterLab's own style would
    # otherwise right-align the text.
    styles: list[CSSDict] = [{"selector": "th, td",
                              "props": "text-align: left; vertical-align: top;"}]
    numbers = "{:." + str(precision) + "f}" if precision is not None else "{:g}"
    formats: dict[Hashable, str | Callable[[object], str] | None] = {}
    for k, column in enumerate(frame.columns, start=1):
        cells = f"td:nth-child({k})"
        if k > 1:   # the column's name before each value, shown only on a phone
            styles.append({"selector": f"{cells}::before",
                           "props": [("content", _css_string(str(column))), ("display", "none")]})
        values = frame[column]
        if _is_number(values):
            styles.append({"selector": f"{cells}, th:nth-child({k})",
                           "props": "text-align: right; font-variant-numeric: tabular-nums;"})
            if pd.api.types.is_float_dtype(values):
                formats[column] = numbers
        elif column == "date" and pd.api.types.is_datetime64_any_dtype(values):
            formats[column] = "{:%Y-%m-%d}"
        elif _has_long_token(values):
            styles.append({"selector": cells, "props": "overflow-wrap: anywhere;"})
    styler = (Styler(frame, uuid=name, cell_ids=False).hide(axis="index")
              .set_table_styles(styles).format(formats, na_rep="–")
              .format_index(_breakable, axis=1)
              .set_table_attributes('class="alliances-stacked"'))
    return Table(frame, styler, formats)


def events_table(code: str | None = None) -> Table:
    """Table the events of 2020–2026 for a page: every event, or those that bear on one code.

    With no ``code`` the table lists every row of
    :func:`alliances.curated.events_2020_2026` with its theory codes; with a
    code of Table 1 or Table 2 (``"1B"``, ``"R2"`` …) it lists the rows of
    :func:`alliances.russia.events_for`. Drawn by :func:`table`: dates print as
    ``YYYY-MM-DD``, each event's text is shown whole (a plain frame would cut it at
    pandas' 50 characters), and the HTML id is fixed (``T_events-all`` or
    ``T_events-<code>``). On a phone its rows stack; as plain text it reads as aligned columns.
    """
    if code is None:
        frame, columns = curated.events_2020_2026(), ["date", "states", "event", "theory_codes"]
    else:
        frame, columns = events_for(code), ["date", "states", "event"]
    return table(frame[columns], f"events-{code or 'all'}")


def scorecard_table() -> Table:
    """Table the book's scorecard for a page: each claim's code, the claim, the judgement and why.

    The rows are those of :func:`alliances.curated.scorecard_2020_2026` (teaching judgements),
    drawn by :func:`table` with the id ``T_scorecard``.
    """
    frame = curated.scorecard_2020_2026()
    return table(frame[["code", "claim", "judgement", "reasons"]], "scorecard")
