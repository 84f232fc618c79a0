"""Who may manage which accounts, written once as a query so lists, pages and services agree.

- administrators manage every account and may grant every role;
- a province officer manages the accounts that lie wholly in their province (officers, leaders
  and cooperative representatives of organizations there) but never administrators or staff;
- a commune officer manages cooperative-representative accounts of their commune's organizations.

An account "lies in" a place when its province, its commune and every organization it represents
are there; an account with one foot elsewhere belongs to whoever manages that other place too, so
neither side may change it alone (an administrator can).
"""

from django.db.models import Exists, OuterRef, Q

from accounts.jurisdiction import is_admin
from accounts.models import Agency
from core.roles import Role

#: Roles a province officer may grant (never ADMIN).
PROVINCE_GRANTABLE = (
    Role.PROVINCE_OFFICER,
    Role.DEPARTMENT_OFFICER,
    Role.COMMUNE_OFFICER,
    Role.ALLIANCE_OFFICER,
    Role.LEADER,
    Role.COOPERATIVE,
)
#: Roles a commune officer may grant.
COMMUNE_GRANTABLE = (Role.COOPERATIVE,)
#: Roles whose jurisdiction is a province (the `province` field).
PROVINCE_ROLES = (Role.PROVINCE_OFFICER, Role.DEPARTMENT_OFFICER, Role.ALLIANCE_OFFICER, Role.LEADER)


def _manages_province(user) -> bool:
    return user.has_role(Role.PROVINCE_OFFICER) and bool(user.province_id)


def _manages_commune(user) -> bool:
    return user.has_role(Role.COMMUNE_OFFICER) and bool(user.commune_id)


def can_manage_accounts(user) -> bool:
    """Whether the user has an account-management page at all (the menu entry, list, create)."""
    if not user.is_authenticated:
        return False
    return is_admin(user) or _manages_province(user) or _manages_commune(user)


def grantable_roles(user) -> tuple[Role, ...]:
    if not user.is_authenticated:
        return ()
    if is_admin(user):
        return tuple(Role)
    roles: list[Role] = []
    if _manages_province(user):
        roles += PROVINCE_GRANTABLE
    if _manages_commune(user):
        roles += [role for role in COMMUNE_GRANTABLE if role not in roles]
    return tuple(roles)


def _role_outside(roles) -> Exists:
    from accounts.models import User

    return Exists(User.groups.through.objects.filter(user=OuterRef("pk")).exclude(group__name__in=[str(r) for r in roles]))


def _has_role(role: Role) -> Exists:
    from accounts.models import User

    return Exists(User.groups.through.objects.filter(user=OuterRef("pk"), group__name=str(role)))


def _represents(**organization_filter) -> Exists:
    from registry.models import Organization

    links = Organization.representatives.through.objects.filter(user=OuterRef("pk"))
    return Exists(links.filter(**{f"organization__{k}": v for k, v in organization_filter.items()}))


def _represents_outside(**organization_filter) -> Exists:
    from registry.models import Organization

    links = Organization.representatives.through.objects.filter(user=OuterRef("pk"))
    return Exists(links.exclude(**{f"organization__{k}": v for k, v in organization_filter.items()}))


def _province_accounts(province_id) -> Q:
    inside = Q(province_id=province_id) | Q(commune__province_id=province_id) | Q(_represents(province_id=province_id))
    nowhere_else = (
        (Q(province__isnull=True) | Q(province_id=province_id))
        & (Q(commune__isnull=True) | Q(commune__province_id=province_id))
        & ~Q(_represents_outside(province_id=province_id))
    )
    return inside & nowhere_else & ~Q(_role_outside(PROVINCE_GRANTABLE))


def _commune_accounts(commune_id) -> Q:
    return (
        Q(_has_role(Role.COOPERATIVE))
        & ~Q(_role_outside(COMMUNE_GRANTABLE))
        & Q(_represents(commune_id=commune_id))
        & ~Q(_represents_outside(commune_id=commune_id))
        & (Q(commune__isnull=True) | Q(commune_id=commune_id))
    )


def manageable_accounts_q(user) -> Q | None:
    """A Q over accounts.User that `user` may manage. None: nothing; Q(): everything."""
    if not can_manage_accounts(user):
        return None
    if is_admin(user):
        return Q()
    scope: Q | None = None
    if _manages_province(user):
        scope = _province_accounts(user.province_id)
    if _manages_commune(user):
        commune = _commune_accounts(user.commune_id)
        scope = commune if scope is None else scope | commune
    # Administrators and Django staff are managed by administrators only.
    return scope & Q(is_superuser=False, is_staff=False)


def agencies_document_editable_by(user):
    """Agencies whose document settings (symbol, place, recipients, signer) the user may edit:
    all for an administrator, those of their province for a province officer, none for others."""
    if not user.is_authenticated:
        return Agency.objects.none()
    if is_admin(user):
        return Agency.objects.all()
    if _manages_province(user):
        return Agency.objects.filter(province_id=user.province_id)
    return Agency.objects.none()


def can_edit_agency_documents(user) -> bool:
    return is_admin(user) or (user.is_authenticated and _manages_province(user))
