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
