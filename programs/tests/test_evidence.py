import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from programs.models import Attachment
from programs.services import attachment_add, report_start

pytestmark = pytest.mark.django_db

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("Biên bản hội nghị")
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def report(setup, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return report_start(actor=personas.commune_officer, assignment=setup.lead, period_key="2024")


@pytest.mark.parametrize(
    ("name", "content"),
    [("bien-ban.pdf", PDF), ("anh.png", PNG), ("bien-ban.docx", None)],
)
def test_allowed_files_are_attached(report, personas, name, content):
    upload = SimpleUploadedFile(name, content if content is not None else docx_bytes())
    attachment = attachment_add(actor=personas.commune_officer, report=report, uploaded=upload)
    assert attachment.kind == name.rsplit(".", 1)[1] and attachment.file.size == attachment.size


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "không đúng loại"),
        ("gia-mao.pdf", PNG, "không phải là tệp PDF"),
        ("gia-mao.docx", b"PK\x03\x04" + b"\x00" * 40, "không phải là tệp DOCX"),
        ("anh.png", PDF, "không phải là tệp PNG"),
    ],
)
def test_wrong_types_are_refused_by_content_and_extension(report, personas, name, content, message):
    with pytest.raises(ValidationError, match=message):
        attachment_add(actor=personas.commune_officer, report=report, uploaded=SimpleUploadedFile(name, content))
    assert not Attachment.objects.exists()


def test_too_large_files_are_refused(report, personas, settings):
    settings.HOPTAC_EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="quá lớn"):
        attachment_add(actor=personas.commune_officer, report=report, uploaded=SimpleUploadedFile("lon.pdf", PDF + b" " * 2000))
    assert not Attachment.objects.exists()


def test_other_agencies_cannot_attach(report, personas, client_for):
    response = client_for(personas.alliance_officer).post(
        reverse("programs:evidence_add", args=[report.pk]), {"file": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_the_page_shows_the_refusal(report, personas, client_for):
    client = client_for(personas.commune_officer)
    response = client.post(
        reverse("programs:evidence_add", args=[report.pk]), {"file": SimpleUploadedFile("x.exe", b"MZ")}, follow=True
    )
    assert "không đúng loại" in response.content.decode()
    assert not Attachment.objects.exists()


REPORT_TEXT = {
    "progress": "in_progress",
    "percent_done": "50",
    "results": "Đã tổ chức 3 hội nghị tuyên truyền",
    "difficulties": "Kinh phí hạn chế",
    "proposals": "Bổ sung kinh phí",
}


def test_attaching_evidence_saves_the_typed_text_first(report, personas, client_for):
    client = client_for(personas.commune_officer)
    data = {**REPORT_TEXT, "version": report.version, "attach": "1", "file": SimpleUploadedFile("bien-ban.pdf", PDF)}
    response = client.post(reverse("programs:report_detail", args=[report.pk]), data, follow=True)
    report.refresh_from_db()
    assert (report.results, report.difficulties, report.proposals) == (
        REPORT_TEXT["results"],
        REPORT_TEXT["difficulties"],
        REPORT_TEXT["proposals"],
    )
    assert [a.original_name for a in report.attachments.all()] == ["bien-ban.pdf"]
    assert report.state == "draft"
    page = response.content.decode()
    assert "Đã lưu nháp và đính kèm minh chứng" in page and REPORT_TEXT["results"] in page


def test_a_field_error_keeps_the_text_and_points_at_the_field(report, personas, client_for):
    client = client_for(personas.commune_officer)
    data = {**REPORT_TEXT, "percent_done": "năm mươi", "version": report.version, "attach": "1"}
    data["file"] = SimpleUploadedFile("bien-ban.pdf", PDF)
    page = client.post(reverse("programs:report_detail", args=[report.pk]), data).content.decode()
    assert REPORT_TEXT["results"] in page  # nothing typed is lost
    assert 'href="#id_percent_done"' in page  # the summary links to the field
    field = page[page.index('id="id_percent_done"') - 400 : page.index('id="id_percent_done"') + 200]
    assert 'aria-invalid="true"' in field and "autofocus" in field
    assert 'id="id_percent_done-error"' in page and "không viết bằng chữ" in page
    assert "chưa được đính kèm" in page
    assert not Attachment.objects.exists()
    report.refresh_from_db()
    assert report.results == ""


def test_other_agencies_cannot_attach_through_the_report_form(report, personas, client_for):
    data = {**REPORT_TEXT, "version": report.version, "attach": "1", "file": SimpleUploadedFile("a.pdf", PDF)}
    response = client_for(personas.alliance_officer).post(reverse("programs:report_detail", args=[report.pk]), data)
    assert response.status_code == 403
    assert not Attachment.objects.exists()
    report.refresh_from_db()
    assert report.results == ""
