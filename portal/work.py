"""What each signed-in person has to do now ("Việc của tôi"), gathered from every app.

portal sits above every domain app (design.md), so it may read their selectors directly. Each role
gets sections of items; an item is one link away from being done. The badge in the menu is the number
of items marked `todo`, computed from the same lists the page shows, so the two always agree and an
item leaves both as soon as the work is done (a report approved, a sheet accepted, a batch committed).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.cache import get_or_compute
from core.jurisdiction import is_admin
from core.roles import Role
from evaluation.models import EDITABLE_STATUSES, Assessment, AssessmentStatus
from evaluation.selectors import assessments_to_review
from imports.models import BatchStatus, ImportBatch
from imports.selectors import batches_visible_to
from indicators.freshness import data_fingerprint
from programs.models import ProgressReport, ReportState
from programs.selectors import agency_inbox, reports_visible_to, unread_count
from registry.models import Organization, Status
from registry.reporting import reporting_period
from registry.selectors import organizations_visible_to
from reports.queued import documents_asked_by
from reports.queued import kind as queued_kind  # `kind` alone reads as the section's own
from support.selectors import records_for_organization

#: Batches still on their way: the officer has to wait for them or (READY) confirm them.
BATCHES_IN_PROGRESS = (
    BatchStatus.PENDING,
    BatchStatus.READING,
    BatchStatus.VALIDATING,
    BatchStatus.READY,
    BatchStatus.COMMITTING,
)
#: Roles that keep the register, so review self-assessments (evaluation.permissions).
REGISTER_KEEPERS = (Role.ADMIN, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER)
#: Roles whose agency is assigned program tasks and reports on them.
REPORTING_AGENCIES = (Role.PROVINCE_OFFICER, Role.DEPARTMENT_OFFICER, Role.COMMUNE_OFFICER, Role.ALLIANCE_OFFICER)
#: Sections of the home whose items are decided in the queue (portal.queue).
REVIEW_KEYS = frozenset({"reports", "sheets", "imports"})
#: The missing-reports summary is also bounded in time: a user's jurisdiction can change without a
#: write to the tables of the fingerprint.
MISSING_REPORTS_CACHE_SECONDS = 300
#: How many rows a section lists; its count still says how many there are.
SECTION_LIMIT = 20


@dataclass
class Item:
    label: str
    url: str
    detail: str = ""
    todo: bool = True
    late: bool = False
    pk: int | None = None  # the record's id, for bulk actions (portal.queue)
    #: The link starts something (a progress report): the page sends it as a one-button form, since
    #: a plain link (GET) must not create records.
    post: bool = False


@dataclass
class Section:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    total: int | None = None  # when the list is cut at SECTION_LIMIT
    counted: bool = True  # False: listed for the person's information, never part of the badge

    @property
    def count(self) -> int:
        if not self.counted:
            return 0
        return self.total if self.total is not None else sum(1 for item in self.items if item.todo)


def _short(text: str) -> str:
    return Truncator(text).chars(90)


def _day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def annual_report_year(today: dt.date) -> int:
    """The reporting year whose annual report is due next or was due last: the current year's."""
    return today.year


def evaluation_year(today: dt.date) -> int:
    """The year whose self-assessment is under way (the evaluation pages' default: from November)."""
    return today.year if today.month >= 11 else today.year - 1


def last_closed_report_year(today: dt.date) -> int:
    """The latest reporting year whose deadline has passed: its missing reports are late."""
    period = reporting_period(today.year)
    return today.year if period is not None and today > period.due_on else today.year - 1


# --- The cooperative -------------------------------------------------------------------------


def _annual_report_item(organization: Organization, today: dt.date) -> Item:
    year = annual_report_year(today)
    period = reporting_period(year)
    report = organization.annual_reports.filter(year=year).first()
    due = _("hạn %(day)s") % {"day": _day(period.due_on)} if period else _("chưa có hạn theo văn bản")
    if report is not None:
        return Item(
            _("Báo cáo năm %(year)s: đã nộp") % {"year": year},
            reverse("registry:annual_report_update", args=[organization.pk, report.pk]),
            due,
            todo=False,
        )
    return Item(
        _("Báo cáo năm %(year)s: chưa nộp") % {"year": year},
        reverse("registry:annual_report_create", args=[organization.pk]) + f"?year={year}",
        due,
        late=period is not None and today > period.due_on,
    )


def _assessment_item(organization: Organization, today: dt.date) -> Item:
    year = evaluation_year(today)
    url = reverse("evaluation:assessment", args=[organization.pk, year])
    sheet = Assessment.objects.filter(organization=organization, year=year).first()
    if sheet is None:
        return Item(_("Phiếu tự đánh giá năm %(year)s: chưa bắt đầu") % {"year": year}, url)
    detail = sheet.review_comment if sheet.status == AssessmentStatus.RETURNED else ""
    return Item(
        _("Phiếu tự đánh giá năm %(year)s: %(state)s") % {"year": year, "state": sheet.get_status_display()},
        url,
        detail,
        todo=sheet.status in EDITABLE_STATUSES,
        late=sheet.status == AssessmentStatus.RETURNED,
    )


def cooperative_sections(user, today: dt.date) -> list[Section]:
    sections = []
    for organization in organizations_visible_to(user).filter(representatives=user).order_by("name"):
        page = reverse("registry:organization_detail", args=[organization.pk])
        members = organization.members.filter(left_on__isnull=True).count()
        support = records_for_organization(user=user, organization=organization).count()
        sections.append(
            Section(
                f"org-{organization.pk}",
                organization.name,
                [
                    _annual_report_item(organization, today),
                    _assessment_item(organization, today),
                    Item(_("Trang của tổ chức"), page, organization.registration_code, todo=False),
                    Item(_("Thành viên: %(n)s người đang là thành viên") % {"n": members}, page + "#thanh-vien", todo=False),
                    Item(_("Hỗ trợ đã nhận: %(n)s lần") % {"n": support}, page, todo=False),
                ],
            )
        )
    return sections


# --- Officers ---------------------------------------------------------------------------------


def reports_to_approve(user) -> QuerySet[ProgressReport]:
    """Progress reports sent to a program whose lead agency is the user's (programs.permissions.is_reviewer)."""
    reports = reports_visible_to(user).filter(state=ReportState.SUBMITTED)
    if is_admin(user):
        return reports
    if not (user.has_role(Role.PROVINCE_OFFICER) and user.agency_id):
        return reports.none()
    return reports.filter(assignment__task__program__lead_agency_id=user.agency_id)


def sheets_to_review(user) -> QuerySet[Assessment]:
    if not (is_admin(user) or user.has_role(*REGISTER_KEEPERS)):
        return Assessment.objects.none()
    return assessments_to_review(user).select_related("organization")


def batches_in_progress(user) -> QuerySet[ImportBatch]:
    return batches_visible_to(user).filter(status__in=BATCHES_IN_PROGRESS).order_by("-created_at")


def organizations_missing_report(user, year: int) -> QuerySet[Organization]:
    return (
        organizations_visible_to(user)
        .filter(Q(registered_on__isnull=True) | Q(registered_on__lte=dt.date(year, 12, 31)), current_status=Status.OPERATING)
        .exclude(annual_reports__year=year)
        .order_by("name")
    )


def _cut(section: Section, items: list[Item], total: int) -> Section:
    section.items = items[:SECTION_LIMIT]
    section.total = total
    return section


def report_item(report: ProgressReport) -> Item:
    task = report.assignment.task
    return Item(
        f"{task.number} · {_short(task.content)}",
        reverse("programs:report_detail", args=[report.pk]),
        _("%(agency)s, kỳ %(period)s") % {"agency": report.assignment.agency.name, "period": report.period},
        pk=report.pk,
    )


def sheet_item(sheet: Assessment) -> Item:
    organization = sheet.organization
    return Item(
        organization.name,
        reverse("evaluation:assessment", args=[organization.pk, sheet.year]),
        _("%(commune)s, năm %(year)s") % {"commune": organization.commune or "", "year": sheet.year},
        pk=sheet.pk,
    )


def batch_item(batch: ImportBatch) -> Item:
    return Item(
        batch.file_name or batch.get_kind_display(),
        reverse("imports:batch_detail", args=[batch.pk]),
        _("%(kind)s – %(status)s, %(day)s")
        % {"kind": batch.get_kind_display(), "status": batch.get_status_display(), "day": _day(batch.created_at.date())},
        todo=batch.status == BatchStatus.READY,
        pk=batch.pk,
    )


def review_sections(user) -> list[Section]:
    sections = []
    reports = reports_to_approve(user).order_by("submitted_at", "pk")
    if reports.exists():
        items = [report_item(r) for r in reports[:SECTION_LIMIT]]
        sections.append(_cut(Section("reports", _("Báo cáo tiến độ chờ duyệt")), items, reports.count()))
    sheets = sheets_to_review(user).select_related("organization__commune").order_by("submitted_at", "pk")
    if sheets.exists():
        items = [sheet_item(s) for s in sheets[:SECTION_LIMIT]]
        sections.append(_cut(Section("sheets", _("Phiếu tự đánh giá chờ xem xét")), items, sheets.count()))
    return sections


def officer_sections(user, today: dt.date) -> list[Section]:
    sections = review_sections(user)
    batches = batches_in_progress(user)
    if batches.exists():
        items = [batch_item(b) for b in batches[:SECTION_LIMIT]]
        sections.append(
            _cut(Section("imports", _("Lô nhập đang xử lý")), items, batches.filter(status=BatchStatus.READY).count())
        )
    if user.has_role(Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER) or is_admin(user):
        year = last_closed_report_year(today)
        total, rows = missing_reports_summary(user, year)
        if total:
            items = [Item(name, reverse("registry:organization_detail", args=[pk]), code, late=True) for pk, name, code in rows]
            title = _("Tổ chức chưa nộp báo cáo năm %(year)s") % {"year": year}
            sections.append(_cut(Section("missing", title), items, total))
    return sections


def missing_reports_summary(user, year: int) -> tuple[int, list[tuple[int, str, str]]]:
    """How many of the user's organizations lack the year's report, and the first of them.

    The menu badge shows this on every page, and over a province it scans every organization and
    its reports: the answer is kept under the registry's data fingerprint (indicators.freshness),
    so it is recomputed only after a write to the tables it reads, in any process.
    """

    def summarise():
        missing = organizations_missing_report(user, year)
        return missing.count(), list(missing.values_list("pk", "name", "registration_code")[:SECTION_LIMIT])

    key = f"portal:missing-reports:{user.pk}:{year}:{data_fingerprint()}"
    return get_or_compute(key, summarise, timeout=MISSING_REPORTS_CACHE_SECONDS)


def agency_sections(user, today: dt.date) -> list[Section]:
    """What the user's agency owes (tasks and reports due, overdue first) and what came back to it."""
    if not (user.agency_id and user.has_role(*REPORTING_AGENCIES)):
        return []
    sections = []
    owed = agency_inbox(agency=user.agency, today=today)
    if owed:
        items = [
            Item(
                f"{o.assignment.task.number} · {_short(o.assignment.task.content)}",
                reverse("programs:report_detail", args=[o.report.pk])
                if o.report
                else reverse("programs:report_open", args=[o.assignment.pk, o.period.key]),
                _("%(period)s, hạn %(day)s – %(state)s")
                % {"period": o.period.label, "day": _day(o.period.due), "state": o.state_label},
                late=o.period.due < today,
                post=o.report is None,
            )
            for o in owed
        ]
        sections.append(_cut(Section("owed", _("Nhiệm vụ, báo cáo cơ quan phải gửi")), items, len(items)))
    returned = ProgressReport.objects.filter(assignment__agency_id=user.agency_id, state=ReportState.RETURNED).select_related(
        "assignment__task"
    )
    if returned.exists():
        items = [
            Item(
                f"{r.assignment.task.number} · {_short(r.assignment.task.content)}",
                reverse("programs:report_detail", args=[r.pk]),
                r.review_comment,
                late=True,
            )
            for r in returned.order_by("pk")[:SECTION_LIMIT]
        ]
        sections.append(_cut(Section("returned", _("Báo cáo bị trả lại")), items, returned.count()))
    return sections


def alliance_section() -> Section:
    """The Alliance's own registers, one click away (what it owes as an agency comes from agency_sections)."""
    return Section(
        "alliance",
        _("Liên minh HTX"),
        [
            Item(_("Thành viên Liên minh"), reverse("support:member_list"), todo=False),
            Item(_("Dịch vụ cho thành viên"), reverse("support:service_list"), todo=False),
            Item(_("Quỹ hỗ trợ phát triển HTX"), reverse("support:loan_list"), todo=False),
        ],
    )


# --- Everyone -----------------------------------------------------------------------------------


def documents_section(user) -> Section | None:
    """The large documents the person asked for (built by the worker): where to find one again after
    leaving its status page. Information, not work: it never adds to the badge."""
    documents = documents_asked_by(user)
    total = documents.count()
    if not total:
        return None
    items = [
        Item(
            str(queued_kind(document.kind).label),
            reverse("reports:queued_status", args=[document.pk]),
            _("%(file)s: %(status)s, yêu cầu lúc %(time)s %(day)s")
            % {
                "file": document.filename,
                "status": document.get_status_display(),
                "time": timezone.localtime(document.created_at).strftime("%H:%M"),
                "day": _day(timezone.localtime(document.created_at).date()),
            },
            todo=False,
        )
        for document in documents[:SECTION_LIMIT]
    ]
    return _cut(Section("documents", _("Văn bản bạn đã yêu cầu"), counted=False), items, total)


def work_sections(user, *, today: dt.date | None = None) -> list[Section]:
    """The sections of the user's home, in the order they are shown."""
    today = today or timezone.localdate()
    sections: list[Section] = []
    if user.has_role(Role.COOPERATIVE):
        sections += cooperative_sections(user, today)
    if is_admin(user) or user.has_role(Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER, Role.DEPARTMENT_OFFICER):
        sections += officer_sections(user, today)
    sections += agency_sections(user, today)
    if user.has_role(Role.ALLIANCE_OFFICER):
        sections.append(alliance_section())
    documents = documents_section(user)
    if documents is not None:
        sections.append(documents)
    unread = unread_count(user)
    if unread:
        sections.append(
            Section(
                "notifications",
                _("Thông báo chưa đọc"),
                [Item(_("%(n)s thông báo mới") % {"n": unread}, reverse("programs:notifications"))],
                total=unread,
            )
        )
    return sections


def work_count(user) -> int:
    """The menu badge: the number of items waiting, the same count the page adds up."""
    if not user.is_authenticated:
        return 0
    return sum(section.count for section in work_sections(user))
