import datetime as dt

import pytest
from django.db import IntegrityError

from accounts.tests.factories import AgencyFactory
from programs.models import Assignment, Program, Task, TaskGroup


@pytest.fixture
def task(db):
    lead = AgencyFactory(code="so-tc", name="Sở Tài chính")
    program = Program.objects.create(
        title="Chương trình thử",
        decision_number="1/QĐ-UBND",
        decision_date=dt.date(2021, 1, 1),
        issuer="UBND tỉnh",
        start_date=dt.date(2021, 1, 1),
        end_date=dt.date(2025, 12, 31),
        lead_agency=lead,
    )
    group = TaskGroup.objects.create(program=program, number=1, title="Nhóm 1")
    return Task.objects.create(program=program, group=group, number="1.10", content="Nội dung")


def test_task_numbers_sort_as_numbers(task):
    Task.objects.create(program=task.program, group=task.group, number="1.9", content="Trước")
    assert list(Task.objects.values_list("number", flat=True)) == ["1.9", "1.10"]


def test_an_agency_cannot_be_assigned_twice_to_a_task(task):
    agency = AgencyFactory(code="ubnd-x")
    Assignment.objects.create(task=task, agency=agency, role=Assignment.Role.LEAD)
    with pytest.raises(IntegrityError):
        Assignment.objects.create(task=task, agency=agency, role=Assignment.Role.COORDINATING)
