"""Vietnamese first: the interface is Vietnamese unless the person chose English.

Django's LocaleMiddleware would follow the browser's Accept-Language header, and many officials'
browsers and shared office machines are set to English. The language switcher (set_language,
stored in a cookie) is the only way to change it.
"""


class VietnameseFirstMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
