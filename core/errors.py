"""The one family of errors services raise, and what each becomes on a page and in the API.

Services (and the model validation they run) raise only these; pages turn them into form errors
(core.forms.ServiceFormMixin) and the API into responses (core.api.exception_handler):

| error                          | API  | page                                         |
|--------------------------------|------|----------------------------------------------|
| ValidationError                | 400  | on the field it names, else above the form   |
| StaleVersionError              | 409  | above the form, asking to reload             |
| VersionRequiredError           | 428  | (pages always send the version they showed)  |
| PermissionDenied               | 403  | the 403 page                                 |
| ObjectDoesNotExist / Http404   | 404  | the 404 page                                 |

ValidationError and PermissionDenied are Django's own, so model validation (full_clean) and
Django's machinery belong to the family without wrapping; import them from here.
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

__all__ = [
    "ObjectDoesNotExist",
    "PermissionDenied",
    "StaleVersionError",
    "ValidationError",
    "VersionRequiredError",
]


class StaleVersionError(ValidationError):
    """Someone saved the record after the editor read it (optimistic locking): 409 Conflict."""

    def __init__(self, message=None):
        super().__init__(
            message
            or _(
                "Bản ghi này vừa được người khác sửa sau khi bạn mở nó. Hãy tải lại trang để xem nội dung mới nhất rồi sửa lại."
            ),
            code="stale_version",
        )


class VersionRequiredError(ValidationError):
    """An update came without the version it was based on: 428 Precondition Required."""

    def __init__(self):
        super().__init__(
            {
                "version": _(
                    "Thiếu phiên bản (version) của bản ghi đã đọc: hãy đọc bản ghi, rồi gửi lại kèm trường "
                    "“version” để không ghi đè thay đổi của người khác."
                )
            },
        )
