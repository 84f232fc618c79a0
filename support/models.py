"""Support policies and what was done under them: support records, awareness and training
activities, and the provincial Cooperative Alliance (members, services, development-fund loans).

Policies are versioned data (support/rules/policies.yaml, loaded by `support_policies_load`),
each naming its legal basis, period and verification status. Records point at a policy and an
organization of the registry; the checks that need several tables (organization alive on the
date, policy in force) live in services.py so that pages, API and imports share them.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, VersionedModel
from core.text import search_key


class SupportType(models.TextChoices):
    """Support contents (Luật HTX 2023 Điều 20; NĐ 113/2024/NĐ-CP), grouped as the action program reports them."""

    TRAINING = "dao_tao", _("Đào tạo, bồi dưỡng, nâng cao năng lực")
    TRADE = "xuc_tien_thuong_mai", _("Xúc tiến thương mại, mở rộng thị trường")
    SCIENCE = "khoa_hoc_cong_nghe", _("Ứng dụng khoa học, kỹ thuật và công nghệ")
    ESTABLISHMENT = "thanh_lap_moi", _("Thành lập mới, tổ chức lại")
    INFRASTRUCTURE = "ha_tang", _("Kết cấu hạ tầng, chế biến")
    CREDIT = "tin_dung", _("Tín dụng")
    LAND = "dat_dai", _("Đất đai")
    OTHER = "khac", _("Khác")


class FundingSource(models.TextChoices):
    CENTRAL = "trung_uong", _("Ngân sách trung ương")
    PROVINCIAL = "tinh", _("Ngân sách tỉnh, thành phố")
    OTHER = "khac", _("Nguồn khác")


class Verification(models.TextChoices):
    VERIFIED = "verified", _("Đã đối chiếu văn bản")
    PROVISIONAL = "provisional", _("Tạm thời, chưa đối chiếu văn bản")


class SupportPolicy(TimeStampedModel):
    """One support content of one legal text (a resolution with five contents is five policies)."""

    code = models.SlugField(_("mã chính sách"), max_length=60, unique=True)
    name = models.CharField(_("tên chính sách"), max_length=255)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255, help_text=_("Ví dụ: NĐ 113/2024/NĐ-CP, Điều …"))
    support_type = models.CharField(_("nội dung hỗ trợ"), max_length=24, choices=SupportType.choices)
    funding_source = models.CharField(_("nguồn kinh phí"), max_length=12, choices=FundingSource.choices)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True, help_text=_("Để trống nếu chưa hết hiệu lực."))
    verification = models.CharField(
        _("tình trạng đối chiếu"), max_length=12, choices=Verification.choices, default=Verification.PROVISIONAL
    )
    source_url = models.URLField(_("nguồn đối chiếu"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    #: Hash of the YAML entry last applied: the loader updates a policy only when its entry changed,
    #: so edits made in the application survive a re-run of the loader.
    loaded_hash = models.CharField(max_length=64, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "loaded_hash"])

    class Meta:
        verbose_name = _("chính sách hỗ trợ")
        verbose_name_plural = _("chính sách hỗ trợ")
        ordering = ["-valid_from", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="support_policy_period_ordered",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày bắt đầu áp dụng."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.legal_basis})"

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def is_provisional(self) -> bool:
        return self.verification != Verification.VERIFIED

    @property
    def period_label(self) -> str:
        end = self.valid_to.strftime("%d/%m/%Y") if self.valid_to else "…"
        return f"{self.valid_from:%d/%m/%Y} – {end}"


class SupportRecord(VersionedModel):
    """An organization received support under a policy, implemented by an agency."""

    code = models.CharField(
        _("số hiệu"),
        max_length=40,
        blank=True,
        help_text=_("Số hiệu do cơ quan đặt (không bắt buộc); dùng để nhập lại từ Excel mà không tạo bản ghi trùng."),
    )
    organization = models.ForeignKey(
        "registry.Organization", models.PROTECT, related_name="support_records", verbose_name=_("tổ chức được hỗ trợ")
    )
    policy = models.ForeignKey(SupportPolicy, models.PROTECT, related_name="records", verbose_name=_("chính sách"))
    agency = models.ForeignKey(
        "accounts.Agency", models.PROTECT, related_name="support_records", verbose_name=_("cơ quan thực hiện")
    )
    supported_on = models.DateField(_("ngày hỗ trợ"))
    amount = models.BigIntegerField(_("kinh phí hỗ trợ (đồng)"), default=0)
    in_kind = models.CharField(
        _("hỗ trợ bằng hiện vật, dịch vụ"), max_length=255, blank=True, help_text=_("Mô tả nếu hỗ trợ không bằng tiền.")
    )
    content = models.TextField(_("nội dung hỗ trợ"), blank=True)
    decision_ref = models.CharField(_("số quyết định, văn bản"), max_length=120, blank=True)
    task = models.ForeignKey(
        "programs.Task",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_records",
        verbose_name=_("nhiệm vụ chương trình hành động"),
        help_text=_("Nhiệm vụ mà việc này góp phần thực hiện; hiện trong báo cáo tiến độ của nhiệm vụ."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("người nhập")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("bản ghi hỗ trợ")
        verbose_name_plural = _("bản ghi hỗ trợ")
        ordering = ["-supported_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="support_record_unique_code",
                violation_error_message=_("Số hiệu này đã được dùng cho một bản ghi hỗ trợ khác."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="support_record_amount_not_negative",
                violation_error_message=_("Kinh phí hỗ trợ không được âm."),
            ),
        ]
        indexes = [
            models.Index(fields=["supported_on"]),
            models.Index(fields=["organization", "supported_on"]),
            models.Index(fields=["agency", "supported_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.organization} – {self.policy.name} ({self.supported_on:%d/%m/%Y})"


class ActivityKind(models.TextChoices):
    CONFERENCE = "hoi_nghi", _("Hội nghị, hội thảo, quán triệt")
    TRAINING = "tap_huan", _("Lớp đào tạo, tập huấn, bồi dưỡng")
    CAMPAIGN = "tuyen_truyen", _("Chiến dịch tuyên truyền, truyền thông")
    STUDY_TOUR = "tham_quan", _("Tham quan, học tập kinh nghiệm")


#: Activity kinds whose participants count as "people trained".
TRAINING_KINDS = (ActivityKind.TRAINING, ActivityKind.STUDY_TOUR)


class Activity(VersionedModel):
    """An awareness or training activity: who organised it, for whom, how many attended."""

    code = models.CharField(_("số hiệu"), max_length=40, blank=True)
    kind = models.CharField(_("loại hoạt động"), max_length=14, choices=ActivityKind.choices)
    title = models.CharField(_("tên hoạt động"), max_length=255)
    started_on = models.DateField(_("ngày bắt đầu"))
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    agency = models.ForeignKey(
        "accounts.Agency", models.PROTECT, related_name="support_activities", verbose_name=_("cơ quan tổ chức")
    )
    province = models.ForeignKey(
        "geo.AdminUnit", models.PROTECT, related_name="+", editable=False, verbose_name=_("tỉnh, thành phố")
    )
    commune = models.ForeignKey(
        "geo.AdminUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("xã, phường tổ chức"),
        limit_choices_to={"level": "commune"},
    )
    location = models.CharField(_("địa điểm"), max_length=255, blank=True)
    policy = models.ForeignKey(
        SupportPolicy, models.PROTECT, null=True, blank=True, related_name="activities", verbose_name=_("chính sách (nếu có)")
    )
    audience = models.CharField(_("đối tượng tham dự"), max_length=255, blank=True)
    participants = models.PositiveIntegerField(_("tổng số người tham dự"), validators=[MaxValueValidator(100_000)])
    participants_managers = models.PositiveIntegerField(_("trong đó: cán bộ quản lý HTX"), default=0)
    participants_members = models.PositiveIntegerField(_("trong đó: thành viên HTX, THT"), default=0)
    participants_officials = models.PositiveIntegerField(_("trong đó: cán bộ, công chức"), default=0)
    topics = models.TextField(_("nội dung, chủ đề"), blank=True)
    materials = models.TextField(_("tài liệu"), blank=True)
    cost = models.BigIntegerField(_("kinh phí (đồng)"), default=0)
    task = models.ForeignKey(
        "programs.Task",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_activities",
        verbose_name=_("nhiệm vụ chương trình hành động"),
        help_text=_("Nhiệm vụ mà việc này góp phần thực hiện; hiện trong báo cáo tiến độ của nhiệm vụ."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("người nhập")
    )
    search_text = models.CharField(max_length=400, editable=False, db_index=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "search_text"])

    class Meta:
        verbose_name = _("hoạt động tuyên truyền, đào tạo")
        verbose_name_plural = _("hoạt động tuyên truyền, đào tạo")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="support_activity_unique_code",
                violation_error_message=_("Số hiệu này đã được dùng cho một hoạt động khác."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="support_activity_ends_after_start",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(
                    participants__gte=models.F("participants_managers")
                    + models.F("participants_members")
                    + models.F("participants_officials")
                ),
                name="support_activity_groups_within_total",
                violation_error_message=_("Tổng các nhóm người tham dự vượt quá tổng số người tham dự."),
            ),
            models.CheckConstraint(
                condition=Q(cost__gte=0),
                name="support_activity_cost_not_negative",
                violation_error_message=_("Kinh phí không được âm."),
            ),
        ]
        indexes = [models.Index(fields=["province", "started_on"]), models.Index(fields=["agency", "started_on"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.started_on:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.search_text = search_key(f"{self.title} {self.code} {self.audience} {self.location}")[:400]
        super().save(*args, **kwargs)

    @property
    def participants_others(self) -> int:
        return max(0, self.participants - self.participants_managers - self.participants_members - self.participants_officials)


class AllianceMembership(VersionedModel):
    """An organization's membership of the provincial Cooperative Alliance (Liên minh HTX tỉnh)."""

    organization = models.ForeignKey(
        "registry.Organization", models.PROTECT, related_name="alliance_memberships", verbose_name=_("tổ chức thành viên")
    )
    joined_on = models.DateField(_("ngày gia nhập"))
    left_on = models.DateField(_("ngày ra khỏi"), null=True, blank=True)
    decision_ref = models.CharField(_("số quyết định kết nạp"), max_length=120, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("thành viên Liên minh HTX")
        verbose_name_plural = _("thành viên Liên minh HTX")
        ordering = ["organization__name", "-joined_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="support_membership_left_after_joined",
                violation_error_message=_("Ngày ra khỏi phải sau ngày gia nhập."),
            ),
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(left_on__isnull=True),
                name="support_membership_one_open",
                violation_error_message=_("Tổ chức này đang là thành viên Liên minh HTX."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.joined_on:%d/%m/%Y})"


class ServiceKind(models.TextChoices):
    CONSULTING = "tu_van", _("Tư vấn")
    LEGAL = "phap_ly", _("Tư vấn pháp lý")
    TRAINING = "dao_tao", _("Đào tạo, tập huấn")
    MARKET = "ket_noi_thi_truong", _("Kết nối thị trường, xúc tiến thương mại")
    OTHER = "khac", _("Khác")


class AllianceService(VersionedModel):
    """A service the Alliance provided to an organization."""

    organization = models.ForeignKey(
        "registry.Organization", models.PROTECT, related_name="alliance_services", verbose_name=_("tổ chức được phục vụ")
    )
    kind = models.CharField(_("loại dịch vụ"), max_length=20, choices=ServiceKind.choices)
    provided_on = models.DateField(_("ngày thực hiện"))
    description = models.TextField(_("nội dung"))
    fee = models.BigIntegerField(_("phí dịch vụ (đồng)"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("người nhập")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("dịch vụ của Liên minh HTX")
        verbose_name_plural = _("dịch vụ của Liên minh HTX")
        ordering = ["-provided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fee__gte=0),
                name="support_service_fee_not_negative",
                violation_error_message=_("Phí dịch vụ không được âm."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.organization} ({self.provided_on:%d/%m/%Y})"


class FundLoan(VersionedModel):
    """A loan from the cooperative development fund (Quỹ hỗ trợ phát triển HTX) of the province.

    The principal is repaid by the rows of `schedule` (which must add up to it); payments made
    are `repayments`. Outstanding and overdue amounts are computed at a date (support.loans).
    """

    contract_no = models.CharField(_("số hợp đồng"), max_length=40, unique=True)
    borrower = models.ForeignKey("registry.Organization", models.PROTECT, related_name="fund_loans", verbose_name=_("bên vay"))
    principal = models.BigIntegerField(_("số tiền vay (đồng)"))
    annual_rate = models.DecimalField(
        _("lãi suất (%/năm)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("20"))],
    )
    term_months = models.PositiveSmallIntegerField(
        _("thời hạn (tháng)"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    disbursed_on = models.DateField(_("ngày giải ngân"))
    purpose = models.CharField(_("mục đích vay"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("người nhập")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("khoản vay Quỹ hỗ trợ phát triển HTX")
        verbose_name_plural = _("khoản vay Quỹ hỗ trợ phát triển HTX")
        ordering = ["-disbursed_on", "contract_no"]
        constraints = [
            models.CheckConstraint(
                condition=Q(principal__gt=0),
                name="support_loan_principal_positive",
                violation_error_message=_("Số tiền vay phải lớn hơn 0."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract_no} – {self.borrower}"

    @property
    def maturity_on(self) -> dt.date:
        return add_months(self.disbursed_on, self.term_months)

    def scheduled_principal(self) -> int:
        return self.schedule.aggregate(total=Sum("principal"))["total"] or 0


class LoanInstallment(models.Model):
    """One row of a loan's repayment schedule."""

    loan = models.ForeignKey(FundLoan, models.CASCADE, related_name="schedule", verbose_name=_("khoản vay"))
    due_on = models.DateField(_("hạn trả"))
    principal = models.BigIntegerField(_("gốc phải trả (đồng)"), validators=[MinValueValidator(0)])
    interest = models.BigIntegerField(_("lãi phải trả (đồng)"), default=0, validators=[MinValueValidator(0)])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kỳ trả nợ")
        verbose_name_plural = _("lịch trả nợ")
        ordering = ["loan", "due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "due_on"], name="support_installment_one_per_day"),
            models.CheckConstraint(condition=Q(principal__gte=0) & Q(interest__gte=0), name="support_installment_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.loan.contract_no} – {self.due_on:%d/%m/%Y}"


class LoanRepayment(models.Model):
    """A payment the borrower made."""

    loan = models.ForeignKey(FundLoan, models.CASCADE, related_name="repayments", verbose_name=_("khoản vay"))
    paid_on = models.DateField(_("ngày trả"))
    principal = models.BigIntegerField(_("gốc đã trả (đồng)"), default=0, validators=[MinValueValidator(0)])
    interest = models.BigIntegerField(_("lãi đã trả (đồng)"), default=0, validators=[MinValueValidator(0)])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("người nhập")
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lần trả nợ")
        verbose_name_plural = _("các lần trả nợ")
        ordering = ["loan", "paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(principal__gte=0) & Q(interest__gte=0), name="support_repayment_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.loan.contract_no} – {self.paid_on:%d/%m/%Y}"


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the month's last day (31/1 + 1 month = 28/2)."""
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# What a person enters for each kind of agency entry (the form and the API take the same fields).
RECORD_INPUT_FIELDS = (
    "organization",
    "policy",
    "agency",
    "supported_on",
    "amount",
    "in_kind",
    "content",
    "decision_ref",
    "task",
    "code",
)
ACTIVITY_INPUT_FIELDS = (
    "kind",
    "title",
    "started_on",
    "ended_on",
    "agency",
    "commune",
    "location",
    "policy",
    "audience",
    "participants",
    "participants_managers",
    "participants_members",
    "participants_officials",
    "topics",
    "materials",
    "cost",
    "task",
    "code",
)
