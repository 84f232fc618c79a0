import pytest

from imports import services
from imports.models import BatchStatus, RowAction
from imports.specs import ImportKind
from imports.tests.helpers import REPORT_HEADER, xlsx
from registry.models import AnnualReport
from registry.tests.factories import AnnualReportFactory


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


@pytest.mark.django_db
def test_report_rows_follow_the_registry_rules_and_are_compared_with_the_year_before(personas):
    org = personas.organization  # founded in 2015
    AnnualReportFactory(organization=org, year=2024)  # 60 members, revenue 2.500.000.000
    header = ["Mã số HTX", "Năm", "Thành viên chính thức", "Thành viên mới", "Doanh thu (đồng)", "Doanh thu từ thành viên (đồng)"]
    rows = [
        header,
        [org.registration_code, 2024, 60, 1, 100, 200],
        [org.registration_code, 2010, 10, 20, 100, 50],
        [org.registration_code, 2025, 200, 1, 100, 50],
    ]
    batch = run(personas.province_officer, ImportKind.ANNUAL_REPORTS, xlsx({"S": rows}))
    assert (batch.created_count, batch.updated_count, batch.rejected_count) == (1, 0, 2)
    assert batch.rows.get(row_number=2).reason == (
        "Doanh thu từ thành viên (đồng): Doanh thu từ thành viên không được lớn hơn tổng doanh thu."
    )
    too_early = batch.rows.get(row_number=3).reason
    assert "Năm báo cáo 2010 trước năm thành lập 2015." in too_early
    assert "Số thành viên mới không được lớn hơn tổng số thành viên." in too_early
    created = batch.rows.get(row_number=4)
    # Compared with 2024 (60 members, 12 workers, revenue 2.500.000.000, capital 1.800.000.000);
    # the figures the row does not give are 0.
    assert {w["column"] for w in created.warnings} == {
        "Thành viên chính thức (người)",
        "Lao động thường xuyên (người)",
        "Doanh thu (đồng)",
        "Tổng nguồn vốn (đồng)",
    }
    services.batch_commit(actor=personas.province_officer, batch=batch, valid_only=True)
    report = AnnualReport.objects.get(organization=org, year=2025)
    assert "thay đổi bất thường so với năm 2024" in report.confirmed_warnings
    assert report.history.get().history_user == personas.province_officer
    assert AnnualReport.objects.get(organization=org, year=2024).revenue == 2_500_000_000


@pytest.mark.django_db
def test_members_are_created_and_updated_with_history_and_undone(personas):
    import datetime as dt

    from registry.models import Member

    org = personas.organization
    existing = Member.objects.create(organization=org, name="Nguyễn Văn An", identifier="001")
    header = ["Mã số HTX", "Tên thành viên", "Số định danh", "Vốn góp (đồng)", "Ngày gia nhập"]
    rows = [
        header,
        [org.registration_code, "Nguyễn Văn An", "001", 5_000_000, "01/02/2020"],
        [org.registration_code, "Trần Thị Bình", "002", 3_000_000, "15/03/2021"],
        [org.registration_code, "Lê Văn Cường", "", "", ""],
    ]
    batch = run(personas.province_officer, ImportKind.MEMBERS, xlsx({"Thanh vien": rows}))
    assert (batch.created_count, batch.updated_count, batch.rejected_count) == (2, 1, 0)
    committed = services.batch_commit(actor=personas.province_officer, batch=batch)
    assert committed.rows_written == 3
    binh = Member.objects.get(organization=org, identifier="002")
    assert (binh.capital_contribution, binh.joined_on, binh.search_text) == (3_000_000, dt.date(2021, 3, 15), "tran thi binh 002")
    assert Member.objects.get(organization=org, name="Lê Văn Cường").capital_contribution is None
    assert binh.history.get().history_user == personas.province_officer
    existing.refresh_from_db()
    assert (existing.capital_contribution, existing.version) == (5_000_000, 2)

    services.batch_undo(actor=personas.province_officer, batch=committed)
    assert list(Member.objects.filter(organization=org).values_list("name", "capital_contribution")) == [("Nguyễn Văn An", None)]


@pytest.mark.django_db
def test_undo_is_refused_when_a_created_record_was_edited_since(personas):
    org, other = personas.organization, personas.other_organization
    rows = [
        REPORT_HEADER,
        [1, org.registration_code, "", "", 2023, 10, 2, 1],
        [2, other.registration_code, "", "", 2023, 8, 1, 1],
    ]
    batch = run(personas.province_officer, ImportKind.ANNUAL_REPORTS, xlsx({"Bao cao": rows}))
    batch = services.batch_commit(actor=personas.province_officer, batch=batch)
    from registry.services import annual_report_save

    report = AnnualReport.objects.get(organization=other, year=2023)
    report.revenue += 1
    annual_report_save(actor=personas.admin, report=report, expected_version=report.version, confirmed=True)
    with pytest.raises(services.ImportRefused, match="“Bao cao”, dòng 3 đã được sửa"):
        services.batch_undo(actor=personas.province_officer, batch=batch)
    assert AnnualReport.objects.filter(year=2023).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("column", [2, 7])  # the organization's name (not read when there is a code), the revenue
def test_a_formula_never_calculated_is_refused_not_read_as_empty(personas, column):
    org, other = personas.organization, personas.other_organization
    rows = [
        REPORT_HEADER,
        [1, org.registration_code, org.name, "", 2024, 10, 2, 5],
        [2, other.registration_code, other.name, "", 2024, 8, 1, 5],
    ]
    rows[1][column] = None
    content = xlsx({"Bao cao": rows}, formulas={"Bao cao": [(1, column, "=F2*100", "")]})
    batch = run(personas.province_officer, ImportKind.ANNUAL_REPORTS, content)
    assert (batch.created_count, batch.rejected_count) == (1, 1)
    assert "công thức chưa được tính" in batch.rows.get(action=RowAction.REJECT, row_number=2).reason


@pytest.mark.django_db
@pytest.mark.parametrize("blank", [False, True])
def test_a_figure_the_field_refuses_rejects_its_row_whether_or_not_the_sheet_has_blanks(personas, blank):
    org, other = personas.organization, personas.other_organization
    header = ["Mã số HTX", "Năm", "Thành viên chính thức", "Doanh thu (đồng)", "Tổng nguồn vốn (đồng)"]
    rows = [header, [org.registration_code, 2024, 10, -5, 7], [other.registration_code, 2024, 3, 100, "" if blank else 9]]
    batch = run(personas.province_officer, ImportKind.ANNUAL_REPORTS, xlsx({"S": rows}))
    assert (batch.created_count, batch.rejected_count) == (1, 1)
    reason = batch.rows.get(action=RowAction.REJECT).reason
    assert reason.startswith("Doanh thu (đồng): ") and "0" in reason


@pytest.mark.django_db
@pytest.mark.parametrize("by_column", [True, False])
def test_a_sheet_with_every_cell_filled_is_checked_a_column_at_a_time_with_the_same_outcome_per_row(
    personas, monkeypatch, by_column
):
    # Every cell filled: the sheet is staged column by column (plain new rows go straight into
    # chunks); each other row still gets its own action and reason, as when staged row by row.
    if not by_column:
        monkeypatch.setattr("imports.staging.Stager._reports_by_column", lambda self, sheet: False)
    org, other = personas.organization, personas.other_organization
    AnnualReportFactory(organization=org, year=2024)  # 60 members, revenue 2.500.000.000
    header = ["Mã số HTX", "Tên HTX", "Xã, phường", "Năm", "Thành viên chính thức", "Doanh thu (đồng)"]
    rows = [
        header,
        [org.registration_code, org.name, "x", 2023, 50, 1000],  # new, nothing to compare with
        [org.registration_code, org.name, "x", 2023, 51, 1000],  # the same report twice in the file
        [org.registration_code, org.name, "x", 2024, 60, 2_500_000_000],  # as recorded
        [org.registration_code, org.name, "x", 2025, 200, 2_500_000_000],  # members ×3 on 2024
        [other.registration_code, other.name, "x", 2024, 5, 10],  # another commune's
        ["9999999999", "HTX không có", "x", 2024, 5, 10],
        [org.registration_code, org.name, "x", 2019, -3, 10],  # a count below zero
    ]
    batch = run(personas.commune_officer, ImportKind.ANNUAL_REPORTS, xlsx({"S": rows}))
    assert batch.status == BatchStatus.READY, batch.message
    counts = (batch.created_count, batch.updated_count, batch.unchanged_count, batch.rejected_count)
    assert counts == (2, 0, 1, 4)
    chunk = batch.chunks.get()
    assert chunk.row_runs == [[2, 1]] and chunk.columns[-1] == "organization_id"
    assert "Trùng với dòng 2" in batch.rows.get(row_number=3).reason
    assert batch.rows.get(row_number=5).action == RowAction.CREATE and batch.rows.get(row_number=5).warnings
    assert "không có quyền" in batch.rows.get(row_number=6).reason
    assert "9999999999" in batch.rows.get(row_number=7).reason
    assert batch.rows.get(row_number=8).reason.startswith("Thành viên chính thức")
    services.batch_commit(actor=personas.commune_officer, batch=batch, valid_only=True)
    created = AnnualReport.objects.filter(organization=org, year__in=[2023, 2025]).order_by("year")
    assert [(r.year, r.members_official, r.revenue) for r in created] == [(2023, 50, 1000), (2025, 200, 2_500_000_000)]
    assert not created[0].confirmed_warnings and "thay đổi bất thường" in created[1].confirmed_warnings
    assert {r.history.get().history_user for r in created} == {personas.commune_officer}
    assert not AnnualReport.objects.filter(organization=other).exists()


@pytest.mark.django_db
def test_a_small_file_loads_only_the_organizations_it_names(personas):
    from django.db.models.signals import post_init

    from registry.models import Organization
    from registry.tests.factories import OrganizationFactory

    OrganizationFactory.create_batch(40, commune=personas.geo.commune_b)
    built = []

    def count(sender, **kwargs):
        built.append(sender)

    header = ["Mã số HTX", "Năm", "Thành viên chính thức"]
    content = xlsx({"S": [header, [personas.organization.registration_code, 2023, 7]]})
    post_init.connect(count, sender=Organization)
    try:
        batch = run(personas.province_officer, ImportKind.ANNUAL_REPORTS, content)
    finally:
        post_init.disconnect(count, sender=Organization)
    assert batch.created_count == 1
    assert len(built) < 5  # the one it names (and the batch's own reads), not the 43 of the registry


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [ImportKind.ANNUAL_REPORTS, ImportKind.MEMBERS])
def test_commit_is_refused_when_an_organization_left_the_officers_commune_since_the_preview(personas, kind):
    from registry.models import Member

    org = personas.organization
    rows = (
        [["Mã số HTX", "Năm", "Thành viên chính thức"], [org.registration_code, 2023, 7], [org.registration_code, 2024, 8]]
        if kind == ImportKind.ANNUAL_REPORTS
        else [["Mã số HTX", "Họ và tên"], [org.registration_code, "Nguyễn Văn An"], [org.registration_code, "Trần Thị Bình"]]
    )
    batch = run(personas.commune_officer, kind, xlsx({"S": rows}))
    assert (batch.status, batch.created_count, batch.rejected_count) == (BatchStatus.READY, 2, 0)
    type(org).objects.filter(pk=org.pk).update(commune=personas.geo.commune_b)  # moved by the province since
    with pytest.raises(services.ImportRefused) as refusal:
        services.batch_commit(actor=personas.commune_officer, batch=batch)
    assert org.name in refusal.value.messages[0] and "tải tệp lên lại" in refusal.value.messages[0]
    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY
    assert not AnnualReport.objects.exists() and not Member.objects.filter(organization=org).exists()
    assert not AnnualReport.history.exists() and not Member.history.filter(organization_id=org.pk).exists()


@pytest.mark.django_db
def test_an_organization_built_from_its_row_is_the_one_the_orm_loads(personas):
    from imports.staging import OrganizationIndex
    from registry.models import Organization

    org = Organization.objects.get(pk=personas.organization.pk)
    index = OrganizationIndex({org.registration_code, "0000000000"})
    built = index.get(org.registration_code)
    assert index.get(org.registration_code) is built and index.get("0000000000") is None
    assert set(index.FIELDS) == {"id", "registration_code", "name", "commune_id", "province_id", "founded_on"}
    assert built.get_deferred_fields() == {f.attname for f in Organization._meta.concrete_fields} - set(index.FIELDS)
    for field in Organization._meta.concrete_fields:  # loaded or deferred, each reads as stored
        assert getattr(built, field.attname) == getattr(org, field.attname), field.attname


@pytest.mark.django_db
def test_commit_is_refused_when_an_organization_was_deleted_since_the_preview(personas, client):
    from django.urls import reverse

    from registry.tests.factories import OrganizationFactory

    org = OrganizationFactory(commune=personas.geo.commune_a)
    rows = [["Mã số HTX", "Năm", "Thành viên chính thức"], [org.registration_code, 2023, 7]]
    batch = run(personas.commune_officer, ImportKind.ANNUAL_REPORTS, xlsx({"S": rows}))
    assert batch.created_count == 1
    org.delete()
    client.force_login(personas.commune_officer)
    response = client.post(reverse("imports:batch_commit", args=[batch.pk]), follow=True)
    assert response.status_code == 200
    assert "đã bị xoá khỏi sổ đăng ký" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY and not AnnualReport.objects.exists()


@pytest.mark.django_db
def test_committing_120_new_members_reports_120_rows_written_on_the_batch_and_the_page(personas, client):
    from django.contrib.messages import get_messages
    from django.urls import reverse

    from registry.models import Member

    org = personas.organization
    rows = [["Mã số HTX", "Tên thành viên"]] + [[org.registration_code, f"Thành viên số {n}"] for n in range(120)]
    batch = run(personas.province_officer, ImportKind.MEMBERS, xlsx({"Thanh vien": rows}))
    assert (batch.status, batch.created_count) == (BatchStatus.READY, 120)
    assert batch.chunks.exists()  # the plain new rows are staged as column chunks (their ids kept as runs)
    client.force_login(personas.province_officer)
    response = client.post(reverse("imports:batch_commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.rows_written == 120 == Member.objects.filter(organization=org).count()
    assert "Đã ghi 120 dòng vào cơ sở dữ liệu." in [str(m) for m in get_messages(response.wsgi_request)]
