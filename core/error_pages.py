"""Error pages in the site's own look (handler400/403/404/500 and the CSRF failure view).

Each page says what happened in the person's language and offers the menu, or at least a link home
when the menu itself cannot be rendered (a 500 raised by the database the menu reads). A 500 shows
a short reference code that is also written to the log with the traceback, so an officer can
report it and an administrator can find it.
"""

import logging
import secrets
import sys

from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

logger = logging.getLogger("hoptac.errors")

#: The last resort when no template renders: plain text links home (no database, no translation).
BARE_500 = (
    '<!doctype html><html lang="vi"><meta charset="utf-8"><title>Lỗi máy chủ · hoptac</title>'
    "<h1>Lỗi máy chủ / Server error</h1><p>Mã tham chiếu / Reference: <strong>{code}</strong></p>"
    '<p><a href="/">Về trang chủ / Home</a></p></html>'
)


def reference_code() -> str:
    """Eight characters an officer can read over the phone (no 0/O, 1/I/L)."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def _message(exception) -> str:
    """The text of an Http404/PermissionDenied raised with a message for people, else ''."""
    if exception is None or not exception.args:
        return ""
    message = exception.args[0]
    return message if isinstance(message, str) else ""


def render_error(request, *, status: int, title: str, explanation: str, detail: str = "", code: str = "") -> HttpResponse:
    context = {"status": status, "title": title, "explanation": explanation, "detail": detail, "code": code}
    try:
        body = loader.render_to_string("errors/error.html", context, request=request)
    except Exception:  # the menu needs the database and the user; fall back to a link home
        logger.warning("Error page %s rendered without the menu", status, exc_info=True)
        try:
            body = loader.render_to_string("errors/bare.html", context)
        except Exception:  # even the template engine failed: plain HTML
            body = BARE_500.format(code=code or status)
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def _explained(status: int, title, explanation):
    """An error view whose page adds the message the view raised with (Http404(_("…")), BadRequest)."""

    def view(request, exception=None):
        return render_error(request, status=status, title=title, explanation=explanation, detail=_message(exception))

    return view


bad_request = _explained(
    400,
    gettext_lazy("Yêu cầu không hợp lệ"),
    gettext_lazy("Địa chỉ hoặc dữ liệu gửi lên không hợp lệ. Hãy quay lại trang trước và thử lại."),
)
permission_denied = _explained(
    403,
    gettext_lazy("Không có quyền truy cập"),
    gettext_lazy("Tài khoản của bạn không được phép xem hoặc thực hiện nội dung này."),
)


def page_not_found(request, exception=None):
    # Django's own Http404 messages ("No Organization matches the given query.") are for developers.
    detail = _message(exception)
    if detail.startswith("No ") or "Resolver404" in type(exception).__name__ or detail.startswith("{"):
        detail = ""
    return render_error(
        request,
        status=404,
        title=_("Không tìm thấy trang"),
        explanation=_("Trang bạn tìm không có hoặc đã được chuyển đi. Hãy kiểm tra lại địa chỉ."),
        detail=detail,
    )


def server_error(request):
    code = reference_code()
    logger.error("Server error, reference %s, %s %s", code, request.method, request.get_full_path(), exc_info=sys.exc_info())
    return render_error(
        request,
        status=500,
        title=_("Lỗi máy chủ"),
        explanation=_("Hệ thống gặp lỗi khi xử lý yêu cầu này. Hãy báo cho quản trị viên mã tham chiếu dưới đây."),
        code=code,
    )


def csrf_failure(request, reason=""):
    return render_error(
        request,
        status=403,
        title=_("Phiên làm việc đã hết hạn"),
        explanation=_(
            "Biểu mẫu không gửi được vì mã bảo vệ đã hết hạn hoặc trình duyệt chặn cookie. "
            "Hãy tải lại trang, nhập lại và gửi lần nữa."
        ),
    )
