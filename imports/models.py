"""Import batches and their staged rows.

A batch is one file someone dropped in. Its rows are parsed, validated and compared with the
registry once, and kept here (as JSON) between the preview and the commit, so the commit writes
exactly what the preview showed and never re-reads a file that may have changed. Rows the preview
shows one by one (rejected, doubtful, changed, or with a warning) are ImportRows; new records of
the bulk kinds that need nobody's attention are kept together as ImportChunks.
"""

import json
import sys
import zlib
from array import array

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from imports.kinds import ImportKind


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ xử lý")
    READING = "reading", _("Đang đọc tệp")
    VALIDATING = "validating", _("Đang kiểm tra")
    READY = "ready", _("Chờ xác nhận")
    COMMITTING = "committing", _("Đang ghi")
    COMMITTED = "committed", _("Đã nhập")
    REFUSED = "refused", _("Bị từ chối")
    FAILED = "failed", _("Lỗi khi xử lý")
    UNDONE = "undone", _("Đã hoàn tác")


#: States in which work is still going on (the page keeps polling).
RUNNING_STATUSES = frozenset({BatchStatus.PENDING, BatchStatus.READING, BatchStatus.VALIDATING, BatchStatus.COMMITTING})


class RowAction(models.TextChoices):
    CREATE = "create", _("Tạo mới")
    UPDATE = "update", _("Cập nhật")
    UNCHANGED = "unchanged", _("Không đổi")
    REJECT = "reject", _("Bị từ chối")
    REVIEW = "review", _("Nghi trùng, cần xem xét")


class ImportBatch(models.Model):
    kind = models.CharField(_("loại dữ liệu"), max_length=20, choices=ImportKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="import_batches", verbose_name=_("người nhập")
    )
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    file = models.FileField(_("tệp"), upload_to="imports/%Y/%m/", blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    file_hash = models.CharField(_("mã băm SHA-256"), max_length=64, db_index=True)
    file_size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)
    file_format = models.CharField(_("định dạng"), max_length=8, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.PENDING)
    message = models.TextField(_("thông báo"), blank=True)
    notices = models.JSONField(_("ghi chú khi đọc"), default=list, blank=True)
    #: Per sheet: {"name":..., "headers": [...], "columns": {index: key}} (for the error workbook).
    sheets = models.JSONField(default=list, blank=True)
    #: What the person gave with the file: {"year": 2024} for sheets that do not say their year.
    options = models.JSONField(_("tuỳ chọn khi tải lên"), default=dict, blank=True)
    rows_total = models.PositiveIntegerField(_("số dòng trong tệp"), default=0)
    rows_read = models.PositiveIntegerField(_("đã đọc"), default=0)
    rows_validated = models.PositiveIntegerField(_("đã kiểm tra"), default=0)
    rows_written = models.PositiveIntegerField(_("đã ghi"), default=0)
    created_count = models.PositiveIntegerField(_("tạo mới"), default=0)
    updated_count = models.PositiveIntegerField(_("cập nhật"), default=0)
    unchanged_count = models.PositiveIntegerField(_("không đổi"), default=0)
    rejected_count = models.PositiveIntegerField(_("bị từ chối"), default=0)
    review_count = models.PositiveIntegerField(_("nghi trùng"), default=0)
    committed_at = models.DateTimeField(_("ghi lúc"), null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("người xác nhận")
    )
    commit_valid_only = models.BooleanField(_("chỉ ghi các dòng hợp lệ"), default=False)
    undone_at = models.DateTimeField(_("hoàn tác lúc"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("người hoàn tác")
    )

    class Meta:
        verbose_name = _("lô nhập Excel")
        verbose_name_plural = _("lô nhập Excel")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES

    @property
    def progress_percent(self) -> int:
        if not self.rows_total:
            return 0
        done = self.rows_written if self.status == BatchStatus.COMMITTING else self.rows_validated
        return min(100, round(100 * done / self.rows_total))

    @property
    def writable_count(self) -> int:
        return self.created_count + self.updated_count


class ImportRow(models.Model):
    batch = models.ForeignKey(ImportBatch, models.CASCADE, related_name="rows")
    sheet = models.CharField(_("trang"), max_length=64)
    row_number = models.PositiveIntegerField(_("dòng"))
    action = models.CharField(_("xử lý"), max_length=10, choices=RowAction.choices)
    #: Parsed values ready to write (JSON-safe: dates as ISO strings, money as integers).
    data = models.JSONField(default=dict)
    #: {field: [old, new]} for updates.
    diff = models.JSONField(default=dict, blank=True)
    #: [{"column": "...", "message": "..."}]
    errors = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    #: The cells as sent, kept for rejected and doubtful rows (the error workbook returns them).
    source = models.JSONField(default=list, blank=True)
    target_id = models.BigIntegerField(null=True, blank=True)
    target_version = models.PositiveIntegerField(null=True, blank=True)
    #: For REVIEW rows: the existing record it may duplicate, and the person's decision.
    duplicate_of = models.BigIntegerField(null=True, blank=True)
    decision = models.CharField(max_length=10, blank=True)
    #: What the commit did: "created", "updated" or "" (not written).
    result = models.CharField(max_length=10, blank=True)
    result_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "id"]
        indexes = [models.Index(fields=["batch", "action"])]

    def __str__(self) -> str:
        return f"{self.sheet}!{self.row_number}"

    @property
    def reason(self) -> str:
        return "; ".join(f"{e['column']}: {e['message']}" if e.get("column") else e["message"] for e in self.errors)


class ImportChunk(models.Model):
    """New records of a bulk kind (annual reports, members) that need nobody's attention, kept as
    one value per chunk of rows instead of an ImportRow each: the preview only counts them, the
    commit reads a chunk back in one go, and undo needs only the ids the commit gave them.
    At 50.000 rows, one ImportRow per row cost more than writing the records themselves (bench/import)."""

    batch = models.ForeignKey(ImportBatch, models.CASCADE, related_name="chunks")
    sheet = models.CharField(_("trang"), max_length=64)
    #: The staged data's keys (as ImportRow.data).
    columns = models.JSONField(default=list)
    #: The rows' values column by column, in the order of `columns` (`pack`, `unpack`). Stored as
    #: bytes, not as a JSONField: PostgreSQL would parse each 5.000-row value into jsonb and print
    #: it back, ten times the cost of writing the compressed bytes.
    payload = models.BinaryField()
    #: Per row, its number in the sheet (1-based, as Excel shows it), as runs (`runs`).
    row_runs = models.JSONField(default=list)
    #: Filled by the commit: the id of the record each row created, in row order, as runs.
    created_runs = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["batch", "id"]

    def __str__(self) -> str:
        first, count = (self.row_runs[0][0], sum(n for _first, n in self.row_runs)) if self.row_runs else ("", 0)
        return f"{self.sheet}!{first}+{count}"

    @staticmethod
    def runs(numbers: list[int]) -> list[list[int]]:
        """Whole numbers as runs of consecutive ones, [first, count] each: a chunk's row numbers
        and the ids its commit allocated mostly follow on, and 5.000 of them as a JSON list cost
        PostgreSQL more to store than the rest of the chunk."""
        if numbers and numbers[-1] - numbers[0] == len(numbers) - 1 and numbers == list(range(numbers[0], numbers[-1] + 1)):
            return [[numbers[0], len(numbers)]]  # the usual case, checked in C
        runs: list[list[int]] = []
        for number in numbers:
            if runs and runs[-1][0] + runs[-1][1] == number:
                runs[-1][1] += 1
            else:
                runs.append([number, 1])
        return runs

    @staticmethod
    def expand(runs: list[list[int]]) -> list[int]:
        """The numbers `runs` was given."""
        return [number for first, count in runs for number in range(first, first + count)]

    @staticmethod
    def pack(columns: list[list]) -> bytes:
        """The columns as compressed bytes: a column of whole numbers (most of a report's) as
        8-byte integers, any other as JSON. Each part: its length, its kind (b"q" or b"j"), its
        bytes. Writing and reading whole-number arrays costs a tenth of JSON's (bench/import)."""
        parts = []
        for column in columns:
            numbers = None
            if column and set(map(type, column)) == {int}:
                try:
                    numbers = array("q", column)
                except OverflowError:  # beyond 8 bytes: JSON
                    pass
            if numbers is not None:
                if sys.byteorder == "big":
                    numbers.byteswap()  # stored little-endian, whatever the machine
                body = b"q" + numbers.tobytes()
            else:
                body = b"j" + json.dumps(column, separators=(",", ":")).encode()
            parts += [len(body).to_bytes(8, "little"), body]
        return zlib.compress(b"".join(parts), 1)

    @staticmethod
    def unpack(payload) -> list[list]:
        """The columns `pack` was given."""
        data, columns, at = memoryview(zlib.decompress(payload)), [], 0
        while at < len(data):
            size = int.from_bytes(data[at : at + 8], "little")
            kind, body = data[at + 8 : at + 9], data[at + 9 : at + 8 + size]
            if kind == b"q":
                numbers = array("q")
                numbers.frombytes(body)
                if sys.byteorder == "big":
                    numbers.byteswap()
                columns.append(numbers.tolist())
            else:
                columns.append(json.loads(bytes(body)))
            at += 8 + size
        return columns


class ColumnMapping(models.Model):
    """A header layout a person confirmed, per province: which field each column of a sheet with
    these header texts holds. Applied to every later sheet with the same layout in that province,
    so a district's own yearly form is mapped once (imports.mapping)."""

    kind = models.CharField(_("loại dữ liệu"), max_length=20, choices=ImportKind.choices)
    province = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("tỉnh, thành phố"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    #: SHA-256 of the header texts (diacritic-free, compact), column by column.
    layout = models.CharField(_("bố cục tiêu đề"), max_length=64)
    headers = models.JSONField(_("tiêu đề các cột"), default=list)
    #: Column index (as text) → the field's key, "" for a column to skip.
    columns = models.JSONField(_("cột ↔ trường"), default=dict)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người xác nhận"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), auto_now=True)

    class Meta:
        verbose_name = _("cách đọc cột đã xác nhận")
        verbose_name_plural = _("cách đọc cột đã xác nhận")
        constraints = [
            models.UniqueConstraint(fields=["kind", "province", "layout"], name="imports_mapping_unique_layout"),
            models.UniqueConstraint(
                fields=["kind", "layout"], condition=models.Q(province=None), name="imports_mapping_unique_layout_anywhere"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.layout[:12]}"
