"""Writes to action-program tracking: validated, permission-checked, atomic, with history.

Callers pass `actor`; simple-history records who made each change and every report workflow step
is also kept as a `ReportTransition` (who, when, comment).
"""

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Agency
from core.concurrency import save_versioned
from core.jurisdiction import is_admin
from core.text import nfc, search_key, strip_diacritics
from geo.models import Level
from imports.foreign import Written
from imports.values import json_value
from programs import permissions
from programs.evidence import validate_evidence_file
from programs.models import (
    RECURRING,
    Assignment,
    Attachment,
    Notification,
    Program,
    Progress,
    ProgressReport,
    ReportState,
    ReportTransition,
    Schedule,
    Task,
    TaskGroup,
)
from programs.periods import period_get

PROGRAM_TEXT_FIELDS = ("title", "decision_number", "issuer", "signer", "implements", "purposes", "requirements", "source_note")
REPORT_TEXT_FIELDS = ("results", "difficulties", "proposals")


def _nfc_fields(instance, names: Iterable[str]) -> None:
    """NFC without collapsing line breaks (`core.text.nfc` makes one line; these are paragraphs)."""
    for name in names:
        value = getattr(instance, name, None)
        if isinstance(value, str):
            lines = [nfc(line) for line in unicodedata.normalize("NFC", value).splitlines()]
            setattr(instance, name, "\n".join(lines).strip())


def _stamp(instance, actor) -> None:
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance._history_user = actor


def _day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


# --- Programs ---------------------------------------------------------------------------------


def _outside(agency: Agency | None, province_id: int | None) -> bool:
    """Whether `agency` may not work on a program of `province_id`: it belongs to another province
    (an agency without a province, a central body, may work on any)."""
    return bool(agency is not None and province_id and agency.province_id not in (None, province_id))


def program_check_place(*, actor, program: Program, stored: Program | None = None) -> None:
    """A program stays in its maker's province: an officer places a new one, or moves one, only in
    their own province (a program without one is national, an administrator's), and its lead agency
    is of the program's province."""
    errors = {}
    moved = stored is None or stored.province_id != program.province_id
    if moved and not is_admin(actor) and (program.province_id is None or program.province_id != actor.province_id):
        errors["province"] = _("Chỉ lập chương trình cho tỉnh, thành phố bạn phụ trách.")
    if program.lead_agency_id and _outside(program.lead_agency, program.province_id):
        errors["lead_agency"] = _("Cơ quan “%(agency)s” không thuộc tỉnh, thành phố của chương trình.") % {
            "agency": program.lead_agency
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def program_create(*, actor, program: Program) -> Program:
    if not permissions.can_create_program(actor):
        raise PermissionDenied(_("Bạn không có quyền tạo chương trình hành động."))
    _nfc_fields(program, PROGRAM_TEXT_FIELDS)
    program_check_place(actor=actor, program=program)
    program.full_clean(exclude=["version"])
    _stamp(program, actor)
    program.save()
    return program


@transaction.atomic
def program_update(*, actor, program: Program, expected_version: int | None) -> Program:
    stored = Program.objects.select_for_update().get(pk=program.pk)
    if not permissions.can_manage_program(actor, stored):
        raise PermissionDenied(_("Bạn không có quyền sửa chương trình này."))
    _nfc_fields(program, PROGRAM_TEXT_FIELDS)
    program_check_place(actor=actor, program=program, stored=stored)
    program.full_clean(exclude=["version"])
    late = [t.number for t in program.tasks.filter(deadline__lt=program.start_date)]
    if late:
        raise ValidationError(
            {
                "start_date": _("Các nhiệm vụ %(tasks)s có thời hạn trước ngày bắt đầu mới của chương trình.")
                % {"tasks": ", ".join(late)}
            }
        )
    _stamp(program, actor)
    save_versioned(program, expected_version=expected_version)
    return program


@transaction.atomic
def task_group_save(*, actor, group: TaskGroup) -> TaskGroup:
    if not permissions.can_manage_program(actor, group.program):
        raise PermissionDenied(_("Bạn không có quyền sửa chương trình này."))
    group.title = nfc(group.title).strip()
    group.full_clean()
    _stamp(group, actor)
    group.save()
    return group


# --- Tasks --------------------------------------------------------------------------------------


def task_validate(task: Task, *, lead_agency: Agency | None, coordinating_agencies: Sequence[Agency]) -> None:
    """Every rule a task must satisfy, with the field each message belongs to."""
    program = task.program
    errors: dict[str, str] = {}
    if not task.content.strip():
        errors["content"] = _("Chưa nhập nội dung nhiệm vụ.")
    if task.group_id and task.group.program_id != program.pk:
        errors["group"] = _("Nhóm nhiệm vụ không thuộc chương trình này.")
    if task.schedule == Schedule.ONCE:
        if not task.deadline:
            errors["deadline"] = _("Nhiệm vụ có thời hạn phải có ngày hoàn thành.")
        elif task.deadline < program.start_date:
            errors["deadline"] = _("Thời hạn %(day)s trước ngày bắt đầu chương trình (%(start)s).") % {
                "day": _day(task.deadline),
                "start": _day(program.start_date),
            }
    elif task.schedule in RECURRING:
        if not task.due_day:
            errors["due_day"] = _("Nhiệm vụ %(schedule)s phải có ngày đến hạn của mỗi kỳ.") % {
                "schedule": task.get_schedule_display().lower()
            }
        if task.schedule != Schedule.QUARTERLY and not task.due_month:
            errors["due_month"] = _("Nhiệm vụ %(schedule)s phải có tháng đến hạn mỗi năm.") % {
                "schedule": task.get_schedule_display().lower()
            }
        task.deadline = None
    if lead_agency is None:
        errors["lead_agency"] = _("Chưa chọn cơ quan chủ trì.")
    outside = [a for a in [lead_agency, *coordinating_agencies] if _outside(a, program.province_id)]
    for agency in outside:
        name = "lead_agency" if agency == lead_agency else "coordinating_agencies"
        errors.setdefault(name, _("Cơ quan “%(agency)s” không thuộc tỉnh, thành phố của chương trình.") % {"agency": agency})
    seen: set[int] = {lead_agency.pk} if lead_agency else set()
    for agency in coordinating_agencies:
        if agency.pk in seen:
            errors["coordinating_agencies"] = _("Cơ quan “%(agency)s” được phân công hai lần cho cùng nhiệm vụ.") % {
                "agency": agency
            }
            break
        seen.add(agency.pk)
    if errors:
        raise ValidationError(errors)


def _set_assignments(task: Task, *, lead_agency: Agency, coordinating_agencies: Sequence[Agency], actor) -> None:
    wanted = {lead_agency.pk: Assignment.Role.LEAD} | {a.pk: Assignment.Role.COORDINATING for a in coordinating_agencies}
    wanted[lead_agency.pk] = Assignment.Role.LEAD
    for assignment in list(Assignment.objects.filter(task=task)):
        if assignment.agency_id not in wanted:
            if assignment.reports.exists():
                raise ValidationError(
                    {
                        "coordinating_agencies": _("Không thể bỏ “%(agency)s”: cơ quan này đã có báo cáo cho nhiệm vụ.")
                        % {"agency": assignment.agency}
                    }
                )
            assignment.delete()
    existing = {a.agency_id: a for a in Assignment.objects.filter(task=task)}
    # Demote the old lead first so the "one lead per task" constraint holds at every step.
    for agency_id, assignment in existing.items():
        if assignment.role == Assignment.Role.LEAD and wanted[agency_id] != Assignment.Role.LEAD:
            assignment.role = wanted[agency_id]
            _stamp(assignment, actor)
            assignment.save()
    for agency_id, role in wanted.items():
        assignment = existing.get(agency_id)
        if assignment is None:
            assignment = Assignment(task=task, agency_id=agency_id, role=role)
        elif assignment.role == role:
            continue
        assignment.role = role
        _stamp(assignment, actor)
        assignment.save()


@transaction.atomic
def task_save(
    *,
    actor,
    task: Task,
    lead_agency: Agency | None,
    coordinating_agencies: Sequence[Agency] = (),
    expected_version: int | None = None,
    check_permission: bool = True,
) -> Task:
    """Create or update a task and its assignments (lead + coordinating agencies)."""
    if check_permission and not permissions.can_manage_program(actor, task.program):
        raise PermissionDenied(_("Bạn không có quyền sửa nhiệm vụ của chương trình này."))
    _nfc_fields(task, ("number", "content", "expected_output", "timeframe_text"))
    task_validate(task, lead_agency=lead_agency, coordinating_agencies=coordinating_agencies)
    task.full_clean(exclude=["version"])
    _stamp(task, actor)
    save_versioned(task, expected_version=expected_version)
    _set_assignments(task, lead_agency=lead_agency, coordinating_agencies=coordinating_agencies, actor=actor)
    return task


# --- Agencies a task table names that the catalogue lacks ----------------------------------------

AGENCY_CODE_LENGTH = Agency._meta.get_field("code").max_length
AGENCY_NAME_LENGTH = Agency._meta.get_field("name").max_length


@transaction.atomic
def create_agency_from_import(*, actor, province, name: str, kind: str, reason: str = "") -> Agency:
    """A new agency of `province` named `name` (NFC, as the person confirmed it) of `kind`: an agency
    the import's preview found nowhere (programs.agency_resolution "unknown"), created there by an
    administrator or a province officer of that province; one transaction, a history row naming the actor."""
    if not permissions.can_add_agency(actor, province):
        raise PermissionDenied(_("Bạn không có quyền thêm cơ quan vào danh mục của tỉnh này."))
    name = nfc(name)
    if not name:
        raise ValidationError({"name": _("Chưa ghi tên cơ quan.")})
    if len(name) > AGENCY_NAME_LENGTH:
        raise ValidationError({"name": _("Tên cơ quan dài quá %(limit)s ký tự.") % {"limit": AGENCY_NAME_LENGTH}})
    if kind not in Agency.Kind.values:
        raise ValidationError({"kind": _("Loại cơ quan “%(kind)s” không có trong danh mục.") % {"kind": kind}})
    if getattr(province, "level", Level.PROVINCE) != Level.PROVINCE:
        raise ValidationError({"province": _("Cơ quan phải thuộc một tỉnh, thành phố.")})
    existing = Agency.objects.filter(province=province, name_key=search_key(name)).first()
    if existing is not None:
        raise ValidationError(
            {"name": _("Danh mục đã có cơ quan “%(name)s”: hãy chọn cơ quan đó thay vì tạo mới.") % {"name": existing.name}}
        )
    agency = Agency(code=_free_agency_code(name), name=name, kind=kind, province=province)
    agency.full_clean()
    agency._history_user = actor
    agency._change_reason = reason or _("Thêm khi nhập bảng nhiệm vụ")
    agency.save()
    return agency


def _free_agency_code(name: str) -> str:
    """A slug of the name, made unique with a number (codes are unique across provinces)."""
    base = slugify(strip_diacritics(name))[: AGENCY_CODE_LENGTH - 4].strip("-") or "co-quan"
    code, number = base, 1
    while Agency.objects.filter(code=code).exists():
        number += 1
        code = f"{base}-{number}"
    return code


# --- Notifications -----------------------------------------------------------------------------


def notify(*, users: Iterable, message: str, url: str = "") -> list[Notification]:
    return Notification.objects.bulk_create(
        [Notification(user=user, message=message[:500], url=url) for user in users if user is not None]
    )


def notification_mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    notifications = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        notifications = notifications.filter(pk__in=list(notification_ids))
    return notifications.update(read_at=timezone.now())


def _settle_notifications(*, users, url: str) -> int:
    """Mark read what told `users` about the record at `url` once its step is done (a report
    decided, a returned report sent again): a badge counts what still waits, not what was handled."""
    return Notification.objects.filter(user__in=users, url=url, read_at__isnull=True).update(read_at=timezone.now())


def _settle_review_notices(report: ProgressReport) -> None:
    """A decided report no longer waits for anyone of the lead agency."""
    lead_agency_id = report.assignment.task.program.lead_agency_id
    _settle_notifications(users=_agency_users(lead_agency_id), url=reverse("programs:report_detail", args=[report.pk]))


def _agency_users(agency_id: int):
    from accounts.models import User

    return User.objects.filter(agency_id=agency_id, is_active=True)


# --- Progress reports ---------------------------------------------------------------------------


def _transition(report: ProgressReport, *, to_state: str, actor, comment: str = "") -> None:
    ReportTransition.objects.create(
        report=report, from_state=report.state, to_state=to_state, actor=actor, at=timezone.now(), comment=comment
    )
    report.state = to_state


def _locked_report(report: ProgressReport) -> ProgressReport:
    return ProgressReport.objects.select_for_update().select_related("assignment__task__program").get(pk=report.pk)


@transaction.atomic
def report_start(*, actor, assignment: Assignment, period_key: str) -> ProgressReport:
    """The agency's report for a period, created as a draft the first time it is opened."""
    if not permissions.can_write_report(actor, assignment):
        raise PermissionDenied(_("Chỉ cán bộ của cơ quan được phân công mới được lập báo cáo này."))
    period = period_get(assignment.task, period_key)
    if period is None:
        raise ValidationError(
            {"period": _("Kỳ báo cáo “%(period)s” không thuộc thời gian của nhiệm vụ.") % {"period": period_key}}
        )
    report, created = ProgressReport.objects.get_or_create(
        assignment=assignment, period=period.key, defaults={"due_date": period.due}
    )
    if created:
        ReportTransition.objects.create(
            report=report, from_state="not_started", to_state=ReportState.DRAFT, actor=actor, at=timezone.now()
        )
    return report


def report_validate(report: ProgressReport, *, for_submit: bool = False) -> None:
    errors: dict[str, str] = {}
    if report.progress == Progress.COMPLETED:
        if not report.completed_on:
            errors["completed_on"] = _("Nhiệm vụ đã hoàn thành phải có ngày hoàn thành.")
        elif report.completed_on > timezone.localdate():
            errors["completed_on"] = _("Ngày hoàn thành không được sau ngày hôm nay.")
        if report.percent_done != 100:
            errors["percent_done"] = _("Nhiệm vụ đã hoàn thành thì tỷ lệ hoàn thành phải là 100%.")
    elif report.completed_on:
        errors["completed_on"] = _("Chỉ ghi ngày hoàn thành khi nhiệm vụ đã hoàn thành.")
    if report.percent_done is not None and not 0 <= report.percent_done <= 100:
        errors["percent_done"] = _("Tỷ lệ hoàn thành phải từ 0 đến 100.")
    if for_submit and not report.results.strip():
        errors["results"] = _("Chưa nhập kết quả đạt được.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def report_save(*, actor, report: ProgressReport, expected_version: int | None) -> ProgressReport:
    """Save the agency's edits to a draft or returned report."""
    stored = _locked_report(report)
    if not permissions.can_write_report(actor, stored.assignment):
        raise PermissionDenied(_("Chỉ cán bộ của cơ quan được phân công mới được sửa báo cáo này."))
    report_require_editable(stored)
    _nfc_fields(report, REPORT_TEXT_FIELDS)
    report.state = stored.state  # the workflow moves only through the transitions below
    report_validate(report)
    report.full_clean(exclude=["version"])
    _stamp(report, actor)
    save_versioned(report, expected_version=expected_version)
    return report


def report_require_editable(report: ProgressReport) -> None:
    """ValidationError saying why a report sent or approved can no longer be edited."""
    if report.state == ReportState.APPROVED:
        raise ValidationError(_("Báo cáo đã được duyệt nên không thể sửa."))
    if not report.is_editable:
        raise ValidationError(_("Báo cáo đã gửi, đang chờ duyệt: không thể sửa."))


@transaction.atomic
def report_submit(*, actor, report: ProgressReport) -> ProgressReport:
    report = _locked_report(report)
    if not permissions.can_write_report(actor, report.assignment):
        raise PermissionDenied(_("Chỉ cán bộ của cơ quan được phân công mới được gửi báo cáo này."))
    if not report.is_editable:
        raise ValidationError(
            _("Chỉ gửi được báo cáo đang soạn hoặc bị trả lại (trạng thái hiện tại: %(state)s).")
            % {"state": report.get_state_display()}
        )
    report_validate(report, for_submit=True)
    _transition(report, to_state=ReportState.SUBMITTED, actor=actor)
    report.submitted_at, report.submitted_by = timezone.now(), actor
    report.review_comment = ""
    _stamp(report, actor)
    report.version += 1
    report.save()
    program = report.assignment.task.program
    url = reverse("programs:report_detail", args=[report.pk])
    _settle_notifications(users=_agency_users(report.assignment.agency_id), url=url)
    notify(
        users=_agency_users(program.lead_agency_id),
        message=_("%(agency)s đã gửi báo cáo nhiệm vụ %(task)s, kỳ %(period)s.")
        % {"agency": report.assignment.agency, "task": report.assignment.task.number, "period": report.period},
        url=url,
    )
    return report


@transaction.atomic
def report_return(*, actor, report: ProgressReport, comment: str) -> ProgressReport:
    report = _locked_report(report)
    if not permissions.can_review_report(actor, report):
        raise PermissionDenied(_("Chỉ cơ quan chủ trì tổng hợp mới được trả lại báo cáo."))
    if report.state != ReportState.SUBMITTED:
        raise ValidationError(_("Chỉ trả lại được báo cáo đã gửi."))
    comment = nfc(comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Khi trả lại báo cáo phải ghi rõ ý kiến để cơ quan sửa.")})
    _transition(report, to_state=ReportState.RETURNED, actor=actor, comment=comment)
    report.review_comment, report.reviewed_at, report.reviewed_by = comment, timezone.now(), actor
    _stamp(report, actor)
    report.version += 1
    report.save()
    _settle_review_notices(report)
    notify(
        users=_agency_users(report.assignment.agency_id),
        message=_("Báo cáo nhiệm vụ %(task)s, kỳ %(period)s bị trả lại: %(comment)s")
        % {"task": report.assignment.task.number, "period": report.period, "comment": comment},
        url=reverse("programs:report_detail", args=[report.pk]),
    )
    return report


@transaction.atomic
def report_approve(*, actor, report: ProgressReport, comment: str = "") -> ProgressReport:
    report = _locked_report(report)
    if not permissions.can_review_report(actor, report):
        raise PermissionDenied(_("Chỉ cơ quan chủ trì tổng hợp mới được duyệt báo cáo."))
    if report.state != ReportState.SUBMITTED:
        raise ValidationError(_("Chỉ duyệt được báo cáo đã gửi."))
    comment = nfc(comment or "").strip()
    _transition(report, to_state=ReportState.APPROVED, actor=actor, comment=comment)
    report.review_comment, report.reviewed_at, report.reviewed_by = comment, timezone.now(), actor
    _stamp(report, actor)
    report.version += 1
    report.save()
    _settle_review_notices(report)
    notify(
        users=_agency_users(report.assignment.agency_id),
        message=_("Báo cáo nhiệm vụ %(task)s, kỳ %(period)s đã được duyệt.")
        % {"task": report.assignment.task.number, "period": report.period},
        url=reverse("programs:report_detail", args=[report.pk]),
    )
    return report


@transaction.atomic
def attachment_add(*, actor, report: ProgressReport, uploaded) -> Attachment:
    report = _locked_report(report)
    if not permissions.can_write_report(actor, report.assignment):
        raise PermissionDenied(_("Chỉ cán bộ của cơ quan được phân công mới được đính kèm minh chứng."))
    if not report.is_editable:
        raise ValidationError(_("Chỉ đính kèm được khi báo cáo đang soạn hoặc bị trả lại."))
    kind = validate_evidence_file(uploaded)
    attachment = Attachment(
        report=report, original_name=nfc(uploaded.name)[:255], size=uploaded.size, kind=kind, uploaded_by=actor
    )
    attachment.file.save(f"{kind}-{timezone.now():%Y%m%d%H%M%S}.{kind}", uploaded, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, actor, attachment: Attachment) -> None:
    report = _locked_report(attachment.report)
    if not permissions.can_write_report(actor, report.assignment):
        raise PermissionDenied(_("Bạn không có quyền xóa minh chứng này."))
    if not report.is_editable:
        raise ValidationError(_("Chỉ xóa được minh chứng khi báo cáo đang soạn hoặc bị trả lại."))
    file = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: file.delete(save=False))


# --- Task table import -----------------------------------------------------------------------------


@transaction.atomic
def task_table_commit(
    *, actor, program: Program, rows: list[dict], journal: list[Written] | None = None, reason: str = ""
) -> dict[str, int]:
    """Write a previewed task table: groups and tasks matched by their number, so importing the
    same table again changes nothing. Every row is validated again; one bad row writes nothing.
    `journal` receives what was written, as an import batch keeps it for undo
    (programs.import_batches); `reason` goes into the history of every record written."""
    if not permissions.can_manage_program(actor, program):
        raise PermissionDenied(_("Bạn không có quyền nhập nhiệm vụ cho chương trình này."))
    table = _TaskTable(actor=actor, program=program, rows=rows, reason=reason)
    for row in rows:
        written = table.group(row) if row["kind"] == "group" else table.task(row)
        if written is not None and journal is not None:
            journal.append(written)
    return table.counts


class _TaskTable:
    """The program's groups and the agencies the rows name, looked up once for a commit."""

    def __init__(self, *, actor, program: Program, rows: list[dict], reason: str):
        self.actor, self.program, self.reason = actor, program, reason
        self.counts = {"created": 0, "updated": 0, "unchanged": 0, "groups": 0}
        self.groups: dict[int, TaskGroup] = {g.number: g for g in program.groups.all()}
        self.agencies = Agency.objects.in_bulk(
            [i for r in rows for i in ([r.get("lead_id")] + list(r.get("coordinating_ids") or [])) if i]
        )

    def group(self, row: dict) -> Written | None:
        number = int(row["number"])
        group = self.groups.get(number)
        if group is not None and group.title == row["content"]:
            return None
        old_title = group.title if group else None
        group = group or TaskGroup(program=self.program, number=number)
        group.title = row["content"]
        if self.reason:
            group._change_reason = self.reason
        task_group_save(actor=self.actor, group=group)
        self.groups[number] = group
        self.counts["groups"] += 1
        diff = {} if old_title is None else {"title": [old_title, group.title]}
        return Written("", row["row"], group.pk, None, old_title is None, diff, {"model": "group", "program_id": self.program.pk})

    def task(self, row: dict) -> Written | None:
        task, values, lead, coordinating = task_table_target(self.program, row, self.groups, self.agencies)
        if task.pk and _task_unchanged(task, values, lead, coordinating):
            self.counts["unchanged"] += 1
            return None
        created = not task.pk
        self.counts["created" if created else "updated"] += 1
        before = {} if created else _task_table_values(task)
        assignments = [] if created else [[a.agency_id, a.role] for a in task.assignments.all()]
        for name, value in values.items():
            setattr(task, name, value)
        if created:
            task.provenance = "entered"
        if self.reason:
            task._change_reason = self.reason
        try:
            task_save(actor=self.actor, task=task, lead_agency=lead, coordinating_agencies=coordinating, check_permission=False)
        except ValidationError as error:
            raise ValidationError(
                _("Dòng %(row)s: %(message)s") % {"row": row["row"], "message": " ".join(error.messages)}
            ) from error
        after = _task_table_values(task)
        diff = {name: [old, after[name]] for name, old in before.items() if old != after[name]}
        data = {"model": "task", "program_id": self.program.pk, "assignments": assignments}
        return Written("", row["row"], task.pk, task.version, created, diff, data)


def task_table_target(program: Program, row: dict, groups: dict, agencies: dict) -> tuple:
    """(the task a row matches by its number, or a new one; the values the row gives it; its lead
    agency; its coordinating agencies). The preview asks the same (task_table_action)."""
    task = None
    if program.pk:
        task = program.tasks.filter(number=row["number"]).prefetch_related("assignments").first()
    values = {
        "group": groups.get(row["group_number"]),
        "number": row["number"],
        "content": row["content"],
        "schedule": row["schedule"],
        "deadline": dt.date.fromisoformat(row["deadline"]) if row["deadline"] else None,
        "due_month": row["due_month"],
        "due_day": row["due_day"],
        "timeframe_text": row["timeframe_text"],
        "expected_output": row["output"],
    }
    lead = agencies.get(row["lead_id"])
    coordinating = [agencies[i] for i in row["coordinating_ids"] if i in agencies]
    return task or Task(program=program), values, lead, coordinating


def task_table_action(program: Program, row: dict, groups: dict, agencies: dict) -> tuple[str, int | None, int | None]:
    """What committing `row` would do: ("create" | "update" | "unchanged", the record's id, its version)."""
    if row["kind"] == "group":
        group = groups.get(int(row["number"]))
        if group is None:
            return "create", None, None
        return ("unchanged" if group.title == row["content"] else "update"), group.pk, None
    task, values, lead, coordinating = task_table_target(program, row, groups, agencies)
    if not task.pk:
        return "create", None, None
    return ("unchanged" if _task_unchanged(task, values, lead, coordinating) else "update"), task.pk, task.version


#: The task fields a task table sets (attnames), as an import batch keeps their values.
TASK_TABLE_FIELDS = ("group_id", "number", "content", "schedule", "deadline", "due_month", "due_day")
TASK_TABLE_FIELDS += ("timeframe_text", "expected_output")


def _task_table_values(task: Task) -> dict:
    return {name: json_value(getattr(task, name)) for name in TASK_TABLE_FIELDS}


def _task_unchanged(task: Task, values: dict, lead, coordinating) -> bool:
    if any(getattr(task, name) != value for name, value in values.items()):
        return False
    current = {(a.agency_id, a.role) for a in task.assignments.all()}
    wanted = {(lead.pk, Assignment.Role.LEAD)} | {(a.pk, Assignment.Role.COORDINATING) for a in coordinating}
    return current == wanted
