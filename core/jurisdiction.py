"""Who may see and change what, in terms of places and organizations.

Selectors of every app scope their queries with these helpers, so the rule "a commune officer
sees only their commune" is written once.
"""

from django.db.models import Q

from core.roles import Role

#: Roles that read everything in their province.
PROVINCE_READERS = (Role.PROVINCE_OFFICER, Role.DEPARTMENT_OFFICER, Role.ALLIANCE_OFFICER, Role.LEADER)
#: Roles that may change registry records of their whole province.
PROVINCE_WRITERS = (Role.PROVINCE_OFFICER,)


def is_admin(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.has_role(Role.ADMIN)))


def organization_scope(user, *, for_write: bool = False, prefix: str = "") -> Q | None:
    """A Q over organizations (fields prefixed by `prefix`, e.g. "organization__") the user may
    read (or write). None means nothing; an empty Q() means everything."""
    if not user.is_authenticated:
        return None
    if is_admin(user):
        return Q()
    scopes: Q | None = None
    readers = PROVINCE_WRITERS if for_write else PROVINCE_READERS
    if user.has_role(*readers) and user.province_id:
        scopes = _or(scopes, Q(**{f"{prefix}province_id": user.province_id}))
    if user.has_role(Role.COMMUNE_OFFICER) and user.commune_id:
        scopes = _or(scopes, Q(**{f"{prefix}commune_id": user.commune_id}))
    if user.has_role(Role.COOPERATIVE):
        scopes = _or(scopes, Q(**{f"{prefix}representatives": user}))
    return scopes


def _or(left: Q | None, right: Q) -> Q:
    return right if left is None else left | right


def commune_scope(user) -> Q | None:
    """Communes (geo.AdminUnit, current edition) whose figures the user may see."""
    if not user.is_authenticated:
        return None
    if is_admin(user):
        return Q()
    if user.has_role(*PROVINCE_READERS) and user.province_id:
        return Q(province_id=user.province_id)
    if user.has_role(Role.COMMUNE_OFFICER) and user.commune_id:
        return Q(pk=user.commune_id)
    return None
