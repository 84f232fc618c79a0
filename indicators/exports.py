"""Tables as files (XLSX, DOCX, CSV) and the labels of breakdown values, shared by pages and exports."""

import datetime as dt
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.letterhead import closing_for, header_for
from core.numbers import format_number, format_percent
from geo.models import AdminUnit
from indicators.computations import BREAKDOWNS
from indicators.models import Unit
from registry.models import Field, OrganizationKind
from reports import official, templating, xlsx

DECIMALS = {Unit.MILLION_VND: 1, Unit.PERCENT: 1}


def key_labels(tables) -> dict:
    """{(breakdown, key): label} for every row and column key of the tables."""
    labels = {}
    unit_ids = set()
    for table in tables:
        for axis, keys in ((table.row_by, table.row_keys), (table.col_by, table.col_keys)):
            for key in keys:
                if axis in ("province", "commune"):
                    unit_ids.add(key)
                elif axis == "kind":
                    labels[(axis, key)] = str(OrganizationKind(key).label) if key in OrganizationKind.values else str(key)
                elif axis == "field":
                    labels[(axis, key)] = str(Field(key).label) if key in Field.values else str(key)
                else:
                    labels[(axis, key)] = str(key) if key not in (None, "") else _("(không rõ)")
    for unit in AdminUnit.objects.filter(pk__in=unit_ids):
        labels[("province", unit.pk)] = labels[("commune", unit.pk)] = unit.full_name
    return labels


def cell_text(table, cell) -> str:
    if cell.suppressed:
        return f"<{table.suppression_threshold}"
    if cell.value is None:
        return ""
    decimals = DECIMALS.get(table.indicator.unit, 0)
    return format_number(cell.value, decimals)


def cell_number(table, cell):
    if cell.suppressed:
        return f"<{table.suppression_threshold}"
    if cell.value is None:
        return None
    return float(cell.value) if DECIMALS.get(table.indicator.unit) else int(round(cell.value))


def table_rows(table, labels, *, as_text: bool = False):
    """Headers and rows of a cross table (totals included) for CSV/XLSX/DOCX and the API."""
    render = cell_text if as_text else cell_number
    row_title = str(BREAKDOWNS.get(table.row_by, "")) if table.row_by else ""
    cols = table.col_keys if table.col_by else [None]
    headers = [row_title or _("Chỉ tiêu")]
    headers += (
        [labels.get((table.col_by, key), str(key)) for key in cols] if table.col_by else [str(table.indicator.get_unit_display())]
    )
    if table.has_row_totals:
        headers.append(_("Tổng"))
    rows = []
    row_keys = table.row_keys if table.row_by else [None]
    for row_key in row_keys:
        label = labels.get((table.row_by, row_key), str(row_key)) if table.row_by else table.indicator.title
        cells = [render(table, table.cell(row_key, col_key)) for col_key in cols]
        if table.has_row_totals:
            cells.append(render(table, table.cell(row_key, None)))
        rows.append([label, *cells])
    if table.has_col_totals:
        cells = [render(table, table.cell(None, col_key)) for col_key in cols]
        if table.has_row_totals:
            cells.append(render(table, table.cell(None, None)))
        rows.append([_("Tổng"), *cells])
    return headers, rows


def pivot_xlsx(table, labels, *, scope) -> bytes:
    headers, rows = table_rows(table, labels)
    kind = "decimal" if DECIMALS.get(table.indicator.unit) else "int"
    columns = [xlsx.Column(headers[0], width=36)] + [xlsx.Column(header, kind=kind, width=16) for header in headers[1:]]
    notes = [f"{_('Địa bàn')}: {scope.label}", f"{_('Đơn vị tính')}: {table.indicator.get_unit_display()}"]
    if table.suppression_threshold:
        notes.append(_("Ô có dưới %(n)s tổ chức được ẩn (“<%(n)s”).") % {"n": table.suppression_threshold})
    title = f"{table.indicator.title} – {table.year}"
    return xlsx.workbook_bytes([xlsx.Sheet(table.indicator.code, columns, rows, title=title, notes=notes)])


# --- Plan versus actual ------------------------------------------------------------------------


def plan_headers() -> tuple[str, ...]:
    return (
        _("TT"),
        _("Chỉ tiêu"),
        _("Đơn vị tính"),
        _("Kế hoạch"),
        _("Thực hiện (ước)"),
        _("% đạt"),
        _("Tình trạng"),
        _("Văn bản giao"),
    )


def _plan_label(item) -> str:
    target = item.target
    label = target.value_label
    if target.accumulation == "cumulative":
        label += " " + _("(giai đoạn %(start)s–%(end)s)") % {"start": target.start_year, "end": target.year}
    elif target.accumulation == "per_year":
        label += " " + _("(mỗi năm)")
    elif target.year != item.year:
        label += " " + _("(đến năm %(year)s)") % {"year": target.year}
    return label


def plan_rows(context, *, as_text: bool):
    rows = []
    for index, item in enumerate(context["rows"], start=1):
        decimals = DECIMALS.get(item.target.indicator.unit, 0)
        actual = item.actual
        percent = item.percent
        if as_text:
            actual = format_number(actual, decimals) if actual is not None else _("chưa có")
            if item.actual is not None and item.actual_year != item.year:
                actual += f" ({item.actual_year})"
            percent = format_percent(percent) if percent is not None else ""
        else:
            actual = float(actual) if actual is not None else None
            percent = float(percent) / 100 if percent is not None else None
        name = item.target.indicator.title
        if item.target.scope_unit_id and item.scope.is_legacy:
            name += f" ({item.target.scope_unit.full_name})"
        provisional = {"verified": "", "secondary": " " + _("(nguồn thứ cấp)")}.get(
            item.target.verification, " " + _("(tạm tính)")
        )
        rows.append(
            [
                index,
                name,
                str(item.target.indicator.get_unit_display()),
                _plan_label(item),
                actual,
                percent,
                str(item.status_label),
                item.target.document + provisional,
            ]
        )
    return rows


def definition_notes(context) -> list[str]:
    """One footnote per indicator of the table: what it counts, what it divides by, over what."""
    notes, seen = [], set()
    for item in context["rows"]:
        indicator = item.target.indicator
        if indicator.pk in seen:
            continue
        seen.add(indicator.pk)
        notes.append(
            _("%(name)s: tử số: %(numerator)s; mẫu số: %(denominator)s; phạm vi: %(population)s.")
            % {
                "name": indicator.title,
                "numerator": indicator.numerator or "–",
                "denominator": indicator.denominator or "–",
                "population": indicator.population or "–",
            }
        )
    return notes


def plan_actual_xlsx(context) -> bytes:
    headers = plan_headers()
    columns = [
        xlsx.Column(headers[0], kind="int", width=5),
        xlsx.Column(headers[1], width=48),
        xlsx.Column(headers[2], width=14),
        xlsx.Column(headers[3], width=26),
        xlsx.Column(headers[4], kind="decimal", width=18),
        xlsx.Column(headers[5], kind="percent", width=10),
        xlsx.Column(headers[6], width=22),
        xlsx.Column(headers[7], width=26),
    ]
    title = _("Kết quả thực hiện chỉ tiêu phát triển kinh tế tập thể năm %(year)s – %(scope)s") % {
        "year": context["year"],
        "scope": context["access"].scope.label,
    }
    notes = [_("Số liệu tính trực tiếp từ cơ sở dữ liệu ngày %(day)s.") % {"day": context["today"].strftime("%d/%m/%Y")}]
    notes += definition_notes(context)
    return xlsx.workbook_bytes([xlsx.Sheet("KH-TH", columns, plan_rows(context, as_text=False), title=title, notes=notes)])


PLAN_TEMPLATE_KEY = "plan_actual"


def plan_actual_filling(context, *, user) -> templating.Filling:
    agency = getattr(user, "agency", None)
    scope_unit = context["access"].scope.unit
    province = getattr(user, "province", None) or (
        scope_unit if scope_unit is not None and scope_unit.parent_id is None else None
    )
    rows = plan_rows(context, as_text=True)
    return templating.Filling(
        header=header_for(agency, day=context["today"], province=province),
        closing=closing_for(agency),
        values={
            "year": context["year"],
            "scope": context["access"].scope.label,
            "computed_on": context["today"].strftime("%d/%m/%Y"),
        },
        blocks={"plan_table": _plan_block(rows), "definitions": _notes_block(definition_notes(context))},
    )


def _plan_block(rows) -> templating.Block:
    return templating.table_block(plan_headers(), rows, numeric=(0, 4, 5))


def _notes_block(notes: list[str]) -> templating.Block:
    """How each indicator of the table is computed, under it (main's footnotes, one per indicator)."""

    def fill(container) -> None:
        official.add_text(container, _("Cách tính các chỉ tiêu:"), italic=True)
        for note in notes:
            official.add_text(container, note, italic=True)

    return fill


def plan_actual_docx(context, *, user) -> bytes:
    return templating.render(PLAN_TEMPLATE_KEY, plan_actual_filling(context, user=user))


def plan_sample() -> templating.Filling:
    """Made-up figures for the template preview (no database read)."""
    rows = [
        ["1", "Số hợp tác xã thành lập mới", "HTX", "300 (giai đoạn 2021–2025)", "214", "71,3 %", "Chậm", "QĐ 3351/QĐ-UBND"],
        ["2", "Tỷ lệ HTX hoạt động hiệu quả", "%", "60", "58,2", "97,0 %", "Đạt", "NQ 20-NQ/TW"],
    ]
    values = {"year": 2025, "scope": "thành phố Đà Nẵng", "computed_on": dt.date.today().strftime("%d/%m/%Y")}
    notes = ["Số hợp tác xã thành lập mới: tử số: Số HTX được cấp đăng ký trong kỳ; mẫu số: –; phạm vi: HTX trên địa bàn."]
    return templating.sample_filling(values, {"plan_table": _plan_block(rows), "definitions": _notes_block(notes)})


TEMPLATE = templating.TemplateKind(
    key=PLAN_TEMPLATE_KEY,
    label=gettext_lazy("Báo cáo kết quả thực hiện chỉ tiêu (kế hoạch – thực hiện)"),
    shipped=Path(__file__).parent / "docx" / "plan_actual.docx",
    variables={
        "year, scope": gettext_lazy("năm, địa bàn"),
        "computed_on": gettext_lazy("ngày tính số liệu"),
        "plan_table, definitions, closing": gettext_lazy(
            "bảng kế hoạch – thực hiện, cách tính các chỉ tiêu, nơi nhận và người ký"
        ),
    },
    sample=plan_sample,
)
