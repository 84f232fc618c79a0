"""Support records and activities get the preview's column mapping of every kind (imports.mapping):
each column's field, confidence and sample values with a picker, the confirmed mapping remembered
per header layout and province and applied by the page and the command next time."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from imports.mapping import layout_key
from imports.models import BatchStatus, ColumnMapping, ImportBatch
from imports.tests.helpers import xlsx
from support import xlsx_import
from support.models import SupportRecord

pytestmark = pytest.mark.usefixtures("pipeline")

#: "Giá trị được nhận" is no header or synonym of the kind: no field is found for it.
HEADER = ["STT", "Mã số HTX", "Chính sách", "Ngày hỗ trợ", "Giá trị được nhận (triệu đồng)", "Ghi chú"]
CONFIRMED = {0: "", 1: "registration_code", 2: "policy", 3: "supported_on", 4: "amount", 5: "content"}


def _file(personas, policy, amount="45,5", day="10/05/2023"):
    org = personas.organization
    return xlsx(
        {"Ho tro": [["DANH SÁCH HỖ TRỢ NĂM 2023"], HEADER, [1, org.registration_code, policy.code, day, amount, "Học phí"]]}
    )


def _upload(client, content, name="ho-tro.xlsx") -> ImportBatch:
    upload = SimpleUploadedFile(name, content)
    response = client.post(reverse("support:import"), {"kind": xlsx_import.RECORDS, "file": upload})
    assert response.status_code == 302
    return ImportBatch.objects.latest("pk")


def _confirm(client, batch, columns, sheet="Ho tro"):
    data = {"sheet": sheet, **{f"column-{index}": key for index, key in columns.items()}}
    return client.post(reverse("imports:mapping_confirm", args=[batch.pk]), data, follow=True)


@pytest.mark.django_db
def test_the_preview_of_support_records_shows_each_columns_field_with_a_picker_of_the_kinds_fields(personas, policy, client_for):
    client = client_for(personas.province_officer)
    batch = _upload(client, _file(personas, policy))
    assert batch.status == BatchStatus.READY
    layout = batch.sheets[0]
    assert layout["columns"] == {"1": "registration_code", "2": "policy", "3": "supported_on"}
    assert layout["skipped"]["4"] == "Giá trị được nhận (triệu đồng)" and layout["samples"]["4"] == ["45,5"]
    page = client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert 'data-sheet="Ho tro"' in page and "Giá trị được nhận (triệu đồng)" in page and "45,5" in page
    # The picker offers the support record's fields (not the registry's), and "bỏ qua".
    assert '<option value="amount">Kinh phí hỗ trợ (đồng)</option>' in page and '<option value="policy" selected>' in page
    assert 'value="members_official"' not in page and "bỏ qua" in page


@pytest.mark.django_db
def test_a_confirmed_mapping_is_remembered_for_the_province_and_applied_by_the_page_and_the_command(
    personas, policy, client_for, tmp_path
):
    client = client_for(personas.province_officer)
    batch = _upload(client, _file(personas, policy))
    response = _confirm(client, batch, CONFIRMED)
    assert "Đã ghi nhớ cách đọc các cột" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY and batch.sheets[0]["remembered"]
    row = batch.rows.get()
    assert (row.action, row.data["amount"], row.data["content"]) == ("create", 45_500_000, "Học phí")
    mapping = ColumnMapping.objects.get()
    assert (mapping.kind, mapping.province, mapping.layout) == (xlsx_import.RECORDS, personas.geo.province, layout_key(HEADER))
    client.post(reverse("imports:batch_commit", args=[batch.pk]))
    assert list(SupportRecord.objects.values_list("amount", "content")) == [(45_500_000, "Học phí")]

    # The same layout again, another day: read as confirmed without asking, by the page ...
    batch = _upload(client, _file(personas, policy, amount=20, day="01/06/2023"))
    assert batch.sheets[0]["remembered"] and batch.rows.get().data["amount"] == 20_000_000
    # ... and by the command.
    path = tmp_path / "ho-tro-thang-7.xlsx"
    path.write_bytes(_file(personas, policy, amount=30, day="01/07/2023"))
    call_command("import_workbook", str(path), "--kind", xlsx_import.RECORDS, "--user", "tinh", verbosity=0)
    assert ImportBatch.objects.latest("pk").sheets[0]["remembered"]
    assert SupportRecord.objects.filter(amount=30_000_000, content="Học phí").exists()


@pytest.mark.django_db
def test_a_mapping_lacking_a_needed_field_of_the_kind_is_refused_and_nothing_is_remembered(personas, policy, client_for):
    client = client_for(personas.province_officer)
    batch = _upload(client, _file(personas, policy))
    response = _confirm(client, batch, {**CONFIRMED, 3: ""})
    assert "Chưa có cột nào là “Ngày hỗ trợ”" in response.content.decode()
    assert not ColumnMapping.objects.exists()
    batch.refresh_from_db()
    assert not batch.sheets[0]["remembered"]


@pytest.mark.django_db
def test_another_user_cannot_confirm_the_mapping_of_a_support_batch_and_nothing_changes(personas, policy, client_for):
    batch = _upload(client_for(personas.province_officer), _file(personas, policy))
    rows = list(batch.rows.values("pk", "data"))
    for intruder in (personas.commune_officer, personas.other_commune_officer, personas.cooperative):
        response = _confirm(client_for(intruder), batch, CONFIRMED)
        assert response.status_code == 404
    anonymous = client_for(None).post(reverse("imports:mapping_confirm", args=[batch.pk]), {"sheet": "Ho tro"})
    assert anonymous.status_code == 302
    assert not ColumnMapping.objects.exists()
    batch.refresh_from_db()
    assert list(batch.rows.values("pk", "data")) == rows and not batch.sheets[0]["remembered"]


@pytest.mark.django_db
def test_activities_get_the_same_mapping_and_a_confirmed_one_is_kept_per_kind(personas, client_for):
    header = ["Loại hoạt động", "Tên hoạt động", "Ngày bắt đầu", "Tổng số người tham dự", "Chi phí thực tế (đồng)"]
    content = xlsx({"Hoat dong": [header, ["Hội nghị", "Hội nghị tuyên truyền Luật HTX", "12/09/2024", 80, 3_500_000]]})
    client = client_for(personas.province_officer)
    upload = SimpleUploadedFile("hoat-dong.xlsx", content)
    client.post(reverse("support:import"), {"kind": xlsx_import.ACTIVITIES, "file": upload})
    batch = ImportBatch.objects.latest("pk")
    assert batch.sheets[0]["skipped"] == {"4": "Chi phí thực tế (đồng)"}
    page = client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert '<option value="cost">Kinh phí (đồng)</option>' in page and 'value="policy"' in page
    _confirm(client, batch, {0: "kind", 1: "title", 2: "started_on", 3: "participants", 4: "cost"}, sheet="Hoat dong")
    batch.refresh_from_db()
    assert batch.rows.get().data["cost"] == 3_500_000
    assert ColumnMapping.objects.get().kind == xlsx_import.ACTIVITIES
