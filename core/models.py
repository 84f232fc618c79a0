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
    """simple-history for records written by the ten thousand (annual reports, members, from Excel).

    Their history tables keep the indexes history is read by (the record's id, its organization:
    `core.history.history_entries` reads a record's or an organization's history and sorts it)
    but not those on when and by whom, which no page or report queries and which cost a B-tree
    insert per history row: 0,03 s per 50.000 rows each on PostgreSQL (bench/import). Nor has the
    history's user a database constraint: PostgreSQL would lock and check the same user row once
    per history row at commit (half of its commit time, bench/import). Deleting a user still
    clears it from the history (the ORM's on_delete does not need the constraint), at the cost of
    one scan of these tables; that is rare: the app locks accounts, only Django's admin deletes.
    """

    def __init__(self, *args, user_db_constraint: bool = False, **kwargs):
        super().__init__(*args, user_db_constraint=user_db_constraint, **kwargs)

    def get_extra_fields(self, model, fields):
        extra = super().get_extra_fields(model, fields)
        extra["history_date"].db_index = False
        return extra

    def _get_history_user_fields(self):
        fields = super()._get_history_user_fields()
        fields["history_user"].db_index = False
        return fields
