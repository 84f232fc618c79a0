"""Report wording templates: shipped ones render, a province officer replaces one from the page
(preview first, then save), reverts it, and sees who changed what; everyone else is refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from reports import templating
from reports.models import ReportTemplate

pytestmark = pytest.mark.django_db
KEY = "plan_actual"


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    return "\n".join([p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells])


def _template(*lines: str) -> bytes:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


NEW_WORDING = _template("BÁO CÁO NHANH", "Chỉ tiêu năm {{ year }} tại {{ scope }}.", "{{p plan_table }}", "{{p closing }}")


def _upload(content: bytes, name: str = "mau-moi.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize("kind", [kind.key for kind in templating.kinds()])
def test_every_shipped_template_renders_its_sample_with_every_placeholder_known(kind):
    text = _text(templating.check_uploaded(kind, templating.kind(kind).shipped.read_bytes()))
    assert "BÁO CÁO" in text and "Nơi nhận:" in text and "{{" not in text and "{%" not in text


def test_a_province_officer_previews_then_saves_then_reverts_a_template(personas, client_for):
    client = client_for(personas.province_officer)
    url = reverse("reports:template_detail", args=[KEY])
    preview = client.post(url, {"file": _upload(NEW_WORDING), "preview": "1"})
    assert preview.status_code == 200 and "Chỉ tiêu năm 2025 tại thành phố Đà Nẵng." in _text(preview.content)
    assert not ReportTemplate.objects.exists()  # a preview stores nothing

    assert client.post(url, {"file": _upload(NEW_WORDING), "save": "1"}).status_code == 302
    assert templating.active_bytes(KEY) == NEW_WORDING
    assert "BÁO CÁO NHANH" in _text(client.get(reverse("reports:template_preview", args=[KEY])).content)

    assert client.post(reverse("reports:template_revert", args=[KEY])).status_code == 302
    assert templating.active_bytes(KEY) == templating.kind(KEY).shipped.read_bytes()
    history = client.get(url).content.decode()
    assert "Tải lên mau-moi.docx" in history and "Trở về mẫu gốc" in history
    assert [change.changed_by for change in ReportTemplate.objects.all()] == [personas.province_officer] * 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (_template("Năm {{ nam_bao_cao }}", "{{p closing }}"), "nam_bao_cao"),  # misspelt placeholder
        (_template("{%p if year %}", "Năm {{ year }}", "{{p closing }}"), "Không dùng được tệp mẫu"),  # no endif
        (_template("Năm {{ year }}"), "closing"),  # no "Nơi nhận" and signer block
        (_template("{{ year.__class__.__mro__ }}", "{{p closing }}"), "Không dùng được tệp mẫu"),  # sandboxed
        (b"not a word file", "Không dùng được tệp mẫu"),
    ],
)
def test_a_template_that_cannot_be_used_is_refused_and_nothing_is_stored(personas, client_for, content, message):
    response = client_for(personas.province_officer).post(
        reverse("reports:template_detail", args=[KEY]), {"file": _upload(content), "save": "1"}
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not ReportTemplate.objects.exists()


@pytest.mark.parametrize("persona", ["department_officer", "commune_officer", "alliance_officer", "leader", "cooperative"])
def test_other_roles_are_refused_and_nothing_changes(personas, client_for, persona):
    client = client_for(getattr(personas, persona))
    assert client.get(reverse("reports:template_list")).status_code == 403
    assert client.get(reverse("reports:template_download", args=[KEY, "current"])).status_code == 403
    assert client.get(reverse("reports:template_preview", args=[KEY])).status_code == 403
    assert client.get(reverse("reports:template_detail", args=[KEY])).status_code == 403
    assert (
        client.post(reverse("reports:template_detail", args=[KEY]), {"file": _upload(NEW_WORDING), "save": "1"}).status_code
        == 403
    )
    assert client.post(reverse("reports:template_revert", args=[KEY])).status_code == 403
    assert not ReportTemplate.objects.exists()


def test_downloads_give_the_template_in_use_and_the_shipped_one(personas, client_for):
    client = client_for(personas.province_officer)
    shipped = templating.kind(KEY).shipped.read_bytes()
    assert client.get(reverse("reports:template_download", args=[KEY, "shipped"])).content == shipped
    assert client.get(reverse("reports:template_download", args=[KEY, "current"])).content == shipped
    assert client.get(reverse("reports:template_download", args=[KEY, "other"])).status_code == 404
    assert client.get(reverse("reports:template_detail", args=["khong-co"])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_changes(db, client_for):
    for url in (reverse("reports:template_list"), reverse("reports:template_revert", args=[KEY])):
        response = client_for(None).post(url)
        assert response.status_code == 302 and "dang-nhap" in response["Location"]
    assert not ReportTemplate.objects.exists()
