"""The main menu. Each module adds its entry here; entries show only to users who may use them."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from core.extensions import hooks
from core.roles import Role

OFFICERS = (Role.ADMIN, Role.PROVINCE_OFFICER, Role.DEPARTMENT_OFFICER, Role.COMMUNE_OFFICER, Role.ALLIANCE_OFFICER, Role.LEADER)


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    icon: str
    roles: tuple[Role, ...] | None = None  # None: every signed-in user
    public: bool = False
    visible: Callable | None = None
    badge_hook: str = ""  # a core.extensions hook (user) -> int shown as a badge beside the label


MENU = [
    # portal registers "core.work_count": the number of items on the person's home (portal.work).
    MenuEntry(_("Việc của tôi"), "work:home", "inbox", badge_hook="core.work_count"),
    MenuEntry(_("Tổng quan"), "home", "speedometer2", public=True),
    MenuEntry(_("Danh bạ tổ chức"), "registry:organization_list", "buildings", public=True),
    MenuEntry(
        _("Nhập Excel"),
        "imports:batch_list",
        "file-earmark-spreadsheet",
        roles=(Role.ADMIN, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER, Role.COOPERATIVE),
    ),
    MenuEntry(_("Phân loại, đánh giá"), "evaluation:home", "award", roles=OFFICERS + (Role.COOPERATIVE,)),
    MenuEntry(_("Chương trình hành động"), "programs:program_list", "list-check", roles=OFFICERS),
    MenuEntry(_("Chỉ tiêu"), "indicators:plan_actual", "graph-up", roles=OFFICERS),
    MenuEntry(_("Hỗ trợ, đào tạo"), "support:home", "people", roles=OFFICERS + (Role.COOPERATIVE,)),
    MenuEntry(_("Dữ liệu mở"), "portal:open_data", "cloud-download", public=True),
    MenuEntry(_("Địa bàn"), "geo:unit_list", "geo-alt", public=True),
    MenuEntry(_("API"), "api-docs", "braces", roles=OFFICERS),
    # Account managers (accounts.permissions): administrators, province and commune officers.
    MenuEntry(
        _("Tài khoản"), "accounts:account_list", "person-gear", roles=(Role.ADMIN, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER)
    ),
    # Report wording templates and agencies' document settings (reports.services.can_manage_templates).
    MenuEntry(_("Mẫu văn bản"), "reports:template_list", "file-earmark-word", roles=(Role.ADMIN, Role.PROVINCE_OFFICER)),
]


def _user_roles(user) -> frozenset[str]:
    return user.roles if getattr(user, "is_authenticated", False) else frozenset()


def menu_for(request) -> list[dict]:
    user = request.user
    roles = _user_roles(user)
    entries = []
    for entry in MENU:
        if not user.is_authenticated and not entry.public:
            continue
        if user.is_authenticated and entry.roles is not None and not (roles & set(entry.roles)) and not user.is_superuser:
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue  # a module not installed yet contributes nothing
        badge = sum(hooks.collect(entry.badge_hook, user=user)) if entry.badge_hook and user.is_authenticated else 0
        entries.append(
            {
                "label": entry.label,
                "url": url,
                "icon": entry.icon,
                "active": request.path.startswith(url) and url != "/",
                "badge": badge,
            }
        )
    return entries
