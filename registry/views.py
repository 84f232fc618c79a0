"""Registry pages: list (filters, search, sort, pages), detail, and the forms that call services.

Views stay thin: parse, call one selector or service, render. Who may do what is decided in
selectors (what exists for the user: else 404) and permissions/services (what they may change:
else 403).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.query import PageForm, cleaned_query
from registry import hooks as registry_hooks
from registry import permissions, services
from registry.filters import SORTS, parse_organization_filters
from registry.forms import AnnualReportForm, MemberForm, NewReportQueryForm, OrganizationForm, StatusEventForm
from registry.models import PROFILE_FIELDS, AnnualReport, Member, Organization, OrganizationKind, Status
from registry.reporting import reporting_period
from registry.selectors import (
    PUBLISHED_FIELDS,
    REPORT_COLUMNS,
    communes_for_user,
    filter_communes_for_user,
    organization_get,
    organization_history,
    organization_members,
    organization_report_rows,
    organization_status_timeline,
    organizations_visible_to,
)
from registry.selectors import (
    organization_list as select_organizations,
)

PAGE_SIZE = 50

#: Fields of the overview, in display order (the public sees only the published ones).
OVERVIEW_FIELDS = ("kind", *PROFILE_FIELDS, "current_status")


def _get_or_404(user, pk, **kwargs) -> Organization:
    try:
        return organization_get(user=user, pk=pk, **kwargs)
    except Organization.DoesNotExist:
        raise Http404(_("Không tìm thấy tổ chức, hoặc bạn không có quyền xem tổ chức này."))


def organization_list(request):
    filterset = parse_organization_filters(request.GET, user=request.user, request=request)
    organizations = select_organizations(user=request.user, filters=filterset)
    paginator = Paginator(organizations, PAGE_SIZE)
    page = paginator.get_page(cleaned_query(PageForm(request.GET))["page"])
    cleaned = filterset.form.cleaned_data if filterset.form.is_valid() else {}
    province = cleaned.get("province")
    public = not request.user.is_authenticated
    context = {
        "filterset": filterset,
        "page": page,
        "sort": request.GET.get("sort") or "name",
        "sort_keys": SORTS,
        "kinds": OrganizationKind.choices,
        "statuses": Status.choices,
        "commune_options": filter_communes_for_user(request.user, province=province),
        "former_area": cleaned.get("former_area"),
        "without_former_area": _query_without(request, "former_area"),
        # Year filters read reports, status history and evaluations: not offered to the public.
        "extra_fields": [] if public else [filterset.form[name] for name in filterset.extra_filter_names],
        "can_create": request.user.is_authenticated and _may_create(request.user),
        "public": public,
    }
    partial = bool(request.htmx and request.htmx.target == "results")
    response = render(request, "registry/_organization_results.html" if partial else "registry/organization_list.html", context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))  # the same URL serves a page and a fragment
    return response


def _query_without(request, name: str) -> str:
    """This list's URL with filter `name` removed (the "×" of a filter shown as a label)."""
    query = request.GET.copy()
    query.pop(name, None)
    query.pop("page", None)
    return f"?{query.urlencode()}" if query else "?"


def _may_create(user) -> bool:
    return communes_for_user(user).exists()


def _overview(organization: Organization, *, public: bool) -> list[tuple[str, object, str]]:
    """(label, value, field name) rows of the overview; the public gets PUBLISHED_FIELDS only."""
    rows = []
    for name in OVERVIEW_FIELDS:
        if public and name not in PUBLISHED_FIELDS:
            continue
        field = Organization._meta.get_field(name)
        value = getattr(organization, f"get_{name}_display")() if field.choices else getattr(organization, name)
        rows.append((str(field.verbose_name).capitalize(), value, name))
    return rows


def organization_detail(request, pk: int):
    user = request.user
    organization = _get_or_404(user, pk)
    public = not user.is_authenticated
    context = {"organization": organization, "public": public, "overview": _overview(organization, public=public)}
    if not public:
        context |= {
            "timeline": organization_status_timeline(organization),
            "members": organization_members(organization),
            "report_rows": organization_report_rows(organization),
            "report_columns": [(name, AnnualReport._meta.get_field(name).verbose_name) for name in REPORT_COLUMNS],
            "history": organization_history(organization),
            "can_edit": permissions.can_edit_organization(user, organization),
            "can_change_status": permissions.can_change_status(user, organization),
            "can_edit_members": permissions.can_edit_members(user, organization),
            "can_edit_reports": permissions.can_edit_reports(user, organization),
            "status_form": StatusEventForm(),
            # Panels other apps contribute (size class and rating, support received…): see core.extensions.
            "panels": registry_hooks.organization_panels.collect(organization=organization, user=user),
        }
    return render(request, "registry/organization_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request):
    if not _may_create(request.user):
        raise PermissionDenied(_("Bạn không có quyền tạo tổ chức."))
    form = OrganizationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_create(actor=request.user, organization=form.instance)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã tạo tổ chức “%(name)s”.") % {"name": organization.name})
            return redirect("registry:organization_detail", pk=organization.pk)
    return render(request, "registry/organization_form.html", {"form": form, "organization": None})


@login_required
@require_http_methods(["GET", "POST"])
def organization_update(request, pk: int):
    organization = _get_or_404(request.user, pk)
    if not permissions.can_edit_organization(request.user, organization):
        raise PermissionDenied(_("Bạn không có quyền sửa tổ chức này."))
    form = OrganizationForm(request.POST or None, instance=organization, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(actor=request.user, organization=form.instance, expected_version=form.expected_version)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("registry:organization_detail", pk=organization.pk)
    return render(request, "registry/organization_form.html", {"form": form, "organization": organization})


@login_required
@require_http_methods(["GET", "POST"])
def status_event_create(request, pk: int):
    organization = _get_or_404(request.user, pk)
    if not permissions.can_change_status(request.user, organization):
        raise PermissionDenied(_("Bạn không có quyền thay đổi tình trạng của tổ chức này."))
    form = StatusEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.status_event_add(actor=request.user, organization=organization, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã ghi nhận tình trạng mới."))
            return redirect("registry:organization_detail", pk=organization.pk)
    return render(request, "registry/status_event_form.html", {"form": form, "organization": organization})


def _member_organizations(organization: Organization, user):
    """Unions and federations list member cooperatives (organizations the user can see)."""
    if organization.kind in (OrganizationKind.UNION, OrganizationKind.FEDERATION):
        return organizations_visible_to(user).exclude(pk=organization.pk).order_by("name")
    return None


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk: int, member_pk: int | None = None):
    organization = _get_or_404(request.user, pk)
    if not permissions.can_edit_members(request.user, organization):
        raise PermissionDenied(_("Bạn không có quyền sửa danh sách thành viên của tổ chức này."))
    member = get_object_or_404(organization.members, pk=member_pk) if member_pk else Member(organization=organization)
    form = MemberForm(
        request.POST or None, instance=member, member_organizations=_member_organizations(organization, request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_save(actor=request.user, member=form.instance, expected_version=form.expected_version)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã lưu thành viên “%(name)s”.") % {"name": member.name})
            return redirect(f"{organization.get_absolute_url()}#thanh-vien")
    return render(request, "registry/member_form.html", {"form": form, "organization": organization, "member": member})


@login_required
@require_http_methods(["GET", "POST"])
def annual_report_edit(request, pk: int, report_pk: int | None = None):
    organization = _get_or_404(request.user, pk)
    if not permissions.can_edit_reports(request.user, organization):
        raise PermissionDenied(_("Bạn không có quyền nhập báo cáo năm của tổ chức này."))
    report = (
        get_object_or_404(organization.annual_reports, pk=report_pk) if report_pk else AnnualReport(organization=organization)
    )
    # "?year=2026" (the links of the home page) fills in the year a new report is for.
    year = cleaned_query(NewReportQueryForm(request.GET))["year"]
    initial = {"year": year} if report_pk is None and year else {}
    form = AnnualReportForm(request.POST or None, instance=report, initial=initial)
    warnings = []
    if request.method == "POST" and form.is_valid():
        try:
            services.annual_report_save(
                actor=request.user,
                report=form.instance,
                expected_version=form.expected_version,
                confirmed=form.cleaned_data.get("confirm_warnings", False),
            )
        except services.UnconfirmedWarnings as error:
            warnings = error.warnings
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã lưu báo cáo năm %(year)s.") % {"year": report.year})
            return redirect(f"{organization.get_absolute_url()}#bao-cao")
    year = _report_year(form, report)
    period = reporting_period(year)
    context = {
        "form": form,
        "organization": organization,
        "report": report,
        "warnings": warnings,
        "period": period,
        "form_code": period.form_for(organization.kind) if period else "",
    }
    return render(request, "registry/annual_report_form.html", context)


def _report_year(form, report) -> int:
    """The year whose reporting period the form shows: the one typed, the report's, else this year's."""
    typed = form.data.get("year") if form.is_bound else None
    if typed and str(typed).isdigit() and 1900 < int(typed) < 2200:
        return int(typed)
    return report.year if report.pk else timezone.localdate().year
