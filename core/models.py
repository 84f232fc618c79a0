"""Base models shared by every app (no domain models live here)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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


class BulkHistoricalRecords(HistoricalRecords):
    """simple-history for records written by the ten thousand (annual reports, members).

    Their history tables keep the indexes history is read by (the record's id, its organization:
    `core.history.history_entries` reads a record's or an organization's history and sorts it)
    but not those on when and by whom, which no page or report queries and which cost a B-tree
    insert per history row: 0,03 s per 50.000 rows each on PostgreSQL (bench/import). Without the
    index on the user, deleting a user (rare: accounts are deactivated) scans these tables once
    to clear them from their history.
    """

    def get_extra_fields(self, model, fields):
        extra = super().get_extra_fields(model, fields)
        extra["history_date"].db_index = False
        return extra

    def _get_history_user_fields(self):
        fields = super()._get_history_user_fields()
        fields["history_user"].db_index = False
        return fields
