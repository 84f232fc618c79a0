from evaluation.demo import load
from evaluation.models import Assessment, AssessmentStatus
from registry.tests.factories import OrganizationFactory


def test_demo_assessments_go_through_the_workflow_and_a_rerun_adds_nothing(personas):
    for _ in range(6):
        OrganizationFactory(commune=personas.geo.commune_b)
    counts = load(province=personas.geo.province, reviewer=personas.admin, years=(2024,), seed=7)
    sheets = Assessment.objects.filter(year=2024)
    assert sheets.count() == counts["accepted"] + counts["returned"] > 0
    assert set(sheets.values_list("status", flat=True)) <= {AssessmentStatus.ACCEPTED, AssessmentStatus.RETURNED}
    assert all(sheet.submitted_at and sheet.submitted_at.date().year == 2024 for sheet in sheets)
    assert not sheets.filter(organization=personas.outside_organization).exists()  # another province
    before = list(sheets.order_by("pk").values_list("pk", "status", "version"))
    load(province=personas.geo.province, reviewer=personas.admin, years=(2024,), seed=7)
    assert list(Assessment.objects.filter(year=2024).order_by("pk").values_list("pk", "status", "version")) == before
