"""The most used pages of the demo site, per role: the pages the accessibility check (axe-core,
tests/test_accessibility.py) and the English check (tests/test_english.py) open.

Addresses are resolved from the demo built by tests/conftest.py (`demo_site`), so the pages show
real rows: the organization of the cooperative's account, a task with its reports, an import batch
in preview.
"""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class SitePage:
    role: str
    name: str
    path: str


def _upload_preview(client) -> str:
    """An import batch in preview (annual reports of two of the commune's cooperatives, one refused):
    the upload goes through the page, as a commune officer does it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from imports.specs import ImportKind
    from imports.tests.helpers import REPORT_HEADER, xlsx
    from registry.models import Organization

    codes = list(Organization.objects.order_by("pk").values_list("registration_code", flat=True)[:2])
    book = xlsx({"Bao cao": [REPORT_HEADER] + [[i, code, "", "", 2024, 10, 2, 1] for i, code in enumerate(codes, 1)]})
    response = client.post(
        reverse("imports:batch_list"),
        {"kind": ImportKind.ANNUAL_REPORTS, "file": SimpleUploadedFile("bao-cao-nam.xlsx", book)},
    )
    assert response.status_code == 302, f"the demo upload was refused ({response.status_code})"
    return response["Location"]


def site_pages(demo_client) -> list[SitePage]:
    """Twenty-odd pages: the anonymous public pages, each role's home, and the officers' main pages."""
    from accounts.models import User
    from evaluation.models import Assessment, EvaluationRun
    from programs.models import ProgressReport, ReportState, Task
    from reports.models import QueuedDocument

    organization = User.objects.get(username="htx").represented_organizations.get()
    assessment = Assessment.objects.filter(organization=organization).latest("year")
    task = Task.objects.filter(assignments__reports__isnull=False).order_by("pk").first()
    report = ProgressReport.objects.filter(state=ReportState.DRAFT).order_by("pk").first()
    run = EvaluationRun.objects.latest("created_at")
    document = QueuedDocument.objects.filter(requested_by__username="tinh").latest("created_at")
    pages = [
        SitePage("anonymous", "public home", reverse("home")),
        SitePage("anonymous", "directory", reverse("registry:organization_list")),
        SitePage("anonymous", "sign in", reverse("accounts:login")),
        SitePage("anonymous", "open data", reverse("portal:open_data")),
        *(SitePage(role, f"home of {role}", reverse("work:home")) for role in ("tinh", "so", "xa", "lienminh", "htx")),
        SitePage("lanhdao", "dashboard", reverse("home")),
        SitePage("tinh", "registry list", reverse("registry:organization_list")),
        SitePage("xa", "organization page", reverse("registry:organization_detail", args=[organization.pk])),
        SitePage("htx", "annual report form", reverse("registry:annual_report_create", args=[organization.pk])),
        SitePage("tinh", "evaluation results", reverse("evaluation:results")),
        SitePage("tinh", "rating run", reverse("evaluation:run", args=[run.pk])),
        SitePage("tinh", "queued document", reverse("reports:queued_status", args=[document.pk])),
        SitePage("tinh", "plan vs actual", reverse("indicators:plan_actual")),
        SitePage("tinh", "programs", reverse("programs:program_list")),
        SitePage("so", "task", reverse("programs:task_detail", args=[task.pk])),
        SitePage("so", "progress report", reverse("programs:report_detail", args=[report.pk])),
        SitePage("lienminh", "support records", reverse("support:record_list")),
        SitePage("tinh", "queue", reverse("work:queue")),
        SitePage("xa", "imports upload", reverse("imports:batch_list")),
        SitePage("xa", "import preview", _upload_preview(demo_client("xa"))),
        SitePage("tinh", "notifications", reverse("programs:notifications")),
        SitePage("htx", "self-assessment", reverse("evaluation:assessment", args=[organization.pk, assessment.year])),
    ]
    return pages
