"""registry.bulk writes a record exactly as save() would: compared field by field (every concrete
field but the id and the moment of writing), and its history row likewise."""

import datetime as dt

import pytest
from django.utils import timezone

from registry import bulk
from registry.models import AnnualReport, Member

#: What may differ between two rows written the same way: which row, and when.
PER_ROW = {"id", "created_at", "updated_at"}
HISTORY_PER_ROW = {"history_id", "id", "history_date", "created_at", "updated_at"}


def _fields(instance, skip=PER_ROW) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields if f.attname not in skip}


def _history(model, pk) -> dict:
    return _fields(model.history.get(id=pk), skip=HISTORY_PER_ROW)


MEMBER = {
    "name": "  Nguyễn  Thị Hoà ",
    "identifier": "048190000123",
    "kind": Member.Kind.OFFICIAL,
    "joined_on": dt.date(2020, 5, 1),
}
REPORT = {"year": 2023, "members_official": 42, "revenue": 1_250_000_000, "total_capital": 900_000_000}


@pytest.mark.parametrize(("model", "values"), [(Member, MEMBER), (AnnualReport, REPORT)])
def test_a_bulk_created_record_and_its_history_equal_those_saved_by_the_orm(personas, model, values):
    organization = personas.organization
    saved = model(organization=organization, **values)
    saved._history_user = personas.admin
    saved._change_reason = "Nhập từ tệp"
    saved.save()
    saved.refresh_from_db()
    other = personas.other_organization if model is AnnualReport else organization  # one report per year
    columns = {name: [value] for name, value in values.items()} | {"organization_id": [other.pk]}
    (pk,) = bulk.create_with_history(model, columns, actor=personas.admin, reason="Nhập từ tệp", now=timezone.now())
    written = model.objects.get(pk=pk)
    assert _fields(written) | {"organization_id": organization.pk} == _fields(saved)
    assert written.created_at == written.updated_at is not None
    assert _history(model, pk) == _history(model, saved.pk) | {"organization_id": other.pk}


@pytest.mark.parametrize(
    ("model", "values", "change"), [(Member, MEMBER, {"name": "Trần Văn Bình"}), (AnnualReport, REPORT, {"revenue": 7})]
)
def test_a_bulk_update_and_its_history_equal_a_save_by_the_orm(personas, model, values, change):
    by_save, by_bulk = (
        model.objects.create(organization=org, **values) for org in (personas.organization, personas.other_organization)
    )
    for name, value in change.items():
        setattr(by_save, name, value)
        setattr(by_bulk, name, value)
    by_save.version += 1
    by_save._history_user = personas.admin
    by_save._change_reason = "Sửa từ tệp"
    by_save.save()
    bulk.update_with_history(model, [by_bulk], change, actor=personas.admin, reason="Sửa từ tệp", now=timezone.now())
    stored = {instance.pk: _fields(model.objects.get(pk=instance.pk)) for instance in (by_save, by_bulk)}
    assert stored[by_bulk.pk] | {"organization_id": personas.organization.pk} == stored[by_save.pk]
    latest = {pk: _fields(model.history.filter(id=pk).latest(), skip=HISTORY_PER_ROW) for pk in stored}
    assert latest[by_bulk.pk] | {"organization_id": personas.organization.pk} == latest[by_save.pk]
