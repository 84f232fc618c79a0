"""The appendix of a decision shaped like QĐ 3351/QĐ-UBND (programs.tests.decisions), read from Word
and from its PDF export (also with a task broken across two pages): groups, headings and tasks,
agencies through the 2025 succession table and collective names, and deadlines, row by row."""

import pytest

from accounts.tests.factories import AgencyFactory
from programs.agency_resolution import ASK, GROUP
from programs.task_table import parse_task_table
from programs.tests.decisions import decision_3351_docx, decision_3351_pdf

pytestmark = pytest.mark.django_db

FILES = {
    "docx": decision_3351_docx,
    "pdf": decision_3351_pdf,
    "pdf-broken-row": lambda: decision_3351_pdf(page_break_inside=True),
}
GROUPS = [
    ("1", "TĂNG CƯỜNG TUYÊN TRUYỀN, QUÁN TRIỆT, NÂNG CAO NHẬN THỨC VỀ KINH TẾ TẬP THỂ"),
    ("2", "RÀ SOÁT, HOÀN THIỆN CƠ CHẾ, CHÍNH SÁCH VỀ KINH TẾ TẬP THỂ"),
    ("3", "CỦNG CỐ TỔ CHỨC BỘ MÁY, NÂNG CAO HIỆU LỰC QUẢN LÝ NHÀ NƯỚC VỀ KINH TẾ TẬP THỂ"),
    ("4", "NÂNG CAO NĂNG LỰC QUẢN TRỊ, ĐỔI MỚI PHƯƠNG THỨC SẢN XUẤT, KINH DOANH"),
    ("5", "CỦNG CỐ, NÂNG CAO HIỆU QUẢ HOẠT ĐỘNG CỦA LIÊN MINH HTX TỈNH"),
]
HEADINGS = [
    ("1.2", "Tuyên truyền về bản chất, vai trò của kinh tế tập thể, hợp tác xã kiểu mới"),
    ("4.1", "Thành lập mới, phát triển hợp tác xã"),
]
ALL_DEPARTMENTS = ("tc", "nnmt", "khcn", "nv", "yt")
#: number → (group, parent, lead, coordinating, schedule, deadline, due (month, day)); agencies by key.
TASKS = {
    "1.1": (1, "", "tc", (*ALL_DEPARTMENTS[1:], "xa_a", "xa_b"), "once", "2021-03-31", (None, None)),
    "1.2.a": (1, "1.2", "khcn", ("alliance",), "yearly", "", (12, 15)),
    "1.2.b": (1, "1.2", "alliance", ("khcn",), "once", "2021-06-30", (None, None)),
    "2.1": (2, "", "tc", ("nnmt",), "once", "2021-06-30", (None, None)),
    "2.2": (2, "", "tc", (), "once", "2025-12-31", (None, None)),
    "3.1": (3, "", None, ("nv",), "once", "2021-12-31", (None, None)),
    "3.2": (3, "", "nv", ("tc",), "ongoing", "", (12, 15)),
    "4.1.a": (4, "4.1", "nnmt", ("alliance", "xa_a", "xa_b"), "yearly", "", (12, 15)),
    "4.1.b": (4, "4.1", None, ("alliance",), "ongoing", "", (12, 15)),
    "4.2": (4, "", "khcn", (), "once", "2025-12-31", (None, None)),
    "5.1": (5, "", "alliance", ("nv",), "once", "2021-12-31", (None, None)),
    "5.2": (5, "", "tc", (), "once", "2023-06-30", (None, None)),
}


@pytest.fixture
def catalogue(setup, personas):
    province = personas.geo.province
    made = {
        "tc": personas.province_officer.agency,
        "alliance": setup.alliance,
        "xa_a": personas.commune_officer.agency,
        "xa_b": AgencyFactory(code="ubnd-b", name="UBND xã B", kind="ubnd_xa", province=province),
    }
    for key, name in [
        ("nnmt", "Sở Nông nghiệp và Môi trường"),
        ("khcn", "Sở Khoa học và Công nghệ"),
        ("nv", "Sở Nội vụ"),
        ("yt", "Sở Y tế"),
    ]:
        made[key] = AgencyFactory(code=f"so-{key}", name=name, kind="so_nganh", province=province)
    return made


@pytest.mark.parametrize("fmt", FILES)
def test_the_3351_appendix_is_read_row_by_row(fmt, setup, catalogue):
    result = parse_task_table(FILES[fmt](), program=setup.program, filename=f"qd-3351.{fmt[:4]}")
    assert [(r.number, r.content) for r in result.rows if r.kind == "group"] == GROUPS
    assert [(h.number, h.content, h.group_number) for h in result.headings] == [(n, c, int(n[0])) for n, c in HEADINGS]
    tasks = {r.number: r for r in result.rows if r.kind == "task"}
    assert list(tasks) == list(TASKS)
    ids = {key: agency.pk for key, agency in catalogue.items()}
    for number, (group, parent, lead, coordinating, schedule, deadline, due) in TASKS.items():
        task = tasks[number]
        assert (task.group_number, task.parent) == (group, parent), number
        assert task.lead_id == (ids[lead] if lead else None), number
        assert sorted(task.coordinating_ids) == sorted(ids[key] for key in coordinating), number
        assert (task.schedule, task.deadline, (task.due_month, task.due_day)) == (schedule, deadline, due), number


@pytest.mark.parametrize("fmt", FILES)
def test_details_headings_and_asks_are_where_the_person_sees_them(fmt, setup, catalogue):
    result = parse_task_table(FILES[fmt](), program=setup.program, filename=f"qd-3351.{fmt[:4]}")
    tasks = {r.number: r for r in result.rows if r.kind == "task"}
    assert tasks["1.2.b"].content.endswith("Luật Hợp tác xã\n- Tài liệu cho cán bộ cấp xã\n- Tài liệu cho thành viên hợp tác xã")
    assert tasks["4.2"].content.endswith("\n- Ứng dụng công nghệ cao trong sản xuất\n+ Ưu tiên hợp tác xã có sản phẩm OCOP")
    assert tasks["1.2.a"].heading.startswith("Tuyên truyền về bản chất") and tasks["1.2.a"].level == 2
    assert tasks["1.1"].lead_resolution["note"].startswith("Sở Kế hoạch và Đầu tư → Sở Tài chính")
    if fmt == "pdf-broken-row":  # the part on the next page joined the task
        assert tasks["1.1"].content.endswith("cho cán bộ chủ chốt các cấp")
    errors = {(e.row, e.column): e.message for e in result.errors}
    assert len(errors) == 2
    assert errors[(tasks["3.1"].row, "Cơ quan chủ trì")].startswith("Cơ quan chủ trì là nhóm “UBND các xã, phường” (2 cơ quan)")
    assert tasks["3.1"].lead_resolution["status"] == GROUP
    labour = tasks["4.1.b"].lead_resolution
    assert labour["status"] == ASK
    assert [(c["name"], c["id"]) for c in labour["candidates"]] == [
        ("Sở Nội vụ", catalogue["nv"].pk),
        ("Sở Y tế", catalogue["yt"].pk),
        ("Sở Giáo dục và Đào tạo", None),
    ]
    warnings = [(w.row, w.message) for w in result.warnings]
    assert (
        tasks["2.1"].row,
        "Cơ quan chủ trì “Sở KH&ĐT” nay là Sở Tài chính: “Sở Tài chính” không ghi thêm ở cột phối hợp.",
    ) in warnings
    assert (
        tasks["4.2"].row,
        "“Sở TT&TT” nay là Sở Khoa học và Công nghệ, đã có trong phân công của nhiệm vụ: chỉ ghi một lần.",
    ) in warnings
    related = [row for row, message in warnings if "hãy chọn các cơ quan liên quan" in message]
    assert related == [tasks["2.1"].row, tasks["5.1"].row, tasks["5.2"].row]


def test_the_rows_without_errors_commit_and_a_second_commit_changes_nothing(setup, catalogue, personas):
    from programs.models import Task
    from programs.services import task_table_commit

    result = parse_task_table(decision_3351_docx(), program=setup.program, filename="qd-3351.docx")
    failing = {e.row for e in result.errors}
    rows = [r for r in result.as_session()["rows"] if r["row"] not in failing]
    counts = task_table_commit(actor=personas.province_officer, program=setup.program, rows=rows)
    assert (counts["created"], counts["updated"], counts["groups"]) == (9, 1, 5)  # 1.1 existed
    task = Task.objects.get(program=setup.program, number="1.2.a")
    assert (task.group.number, task.schedule, task.due_month, task.due_day) == (1, "yearly", 12, 15)
    assert set(task.assignments.values_list("agency__code", "role")) == {("so-khcn", "lead"), ("lien-minh-htx", "coordinating")}
    again = task_table_commit(actor=personas.province_officer, program=setup.program, rows=rows)
    assert again == {"created": 0, "updated": 0, "unchanged": 10, "groups": 0}


def test_the_persons_choices_answer_the_asks_and_the_whole_table_commits(setup, catalogue, personas):
    from programs.models import Task
    from programs.services import task_table_commit

    first = parse_task_table(decision_3351_docx(), program=setup.program, filename="qd-3351.docx")
    rows = {r.number: r.row for r in first.rows if r.kind == "task"}
    choices = {
        f"{rows['4.1.b']}:Sở LĐ-TB&XH": catalogue["nv"].pk,  # this task's part of the old department's work
        "UBND các huyện, thị xã, thành phố": catalogue["xa_a"].pk,  # wherever it leads (and coordinates)
        "Không có cơ quan này": 999_999,  # a stale choice is ignored
    }
    result = parse_task_table(decision_3351_docx(), program=setup.program, filename="qd-3351.docx", agency_choices=choices)
    assert result.errors == []
    tasks = {r.number: r for r in result.rows if r.kind == "task"}
    assert (tasks["4.1.b"].lead_id, tasks["4.1.b"].lead_resolution["note"]) == (catalogue["nv"].pk, "theo lựa chọn khi nhập")
    assert tasks["3.1"].lead_id == catalogue["xa_a"].pk
    assert sorted(tasks["4.1.a"].coordinating_ids) == sorted([catalogue["alliance"].pk, catalogue["xa_a"].pk])
    counts = task_table_commit(actor=personas.province_officer, program=setup.program, rows=result.as_session()["rows"])
    assert (counts["created"], counts["updated"]) == (11, 1)
    assert Task.objects.get(program=setup.program, number="4.1.b").assignments.get(role="lead").agency == catalogue["nv"]


def test_a_choice_for_one_row_does_not_answer_another(setup, catalogue):
    choices = {"1:Sở LĐ-TB&XH": catalogue["nv"].pk}
    result = parse_task_table(decision_3351_docx(), program=setup.program, filename="qd-3351.docx", agency_choices=choices)
    tasks = {r.number: r for r in result.rows if r.kind == "task"}
    assert tasks["4.1.b"].lead_id is None and tasks["4.1.b"].lead_resolution["status"] == ASK
