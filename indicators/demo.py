"""The demo province publishes its headline indicators, so the public home has figures to show."""

from django.db import transaction
from django.utils import timezone

from indicators.models import Indicator

#: The figures a province leads with: how many organizations, their members and workers, revenue.
HEADLINE_CODES = ("htx_total", "htx_operating", "tht_total", "htx_members", "htx_regular_workers", "htx_avg_revenue")


@transaction.atomic
def publish_headline() -> int:
    """Publish the headline indicators not yet published; returns how many were published now."""
    pending = Indicator.objects.filter(code__in=HEADLINE_CODES, is_published=False)
    count = 0
    for indicator in pending:
        indicator.is_published, indicator.published_at = True, timezone.now()
        indicator._change_reason = "demo"
        indicator.save(update_fields=["is_published", "published_at", "updated_at"])
        count += 1
    return count
