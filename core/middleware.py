"""Vietnamese first: the interface is Vietnamese unless the person chose English.

Django's LocaleMiddleware would follow the browser's Accept-Language header, and many officials'
browsers and shared office machines are set to English. The language switcher (set_language,
stored in a cookie) is the only way to change it.
"""

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _


class VietnameseFirstMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RejectNullCharactersMiddleware:
    """A query parameter holding a NUL character (`%00`) gets a 400 page.

    No page has a use for it, and PostgreSQL refuses it in any text comparison, so a search box
    read by hand would turn it into a 500 (SQLite accepts it: the same URL behaved differently on
    the two databases). Forms already refuse it in posted fields (ProhibitNullCharactersValidator).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            raise BadRequest(_("Tham số không được chứa ký tự NUL (%00)."))
        return self.get_response(request)
