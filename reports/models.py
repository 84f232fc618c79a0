"""Templates of the fixed wording of each report, as replaced by a province officer.

A report's wording ships with the system (`<app>/docx/<key>.docx`); each upload or revert is a new
row here, so the rows of a key are its history and the newest one decides: its file, or (content
empty) the shipped one again.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportTemplate(models.Model):
    key = models.CharField(_("mẫu báo cáo"), max_length=60, db_index=True)
    content = models.BinaryField(_("tệp mẫu"), null=True, blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("người thay đổi")
    )
    changed_at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        verbose_name = _("mẫu báo cáo")
        verbose_name_plural = _("mẫu báo cáo")
        ordering = ["-changed_at", "-pk"]

    @property
    def is_revert(self) -> bool:
        return self.content is None


class QueuedStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang lập")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không lập được")


def queued_path(document, filename: str) -> str:
    # Outside any public URL: MEDIA_ROOT is not served in production; reports:queued_download checks access.
    return f"generated/reports/{document.kind}/{filename}"


class QueuedDocument(models.Model):
    """A large document (the evaluation summary, the plan-vs-actual report, a program's consolidated
    report) built by the task worker for the person who asked (reports.queued), rebuilt from `params`
    as that person so that it holds only what they may read. Only they see its status page and
    download it, unless its kind's `may_read` opens it to more readers; deleted with its file
    HOPTAC_DOCUMENT_RETENTION_DAYS after it was asked for."""

    kind = models.CharField(_("loại văn bản"), max_length=60)
    params = models.JSONField(_("tham số"), default=dict)
    status = models.CharField(_("trạng thái"), max_length=10, choices=QueuedStatus.choices, default=QueuedStatus.QUEUED)
    file = models.FileField(_("tệp"), upload_to=queued_path, max_length=300, blank=True)
    filename = models.CharField(_("tên tệp"), max_length=200)
    error = models.TextField(_("lỗi"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("người yêu cầu"))
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("văn bản lập nền")
        verbose_name_plural = _("văn bản lập nền")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_running(self) -> bool:
        return self.status in (QueuedStatus.QUEUED, QueuedStatus.RUNNING)
