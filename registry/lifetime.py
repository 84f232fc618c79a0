"""Keeping each organization's event summary (first and latest status event) in step with its events.

`Organization.first_event_on`, `last_event_on` and `last_event_status` let lists and indicators read
an organization's life (start, end, how it ended) from its own row. They are refreshed:
- by a signal on every save and delete of a StatusEvent (services, admin, imports, undo, factories);
- by `refresh_event_summaries` after writes that bypass signals (bulk inserts, migrations);
- by `summary_of` for generators that build events in memory before inserting them in bulk.
"""

from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from registry.models import Organization, StatusEvent


def summary_of(events) -> dict:
    """The summary columns for a list of events in entry order (later entries win ties of date)."""
    if not events:
        return {"first_event_on": None, "last_event_on": None, "last_event_status": ""}
    latest = max(enumerate(events), key=lambda item: (item[1].effective_on, item[0]))[1]
    return {
        "first_event_on": min(event.effective_on for event in events),
        "last_event_on": latest.effective_on,
        "last_event_status": latest.status,
    }


def refresh_event_summaries(organizations=None, *, organization_model=Organization, event_model=StatusEvent) -> int:
    """Recompute the summary columns from the events, in one UPDATE (of `organizations`, a
    queryset or a list of ids, or of every organization). Returns the number of rows updated.
    (Migrations pass their historical models.)"""
    events = event_model.objects.filter(organization=OuterRef("pk"))
    latest = events.order_by("-effective_on", "-id")
    first = events.order_by("effective_on", "id")
    targets = organization_model.objects.all()
    if organizations is not None:
        targets = targets.filter(pk__in=organizations)
    return targets.update(
        first_event_on=Subquery(first.values("effective_on")[:1]),
        last_event_on=Subquery(latest.values("effective_on")[:1]),
        last_event_status=Coalesce(Subquery(latest.values("status")[:1]), Value("")),
    )


def refresh_after_event_change(sender, instance, **kwargs) -> None:
    refresh_event_summaries([instance.organization_id])
