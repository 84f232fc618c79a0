"""Reads for action-program tracking, scoped by who is asking (programs.permissions).

`program_board` is the one place that computes statuses for a program and a year: the program
page, the agency inbox, the consolidated report and the API all read their figures from it, so
the screens and the documents cannot disagree.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import Agency
from core.jurisdiction import is_admin
from programs import permissions
from programs.models import (
    NOT_STARTED,
    NOT_STARTED_LABEL,
    Assignment,
    Notification,
    Program,
    ProgressReport,
    ReportState,
    Task,
)
from programs.periods import Period, current_period, status_deadline, task_periods
from programs.status import DONE, STATUS_COLORS, TaskStatus, assignment_standing, assignment_status


def programs_visible_to(user) -> QuerySet[Program]:
    programs = Program.objects.select_related("lead_agency", "province")
    if is_admin(user):
        return programs
    if permissions.is_officer(user):
        return programs.filter(Q(province__isnull=True) | Q(province_id=user.province_id))
    return programs.filter(is_published=True)


def agencies_for_program(province) -> QuerySet[Agency]:
    """The agencies a program of `province` may name (its lead, its tasks' agencies): the province's
    own and central bodies without a province; every agency for a national program (None)."""
    agencies = Agency.objects.order_by("kind", "name")
    return agencies if province is None else agencies.filter(Q(province=province) | Q(province__isnull=True))


def program_get(*, user, pk: int) -> Program:
    return programs_visible_to(user).get(pk=pk)


def tasks_of(program: Program) -> QuerySet[Task]:
    return (
        program.tasks.select_related("group", "program")
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("agency").order_by("-role", "agency__name"))
        )
        .order_by("sort_key")
    )


def reports_visible_to(user) -> QuerySet[ProgressReport]:
    reports = ProgressReport.objects.select_related("assignment__task__program", "assignment__agency")
    if is_admin(user):
        return reports
    if permissions.is_officer(user):
        visible = Q(assignment__task__program__province__isnull=True) | Q(assignment__task__program__province_id=user.province_id)
        if user.agency_id:
            visible |= Q(assignment__agency_id=user.agency_id)
        return reports.filter(visible)
    return reports.none()


def report_get(*, user, pk: int) -> ProgressReport:
    return reports_visible_to(user).get(pk=pk)


def assignments_visible_to(user) -> QuerySet[Assignment]:
    assignments = Assignment.objects.select_related("task__program", "task__group", "agency")
    if is_admin(user):
        return assignments
    if permissions.is_officer(user):
        return assignments.filter(Q(task__program__province__isnull=True) | Q(task__program__province_id=user.province_id))
    return assignments.filter(task__program__is_published=True)


# --- The board: statuses of every assignment of a program in a year ---------------------------


@dataclass
class Cell:
    assignment: Assignment
    period: Period
    status: TaskStatus
    report: ProgressReport | None
    deadline: dt.date
    #: The approved report that decides `status` (programs.status.Standing).
    decided_by: ProgressReport | None = None

    @property
    def state(self) -> str:
        return self.report.state if self.report else NOT_STARTED

    @property
    def state_label(self) -> str:
        return self.report.get_state_display() if self.report else str(NOT_STARTED_LABEL)

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def color(self) -> str:
        return STATUS_COLORS[self.status]


@dataclass
class Row:
    task: Task
    period: Period
    cells: list[Cell]

    @property
    def lead_cell(self) -> Cell | None:
        return next((c for c in self.cells if c.assignment.role == Assignment.Role.LEAD), None)

    @property
    def status(self) -> TaskStatus | None:
        """A task's status is its lead agency's: the lead answers for the task (Quy chế VPCP)."""
        lead = self.lead_cell
        return lead.status if lead else None


@dataclass
class AgencyRate:
    agency: Agency
    total: int = 0
    done: int = 0
    overdue: int = 0
    approved_reports: int = 0

    @property
    def rate(self) -> float:
        return 100 * self.done / self.total if self.total else 0.0


@dataclass
class Board:
    program: Program
    year: int
    today: dt.date
    rows: list[Row] = field(default_factory=list)

    @property
    def agencies(self) -> list[Agency]:
        seen: dict[int, Agency] = {}
        for row in self.rows:
            for cell in row.cells:
                seen.setdefault(cell.assignment.agency_id, cell.assignment.agency)
        return sorted(seen.values(), key=lambda a: (a.kind != "so_nganh", a.kind, a.name))

    @property
    def cells(self) -> list[Cell]:
        return [cell for row in self.rows for cell in row.cells]

    def matrix(self) -> list[tuple[Row, list[Cell | None]]]:
        agencies = self.agencies
        matrix = []
        for row in self.rows:
            by_agency = {c.assignment.agency_id: c for c in row.cells}
            matrix.append((row, [by_agency.get(a.pk) for a in agencies]))
        return matrix

    def status_counts(self) -> list[tuple[TaskStatus, int]]:
        counts = Counter(row.status for row in self.rows if row.status)
        return [(status, counts.get(status, 0)) for status in TaskStatus]

    @property
    def task_total(self) -> int:
        return sum(1 for row in self.rows if row.status)

    @property
    def completion_rate(self) -> float:
        total = self.task_total
        return 100 * sum(1 for row in self.rows if row.status in DONE) / total if total else 0.0

    def overdue(self) -> list[Cell]:
        return sorted(
            (c for c in self.cells if c.status == TaskStatus.OVERDUE), key=lambda c: (c.deadline, c.assignment.agency.name)
        )

    def agency_rates(self) -> list[AgencyRate]:
        rates: dict[int, AgencyRate] = {}
        for cell in self.cells:
            rate = rates.setdefault(cell.assignment.agency_id, AgencyRate(cell.assignment.agency))
            rate.total += 1
            rate.done += cell.status in DONE
            rate.overdue += cell.status == TaskStatus.OVERDUE
            rate.approved_reports += cell.state == ReportState.APPROVED
        return sorted(rates.values(), key=lambda r: (-r.rate, r.agency.name))

    def timeline(self) -> list[tuple[dt.date, list[Cell]]]:
        """Due dates of the year in order, each with the assignments due then."""
        by_date: dict[dt.date, list[Cell]] = defaultdict(list)
        for cell in self.cells:
            by_date[cell.period.due].append(cell)
        return sorted(by_date.items())


BOARD_REPORT_FIELDS = (
    "id",
    "assignment_id",
    "period",
    "due_date",
    "state",
    "progress",
    "percent_done",
    "completed_on",
    "submitted_at",
    "reviewed_at",
)


def program_board(
    *,
    program: Program,
    year: int,
    today: dt.date | None = None,
    group_id: int | None = None,
    agency_id: int | None = None,
    status: str | None = None,
) -> Board:
    """Statuses of every assignment of `program` in `year` (each task in its current period)."""
    today = today or timezone.localdate()
    board = Board(program=program, year=year, today=today)
    tasks = tasks_of(program)
    if group_id:
        tasks = tasks.filter(group_id=group_id)
    reports_by_assignment: dict[int, list[ProgressReport]] = defaultdict(list)
    # Only what statuses need, and only up to the year (a task with a deadline looks back at
    # earlier years' completions, never forward): the texts stay in the database.
    reports = ProgressReport.objects.filter(assignment__task__program=program, period__lt=str(year + 1)).only(
        *BOARD_REPORT_FIELDS
    )
    for report in reports:
        reports_by_assignment[report.assignment_id].append(report)
    for task in tasks:
        period = current_period(task, year, today)
        if period is None:
            continue
        deadline = status_deadline(task, period)
        cells = []
        for assignment in task.assignments.all():
            reports = reports_by_assignment.get(assignment.pk, [])
            standing = assignment_standing(task=task, period=period, reports=reports, today=today)
            cells.append(
                Cell(
                    assignment=assignment,
                    period=period,
                    status=standing.status,
                    report=next((r for r in reports if r.period == period.key), None),
                    deadline=deadline,
                    decided_by=standing.report,
                )
            )
        row = Row(task=task, period=period, cells=cells)
        if agency_id and not any(c.assignment.agency_id == agency_id for c in cells):
            continue
        if agency_id:
            row.cells = [c for c in cells if c.assignment.agency_id == agency_id]
        if status and not any(c.status == status for c in row.cells):
            continue
        board.rows.append(row)
    return board


# --- An agency's inbox ------------------------------------------------------------------------


@dataclass
class Owed:
    assignment: Assignment
    period: Period
    report: ProgressReport | None
    status: TaskStatus

    @property
    def state_label(self) -> str:
        return self.report.get_state_display() if self.report else str(NOT_STARTED_LABEL)

    @property
    def is_late(self) -> bool:
        return self.report is None or self.report.state in (ReportState.DRAFT, ReportState.RETURNED)


def agency_inbox(*, agency: Agency, today: dt.date | None = None, horizon_days: int = 90) -> list[Owed]:
    """What `agency` still owes (reports not approved), due by `today + horizon_days`, by due date.

    A task with a deadline that the agency completed (approved) owes nothing in later periods.
    """
    today = today or timezone.localdate()
    limit = today + dt.timedelta(days=horizon_days)
    assignments = (
        Assignment.objects.filter(agency=agency)
        .select_related("task__program__lead_agency", "task__group", "agency")
        .prefetch_related("reports")
    )
    owed: list[Owed] = []
    for assignment in assignments:
        task = assignment.task
        reports = list(assignment.reports.all())
        by_period = {r.period: r for r in reports}
        for period in task_periods(task):
            if period.due > limit:
                continue
            status = assignment_status(task=task, period=period, reports=reports, today=today)
            report = by_period.get(period.key)
            if report is not None and report.state == ReportState.APPROVED:
                continue
            if status in DONE:
                continue
            owed.append(Owed(assignment, period, report, status))
    return sorted(owed, key=lambda o: (o.period.due, o.assignment.task.sort_key))


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def approved_reports(*, program: Program, year: int) -> QuerySet[ProgressReport]:
    """Approved reports of the year's periods ("2024", "2024-Q1".."2024-Q4")."""
    return (
        ProgressReport.objects.filter(assignment__task__program=program, state=ReportState.APPROVED, period__startswith=str(year))
        .select_related("assignment__agency", "assignment__task__group")
        .order_by("assignment__task__sort_key", "-assignment__role", "assignment__agency__name", "period")
    )
