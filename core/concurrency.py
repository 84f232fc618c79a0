"""Optimistic locking: refuse a save that would silently overwrite someone else's edit."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class ConcurrentEditError(ValidationError):
    pass


def save_versioned(instance, *, expected_version: int | None) -> None:
    """Save `instance` if nobody saved it since `expected_version` was read; bump the version.

    The check and the write are one UPDATE ... WHERE version = expected, so two requests racing
    cannot both pass. History (simple-history) is written by the normal save() afterwards.
    """
    model = type(instance)
    if instance.pk is None or expected_version is None:
        instance.save()
        return
    claimed = model._default_manager.filter(pk=instance.pk, version=expected_version).update(version=expected_version + 1)
    if not claimed:
        raise ConcurrentEditError(
            _("Bản ghi này vừa được người khác sửa sau khi bạn mở nó. Hãy tải lại trang để xem nội dung mới nhất rồi sửa lại."),
            code="concurrent_edit",
        )
    instance.version = expected_version + 1
    instance.save()
