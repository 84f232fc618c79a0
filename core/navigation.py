"""The main menu. Each module adds its entry here; entries show only to users who may use them.

The daily pages stand in the bar; the rest are grouped (`group`) into dropdowns so that the widest
menu (the administrator's) stays on one line at 1366 px (tests/test_accessibility.py). A group with
one visible entry is shown as that entry. Labels carry the "menu" context: their English is short.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import pgettext_lazy

from core import hooks
from core.extensions import Hook
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
    badge_hook: Hook | None = None  # a hook (user) -> int shown as a badge beside the label
    group: str | None = None  # a key of GROUPS: shown inside that dropdown


#: Dropdowns of the menu: key -> (label, icon).
GROUPS = {
    "data": (pgettext_lazy("menu", "Dữ liệu"), "database"),
    "admin": (pgettext_lazy("menu", "Quản trị"), "gear"),
}


MENU = [
    # portal provides core.hooks.work_count: the number of items on the person's home (portal.work).
    MenuEntry(pgettext_lazy("menu", "Việc của tôi"), "work:home", "inbox", badge_hook=hooks.work_count),
    MenuEntry(pgettext_lazy("menu", "Tổng quan"), "home", "speedometer2", public=True),
    MenuEntry(pgettext_lazy("menu", "Danh bạ tổ chức"), "registry:organization_list", "buildings", public=True),
    MenuEntry(pgettext_lazy("menu", "Phân loại, đánh giá"), "evaluation:home", "award", roles=OFFICERS + (Role.COOPERATIVE,)),
    MenuEntry(pgettext_lazy("menu", "Chương trình"), "programs:program_list", "list-check", roles=OFFICERS),
    MenuEntry(pgettext_lazy("menu", "Chỉ tiêu"), "indicators:plan_actual", "graph-up", roles=OFFICERS),
    MenuEntry(pgettext_lazy("menu", "Hỗ trợ, đào tạo"), "support:home", "people", roles=OFFICERS + (Role.COOPERATIVE,)),
    MenuEntry(
        pgettext_lazy("menu", "Nhập Excel"),
        "imports:batch_list",
        "file-earmark-spreadsheet",
        roles=(Role.ADMIN, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER, Role.COOPERATIVE),
        group="data",
    ),
    MenuEntry(pgettext_lazy("menu", "Dữ liệu mở"), "portal:open_data", "cloud-download", public=True, group="data"),
    MenuEntry(pgettext_lazy("menu", "Địa bàn"), "geo:unit_list", "geo-alt", public=True, group="data"),
    MenuEntry(pgettext_lazy("menu", "API"), "api-docs", "braces", roles=OFFICERS, group="data"),
    # Account managers (accounts.permissions): administrators, province and commune officers.
    MenuEntry(
        pgettext_lazy("menu", "Tài khoản"),
        "accounts:account_list",
        "person-gear",
        roles=(Role.ADMIN, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER),
        group="admin",
    ),
    # Report wording templates and agencies' document settings (reports.services.can_manage_templates).
    MenuEntry(
        pgettext_lazy("menu", "Mẫu văn bản"),
        "reports:template_list",
        "file-earmark-word",
        roles=(Role.ADMIN, Role.PROVINCE_OFFICER),
        group="admin",
    ),
]


def _user_roles(user) -> frozenset[str]:
    return user.roles if getattr(user, "is_authenticated", False) else frozenset()


def _visible_entries(request) -> list[dict]:
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
        badge = sum(entry.badge_hook.collect(user=user)) if entry.badge_hook and user.is_authenticated else 0
        entries.append(
            {
                "label": entry.label,
                "url": url,
                "icon": entry.icon,
                "active": request.path.startswith(url) and url != "/",
                "badge": badge,
                "group": entry.group,
            }
        )
    return entries


def menu_for(request) -> list[dict]:
    """The menu's items in order; a dropdown is an item with `children` (at the place of its first entry)."""
    entries = _visible_entries(request)
    sizes = {}
    for entry in entries:
        sizes[entry["group"]] = sizes.get(entry["group"], 0) + 1
    items, dropdowns = [], {}
    for entry in entries:
        group = entry["group"]
        if group is None or sizes[group] < 2:
            items.append(entry)
        elif group in dropdowns:
            dropdowns[group]["children"].append(entry)
            dropdowns[group]["active"] |= entry["active"]
        else:
            label, icon = GROUPS[group]
            dropdowns[group] = {"label": label, "icon": icon, "children": [entry], "active": entry["active"], "group": group}
            items.append(dropdowns[group])
    return items
