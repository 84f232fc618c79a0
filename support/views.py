"""Pages of the support module: thin, each parses input, calls one service/selector, renders."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.history import history_entries
from core.query import cleaned_query
from core.roles import Role
from imports import services as import_services
from imports.models import ImportBatch
from reports.responses import file_response
from support import documents, exports, permissions, selectors, services, xlsx_import
from support.forms import (
    ActivityFilterForm,
    ActivityForm,
    ImportQueryForm,
    ImportUploadForm,
    InstallmentFormSet,
    LoanDayForm,
    LoanFilterForm,
    LoanForm,
    MemberFilterForm,
    MembershipForm,
    PolicyForm,
    PolicyListForm,
    RecordFilterForm,
    RepaymentForm,
    ServiceFilterForm,
    ServiceForm,
    SupportRecordForm,
)
from support.loans import equal_schedule, loan_position
from support.models import LoanInstallment, LoanRepayment, ServiceKind, SupportPolicy

PAGE_SIZE = 50


def history_of(instance, *related) -> list:
    """Who changed what and when (core.history), newest first; `related` adds child records' history."""
    return history_entries(instance.history.all(), *related, limit=50)


def _page(query: dict, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(query["page"])


def _get_or_404(getter, **kwargs):
    try:
        return getter(**kwargs)
    except ObjectDoesNotExist:
        raise Http404


@login_required
def home(request):
    user = request.user
    today = timezone.localdate()
    records = selectors.records_visible_to(user)
    activities = selectors.activities_visible_to(user)
    by_year = selectors.record_totals(records)["year"]
    # The breakdown by content is of the latest year with records, not an empty current year.
    recorded = [int(row.key) for row in by_year if row.key is not None and int(row.key) <= today.year]
    type_year = max(recorded, default=today.year)
    context = {
        "totals": selectors.record_grand_total(records),
        "by_type": selectors.record_totals(records.filter(supported_on__year=type_year))["type"],
        "type_year": type_year,
        "by_year": by_year,
        "activities_by_year": selectors.activity_totals_by_year(activities),
        "fund": selectors.fund_summary(user=user, day=today),
        "members": selectors.membership_list(user=user, on=today).count(),
        "today": today,
        "can_record": permissions.can_record(user),
        "can_manage_alliance": permissions.can_manage_alliance(user),
        "is_cooperative": user.has_role(Role.COOPERATIVE),
        "recent": records.select_related("organization", "policy")[:10],
    }
    return render(request, "support/home.html", context)


@dataclass(frozen=True)
class EntryPages:
    """The create/edit/delete pages of one kind of agency entry (support records, activities):
    templates `support/<name>_form.html`, URLs `support:<name>_detail`."""

    name: str
    rules: services.EntryRules
    form_class: type
    get: Callable
    save: Callable
    delete: Callable
    saved: Callable
    deleted: str
    list_url: str


def entry_form(request, pages: EntryPages, pk: int | None = None):
    instance = None if pk is None else _get_or_404(pages.get, user=request.user, pk=pk)
    # Refuse before showing a form the user could not save (the service checks again on save).
    if not permissions.can_record(request.user):
        raise PermissionDenied(pages.rules.no_agency_account)
    if instance is not None and not pages.rules.can_edit(request.user, instance):
        raise PermissionDenied(pages.rules.may_not_edit)
    form = pages.form_class(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = pages.save(request.user, form.instance, form.expected_version)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, pages.saved(saved))
            return redirect(f"support:{pages.name}_detail", pk=saved.pk)
    return render(request, f"support/{pages.name}_form.html", {"form": form, pages.name: instance})


def entry_delete(request, pages: EntryPages, pk: int):
    instance = _get_or_404(pages.get, user=request.user, pk=pk)
    pages.delete(request.user, instance)
    messages.success(request, pages.deleted)
    return redirect(pages.list_url)


# --- Support records -----------------------------------------------------------------------------


@login_required
def record_list(request):
    # Validated on its own instance: cleaned_query relabels the empty choices, the drawn form keeps “Mọi …”.
    form = RecordFilterForm(request.GET, user=request.user)
    data = cleaned_query(RecordFilterForm(request.GET, user=request.user))
    filters = selectors.RecordFilters(
        year=data.get("year"),
        support_type=data.get("support_type") or "",
        policy=data["policy"].pk if data.get("policy") else None,
        funding_source=data.get("funding_source") or "",
        commune=data["commune"].pk if data.get("commune") else None,
        field=data.get("field") or "",
        agency=data["agency"].pk if data.get("agency") else None,
        q=data.get("q") or "",
    )
    records = selectors.record_list(user=request.user, filters=filters)
    totals = selectors.record_totals(records)
    if data["format"] == "xlsx":
        return file_response(exports.records_workbook(records, totals), filename="ho-tro.xlsx")
    if data["format"] == "docx":
        content = documents.support_report_docx(
            totals=totals, grand=selectors.record_grand_total(records), user=request.user, day=timezone.localdate()
        )
        return file_response(content, filename="bao-cao-ho-tro.docx")
    context = {
        "form": form,
        "page": _page(data, records),
        "totals": totals,
        "grand": selectors.record_grand_total(records),
        "can_record": permissions.can_record(request.user),
    }
    template = "support/_record_results.html" if request.htmx else "support/record_list.html"
    return render(request, template, context)


@login_required
def record_detail(request, pk: int):
    record = _get_or_404(selectors.record_get, user=request.user, pk=pk)
    context = {
        "record": record,
        "history": history_of(record),
        "can_edit": permissions.can_edit_record(request.user, record),
    }
    return render(request, "support/record_detail.html", context)


RECORD_PAGES = EntryPages(
    name="record",
    rules=services.RECORD_RULES,
    form_class=SupportRecordForm,
    get=selectors.record_get,
    save=lambda actor, record, version: services.support_record_save(actor=actor, record=record, expected_version=version),
    delete=lambda actor, record: services.support_record_delete(actor=actor, record=record),
    saved=lambda record: _("Đã lưu bản ghi hỗ trợ cho %(org)s.") % {"org": record.organization.name},
    deleted=gettext_lazy("Đã xóa bản ghi hỗ trợ."),
    list_url="support:record_list",
)


@login_required
def record_create(request):
    return entry_form(request, RECORD_PAGES)


@login_required
def record_edit(request, pk: int):
    return entry_form(request, RECORD_PAGES, pk=pk)


@login_required
@require_POST
def record_delete(request, pk: int):
    return entry_delete(request, RECORD_PAGES, pk=pk)


# --- Activities ----------------------------------------------------------------------------------


@login_required
def activity_list(request):
    # Validated on its own instance: cleaned_query relabels the empty choices, the drawn form keeps “Mọi …”.
    form = ActivityFilterForm(request.GET, user=request.user)
    data = cleaned_query(ActivityFilterForm(request.GET, user=request.user))
    filters = selectors.ActivityFilters(
        year=data.get("year"),
        kind=data.get("kind") or "",
        agency=data["agency"].pk if data.get("agency") else None,
        commune=data["commune"].pk if data.get("commune") else None,
        q=data.get("q") or "",
    )
    activities = selectors.activity_list(user=request.user, filters=filters)
    by_year = selectors.activity_totals_by_year(activities)
    if data["format"] == "xlsx":
        return file_response(exports.activities_workbook(activities, by_year), filename="hoat-dong-tuyen-truyen-dao-tao.xlsx")
    context = {
        "form": form,
        "page": _page(data, activities),
        "by_year": by_year,
        "by_kind": selectors.activity_totals_by_kind(activities),
        "can_record": permissions.can_record(request.user),
    }
    return render(request, "support/activity_list.html", context)


@login_required
def activity_detail(request, pk: int):
    activity = _get_or_404(selectors.activity_get, user=request.user, pk=pk)
    context = {
        "activity": activity,
        "history": history_of(activity),
        "can_edit": permissions.can_edit_activity(request.user, activity),
    }
    return render(request, "support/activity_detail.html", context)


ACTIVITY_PAGES = EntryPages(
    name="activity",
    rules=services.ACTIVITY_RULES,
    form_class=ActivityForm,
    get=selectors.activity_get,
    save=lambda actor, activity, version: services.activity_save(actor=actor, activity=activity, expected_version=version),
    delete=lambda actor, activity: services.activity_delete(actor=actor, activity=activity),
    saved=lambda activity: _("Đã lưu hoạt động “%(title)s”.") % {"title": activity.title},
    deleted=gettext_lazy("Đã xóa hoạt động."),
    list_url="support:activity_list",
)


@login_required
def activity_create(request):
    return entry_form(request, ACTIVITY_PAGES)


@login_required
def activity_edit(request, pk: int):
    return entry_form(request, ACTIVITY_PAGES, pk=pk)


@login_required
@require_POST
def activity_delete(request, pk: int):
    return entry_delete(request, ACTIVITY_PAGES, pk=pk)


# --- Policies ------------------------------------------------------------------------------------


@login_required
def policy_list(request):
    query = cleaned_query(PolicyListForm(request.GET))
    policies = selectors.policy_list()
    if query["format"] == "xlsx":
        return file_response(exports.policies_workbook(policies), filename="chinh-sach-ho-tro.xlsx")
    return render(
        request, "support/policy_list.html", {"policies": policies, "can_edit": permissions.can_manage_policies(request.user)}
    )


@login_required
def policy_edit(request, pk: int):
    if not permissions.can_manage_policies(request.user):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh hoặc quản trị mới được sửa danh mục chính sách."))
    policy = _get_or_404(SupportPolicy.objects.get, pk=pk)
    form = PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_save(actor=request.user, policy=form.instance)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã lưu chính sách."))
            return redirect("support:policy_list")
    return render(request, "support/policy_form.html", {"form": form, "policy": policy, "history": history_of(policy)})


# --- Alliance ------------------------------------------------------------------------------------


@login_required
def member_list(request):
    today = timezone.localdate()
    query = cleaned_query(MemberFilterForm(request.GET))
    show_all = query["all"] == "1"
    memberships = selectors.membership_list(user=request.user, on=None if show_all else today, q=query["q"])
    if query["format"] == "xlsx":
        return file_response(exports.memberships_workbook(memberships), filename="thanh-vien-lien-minh-htx.xlsx")
    if query["format"] == "docx":
        year = query["year"] or today.year
        content = documents.alliance_report_docx(
            memberships=memberships.select_related("organization__commune"),
            services=selectors.service_list(user=request.user, year=year),
            fund=selectors.fund_summary(user=request.user, day=today),
            user=request.user,
            day=today,
            year=year,
        )
        return file_response(content, filename="bao-cao-lien-minh-htx.docx")
    context = {
        "page": _page(query, memberships),
        "show_all": show_all,
        "q": query["q"],
        "can_manage": permissions.can_manage_alliance(request.user),
    }
    return render(request, "support/member_list.html", context)


@login_required
def member_form(request, pk: int | None = None):
    if not permissions.can_manage_alliance(request.user):
        raise PermissionDenied(_("Chỉ cán bộ Liên minh HTX mới được quản lý thành viên."))
    membership = _get_or_404(selectors.memberships_visible_to(request.user).get, pk=pk) if pk else None
    form = MembershipForm(request.POST or None, instance=membership, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_save(actor=request.user, membership=form.instance, expected_version=form.expected_version)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã lưu thành viên Liên minh HTX."))
            return redirect("support:member_list")
    history = history_of(membership) if membership else []
    return render(
        request,
        "support/simple_form.html",
        {
            "form": form,
            "title": _("Thành viên Liên minh HTX"),
            "object": membership,
            "history": history,
            "back": reverse("support:member_list"),
        },
    )


@login_required
def service_list(request):
    query = cleaned_query(ServiceFilterForm(request.GET))
    year, kind = query["year"], query["kind"]
    services_ = selectors.service_list(user=request.user, year=year, kind=kind)
    if query["format"] == "xlsx":
        return file_response(exports.services_workbook(services_), filename="dich-vu-lien-minh-htx.xlsx")
    context = {
        "page": _page(query, services_),
        "year": year,
        "kind": kind,
        "kinds": ServiceKind.choices,
        "years": range(timezone.localdate().year, 2014, -1),
        "can_manage": permissions.can_manage_alliance(request.user),
    }
    return render(request, "support/service_list.html", context)


@login_required
def service_form(request, pk: int | None = None):
    if not permissions.can_manage_alliance(request.user):
        raise PermissionDenied(_("Chỉ cán bộ Liên minh HTX mới được ghi nhận dịch vụ."))
    service = _get_or_404(selectors.services_visible_to(request.user).get, pk=pk) if pk else None
    form = ServiceForm(request.POST or None, instance=service, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_save(actor=request.user, service=form.instance, expected_version=form.expected_version)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã lưu dịch vụ."))
            return redirect("support:service_list")
    history = history_of(service) if service else []
    return render(
        request,
        "support/simple_form.html",
        {
            "form": form,
            "title": _("Dịch vụ của Liên minh HTX"),
            "object": service,
            "history": history,
            "back": reverse("support:service_list"),
        },
    )


@login_required
def loan_list(request):
    query = cleaned_query(LoanFilterForm(request.GET))
    day = query["on"]
    loans = selectors.loan_list(user=request.user, q=query["q"])
    rows = selectors.loans_with_positions(loans, day)
    if query["status"]:
        rows = [(loan, p) for loan, p in rows if p.status == query["status"]]
    if query["format"] == "xlsx":
        return file_response(exports.loans_workbook(rows, day), filename="cho-vay-quy-ho-tro-htx.xlsx")
    context = {
        "rows": rows,
        "day": day,
        "q": query["q"],
        "status": query["status"],
        "fund": selectors.fund_summary(user=request.user, day=day),
        "can_manage": permissions.can_manage_alliance(request.user),
    }
    return render(request, "support/loan_list.html", context)


@login_required
def loan_create(request):
    if not permissions.can_manage_alliance(request.user):
        raise PermissionDenied(_("Chỉ cán bộ Liên minh HTX mới được ghi nhận khoản vay."))
    form = LoanForm(request.POST or None, user=request.user)
    schedule = InstallmentFormSet(request.POST or None, prefix="schedule")
    if request.method == "POST" and form.is_valid() and schedule.is_valid():
        loan = form.instance
        rows = [row for row in (f.row() for f in schedule.forms) if row is not None]
        every = form.cleaned_data.get("every_months")
        if every and not rows:
            rows = equal_schedule(
                principal=loan.principal,
                annual_rate=loan.annual_rate,
                disbursed_on=loan.disbursed_on,
                term_months=loan.term_months,
                every_months=every,
            )
        try:
            saved = services.loan_create(actor=request.user, loan=loan, schedule=rows)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã ghi nhận khoản vay %(no)s.") % {"no": saved.contract_no})
            return redirect("support:loan_detail", pk=saved.pk)
    return render(request, "support/loan_form.html", {"form": form, "schedule": schedule})


@login_required
def loan_detail(request, pk: int):
    loan = _get_or_404(selectors.loan_get, user=request.user, pk=pk)
    can_manage = permissions.can_manage_alliance(request.user, loan.borrower)
    form = RepaymentForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(_("Chỉ cán bộ Liên minh HTX mới được ghi nhận trả nợ."))
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.repayment_add(
                    actor=request.user,
                    loan=loan,
                    paid_on=data["paid_on"],
                    principal=data.get("principal") or 0,
                    interest=data.get("interest") or 0,
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("Đã ghi nhận lần trả nợ."))
                return redirect("support:loan_detail", pk=loan.pk)
    day = cleaned_query(LoanDayForm(request.GET))["on"]
    context = {
        "loan": loan,
        "position": loan_position(loan, day),
        "day": day,
        "form": form,
        "can_manage": can_manage,
        "history": history_of(
            loan, LoanInstallment.history.filter(loan_id=loan.pk), LoanRepayment.history.filter(loan_id=loan.pk)
        ),
    }
    return render(request, "support/loan_detail.html", context)


# --- Excel import --------------------------------------------------------------------------------


@login_required
def import_page(request):
    """The support import's entry point (its template and upload); the preview, commit and undo
    are the import pipeline's batch page, as for every kind (imports.foreign)."""
    if not permissions.can_record(request.user):
        raise PermissionDenied(_("Tài khoản của bạn chưa gắn với cơ quan nên không thể nhập dữ liệu hỗ trợ."))
    query = cleaned_query(ImportQueryForm(request.GET))
    kind = query["kind"]
    if query["template"]:
        return file_response(xlsx_import.template_bytes(kind), filename=f"mau-nhap-{kind.replace('_', '-')}.xlsx")
    form = ImportUploadForm(request.POST or None, request.FILES or None, initial={"kind": kind})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        batch = import_services.batch_upload(
            actor=request.user, kind=form.cleaned_data["kind"], content=content, file_name=upload.name
        )
        import_services.batch_start(batch=batch, content=content)
        return redirect("imports:batch_detail", pk=batch.pk)
    batches = ImportBatch.objects.filter(created_by=request.user, kind__in=list(xlsx_import.SPECS))[:10]
    context = {"kind": kind, "kinds": xlsx_import.KIND_LABELS, "form": form, "batches": batches}
    return render(request, "support/import.html", context)
