from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    ORGANIZATIONS = "organizations", _("Tổ chức kinh tế tập thể")
    MEMBERS = "members", _("Thành viên")
    ANNUAL_REPORTS = "annual_reports", _("Báo cáo năm")
