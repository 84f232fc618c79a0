"""Deriving an organization's status on a date from its dated status events."""

import datetime as dt
from collections.abc import Iterable

from registry.models import Status


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
