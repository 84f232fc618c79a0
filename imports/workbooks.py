"""Files the import hands out: blank templates, exports that re-import unchanged, error workbooks."""

import datetime as dt
import io

import xlsxwriter
from django.conf import settings
from django.utils.translation import gettext as _

from geo.models import AdminUnit, Edition, Level
from imports.specs import KINDS, ImportKind
from registry.models import AnnualReport, Organization
from reports.cells import neutral_text
from reports.csv import csv_bytes
from reports.xlsx import Column, Sheet, workbook_bytes

TEMPLATE_ROWS = 2000  # data validation and formats cover this many rows
KIND_TO_COLUMN = {"int": "int", "money": "money", "date": "date"}


def template_file_name(kind: str) -> str:
    return {
        ImportKind.ORGANIZATIONS: "mau-nhap-to-chuc.xlsx",
        ImportKind.MEMBERS: "mau-nhap-thanh-vien.xlsx",
        ImportKind.ANNUAL_REPORTS: "mau-nhap-bao-cao-nam.xlsx",
    }[kind]


def _instructions(kind: str) -> list[str]:
    spec = KINDS[kind]
    lines = [
        _("MẪU NHẬP %(kind)s") % {"kind": str(ImportKind(kind).label).upper()},
        "",
        _("Cách điền:"),
        _("1. Mỗi dòng là một bản ghi; không đổi tên, không xoá dòng tiêu đề. Có thể bỏ bớt cột không dùng."),
        _("2. Các cột có danh sách chọn: chọn trong danh sách (hoặc gõ đúng tên)."),
        _("3. Số tiền ghi bằng đồng (có thể ghi “triệu đồng” trong tiêu đề cột để nhập theo triệu đồng)."),
        _("4. Ngày ghi theo dạng dd/mm/yyyy."),
        _(
            "5. Bản ghi đã có được nhận ra theo mã số (hoặc tên + xã, phường) và được cập nhật; ô để trống không làm thay đổi dữ liệu đã có."
        ),
        _("6. Xã, phường ghi theo tên hiện hành; tên trước 01/7/2025 cũng được chấp nhận (kèm cột Huyện nếu trùng tên)."),
        "",
        _("Các cột:"),
    ]
    for column in spec.columns:
        required = _(" (bắt buộc)") if column.required or column.key in spec.needed else ""
        lines.append(f"• {column.label}{required}: {column.help or ''}".rstrip(": "))
    return lines


def template_province(user) -> AdminUnit | None:
    """The province whose communes a user's template lists: the officer's province (or their
    commune's), the province of the organizations a representative files for, else the
    installation's province (settings.HOPTAC_PROVINCE_CODE); None (every commune) if none is loaded."""
    province_id = user.province_id or (user.commune.province_id if user.commune_id else None)
    if province_id is None:
        province_id = user.represented_organizations.values_list("province_id", flat=True).first()
    current = AdminUnit.objects.filter(edition=Edition.CURRENT, level=Level.PROVINCE)
    if province_id is not None:
        return current.filter(pk=province_id).first()
    return current.filter(code=settings.HOPTAC_PROVINCE_CODE).first()


def template_bytes(kind: str, *, province: AdminUnit | None = None) -> bytes:
    """A blank workbook with Vietnamese headers, drop-down lists, number formats and a frozen header.
    The commune list holds `province`'s communes (a country has 3,321: too long to pick from)."""
    spec = KINDS[kind]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    header = book.add_format(
        {"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center", "bg_color": "#DCE6F1", "border": 1}
    )
    formats = {
        "int": book.add_format({"num_format": "#,##0"}),
        "money": book.add_format({"num_format": "#,##0"}),
        "date": book.add_format({"num_format": "dd/mm/yyyy"}),
        "text": book.add_format({"num_format": "@"}),
    }
    guide = book.add_worksheet(_("Hướng dẫn"))
    guide.set_column(0, 0, 120)
    for index, line in enumerate(_instructions(kind)):
        guide.write_string(index, 0, neutral_text(str(line)))
    data = book.add_worksheet(spec.sheet_name)
    lists = book.add_worksheet(_("Danh mục"))
    list_column = 0

    def add_list(title: str, values: list[str]) -> str:
        nonlocal list_column
        lists.write_string(0, list_column, neutral_text(str(title)), header)
        lists.set_column(list_column, list_column, 36)
        for offset, value in enumerate(values, start=1):
            lists.write_string(offset, list_column, neutral_text(value))
        letter = xlsxwriter.utility.xl_col_to_name(list_column)
        list_column += 1
        return f"='{_('Danh mục')}'!${letter}$2:${letter}${max(len(values), 1) + 1}"

    provinces = list(AdminUnit.objects.filter(edition=Edition.CURRENT, level=Level.PROVINCE).order_by("name"))
    communes = AdminUnit.objects.filter(edition=Edition.CURRENT, level=Level.COMMUNE)
    communes = list((communes.filter(province=province) if province else communes).order_by("name"))
    for index, column in enumerate(spec.columns):
        data.set_column(index, index, column.width, formats.get(column.type if column.type in formats else "text"))
        data.write_string(0, index, neutral_text(str(column.label)), header)
        if column.help:
            data.write_comment(0, index, column.help)
        source = None
        if column.type == "choice":
            source = add_list(column.header, [str(label) for _code, label in column.choices])
        elif column.type == "bool":
            source = [str(_("Có")), str(_("Không"))]
        elif column.type == "province" and provinces:
            source = add_list(column.header, [unit.full_name for unit in provinces])
        elif column.type == "commune" and communes:
            source = add_list(column.header, [unit.full_name for unit in communes])
        if source:
            data.data_validation(
                1,
                index,
                TEMPLATE_ROWS,
                index,
                {
                    "validate": "list",
                    "source": source,
                    "error_title": str(_("Giá trị không có trong danh sách")),
                    "error_message": str(_("Hãy chọn một giá trị trong danh sách.")),
                    "error_type": "warning",
                },
            )
        elif column.type in ("int", "money"):
            data.data_validation(
                1,
                index,
                TEMPLATE_ROWS,
                index,
                {"validate": "decimal", "criteria": ">=", "value": -(10**15), "ignore_blank": True},
            )
        elif column.type == "date":
            data.data_validation(
                1,
                index,
                TEMPLATE_ROWS,
                index,
                {"validate": "date", "criteria": ">", "value": dt.date(1900, 1, 1), "ignore_blank": True},
            )
    data.set_row(0, 36)
    data.freeze_panes(1, 0)
    data.activate()
    book.close()
    return buffer.getvalue()


# --- exports -----------------------------------------------------------------------------------


def _column(spec_column) -> Column:
    return Column(spec_column.header, KIND_TO_COLUMN.get(spec_column.type, "text"), spec_column.width, spec_column.unit)


ORGANIZATION_EXPORT_KEYS = (
    "registration_code",
    "name",
    "short_name",
    "kind",
    "field",
    "current_status",
    "province",
    "commune",
    "address",
    "main_business",
    "vsic_code",
    "founded_on",
    "registered_on",
    "legal_representative",
    "representative_title",
    "charter_capital",
    "phone",
    "email",
    "is_credit_fund",
)


def _organization_values(organization: Organization) -> list:
    values = []
    for key in ORGANIZATION_EXPORT_KEYS:
        if key == "province":
            values.append(organization.province.full_name if organization.province_id else "")
        elif key == "commune":
            values.append(organization.commune.full_name if organization.commune_id else "")
        elif key in ("kind", "field", "current_status"):
            values.append(getattr(organization, f"get_{key}_display")())
        elif key == "is_credit_fund":
            values.append(str(_("Có")) if organization.is_credit_fund else str(_("Không")))
        else:
            values.append(getattr(organization, key))
    return values


REPORT_EXPORT_KEYS = ("registration_code", "organization_name", "commune") + KINDS[ImportKind.ANNUAL_REPORTS].fields


def _report_values(report: AnnualReport) -> list:
    organization = report.organization
    return [
        organization.registration_code,
        organization.name,
        organization.commune.full_name if organization.commune_id else "",
        *(getattr(report, key) for key in KINDS[ImportKind.ANNUAL_REPORTS].fields),
    ]


def _export(spec_kind: str, keys, rows, *, fmt: str, sheet: str, title: str) -> bytes:
    spec = KINDS[spec_kind]
    columns = [_column(spec.column(key)) for key in keys]
    if fmt == "csv":
        return csv_bytes([column.label for column in columns], ([_csv_value(value) for value in row] for row in rows))
    return workbook_bytes([Sheet(name=sheet, columns=columns, rows=rows, title=title)])


def _csv_value(value):
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return value


def organizations_export(organizations, *, fmt: str = "xlsx") -> bytes:
    rows = (_organization_values(o) for o in organizations.select_related("commune", "province"))
    title = _("Danh sách tổ chức kinh tế tập thể (xuất ngày %(day)s)") % {"day": dt.date.today().strftime("%d/%m/%Y")}
    return _export(
        ImportKind.ORGANIZATIONS,
        ORGANIZATION_EXPORT_KEYS,
        rows,
        fmt=fmt,
        sheet=KINDS[ImportKind.ORGANIZATIONS].sheet_name,
        title=title,
    )


def annual_reports_export(reports, *, year: int | None, fmt: str = "xlsx") -> bytes:
    rows = (_report_values(r) for r in reports.select_related("organization__commune"))
    title = _("Báo cáo năm %(year)s của các tổ chức kinh tế tập thể") % {"year": year or ""}
    return _export(
        ImportKind.ANNUAL_REPORTS,
        REPORT_EXPORT_KEYS,
        rows,
        fmt=fmt,
        sheet=KINDS[ImportKind.ANNUAL_REPORTS].sheet_name,
        title=title,
    )


def error_workbook_bytes(batch, rows) -> bytes:
    """The rejected rows as sent, per sheet, with their original headers and a reason column."""
    layouts = {layout["name"]: layout for layout in batch.sheets}
    by_sheet: dict[str, list] = {}
    for row in rows:
        by_sheet.setdefault(row.sheet, []).append(row)
    sheets = []
    for name, sheet_rows in by_sheet.items():
        headers = layouts.get(name, {}).get("headers") or []
        width = max([len(headers)] + [len(r.source) for r in sheet_rows])
        headers = [h or f"Cột {i + 1}" for i, h in enumerate(headers + [""] * (width - len(headers)))]
        columns = [Column(str(_("Dòng trong tệp gốc")), "int", 10)] + [Column(h, "text", 16) for h in headers]
        columns.append(Column(str(_("Lý do không nhập được")), "text", 60))
        data = []
        for row in sheet_rows:
            reason = row.reason or "; ".join(w["message"] for w in row.warnings)
            data.append([row.row_number, *(row.source + [""] * (width - len(row.source))), reason])
        sheets.append(Sheet(name=name[:31], columns=columns, rows=data))
    if not sheets:
        sheets.append(Sheet(name="Loi", columns=[Column(str(_("Lý do không nhập được")), "text", 60)], rows=[]))
    return workbook_bytes(sheets)
