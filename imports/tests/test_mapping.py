"""The mapping of the preview: each column's field with its confidence and sample values, a
picker to change it, the confirmed mapping remembered per header layout and province."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UserFactory
from imports.headers import find_header, row_role
from imports.mapping import layout_key
from imports.models import BatchStatus, ColumnMapping, ImportBatch
from imports.specs import KINDS, ImportKind
from imports.tests.helpers import xlsx
from registry.models import AnnualReport

HEADER = ["Mã số HTX", "Năm", "Số người làm việc", "Doanh số (triệu đồng)"]


@pytest.fixture(autouse=True)
def synchronous(settings):
    settings.HOPTAC_IMPORT_BACKGROUND = False


def _file(org, workers, sales):
    return xlsx({"BC": [HEADER, [org.registration_code, 2024, workers, sales]]})


def _upload(client, content, name="doanh-so.xlsx"):
    upload = SimpleUploadedFile(name, content)
    assert client.post(reverse("imports:batch_list"), {"kind": ImportKind.ANNUAL_REPORTS, "file": upload}).status_code == 302
    return ImportBatch.objects.latest("pk")


def _confirm(client, batch, columns, sheet="BC"):
    data = {"sheet": sheet, **{f"column-{index}": key for index, key in columns.items()}}
    return client.post(reverse("imports:mapping_confirm", args=[batch.pk]), data, follow=True)


def test_a_header_is_matched_by_its_words_with_a_confidence_below_one():
    rows = [["Mã số HTX", "Năm", "Số LĐ thường xuyên", "Tổng DT (triệu đồng)"]]
    match = find_header(KINDS[ImportKind.ANNUAL_REPORTS], rows, [])
    assert match.columns == {0: "registration_code", 1: "year", 2: "regular_workers", 3: "revenue"}
    assert match.confidence == {2: 1.0, 3: 1.0}  # "LĐ", "DT" spelled out: the synonyms' very words
    rows = [["Mã số HTX", "Năm", "Lao động thường xuyên cuối năm", "Doanh số"]]
    match = find_header(KINDS[ImportKind.ANNUAL_REPORTS], rows, [])
    assert match.columns[2] == "regular_workers" and 0.6 <= match.confidence[2] < 1
    assert 3 not in match.columns and match.skipped[3] == "Doanh số"


def test_two_level_headers_read_the_official_members_not_the_total():
    rows = [
        ["Mã số HTX", "Năm", "Số thành viên (người)", ""],
        ["", "", "Tổng số", "Trong đó: TV chính thức"],
        ["4000000001", 2024, 12, 10],
    ]
    merged = [((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (0, 3))]
    match = find_header(KINDS[ImportKind.ANNUAL_REPORTS], rows, merged)
    assert match.row == 1 and match.columns[3] == "members_official" and 2 not in match.columns


@pytest.mark.django_db
def test_the_person_maps_unknown_columns_and_the_layout_is_read_that_way_next_time(personas, client_for):
    org = personas.organization
    client = client_for(personas.province_officer)
    batch = _upload(client, _file(org, 7, 900))
    page = client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert "Số người làm việc" in page and "Độ tin cậy" in page and "bỏ qua" in page and "900" in page
    assert batch.created_count == 1

    response = _confirm(client, batch, {0: "registration_code", 1: "year", 2: "regular_workers", 3: "revenue"})
    assert "Đã ghi nhớ" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY and batch.sheets[0]["remembered"]
    client.post(reverse("imports:batch_commit", args=[batch.pk]))
    report = AnnualReport.objects.get(organization=org, year=2024)
    assert (report.regular_workers, report.revenue) == (7, 900_000_000)
    mapping = ColumnMapping.objects.get()
    assert mapping.province == personas.geo.province and mapping.layout == layout_key(HEADER)

    # The same layout next year, by the command: read as confirmed without asking.
    again = _file(org, 8, 950)
    batch = _upload(client, again)
    assert batch.sheets[0]["remembered"] and batch.updated_count == 1
    row = batch.rows.get()
    assert row.diff == {"regular_workers": [7, 8], "revenue": [900_000_000, 950_000_000]}


@pytest.mark.django_db
def test_the_command_applies_a_remembered_mapping(personas, tmp_path):
    org = personas.organization
    ColumnMapping.objects.create(
        kind=ImportKind.ANNUAL_REPORTS,
        province=personas.geo.province,
        layout=layout_key(HEADER),
        columns={"0": "registration_code", "1": "year", "2": "regular_workers", "3": "revenue"},
    )
    path = tmp_path / "bc.xlsx"
    path.write_bytes(_file(org, 5, 100))
    call_command("import_workbook", str(path), "--user", "tinh", verbosity=0)
    report = AnnualReport.objects.get(organization=org, year=2024)
    assert (report.regular_workers, report.revenue) == (5, 100_000_000)


@pytest.mark.django_db
def test_a_mapping_confirmed_in_one_province_is_not_applied_in_another(personas, client_for):
    ColumnMapping.objects.create(
        kind=ImportKind.ANNUAL_REPORTS,
        province=personas.geo.province,
        layout=layout_key(HEADER),
        columns={"0": "registration_code", "1": "year", "2": "regular_workers", "3": "revenue"},
    )
    elsewhere = UserFactory(username="hue", roles=[Role.PROVINCE_OFFICER], province=personas.geo.other_province)
    batch = _upload(client_for(elsewhere), _file(personas.outside_organization, 5, 100))
    assert not batch.sheets[0]["remembered"] and batch.sheets[0]["columns"] == {"0": "registration_code", "1": "year"}


@pytest.mark.django_db
def test_a_mapping_giving_one_field_to_two_columns_is_refused_and_nothing_is_remembered(personas, client_for):
    client = client_for(personas.province_officer)
    batch = _upload(client, _file(personas.organization, 7, 900))
    response = _confirm(client, batch, {0: "registration_code", 1: "year", 2: "revenue", 3: "revenue"})
    assert "được chọn cho nhiều cột" in response.content.decode()
    assert not ColumnMapping.objects.exists()
    response = _confirm(client, batch, {0: "registration_code", 1: "", 2: "", 3: "revenue"})
    assert "Chưa có cột nào là “Năm báo cáo”" in response.content.decode()
    assert not ColumnMapping.objects.exists()


@pytest.mark.django_db
def test_another_user_cannot_confirm_a_mapping_of_someone_elses_batch(personas, client_for):
    batch = _upload(client_for(personas.province_officer), _file(personas.organization, 7, 900))
    before = list(batch.rows.values_list("pk", flat=True)), batch.created_count
    other = client_for(personas.other_commune_officer)
    response = _confirm(other, batch, {0: "registration_code", 1: "year", 2: "regular_workers", 3: "revenue"})
    assert response.status_code == 404
    assert not ColumnMapping.objects.exists()
    batch.refresh_from_db()
    assert (list(batch.rows.values_list("pk", flat=True)), batch.created_count) == before
    anonymous = client_for(None).post(reverse("imports:mapping_confirm", args=[batch.pk]), {"sheet": "BC"})
    assert anonymous.status_code == 302 and not ColumnMapping.objects.exists()


@pytest.mark.django_db
def test_a_committed_batch_keeps_its_mapping(personas, client_for):
    client = client_for(personas.province_officer)
    batch = _upload(client, _file(personas.organization, 7, 900))
    client.post(reverse("imports:batch_commit", args=[batch.pk]))
    response = _confirm(client, batch, {0: "registration_code", 1: "year", 2: "regular_workers", 3: "revenue"})
    assert "trước khi ghi" in response.content.decode()
    assert not ColumnMapping.objects.exists()


def test_an_unmerged_second_header_row_is_read_with_the_first_not_as_a_record():
    rows = [
        ["STT", "Tên hợp tác xã", "Mã số HTX", "Số thành viên (người)", "", "Doanh thu"],
        ["", "", "", "Tổng số", "Trong đó: TV chính thức", ""],
        [1, "HTX A", 4000000001.0, 12, 10, 5],
    ]
    match = find_header(KINDS[ImportKind.ANNUAL_REPORTS], rows, [], frozenset({"year"}))
    assert (match.row, match.data_start) == (1, 2)
    assert match.columns == {1: "organization_name", 2: "registration_code", 4: "members_official", 5: "revenue"}


def test_rows_under_the_header_are_told_apart_records_totals_sections_and_signatures():
    assert row_role([3, None, "Tổng cộng", None, 1244]) == "total"
    assert row_role([1, "HTX A", "4000000001", 12]) is None
    assert row_role(["I", "Nông nghiệp", "", ""]) == "section"
    assert row_role(["II. Phi nông nghiệp", "", ""]) == "section"
    assert row_role(["", "", "", "", "", "Điện Bàn, ngày 15 tháng 01 năm 2025"]) == "signature"
    assert row_role(["", "NGƯỜI LẬP BIỂU", "", "", "", "KT. CHỦ TỊCH"]) == "signature"
    assert row_role(["", "Hợp tác xã Giám đốc", "Nguyễn Văn A", "Giám đốc", "Xã Duy Xuyên"]) is None
