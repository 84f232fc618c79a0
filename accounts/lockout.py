"""A brake on guessing passwords (django-axes), on every way in: the login page, the admin login and
the API's token endpoint. After AXES_FAILURE_LIMIT wrong passwords for one user name from one address,
that pair is refused for AXES_COOLOFF_TIME, even with the right password, with a Vietnamese message.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


class LoginAttemptsBackend(AxesStandaloneBackend):
    """django-axes' check, first among the authentication backends.

    Every sign-in from the web (the login page, the admin, the token endpoint) passes its request and
    is counted. A call without one is not a sign-in attempt from outside (a management command,
    the test client's `login()`): there is nothing to count it against, so it is let through to the
    password check instead of being refused with an error.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Đăng nhập sai quá %(limit)s lần. Tên đăng nhập này bị tạm khóa trên máy của bạn trong %(minutes)s phút; "
        "hãy thử lại sau, hoặc nhờ quản trị viên đặt lại mật khẩu."
    ) % {"limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: 429 with the message, as JSON for the API and as a page otherwise."""
    retry_after = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    if request.path.startswith(API_PREFIX):
        response = JsonResponse({"detail": lockout_message()}, status=429)
    else:
        response = render(request, "accounts/locked_out.html", {"message": lockout_message()}, status=429)
    response["Retry-After"] = retry_after
    return response
