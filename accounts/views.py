"""The signed-in user's own pages (roles, area, API token, password) and the account-management pages."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.authtoken.models import Token

from accounts import permissions, selectors, services
from accounts.forms import AccountFilterForm, AccountForm, AgencyDocumentForm, OwnPasswordChangeForm, PasswordSetForm
from accounts.models import Agency, User
from core.query import cleaned_query
from core.roles import Role


@login_required
def profile(request):
    token = Token.objects.filter(user=request.user).first()
    return render(request, "accounts/profile.html", {"token": token})


@login_required
@require_POST
def token_regenerate(request):
    """Create the user's API token, or replace it (the old one stops working at once)."""
    Token.objects.filter(user=request.user).delete()
    Token.objects.create(user=request.user)
    messages.success(request, _("Đã tạo mã truy cập API mới. Mã cũ (nếu có) không còn dùng được."))
    return redirect("accounts:profile")


@login_required
@require_POST
def token_revoke(request):
    Token.objects.filter(user=request.user).delete()
    messages.info(request, _("Đã thu hồi mã truy cập API."))
    return redirect("accounts:profile")


class PasswordChangeView(auth_views.RedirectURLMixin, auth_views.PasswordChangeView):
    """The signed-in person changes their own password (never anyone else's: the form is bound to
    request.user), then returns to the page they were sent from, or the dashboard."""

    form_class = OwnPasswordChangeForm
    template_name = "accounts/password_change.html"
    next_page = "home"

    def form_valid(self, form):
        services.password_change_own(user=form.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, form.user)  # other sessions end; this one stays signed in
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, next=self.get_redirect_url())


# --- Account management: list, create, edit, password, deactivate ----------------------------
# Who may manage which account is decided in accounts.permissions (through the selectors and
# services); these views only refuse early with 403 and render.

ACCOUNT_PAGE_SIZE = 50
#: The generated or typed password waits in the (server-side) session until the next page shows it once.
NEW_PASSWORD_SESSION_KEY = "accounts.new_password"


def _require_manager(user) -> None:
    if not permissions.can_manage_accounts(user):
        raise PermissionDenied(_("Bạn không có quyền quản lý tài khoản."))


def _managed_or_403(user, pk: int):
    _require_manager(user)
    try:
        return selectors.account_get(user=user, pk=pk)
    except User.DoesNotExist:
        raise PermissionDenied(_("Tài khoản này nằm ngoài phạm vi bạn quản lý."))


def _remember_password(request, account, password: str) -> None:
    request.session[NEW_PASSWORD_SESSION_KEY] = {"account": account.pk, "password": password}


@login_required
def account_list(request):
    _require_manager(request.user)
    query = cleaned_query(AccountFilterForm(request.GET))
    accounts = selectors.account_list(user=request.user, filters=query)
    page = Paginator(accounts, ACCOUNT_PAGE_SIZE).get_page(query["page"])
    context = {
        "page": page,
        "roles": [(str(role), role.label) for role in Role],
        "filters": {name: query[name] for name in ("q", "role", "active")},
    }
    return render(request, "accounts/account_list.html", context)


@login_required
def account_detail(request, pk: int):
    account = _managed_or_403(request.user, pk)
    shown = request.session.get(NEW_PASSWORD_SESSION_KEY)
    new_password = None
    if shown and shown.get("account") == account.pk:
        new_password = request.session.pop(NEW_PASSWORD_SESSION_KEY)["password"]
    context = {
        "account": account,
        "organizations": account.represented_organizations.select_related("commune").order_by("name"),
        "history": selectors.account_history(account),
        "new_password": new_password,
    }
    return render(request, "accounts/account_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def account_create(request):
    _require_manager(request.user)
    form = AccountForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            password = services.account_create(
                actor=request.user,
                account=form.instance,
                roles=form.cleaned_data["roles"],
                organizations=form.cleaned_data["organizations"],
                password=form.cleaned_data["password"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            _remember_password(request, form.instance, password)
            messages.success(request, _("Đã tạo tài khoản “%(username)s”.") % {"username": form.instance.username})
            return redirect("accounts:account_detail", pk=form.instance.pk)
    return render(request, "accounts/account_form.html", {"form": form, "account": None})


@login_required
@require_http_methods(["GET", "POST"])
def account_update(request, pk: int):
    account = _managed_or_403(request.user, pk)
    form = AccountForm(request.POST or None, instance=account, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_update(
                actor=request.user,
                account=form.instance,
                roles=form.cleaned_data["roles"],
                organizations=form.cleaned_data["organizations"],
                expected_version=form.expected_version,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("accounts:account_detail", pk=account.pk)
    return render(request, "accounts/account_form.html", {"form": form, "account": account})


@login_required
@require_http_methods(["GET", "POST"])
def account_password(request, pk: int):
    account = _managed_or_403(request.user, pk)
    form = PasswordSetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            password = services.account_set_password(actor=request.user, account=account, password=form.cleaned_data["password"])
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if account.pk == request.user.pk:
                update_session_auth_hash(request, account)  # changing one's own password keeps one signed in
            _remember_password(request, account, password)
            return redirect("accounts:account_detail", pk=account.pk)
    return render(request, "accounts/account_password.html", {"form": form, "account": account})


@login_required
@require_POST
def account_set_active(request, pk: int):
    account = _managed_or_403(request.user, pk)
    active = request.POST.get("active") == "1"
    try:
        services.account_set_active(actor=request.user, account=account, active=active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = _("Đã mở khóa tài khoản.") if active else _("Đã khóa tài khoản. Người dùng không đăng nhập được nữa.")
        messages.success(request, done)
    return redirect("accounts:account_detail", pk=account.pk)


@login_required
def agency_list(request):
    """The agencies whose document settings the user may edit (a province officer: their province's)."""
    if not permissions.can_edit_agency_documents(request.user):
        raise PermissionDenied
    agencies = permissions.agencies_document_editable_by(request.user).select_related("province")
    return render(request, "accounts/agency_list.html", {"agencies": agencies})


@login_required
@require_http_methods(["GET", "POST"])
def agency_documents(request, pk: int):
    agency = permissions.agencies_document_editable_by(request.user).filter(pk=pk).first()
    if agency is None:
        raise PermissionDenied
    form = AgencyDocumentForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_document_settings_update(
                actor=request.user,
                agency=Agency.objects.get(pk=pk),
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã lưu thông tin văn bản của %(agency)s.") % {"agency": agency.name})
            return redirect("accounts:agency_list")
    return render(request, "accounts/agency_form.html", {"form": form, "agency": agency})
