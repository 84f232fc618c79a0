"""Who may import what. Row-level rules (whose records) are the registry's (registry.permissions)."""

from django.db.models import Q

from core.jurisdiction import PROVINCE_WRITERS, is_admin
from core.roles import Role
from imports.kinds import UPLOAD_KINDS, foreign_kind
from imports.specs import ImportKind

#: Roles that may upload each kind of workbook; each row is then checked against the registry rules.
IMPORTERS = {
    ImportKind.ORGANIZATIONS: (Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER),
    ImportKind.MEMBERS: (Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER, Role.COOPERATIVE),
    ImportKind.ANNUAL_REPORTS: (Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER, Role.COOPERATIVE),
}


def can_import(user, kind: str | None = None, options: dict | None = None) -> bool:
    """May `user` upload this kind (any of the registry's when none); another app's kind answers
    itself (imports.foreign: e.g. only the program's managers import its task table)."""
    if not user.is_authenticated:
        return False
    foreign = foreign_kind(kind) if kind else None
    if foreign is not None:
        return foreign.can_import(user, options or {})
    if is_admin(user):
        return True
    kinds = [kind] if kind else list(IMPORTERS)
    return any(user.has_role(*IMPORTERS[k]) for k in kinds if k in IMPORTERS)


def overseen_authors(user, prefix: str = "") -> Q | None:
    """A Q over users (fields prefixed by `prefix`) whose registry imports `user` answers for too:
    a province officer, everyone of their province (its communes' officers and cooperatives
    included); a commune officer, everyone of their commune. So a colleague can follow, commit or
    undo a batch when its author is away. None: nobody but themselves."""
    found = None
    if user.has_role(*PROVINCE_WRITERS) and user.province_id:
        found = Q(**{f"{prefix}province_id": user.province_id}) | Q(**{f"{prefix}commune__province_id": user.province_id})
    if user.has_role(Role.COMMUNE_OFFICER) and user.commune_id:
        commune = Q(**{f"{prefix}commune_id": user.commune_id})
        found = commune if found is None else found | commune
    return found


def batch_scope(user) -> Q | None:
    """A Q over ImportBatch: the batches `user` sees in the list (None: none; Q(): all). Their own,
    and the registry kinds' batches of the authors they answer for (`overseen_authors`)."""
    if not user.is_authenticated:
        return None
    if is_admin(user):
        return Q()
    overseen = overseen_authors(user, prefix="created_by__")
    own = Q(created_by=user)
    return own if overseen is None else own | (Q(kind__in=UPLOAD_KINDS) & overseen)


def can_view_batch(user, batch) -> bool:
    """A batch shows who imported what: its author, administrators and the people who answer for
    the author's records (`batch_scope`) see it, and for the kinds other apps import
    (imports.foreign), whoever that app lets manage the batch's records."""
    if not user.is_authenticated:
        return False
    if is_admin(user) or batch.created_by_id == user.pk:
        return True
    if batch.kind in UPLOAD_KINDS and type(batch).objects.filter(batch_scope(user), pk=batch.pk).exists():
        return True
    foreign = foreign_kind(batch.kind)
    return foreign is not None and foreign.can_manage(user, batch)


can_manage_batch = can_view_batch
