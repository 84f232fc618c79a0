"""Action programs (chương trình hành động), their task groups and tasks, who does what, and the
progress reports agencies send to the lead department (domain.md §1, §5).

A task's timeframe is either a deadline or a recurrence (yearly, quarterly, "thường xuyên")
with the due day of each period; `programs.periods` turns that into reporting periods. Each
agency named on a task has an `Assignment`; for each assignment and period the agency writes a
`ProgressReport` that goes through đang soạn → đã gửi → trả lại / đã duyệt, every step kept as a
`ReportTransition` (who, when, comment).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, VersionedModel
from core.text import search_key


class Provenance(models.TextChoices):
    """Where a piece of program data comes from: the published text, or made up for the demo."""

    PUBLISHED = "published", _("Theo văn bản đã công bố")
    ILLUSTRATIVE = "illustrative", _("Minh họa (chưa đối chiếu văn bản)")
    ENTERED = "entered", _("Do người dùng nhập")


class Program(VersionedModel):
    title = models.CharField(_("tên chương trình"), max_length=400)
    decision_number = models.CharField(_("số, ký hiệu quyết định"), max_length=60, help_text=_("Ví dụ: 3351/QĐ-UBND"))
    decision_date = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, help_text=_("Ví dụ: UBND tỉnh Quảng Nam"))
    signer = models.CharField(_("người ký"), max_length=200, blank=True)
    implements = models.TextField(
        _("văn bản được triển khai"),
        blank=True,
        help_text=_("Mỗi dòng một văn bản, ví dụ: Kết luận số 70-KL/TW ngày 09/3/2020 của Bộ Chính trị"),
    )
    purposes = models.TextField(_("mục đích"), blank=True)
    requirements = models.TextField(_("yêu cầu"), blank=True)
    start_date = models.DateField(_("thực hiện từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    lead_agency = models.ForeignKey(
        "accounts.Agency",
        models.PROTECT,
        related_name="led_programs",
        verbose_name=_("cơ quan chủ trì tổng hợp"),
        help_text=_("Cơ quan theo dõi, duyệt báo cáo của các cơ quan và tổng hợp báo cáo chung."),
    )
    province = models.ForeignKey(
        "geo.AdminUnit", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("tỉnh, thành phố")
    )
    report_due_month = models.PositiveSmallIntegerField(
        _("tháng hạn báo cáo năm"), default=12, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    report_due_day = models.PositiveSmallIntegerField(
        _("ngày hạn báo cáo năm"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("Hạn các cơ quan gửi báo cáo năm về nhiệm vụ có thời hạn (chưa đến hạn hoàn thành)."),
    )
    is_published = models.BooleanField(_("công khai"), default=False, help_text=_("Cho phép người dân xem tiến độ."))
    provenance = models.CharField(_("nguồn dữ liệu"), max_length=14, choices=Provenance.choices, default=Provenance.ENTERED)
    source_note = models.TextField(_("ghi chú nguồn"), blank=True)
    search_text = models.CharField(max_length=500, editable=False, db_index=True)

    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"])

    class Meta:
        verbose_name = _("chương trình hành động")
        verbose_name_plural = _("chương trình hành động")
        ordering = ["-decision_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="programs_program_ends_after_start",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision_number} – {self.title}"

    def save(self, *args, **kwargs):
        self.search_text = search_key(f"{self.decision_number} {self.title}")[:500]
        super().save(*args, **kwargs)

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Ngày kết thúc phải sau ngày bắt đầu.")})

    @property
    def implemented_documents(self) -> list[str]:
        return [line.strip() for line in self.implements.splitlines() if line.strip()]

    @property
    def years(self) -> list[int]:
        return list(range(self.start_date.year, self.end_date.year + 1))


class TaskGroup(TimeStampedModel):
    program = models.ForeignKey(Program, models.CASCADE, related_name="groups", verbose_name=_("chương trình"))
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    title = models.CharField(_("tên nhóm nhiệm vụ"), max_length=400)
    provenance = models.CharField(_("nguồn dữ liệu"), max_length=14, choices=Provenance.choices, default=Provenance.ENTERED)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("nhóm nhiệm vụ")
        verbose_name_plural = _("nhóm nhiệm vụ")
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"],
                name="programs_group_unique_number",
                violation_error_message=_("Chương trình đã có nhóm nhiệm vụ mang số thứ tự này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Schedule(models.TextChoices):
    ONCE = "once", _("Có thời hạn")
    YEARLY = "yearly", _("Hằng năm")
    QUARTERLY = "quarterly", _("Hằng quý")
    ONGOING = "ongoing", _("Thường xuyên")


#: Recurring schedules: each needs the due day of its periods.
RECURRING = frozenset({Schedule.YEARLY, Schedule.QUARTERLY, Schedule.ONGOING})


class Task(VersionedModel):
    program = models.ForeignKey(Program, models.CASCADE, related_name="tasks", verbose_name=_("chương trình"))
    group = models.ForeignKey(TaskGroup, models.PROTECT, related_name="tasks", verbose_name=_("nhóm nhiệm vụ"))
    number = models.CharField(_("số thứ tự"), max_length=20, help_text=_("Ví dụ: 1.2"))
    content = models.TextField(_("nội dung nhiệm vụ"))
    schedule = models.CharField(_("thời gian thực hiện"), max_length=10, choices=Schedule.choices, default=Schedule.ONCE)
    deadline = models.DateField(_("thời hạn hoàn thành"), null=True, blank=True)
    due_month = models.PositiveSmallIntegerField(
        _("tháng đến hạn (hằng năm)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    due_day = models.PositiveSmallIntegerField(
        _("ngày đến hạn của mỗi kỳ"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("Hằng quý: ngày của tháng cuối quý; hằng năm, thường xuyên: ngày của tháng đến hạn."),
    )
    timeframe_text = models.CharField(
        _("thời gian thực hiện (nguyên văn)"), max_length=200, blank=True, help_text=_("Như ghi trong văn bản, ví dụ: Hằng năm")
    )
    expected_output = models.TextField(_("sản phẩm"), blank=True)
    provenance = models.CharField(_("nguồn dữ liệu"), max_length=14, choices=Provenance.choices, default=Provenance.ENTERED)
    indicators = models.ManyToManyField(
        "indicators.Indicator", blank=True, related_name="tasks", verbose_name=_("chỉ tiêu phục vụ")
    )
    sort_key = models.CharField(max_length=60, editable=False, db_index=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "sort_key"])

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["program", "sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"],
                name="programs_task_unique_number",
                violation_error_message=_("Chương trình đã có nhiệm vụ mang số thứ tự này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.content[:80]}"

    def save(self, *args, **kwargs):
        # "1.10" sorts after "1.9": pad every numeric part.
        self.sort_key = ".".join(part.zfill(4) if part.isdigit() else part for part in self.number.split("."))[:60]
        super().save(*args, **kwargs)

    @property
    def is_recurring(self) -> bool:
        return self.schedule in RECURRING

    @property
    def lead_assignment(self):
        for assignment in self.assignments.all():
            if assignment.role == Assignment.Role.LEAD:
                return assignment
        return None

    @property
    def coordinating_assignments(self):
        return [a for a in self.assignments.all() if a.role == Assignment.Role.COORDINATING]


class Assignment(TimeStampedModel):
    """An agency named on a task, as lead (chủ trì) or coordinating (phối hợp). Each reports."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Chủ trì")
        COORDINATING = "coordinating", _("Phối hợp")

    task = models.ForeignKey(Task, models.CASCADE, related_name="assignments", verbose_name=_("nhiệm vụ"))
    agency = models.ForeignKey("accounts.Agency", models.PROTECT, related_name="assignments", verbose_name=_("cơ quan"))
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        ordering = ["task", "-role", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "agency"],
                name="programs_assignment_unique_agency",
                violation_error_message=_("Cơ quan này đã được phân công cho nhiệm vụ này."),
            ),
            models.UniqueConstraint(
                fields=["task"],
                condition=models.Q(role="lead"),
                name="programs_assignment_one_lead",
                violation_error_message=_("Mỗi nhiệm vụ chỉ có một cơ quan chủ trì."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.number} – {self.agency} ({self.get_role_display()})"


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Trả lại")
    APPROVED = "approved", _("Đã duyệt")


#: Shown for an assignment and period that has no report yet (no row is stored for it).
NOT_STARTED = "not_started"
NOT_STARTED_LABEL = _("Chưa báo cáo")


class Progress(models.TextChoices):
    """What the agency says about the work; the government status is derived from it and the dates."""

    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    COMPLETED = "completed", _("Đã hoàn thành")
    NOT_STARTED = "not_started", _("Chưa triển khai")


class ProgressReport(VersionedModel):
    assignment = models.ForeignKey(Assignment, models.CASCADE, related_name="reports", verbose_name=_("phân công"))
    period = models.CharField(_("kỳ báo cáo"), max_length=10, help_text=_("2024, 2024-Q2"))
    due_date = models.DateField(_("hạn báo cáo"))
    state = models.CharField(_("trạng thái"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT)
    progress = models.CharField(_("tình hình thực hiện"), max_length=12, choices=Progress.choices, default=Progress.IN_PROGRESS)
    percent_done = models.PositiveSmallIntegerField(
        _("tỷ lệ hoàn thành (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    results = models.TextField(_("kết quả đạt được"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    review_comment = models.TextField(_("ý kiến của cơ quan duyệt"), blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("người gửi")
    )
    reviewed_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("người duyệt")
    )
    provenance = models.CharField(_("nguồn dữ liệu"), max_length=14, choices=Provenance.choices, default=Provenance.ENTERED)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["assignment", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "period"],
                name="programs_report_one_per_period",
                violation_error_message=_("Cơ quan đã có báo cáo của kỳ này cho nhiệm vụ này."),
            ),
            models.CheckConstraint(
                condition=models.Q(percent_done__gte=0, percent_done__lte=100),
                name="programs_report_percent_range",
                violation_error_message=_("Tỷ lệ hoàn thành phải từ 0 đến 100."),
            ),
        ]
        indexes = [models.Index(fields=["state", "due_date"]), models.Index(fields=["period", "state"])]

    def __str__(self) -> str:
        return f"{self.assignment} – {self.period}"

    @property
    def is_locked(self) -> bool:
        return self.state == ReportState.APPROVED

    @property
    def is_editable(self) -> bool:
        return self.state in (ReportState.DRAFT, ReportState.RETURNED)


class ReportTransition(models.Model):
    """One step of a report's workflow: who moved it, when, and the reviewer's comment."""

    report = models.ForeignKey(ProgressReport, models.CASCADE, related_name="transitions", verbose_name=_("báo cáo"))
    from_state = models.CharField(_("từ trạng thái"), max_length=12)
    to_state = models.CharField(_("sang trạng thái"), max_length=12, choices=ReportState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("người thực hiện")
    )
    at = models.DateTimeField(_("lúc"))
    comment = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        verbose_name = _("bước xử lý báo cáo")
        verbose_name_plural = _("bước xử lý báo cáo")
        ordering = ["report", "at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


def evidence_path(instance, filename: str) -> str:
    return f"programs/evidence/{instance.report.assignment.task.program_id}/{instance.report_id}/{filename}"


class Attachment(models.Model):
    """Evidence attached to a report (PDF, DOCX, XLSX, images), checked by content and extension."""

    report = models.ForeignKey(ProgressReport, models.CASCADE, related_name="attachments", verbose_name=_("báo cáo"))
    file = models.FileField(_("tệp"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    kind = models.CharField(_("loại tệp"), max_length=10)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("người tải lên")
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")
        ordering = ["report", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Notification(models.Model):
    """An in-app message for one user (reminders, returned or approved reports)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="program_notifications", verbose_name=_("người nhận")
    )
    message = models.CharField(_("nội dung"), max_length=500)
    url = models.CharField(_("liên kết"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.message


class SentReminder(models.Model):
    """What `send_reminders` already sent: its unique key makes a second run send nothing again."""

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20)
    sent_at = models.DateTimeField()
    recipients = models.TextField(blank=True)

    class Meta:
        verbose_name = _("nhắc việc đã gửi")
        verbose_name_plural = _("nhắc việc đã gửi")

    def __str__(self) -> str:
        return self.key
