"""Tables for a page: one drawer for every curated table, and the chapters' named tables.

:func:`table` draws any frame the way the book shows its curated tables: no index, a fixed
HTML id, ISO dates, every text whole, numbers right-aligned, and long unbreakable tokens (a
sha256, a URL) allowed to break, so the table fits its column. On a phone (``alliances.css``)
its rows stack into labelled cards instead of hiding columns behind a sideways scroll. The named
tables (:func:`events_table`, :func:`scorecard_table`) use it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Hashable
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


def table(frame: pd.DataFrame, name: str, *, precision: int | None = None) -> Styler:
    """Draw a curated table for a page and for JupyterLab: no index, every text whole.

    ``name`` fixes the table's HTML id (``T_<name>``), so a rebuilt page does not change for
    nothing; it must start with a letter and hold only letters, digits, ``-`` and ``_``. The
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
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    if not isinstance(name, str) or not _TABLE_NAME.fullmatch(name):
        raise ValueError("name must start with a letter and hold only letters, digits, '-' and "
                         f"'_', got {name!r}")
    if precision is not None and (isinstance(precision, bool) or not isinstance(precision, int)
                                  or not 0 <= precision <= 6):
        raise ValueError(f"precision must be a whole number from 0 to 6, or None, got {precision!r}")
    from pandas.io.formats.style import Styler

    if any(level is not None for level in frame.index.names):
        frame = frame.reset_index()
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
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            styles.append({"selector": f"{cells}, th:nth-child({k})",
                           "props": "text-align: right; font-variant-numeric: tabular-nums;"})
            if pd.api.types.is_float_dtype(values):
                formats[column] = numbers
        elif column == "date" and pd.api.types.is_datetime64_any_dtype(values):
            formats[column] = "{:%Y-%m-%d}"
        elif _has_long_token(values):
            styles.append({"selector": cells, "props": "overflow-wrap: anywhere;"})
    return (Styler(frame, uuid=name, cell_ids=False).hide(axis="index")
            .set_table_styles(styles).format(formats, na_rep="–")
            .format_index(_breakable, axis=1)
            .set_table_attributes('class="alliances-stacked"'))


def events_table(code: str | None = None) -> Styler:
    """Table the events of 2020–2026 for a page: every event, or those that bear on one code.

    With no ``code`` the table lists every row of
    :func:`alliances.curated.events_2020_2026` with its theory codes; with a
    code of Table 1 or Table 2 (``"1B"``, ``"R2"`` …) it lists the rows of
    :func:`alliances.russia.events_for`. Drawn by :func:`table`: dates print as
    ``YYYY-MM-DD``, each event's text is shown whole (a plain frame would cut it at
    pandas' 50 characters), and the HTML id is fixed (``T_events-all`` or
    ``T_events-<code>``). On a phone its rows stack.
    """
    if code is None:
        frame, columns = curated.events_2020_2026(), ["date", "states", "event", "theory_codes"]
    else:
        frame, columns = events_for(code), ["date", "states", "event"]
    return table(frame[columns], f"events-{code or 'all'}")


def scorecard_table() -> Styler:
    """Table the book's scorecard for a page: each claim's code, the claim, the judgement and why.

    The rows are those of :func:`alliances.curated.scorecard_2020_2026` (teaching judgements),
    drawn by :func:`table` with the id ``T_scorecard``.
    """
    frame = curated.scorecard_2020_2026()
    return table(frame[["code", "claim", "judgement", "reasons"]], "scorecard")
