"""Indicators (the catalogue), the targets set for them, and manually entered values.

The catalogue is data (`indicators/catalogue/*.yaml`, loaded by `manage.py indicators_load`):
each indicator is either computed live from the registry by a named computation
(`indicators.computations`) or entered by hand per year and administrative unit. Targets carry
the document that set them (QĐ 1318/QĐ-TTg, NQ 20-NQ/TW, a provincial plan); domain.md §5.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, npgettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel


class Unit(models.TextChoices):
    ORGANIZATIONS = "to_chuc", _("tổ chức")
    PEOPLE = "nguoi", _("người")
    MILLION_VND = "trieu_dong", _("triệu đồng")
    VND_PER_MONTH = "dong_thang", _("đồng/người/tháng")
    PERCENT = "phan_tram", _("%")
    EVENTS = "luot", _("lượt, lớp")


#: Units said with a count ("383 organizations"): singular and plural through npgettext("unit", …).
COUNTED_UNITS = {
    Unit.ORGANIZATIONS: lambda n: npgettext("unit", "tổ chức", "tổ chức", n),
    Unit.PEOPLE: lambda n: npgettext("unit", "người", "người", n),
    Unit.EVENTS: lambda n: npgettext("unit", "lượt, lớp", "lượt, lớp", n),
}


def unit_with_count(unit: str, value) -> str:
    """The unit to write after `value`: plural in English when the count is not 1."""
    counted = COUNTED_UNITS.get(unit)
    if counted is None or value is None:
        return str(Unit(unit).label) if unit in Unit.values else unit
    return counted(int(value) if value == int(value) else 2)


class Method(models.TextChoices):
    COMPUTED = "computed", _("Tính từ cơ sở dữ liệu")
    MANUAL = "manual", _("Nhập tay theo kỳ và địa bàn")


class Verification(models.TextChoices):
    VERIFIED = "verified", _("Đã đối chiếu văn bản")
    SECONDARY = "secondary", _("Theo nguồn thứ cấp (tin, bài trích văn bản)")
    UNVERIFIED = "unverified", _("Chưa đối chiếu (tạm tính)")


class Indicator(TimeStampedModel):
    code = models.SlugField(_("mã chỉ tiêu"), max_length=60, unique=True)
    name = models.CharField(_("tên chỉ tiêu"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    group = models.CharField(_("nhóm"), max_length=80, blank=True)
    unit = models.CharField(_("đơn vị tính"), max_length=12, choices=Unit.choices)
    definition = models.TextField(_("định nghĩa, cách tính"), blank=True)
    # One definition per figure: every page and document showing the figure shows these three.
    numerator = models.TextField(_("tử số"), blank=True, help_text=_("Cái được đếm hoặc cộng (với số đếm: chính số đó)."))
    denominator = models.TextField(
        _("mẫu số"), blank=True, help_text=_("Cái chia cho; với số đếm, tổng: “không có (số tuyệt đối)”.")
    )
    population = models.TextField(_("phạm vi tính"), blank=True, help_text=_("Loại tổ chức, thời điểm, địa bàn được tính."))
    method = models.CharField(_("phương pháp"), max_length=10, choices=Method.choices, default=Method.COMPUTED)
    computation = models.CharField(
        _("phép tính"), max_length=60, blank=True, help_text=_("Tên phép tính trong danh mục phép tính (khi tính từ CSDL).")
    )
    parameters = models.JSONField(_("tham số"), default=dict, blank=True)
    source = models.CharField(_("nguồn số liệu"), max_length=255, blank=True)
    higher_is_better = models.BooleanField(_("càng cao càng tốt"), default=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_published = models.BooleanField(_("công khai"), default=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("người công khai")
    )
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def title(self) -> str:
        """The name in the page's language: the catalogue's English name on English pages."""
        return self.name_en if self.name_en and get_language() == "en" else self.name

    def clean(self):
        if self.method == Method.COMPUTED and not self.computation:
            raise ValidationError({"computation": _("Chỉ tiêu tính từ CSDL phải nêu tên phép tính.")})

    @property
    def is_count(self) -> bool:
        return self.unit == Unit.ORGANIZATIONS


class ScopeLevel(models.TextChoices):
    COUNTRY = "country", _("Cả nước")
    PROVINCE = "province", _("Tỉnh, thành phố")
    COMMUNE = "commune", _("Xã, phường")


class Accumulation(models.TextChoices):
    LEVEL = "level", _("Đạt mức vào năm mục tiêu")
    CUMULATIVE = "cumulative", _("Cộng dồn cả giai đoạn")
    PER_YEAR = "per_year", _("Mỗi năm trong giai đoạn")


class Target(TimeStampedModel):
    """A target for an indicator in a scope: a value or range ("200–250") for `year`, either a level
    to reach, a total accumulated from `start_year` to `year`, or a value every year of the period."""

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="targets", verbose_name=_("chỉ tiêu"))
    scope_level = models.CharField(_("phạm vi"), max_length=10, choices=ScopeLevel.choices)
    scope_unit = models.ForeignKey(
        "geo.AdminUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="indicator_targets",
        verbose_name=_("địa bàn"),
        help_text=_("Trống khi phạm vi là cả nước. Có thể là tỉnh cũ (trước 01/7/2025): tính trên các xã mới kế thừa."),
    )
    start_year = models.PositiveSmallIntegerField(_("năm gốc / đầu giai đoạn"))
    year = models.PositiveSmallIntegerField(_("năm mục tiêu"))
    value_min = models.DecimalField(_("giá trị (hoặc cận dưới)"), max_digits=18, decimal_places=2)
    value_max = models.DecimalField(_("cận trên"), max_digits=18, decimal_places=2, null=True, blank=True)
    accumulation = models.CharField(_("cách tính"), max_length=12, choices=Accumulation.choices, default=Accumulation.LEVEL)
    baseline_value = models.DecimalField(
        _("giá trị năm gốc"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Theo văn bản; trống thì lấy số tính được của năm gốc."),
    )
    document = models.CharField(_("văn bản giao chỉ tiêu"), max_length=200)
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    verification = models.CharField(_("đối chiếu"), max_length=10, choices=Verification.choices, default=Verification.UNVERIFIED)
    note = models.TextField(_("ghi chú"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("chỉ tiêu kế hoạch")
        verbose_name_plural = _("chỉ tiêu kế hoạch")
        ordering = ["indicator__sort_order", "year", "scope_level"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "scope_level", "scope_unit", "year", "document"], name="indicators_target_unique"
            ),
            models.CheckConstraint(condition=models.Q(start_year__lte=models.F("year")), name="indicators_target_period_order"),
            models.CheckConstraint(
                condition=models.Q(value_max__isnull=True) | models.Q(value_max__gte=models.F("value_min")),
                name="indicators_target_range_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} – {self.year}: {self.value_label}"

    def clean(self):
        if self.scope_level == ScopeLevel.COUNTRY and self.scope_unit_id:
            raise ValidationError({"scope_unit": _("Chỉ tiêu cả nước không gắn với địa bàn.")})
        if self.scope_level != ScopeLevel.COUNTRY and not self.scope_unit_id:
            raise ValidationError({"scope_unit": _("Chọn địa bàn cho chỉ tiêu cấp tỉnh, xã.")})
        if self.value_max is not None and self.value_min is not None and self.value_max < self.value_min:
            raise ValidationError({"value_max": _("Cận trên phải lớn hơn hoặc bằng cận dưới.")})

    @property
    def is_range(self) -> bool:
        return self.value_max is not None and self.value_max != self.value_min

    @property
    def value_label(self) -> str:
        from core.numbers import format_number

        low = format_number(self.value_min, _decimals(self.value_min))
        return f"{low}–{format_number(self.value_max, _decimals(self.value_max))}" if self.is_range else low


def _decimals(value: Decimal | None) -> int:
    """No decimals for whole numbers ("35.000"), one otherwise ("4,5")."""
    return 0 if value is None or value == value.to_integral_value() else 1


class ManualValue(TimeStampedModel):
    """A value entered by hand for an indicator the registry cannot compute (e.g. trainings held),
    for one year and one administrative unit (a legacy unit is rolled up to its successor)."""

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="manual_values", verbose_name=_("chỉ tiêu"))
    year = models.PositiveSmallIntegerField(_("năm"))
    unit = models.ForeignKey("geo.AdminUnit", models.PROTECT, related_name="indicator_values", verbose_name=_("địa bàn"))
    value = models.DecimalField(_("giá trị"), max_digits=18, decimal_places=2)
    source = models.CharField(_("nguồn"), max_length=255, help_text=_("Văn bản, báo cáo là nguồn của số liệu."))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("người nhập")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("số liệu nhập tay")
        verbose_name_plural = _("số liệu nhập tay")
        ordering = ["indicator", "-year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year", "unit"], name="indicators_manual_value_unique")]

    def __str__(self) -> str:
        return f"{self.indicator} – {self.unit} – {self.year}"
