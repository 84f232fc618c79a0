"""The consolidated report: parse the DOCX back and check what an official would read."""

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from docx import Document

from programs.consolidated import ReportOptions, consolidated_docx
from programs.models import Task
from programs.selectors import program_board
from programs.services import report_approve, report_save, report_start, report_submit, task_save
from reports.pdf import docx_to_pdf

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=7))


def approved(personas, assignment, actor, period, **values):
    report = report_start(actor=actor, assignment=assignment, period_key=period)
    for name, value in values.items():
        setattr(report, name, value)
    report_save(actor=actor, report=report, expected_version=report.version)
    report_submit(actor=actor, report=report)
    return report_approve(actor=personas.province_officer, report=report)


@pytest.fixture
def reported(setup, personas):
    with time_machine.travel(dt.datetime(2025, 3, 1, 9, 0, tzinfo=TZ), tick=False):
        late_task = Task(
            program=setup.program,
            group=setup.group,
            number="1.2",
            content="Xây dựng kế hoạch phát triển HTX",
            schedule="once",
            deadline=dt.date(2024, 6, 30),
        )
        task_save(actor=personas.province_officer, task=late_task, lead_agency=setup.alliance)
        approved(
            personas,
            setup.lead,
            personas.commune_officer,
            "2024",
            progress="completed",
            percent_done=100,
            completed_on=dt.date(2024, 12, 10),
            results="Đăng 24 tin bài về HTX kiểu mới.",
            difficulties="Thiếu phóng viên chuyên trách.",
            proposals="Bố trí kinh phí tuyên truyền.",
        )
        approved(
            personas,
            setup.coordinating,
            personas.alliance_officer,
            "2024",
            percent_done=70,
            results="Phối hợp tổ chức 3 hội nghị.",
        )
        # a submitted but unapproved report must not appear
        pending = report_start(actor=personas.alliance_officer, assignment=late_task.lead_assignment, period_key="2024")
        pending.results = "Chưa duyệt: không được đưa vào báo cáo."
        report_save(actor=personas.alliance_officer, report=pending, expected_version=pending.version)
        report_submit(actor=personas.alliance_officer, report=pending)
    return setup


def paragraphs(document) -> list[str]:
    return [p.text for p in document.paragraphs]


@time_machine.travel(dt.datetime(2025, 3, 1, 9, 0, tzinfo=TZ), tick=False)
def test_the_docx_has_the_official_layout_and_the_screens_figures(reported, personas):
    options = ReportOptions(
        year=2024, number="15/BC-STC", signer_title="Giám đốc", signer_name="Nguyễn Văn A", day=dt.date(2025, 1, 5)
    )
    content = consolidated_docx(program=reported.program, options=options)
    document = Document(io.BytesIO(content))
    header = document.tables[0]
    left, right = header.rows[0].cells
    assert "SỞ TÀI CHÍNH" in left.text and "Số: 15/BC-STC" in left.text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right.text and "Độc lập - Tự do - Hạnh phúc" in right.text
    assert "ngày 05 tháng 01 năm 2025" in right.text
    text = paragraphs(document)
    assert "BÁO CÁO" in text
    assert any(t.startswith("Kết quả thực hiện Chương trình hành động") and t.endswith("năm 2024") for t in text)
    for heading in ("I. KẾT QUẢ THỰC HIỆN", "II. KHÓ KHĂN, VƯỚNG MẮC", "III. ĐỀ XUẤT, KIẾN NGHỊ", "1. Tuyên truyền, quán triệt"):
        assert heading in text
    board = program_board(program=reported.program, year=2024)
    counts = dict(board.status_counts())
    summary = next(t for t in text if t.startswith("Tổng số nhiệm vụ"))
    assert f"Tổng số nhiệm vụ theo dõi trong năm: {board.task_total};" in summary
    assert f"hoàn thành đúng hạn: {counts['done_on_time']};" in summary and counts["done_on_time"] == 1
    assert f"quá hạn: {counts['overdue']}." in summary and counts["overdue"] == 1
    assert "Tỷ lệ hoàn thành: 50,0 %." in summary
    body = "\n".join(text)
    assert "Đăng 24 tin bài về HTX kiểu mới." in body and "Phối hợp tổ chức 3 hội nghị." in body
    assert "Chưa duyệt" not in body
    assert "Thiếu phóng viên chuyên trách." in body and "Bố trí kinh phí tuyên truyền." in body
    closing = document.tables[1]
    assert "Nơi nhận:" in closing.rows[0].cells[0].text and "GIÁM ĐỐC" in closing.rows[0].cells[1].text
    appendix = document.tables[2]
    rows = [[cell.text for cell in row.cells] for row in appendix.rows]
    assert rows[0] == ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Tình trạng"]
    assert rows[1] == [
        "1.1",
        "Tuyên truyền về hợp tác xã kiểu mới",
        personas.commune_officer.agency.name,
        "15/12/2024",
        "Hoàn thành đúng hạn",
    ]
    assert rows[2] == ["1.2", "Xây dựng kế hoạch phát triển HTX", "Liên minh Hợp tác xã", "30/06/2024", "Quá hạn"]


@time_machine.travel(dt.datetime(2025, 3, 1, 9, 0, tzinfo=TZ), tick=False)
def test_the_docx_opens_cleanly_in_libreoffice(reported):
    pdf = docx_to_pdf(consolidated_docx(program=reported.program, options=ReportOptions(year=2024)))
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


def test_the_download_is_for_officers_only(reported, personas, client_for):
    url = reverse("programs:consolidated", args=[reported.program.pk, "docx"]) + "?year=2024"
    response = client_for(personas.leader).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert client_for(personas.cooperative).get(url).status_code in (403, 404)
    assert client_for(personas.leader).get(url.replace("2024", "2031")).status_code == 404
    pdf = client_for(personas.province_officer).get(url.replace(".docx", ".pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client_for(personas.leader).get(url.replace(".docx", ".exe")).status_code == 404
