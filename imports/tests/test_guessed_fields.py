"""Organizations a summary sheet creates ("Tạo mới N tổ chức") get a field of activity the sheet
does not give: guessed from their name, flagged as guessed in the preview (a badge per organization
and a count in the summary) and correctable there before the commit; the command says so too."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from imports import services
from imports.models import BatchStatus, ImportBatch
from imports.selectors import organizations_to_create
from imports.staging import GUESSED_DEFAULT, GUESSED_FROM_NAME, field_from_name
from imports.tests.test_create_missing import _summary, _upload
from registry.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def synchronous(settings):
    settings.HOPTAC_IMPORT_BACKGROUND = False


MINH, PHUONG = "Hợp tác xã Nông nghiệp Điện Minh", "Hợp tác xã Mây tre đan Điện Phương"


def test_the_name_says_the_field_or_the_residual_field_is_taken_and_either_is_a_guess():
    assert field_from_name(MINH) == ("nong_nghiep", GUESSED_FROM_NAME)
    assert field_from_name("HTX Quỹ tín dụng nhân dân Điện Bàn") == ("tai_chinh", GUESSED_FROM_NAME)
    assert field_from_name(PHUONG) == ("thuong_mai", GUESSED_DEFAULT)


def _confirmed(personas):
    return _upload(personas.province_officer, _summary(personas), create_missing=True)


def _keys(batch) -> dict[str, str]:
    return {entry["name"]: entry["key"] for entry in organizations_to_create(batch=batch)}


def test_each_guessed_field_is_flagged_and_counted_in_the_preview(personas, client_for):
    batch = _confirmed(personas)
    assert (batch.options["organizations_new"], batch.options["organizations_guessed"]) == (2, 2)
    listed = {entry["name"]: (entry["field"], entry["guess"], entry["commune"]) for entry in organizations_to_create(batch=batch)}
    commune = personas.geo.commune_a.full_name
    assert listed == {MINH: ("nong_nghiep", "name", commune), PHUONG: ("thuong_mai", "default", commune)}
    page = client_for(personas.province_officer).get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert 'id="new-organizations"' in page and '<span class="badge text-bg-warning" data-count="guessed">2</span>' in page
    assert "lĩnh vực hoạt động được đoán từ tên" in page
    assert page.count('data-guess="name"') == 1 and page.count('data-guess="default"') == 1
    assert "đoán từ tên</span>" in page and f'name="field-{_keys(batch)[MINH]}"' in page


def test_the_person_corrects_a_guessed_field_in_the_preview_and_the_commit_creates_it_so(personas, client_for):
    batch = _confirmed(personas)
    client = client_for(personas.province_officer)
    keys = _keys(batch)
    data = {f"field-{keys[MINH]}": "nong_nghiep", f"field-{keys[PHUONG]}": "cong_nghiep"}
    response = client.post(reverse("imports:organization_fields", args=[batch.pk]), data, follow=True)
    assert "Đã ghi nhận lĩnh vực hoạt động" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY and batch.options["organizations_guessed"] == 0
    assert batch.options["organization_fields"] == {keys[MINH]: "nong_nghiep", keys[PHUONG]: "cong_nghiep"}
    page = client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert "data-guess=" not in page and 'data-count="guessed"' not in page
    client.post(reverse("imports:batch_commit", args=[batch.pk]))
    assert Organization.objects.get(name=PHUONG).field == "cong_nghiep"
    assert Organization.objects.get(name=MINH).field == "nong_nghiep"
    # After the commit the list stays, read-only.
    page = client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert 'id="new-organizations"' in page and f'name="field-{keys[MINH]}"' not in page


def test_a_wrong_field_or_an_organization_the_batch_does_not_create_is_refused_and_nothing_changes(personas, client_for):
    batch = _confirmed(personas)
    client = client_for(personas.province_officer)
    keys = _keys(batch)
    rows = list(batch.rows.order_by("pk").values_list("pk", "data"))
    for data, message in (
        ({f"field-{keys[MINH]}": "khong_co"}, "không hợp lệ"),
        ({"field-4009999999|hop tac xa khac|1": "nong_nghiep"}, "không tạo mới tổ chức nào như vậy"),
    ):
        response = client.post(reverse("imports:organization_fields", args=[batch.pk]), data, follow=True)
        assert message in response.content.decode()
    batch.refresh_from_db()
    assert "organization_fields" not in batch.options
    assert list(batch.rows.order_by("pk").values_list("pk", "data")) == rows


def test_another_user_cannot_choose_the_fields_and_nothing_changes(personas, client_for):
    batch = _confirmed(personas)
    key = _keys(batch)[PHUONG]
    rows = list(batch.rows.order_by("pk").values_list("pk", "data"))
    url = reverse("imports:organization_fields", args=[batch.pk])
    for intruder in (personas.other_commune_officer, personas.cooperative, personas.leader):
        assert client_for(intruder).post(url, {f"field-{key}": "cong_nghiep"}).status_code == 404
    assert client_for(None).post(url, {f"field-{key}": "cong_nghiep"}).status_code == 302  # to the login page
    with pytest.raises(PermissionDenied):
        services.batch_organization_fields(actor=personas.other_commune_officer, batch=batch, fields={key: "cong_nghiep"})
    batch.refresh_from_db()
    assert "organization_fields" not in batch.options and batch.options["organizations_guessed"] == 2
    assert list(batch.rows.order_by("pk").values_list("pk", "data")) == rows


def test_a_committed_batch_keeps_its_fields(personas, client_for):
    batch = _confirmed(personas)
    client = client_for(personas.province_officer)
    client.post(reverse("imports:batch_commit", args=[batch.pk]))
    response = client.post(
        reverse("imports:organization_fields", args=[batch.pk]), {f"field-{_keys(batch)[PHUONG]}": "cong_nghiep"}, follow=True
    )
    assert "trước khi ghi" in response.content.decode()
    assert Organization.objects.get(name=PHUONG).field == "thuong_mai"


def test_the_command_lists_the_guessed_fields(personas, tmp_path):
    path = tmp_path / "tong-hop-2024.xlsx"
    path.write_bytes(_summary(personas))
    out = io.StringIO()
    call_command("import_workbook", str(path), "--user", "tinh", "--create-missing", "--dry-run", stdout=out, verbosity=0)
    text = out.getvalue()
    assert "Lĩnh vực hoạt động của 2 tổ chức được đoán từ tên" in text
    assert f"{MINH}: Nông, lâm, ngư nghiệp, diêm nghiệp (đoán từ tên)" in text
    assert f"{PHUONG}: Thương mại, dịch vụ và lĩnh vực khác (tên không cho biết, tạm ghi)" in text
    assert ImportBatch.objects.latest("pk").status == BatchStatus.READY


def test_the_list_of_new_organizations_reads_in_english(personas, client_for):
    from tests.vietnamese_text import DataValues, database_text_values, vietnamese_left

    batch = _confirmed(personas)
    client = client_for(personas.province_officer)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    section = (
        html.split('id="organizations-new"')[1].split("</div>")[0]
        + html.split('id="new-organizations"')[1].split("</details>")[0]
    )
    assert "guessed from the name" in section and "Organizations to be created" in section
    assert vietnamese_left(section, DataValues(database_text_values() + [MINH, PHUONG])) == []


def test_two_people_answering_from_the_same_preview_keep_both_answers(personas):
    """Each answer merges with what the batch holds when it is written, not with the page's copy."""
    batch = _confirmed(personas)
    keys = _keys(batch)
    first_page, second_page = ImportBatch.objects.get(pk=batch.pk), ImportBatch.objects.get(pk=batch.pk)
    services.batch_organization_fields(actor=personas.province_officer, batch=first_page, fields={keys[MINH]: "cong_nghiep"})
    services.batch_organization_fields(actor=personas.province_officer, batch=second_page, fields={keys[PHUONG]: "tai_chinh"})
    batch.refresh_from_db()
    assert batch.options["organization_fields"] == {keys[MINH]: "cong_nghiep", keys[PHUONG]: "tai_chinh"}
