"""Roles are Django groups; these are their names. Jurisdiction lives on the user (accounts)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    ADMIN = "admin"
    PROVINCE_OFFICER = "province_officer"
    DEPARTMENT_OFFICER = "department_officer"
    COMMUNE_OFFICER = "commune_officer"
    ALLIANCE_OFFICER = "alliance_officer"
    COOPERATIVE = "cooperative"
    LEADER = "leader"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.ADMIN: _("Quản trị hệ thống"),
    Role.PROVINCE_OFFICER: _("Cán bộ cấp tỉnh (Sở Tài chính)"),
    Role.DEPARTMENT_OFFICER: _("Cán bộ sở, ban, ngành"),
    Role.COMMUNE_OFFICER: _("Cán bộ UBND xã, phường"),
    Role.ALLIANCE_OFFICER: _("Cán bộ Liên minh HTX"),
    Role.COOPERATIVE: _("Đại diện tổ chức kinh tế tập thể"),
    Role.LEADER: _("Lãnh đạo (xem báo cáo)"),
}
