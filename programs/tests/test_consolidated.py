"""The consolidated report: parse the DOCX back and check what an official would read."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse
from docx import Document

from programs.consolidated import ReportOptions, consolidated_docx
from programs.models import Attachment, ProgressReport, Task
from programs.services import report_approve, report_return, report_save, report_start, report_submit, task_save

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


def build(program, **options) -> Document:
    options.setdefault("day", dt.date(2025, 1, 5))
    return Document(io.BytesIO(consolidated_docx(program=program, options=ReportOptions(year=2024, **options))))


@time_machine.travel(dt.datetime(2025, 3, 1, 9, 0, tzinfo=TZ), tick=False)
def test_the_docx_has_the_official_header_and_the_wording_of_the_template(reported, personas):
    document = build(reported.program, number="15", signer_title="Giám đốc", signer_name="Nguyễn Văn A")
    left, right = document.tables[0].rows[0].cells
    assert "SỞ TÀI CHÍNH" in left.text and "Số: 15/BC-STC" in left.text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right.text and "Độc lập - Tự do - Hạnh phúc" in right.text
    assert "ngày 05 tháng 01 năm 2025" in right.text
    text = paragraphs(document)
    assert "BÁO CÁO" in text
    assert "Kết quả thực hiện chương trình hành động thực hiện Kết luận 70-KL/TW năm 2024" in text
    for heading in (
        "I. TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ",
        "III. KHÓ KHĂN, VƯỚNG MẮC",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
        "1. Tuyên truyền, quán triệt",
    ):
        assert heading in text
    closing = document.tables[-1].rows[0].cells
    assert "Nơi nhận:" in closing[0].text and "GIÁM ĐỐC" in closing[1].text and "Nguyễn Văn A" in closing[1].text


@time_machine.travel(dt.datetime(2025, 3, 1, 9, 0, tzinfo=TZ), tick=False)
def test_the_summary_table_counts_tasks_by_lead_agency_in_the_vpcp_categories(reported, personas):
    document = build(reported.program)
    rows = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert rows[0] == [
        "STT",
        "Cơ quan chủ trì",
        "Tổng số nhiệm vụ",
        "Hoàn thành đúng hạn",
        "Hoàn thành quá hạn",
        "Đang thực hiện trong hạn",
        "Quá hạn",
        "Chưa bắt đầu",
    ]
    assert rows[1] == ["1", "Liên minh Hợp tác xã", "1", "0", "0", "0", "1", "0"]
    assert rows[2] == ["2", personas.commune_officer.agency.name, "1", "1", "0", "0", "0", "0"]
    assert rows[3] == ["", "Tổng cộng", "2", "1", "0", "0", "1", "0"]
    summary = next(t for t in paragraphs(document) if t.startswith("Năm 2024, Chương trình có"))
    assert "2 nhiệm vụ đến kỳ theo dõi; đã hoàn thành 1 nhiệm vụ (tỷ lệ 50,0 %)" in summary


@time_machine.travel(dt.datetime(2025, 3, 1, 9, 0, tzinfo=TZ), tick=False)
def test_each_task_says_its_status_with_the_words_of_the_report_that_decides_it(reported, personas):
    body = "\n".join(paragraphs(build(reported.program)))
    assert (
        "1.1. Tuyên truyền về hợp tác xã kiểu mới – Hoàn thành đúng hạn (chủ trì: "
        f"{personas.commune_officer.agency.name}; hạn 15/12/2024). Hoàn thành ngày 10/12/2024 "
        "(báo cáo kỳ 2024 đã duyệt): Đăng 24 tin bài về HTX kiểu mới."
    ) in body
    assert "1.2. Xây dựng kế hoạch phát triển HTX – Quá hạn" in body
    assert "Chưa duyệt" not in body  # a submitted, unapproved report is not quoted
    assert "Thiếu phóng viên chuyên trách." in body and "Bố trí kinh phí tuyên truyền." in body
    # The coordinating agency's report is not a task's status: its text stays out of the task lines.
    assert "Phối hợp tổ chức 3 hội nghị." not in body


@time_machine.travel(dt.datetime(2026, 3, 1, 9, 0, tzinfo=TZ), tick=False)
def test_a_task_done_in_an_earlier_year_is_reported_done_with_that_years_report(reported, personas):
    pending = ProgressReport.objects.get(assignment__task__number="1.2", period="2024")
    report_return(actor=personas.province_officer, report=pending, comment="Bổ sung ngày hoàn thành.")
    pending.refresh_from_db()
    pending.progress, pending.percent_done, pending.completed_on = "completed", 100, dt.date(2024, 8, 1)
    pending.results = "Kế hoạch đã ban hành."
    report_save(actor=personas.alliance_officer, report=pending, expected_version=pending.version)
    report_submit(actor=personas.alliance_officer, report=pending)
    report_approve(actor=personas.province_officer, report=pending)
    document = Document(io.BytesIO(consolidated_docx(program=reported.program, options=ReportOptions(year=2025))))
    body = "\n".join(paragraphs(document))
    line = next(t for t in body.splitlines() if t.startswith("1.2."))
    assert "Hoàn thành quá hạn" in line and "Hoàn thành ngày 01/08/2024 (báo cáo kỳ 2024 đã duyệt): Kế hoạch đã ban hành." in line
    assert "Chưa có báo cáo" not in line


@time_machine.travel(dt.datetime(2025, 3, 1, 9, 0, tzinfo=TZ), tick=False)
def test_evidence_is_only_what_the_reporting_agency_attached_in_an_appendix(reported, personas, settings, tmp_path, monkeypatch):
    from programs.hooks import task_evidence

    settings.MEDIA_ROOT = tmp_path
    # Another app's evidence for the task (support records of other agencies) stays out of the report.
    monkeypatch.setattr(task_evidence, "_providers", [lambda **kwargs: ["Hội nghị của cơ quan khác"]])
    without = "\n".join(paragraphs(build(reported.program)))
    assert "PHỤ LỤC" not in without and "Minh chứng" not in without and "Hội nghị của cơ quan khác" not in without

    report = ProgressReport.objects.get(assignment=reported.lead, period="2024")
    Attachment.objects.create(
        report=report, file=ContentFile(b"%PDF-1.4", name="bien-ban.pdf"), original_name="bien-ban.pdf", size=8, kind="pdf"
    )
    document = build(reported.program)
    assert "PHỤ LỤC" in paragraphs(document)
    appendix = [[cell.text for cell in row.cells] for row in document.tables[-1].rows]
    assert appendix[1] == [
        "1",
        "1.1. Tuyên truyền về hợp tác xã kiểu mới",
        personas.commune_officer.agency.name,
        "2024",
        "bien-ban.pdf",
    ]


def test_the_download_is_for_officers_only(reported, personas, client_for):
    url = reverse("programs:consolidated", args=[reported.program.pk, "docx"]) + "?year=2024"
    response = client_for(personas.leader).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert client_for(personas.cooperative).get(url).status_code in (403, 404)
    outside = client_for(personas.leader).get(url.replace("2024", "2031"))
    assert outside.status_code == 400 and "năm" in outside.content.decode()
    pdf = client_for(personas.province_officer).get(url.replace(".docx", ".pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client_for(personas.leader).get(url.replace(".docx", ".exe")).status_code == 404
