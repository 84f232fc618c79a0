"""The outline of a task table: which rows are task groups, headings, tasks or lines of a task, from
the numbering a decision's appendix uses ("I." groups, "1." items, "a)" sub-items, "-" and "+"
bullets), wherever the marker is written (in the STT column or at the start of the content).

Levels are not fixed: as in a nested list, a marker style seen for the first time opens a level
under the row above, and one seen before closes the levels opened after it. A Roman numeral always
starts a new group. Then each row takes its role:

- group: a Roman numeral (or "1." without lead agency and timeframe when the table has no Roman
  numerals, the older flat layout);
- heading: a row whose children carry their own agency or timeframe, while it lacks one of them
  itself; its lead, coordinating agencies and timeframe pass to the children that leave them empty
  (what a cell merged down the rows means);
- task: a row with its own lead agency or timeframe;
- detail: a row with neither, under a task: its text is added to the task's content.

A row with no marker continues the row above (a PDF table breaks a row across pages) unless both
are whole tasks (lead agency and timeframe each): then it is a task that lacks its number. A header row repeated on each page is skipped.
Pure functions on text: nothing here reads agencies or dates.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.text import compact_key

COLUMNS = ("number", "content", "lead", "coordinating", "timeframe", "output")
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11, "XII": 12}
#: (marker style, pattern on the STT cell). The label is the text before the closing "." or ")".
NUMBER_MARKERS = (
    ("roman", re.compile(r"^(?P<label>X{0,1}(?:IX|IV|V?I{0,3}))\s*[.)]?$")),
    ("arabic", re.compile(r"^(?P<label>\d{1,2})\s*[.)]?$")),
    ("dotted", re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2})+)\.?$")),
    ("letter", re.compile(r"^(?P<label>[a-zđ])\s*[.)]?$")),
    ("dash", re.compile(r"^(?P<label>[-–—•])$")),
    ("plus", re.compile(r"^(?P<label>\+)$")),
)
#: A marker written at the start of a cell's text: "I. NHIỆM VỤ", "1. Tuyên truyền", "a) Tổ chức", "- Hội nghị".
TEXT_MARKER = re.compile(
    r"^(?P<marker>(?=[IVX])(?:X{0,1}(?:IX|IV|V?I{0,3}))\.|\d{1,2}(?:\.\d{1,2})*\.|[a-zđ]\)|[-–—•+])\s+(?P<rest>\S.*)$", re.DOTALL
)
HEADER_WORDS = {"stt", "tt", "sothutu"}
FILLED = ("lead", "timeframe")


@dataclass
class OutlineRow:
    line: int  # 1-based row of the sheet or table
    values: dict[str, str]
    style: str = ""  # the marker style ("roman", "arabic", "dotted", "letter", "dash", "plus"), "" for none
    label: str = ""
    parent: "OutlineRow | None" = None
    children: list["OutlineRow"] = field(default_factory=list)
    role: str = ""  # "group" | "heading" | "task" | "detail"
    number: str = ""
    group_number: int | None = None
    inherited: set[str] = field(default_factory=set)  # the columns taken from a heading above
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column key, message)

    def own(self, column: str) -> bool:
        return bool(self.values.get(column))

    @property
    def level(self) -> int:
        return 0 if self.parent is None else self.parent.level + 1

    @property
    def heading(self) -> "OutlineRow | None":
        """The nearest heading above (the section a task belongs to)."""
        node = self.parent
        while node is not None and node.role != "heading":
            node = node.parent
        return node


def read_marker(values: dict[str, str]) -> tuple[str, str]:
    """(style, label) of the row's numbering, taken out of the cell it was written in."""
    number = values["number"].strip()
    for style, pattern in NUMBER_MARKERS:
        if number and (match := pattern.match(number)) and match["label"]:
            return style, match["label"]
    for column in ("number", "content"):
        match = TEXT_MARKER.match(values[column].strip())
        if match and (column == "content" or not values["content"]):
            values["number"], values["content"] = "", match["rest"].strip()  # "I. NHIỆM VỤ" merged across the row
            return read_marker({"number": match["marker"], "content": ""})
    return "", number


def _is_repeated_header(values: dict[str, str]) -> bool:
    number, content = compact_key(values["number"]), compact_key(values["content"])
    return (
        (number in HEADER_WORDS and content.startswith("noidung")) or (number, content) == ("1", "2") and "(" in values["number"]
    )


def _complete(values: dict[str, str]) -> bool:
    return all(values[column] for column in FILLED)


def _continue(previous: OutlineRow, values: dict[str, str]) -> None:
    """A row broken across a page: its pieces join the row above, column by column."""
    for column in COLUMNS[1:]:
        if values[column]:
            previous.values[column] = f"{previous.values[column]} {values[column]}".strip()


def _rows(rows: list[tuple[int, dict[str, str]]]) -> list[OutlineRow]:
    """Rows with their markers read, repeated headers dropped and broken rows joined."""
    found: list[OutlineRow] = []
    for line, values in rows:
        values = dict(values)
        if _is_repeated_header(values):
            continue
        style, label = read_marker(values)
        if not style and found and not label and not (_complete(found[-1].values) and _complete(values)):
            _continue(found[-1], values)
            continue
        node = OutlineRow(line, values, style, label)
        if not style:
            node.errors.append(("number", _("Chưa ghi số thứ tự nhiệm vụ.")))
        found.append(node)
    return found


def _attach(nodes: list[OutlineRow]) -> None:
    """Parents from the marker styles, as a nested list's: a new style opens a level, a known one
    closes the levels opened after it."""
    stack: list[OutlineRow] = []
    for node in nodes:
        if not node.style:
            continue  # refused above: no place in the outline
        if node.style == "roman":
            stack = []
        else:
            styles = [n.style for n in stack]
            if node.style in styles:
                del stack[styles.index(node.style) :]
        node.parent = stack[-1] if stack else None
        if node.parent is not None:
            node.parent.children.append(node)
        stack.append(node)


def _has_task_children(node: OutlineRow) -> bool:
    return any(child.own("lead") or child.own("timeframe") or _has_task_children(child) for child in node.children)


def _role(node: OutlineRow, flat: bool) -> str:
    if node.style == "roman":
        return "group"  # its lead or timeframe, if written, pass to its tasks
    complete = node.own("lead") and node.own("timeframe")
    if not (node.own("lead") or node.own("timeframe")):
        if flat and node.style == "arabic" and node.parent is None:
            return "group"
        if _has_task_children(node):
            return "heading"
        return "detail" if _task_above(node) else "task"
    if _has_task_children(node) and not complete:
        return "heading"
    return "task"


def _task_above(node: OutlineRow) -> OutlineRow | None:
    above = node.parent
    while above is not None and above.role != "task":
        above = above.parent
    return above


def _number(node: OutlineRow, group: OutlineRow | None, counters: dict[int, int]) -> str:
    if node.style == "dotted":
        return node.label
    parent = node.parent if node.parent is not None and node.parent.role != "group" else None
    base = parent.number if parent is not None else str(group.group_number) if group else ""
    if node.style in ("dash", "plus"):  # bullets are numbered by their place among the parent's bullets
        counters[id(node.parent)] = counters.get(id(node.parent), 0) + 1
        label = str(counters[id(node.parent)])
    else:
        label = node.label
    return f"{base}.{label}" if base else label


def _inherit(node: OutlineRow) -> None:
    """Lead, coordinating agencies and timeframe left empty under a heading are the heading's."""
    above = node.parent
    while above is not None and above.role in ("heading", "group"):
        if not node.own("lead") and above.values["lead"]:
            node.values["lead"] = above.values["lead"]
            node.inherited.add("lead")
            if not node.own("coordinating") and above.values["coordinating"]:
                node.values["coordinating"] = above.values["coordinating"]
                node.inherited.add("coordinating")
        if not node.own("timeframe") and above.values["timeframe"]:
            node.values["timeframe"] = above.values["timeframe"]
            node.inherited.add("timeframe")
        above = above.parent


def outline(rows: list[tuple[int, dict[str, str]]]) -> list[OutlineRow]:
    """Every row of the table (line, cell texts by column key) placed in the outline, in order.
    Details are folded into their task's content; they stay in the list with role "detail"."""
    nodes = _rows(rows)
    _attach(nodes)
    flat = not any(node.style == "roman" for node in nodes)
    group: OutlineRow | None = None
    counters: dict[int, int] = {}
    for node in nodes:
        if not node.style:
            continue
        node.role = _role(node, flat)
        if node.role == "group":
            group = node
            node.group_number = ROMAN[node.label] if node.style == "roman" else int(node.label)
            node.number = str(node.group_number)
            continue
        if node.role == "detail":
            task = _task_above(node)
            task.values["content"] = f"{task.values['content']}\n{_bullet(node)}{node.values['content']}".strip()
            continue
        node.group_number = group.group_number if group else None
        node.number = _number(node, group, counters)
        if node.role == "task":
            _inherit(node)
    return nodes


def _bullet(node: OutlineRow) -> str:
    return {"dash": "- ", "plus": "+ ", "letter": f"{node.label}) "}.get(node.style, f"{node.label}. ")
