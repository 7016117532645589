"""Predict → move → explain: an activity beside every chart with a slider, menu, radio button or checkbox.

The activities are data, in ``activities.yml`` beside this module: each names one input of
one chart, a target value, what to predict, what to read on the chart after the move, and a
one-sentence explanation to write. The expected outcome is never typed: :func:`outcome`
makes the move on the chart that the chapter draws (its Vega-Lite specification, with the
input's value changed) and lets Vega draw it offline (``vl-convert-python``), then reads the
numbers and verdicts the chart shows. So the folded answer is what the reader will see.

* :data:`ACTIVITIES`: the activities by name, in reading order;
* :func:`outcome`: the expected outcome of one activity on a chart, as text;
* :func:`activity_card`: the activity as the page and Jupyter show it, the outcome folded.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from dataclasses import field as _field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from .explorer import FormulaExplorer, waterfall_chart
from .value import PARAMETERS, TERMS

#: The file the activities are read from.
SOURCE = Path(__file__).with_name("activities.yml")

_HOWS = ("value", "last", "count", "list")


@dataclass(frozen=True)
class Reading:
    """What to read on a chart after the move: a tooltip field of its marks, or an explorer's signal.

    ``field`` is one tooltip title or several (joined by ": "); ``mark`` part of the name of the
    chart part to read (empty: any); ``where`` the tooltip values an item must have; ``how``
    ``"value"`` (the first match), ``"last"`` (the last), ``"count"`` (how many items match) or ``"list"`` (every
    match, joined by "; "). ``signal`` names a Vega signal of an explorer instead.
    """

    field: tuple[str, ...] = ()
    mark: str = ""
    where: Mapping[str, str] = _field(default_factory=dict)
    how: str = "value"
    signal: str = ""


@dataclass(frozen=True)
class Activity:
    """One predict → move → explain activity; see :data:`ACTIVITIES`."""

    name: str
    chapter: str
    chart: str
    input: str
    target: Any
    predict: str
    read: Mapping[str, Reading]
    outcome: str
    explain: str


def _reading(name: str, key: str, raw: Mapping[str, Any]) -> Reading:
    field = raw.get("field", ())
    fields = (field,) if isinstance(field, str) else tuple(field)
    how = raw.get("how", "value")
    if how not in _HOWS:
        raise ValueError(f"{SOURCE.name}: {name}.read.{key}.how must be one of {_HOWS}, got {how!r}")
    if bool(fields) == bool(raw.get("signal")):
        raise ValueError(f"{SOURCE.name}: {name}.read.{key} needs a field or a signal, not both")
    return Reading(field=fields, mark=str(raw.get("mark", "")),
                   where=MappingProxyType({str(k): str(v) for k, v in raw.get("where", {}).items()}),
                   how=how, signal=str(raw.get("signal", "")))


def _load() -> Mapping[str, Activity]:
    document = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    found = {}
    for name, raw in document.items():
        reads = {key: _reading(name, key, value) for key, value in raw["read"].items()}
        found[name] = Activity(name=name, chapter=raw["chapter"], chart=raw["chart"],
                               input=raw["input"], target=raw["target"], predict=raw["predict"],
                               read=MappingProxyType(reads), outcome=raw["outcome"],
                               explain=raw["explain"])
    return MappingProxyType(found)


#: Every activity by name, in the book's reading order (from ``activities.yml``).
#:
#: :meta hide-value:
ACTIVITIES: Mapping[str, Activity] = _load()


def get_activity(name: str) -> Activity:
    """Return the activity called ``name`` (one of :data:`ACTIVITIES`)."""
    if name not in ACTIVITIES:
        raise ValueError(f"name must be one of {', '.join(ACTIVITIES)}, got {name!r}")
    return ACTIVITIES[name]


# --------------------------------------------------------------------------- the move


def _spec(chart: Any) -> dict:
    """The chart's Vega-Lite specification as the page carries it."""
    if isinstance(chart, FormulaExplorer):
        return waterfall_chart(chart.scenario, inputs=chart.inputs, bind=True, title=chart.title,
                               header=False, mode=chart.mode).to_dict()
    if not hasattr(chart, "to_dict"):
        raise TypeError(f"chart must be an altair chart or a formula explorer, "
                        f"got {type(chart).__name__}")
    return chart.to_dict()


def _params(node: Any) -> Iterator[dict]:
    """Every parameter of a specification, in its views and layers too."""
    if isinstance(node, dict):
        for param in node.get("params", []) or []:
            if isinstance(param, dict) and "name" in param:
                yield param
        for key, value in node.items():
            if key not in ("params", "data", "datasets"):
                yield from _params(value)
    elif isinstance(node, list):
        for value in node:
            yield from _params(value)


def input_label(activity: Activity, chart: Any) -> str:
    """The label the reader sees beside the activity's input (the slider's, box's or menu's name)."""
    if isinstance(chart, FormulaExplorer):
        return (TERMS if chart.mode == "terms" else PARAMETERS)[activity.input].label
    for param in _params(_spec(chart)):
        if param["name"] == activity.input and isinstance(param.get("bind"), dict):
            return str(param["bind"].get("name", activity.input)).strip().rstrip(":")
    raise ValueError(f"the chart has no input called {activity.input!r} for activity {activity.name!r}")


def moved(activity: Activity, chart: Any) -> dict:
    """Return the chart's specification with the activity's input set to its target value."""
    spec = _spec(chart)
    found = [param for param in _params(spec) if param["name"] == activity.input]
    if not found or not any("bind" in param for param in found):
        raise ValueError(f"the chart has no input called {activity.input!r} "
                         f"for activity {activity.name!r}")
    for param in found:
        param["value"] = activity.target
    return spec


def _walk(node: Any) -> Iterator[dict]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _fields(description: str) -> dict[str, str]:
    """The tooltip fields an item carries in its description ("Title: value; Title: value")."""
    out: dict[str, str] = {}
    for part in description.split("; "):
        title, sep, value = part.rpartition(": ")
        if sep:
            out.setdefault(title, value)
            # a title holding ": " itself ("Each square: one alliance: works") splits at its first
            first, _, rest = part.partition(": ")
            out.setdefault(first, rest)
    return out


def _items(graph: dict, reading: Reading) -> list[dict[str, str]]:
    rows = []
    for node in _walk(graph):
        if node.get("role") != "mark" or reading.mark not in str(node.get("name") or ""):
            continue
        for item in node.get("items") or []:
            if not isinstance(item, dict) or item.get("opacity", 1) < 0.5:
                continue
            fields = _fields(str(item.get("description", "")))
            if all(fields.get(k) == v for k, v in reading.where.items()) and all(
                    f in fields for f in reading.field):
                rows.append(fields)
    return rows


def _signals(spec: dict, names: list[str]) -> list[str]:
    """The values of an explorer's Vega signals after the move, computed by Vega."""
    import vl_convert

    params = [{k: v for k, v in p.items() if k != "bind"} for p in spec.get("params", [])]
    joined = " + '|' + ".join(f"({name})" for name in names)
    probe = {"params": params, "data": {"values": [{}]}, "mark": "text",
             "encoding": {"text": {"value": {"expr": f"'|' + {joined} + '|'"}}}}
    graph = vl_convert.vegalite_to_scenegraph(probe)
    texts = [item["text"] for node in _walk(graph) if node.get("marktype") == "text"
             for item in node.get("items", []) if isinstance(item.get("text"), str)]
    return texts[0].strip("|").split("|")


def readings(activity: Activity, chart: Any) -> dict[str, str]:
    """Make the activity's move on ``chart`` and return each reading of the drawn chart, as text."""
    import vl_convert

    spec = moved(activity, chart)
    out: dict[str, str] = {}
    signals = {key: r.signal for key, r in activity.read.items() if r.signal}
    if signals:
        out.update(zip(signals, _signals(spec, list(signals.values()))))
    fields = {key: r for key, r in activity.read.items() if not r.signal}
    if fields:
        graph = vl_convert.vegalite_to_scenegraph(spec)
        for key, reading in fields.items():
            rows = _items(graph, reading)
            values = [": ".join(row[f] for f in reading.field) for row in rows]
            if reading.how == "count":
                out[key] = str(len(values))
            elif not values:
                raise ValueError(f"activity {activity.name!r}: the moved chart shows no "
                                 f"{'/'.join(reading.field)!r} to read for {key!r}")
            elif reading.how == "last":
                out[key] = values[-1]
            elif reading.how == "list":
                out[key] = "; ".join(dict.fromkeys(values))
            else:
                out[key] = values[0]
    return out


def outcome(name: str, chart: Any) -> str:
    """Return the expected outcome of activity ``name``, made on ``chart`` and read from it.

    ``chart`` is the chart the chapter draws (an altair chart, or the explorer that
    :func:`~alliances.formula_explorer` returns).
    """
    activity = get_activity(name)
    return activity.outcome.format(**readings(activity, chart))


# --------------------------------------------------------------------------- the card


def _target_text(value: Any) -> str:
    if isinstance(value, bool):
        return "ticked" if value else "unticked"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class ActivityCard:
    """An activity ready to show: HTML in the page and JupyterLab, Markdown in a plain notebook."""

    activity: Activity
    label: str
    answer: str

    @property
    def move(self) -> str:
        """The move, in words."""
        target = _target_text(self.activity.target)
        if isinstance(self.activity.target, bool):
            return f"Leave every other input as it is, and set the box “{self.label}” {target}."
        return f"Leave every other input as it is, and set “{self.label}” to {target}."

    def _repr_html_(self) -> str:
        e = html.escape
        return (
            f'<section class="alliances-activity" aria-label="Activity: predict, move, explain">'
            f'<p class="alliances-activity-title"><b>Predict, move, explain</b></p>'
            f"<ol><li><b>Predict.</b> {e(self.activity.predict)} "
            f"Write down your prediction before you touch the chart.</li>"
            f"<li><b>Move.</b> {e(self.move)}</li>"
            f"<li><b>Explain.</b> {e(self.activity.explain)}</li></ol>"
            f'<details class="alliances-activity-answer"><summary>Expected outcome</summary>'
            f"<p>{e(self.answer)}</p></details></section>")

    def _repr_markdown_(self) -> str:
        return (f"**Predict, move, explain**\n\n"
                f"1. **Predict.** {self.activity.predict} Write down your prediction before you "
                f"touch the chart.\n2. **Move.** {self.move}\n3. **Explain.** "
                f"{self.activity.explain}\n\n"
                f":::{{admonition}} Expected outcome\n:class: dropdown\n{self.answer}\n:::\n")

    def to_json(self) -> str:
        """The card as JSON data (for the portable notebooks' static text)."""
        return json.dumps({"name": self.activity.name, "predict": self.activity.predict,
                           "move": self.move, "explain": self.activity.explain,
                           "answer": self.answer}, ensure_ascii=False)


def activity_card(name: str, chart: Any) -> ActivityCard:
    """Return activity ``name`` for ``chart`` (the chart the chapter drew), its outcome computed on it."""
    activity = get_activity(name)
    return ActivityCard(activity=activity, label=input_label(activity, chart),
                        answer=outcome(name, chart))


__all__ = ["ACTIVITIES", "SOURCE", "Activity", "ActivityCard", "Reading", "activity_card",
           "get_activity", "input_label", "moved", "outcome", "readings"]
