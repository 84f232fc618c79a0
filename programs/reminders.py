"""Reminders and escalation, sent by `manage.py send_reminders` (cron or a systemd timer, daily).

Three kinds, each sent once, remembered by a unique key in `SentReminder`:
- "before": N days (HOPTAC_REMINDER_DAYS_BEFORE, default 7) before a report is due, to the
  assigned agency, while its report is not yet sent;
- "overdue": from the day after the due date (within HOPTAC_REMINDER_OVERDUE_WINDOW days, so a
  missed cron run catches up but old arrears do not flood anyone), to the assigned agency;
- "digest": once per ISO week, to the lead department, listing the agencies that are late.

Each reminder is one transaction: its key, its e-mail and its in-app notifications commit
together, so a failed send is retried on the next run and a successful one is never repeated.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Agency, User
from programs.models import Assignment, Program, ProgressReport, ReportState, SentReminder
from programs.periods import Period, task_periods
from programs.selectors import BOARD_REPORT_FIELDS, program_board
from programs.services import notify
from programs.status import DONE, TaskStatus, assignment_status

SENT_STATES = frozenset({ReportState.SUBMITTED, ReportState.APPROVED})


def days_before() -> int:
    return int(getattr(settings, "HOPTAC_REMINDER_DAYS_BEFORE", 7))


def overdue_window() -> int:
    return int(getattr(settings, "HOPTAC_REMINDER_OVERDUE_WINDOW", 7))


@dataclass
class RunResult:
    sent: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    skipped: int = 0

    @property
    def total(self) -> int:
        return sum(self.sent.values())


def _recipients(agency: Agency) -> tuple[list, list[str]]:
    users = list(User.objects.filter(agency=agency, is_active=True))
    emails = sorted({u.email for u in users if u.email} | ({agency.email} if agency.email else set()))
    return users, emails


def _deliver(*, key: str, kind: str, agency: Agency, subject: str, body: str, message: str, url: str, now, sent: set) -> bool:
    """Send one reminder unless its key was already used; True when sent now.

    `sent` holds the keys known at the start of the run (one query instead of one per reminder);
    the unique key in the database still decides when two runs overlap.
    """
    if key in sent:
        return False
    users, emails = _recipients(agency)
    try:
        with transaction.atomic():
            SentReminder.objects.create(key=key, kind=kind, sent_at=now, recipients=", ".join(emails))
            notify(users=users, message=message, url=url)
            if emails:
                EmailMessage(subject=subject, body=body, to=emails).send()
    except IntegrityError:
        return False  # another run took this key at the same moment
    sent.add(key)
    return True


def _open_periods(assignment: Assignment, today: dt.date) -> list[tuple[Period, object, TaskStatus]]:
    """Periods whose report the agency still owes: not sent, and the task not already done."""
    task = assignment.task
    reports = list(assignment.reports.all())
    by_period = {r.period: r for r in reports}
    owed = []
    for period in task_periods(task):
        report = by_period.get(period.key)
        if report is not None and report.state in SENT_STATES:
            continue
        status = assignment_status(task=task, period=period, reports=reports, today=today)
        if status in DONE:
            continue
        owed.append((period, report, status))
    return owed


def send_reminders(*, today: dt.date | None = None) -> RunResult:
    today = today or timezone.localdate()
    now = timezone.now()
    result = RunResult()
    sent = set(SentReminder.objects.values_list("key", flat=True))
    window_before, window_after = days_before(), overdue_window()
    reports = ProgressReport.objects.only(*BOARD_REPORT_FIELDS)  # statuses need no report texts
    assignments = Assignment.objects.select_related("task__program__lead_agency", "agency").prefetch_related(
        Prefetch("reports", queryset=reports)
    )
    for assignment in assignments:
        task, agency = assignment.task, assignment.agency
        url = reverse("programs:task_detail", args=[task.pk])
        for period, _report, _status in _open_periods(assignment, today):
            values = {
                "task": task.number,
                "content": task.content[:120],
                "program": task.program.decision_number,
                "period": period.label,
                "due": period.due.strftime("%d/%m/%Y"),
                "agency": agency.name,
            }
            if today <= period.due <= today + dt.timedelta(days=window_before):
                kind, key = "before", f"before:{assignment.pk}:{period.key}"
                subject = _("[hoptac] Sắp đến hạn báo cáo nhiệm vụ %(task)s (%(due)s)") % values
                message = _("Sắp đến hạn (%(due)s) báo cáo nhiệm vụ %(task)s – %(period)s, chương trình %(program)s.") % values
            elif period.due < today <= period.due + dt.timedelta(days=window_after):
                kind, key = "overdue", f"overdue:{assignment.pk}:{period.key}"
                subject = _("[hoptac] Quá hạn báo cáo nhiệm vụ %(task)s (hạn %(due)s)") % values
                message = _("Đã quá hạn (%(due)s) báo cáo nhiệm vụ %(task)s – %(period)s, chương trình %(program)s.") % values
            else:
                continue
            body = "\n".join(
                [
                    _("Kính gửi: %(agency)s") % values,
                    "",
                    message,
                    _("Nội dung nhiệm vụ: %(content)s") % values,
                    _("Mở nhiệm vụ để lập và gửi báo cáo: %(url)s") % {"url": _absolute(url)},
                ]
            )
            if _deliver(
                key=key, kind=kind, agency=agency, subject=subject, body=body, message=message, url=url, now=now, sent=sent
            ):
                result.sent[kind] += 1
            else:
                result.skipped += 1
    for program in Program.objects.select_related("lead_agency"):
        if _send_digest(program, today=today, now=now, sent=sent):
            result.sent["digest"] += 1
    return result


def _send_digest(program: Program, *, today: dt.date, now, sent: set) -> bool:
    """Weekly list of late agencies for the lead department (only while the program runs or has arrears)."""
    if today < program.start_date or today > program.end_date + dt.timedelta(days=366):
        return False
    year = min(today.year, program.end_date.year)
    board = program_board(program=program, year=year, today=today)
    late = defaultdict(list)
    for cell in board.overdue():
        late[cell.assignment.agency.name].append(
            f"{cell.assignment.task.number} ({cell.period.label}, hạn {cell.deadline:%d/%m/%Y})"
        )
    if not late:
        return False
    iso = today.isocalendar()
    key = f"digest:{program.pk}:{iso.year}-W{iso.week:02d}"
    url = reverse("programs:program_detail", args=[program.pk]) + f"?year={year}&status=overdue"
    lines = [
        _("Kính gửi: %(agency)s") % {"agency": program.lead_agency.name},
        "",
        _("Các cơ quan chậm thực hiện nhiệm vụ của chương trình %(program)s (năm %(year)s):")
        % {"program": program.decision_number, "year": year},
    ]
    for agency, tasks in sorted(late.items()):
        lines.append(f"- {agency}: {'; '.join(tasks)}")
    lines += ["", _("Xem chi tiết: %(url)s") % {"url": _absolute(url)}]
    return _deliver(
        key=key,
        kind="digest",
        agency=program.lead_agency,
        subject=_("[hoptac] Tổng hợp tuần: %(count)s cơ quan chậm thực hiện chương trình %(program)s")
        % {"count": len(late), "program": program.decision_number},
        body="\n".join(lines),
        message=_("Tổng hợp tuần: %(count)s cơ quan chậm thực hiện chương trình %(program)s.")
        % {"count": len(late), "program": program.decision_number},
        url=url,
        now=now,
        sent=sent,
    )


def _absolute(path: str) -> str:
    return getattr(settings, "HOPTAC_SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path
