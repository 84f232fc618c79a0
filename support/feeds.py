"""What the support app contributes to other apps' pages through core.extensions hooks."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from support import selectors


def organization_panels(*, organization, user, **kwargs) -> list[tuple[str, str]]:
    """Hook "registry.organization_panels": what the organization received (support, Alliance
    services and membership, fund loans), as seen by `user` (scoped like every selector)."""
    records = list(selectors.records_for_organization(user=user, organization=organization))
    services = list(selectors.services_visible_to(user).filter(organization=organization))
    memberships = list(selectors.memberships_visible_to(user).filter(organization=organization))
    loans = selectors.loans_with_positions(selectors.loans_visible_to(user).filter(borrower=organization), timezone.localdate())
    if not (records or services or memberships or loans):
        return []
    html = render_to_string(
        "support/_organization_panel.html",
        {
            "organization": organization,
            "records": records,
            "records_total": sum(r.amount for r in records),
            "services": services,
            "memberships": memberships,
            "loans": loans,
        },
    )
    return [(_("Hỗ trợ đã nhận"), html)]
