"""Object permissions for the registry, as `rules` predicates and plain functions for services."""

import rules

from core.jurisdiction import PROVINCE_WRITERS, is_admin
from core.roles import Role


def _in_province(user, organization) -> bool:
    return bool(user.province_id) and user.province_id == organization.province_id


def _in_commune(user, organization) -> bool:
    return bool(user.commune_id) and user.commune_id == organization.commune_id


def _represents(user, organization) -> bool:
    return (
        user.has_role(Role.COOPERATIVE)
        and organization.pk is not None
        and organization.representatives.filter(pk=user.pk).exists()
    )


def can_view_organization(user, organization) -> bool:
    from core.jurisdiction import PROVINCE_READERS

    if not user.is_authenticated:
        return False
    return (
        is_admin(user)
        or (user.has_role(*PROVINCE_READERS) and _in_province(user, organization))
        or (user.has_role(Role.COMMUNE_OFFICER) and _in_commune(user, organization))
        or _represents(user, organization)
    )


def can_create_organization(user, organization) -> bool:
    if not user.is_authenticated:
        return False
    commune = organization.commune if organization.commune_id else None
    if is_admin(user):
        return True
    if user.has_role(*PROVINCE_WRITERS) and commune is not None and commune.province_id == user.province_id:
        return True
    return user.has_role(Role.COMMUNE_OFFICER) and commune is not None and commune.pk == user.commune_id


def can_edit_organization(user, organization) -> bool:
    """Registration officers edit the register: the province's officers and the commune's."""
    if not user.is_authenticated:
        return False
    return (
        is_admin(user)
        or (user.has_role(*PROVINCE_WRITERS) and _in_province(user, organization))
        or (user.has_role(Role.COMMUNE_OFFICER) and _in_commune(user, organization))
    )


can_change_status = can_edit_organization


def can_edit_members(user, organization) -> bool:
    return can_edit_organization(user, organization) or _represents(user, organization)


can_edit_reports = can_edit_members


rules.add_perm("registry.view_organization_obj", rules.predicate(can_view_organization))
rules.add_perm("registry.change_organization_obj", rules.predicate(can_edit_organization))
rules.add_perm("registry.change_members_obj", rules.predicate(can_edit_members))
rules.add_perm("registry.change_reports_obj", rules.predicate(can_edit_reports))
