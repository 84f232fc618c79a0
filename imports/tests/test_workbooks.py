import csv
import io

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from imports import services
from imports.exports import organizations_for_export, reports_for_export
from imports.kinds import UPLOAD_KINDS
from imports.models import BatchStatus, RowAction
from imports.specs import KINDS, ImportKind
from imports.workbooks import annual_reports_export, error_workbook_bytes, organizations_export, template_bytes
from registry.models import Organization
from registry.tests.factories import AnnualReportFactory
from reports.cells import neutral_text
from reports.tests.test_cells import HOSTILE, assert_neutral, cells_of


@pytest.fixture(autouse=True)
def synchronous(settings):
    settings.HOPTAC_IMPORT_BACKGROUND = False


def run(user, kind, content, name):
    batch = services.batch_upload(actor=user, kind=kind, content=content, file_name=name, store_file=False)
    return services.batch_process(batch=batch, content=content)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [kind.value for kind in UPLOAD_KINDS])
def test_templates_have_headers_lists_formats_and_a_frozen_header(geo, kind):
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(kind)))
    assert book.sheetnames[0] == "Hướng dẫn"
    sheet = book[KINDS[kind].sheet_name]
    assert sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[1]] == [column.label for column in KINDS[kind].columns]
    assert sheet.data_validations.dataValidation, "drop-down lists"


def _fill_template(kind: str, rows: list[list]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(kind)))
    sheet = book[KINDS[kind].sheet_name]
    headers = [cell.value for cell in sheet[1]]
    for r, values in enumerate(rows, start=2):
        for header, value in values.items():
            sheet.cell(r, headers.index(header) + 1, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_template_filled_in_correctly_imports(personas):
    data = _fill_template(
        ImportKind.ORGANIZATIONS,
        [
            {
                "Mã số HTX": "4100000009",
                "Tên tổ chức": "Hợp tác xã Nông nghiệp Hòa Bình",
                "Loại hình": "Hợp tác xã",
                "Lĩnh vực hoạt động": "Nông, lâm, ngư nghiệp, diêm nghiệp",
                "Xã, phường": "Phường Điện Bàn Đông",
                "Vốn điều lệ (đồng)": 500_000_000,
            }
        ],
    )
    batch = run(personas.province_officer, ImportKind.ORGANIZATIONS, data, "mau.xlsx")
    assert batch.status == BatchStatus.READY, batch.message
    assert batch.created_count == 1 and batch.rejected_count == 0, list(batch.rows.values("errors"))
    assert batch.notices == []
    services.batch_commit(actor=personas.province_officer, batch=batch)
    created = Organization.objects.get(registration_code="4100000009")
    assert created.commune == personas.geo.commune_a and created.charter_capital == 500_000_000
    assert created.status_events.count() == 1


@pytest.mark.django_db
def test_legacy_commune_names_resolve_through_the_crosswalk_and_ambiguity_lists_candidates(personas, geo):
    from geo.tests.factories import AdminUnitFactory

    AdminUnitFactory(code="20999", name="Duy Xuyên", unit_type="Phường", parent=geo.other_province, province=geo.other_province)
    data = _fill_template(
        ImportKind.ORGANIZATIONS,
        [
            {
                "Tên tổ chức": "HTX Điện Phước Mới",
                "Loại hình": "htx",
                "Lĩnh vực hoạt động": "nong_nghiep",
                "Xã, phường": "P. Điện Phước",
                "Huyện (cũ)": "TX. Điện Bàn",
            },
            {
                "Tên tổ chức": "HTX Đâu đó",
                "Loại hình": "htx",
                "Lĩnh vực hoạt động": "nong_nghiep",
                "Xã, phường": "Duy Xuyen",
                "Tỉnh, thành phố": "",
            },
        ],
    )
    batch = run(personas.admin, ImportKind.ORGANIZATIONS, data, "cu.xlsx")
    created = batch.rows.get(row_number=2)
    assert created.action == RowAction.CREATE, created.errors
    assert created.data["commune_id"] == geo.commune_a.pk and created.data["legacy_commune_id"] == geo.legacy_commune_a1.pk
    assert batch.rows.get(row_number=3).action == RowAction.CREATE  # the province of the installation wins
    # With no province to prefer, the two "Duy Xuyên" are ambiguous and both are named.
    from imports.units import UnitError, UnitResolver

    resolver = UnitResolver()
    resolver.default_province = None
    with pytest.raises(UnitError, match="không rõ ràng.*Duy Xuyên.*Duy Xuyên"):
        resolver.commune("Duy Xuyên")


@pytest.mark.django_db
def test_probable_duplicates_are_flagged_for_a_person(personas):
    org = personas.organization
    code = org.registration_code
    near_code = code[:4] + str((int(code[4]) + 5) % 10) + code[5:]
    data = _fill_template(
        ImportKind.ORGANIZATIONS,
        [
            {
                "Mã số HTX": near_code,
                "Tên tổ chức": org.name.upper(),
                "Loại hình": "htx",
                "Lĩnh vực hoạt động": "nong_nghiep",
                "Xã, phường": "Điện Bàn Đông",
            }
        ],
    )
    batch = run(personas.province_officer, ImportKind.ORGANIZATIONS, data, "trung.xlsx")
    row = batch.rows.get()
    assert row.action == RowAction.REVIEW and row.duplicate_of == org.pk
    assert "một chữ số" in row.warnings[0]["message"]
    with pytest.raises(services.ImportRefused):
        services.batch_commit(actor=personas.province_officer, batch=batch)
    services.row_decide(actor=personas.province_officer, batch=batch, row=row, decision="skip")
    services.batch_commit(actor=personas.province_officer, batch=batch)
    assert not Organization.objects.filter(registration_code=near_code).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_export_reimports_with_zero_changes(personas, fmt):
    for organization in (personas.organization, personas.other_organization):
        AnnualReportFactory(organization=organization, year=2024)
    user = personas.province_officer
    organizations = organizations_export(organizations_for_export(user=user, params={}), fmt=fmt)
    reports = annual_reports_export(reports_for_export(user=user, params={}, year=2024), year=2024, fmt=fmt)
    if fmt == "csv":
        assert organizations.startswith(b"\xef\xbb\xbf")
    first = run(user, ImportKind.ORGANIZATIONS, organizations, f"to-chuc.{fmt}")
    assert (first.unchanged_count, first.created_count, first.updated_count, first.rejected_count) == (2, 0, 0, 0), list(
        first.rows.values("errors", "diff")
    )
    second = run(user, ImportKind.ANNUAL_REPORTS, reports, f"bao-cao.{fmt}")
    assert (second.unchanged_count, second.created_count, second.updated_count, second.rejected_count) == (2, 0, 0, 0), list(
        second.rows.values("errors", "diff")
    )


@pytest.mark.django_db
def test_the_export_is_formatted(personas):
    AnnualReportFactory(organization=personas.organization, year=2024)
    content = annual_reports_export(reports_for_export(user=personas.admin, params={}, year=2024), year=2024)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref
    headers = [cell.value for cell in sheet[3]]
    assert "Doanh thu (đồng)" in headers
    revenue = sheet.cell(4, headers.index("Doanh thu (đồng)") + 1)
    assert revenue.value == 2_500_000_000 and revenue.number_format == "#,##0"


@pytest.mark.django_db
def test_the_error_workbook_returns_rejected_rows_with_a_reason(personas):
    from imports.tests.helpers import REPORT_HEADER, xlsx

    data = xlsx({"Bao cao": [REPORT_HEADER, [1, "0000000000", "HTX lạ", "", 2024, 1, 1, 1]]})
    batch = run(personas.province_officer, ImportKind.ANNUAL_REPORTS, data, "loi.xlsx")
    content = error_workbook_bytes(batch, batch.rows.filter(action=RowAction.REJECT))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert rows[0][-1] == "Lý do không nhập được"
    assert rows[1][0] == 2 and rows[1][2] == "0000000000" and "0000000000" in rows[1][-1]


@pytest.mark.django_db
def test_the_registry_export_neutralises_names_in_xlsx_and_csv(personas):
    personas.organization.name = HOSTILE[1]
    personas.organization.save()
    organizations = Organization.objects.filter(pk=personas.organization.pk)
    assert_neutral(cells_of(organizations_export(organizations)), [HOSTILE[1]])
    text = organizations_export(organizations, fmt="csv").decode("utf-8-sig")
    assert neutral_text(HOSTILE[1]) in {value for row in csv.reader(io.StringIO(text)) for value in row}


@pytest.mark.django_db
def test_the_error_workbook_returns_rejected_formula_cells_as_text(personas):
    from imports.tests.helpers import REPORT_HEADER

    buffer = io.StringIO()
    csv.writer(buffer).writerows([REPORT_HEADER, [1, "0000000000", HOSTILE[0], HOSTILE[4], 2024, 1, 1, 1]])
    batch = run(personas.province_officer, ImportKind.ANNUAL_REPORTS, buffer.getvalue().encode(), "loi.csv")
    content = error_workbook_bytes(batch, batch.rows.filter(action=RowAction.REJECT))
    assert_neutral(cells_of(content), [HOSTILE[0], HOSTILE[4]])


@pytest.mark.django_db
def test_the_import_template_holds_no_formulacells_of(personas):
    assert not [cell.coordinate for cell in cells_of(template_bytes(ImportKind.ORGANIZATIONS)) if cell.data_type == "f"]
