"""The agency questions of a task table's preview and their answers (programs.agency_answers): a
decision naming Sở LĐ-TB&XH (its work divided by function in 2025) and an agency found nowhere."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from accounts.models import Agency
from accounts.tests.factories import AgencyFactory
from imports.models import BatchStatus, ImportBatch
from imports.services import batch_process_task
from programs.models import Assignment, Task

pytestmark = pytest.mark.django_db

LDTBXH = "Sở Lao động - Thương binh và Xã hội"
UNKNOWN = "Trung tâm Xúc tiến đầu tư tỉnh"
ROWS = (
    ("II", "HỖ TRỢ NGUỒN NHÂN LỰC CHO HỢP TÁC XÃ", "", "", "", ""),
    ("1.", "Hỗ trợ đào tạo nghề cho thành viên hợp tác xã", LDTBXH, "Sở Tài chính", "Quý I/2022", "Lớp đào tạo"),
    ("2.", "Giới thiệu sản phẩm hợp tác xã tại hội chợ", UNKNOWN, "", "Hằng năm, trước 15/12", "Gian hàng"),
    ("3.", "Theo dõi việc làm của thành viên hợp tác xã", "Sở Tài chính", LDTBXH, "Thường xuyên", "Báo cáo"),
)


def decision_docx(rows=ROWS) -> bytes:
    """A decision's appendix as Word writes it: the task table with a group row merged across."""
    import docx

    document = docx.Document()
    document.add_paragraph("PHỤ LỤC: NHIỆM VỤ CỤ THỂ")
    header = ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện", "Sản phẩm")
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    for column, text in enumerate(header):
        table.rows[0].cells[column].text = text
    for index, row in enumerate(rows, start=1):
        cells = table.rows[index].cells
        if row[0] == "II":
            cells[0].text = row[0]
            cells[1].merge(cells[-1]).text = row[1]
            continue
        for column, text in enumerate(row):
            cells[column].text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def noi_vu(personas):
    return AgencyFactory(code="so-noi-vu", name="Sở Nội vụ", kind="so_nganh", province=personas.geo.province)


@pytest.fixture
def staged(setup, personas, noi_vu, client_for, pipeline):
    """The decision uploaded into the program by the province officer; the batch page's preview."""
    client = client_for(personas.province_officer)
    response = client.post(
        reverse("programs:task_import", args=[setup.program.pk]),
        {"file": SimpleUploadedFile("qd-phu-luc.docx", decision_docx())},
    )
    assert response.status_code == 302
    return client, ImportBatch.objects.get()


def _page(client, batch) -> str:
    return client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()


def _answer(client, batch, **data):
    return client.post(reverse("programs:import_agency_answer", args=[batch.pk]), data, follow=True)


def _tasks(program) -> list:
    return sorted(
        (task.number, sorted((a.agency.name, a.role) for a in task.assignments.all()))
        for task in Task.objects.filter(program=program, number__startswith="2.")
    )


def test_the_preview_asks_about_the_divided_department_and_the_unknown_agency(staged, noi_vu):
    client, batch = staged
    assert batch.status == BatchStatus.READY
    # Rows 3 and 5 name Sở LĐ-TB&XH, row 4 the unknown agency: none of them can be written yet.
    assert (batch.created_count, batch.rejected_count) == (1, 3)
    page = _page(client, batch)
    assert page.count('data-question="') == 2
    assert f'data-question="{LDTBXH}"' in page and f'data-question="{UNKNOWN}"' in page
    assert "cần chọn" in page and "không tìm thấy" in page
    # The divided department's candidates are named with their functions; Sở Nội vụ, in the catalogue, is offered first.
    assert "giáo dục nghề nghiệp" in page
    pick = page.split(f'data-question="{LDTBXH}"')[1].split("</select>")[0]
    assert pick.index(f'value="{noi_vu.pk}"') < pick.index("Sở Tài chính")
    # The new agency's name and its guessed kind are prefilled.
    assert f'value="{UNKNOWN}"' in page
    # The rejected rows say which agency stops them.
    assert f"Không tìm thấy “{UNKNOWN}” trong danh mục cơ quan" in page
    assert f"“{LDTBXH}” đã được chia cho nhiều cơ quan" in page
    # Committing is refused while they are unanswered.
    response = client.post(reverse("imports:batch_commit", args=[batch.pk]), follow=True)
    refusal = response.content.decode()
    assert "Có 3 dòng bị từ chối" in refusal
    assert f"dòng 3: Cơ quan chủ trì: “{LDTBXH}” đã được chia" in refusal
    assert f"dòng 4: Cơ quan chủ trì: Không tìm thấy “{UNKNOWN}”" in refusal
    assert not Task.objects.filter(number__startswith="2.").exists()


def test_answering_by_picking_and_by_creating_makes_the_batch_committable_then_undo(staged, setup, noi_vu, personas):
    client, batch = staged
    response = _answer(client, batch, text=LDTBXH, action="pick", agency=noi_vu.pk, row="")
    assert f"“{LDTBXH}”: ghi là Sở Nội vụ" in response.content.decode()
    response = _answer(client, batch, text=UNKNOWN, action="create", name=UNKNOWN, kind="khac", row="")
    created = Agency.objects.get(name=UNKNOWN)
    assert (created.province, created.kind) == (personas.geo.province, "khac")
    assert created.history.get().history_user == personas.province_officer
    batch.refresh_from_db()
    assert batch.options["agency_choices"] == {LDTBXH: noi_vu.pk, UNKNOWN: created.pk}
    assert (batch.status, batch.rejected_count, batch.created_count) == (BatchStatus.READY, 0, 4)
    page = response.content.decode()
    assert 'data-question="' not in page and 'data-status="ask"' not in page

    response = client.post(reverse("imports:batch_commit", args=[batch.pk]), follow=True)
    assert "Đã ghi 4 dòng" in response.content.decode()
    assert _tasks(setup.program) == [
        ("2.1", [("Sở Nội vụ", "lead"), ("Sở Tài chính", "coordinating")]),
        ("2.2", [(UNKNOWN, "lead")]),
        ("2.3", [("Sở Nội vụ", "coordinating"), ("Sở Tài chính", "lead")]),
    ]

    response = client.post(reverse("imports:batch_undo", args=[batch.pk]), follow=True)
    assert f"Đã hoàn tác lô nhập #{batch.pk}" in response.content.decode()
    assert _tasks(setup.program) == []
    assert not Assignment.objects.filter(agency=noi_vu).exists()


def test_one_row_answered_alone_keeps_the_other_rows_question(staged, noi_vu):
    client, batch = staged
    _answer(client, batch, text=LDTBXH, action="pick", agency=noi_vu.pk, row="3")
    batch.refresh_from_db()
    assert batch.options["agency_choices"] == {f"3:{LDTBXH}": noi_vu.pk}
    assert batch.rejected_count == 2  # row 5 still names Sở LĐ-TB&XH unanswered, row 4 the unknown agency
    page = _page(client, batch)
    question = page.split(f'data-question="{LDTBXH}"')[1].split("</div>")[0]
    assert "dòng 5" in question and "dòng 3" not in question


def test_reimporting_with_the_remembered_answers_changes_nothing(staged, setup, noi_vu, client_for, personas):
    client, batch = staged
    _answer(client, batch, text=LDTBXH, action="pick", agency=noi_vu.pk, row="")
    _answer(client, batch, text=UNKNOWN, action="create", name=UNKNOWN, kind="khac", row="")
    client.post(reverse("imports:batch_commit", args=[batch.pk]))
    before = _tasks(setup.program), list(Task.objects.order_by("pk").values_list("pk", "version"))
    response = client.post(
        reverse("programs:task_import", args=[setup.program.pk]),
        {"file": SimpleUploadedFile("qd-phu-luc.docx", decision_docx())},
    )
    again = ImportBatch.objects.exclude(pk=batch.pk).get()
    assert response["Location"] == reverse("imports:batch_detail", args=[again.pk])
    assert again.options["agency_choices"] == {LDTBXH: noi_vu.pk, UNKNOWN: created_pk(UNKNOWN)}
    assert (again.created_count, again.updated_count, again.rejected_count, again.unchanged_count) == (0, 0, 0, 4)
    assert f"Dùng lại 2 lựa chọn cơ quan của lô nhập #{batch.pk}" in _page(client, again)
    client.post(reverse("imports:batch_commit", args=[again.pk]))
    assert (_tasks(setup.program), list(Task.objects.order_by("pk").values_list("pk", "version"))) == before


def created_pk(name: str) -> int:
    return Agency.objects.get(name=name).pk


def test_the_wrong_user_is_refused_and_nothing_changes(staged, noi_vu, client_for, personas):
    _client, batch = staged
    for user in (personas.commune_officer, personas.department_officer, personas.leader):
        response = client_for(user).post(
            reverse("programs:import_agency_answer", args=[batch.pk]),
            {"text": UNKNOWN, "action": "create", "name": UNKNOWN, "kind": "khac"},
        )
        assert response.status_code == 403
    batch.refresh_from_db()
    assert "agency_choices" not in batch.options and batch.rejected_count == 3
    assert not Agency.objects.filter(name=UNKNOWN).exists()


def test_answers_are_post_only_and_checked(staged, noi_vu, personas):
    client, batch = staged
    url = reverse("programs:import_agency_answer", args=[batch.pk])
    assert client.get(url).status_code == 405
    outside = AgencyFactory(code="so-khac", name="Sở Nội vụ tỉnh khác", kind="so_nganh", province=personas.geo.other_province)
    response = _answer(client, batch, text=LDTBXH, action="pick", agency=outside.pk, row="")
    assert "Cơ quan đã chọn không có trong danh mục cơ quan hiện nay của tỉnh." in response.content.decode()
    response = _answer(client, batch, text="Sở Xây dựng", action="pick", agency=noi_vu.pk, row="")
    assert "Lô này không hỏi về cơ quan “Sở Xây dựng”." in response.content.decode()
    response = _answer(client, batch, text=UNKNOWN, action="create", name="Sở Nội vụ", kind="so_nganh", row="")
    assert "Danh mục đã có cơ quan “Sở Nội vụ”" in response.content.decode()
    batch.refresh_from_db()
    assert "agency_choices" not in batch.options and batch.rejected_count == 3


def test_the_command_lists_the_questions_then_takes_the_answers(setup, noi_vu, personas, tmp_path, pipeline):
    path = Path(tmp_path) / "qd-phu-luc.docx"
    path.write_bytes(decision_docx())
    unknown = AgencyFactory(code="xtdt", name="Trung tâm Xúc tiến Đầu tư", kind="khac", province=personas.geo.province)
    common = [str(path), "--kind", "program_tasks", "--program", str(setup.program.pk), "--user", "tinh"]
    out = io.StringIO()
    call_command("import_workbook", *common, "--dry-run", stdout=out)
    text = out.getvalue()
    assert f"? “{LDTBXH}” (dòng 3, 5)" in text and f"Sở Nội vụ = {noi_vu.pk}" in text
    assert f"? “{UNKNOWN}” (dòng 4)" in text and f'--agency "{UNKNOWN}=<mã cơ quan>"' in text
    out = io.StringIO()
    answers = ["--agency", f"{LDTBXH}={noi_vu.pk}", "--agency", f"{UNKNOWN}={unknown.pk}"]
    call_command("import_workbook", *common, *answers, stdout=out)
    assert "Đã ghi 4 dòng" in out.getvalue() and "?" not in out.getvalue().split("Lô #")[1]
    assert _tasks(setup.program)[1] == ("2.2", [("Trung tâm Xúc tiến Đầu tư", "lead")])


def test_with_the_worker_an_answer_is_staged_again_on_the_queue(
    staged, noi_vu, settings, run_worker, django_capture_on_commit_callbacks
):
    client, batch = staged
    settings.HOPTAC_IMPORT_BACKGROUND = True
    with django_capture_on_commit_callbacks(execute=True):
        _answer(client, batch, text=LDTBXH, action="pick", agency=noi_vu.pk, row="")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PENDING and not batch.rows.exists()
    assert DBTaskResult.objects.get().task_path == batch_process_task.module_path
    run_worker()
    batch.refresh_from_db()
    assert (batch.status, batch.rejected_count, batch.options["agency_choices"]) == (BatchStatus.READY, 1, {LDTBXH: noi_vu.pk})
