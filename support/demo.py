"""Demo support data for the demo province, 2021–2025 (`manage.py support_demo_load --seed N`).

Volumes and amounts follow what a province of ~450 HTX reports: a few hundred support records a
year, mostly small training and trade-promotion amounts, a few infrastructure projects of
hundreds of millions to a few billion đồng; 30–50 awareness and training activities a year; an
Alliance with a hundred-odd members and a development fund lending 200 million – 2 billion đồng
per loan. Every row passes the same checks as entered data (organization alive on the date,
policy in force); rows are written with their history (simple-history bulk helpers).
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from accounts.models import Agency
from geo.models import REFORM_DATE, AdminUnit
from registry.models import Field, Organization, OrganizationKind
from support.loans import equal_schedule
from support.models import (
    Activity,
    ActivityKind,
    AllianceMembership,
    AllianceService,
    FundLoan,
    LoanInstallment,
    LoanRepayment,
    ServiceKind,
    SupportPolicy,
    SupportRecord,
    SupportType,
)
from support.policies import policies_sync
from support.services import organization_alive_error

YEARS = range(2021, 2026)

#: support type → (weight, amount range in đồng, implementing department code, in-kind text or "")
TYPE_PROFILE = {
    SupportType.TRAINING: (30, (3_000_000, 40_000_000), "lien-minh-htx", ""),
    SupportType.TRADE: (22, (10_000_000, 120_000_000), "so-cong-thuong", ""),
    SupportType.SCIENCE: (10, (40_000_000, 600_000_000), "so-khoa-hoc-cong-nghe", ""),
    SupportType.ESTABLISHMENT: (12, (10_000_000, 30_000_000), "so-tai-chinh", ""),
    SupportType.INFRASTRUCTURE: (8, (300_000_000, 3_500_000_000), "so-nong-nghiep-moi-truong", ""),
    SupportType.CREDIT: (6, (5_000_000, 60_000_000), "lien-minh-htx", ""),
    SupportType.LAND: (3, (0, 0), "so-nong-nghiep-moi-truong", "Giao đất, cho thuê đất làm trụ sở, nhà xưởng"),
    SupportType.OTHER: (4, (20_000_000, 200_000_000), "so-tai-chinh", ""),
}
CONTENTS = {
    SupportType.TRAINING: [
        "Hỗ trợ học phí lớp bồi dưỡng giám đốc HTX",
        "Hỗ trợ đào tạo kế toán HTX",
        "Hỗ trợ cán bộ trẻ về làm việc tại HTX",
    ],
    SupportType.TRADE: [
        "Hỗ trợ tham gia hội chợ OCOP",
        "Hỗ trợ thiết kế nhãn hiệu, bao bì",
        "Hỗ trợ gian hàng trên sàn thương mại điện tử",
    ],
    SupportType.SCIENCE: [
        "Hỗ trợ ứng dụng quy trình VietGAP",
        "Hỗ trợ máy sấy nông sản",
        "Hỗ trợ phần mềm quản lý, truy xuất nguồn gốc",
    ],
    SupportType.ESTABLISHMENT: ["Hỗ trợ tư vấn thành lập mới HTX", "Hỗ trợ tổ chức lại HTX theo Luật HTX 2023"],
    SupportType.INFRASTRUCTURE: ["Hỗ trợ xây dựng nhà sơ chế", "Hỗ trợ kho bảo quản nông sản", "Hỗ trợ kênh mương nội đồng"],
    SupportType.CREDIT: ["Hỗ trợ lãi suất vốn vay sản xuất", "Hỗ trợ lãi suất vay đầu tư máy móc"],
    SupportType.LAND: ["Cho thuê đất làm trụ sở HTX", "Giao đất xây dựng cơ sở sơ chế"],
    SupportType.OTHER: ["Hỗ trợ từ dự án phát triển chuỗi giá trị", "Hỗ trợ từ chương trình nông thôn mới"],
}
ACTIVITY_PROFILE = {
    ActivityKind.CONFERENCE: ("Hội nghị quán triệt Kết luận 70-KL/TW và Luật HTX 2023", (80, 300), (0.3, 0.2, 0.4)),
    ActivityKind.TRAINING: ("Lớp bồi dưỡng quản trị, kế toán HTX", (30, 80), (0.5, 0.4, 0.05)),
    ActivityKind.CAMPAIGN: ("Tuyên truyền mô hình HTX kiểu mới trên báo, đài", (200, 1500), (0.05, 0.6, 0.05)),
    ActivityKind.STUDY_TOUR: ("Tham quan học tập mô hình HTX điển hình", (15, 40), (0.6, 0.2, 0.2)),
}


@dataclass
class DemoResult:
    records: int = 0
    activities: int = 0
    members: int = 0
    services: int = 0
    loans: int = 0
    skipped: bool = False


def has_support_data(province: AdminUnit) -> bool:
    in_province = {"organization__province": province}
    return (
        SupportRecord.objects.filter(**in_province).exists()
        or Activity.objects.filter(province=province).exists()
        or AllianceMembership.objects.filter(**in_province).exists()
        or FundLoan.objects.filter(borrower__province=province).exists()
    )


def clear_support(province: AdminUnit) -> None:
    """Remove the province's support rows (so the registry demo can be rebuilt after them)."""
    LoanRepayment.objects.filter(loan__borrower__province=province).delete()
    LoanInstallment.objects.filter(loan__borrower__province=province).delete()
    FundLoan.objects.filter(borrower__province=province).delete()
    AllianceService.objects.filter(organization__province=province).delete()
    AllianceMembership.objects.filter(organization__province=province).delete()
    Activity.objects.filter(province=province).delete()
    SupportRecord.objects.filter(organization__province=province).delete()


def _date_in(rng: random.Random, year: int, today: dt.date) -> dt.date | None:
    end = min(dt.date(year, 12, 31), today)
    start = dt.date(year, 1, 1)
    if end < start:
        return None
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _round(amount: int, step: int = 500_000) -> int:
    return max(step, amount // step * step) if amount else 0


class _Context:
    def __init__(self, province: AdminUnit, rng: random.Random, today: dt.date):
        self.rng, self.today, self.province = rng, today, province
        self.organizations = list(
            Organization.objects.filter(province=province)
            .select_related("commune", "legacy_commune")
            .prefetch_related("status_events")
            .order_by("pk")
        )
        self.cooperatives = [o for o in self.organizations if o.kind in (OrganizationKind.COOPERATIVE, OrganizationKind.UNION)]
        self.agencies = {a.code: a for a in Agency.objects.filter(Q(province=province) | Q(province__isnull=True))}
        self.policies = list(SupportPolicy.objects.all())
        self.tasks = self._tasks()

    def _tasks(self) -> dict[int, list]:
        from programs.models import Task

        tasks: dict[int, list] = {}
        for task in Task.objects.select_related("group").order_by("pk"):
            tasks.setdefault(task.group.number, []).append(task)
        return tasks

    def task_of(self, group: int):
        candidates = self.tasks.get(group) or []
        return self.rng.choice(candidates) if candidates and self.rng.random() < 0.7 else None

    def policy_for(self, support_type: str, day: dt.date) -> SupportPolicy | None:
        valid = [p for p in self.policies if p.support_type == support_type and p.is_valid_on(day)]
        # Provincial policies carry most of the money where they exist.
        valid.sort(key=lambda p: p.funding_source != "tinh")
        return valid[0] if valid and self.rng.random() < 0.7 else (self.rng.choice(valid) if valid else None)

    def alive(self, organization: Organization, day: dt.date) -> bool:
        return organization_alive_error(organization, day) is None

    def local_agency(self, organization: Organization, day: dt.date) -> Agency | None:
        """The commune's People's Committee after the reform; the old district's before it."""
        if day >= REFORM_DATE:
            return self.agencies.get(f"ubnd-xa-{organization.commune.code}")
        legacy = organization.legacy_commune
        return self.agencies.get(f"ubnd-huyen-{legacy.parent.code}") if legacy and legacy.parent_id else None


def _records(ctx: _Context) -> list[SupportRecord]:
    rng, rows = ctx.rng, []
    types = list(TYPE_PROFILE)
    weights = [TYPE_PROFILE[t][0] for t in types]
    for year in YEARS:
        for number in range(rng.randint(160, 240)):
            day = _date_in(rng, year, ctx.today)
            support_type = rng.choices(types, weights)[0]
            policy = ctx.policy_for(support_type, day) if day else None
            organization = rng.choice(ctx.cooperatives if rng.random() < 0.85 else ctx.organizations)
            if policy is None or not ctx.alive(organization, day):
                continue
            _weight, (low, high), department, in_kind = TYPE_PROFILE[support_type]
            amount = _round(int(rng.triangular(low, high, low + (high - low) * 0.2))) if high else 0
            local = ctx.local_agency(organization, day)
            agency = (
                local
                if local and rng.random() < 0.35 and support_type != SupportType.INFRASTRUCTURE
                else ctx.agencies.get(department)
            )
            if agency is None:
                continue
            rows.append(
                SupportRecord(
                    code=f"MAU-{year}-{number + 1:04d}",
                    organization=organization,
                    policy=policy,
                    agency=agency,
                    supported_on=day,
                    amount=amount,
                    in_kind=in_kind,
                    content=rng.choice(CONTENTS[support_type]),
                    decision_ref=f"{rng.randint(100, 3500)}/QĐ-{'UBND' if amount > 100_000_000 else 'SNN'}",
                    task=ctx.task_of(4),
                )
            )
    return rows


def _activities(ctx: _Context) -> list[Activity]:
    rng, rows = ctx.rng, []
    kinds = list(ACTIVITY_PROFILE)
    communes = list(AdminUnit.objects.current().communes().filter(province=ctx.province).order_by("code"))
    for year in YEARS:
        for number in range(rng.randint(30, 50)):
            day = _date_in(rng, year, ctx.today)
            if day is None:
                continue
            kind = rng.choices(kinds, [3, 5, 2, 1])[0]
            title, (low, high), shares = ACTIVITY_PROFILE[kind]
            participants = rng.randint(low, high)
            managers, members, officials = (int(participants * share * rng.uniform(0.8, 1.0)) for share in shares)
            commune = rng.choice(communes) if communes and rng.random() < 0.5 else None
            agency = ctx.agencies.get(rng.choice(["lien-minh-htx", "so-tai-chinh", "so-nong-nghiep-moi-truong", "so-noi-vu"]))
            if commune is not None and day >= REFORM_DATE and rng.random() < 0.5:
                agency = ctx.agencies.get(f"ubnd-xa-{commune.code}") or agency
            if agency is None:
                continue
            group = (
                1 if kind in (ActivityKind.CONFERENCE, ActivityKind.CAMPAIGN) else (5 if agency.code == "lien-minh-htx" else 4)
            )
            rows.append(
                Activity(
                    code=f"MAU-HD-{year}-{number + 1:03d}",
                    kind=kind,
                    title=f"{title} năm {year}",
                    started_on=day,
                    ended_on=day + dt.timedelta(days=rng.choice([0, 0, 1, 2, 4]))
                    if kind != ActivityKind.CAMPAIGN
                    else day + dt.timedelta(days=30),
                    agency=agency,
                    province=ctx.province,
                    commune=commune,
                    location=commune.full_name if commune else "Hội trường UBND thành phố",
                    audience="Cán bộ quản lý, thành viên HTX; cán bộ phụ trách kinh tế tập thể",
                    participants=participants,
                    participants_managers=managers,
                    participants_members=members,
                    participants_officials=officials,
                    topics="Luật HTX 2023; NĐ 113/2024/NĐ-CP; quản trị, tài chính, chuyển đổi số trong HTX",
                    materials="Tài liệu hội nghị; sổ tay hướng dẫn thành lập, tổ chức lại HTX",
                    cost=_round(participants * rng.randint(150_000, 600_000)),
                    task=ctx.task_of(group),
                )
            )
    return rows


def _alliance(ctx: _Context) -> tuple[list, list, list[tuple[FundLoan, list, list]]]:
    rng = ctx.rng
    members, services, loans = [], [], []
    candidates = [o for o in ctx.cooperatives if o.field != Field.FINANCE]
    for organization in rng.sample(candidates, k=min(len(candidates), 130)):
        founded = organization.founded_on or organization.registered_on or dt.date(2015, 1, 1)
        joined = max(founded, dt.date(2012, 1, 1)) + dt.timedelta(days=rng.randint(30, 900))
        if joined > ctx.today or not ctx.alive(organization, joined):
            continue
        members.append(
            AllianceMembership(organization=organization, joined_on=joined, decision_ref=f"{rng.randint(10, 400)}/QĐ-LMHTX")
        )
    for year in YEARS:
        for _number in range(rng.randint(40, 70)):
            day = _date_in(rng, year, ctx.today)
            organization = rng.choice(ctx.cooperatives)
            if day is None or not ctx.alive(organization, day):
                continue
            kind = rng.choices(list(ServiceKind.values), [4, 3, 3, 3, 1])[0]
            description = {
                "tu_van": "Tư vấn xây dựng phương án sản xuất, kinh doanh",
                "phap_ly": "Tư vấn sửa đổi điều lệ theo Luật HTX 2023",
                "dao_tao": "Tập huấn nghiệp vụ kế toán, quản trị",
                "ket_noi_thi_truong": "Kết nối tiêu thụ sản phẩm với hệ thống siêu thị",
                "khac": "Hỗ trợ hồ sơ tham gia chương trình OCOP",
            }[kind]
            services.append(
                AllianceService(organization=organization, kind=kind, provided_on=day, description=description, fee=0)
            )
        for number in range(rng.randint(10, 18)):
            day = _date_in(rng, year, ctx.today)
            borrower = rng.choice(candidates)
            if day is None or not ctx.alive(borrower, day):
                continue
            principal = _round(int(rng.triangular(200_000_000, 2_000_000_000, 500_000_000)), 10_000_000)
            rate = rng.choice(["4.80", "5.40", "6.00", "6.60"])
            term = rng.choice([24, 36, 36, 48, 60])
            loan = FundLoan(
                contract_no=f"MAU-{number + 1:02d}/{year}/HĐTD-QHTX",
                borrower=borrower,
                principal=principal,
                annual_rate=rate,
                term_months=term,
                disbursed_on=day,
                purpose=rng.choice(["Mua máy móc, thiết bị", "Vốn lưu động thu mua nông sản", "Xây dựng kho, xưởng sơ chế"]),
            )
            schedule = equal_schedule(
                principal=principal, annual_rate=loan.annual_rate, disbursed_on=day, term_months=term, every_months=6
            )
            # Most borrowers pay each instalment a few days early or late; about one in sixteen stops paying.
            stops_after = rng.randint(0, len(schedule)) if rng.random() < 0.06 else len(schedule)
            repayments = []
            for index, row in enumerate(schedule):
                paid_on = row.due_on + dt.timedelta(days=rng.randint(-10, 12))
                if index >= stops_after or paid_on > ctx.today:
                    break
                repayments.append(LoanRepayment(paid_on=max(paid_on, day), principal=row.principal, interest=row.interest))
            loans.append((loan, schedule, repayments))
    return members, services, loans


@transaction.atomic
def load_demo(*, province: AdminUnit, seed: int, replace: bool = False, today: dt.date | None = None) -> DemoResult:
    policies_sync()
    if has_support_data(province):
        if not replace:
            return DemoResult(skipped=True)
        clear_support(province)
    ctx = _Context(province, random.Random(seed), today or dt.date.today())
    if not ctx.organizations:
        raise ValueError("no organizations")
    result = DemoResult()
    records = _records(ctx)
    bulk_create_with_history(records, SupportRecord, batch_size=500)
    activities = _activities(ctx)
    for activity in activities:
        activity.save()  # save() computes the search key; history is written by the signal
    members, services, loans = _alliance(ctx)
    bulk_create_with_history(members, AllianceMembership, batch_size=500)
    bulk_create_with_history(services, AllianceService, batch_size=500)
    for loan, schedule, repayments in loans:
        loan.save()
        bulk_create_with_history(
            [LoanInstallment(loan=loan, due_on=r.due_on, principal=r.principal, interest=r.interest) for r in schedule],
            LoanInstallment,
        )
        for repayment in repayments:
            repayment.loan = loan
        bulk_create_with_history(repayments, LoanRepayment)
    result.records, result.activities = len(records), len(activities)
    result.members, result.services, result.loans = len(members), len(services), len(loans)
    return result
