import pytest
from django.urls import reverse

from imports.models import BatchStatus, ImportBatch
from imports.specs import ImportKind
from imports.tests.helpers import REPORT_HEADER, xlsx
from registry.models import AnnualReport


@pytest.fixture(autouse=True)
def synchronous(settings):
    settings.HOPTAC_IMPORT_BACKGROUND = False


def _upload(client, content, kind=ImportKind.ANNUAL_REPORTS, name="bc.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("imports:batch_list"), {"kind": kind, "file": SimpleUploadedFile(name, content)})


def _report_book(*codes):
    return xlsx({"Bao cao": [REPORT_HEADER] + [[i, code, "", "", 2024, 10, 2, 1] for i, code in enumerate(codes, start=1)]})


@pytest.mark.django_db
def test_the_import_home_shows_the_form_and_only_the_users_batches(personas, client_for):
    _upload(client_for(personas.commune_officer), _report_book(personas.organization.registration_code))
    page = client_for(personas.other_commune_officer).get(reverse("imports:batch_list"))
    assert page.status_code == 200 and "Tải lên và kiểm tra" in page.text and "bc.xlsx" not in page.text
    assert "bc.xlsx" in client_for(personas.commune_officer).get(reverse("imports:batch_list")).text


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["leader", "department_officer", "alliance_officer"])
def test_readers_cannot_import(personas, client_for, persona):
    response = _upload(client_for(getattr(personas, persona)), _report_book(personas.organization.registration_code))
    assert response.status_code == 403
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client_for):
    response = client_for(None).get(reverse("imports:batch_list"))
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


@pytest.mark.django_db
def test_upload_preview_commit_and_undo_through_the_pages(personas, client_for):
    client = client_for(personas.commune_officer)
    response = _upload(
        client, _report_book(personas.organization.registration_code, personas.other_organization.registration_code)
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("imports:batch_detail", args=[batch.pk])
    page = client.get(response["Location"])
    assert "Dòng bị từ chối" in page.text and "Bao cao" in page.text and "không có quyền" in page.text
    assert not AnnualReport.objects.exists()
    refused = client.post(reverse("imports:batch_commit", args=[batch.pk]), follow=True)
    assert "Có 1 dòng bị từ chối" in refused.text and not AnnualReport.objects.exists()
    client.post(reverse("imports:batch_commit", args=[batch.pk]), {"valid_only": "on"})
    assert list(AnnualReport.objects.values_list("organization_id", flat=True)) == [personas.organization.pk]
    errors = client.get(reverse("imports:error_workbook", args=[batch.pk]))
    assert errors.status_code == 200 and errors["Content-Type"].startswith("application/vnd.openxml")
    client.post(reverse("imports:batch_undo", args=[batch.pk]))
    assert not AnnualReport.objects.exists()
    assert ImportBatch.objects.get().status == BatchStatus.UNDONE


@pytest.mark.django_db
def test_other_users_cannot_see_commit_or_undo_a_batch(personas, client_for):
    _upload(client_for(personas.commune_officer), _report_book(personas.organization.registration_code))
    batch = ImportBatch.objects.get()
    other = client_for(personas.other_commune_officer)
    assert other.get(reverse("imports:batch_detail", args=[batch.pk])).status_code == 404
    assert other.post(reverse("imports:batch_commit", args=[batch.pk])).status_code == 404
    assert other.get(reverse("imports:error_workbook", args=[batch.pk])).status_code == 404
    assert not AnnualReport.objects.exists() and ImportBatch.objects.get().status == BatchStatus.READY


@pytest.mark.django_db
def test_a_cooperative_imports_only_its_own_reports(personas, client_for):
    client = client_for(personas.cooperative)
    _upload(client, _report_book(personas.organization.registration_code, personas.other_organization.registration_code))
    batch = ImportBatch.objects.get()
    assert (batch.created_count, batch.rejected_count) == (1, 1)
    client.post(reverse("imports:batch_commit", args=[batch.pk]), {"valid_only": "on"})
    assert list(AnnualReport.objects.values_list("organization_id", flat=True)) == [personas.organization.pk]
    # ...and cannot import organizations at all.
    assert _upload(client, b"x", kind=ImportKind.ORGANIZATIONS).status_code == 200
    assert ImportBatch.objects.count() == 1


@pytest.mark.django_db
def test_bad_files_get_a_vietnamese_message_and_nothing_is_written(personas, client_for):
    client = client_for(personas.province_officer)
    response = _upload(client, b"%PDF-1.4", name="bao-cao.xlsx")
    page = client.get(response["Location"])
    assert "không phải là bảng tính" in page.text and "Không có gì được ghi" in page.text
    wrong = _upload(client, xlsx({"S": [["Tên thành viên", "Số CCCD", "Mã số HTX"], ["A", "1", "4000000001"]]}))
    assert "mẫu “Thành viên”" in client.get(wrong["Location"]).text
    assert not AnnualReport.objects.exists()


@pytest.mark.django_db
def test_progress_is_polled_while_running(personas, client_for):
    client = client_for(personas.province_officer)
    batch = ImportBatch.objects.create(
        kind="annual_reports",
        created_by=personas.province_officer,
        file_name="x.xlsx",
        status=BatchStatus.VALIDATING,
        rows_total=200,
        rows_validated=50,
    )
    page = client.get(
        reverse("imports:batch_detail", args=[batch.pk]), headers={"HX-Request": "true", "HX-Target": "batch-progress"}
    )
    assert 'hx-trigger="load delay:1s"' in page.text and "25%" in page.text


@pytest.mark.django_db
def test_templates_and_exports_download(personas, client_for):
    client = client_for(personas.commune_officer)
    assert client.get(reverse("imports:template", args=["annual_reports"])).status_code == 200
    csv = client.get(reverse("imports:export_organizations", args=["csv"]) + f"?commune={personas.geo.commune_a.pk}")
    assert csv.content.startswith(b"\xef\xbb\xbf") and personas.organization.name in csv.content.decode()
    assert personas.other_organization.name not in csv.content.decode()
    xlsx_file = client.get("/nhap-excel/xuat/bao-cao-nam.xlsx?year=2024")
    assert xlsx_file.status_code == 200
    assert client_for(None).get("/nhap-excel/xuat/to-chuc.xlsx").status_code == 302


@pytest.mark.django_db
def test_colleagues_who_answer_for_the_same_records_follow_commit_and_undo_a_batch(personas, client_for):
    from accounts.tests.factories import UserFactory
    from core.roles import Role

    geo = personas.geo
    colleague = UserFactory(username="xa_2", roles=[Role.COMMUNE_OFFICER], commune=geo.commune_a)  # no province set
    elsewhere = UserFactory(username="tinh_khac", roles=[Role.PROVINCE_OFFICER], province=geo.other_province)
    _upload(client_for(personas.commune_officer), _report_book(personas.organization.registration_code))
    batch = ImportBatch.objects.get()
    detail = reverse("imports:batch_detail", args=[batch.pk])
    for user in (colleague, personas.province_officer):
        assert "bc.xlsx" in client_for(user).get(reverse("imports:batch_list")).text
        assert client_for(user).get(detail).status_code == 200
    for user in (personas.other_commune_officer, personas.cooperative, elsewhere, personas.leader):
        client = client_for(user)
        assert "bc.xlsx" not in client.get(reverse("imports:batch_list")).text
        assert client.get(detail).status_code == 404
        assert client.post(reverse("imports:batch_commit", args=[batch.pk])).status_code == 404
    api = "/api/v1/import-batches/"
    assert [b["id"] for b in client_for(colleague).get(api).json()] == [batch.pk]
    assert client_for(personas.other_commune_officer).get(api).json() == []
    assert not AnnualReport.objects.exists()
    client_for(colleague).post(reverse("imports:batch_commit", args=[batch.pk]))
    assert AnnualReport.objects.get().history.get().history_user == colleague
    assert client_for(elsewhere).post(reverse("imports:batch_undo", args=[batch.pk])).status_code == 404
    assert AnnualReport.objects.exists()
    client_for(personas.province_officer).post(reverse("imports:batch_undo", args=[batch.pk]))
    assert not AnnualReport.objects.exists() and ImportBatch.objects.get().status == BatchStatus.UNDONE


@pytest.mark.django_db
def test_a_province_officers_batch_is_not_shown_to_the_communes(personas, client_for):
    _upload(client_for(personas.province_officer), _report_book(personas.organization.registration_code))
    batch = ImportBatch.objects.get()
    client = client_for(personas.commune_officer)
    assert "bc.xlsx" not in client.get(reverse("imports:batch_list")).text
    assert client.get(reverse("imports:batch_detail", args=[batch.pk])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "params", "named"),
    [
        ("/nhap-excel/", {"page": "abc"}, "Trang"),
        ("/nhap-excel/xuat/to-chuc.csv", {"commune": "abc"}, "Xã, phường"),
        ("/nhap-excel/xuat/bao-cao-nam.csv", {"year": "20x4"}, "Năm"),
        ("/nhap-excel/xuat/bao-cao-nam.csv", {"kind": "ctcp"}, "Loại hình"),
    ],
)
def test_a_wrong_parameter_of_the_import_list_or_an_export_is_a_400_naming_it_not_a_silent_full_export(
    personas, client_for, url, params, named
):
    response = client_for(personas.commune_officer).get(url, params)
    assert response.status_code == 400
    assert f"Tham số không hợp lệ. {named}" in response.content.decode()


@pytest.mark.parametrize("persona", ["province_officer", "commune_officer", "cooperative"])
def test_the_templates_commune_list_holds_only_the_users_province(personas, client_for, persona):
    import io

    import openpyxl

    response = client_for(getattr(personas, persona)).get(reverse("imports:template", args=["organizations"]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    lists = book["Danh mục"]
    headers = [cell.value for cell in lists[1]]
    column = next(i for i, header in enumerate(headers, start=1) if header and "xã" in header.lower())
    names = {row[0].value for row in lists.iter_rows(min_row=2, min_col=column, max_col=column) if row[0].value}
    geo = personas.geo
    assert names == {geo.commune_a.full_name, geo.commune_b.full_name, geo.commune_c.full_name}


@pytest.mark.django_db
def test_the_preview_shows_amounts_grouped_and_whose_row_it_is(personas, client_for):
    from registry.tests.factories import AnnualReportFactory

    AnnualReportFactory(organization=personas.organization, year=2024, revenue=500_000_000, revenue_from_members=0)
    client = client_for(personas.commune_officer)
    book = xlsx({"Bao cao": [REPORT_HEADER, [1, personas.organization.registration_code, "", "", 2024, 10, 2, 796]]})
    _upload(client, book)
    batch = ImportBatch.objects.get()
    page = client.get(reverse("imports:batch_detail", args=[batch.pk])).text
    updates = page[page.index('id="update-rows"') :]
    assert "796.000.000" in updates and "500.000.000" in updates
    assert "796000000" not in updates
    assert personas.organization.name in updates
