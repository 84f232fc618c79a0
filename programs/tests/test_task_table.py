import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from accounts.tests.factories import AgencyFactory
from programs.models import Assignment, Task, TaskGroup
from programs.services import task_table_commit
from programs.task_table import TableRefused, parse_task_table

pytestmark = pytest.mark.django_db

HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện", "Sản phẩm"]


def workbook(rows, *, title_rows=(("UBND TỈNH QUẢNG NAM",), ("PHỤ LỤC: NHIỆM VỤ",))) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Nhiệm vụ"
    for row in (*title_rows, HEADER, *rows):
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = [
    ("I", "TUYÊN TRUYỀN, QUÁN TRIỆT", "", "", "", ""),
    (1, "Quán triệt Kết luận 70", "Sở Tài chính", "Liên minh HTX; ubnd-a", "Quý II/2021", "Hội nghị"),
    (2, "Tuyên truyền thường xuyên", "lien minh hop tac xa", "", "Thường xuyên", "Tin bài"),
    ("II", "THỂ CHẾ, CHÍNH SÁCH", "", "", "", ""),
    (1, "Rà soát chính sách", "SỞ TÀI CHÍNH", "", "Hằng năm, trước 15/12", "Báo cáo"),
    (2, "Báo cáo quý", "Sở Tài chính", "", "Hằng quý, trước ngày 20", ""),
]


@pytest.fixture
def alliance(setup):
    alliance = setup.alliance
    alliance.short_name = "Liên minh HTX"
    alliance.save()
    return alliance


def test_the_table_is_read_with_groups_tasks_agencies_and_timeframes(setup, alliance):
    result = parse_task_table(workbook(GOOD), program=setup.program)
    assert result.errors == []
    tasks = [r for r in result.rows if r.kind == "task"]
    assert [t.number for t in tasks] == ["1.1", "1.2", "2.1", "2.2"]
    first = tasks[0]
    assert first.row == 5 and first.lead_name == "Sở Tài chính" and first.deadline == "2021-06-30"
    assert first.coordinating_names == ["Liên minh Hợp tác xã", setup.lead.agency.name]
    assert (tasks[1].schedule, tasks[1].due_month, tasks[1].due_day) == ("ongoing", 12, 15)
    assert (tasks[2].schedule, tasks[2].due_month, tasks[2].due_day) == ("yearly", 12, 15)
    assert (tasks[3].schedule, tasks[3].due_day) == ("quarterly", 20)


def test_row_level_errors_name_the_row_and_column(setup, alliance):
    rows = [
        ("I", "NHÓM", "", "", "", ""),
        (1, "Việc không rõ cơ quan", "Sở Không Có", "", "Năm 2022", ""),
        (2, "Việc hằng năm không có hạn", "Sở Tài chính", "", "Hằng năm", ""),
        (3, "Việc trước khi bắt đầu", "Sở Tài chính", "", "30/6/2020", ""),
        (4, "Việc phân công hai lần", "Sở Tài chính", "Sở Tài chính", "Năm 2022", ""),
        (4, "Trùng số", "Sở Tài chính", "", "Năm 2022", ""),
    ]
    result = parse_task_table(workbook(rows), program=setup.program)
    errors = {(e.row, e.column): e.message for e in result.errors}
    assert "Không tìm thấy “Sở Không Có” trong danh mục cơ quan" in errors[(5, "Cơ quan chủ trì")]
    assert "phải ghi ngày đến hạn" in errors[(6, "Thời gian thực hiện")]
    assert "trước ngày bắt đầu chương trình" in errors[(7, "Thời gian thực hiện")]
    assert "hai lần" in errors[(8, "Cơ quan phối hợp")]
    assert "trùng với dòng 8" in errors[(9, "STT")]


def test_a_file_without_the_header_is_refused():
    book = Workbook()
    book.active.append(["Họ tên", "Tuổi"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(TableRefused, match="dòng tiêu đề"):
        parse_task_table(buffer.getvalue(), program=None)
    with pytest.raises(TableRefused, match="XLSX"):
        parse_task_table(b"not a workbook", program=None)


def test_commit_writes_everything_and_again_changes_nothing(setup, personas, alliance):
    rows = parse_task_table(workbook(GOOD), program=setup.program).as_session()["rows"]
    counts = task_table_commit(actor=personas.province_officer, program=setup.program, rows=rows)
    assert (counts["created"], counts["updated"]) == (3, 1)  # 1.1 existed: it is matched by its number
    assert TaskGroup.objects.filter(program=setup.program).count() == 2
    task = Task.objects.get(program=setup.program, number="1.1")
    assert set(task.assignments.values_list("agency__code", "role")) == {
        ("so-tai-chinh", "lead"),
        ("lien-minh-htx", "coordinating"),
        ("ubnd-a", "coordinating"),
    }
    history = Task.history.count()
    again = task_table_commit(actor=personas.province_officer, program=setup.program, rows=rows)
    assert again == {"created": 0, "updated": 0, "unchanged": 4, "groups": 0}
    assert Task.history.count() == history


def test_one_bad_row_at_commit_writes_nothing(setup, personas, alliance):
    rows = parse_task_table(workbook(GOOD), program=setup.program).as_session()["rows"]
    rows[-1]["due_day"] = None  # tampered: a recurring task without its due day
    tasks, assignments = Task.objects.count(), Assignment.objects.count()
    with pytest.raises(Exception, match="Dòng 9"):
        task_table_commit(actor=personas.province_officer, program=setup.program, rows=rows)
    assert (Task.objects.count(), Assignment.objects.count()) == (tasks, assignments)


def test_the_import_page_previews_then_commits(setup, personas, alliance, client_for, pipeline):
    client = client_for(personas.province_officer)
    url = reverse("programs:task_import", args=[setup.program.pk])
    response = client.post(url, {"file": SimpleUploadedFile("nhiem-vu.xlsx", workbook(GOOD))}, follow=True)
    assert response.status_code == 200 and "Quán triệt Kết luận 70" in response.content.decode()
    assert not Task.objects.filter(number="2.2").exists()  # preview writes nothing
    batch = response.context["batch"]
    response = client.post(reverse("imports:batch_commit", args=[batch.pk]))
    assert response.status_code == 302
    assert Task.objects.filter(program=setup.program, number="2.2").exists()


def test_only_the_lead_department_imports(setup, personas, client_for):
    url = reverse("programs:task_import", args=[setup.program.pk])
    response = client_for(personas.commune_officer).post(url, {"file": SimpleUploadedFile("n.xlsx", workbook(GOOD))})
    assert response.status_code == 403
    assert Task.objects.count() == 1


def test_agency_lists_split_on_commas_only_when_every_part_is_known(setup, alliance):
    AgencyFactory(code="ubnd-huyen-x", name="UBND các huyện, thị xã, thành phố")
    rows = [("I", "NHÓM", "", "", "", ""), (1, "Việc", "Sở Tài chính", "UBND các huyện, thị xã, thành phố", "Năm 2022", "")]
    result = parse_task_table(workbook(rows), program=setup.program)
    assert result.errors == [] and result.rows[1].coordinating_names == ["UBND các huyện, thị xã, thành phố"]


def test_a_column_number_row_under_the_header_is_skipped(setup, alliance):
    rows = [("(1)", "(2)", "(3)", "(4)", "(5)", "(6)"), *GOOD]
    result = parse_task_table(workbook(rows), program=setup.program)
    assert result.errors == []
    assert [r.number for r in result.rows if r.kind == "task"] == ["1.1", "1.2", "2.1", "2.2"]
