"""Administrative units of Vietnam, before and after the reform of 1/7/2025.

Both code sets are kept side by side (`edition`), each unit with its validity dates, because
records made before the reform stay attached to the unit they were made against; reports roll
them up to current units through `UnitSuccession` (the old→new crosswalk).
"""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import search_key
from geo.names import unit_match_key

REFORM_DATE = dt.date(2025, 7, 1)


class Edition(models.TextChoices):
    CURRENT = "2025", _("Từ 01/7/2025 (2 cấp)")
    LEGACY = "legacy", _("Trước 01/7/2025 (3 cấp)")


class Level(models.TextChoices):
    PROVINCE = "province", _("Tỉnh, thành phố")
    DISTRICT = "district", _("Quận, huyện, thị xã")
    COMMUNE = "commune", _("Xã, phường, thị trấn, đặc khu")


class AdminUnitQuerySet(models.QuerySet):
    def current(self):
        return self.filter(edition=Edition.CURRENT)

    def legacy(self):
        return self.filter(edition=Edition.LEGACY)

    def provinces(self):
        return self.filter(level=Level.PROVINCE)

    def communes(self):
        return self.filter(level=Level.COMMUNE)

    def valid_on(self, day: dt.date):
        return self.filter(valid_from__lte=day).filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day))


class AdminUnit(models.Model):
    edition = models.CharField(_("bộ mã"), max_length=8, choices=Edition.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    code = models.CharField(_("mã GSO"), max_length=10)
    name = models.CharField(_("tên"), max_length=120, help_text=_("Tên không kèm loại, ví dụ: Điện Phước"))
    unit_type = models.CharField(_("loại"), max_length=40, blank=True, help_text=_("Xã, Phường, Thị trấn, Huyện, Tỉnh…"))
    full_name = models.CharField(_("tên đầy đủ"), max_length=160)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("đơn vị cấp trên")
    )
    province = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tỉnh, thành phố"),
        help_text=_("Tỉnh chứa đơn vị (chính nó nếu là tỉnh); lưu sẵn để lọc nhanh."),
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    latitude = models.DecimalField(_("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    name_key = models.CharField(max_length=160, editable=False, db_index=True)
    match_key = models.CharField(
        max_length=160, editable=False, blank=True, help_text=_("Khóa so khớp tên: không dấu, không cách, số bỏ số 0 đầu.")
    )
    former_name = models.CharField(
        _("tên cũ"), max_length=120, blank=True, help_text=_("Tên trước khi đổi tên gần nhất (ví dụ: Thừa Thiên Huế).")
    )
    alias_key = models.CharField(max_length=160, editable=False, blank=True, help_text=_("Khóa so khớp của tên cũ."))

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["edition", "code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "level", "code"], name="geo_unit_unique_code"),
        ]
        indexes = [
            models.Index(fields=["edition", "level", "province"]),
            models.Index(fields=["level", "match_key"], name="geo_unit_match_idx"),
            models.Index(fields=["level", "alias_key"], name="geo_unit_alias_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.name_key = search_key(self.name)
        self.match_key = unit_match_key(self.name)
        self.alias_key = unit_match_key(self.former_name)
        super().save(*args, **kwargs)

    @property
    def is_current(self) -> bool:
        return self.edition == Edition.CURRENT

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    @property
    def label_with_parent(self) -> str:
        """ "Xã Điện Phước, Thị xã Điện Bàn, Tỉnh Quảng Nam" style label for pickers."""
        parts = [self.full_name]
        ancestor = self.parent
        while ancestor is not None:
            parts.append(ancestor.full_name)
            ancestor = ancestor.parent
        return ", ".join(parts)


class UnitSuccession(models.Model):
    """One edge of the crosswalk: (part of) an old unit became (part of) a new unit on `effective_on`.

    An old commune usually goes whole into one new commune; when it was split, it has several
    rows and `is_primary` marks the one its records are rolled into by default.
    """

    old_unit = models.ForeignKey(AdminUnit, models.CASCADE, related_name="successions", verbose_name=_("đơn vị cũ"))
    new_unit = models.ForeignKey(AdminUnit, models.CASCADE, related_name="predecessions", verbose_name=_("đơn vị mới"))
    is_primary = models.BooleanField(_("là đơn vị kế thừa chính"), default=True)
    effective_on = models.DateField(_("ngày hiệu lực"), default=REFORM_DATE)
    source = models.CharField(_("nguồn"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("chuyển đổi đơn vị hành chính")
        verbose_name_plural = _("bảng chuyển đổi đơn vị hành chính")
        constraints = [models.UniqueConstraint(fields=["old_unit", "new_unit"], name="geo_succession_unique")]

    def __str__(self) -> str:
        return f"{self.old_unit} → {self.new_unit}"


class DatasetLoad(models.Model):
    """What `geo_load` last wrote, so that re-running it on every start returns at once."""

    signature = models.CharField(_("dấu hiệu bộ dữ liệu"), max_length=200, unique=True)
    unit_count = models.PositiveIntegerField(_("số đơn vị"))
    succession_count = models.PositiveIntegerField(_("số dòng chuyển đổi"))
    loaded_at = models.DateTimeField(_("nạp lúc"), auto_now=True)

    class Meta:
        verbose_name = _("lần nạp dữ liệu đơn vị hành chính")
        verbose_name_plural = _("các lần nạp dữ liệu đơn vị hành chính")

    def __str__(self) -> str:
        return self.signature
