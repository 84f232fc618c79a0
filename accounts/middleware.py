"""A person whose password was given by someone else changes it before doing anything else.

accounts.services marks such an account `must_change_password`; until its owner chooses a
password, every page leads to the change page. Left open: what that page needs around it
(signing out, the language switch, the JavaScript catalog, static and media files) and the API,
whose clients sign in with tokens, not with the given password.
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

#: Resolved URL names (namespace included) a person who must change their password may still open.
OPEN_VIEWS = frozenset({"accounts:password_change", "accounts:logout", "admin:logout", "set_language", "javascript-catalog"})
API_PREFIX = "/api/"


class PasswordChangeRequiredMiddleware:
    """Runs after authentication, messages and django-htmx (it uses all three)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.open_prefixes = tuple(p for p in (API_PREFIX, settings.STATIC_URL, settings.MEDIA_URL) if p)

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Paths first: an API or static request never loads the session's user for this.
        if request.path_info.startswith(self.open_prefixes) or request.resolver_match.view_name in OPEN_VIEWS:
            return None
        user = request.user
        if not (user.is_authenticated and user.must_change_password):
            return None
        messages.warning(request, _("Mật khẩu này do người quản trị cấp. Hãy đổi mật khẩu trước khi tiếp tục."))
        target = reverse("accounts:password_change")
        if request.htmx:
            # A 302 would be followed by htmx and the change page swapped into a fragment.
            back = request.htmx.current_url_abs_path
            return HttpResponseClientRedirect(_with_next(target, back))
        back = request.get_full_path() if request.method in ("GET", "HEAD") else None
        return HttpResponseRedirect(_with_next(target, back))


def _with_next(url: str, back: str | None) -> str:
    """The change page, returning afterwards to the page the person was opening (GET only)."""
    return f"{url}?{urlencode({'next': back})}" if back else url
