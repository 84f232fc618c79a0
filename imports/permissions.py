"""Who may import what. Row-level rules (whose records) are the registry's (registry.permissions)."""

from accounts.jurisdiction import is_admin
from core.roles import Role
from imports.kinds import foreign_kind
from imports.specs import ImportKind

#: Roles that may upload each kind of workbook; each row is then checked against the registry rules.
IMPORTERS = {
    ImportKind.ORGANIZATIONS: (Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER),
    ImportKind.MEMBERS: (Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER, Role.COOPERATIVE),
    ImportKind.ANNUAL_REPORTS: (Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER, Role.COOPERATIVE),
}


def can_import(user, kind: str | None = None) -> bool:
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    kinds = [kind] if kind else list(IMPORTERS)
    return any(user.has_role(*IMPORTERS[k]) for k in kinds if k in IMPORTERS)


def can_view_batch(user, batch) -> bool:
    """A batch shows who imported what: its author and administrators see it, and for the kinds
    other apps import (imports.foreign), whoever that app lets manage the batch's records."""
    if not user.is_authenticated:
        return False
    if is_admin(user) or batch.created_by_id == user.pk:
        return True
    foreign = foreign_kind(batch.kind)
    return foreign is not None and foreign.can_manage(user, batch)


can_manage_batch = can_view_batch
