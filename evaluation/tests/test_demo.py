from evaluation.demo import load, rate_from_the_year_page
from evaluation.models import Assessment, AssessmentStatus, EvaluationRun, RunStatus, YearResult
from evaluation.permissions import can_run_evaluation
from registry.models import Organization
from registry.tests.factories import OrganizationFactory
from reports.models import QueuedDocument, QueuedStatus


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


def test_demo_choices_follow_the_cooperative_not_its_database_id(personas):
    """PostgreSQL does not roll back sequences, so the demo's pks depend on what ran before; the
    demo account's cooperative must get the same sheets whatever they are."""
    founded = {}
    for _ in range(6):
        organization = OrganizationFactory(commune=personas.geo.commune_b)
        founded[organization.registration_code] = organization.founded_on

    def sheets_by_code():
        load(province=personas.geo.province, reviewer=personas.admin, years=(2024, 2025), seed=7)
        rows = Assessment.objects.filter(organization__registration_code__in=founded)
        return sorted(rows.values_list("organization__registration_code", "year", "status", "total"))

    first = sheets_by_code()
    Assessment.objects.all().delete()
    for code in founded:
        Organization.objects.filter(registration_code=code).delete()
    for code, founded_on in founded.items():
        OrganizationFactory(commune=personas.geo.commune_b, registration_code=code, founded_on=founded_on)
    assert first and sheets_by_code() == first


def test_the_demo_rates_its_last_year_as_the_province_officer_does_from_the_year_page(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for _ in range(3):
        OrganizationFactory(commune=personas.geo.commune_b)
    assert rate_from_the_year_page(province=personas.geo.province, year=2025)
    run = EvaluationRun.objects.get(year=2025, province=personas.geo.province)
    assert run.status == RunStatus.DONE and run.processed == run.total >= 3
    assert can_run_evaluation(run.requested_by) and YearResult.objects.filter(year=2025).count() >= 3
    document = QueuedDocument.objects.get()  # then the year's summary, as from the results page
    assert (document.requested_by, document.status, document.params["year"]) == (run.requested_by, QueuedStatus.DONE, 2025)
    assert document.file.read().startswith(b"PK")
    assert rate_from_the_year_page(province=personas.geo.province, year=2025)  # a re-run adds nothing
    assert EvaluationRun.objects.filter(year=2025).count() == 1 and QueuedDocument.objects.count() == 1
