"""core.bulk writes what the ORM would: the rows, in order, with their history (who, why, when)."""

import datetime as dt

import pytest
from django.utils import timezone

from core.bulk import allocate_ids, history_columns, insert_history, insert_rows
from registry.models import AnnualReport
from registry.tests.factories import OrganizationFactory


@pytest.mark.django_db
def test_rows_are_inserted_in_chunks_and_their_ids_come_back_in_order(personas, monkeypatch):
    monkeypatch.setattr("core.bulk.MAX_PARAMS", 50)  # several statements for a handful of rows
    organization = personas.organization
    now = timezone.now()
    fields = [f for f in AnnualReport._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields} | {"created_at": now, "updated_at": now, "version": 1}
    columns = [f.attname for f in fields]
    years = range(2010, 2022)
    rows = [{**defaults, "organization_id": organization.pk, "year": year, "revenue": year * 1000} for year in years]
    ids = insert_rows(AnnualReport, columns, [[row[name] for name in columns] for row in rows], returning="id")
    reports = AnnualReport.objects.in_bulk(ids)
    assert [reports[pk].year for pk in ids] == list(years)
    assert reports[ids[0]].revenue == 2_010_000 and reports[ids[0]].created_at == now


@pytest.mark.django_db
def test_history_rows_say_who_why_and_when(personas):
    organization = OrganizationFactory(commune=personas.geo.commune_a)
    report = AnnualReport.objects.create(organization=organization, year=2024, revenue=5)
    AnnualReport.history.all().delete()
    when = timezone.now() - dt.timedelta(minutes=1)
    insert_history(AnnualReport, [report.pk], history_type="+", user=personas.admin, reason="Nhập Excel", when=when)
    record = AnnualReport.history.get()
    assert (record.id, record.revenue, record.organization_id, record.history_type) == (report.pk, 5, organization.pk, "+")
    assert (record.history_user, record.history_change_reason, record.history_date) == (personas.admin, "Nhập Excel", when)
    copied = [name for name in history_columns(AnnualReport) if name != "id"]
    assert {name: getattr(record, name) for name in copied} == {name: getattr(report, name) for name in copied}


@pytest.mark.django_db
def test_history_of_scattered_ids_copies_only_those_records_in_id_order(personas):
    organization = OrganizationFactory(commune=personas.geo.commune_a)
    reports = [AnnualReport.objects.create(organization=organization, year=2010 + n, revenue=n) for n in range(8)]
    AnnualReport.history.all().delete()
    chosen = [reports[6].pk, reports[0].pk, reports[3].pk, reports[5].pk, reports[1].pk]  # not consecutive
    insert_history(AnnualReport, chosen, history_type="~", user=None, reason="Sửa hàng loạt")
    records = list(AnnualReport.history.order_by("history_id"))
    assert [r.id for r in records] == sorted(chosen)
    assert {(r.history_type, r.history_user_id, r.history_change_reason) for r in records} == {("~", None, "Sửa hàng loạt")}


@pytest.mark.django_db
def test_allocated_ids_are_new_and_rows_can_be_inserted_with_them(personas):
    from django.db import transaction

    organization = personas.organization
    used = AnnualReport.objects.create(organization=organization, year=2020).pk
    AnnualReport.objects.filter(pk=used).delete()  # an id once used is not given again
    now = timezone.now()
    fields = [f for f in AnnualReport._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields} | {"created_at": now, "updated_at": now, "version": 1}
    columns = ["id", *defaults]
    with transaction.atomic():
        ids = allocate_ids(AnnualReport, 3)
        rows = [{**defaults, "id": pk, "organization_id": organization.pk, "year": 2021 + n} for n, pk in enumerate(ids)]
        insert_rows(AnnualReport, columns, [[row[name] for name in columns] for row in rows])
    assert len(set(ids)) == 3 and min(ids) > used
    assert sorted(AnnualReport.objects.values_list("id", "year")) == [(pk, 2021 + n) for n, pk in enumerate(ids)]
    later = AnnualReport.objects.create(organization=organization, year=2030)
    assert later.pk > max(ids)  # the database's own counter moved past them


@pytest.mark.django_db
def test_deleting_a_user_still_clears_them_from_bulk_history_without_a_constraint(personas):
    from accounts.tests.factories import UserFactory

    clerk = UserFactory(username="nhap-lieu")
    organization = OrganizationFactory(commune=personas.geo.commune_a)
    report = AnnualReport.objects.create(organization=organization, year=2024)
    AnnualReport.history.all().delete()
    insert_history(AnnualReport, [report.pk], history_type="+", user=clerk, reason="Nhập Excel")
    clerk.delete()
    record = AnnualReport.history.get()
    assert (record.id, record.history_user_id) == (report.pk, None)


@pytest.mark.django_db
def test_among_selects_any_number_of_ids_with_one_parameter(personas):
    from core.bulk import among

    organization = OrganizationFactory(commune=personas.geo.commune_a)
    reports = [AnnualReport.objects.create(organization=organization, year=2000 + n) for n in range(5)]
    wanted = [reports[1].pk, reports[3].pk]
    many = wanted + list(range(10**9, 10**9 + 40_000))  # beyond SQLite's 32.766 placeholders
    assert sorted(AnnualReport.objects.filter(pk__in=among(many)).values_list("pk", flat=True)) == wanted
    assert not AnnualReport.objects.filter(pk__in=among([])).exists()
    from registry.models import Organization

    codes = [organization.registration_code, "0000000000"]
    assert list(Organization.objects.filter(registration_code__in=among(codes))) == [organization]
