"""Writes of the support app. Every write checks permission and validity here (pages, API and
imports call the same functions), runs in one transaction and leaves a history entry."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.concurrency import save_versioned
from core.numbers import format_date, format_number
from core.text import nfc
from registry.models import TERMINAL_STATUSES, Organization
from registry.status import status_on
from support import permissions
from support.loans import ScheduleRow, validate_schedule
from support.models import (
    Activity,
    AllianceMembership,
    AllianceService,
    FundLoan,
    LoanInstallment,
    LoanRepayment,
    SupportPolicy,
    SupportRecord,
)
from support.policies import limits


def _today() -> dt.date:
    return timezone.localdate()


def _stamp(instance, actor) -> None:
    # simple-history reads `_history_user` when there is no request (commands, imports, API tests).
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance._history_user = actor


def _nfc_fields(instance, names) -> None:
    for name in names:
        value = getattr(instance, name)
        if isinstance(value, str):
            setattr(instance, name, nfc(value))


def _money(value: int) -> str:
    return format_number(value)


def _check_amount(errors: dict, field: str, value, *, limit: int, label: str) -> None:
    if value is None:
        return
    if value < 0:
        errors[field] = _("%(label)s không được âm.") % {"label": label}
    elif value > limit:
        errors[field] = _(
            "%(label)s %(value)s đồng vượt mức hợp lý (tối đa %(limit)s đồng). Hãy kiểm tra lại đơn vị tính (đồng)."
        ) % {
            "label": label,
            "value": _money(value),
            "limit": _money(limit),
        }


def _check_not_future(errors: dict, field: str, day: dt.date | None, label: str) -> None:
    if day and day > _today():
        errors[field] = _("%(label)s %(day)s ở tương lai; chỉ ghi nhận việc đã thực hiện.") % {
            "label": label,
            "day": format_date(day),
        }


def organization_alive_error(organization: Organization, day: dt.date) -> str | None:
    """Why `organization` could not receive anything on `day` (not founded yet, or already ended)."""
    founded = organization.founded_on or organization.registered_on
    if founded and day < founded:
        return _("Ngày %(day)s trước ngày thành lập của %(org)s (%(founded)s).") % {
            "day": format_date(day),
            "org": organization.name,
            "founded": format_date(founded),
        }
    events = list(organization.status_events.all())
    status = status_on(events, day)
    if status in TERMINAL_STATUSES:
        ended = max((e.effective_on for e in events if e.status == status and e.effective_on <= day), default=None)
        label = dict(organization._meta.get_field("current_status").choices).get(status, status)
        return _("Ngày %(day)s %(org)s đã ở tình trạng “%(status)s” (từ %(since)s).") % {
            "day": format_date(day),
            "org": organization.name,
            "status": label,
            "since": format_date(ended),
        }
    return None


def policy_period_error(policy: SupportPolicy, day: dt.date) -> str | None:
    if policy.is_valid_on(day):
        return None
    return _("Chính sách “%(policy)s” chỉ áp dụng trong thời gian %(period)s; ngày %(day)s nằm ngoài thời gian này.") % {
        "policy": policy.name,
        "period": policy.period_label,
        "day": format_date(day),
    }


# --- Support records ---------------------------------------------------------------------------


def _validate_record(record: SupportRecord) -> None:
    errors: dict = {}
    _check_amount(errors, "amount", record.amount, limit=limits().max_record_amount, label=_("Kinh phí hỗ trợ"))
    if "amount" not in errors and not record.amount and not record.in_kind:
        errors["amount"] = _("Cần nhập kinh phí hỗ trợ (đồng) hoặc mô tả hỗ trợ bằng hiện vật, dịch vụ.")
    if record.supported_on:
        _check_not_future(errors, "supported_on", record.supported_on, _("Ngày hỗ trợ"))
        if record.policy_id and "supported_on" not in errors:
            message = policy_period_error(record.policy, record.supported_on)
            if message:
                errors["policy"] = message
        if record.organization_id and "supported_on" not in errors:
            message = organization_alive_error(record.organization, record.supported_on)
            if message:
                errors["supported_on"] = message
    if errors:
        raise ValidationError(errors)
    record.full_clean(exclude=["version"])


@dataclass(frozen=True)
class EntryRules:
    """What differs between the two kinds of entry an agency makes (support records, activities)."""

    can_edit: Callable
    may_not_edit: str
    may_not_delete: str
    no_agency_account: str
    no_agency_chosen: str


RECORD_RULES = EntryRules(
    can_edit=permissions.can_edit_record,
    may_not_edit=gettext_lazy("Bạn không có quyền sửa bản ghi hỗ trợ này."),
    may_not_delete=gettext_lazy("Bạn không có quyền xóa bản ghi hỗ trợ này."),
    no_agency_account=gettext_lazy("Tài khoản của bạn chưa gắn với cơ quan thực hiện hỗ trợ nên không thể nhập bản ghi hỗ trợ."),
    no_agency_chosen=gettext_lazy("Chưa chọn cơ quan thực hiện."),
)
ACTIVITY_RULES = EntryRules(
    can_edit=permissions.can_edit_activity,
    may_not_edit=gettext_lazy("Bạn không có quyền sửa hoạt động này."),
    may_not_delete=gettext_lazy("Bạn không có quyền xóa hoạt động này."),
    no_agency_account=gettext_lazy("Tài khoản của bạn chưa gắn với cơ quan nên không thể nhập hoạt động."),
    no_agency_chosen=gettext_lazy("Chưa chọn cơ quan tổ chức."),
)


def _claim_entry(actor, entry, rules: EntryRules) -> None:
    """The checks every agency entry passes before its own: the stored entry is the actor's to edit,
    the actor belongs to an agency, and the entry names one (the actor's own unless they may choose)."""
    if entry.pk:
        stored = type(entry).objects.select_for_update().get(pk=entry.pk)
        if not rules.can_edit(actor, stored):
            raise PermissionDenied(rules.may_not_edit)
    if not permissions.can_record(actor):
        raise PermissionDenied(rules.no_agency_account)
    if not entry.pk and (not permissions.can_choose_agency(actor) or not entry.agency_id):
        entry.agency_id = actor.agency_id
    if not entry.agency_id:
        raise ValidationError({"agency": rules.no_agency_chosen})
    # The edited values (e.g. another agency) must still leave the entry the actor's.
    if entry.pk and not rules.can_edit(actor, entry):
        raise PermissionDenied(rules.may_not_edit)


def _save_entry(actor, entry, expected_version: int | None) -> None:
    if not entry.pk:
        entry.created_by = actor if actor.is_authenticated else None
    _stamp(entry, actor)
    save_versioned(entry, expected_version=expected_version if entry.pk else None)


def _delete_entry(actor, entry, rules: EntryRules) -> None:
    if not rules.can_edit(actor, entry):
        raise PermissionDenied(rules.may_not_delete)
    _stamp(entry, actor)
    entry.delete()


@transaction.atomic
def support_record_save(*, actor, record: SupportRecord, expected_version: int | None = None) -> SupportRecord:
    """Create or update a support record entered by `actor`'s agency."""
    _claim_entry(actor, record, RECORD_RULES)
    if record.organization_id and not permissions.can_record_for(actor, record.organization):
        raise PermissionDenied(_("Tổ chức này không thuộc địa bàn bạn phụ trách."))
    _nfc_fields(record, ("code", "in_kind", "content", "decision_ref"))
    _validate_record(record)
    _save_entry(actor, record, expected_version)
    return record


@transaction.atomic
def support_record_delete(*, actor, record: SupportRecord) -> None:
    _delete_entry(actor, record, RECORD_RULES)


# --- Activities ----------------------------------------------------------------------------------


def _validate_activity(activity: Activity) -> None:
    errors: dict = {}
    _check_amount(errors, "cost", activity.cost, limit=limits().max_activity_cost, label=_("Kinh phí"))
    _check_not_future(errors, "started_on", activity.started_on, _("Ngày bắt đầu"))
    if activity.ended_on and activity.started_on and activity.ended_on < activity.started_on:
        errors["ended_on"] = _("Ngày kết thúc phải sau ngày bắt đầu.")
    groups = (activity.participants_managers or 0) + (activity.participants_members or 0) + (activity.participants_officials or 0)
    if activity.participants is not None and groups > activity.participants:
        errors["participants"] = _(
            "Tổng các nhóm (cán bộ quản lý %(m)s, thành viên %(t)s, cán bộ công chức %(o)s) vượt quá tổng số người tham dự %(n)s."
        ) % {
            "m": activity.participants_managers,
            "t": activity.participants_members,
            "o": activity.participants_officials,
            "n": activity.participants,
        }
    if activity.policy_id and activity.started_on and "started_on" not in errors:
        message = policy_period_error(activity.policy, activity.started_on)
        if message:
            errors["policy"] = message
    if activity.commune_id and activity.agency_id and activity.agency.province_id:
        if activity.commune.province_id != activity.agency.province_id:
            errors["commune"] = _("Xã, phường tổ chức không thuộc tỉnh, thành phố của cơ quan tổ chức.")
    if errors:
        raise ValidationError(errors)
    activity.full_clean(exclude=["version", "province"])


@transaction.atomic
def activity_save(*, actor, activity: Activity, expected_version: int | None = None) -> Activity:
    _claim_entry(actor, activity, ACTIVITY_RULES)
    province_id = activity.commune.province_id if activity.commune_id else activity.agency.province_id
    if not province_id:
        raise ValidationError({"commune": _("Chọn xã, phường nơi tổ chức (cơ quan tổ chức chưa gắn với tỉnh, thành phố).")})
    if (
        not permissions.can_manage_policies(actor)
        and actor.province_id
        and province_id != actor.province_id
        and not actor.is_superuser
    ):
        raise PermissionDenied(_("Hoạt động này không thuộc địa bàn bạn phụ trách."))
    activity.province_id = province_id
    _nfc_fields(activity, ("code", "title", "location", "audience", "topics", "materials"))
    _validate_activity(activity)
    _save_entry(actor, activity, expected_version)
    return activity


@transaction.atomic
def activity_delete(*, actor, activity: Activity) -> None:
    _delete_entry(actor, activity, ACTIVITY_RULES)


# --- Cooperative Alliance ------------------------------------------------------------------------


def _require_alliance(actor, organization) -> None:
    if not permissions.can_manage_alliance(actor, organization):
        raise PermissionDenied(_("Chỉ cán bộ Liên minh HTX của tỉnh, thành phố mới được thực hiện thao tác này."))


@transaction.atomic
def membership_save(*, actor, membership: AllianceMembership, expected_version: int | None = None) -> AllianceMembership:
    if membership.pk:
        stored = AllianceMembership.objects.select_for_update().select_related("organization").get(pk=membership.pk)
        _require_alliance(actor, stored.organization)
    _require_alliance(actor, membership.organization if membership.organization_id else None)
    errors: dict = {}
    _check_not_future(errors, "joined_on", membership.joined_on, _("Ngày gia nhập"))
    if membership.joined_on and membership.organization_id and "joined_on" not in errors:
        message = organization_alive_error(membership.organization, membership.joined_on)
        if message:
            errors["joined_on"] = message
    if membership.left_on and membership.joined_on and membership.left_on < membership.joined_on:
        errors["left_on"] = _("Ngày ra khỏi phải sau ngày gia nhập.")
    if errors:
        raise ValidationError(errors)
    _nfc_fields(membership, ("decision_ref", "note"))
    membership.full_clean(exclude=["version"])
    _stamp(membership, actor)
    save_versioned(membership, expected_version=expected_version if membership.pk else None)
    return membership


@transaction.atomic
def service_save(*, actor, service: AllianceService, expected_version: int | None = None) -> AllianceService:
    if service.pk:
        stored = AllianceService.objects.select_for_update().select_related("organization").get(pk=service.pk)
        _require_alliance(actor, stored.organization)
    _require_alliance(actor, service.organization if service.organization_id else None)
    errors: dict = {}
    _check_amount(errors, "fee", service.fee, limit=limits().max_service_fee, label=_("Phí dịch vụ"))
    _check_not_future(errors, "provided_on", service.provided_on, _("Ngày thực hiện"))
    if service.provided_on and service.organization_id and "provided_on" not in errors:
        message = organization_alive_error(service.organization, service.provided_on)
        if message:
            errors["provided_on"] = message
    if errors:
        raise ValidationError(errors)
    _nfc_fields(service, ("description",))
    service.full_clean(exclude=["version"])
    if not service.pk:
        service.created_by = actor if actor.is_authenticated else None
    _stamp(service, actor)
    save_versioned(service, expected_version=expected_version if service.pk else None)
    return service


@transaction.atomic
def loan_create(*, actor, loan: FundLoan, schedule: list[ScheduleRow]) -> FundLoan:
    """Create a fund loan with its repayment schedule; both are written or neither is."""
    _require_alliance(actor, loan.borrower if loan.borrower_id else None)
    errors: dict = {}
    _check_amount(errors, "principal", loan.principal, limit=limits().max_loan_principal, label=_("Số tiền vay"))
    if loan.principal is not None and loan.principal <= 0 and "principal" not in errors:
        errors["principal"] = _("Số tiền vay phải lớn hơn 0.")
    _check_not_future(errors, "disbursed_on", loan.disbursed_on, _("Ngày giải ngân"))
    if loan.disbursed_on and loan.borrower_id and "disbursed_on" not in errors:
        message = organization_alive_error(loan.borrower, loan.disbursed_on)
        if message:
            errors["disbursed_on"] = message
    if errors:
        raise ValidationError(errors)
    _nfc_fields(loan, ("contract_no", "purpose"))
    loan.full_clean(exclude=["version"])
    validate_schedule(principal=loan.principal, disbursed_on=loan.disbursed_on, term_months=loan.term_months, rows=schedule)
    loan.created_by = actor if actor.is_authenticated else None
    _stamp(loan, actor)
    loan.save()
    for row in schedule:
        installment = LoanInstallment(loan=loan, due_on=row.due_on, principal=row.principal, interest=row.interest)
        _stamp(installment, actor)
        installment.save()
    return loan


def repayment_refuse_unless_allowed(*, actor, loan: FundLoan) -> None:
    """The permission check of `repayment_add` on its own, for callers that validate input after it."""
    _require_alliance(actor, loan.borrower)


@transaction.atomic
def repayment_add(*, actor, loan: FundLoan, paid_on: dt.date, principal: int, interest: int = 0) -> LoanRepayment:
    loan = FundLoan.objects.select_for_update().select_related("borrower").get(pk=loan.pk)
    _require_alliance(actor, loan.borrower)
    errors: dict = {}
    if principal is None or principal < 0:
        errors["principal"] = _("Tiền gốc đã trả không được âm.")
    if interest is None or interest < 0:
        errors["interest"] = _("Tiền lãi đã trả không được âm.")
    if not errors and principal + interest <= 0:
        errors["principal"] = _("Lần trả nợ phải có tiền gốc hoặc tiền lãi lớn hơn 0.")
    if paid_on < loan.disbursed_on:
        errors["paid_on"] = _("Ngày trả %(day)s trước ngày giải ngân %(disbursed)s.") % {
            "day": format_date(paid_on),
            "disbursed": format_date(loan.disbursed_on),
        }
    _check_not_future(errors, "paid_on", paid_on, _("Ngày trả"))
    already = sum(loan.repayments.values_list("principal", flat=True))
    if "principal" not in errors and already + principal > loan.principal:
        errors["principal"] = _(
            "Tổng tiền gốc đã trả (%(total)s đồng) sẽ vượt số tiền vay (%(principal)s đồng); dư nợ còn %(left)s đồng."
        ) % {
            "total": _money(already + principal),
            "principal": _money(loan.principal),
            "left": _money(loan.principal - already),
        }
    if errors:
        raise ValidationError(errors)
    repayment = LoanRepayment(loan=loan, paid_on=paid_on, principal=principal, interest=interest)
    repayment.created_by = actor if actor.is_authenticated else None
    repayment.full_clean()
    _stamp(repayment, actor)
    repayment.save()
    return repayment


# --- Policies -----------------------------------------------------------------------------------


@transaction.atomic
def policy_save(*, actor, policy: SupportPolicy) -> SupportPolicy:
    """Edit a policy in the application (the data file's loader keeps this edit until its entry changes)."""
    if not permissions.can_manage_policies(actor):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh hoặc quản trị mới được sửa danh mục chính sách."))
    _nfc_fields(policy, ("name", "legal_basis", "note"))
    policy.full_clean()
    if policy.pk:
        used = list(policy.records.values_list("supported_on", flat=True)) + list(
            policy.activities.values_list("started_on", flat=True)
        )
        outside = [day for day in used if not policy.is_valid_on(day)]
        if outside:
            raise ValidationError(
                {
                    "valid_from": _("Đã có %(n)s bản ghi dùng chính sách này ngoài thời gian mới (ví dụ ngày %(day)s).")
                    % {"n": len(outside), "day": format_date(min(outside))}
                }
            )
    _stamp(policy, actor)
    policy.save()
    return policy
