import datetime as dt
from dataclasses import dataclass

import pytest

from accounts.tests.factories import AgencyFactory
from programs.models import Assignment, Program, Task, TaskGroup


@dataclass
class Setup:
    program: Program
    group: TaskGroup
    task: Task
    lead: Assignment  # the commune officer's agency leads the task
    coordinating: Assignment  # the alliance officer's agency coordinates
    alliance: object


@pytest.fixture
def setup(personas) -> Setup:
    """A program led by the province officer's agency (Sở Tài chính), one task led by commune A's
    People's Committee (the commune officer's agency) with the Alliance coordinating."""
    reviewer_agency = personas.province_officer.agency
    alliance = AgencyFactory(code="lien-minh-htx", name="Liên minh Hợp tác xã", kind="lien_minh", province=personas.geo.province)
    personas.alliance_officer.agency = alliance
    personas.alliance_officer.save()
    program = Program.objects.create(
        title="Chương trình hành động thực hiện Kết luận 70-KL/TW",
        decision_number="3351/QĐ-UBND",
        decision_date=dt.date(2020, 11, 30),
        issuer="UBND tỉnh Quảng Nam",
        start_date=dt.date(2021, 1, 1),
        end_date=dt.date(2025, 12, 31),
        lead_agency=reviewer_agency,
        province=personas.geo.province,
    )
    group = TaskGroup.objects.create(program=program, number=1, title="Tuyên truyền, quán triệt")
    task = Task.objects.create(
        program=program,
        group=group,
        number="1.1",
        content="Tuyên truyền về hợp tác xã kiểu mới",
        schedule="yearly",
        due_month=12,
        due_day=15,
        expected_output="Tin bài",
    )
    lead = Assignment.objects.create(task=task, agency=personas.commune_officer.agency, role="lead")
    coordinating = Assignment.objects.create(task=task, agency=alliance, role="coordinating")
    return Setup(program, group, task, lead, coordinating, alliance)


@pytest.fixture
def pipeline(settings, tmp_path):
    """The import pipeline as the pages run it, processing at once (no worker) and keeping the
    uploaded files under a temporary MEDIA_ROOT."""
    settings.HOPTAC_IMPORT_BACKGROUND = False
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
