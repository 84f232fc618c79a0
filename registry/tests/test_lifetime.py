"""The event summary each organization keeps (registry.lifetime) and the lifetime read from it."""

import datetime as dt

import pytest

from registry import services
from registry.lifetime import refresh_event_summaries, summary_of
from registry.models import Organization, Status, StatusEvent
from registry.status import lifetime_parts, with_lifetime
from registry.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def summary(org):
    org = Organization.objects.get(pk=org.pk)
    return org.first_event_on, org.last_event_on, org.last_event_status


def lifetime(org, day):
    row = with_lifetime(Organization.objects.filter(pk=org.pk), day=day).values("start_year", "end_year", "ended_as").get()
    return row["start_year"], row["end_year"], row["ended_as"]


def test_the_summary_follows_events_added_through_the_service_and_deleted(personas):
    org = OrganizationFactory(commune=personas.geo.commune_a, founded_on=dt.date(2016, 5, 1))
    assert summary(org) == (dt.date(2016, 5, 1), dt.date(2016, 5, 1), Status.OPERATING)
    event = services.status_event_add(
        actor=personas.commune_officer, organization=org, status=Status.DISSOLVED, effective_on=dt.date(2023, 8, 9)
    )
    assert summary(org) == (dt.date(2016, 5, 1), dt.date(2023, 8, 9), Status.DISSOLVED)
    event.delete()  # as an undone import or the admin does
    assert summary(org) == (dt.date(2016, 5, 1), dt.date(2016, 5, 1), Status.OPERATING)


def test_two_events_on_one_day_the_later_entry_wins(personas):
    org = OrganizationFactory(commune=personas.geo.commune_a, with_status=False)
    StatusEvent.objects.create(organization=org, status=Status.DISSOLVING, effective_on=dt.date(2022, 1, 1))
    StatusEvent.objects.create(organization=org, status=Status.DISSOLVED, effective_on=dt.date(2022, 1, 1))
    assert summary(org) == (dt.date(2022, 1, 1), dt.date(2022, 1, 1), Status.DISSOLVED)
    assert summary_of(list(org.status_events.order_by("id"))) == {
        "first_event_on": dt.date(2022, 1, 1),
        "last_event_on": dt.date(2022, 1, 1),
        "last_event_status": Status.DISSOLVED,
    }


def test_an_edit_read_before_an_event_does_not_overwrite_the_summary(personas):
    org = OrganizationFactory(commune=personas.geo.commune_a)
    stale = Organization.objects.get(pk=org.pk)  # the edit form's copy
    services.status_event_add(
        actor=personas.commune_officer, organization=org, status=Status.DISSOLVED, effective_on=dt.date(2024, 2, 2)
    )
    stale.name = "Hợp tác xã Đổi Tên"
    services.organization_update(actor=personas.commune_officer, organization=stale, expected_version=stale.version)
    assert Organization.objects.get(pk=org.pk).name == "Hợp tác xã Đổi Tên"
    assert summary(org)[1:] == (dt.date(2024, 2, 2), Status.DISSOLVED)


def test_a_dissolution_entered_ahead_of_its_date_counts_only_from_that_date(personas):
    org = OrganizationFactory(commune=personas.geo.commune_a, founded_on=dt.date(2015, 3, 1))
    StatusEvent.objects.create(organization=org, status=Status.DISSOLVED, effective_on=dt.date(2030, 6, 30))
    assert lifetime(org, dt.date(2026, 12, 2)) == (2015, None, None)
    assert lifetime(org, dt.date(2030, 6, 30)) == (2015, 2030, Status.DISSOLVED)


def test_a_day_before_a_recorded_ending_sees_the_organization_alive(personas):
    org = OrganizationFactory(commune=personas.geo.commune_a, founded_on=dt.date(2015, 3, 1))
    StatusEvent.objects.create(organization=org, status=Status.BANKRUPT, effective_on=dt.date(2021, 4, 1))
    assert lifetime(org, dt.date(2021, 3, 31)) == (2015, None, None)
    assert lifetime(org, dt.date(2021, 4, 1)) == (2015, 2021, Status.BANKRUPT)


def test_without_founding_date_the_first_event_starts_the_life(personas):
    org = OrganizationFactory(commune=personas.geo.commune_a, founded_on=None, with_status=False)
    StatusEvent.objects.create(organization=org, status=Status.OPERATING, effective_on=dt.date(2019, 9, 9))
    assert lifetime(org, dt.date(2026, 1, 1)) == (2019, None, None)


def test_bulk_written_events_are_summarised_by_a_refresh(personas):
    org = OrganizationFactory(commune=personas.geo.commune_a, with_status=False)
    StatusEvent.objects.bulk_create(  # no signals, as in the demo generator
        [
            StatusEvent(organization=org, status=Status.OPERATING, effective_on=dt.date(2017, 1, 1)),
            StatusEvent(organization=org, status=Status.REVOKED, effective_on=dt.date(2020, 7, 7)),
        ]
    )
    assert summary(org) == (None, None, "")
    assert refresh_event_summaries([org.pk]) == 1
    assert summary(org) == (dt.date(2017, 1, 1), dt.date(2020, 7, 7), Status.REVOKED)


@pytest.mark.parametrize("day", [dt.date(2021, 3, 31), dt.date(2026, 12, 2), dt.date(2031, 1, 1)])
def test_the_split_used_for_counting_gives_each_organization_the_same_lifetime(personas, day):
    commune = personas.geo.commune_a
    alive = OrganizationFactory(commune=commune, founded_on=dt.date(2015, 3, 1))
    bankrupt = OrganizationFactory(commune=commune, founded_on=dt.date(2016, 1, 1))
    StatusEvent.objects.create(organization=bankrupt, status=Status.BANKRUPT, effective_on=dt.date(2021, 4, 1))
    ahead = OrganizationFactory(commune=commune, founded_on=dt.date(2017, 1, 1))
    StatusEvent.objects.create(organization=ahead, status=Status.DISSOLVED, effective_on=dt.date(2030, 6, 30))
    unfounded = OrganizationFactory(commune=commune, founded_on=None, with_status=False)
    organizations = Organization.objects.filter(pk__in=[alive.pk, bankrupt.pk, ahead.pk, unfounded.pk])
    columns = ("pk", "start_year", "end_year", "ended_as")
    whole = sorted(with_lifetime(organizations, day=day).values_list(*columns))
    settled, others = lifetime_parts(organizations, day=day)
    split = sorted([*settled.values_list(*columns), *others.values_list(*columns)])
    assert split == whole
    assert len(whole) == 4


def test_an_edit_read_before_a_status_change_does_not_bring_the_old_status_back(personas):
    org = OrganizationFactory(commune=personas.geo.commune_a)
    stale = Organization.objects.get(pk=org.pk)
    services.status_event_add(
        actor=personas.commune_officer, organization=org, status=Status.DISSOLVED, effective_on=dt.date(2024, 2, 2)
    )
    stale.short_name = "HTX Sửa"
    services.organization_update(actor=personas.commune_officer, organization=stale, expected_version=stale.version)
    assert Organization.objects.get(pk=org.pk).current_status == Status.DISSOLVED
