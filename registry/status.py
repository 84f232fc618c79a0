"""Deriving an organization's status on a date from its dated status events."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Case, CharField, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from registry.models import TERMINAL_STATUSES, Status, StatusEvent


def status_on(events: Iterable, day: dt.date) -> str | None:
    """The status in force on `day`: the latest event that started on or before it.

    A suspension ends by itself on its `ends_on` date: after that, absent a newer event, the
    organization is operating again. Returns None when no event had started yet (not founded).
    """
    latest = None
    for event in events:
        if event.effective_on <= day and (
            latest is None or (event.effective_on, event.pk or 0) >= (latest.effective_on, latest.pk or 0)
        ):
            latest = event
    if latest is None:
        return None
    if latest.status == Status.SUSPENDED and latest.ends_on and latest.ends_on < day:
        return Status.OPERATING
    return latest.status


# --- The same rules in SQL, for filtering lists ----------------------------------------------
# The indicators count organizations with these rules (indicators.computations.registry); the
# registry list filters with them so that a figure's link lists exactly the organizations counted.


def _events(day=None):
    events = StatusEvent.objects.filter(organization=OuterRef("pk"))
    return events if day is None else events.filter(effective_on__lte=day)


def with_lifetime(queryset):
    """Annotate `start_year` (founded_on, else the first event), and when the latest event up to
    today is terminal (dissolved, bankrupt, revoked, converted) `end_year` and `ended_as`."""
    if "start_year" in queryset.query.annotations:  # several filters of one list need it
        return queryset
    first = _events().order_by("effective_on", "id").values("effective_on")[:1]
    latest = _events(timezone.localdate()).order_by("-effective_on", "-id")
    return queryset.annotate(
        start_year=ExtractYear(Coalesce("founded_on", Subquery(first))),
        last_status=Subquery(latest.values("status")[:1]),
        last_on=Subquery(latest.values("effective_on")[:1]),
    ).annotate(
        end_year=Case(When(last_status__in=TERMINAL_STATUSES, then=ExtractYear("last_on"))),
        ended_as=Case(When(last_status__in=TERMINAL_STATUSES, then=F("last_status")), output_field=CharField()),
    )


def with_status_on(queryset, day: dt.date):
    """Annotate `status_on`: the status in force on `day` (as `status_on()` above), None before
    the first event."""
    latest = _events(day).order_by("-effective_on", "-id")
    return queryset.annotate(
        event_status=Subquery(latest.values("status")[:1]), event_ends=Subquery(latest.values("ends_on")[:1])
    ).annotate(
        status_on=Case(
            When(Q(event_status=Status.SUSPENDED) & Q(event_ends__lt=day), then=Value(Status.OPERATING)),
            default=F("event_status"),
            output_field=CharField(),
        )
    )
