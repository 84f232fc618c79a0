from django.db import models
from django.utils.translation import gettext_lazy as _

from imports import hooks as imports_hooks


class ImportKind(models.TextChoices):
    ORGANIZATIONS = "organizations", _("Tổ chức kinh tế tập thể")
    MEMBERS = "members", _("Thành viên")
    ANNUAL_REPORTS = "annual_reports", _("Báo cáo năm")
    # Imported by their own app's page, recorded here as batches so they can be undone (imports.foreign).
    SUPPORT_RECORDS = "support_records", _("Bản ghi hỗ trợ")
    SUPPORT_ACTIVITIES = "support_activities", _("Hoạt động tuyên truyền, đào tạo")
    PROGRAM_TASKS = "program_tasks", _("Bảng nhiệm vụ chương trình hành động")


#: Kinds uploaded on this app's pages, API and command (the others come from their app's page).
UPLOAD_KINDS = (ImportKind.ORGANIZATIONS, ImportKind.MEMBERS, ImportKind.ANNUAL_REPORTS)
UPLOAD_CHOICES = [(kind.value, kind.label) for kind in UPLOAD_KINDS]


def foreign_kind(kind: str):
    """The imports.foreign.ForeignKind another app registered for `kind` (None for upload kinds).
    Apps register {kind: ForeignKind} on imports.hooks.foreign_kinds in their ready()."""
    for kinds in imports_hooks.foreign_kinds.collect():
        if kind in kinds:
            return kinds[kind]
    return None
