"""Reads from the registry, always scoped by the reader's jurisdiction (accounts.jurisdiction)."""

from django.db.models import QuerySet

from accounts.jurisdiction import organization_scope
from registry.models import Organization, Status

#: What the public may see of an organization (operating ones only).
PUBLISHED_FIELDS = (
    "id",
    "kind",
    "is_credit_fund",
    "registration_code",
    "name",
    "short_name",
    "english_name",
    "address",
    "commune",
    "province",
    "field",
    "vsic_code",
    "main_business",
    "founded_on",
    "registered_on",
    "current_status",
)


def organizations_visible_to(user, *, for_write: bool = False) -> QuerySet[Organization]:
    """Every organization `user` may read (or write); the public gets operating ones only."""
    organizations = Organization.objects.all()
    if not user.is_authenticated:
        return organizations.filter(current_status=Status.OPERATING)
    scope = organization_scope(user, for_write=for_write)
    if scope is None:
        return organizations.none()
    scoped = organizations.filter(scope)
    # Representatives join through an M2M; distinct keeps an organization from appearing twice.
    return scoped.distinct() if "representatives" in str(scope) else scoped


def organization_get(*, user, pk: int, for_write: bool = False) -> Organization:
    """The organization if `user` may see it, else Organization.DoesNotExist (→ 404, not 403,
    so that other communes' organizations are not even confirmed to exist)."""
    return organizations_visible_to(user, for_write=for_write).select_related("commune", "legacy_commune", "province").get(pk=pk)
