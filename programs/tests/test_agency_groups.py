"""A "… liên quan" group of a task table ("các sở, ban, ngành liên quan" as coordinating agencies)
is narrowed in the preview to the current agencies the person picks, like the agency questions are
answered (programs.agency_answers): kept on the batch, the batch staged again, reused by the
program's next import, and given on the command line with --agency "TÊN=ID,ID"."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from accounts.tests.factories import AgencyFactory
from imports.models import BatchStatus, ImportBatch
from programs.models import Task
from programs.tests.test_agency_answers import decision_docx

pytestmark = pytest.mark.django_db

RELATED = "Các sở, ban, ngành liên quan"
ROWS = (
    ("II", "HỖ TRỢ NGUỒN NHÂN LỰC CHO HỢP TÁC XÃ", "", "", "", ""),
    ("1.", "Đào tạo cán bộ quản lý hợp tác xã", "Sở Tài chính", RELATED, "Quý I/2022", "Lớp đào tạo"),
    ("2.", "Hỗ trợ hợp tác xã tham gia chuỗi giá trị", "Sở Tài chính", f"Liên minh HTX tỉnh; {RELATED}", "2021 - 2025", "Chuỗi"),
)


@pytest.fixture
def departments(personas):
    province = personas.geo.province
    return {
        "nv": AgencyFactory(code="so-noi-vu", name="Sở Nội vụ", kind="so_nganh", province=province),
        "yt": AgencyFactory(code="so-y-te", name="Sở Y tế", kind="so_nganh", province=province),
        "nnmt": AgencyFactory(code="so-nnmt", name="Sở Nông nghiệp và Môi trường", kind="so_nganh", province=province),
        "outside": AgencyFactory(code="so-nv-khac", name="Sở Nội vụ", kind="so_nganh", province=personas.geo.other_province),
    }


def _upload(client, program):
    response = client.post(
        reverse("programs:task_import", args=[program.pk]), {"file": SimpleUploadedFile("qd-phu-luc.docx", decision_docx(ROWS))}
    )
    assert response.status_code == 302
    return ImportBatch.objects.latest("pk")


@pytest.fixture
def staged(setup, personas, departments, client_for, pipeline):
    client = client_for(personas.province_officer)
    return client, _upload(client, setup.program)


def _narrow(client, batch, agencies, row=""):
    data = {"text": RELATED, "action": "narrow", "agencies": [agency.pk for agency in agencies], "row": row}
    return client.post(reverse("programs:import_agency_answer", args=[batch.pk]), data, follow=True)


def _page(client, batch) -> str:
    return client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()


def _coordinating(program) -> dict[str, list[str]]:
    return {
        task.number: sorted(a.agency.name for a in task.assignments.all() if a.role == "coordinating")
        for task in Task.objects.filter(program=program, number__startswith="2.")
    }


def test_the_preview_asks_which_agencies_the_group_stands_for_with_its_members_first(staged, departments, setup):
    client, batch = staged
    assert (batch.status, batch.created_count, batch.rejected_count) == (BatchStatus.READY, 3, 0)
    warnings = [w["message"] for row in batch.rows.all() for w in row.warnings]
    assert warnings.count(f"“{RELATED}”: hãy chọn các cơ quan liên quan (chưa ghi vào phân công).") == 2
    page = _page(client, batch)
    group = page.split(f'data-group="{RELATED}"')[1].split('data-answer="narrow"')[1].split("</form>")[0]
    assert "dòng 3, 4" in page.split(f'data-group="{RELATED}"')[1]
    members = group.split("Cơ quan khác của tỉnh")[0]
    for key in ("nv", "yt", "nnmt"):
        assert f'name="agencies" value="{departments[key].pk}"' in members
    assert f'value="{setup.alliance.pk}"' not in members and f'value="{setup.alliance.pk}"' in group  # not a department
    assert f'value="{departments["outside"].pk}"' not in group
    assert f"{RELATED} →</span> cần chọn các cơ quan liên quan" in page


def test_narrowing_for_every_row_assigns_the_picked_agencies_and_the_next_import_reuses_them(
    staged, departments, setup, client_for, personas
):
    client, batch = staged
    response = _narrow(client, batch, [departments["nv"], departments["yt"]])
    assert f"“{RELATED}”: ghi là Sở Nội vụ; Sở Y tế" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY
    assert batch.options["agency_choices"] == {RELATED: sorted([departments["nv"].pk, departments["yt"].pk])}
    assert not any(row.warnings for row in batch.rows.all())
    page = _page(client, batch)
    assert "data-group=" not in page and "Sở Nội vụ; Sở Y tế" in page and "theo lựa chọn khi nhập" in page
    client.post(reverse("imports:batch_commit", args=[batch.pk]))
    expected = {"2.1": ["Sở Nội vụ", "Sở Y tế"], "2.2": ["Liên minh Hợp tác xã", "Sở Nội vụ", "Sở Y tế"]}
    assert _coordinating(setup.program) == expected
    versions = list(Task.objects.order_by("pk").values_list("pk", "version"))

    again = _upload(client, setup.program)
    assert again.options["agency_choices"] == batch.options["agency_choices"]
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 3)
    assert "data-group=" not in _page(client, again) and "Dùng lại 1 lựa chọn cơ quan" in _page(client, again)
    client.post(reverse("imports:batch_commit", args=[again.pk]))
    assert (_coordinating(setup.program), list(Task.objects.order_by("pk").values_list("pk", "version"))) == (expected, versions)


def test_one_row_narrowed_alone_leaves_the_other_rows_group_to_answer(staged, departments, setup):
    client, batch = staged
    _narrow(client, batch, [departments["nnmt"]], row="3")
    batch.refresh_from_db()
    assert batch.options["agency_choices"] == {f"3:{RELATED}": [departments["nnmt"].pk]}
    page = _page(client, batch)
    assert "dòng 4" in page.split(f'data-group="{RELATED}"')[1].split("</p>")[0]
    assert [row.row_number for row in batch.rows.all() if row.warnings] == [4]


def test_a_wrong_or_empty_pick_is_refused_and_nothing_changes(staged, departments):
    client, batch = staged
    rows = list(batch.rows.order_by("pk").values_list("pk", "data"))
    for agencies, message in (
        ([], "Hãy chọn ít nhất một cơ quan trong danh mục."),
        ([departments["outside"]], "Hãy chọn ít nhất một cơ quan, trong danh mục cơ quan hiện nay của tỉnh."),
        ([departments["nv"], departments["outside"]], "trong danh mục cơ quan hiện nay của tỉnh"),
    ):
        assert message in _narrow(client, batch, agencies).content.decode()
    response = client.post(
        reverse("programs:import_agency_answer", args=[batch.pk]),
        {"text": "Các sở, ban, ngành", "action": "narrow", "agencies": [departments["nv"].pk]},
        follow=True,
    )
    assert "Lô này không hỏi về cơ quan “Các sở, ban, ngành”." in response.content.decode()
    batch.refresh_from_db()
    assert "agency_choices" not in batch.options
    assert list(batch.rows.order_by("pk").values_list("pk", "data")) == rows


def test_the_wrong_user_cannot_narrow_and_nothing_changes(staged, departments, client_for, personas):
    _client, batch = staged
    rows = list(batch.rows.order_by("pk").values_list("pk", "data"))
    for user in (personas.commune_officer, personas.department_officer, personas.leader, personas.cooperative):
        assert _narrow(client_for(user), batch, [departments["nv"]]).status_code == 403
    anonymous = client_for(None).post(reverse("programs:import_agency_answer", args=[batch.pk]), {"text": RELATED})
    assert anonymous.status_code == 302
    batch.refresh_from_db()
    assert "agency_choices" not in batch.options
    assert list(batch.rows.order_by("pk").values_list("pk", "data")) == rows


def test_the_command_lists_the_group_then_takes_its_agencies(setup, departments, personas, tmp_path, pipeline):
    path = Path(tmp_path) / "qd-phu-luc.docx"
    path.write_bytes(decision_docx(ROWS))
    common = [str(path), "--kind", "program_tasks", "--program", str(setup.program.pk), "--user", "tinh"]
    out = io.StringIO()
    call_command("import_workbook", *common, "--dry-run", stdout=out)
    text = out.getvalue()
    assert f"? “{RELATED}” (dòng 3, 4)" in text and f"Sở Nội vụ = {departments['nv'].pk}" in text
    assert f'--agency "{RELATED}=<mã cơ quan>,<mã cơ quan>,…"' in text
    out = io.StringIO()
    call_command("import_workbook", *common, "--agency", f"{RELATED}={departments['yt'].pk},{departments['nnmt'].pk}", stdout=out)
    assert "Đã ghi 3 dòng" in out.getvalue() and "?" not in out.getvalue().split("Lô #")[1]
    assert _coordinating(setup.program)["2.1"] == ["Sở Nông nghiệp và Môi trường", "Sở Y tế"]
    assert ImportBatch.objects.latest("pk").options["agency_choices"] == {
        RELATED: sorted([departments["yt"].pk, departments["nnmt"].pk])
    }


def test_the_group_question_reads_in_english(staged, personas):
    from tests.vietnamese_text import DataValues, database_text_values, vietnamese_left

    client, batch = staged
    client.cookies["django_language"] = "en"
    html = client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    section = html.split('id="agency-groups-title"')[1].split("<h2")[0]
    assert "pick the agencies" in section and "Save the picked agencies" in section
    # The group's name is the table's text (data); the rest is English.
    assert vietnamese_left(section, DataValues(database_text_values() + [RELATED])) == []
