"""The registry: collective organizations, their status events, members and annual reports.

Luật Hợp tác xã 2023 (17/2023/QH15) defines the kinds; NĐ 113/2024/NĐ-CP the four fields of
activity; TT 09/2024/TT-BKHĐT the yearly figures cooperatives report (domain.md §2, §5).
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BulkHistoricalRecords, TimeStampedModel, VersionedModel
from core.text import search_key
from registry import rules
from registry.reporting import reporting_period

REGISTRATION_CODE_RE = re.compile(r"^\d{10}(-\d{3})?$")


def validate_registration_code(value: str) -> None:
    """HTX code = 10-digit tax code; a branch adds "-" and 3 digits (TT 09/2024; domain.md §2)."""
    if value and not REGISTRATION_CODE_RE.match(value):
        raise ValidationError(
            _("Mã số “%(value)s” không hợp lệ: mã số HTX gồm 10 chữ số (chi nhánh: 10 chữ số, dấu “-” và 3 chữ số)."),
            code="invalid_registration_code",
            params={"value": value},
        )


class OrganizationKind(models.TextChoices):
    COOPERATIVE_GROUP = "tht", _("Tổ hợp tác")
    COOPERATIVE = "htx", _("Hợp tác xã")
    UNION = "lhhtx", _("Liên hiệp hợp tác xã")
    FEDERATION = "ldhtx", _("Liên đoàn hợp tác xã")


class Field(models.TextChoices):
    """Fields of activity of NĐ 113/2024/NĐ-CP Điều 4, from the main VSIC level-1 sector."""

    AGRICULTURE = "nong_nghiep", _("Nông, lâm, ngư nghiệp, diêm nghiệp")
    INDUSTRY = "cong_nghiep", _("Công nghiệp - xây dựng")
    FINANCE = "tai_chinh", _("Tài chính, ngân hàng, bảo hiểm")
    TRADE = "thuong_mai", _("Thương mại, dịch vụ và lĩnh vực khác")


class Status(models.TextChoices):
    OPERATING = "operating", _("Đang hoạt động")
    SUSPENDED = "suspended", _("Tạm ngừng kinh doanh")
    INACTIVE = "inactive", _("Ngừng hoạt động nhưng chưa giải thể")
    DISSOLVING = "dissolving", _("Đang làm thủ tục giải thể")
    DISSOLVED = "dissolved", _("Đã giải thể")
    BANKRUPT = "bankrupt", _("Phá sản")
    REVOKED = "revoked", _("Bị thu hồi giấy chứng nhận")
    CONVERTED = "converted", _("Chuyển đổi thành doanh nghiệp")


#: Statuses after which the organization no longer exists as a collective organization.
TERMINAL_STATUSES = frozenset({Status.DISSOLVED, Status.BANKRUPT, Status.REVOKED, Status.CONVERTED})


#: Organization columns derived from its status events (registry.lifetime keeps them).
EVENT_SUMMARY_FIELDS = ("first_event_on", "last_event_on", "last_event_status")


#: The organization's profile as the registration office keeps it, in the order pages show and forms ask.
PROFILE_FIELDS = (
    "registration_code",
    "name",
    "short_name",
    "english_name",
    "address",
    "commune",
    "legacy_commune",
    "field",
    "vsic_code",
    "main_business",
    "founded_on",
    "registered_on",
    "legal_representative",
    "representative_title",
    "charter_capital",
    "phone",
    "email",
    "website",
)


class Organization(VersionedModel):
    kind = models.CharField(_("loại hình"), max_length=8, choices=OrganizationKind.choices)
    is_credit_fund = models.BooleanField(_("là quỹ tín dụng nhân dân"), default=False)
    registration_code = models.CharField(
        _("mã số (mã số thuế)"),
        max_length=14,
        blank=True,
        validators=[validate_registration_code],
        help_text=_("10 chữ số; chi nhánh: 10 chữ số-3 chữ số. Tổ hợp tác chưa đăng ký để trống."),
    )
    name = models.CharField(_("tên tổ chức"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    english_name = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    address = models.CharField(_("địa chỉ trụ sở"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "geo.AdminUnit",
        models.PROTECT,
        related_name="organizations",
        verbose_name=_("xã, phường (hiện hành)"),
        limit_choices_to={"edition": "2025", "level": "commune"},
    )
    legacy_commune = models.ForeignKey(
        "geo.AdminUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="legacy_organizations",
        verbose_name=_("xã, phường trước 01/7/2025"),
        limit_choices_to={"edition": "legacy", "level": "commune"},
    )
    province = models.ForeignKey(
        "geo.AdminUnit",
        models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("tỉnh, thành phố"),
    )
    field = models.CharField(_("lĩnh vực hoạt động"), max_length=16, choices=Field.choices)
    vsic_code = models.CharField(_("ngành kinh tế chính (mã VSIC)"), max_length=10, blank=True)
    main_business = models.CharField(_("ngành nghề kinh doanh chính"), max_length=255, blank=True)
    founded_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    registered_on = models.DateField(_("ngày đăng ký"), null=True, blank=True)
    legal_representative = models.CharField(_("người đại diện theo pháp luật"), max_length=120, blank=True)
    representative_title = models.CharField(_("chức danh người đại diện"), max_length=80, blank=True)
    charter_capital = models.BigIntegerField(_("vốn điều lệ (đồng)"), null=True, blank=True, validators=[MinValueValidator(0)])
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    website = models.URLField(_("trang web"), blank=True)
    current_status = models.CharField(
        _("tình trạng hiện tại"),
        max_length=12,
        choices=Status.choices,
        default=Status.OPERATING,
        editable=False,
        help_text=_("Suy ra từ các sự kiện tình trạng; không sửa trực tiếp."),
    )
    # The first and the latest status event (latest by date, then by entry), kept from the events by
    # registry.lifetime: counting organizations alive in a year reads these columns instead of
    # searching every organization's events (seconds at national scale). They do not depend on
    # today's date, so they never go stale; see registry.status.with_lifetime for future events.
    first_event_on = models.DateField(null=True, blank=True, editable=False)
    last_event_on = models.DateField(null=True, blank=True, editable=False)
    last_event_status = models.CharField(max_length=12, choices=Status.choices, blank=True, editable=False)
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="represented_organizations",
        verbose_name=_("tài khoản đại diện"),
    )
    search_text = models.CharField(max_length=400, editable=False, db_index=True)

    history = HistoricalRecords(excluded_fields=["search_text", "updated_at", *EVENT_SUMMARY_FIELDS], m2m_fields=[])

    class Meta:
        verbose_name = _("tổ chức kinh tế tập thể")
        verbose_name_plural = _("tổ chức kinh tế tập thể")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration_code"],
                condition=~models.Q(registration_code=""),
                name="registry_org_unique_registration_code",
                violation_error_message=_("Mã số này đã được dùng cho một tổ chức khác."),
            ),
        ]
        indexes = [
            models.Index(fields=["province", "kind", "current_status"]),
            models.Index(fields=["commune", "kind"]),
            models.Index(fields=["field"]),
            # Everything the lifetime counts group by (registry.status.lifetime_parts): PostgreSQL
            # and SQLite read the counts from this index alone, not from the wide table.
            models.Index(
                fields=[
                    "province",
                    "commune",
                    "kind",
                    "field",
                    "founded_on",
                    "first_event_on",
                    "last_event_on",
                    "last_event_status",
                ],
                name="registry_org_lifetime_idx",
            ),
            # Sums of annual reports join organizations for their kind and place: from this index
            # alone, not the wide table (≈ 15 % of the national dashboard's report query).
            models.Index(fields=["id", "kind", "province", "commune", "field"], name="registry_org_place_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:organization_detail", args=[self.pk])

    def compute_search_text(self) -> str:
        """The diacritic-free key the list searches (bulk writers call this; save() does too)."""
        return search_key(f"{self.name} {self.short_name} {self.registration_code} {self.english_name}")[:400]

    def save(self, *args, **kwargs):
        self.search_text = self.compute_search_text()
        if self.commune_id and not self.province_id:
            self.province_id = self.commune.province_id
        if not self._state.adding and kwargs.get("update_fields") is None:
            # An edit never writes what is derived from the events (the current status and the
            # event summary): it may have been read before an event changed them.
            skipped = {"current_status", *EVENT_SUMMARY_FIELDS, *self.get_deferred_fields()}
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.attname not in skipped
            ]
        super().save(*args, **kwargs)

    @property
    def is_cooperative(self) -> bool:
        return self.kind == OrganizationKind.COOPERATIVE

    @property
    def is_active(self) -> bool:
        return self.current_status not in TERMINAL_STATUSES


class StatusEvent(TimeStampedModel):
    """A dated change of legal or operating status. The current status is derived from these."""

    organization = models.ForeignKey(Organization, models.CASCADE, related_name="status_events", verbose_name=_("tổ chức"))
    status = models.CharField(_("tình trạng"), max_length=12, choices=Status.choices)
    effective_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(
        _("đến ngày"),
        null=True,
        blank=True,
        help_text=_("Bắt buộc với tạm ngừng kinh doanh (tối đa 12 tháng mỗi lần thông báo)."),
    )
    decision_ref = models.CharField(_("số văn bản, quyết định"), max_length=120, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sự kiện tình trạng")
        verbose_name_plural = _("sự kiện tình trạng")
        ordering = ["organization", "effective_on", "id"]
        indexes = [models.Index(fields=["organization", "effective_on"]), models.Index(fields=["status", "effective_on"])]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.effective_on:%d/%m/%Y})"


class Member(VersionedModel):
    class Kind(models.TextChoices):
        OFFICIAL = "official", _("Thành viên chính thức")
        ASSOCIATE = "associate", _("Thành viên liên kết góp vốn")

    class MemberType(models.TextChoices):
        PERSON = "person", _("Cá nhân")
        HOUSEHOLD = "household", _("Hộ gia đình")
        LEGAL_ENTITY = "legal_entity", _("Pháp nhân")

    organization = models.ForeignKey(Organization, models.CASCADE, related_name="members", verbose_name=_("tổ chức"))
    kind = models.CharField(_("loại thành viên"), max_length=10, choices=Kind.choices, default=Kind.OFFICIAL)
    member_type = models.CharField(_("đối tượng"), max_length=14, choices=MemberType.choices, default=MemberType.PERSON)
    name = models.CharField(_("tên thành viên"), max_length=200)
    identifier = models.CharField(
        _("số định danh / mã số"), max_length=20, blank=True, help_text=_("Số CCCD, mã số hộ hoặc mã số doanh nghiệp, HTX.")
    )
    member_organization = models.ForeignKey(
        Organization,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("tổ chức thành viên"),
        help_text=_("Với liên hiệp, liên đoàn: HTX, liên hiệp thành viên."),
    )
    capital_contribution = models.BigIntegerField(_("vốn góp (đồng)"), null=True, blank=True, validators=[MinValueValidator(0)])
    joined_on = models.DateField(_("ngày gia nhập"), null=True, blank=True)
    left_on = models.DateField(_("ngày ra khỏi"), null=True, blank=True)
    search_text = models.CharField(max_length=220, editable=False, db_index=True)

    history = BulkHistoricalRecords(excluded_fields=["search_text", "updated_at"])

    class Meta:
        verbose_name = _("thành viên")
        verbose_name_plural = _("thành viên")
        ordering = ["organization", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(joined_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="registry_member_left_after_joined",
                violation_error_message=_("Ngày ra khỏi phải sau ngày gia nhập."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def compute_search_text(self) -> str:
        return search_key(f"{self.name} {self.identifier}")[:220]

    def save(self, *args, **kwargs):
        self.search_text = self.compute_search_text()
        super().save(*args, **kwargs)


#: The figures of a yearly report, in the order of the form (and of TT 09/2024's forms VII-1 to VII-3).
REPORT_FIGURES = (
    "members_official",
    "members_associate",
    "new_members",
    "member_cooperatives",
    "regular_workers",
    "revenue",
    "revenue_from_members",
    "pre_tax_profit",
    "total_capital",
    "indivisible_assets",
    "average_worker_income",
    "development_fund",
    "reserve_fund",
    "other_funds",
)


class AnnualReport(VersionedModel):
    """The figures an organization reports for a reporting year: not the calendar year but, under
    TT 09/2024/TT-BKHĐT Điều 6, 15/12 of the previous year to 14/12 of `year`, due 15/12 (forms VII-1,
    VII-2, VII-3 for THT, HTX, unions). The period comes from data: registry.reporting.

    Money is in đồng (VND) as whole numbers; counts are people or organizations.
    """

    # No index of its own: the unique (organization, year) below serves lookups by organization,
    # and a second index would be written for every report an import adds.
    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="annual_reports", verbose_name=_("tổ chức"), db_index=False
    )
    year = models.PositiveSmallIntegerField(
        _("năm báo cáo"),
        help_text=_(
            "Năm của kỳ cập nhật thông tin, không phải năm dương lịch: theo Điều 6 Thông tư 09/2024/TT-BKHĐT, "
            "kỳ năm N tính từ 15/12 năm N−1 đến 14/12 năm N, hạn cập nhật 15/12 năm N."
        ),
    )
    members_official = models.PositiveIntegerField(_("thành viên chính thức"), default=0)
    members_associate = models.PositiveIntegerField(_("thành viên liên kết góp vốn"), default=0)
    new_members = models.PositiveIntegerField(_("thành viên mới trong năm"), default=0)
    member_cooperatives = models.PositiveIntegerField(_("HTX thành viên (liên hiệp)"), default=0)
    regular_workers = models.PositiveIntegerField(_("lao động thường xuyên"), default=0)
    revenue = models.BigIntegerField(_("doanh thu (đồng)"), default=0, validators=[MinValueValidator(0)])
    revenue_from_members = models.BigIntegerField(
        _("doanh thu từ cung ứng cho thành viên (đồng)"), default=0, validators=[MinValueValidator(0)]
    )
    pre_tax_profit = models.BigIntegerField(_("lợi nhuận trước thuế (đồng)"), default=0)
    total_capital = models.BigIntegerField(_("tổng nguồn vốn (đồng)"), default=0, validators=[MinValueValidator(0)])
    indivisible_assets = models.BigIntegerField(_("tài sản không chia (đồng)"), default=0, validators=[MinValueValidator(0)])
    average_worker_income = models.BigIntegerField(
        _("thu nhập bình quân lao động thường xuyên (đồng/người/tháng)"), default=0, validators=[MinValueValidator(0)]
    )
    development_fund = models.BigIntegerField(
        _("trích quỹ đầu tư phát triển (đồng)"), default=0, validators=[MinValueValidator(0)]
    )
    reserve_fund = models.BigIntegerField(_("trích quỹ dự phòng (đồng)"), default=0, validators=[MinValueValidator(0)])
    other_funds = models.BigIntegerField(_("trích các quỹ khác (đồng)"), default=0, validators=[MinValueValidator(0)])
    confirmed_warnings = models.TextField(
        _("cảnh báo đã xác nhận"),
        blank=True,
        help_text=_("Những biến động bất thường so với năm trước mà người nhập đã xác nhận là đúng."),
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)

    history = BulkHistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("báo cáo năm")
        verbose_name_plural = _("báo cáo năm")
        ordering = ["organization", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="registry_report_one_per_year",
                violation_error_message=_("Tổ chức này đã có báo cáo của năm này."),
            ),
            models.CheckConstraint(
                condition=models.Q(revenue_from_members__lte=models.F("revenue")),
                name="registry_report_member_revenue_within_revenue",
                violation_error_message=_("Doanh thu từ thành viên không được lớn hơn tổng doanh thu."),
            ),
        ]
        indexes = [models.Index(fields=["year", "organization"])]

    def __str__(self) -> str:
        return f"{self.organization} – {self.year}"

    def clean(self):
        founded = self.organization.founded_on if self.organization_id else None
        errors = rules.report_errors(self.figures(), founded_on=founded)
        if errors:
            raise ValidationError(errors)

    @property
    def period(self):
        """The period this report covers and its deadline (None for years before TT 09/2024)."""
        return reporting_period(self.year)

    def figures(self) -> dict:
        """The report's own values by field name (what `registry.rules` reads)."""
        return {f.name: getattr(self, f.attname) for f in self._meta.concrete_fields}

    @property
    def total_funds(self) -> int:
        return self.development_fund + self.reserve_fund + self.other_funds
