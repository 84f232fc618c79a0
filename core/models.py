"""Base models shared by every app (no domain models live here)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """A record edited by several people: `version` makes the second of two concurrent saves fail.

    Services update with `core.concurrency.save_versioned`, which only writes when the version
    the editor started from is still the stored one.
    """

    version = models.PositiveIntegerField(_("phiên bản"), default=1)

    class Meta:
        abstract = True
