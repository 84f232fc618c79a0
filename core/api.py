"""The API side of the one error path (core.errors): one DRF exception handler, and the
`version` every update must carry."""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import StaleVersionError, VersionRequiredError
from core.numbers import NumberError, parse_number

NON_FIELD = "non_field_errors"


def validation_detail(error: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ValidationError as DRF's body: {field: [messages]}, "__all__" → non_field_errors."""
    if hasattr(error, "error_dict"):
        return {(NON_FIELD if name == "__all__" else name): messages for name, messages in error.message_dict.items()}
    return {NON_FIELD: error.messages}


def exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: the family of core.errors → 400/403/404/409/428.

    DRF already answers Django's PermissionDenied (403) and Http404 (404); this adds the rest, so
    API views call services without wrapping them in try/except."""
    if isinstance(exc, StaleVersionError):
        return Response({"detail": exc.messages[0], "code": "stale_version"}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, VersionRequiredError):
        return Response(validation_detail(exc), status=status.HTTP_428_PRECONDITION_REQUIRED)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_detail(exc))
    elif isinstance(exc, ObjectDoesNotExist):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)


class VersionField(serializers.IntegerField):
    """The version the client read; required by every update (core.api.version_of)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault(
            "help_text",
            gettext_lazy(
                "Phiên bản đã đọc; bắt buộc khi sửa (428 nếu thiếu), để không ghi đè thay đổi của người khác (409 nếu đã cũ)."
            ),
        )
        super().__init__(**kwargs)


def version_of(data) -> int:
    """The `version` an update carries (validated data or raw request data); VersionRequiredError
    (428) when it is absent, a 400 naming the field when it is not a whole number."""
    value = data.get("version") if data is not None else None
    if value is None or value == "":
        raise VersionRequiredError()
    try:
        return int(value)
    except (TypeError, ValueError):
        raise DjangoValidationError({"version": gettext_lazy("Phiên bản (version) phải là một số nguyên.")}) from None


class VietnameseDecimalField(serializers.DecimalField):
    """A decimal that also accepts text typed the Vietnamese way ("35.000", "4,5"), read by
    core.numbers.parse_number like the pages' NumberField; JSON numbers pass through as usual."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = parse_number(data)
            except NumberError as error:
                raise serializers.ValidationError(str(error), code="invalid") from None
            if data is None:
                if self.allow_null:
                    return None
                self.fail("invalid")
        return super().to_internal_value(data)
