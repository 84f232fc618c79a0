"""Writes to report templates: replace a report's wording template, or go back to the shipped one.

Only a province officer (or an administrator) may: a template changes every report of the province.
Each change is a new ReportTemplate row naming who made it, so the rows are the history.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.roles import Role
from reports import templating
from reports.models import ReportTemplate

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


def can_manage_templates(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.has_role(Role.ADMIN, Role.PROVINCE_OFFICER)))


def _refuse_unless_allowed(actor) -> None:
    if not can_manage_templates(actor):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh được thay mẫu báo cáo."))


def template_check(*, actor, key: str, content: bytes) -> bytes:
    """The sample report rendered with an uploaded template (the preview); ValidationError if the
    template cannot be used."""
    _refuse_unless_allowed(actor)
    if len(content) > MAX_TEMPLATE_BYTES:
        raise ValidationError(_("Tệp mẫu quá lớn (tối đa 5 MB)."))
    try:
        return templating.check_uploaded(key, content)
    except templating.TemplateError as error:
        raise ValidationError(_("Không dùng được tệp mẫu này: %(error)s") % {"error": error}) from error


@transaction.atomic
def template_replace(*, actor, key: str, content: bytes, file_name: str) -> ReportTemplate:
    template_check(actor=actor, key=key, content=content)
    return ReportTemplate.objects.create(key=key, content=content, file_name=file_name[:200], changed_by=actor)


@transaction.atomic
def template_revert(*, actor, key: str) -> ReportTemplate:
    _refuse_unless_allowed(actor)
    return ReportTemplate.objects.create(key=key, content=None, changed_by=actor)
