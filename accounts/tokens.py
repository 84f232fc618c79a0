"""API tokens that end: after HOPTAC_API_TOKEN_DAYS, when the password changes (accounts.models.User.save
deletes them), and, while the account must change a password someone gave it, they are refused.

A missing, unknown or expired token answers 401 with `WWW-Authenticate: Token` (this class is the first
of DRF's authentication classes, so DRF takes the header from it); a token of an account that must
first change its password answers 403 naming what to do.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied


def token_expires_at(token: Token) -> dt.datetime:
    return token.created + dt.timedelta(days=settings.HOPTAC_API_TOKEN_DAYS)


def token_expired(token: Token) -> bool:
    return timezone.now() >= token_expires_at(token)


def refuse_until_password_changed(user) -> None:
    if user.must_change_password:
        raise PermissionDenied(
            _("Tài khoản đang dùng mật khẩu do người quản trị cấp. Hãy đăng nhập trang web và đổi mật khẩu trước khi dùng API.")
        )


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            raise AuthenticationFailed(
                _("Mã truy cập API đã hết hạn. Hãy lấy mã mới (trang Tài khoản hoặc /api/v1/auth/token/).")
            )
        refuse_until_password_changed(user)
        return user, token
