import datetime as dt

import factory

from accounts.tests.factories import AgencyFactory
from programs.models import Assignment, Program, ProgressReport, Schedule, Task, TaskGroup


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    title = "Chương trình hành động thực hiện Kết luận 70-KL/TW"
    decision_number = factory.Sequence(lambda n: f"{3000 + n}/QĐ-UBND")
    decision_date = dt.date(2020, 11, 30)
    issuer = "UBND tỉnh Quảng Nam"
    start_date = dt.date(2021, 1, 1)
    end_date = dt.date(2025, 12, 31)
    lead_agency = factory.SubFactory(AgencyFactory, code="so-tai-chinh", name="Sở Tài chính")


class TaskGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskGroup

    program = factory.SubFactory(ProgramFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Nhóm nhiệm vụ {n + 1}")


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    group = factory.SubFactory(TaskGroupFactory)
    program = factory.LazyAttribute(lambda o: o.group.program)
    number = factory.Sequence(lambda n: f"1.{n + 1}")
    content = factory.Sequence(lambda n: f"Nhiệm vụ thử số {n + 1}")
    schedule = Schedule.ONCE
    deadline = dt.date(2023, 6, 30)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    task = factory.SubFactory(TaskFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Assignment.Role.LEAD


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    assignment = factory.SubFactory(AssignmentFactory)
    period = "2023"
    due_date = dt.date(2023, 6, 30)
