"""The demo action program (QĐ 3351/QĐ-UBND) with its tasks and 2021–2025 progress reports.

Idempotent: the program, groups and tasks are matched by decision number and task number and
brought back to the data file's content; progress reports are created only where none exists
(so a demo user's own work is never overwritten). Report states are drawn from a seeded random
generator keyed by task, agency and period, so every run gives the same demo.
"""

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Agency, User
from core.roles import Role
from geo.models import AdminUnit, Edition, Level
from programs.models import (
    Assignment,
    Program,
    Progress,
    ProgressReport,
    Provenance,
    ReportState,
    ReportTransition,
    Schedule,
    Task,
    TaskGroup,
)
from programs.periods import task_periods
from programs.services import _set_assignments

DATA_FILE = Path(__file__).with_name("qd3351.yaml")

#: Agencies the program names, created only when the demo loader of the registry has not yet.
#: Same codes as registry/demo/agencies.py.
AGENCIES = {
    "so-tai-chinh": ("Sở Tài chính", "Sở TC", Agency.Kind.DEPARTMENT),
    "so-nong-nghiep-moi-truong": ("Sở Nông nghiệp và Môi trường", "Sở NN&MT", Agency.Kind.DEPARTMENT),
    "so-cong-thuong": ("Sở Công Thương", "Sở CT", Agency.Kind.DEPARTMENT),
    "so-khoa-hoc-cong-nghe": ("Sở Khoa học và Công nghệ", "Sở KH&CN", Agency.Kind.DEPARTMENT),
    "so-noi-vu": ("Sở Nội vụ", "Sở NV", Agency.Kind.DEPARTMENT),
    "lien-minh-htx": ("Liên minh Hợp tác xã thành phố Đà Nẵng", "Liên minh HTX", Agency.Kind.ALLIANCE),
}
COMMUNE_COUNT = 3


@dataclass
class LoadResult:
    program: Program
    tasks: int
    assignments: int
    reports_created: int


def demo_province() -> AdminUnit | None:
    return AdminUnit.objects.filter(edition=Edition.CURRENT, level=Level.PROVINCE, code=settings.HOPTAC_PROVINCE_CODE).first()


def _agency(code: str, province) -> Agency:
    name, short, kind = AGENCIES[code]
    agency, _created = Agency.objects.get_or_create(
        code=code, defaults={"name": name, "short_name": short, "kind": kind, "province": province}
    )
    return agency


def demo_communes(province) -> list[Agency]:
    """A few commune People's Committees: the demo `xa` login's first, then the lowest codes."""
    communes = list(Agency.objects.filter(kind=Agency.Kind.COMMUNE_COMMITTEE, province=province).order_by("code")[:COMMUNE_COUNT])
    login_agency = _demo_login_commune_agency(province)
    if login_agency is not None and login_agency not in communes:
        communes = [login_agency] + communes[: COMMUNE_COUNT - 1]
    if not communes and province is not None:
        for unit in AdminUnit.objects.current().communes().filter(province=province).order_by("code")[:COMMUNE_COUNT]:
            agency, _created = Agency.objects.get_or_create(
                code=f"ubnd-xa-{unit.code}",
                defaults={
                    "name": f"Ủy ban nhân dân {unit.full_name[:1].lower()}{unit.full_name[1:]}",
                    "short_name": f"UBND {unit.full_name}",
                    "kind": Agency.Kind.COMMUNE_COMMITTEE,
                    "province": province,
                    "commune": unit,
                },
            )
            communes.append(agency)
    return communes


def _demo_login_commune_agency(province) -> Agency | None:
    """The agency of the demo `xa` login, so that it has reports to write; before the demo
    accounts exist, the commune that `demo_accounts` will pick for it (same rule, reused)."""
    user = User.objects.filter(username="xa", agency__kind=Agency.Kind.COMMUNE_COMMITTEE).select_related("agency").first()
    if user is not None:
        return user.agency
    if province is None:
        return None
    try:
        from accounts.management.commands.demo_accounts import busiest_commune

        commune = busiest_commune(province)
    except Exception:  # noqa: BLE001 - no registry data yet: any commune will do for the demo
        return None
    return Agency.objects.filter(kind=Agency.Kind.COMMUNE_COMMITTEE, commune=commune).first()


def _source_note(spec: dict) -> str:
    """The source note, then what was inferred (the page shows both, so no inference passes as published)."""
    note = " ".join(spec["source_note"].split())
    inferred = spec.get("inferred") or []
    if inferred:
        note += "\n" + _("Suy luận, không có trong tin:") + "\n" + "\n".join(f"- {line}" for line in inferred)
    return note


@transaction.atomic
def load_demo_program(*, today: dt.date | None = None, seed: int = 3351) -> LoadResult:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    today = today or timezone.localdate()
    province = demo_province()
    spec = data["program"]
    lead = _agency(spec["lead_agency"], province)
    program, _created = Program.objects.update_or_create(
        decision_number=spec["decision_number"],
        issuer=spec["issuer"],
        defaults={
            "title": " ".join(spec["title"].split()),
            "decision_date": spec["decision_date"],
            "signer": spec["signer"],
            "implements": "\n".join(spec["implements"]),
            "purposes": " ".join(spec["purposes"].split()),
            "requirements": " ".join(spec["requirements"].split()),
            "start_date": spec["start_date"],
            "end_date": spec["end_date"],
            "report_due_month": spec["report_due"][0],
            "report_due_day": spec["report_due"][1],
            "lead_agency": lead,
            "province": province,
            "provenance": Provenance.PUBLISHED,
            "source_note": _source_note(spec),
        },
    )
    communes = demo_communes(province)
    indicator_model = _indicator_model()
    tasks = assignments = 0
    for group_spec in data["groups"]:
        group, _created = TaskGroup.objects.update_or_create(
            program=program,
            number=group_spec["number"],
            defaults={"title": group_spec["title"], "provenance": group_spec["provenance"]},
        )
        for task_spec in group_spec["tasks"]:
            task = Task.objects.filter(program=program, number=task_spec["number"]).first() or Task(program=program)
            task.group = group
            task.number = task_spec["number"]
            task.content = task_spec["content"]
            task.schedule = task_spec["schedule"]
            task.deadline = task_spec.get("deadline")
            task.due_month, task.due_day = (task_spec.get("due") or [None, task_spec.get("due_day")])[:2]
            task.timeframe_text = task_spec.get("timeframe_text", "")
            task.expected_output = task_spec.get("output", "")
            task.provenance = Provenance.ILLUSTRATIVE
            task.save()
            coordinating: list[Agency] = []
            for code in task_spec.get("coordinating", []):
                coordinating.extend(communes if code == "communes" else [_agency(code, province)])
            _set_assignments(
                task, lead_agency=_agency(task_spec["lead"], province), coordinating_agencies=coordinating, actor=None
            )
            if indicator_model is not None:
                task.indicators.set(indicator_model.objects.filter(code__in=task_spec.get("indicators", [])))
            tasks += 1
            assignments += task.assignments.count()
    created = _demo_reports(program=program, today=today, seed=seed)
    return LoadResult(program=program, tasks=tasks, assignments=assignments, reports_created=created)


def _indicator_model():
    from django.apps import apps

    try:
        return apps.get_model("indicators", "Indicator")
    except LookupError:
        return None


def _aware(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


RESULT_PHRASES = (
    "Đã triển khai theo kế hoạch; sản phẩm: {output}.",
    "Đã tổ chức thực hiện, phối hợp với các đơn vị liên quan; kết quả: {output}.",
    "Đã ban hành văn bản triển khai và kiểm tra, đôn đốc thực hiện; {output}.",
)
DIFFICULTIES = (
    "",
    "Kinh phí bố trí còn hạn chế.",
    "Cán bộ theo dõi kinh tế tập thể ở cấp xã kiêm nhiệm, thay đổi thường xuyên.",
    "Một số hợp tác xã chưa chủ động phối hợp cung cấp số liệu.",
)
PROPOSALS = (
    "",
    "Đề nghị bố trí kinh phí hằng năm để triển khai nhiệm vụ.",
    "Đề nghị tổ chức tập huấn nghiệp vụ cho cán bộ cấp xã.",
)


def _demo_reports(*, program: Program, today: dt.date, seed: int) -> int:
    reviewer = User.objects.filter(agency=program.lead_agency, groups__name=str(Role.PROVINCE_OFFICER)).first()
    created = 0
    last_year = min(today.year, program.end_date.year)
    assignments = Assignment.objects.filter(task__program=program).select_related("task__program", "agency")
    for assignment in assignments:
        task = assignment.task
        author = User.objects.filter(agency=assignment.agency).first()
        existing = {r.period: r for r in assignment.reports.all()}
        completed_once = False
        for period in task_periods(task):
            if period.due >= today or completed_once:
                continue
            if period.key in existing:
                report = existing[period.key]
                completed_once = _closes_task(task, report)
                continue
            rng = random.Random(f"{seed}:{task.number}:{assignment.agency.code}:{period.key}")
            recent = period.year >= last_year
            roll = rng.random()
            if recent:
                state = (
                    None
                    if roll < 0.15
                    else ReportState.DRAFT
                    if roll < 0.25
                    else ReportState.SUBMITTED
                    if roll < 0.4
                    else ReportState.RETURNED
                    if roll < 0.5
                    else ReportState.APPROVED
                )
            else:
                state = (
                    None
                    if roll < 0.06
                    else ReportState.RETURNED
                    if roll < 0.1
                    else ReportState.SUBMITTED
                    if roll < 0.13
                    else ReportState.APPROVED
                )
            if state is None:
                continue
            report = _demo_report(assignment, period, state, rng)
            _demo_transitions(report, author=author, reviewer=reviewer, rng=rng)
            completed_once = _closes_task(task, report)
            created += 1
    return created


def _closes_task(task, report) -> bool:
    """An approved completion of a task with a deadline: no report is owed after it."""
    return task.schedule == Schedule.ONCE and report.progress == Progress.COMPLETED and report.state == ReportState.APPROVED


def _demo_report(assignment, period, state, rng) -> ProgressReport:
    task = assignment.task
    if task.schedule == Schedule.ONCE:
        finishing = task.deadline and period.year >= task.deadline.year
        completed = finishing and rng.random() < 0.75
        target = task.deadline
    else:
        completed = rng.random() < 0.75
        target = period.due
    progress = Progress.COMPLETED if completed else Progress.IN_PROGRESS
    completed_on = None
    if completed:
        # Mostly on time; about one in five a few weeks late.
        shift = rng.randint(5, 45) if rng.random() < 0.2 else -rng.randint(0, 40)
        completed_on = target + dt.timedelta(days=shift)
    output = (task.expected_output or "báo cáo kết quả").rstrip(".")
    report = ProgressReport.objects.create(
        assignment=assignment,
        period=period.key,
        due_date=period.due,
        state=ReportState.DRAFT,
        progress=progress,
        percent_done=100 if completed else rng.choice((30, 45, 60, 70, 80, 90)),
        completed_on=completed_on,
        results=rng.choice(RESULT_PHRASES).format(output=output[:1].lower() + output[1:]),
        difficulties=rng.choice(DIFFICULTIES),
        proposals=rng.choice(PROPOSALS),
        provenance=Provenance.ILLUSTRATIVE,
    )
    report._demo_state = state
    return report


def _demo_transitions(report: ProgressReport, *, author, reviewer, rng) -> None:
    state = report._demo_state
    steps = [("not_started", ReportState.DRAFT, report.due_date - dt.timedelta(days=rng.randint(10, 30)), author, "")]
    if state in (ReportState.SUBMITTED, ReportState.RETURNED, ReportState.APPROVED):
        submitted = report.due_date + dt.timedelta(days=rng.randint(-7, 12))
        steps.append((ReportState.DRAFT, ReportState.SUBMITTED, submitted, author, ""))
        report.submitted_at, report.submitted_by = _aware(submitted), author
        if state == ReportState.RETURNED:
            comment = "Đề nghị bổ sung số liệu cụ thể và tài liệu minh chứng."
            steps.append((ReportState.SUBMITTED, ReportState.RETURNED, submitted + dt.timedelta(days=3), reviewer, comment))
            report.review_comment = comment
        if state == ReportState.APPROVED:
            steps.append(
                (ReportState.SUBMITTED, ReportState.APPROVED, submitted + dt.timedelta(days=rng.randint(2, 10)), reviewer, "")
            )
        if state != ReportState.SUBMITTED:
            report.reviewed_at, report.reviewed_by = _aware(steps[-1][2], 15), reviewer
    ReportTransition.objects.bulk_create(
        ReportTransition(report=report, from_state=a, to_state=b, at=_aware(day), actor=actor, comment=comment)
        for a, b, day, actor, comment in steps
    )
    report.state = state
    report.save()
