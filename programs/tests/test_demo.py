import datetime as dt

import pytest

from programs.demo.loader import load_demo_program
from programs.models import Program, ProgressReport, Provenance, ReportState, Task

pytestmark = pytest.mark.django_db


def test_the_demo_program_loads_idempotently_with_varied_states(geo):
    first = load_demo_program(today=dt.date(2026, 1, 20))
    assert first.program.decision_number == "3351/QĐ-UBND" and first.tasks == 15
    assert first.program.provenance == Provenance.PUBLISHED
    assert set(Task.objects.values_list("provenance", flat=True)) == {Provenance.ILLUSTRATIVE}
    assert first.program.groups.count() == 5
    states = set(ProgressReport.objects.values_list("state", flat=True))
    assert {ReportState.APPROVED, ReportState.SUBMITTED, ReportState.RETURNED} <= states
    assert set(ProgressReport.objects.values_list("period", flat=True)) >= {"2021", "2025"}
    counts = (Program.objects.count(), Task.objects.count(), ProgressReport.objects.count())
    again = load_demo_program(today=dt.date(2026, 1, 20))
    assert again.reports_created == 0
    assert (Program.objects.count(), Task.objects.count(), ProgressReport.objects.count()) == counts
