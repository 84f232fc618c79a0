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


class Year(ExtractYear):
    """The year of a date. On SQLite, Django's ExtractYear calls a Python function per row (dates
    are stored as 'YYYY-MM-DD' text: the year is their first four characters); on PostgreSQL
    EXTRACT gives a numeric, cast here so that rows need no conversion in Python."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(substr({sql}, 1, 4) AS integer)", params

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = self.as_sql(compiler, connection, **extra_context)
        return f"CAST({sql} AS integer)", params


def _settled(day: dt.date) -> Q:
    """Organizations whose latest event is not after `day`: their stored summary is their state."""
    return Q(last_event_on__isnull=True) | Q(last_event_on__lte=day)


def _lifetime_columns(last_status, last_on) -> dict:
    ended = Q(**{f"{last_status}__in": TERMINAL_STATUSES})
    return {
        "start_year": Year(Coalesce("founded_on", "first_event_on")),
        "end_year": Case(When(ended, then=Year(last_on))),
        "ended_as": Case(When(ended, then=F(last_status)), output_field=CharField()),
    }


def with_lifetime(queryset, *, day: dt.date | None = None):
    """Annotate `start_year` (founded_on, else the first event), and when the latest event up to
    `day` (default today) is terminal (dissolved, bankrupt, revoked, converted) `end_year` and
    `ended_as`.

    The organization's stored event summary (registry.lifetime) answers for every organization
    whose latest event is not after `day`; only those with a later event (a dissolution entered
    ahead of its date, or a day in the past) have their events searched."""
    if "start_year" in queryset.query.annotations:  # several filters of one list need it
        return queryset
    day = day or timezone.localdate()
    settled = _settled(day)
    latest = _events(day).order_by("-effective_on", "-id")
    return queryset.alias(
        last_status=Case(When(settled, then=F("last_event_status")), default=Subquery(latest.values("status")[:1])),
        last_on=Case(When(settled, then=F("last_event_on")), default=Subquery(latest.values("effective_on")[:1])),
    ).annotate(**_lifetime_columns("last_status", "last_on"))


def lifetime_parts(queryset, *, day: dt.date):
    """`with_lifetime` split in two querysets with the same annotations, for grouped counts over
    many organizations: the settled ones read only their own row (no CASE around a subquery per
    row, which made PostgreSQL's grouping several times slower), the others search their events."""
    settled = queryset.filter(_settled(day)).annotate(**_lifetime_columns("last_event_status", "last_event_on"))
    return settled, with_lifetime(queryset.exclude(_settled(day)), day=day)


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
