"""The task table read from the decision itself (DOCX, PDF with a text layer), agencies named as
before the 2025 reorganisation followed through the succession table, row by row, and through
the page twice (the second import changes nothing)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import AgencyFactory
from imports.tests.corpus.build import decision_docx, decision_pdf, scanned_pdf
from programs.models import Task
from programs.succession import succession_of, table
from programs.task_table import TableRefused, parse_task_table

pytestmark = pytest.mark.django_db
FORMATS = {"docx": decision_docx, "pdf": decision_pdf}


@pytest.fixture
def agencies(setup, personas):
    province = personas.geo.province
    return {
        "nnmt": AgencyFactory(code="so-nnmt", name="Sở Nông nghiệp và Môi trường", kind="so_nganh", province=province),
        "khcn": AgencyFactory(code="so-khcn", name="Sở Khoa học và Công nghệ", kind="so_nganh", province=province),
        "xd": AgencyFactory(code="so-xd", name="Sở Xây dựng", kind="so_nganh", province=province),
        "tc": personas.province_officer.agency,
        "alliance": setup.alliance,
    }


def test_the_succession_table_is_data_with_its_source_and_verification_level():
    data = table()
    assert "45/2025/NĐ-CP" in data["source"] and data["verification"] == "unverified"
    assert succession_of("Sở Kế hoạch và Đầu tư").new == ("Sở Tài chính",)
    assert succession_of("SỞ KH&ĐT").new == ("Sở Tài chính",)
    assert succession_of("Sở GTVT").new == ("Sở Xây dựng",)
    assert [agency for agency, _functions in succession_of("Sở LĐ-TB&XH").split] == [
        "Sở Nội vụ",
        "Sở Y tế",
        "Sở Giáo dục và Đào tạo",
    ]
    assert succession_of("Sở Tài chính") is None


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_decisions_task_table_is_read_row_by_row_through_the_succession_table(fmt, setup, agencies):
    result = parse_task_table(FORMATS[fmt](with_split=True), program=setup.program, filename=f"qd-1234.{fmt}")
    groups = [(row.number, row.content) for row in result.rows if row.kind == "group"]
    assert groups == [("3", "PHÁT TRIỂN HỢP TÁC XÃ"), ("4", "HẠ TẦNG VÀ THEO DÕI")]
    tasks = {row.number: row for row in result.rows if row.kind == "task"}
    assert list(tasks) == ["3.1", "3.2", "4.1", "4.2", "4.3"]
    first = tasks["3.1"]
    assert (first.lead_id, first.coordinating_ids) == (agencies["tc"].pk, [agencies["nnmt"].pk, agencies["alliance"].pk])
    assert (first.schedule, first.deadline) == ("once", "2022-03-31")
    assert (tasks["3.2"].lead_id, tasks["3.2"].schedule, tasks["3.2"].due_month, tasks["3.2"].due_day) == (
        agencies["khcn"].pk,
        "yearly",
        12,
        15,
    )
    assert (tasks["4.1"].lead_id, tasks["4.1"].deadline) == (agencies["xd"].pk, "2025-12-31")
    assert (tasks["4.2"].lead_id, tasks["4.2"].schedule) == (agencies["tc"].pk, "ongoing")
    assert tasks["4.3"].deadline == "2022-06-30" and tasks["4.3"].lead_id is None
    [error] = result.errors
    assert error.column == "Cơ quan chủ trì" and "Sở Nội vụ" in error.message and "Sở Y tế" in error.message
    assert error.row == tasks["4.3"].row


def test_a_scanned_pdf_asks_for_a_copy_with_a_text_layer(setup):
    with pytest.raises(TableRefused, match="cần bản có lớp văn bản"):
        parse_task_table(scanned_pdf(), program=setup.program, filename="qd-scan.pdf")


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_decision_imports_through_the_page_and_a_second_import_changes_nothing(
    fmt, setup, agencies, personas, client_for, pipeline
):
    client = client_for(personas.province_officer)
    url = reverse("programs:task_import", args=[setup.program.pk])
    before = Task.objects.filter(program=setup.program).count()
    for again in (False, True):
        upload = SimpleUploadedFile(f"qd-1234.{fmt}", FORMATS[fmt]())
        preview = client.post(url, {"file": upload}, follow=True)
        page = preview.content.decode()
        # The rows to write, with their lead agency as it is now (Sở GTVT → Sở Xây dựng); none the second time.
        assert preview.status_code == 200 and ("Sở Xây dựng" in page and "Xây dựng đề án hỗ trợ hợp tác xã" in page) != again
        batch = preview.context["batch"]
        counts = (batch.created_count, batch.updated_count, batch.unchanged_count, batch.rejected_count)
        assert counts == ((0, 0, 6, 0) if again else (6, 0, 0, 0))  # two groups and four tasks
        response = client.post(reverse("imports:batch_commit", args=[batch.pk]), follow=True)
        assert response.status_code == 200
        batch.refresh_from_db()
        assert (batch.status, batch.rows_written) == ("committed", 0 if again else 6)
    tasks = Task.objects.filter(program=setup.program)
    assert tasks.count() == before + 4
    built = tasks.get(number="4.1")
    assert built.deadline.isoformat() == "2025-12-31"
    assert list(built.assignments.filter(role="lead").values_list("agency_id", flat=True)) == [agencies["xd"].pk]


def test_someone_who_may_not_manage_the_program_cannot_import_a_decision(setup, agencies, personas, client_for):
    client = client_for(personas.commune_officer)
    url = reverse("programs:task_import", args=[setup.program.pk])
    before = Task.objects.count()
    response = client.post(url, {"file": SimpleUploadedFile("qd.docx", decision_docx())})
    assert response.status_code in (403, 404)
    assert Task.objects.count() == before
