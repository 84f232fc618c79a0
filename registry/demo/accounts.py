"""The demo logins, one per role, created or reset idempotently (step of `manage.py demo_load`,
after the registry's demo data: the commune and cooperative logins point at it). Here in registry
because they are chosen from its data (the busiest commune, a well-filled cooperative)."""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count

from accounts.models import Agency, User
from core.roles import Role
from geo.models import AdminUnit
from registry.demo.agencies import commune_agency_code, ensure_agencies
from registry.demo.units import demo_province
from registry.models import Organization, OrganizationKind, Status

PASSWORD = "hoptac2025"
ADDRESS = "http://127.0.0.1:8000/"


@dataclass(frozen=True)
class Login:
    username: str
    role: Role
    scope: str


def busiest_commune(province):
    """The current commune with the most operating HTX (ties: lowest code), for the `xa` login."""
    row = (
        Organization.objects.filter(province=province, kind=OrganizationKind.COOPERATIVE, current_status=Status.OPERATING)
        .values("commune", "commune__code")
        .annotate(n=Count("id"))
        .order_by("-n", "commune__code")
        .first()
    )
    if row is None:
        raise CommandError("Chưa có hợp tác xã nào: chạy manage.py demo_load trước.")
    return AdminUnit.objects.get(pk=row["commune"])


def well_filled_cooperative(commune) -> Organization:
    """The operating HTX of the commune with the most annual reports, then the most members."""
    return (
        Organization.objects.filter(
            commune=commune, kind=OrganizationKind.COOPERATIVE, current_status=Status.OPERATING, is_credit_fund=False
        )
        .annotate(reports=Count("annual_reports", distinct=True), listed=Count("members", distinct=True))
        .order_by("-reports", "-listed", "registration_code")
        .first()
    )


@transaction.atomic
def ensure_demo_accounts() -> list[Login]:
    province = demo_province()
    ensure_agencies(province)
    agency = {a.code: a for a in Agency.objects.filter(province=province)}
    commune = busiest_commune(province)
    cooperative = well_filled_cooperative(commune)
    rows = [
        ("admin", Role.ADMIN, "Quản trị hệ thống", {}, "Toàn hệ thống"),
        ("tinh", Role.PROVINCE_OFFICER, "Cán bộ phụ trách kinh tế tập thể", {"agency": agency["so-tai-chinh"]}, None),
        ("so", Role.DEPARTMENT_OFFICER, "Chuyên viên", {"agency": agency["so-nong-nghiep-moi-truong"]}, None),
        (
            "xa",
            Role.COMMUNE_OFFICER,
            "Công chức Phòng Kinh tế",
            {"agency": agency[commune_agency_code(commune)], "commune": commune},
            commune.full_name,
        ),
        ("lienminh", Role.ALLIANCE_OFFICER, "Chuyên viên", {"agency": agency["lien-minh-htx"]}, None),
        ("htx", Role.COOPERATIVE, cooperative.representative_title or "Giám đốc", {}, cooperative.name),
        ("lanhdao", Role.LEADER, "Phó Chủ tịch UBND thành phố", {"agency": agency["ubnd-thanh-pho"]}, None),
    ]
    full_names = {
        "admin": "Quản trị hệ thống",
        "tinh": "Trần Thị Thu Hà",
        "so": "Nguyễn Văn Bình",
        "xa": "Lê Văn Tâm",
        "lienminh": "Phạm Thị Lan",
        "htx": cooperative.legal_representative,
        "lanhdao": "Võ Minh Quang",
    }
    logins = []
    for username, role, position, extra, scope in rows:
        user = User.objects.filter(username=username).first() or User(username=username)
        user.full_name = full_names[username]
        user.position = position
        user.is_superuser = user.is_staff = role == Role.ADMIN
        user.is_active = True
        user.province = None if role in (Role.ADMIN, Role.COOPERATIVE) else province
        user.commune = extra.get("commune")
        user.agency = extra.get("agency")
        user.set_password(PASSWORD)
        # The README prints these passwords for anyone trying the system: nobody is made to change them.
        user.must_change_password = False
        user.save()
        user.groups.set([Group.objects.get_or_create(name=str(role))[0]])
        if role == Role.COOPERATIVE:
            user.represented_organizations.set([cooperative])
        logins.append(Login(username, role, scope or province.full_name))
    return logins


def logins_table(logins: list[Login]) -> str:
    """The logins as the text table `demo_load` prints for whoever tries the system."""
    rows = [["tên đăng nhập", "mật khẩu", "vai trò", "phạm vi"]]
    rows += [[login.username, PASSWORD, login.role.label, login.scope] for login in logins]
    return table(rows)


def table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)
