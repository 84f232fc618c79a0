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


def test_the_demo_program_claims_only_what_the_seed_says_and_marks_what_is_inferred(geo):
    program = load_demo_program(today=dt.date(2026, 1, 20)).program
    assert "134/NQ-CP" not in program.title  # the seed does not put NQ 134 in the program's name
    assert program.title.startswith("Chương trình hành động thực hiện Kết luận số 70-KL/TW")
    assert [doc.split(" của ")[0] for doc in program.implemented_documents] == ["Kết luận số 70-KL/TW ngày 09/3/2020"]
    assert "nền tảng vững chắc" not in program.purposes  # sentences the seed does not contain are gone
    assert "định kỳ hằng năm báo cáo" not in program.requirements
    assert "quán triệt đầy đủ các nội dung Nghị quyết số 134/NQ-CP" in program.requirements
    assert "Suy luận, không có trong tin:" in program.source_note
    assert "năm 2020 được suy ra" in program.source_note
