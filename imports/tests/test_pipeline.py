import pytest

from imports import services
from imports.models import BatchStatus, RowAction
from imports.specs import ImportKind
from imports.tests.helpers import REPORT_HEADER, xlsx
from registry.models import AnnualReport


@pytest.fixture(autouse=True)
def synchronous(settings):
    settings.HOPTAC_IMPORT_BACKGROUND = False


def run(user, kind, content, name="tep.xlsx"):
    batch = services.batch_upload(actor=user, kind=kind, content=content, file_name=name, store_file=False)
    return services.batch_process(batch=batch, content=content)


@pytest.mark.django_db
def test_a_messy_report_workbook_is_previewed_then_committed(personas):
    org = personas.organization
    rows = [
        ["BÁO CÁO TÌNH HÌNH HỢP TÁC XÃ NĂM 2024"],
        ["Đơn vị tính: như ghi ở cột"],
        [],
        REPORT_HEADER,
        [1, org.registration_code, org.name, "P. Điện Bàn Đông", 2024, "60", 12, "2.500,5"],
        [2, "9999999999", "HTX không có", "Xã Duy Xuyên", 2024, 10, 2, 100],
        [None, None, "Tổng cộng", None, None, 70, 14, 2600],
    ]
    batch = run(personas.province_officer, ImportKind.ANNUAL_REPORTS, xlsx({"Bao cao": rows}))
    assert batch.status == BatchStatus.READY, batch.message
    assert (batch.created_count, batch.rejected_count) == (1, 1)
    rejected = batch.rows.get(action=RowAction.REJECT)
    assert (rejected.sheet, rejected.row_number) == ("Bao cao", 6)
    assert "9999999999" in rejected.reason
    assert any("tổng cộng" in notice for notice in batch.notices)
    assert not AnnualReport.objects.filter(organization=org, year=2024).exists()
    with pytest.raises(services.ImportRefused):
        services.batch_commit(actor=personas.province_officer, batch=batch)
    services.batch_commit(actor=personas.province_officer, batch=batch, valid_only=True)
    report = AnnualReport.objects.get(organization=org, year=2024)
    assert report.revenue == 2_500_500_000 and report.members_official == 60
    assert report.history.first().history_user == personas.province_officer

    again = run(personas.province_officer, ImportKind.ANNUAL_REPORTS, xlsx({"Bao cao": rows}))
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 1)

    services.batch_undo(actor=personas.province_officer, batch=batch)
    assert not AnnualReport.objects.filter(organization=org, year=2024).exists()
    assert AnnualReport.history.filter(history_type="-", organization_id=org.pk).count() == 1


@pytest.mark.django_db
def test_a_commune_officer_cannot_import_other_communes(personas):
    rows = [
        REPORT_HEADER,
        [1, personas.organization.registration_code, "", "", 2024, 60, 12, 1],
        [2, personas.other_organization.registration_code, "", "", 2024, 60, 12, 1],
    ]
    batch = run(personas.commune_officer, ImportKind.ANNUAL_REPORTS, xlsx({"S": rows}))
    assert (batch.created_count, batch.rejected_count) == (1, 1)
    assert "không có quyền" in batch.rows.get(action=RowAction.REJECT).reason
    services.batch_commit(actor=personas.commune_officer, batch=batch, valid_only=True)
    assert not AnnualReport.objects.filter(organization=personas.other_organization).exists()
    assert AnnualReport.objects.filter(organization=personas.organization).count() == 1
