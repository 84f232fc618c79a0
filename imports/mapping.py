"""Column mappings a person confirmed, remembered per header layout and province.

A district sends the same yearly form every year; once someone has said which field each of its
columns holds (or that a column is to be skipped), every later sheet with the same header texts
in that province is read the same way, without asking again. The layout is the header texts
column by column, diacritic-free and compact, so a retyped accent or spacing is the same layout.
"""

import hashlib

from django.utils.translation import gettext as _

from core.text import compact_key
from imports.headers import HeaderMatch, default_money_scale, header_key
from imports.models import ColumnMapping
from imports.specs import KindSpec

SKIP = ""


def layout_key(texts: list[str]) -> str:
    keys = [compact_key(text) for text in texts]
    while keys and not keys[-1]:
        keys.pop()  # trailing empty cells are not part of the layout
    return hashlib.sha256("\x1f".join(keys).encode()).hexdigest()


def remembered(kind: str, province_id: int | None) -> dict[str, dict]:
    """layout → {column index (text): field key or SKIP}: the province's own confirmed layouts,
    then those confirmed without a province (by an administrator)."""
    found = {}
    for mapping in ColumnMapping.objects.filter(kind=kind, province_id__in=[province_id, None]).order_by("-province_id"):
        found.setdefault(mapping.layout, mapping.columns)
    return found


def check_columns(spec: KindSpec, columns: dict[int, str], implied: frozenset = frozenset()) -> list[str]:
    """Why a mapping cannot be used: an unknown field, a field given to two columns, or a field
    the kind needs that no column holds (the sheet's title may give it: `implied`)."""
    problems = []
    keys = {column.key for column in spec.columns}
    chosen = [key for key in columns.values() if key != SKIP]
    for key in sorted(set(chosen)):
        if key not in keys:
            problems.append(_("Không có trường “%(key)s”.") % {"key": key})
        elif chosen.count(key) > 1:
            problems.append(_("Trường “%(field)s” được chọn cho nhiều cột.") % {"field": spec.column(key).header})
    for need in spec.needed:
        if need not in chosen and need not in implied and not (need == "commune" and "address" in chosen):
            problems.append(_("Chưa có cột nào là “%(field)s”.") % {"field": spec.column(need).header})
    return problems


def apply_columns(spec: KindSpec, header: HeaderMatch, columns: dict[int, str], rows: list[list]) -> None:
    """Read the sheet's columns as `columns` says (a remembered or just confirmed mapping)."""
    money_scale = default_money_scale(rows, header.row)
    header.columns, header.scales, header.labels, header.confidence = {}, {}, {}, {}
    for index, key in sorted(columns.items()):
        if key == SKIP or index >= len(header.texts):
            continue
        text = header.texts[index]
        header.columns[index] = key
        header.labels[index] = text
        scale = header_key(text)[1]
        if scale is None and spec.column(key).type == "money" and money_scale != 1:
            scale = money_scale
        if scale is not None:
            header.scales[index] = scale
    header.skipped = {i: text for i, text in enumerate(header.texts) if text and i not in header.columns}
    header.remembered = True
