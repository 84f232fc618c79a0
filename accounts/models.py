"""Users, the agencies they work for, and the jurisdiction that scopes what they see."""

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.roles import Role
from core.text import search_key


class Agency(models.Model):
    """A body that holds tasks or reports: a department (sở), UBND xã, the Cooperative Alliance…"""

    class Kind(models.TextChoices):
        PROVINCIAL_COMMITTEE = "ubnd_tinh", _("UBND tỉnh, thành phố")
        DEPARTMENT = "so_nganh", _("Sở, ban, ngành")
        COMMUNE_COMMITTEE = "ubnd_xa", _("UBND xã, phường, đặc khu")
        DISTRICT_COMMITTEE = "ubnd_huyen", _("UBND huyện, thị xã, thành phố (trước 01/7/2025)")
        ALLIANCE = "lien_minh", _("Liên minh Hợp tác xã")
        MASS_ORGANIZATION = "doan_the", _("Tổ chức chính trị - xã hội")
        OTHER = "khac", _("Khác")

    code = models.SlugField(_("mã cơ quan"), max_length=40, unique=True)
    name = models.CharField(_("tên cơ quan"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    kind = models.CharField(_("loại cơ quan"), max_length=20, choices=Kind.choices)
    province = models.ForeignKey(
        "geo.AdminUnit", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("tỉnh, thành phố")
    )
    commune = models.ForeignKey(
        "geo.AdminUnit", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("địa bàn (xã hoặc huyện cũ)")
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    valid_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    valid_to = models.DateField(_("hoạt động đến"), null=True, blank=True)
    # What its documents carry (NĐ 30/2020 Phụ lục I); set by the province officer, read by reports.letterhead.
    symbol = models.CharField(
        _("ký hiệu cơ quan trên văn bản"), max_length=20, blank=True, help_text=_("Phần sau “/BC-” của số văn bản, ví dụ: STC")
    )
    place_name = models.CharField(
        _("địa danh ghi trên văn bản"), max_length=60, blank=True, help_text=_("Tên ngắn, ví dụ: Đà Nẵng (không ghi “Thành phố”)")
    )
    parent_authority = models.CharField(
        _("cơ quan chủ quản"), max_length=200, blank=True, help_text=_("Ví dụ: UBND THÀNH PHỐ ĐÀ NẴNG; để trống nếu không có")
    )
    recipients = models.TextField(_("nơi nhận mặc định"), blank=True, help_text=_("Mỗi dòng một nơi nhận, ví dụ: Lưu: VT"))
    signer_on_behalf = models.CharField(
        _("thẩm quyền ký"),
        max_length=80,
        blank=True,
        help_text=_("Ví dụ: KT. GIÁM ĐỐC, TM. ỦY BAN NHÂN DÂN; để trống nếu ký trực tiếp"),
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True, help_text=_("Ví dụ: PHÓ GIÁM ĐỐC"))
    signer_name = models.CharField(_("họ và tên người ký"), max_length=120, blank=True)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)

    # Agencies are created from imports too (programs.services.create_agency_from_import): who added or changed one is kept.
    history = HistoricalRecords(excluded_fields=["name_key"])

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def save(self, *args, **kwargs):
        self.name_key = search_key(f"{self.name} {self.short_name}")
        super().save(*args, **kwargs)

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip().rstrip(";.") for line in self.recipients.splitlines() if line.strip()]


class User(AbstractUser):
    """A person signing in. Roles are groups (core.roles.Role); jurisdiction is on the user.

    - province officers and leaders: `province`
    - commune officers: `commune` (a current commune)
    - cooperative representatives: the organizations that list them as representatives
    """

    full_name = models.CharField(_("họ và tên"), max_length=120, blank=True)
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    agency = models.ForeignKey(Agency, models.SET_NULL, null=True, blank=True, related_name="users", verbose_name=_("cơ quan"))
    province = models.ForeignKey(
        "geo.AdminUnit", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("tỉnh, thành phố phụ trách")
    )
    commune = models.ForeignKey(
        "geo.AdminUnit", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("xã, phường phụ trách")
    )
    # Officers edit accounts concurrently too: core.concurrency.save_versioned refuses a stale save.
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    # Set when someone else (an administrator or officer) gives the account a password; cleared when
    # the person chooses their own. accounts.middleware keeps them on the change page until then.
    must_change_password = models.BooleanField(_("phải đổi mật khẩu"), default=False, editable=False)
    search_text = models.CharField(max_length=400, editable=False, db_index=True, default="")

    # Who changed an account and when. The password hash and the login time are never copied
    # into history; role and organization changes are written as the change reason (services).
    # The reason lists role and organization changes, so it is text, not simple-history's varchar(100).
    history = HistoricalRecords(
        excluded_fields=["password", "last_login", "search_text"],
        history_change_reason_field=models.TextField(null=True),
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    def compute_search_text(self) -> str:
        return search_key(f"{self.username} {self.full_name} {self.email} {self.position} {self.phone}")[:400]

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) <= {"last_login"}:
            # Every sign-in saves last_login; that is not a change of the account worth a history row.
            self.skip_history_when_saving = True
            try:
                return super().save(*args, **kwargs)
            finally:
                del self.skip_history_when_saving
        self.search_text = self.compute_search_text()
        password_changed = self._password is not None  # set_password() was called since the last save
        result = super().save(*args, **kwargs)
        if password_changed:
            # A token must not outlive the password it was obtained with (changed, or reset by an
            # officer, on a page, in the admin or by a command: all of them save here).
            from rest_framework.authtoken.models import Token

            Token.objects.filter(user=self).delete()
        return result

    @cached_property
    def roles(self) -> frozenset[str]:
        names = frozenset(self.groups.values_list("name", flat=True))
        return names | {Role.ADMIN} if self.is_superuser else names

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles & set(roles))

    @property
    def role_labels(self) -> list[str]:
        return [Role(name).label for name in sorted(self.roles) if name in Role.__members__.values()]
