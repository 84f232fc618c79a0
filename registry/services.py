"""Writes to the registry. Every write is validated, atomic, and leaves a history entry.

Callers pass `actor` (the user doing it) so permission is checked here, for pages, API and
imports alike, and simple-history records who made the change.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import save_versioned
from core.text import nfc
from geo.models import REFORM_DATE, Edition, Level
from registry import permissions, vsic
from registry.models import AnnualReport, Member, Organization, OrganizationKind, Status, StatusEvent
from registry.rules import PlausibilityWarning, plausibility_warnings
from registry.selectors import organizations_visible_to
from registry.status import status_on

ORGANIZATION_TEXT_FIELDS = (
    "name",
    "short_name",
    "english_name",
    "address",
    "main_business",
    "legal_representative",
    "representative_title",
    "phone",
    "email",
    "website",
    "registration_code",
    "vsic_code",
)


def _normalize_text_fields(instance, names) -> None:
    for name in names:
        value = getattr(instance, name, None)
        if isinstance(value, str):
            setattr(instance, name, nfc(value))


def _stamp_history_user(instance, actor) -> None:
    # simple-history reads `_history_user` when no request is around (commands, imports, tests).
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance._history_user = actor


def validate_commune(organization: Organization, *, on: dt.date | None = None) -> None:
    """The organization's commune must be a current commune, valid on the date that matters."""
    commune = organization.commune if organization.commune_id else None
    if commune is None:
        raise ValidationError({"commune": _("Chưa chọn xã, phường.")})
    if commune.edition != Edition.CURRENT or commune.level != Level.COMMUNE:
        raise ValidationError(
            {"commune": _("“%(name)s” không phải là xã, phường hiện hành (sau 01/7/2025).") % {"name": commune}}
        )
    day = on or dt.date.today()
    if not commune.is_valid_on(max(day, REFORM_DATE)):
        raise ValidationError(
            {
                "commune": _("Xã, phường “%(name)s” không còn tồn tại vào ngày %(day)s.")
                % {"name": commune, "day": day.strftime("%d/%m/%Y")}
            }
        )
    legacy = organization.legacy_commune if organization.legacy_commune_id else None
    if legacy is not None and (legacy.edition != Edition.LEGACY or legacy.level != Level.COMMUNE):
        raise ValidationError({"legacy_commune": _("“%(name)s” không phải là xã, phường trước 01/7/2025.") % {"name": legacy}})


def _full_clean(instance, exclude=None) -> None:
    instance.full_clean(exclude=exclude, validate_constraints=True)


def validate_organization(organization: Organization) -> None:
    """Checks the model cannot express as field validators: dates in order, a code used once,
    a VSIC code in the format of VSIC 2018 (the field of activity follows from it when empty)."""
    errors = {}
    if organization.founded_on and organization.registered_on and organization.registered_on < organization.founded_on:
        errors["registered_on"] = _("Ngày đăng ký không được trước ngày thành lập.")
    today = dt.date.today()
    for name in ("founded_on", "registered_on"):
        day = getattr(organization, name)
        if day and day > today:
            errors[name] = _("%(label)s không được sau ngày hôm nay.") % {
                "label": str(Organization._meta.get_field(name).verbose_name).capitalize()
            }
    code = organization.registration_code
    if code and Organization.objects.filter(registration_code=code).exclude(pk=organization.pk).exists():
        errors["registration_code"] = _("Mã số “%(code)s” đã được dùng cho một tổ chức khác.") % {"code": code}
    if organization.vsic_code:
        organization.vsic_code = organization.vsic_code.upper().replace(" ", "")
        field = vsic.field_for(organization.vsic_code)
        if field is None:
            errors["vsic_code"] = _("Mã ngành VSIC “%(code)s” không hợp lệ (ví dụ: A, 01, 0111, 01110).") % {
                "code": organization.vsic_code
            }
        elif not organization.field:
            organization.field = field
    if not organization.field and "vsic_code" not in errors:
        errors["field"] = _("Chưa chọn lĩnh vực hoạt động (hoặc nhập mã ngành VSIC để tự xác định).")
    if organization.is_credit_fund and organization.kind != OrganizationKind.COOPERATIVE:
        errors["is_credit_fund"] = _("Chỉ hợp tác xã mới có thể là quỹ tín dụng nhân dân.")
    if errors:
        raise ValidationError(errors)


def _set_province(organization: Organization) -> None:
    if organization.commune_id:
        organization.province_id = organization.commune.province_id


@transaction.atomic
def organization_create(*, actor, organization: Organization, status_on_date: dt.date | None = None) -> Organization:
    """Create an organization and its first status event (operating from founding or registration)."""
    _set_province(organization)
    if not permissions.can_create_organization(actor, organization):
        raise PermissionDenied(_("Bạn không có quyền tạo tổ chức tại xã, phường này."))
    _normalize_text_fields(organization, ORGANIZATION_TEXT_FIELDS)
    validate_commune(organization)
    validate_organization(organization)
    _full_clean(organization, exclude=["province"])
    _stamp_history_user(organization, actor)
    organization.save()
    start = status_on_date or organization.registered_on or organization.founded_on or dt.date.today()
    status_event_add(actor=actor, organization=organization, status=Status.OPERATING, effective_on=start, check_permission=False)
    return organization


@transaction.atomic
def organization_update(*, actor, organization: Organization, expected_version: int | None) -> Organization:
    """Save edits made to `organization` (a modified instance), refusing a stale version."""
    # Permission is checked against the stored record (where it is) and the edited one (where it
    # would move to), so nobody moves an organization into or out of a place they do not manage.
    stored = Organization.objects.select_for_update().get(pk=organization.pk)
    if not permissions.can_edit_organization(actor, stored):
        raise PermissionDenied(_("Bạn không có quyền sửa tổ chức này."))
    validate_commune(organization)
    _set_province(organization)
    if not permissions.can_edit_organization(actor, organization):
        raise PermissionDenied(_("Bạn không có quyền chuyển tổ chức đến xã, phường này."))
    _normalize_text_fields(organization, ORGANIZATION_TEXT_FIELDS)
    validate_organization(organization)
    _full_clean(organization, exclude=["province", "version"])
    _stamp_history_user(organization, actor)
    save_versioned(organization, expected_version=expected_version)
    return organization


def organization_refresh_status(*, organization: Organization, today: dt.date | None = None) -> str:
    """Recompute the stored current status from the events (called after every event change)."""
    day = today or dt.date.today()
    current = status_on(list(organization.status_events.all()), day) or Status.OPERATING
    if current != organization.current_status:
        Organization.objects.filter(pk=organization.pk).update(current_status=current)
        organization.current_status = current
    return current


@transaction.atomic
def status_event_add(
    *,
    actor,
    organization: Organization,
    status: str,
    effective_on: dt.date,
    ends_on: dt.date | None = None,
    decision_ref: str = "",
    note: str = "",
    check_permission: bool = True,
) -> StatusEvent:
    if check_permission and not permissions.can_change_status(actor, organization):
        raise PermissionDenied(_("Bạn không có quyền thay đổi tình trạng của tổ chức này."))
    event = StatusEvent(
        organization=organization,
        status=status,
        effective_on=effective_on,
        ends_on=ends_on,
        decision_ref=nfc(decision_ref),
        note=nfc(note),
    )
    errors = {}
    if status == Status.SUSPENDED and not ends_on:
        errors["ends_on"] = _("Tạm ngừng kinh doanh phải có ngày kết thúc.")
    if ends_on and ends_on < effective_on:
        errors["ends_on"] = _("Ngày kết thúc phải sau ngày bắt đầu.")
    if status == Status.SUSPENDED and ends_on and (ends_on - effective_on).days > 366:
        errors["ends_on"] = _("Mỗi lần thông báo tạm ngừng kinh doanh không quá 12 tháng.")
    if organization.founded_on and effective_on < organization.founded_on:
        errors["effective_on"] = _("Ngày hiệu lực trước ngày thành lập (%(day)s).") % {
            "day": organization.founded_on.strftime("%d/%m/%Y")
        }
    if errors:
        raise ValidationError(errors)
    _full_clean(event)
    _stamp_history_user(event, actor)
    event.save()
    organization_refresh_status(organization=organization)
    return event


def annual_report_warnings(report: AnnualReport, previous: AnnualReport | None = None) -> list[PlausibilityWarning]:
    """Compare with the previous year's report (looked up unless given); a jump or drop beyond ×3
    needs confirmation (`registry.rules.plausibility_warnings`)."""
    if previous is None and report.organization_id and report.year:
        previous = AnnualReport.objects.filter(organization_id=report.organization_id, year=report.year - 1).first()
    if previous is None:
        return []
    return plausibility_warnings(previous.figures(), report.figures(), labels=REPORT_LABELS)


#: Verbose names of the report's fields, for the plausibility warnings.
REPORT_LABELS = {f.name: f.verbose_name for f in AnnualReport._meta.concrete_fields}


class UnconfirmedWarnings(ValidationError):
    def __init__(self, warnings: list[PlausibilityWarning]):
        self.warnings = warnings
        super().__init__({w.field: w.message for w in warnings}, code="unconfirmed_warning")


@transaction.atomic
def annual_report_save(
    *,
    actor,
    report: AnnualReport,
    expected_version: int | None = None,
    confirmed: bool = False,
) -> AnnualReport:
    """Create or update a year's report. Implausible changes are refused unless `confirmed`."""
    if not permissions.can_edit_reports(actor, report.organization):
        raise PermissionDenied(_("Bạn không có quyền nhập báo cáo năm của tổ chức này."))
    _full_clean(report, exclude=["version"])
    warnings = annual_report_warnings(report)
    if warnings and not confirmed:
        raise UnconfirmedWarnings(warnings)
    report.confirmed_warnings = "\n".join(w.message for w in warnings) if warnings else ""
    report.submitted_at = report.submitted_at or timezone.now()
    _stamp_history_user(report, actor)
    save_versioned(report, expected_version=expected_version)
    return report


@transaction.atomic
def member_save(*, actor, member: Member, expected_version: int | None = None) -> Member:
    if not permissions.can_edit_members(actor, member.organization):
        raise PermissionDenied(_("Bạn không có quyền sửa danh sách thành viên của tổ chức này."))
    _normalize_text_fields(member, ("name", "identifier"))
    if member.member_organization_id and member.member_organization_id == member.organization_id:
        raise ValidationError({"member_organization": _("Một tổ chức không thể là thành viên của chính nó.")})
    if member.member_organization_id and not organizations_visible_to(actor).filter(pk=member.member_organization_id).exists():
        # The same answer for an organization outside the actor's area as for one that does not exist.
        raise ValidationError({"member_organization": _("Tổ chức thành viên không tồn tại hoặc không thuộc địa bàn của bạn.")})
    _full_clean(member, exclude=["version"])
    _stamp_history_user(member, actor)
    save_versioned(member, expected_version=expected_version)
    return member
